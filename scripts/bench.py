"""Benchmark (`make bench`): ETL warm and cold build, the briefing PDF, the date grammar and the
resolver, each against a CPU baseline of the same run; the build of a generated 20,000-row
catalogue (time and peak memory, in bench/results.json as `etl_20k`); the load test (20 websocket sessions,
scripts/load_test.py, written to bench/load.json); readers under 0, 5 and 20 whole-table downloads
(bench/downloads.json); then every page at 10k, 100k and 1M synthetic
events (scripts/bench_pages.py, written to bench/results.json).

    python scripts/bench.py --sizes 100000 --out FILE.json   # the pages at one size only

Each ETL figure is the median of several runs of `python -m etl build` (a fresh process, as a
user runs it). The machines are shared and noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def wall(cmd: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    """Everything (`make bench`), or with --sizes only the pages at those sizes (issue 14)."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", help="only the page benchmark, at these sizes (events)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--pdf", action="store_true", help="only the 300-page PDF catalogue (issue 25)")
    parser.add_argument("--downloads", action="store_true", help="only readers under 0, 5, 20 downloads (issue 26)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "scripts"))
    if args.pdf:
        _pdf_only()
        return
    if args.downloads:
        tmp = Path(tempfile.mkdtemp())
        try:
            downloads(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    if args.sizes:
        import bench_pages

        bench_pages.main(["--sizes", *map(str, args.sizes), "--out", args.out])
        return
    etl = etl_and_load()
    import bench_pages

    bench_pages.main(["--sizes", "10000", "100000", "1000000", "--out", args.out])
    results = json.loads(Path(args.out).read_text(encoding="utf-8"))
    results["etl_20k"] = {**etl, "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1)[:4000])


def etl_and_load() -> dict:
    """The ETL figures (printed), the load test (bench/load.json); returns the 20k-row build's."""
    tmp = Path(tempfile.mkdtemp())
    try:
        env = {**os.environ, "COOP_CACHE_DIR": str(tmp / "cache")}
        build = [sys.executable, "-m", "etl", "build", "--db", str(tmp / "bench.duckdb")]
        baseline_cmd = [sys.executable, "-c", "sum(i * i for i in range(3_000_000))"]
        cold = wall(build, env)  # the gazetteer index is built and cached here
        warm, baseline = [], []
        for _ in range(RUNS):
            baseline.append(wall(baseline_cmd))
            warm.append(wall(build, env))
        w, b = statistics.median(warm), statistics.median(baseline)
        print(f"baseline (python, 3M-square sum)  median {b:.2f} s over {RUNS}")
        print(f"cold build (index built)          {cold:.2f} s  ({cold / b:.1f}× baseline)")
        print(f"warm build (index cached)         median {w:.2f} s over {RUNS} "
              f"(min {min(warm):.2f}, max {max(warm):.2f})  ({w / b:.1f}× baseline)")  # fmt: skip
        print(f"target: warm build < 5 s wall → {'OK' if w < 5 else 'MISSED'}")

        briefing = [sys.executable, "-m", "dashboard", "briefing", "--db", str(tmp / "bench.duckdb"),
                    "--out", str(tmp / "briefing.pdf")]  # fmt: skip
        times = [wall(briefing, env) for _ in range(3)]
        bm = statistics.median(times)
        print(f"briefing PDF, whole catalogue     median {bm:.2f} s over 3 (min {min(times):.2f}, "
              f"max {max(times):.2f})  ({bm / b:.1f}× baseline)")  # fmt: skip
        print(f"target: briefing < 15 s wall → {'OK' if bm < 15 else 'MISSED'}")

        editions = ROOT / "tests" / "fixtures" / "editions"
        three = [*build, "--catalogue", str(ROOT / "data/raw/catalogue_2021_fr.txt"),
                 str(ROOT / "data/raw/catalogue_2021_en.txt"), *map(str, sorted(editions.glob("catalogue_20*.txt")))]  # fmt: skip
        times = [wall(three, env) for _ in range(3)]
        print(f"warm build, three catalogues      median {statistics.median(times):.2f} s over 3 "
              f"({statistics.median(times) / b:.1f}× baseline)")  # fmt: skip
        big = synthetic_catalogue(tmp / "catalogue_big_fr.txt", 5000)
        times = [wall([*build, "--catalogue", str(big)], env) for _ in range(3)]
        print(f"warm build, {big.stat().st_size // 1024} KB synthetic catalogue (5000 rows cycling the 2021 rows) "
              f"median {statistics.median(times):.2f} s over 3 ({statistics.median(times) / b:.1f}× baseline)")  # fmt: skip
        per_item(b)
        pdf_catalogue(env, tmp, b)
        etl = etl_20k(env, tmp)
        load(tmp / "bench.duckdb")
        downloads(tmp)
        return etl
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load(db: Path, sessions: int = 20, seconds: float = 60) -> dict:
    """20 websocket sessions of the real server for a minute, against one session (same run)."""
    import json

    sys.path.insert(0, str(ROOT / "scripts"))
    from load_test import load_test, report

    figures = load_test(db, sessions, seconds)
    report(figures)
    out = ROOT / "bench" / "load.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")
    from load_test import replicas_test  # past one machine: a second process on the same file

    replicas = replicas_test(db, sessions, seconds)
    for name in ("one", "two"):
        f = replicas[name]
        print(f"{f['replicas']} replica(s), {sessions} sessions back to back: {f['changes']} changes in {seconds:.0f} s, "
              f"p95 {f['p95_s']} s, {f['errors']} errors, RSS {f['server_rss_mb']} MB")  # fmt: skip
    print(f"two replicas / one: {replicas['throughput_ratio']}× the changes")
    (ROOT / "bench" / "replicas.json").write_text(json.dumps(replicas, indent=2) + "\n", encoding="utf-8")
    return figures


DOWNLOADS_EVENTS = 60_000  # about the size at which a tester saw 20 downloads stop the readers (issue 26)


def downloads(tmp: Path, sessions: int = 4, seconds: float = 60) -> dict:
    """Readers changing filters while 0, 5 and 20 users download the whole listings table
    (scripts/load_test.py --downloads) on a synthetic database of DOWNLOADS_EVENTS listings;
    written to bench/downloads.json. Targets: reader p95 within 2× of alone, server < 1.5 GB."""
    import json

    sys.path.insert(0, str(ROOT / "scripts"))
    from load_test import downloads_test, report_downloads

    db = tmp / "downloads.duckdb"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "synthetic.py"), "--events", str(DOWNLOADS_EVENTS),
                    "--out", str(db)], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    figures = downloads_test(db, sessions, seconds)
    report_downloads(figures)
    figures["events"] = DOWNLOADS_EVENTS
    (ROOT / "bench" / "downloads.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def _pdf_only() -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        baseline = statistics.median(wall([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"])
                                     for _ in range(RUNS))  # fmt: skip
        pdf_catalogue({**os.environ}, tmp, baseline)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def pdf_catalogue(env: dict, tmp: Path, baseline: float) -> dict:
    """Issue 25: a PDF catalogue of 5,000 listings (about 300 pages, rendered by reportlab with
    scripts/render_documents.py from the synthetic catalogue, descriptions cut to a line): the
    reading alone (pdfplumber, in-process) and the whole build, medians of 3, against the baseline."""
    import json

    from render_documents import read_export, render_reportlab

    text = synthetic_catalogue(tmp / "catalogue_pdf_fr.txt", 5000)
    lines = text.read_text(encoding="utf-8").splitlines()
    text.write_text("\n".join("\t".join(c[:90] for c in x.split("\t")) if x.count("\t") == 5 else x for x in lines)
                    + "\n", encoding="utf-8")  # fmt: skip
    pdf = tmp / "catalogue_2030_fr.pdf"
    render_reportlab(read_export(text), pdf)
    read = [sys.executable, "-c", "import sys; from pathlib import Path; from etl.extract import read_source; "
            "s = read_source(Path(sys.argv[1])); print(len(s.lines), max(p.page for p in s.places))", str(pdf)]  # fmt: skip
    pages = subprocess.run(read, cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()[1]
    reads = [wall(read, env) for _ in range(3)]
    build = [sys.executable, "-m", "etl", "build", "--db", str(tmp / "pdf.duckdb"), "--catalogue", str(pdf)]
    builds = [timed(build, env) for _ in range(3)]
    r, w, peak = statistics.median(reads), statistics.median(b[0] for b in builds), max(b[1] for b in builds)
    print(f"PDF catalogue, 5000 listings on {pages} pages ({pdf.stat().st_size // 1024} KB): reading median {r:.1f} s "
          f"({r / baseline:.1f}× baseline), whole build median {w:.1f} s ({w / baseline:.1f}× baseline), "
          f"peak {peak:.0f} MB over 3 → target < 60 s: {'OK' if w < 60 else 'MISSED'}")  # fmt: skip
    figures = {"listings": 5000, "pages": int(pages), "read_median_s": round(r, 2), "build_median_s": round(w, 2),
               "build_runs_s": [round(b[0], 2) for b in builds], "peak_mb": round(peak),
               "baseline_s": round(baseline, 3), "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}  # fmt: skip
    out = ROOT / "bench" / "pdf.json"
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def synthetic_catalogue(path: Path, rows: int) -> Path:
    """A large catalogue in the documented format: the 2021 French one-line rows cycled, in ten
    sections, each copy's title numbered (distinct projects, not `rows` repeats of 77)."""
    lines = (ROOT / "data" / "raw" / "catalogue_2021_fr.txt").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Région\t"))
    table = [x for x in lines[header + 1 :] if x.count("\t") == 5 and x.split("\t")[1] and not x.startswith("<b>")]
    out = lines[: header + 1]
    for section in range(10):
        out.append("<b>Thématique : culture</b>" + "\t" * 5)
        for i in range(section * (rows // 10), (section + 1) * (rows // 10)):
            cells = table[i % len(table)].split("\t")
            cells[3] = f"{cells[3].replace('<b>', '').replace('</b>', '')} n° {i // len(table) + 1}"
            out.append("\t".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of a command run to its end (the child's own rusage)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 2):  # 2: built with issues reported (a result, not a crash)
        raise RuntimeError(proc.stderr.read().decode(errors="replace")[-500:])
    proc.returncode = os.waitstatus_to_exitcode(status)
    return took, usage.ru_maxrss / 1024


def etl_20k(env: dict, tmp: Path) -> dict:
    """Issue 14: the build of a generated 20,000-row catalogue, time and peak memory (median of 3)."""
    big = synthetic_catalogue(tmp / "catalogue_20k_fr.txt", 20_000)
    cmd = [sys.executable, "-m", "etl", "build", "--db", str(tmp / "big.duckdb"), "--catalogue", str(big)]
    runs = [timed(cmd, env) for _ in range(3)]
    (tmp / "big.duckdb").unlink(missing_ok=True)
    wall_s, peak = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    print(f"ETL of a generated 20,000-row catalogue: median {wall_s:.1f} s over 3, peak {peak:.0f} MB "
          f"(targets < 30 s, < 2 GB) → {'OK' if wall_s < 30 and peak < 2048 else 'MISSED'}")  # fmt: skip
    return {"rows": 20_000, "median_s": round(wall_s, 2), "runs_s": [round(r[0], 2) for r in runs],
            "peak_mb": round(peak)}  # fmt: skip


def per_item(baseline: float) -> None:
    """Cost per item of the two grammars, in-process (what grows with a larger catalogue)."""
    sys.path.insert(0, str(ROOT))
    from etl.config import build_settings
    from etl.dates import read_dates
    from etl.evaluation import load_cases
    from etl.pipeline import make_resolver
    from tests.test_dates import TABLE

    texts = [row[0] for row in TABLE]
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for text in texts:
            read_dates(text, 2024)
        runs.append((time.perf_counter() - started) / len(texts))
    print(f"date grammar                      median {statistics.median(runs) * 1e6:.0f} µs per expression "
          f"({len(texts)} expressions, 5 runs)")  # fmt: skip
    resolver = make_resolver(build_settings())
    cases = load_cases(ROOT / "tests" / "eval" / "places.csv")
    runs = []
    for _ in range(5):
        resolver.forget()  # time resolution itself, not the memo
        started = time.perf_counter()
        for c in cases:
            resolver.resolve_actor(c.text, c.country, c.hint)
        runs.append((time.perf_counter() - started) / len(cases))
    print(f"place resolver                    median {statistics.median(runs) * 1e3:.2f} ms per place string "
          f"({len(cases)} strings, 5 runs)")  # fmt: skip


if __name__ == "__main__":
    main()
