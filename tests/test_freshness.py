"""A rebuilt database reaches every open session at its next rerun, without a restart and
without an error during the swap (issue 13). AppTest sessions share the process's caches and
DuckDB instances as a server's sessions do, so the bug this guards against (DuckDB handing back
the instance still open on the replaced file) shows here."""

from __future__ import annotations

import threading
import time

import pytest

from etl.config import build_settings
from etl.db.load import write_database
from etl.pipeline import build
from tests.conftest import FIXTURES, RAW, app_factory, chart_specs, metrics


@pytest.fixture(scope="module")
def results():
    """Two builds of different sizes: the 2021 catalogue, then with its 2022 supplement."""
    quiet = dict(log=lambda m: None)
    small = build(build_settings(catalogues=[RAW / "catalogue_2021_fr.txt"]), **quiet)
    large = build(
        build_settings(catalogues=[RAW / "catalogue_2021_fr.txt", FIXTURES / "catalogue_2022_supplement_fr.txt"]),
        **quiet,
    )
    assert len(large.events) > len(small.events)
    return small, large


def shown(at) -> int:
    """The listings the Overview shows, checked against its theme chart (shared by sessions)."""
    assert not at.exception, at.exception
    listings = int(metrics(at)["Événements"].replace("\u202f", "").replace(" ", ""))
    (bars,) = [s for s in chart_specs(at) if s["layout"]["title"]["text"].startswith("Événements par thème")]
    assert sum(bars["data"][0]["x"]) == listings
    return listings


def test_open_sessions_show_each_rebuild_at_their_next_rerun(results, tmp_path, monkeypatch):
    small, large = results
    db = tmp_path / "coop.duckdb"
    write_database(db, small)
    make = app_factory(db, monkeypatch)
    sessions = [make() for _ in range(3)]
    assert [shown(at) for at in sessions] == [len(small.events)] * 3
    for result in (large, small, large):
        write_database(db, result)  # what `make db` does while the dashboard is open
        assert [shown(at.run()) for at in sessions] == [len(result.events)] * 3


def test_no_session_errs_while_rebuilds_swap_the_file_under_it(results, tmp_path, monkeypatch):
    small, large = results
    db = tmp_path / "coop.duckdb"
    write_database(db, small)
    make = app_factory(db, monkeypatch)
    sessions = [make(), make("app_pages/events.py"), make("app_pages/quality.py")]
    stop, failures, swaps = threading.Event(), [], [0]

    def rebuild() -> None:
        try:
            while not stop.is_set():
                write_database(db, large if swaps[0] % 2 else small)
                swaps[0] += 1
        except Exception as exc:  # noqa: BLE001 — reported by the test
            failures.append(exc)

    worker = threading.Thread(target=rebuild)
    worker.start()
    try:
        # Rerun until several swaps happened during the reruns (a build's time varies with the
        # machine's load: a fixed number of rounds once saw a single swap on CI).
        seen, rounds, deadline = set(), 0, time.monotonic() + 180
        while (rounds < 4 or swaps[0] < 3) and not failures and time.monotonic() < deadline:
            for at in sessions:
                at.run()
                assert not at.exception, at.exception
            seen.add(shown(sessions[0]))
            rounds += 1
    finally:
        stop.set()
        worker.join()
    assert not failures and swaps[0] >= 3, (failures, swaps)
    assert seen <= {len(small.events), len(large.events)}
    write_database(db, large)
    assert shown(sessions[0].run()) == len(large.events)


def rebuild_during_the_theme_chart(monkeypatch, *rebuilds) -> list[int]:
    """Calls each of `rebuilds` once, the first time the Overview asks for its theme chart (after
    its key figures): a build renamed into place in the middle of a run. Returns the number of
    theme-chart queries run, by the database version asked."""
    from dashboard import queries

    asked, by_theme = [], queries.by_theme

    def by_theme_then_rebuild(con, f):
        asked.append(1)
        if len(asked) == 1:
            for rebuild in rebuilds:
                rebuild()
        return by_theme(con, f)

    monkeypatch.setattr(queries, "by_theme", by_theme_then_rebuild)
    return asked


def test_a_rebuild_during_a_run_never_mixes_two_builds_on_one_page(results, tmp_path, monkeypatch):
    """The run's key figures and its charts read one version: the one it started on. The next
    run shows the new build."""
    small, large = results
    db = tmp_path / "coop.duckdb"
    write_database(db, small)
    make = app_factory(db, monkeypatch)
    rebuild_during_the_theme_chart(monkeypatch, lambda: write_database(db, large))
    at = make()
    assert shown(at) == len(small.events)
    assert shown(at.run()) == len(large.events)


def test_a_run_whose_database_was_closed_under_it_starts_again_on_the_new_one(results, tmp_path, monkeypatch):
    """Two rebuilds opened by other sessions during one run evict the version the run read
    (two are kept open): the run starts again on the current file, and still shows one build."""
    from dashboard import data

    small, large = results
    db = tmp_path / "coop.duckdb"
    write_database(db, large)
    make = app_factory(db, monkeypatch)

    def another_session_opens(result):
        def rebuild():
            write_database(db, result)
            data._connection(str(db), data.stamp(db))

        return rebuild

    asked = rebuild_during_the_theme_chart(monkeypatch, another_session_opens(large), another_session_opens(small))
    at = make()
    assert shown(at) == len(small.events)
    assert len(asked) == 2  # the theme chart asked again, of the new version


def test_a_database_of_an_older_schema_is_named_not_crashed_on(built_db, tmp_path, monkeypatch):
    """A database built before a table was added (the search tables here): a clear message
    naming what is missing and how to rebuild, instead of an error on the first search."""
    import duckdb

    old = tmp_path / "old.duckdb"
    old.write_bytes(built_db.read_bytes())
    with duckdb.connect(str(old)) as con:
        con.execute("DROP TABLE event_search")
        con.execute("DROP TABLE link_search")
    at = app_factory(old, monkeypatch)(None, q="moscou")
    assert not at.exception, at.exception
    (error,) = at.error
    assert "event_search, link_search" in error.value and "make db" in error.value
    at = app_factory(built_db, monkeypatch)(None, q="moscou")
    assert not at.exception and not at.error
