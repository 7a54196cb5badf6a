"""The only module importing both Streamlit and DuckDB: the read-only connection and bounded,
cached wrappers over `queries` (keyed by the hashable Filters, never by widgets)."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import polars as pl
import streamlit as st

from dashboard import queries
from dashboard.filters import Filters, Vocabulary
from dashboard.settings import db_path  # noqa: F401  (re-exported for the pages)


@st.cache_resource
def _connection(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection:
    """The database, opened read-only; reopened when the ETL has replaced the file."""
    path = db_path()
    return _connection(str(path), path.stat().st_mtime)


def cursor() -> duckdb.DuckDBPyConnection:
    """One cursor per session (a half-read result never blocks another session)."""
    con = connection()
    key = f"_cursor_{id(con)}"
    if key not in st.session_state:
        st.session_state[key] = con.cursor()
    return st.session_state[key]


def _fresh() -> duckdb.DuckDBPyConnection:
    return connection().cursor()


def _stamp() -> float:
    """Changes when the ETL replaces the database: part of every cache key."""
    return db_path().stat().st_mtime


@st.cache_data(max_entries=8, show_spinner=False)
def _vocabulary(stamp: float) -> Vocabulary:
    return queries.vocabulary(_fresh())


def load_vocabulary() -> Vocabulary:
    return _vocabulary(_stamp())


@st.cache_data(max_entries=256, show_spinner=False)
def _cached(query: str, f: Filters, stamp: float):
    """One bounded cache for every filtered query; the query's name is part of the key."""
    return getattr(queries, query)(_fresh(), f)


def _query(name: str) -> Callable[[Filters], pl.DataFrame]:
    def run(f: Filters) -> pl.DataFrame:
        return _cached(name, f, _stamp())

    run.__name__ = name
    return run


figures = _query("key_figures")
by_theme = _query("by_theme")
by_semester_theme = _query("by_semester_theme")
by_edition = _query("by_edition")
by_fr_region = _query("by_fr_region")
by_partner_region = _query("by_partner_region")
theme_region_matrix = _query("theme_region_matrix")
events_table = _query("events_table")
links_by_decade = _query("links_by_decade")
quality_flags = _query("quality_flags")
places_to_review = _query("places_to_review")
meetings = _query("meetings")
source_conflicts = _query("source_conflicts")


def partnerships(f: Filters) -> pl.DataFrame:
    return queries.partnerships(cursor(), f)


@st.cache_data(max_entries=256, show_spinner=False)
def _by_key(query: str, key: str, stamp: float):
    """One bounded cache for the queries of one place or one search text."""
    return getattr(queries, query)(_fresh(), key)


def place(place_id: str) -> dict | None:
    return _by_key("place", place_id, _stamp())


def place_links(place_id: str) -> pl.DataFrame:
    return _by_key("place_links", place_id, _stamp())


def place_events(place_id: str) -> pl.DataFrame:
    return _by_key("place_events", place_id, _stamp())


def search_places(text: str) -> pl.DataFrame:
    return _by_key("search_places", text, _stamp())


def event_detail(event_id: str) -> dict | None:
    return queries.event_detail(cursor(), event_id)


def quality_summary() -> pl.DataFrame:
    return queries.quality_summary(cursor())


def sources() -> pl.DataFrame:
    return queries.sources(cursor())


@st.cache_data(max_entries=8, show_spinner=False)
def _editions(stamp: float) -> pl.DataFrame:
    return queries.editions(_fresh())


def editions() -> pl.DataFrame:
    return _editions(_stamp())
