"""The only module importing both Streamlit and DuckDB: the read-only connection (one version of
the file per run, whatever a rebuild does meanwhile) and bounded, cached wrappers over `queries`
(keyed by the hashable Filters and that version, never by widgets)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import queries, search
from dashboard.filters import CACHE_KEYS, Filters, Vocabulary
from dashboard.settings import db_path  # noqa: F401  (re-exported for the pages)
from etl.db.schema import TABLES


def stamp(path: Path) -> tuple[int, int, int]:
    """Identity of the database file's current version: changes when the ETL renames a new
    build into place (a new inode), even within one clock tick."""
    st_ = path.stat()
    return st_.st_ino, st_.st_mtime_ns, st_.st_size


class Replaced(RuntimeError):
    """The database file was replaced while it was being opened, or the version a run pinned is
    no longer open and the file now holds another."""


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, version: tuple[int, int, int]) -> duckdb.DuckDBPyConnection:
    """A new DuckDB instance per version of the file. `duckdb.connect(path)` would hand back the
    instance still open on the replaced file (DuckDB caches instances by path), so the file is
    attached to a fresh in-memory instance instead. The file must still be `version` once
    attached (else the instance holds another build, and is not kept under this version's
    name). An evicted instance lives on until the sessions still reading it let go of their
    cursors."""
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS coop (READ_ONLY)", [path])
    if stamp(Path(path)) != version:
        con.close()
        raise Replaced(f"{path} was replaced while it was opened")
    return con


def _cursor_of(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    cur = con.cursor()
    cur.execute("USE coop")  # a cursor starts in the instance's empty default catalog
    return cur


def _open_version(tries: int = 20) -> tuple[int, int, int]:
    """The file's current version, opened (a build renamed into place between the two reads of
    its identity is read again)."""
    path = db_path()
    for _ in range(tries):
        now = stamp(path)
        try:
            _connection(str(path), now)
        except Replaced:
            continue
        return now
    raise Replaced(f"{path} keeps being replaced")


PINNED = "_database_version"  # session state: the version every query of the current run reads


def _in_run() -> bool:
    return get_script_run_ctx(suppress_warning=True) is not None


def pin() -> None:
    """Called once at the top of every run (dashboard/app.py): every query, figure and count of
    the run then reads this one version of the database, so that a rebuild renamed into place
    during the run never mixes two builds on one page (key figures of one, a chart of the
    other); the next run reads the new one."""
    st.session_state[PINNED] = _open_version()


def version() -> tuple[int, int, int]:
    """The version the current run pinned (outside a run: the file's current version). Part of
    every cache key here and outside this module, and the version `_cursor` opens: a cache entry
    never holds another build's rows."""
    if _in_run() and PINNED in st.session_state:
        return st.session_state[PINNED]
    return _open_version()


def _cursor(version: tuple[int, int, int]) -> duckdb.DuckDBPyConnection:
    """A new cursor on `version` of the database, for one query or one download (a half-read
    result never blocks another session). If that version was evicted and the file has moved
    on (two rebuilds during one run), the run starts again on the current file."""
    try:
        return _cursor_of(_connection(str(db_path()), version))
    except Replaced:
        if _in_run():
            st.session_state.pop(PINNED, None)
            st.rerun()
        raise


@st.cache_data(max_entries=8, show_spinner=False)
def _missing_tables(stamp: tuple) -> tuple[str, ...]:
    present = {name for (name,) in _cursor(stamp).sql("SELECT table_name FROM duckdb_tables() WHERE database_name = 'coop'")
               .fetchall()}  # fmt: skip
    return tuple(name for name in TABLES if name not in present)


def missing_tables() -> tuple[str, ...]:
    """Tables of the current schema the database lacks (built by an older version: rebuild it)."""
    return _missing_tables(version())


@st.cache_data(max_entries=8, show_spinner=False)
def _vocabulary(stamp: tuple) -> Vocabulary:
    return queries.vocabulary(_cursor(stamp))


@st.cache_resource(max_entries=2, show_spinner=False)
def _listings(stamp: tuple) -> search.Listings:
    """Every listing's id and cube row by its number in the word index (~20 MB at a million
    listings), read once per database for every search."""
    return search.listings(_cursor(stamp))


def load_vocabulary() -> Vocabulary:
    """The database's filter values; with them, on a new database, the index a search reads
    (search.Listings: read once per database, not on some user's first search)."""
    _listings(version())
    return _vocabulary(version())


@st.cache_data(max_entries=64, show_spinner=False)
def _readings(words: tuple[str, ...], stamp: tuple) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """A search's other readings (the place it names written another way) and those names as
    written, found once per search for the queries and the sidebar (search.readings_and_names)."""
    return search.readings_and_names(_cursor(stamp), words)


@st.cache_resource(max_entries=4, show_spinner=False)
def _search_hits(readings: tuple[tuple[str, ...], ...], stamp: tuple) -> search.SearchHits:
    """The listings a search matches (an Arrow table of ids, at most half of the listings: 5.7 MB
    for 351k of a million, so few are kept; and their counts), found once for every query of
    every session searching the same words."""
    return search.search_hits(_cursor(stamp), readings, _listings(stamp))


def ready(f: Filters, at: tuple[int, int, int] | None = None) -> tuple[duckdb.DuckDBPyConnection, Filters]:
    """A new cursor on version `at` (by default the run's), and `f` as the queries on it read it:
    a search resolved once (its listings registered on this cursor only), not scanned again by
    every query."""
    at = at or version()
    cur = _cursor(at)
    if not f.search.strip() or f.resolved:
        return cur, f
    f = replace(f, spellings=_readings(f.words, at)[0])
    return cur, search.with_search(cur, f, _search_hits(f.readings, at))


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=CACHE_KEYS)
def _cached(query: str, f: Filters, stamp: tuple, *more):
    """One bounded cache for every filtered query; the query's name (and its other arguments)
    are part of the key."""
    return getattr(queries, query)(*ready(f, stamp), *more)


def _query(name: str) -> Callable[[Filters], pl.DataFrame]:
    def run(f: Filters) -> pl.DataFrame:
        return _cached(name, f, version())

    run.__name__ = name
    return run


figures = _query("key_figures")
by_theme = _query("by_theme")
by_semester_theme = _query("by_semester_theme")
by_edition = _query("by_edition")
by_country = _query("by_country")
by_fr_region = _query("by_fr_region")
by_partner_region = _query("by_partner_region")
theme_region_matrix = _query("theme_region_matrix")
links_by_decade = _query("links_by_decade")
meetings = _query("meetings")
link_counts = _query("link_counts")


def rows(name: str, f: Filters) -> int:
    """How many rows a paged table has (queries.row_count)."""
    return _cached("row_count", f, version(), name)


def page(name: str, f: Filters, limit: int, offset: int = 0) -> pl.DataFrame:
    """One page of a paged table (`partnerships`, `quality_flags`, `places_to_review`,
    `source_conflicts`), sorted in DuckDB: the browser never receives the whole table."""
    return _cached(name, f, version(), limit, offset)


def every_row(name: str, f: Filters) -> pl.DataFrame:
    """The whole of a paged table, for a download (on click only; never cached)."""
    return getattr(queries, name)(*ready(f))


def map_counts(f: Filters, layers: tuple[str, ...], focus: str | None = None) -> dict[str, int]:
    return _cached("map_counts", f, version(), tuple(layers), focus)


def map_links(f: Filters, layers: tuple[str, ...], focus: str | None = None) -> pl.DataFrame:
    return _cached("map_links", f, version(), tuple(layers), focus)


def link_documents(f: Filters, layers: tuple[str, ...], focus: str | None = None) -> pl.DataFrame:
    return _cached("link_documents", f, version(), tuple(layers), focus)


def decade_documents(f: Filters) -> pl.DataFrame:
    return _cached("decade_documents", f, version())


def link_arcs(f: Filters, layers: tuple[str, ...], focus: str | None, color_by: str) -> pl.DataFrame:
    return _cached("link_arcs", f, version(), tuple(layers), focus, color_by, queries.MOST_ARCS)


@st.cache_data(max_entries=256, show_spinner=False)
def _by_key(query: str, key: str, stamp: tuple, *more):
    """One bounded cache for the queries of one place or one search text (and their other
    arguments: a part, a page)."""
    return getattr(queries, query)(_cursor(stamp), key, *more)


def place(place_id: str) -> dict | None:
    return _by_key("place", place_id, version())


def place_links(place_id: str, part: str | None = None, limit: int | None = None, offset: int = 0) -> pl.DataFrame:
    return _by_key("place_links", place_id, version(), part, limit, offset)


def place_events(place_id: str, limit: int | None = None, offset: int = 0) -> pl.DataFrame:
    return _by_key("place_events", place_id, version(), limit, offset)


def place_counts(place_id: str) -> dict[str, int]:
    return _by_key("place_counts", place_id, version())


def place_arcs(place_id: str) -> pl.DataFrame:
    """A place's links grouped by region pair, coloured by kind (its map, when too many to draw)."""
    return _cached("link_arcs", Filters(), version(), ("stated", "events"), place_id, "kind", queries.MOST_ARCS)


def search_places(text: str) -> pl.DataFrame:
    return _by_key("search_places", text, version())


def search_spellings(f: Filters) -> list[str]:
    """The names, as written, a search is also found by (the place it names written another way)."""
    return list(_readings(f.words, version())[1]) if f.words else []


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=CACHE_KEYS)
def _events_page(f: Filters, order: str, limit: int, offset: int, stamp: tuple) -> pl.DataFrame:
    return queries.events_table(*ready(f, stamp), order, limit, offset)


def events_page(f: Filters, order: str, limit: int, offset: int) -> pl.DataFrame:
    """One page of the filtered listings, sorted in DuckDB."""
    return _events_page(f, order, limit, offset, version())


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=CACHE_KEYS)
def _events_count(f: Filters, stamp: tuple) -> int:
    return queries.events_count(*ready(f, stamp))


def events_count(f: Filters) -> int:
    return _events_count(f, version())


def events_all(f: Filters) -> pl.DataFrame:
    """Every filtered listing, for a download (on click only; never cached)."""
    return queries.events_table(*ready(f))


def event_detail(event_id: str) -> dict | None:
    return _by_key("event_detail", event_id, version())


@st.cache_data(max_entries=8, show_spinner=False)
def _quality_summary(stamp: tuple) -> pl.DataFrame:
    return queries.quality_summary(_cursor(stamp))


def quality_summary() -> pl.DataFrame:
    return _quality_summary(version())


@st.cache_data(max_entries=8, show_spinner=False)
def _sources(stamp: tuple) -> pl.DataFrame:
    return queries.sources(_cursor(stamp))


def sources() -> pl.DataFrame:
    return _sources(version())


@st.cache_data(max_entries=8, show_spinner=False)
def _editions(stamp: tuple) -> pl.DataFrame:
    return queries.editions(_cursor(stamp))


def editions() -> pl.DataFrame:
    return _editions(version())
