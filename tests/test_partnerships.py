"""Partnerships: since-year derivation, validation of the reviewed file, merge with event links,
and every stated twinning geocoded to the right towns."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic

from etl.partnerships import (
    Link,
    PartnershipError,
    derive_since_year,
    event_links,
    merge_links,
    read_stated_links,
    read_status,
    settle_kind,
)
from etl.places import Place


@pytest.mark.parametrize(
    ("evidence", "written", "year"),
    [
        ("la ville de Poitiers qui a fêté en 2020 son 50ème anniversaire de jumelage", 2021, 1970),
        ("50<sup>ème</sup> anniversaire du jumelage", 2021, 1971),
        ("Célébrations des 30 ans de jumelage entre Hérouville-", 2021, 1991),
        ("fêter cette année le 20ème anniversaire du jumelage", 2017, 1997),
        ("jumelée depuis 20 ans avec la ville de Tver", 2017, 1997),
        ("Un partenariat fort existe avec Shizuoka (Japon) depuis 1991", 2025, 1991),
        ("Depuis plus de 15 ans, Montpellier et Kalouga", 2021, None),
        ("notamment grâce à son jumelage actif avec Fukuoka", 2025, None),
        ("30 ans de jumelage", None, None),
    ],
)
def test_derive_since_year(evidence, written, year):
    assert derive_since_year(evidence, written) == year


@pytest.mark.parametrize(
    ("evidence", "programme", "status"),
    [
        ("signer un accord de jumelage avec une ville russe", False, "planned"),
        ("« En route vers le jumelage » avec la signature de l'accord de jumelage", True, "planned"),
        ("Signature de l'accord de coopération interrégionale entre Samara et le Grand Est", True, "planned"),
        ("Signature de l'accord de coopération interrégionale entre Samara et le Grand Est", False, None),
        ("Signing of the cooperation agreement between Samara and Grand Est", True, "planned"),
        ("The two cities will sign a twinning agreement in June", False, "planned"),
        ("un projet de jumelage est à l'étude", False, "planned"),
        ("Besançon, jumelée depuis 20 ans avec la ville de Tver", False, "signed"),
        ("45ème anniversaire du jumelage des villes de Pskov et Arles", True, "signed"),
        ("Forte du renouvellement de l'accord en 2017", True, "signed"),
        ("relations de jumelage entre Veliky Novgorod et Nanterre", True, "signed"),
        ("particulièrement attachée à son jumelage avec Shirakawa", False, "signed"),
        ("Bordeaux, twinned with Fukuoka since 1982", False, "signed"),
        ("the agreement signed in 2019 between the regions", False, "signed"),
        ("Partenariat Limoges – Oulianovsk", True, None),
        ("La ville de Gelos souhaite maintenir des actions de coopérations", True, None),
        # both readings: the wording does not decide
        ("jumelée depuis 1990, la ville souhaite signer un nouvel accord", False, None),
        ("", False, None),
    ],
)
def test_read_status_from_the_wording(evidence, programme, status):
    assert read_status(evidence, programme)[0] == status


@pytest.mark.parametrize(
    ("kind", "status", "settled"),
    [
        ("twinning", "planned", ("planned_twinning", False)),
        ("cooperation_agreement", "planned", ("planned_agreement", False)),
        ("partnership", "planned", ("partnership", False)),  # nothing to sign
        ("twinning", "signed", ("twinning", False)),
        ("twinning", None, ("twinning", False)),
        ("planned_twinning", "signed", ("planned_twinning", True)),  # the weaker claim, reported
        ("planned_agreement", None, ("planned_agreement", False)),
    ],
)
def test_settle_kind(kind, status, settled):
    assert settle_kind(kind, status) == settled


def test_a_planned_kind_the_wording_contradicts_is_reported(resolver, tmp_path):
    from etl.partnerships import resolve_stated

    path = tmp_path / "partnerships.csv"
    path.write_text(HEADER + "Nice,Saint-Pétersbourg,RU,planned_twinning,,doc.txt,2,jumelée depuis 1997\n")
    stated = read_stated_links(path, {"doc.txt": DOC}.get, {}, 2026)
    links, issues = resolve_stated(stated, resolver, "partnerships.csv")
    assert links[0].kind == "planned_twinning" and links[0].status == "signed"
    assert [i.code for i in issues] == ["kind_conflict"]


HEADER = "fr_actor,partner_actor,partner_country,kind,since_year,source_file,source_line,evidence\n"
DOC = ["Titre", "Nice est jumelée depuis 1997 avec la ville", "de Saint-Pétersbourg.", "Fin"]


def read(tmp_path, row, current_year=2026):
    path = tmp_path / "partnerships.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    docs = {"doc.txt": DOC}
    return read_stated_links(path, docs.get, {"doc.txt": 2021}, current_year)


def test_a_valid_row_reads_with_the_quote_spanning_a_line_break(tmp_path):
    (link,) = read(
        tmp_path,
        "Nice,Saint-Pétersbourg,RU,twinning,,doc.txt,2,jumelée depuis 1997 avec la ville de Saint-Pétersbourg",
    )
    assert (link.kind, link.since_year, link.source_line, link.row) == ("twinning", 1997, 2, 2)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Nice,Saint-Pétersbourg,RU,friendship,,doc.txt,2,jumelée",
            "row 2 (Nice – Saint-Pétersbourg): unknown kind 'friendship'",
        ),
        (
            "Nice,Saint-Pétersbourg,RU,twinning,,doc.txt,2,",
            "row 2 (Nice – Saint-Pétersbourg): no evidence quoted",
        ),
        (
            "Nice,Saint-Pétersbourg,RU,twinning,,doc.txt,4,jumelée depuis 1997",
            "line 4 of doc.txt does not contain the quoted words",
        ),
        ("Nice,Saint-Pétersbourg,RU,twinning,,doc.txt,9,jumelée", "line 9 is outside doc.txt"),
        (
            "Nice,Saint-Pétersbourg,RU,twinning,,other.txt,2,jumelée",
            "source file 'other.txt' not found",
        ),
        (
            "Nice,Saint-Pétersbourg,RU,twinning,2031,doc.txt,2,jumelée",
            "since_year 2031 is in the future",
        ),
    ],
)
def test_invalid_rows_are_refused_with_a_message_naming_the_row(tmp_path, row, message):
    with pytest.raises(PartnershipError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(tmp_path, row)


def place(pid, region, lat=0.0, lon=0.0, kind="town"):
    return Place(pid, pid, region[:2], region, lat, lon, "gazetteer", kind=kind)


def listing(eid, fr, partners, theme="culture"):
    from etl.listings import Event

    return Event(
        event_id=eid, source_file="c.txt", source_line=int(eid[1:]), source_lines=(1,), language="fr",
        theme=theme, theme_label=theme, subtheme=None, title="t", description="", fr_actor=fr.name,
        fr_actor_kind="commune", partner_actor="x", date_text="", semester="UNKNOWN", semester_basis="none",
        date_start=None, date_end=None, year=None, fr_region=fr.region_code, fr_region_basis="fr_actor",
        fr_region_note=None, partner_country="RU", partner_regions=(), partner_note=None,
        fr_places=(fr,), partner_places=partners, activity_id=eid,
    )  # fmt: skip


def stated_link(pid, fr, partner, kind="twinning"):
    return Link(pid, fr.name, partner.name, "RU", kind, None, fr, partner, "r.txt", 1, "jumelage")


BEZIERS = place("beziers", "FR-OCC")
STAVROPOL = place("stavropol", "RU-STA")
STAVROPOL_KRAI = place("region:RU-STA", "RU-STA", kind="region")
NEVINNOMYSSK = place("nevinnomyssk", "RU-STA")


def test_a_twinning_absorbs_the_listings_that_name_only_its_oblast():
    events = [
        listing("e1", BEZIERS, (STAVROPOL_KRAI,), "culture"),
        listing("e2", BEZIERS, (STAVROPOL,), "sport"),
        listing("e3", BEZIERS, (STAVROPOL, STAVROPOL_KRAI), "academic"),  # both ends: counted once
    ]
    (twin,) = merge_links([stated_link("p1", BEZIERS, STAVROPOL)], event_links(events))
    assert twin.partnership_id == "p1" and twin.kind == "twinning"
    assert sorted(twin.event_ids) == ["e1", "e2", "e3"] and twin.n_events == 3
    assert set(twin.themes) == {"culture", "sport", "academic"}
    assert twin.via_subdivision == ("e1",)  # e3 also names the town itself


def test_a_town_of_an_oblast_is_not_the_oblasts_partnership():
    events = [listing("e1", BEZIERS, (NEVINNOMYSSK,)), listing("e2", BEZIERS, (STAVROPOL_KRAI,))]
    merged = merge_links([stated_link("p1", BEZIERS, STAVROPOL_KRAI, "cooperation_agreement")], event_links(events))
    by_id = {link.partnership_id: link for link in merged}
    assert by_id["p1"].event_ids == ("e2",) and by_id["p1"].via_subdivision == ()
    assert by_id["e:beziers>nevinnomyssk"].kind == "event_link"


def test_an_oblast_listing_two_twinnings_could_take_stays_an_event_link():
    events = [listing("e1", BEZIERS, (STAVROPOL_KRAI,))]
    stated = [stated_link("p1", BEZIERS, STAVROPOL), stated_link("p2", BEZIERS, NEVINNOMYSSK)]
    merged = merge_links(stated, event_links(events))
    assert [link.n_events for link in merged] == [0, 0, 1] and merged[2].kind == "event_link"


def test_the_very_same_places_win_over_the_oblast():
    events = [listing("e1", BEZIERS, (STAVROPOL_KRAI,))]
    stated = [stated_link("p1", BEZIERS, STAVROPOL), stated_link("p2", BEZIERS, STAVROPOL_KRAI, "partnership")]
    merged = merge_links(stated, event_links(events))
    assert [link.event_ids for link in merged] == [(), ("e1",)]


def test_another_french_place_never_joins():
    events = [listing("e1", place("agde", "FR-OCC"), (STAVROPOL,))]
    merged = merge_links([stated_link("p1", BEZIERS, STAVROPOL)], event_links(events))
    assert merged[0].n_events == 0 and merged[1].kind == "event_link"


def test_event_links_merge_into_the_stated_partnership_joining_the_same_places(resolver):
    from etl.listings import Event

    nice, spb, msk = (
        place("nice", "FR-PAC", 43.7, 7.27),
        place("spb", "RU-SPE", 59.94, 30.31),
        place("msk", "RU-MOW"),
    )

    def event(eid, theme, partners, dup=None):
        return Event(
            event_id=eid, source_file="c.txt", source_line=int(eid[1:]), source_lines=(1,), language="fr",
            theme=theme, theme_label=theme, subtheme=None, title="t", description="", fr_actor="Nice",
            fr_actor_kind="commune", partner_actor="x", date_text="", semester="UNKNOWN", semester_basis="none",
            date_start=None, date_end=None, year=None, fr_region="FR-PAC", fr_region_basis="fr_actor",
            fr_region_note=None, partner_country="RU", partner_regions=(), partner_note=None,
            fr_places=(nice,), partner_places=partners, activity_id=eid, duplicate_of=dup,
        )  # fmt: skip

    events = [
        event("e1", "culture", (spb,)),
        event("e2", "academic", (spb, msk)),
        event("e3", "culture", (spb,), dup="e1"),
    ]
    stated = Link(
        "p001",
        "Nice",
        "Saint-Pétersbourg",
        "RU",
        "twinning",
        1997,
        nice,
        spb,
        "r.txt",
        86,
        "jumelage",
    )
    merged = merge_links([stated], event_links(events))
    by_id = {link.partnership_id: link for link in merged}
    twin = by_id["p001"]
    assert (twin.kind, twin.since_year, twin.evidence) == ("twinning", 1997, "jumelage")
    assert (twin.n_events, twin.themes, twin.event_ids) == (
        2,
        ("academic", "culture"),
        ("e1", "e2"),
    )
    other = by_id["e:nice>msk"]
    assert (other.kind, other.n_events, other.themes) == ("event_link", 1, ("academic",))
    assert len(merged) == 2  # the repeated listing e3 adds nothing
    assert 2300 < twin.distance_km < 2450


KNOWN = {  # French town, partner town: (lat, lon) of each, from their town halls' coordinates
    ("Nice", "Saint Petersburg"): ((43.70, 7.27), (59.94, 30.31)),
    ("Besançon", "Tver"): ((47.24, 6.02), (56.86, 35.90)),
    ("Poitiers", "Yaroslavl"): ((46.58, 0.34), (57.63, 39.87)),
    ("Hérouville-Saint-Clair", "Tikhvin"): ((49.20, -0.33), (59.64, 33.51)),
    ("Arles", "Pskov"): ((43.68, 4.63), (57.82, 28.33)),
    ("Tulle", "Smolensk"): ((45.27, 1.77), (54.78, 32.05)),
    ("Dijon", "Volgograd"): ((47.32, 5.04), (48.71, 44.51)),
    ("Évreux", "Kashira"): ((49.02, 1.15), (54.83, 38.15)),
    ("Béziers", "Stavropol"): ((43.34, 3.22), (45.04, 41.97)),
    ("Nanterre", "Velikiy Novgorod"): ((48.89, 2.21), (58.52, 31.27)),
    ("Bordeaux", "Fukuoka"): ((44.84, -0.58), (33.59, 130.40)),
    ("Compiègne", "Shirakawa"): ((49.42, 2.83), (37.13, 140.21)),
    ("Cannes", "Shizuoka"): ((43.55, 7.01), (34.98, 138.38)),
}


def test_every_stated_twinning_is_geocoded_to_the_right_towns(con):
    rows = con.sql("""
        SELECT fr_place, partner_place, fr_lat, fr_lon, partner_lat, partner_lon, kind
        FROM partnerships WHERE kind <> 'event_link'
    """).fetchall()
    found = {(r[0], r[1]): r for r in rows}
    for pair, (fr, partner) in KNOWN.items():
        assert pair in found, pair
        r = found[pair]
        assert geodesic(fr, (r[2], r[3])).km < 10, pair
        assert geodesic(partner, (r[4], r[5])).km < 10, pair
    twinnings = {(r[0], r[1]) for r in rows if r[6] == "twinning"}
    assert twinnings <= set(KNOWN)  # every stated twinning is among the checked pairs


def test_partnerships_table_contract(con):
    kinds = dict(con.sql("SELECT kind, count(*) FROM partnerships GROUP BY 1").fetchall())
    assert kinds["twinning"] == 12 and kinds["event_link"] > 0 and "planned_twinning" in kinds
    assert con.sql("SELECT count(*) FROM partnerships WHERE partner_country NOT IN ('RU', 'JP')").fetchall()[0][0] == 0
    regions = {r[0] for r in con.sql("SELECT DISTINCT partner_region FROM partnerships").fetchall()}
    assert {"JP-22", "JP-40", "JP-07", "RU-SPE"} <= regions
    assert con.sql(
        "SELECT since_year FROM partnerships WHERE fr_place = 'Poitiers' AND kind = 'twinning'"
    ).fetchall() == [(1970,)]
    unplaced = con.sql("SELECT count(*) FROM partnerships WHERE fr_lat IS NULL OR partner_lat IS NULL").fetchall()[0][0]
    reported = con.sql("SELECT count(*) FROM data_quality WHERE source_file = 'partnerships.csv'").fetchall()[0][0]
    assert unplaced == reported == 0


def test_a_row_whose_place_cannot_be_resolved_is_kept_and_reported(resolver, tmp_path):
    from etl.partnerships import resolve_stated

    path = tmp_path / "partnerships.csv"
    path.write_text(HEADER + "Zyxqwvillé,Saint-Pétersbourg,RU,twinning,,doc.txt,2,jumelée\n", encoding="utf-8")
    stated = read_stated_links(path, {"doc.txt": DOC}.get, {}, 2026)
    links, issues = resolve_stated(stated, resolver, "partnerships.csv")
    assert links[0].fr_place is None and links[0].partner_place is not None and links[0].distance_km is None
    assert [(i.source_line, i.code) for i in issues] == [(2, "unresolved_place")]


def test_a_build_of_other_catalogues_carries_no_reviewed_relation_of_the_2021_catalogue():
    """Audit 5: a build of a Kenyan catalogue alone held the 2021 catalogue's reviewed twinnings.
    A reviewed row quoting a catalogue the build does not load is left out, said once per file."""
    from etl.pipeline import build
    from tests.conftest import ROOT, build_settings

    kenya = ROOT / "tests" / "fixtures" / "editions" / "audit" / "catalogue_2026_kenya_en.xlsx"
    result = build(build_settings(catalogues=[str(kenya)]), log=lambda m: None)
    assert not [k for k in result.partnerships if k.source_file == "catalogue_2021_fr.txt"]
    said = [i for i in result.issues if i.code == "reviewed_not_in_build"]
    assert len(said) == 1 and "catalogue_2021_fr.txt" in said[0].message
