"""A plotly chart drawn once per change: a Streamlit component (components v2, dashboard/chart.js)
keeping one plotly div per chart and updating it in place with `Plotly.react`.

`st.plotly_chart` derives its element from the figure, so new data tears the chart down and
draws it anew, then its theme step draws it once more: two full draws per chart per filter
change (issue 29). Here the element is the chart's key; the browser receives the figure's JSON,
skips it when unchanged, else redraws the same div — one chart per animation frame, and only
once the chart is in view (a chart below the fold keeps its height and is drawn when scrolled to
or printed; a chart at the foot of a page may not even be built until then, `placeholder`).
plotly.js is a bundle of the trace types the app draws, built from the plotly package's version of
plotly.js and committed (`/app/static/plotly/`, scripts/build_plotly.py), else the package's whole
copy (`/app/static/vendor/plotly-<version>.min.js`, written when missing: a generated artefact,
git-ignored), loaded once per page. Clicks and box selections come back
as one-run events in the shape `st.plotly_chart` gives (`{"selection": {"points": [...]}}`).
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from _plotly_utils import utils as plotly_utils

from dashboard.exports import TITLE_TOP
from dashboard.settings import stock_charts

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
SCRIPT = f"plotly-{plotly.__version__}.min.js"
URL = f"/app/static/vendor/{SCRIPT}"
# plotly.js of the trace types the dashboard draws only (scripts/build_plotly.py): a third of the
# whole, parsed on every cold open (issue 29). Every `go.<Trace>` of dashboard/ is one of these
# (tests/test_codebase.py).
BUNDLE_TRACES = ("bar", "heatmap", "scatter", "scattergeo", "choropleth")
BUNDLED = Path(__file__).resolve().parent / "static" / "plotly"
_JS = (Path(__file__).resolve().parent / "chart.js").read_text(encoding="utf-8")
# a box of a chart not built yet (placeholder) says so, on screen and on paper: a page printed
# before the reader has scrolled down shows why a box is empty
_CSS = """div.obs-chart { width: 100%; }
div.obs-chart.obs-waiting { display: flex; align-items: center; justify-content: center; color: #5b6770;
  font-size: 0.85rem; border: 1px dashed #d0d7de; border-radius: 4px; }
div.obs-chart.obs-waiting::before { content: attr(aria-label); }"""
_TAGS = re.compile(r"<[^>]*>")

_component = st.components.v2.component("observatoire_chart", js=_JS, css=_CSS, isolate_styles=False)


def bundle_name(version: str) -> str:
    return f"plotly-{version}.min.js"


def banner(version: str) -> str:
    """The bundle's first line: its plotly.js version and trace types."""
    return f"plotly.js v{version} ({', '.join(BUNDLE_TRACES)}) | MIT | scripts/build_plotly.py"


def _packaged_version() -> str | None:
    """The version of plotly.js the plotly package ships (its file's first lines)."""
    source = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    try:
        with source.open(encoding="utf-8") as f:
            found = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", f.read(200))
    except OSError:
        return None
    return found.group(1) if found else None


@functools.cache
def bundled() -> str | None:
    """The address of the committed bundle (BUNDLE_TRACES) when it is the plotly.js of the plotly
    package installed and of these trace types, else None."""
    version = _packaged_version()
    path = BUNDLED / bundle_name(version or "")
    try:
        with path.open(encoding="utf-8") as f:
            first = f.readline()
    except OSError:
        return None
    return f"/app/static/plotly/{path.name}" if version and banner(version) in first else None


def plotly_js() -> str | None:
    """The address of plotly.js as the app serves it: the bundle of the dashboard's trace types
    (bundled), else the plotly package's whole copy, copied if needed; None when it cannot be
    written (a read-only install) or the charts are to be Streamlit's own
    (settings.stock_charts): the charts are then st.plotly_chart's."""
    if stock_charts():
        return None
    if src := bundled():
        return src
    path = VENDOR / SCRIPT
    if not path.exists():
        try:
            VENDOR.mkdir(parents=True, exist_ok=True)
            source = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
            tmp = path.with_suffix(f".tmp-{os.getpid()}")
            shutil.copyfile(source, tmp)
            tmp.replace(path)  # atomic: a browser never reads half a file
        except OSError:
            return None
    return URL


def _ignore() -> None:
    """A click's rerun needs a callback to exist; the page reads the event from the result."""


def label(fig: go.Figure) -> str:
    """The chart's title as plain text, for screen readers (its lines joined, markup dropped)."""
    text = fig.layout.title.text or ""
    lines = (html.unescape(_TAGS.sub("", line)).strip() for line in text.split("<br>"))
    return " — ".join(line for line in lines if line)


BASE_MAPS = {"world_110m": "/app/static/topojson/world_110m.json"}  # every map's base map (charts.BASE_GEO)


def preload() -> None:
    """An empty element that has the browser fetch plotly.js and the world's base map now, while
    the page's queries run (plotly takes a base map from window.PlotlyGeoAssets before fetching
    it)."""
    src = plotly_js()
    if src is not None:
        _component(key="plotly_preload", data={"src": src, "preload": True, "topojson": BASE_MAPS})


def spec(fig: go.Figure) -> str:
    """The figure's JSON as the browser draws it: its template keeps the defaults of the trace
    types the figure has (plotly_white's defaults for two dozen trace types are half a bar
    chart's JSON: 6.6 kB → 2.8 kB; the browser's time unchanged, 0.99× in pairs). Written from
    the figure's own properties without `to_dict`'s deep copy of them (and of the whole template),
    which took 9 ms a figure of the Overview at 100k under cProfile."""
    data, layout = fig._data, fig._layout  # plotly's properties as set (what to_dict copies)
    template = layout.get("template")
    if isinstance(template, dict) and isinstance(template.get("data"), dict):
        used = {trace.get("type", "scatter") for trace in data}
        layout = {**layout, "template": {**template, "data": {k: v for k, v in template["data"].items() if k in used}}}
    return pio.to_json({"data": _packed(data), "layout": _packed(layout)}, validate=False)


def _packed(value):
    """`value` as `to_dict` gives it, for JSON: dicts and lists new (the figure's stay as they
    are), number arrays packed as plotly packs them (base64), other values shared, not copied."""
    if isinstance(value, dict):
        return {
            k: v if plotly_utils.is_skipped_key(k) else
            plotly_utils.to_typed_array_spec(v) if plotly_utils.is_homogeneous_array(v) else _packed(v)
            for k, v in value.items()
        }  # fmt: skip
    if isinstance(value, list | tuple):
        return [_packed(v) for v in value]
    return value


def serialised(fig: go.Figure) -> go.Figure:
    """`fig` carrying its JSON, written once: for a figure shared by every session showing its
    view (never modified after), which the sessions would otherwise each serialise again."""
    fig._obs_spec = spec(fig)
    return fig


SEEN = "_charts_seen"  # session state: the groups of charts drawn on demand that the reader has reached
FOOT = "foot"  # the group of the charts at the foot of a page (the Overview's matrix and maps)


def seen(group: str) -> bool:
    """The reader has scrolled to a chart of `group` in this session (or the charts are
    st.plotly_chart's, which draws every chart at once): its charts are built from now on."""
    return plotly_js() is None or group in st.session_state.get(SEEN, ())


def _reached(group: str) -> None:
    st.session_state[SEEN] = {*st.session_state.get(SEEN, ()), group}


def placeholder(key: str, group: str, height: int, label: str) -> None:
    """An empty box of the chart's `height` in its place (nothing built, nothing sent); once it
    comes within reach of the screen, the browser asks for a run that builds every chart of
    `group` (seen). The element is the chart's own (`key`): the chart is drawn in the same div."""
    data = {"placeholder": True, "height": height, "label": label}
    _component(key=key, data=data, on_seen_change=functools.partial(_reached, group))


def chart(fig: go.Figure, key: str, config: dict, selectable: bool = False) -> dict | None:
    """Draw `fig` under `key`; with `selectable`, the points a click or a box selection chose in
    the run it causes (else None)."""
    src = plotly_js()
    if src is None:
        if selectable:
            return st.plotly_chart(fig, width="stretch", config=config, key=key, on_select="rerun",
                                   selection_mode=("points",))  # fmt: skip
        st.plotly_chart(fig, width="stretch", config=config, key=key)
        return None
    sent = getattr(fig, "_obs_spec", None) or spec(fig)  # a shared figure's JSON, written once
    data = {"spec": sent, "config": config, "src": src, "selectable": selectable, "label": label(fig),
            "titleTop": TITLE_TOP}  # fmt: skip
    events = {"on_select_change": _ignore} if selectable else {}
    result = _component(key=key, data=data, **events)
    chosen = getattr(result, "select", None) if selectable else None
    return {"selection": {"points": chosen}} if chosen else None
