"""Relations read from the documents: the grammar, its ends, the reviewed layer, the 2021 build
and unseen catalogues of three countries (tests/fixtures/editions/relations/, written by a
session that did not read the rules)."""

from __future__ import annotations

import csv

import pytest

from etl.relation_grammar import read_statements, since_year
from tests.conftest import ROOT

RELATION_FIXTURES = ROOT / "tests" / "fixtures" / "editions" / "relations"


@pytest.mark.parametrize(
    ("text", "kind", "names", "since"),
    [
        ("Célébration du 30e anniversaire du jumelage entre Rennes et Jinan", "twinning", ["Rennes", "Jinan"], 1995),
        ("Besançon, jumelée depuis 20 ans avec la ville de Tver, a présenté ses projets.", "twinning",
         ["Besançon", "ville de Tver"], 2005),
        ("Partenariat Limoges – Oulianovsk", "partnership", ["Limoges", "Oulianovsk"], None),
        ("Nantes and Seattle have been sister cities since 1980.", "twinning", ["Nantes", "Seattle"], 1980),
        ("Bordeaux a signé en 2003 un accord de coopération avec Casablanca.", "cooperation_agreement",
         ["Bordeaux", "Casablanca"], 2003),
        ("Depuis plus de 15 ans, Montpellier et Kalouga entretiennent des relations de coopération.", "partnership",
         ["Montpellier", "Kalouga"], None),
        ("Twenty years of cooperation between Angoulême and Ségou", "partnership", ["Angoulême", "Ségou"], 2005),
        ("Youth exchange between the twin towns of La Rochelle and New Rochelle.", "twinning",
         ["La Rochelle", "New Rochelle"], None),
        ("Partenariat Pays de la Loire – Atacora", "partnership", ["Pays de la Loire", "Atacora"], None),
        ("Tulle and Kalmar have cooperated since 2009 on school meals.", "partnership", ["Tulle", "Kalmar"], 2009),
    ],
)  # fmt: skip
def test_a_statement_gives_its_kind_its_names_and_its_year(text, kind, names, since):
    statements, _ = read_statements(text, 2025)
    best = statements[0]
    assert best.kind == kind
    assert [n.text for n in (best.pair or best.names)] == names
    assert best.since_year == since


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Grenoble n'est pas jumelée avec Sfax.", "negation"),
        ("A twinning is not planned between Brive and Kayes for now.", "negation"),
        ("Le jumelage de Cahors avec Koutiala a été rompu.", "broken"),
        ("Le Havre terminated its cooperation agreement with Saint Petersburg in 2022.", "broken"),
        ("Talks on a cooperation agreement between Nancy and Kharkiv stalled in 2020.", "broken"),
        ("Les négociations d'un accord de coopération entre Dijon et Ségou ont échoué.", "broken"),
        ("Fête des comités de jumelage de la région", "generic"),
        ("Tournoi de football des villes jumelles de la région", "generic"),
        ("Twinning associations from Normandy meet in Caen.", "generic"),
        ("Une convention citoyenne sur le climat réunit Lyon et Montréal.", "idiom"),
    ],
)
def test_words_that_state_no_relation(text, reason):
    statements, rejected = read_statements(text, 2025)
    assert not statements
    assert [r.reason for r in rejected][:1] == [reason]


@pytest.mark.parametrize(
    "text",
    [
        "Le conseil municipal de Millau a rejeté, par 25 voix contre 8, la proposition de jumelage avec Tübingen.",
        "Agen a officiellement mis fin en 2022 à son jumelage avec Dinslaken.",
        "La mairie de Pau dément l'existence de tout accord avec Saragosse.",
        "The proposal to twin Vienne with Albacete was turned down by the council.",
        "The twinning project between Le Mans and Santiago de Cuba was abandoned in 2015.",
        "La convention de partenariat entre Blois et Sintra a expiré en 2019.",
        "La convention entre Blois et Sintra, arrivée à son terme en 2019, n'a pas été reconduite.",
        "Signée en 2004, la charte d'amitié entre Vierzon et Tozeur, expirée depuis, n'a pas été reconduite.",
    ],
)
def test_a_rejected_ended_or_denied_relation_is_none(text):
    statements, rejected = read_statements(text, 2025)
    assert not statements and [r.reason for r in rejected] == ["broken"]


def test_a_denied_break_leaves_the_relation_standing():
    (statement,) = read_statements("Le Brexit n'a pas mis fin au jumelage entre Cherbourg et Poole.", 2022)[0]
    assert statement.kind == "twinning" and statement.status != "planned"
    assert not read_statements("Cherbourg n'a jamais signé de jumelage avec Poole.", 2022)[0]
    # "neither side has formally ended it": a break denied four words before it
    (held,) = read_statements("The partnership between Montreuil and Yélimané has been on hold since 2012, although "
                              "neither side has formally ended it.", 2022)[0]  # fmt: skip
    assert held.kind == "partnership" and held.suspended


@pytest.mark.parametrize(
    "text",
    [
        "Auch et Tudela ont annoncé la signature prochaine d'une convention de coopération.",
        "Poitiers et Marburg finalisent une charte d'amitié.",
        "Lorient and Vigo have agreed in principle to conclude a cooperation agreement.",
        "Following votes by both councils, Albi and Girona will officially become twin towns next year.",
        "La signature d'une charte entre Dax et Logroño est prévue lors du prochain forum.",
        "Towards a cooperation agreement between the Landes and Navarre",
        "Vers une convention de coopération entre Tarbes et Huesca",
        "Twinning talks between Cahors and Gjirokastër are expected to lead to a signed charter.",
        "Officials said Rodez will shortly sign a partnership charter with Guimarães.",
        # a text signed with a view to a relation: the relation is planned
        "Le maire de Dole a signé un protocole en vue d'un jumelage avec Sopron.",
        "Avignon and Charleston, South Carolina, are expected to become sister cities next spring.",
        "Chinon and Luang Prabang are expected to formalise their twinning in 2018.",
        "Discussions are under way on a potential twinning between Vannes and Cádiz.",
        "Le conseil municipal d'Albi a adopté un vote de principe pour un jumelage avec Gérone.",
        "The council of Dole voted to twin the town with Carlow.",
        "Un éventuel jumelage entre Cognac et Jerez est en discussion.",
        "Talks on a future sister-city relationship between Chiang Mai and Aix-en-Provence are expected to conclude.",
        "Tulle et Schorndorf devraient officialiser leur jumelage au printemps prochain.",
    ],
)
def test_a_relation_announced_finalised_or_agreed_to_is_planned(text):
    statements = read_statements(text, 2025)[0]
    assert statements and all(s.status == "planned" and s.since_year is None for s in statements)


def test_a_phrase_opening_the_sentence_leaves_its_subject_to_the_next_clause():
    """ "Jumelée avec Erlangen depuis 1964, Rennes a aussi signé … avec Jinan": Rennes is an end of
    both relations, not the first one's object."""
    first, second = read_statements(
        "Jumelée avec Erlangen depuis 1964, Rennes a aussi signé un accord de coopération avec Jinan.", 2025
    )[0]
    assert [n.text for n in first.pair or first.names] == ["Erlangen", "Rennes"] and first.kind == "twinning"
    assert [n.text for n in second.pair or second.names] == ["Rennes", "Jinan"]
    assert second.kind == "cooperation_agreement"


def test_a_planned_relation_has_no_year_and_a_suspended_one_keeps_its_kind():
    (planned,) = read_statements("Grenoble and Innsbruck will sign a twinning agreement in 2026.", 2025)[0]
    assert (planned.status, planned.since_year) == ("planned", None)
    (suspended,) = read_statements("Le jumelage entre Besançon et Tver est suspendu depuis 2022.", 2025)[0]
    assert (suspended.kind, suspended.suspended, suspended.since_year) == ("twinning", True, None)


@pytest.mark.parametrize(
    ("clause", "written", "year", "named"),
    [
        ("le trentième anniversaire du jumelage", 2021, 1991, False),
        ("la ville qui a fêté en 2020 son 50ème anniversaire de jumelage", 2021, 1970, True),
        ("jumelées depuis plus de trente ans", 2021, None, False),
        ("signed on 12 May 1963", 2023, 1963, True),
        ("67 years as sister cities", 2022, 1955, False),
        ("quarante et un ans de jumelage", 2021, 1980, False),
        ("qui célèbrent les 30 ans de leur jumelage", 2024, 1994, False),  # a possessive before the relation
        ("plus de 30 ans de leur jumelage", 2024, None, False),
        # a celebration's own year: counted from it, not from the document's
        ("Angers et Bamako ont célébré en 2014 les 40 ans de leur jumelage.", 2020, 1974, True),
        ("Bordeaux and Québec City marked sixty years of twinning in 2022.", 2024, 1962, True),
        ("En 2019 une délégation est venue pour les 30 ans de jumelage", 2021, 1991, False),  # no celebration verb
        ("Bordeaux et Fukuoka ont fêté l'an dernier les 40 ans de leur jumelage.", 2025, 1984, False),
        ("Rennes and Rochester celebrated the 60th anniversary of their twinning last year.", 2019, 1958, False),
        ("Poitiers coopère avec Moundou depuis les années 1960", 2021, None, False),  # a decade is no year
    ],
)
def test_since_year(clause, written, year, named):
    got, _, stated = since_year(clause, written)
    assert got == year
    assert stated is named or got is None


@pytest.mark.parametrize(
    ("name", "precision", "recall"),
    [
        ("relations_dev.csv", 0.99, 0.94),  # three relations abroad labelled since (0.95 before)
        ("relations_heldout.csv", 0.98, 0.90),  # 90.3 % since lower units named after their town
        ("relations_heldout2.csv", 0.99, 0.88),
        ("relations_heldout3.csv", 0.99, 0.91),
        ("relations_heldout4.csv", 0.99, 0.92),
        ("relations_heldout5.csv", 0.95, 0.83),  # first run 81.4 % / 72.9 % (docs/relations.md)
        ("relations_heldout6.csv", 0.99, 0.89),  # first run 89.9 % / 80.5 % (docs/relations.md)
        ("relations_heldout7.csv", 0.97, 0.81),  # first run 86.6 % / 77.2 % (docs/relations.md)
        ("relations_heldout8.csv", 0.98, 0.84),  # first run 85.7 % / 68.2 %
        ("relations_heldout9.csv", 0.95, 0.87),  # first run 85.9 % / 76.3 % (current relations only)
        ("relations_heldout10.csv", 0.99, 0.92),  # first run 92.7 % / 84.4 %
        ("relations_heldout11.csv", 0.99, 0.90),  # first run 97.7 % / 82.5 %
        ("relations_heldout12.csv", 0.98, 0.79),  # first run 95.2 % / 73.8 %
        ("relations_heldout13.csv", 0.96, 0.85),  # first run 92.7 % / 78.4 %
        ("relations_heldout14.csv", 0.98, 0.87),  # first run 96.4 % / 85.1 %
        ("relations_heldout15.csv", 1.0, 0.92),  # first run 95.2 % / 87.0 %
        ("relations_heldout16.csv", 0.988, 0.913),  # first run 94.3 % / 89.1 %
    ],
)
def test_the_relation_sets_hold_their_measured_level(resolver, name, precision, recall):
    """The level measured when the rules were last changed (docs/relations.md: the held-out figures are the
    first runs, lower); a change that loses ground fails."""
    from etl.relation_evaluation import evaluate_relations, load_relation_cases

    report = evaluate_relations(resolver, load_relation_cases(ROOT / "tests" / "eval" / name))
    wrong = [(o.case.sentence_id, r.fr_name, r.partner_name, why) for o in report.outcomes for r, why in o.wrong]
    assert report.precision >= precision, wrong
    assert report.recall >= recall, report.summary()


def _key(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", sorted(p.name for p in RELATION_FIXTURES.glob("catalogue_*.txt")))
def test_unseen_catalogues_state_their_twinnings_with_no_review(resolver, name):
    """Each relation the key lists is a stated link of its listing with the key's kind and year
    (one link per pair of places: two relations of one pair are its strongest); no listing the
    key leaves out gets one."""
    from etl.config import build_settings
    from etl.pipeline import build
    from etl.relation_evaluation import same_place

    path = RELATION_FIXTURES / name
    result = build(build_settings(catalogues=[str(path)]), log=lambda m: None)
    country = next(e.partner_country for e in result.events)
    links = [k for k in result.partnerships if k.kind != "event_link" and k.source_file == name]
    key = _key(path.with_suffix(".relations.csv"))
    keyed_lines = {int(k["source_line"]) for k in key}
    assert all(k.source_line in keyed_lines for k in links), [(k.source_line, k.evidence) for k in links]
    order = ["twinning", "cooperation_agreement", "partnership", "planned_twinning", "planned_agreement"]
    for line in keyed_lines:
        rows = sorted((k for k in key if int(k["source_line"]) == line), key=lambda k: order.index(k["kind"]))
        row = rows[0]
        found = [k for k in links if k.source_line == line
                 and same_place(resolver, row["fr_place"], "FR", k.fr_place, k.fr_actor)
                 and same_place(resolver, row["partner_place"], country, k.partner_place, k.partner_actor)]  # fmt: skip
        assert len(found) == 1, (line, row, [(k.fr_place.name, k.partner_place.name) for k in links])
        assert found[0].kind == row["kind"], (line, found[0].evidence)
        assert found[0].since_year == (int(row["since_year"]) if row["since_year"] else None), (line, found[0].evidence)


def _place(pid, name, country, kind="town"):
    from etl.places import Place

    return Place(pid, name, country, None, 0.0, 0.0, "gazetteer", kind=kind)


def _found(fr, partner, kind="twinning", since=None, stated=False, line=1, accepted=True):
    from etl.extraction import Found
    from etl.messages import clause
    from etl.relations import Relation

    relation = Relation(kind, fr.name, partner.name, fr, partner, partner.country, since, "", stated, "signed", "",
                        f"{fr.name} et {partner.name}", "jumelage", "named_pair", 0.95, accepted,
                        () if accepted else (clause("end_might_be", name=fr.name, place=fr.name, region="FR-BRE",
                                                    evidence=(clause("region_not_named"),)),))  # fmt: skip
    return Found(relation, "doc.txt", line, "fr")


def _reviewed(fr, partner, kind="twinning", since=None):
    from etl.partnerships import Link

    return Link("p001", fr.name, partner.name, partner.country, kind, since, fr, partner, "doc.txt", 1, "quote")


def test_the_reviewed_file_confirms_corrects_rejects_and_adds():
    from etl.reviewed import combine

    rennes, jinan, sendai = _place("a", "Rennes", "FR"), _place("b", "Jinan", "CN"), _place("c", "Sendai", "JP")
    links, _ = combine([_found(rennes, jinan)], [_reviewed(rennes, jinan)], [])
    assert [(k.origin, k.partnership_id) for k in links] == [("confirmed", "p001")]
    links, _ = combine([_found(rennes, jinan)], [_reviewed(rennes, jinan, "partnership", 1985)], [])
    assert [(k.origin, k.kind, k.since_year) for k in links] == [("corrected", "partnership", 1985)]
    links, issues = combine([_found(rennes, jinan)], [], [_reviewed(rennes, jinan)])
    assert links == [] and [i.code for i in issues] == ["relation_rejected"]
    links, _ = combine([_found(rennes, jinan)], [_reviewed(rennes, sendai)], [])
    assert sorted(k.origin for k in links) == ["extracted", "reviewed"]
    links, issues = combine([_found(rennes, jinan, accepted=False)], [], [])
    assert links == [] and [i.code for i in issues] == ["relation_to_review"]
    assert "'Rennes' might be Rennes (FR-BRE): nothing else names its region" in issues[0].message
    assert "'Rennes' pourrait être Rennes (FR-BRE) : rien d'autre ne nomme sa région" in issues[0].message_fr


def test_two_readings_of_a_start_year_are_flagged_not_settled_silently():
    from etl.reviewed import combine

    rennes, jinan = _place("a", "Rennes", "FR"), _place("b", "Jinan", "CN")
    counted, named = _found(rennes, jinan, since=1971), _found(rennes, jinan, since=1970, stated=True, line=2)
    (link,), issues = combine([counted, named], [], [])
    assert link.since_year == 1970 and [i.code for i in issues] == ["since_year_conflict"]
    assert "1970" in issues[0].message and "1971" in issues[0].message
    two_named = [_found(rennes, jinan, since=1971, stated=True), _found(rennes, jinan, since=1970, stated=True)]
    (link,), issues = combine(two_named, [], [])
    assert link.since_year is None and [i.code for i in issues] == ["since_year_conflict"]
    agreement = _found(rennes, jinan, kind="cooperation_agreement", since=2019, stated=True)
    (link,), issues = combine([_found(rennes, jinan, since=1955, stated=True), agreement], [], [])
    assert (link.kind, link.since_year, issues) == ("twinning", 1955, [])  # another relation's year


def test_the_2021_build_draws_every_reviewed_relation_and_reads_most_of_them(con):
    with open(ROOT / "data" / "reference" / "partnerships.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    got = dict(con.execute("SELECT partnership_id, origin FROM partnerships WHERE partnership_id LIKE 'p%'").fetchall())
    assert set(got) == {f"p{i:03d}" for i in range(1, len(rows) + 1)}
    origins = list(got.values())
    assert set(origins) <= {"confirmed", "reviewed"}  # the extraction contradicts none of the reviewer's rows
    assert origins.count("confirmed") >= 25  # of 29: the recall on 2021 in docs/relations.md
    extra = con.execute("SELECT count(*) FROM partnerships WHERE origin = 'extracted'").fetchone()[0]
    assert extra <= 2


def test_a_report_in_windows_1252_is_read_and_a_binary_or_huge_one_refused(tmp_path):
    """Reports are read as the catalogues are: Windows-1252 decoded, never a traceback, and no
    larger than the input limit (the whole report is read to find its relations)."""
    from dataclasses import replace

    from etl.config import build_settings
    from etl.pipeline import BuildError, _document_lines

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "cp.txt").write_bytes("Besançon, jumelée avec Tver.\n".encode("cp1252"))
    (tmp_path / "reports" / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "reports" / "big.txt").write_bytes(b"jumelage " * 200_000)
    settings = replace(build_settings(), raw_dir=tmp_path, max_megabytes=1.0)
    assert _document_lines(settings, "reports/cp.txt") == ["Besançon, jumelée avec Tver."]
    assert _document_lines(settings, "../outside.txt") is None
    with pytest.raises(BuildError, match="bin.txt: cannot be read"):
        _document_lines(settings, "reports/bin.txt")
    with pytest.raises(BuildError, match="above the limit of 1 MB"):
        _document_lines(settings, "reports/big.txt")


def test_the_evaluation_of_a_file_that_is_not_a_labelled_set_exits_2(tmp_path, capsys):
    from etl.__main__ import main

    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["evaluate-relations", str(bad)]) == 2
    assert "column 'sentence_id' missing" in capsys.readouterr().err
    assert main(["evaluate-relations", str(tmp_path / "none.csv")]) == 2


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # a phrase before the main clause: its subject comes after the comma
        ("Jumelée avec Ségou, capitale de l'ancien royaume bambara, la ville d'Angoulême soutient ses écoles.", "ML",
         {("Angoulême", "Ségou", "twinning", None)}),
        ("Par un accord-cadre signé à Rabat en 2014, la ville de Nantes et la ville d'Agadir se sont engagées à coopérer.",
         "MA", {("Nantes", "Agadir", "cooperation_agreement", 2014)}),
        ("Because Rouen is twinned with Hanover, the consul attended the fair.", "DE", {("Rouen", "Hannover", "twinning", None)}),
        # a place in another country than the document's: named as such, or found in one country only
        ("Nantes, which is twinned with Saarbrücken (Germany) and Seattle (United States), hosted both mayors.",
         "DE", {("Nantes", "Saarbrücken", "twinning", None), ("Nantes", "Seattle", "twinning", None)}),
        ("Strasbourg has been twinned with Stuttgart since 1962 and signed a partnership with Kyoto in 1987.", "DE",
         {("Strasbourg", "Stuttgart", "twinning", 1962), ("Strasbourg", "Kyoto", "partnership", 1987)}),
        # each end its own year; "the latter" says whose
        ("Grenoble has been twinned with Essen since 1974 and with Sfax since 1998.", "DE",
         {("Grenoble", "Essen", "twinning", 1974), ("Grenoble", "Sfax", "twinning", 1998)}),
        ("Grenoble compte parmi ses villes jumelles Essen (Allemagne) et Sfax (Tunisie), cette dernière depuis 1998.", "DE",
         {("Grenoble", "Essen", "twinning", None), ("Grenoble", "Sfax", "twinning", 1998)}),
        # "du Mans" holds its article; a possessor and its twin city
        ("La Ville de Sfax, partenaire historique du Mans, présente son plan de mobilité.", "TN",
         {("Le Mans", "Sfax", "partnership", None)}),
        ("Rennes's twin city of Erlangen and Nantes's twin city of Saarbrücken sent choirs to Strasbourg.", "DE",
         {("Rennes", "Erlangen", "twinning", None), ("Nantes", "Saarbrücken", "twinning", None)}),
        ("Brest's partnership with Heraklion and Caen's twin town of Würzburg were both presented.", "GR",
         {("Brest", "Irákleion", "partnership", None), ("Caen", "Würzburg", "twinning", None)}),
        # a country's adjective says where; the subject after "son jumelage avec X," is not its object
        ("Grenoble has a partnership with the Tunisian governorate of Mahdia.", "CA",
         {("Grenoble", "Mahdia", "partnership", None)}),
        ("Outre son jumelage avec Kénitra, Caen a noué un partenariat avec Tanger.", "MA",
         {("Caen", "Kenitra", "twinning", None), ("Caen", "Tangier", "partnership", None)}),
        # not an end: a capital described, a river, the circumstance, a venue (also behind its head)
        ("Une charte d'amitié unit Bordeaux et la capitale du Québec.", "CA", set()),
        ("Lyon et Montréal, sur les rives du Saint-Laurent, sont partenaires depuis 1979.", "CA",
         {("Lyon", "Montréal", "partnership", 1979)}),
        ("Un accord de coopération a été signé entre Grenoble et Phoenix lors du salon de Chicago.", "US",
         {("Grenoble", "Phoenix", "cooperation_agreement", None)}),
        ("Rennes and Sendai signed a friendship agreement, with guests from the Japanese city of Kyoto.", "JP",
         {("Rennes", "Sendai", "cooperation_agreement", None)}),
        # broken or refused, never formally ended, and a year after the writing: planned
        ("Le pacte d'amitié conclu en 2001 entre Arles et Sousse a été dénoncé en 2015.", "TN", set()),
        ("Le conseil municipal de Vannes a rejeté le projet de jumelage avec Annapolis.", "US", set()),
        ("Par délibération du 3 mai 2021, le conseil municipal de Dole a mis fin au jumelage avec Trnava.", "SK", set()),
        ("Le conseil de Laval a refusé de s'engager dans un nouveau partenariat avec Boké.", "GN", set()),
        ("No visit has taken place since 2016, but the twinning between Rouen and Hanover has never been formally ended.",
         "DE", {("Rouen", "Hannover", "twinning", None)}),
        ("The council of Saumur said a twinning with Verden is being prepared and should be sealed in 2019.", "DE",
         {("Saumur", "Verden", "planned_twinning", None)}),
        ("Dijon plans to become a sister city of Pécs next year.", "HU", {("Dijon", "Pécs", "planned_twinning", None)}),
        # an ordinal pronoun names one of the places listed before it
        ("Chiang Mai and Phuket both have French partners: the former is twinned with Rennes, the latter signed a "
         "cooperation agreement with Nice in 2010.", "TH",
         {("Rennes", "Chiang Mai", "twinning", None), ("Nice", "Phuket", "cooperation_agreement", 2010)}),
        ("Pécs et Szeged : la seconde est jumelée avec Nice.", "HU", {("Nice", "Szeged", "twinning", None)}),
        # a duration said of another predicate before the subject is not the relation's; a date is
        ("Active au Mali depuis vingt ans, la ville de Lorient est aussi jumelée avec Riga.", "LV",
         {("Lorient", "Riga", "twinning", None)}),
        ("Depuis 1997, la ville de Lorient est jumelée avec Riga.", "LV", {("Lorient", "Riga", "twinning", 1997)}),
        ("Le 12 juin 2004, Lorient et Riga ont signé une convention de coopération.", "LV",
         {("Lorient", "Riga", "cooperation_agreement", 2004)}),
        # a building named after a saint is no end; a place "dans le …" says where the end is
        ("Vingt ans après leur charte de jumelage, Rouen et Hanovre ont chanté dans la cathédrale Sainte-Croix.", "DE",
         {("Rouen", "Hannover", "twinning", None)}),
        ("Lorient, dans le Morbihan, a signé en 2010 une charte de coopération avec Riga.", "LV",
         {("Lorient", "Riga", "cooperation_agreement", 2010)}),
        # decided, not yet done: planned
        ("The mayors of Lorient and Riga announced that their towns will be formally twinned next spring.", "LV",
         {("Lorient", "Riga", "planned_twinning", None)}),
        ("Le conseil municipal de Lorient a voté le principe d'un jumelage avec Riga.", "LV",
         {("Lorient", "Riga", "planned_twinning", None)}),
        # the pronoun a few words before the relation; a report about twinning states none
        ("Metz et Nancy regardent vers l'est : la seconde a signé en 2001 une convention de coopération avec Cracovie.",
         "PL", {("Nancy", "Kraków", "cooperation_agreement", 2001)}),
        ("The twinning report of the Normandy section notes that Caen is twinned with Würzburg.", "DE",
         {("Caen", "Würzburg", "twinning", None)}),
        # one subject's two objects are no pair; a body named after the words is no statement
        ("Dresde, jumelée avec Strasbourg depuis 1990 et avec Saint-Pétersbourg depuis 1961, accueille le forum.",
         "DE", {("Strasbourg", "Dresden", "twinning", 1990)}),
        ("Two mayors met at the Sister Cities International summit in Denver: Brest, twinned with Denver since 1956, "
         "and Lyon, which signed a partnership with Stuttgart in 2004.", "US",
         {("Brest", "Denver", "twinning", 1956)}),  # (Stuttgart, Arkansas, or the German city: to review)
        # a country named right after a place, with or without a comma: that place is there, not in France
        ("Lorient is twinned with Vigo in Spain and Galway in Ireland.", "ES",
         {("Lorient", "Vigo", "twinning", None), ("Lorient", "Galway", "twinning", None)}),
        ("Angers est jumelée avec Laval (Canada) depuis 1990.", "CA", {("Angers", "Laval", "twinning", 1990)}),
        # each verb its own object: Ouahigouya is no end of the agreement ("coopère avec", with no
        # duration, states nothing itself)
        ("Chambéry coopère avec Ouahigouya, au Burkina Faso, et a signé en 2010 une convention avec Turin (Italie).",
         "BF", {("Chambéry", "Turin", "cooperation_agreement", 2010)}),
        ("La Région Bretagne a signé en 2004 une déclaration d'intention avec le Pays de Galles.", "GB",
         {("Bretagne", "Pays de Galles", "cooperation_agreement", 2004)}),
        ("Le Département de l'Aude entretient des coopérations avec la Région de Kayes (Mali).", "ML",
         {("Aude", "Kayes", "partnership", None)}),
        # a unit of the partner's country after a comma says the name's side ("Paris, Texas")
        ("Rodez is twinned with Paris, Texas.", "US", {("Rodez", "Paris", "twinning", None)}),
        # a capitalised head joined by "of" is read with its name: the department, not the town
        # that also bears its name; where the unit so written is no first-level one, the name alone
        ("The Auvergne-Rhône-Alpes Region intends to sign a framework agreement with the Department of Antioquia.",
         "CO", {("Auvergne-Rhône-Alpes", "Antioquia", "planned_agreement", None)}),
        ("The Département of Côtes-d'Armor and the Department of Bignona have worked together since 1999.", "SN",
         {("Côtes-d'Armor", "Bignona", "partnership", 1999)}),
        # "friendly relations" is a relation of its own: its year is not the twinning's before it
        ("Saint-Nazaire is twinned with Sunderland and Avilés, and has maintained friendly relations with "
         "Saarlouis since 1999.", "GB", {("Saint-Nazaire", "Sunderland", "twinning", None)}),
        # "without ever signing" a twinning denies it; the friendly relations stand
        ("Albi has maintained friendly relations with Girona for decades, without ever signing a formal twinning charter.",
         "ES", {("Albi", "Girona", "partnership", None)}),
        # a framework agreement of cooperation, with its topic: an agreement
        ("Un accord-cadre de coopération touristique lie depuis 2017 la Ville de Nantes et la municipalité d'Agadir.",
         "MA", {("Nantes", "Agadir", "cooperation_agreement", 2017)}),
        # an object named with a place head but known nowhere: no end borrowed from an earlier clause
        ("Metz and Trier have been twin towns since 1957, and in 2015 the Moselle department signed an agreement "
         "with the Atlantis Nowhere region.", "DE", {("Metz", "Trier", "twinning", 1957)}),
        # a place named after a feature's word is the feature's, no end ("the Strait of Bonifacio");
        # a unit below the first level is its region's end (GeoNames' names: Vakinankaratra)
        ("Menton and Bordighera signed a cooperation agreement in 2016 covering transport across the Strait of "
         "Bonifacio.", "IT", {("Menton", "Bordighera", "cooperation_agreement", 2016)}),
        ("La Région Normandie mène depuis 2017 une coopération avec la région Vakinankaratra.", "MG",
         {("Normandie", "Tananarive", "partnership", 2017)}),
        # a town abroad far larger than its namesakes in other countries is meant (Los Angeles, not
        # Chile's Los Ángeles); a unit after "en" settles a namesake ("Alexandria, en Virginie")
        ("Bordeaux est jumelée avec Québec depuis 1962 et avec Los Angeles depuis 1968.", "CA",
         {("Bordeaux", "Québec", "twinning", 1962), ("Bordeaux", "Los Angeles", "twinning", 1968)}),
        ("Caen et Alexandria, en Virginie, sont villes jumelles depuis 1991.", "US",
         {("Caen", "Alexandria", "twinning", 1991)}),
        # any country's word for its units is a place's head ("le județ de Sibiu"); a unit's name
        # with its words run together or split is that unit ("Bío Bío" is Biobío)
        ("La coopération entre le Département de la Loire-Atlantique et le județ de Sibiu a commencé en 1990.",
         "RO", {("Loire-Atlantique", "Sibiu", "partnership", 1990)}),
        ("Normandy and Chile's Bío Bío Region have cooperated since 2012 on fisheries.", "CL",
         {("Normandie", "Biobío", "partnership", 2012)}),
        # each name of a list takes the year said after it, across commas ("dating from", "depuis")
        ("Poitiers est jumelée avec Marburg, depuis 1961, et avec Northampton, depuis 1997.", "DE",
         {("Poitiers", "Marburg an der Lahn", "twinning", 1961), ("Poitiers", "Northampton", "twinning", 1997)}),
        ("Angers keeps two twinnings: with Osnabrück, dating from 1964, and with Wigan, dating from 1988.", "DE",
         {("Angers", "Osnabrück", "twinning", 1964), ("Angers", "Wigan", "twinning", 1988)}),
        # a name and its bracket before "et" are one end; a French department in brackets is the French side
        ("Rennes (Bretagne) et Erlangen (Bavière) sont villes jumelles depuis 1964.", "DE",
         {("Rennes", "Erlangen", "twinning", 1964)}),
        ("Saint-Pierre (La Réunion) et Quatre Bornes ont signé une charte de jumelage en 2004.", "MU",
         {("Saint-Pierre", "Quatre Bornes", "twinning", 2004)}),  # Mauritius has a Saint-Pierre too
        # a year inside a name's bracket is its own; a place between commas after "sur", "in" says
        # where the name before it is; a negation is read past an aside between commas
        ("Rouen's twin towns include Hanover (since 1966) and Norwich (since 1959).", "DE",
         {("Rouen", "Hannover", "twinning", 1966), ("Rouen", "Norwich", "twinning", 1959)}),
        ("Depuis 2015, Nantes et Hué, dans la province de Thừa Thiên Huế, mènent un partenariat.", "VN",
         {("Nantes", "Huế", "partnership", 2015)}),
        ("Vannes is not, as some websites claim, a twin town of Cádiz.", "ES", set()),
        ("Vannes est, comme chacun sait, jumelée avec Cádiz.", "ES", {("Vannes", "Cadiz", "twinning", None)}),
        # an agreement that "expire en 2030" still holds; a name's year after its bracket is its own
        ("La convention entre Blois et Sintra expire en 2030.", "PT", {("Blois", "Sintra", "cooperation_agreement", None)}),
        ("Le Département de la Vienne a signé des accords avec le district de Braga (Portugal) en 1994 et avec "
         "la province de Hainan (Chine) en 2008.", "CN",
         {("Vienne", "Braga", "cooperation_agreement", 1994), ("Vienne", "Hainan", "cooperation_agreement", 2008)}),
        # "ne … qu'avec" restricts, it does not deny
        ("Paris n'est jumelée qu'avec une seule ville, Rome, et ce depuis 1956.", "IT",
         {("Paris", "Rome", "twinning", 1956)}),
        # "bientôt" before an anniversary says the anniversary is near, not the relation planned
        ("Bientôt cinquantenaire, le jumelage entre Cognac et Denison, au Texas, reste vivant.", "US",
         {("Cognac", "Denison", "twinning", None)}),
    ],
)  # fmt: skip
def test_the_ends_kind_and_year_of_relations_in_a_sentence(resolver, text, country, expected):
    """Rules of the grammar, each on a sentence of its own (not one of the labelled sets)."""
    from etl.relations import best_per_pair, read_relations

    relations, _ = read_relations(text, resolver, country, 2018)
    got = {
        (r.fr_place.name, r.partner_place.name, r.kind, r.since_year) for r in best_per_pair(relations) if r.accepted
    }
    assert got == expected


def test_a_name_the_text_leaves_open_is_the_rows_own_place_of_that_name(resolver):
    """ "Francfort" alone is Frankfurt am Main or Frankfurt (Oder) (to review); in a listing whose
    partner is the city of Frankfurt (Oder), it is that city. A row naming neither settles nothing."""
    from etl.relations import Actors, best_per_pair, read_relations

    text = "Échange d'apprentis entre Nîmes et Francfort, sa ville jumelle."
    oder = resolver.resolve_actor("Stadt Frankfurt (Oder)", "DE").places
    nimes = resolver.resolve_actor("Ville de Nîmes", "FR").places
    assert oder and oder[0].region_code == "DE-BB"
    actors = Actors("Ville de Nîmes", "Stadt Frankfurt (Oder)", nimes, oder)
    relations, _ = read_relations(text, resolver, "DE", 2021, actors)
    accepted = [r for r in best_per_pair(relations) if r.accepted]
    assert [(r.fr_place.name, r.partner_place.place_id, r.kind) for r in accepted] == [
        ("Nîmes", oder[0].place_id, "twinning")
    ]
    alone, _ = read_relations(text, resolver, "DE", 2021, Actors("Ville de Nîmes", "", nimes, ()))
    assert not [r for r in alone if r.accepted]


def test_the_rows_towns_said_partners_beside_their_twinning_association_are_twinned(resolver):
    """ "The partner city … the twinning association": a twinning's association names the relation."""
    from etl.relations import Actors, best_per_pair, read_relations

    lens, konin = resolver.resolve_actor("Ville de Lens", "FR").places, resolver.resolve_actor("Konin", "PL").places
    actors = Actors("Ville de Lens", "Konin", lens, konin)
    for text, kind in [
        (
            "The partner city sent a choir to Lens last spring, at the invitation of the twinning association.",
            "twinning",
        ),
        ("The partner city sent a choir to Lens last spring.", "partnership"),
    ]:
        relations, _ = read_relations(text, resolver, "PL", 2021, actors)
        assert [(r.partner_place.name, r.kind) for r in best_per_pair(relations) if r.accepted] == [("Konin", kind)]


@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        ("La coopération entre les deux communes, suspendue en 2019, n'a pas été dénoncée.", "partnership", None),
        ("Cette coopération entre villes portuaires a repris en 2023.", "partnership", None),
        ("The regional government has been the department's partner since 2011.", "partnership", 2011),
    ],
)
def test_words_referring_to_the_rows_actors_make_their_relation(resolver, text, kind, year):
    """ "la coopération entre les deux communes", "cette coopération", "partner since": the row's
    two actors; a coopération that refers to nothing stays generic."""
    from etl.relations import Actors, read_relations

    fr = resolver.resolve_actor("Ville de Lorient", "FR").places
    partner = resolver.resolve_actor("Ville de Vigo", "ES").places
    relations, _ = read_relations(text, resolver, "ES", 2024, Actors("Ville de Lorient", "Ville de Vigo", fr, partner))
    assert [(r.kind, r.fr_place.name, r.partner_place.name, r.since_year) for r in relations if r.accepted] == [
        (kind, "Lorient", "Vigo", year)
    ]
    generic, rejected = read_relations("La coopération décentralisée progresse.", resolver, "ES", 2024,
                                       Actors("Ville de Lorient", "Ville de Vigo", fr, partner))  # fmt: skip
    assert not generic and [r.reason for r in rejected] == ["generic"]


def test_a_set_labelling_current_relations_only_leaves_planned_ones_out_of_the_score(resolver):
    """Set 9 labels a planned sentence with no relation: an extracted planned relation is then
    neither right nor wrong; a set with planned kinds scores them."""
    from etl.relation_evaluation import RelationCase, current_only, evaluate_relations

    planned = RelationCase("P1", "Grenoble and Innsbruck will sign a twinning agreement in 2026.", 2025, "AT", "", "",
                           (), "planned")  # fmt: skip
    assert current_only([planned])
    report = evaluate_relations(resolver, [planned])
    assert report.precision == 1.0 and not report.outcomes[0].wrong
    scored = [*load_relation_cases_of("relations_heldout8.csv")]
    assert not current_only(scored)


def load_relation_cases_of(name: str):
    from etl.relation_evaluation import load_relation_cases

    return load_relation_cases(ROOT / "tests" / "eval" / name)


def test_a_year_said_of_one_partner_is_not_the_others(resolver):
    """ "… avec Plymouth depuis 1963 et l'est également avec Kiel": Kiel's start is not said;
    "… with Hanoi in 1989 and with Phnom Penh in 1999": each its own year."""
    from etl.relations import read_relations

    kiel, _ = read_relations("Brest est jumelée avec Plymouth depuis 1963 et l'est également avec Kiel.", resolver,
                             "DE", 2024)  # fmt: skip
    assert {r.partner_name: r.since_year for r in kiel} == {"Plymouth": 1963, "Kiel": None}
    asia, _ = read_relations("The Île-de-France Region signed cooperation agreements with Hanoi in 1989 and with "
                             "Phnom Penh in 1999.", resolver, "KH", 2024)  # fmt: skip
    assert {r.partner_name: r.since_year for r in asia} == {"Hanoi": 1989, "Phnom Penh": 1999}


def test_a_phrase_opening_the_sentence_says_its_own_status_up_to_its_comma(resolver):
    """ "Déjà jumelée avec Erlangen, la ville de Rennes prépare désormais un jumelage avec …": the
    twinning with Erlangen is signed; the plan of the main clause is another relation's."""
    from etl.relations import read_relations

    found, _ = read_relations("Déjà jumelée avec Erlangen, la ville de Rennes prépare désormais un jumelage avec Brno.",
                              resolver, "DE", 2024)  # fmt: skip
    erlangen = [r for r in found if r.partner_name == "Erlangen"]
    assert [(r.kind, r.status, r.accepted) for r in erlangen] == [("twinning", "signed", True)]
