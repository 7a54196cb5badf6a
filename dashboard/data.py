"""The only module importing both Streamlit and DuckDB: the read-only connection and bounded,
cached wrappers over `queries` (keyed by the hashable Filters, never by widgets)."""

from __future__ import annotations

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
    key = ("cursor", id(con))
    if key not in st.session_state:
        st.session_state[key] = con.cursor()
    return st.session_state[key]


def _fresh() -> duckdb.DuckDBPyConnection:
    return connection().cursor()


@st.cache_data(max_entries=8, show_spinner=False)
def vocabulary(_stamp: float) -> Vocabulary:
    return queries.vocabulary(_fresh())


def load_vocabulary() -> Vocabulary:
    return vocabulary(db_path().stat().st_mtime)


@st.cache_data(max_entries=64, show_spinner=False)
def key_figures(f: Filters, _stamp: float = 0) -> dict:
    return queries.key_figures(_fresh(), f)


def _stamp() -> float:
    """Changes when the ETL replaces the database: part of every cache key."""
    return db_path().stat().st_mtime


@st.cache_data(max_entries=64, show_spinner=False)
def _by_theme(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.by_theme(_fresh(), f)


def by_theme(f: Filters) -> pl.DataFrame:
    return _by_theme(f, _stamp())


@st.cache_data(max_entries=64, show_spinner=False)
def _by_semester_theme(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.by_semester_theme(_fresh(), f)


def by_semester_theme(f: Filters) -> pl.DataFrame:
    return _by_semester_theme(f, _stamp())


@st.cache_data(max_entries=64, show_spinner=False)
def _by_fr_region(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.by_fr_region(_fresh(), f)


def by_fr_region(f: Filters) -> pl.DataFrame:
    return _by_fr_region(f, _stamp())


@st.cache_data(max_entries=64, show_spinner=False)
def _by_partner_region(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.by_partner_region(_fresh(), f)


def by_partner_region(f: Filters) -> pl.DataFrame:
    return _by_partner_region(f, _stamp())


@st.cache_data(max_entries=64, show_spinner=False)
def _theme_region_matrix(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.theme_region_matrix(_fresh(), f)


def theme_region_matrix(f: Filters) -> pl.DataFrame:
    return _theme_region_matrix(f, _stamp())


@st.cache_data(max_entries=64, show_spinner=False)
def _events_table(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.events_table(_fresh(), f)


def events_table(f: Filters) -> pl.DataFrame:
    return _events_table(f, _stamp())


@st.cache_data(max_entries=64, show_spinner=False)
def _links_by_decade(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.links_by_decade(_fresh(), f)


def links_by_decade(f: Filters) -> pl.DataFrame:
    return _links_by_decade(f, _stamp())


@st.cache_data(max_entries=64, show_spinner=False)
def _quality_flags(f: Filters, stamp: float) -> pl.DataFrame:
    return queries.quality_flags(_fresh(), f)


def quality_flags(f: Filters) -> pl.DataFrame:
    return _quality_flags(f, _stamp())


def figures(f: Filters) -> dict:
    return key_figures(f, _stamp())


def partnerships(f: Filters, kinds: tuple[str, ...] = ()) -> pl.DataFrame:
    return queries.partnerships(cursor(), f, kinds)


def event_detail(event_id: str) -> dict | None:
    return queries.event_detail(cursor(), event_id)


def quality_summary() -> pl.DataFrame:
    return queries.quality_summary(cursor())


def sources() -> pl.DataFrame:
    return queries.sources(cursor())
