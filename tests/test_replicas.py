"""Past one machine (docs/scale.md, "Serving many users"): replicas of the app, each its own process,
read the same DuckDB file at once, read-only, and give the same answers; a rebuild swapped in
under them reaches both."""

from __future__ import annotations

import sys

import duckdb

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))


def listings_shown(port: int) -> str:
    from load_test import visit

    seen: list = []
    assert visit(port, [("", "")], seen) == []
    return next(value for label, value in seen if label == "Événements")


def test_two_replicas_serve_the_same_file_and_see_a_rebuild(built_db, tmp_path):
    from load_test import serving, visit

    db = tmp_path / "coop.duckdb"
    before = duckdb.connect(str(built_db), read_only=True)
    total, sport = before.sql("SELECT count(*), count(*) FILTER (WHERE theme = 'sport') FROM events").fetchall()[0]
    before.close()
    db.write_bytes(built_db.read_bytes())
    pages = [("", ""), ("map_links", "theme=culture"), ("events", "q=moscou"), ("partnerships", ""),
             ("quality", "semester=S2"), ("place", "place=region:FR-PAC")]  # fmt: skip
    with serving("dashboard/serve.py", db) as (one, _), serving("dashboard/serve.py", db) as (two, _):
        assert visit(one, pages) == [] and visit(two, pages) == []  # both at once on one file, no lock
        assert listings_shown(one) == listings_shown(two) == str(total)
        con = duckdb.connect(str(db), read_only=True)  # and a third reader still can
        assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] > 0
        con.close()
        swapped = tmp_path / "coop.duckdb.new"  # a rebuild renamed into place, as the ETL writes
        swapped.write_bytes(built_db.read_bytes())
        with duckdb.connect(str(swapped)) as w:
            w.execute("DELETE FROM events WHERE theme = 'sport'")
        swapped.replace(db)
        assert visit(one, pages) == [] and visit(two, pages) == []
        assert sport > 0 and listings_shown(one) == listings_shown(two) == str(total - sport)
