"""What a chart says of itself (dashboard/captions.py): its title, the filters and the source
under it, wrapped to the width of a chart."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from dashboard import captions

LONG_TITLE = "Événements par subdivision partenaire — les 15 premiers, les autres regroupés"
FILTERS = (
    "Thème : Coopération culturelle et éducative, Sport, Environnement · Semestre : S1 2021 · "
    "Région française : Occitanie"
)


def test_long_titles_and_filter_lines_are_wrapped_and_the_figure_grows_by_them():
    """A half-width chart holds ~46 characters of title: longer ones, and filter lines past ~64,
    are cut at spaces into lines; the figure grows by them, so its plot keeps its height."""
    base = go.Figure(layout={"title": {"text": LONG_TITLE}, "height": 400, "margin": {"t": 50}})
    fig = captions.with_context(base, FILTERS, "Source : catalogue 2021 (Russie) · base construite le 2026-12-06")
    lines = [re.sub(r"<[^>]+>", "", line) for line in fig.layout.title.text.split("<br>")]
    assert " ".join(lines[:2]) == LONG_TITLE and len(lines) == 2 + 2 + 2
    assert all(len(line) <= captions.TITLE_CHARS for line in lines[:2])
    assert all(len(line) <= captions.SMALL_CHARS for line in lines[2:])
    grown = captions.TITLE_LINE_PX + captions.SMALL_LINE_PX * 2
    assert fig.layout.height == 400 + grown and fig.layout.margin.t == 100 + grown
    assert base.layout.title.text == LONG_TITLE  # a copy
    assert fig.layout.title.pad.l >= 4  # the first letter's accent clear of the left edge (the toolbar's PNG cut it)


def test_a_short_title_is_as_before_and_one_with_markup_stays_whole():
    short = captions.with_context(go.Figure(layout={"title": {"text": "Par thème"}, "height": 300}), "Aucun", "x")
    assert short.layout.title.text.count("<br>") == 2 and short.layout.height == 300
    marked = captions.with_context(go.Figure(layout={"title": {"text": f"<b>{LONG_TITLE}</b>"}}), "a", "b")
    assert marked.layout.title.text.startswith(f"<b>{LONG_TITLE}</b><br>")
    assert captions.wrapped("Anticonstitutionnellement-long-word here", 10) == [
        "Anticonstitutionnellement-long-word",
        "here",
    ]


def test_the_reports_behind_a_chart_are_named_with_their_countries():
    """A chart drawing on reports says how many and of which countries (each file once, however
    many of its rows or countries); no file, no phrase (the line names the catalogues alone)."""
    rows = [("reports/a.txt", "JP"), ("reports/b.txt", "RU"), ("reports/b.txt", "JP")]
    assert captions.report_names(rows, "fr") == ["2 comptes rendus (Japon, Russie)"]
    assert captions.report_names(rows, "en") == ["2 reports (Japan, Russia)"]
    assert captions.report_names(rows[:1], "en") == ["1 report (Japan)"]
    assert captions.report_names([], "fr") == [] and captions.report_names([(None, "JP")], "fr") == []
    # many countries (a registry's reports): how many, never a line of 140 names
    many = [(f"reports/r{i}.txt", c) for i, c in enumerate(["JP", "RU", "CN", "KR", "SN", "ML", "BF", "TN", "MA"])]
    assert captions.report_names(many, "en") == ["9 reports (9 countries)"]
