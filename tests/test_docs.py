"""The documentation says what the code does: the tables docs/data-model.md lists are those a
build makes, and every command the README and docs/ give exists (a Makefile target, a CLI
subcommand)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in DOCS)


def test_the_data_model_lists_every_table_a_build_makes_and_no_other():
    from etl.db.schema import TABLES

    rows = [line for line in (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")]  # fmt: skip
    documented = {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    assert documented == set(TABLES)


def test_every_make_target_the_docs_give_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    named = set(re.findall(r"\bmake ([a-z][\w-]*)", _text()))
    assert named and named <= targets, named - targets


def test_every_cli_command_the_docs_give_exists():
    from dashboard.__main__ import main as dashboard_main
    from etl.__main__ import main as etl_main

    named = set(re.findall(r"python -m (etl|dashboard) ([a-z][\w-]*)", _text()))
    assert ("etl", "build") in named and ("dashboard", "briefing") in named
    for package, command in named:
        main = etl_main if package == "etl" else dashboard_main
        try:
            code = main([command, "--help"])
        except SystemExit as done:  # argparse's --help
            code = done.code
        assert code == 0, (package, command)
