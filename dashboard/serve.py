"""The app as served (`make run`: `streamlit run dashboard/serve.py`): Streamlit's ASGI server
with dashboard/app.py, plus one route streaming whole tables from DuckDB as files.

    GET /api/download/<table>.<csv|parquet|xlsx>?<the page's filters>&lang=fr&file=<name>

The pages link their table downloads here (ui.table_downloads), so a table of a million
listings is read a batch at a time (dashboard.downloads), not built whole in the server's
memory by a download button (CSV and Parquet are sent as they are written; XLSX once its
worksheet, written row by row to a temporary file, is closed). A filter value the database does not hold is
refused (400), never dropped in silence: the file would not be the table the page showed.
Wiring only.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import streamlit as st
from starlette.responses import PlainTextResponse, StreamingResponse
from starlette.routing import Route

from dashboard import downloads, exports, queries
from dashboard.filters import URL_KEYS, Filters
from dashboard.settings import DOWNLOAD_ROUTE_ENV, db_path

ROUTE = "api/download"
os.environ[DOWNLOAD_ROUTE_ENV] = ROUTE  # the pages link their downloads to the route below


MEMORY_LIMIT = "512MB"  # DuckDB's share of a download (sorting a million listings spills to disk past it)


def _rows(path: Path, name: str, params, lang: str, fmt: str):
    """The file's bytes, a batch at a time, from a connection of its own (closed at the end).
    Every listing of a million (README, Scale): without a limit DuckDB held the sorted table and
    the server peaked at 2.3 GB; with it, at 1.1 GB (160 MB before the download)."""
    spill = tempfile.mkdtemp(prefix="coop-download-")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute("SET temp_directory = ?", [spill])
        con.execute("SET enable_progress_bar = false")
        con.execute("ATTACH ? AS coop (READ_ONLY)", [str(path)])
        con.execute("USE coop")
        vocab = queries.vocabulary(con)
        f, ignored = Filters.from_query_params(params, vocab.as_mapping())
        if ignored:
            raise ValueError("unknown filter values: " + ", ".join(ignored))
        if fmt == "xlsx" and downloads.rows(con, name, f) > exports.XLSX_ROWS:
            raise ValueError(f"more than {exports.XLSX_ROWS:,} rows: a worksheet cannot hold them; CSV or Parquet can")
        yield b""  # the filters hold: the response can start
        yield from downloads.stream(downloads.frames(con, name, f, vocab, lang), fmt)
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


_PARAMETERS = {*URL_KEYS, "q", "lang", "file"}  # what the page's own download links carry


async def download(request):
    table, fmt = request.path_params["table"], request.path_params["fmt"]
    if table not in downloads.TABLES or fmt not in downloads.MEDIA:
        return PlainTextResponse("no such table or format", status_code=404)
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    unknown = sorted(set(params) - _PARAMETERS)
    if unknown:  # "themes=culture" would otherwise be ignored and the whole table sent
        return PlainTextResponse(f"unknown parameters: {', '.join(unknown)} (known: {', '.join(sorted(_PARAMETERS))})",
                                 status_code=400)  # fmt: skip
    lang = "en" if request.query_params.get("lang") == "en" else "fr"
    body = _rows(db_path(), table, params, lang, fmt)
    try:
        next(body)  # opens the database and checks the filters before any byte is sent
    except ValueError as error:
        return PlainTextResponse(str(error), status_code=400)
    except duckdb.Error as error:
        return PlainTextResponse(f"database not readable: {error}", status_code=503)
    name = downloads.file_name(request.query_params.get("file", table), fmt)
    return StreamingResponse(body, media_type=downloads.MEDIA[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


app = st.App(
    str(Path(__file__).resolve().parent / "app.py"),
    routes=[Route(f"/{ROUTE}/{{table}}.{{fmt}}", download)],
)
