"""The chart component's Python side (dashboard/chart.py): the figure it sends, its label for
screen readers, plotly.js served by the app. Drawing and clicks are tested in the browser
(tests/test_browser.py)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import chart


def test_the_label_is_the_title_as_plain_text():
    fig = go.Figure(
        layout={"title": {"text": "<b>Événements</b><br><span style='font-size:11px'>Aucun filtre &amp; tout</span>"}}
    )
    assert chart.label(fig) == "Événements — Aucun filtre & tout"
    assert chart.label(go.Figure()) == ""


def test_plotly_js_is_copied_once_from_the_installed_package(tmp_path, monkeypatch):
    import plotly

    monkeypatch.setattr(chart, "VENDOR", tmp_path / "vendor")
    url = chart.plotly_js()
    served = tmp_path / "vendor" / chart.SCRIPT
    assert url == f"/app/static/vendor/plotly-{plotly.__version__}.min.js" and served.stat().st_size > 1_000_000
    served.write_text("kept", encoding="utf-8")  # present: not copied again
    assert chart.plotly_js() == url and served.read_text(encoding="utf-8") == "kept"
