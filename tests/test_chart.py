"""The chart component's Python side (dashboard/chart.py): the figure it sends, its label for
screen readers, plotly.js served by the app. Drawing and clicks are tested in the browser
(tests/test_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go

from dashboard import chart


def test_the_label_is_the_title_as_plain_text():
    fig = go.Figure(
        layout={"title": {"text": "<b>Événements</b><br><span style='font-size:11px'>Aucun filtre &amp; tout</span>"}}
    )
    assert chart.label(fig) == "Événements — Aucun filtre & tout"
    assert chart.label(go.Figure()) == ""


def test_the_app_serves_the_bundle_of_its_trace_types_built_from_the_packages_plotly_js():
    """The committed bundle (scripts/build_plotly.py) is the plotly.js version the plotly package
    ships, of chart.BUNDLE_TRACES, a third of the whole; the page fetches it."""
    import plotly

    whole = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    version = re.search(r"plotly\.js v([\d.]+)", whole.read_text(encoding="utf-8")[:200]).group(1)
    bundle = chart.BUNDLED / chart.bundle_name(version)
    assert chart.plotly_js() == chart.bundled() == f"/app/static/plotly/{bundle.name}"
    assert bundle.read_text(encoding="utf-8").startswith(f"/* plotly.js v{version} (bar, heatmap, scatter,")
    assert bundle.stat().st_size < whole.stat().st_size / 2
    assert "MIT" in (chart.BUNDLED / "LICENSE.txt").read_text(encoding="utf-8")


def test_a_bundle_of_another_plotly_js_is_not_served(tmp_path, monkeypatch):
    """After an upgrade of the plotly package (its plotly.js a version the bundle is not), the
    app serves the package's whole plotly.js rather than a bundle its figures may not match."""
    chart.bundled.cache_clear()
    monkeypatch.setattr(chart, "_packaged_version", lambda: "9.9.9")
    monkeypatch.setattr(chart, "VENDOR", tmp_path / "vendor")
    try:
        assert chart.bundled() is None and chart.plotly_js() == chart.URL
    finally:
        chart.bundled.cache_clear()


def test_plotly_js_is_copied_once_from_the_installed_package(tmp_path, monkeypatch):
    import plotly

    monkeypatch.setattr(chart, "bundled", lambda: None)  # no bundle of the package's version
    monkeypatch.setattr(chart, "VENDOR", tmp_path / "vendor")
    url = chart.plotly_js()
    served = tmp_path / "vendor" / chart.SCRIPT
    assert url == f"/app/static/vendor/plotly-{plotly.__version__}.min.js" and served.stat().st_size > 1_000_000
    served.write_text("kept", encoding="utf-8")  # present: not copied again
    assert chart.plotly_js() == url and served.read_text(encoding="utf-8") == "kept"


def test_the_base_map_fetched_early_is_the_one_the_maps_draw():
    """The world base map the page fetches with plotly.js is a file the app serves, at the
    resolution the maps ask for (exports._topojson_needed names what a figure needs)."""
    from pathlib import Path

    import polars as pl

    from dashboard import charts, exports

    static = Path(chart.__file__).resolve().parent / "static"
    for url in chart.BASE_MAPS.values():
        assert (static / url.removeprefix("/app/static/")).stat().st_size > 10_000
    counts = pl.DataFrame({"partner_country": ["RU", "JP"], "listings": [3, 1]})
    assert exports._topojson_needed(charts.world_figure(counts, "fr")) == list(chart.BASE_MAPS)


def test_without_a_writable_static_folder_the_charts_are_streamlits_own(tmp_path, monkeypatch):
    """A read-only install cannot copy plotly.js: no page fails, the charts are st.plotly_chart's."""
    from streamlit.testing.v1 import AppTest

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(chart, "bundled", lambda: None)
    monkeypatch.setattr(chart, "VENDOR", blocked / "vendor")
    assert chart.plotly_js() is None

    def page():
        import plotly.graph_objects as go

        from dashboard import chart as drawn  # this module, its VENDOR patched above

        drawn.preload()
        drawn.chart(go.Figure(go.Bar(x=["a"], y=[1])), "bar", {}, selectable=True)

    at = AppTest.from_function(page).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1 and not at.get("bidi_component")


def test_a_shared_figure_is_serialised_once_and_its_copies_anew(monkeypatch):
    """A figure shared by every session (ui._shared_figure) carries its JSON: the sessions
    showing it send that text, not a new serialisation each; a copy (an export's) has none."""
    import json

    fig = chart.serialised(go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "T"}}))
    sent = []
    monkeypatch.setattr(chart, "plotly_js", lambda: "/plotly.js")
    monkeypatch.setattr(chart, "_component", lambda **kw: sent.append(kw["data"]["spec"]))
    monkeypatch.setattr(go.Figure, "to_dict", lambda self: (_ for _ in ()).throw(AssertionError("serialised again")))
    chart.chart(fig, "k", {})
    chart.chart(fig, "k", {})
    assert sent[0] is sent[1] and json.loads(sent[0])["data"][0]["y"] == [1]
    copy = go.Figure(fig)
    assert not hasattr(copy, "_obs_spec")


def test_coop_charts_streamlit_draws_every_chart_with_st_plotly_chart(monkeypatch):
    """COOP_CHARTS=streamlit (the benchmark's stock page, a way back): st.plotly_chart draws."""
    from streamlit.testing.v1 import AppTest

    def page():
        import plotly.graph_objects as go

        from dashboard import chart as drawn

        drawn.preload()
        drawn.chart(go.Figure(go.Bar(x=["a"], y=[1])), "bar", {})

    monkeypatch.setenv("COOP_CHARTS", "streamlit")
    at = AppTest.from_function(page).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1 and not at.get("bidi_component")
    monkeypatch.setenv("COOP_CHARTS", "")
    at = AppTest.from_function(page).run()
    assert not at.exception and not at.get("plotly_chart") and len(at.get("bidi_component")) == 2


def test_the_spec_keeps_the_trace_types_defaults_and_packs_number_arrays():
    """The JSON sent: the template's defaults of the figure's own trace types only, the layout's
    whole; number arrays packed as plotly packs them (base64), not written digit by digit."""
    import json

    import numpy as np

    fig = go.Figure(go.Scattergeo(lat=np.arange(500, dtype=np.float32), lon=np.arange(500, dtype=np.float32)),
                    layout={"template": "plotly_white"})  # the charts' (plotly's default moves with imports)  # fmt: skip
    sent = json.loads(chart.spec(fig))
    whole = json.loads(fig.to_json())
    assert list(sent["layout"]["template"]["data"]) == ["scattergeo"]
    assert sent["layout"]["template"]["layout"] == whole["layout"]["template"]["layout"]
    assert sent["data"] == whole["data"] and "bdata" in sent["data"][0]["lat"]


def test_the_spec_is_the_figures_json_and_leaves_the_figure_as_it_was(con):
    """The spec is written from the figure's properties without copying them: the same JSON as
    plotly's own (the template's unused trace types aside) for the dashboard's kinds of figure —
    bars, a link map with packed arrays and gaps, a choropleth — and the figure unchanged."""
    import json

    import numpy as np

    from dashboard import boundaries, charts, link_map, queries
    from dashboard.filters import Filters

    f = Filters()
    figures = [
        charts.theme_bar_figure(queries.by_theme(con, f)),
        charts.semester_figure(queries.by_semester_theme(con, f)),
        link_map.link_map_figure(queries.partnerships(con, f)),
        charts.choropleth_figure(queries.by_fr_region(con, f), "FR", "fr", boundaries.url("FR")),
    ]
    for fig in figures:
        before = fig.to_json()
        sent, whole = json.loads(chart.spec(fig)), json.loads(before)
        used = {trace.get("type", "scatter") for trace in whole["data"]}
        whole["layout"]["template"]["data"] = {
            k: v for k, v in whole["layout"]["template"]["data"].items() if k in used
        }
        assert sent == whole
        assert fig.to_json() == before  # nothing of the figure was changed
    assert any("bdata" in str(trace.get("lat")) for trace in json.loads(chart.spec(figures[2]))["data"])
    drawn = [trace for trace in figures[2].data if trace.meta[0] != "legend"]  # a legend entry's lat is [None]
    assert drawn and all(isinstance(trace.lat, np.ndarray) for trace in drawn)  # packed in the JSON only


def test_every_trace_type_the_dashboard_draws_is_in_the_bundle():
    """A new chart of a trace type the bundle lacks would draw nothing: it is added to
    chart.BUNDLE_TRACES (and scripts/build_plotly.py run) first."""
    root = Path(chart.__file__).resolve().parent.parent
    sources = [*(root / "dashboard").rglob("*.py"), root / "scripts" / "minimal_page.py"]
    used = {m.lower() for p in sources for m in re.findall(r"\bgo\.([A-Z][a-z]+)\(", p.read_text(encoding="utf-8"))}
    assert used - {"figure"} <= set(chart.BUNDLE_TRACES), used
    assert {"bar", "choropleth", "scattergeo"} <= used  # the scan reads the figures' modules
