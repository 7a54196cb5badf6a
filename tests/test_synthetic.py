"""The synthetic databases of the benchmark (scripts/synthetic.py): the real schema, realistic
counts, and every page of the dashboard runs on them as on a real build."""

from __future__ import annotations

import sys

import duckdb
import polars as pl
import pytest

from dashboard import link_map
from tests.conftest import ROOT, app_factory, chart_specs, metrics

sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def synthetic_db(built_db, tmp_path_factory):
    from synthetic import generate

    db = tmp_path_factory.mktemp("synthetic") / "coop.duckdb"
    sizes = generate(built_db, db, 3000)
    assert sizes["events"] == 3000 and 250 <= sizes["partnerships"] <= 300  # links for ~10 % of listings
    return db


def test_the_synthetic_database_has_the_shape_of_a_registry(synthetic_db):
    con = duckdb.connect(str(synthetic_db), read_only=True)
    one = lambda sql: con.sql(sql).fetchall()[0][0]  # noqa: E731
    assert one("SELECT count(DISTINCT catalogue_year) FROM events") == 14
    assert one("SELECT count(*) FROM events WHERE fr_region IS NULL") == 0
    assert one("SELECT count(*) FROM event_regions") == 3000  # one partner subdivision each
    assert (
        one("SELECT count(*) FROM (SELECT source_file, source_line FROM events GROUP BY ALL HAVING count(*) > 1)") == 0
    )
    assert one("SELECT sum(listings) FROM sources") == 3000  # every listing traced to its edition
    missing = one(
        "SELECT count(*) FROM event_regions r LEFT JOIN regions g ON g.code = r.region_code WHERE g.code IS NULL"
    )
    assert missing == 0  # only real subdivisions
    top = con.sql("SELECT fr_region FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 3").fetchall()
    assert ("FR-PAC",) in top  # weighted like the 2021 catalogue, not uniform


@pytest.mark.parametrize("page", [None, "app_pages/map_links.py", "app_pages/events.py", "app_pages/partnerships.py",
                                  "app_pages/quality.py", "app_pages/place.py"])  # fmt: skip
def test_every_page_runs_on_a_synthetic_registry(synthetic_db, monkeypatch, page):
    at = app_factory(synthetic_db, monkeypatch)(page, theme="culture")
    assert not at.exception, at.exception
    if page is None:
        con = duckdb.connect(str(synthetic_db), read_only=True)
        expected = con.sql("SELECT count(*) FROM events WHERE theme = 'culture'").fetchall()[0][0]
        assert metrics(at)["Événements"].replace("\u202f", "") == str(expected)


def test_the_events_table_sends_a_page_sorted_in_duckdb(synthetic_db, monkeypatch):
    """3,000 listings: the browser gets 200 rows; the page and the sort are DuckDB's, over all."""
    from dashboard import queries
    from dashboard.filters import Filters

    at = app_factory(synthetic_db, monkeypatch)("app_pages/events.py")
    assert not at.exception
    (table,) = [d.value for d in at.dataframe]
    assert len(table) == 200 and "1 à 200 sur 3\u202f000" in " ".join(c.value for c in at.caption)
    at.number_input(key="events_pageno").set_value(3).run()
    at.selectbox(key="events_order").select("date").run()
    (table,) = [d.value for d in at.dataframe]
    con = duckdb.connect(str(synthetic_db), read_only=True)
    expected = queries.events_table(con, Filters(), "date", 200, 400)
    assert table["Titre"].to_list() == expected["title_fr"].to_list()
    at.number_input(key="events_pageno").set_value(2).run()  # a filter change shows its first page again
    at.multiselect(key="w_theme").select("culture").run()
    assert not at.exception and at.number_input(key="events_pageno").value == 1
    first = con.sql("SELECT min(date_start) FROM events").fetchall()[0][0]
    assert queries.events_table(con, Filters(), "date", 1, 0)["date_start"][0] == first


@pytest.mark.parametrize("order", ["document", "date", "title", "region"])
def test_a_page_of_listings_is_the_same_rows_as_the_whole_table_sliced(synthetic_db, order):
    """A page reads its ids sorted first, then those rows in full: the same rows, columns and
    order as the whole sorted table cut at the page, partner regions included."""
    from dashboard import queries
    from dashboard.filters import Filters

    con = duckdb.connect(str(synthetic_db), read_only=True)
    for f in (Filters(), Filters(themes=("culture",), semesters=("S2",)), Filters(search="ville")):
        whole = queries.events_table(con, f, order)
        for offset in (0, 200, whole.height - 7):
            assert queries.events_table(con, f, order, 200, offset).equals(whole.slice(offset, 200))
    assert queries.events_table(con, Filters(search="no such words anywhere"), order, 200, 0).height == 0


@pytest.mark.parametrize("name", ["partnerships", "quality_flags", "places_to_review", "source_conflicts"])
def test_the_pages_of_a_table_are_its_rows_each_once(synthetic_db, name):
    """Every paged table's order ends on a unique key: its pages, read one after another, give
    each row of the whole table once (a sort with ties may cut a page differently at each query)."""
    from dashboard import queries
    from dashboard.filters import Filters

    con = duckdb.connect(str(synthetic_db), read_only=True)
    for f in (Filters(), Filters(themes=("culture",))):
        whole = getattr(queries, name)(con, f)
        assert whole.height == queries.row_count(con, f, name)
        assert whole.height or name in ("places_to_review", "source_conflicts")  # none in the generated data
        size = max(1, whole.height // 9)
        pages = [getattr(queries, name)(con, f, size, offset) for offset in range(0, whole.height, size)]
        assert pl.concat(pages).equals(whole) if pages else whole.is_empty()


def test_grouped_arcs_count_every_link_once_per_pair(synthetic_db):
    """link_arcs: each pair's links by kind add up to its total, the totals to the map's count,
    and a theme's arcs to the links carrying that theme."""
    from dashboard import queries
    from dashboard.filters import Filters

    con = duckdb.connect(str(synthetic_db), read_only=True)
    for f, layers in ((Filters(), ("stated", "events")), (Filters(themes=("culture",)), ("stated",)),
                      (Filters(semesters=("S2",)), ("events",))):  # fmt: skip
        counts = queries.map_counts(con, f, layers)
        arcs = queries.link_arcs(con, f, layers, color_by="theme")
        pairs = arcs.unique(["fr_key", "partner_key"])
        assert pairs["total"].sum() == sum(counts.values()) == arcs["all_links"][0]
        assert link_map.arc_counts(arcs) == counts  # the map page counts its links from its arcs
        assert all(sum(n for _, n in link_map.kinds_of(k)) == t for k, t in pairs.select("kinds", "total").iter_rows())
        links = queries.map_links(con, f, layers)
        for theme in ("culture", "sport"):
            with_theme = links.filter(pl.col("themes").list.contains(theme)).height
            assert arcs.filter(pl.col("grp") == theme)["links"].sum() == with_theme
        by_kind = queries.link_arcs(con, f, layers, color_by="kind")
        assert by_kind["links"].sum() == sum(counts.values())  # a link has one kind
    capped = queries.link_arcs(con, Filters(), ("stated", "events"), most=5)
    assert capped.unique(["fr_key", "partner_key"]).height == 5 and capped["pairs"][0] > 5
    assert link_map.arc_counts(capped) == queries.map_counts(con, Filters(), ("stated", "events"))  # every pair
    focus = capped["fr_key"][0]
    assert link_map.arc_counts(queries.link_arcs(con, Filters(), link_map.LAYERS, focus)) == queries.map_counts(
        con, Filters(), link_map.LAYERS, focus
    )
    nothing = Filters(search="no such words anywhere")
    assert link_map.arc_counts(queries.link_arcs(con, nothing, link_map.LAYERS)) == {"stated": 0, "events": 0}


def test_a_region_focus_keeps_the_links_of_its_places(synthetic_db):
    from dashboard import queries
    from dashboard.filters import Filters

    con = duckdb.connect(str(synthetic_db), read_only=True)
    everything = queries.map_links(con, Filters(), link_map.LAYERS)
    focused = queries.map_links(con, Filters(), link_map.LAYERS, "region:FR-PAC")
    expected = everything.filter((pl.col("fr_region") == "FR-PAC") | (pl.col("partner_region") == "FR-PAC"))
    assert 0 < focused.height == expected.height < everything.height
    assert link_map.select_links(everything, focus="region:FR-PAC").height == focused.height  # same rule in polars


def test_the_map_groups_links_by_region_pair_above_its_bound(synthetic_db, monkeypatch):
    """Above MOST_LINKS the map draws one arc per region pair (the payload follows the pairs, not
    the links); a click on a region shows its links, one by one when few enough."""
    from dashboard import queries
    from dashboard.filters import Filters

    monkeypatch.setattr(link_map, "MOST_LINKS", 50)
    run = app_factory(synthetic_db, monkeypatch)
    at = run("app_pages/map_links.py")
    assert not at.exception, at.exception
    assert any("arcs" in c.value for c in at.caption)
    fig = chart_specs(at)[0]
    con = duckdb.connect(str(synthetic_db), read_only=True)
    pairs = queries.link_arcs(con, Filters(), link_map.LAYERS).unique(["fr_key", "partner_key"]).height
    hover = [tr for tr in fig["data"] if tr["meta"] == ["hover", "arcs"]]
    assert len(hover) == 1 and len(hover[0]["customdata"]) == pairs
    counts = queries.map_counts(con, Filters(), link_map.LAYERS)
    assert f"{counts['stated']:,}".replace(",", "\u202f") in fig["layout"]["title"]["text"]
    regions = [i for tr in fig["data"] if tr["meta"][0] == "places" for i in tr["customdata"]]
    assert "region:FR-PAC" in regions
    monkeypatch.setattr(queries, "MOST_ARCS", 5)  # the least-linked pairs left out, and said
    at = run("app_pages/map_links.py", colour="kind")
    assert not at.exception, at.exception
    fig = chart_specs(at)[0]
    assert [len(tr["customdata"]) for tr in fig["data"] if tr["meta"] == ["hover", "arcs"]] == [5]
    left = [c.value for c in at.caption if "ne sont pas tracées" in c.value]
    assert len(left) == 1 and str(pairs - 5) in left[0]
    monkeypatch.setattr(link_map, "MOST_LINKS", 1500)
    at = run("app_pages/map_links.py", focus="region:FR-PAC")
    assert not at.exception, at.exception
    fig = chart_specs(at)[0]
    single = [tr for tr in fig["data"] if tr["meta"][0] == "hover"]
    links = queries.map_links(con, Filters(), link_map.LAYERS, "region:FR-PAC").height
    assert sum(len(tr["customdata"]) for tr in single) == links  # one by one: a hover per link


def test_the_vectorised_frame_follows_the_arcs_plotly_draws():
    df = pl.DataFrame({"fr_lat": [48.85, 43.3, 45.0], "fr_lon": [2.35, 5.37, 0.0],
                       "partner_lat": [55.75, 59.9, 45.0], "partner_lon": [37.6, 30.3, 0.0]})  # fmt: skip
    lats, lons = link_map.arcs_points(df)
    for i, r in enumerate(df.iter_rows(named=True)):
        points = link_map.arc_points(r["fr_lat"], r["fr_lon"], r["partner_lat"], r["partner_lon"])
        for j, (lat, lon) in enumerate(points):
            assert abs(lats[i, j] - lat) < 1e-9 and abs(lons[i, j] - lon) < 1e-9
    across = pl.DataFrame({"fr_lat": [43.1], "fr_lon": [131.9], "partner_lat": [61.2], "partner_lon": [-149.9]})
    assert link_map.link_frame(across)[2:] == pytest.approx((131.9, 210.1))  # across the antimeridian: a narrow frame
    lat0, lat1, lon0, lon1 = link_map.link_frame(df)
    assert lat1 >= 59.9 and lat0 <= 43.3 and abs(lon0) < 1e-9 and abs(lon1 - 37.6) < 1e-9


@pytest.mark.parametrize(("page", "key", "name", "column", "field"), [
    ("app_pages/partnerships.py", "links", "partnerships", "Lieu français", "fr_place_fr"),
    ("app_pages/quality.py", "flags", "quality_flags", "Lignes", "source_line"),
])  # fmt: skip
def test_link_and_flag_tables_send_a_page_of_duckdb_rows(synthetic_db, monkeypatch, page, key, name, column, field):
    """Above 200 rows the Partnerships and Data quality tables show a page, counted in DuckDB."""
    from dashboard import queries
    from dashboard.filters import Filters

    at = app_factory(synthetic_db, monkeypatch)(page)
    assert not at.exception, at.exception
    con = duckdb.connect(str(synthetic_db), read_only=True)
    total = queries.row_count(con, Filters(), name)
    assert total > 200
    tables = [d.value for d in at.dataframe if len(d.value) == 200]
    assert len(tables) == 1 and all(len(d.value) <= 200 for d in at.dataframe)
    shown = f"1 à 200 sur {total:,}".replace(",", "\u202f")
    assert shown in " ".join(c.value for c in at.caption)
    at.number_input(key=f"{key}_pageno").set_value(2).run()
    assert not at.exception, at.exception
    (table,) = [d.value for d in at.dataframe if len(d.value) == min(200, total - 200)]
    expected = getattr(queries, name)(con, Filters(), 200, 200)
    assert [str(x) for x in table[column].to_list()] == [str(x) for x in expected[field].to_list()]


def test_a_region_page_pages_its_listings_and_groups_its_map(synthetic_db, monkeypatch):
    """A region of a large registry: counts from DuckDB, a page of its listings, a grouped map."""
    from dashboard import queries

    monkeypatch.setattr(link_map, "MOST_LINKS", 5)
    at = app_factory(synthetic_db, monkeypatch)("app_pages/place.py", place="region:FR-PAC")
    assert not at.exception, at.exception
    con = duckdb.connect(str(synthetic_db), read_only=True)
    counts = queries.place_counts(con, "region:FR-PAC")
    expected = con.sql("SELECT count(*) FROM events WHERE fr_region = 'FR-PAC'").fetchall()[0][0]
    assert counts["events"] == expected > 200
    assert metrics(at)["Événements"].replace("\u202f", "") == str(expected)
    assert all(len(d.value) <= 200 for d in at.dataframe)
    assert f"1 à 200 sur {expected:,}".replace(",", "\u202f") in " ".join(c.value for c in at.caption)
    town, links = con.sql(
        "SELECT fr_place_id, count(*) FROM partnerships GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    ).fetchall()[0]
    assert links > 5
    at = app_factory(synthetic_db, monkeypatch)("app_pages/place.py", place=town)
    assert not at.exception, at.exception
    assert any("arcs" in c.value for c in at.caption)  # its links, grouped by region pair
    counts = queries.place_counts(con, town)
    assert counts["stated"] + counts["through"] == links
