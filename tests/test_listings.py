"""Listings → events: swapped columns, non-dates, semesters from text, duplicates, new editions."""

from __future__ import annotations

from etl.listings import build_events


def events_of(parse_fixture, resolver, name):
    events, issues = build_events(parse_fixture(name), resolver)
    return {e.source_line: e for e in events}, issues


def codes(issues, line):
    return {i.code for i in issues if i.source_line == line}


def test_swapped_french_and_russian_columns_are_detected_put_right_and_flagged(parse_fixture, resolver):
    events, issues = events_of(parse_fixture, resolver, "swapped_columns.txt")
    dijon = events[3]
    assert (dijon.fr_actor, dijon.partner_actor, dijon.columns_swapped) == (
        "Dijon",
        "Volgograd",
        True,
    )
    assert (dijon.fr_region, dijon.partner_regions) == ("FR-BFC", ("RU-VGG",))
    assert "swapped_columns" in codes(issues, 3) and "swapped_columns" in dijon.flags
    moscow = events[4]  # a Russian place in the French column, nothing in the partner column
    assert (moscow.fr_actor, moscow.partner_actor, moscow.fr_region) == ("", "Moscou", None)
    assert moscow.partner_regions == ("RU-MOW",)
    assert not events[5].columns_swapped and events[5].fr_region == "FR-GES"


def test_a_date_column_holding_a_city_is_flagged_and_the_text_is_read_instead(parse_fixture, resolver):
    events, issues = events_of(parse_fixture, resolver, "date_not_a_date.txt")
    assert "date_not_a_date" in codes(issues, 4)
    assert (events[4].semester, events[4].semester_basis, events[4].year) == (
        "UNKNOWN",
        "none",
        None,
    )
    assert (events[5].semester, events[5].semester_basis) == ("S2", "text")
    assert (events[6].semester, events[6].semester_basis) == ("S1", "text")
    assert str(events[6].date_start) == "2021-05-11" and not codes(issues, 6) & {"date_not_a_date"}


def test_fr_region_from_region_column_else_from_the_french_actor_else_null_with_reason(parse_fixture, resolver):
    events, issues = events_of(parse_fixture, resolver, "fill_down.txt")
    assert (events[3].fr_region, events[3].fr_region_basis) == ("FR-GES", "region_column")
    assert (events[6].fr_region, events[6].fr_region_basis) == ("FR-PAC", "fr_actor")
    assert events[9].fr_region is None and events[9].fr_region_note == "no French actor given"
    assert events[4].partner_regions == ("RU-MOW", "RU-VLG")


def test_economy_subtheme_and_region_from_actor(parse_fixture, resolver):
    events, _ = events_of(parse_fixture, resolver, "economy_subtheme.txt")
    assert (events[3].subtheme, events[3].fr_region) == ("economy", "FR-ARA")
    assert set(events[3].partner_regions) == {"RU-TA", "RU-MOS"}
    assert (events[4].subtheme, events[4].fr_region) == ("tourism", "FR-GES")
    assert (events[5].subtheme, events[5].fr_region) == ("tourism", "FR-PAC")


def test_repeat_in_the_same_theme_points_to_the_first_and_cross_theme_shares_an_activity(parse_fixture, resolver):
    events, issues = events_of(parse_fixture, resolver, "duplicates.txt")
    first, repeat = events[3], events[6]
    assert repeat.duplicate_of == first.event_id and repeat.activity_id == first.activity_id
    assert events[4].duplicate_of is None and events[5].duplicate_of is None  # same actors, other content
    env, partnership = events[8], events[10]
    assert partnership.activity_id == env.activity_id and partnership.duplicate_of is None
    assert "cross_theme_activity" in codes(issues, 10) and "duplicate_listing" in codes(issues, 6)
    assert len({e.activity_id for e in events.values()}) == len(events) - 2


def test_a_new_edition_resolves_new_towns_through_the_gazetteer(parse_fixture, resolver):
    events, issues = events_of(parse_fixture, resolver, "catalogue_2022_supplement_fr.txt")
    assert events[4].partner_regions == ("RU-CHE",) and events[4].fr_region == "FR-OCC"
    assert events[5].partner_regions == ("RU-KR",)  # Petrozavodsk, Karelia
    assert events[6].fr_region == "FR-20R" and events[6].partner_regions == ("RU-CHE",)  # Zlatoust
    assert all(e.year == 2022 for e in events.values())
    unresolved = [i for i in issues if i.code == "unresolved_place"]
    assert [i.source_line for i in unresolved] == [7]  # an invented village: reported, not guessed


def test_a_text_that_contradicts_its_columns_is_flagged_with_both_readings(parse_fixture, resolver):
    events, issues = events_of(parse_fixture, resolver, "source_conflict.txt")
    twinning = events[3]  # the partner column says one oblast, the text another town's twinning
    assert "RU-NIZ" in twinning.source_conflict and "RU-NGR" in twinning.source_conflict
    assert twinning.partner_regions == ("RU-NIZ",)  # flagged, not guessed: the column stays
    assert "source_conflict" in codes(issues, 3) and "source_conflict" in twinning.flags
    assert events[4].source_conflict is None  # the text names the partner town itself
    filled = events[5]  # "Nanterre" filled down, the text names Montpellier's company
    assert filled.fr_actor == "Nanterre" and "Montpellier" in filled.source_conflict
    assert events[6].source_conflict is None  # the partner's own town is named; Moscou is a guest


def test_the_partner_country_is_read_never_assumed(resolver):
    from etl.parse import parse_catalogue

    header = "Région\tCollectivité française\tCollectivité partenaire\tIntitulé du projet\tDescription du projet\tDate prévue"
    rows = ["<b>Thématique : culture</b>\t\t\t\t\t", "Bretagne\tRennes\tSapporo\tFestival\tConcerts.\tS2 2024"]
    titled = parse_catalogue(["Catalogue franco-japonais 2024", "", header, *rows], "t.txt", resolver.is_region_name)
    assert (titled.partner_country, titled.country_basis, titled.year, titled.year_basis) == (
        "JP",
        "title",
        2024,
        "title",
    )
    assert build_events(titled, resolver)[0][0].partner_regions == ("JP-01",)
    silent = parse_catalogue(["Catalogue 2024", "", header, *rows], "s.txt", resolver.is_region_name)
    (event,), issues = build_events(silent, resolver)  # no country said: Sapporo's own, flagged
    assert silent.partner_country is None and (event.partner_country, event.partner_country_basis) == ("JP", "places")
    assert event.partner_regions == ("JP-01",) and "partner_country_from_places" in {i.code for i in issues}
    nowhere = ["<b>Thématique : culture</b>\t\t\t\t\t", "Bretagne\tRennes\tComité des fêtes\tFête\tBal.\tS2 2024"]
    silent = parse_catalogue(["Catalogue 2024", "", header, *nowhere], "s.txt", resolver.is_region_name)
    (event,), issues = build_events(silent, resolver)
    assert event.partner_country is None and event.partner_regions == () and event.fr_region == "FR-BRE"
    assert "partner_country_unknown" in {i.code for i in issues}
