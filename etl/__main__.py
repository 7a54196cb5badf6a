"""`python -m etl build [--db PATH] [--catalogue FILE ...] [--accept-errors] [--accept-drop] [--online-geocoding]`
`python -m etl evaluate [FILE ...]`: precision and recall of the place resolver on labelled sets.
`python -m etl evaluate-relations [FILE ...]`: precision and recall of the relation extraction."""

from __future__ import annotations

import sys

STARTUP_INTERRUPTED = "interrupted (SIGINT) before the build began: nothing was changed"
try:  # Ctrl-C may land in these imports as in any later one: said, not a traceback
    import argparse
    import signal
except KeyboardInterrupt:
    print(STARTUP_INTERRUPTED, file=sys.stderr)
    sys.exit(130)


class Interrupted(Exception):
    """SIGTERM or SIGHUP during a build: unwinds like Ctrl-C, so the temporary file is removed."""


def _megabytes(text: str) -> float:
    """A positive, finite number of megabytes (argparse prints the message and exits 2)."""
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"a positive number of megabytes, not {text!r}")
    return value


def _interrupt(signum, frame) -> None:
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="load the catalogues into a new DuckDB database")
    b.add_argument("--db", help="database file (default: data/coop.duckdb)")
    b.add_argument("--catalogue", nargs="+", metavar="FILE",
                   help="catalogue files: text export, CSV, XLSX, PDF or Word .docx "
                        "(default: data/raw/catalogue_* in those formats)")  # fmt: skip
    b.add_argument(
        "--accept-errors",
        action="store_true",
        help="load the rest when rows are reported as errors (default: refuse, database unchanged)",
    )
    b.add_argument(
        "--accept-drop",
        action="store_true",
        help="accept fewer listings than the previous build of the same file (default: refuse)",
    )
    b.add_argument(
        "--max-megabytes",
        type=_megabytes,
        metavar="MB",
        help="refuse input files larger than this (default 25, or COOP_MAX_MEGABYTES)",
    )
    b.add_argument("--online-geocoding", action="store_true",
                   help="ask Nominatim for names the offline gazetteer cannot resolve (needs internet)")  # fmt: skip
    ev = sub.add_parser("evaluate", help="precision and recall of the place resolver on labelled place strings")
    ev.add_argument("files", nargs="*", metavar="FILE", help="labelled CSV files (default: tests/eval/*.csv)")
    ev.add_argument("--errors", action="store_true", help="list every wrong and missed case")
    ev.add_argument("--by-country", action="store_true",
                    help="then the files' cases pooled, by continent and by country (Markdown tables)")  # fmt: skip
    er = sub.add_parser("evaluate-relations", help="precision and recall of the relations read in labelled sentences")
    er.add_argument("files", nargs="*", metavar="FILE", help="labelled CSV files (default: tests/eval/relations*.csv)")
    er.add_argument("--errors", action="store_true", help="list every wrong and missed relation")
    args = parser.parse_args(argv)
    if args.command in ("evaluate", "evaluate-relations"):
        try:
            if args.command == "evaluate":
                return evaluate_command(args.files, args.errors, args.by_country)
            return evaluate_relations_command(args.files, args.errors)
        except (OSError, ValueError, KeyError) as exc:  # a missing file, a column the set lacks
            what = f"column {exc} missing" if isinstance(exc, KeyError) else str(exc)
            print(f"error: cannot read the labelled set: {what}", file=sys.stderr)
            return 2

    return _build_command(args)


def _say(message: str) -> None:
    """Print a line of progress; when the reader of the output has gone (`… | head`), go on
    without printing rather than stop the build."""
    try:
        print(message, flush=True)
    except BrokenPipeError:
        _mute_stdout()


def _mute_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # also silences the flush at exit


def _identity(path) -> tuple | None:
    """What tells the published database from another file at the same path (rename = new inode)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _build_command(args) -> int:
    """`python -m etl build`: every failure a message and exit 2, an interrupt exit 130 saying
    truthfully whether the new database was already published."""
    from etl.config import ConfigError, build_settings
    from etl.db.load import LoadError
    from etl.pipeline import BuildError, run_build

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    settings, before = None, None
    try:
        settings = build_settings(
            db_path=args.db,
            catalogues=args.catalogue,
            online_geocoding=args.online_geocoding or None,
            accept_errors=args.accept_errors or None,
            accept_drop=args.accept_drop or None,
            max_megabytes=args.max_megabytes,
        )
        before = _identity(settings.db_path)
        summary = run_build(settings, log=_say)
        _print_summary(settings, summary)
    except (BuildError, LoadError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the previous database, if any, is unchanged", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Interrupted) as exc:
        published = settings is not None and _identity(settings.db_path) not in (before, None)
        state = (f"the new database was already published at {settings.db_path}" if published
                 else "the previous database, if any, is unchanged")  # fmt: skip
        print(f"interrupted ({exc or 'SIGINT'}): {state}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _mute_stdout()
    except OSError as exc:  # disk full, no permission, a path the system refuses: said, not a traceback
        print(f"error: cannot write the database: {exc.strerror or exc}"
              + (f" ({exc.filename})" if exc.filename else ""), file=sys.stderr)  # fmt: skip
        print("the previous database, if any, is unchanged", file=sys.stderr)
        return 2
    return 0


def _print_summary(settings, summary) -> None:
    from etl.vocab import THEMES

    print(f"built {settings.db_path} in {summary.seconds:.1f} s")
    total = sum(summary.listings_by_theme.values())
    print(f"listings: {total}")
    for file, encoding in summary.encodings.items():
        print(f"  read {file} as {encoding}")
    for theme in THEMES:
        if theme in summary.listings_by_theme:
            print(f"  {theme:<13}{summary.listings_by_theme[theme]:>4}")
    if summary.paired_share is not None:
        print(f"with an English title: {summary.paired_share:.0%}")
    flags = ", ".join(f"{k} {v}" for k, v in sorted(summary.issues_by_severity.items()))
    print(f"data-quality flags: {flags or 'none'}")
    for code, n in sorted(summary.issues_by_code.items(), key=lambda kv: -kv[1]):
        print(f"  {code:<26}{n:>4}")
    if summary.unresolved:
        print("unresolved names:")
        for line in summary.unresolved:
            print(f"  {line}")


def _labelled_sets(files: list[str], pattern: str) -> tuple:
    """(the offline resolver, the labelled files asked for or tests/eval/<pattern>)."""
    from pathlib import Path

    from etl.config import ROOT, build_settings
    from etl.pipeline import make_resolver

    paths = [Path(f) for f in files] or sorted((ROOT / "tests" / "eval").glob(pattern))
    return make_resolver(build_settings()), paths


def evaluate_command(files: list[str], errors: bool, by_country: bool = False) -> int:
    from etl.evaluation import Report, by_group, evaluate, group_table, load_cases

    resolver, paths = _labelled_sets(files, "places*.csv")
    pooled = []
    for path in paths:
        report = evaluate(resolver, load_cases(path))
        pooled.extend(report.outcomes)
        print(f"{path.name}: {report.summary()}")
        if errors:
            for o in report.wrong:
                print(
                    f"  wrong   {o.case.text!r} ({o.case.country}): {sorted(o.accepted)}, expected {sorted(o.case.expected)}"
                )
            for o in report.missed:
                print(
                    f"  missed  {o.case.text!r} ({o.case.country}): {sorted(o.accepted)}, to review {sorted(o.review)}"
                )
    if by_country:
        from etl.reference import load_countries

        everything = Report(tuple(pooled))
        continents = {code: c.continent for code, c in load_countries().items() if c.continent}
        print(f"\nAll {len(paths)} file(s): {everything.summary()}\n")
        print(group_table(by_group(everything, continents), "continent") + "\n")
        print(group_table(by_group(everything), "country"))
    return 0


def evaluate_relations_command(files: list[str], errors: bool) -> int:
    from etl.relation_evaluation import current_only, evaluate_relations, load_relation_cases

    resolver, paths = _labelled_sets(files, "relations*.csv")
    for path in paths:
        cases = load_relation_cases(path)
        report = evaluate_relations(resolver, cases)
        note = " (current relations only: the set labels no planned one)" if current_only(cases) else ""
        print(f"{path.name}: {report.summary()}{note}")
        if not errors:
            continue
        for o in report.outcomes:
            for rel, why in o.wrong:
                print(f"  wrong   {o.case.sentence_id} {rel.fr_name!r} – {rel.partner_name!r} {rel.kind} "
                      f"{rel.since_year or ''} ({rel.rule}): {why} | {o.case.text[:90]!r}")  # fmt: skip
            for e in o.missed:
                print(f"  missed  {o.case.sentence_id} {e.fr_place!r} – {e.partner_place!r} {e.kind} {e.since_year or ''}"
                      f" | {o.case.text[:90]!r}")  # fmt: skip
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # during start-up (the imports), before a build began
        print(STARTUP_INTERRUPTED, file=sys.stderr)
        sys.exit(130)
