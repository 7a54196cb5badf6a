"""A French page shows no English UI string and no raw code; an English page no French UI
string (AppTest on every page of the 2021 build; document text is not UI and is not checked)."""

from __future__ import annotations

import re

import pytest

from dashboard.i18n import TEXT
from tests.conftest import app_factory

PAGES = [None, "app_pages/map_links.py", "app_pages/events.py", "app_pages/partnerships.py",
         "app_pages/place.py", "app_pages/timeline.py", "app_pages/quality.py", "app_pages/about.py"]  # fmt: skip
CODE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")  # snake_case: a column or value code, not a word


@pytest.fixture
def app(built_db, monkeypatch):
    return app_factory(built_db, monkeypatch)


def ui_texts(at) -> list[str]:
    """The interface's own words: titles, headers, labels, column names, metric labels, notices."""
    out = [e.value for kind in ("title", "header", "subheader", "info", "warning") for e in at.get(kind)]
    out += [m.label for m in at.metric]
    for kind in ("multiselect", "selectbox", "text_input", "radio", "button", "download_button", "segmented_control"):
        out += [getattr(w, "label", "") or "" for w in at.get(kind)]
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns]
    return [x for x in out if x]


def cells(at) -> list[str]:
    """Every cell, except the column of codes kept for experts ("Code")."""
    return [str(v) for frame in at.dataframe for col in frame.value.columns if col != "Code"
            for v in frame.value[col].tolist()]  # fmt: skip


def only_in(lang: str) -> set[str]:
    i = 1 if lang == "en" else 0
    other = {pair[1 - i] for pair in TEXT.values()}
    return {pair[i] for pair in TEXT.values() if pair[i] not in other and len(pair[i]) > 3}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_page_speaks_one_language(app, page, lang):
    params = {"lang": lang} if lang == "en" else {}
    at = app(page, place="gn:3033123", **params) if page == "app_pages/place.py" else app(page, **params)
    assert not at.exception
    texts = ui_texts(at)
    foreign = only_in("en" if lang == "fr" else "fr")
    assert [x for x in texts if x in foreign] == []
    assert [x for x in texts if CODE.match(x)] == []  # no raw column name such as catalogue_year
    # typography: a space before a colon in French, none in English
    colons = re.compile(r"\S:(?:\s|$)") if lang == "fr" else re.compile(r"\s:(?:\s|$)")
    assert [x for x in texts if colons.search(x)] == []
    values = cells(at)
    assert "None" not in values and "nan" not in values  # blanks are "—"
    assert [v for v in values if CODE.match(v) and v not in {"event_link"}] == []


def test_the_readings_of_a_conflict_are_in_the_pages_language(app):
    fr = app("app_pages/quality.py")
    en = app("app_pages/quality.py", lang="en")
    (fr_table,) = [d.value for d in fr.dataframe if "Les deux lectures" in d.value.columns]
    (en_table,) = [d.value for d in en.dataframe if "Both readings" in d.value.columns]
    assert all("le texte nomme" in x for x in fr_table["Les deux lectures"])
    assert all("the text names" in x for x in en_table["Both readings"])
