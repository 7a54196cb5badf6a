"""Shared fixtures: fixture files, the real offline resolver, one built database per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings as hypothesis_settings

from etl.config import build_settings
from etl.parse import parse_catalogue
from etl.pipeline import make_resolver, run_build

# CI (.ci/run sets HYPOTHESIS_PROFILE=ci): the same examples every run (derandomized), no deadline
# on a shared machine; a failure found there is replayed exactly by the next run.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def resolver():
    return make_resolver(build_settings())


@pytest.fixture(scope="session")
def parse_fixture(resolver):
    def _parse(name: str):
        lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
        return parse_catalogue(lines, name, resolver.is_region_name)

    return _parse


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The seed catalogues (FR + EN) built once into a temporary database."""
    db = tmp_path_factory.mktemp("db") / "coop.duckdb"
    run_build(build_settings(db_path=db), log=lambda m: None)
    return db


@pytest.fixture
def con(built_db):
    connection = duckdb.connect(str(built_db), read_only=True)
    yield connection
    connection.close()


EDITIONS = FIXTURES / "editions"


def douarnenez_changed(folder: Path, old: str, new: str) -> tuple[Path, int]:
    """The 2021 French catalogue written into `folder` with `old` replaced by `new` in the
    Douarnenez listing's row; (its path, the row's line number)."""
    lines = (RAW / "catalogue_2021_fr.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Bretagne\tDouarnenez"))
    lines[at] = lines[at].replace(old, new, 1)
    path = folder / "catalogue_2021_fr.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, at + 1


EDITION_FILES = (
    RAW / "catalogue_2021_fr.txt",
    RAW / "catalogue_2021_en.txt",
    EDITIONS / "catalogue_2023_ru_fr.txt",
    EDITIONS / "catalogue_2024_jp_fr.txt",
    EDITIONS / "catalogue_2024_jp_en.txt",
)


@pytest.fixture(scope="session")
def editions_db(tmp_path_factory) -> Path:
    """Three catalogues loaded together: 2021 Russia (FR+EN), 2023 Russia (FR), 2024 Japan (FR+EN)."""
    db = tmp_path_factory.mktemp("editions") / "coop.duckdb"
    run_build(build_settings(db_path=db, catalogues=EDITION_FILES), log=lambda m: None)
    return db


@pytest.fixture
def econ(editions_db):
    connection = duckdb.connect(str(editions_db), read_only=True)
    yield connection
    connection.close()


def app_factory(db: Path, monkeypatch):
    """AppTest on the dashboard over `db`, at a page, with address parameters."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COOP_DB", str(db))

    def make(page: str | None = None, read_down: bool = True, **params):
        """`read_down`: as a reader who has scrolled to the foot of the page (the charts built on
        demand, dashboard.chart.placeholder, are built)."""
        from dashboard import chart

        at = AppTest.from_file("../dashboard/app.py", default_timeout=90)
        if read_down:
            at.session_state[chart.SEEN] = {chart.FOOT}
        for k, v in params.items():
            at.query_params[k] = v
        if page:
            at.switch_page(page)
        return at.run()

    return make


def seen(markdown: str) -> str:
    """What a reader sees of Markdown written by ui.as_text: escapes and word joiners removed."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def metrics(at) -> dict[str, str]:
    """The metric cards of an AppTest run: label → value."""
    return {m.label: m.value for m in at.metric}


def chart_specs(at) -> list[dict]:
    """The plotly figures of an AppTest run, as JSON: those the app's chart component draws
    (dashboard.chart) and any drawn by st.plotly_chart."""
    import json

    sent = [
        json.loads(c.proto.json) for c in at.get("bidi_component") if c.proto.component_name == "observatoire_chart"
    ]
    return [json.loads(data["spec"]) for data in sent if "spec" in data] + [
        json.loads(c.proto.spec) for c in at.get("plotly_chart")
    ]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield b
        b.close()
