"""The app as served (`make run`: `streamlit run dashboard/serve.py`): Streamlit's ASGI server
with dashboard/app.py, plus one route sending whole tables from DuckDB as files.

    GET /api/download/<table>.<csv|parquet|xlsx>?<the page's filters>&lang=fr&file=<name>&session=<id>

The pages link their table downloads here (ui.table_downloads). A table of a million listings is
read a batch at a time (dashboard.downloads) by a worker thread into a temporary file, then sent
from that file: the server holds one batch, not the table.

No download can starve the readers (issue 26): at most `slots` files are prepared at once,
server-wide, each by a worker of lowered priority on one DuckDB thread with its share of one
memory budget (settings.DownloadLimits); the others wait their turn in a line of `queue`, one
per session (dashboard.gate), and past it are refused with a message saying how many are ahead
(503, Retry-After). A slot is held while the file is prepared, not while it is sent: a slow
client holds a file descriptor, not a slot. A filter value the database does not hold is
refused (400), never dropped in silence: the file would not be the table the page showed.
Wiring only.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import streamlit as st
from starlette.responses import PlainTextResponse, StreamingResponse
from starlette.routing import Route

from dashboard import downloads, exports, gate, queries
from dashboard.filters import URL_KEYS, Filters
from dashboard.i18n import t
from dashboard.settings import DOWNLOAD_ROUTE_ENV, db_path, download_limits

ROUTE = "api/download"
os.environ[DOWNLOAD_ROUTE_ENV] = ROUTE  # the pages link their downloads to the route below

try:
    LIMITS = download_limits()
except ValueError as error:
    sys.exit(f"dashboard/serve.py: {error}")
GATE = gate.shared("downloads", LIMITS.slots, LIMITS.queue)  # ui.table_downloads shows its state


def _lower_priority() -> None:
    """A download worker yields the cores to the readers' reruns (Linux: a thread's own nice)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not allowed: the slots still bound the work
        pass


_WORKERS = ThreadPoolExecutor(LIMITS.slots, thread_name_prefix="coop-download", initializer=_lower_priority)


def write_table(path: Path, spill: Path, name: str, params, lang: str, fmt: str, memory_mb: int) -> Path:
    """The table's file, written whole into the directory `spill` from a connection of its own
    (one thread, `memory_mb`; closed at the end). Every listing of a million (README, Scale):
    without a limit DuckDB held the sorted table and the server peaked at 2.3 GB."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{int(memory_mb)}MB'")
        con.execute("SET threads = 1")
        con.execute("SET temp_directory = ?", [str(spill)])
        con.execute("SET enable_progress_bar = false")
        con.execute("ATTACH ? AS coop (READ_ONLY)", [str(path)])
        con.execute("USE coop")
        vocab = queries.vocabulary(con)
        f, ignored = Filters.from_query_params(params, vocab.as_mapping())
        if ignored:
            raise ValueError("unknown filter values: " + ", ".join(ignored))
        if fmt == "xlsx" and downloads.rows(con, name, f) > exports.XLSX_ROWS:
            raise ValueError(f"more than {exports.XLSX_ROWS:,} rows: a worksheet cannot hold them; CSV or Parquet can")
        out = spill / f"table.{fmt}"
        with out.open("wb") as file:
            for chunk in downloads.stream(downloads.frames(con, name, f, vocab, lang), fmt):
                file.write(chunk)
        return out
    finally:
        con.close()


_PARAMETERS = {*URL_KEYS, "q", "lang", "file", "session"}  # what the page's own download links carry


def _refusal(refused: gate.Refused, lang: str) -> PlainTextResponse:
    key = {"queue_full": "download_queue_full", "same_session": "download_same_session"}.get(refused.reason,
                                                                                         "download_timeout")  # fmt: skip
    text = t(key, lang).format(running=refused.running, ahead=refused.ahead, wait=int(LIMITS.wait_s))
    return PlainTextResponse(text, status_code=429 if refused.reason == "same_session" else 503,
                             headers={"Retry-After": "60"})  # fmt: skip


async def _prepare(request, spill: Path, table: str, fmt: str, params, lang: str) -> Path | None:
    """The file, prepared holding a slot (None: the client left while it waited)."""
    key = request.query_params.get("session") or (request.client.host if request.client else "")
    async with GATE.enter(key, LIMITS.wait_s):
        if await request.is_disconnected():
            return None
        memory = max(64, LIMITS.memory_mb // LIMITS.slots)
        job = asyncio.get_running_loop().run_in_executor(
            _WORKERS, write_table, db_path(), spill, table, params, lang, fmt, memory
        )
        try:
            return await asyncio.shield(job)
        except asyncio.CancelledError:  # the worker goes on to its end; its directory goes with it
            job.add_done_callback(lambda _: shutil.rmtree(spill, ignore_errors=True))
            raise


async def _send(file):
    try:
        while chunk := file.read(1 << 20):
            yield chunk
    finally:
        file.close()


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
    filters = {k: v for k, v in params.items() if k != "session"}
    spill = Path(tempfile.mkdtemp(prefix="coop-download-"))
    try:
        out = await _prepare(request, spill, table, fmt, filters, lang)
        if out is None:
            return PlainTextResponse("the client left before its turn", status_code=499)
        file = out.open("rb")  # open, the file outlives its name: removed now, freed when sent
    except gate.Refused as refused:
        return _refusal(refused, lang)
    except ValueError as error:
        return PlainTextResponse(str(error), status_code=400)
    except duckdb.Error as error:
        return PlainTextResponse(f"database not readable: {error}", status_code=503)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    name = downloads.file_name(request.query_params.get("file", table), fmt)
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Length": str(os.fstat(file.fileno()).st_size),
    }
    return StreamingResponse(_send(file), media_type=downloads.MEDIA[fmt], headers=headers)


app = st.App(
    str(Path(__file__).resolve().parent / "app.py"),
    routes=[Route(f"/{ROUTE}/{{table}}.{{fmt}}", download)],
)
