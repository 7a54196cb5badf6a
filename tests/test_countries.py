"""The partner country of each listing, by evidence: a country column, the file's declared
countries, the row's own places; conflicts flagged and left unknown, never relabelled."""

from __future__ import annotations

from etl.listings import build_events
from etl.parse import parse_catalogue

HEADER = "Région\tCollectivité territoriale / organisme français concerné\t{partner}\tIntitulé du projet\tDescription du projet\tDate prévue"


def events(resolver, title: str, partner_header: str, rows: list[str], name: str = "catalogue_2025_fr.txt"):
    lines = [title, "", HEADER.format(partner=partner_header), "<b>Thématique : Culture</b>", *rows]
    parsed = parse_catalogue(lines, name, resolver.is_region_name)
    built, issues = build_events(parsed, resolver)
    return parsed, {e.source_line: e for e in built}, {(i.source_line, i.code) for i in issues}


def test_a_file_naming_two_countries_reads_each_row_by_its_places(resolver):
    parsed, got, flags = events(
        resolver, "**Coopération franco-sénégalaise et franco-burkinabè 2026**",
        "Collectivité territoriale / organisme partenaire concerné",
        ["Bretagne\tRennes\tCommune de Ziguinchor\tÉcoles\tÉchanges.\tmars 2026",
         "Bretagne\tRennes\tBobo-Dioulasso\tSanté\tMission.\tavril 2026",
         "Bretagne\tRennes\tAssociation des maires\tRéseau\tRencontre.\tmai 2026"],
    )  # fmt: skip
    assert parsed.partner_countries == ("BF", "SN") and parsed.partner_country is None
    assert (got[5].partner_country, got[5].partner_country_basis, got[5].partner_regions) == (
        "SN",
        "places",
        ("SN-ZG",),
    )
    assert (got[6].partner_country, got[6].partner_regions) == ("BF", ("BF-09",))  # Bobo-Dioulasso: Hauts-Bassins
    assert got[7].partner_country is None and (7, "partner_country_unknown") in flags


def test_a_row_whose_place_is_in_another_country_is_flagged_not_relabelled(resolver):
    _, got, flags = events(
        resolver, "**Catalogue franco-chinois 2025**", "Collectivité territoriale / organisme chinois concerné",
        ["Bretagne\tRennes\tWuhan\tA\tB.\tmars 2025", "Bretagne\tRennes\tVille de Yokohama\tA\tB.\tmars 2025"],
    )  # fmt: skip
    assert got[5].partner_country == "CN" and got[5].partner_regions == ("CN-HB",)
    assert got[6].partner_country is None and got[6].partner_regions == ()
    assert (6, "partner_country_conflict") in flags


def test_a_country_column_decides_row_by_row_and_fills_down(resolver):
    header = "Région\tCollectivité territoriale / organisme français concerné\tPays partenaire\tCollectivité territoriale / organisme partenaire concerné\tIntitulé du projet\tDescription du projet\tDate prévue"  # fmt: skip
    lines = ["**Registre 2025**", "", header, "<b>Thématique : Culture</b>",
             "Bretagne\tRennes\tPologne\tCracovie\tA\tB.\tmars 2025",
             "\tRennes\t\tPoznań\tA\tB.\tmars 2025",
             "Bretagne\tRennes\tBrésil\tBelo Horizonte\tA\tB.\tmars 2025",
             "Bretagne\tRennes\tAtlantide\tPoséidonia\tA\tB.\tmars 2025"]  # fmt: skip
    parsed = parse_catalogue(lines, "registre_2025.txt", resolver.is_region_name)
    built, issues = build_events(parsed, resolver)
    got = {e.source_line: e for e in built}
    assert parsed.country_column and parsed.partner_countries == ()
    assert [(got[n].partner_country, got[n].partner_country_basis) for n in (5, 6, 7)] == [
        ("PL", "column"), ("PL", "column"), ("BR", "column")]  # fmt: skip
    assert got[6].partner_regions == ("PL-30",)  # Poznań, its country filled down from the row above
    assert got[8].partner_country is None
    assert {i.code for i in issues if i.source_line == 8} >= {"country_cell_unknown", "partner_country_unknown"}


def test_a_file_naming_no_country_takes_it_from_the_places_or_says_what_to_do(resolver):
    _, got, flags = events(
        resolver, "**Catalogue 2025**", "Collectivité territoriale / organisme partenaire concerné",
        ["Bretagne\tRennes\tGuangzhou\tA\tB.\tmars 2025", "Bretagne\tRennes\tComité des fêtes\tA\tB.\tmars 2025"],
        name="liste.txt",
    )  # fmt: skip
    assert (got[5].partner_country, got[5].partner_country_basis) == ("CN", "places")
    assert got[6].partner_country is None and (6, "partner_country_unknown") in flags


def test_a_word_two_countries_share_declares_both_and_the_rows_decide(resolver):
    """ "organisme coréen" names no country alone (both Koreas): the file declares both, each row
    is read by its places; a row placing nothing is unknown and flagged, never an error."""
    parsed, got, flags = events(
        resolver, "**Année franco-coréenne 2026**", "Collectivité territoriale / organisme coréen concerné",
        ["Bretagne\tRennes\tVille de Séoul\tA\tB.\tmars 2026",
         "Bretagne\tRennes\tMétropole de Busan\tA\tB.\tmars 2026",
         "Bretagne\tRennes\tAssociation des amis\tA\tB.\tmars 2026"],
    )  # fmt: skip
    assert parsed.partner_countries == ("KP", "KR")
    assert [(got[n].partner_country, got[n].partner_regions) for n in (5, 6)] == [
        ("KR", ("KR-11",)),
        ("KR", ("KR-26",)),
    ]
    assert got[7].partner_country is None and (7, "partner_country_unknown") in flags
    assert not any(i.severity == "error" for i in build_events(parsed, resolver)[1])


def test_shared_country_words_name_each_country_only_where_a_file_declares():
    from etl.reference import countries_in, shared_country_words

    assert countries_in("organisme coréen") == () and countries_in("organisme coréen", shared=True) == ("KP", "KR")
    assert countries_in("Korean local government", shared=True) == ("KP", "KR")
    assert countries_in("coopération franco-congolaise", shared=True) == ("CD", "CG")
    assert countries_in("Soudan", shared=True) == ("SD",)  # a country's own word wins
    assert "africain" not in shared_country_words()  # "sud-africain" without "sud" is no country's


def test_a_partner_cell_naming_another_country_is_flagged_not_kept_in_the_files(resolver):
    _, got, flags = events(
        resolver, "**Coopération franco-sénégalaise 2026**", "Collectivité territoriale / organisme sénégalais concerné",
        ["Bretagne\tRennes\tCercle de Yélimané (Mali)\tA\tB.\tmars 2026",
         "Bretagne\tRennes\tCommune de Ziguinchor\tA\tB.\tmars 2026"],
    )  # fmt: skip
    assert got[5].partner_country is None and (5, "partner_country_conflict") in flags
    assert got[6].partner_country == "SN"
    _, got, flags = events(
        resolver, "**Coopération franco-allemande 2026**", "Collectivité territoriale / organisme allemand concerné",
        ["Bretagne\tRennes\tStadt Salzburg (Autriche)\tA\tB.\tmars 2026"],  # a German hamlet Salzburg, to review
    )  # fmt: skip
    assert got[5].partner_country is None and (5, "partner_country_conflict") in flags


def test_an_empty_country_cell_is_not_the_row_aboves_when_the_partner_says_otherwise(resolver):
    header = "Région\tCollectivité territoriale / organisme français concerné\tPays partenaire\tCollectivité territoriale / organisme partenaire concerné\tIntitulé du projet\tDescription du projet\tDate prévue"  # fmt: skip
    lines = ["**Registre 2025**", "", header, "<b>Thématique : Culture</b>",
             "Bretagne\tRennes\tTunisie\tVille de Sfax\tA\tB.\tmars 2025",
             "Bretagne\tRennes\t\tVille de Constantine\tA\tB.\tmars 2025",  # Algeria's only
             "Bretagne\tRennes\t\tVille d'Oran\tA\tB.\tmars 2025",  # Algeria's, or Argentina's Orán
             "Bretagne\tRennes\t\tAssociation culturelle\tA\tB.\tmars 2025"]  # fmt: skip
    parsed = parse_catalogue(lines, "registre_2025.txt", resolver.is_region_name)
    built, issues = build_events(parsed, resolver)
    got = {e.source_line: e for e in built}
    flags = {(i.source_line, i.code) for i in issues}
    assert (got[6].partner_country, got[6].partner_regions) == ("DZ", ("DZ-25",))
    assert got[7].partner_country is None
    assert {(6, "country_filled_overruled"), (7, "country_filled_overruled")} <= flags
    assert got[8].partner_country == "TN"  # nothing says otherwise: the row above's
    lines[5] = "Bretagne\tRennes\tBénin\tMairie de Bobo-Dioulasso\tA\tB.\tmars 2025"  # a cell the place contradicts
    parsed = parse_catalogue(lines, "registre_2025.txt", resolver.is_region_name)
    built, issues = build_events(parsed, resolver)
    assert next(e for e in built if e.source_line == 6).partner_country is None
    assert (6, "partner_country_conflict") in {(i.source_line, i.code) for i in issues}


def test_a_place_of_unknown_unit_or_an_old_name_in_the_text_contradicts_no_column(resolver):
    """The text names Nha Trang (a town no unit files) or writes "Santé" (an old name of Xanten):
    neither says the partner column is wrong."""
    _, got, flags = events(
        resolver, "**Coopération franco-allemande 2026**", "Collectivité territoriale / organisme allemand concerné",
        ["Bretagne\tRennes\tLandeshauptstadt München\tSanté et hôpitaux\tÉchanges de soignants.\tmars 2026",
         "Bretagne\tRennes\tLandeshauptstadt München\tJumelage\tLe jumelage entre Rennes et Leipzig.\tmars 2026"],
    )  # fmt: skip
    assert got[5].source_conflict is None and (5, "source_conflict") not in flags
    assert got[6].source_conflict is not None  # Leipzig, a town of Saxony, under Bavaria's capital


def test_a_mountain_named_like_a_town_contradicts_no_column(resolver):
    _, got, flags = events(
        resolver, "**Coopération franco-japonaise 2026**", "Collectivité territoriale / organisme japonais concerné",
        ["Bretagne\tRennes\tPréfecture de Yamanashi\tRandonnée\tAscension du mont Fuji avec des lycéens.\tmars 2026"],
    )  # fmt: skip
    assert got[5].partner_regions == ("JP-19",) and got[5].source_conflict is None  # not the town of Fuji (Shizuoka)
