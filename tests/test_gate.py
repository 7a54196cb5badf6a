"""Bounded work (issue 26): the server-wide gate of heavy jobs (dashboard.gate) and the download
route that goes through it (dashboard/serve.py) — at most `slots` at once, a line of `queue`
in order, one per session, a refusal that says how many are ahead."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from dashboard import gate
from dashboard.settings import DownloadLimits, download_limits


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


async def hold(g: gate.Gate, key: str, log: list, release: asyncio.Event, wait_s: float = 10) -> None:
    async with g.enter(key, wait_s):
        log.append(("in", key))
        await release.wait()
        log.append(("out", key))


def test_at_most_the_slots_run_and_the_others_wait_first_in_first_out():
    async def scenario():
        g, log, release = gate.Gate(slots=2, queue=5), [], asyncio.Event()
        tasks = [asyncio.create_task(hold(g, f"s{i}", log, release)) for i in range(5)]
        await asyncio.sleep(0.05)
        assert g.state() == (2, 3) and log == [("in", "s0"), ("in", "s1")]
        release.set()
        await asyncio.gather(*tasks)
        entered = [k for what, k in log if what == "in"]
        assert entered == ["s0", "s1", "s2", "s3", "s4"] and g.state() == (0, 0)

    run(scenario())


def test_a_full_line_is_refused_at_the_door_with_how_many_are_ahead():
    async def scenario():
        g, log, release = gate.Gate(slots=1, queue=2), [], asyncio.Event()
        tasks = [asyncio.create_task(hold(g, f"s{i}", log, release)) for i in range(3)]
        await asyncio.sleep(0.05)
        with pytest.raises(gate.Refused) as refused:
            async with g.enter("late", 10):
                pass
        assert (refused.value.reason, refused.value.running, refused.value.ahead) == ("queue_full", 1, 2)
        release.set()
        await asyncio.gather(*tasks)

    run(scenario())


def test_one_job_per_session_at_a_time():
    async def scenario():
        g, log, release = gate.Gate(slots=4, queue=4), [], asyncio.Event()
        task = asyncio.create_task(hold(g, "same", log, release))
        await asyncio.sleep(0.05)
        with pytest.raises(gate.Refused) as refused:
            async with g.enter("same", 10):
                pass
        assert refused.value.reason == "same_session"
        async with g.enter("other", 1):  # another session is not held back
            pass
        release.set()
        await task
        async with g.enter("same", 1):  # once done, the session may start another
            pass

    run(scenario())


def test_a_wait_past_its_limit_is_refused_and_leaves_the_line():
    async def scenario():
        g, log, release = gate.Gate(slots=1, queue=3), [], asyncio.Event()
        task = asyncio.create_task(hold(g, "first", log, release))
        await asyncio.sleep(0.05)
        with pytest.raises(gate.Refused) as refused:
            async with g.enter("second", 0.1):
                pass
        assert (refused.value.reason, refused.value.running, refused.value.ahead) == ("timeout", 1, 0)
        assert g.state() == (1, 0)  # not left behind in the line
        release.set()
        await task
        assert g.state() == (0, 0)

    run(scenario())


def test_an_error_or_a_cancelled_wait_gives_the_slot_and_the_place_back():
    async def scenario():
        g, log, release = gate.Gate(slots=1, queue=3), [], asyncio.Event()
        with pytest.raises(RuntimeError):
            async with g.enter("a", 1):
                raise RuntimeError("the job failed")
        assert g.state() == (0, 0)
        task = asyncio.create_task(hold(g, "b", log, release))
        waiter = asyncio.create_task(hold(g, "c", log, release))
        await asyncio.sleep(0.05)
        assert g.state() == (1, 1)
        waiter.cancel()  # the client left while it waited
        await asyncio.sleep(0.05)
        assert g.state() == (1, 0)
        release.set()
        await task
        assert g.state() == (0, 0) and ("in", "c") not in log

    run(scenario())


def test_threads_and_the_event_loop_share_one_gate():
    g = gate.Gate(slots=1, queue=4)
    inside, peak, lock = [0], [0], threading.Lock()

    def job(key):
        with g.enter_blocking(key, 10):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            threading.Event().wait(0.02)
            with lock:
                inside[0] -= 1

    async def scenario():
        threads = [threading.Thread(target=job, args=(f"t{i}",)) for i in range(3)]
        for th in threads:
            th.start()
        for i in range(2):
            async with g.enter(f"a{i}", 10):
                with lock:
                    inside[0] += 1
                    peak[0] = max(peak[0], inside[0])
                await asyncio.sleep(0.02)
                with lock:
                    inside[0] -= 1
        await asyncio.to_thread(lambda: [th.join() for th in threads])

    run(scenario())
    assert peak[0] == 1 and g.state() == (0, 0)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"COOP_DOWNLOAD_SLOTS": "0"}, "COOP_DOWNLOAD_SLOTS must be a whole number from 1"),
        ({"COOP_DOWNLOAD_QUEUE": "nan"}, "COOP_DOWNLOAD_QUEUE must be a whole number"),
        ({"COOP_DOWNLOAD_MEMORY_MB": "10"}, "COOP_DOWNLOAD_MEMORY_MB must be a whole number from 64"),
        ({"COOP_DOWNLOAD_WAIT_S": "-1"}, "COOP_DOWNLOAD_WAIT_S"),
    ],
)
def test_limits_are_validated(env, message):
    with pytest.raises(ValueError, match=message):
        download_limits(env)


def test_limits_from_the_environment():
    assert download_limits({"COOP_DOWNLOAD_SLOTS": "3", "COOP_DOWNLOAD_QUEUE": " 0 "}) == DownloadLimits(
        slots=3, queue=0
    )


# --- the route, called as the server calls it (ASGI), its file preparation held by the test ---


async def asgi_get(app, path: str, query: str = "") -> tuple[int, dict, bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query.encode(), "headers": [],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80), "root_path": ""}  # fmt: skip
    sent: list[dict] = []
    asked = [False]

    async def receive():
        if not asked[0]:
            asked[0] = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.fixture
def route(built_db, monkeypatch, tmp_path):
    """The download route on the seed build, with one slot and a line of one; `hold` (an event)
    keeps a file's preparation from finishing until it is set."""
    from dashboard.settings import DOWNLOAD_ROUTE_ENV

    monkeypatch.setenv(DOWNLOAD_ROUTE_ENV, "")
    monkeypatch.setenv("COOP_DB", str(built_db))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    from concurrent.futures import ThreadPoolExecutor

    from starlette.applications import Starlette
    from starlette.routing import Route

    from dashboard import downloads, serve

    monkeypatch.setattr(serve, "GATE", gate.Gate(1, 1))
    monkeypatch.setattr(serve, "LIMITS", DownloadLimits(slots=1, queue=1, wait_s=5, memory_mb=128))
    workers = ThreadPoolExecutor(1)  # in the test's process, so that the test can hold it
    monkeypatch.setattr(serve, "_workers", lambda: workers)
    hold = threading.Event()
    real = downloads.write_file

    def held(*args):
        assert hold.wait(20)
        return real(*args)

    monkeypatch.setattr(downloads, "write_file", held)
    app = Starlette(routes=[Route(f"/{serve.ROUTE}/{{table}}.{{fmt}}", serve.download)])
    return app, hold, tmp_path


def test_the_route_serves_one_at_a_time_queues_the_next_and_refuses_past_the_line(route):
    app, hold, tmp = route

    async def scenario():
        first = asyncio.create_task(asgi_get(app, "/api/download/events.csv", "theme=culture&session=a"))
        second = asyncio.create_task(asgi_get(app, "/api/download/events.csv", "theme=culture&session=b"))
        await asyncio.sleep(0.3)
        status, headers, body = await asgi_get(app, "/api/download/events.csv", "session=c&lang=en")
        assert status == 503 and headers["retry-after"] == "60"
        assert body.decode().startswith("The server is already preparing 1 download(s) and 1 are waiting ahead")
        status, _, body = await asgi_get(app, "/api/download/events.csv", "session=a")
        assert status == 429 and "un seul à la fois par session" in body.decode()
        hold.set()
        return await first, await second

    (s1, h1, b1), (s2, h2, b2) = run(scenario())
    assert s1 == s2 == 200 and b1 == b2 and b1.startswith(b"\xef\xbb\xbf") and b1.count(b"\n") == 26
    assert h1["content-length"] == str(len(b1)) and h1["content-disposition"] == 'attachment; filename="events.csv"'
    assert [p.name for p in Path(tmp).iterdir() if p.name.startswith("coop-download-")] == []  # nothing left


def test_the_route_still_refuses_bad_filters_and_unknown_names(route):
    app, hold, _ = route
    hold.set()
    assert run(asgi_get(app, "/api/download/events.csv", "theme=nothing"))[::2] == (
        400,
        b"unknown filter values: theme=nothing",
    )
    status, _, body = run(asgi_get(app, "/api/download/events.csv", "themes=culture"))
    assert status == 400 and body.startswith(b"unknown parameters: themes")


def test_renders_run_one_at_a_time_and_past_the_line_are_refused(monkeypatch):
    """Briefings and chart images (ui.bounded): one drawn at a time, RENDER_QUEUE waiting, the
    next refused at once — so renders never hold more than 1 + RENDER_QUEUE of the few threads
    Streamlit runs deferred downloads on."""
    from itertools import count

    from dashboard import ui

    monkeypatch.setattr(gate, "_SHARED", {})
    keys = count()
    monkeypatch.setattr(ui, "session_key", lambda: f"session{next(keys)}")
    release, inside, peak, lock = threading.Event(), [0], [0], threading.Lock()

    def draw():
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        assert release.wait(20)
        with lock:
            inside[0] -= 1
        return b"%PDF"

    jobs = [ui.bounded(draw) for _ in range(ui.RENDER_SLOTS + ui.RENDER_QUEUE + 1)]
    results: list = []
    threads = [threading.Thread(target=lambda j=j: results.append(j())) for j in jobs[:-1]]
    for th in threads:
        th.start()
    for _ in range(200):
        if gate.current("renders").state() == (ui.RENDER_SLOTS, ui.RENDER_QUEUE):
            break
        threading.Event().wait(0.01)
    assert ui.render_busy("en").startswith("The server is already drawing")
    with pytest.raises(gate.Refused) as refused:
        jobs[-1]()
    assert refused.value.reason == "queue_full"
    release.set()
    for th in threads:
        th.join()
    assert results == [b"%PDF"] * len(threads) and peak[0] == ui.RENDER_SLOTS and ui.render_busy("en") is None


SERVER = """
import multiprocessing, os, sys
from concurrent.futures import ProcessPoolExecutor
from dashboard import downloads
if __name__ == "__main__":
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=downloads.start_worker)
    print(pool.submit(os.getpid).result(), flush=True)
    os._exit(0)  # the server ends without a word to its pool (killed, or stopped abruptly)
"""


def test_a_download_worker_ends_when_its_server_does(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    script = tmp_path / "server.py"
    script.write_text(SERVER, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    worker = int(done.stdout.split()[0])
    for _ in range(100):  # it looks every second
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(worker, 9)
    raise AssertionError(f"worker {worker} outlived its server by 10 s")
