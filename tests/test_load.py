"""Loads: idempotent, atomic, never an empty or half-written database."""

from __future__ import annotations

import duckdb
import pytest

from etl.config import build_settings
from etl.db.load import BuildResult, LoadError, load_build, write_database
from etl.db.schema import ensure_schema
from etl.pipeline import BuildError, build, run_build
from tests.conftest import FIXTURES

TABLES = [
    "regions",
    "events",
    "event_regions",
    "places",
    "event_places",
    "data_quality",
    "raw_lines",
]


def snapshot(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        data = {t: sorted(con.sql(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
        data["sources"] = con.sql("SELECT file, sha256, language, listings FROM sources ORDER BY file").fetchall()
        return data
    finally:
        con.close()


def test_rebuilding_changes_nothing(built_db, tmp_path):
    again = tmp_path / "again.duckdb"
    run_build(build_settings(db_path=again), log=lambda m: None)
    run_build(build_settings(db_path=again), log=lambda m: None)
    assert snapshot(again) == snapshot(built_db)


def test_schema_is_idempotent():
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    ensure_schema(con)
    assert {r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()} >= set(TABLES)


def test_an_empty_parse_is_refused_and_writes_nothing(tmp_path):
    con = duckdb.connect(":memory:")
    with pytest.raises(LoadError, match="empty"):
        load_build(con, BuildResult(events=(), issues=(), sources=(), regions=()))
    with pytest.raises(LoadError):
        write_database(tmp_path / "x.duckdb", BuildResult(events=(), issues=(), sources=(), regions=()))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_build_keeps_the_previous_database(built_db, tmp_path):
    db = tmp_path / "coop.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = snapshot(db)
    with pytest.raises(BuildError, match="not_a_catalogue.txt: no column header row"):
        run_build(
            build_settings(db_path=db, catalogues=[FIXTURES / "not_a_catalogue.txt"]),
            log=lambda m: None,
        )
    assert snapshot(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coop.duckdb"]


def test_a_failure_while_writing_keeps_the_previous_database(built_db, tmp_path, monkeypatch):
    db = tmp_path / "coop.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = snapshot(db)
    result = build(build_settings(db_path=db), log=lambda m: None)

    def broken(con, result):
        con.execute("CREATE TABLE half (x INT)")
        raise RuntimeError("disk full")

    monkeypatch.setattr("etl.db.load.load_build", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_database(db, result)
    assert snapshot(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coop.duckdb"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next_one(built_db, tmp_path):
    """A build killed by SIGKILL leaves `coop.duckdb.tmp-<pid>` and its `.wal`; the next build
    removes those of dead processes and keeps the file of a build still running."""
    import subprocess
    import sys

    from etl.db.load import remove_leftovers

    db = tmp_path / "coop.duckdb"
    db.write_bytes(built_db.read_bytes())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    stale = [tmp_path / f"coop.duckdb.tmp-{pid}", tmp_path / f"coop.duckdb.tmp-{pid}.wal"]
    for f in stale:
        f.write_bytes(b"half a database")
    running = tmp_path / "coop.duckdb.tmp-1"  # pid 1 is alive: a build in progress
    running.write_bytes(b"in progress")
    other = tmp_path / f"other.duckdb.tmp-{pid}"  # another database's file: not ours
    other.write_bytes(b"x")
    assert sorted(remove_leftovers(db)) == sorted(stale)
    assert running.exists() and other.exists() and db.exists()
    result = build(build_settings(db_path=db), log=lambda m: None)
    write_database(db, result)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["coop.duckdb", running.name, other.name])


def test_every_input_line_is_loaded_as_listing_layout_or_reported(con):
    rows = con.sql("""
        SELECT r.source_file, r.line_no, r.kind FROM raw_lines r
        WHERE r.kind = 'unrecognised'
          AND NOT EXISTS (SELECT 1 FROM data_quality d
                          WHERE d.source_file = r.source_file AND d.source_line = r.line_no)
    """).fetchall()
    assert rows == []
    counts = dict(con.sql("SELECT source_file, count(*) FROM raw_lines GROUP BY 1").fetchall())
    assert counts == {"catalogue_2021_fr.txt": 146, "catalogue_2021_en.txt": 141}
    listing_lines = con.sql(
        "SELECT count(*) FROM raw_lines WHERE kind = 'listing' AND source_file = 'catalogue_2021_fr.txt'"
    ).fetchall()[0][0]
    assert listing_lines == con.sql("SELECT count(*) FROM events").fetchall()[0][0]
