"""Load test: N simultaneous sessions of the real server change filters and pages for a while.

Each session is a Streamlit websocket client (the browser's protocol: BackMsg out, ForwardMsg
in), so the server does all a browser would make it do — run the page, send every element —
without N browsers competing for the 2 cores. A "change" is a rerun with a new address (filters
in the query string, as a shared link or a click sets them) on a page drawn at random; its
latency runs from sending it to the server's `script_finished`. Between two changes a user
reads the result for 1 to 4 s (uniform; `--think 0` for back-to-back changes, a saturation
test rather than users). Errors: an exception element, a
run that did not finish successfully, a lost connection. Memory: the server's resident size.

    python scripts/load_test.py [--sessions 20] [--seconds 60] [--db data/coop.duckdb] [--json FILE]

The single-session figures, the baseline, are measured in the same run, each on a fresh server
in the same state (cold caches, after one opening run), so that neither profits from the
other's caches.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("", "map_links", "events", "partnerships", "quality", "place")


def filter_addresses(db: Path) -> list[str]:
    """Query strings over the values the database holds (themes, semesters, regions, years)."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS coop (READ_ONLY)", [str(db)])
    con.execute("USE coop")
    themes = [t for (t,) in con.sql("SELECT DISTINCT theme FROM events").fetchall()]
    regions = [r for (r,) in con.sql("SELECT DISTINCT fr_region FROM events WHERE fr_region IS NOT NULL").fetchall()]
    years = [
        y for (y,) in con.sql("SELECT DISTINCT catalogue_year FROM events WHERE catalogue_year IS NOT NULL").fetchall()
    ]
    con.close()
    out = [""]
    out += [f"theme={t}" for t in themes]
    out += [f"semester={s}" for s in ("S1", "S2", "YEAR")]
    out += [f"fr_region={r}" for r in regions[:12]]
    out += [f"year={y}" for y in years]
    out += [f"theme={a},{b}" for a, b in zip(themes, themes[1:], strict=False)]
    out += ["q=ville", "q=universite", "lang=en", "lang=en&theme=culture"]
    return out


def _children(pid: int) -> list[int]:
    """Every process started by `pid`, and theirs (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # the thread or process ended meanwhile
            continue
    return found + [g for c in found for g in _children(c)]


def resident_kb(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a process and its children (the download workers), in
    kB (Linux /proc). The children's peaks are added as if they fell together: an upper bound."""
    current = peak = 0
    for p in (pid, *_children(pid)):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        current += int(fields["VmRSS"].split()[0])
        peak += int(fields["VmHWM"].split()[0])
    return current, peak


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


THINK = (1.0, 4.0)  # seconds a user looks at a result before the next change


async def _rerun(ws, query: str, page_hash: str, pages: dict, out: dict, page: str) -> int:
    """One rerun, as a browser asks it: bytes received until the server's `script_finished`
    (errors appended to out["errors"]; `pages` filled from the session's first message)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = page_hash
    await ws.send(msg.SerializeToString())
    received = 0
    while True:
        raw = await ws.recv()
        received += len(raw)
        fm = ForwardMsg()
        fm.ParseFromString(raw)
        kind = fm.WhichOneof("type")
        if kind == "new_session":
            pages.update({p.url_pathname: p.page_script_hash for p in fm.new_session.app_pages})
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            element = fm.delta.new_element
            if element.WhichOneof("type") == "exception":
                out["errors"].append(f"exception on /{page}: {element.exception.message[:120]}")
            elif element.WhichOneof("type") == "metric" and "metrics" in out:
                out["metrics"].append((element.metric.label, element.metric.body))
        elif kind == "script_finished":
            if fm.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                out["errors"].append(f"run on /{page} ended with status {fm.script_finished}")
            return received


async def session(port: int, addresses: list[str], until: float, seed: int, out: dict,
                  think: tuple[float, float] = THINK) -> None:  # fmt: skip
    import websockets

    rng = random.Random(seed)
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
            pages: dict[str, str] = {}
            first = True
            while time.perf_counter() < until:
                page = "" if first else rng.choice(PAGES)
                query = "" if first else rng.choice(addresses)
                started = time.perf_counter()
                received = await _rerun(ws, query, pages.get(page, ""), pages, out, page)
                if not first:  # the first run of a session opens it; changes are what is measured
                    out["latency"].append(time.perf_counter() - started)
                    out["bytes"].append(received)
                first = False
                await asyncio.sleep(rng.uniform(*think))
    except Exception as exc:  # noqa: BLE001 — a lost session is an error of the run, reported
        out["errors"].append(f"session lost: {type(exc).__name__}: {exc}")


def visit(port: int, visits: list[tuple[str, str]], metrics: list | None = None) -> list[str]:
    """One session opening the app, then each (page, query string) in turn; the errors met
    (and the metric cards shown, (label, value), appended to `metrics` when given)."""
    import websockets

    out: dict = {"errors": [], **({"metrics": metrics} if metrics is not None else {})}

    async def run() -> None:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None) as ws:  # fmt: skip
            pages: dict[str, str] = {}
            await _rerun(ws, "", "", pages, out, "")
            for page, query in visits:
                await _rerun(ws, query, pages.get(page, ""), pages, out, page)

    asyncio.run(run())
    return out["errors"]


RETRY_S = 2.0  # a user whose download was refused ("try again") tries again after this


def _fetch(url: str) -> tuple[int, int]:
    """(status, bytes received) of one GET, the body read to its end."""
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            size = 0
            while chunk := response.read(1 << 20):
                size += len(chunk)
            return response.status, size
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


async def downloader(port: int, user: int, until: float, out: dict) -> None:
    """One user downloading the whole listings table (CSV) again and again until `until`, each
    from a session of its own; a refusal is counted and retried after RETRY_S."""
    url = f"http://127.0.0.1:{port}/api/download/events.csv?session=bench{user}"
    while time.perf_counter() < until:
        started = time.perf_counter()
        status, size = await asyncio.to_thread(_fetch, url)
        out["downloads"].setdefault(status, 0)
        out["downloads"][status] += 1
        if status == 200:
            out["download_s"].append(time.perf_counter() - started)
        else:
            await asyncio.sleep(RETRY_S)


def run_sessions(port: int | list[int], addresses: list[str], n: int, seconds: float, pid: int | list[int],
                 think: tuple[float, float] = THINK, downloads: int = 0) -> dict:  # fmt: skip
    """`n` sessions for `seconds`, spread over the servers listening on `port` (one or several
    replicas, whose memory is summed), while `downloads` users download the whole table."""
    ports, pids = (port if isinstance(port, list) else [port]), (pid if isinstance(pid, list) else [pid])
    out: dict = {"latency": [], "bytes": [], "errors": [], "downloads": {}, "download_s": []}

    async def all_of() -> None:
        until = time.perf_counter() + seconds
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max(downloads, 1)))
        await asyncio.gather(*(session(ports[seed % len(ports)], addresses, until, seed, out, think)
                               for seed in range(n)),
                             *(downloader(ports[0], user, until, out) for user in range(downloads)))  # fmt: skip

    asyncio.run(all_of())
    lat = sorted(out["latency"])
    rss, peak = (sum(x) for x in zip(*(resident_kb(p) for p in pids), strict=True))
    return {
        "sessions": n,
        "seconds": seconds,
        "think_s": list(think),
        "changes": len(lat),
        "median_s": round(statistics.median(lat), 3) if lat else None,
        "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3) if lat else None,
        "max_s": round(lat[-1], 3) if lat else None,
        "median_bytes": int(statistics.median(out["bytes"])) if out["bytes"] else None,
        "errors": len(out["errors"]),
        "error_examples": out["errors"][:5],
        "server_rss_mb": round(rss / 1024, 1),
        "server_peak_rss_mb": round(peak / 1024, 1),
        **(
            {
                "downloaders": downloads,
                "download_answers": {str(k): v for k, v in sorted(out["downloads"].items())},
                "download_median_s": round(statistics.median(out["download_s"]), 2) if out["download_s"] else None,
            }
            if downloads
            else {}
        ),
    }


@contextlib.contextmanager
def serving(script: str = "dashboard/serve.py", db: Path | None = None):
    """`streamlit run script` (on `db`) on a free port until its health check answers; yields
    (port, pid), and stops the server after."""
    port = free_port()
    cmd = [str(ROOT / ".venv" / "bin" / "streamlit"), "run", script, "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port)]  # fmt: skip
    env = {**os.environ, **({"COOP_DB": str(db)} if db else {})}
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(db: Path, n: int, seconds: float, think: tuple[float, float], replicas: int = 1,
            downloads: int = 0) -> dict:  # fmt: skip
    """Fresh servers on `db` (cold caches; `replicas` processes reading the same file, each on
    its own port, as behind a proxy), one opening run each, then `n` sessions spread over them
    for `seconds` (while `downloads` users download the whole table); the servers are stopped after."""
    with contextlib.ExitStack() as stack:
        ports, pids = zip(
            *(stack.enter_context(serving("dashboard/serve.py", db)) for _ in range(replicas)), strict=True
        )
        run_sessions(list(ports), [""], replicas, 3.0, list(pids), (0.0, 0.0))  # imports and the unfiltered pages
        figures = run_sessions(list(ports), filter_addresses(db), n, seconds, list(pids), think, downloads)
        return {"replicas": replicas, **figures}


DOWNLOADERS = (0, 5, 20)


def downloads_test(db: Path, sessions: int, seconds: float, think: tuple[float, float] = THINK) -> dict:
    """`sessions` readers changing filters while 0, 5 and 20 users download the whole listings
    table again and again, each on a fresh server (issue 26: the readers keep their latency)."""
    runs = {str(d): measure(db, sessions, seconds, think, 1, d) for d in DOWNLOADERS}
    alone = runs["0"]["p95_s"]
    ratios = {d: round(r["p95_s"] / alone, 2) if alone and r["p95_s"] else None for d, r in runs.items()}
    return {"runs": runs, "p95_ratio": ratios, "peak_rss_mb": max(r["server_peak_rss_mb"] for r in runs.values())}


def report_downloads(figures: dict) -> None:
    for d, f in figures["runs"].items():
        print(f"{f['sessions']} reader(s) with {d:>2} downloading: {f['changes']} changes, median {f['median_s']} s, "
              f"p95 {f['p95_s']} s ({figures['p95_ratio'][d]}× alone), {f['errors']} errors, server peak "
              f"{f['server_peak_rss_mb']} MB, answers {f.get('download_answers', {})}, "
              f"a download {f.get('download_median_s')} s (median)")  # fmt: skip
    print("targets: reader p95 ≤ 2× alone, server peak < 1,500 MB")


def replicas_test(db: Path, sessions: int, seconds: float, think: tuple[float, float] = (0.0, 0.0)) -> dict:
    """The same sessions on one server, then on two replicas of it reading the same file:
    how much a second process (a second core) adds when one is saturated."""
    one = measure(db, sessions, seconds, think, 1)
    two = measure(db, sessions, seconds, think, 2)
    return {"one": one, "two": two, "throughput_ratio": round(two["changes"] / max(one["changes"], 1), 2)}


def load_test(db: Path, sessions: int, seconds: float, think: tuple[float, float] = THINK) -> dict:
    """One session alone, then `sessions` at once, each on a fresh server in the same state."""
    single = measure(db, 1, seconds, think)
    many = measure(db, sessions, seconds, think)
    ratio = round(many["p95_s"] / single["p95_s"], 2) if single["p95_s"] and many["p95_s"] else None
    return {"single": single, "many": many, "p95_ratio": ratio}


def report(figures: dict) -> None:
    for name in ("single", "many"):
        f = figures[name]
        print(f"{f['sessions']:>3} session(s), {f['seconds']:.0f} s: {f['changes']} changes, median {f['median_s']} s, "
              f"p95 {f['p95_s']} s, max {f['max_s']} s, {f['errors']} errors, server RSS {f['server_rss_mb']} MB "
              f"(peak {f['server_peak_rss_mb']} MB)")  # fmt: skip
        for e in f["error_examples"]:
            print(f"      {e}")
    print(f"p95 with {figures['many']['sessions']} sessions / p95 alone: {figures['p95_ratio']}× (target ≤ 3×)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", default=str(ROOT / "data" / "coop.duckdb"))
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=THINK,
        metavar=("MIN", "MAX"),
        help="seconds between a result and the next change (default 1 4)",
    )
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--downloads", action="store_true",
                        help="instead: the sessions while 0, 5 and 20 users download the whole table (issue 26)")  # fmt: skip
    parser.add_argument("--replicas", action="store_true",
                        help="instead: the sessions on one server, then on two replicas of it (same file)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.downloads:
        figures = downloads_test(Path(args.db), args.sessions, args.seconds, tuple(args.think))
        report_downloads(figures)
    elif args.replicas:
        figures = replicas_test(Path(args.db), args.sessions, args.seconds, tuple(args.think))
        for name in ("one", "two"):
            f = figures[name]
            print(f"{f['replicas']} replica(s), {f['sessions']} sessions: {f['changes']} changes in {f['seconds']:.0f} s, "
                  f"median {f['median_s']} s, p95 {f['p95_s']} s, {f['errors']} errors, RSS {f['server_rss_mb']} MB")  # fmt: skip
        print(f"throughput, two replicas / one: {figures['throughput_ratio']}×")
    else:
        figures = load_test(Path(args.db), args.sessions, args.seconds, tuple(args.think))
        report(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
