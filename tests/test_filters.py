"""Filters ↔ URL ↔ SQL: table-driven, and checked against direct SQL on the built database."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from dashboard import queries, search
from dashboard.filters import CACHE_KEYS, Filters
from etl.vocab import THEMES

VOCAB = {
    "themes": ("culture", "sport"), "semesters": ("S1", "S2", "YEAR", "UNKNOWN"),
    "fr_regions": ("FR-IDF", "FR-PAC"), "partner_regions": ("RU-MOW",), "partner_countries": ("RU",),
    "actor_kinds": ("commune",),
}  # fmt: skip


@pytest.mark.parametrize(
    ("params", "filters", "ignored"),
    [
        ({}, Filters(), []),
        ({"theme": "sport,culture"}, Filters(themes=("culture", "sport")), []),
        (
            {"theme": "culture,bogus", "fr_region": "FR-XXX"},
            Filters(themes=("culture",)),
            ["theme=bogus", "fr_region=FR-XXX"],
        ),
        ({"q": "  Nice  "}, Filters(search="Nice"), []),
        (
            {"partner_region": ["RU-MOW"], "country": "RU"},
            Filters(partner_regions=("RU-MOW",), partner_countries=("RU",)),
            [],
        ),
        (
            {"semester": "S3", "actor_kind": "commune"},
            Filters(actor_kinds=("commune",)),
            ["semester=S3"],
        ),
    ],
)
def test_from_query_params_keeps_known_values_and_reports_the_rest(params, filters, ignored):
    assert Filters.from_query_params(params, VOCAB) == (filters, ignored)


def test_query_params_round_trip():
    f = Filters(themes=("culture", "sport"), fr_regions=("FR-IDF",), search="Nice")
    assert f.to_query_params() == {"theme": "culture,sport", "fr_region": "FR-IDF", "q": "Nice"}
    assert Filters.from_query_params(f.to_query_params(), VOCAB)[0] == f


def test_values_are_bound_parameters_never_sql_text():
    evil = "x'); DROP TABLE events; --"
    where, params = Filters(themes=(evil,), search=evil).events_where()
    assert evil not in where and "DROP" not in where
    assert [evil] in params


CASES = [
    (Filters(), "TRUE"),
    (Filters(themes=("culture",)), "theme = 'culture'"),
    (Filters(semesters=("S2", "YEAR")), "semester IN ('S2', 'YEAR')"),
    (Filters(fr_regions=("FR-PAC",)), "fr_region = 'FR-PAC'"),
    (
        Filters(partner_regions=("RU-MOW",)),
        "event_id IN (SELECT event_id FROM event_regions WHERE region_code = 'RU-MOW')",
    ),
    (Filters(actor_kinds=("state",)), "fr_actor_kind = 'state'"),
    (Filters(partner_countries=("RU",)), "partner_country = 'RU'"),
    (
        Filters(search="Hérouville"),
        "lower(title_fr || ' ' || coalesce(description_fr, '')) LIKE '%hérouville%'",
    ),
    (
        Filters(themes=("culture",), fr_regions=("FR-PAC",)),
        "theme = 'culture' AND fr_region = 'FR-PAC'",
    ),
]


@pytest.mark.parametrize(("filters", "sql"), CASES)
def test_each_filter_selects_what_direct_sql_selects(con, filters, sql):
    where, params = filters.events_where()
    got = {r[0] for r in con.sql(f"SELECT event_id FROM events e WHERE {where}", params=params).fetchall()}
    expected = {r[0] for r in con.sql(f"SELECT event_id FROM events WHERE {sql}").fetchall()}
    assert got == expected and (expected or filters.active)


@pytest.mark.parametrize(("filters", "sql"), CASES)
def test_key_figures_match_direct_sql(con, filters, sql):
    figures = queries.key_figures(con, filters)
    listings, activities, regions, dated = con.sql(f"""
        SELECT count(*), count(DISTINCT activity_id), count(DISTINCT fr_region),
               coalesce(avg((semester <> 'UNKNOWN')::INT), 0)
        FROM events WHERE {sql}""").fetchall()[0]
    partner = con.sql(f"""SELECT count(DISTINCT region_code) FROM event_regions
                          WHERE event_id IN (SELECT event_id FROM events WHERE {sql})""").fetchall()[0][0]
    assert (figures["listings"], figures["activities"], figures["fr_regions"], figures["partner_regions"]) == (
        listings, activities, regions, partner)  # fmt: skip
    assert figures["dated_share"] == pytest.approx(dated)


def test_overview_figures_for_the_whole_catalogue_match_the_database(con):
    by_theme = dict(queries.by_theme(con, Filters()).iter_rows())
    assert by_theme == dict(con.sql("SELECT theme, count(*) FROM events GROUP BY 1").fetchall())
    regions = {r["region"]: r["listings"] for r in queries.by_fr_region(con, Filters()).to_dicts()}
    direct = dict(con.sql("SELECT fr_region, count(*) FROM events WHERE fr_region IS NOT NULL GROUP BY 1").fetchall())
    assert {k: v for k, v in regions.items() if v} == direct
    assert set(queries.METROPOLITAN) <= set(regions)  # all 13, zeros included
    partner = {r["region"]: r["listings"] for r in queries.by_partner_region(con, Filters()).to_dicts()}
    assert partner == dict(con.sql("SELECT region_code, count(*) FROM event_regions GROUP BY 1").fetchall())
    figures = queries.key_figures(con, Filters())
    assert (figures["listings"], figures["activities"], figures["twin_links"]) == (77, 74, 12)


def test_partnership_filters(con):
    culture = queries.partnerships(con, Filters(themes=("culture",)))
    assert all("culture" in list(ts) for ts in culture["themes"].to_list()) and len(culture) > 0
    japan = queries.partnerships(con, Filters(partner_countries=("JP",)))
    assert set(japan["partner_place"]) == {"Shizuoka", "Fukuoka", "Shirakawa"}
    idf = queries.partnerships(con, Filters(fr_regions=("FR-IDF",)))
    assert set(idf["fr_region"]) == {"FR-IDF"}


SEARCHED = [Filters(search="Moscou"), Filters(search="culture moscou", semesters=("S2",)),
            Filters(search="Kazan", themes=("culture", "sport")), Filters(search="no such words anywhere"),
            Filters(search="e"), Filters(search="a", themes=("culture",), semesters=("S1", "YEAR"))]  # fmt: skip
FILTERED_QUERIES = ["key_figures", "by_theme", "by_semester_theme", "by_edition", "by_fr_region", "by_partner_region",
                    "theme_region_matrix", "events_count", "events_table", "partnerships", "link_counts",
                    "links_by_decade", "quality_flags", "places_to_review", "source_conflicts"]  # fmt: skip


@pytest.mark.parametrize("f", SEARCHED, ids=lambda f: f.search)
def test_a_search_found_once_answers_every_query_as_the_scan_does(built_db, f):
    """search.with_search registers the search's listings on the connection; every query then
    reads them instead of scanning the text, and answers exactly the same."""
    con = duckdb.connect(str(built_db), read_only=True)
    resolved = search.with_search(con, f)
    assert resolved.resolved and "LIKE" not in resolved.events_where()[0]
    scanned = duckdb.connect(str(built_db), read_only=True)
    matched = 0
    for name in FILTERED_QUERIES:
        got, expected = getattr(queries, name)(con, resolved), getattr(queries, name)(scanned, f)
        assert got.equals(expected) if isinstance(got, pl.DataFrame) else got == expected, name
        matched += got.height if isinstance(got, pl.DataFrame) else 0
    assert matched or f.search == "no such words anywhere"
    assert search.with_search(con, resolved) is resolved  # found once, not again
    # a word in most listings is kept as the listings it does not match (an anti-join)
    assert resolved.negated == (f.search in ("e", "a"))


CUBE_FILTERS = [Filters(), Filters(themes=("culture",)), Filters(semesters=("S2", "YEAR")), Filters(years=("2024",)),
                Filters(fr_regions=("FR-PAC", "FR-IDF"), themes=("culture", "economy")),
                Filters(partner_countries=("JP",)), Filters(actor_kinds=("state",)),
                Filters(partner_regions=("RU-MOW",)), Filters(search="Moscou", semesters=("S1",)),
                Filters(search="culture", themes=("culture", "sport"), years=("2021",)), Filters(search="zzz-nothing"),
                Filters(search="e", semesters=("S1",)), Filters(search="a", partner_countries=("JP",))]  # fmt: skip


@pytest.mark.parametrize("f", CUBE_FILTERS, ids=repr)
def test_the_overview_counts_read_from_the_cube_match_the_listings_counted_one_by_one(econ, f):
    """by_theme, by_semester_theme, by_edition, by_fr_region and theme_region_matrix read
    event_cube (or a resolved search's own cube) when they can: each agrees with the filtered
    listings grouped in polars."""
    where, params = f.events_where()
    rows = econ.sql(f"SELECT * FROM events e WHERE {where}", params=params).pl()

    def counted(*keys):
        return {tuple(r[:-1]): r[-1] for r in rows.group_by(keys).len().iter_rows()}

    def got(frame, *keys):
        return {tuple(r[k] for k in keys): r["listings"] for r in frame.to_dicts() if r["listings"]}

    for g in {f, search.with_search(econ, f)}:  # a search scanned, and found once (its own cube)
        themes = queries.by_theme(econ, g)
        assert got(themes, "theme") == counted("theme")
        zeros = set(themes.filter(pl.col("listings") == 0)["theme"])
        assert zeros == {t for t in THEMES if t != "other" and (t,) not in counted("theme")}  # every theme on the axis
        semesters = rows.with_columns(pl.coalesce("year", "catalogue_year").alias("year"))
        assert got(queries.by_semester_theme(econ, g), "year", "semester", "theme") == {
            tuple(r[:-1]): r[-1] for r in semesters.group_by("year", "semester", "theme").len().iter_rows()}  # fmt: skip
        assert got(queries.by_edition(econ, g), "catalogue_year", "partner_country") == counted(
            "catalogue_year", "partner_country")  # fmt: skip
        placed = counted("fr_region")
        placed.pop((None,), None)
        assert got(queries.by_fr_region(econ, g), "region") == placed
        matrix = {k: v for k, v in counted("fr_region", "theme").items() if k[0] is not None}
        assert got(queries.theme_region_matrix(econ, g), "region", "theme") == matrix
    assert (econ.sql("SELECT sum(listings) FROM event_cube").fetchall()[0][0]
            == econ.sql("SELECT count(*) FROM events").fetchall()[0][0])  # fmt: skip


@pytest.mark.parametrize("f", CUBE_FILTERS, ids=repr)
def test_key_figures_count_each_activity_once_under_every_filter(econ, f):
    """Activities are the listings less the extra listings of an activity listed more than once
    (activity_repeats, derived by the build): the same as count(DISTINCT activity_id) over the
    filtered listings, for a search found once too."""
    where, params = f.events_where()
    rows = econ.sql(f"SELECT activity_id FROM events e WHERE {where}", params=params).pl()
    assert econ.sql("SELECT count(*) FROM activity_repeats").fetchall()[0][0]  # the editions repeat activities
    for g in {f, search.with_search(econ, f)}:
        figures = queries.key_figures(econ, g)
        assert (figures["listings"], figures["activities"]) == (rows.height, rows["activity_id"].n_unique())


def test_the_cache_key_of_filters_tells_every_field_apart():
    """Streamlit's caches key a Filters by CACHE_KEYS: equal filters share an entry, and a change
    of any one field (the search's readings and its negation included) is another entry."""
    import dataclasses

    key = CACHE_KEYS[Filters]
    base = Filters(themes=("culture",), search="lyon")
    assert key(base) == key(Filters(themes=("culture",), search="lyon"))
    changed = {"search": "lille", "resolved": True, "negated": True, "spellings": (("lyon", "lugdunum"),)}
    for f in dataclasses.fields(Filters):
        other = dataclasses.replace(base, **{f.name: changed.get(f.name, ("2021",))})
        assert key(other) != key(base), f.name
    assert key(Filters(themes=("a,b",))) != key(Filters(themes=("a", "b")))  # no two values read as one
