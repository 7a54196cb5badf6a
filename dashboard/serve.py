"""The app as served (`make run`: `streamlit run dashboard/serve.py`): Streamlit's ASGI server
with dashboard/app.py, plus one route sending whole tables from DuckDB as files.

    GET /api/download/<table>.<csv|parquet|xlsx>?<the page's filters>&lang=fr&file=<name>&session=<id>

The pages link their table downloads here (ui.table_downloads). A table of a million listings is
read a batch at a time (dashboard.downloads.write_file) by a worker process into a temporary
file, then sent from that file: neither holds the table.

No download can starve the readers (issue 26): at most `slots` files are prepared at once,
server-wide, each by a worker process of lowered priority on one DuckDB thread with its share of
one memory budget (settings.DownloadLimits); the others wait their turn in a line of `queue`,
one per session (dashboard.gate), and past it are refused with a message saying how many are
ahead (503, Retry-After). A slot is held while the file is prepared, not while it is sent: a
slow client holds a file descriptor, not a slot. A filter value the database does not hold is
refused (400), never dropped in silence: the file would not be the table the page showed.
Wiring only.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import streamlit as st
from starlette.responses import PlainTextResponse, StreamingResponse
from starlette.routing import Route

from dashboard import downloads, gate
from dashboard.filters import URL_KEYS
from dashboard.i18n import t
from dashboard.settings import DOWNLOAD_ROUTE_ENV, db_path, download_limits

ROUTE = "api/download"
os.environ[DOWNLOAD_ROUTE_ENV] = ROUTE  # the pages link their downloads to the route below

try:
    LIMITS = download_limits()
except ValueError as error:  # a bad setting: said, exit 2, as the ETL's
    print(f"dashboard/serve.py: {error}", file=sys.stderr)
    sys.exit(2)
GATE = gate.shared("downloads", LIMITS.slots, LIMITS.queue)  # ui.table_downloads shows its state


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> ProcessPoolExecutor:
    """The download worker processes (started on first use, each a fresh interpreter: forking
    a threaded server is unsafe). Processes, not threads: a worker's Python never holds the
    server's interpreter lock (threads made the readers' reruns 4× slower), its memory is its
    own, and a crash (out of memory) loses that download only."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(LIMITS.slots, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=downloads.start_worker)  # fmt: skip
        return _pool


def _renew(broken: ProcessPoolExecutor) -> None:
    """A worker died (killed, out of memory): the next download starts new ones."""
    global _pool
    with _pool_lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


_PARAMETERS = {*URL_KEYS, "q", "lang", "file", "session"}  # what the page's own download links carry


def _refusal(refused: gate.Refused, lang: str) -> PlainTextResponse:
    key = {"queue_full": "download_queue_full", "same_session": "download_same_session"}.get(refused.reason,
                                                                                         "download_timeout")  # fmt: skip
    text = t(key, lang).format(running=refused.running, ahead=refused.ahead, wait=int(LIMITS.wait_s))
    return PlainTextResponse(text, status_code=429 if refused.reason == "same_session" else 503,
                             headers={"Retry-After": "60"})  # fmt: skip


async def _prepare(request, spill: Path, table: str, fmt: str, params, lang: str) -> tuple[str, str]:
    """The file, prepared by a worker while holding a slot: downloads.write_file's answer, or
    ("gone", …) when the client left while it waited."""
    key = request.query_params.get("session") or (request.client.host if request.client else "")
    async with GATE.enter(key, LIMITS.wait_s):
        if await request.is_disconnected():
            return "gone", "the client left before its turn"
        memory = max(64, LIMITS.memory_mb // LIMITS.slots)
        pool = _workers()
        job = asyncio.wrap_future(
            pool.submit(downloads.write_file, str(db_path()), str(spill), table, params, lang, fmt, memory)
        )
        try:
            return await asyncio.shield(job)
        except BrokenProcessPool:
            _renew(pool)
            return "unreadable", "the download's worker stopped (out of memory?); please try again"
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
        answer, text = await _prepare(request, spill, table, fmt, filters, lang)
        if answer != "ok":
            return PlainTextResponse(text, status_code={"bad": 400, "gone": 499}.get(answer, 503))
        file = open(text, "rb")  # open, the file outlives its name: removed now, freed once sent
    except gate.Refused as refused:
        return _refusal(refused, lang)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    name = downloads.file_name(request.query_params.get("file", table), fmt)
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Length": str(os.fstat(file.fileno()).st_size),
    }
    return StreamingResponse(_send(file), media_type=downloads.MEDIA[fmt], headers=headers)


# Imported while the server waits for its first reader, not during that reader's first run
# (~0.7 s: plotly's figure classes, polars, the pages' figure and query modules). Modules that
# register with Streamlit's runtime (caches, the chart component) are left to the first run.
WARM_MODULES = ("plotly.graph_objects", "polars", "dashboard.charts", "dashboard.queries", "dashboard.link_map",
                "dashboard.captions", "dashboard.tables")  # fmt: skip


def _warm() -> None:
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)


threading.Thread(target=_warm, name="warm-imports", daemon=True).start()

app = st.App(
    str(Path(__file__).resolve().parent / "app.py"),
    routes=[Route(f"/{ROUTE}/{{table}}.{{fmt}}", download)],
)
