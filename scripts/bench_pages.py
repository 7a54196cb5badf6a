"""Server-side cost of every page at a given database size (issue 14), against its DuckDB floor.

    python scripts/bench_pages.py --sizes 10000 100000 [--out bench/results.json] [--timeout 120]

For each size: a synthetic database (`scripts/synthetic.py`, from the 2021 build), then for each
page, in this process, with Streamlit's AppTest (the page's script as the server runs it):
- `cold_s`: a new session's first run, caches emptied (AppTest's own start-up included);
- `p95_s`: the 95th percentile of 10 reruns of that session with 10 different filters (each a
  cache miss), as a user changes filters: of 10, the second slowest; `max_s` is the slowest and
  `slowest` its filter (a search, so far);
- `payload_bytes`: the page's elements as sent to the browser (serialised protobuf, largest run);
- `floor_s`: the 95th percentile of the same filters' queries on raw DuckDB (`dashboard.queries`,
  a search resolved once as the app does) and the figures and tables built from them (`charts`,
  `link_map`, `tables`), without Streamlit: the least a page can cost; `ratio` = p95 / floor;
- `apptest_floor_s` (per size): an AppTest run of a one-line page, the harness's own cost.
A page that does not finish within `--timeout` is reported with its error, and the next goes on.
Then, unless --no-browser, the browser timings and the server's memory after every page
(scripts/bench_browser.py) on the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

PAGES = {  # page → its script (None: the Overview)
    "overview": None,
    "map_links": "app_pages/map_links.py",
    "events": "app_pages/events.py",
    "partnerships": "app_pages/partnerships.py",
    "quality": "app_pages/quality.py",
}


def floor_work(name: str, con, f, vocab=None) -> None:
    """What a page asks DuckDB for, with the figures and tables it builds from the answers (its
    floor: the issue's "raw-query floor plus figure building"), without Streamlit."""
    import polars as pl

    from dashboard import boundaries, charts, link_map, queries, tables

    if name == "overview":
        figures = queries.key_figures(con, f)
        themes, semesters = queries.by_theme(con, f), queries.by_semester_theme(con, f)
        editions, regions = queries.by_edition(con, f), queries.by_fr_region(con, f)
        partner, matrix = queries.by_partner_region(con, f), queries.theme_region_matrix(con, f)
        if figures["listings"]:
            charts.theme_bar_figure(themes, "fr")
            charts.semester_figure(semesters, "fr")
            if editions.height > 1:
                charts.edition_figure(editions, "fr")
            charts.region_bar_figure(regions, "", "fr")
            charts.region_bar_figure(partner, "", "fr", "#7a1f3d")
            charts.matrix_figure(matrix, regions, "fr")
            charts.choropleth_figure(regions, "FR", "fr", boundaries.url("FR"))
            per_country = queries.by_country(con, f)  # the world map, then the largest countries' maps
            in_view = per_country["partner_country"].to_list()
            if len(in_view) > 1:
                charts.world_figure(per_country, "fr")
            for country in [c for c in in_view if charts.has_outlines(c)][: charts.MAX_COUNTRY_MAPS]:
                charts.choropleth_figure(partner.filter(pl.col("country") == country), country, "fr",
                                         boundaries.url(country))  # fmt: skip
    elif name == "map_links":  # the links counted by their arcs, as the page does
        arcs = queries.link_arcs(con, f, link_map.LAYERS)
        counts = link_map.arc_counts(arcs)
        if sum(counts.values()) <= link_map.MOST_LINKS:
            link_map.link_map_figure(queries.map_links(con, f, link_map.LAYERS))
        else:
            link_map.arcs_figure(arcs, counts)
    elif name == "events":
        queries.events_count(con, f)
        tables.events_table(queries.events_table(con, f, "document", 200, 0), vocab, "fr")
    elif name == "partnerships":
        queries.link_counts(con, f)
        tables.partnerships_table(queries.partnerships(con, f, 200, 0), "fr")
        decades = queries.links_by_decade(con, f)
        if not decades.is_empty():
            charts.decade_figure(decades, "fr")
    elif name == "quality":
        queries.quality_summary(con)
        for table in ("quality_flags", "places_to_review", "source_conflicts"):
            queries.row_count(con, f, table)
            getattr(queries, table)(con, f, 200, 0)


FILTERS = [{"theme": "culture"}, {"theme": "sport"}, {"semester": "S2"}, {"fr_region": "FR-PAC"},
           {"fr_region": "FR-IDF"}, {"country": "TOP"}, {"year": "2020"}, {"theme": "economy", "semester": "S1"},
           {"q": "ville"}, {"theme": "academic,environment"}]  # fmt: skip


def filters_for(db: Path) -> list[dict]:
    """FILTERS with the country filter on the database's largest partner country ("TOP")."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    top = con.sql("SELECT partner_country FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
    con.close()
    return [{k: top if v == "TOP" else v for k, v in f.items()} for f in FILTERS]


def payload(at) -> int:
    """Bytes of every element of an AppTest run, as serialised for the browser."""
    total = 0

    def walk(node) -> None:
        nonlocal total
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            total += len(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return total


def session(script: str | None, timeout: float):
    """A new AppTest of the app (one browser session), at `script`'s page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=timeout)
    if script:
        at.switch_page(script)
    return at


def rerun(at, params: dict) -> tuple[float, int]:
    """The session's address changed to `params` and its page run again: (seconds, bytes sent)."""
    at.query_params.clear()
    for k, v in params.items():
        at.query_params[k] = v
    started = time.perf_counter()
    at.run()
    took = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].message[:200])
    return took, payload(at)


def apptest_floor(timeout: float) -> float:
    """Median AppTest run of a one-line page: the harness's own cost, in the same process."""
    from streamlit.testing.v1 import AppTest

    runs = []
    for _ in range(5):
        at = AppTest.from_string("import streamlit as st\nst.write('x')", default_timeout=timeout)
        started = time.perf_counter()
        at.run()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def floor(db: Path, name: str) -> float:
    import duckdb

    from dashboard import queries, search
    from dashboard.filters import Filters

    con = duckdb.connect(str(db), read_only=True)
    vocab = queries.vocabulary(con)
    index = search.listings(con)  # read once per database, as the app does
    floor_work(name, con.cursor(), Filters(), vocab)  # imports and base maps loaded, as by the page's cold run
    times = []
    for params in filters_for(db):
        f = Filters(themes=tuple(params.get("theme", "").split(",")) if "theme" in params else (),
                    semesters=(params["semester"],) if "semester" in params else (),
                    fr_regions=(params["fr_region"],) if "fr_region" in params else (),
                    partner_countries=(params["country"],) if "country" in params else (),
                    years=(int(params["year"]),) if "year" in params else (), search=params.get("q", ""))  # fmt: skip
        started = time.perf_counter()
        cur = con.cursor()  # as the app reads: a search resolved once (search.with_search)
        floor_work(name, cur, search.with_search(cur, f, index=index), vocab)
        times.append(time.perf_counter() - started)
    con.close()
    return p95(times)


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[int(0.95 * (len(values) - 1))]


def bench_size(events: int, seed: Path, timeout: float, browser: bool = True) -> dict:
    import streamlit as st
    from synthetic import generate

    db = ROOT / "data" / f"synthetic_{events}.duckdb"
    started = time.perf_counter()
    generate(seed, db, events)
    out = {"events": events, "generate_s": round(time.perf_counter() - started, 1),
           "apptest_floor_s": round(apptest_floor(timeout), 3), "pages": {}}  # fmt: skip
    os.environ["COOP_DB"] = str(db)
    for name, script in PAGES.items():
        st.cache_data.clear()
        st.cache_resource.clear()
        page: dict = {}
        try:
            at = session(script, timeout)
            cold, size = rerun(at, {})  # a new session's first run, caches empty
            runs, sizes = [], [size]
            filters = filters_for(db)
            for params in filters:  # then the same session changes its filters, as a user does
                took, size = rerun(at, params)
                runs.append(took)
                sizes.append(size)
            page = {"cold_s": round(cold, 3), "p95_s": round(p95(runs), 3),
                    "median_s": round(statistics.median(runs), 3), "max_s": round(max(runs), 3),
                    "slowest": json.dumps(filters[runs.index(max(runs))], sort_keys=True), "payload_bytes": max(sizes),
                    "runs_s": {json.dumps(p, sort_keys=True): round(r, 3) for p, r in zip(filters, runs, strict=True)}}  # fmt: skip
        except Exception as exc:  # noqa: BLE001 — a page too slow or failing is a result
            page = {"error": f"{type(exc).__name__}: {str(exc)[:160]}"}
        page["floor_s"] = round(floor(db, name), 4)
        if "p95_s" in page:
            page["ratio"] = round(page["p95_s"] / max(page["floor_s"], 1e-4), 1)
        out["pages"][name] = page
        print(f"{events:>9,} {name:<13} {json.dumps(page)}", flush=True)
    if browser:
        from bench_browser import bench_browser, component_floor, map_page

        for key, run in (("browser", bench_browser), ("component_floor", component_floor), ("map_page", map_page)):
            try:
                out[key] = run(db)
            except Exception as exc:  # noqa: BLE001 — reported, the next size goes on
                out[key] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
            print(f"{events:>9,} {key:<13} {json.dumps(out[key])}", flush=True)
    db.unlink(missing_ok=True)
    return out


def markdown(results: dict) -> str:
    """The table of a run in docs/scale.md: one row per size and page."""
    rows = [
        "| events | page | cold | p95 | slowest (its filter) | floor (queries + figures) | p95 / floor | payload |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in results["sizes"]:
        for name, p in size["pages"].items():
            if "error" in p:
                rows.append(
                    f"| {size['events']:,} | {name} | — | — | — | {p['floor_s']:.3f} s | — | {p['error'][:60]} |"
                )
                continue
            slowest = "—"  # a run from before `max_s`
            if "max_s" in p:
                slowest = (
                    f"{p['max_s']:.2f} s (" + ", ".join(f"{k}={v}" for k, v in json.loads(p["slowest"]).items()) + ")"
                )
            rows.append(f"| {size['events']:,} | {name} | {p['cold_s']:.2f} s | {p['p95_s']:.2f} s | "
                        f"{slowest} | {p['floor_s']:.3f} s | {p['ratio']}× | {p['payload_bytes'] / 1e6:.2f} MB |")  # fmt: skip
    rows += ["", "| events | page | first chart (stock page's) | ratio | filter change, charts drawn (stock page's) "
             "| ratio | plotly's own floor | ratio | the component / st.plotly_chart, same figures | server memory |",
             "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for size in results["sizes"]:
        c = size.get("component_floor") or {}
        for key, page in (("browser", "Overview"), ("map_page", "Map")):
            b = size.get(key)
            if not b:
                continue
            if "error" in b:
                rows.append(f"| {size['events']:,} | {page} | — | — | — | — | — | — | — | {b['error'][:60]} |")
                continue
            rows.append(_browser_row(size["events"], page, b, c if key == "browser" else {}))
    return "\n".join(rows)


def _browser_row(events: int, page: str, b: dict, c: dict) -> str:
    """One row of the browser table: a page against its stock page (the minimal page for the
    Overview, the same page drawn by st.plotly_chart for the Map), and against plotly's floor."""
    first = f"{b['first_chart_s']:.2f} s ({b['floor_first_chart_s']:.2f} s) | {b['first_chart_s'] / b['floor_first_chart_s']:.2f}×"
    drawn = f"{b['charts_drawn_s']:.2f} s ({b['floor_charts_drawn_s']:.2f} s) | {b['drawn_ratio']}×" \
        if "charts_drawn_s" in b else "— | —"  # fmt: skip
    plotly = f"{b['plotly_floor_s']:.2f} s | {b['plotly_ratio']}×" if "plotly_ratio" in b else "— | —"
    component = f"{c['drawn_ratio']}× (first chart {c['first_chart_s'] / c['floor_first_chart_s']:.2f}×)" \
        if "drawn_ratio" in c else "—"  # fmt: skip
    memory = f"{b['server_rss_mb']:.0f} MB (peak {b['server_peak_rss_mb']:.0f} MB)" if "server_rss_mb" in b else "—"
    return f"| {events:,} | {page} | {first} | {drawn} | {plotly} | {component} | {memory} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--seed", default=str(ROOT / "data" / "coop.duckdb"))
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--no-browser", action="store_true", help="server side only (no Chromium)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)  # AppTest reads .streamlit/config.toml from the working directory, as the server does
    results = {"machine": f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
               "apptest": "server-side, Streamlit AppTest, one process", "sizes": [bench_size(n, Path(args.seed), args.timeout, not args.no_browser)
                                                               for n in args.sizes]}  # fmt: skip
    results["measured_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out = Path(args.out)
    if out.exists():  # the ETL figure of `make bench`, kept (with its date) by a pages-only run
        previous = json.loads(out.read_text(encoding="utf-8"))
        if "etl_20k" in previous:
            results["etl_20k"] = {**previous["etl_20k"], "measured_at": previous["etl_20k"].get(
                "measured_at", previous.get("measured_at", "an earlier make bench"))}  # fmt: skip
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
