"""Browser side of the page benchmark (issue 14), in Debian's Chromium through Playwright:

- `first_chart_s`: from opening the Overview's address to its first chart drawn (an SVG in a
  plotly chart);
- `filter_change_s`: median of 5 theme choices in the sidebar, from the key press to the end of
  the rerun (the server's `script_finished` message on the page's websocket) and two animation
  frames after it (the charts drawn);
- `floor_filter_change_s`: the same on a minimal page (scripts/minimal_page.py: the same sidebar
  filter and as many charts, no data), served in the same run: what Streamlit and plotly cost;
- `server_rss_mb`: the server's resident memory after every page has been visited with every
  benchmark filter (websocket sessions, scripts/load_test.py), and its peak.

    python scripts/bench_browser.py --db data/synthetic_100000.duckdb
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from load_test import resident_kb, serving, visit  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHOICES = ("culturelle", "Sport", "Environnement", "universitaire", "Économie")  # typed in the theme filter
PAGES = ("", "map_links", "events", "partnerships", "quality", "place", "timeline", "about")
VISITS = ("", "theme=culture", "semester=S2", "fr_region=FR-PAC", "year=2020", "theme=economy&semester=S1",
          "q=ville", "lang=en")  # fmt: skip


def _finished(payload) -> bool:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str):
        return False
    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 — not a ForwardMsg: not the end of a run
        return False
    return msg.WhichOneof("type") == "script_finished"


def _drawn(pg) -> None:
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def browser_times(browser, url: str, timeout_ms: int = 600_000) -> dict:
    """Time to the first chart of `url`, and the median of 5 theme choices in the sidebar."""
    context = browser.new_context(viewport={"width": 1500, "height": 1800})
    pg = context.new_page()
    sockets = []
    pg.on("websocket", lambda ws: sockets.append(ws))
    started = time.perf_counter()
    pg.goto(url, timeout=timeout_ms)
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_ms)
    _drawn(pg)
    first = time.perf_counter() - started
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    pg.wait_for_timeout(1000)
    ws = sockets[-1]
    themes = pg.get_by_test_id("stMultiSelect").filter(has_text="Thème").locator("input")
    changes = []
    for label in CHOICES:
        themes.click()
        themes.fill(label)
        with ws.expect_event("framereceived", predicate=_finished, timeout=timeout_ms):
            started = time.perf_counter()
            pg.keyboard.press("Enter")
        _drawn(pg)
        changes.append(time.perf_counter() - started)
        pg.keyboard.press("Escape")
        pg.wait_for_timeout(500)
    context.close()
    return {"first_chart_s": round(first, 3), "filter_change_s": round(statistics.median(changes), 3),
            "filter_changes_s": [round(c, 3) for c in changes]}  # fmt: skip


def server_memory(port: int, pid: int) -> dict:
    """Visit every page with every benchmark filter (one session), then the server's resident
    memory (MB) and its peak."""
    visits = [(page, f"{v}&place=region:FR-PAC" if page == "place" else v) for page in PAGES for v in VISITS]
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # its own event loop, beside Playwright's
        errors = pool.submit(visit, port, visits).result()
    rss, peak = resident_kb(pid)
    return {"server_rss_mb": round(rss / 1024, 1), "server_peak_rss_mb": round(peak / 1024, 1),
            "visits": len(visits), "visit_errors": errors[:5]}  # fmt: skip


def minimal_folder(db: Path) -> Path:
    """scripts/minimal_page.py in a folder of its own whose `static` is the app's (boundaries and
    base maps at the same addresses), its maps those of the database's countries."""
    import duckdb

    folder = Path(tempfile.mkdtemp(prefix="minimal_page_"))
    shutil.copy(ROOT / "scripts" / "minimal_page.py", folder / "minimal_page.py")
    (folder / "static").symlink_to(ROOT / "dashboard" / "static")
    con = duckdb.connect(str(db), read_only=True)
    countries = [c for (c,) in con.sql("SELECT DISTINCT partner_country FROM events ORDER BY 1").fetchall()]
    con.close()
    os.environ["MINIMAL_MAPS"] = ",".join(["FR", *countries])
    return folder


def bench_browser(db: Path) -> dict:
    from playwright.sync_api import sync_playwright

    minimal = minimal_folder(db)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            with serving(str(minimal / "minimal_page.py")) as (port, _):
                browser_times(browser, f"http://127.0.0.1:{port}")  # warm-up: Chromium's own caches
                floor = browser_times(browser, f"http://127.0.0.1:{port}")
            with serving("dashboard/app.py", db) as (port, pid):
                app = browser_times(browser, f"http://127.0.0.1:{port}")
                memory = server_memory(port, pid)
        finally:
            browser.close()
            shutil.rmtree(minimal, ignore_errors=True)
    return {**app, "floor_filter_change_s": floor["filter_change_s"], "floor_first_chart_s": floor["first_chart_s"],
            "ratio": round(app["filter_change_s"] / floor["filter_change_s"], 2), **memory}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(ROOT / "data" / "coop.duckdb"))
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    print(json.dumps(bench_browser(Path(args.db)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
