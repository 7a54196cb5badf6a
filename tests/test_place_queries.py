"""Queries behind the place pages and the place search, on the 2021 build and on the unseen
editions (a Japanese catalogue)."""

from __future__ import annotations

import polars as pl

from dashboard import queries
from dashboard.filters import Filters


def test_search_ranks_the_exact_name_first_and_ignores_accents_case_and_script(con):
    tver = queries.search_places(con, "tver")
    assert tver["name_fr"].to_list()[:2] == ["Tver", "Oblast de Tver"]
    assert tver["exact"].to_list()[:2] == [True, False]
    for spelling in ("Dunkirk", "dunkerque", "DUNKERQUE", "Дюнкерк"):
        assert queries.search_places(con, spelling)["name_fr"].to_list()[:1] == ["Dunkerque"], spelling
    assert queries.search_places(con, "zzzz-nowhere").is_empty()


def test_a_blank_search_gives_the_most_connected_places(con):
    top = queries.search_places(con, "", limit=5)
    ties = (top["links"] + top["listings"]).to_list()
    assert len(top) == 5 and ties == sorted(ties, reverse=True)


def test_only_places_with_a_link_or_a_listing_are_found(con):
    found = queries.search_places(con, "", limit=10_000)
    assert (found["links"] + found["listings"]).min() > 0


def test_a_region_page_holds_the_listings_and_links_of_its_places(con):
    stavropol = queries.place_events(con, "region:RU-STA")
    assert (
        stavropol.height == con.sql("SELECT count(*) FROM event_regions WHERE region_code = 'RU-STA'").fetchall()[0][0]
    )
    links = queries.place_links(con, "region:RU-STA")
    twin = links.filter(pl.col("kind") == "twinning")
    assert twin["fr_place_fr"].to_list() == ["Béziers"] and not twin["own"][0]
    # the oblast listing is counted in the twinning, not drawn as a second line
    assert twin["n_events"][0] >= 1
    assert links.filter((pl.col("fr_place_fr") == "Béziers") & (pl.col("kind") == "event_link")).is_empty()
    basis = con.sql(
        "SELECT basis FROM link_events WHERE partnership_id = ?", params=[twin["partnership_id"][0]]
    ).fetchall()
    assert ("town_in_subdivision",) in basis


def test_an_unknown_place_is_none(con):
    assert queries.place(con, "gn:0") is None and queries.place(con, "region:XX-00") is None


def test_a_japanese_place_page_and_search_on_an_unseen_edition(econ):
    (fukuoka,) = queries.search_places(econ, "福岡").filter(pl.col("kind") == "town")["place_id"].to_list()
    place = queries.place(econ, fukuoka)
    assert (place["country"], place["region_code"]) == ("JP", "JP-40")
    links = queries.place_links(econ, fukuoka)
    assert "Bordeaux" in links["fr_place_fr"].to_list()
    twin = links.filter(pl.col("fr_place_fr") == "Bordeaux")
    assert twin["kind"].to_list() == ["twinning"] and twin["status"].to_list() == ["signed"]


def test_search_finds_a_link_by_its_evidence(con):
    found = queries.partnerships(con, Filters(search="route vers le jumelage"))
    assert found.select("fr_place_fr", "partner_place_fr", "kind").rows() == [("Poissy", "Kalouga", "planned_twinning")]


def test_planned_and_signed_agreements_in_the_2021_build(con):
    kinds = dict(con.sql("SELECT partnership_id, kind FROM partnerships WHERE kind LIKE 'planned%'").fetchall())
    evidence = dict(con.sql("SELECT partnership_id, evidence FROM partnerships").fetchall())
    from etl.relation_grammar import read_status

    assert set(kinds.values()) == {"planned_agreement", "planned_twinning"} and len(kinds) >= 4
    assert all(read_status(evidence[p], programme=True)[0] == "planned" for p in kinds), kinds


def test_the_ties_the_search_ranks_by_are_the_place_pages_counts(con, econ):
    # place_search's counts are written by the build (etl.db.schema.DERIVE); each place's page
    # counts the same links and listings by its own queries
    for db in (con, econ):
        found = queries.search_places(db, "", limit=100_000)
        assert found.height > 20
        for row in found.sample(n=min(found.height, 80), seed=3).to_dicts():
            counts = queries.place_counts(db, row["place_id"])
            assert (row["links"], row["listings"]) == (
                counts["stated"] + counts["through"] + counts["around"],
                counts["events"],
            ), row["place_id"]
