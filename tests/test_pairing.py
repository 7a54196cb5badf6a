"""Bilingual pairing by order within a theme, checked by actors."""

from __future__ import annotations

from dataclasses import replace

from etl.listings import build_events
from etl.pairing import pair_editions
from etl.parse import parse_catalogue
from tests.conftest import RAW


def editions(resolver):
    out = []
    for name in ("catalogue_2021_fr.txt", "catalogue_2021_en.txt"):
        lines = (RAW / name).read_text(encoding="utf-8").splitlines()
        events, _ = build_events(parse_catalogue(lines, name, resolver.is_region_name), resolver)
        out.append(events)
    return out


def test_every_french_listing_gets_its_english_title_with_agreeing_actors(resolver):
    french, english = editions(resolver)
    paired, issues, share = pair_editions(french, english)
    assert share == 1.0 and issues == []
    by_line = {e.source_line: e for e in paired}
    assert by_line[42].title_en.startswith("Celebrating 30 years of twinning between Hérouville-Saint-Cl")
    assert (by_line[42].en_source_file, by_line[42].en_source_line) == ("catalogue_2021_en.txt", 43)
    assert by_line[136].title_en.startswith("Les Rencontres Climats #2 - International")
    assert by_line[146].title_en == "Wrestling"


def test_a_listing_missing_from_one_edition_is_reported_and_the_rest_stay_aligned(resolver):
    french, english = editions(resolver)
    missing = next(e for e in english if e.source_line == 49)  # Poitiers – Yaroslavl
    paired, issues, share = pair_editions(french, [e for e in english if e is not missing])
    by_line = {e.source_line: e for e in paired}
    assert by_line[50].title_en is None
    assert by_line[51].title_en == "Limoges-Ulyanovsk partnership"  # the next ones still pair
    assert [(i.source_line, i.code) for i in issues] == [(50, "unpaired_listing")]
    assert share == 76 / 77


def test_a_pair_whose_actors_disagree_is_flagged(resolver):
    french, english = editions(resolver)
    english = [replace(e, partner_places=french[-1].partner_places, partner_actor="Ossétie") if e.source_line == 30 else e
               for e in english]  # fmt: skip
    french = [replace(e, fr_places=()) if e.source_line == 30 else e for e in french]
    _, issues, _ = pair_editions(french, english)
    assert ("pair_actor_mismatch", 30) in {(i.code, i.source_line) for i in issues}


def test_listings_an_edition_gives_in_another_order_pair_by_both_actors(resolver):
    """The English edition lists some listings of a theme in another order: each pairs with its
    French listing when both its actors agree and it is the only one they could be; flagged."""
    french, english = editions(resolver)
    theme = french[0].theme
    same_theme = [e for e in english if e.theme == theme]
    moved = [same_theme[-1], *same_theme[1:-1], same_theme[0]]  # the first and the last swapped
    english = moved + [e for e in english if e.theme != theme]
    paired, issues, share = pair_editions(french, english)
    assert share == 1.0
    by_line = {e.source_line: e for e in paired}
    first = next(e for e in french if e.theme == theme)
    assert by_line[first.source_line].en_source_line == same_theme[0].source_line
    assert {i.code for i in issues} <= {"paired_out_of_order"} and issues
