"""Browser side of the page benchmark (issue 14), in Debian's Chromium through Playwright:

- `first_chart_s`: from opening the Overview's address to its first chart drawn (an SVG in a
  plotly chart);
- `filter_change_s`: median of 10 filter changes in the sidebar (5 themes added, then taken off
  one by one), from the key press to the end of the rerun (the server's `script_finished`
  message on the page's websocket) and two animation frames after it (the charts drawn);
- `floor_filter_change_s`: the same on a minimal page (scripts/minimal_page.py: the same sidebar
  filter and as many charts, no data), served at the same time, its changes taken in turn with
  the app's: what Streamlit and plotly cost; `ratio`: the median of the 10 paired ratios;
- `charts_drawn_s`, `floor_charts_drawn_s`, `drawn_ratio`: the same changes timed to the last
  change inside any chart once none has changed for QUIET_MS (a MutationObserver on the page):
  every chart drawn, however many times it is drawn, which two animation frames do not wait for;
- `plotly_floor_s`, `plotly_ratio`: plotly's own floor — after each of the app's changes, the
  figures it drew (the charts in view) re-rendered in place with `Plotly.react` on a plain HTML
  page (no Streamlit, no server run: `PLAIN_PAGE`, the app's own figure preparation from
  dashboard/chart.js, the same widths), timed as the app's changes are; the ratio is the median
  of the app's charts-drawn times over these, change by change;
- `--map-page` (`map_page`): the same measures on the Map page, against the same page served
  with COOP_CHARTS=streamlit (its charts drawn by st.plotly_chart: the stock page of the same
  charts);
- `server_rss_mb`: the server's resident memory after every page has been visited with every
  benchmark filter (websocket sessions, scripts/load_test.py), and its peak.

    python scripts/bench_browser.py --db data/synthetic_100000.duckdb
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
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


# The time of the last change inside a plotly chart (its SVG redrawn, restyled, its text set):
# when every chart has settled, whatever draws it (st.plotly_chart's element or the app's own).
WATCH_CHARTS = """
window.__lastChartChange = 0;
new MutationObserver((changes) => {
  for (const c of changes) {
    const el = c.target.nodeType === 1 ? c.target : c.target.parentElement;
    if (el && el.closest && el.closest('.js-plotly-plot')) { window.__lastChartChange = performance.now(); return; }
  }
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""
QUIET_MS = 600  # no chart changed for this long: every chart drawn


def settled(pg, since_ms: float, timeout_ms: int = 120_000) -> float:
    """Seconds from `since_ms` (the page's clock) to the last change in any chart, once no chart
    has changed for QUIET_MS."""
    pg.wait_for_function(f"() => performance.now() - Math.max(window.__lastChartChange, {since_ms}) > {QUIET_MS}",
                         timeout=timeout_ms, polling=50)  # fmt: skip
    return max(0.0, (pg.evaluate("window.__lastChartChange") - since_ms) / 1000)


def opened(browser, url: str, timeout_ms: int = 600_000):
    """A new page at `url`, its first chart drawn: (page, its websocket, seconds to that chart)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1800})
    context.add_init_script(WATCH_CHARTS)
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
    return pg, sockets[-1], first


def change(pg, ws, step: int, timeout_ms: int = 600_000) -> tuple[float, float]:
    """Filter change number `step` (0-9): the first five each add a theme (typed, then Enter),
    the next five take them off one by one (Backspace); seconds from the key press to the end
    of the rerun and two animation frames after it, and to the last chart's last change."""
    themes = pg.get_by_test_id("stMultiSelect").filter(has_text="Thème").locator("input")
    themes.click()
    if step < len(CHOICES):
        themes.fill(CHOICES[step])
    pg.wait_for_timeout(QUIET_MS)  # the typing's own redraws (none expected) are over
    with ws.expect_event("framereceived", predicate=_finished, timeout=timeout_ms):
        since = pg.evaluate("performance.now()")
        started = time.perf_counter()
        pg.keyboard.press("Enter" if step < len(CHOICES) else "Backspace")
    _drawn(pg)
    took = time.perf_counter() - started
    drawn = settled(pg, since)
    pg.keyboard.press("Escape")
    pg.wait_for_timeout(500)
    return took, drawn


CHANGES = 2 * len(CHOICES)

# The charts the app has drawn and shows (in view), as the plain page redraws them.
DRAWN_CHARTS = """() => [...document.querySelectorAll('div.obs-chart')]
  .filter(gd => gd.classList.contains('js-plotly-plot') && gd.obsVisible !== false && !gd.obsPending)
  .map(gd => ({spec: gd.obsSpec, width: gd.getBoundingClientRect().width, family: getComputedStyle(gd).fontFamily}))"""
PLAIN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script src="PLOTLY"></script></head>
<body style="margin: 0"><div id="charts"></div>
<script type="module">
import { prepare } from "/chart.js";
window.drawAll = (charts, config, titleTop) => {
  window.drawStart = performance.now();
  const root = document.getElementById("charts");
  while (root.children.length > charts.length) { Plotly.purge(root.lastChild); root.lastChild.remove(); }
  charts.forEach((c, i) => {
    let gd = root.children[i];
    if (!gd) { gd = document.createElement("div"); root.appendChild(gd); }
    gd.style.width = `${c.width}px`;
    const figure = prepare(c.spec, c.family, titleTop);
    Plotly.react(gd, figure.data, figure.layout, { ...config, responsive: true });
  });
  return window.drawStart;
};
window.plainReady = true;
</script></body></html>
"""


@contextlib.contextmanager
def plain_page(browser):
    """Plotly's own floor: a plain HTML page (PLAIN_PAGE) served from a folder whose `app/static`
    is the app's (plotly.js, the boundaries at the addresses the figures name), open in Chromium."""
    import functools
    import http.server
    import threading

    from dashboard import chart

    folder = Path(tempfile.mkdtemp(prefix="plain_page_"))
    (folder / "app").mkdir()
    (folder / "app" / "static").symlink_to(ROOT / "dashboard" / "static")
    shutil.copy(ROOT / "dashboard" / "chart.js", folder / "chart.js")
    (folder / "index.html").write_text(PLAIN_PAGE.replace("PLOTLY", chart.plotly_js() or chart.URL), encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1500, "height": 1800})
    context.add_init_script(WATCH_CHARTS)
    pg = context.new_page()
    try:
        pg.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        pg.wait_for_function("() => window.plainReady && window.Plotly", timeout=60_000)
        yield pg
    finally:
        context.close()
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def plain_change(pg, charts: list[dict]) -> float:
    """The plain page redraws `charts` in place: seconds to the last change in any chart."""
    from dashboard.exports import TITLE_TOP
    from dashboard.ui import PLOTLY_CONFIG

    since = pg.evaluate("([c, config, top]) => window.drawAll(c, config, top)", [charts, PLOTLY_CONFIG, TITLE_TOP])
    return settled(pg, since)


def paired_times(browser, app_url: str, floor_url: str, plain=None) -> dict:
    """The app and the minimal page open side by side, their filter changes taken in turn (the
    order alternating), so that both see the same moments of a shared, noisy machine: medians of
    each, and the median of the 10 paired ratios. With `plain` (plain_page's), each of the app's
    changes is followed by the plain page redrawing the same figures: plotly's own floor."""
    app, app_ws, app_first = opened(browser, app_url)
    floor, floor_ws, floor_first = opened(browser, floor_url)
    app_s, floor_s, plain_s = [], [], []
    if plain is not None:
        plain_change(plain, app.evaluate(DRAWN_CHARTS))  # the page as the app first drew it

    def app_change(step: int) -> None:
        app_s.append(change(app, app_ws, step))
        if plain is not None:
            plain_s.append(plain_change(plain, app.evaluate(DRAWN_CHARTS)))

    for step in range(CHANGES):
        if step % 2:
            app_change(step)
            floor_s.append(change(floor, floor_ws, step))
        else:
            floor_s.append(change(floor, floor_ws, step))
            app_change(step)
    app.context.close()
    floor.context.close()
    rerun, drawn = [a for a, _ in app_s], [d for _, d in app_s]
    floor_rerun, floor_drawn = [a for a, _ in floor_s], [d for _, d in floor_s]
    return {"first_chart_s": round(app_first, 3), "filter_change_s": round(statistics.median(rerun), 3),
            "filter_changes_s": [round(c, 3) for c in rerun], "floor_first_chart_s": round(floor_first, 3),
            "floor_filter_change_s": round(statistics.median(floor_rerun), 3),
            "floor_filter_changes_s": [round(c, 3) for c in floor_rerun],
            "ratio": _paired(rerun, floor_rerun),
            "charts_drawn_s": round(statistics.median(drawn), 3), "charts_drawn_all_s": [round(c, 3) for c in drawn],
            "floor_charts_drawn_s": round(statistics.median(floor_drawn), 3),
            "floor_charts_drawn_all_s": [round(c, 3) for c in floor_drawn],
            "drawn_ratio": _paired(drawn, floor_drawn),
            **({"plotly_floor_s": round(statistics.median(plain_s), 3), "plotly_floors_s": [round(c, 3) for c in plain_s],
                "plotly_ratio": _paired(drawn, plain_s)} if plain_s else {})}  # fmt: skip


def _paired(app: list[float], floor: list[float]) -> float:
    """The median of the paired ratios."""
    return round(statistics.median(a / b for a, b in zip(app, floor, strict=True) if b > 0), 2)


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
    base maps at the same addresses), its maps those of the database's countries, and the ASGI
    wrapper that serves it as `make run` serves the app (`minimal_serve.py`)."""
    import duckdb

    folder = Path(tempfile.mkdtemp(prefix="minimal_page_"))
    shutil.copy(ROOT / "scripts" / "minimal_page.py", folder / "minimal_page.py")
    (folder / "static").symlink_to(ROOT / "dashboard" / "static")
    # served as the app is (dashboard/serve.py: Streamlit's ASGI server), not by the older one
    (folder / "minimal_serve.py").write_text(
        f"import streamlit as st\n\napp = st.App({str(folder / 'minimal_page.py')!r})\n", encoding="utf-8"
    )
    from dashboard import charts

    con = duckdb.connect(str(db), read_only=True)
    countries = [c for (c,) in con.sql("""SELECT partner_country FROM events WHERE partner_country IS NOT NULL
                                          GROUP BY 1 ORDER BY count(*) DESC, 1""").fetchall()]  # fmt: skip
    con.close()
    # the maps the Overview draws: France's, the world's when several countries are in view, and
    # those of the largest countries with outlines
    drawn = [c for c in countries if charts.has_outlines(c)][: charts.MAX_COUNTRY_MAPS]
    os.environ["MINIMAL_MAPS"] = ",".join(["FR", *drawn])
    os.environ["MINIMAL_WORLD"] = ",".join(countries) if len(countries) > 1 else ""
    return folder


def bench_browser(db: Path) -> dict:
    from playwright.sync_api import sync_playwright

    minimal = minimal_folder(db)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            with (
                serving(str(minimal / "minimal_serve.py")) as (floor_port, _),
                serving("dashboard/serve.py", db) as (port, pid),
            ):
                floor_url, app_url = f"http://127.0.0.1:{floor_port}", f"http://127.0.0.1:{port}"
                opened(browser, floor_url)[0].context.close()  # warm-up: Chromium's own caches
                with plain_page(browser) as plain:
                    times = paired_times(browser, app_url, floor_url, plain)
                memory = server_memory(port, pid)
        finally:
            browser.close()
            shutil.rmtree(minimal, ignore_errors=True)
    return {**times, **memory}


def map_page(db: Path) -> dict:
    """The Map page (link map) against the same page whose charts st.plotly_chart draws
    (COOP_CHARTS=streamlit: the stock page of the same charts), open side by side, their changes
    taken in turn, with plotly's own floor (the plain page)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            with serving("dashboard/serve.py", db) as (port, _):
                os.environ["COOP_CHARTS"] = "streamlit"
                try:
                    with serving("dashboard/serve.py", db) as (stock_port, _):
                        app_url, stock_url = (
                            f"http://127.0.0.1:{port}/map_links",
                            f"http://127.0.0.1:{stock_port}/map_links",
                        )
                        opened(browser, stock_url)[0].context.close()  # warm-up: Chromium's own caches
                        with plain_page(browser) as plain:
                            return paired_times(browser, app_url, stock_url, plain)
                finally:
                    os.environ.pop("COOP_CHARTS", None)
        finally:
            browser.close()


def component_floor(db: Path) -> dict:
    """The minimal page drawn by the app's chart component against the same page drawn by
    st.plotly_chart, open side by side, their changes taken in turn: what the component alone
    changes in the browser (the same figures, no data behind)."""
    from playwright.sync_api import sync_playwright

    minimal = minimal_folder(db)
    page = str(minimal / "minimal_serve.py")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            os.environ["MINIMAL_DRAW"] = "component"
            with serving(page) as (component_port, _):
                os.environ["MINIMAL_DRAW"] = "stock"
                with serving(page) as (stock_port, _):
                    component_url, stock_url = f"http://127.0.0.1:{component_port}", f"http://127.0.0.1:{stock_port}"
                    opened(browser, stock_url)[0].context.close()  # warm-up: Chromium's own caches
                    return paired_times(browser, component_url, stock_url)
        finally:
            os.environ.pop("MINIMAL_DRAW", None)
            browser.close()
            shutil.rmtree(minimal, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(ROOT / "data" / "coop.duckdb"))
    parser.add_argument("--component-floor", action="store_true",
                        help="only the minimal page drawn by the chart component against st.plotly_chart")  # fmt: skip
    parser.add_argument("--map-page", action="store_true",
                        help="only the Map page against the same page drawn by st.plotly_chart")  # fmt: skip
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    run = component_floor if args.component_floor else map_page if args.map_page else bench_browser
    print(json.dumps(run(Path(args.db)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
