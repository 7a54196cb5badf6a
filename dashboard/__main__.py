"""`python -m dashboard briefing --out FILE.pdf [--theme …] [--fr-region …] [--lang fr|en]`.

Filter names are those of the dashboard's address (theme, semester, fr-region, partner-region,
country, actor-kind, year, q); values are codes, comma-separated or repeated:
`python -m dashboard briefing --out note.pdf --country JP --year 2024`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from dashboard.filters import URL_KEYS, Filters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("briefing", help="write the briefing PDF of a filtered view")
    b.add_argument("--out", required=True, help="PDF file to write")
    b.add_argument("--db", default=None, help="database (default: data/coop.duckdb or $COOP_DB)")
    b.add_argument("--lang", choices=["fr", "en"], default="fr")
    for key in URL_KEYS:
        b.add_argument(f"--{key.replace('_', '-')}", dest=key, action="append", default=[], metavar="CODE")
    b.add_argument("--q", default="", help="free-text search over titles and descriptions")
    args = parser.parse_args(argv)

    from dashboard import briefing, queries
    from dashboard.settings import db_path

    path = Path(args.db) if args.db else db_path()
    if not path.exists():
        print(f"error: database not found: {path} (run `make db`)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    params = {key: ",".join(getattr(args, key)) for key in URL_KEYS if getattr(args, key)}
    if args.q:
        params["q"] = args.q
    filters, ignored = Filters.from_query_params(params, queries.vocabulary(con).as_mapping())
    if ignored:
        print(f"error: unknown filter values: {', '.join(ignored)}", file=sys.stderr)
        return 2
    pdf = briefing.briefing_pdf(con, filters, args.lang)
    Path(args.out).write_bytes(pdf)
    print(f"wrote {args.out} ({len(pdf) / 1024:.0f} KiB) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
