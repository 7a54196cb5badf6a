"""The synthetic databases of the benchmark (scripts/synthetic.py): the real schema, realistic
counts, and every page of the dashboard runs on them as on a real build."""

from __future__ import annotations

import sys

import duckdb
import pytest

from tests.conftest import ROOT, app_factory, metrics

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
