"""Nothing from a document or a URL is interpreted (issue 13): a catalogue full of Markdown,
HTML, Streamlit directives, bare URLs, right-to-left overrides and spreadsheet formulas, and
addresses carrying the same, shown in Debian's Chromium. No dialog opens, no request leaves the
app, no element the text describes exists, and the text is visible as written."""

from __future__ import annotations

import os

import pytest

from etl.config import build_settings
from etl.pipeline import run_build
from tests.conftest import EDITIONS
from tests.test_browser import CHROMIUM, SHOTS, external, serving, wait_for_app

pytestmark = [pytest.mark.browser]

INJECTION = EDITIONS / "hostile" / "catalogue_2026_injection_fr.txt"
HOSTILE_PARAM = "![p](http://beacon.invalid/param.png) <img src=http://beacon.invalid/q.png> :red[ROUGE]"


@pytest.fixture(scope="module")
def injection_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("injection") / "coop.duckdb"
    run_build(build_settings(db_path=db, catalogues=[INJECTION]), log=lambda m: None)
    return db


@pytest.fixture(scope="module")
def hostile_server(injection_db):
    with serving(injection_db) as url:
        yield url


@pytest.fixture
def watched(browser):
    """A page recording every request and every dialog (alert, confirm) it opens."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    pg = context.new_page()
    pg.requests, pg.dialogs = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def injected_elements(pg) -> list[str]:
    """Elements the document's text describes, if anything interpreted it."""
    return pg.evaluate("""() => [
        ...document.querySelectorAll(`img[src*="beacon"], img[src="x"], a[href^="javascript"],
            a[href*="phish"], a[href*="evil"], a[href*="beacon"], a[href^="mailto"], [onerror], [onmouseover], .katex,
            [data-testid="stMarkdownContainer"] span[style*="color"],
            [data-testid="stMarkdownContainer"] [data-testid="stIconMaterial"],
            [data-testid="stMarkdownContainer"] blockquote`)
    ].map(e => e.outerHTML.slice(0, 120))""")


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium (installed by .ci/run)")
def test_a_hostile_catalogue_and_hostile_addresses_are_shown_as_text(hostile_server, watched):
    from urllib.parse import quote

    pg = watched
    SHOTS.mkdir(parents=True, exist_ok=True)
    hostile = quote(HOSTILE_PARAM)
    visits = [
        f"/?theme={hostile}&q={hostile}&country={hostile}",
        f"/events?q={hostile}",
        "/events",
        "/quality",
        "/partnerships",
        "/map_links",
        "/place?q=Mourmansk",
        f"/place?place={hostile}",
        "/about",
    ]
    for path in visits:
        pg.goto(hostile_server + path)
        wait_for_app(pg)
        assert not pg.query_selector_all('[data-testid="stException"]'), path
        assert injected_elements(pg) == [], path
    pg.goto(hostile_server + "/events")
    wait_for_app(pg)
    body = pg.inner_text('[data-testid="stMainBlockContainer"]').replace("\u2060", "")  # word joiners: invisible
    pg.screenshot(path=str(SHOTS / "hostile_events.png"), full_page=True)
    for literal in (
        ":red[ROUGE]",
        ":material/warning:",
        ":smile:",
        "![pixel](http://beacon.invalid/img.png)",
        "[cliquez ici](javascript:alert(3))",
        "http://phish.invalid/login",
        "www.phish.invalid",
        "$x^2$",
        "-- fin",
    ):  # fmt: skip  (HTML tags were stripped by the ETL, as PDF-export markup)
        assert literal in body, literal
    pg.get_by_test_id("stSelectbox").filter(has_text="Choisir").locator("input").click()
    pg.get_by_role("option", name="+33 6 00 00 00 00", exact=False).click()
    wait_for_app(pg)
    body = pg.inner_text('[data-testid="stMainBlockContainer"]')
    assert "-2+3 [U+202E]gnp.exe[U+202C] fichier" in body and "\u202e" not in body  # shown, not obeyed
    assert injected_elements(pg) == []
    pg.goto(f"{hostile_server}/?q={hostile}")
    wait_for_app(pg)
    notice = pg.inner_text('[data-testid="stMain"]').replace("\u2060", "")
    pg.screenshot(path=str(SHOTS / "hostile_param.png"), full_page=True)
    assert "![p](http://beacon.invalid/param.png)" in notice and ":red[ROUGE]" in notice  # unknown values, as text
    assert pg.dialogs == []
    assert external(pg.requests) == []
