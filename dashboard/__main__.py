"""`python -m dashboard briefing --out FILE.pdf [--theme …] [--fr-region …] [--lang fr|en]`;
`python -m dashboard steward add|remove|list [NAME] [--password-stdin]`: steward accounts.

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
    st = sub.add_parser("steward", help="create, remove or list steward accounts")
    st.add_argument("action", choices=["add", "remove", "list"])
    st.add_argument("name", nargs="?", default="")
    st.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)
    if args.command == "steward":
        return steward_command(args.action, args.name, args.password_stdin)

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


def steward_command(action: str, name: str, from_stdin: bool) -> int:
    from dashboard.stewards import AccountError, accounts_path

    try:
        return _steward(action, name, from_stdin, accounts_path())
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _steward(action: str, name: str, from_stdin: bool, path) -> int:
    from dashboard.stewards import add_account, read_accounts, remove_account

    if action == "list":
        for steward, info in sorted(read_accounts(path).items()):
            print(f"{steward}\tcreated {info.get('created', '?')}")
        return 0
    if not name:
        print(f"error: `steward {action}` needs a NAME", file=sys.stderr)
        return 2
    if action == "remove":
        if not remove_account(path, name):
            print(f"error: no steward named {name!r} in {path}", file=sys.stderr)
            return 2
        print(f"removed {name} from {path}")
        return 0
    import getpass

    password = sys.stdin.readline().rstrip("\n") if from_stdin else getpass.getpass(f"password for {name}: ")
    add_account(path, name, password)
    print(f"steward {name} saved in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
