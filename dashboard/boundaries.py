"""Subdivision boundaries served as static files, so that a rerun sends a URL, not the shapes.

A choropleth carrying its GeoJSON inline resends ~330 KB on every filter change; with the
boundaries at `/app/static/admin1/<country>.json` the browser fetches them once (and caches
them) and each rerun sends only the counts. The files are written from the country's
reference boundaries (data/reference/world/admin1/<CC>.geojson) when missing or older
(git-ignored: a generated artefact). Exports put the shapes back inline
(`inline`): kaleido and a standalone HTML page have no server to fetch from.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import plotly.graph_objects as go

from dashboard import charts
from etl.reference import boundaries_path

STATIC = Path(__file__).resolve().parent / "static" / "admin1"
URL = "/app/static/admin1/"


def url(country: str) -> str | None:
    """The address of `country`'s boundaries, written first if needed; None when the file cannot
    be written (the figure then carries them inline, as before)."""
    path = STATIC / f"{country}.json"
    try:
        source = boundaries_path(country).stat().st_mtime
    except OSError:
        return None
    try:
        if not path.exists() or path.stat().st_mtime < source:
            STATIC.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp-{os.getpid()}")
            tmp.write_text(json.dumps(charts.admin1_of(country), separators=(",", ":")), encoding="utf-8")
            tmp.replace(path)  # atomic: a browser never reads half a file
    except OSError:
        return None
    return f"{URL}{country}.json?v={int(source)}"


def inline(fig: go.Figure) -> go.Figure:
    """A copy of `fig` whose boundaries given by URL are inline again (for exports)."""
    if not any(isinstance(getattr(tr, "geojson", None), str) for tr in fig.data):
        return fig
    out = go.Figure(fig)
    for tr in out.data:
        ref = getattr(tr, "geojson", None)
        if isinstance(ref, str) and ref.startswith(URL):
            tr.geojson = charts.admin1_of(ref.removeprefix(URL).split(".json")[0])
    return out
