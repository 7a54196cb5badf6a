"""Figures and frames → files: PNG, SVG, standalone HTML, CSV, XLSX, Parquet (no Streamlit).

Invariants:
- images are rendered on the server by kaleido with the system Chromium, through one warm
  kaleido server started only after checking that a browser exists (a server started without
  one makes every export hang);
- a standalone HTML file works offline: plotly.js and the base maps it needs are embedded;
- CSV is UTF-8 with a BOM (Excel opens accents correctly); every export reads back equal to
  the frame it was made from.
"""

from __future__ import annotations

import io
import json
import re
import threading
import unicodedata
import warnings
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard import boundaries
from dashboard.charts import TEMPLATE

TOPOJSON_DIR = Path(__file__).resolve().parent / "static" / "topojson"
PNG_SCALE = 2
_lock = threading.Lock()
_state: dict[str, object] = {"server": False, "browser": None}


class ImageExportUnavailable(RuntimeError):
    """No Chromium on this machine: PNG/SVG cannot be rendered on the server."""


def browser_path() -> str | None:
    """The Chromium kaleido would use, or None (checked once)."""
    if _state["browser"] is None:
        try:
            from choreographer.browsers.chromium import Chromium

            found = Chromium.find_browser(skip_local=False)
        except Exception:  # choreographer missing or broken: no server-side images
            found = None
        _state["browser"] = str(found) if found else ""
    return _state["browser"] or None


def images_available() -> bool:
    return browser_path() is not None


def _ensure_server() -> None:
    """Start the warm kaleido server once, and only with a browser present."""
    if not images_available():
        raise ImageExportUnavailable(
            "no Chromium on this machine: install Debian's 'chromium' package to export PNG/SVG "
            "(the HTML export and the chart toolbar's PNG still work)"
        )
    with _lock:
        if not _state["server"]:
            import kaleido

            pio.defaults.topojson = TOPOJSON_DIR.as_uri() + "/"  # base maps from disk, no CDN
            kaleido.start_sync_server(silence_warnings=True)
            _state["server"] = True


EDGE = 16  # px of white around an exported chart (plotly's automargin sets labels flush with the edge)
TITLE_TOP = 30  # px above a title in the container (at 10 px a multi-line title had its first line cut;
# the title's lines then take some of the room its margin leaves under them)


def _for_print(fig: go.Figure) -> go.Figure:
    """The figure as exported: its title moved down and in from the edge; in the charts' own
    template, whatever the default was when it was built (importing streamlit after
    dashboard.charts makes it "streamlit", whose axes have no automargin: a PNG's labels were cut)."""
    out = go.Figure(fig)
    out.layout.template = TEMPLATE  # on click only: the template's validation, ~20 ms (measured), beside kaleido's
    title = out.layout.title.to_plotly_json()
    if title.get("text"):
        pad = title.get("pad") or {}
        out.layout.title = {**title, "pad": {**pad, "t": max(pad.get("t") or 0, TITLE_TOP)}}
    return out


def _image(fig: go.Figure, fmt: str, width: int | None, height: int | None, scale: float) -> bytes:
    _ensure_server()
    fig = _for_print(boundaries.inline(fig))
    w = width or int(fig.layout.width or 1000)
    h = height or int(fig.layout.height or 500)
    with _lock, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(fig, format=fmt, width=w - 2 * EDGE, height=h - 2 * EDGE, scale=scale)


def figure_png(fig: go.Figure, width: int | None = None, height: int | None = None, scale: float = PNG_SCALE) -> bytes:
    """The chart as a PNG of width × height CSS px (times `scale`), with a white edge."""
    from PIL import Image, ImageOps

    drawn = Image.open(io.BytesIO(_image(fig, "png", width, height, scale)))
    out = io.BytesIO()
    ImageOps.expand(drawn.convert("RGB"), border=round(EDGE * scale), fill="white").save(out, format="PNG")
    return out.getvalue()


_SVG_ROOT = re.compile(rb'^(<svg[^>]*?) width="([\d.]+)" height="([\d.]+)"([^>]*?) viewBox="0 0 [\d.]+ [\d.]+"')
_SVG_BACK = re.compile(rb'<rect x="0" y="0" width="[\d.]+" height="[\d.]+"')


def figure_svg(fig: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
    """The chart as an SVG of width × height px, with a white edge (the view box widened)."""
    svg = _image(fig, "svg", width, height, 1)
    root = _SVG_ROOT.match(svg)
    if root is None:  # not the layout kaleido writes: as drawn, without the edge
        return svg
    w, h = float(root.group(2)) + 2 * EDGE, float(root.group(3)) + 2 * EDGE
    head = b'%s width="%g" height="%g"%s viewBox="%d %d %g %g"' % (
        root.group(1),
        w,
        h,
        root.group(4),
        -EDGE,
        -EDGE,
        w,
        h,
    )
    body = _SVG_BACK.sub(
        b'<rect x="%d" y="%d" width="%g" height="%g"' % (-EDGE, -EDGE, w, h), svg[root.end() :], count=1
    )
    return head + body


def _topojson_needed(fig: go.Figure) -> list[str]:
    if not any(getattr(tr, "type", "") in ("scattergeo", "choropleth") for tr in fig.data):
        return []
    names = set()
    for geo in [fig.layout.geo] + [getattr(fig.layout, k) for k in fig.layout if k.startswith("geo") and k != "geo"]:
        if geo is None:
            continue
        scope = geo.scope or "world"
        resolution = geo.resolution or 110
        names.add(f"{scope}_{int(resolution)}m")
    return sorted(names)


HTML_CONFIG = {"displaylogo": False, "showSendToCloud": False}  # no "Share chart…" to Plotly Cloud


def figure_html(fig: go.Figure, title: str = "", lang: str = "fr") -> bytes:
    """A standalone, offline HTML page in `lang`: plotly.js inline, base maps inline
    (PlotlyGeoAssets), the title moved clear of the top as in the images."""
    fig = _for_print(boundaries.inline(fig))
    assets = {}
    for name in _topojson_needed(fig):
        path = TOPOJSON_DIR / f"{name}.json"
        if path.exists():
            assets[name] = json.loads(path.read_text(encoding="utf-8"))
    from dashboard.i18n import plotly_locale

    body = fig.to_html(include_plotlyjs=True, full_html=False, config={**HTML_CONFIG, **plotly_locale(lang)})
    preload = f"<script>window.PlotlyGeoAssets = {{topojson: {json.dumps(assets)}}};</script>" if assets else ""
    safe_title = re.sub(r"[<>&]", "", title)
    page = (
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "fr"}"><head><meta charset="utf-8">'
        f"<title>{safe_title}</title></head>"
        f"<body>{preload}{body}</body></html>"
    )
    return page.encode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def no_formulas(df: pl.DataFrame) -> pl.DataFrame:
    """Text cells a spreadsheet would run as a formula (=, +, -, @ first) start with an apostrophe."""
    texts = [name for name, dtype in df.schema.items() if dtype == pl.String]
    return df.with_columns(
        pl.when(pl.any_horizontal(*(pl.col(name).str.starts_with(p) for p in FORMULA_START)))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in texts
    )


def frame_csv(df: pl.DataFrame) -> bytes:
    """CSV, UTF-8 with a byte-order mark; list cells joined with ' | '; no cell starts a formula."""
    return b"\xef\xbb\xbf" + no_formulas(flat(df)).write_csv().encode("utf-8")


XLSX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included


def frame_xlsx(df: pl.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    flat(df).write_excel(buffer, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()


def frame_parquet(df: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    df.write_parquet(buffer)
    return buffer.getvalue()


def flat(df: pl.DataFrame) -> pl.DataFrame:
    """List columns as text, for formats without lists (CSV, XLSX)."""
    return df.with_columns(
        pl.col(name).list.eval(pl.element().cast(pl.String)).list.join(" | ")
        for name, dtype in df.schema.items()
        if isinstance(dtype, pl.List)
    )


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def export_name(what: str, filters, region_name, years, ext: str, lang: str = "fr") -> str:
    """A file name that says what is inside: evenements_culture_occitanie_2021.png."""
    from dashboard.i18n import theme_label

    parts = [what]
    parts += [
        slug(theme_label(t, lang).split(",")[0].split(" ")[-1] if t == "partnerships" else t)
        for t in filters.themes[:3]
    ]
    parts += [slug(region_name(r)) for r in filters.fr_regions[:3]]
    parts += [slug(region_name(r)) for r in filters.partner_regions[:3]]
    parts += [p.lower() for p in filters.partner_countries[:2]]
    parts += list(filters.semesters[:2])
    if filters.search:
        parts.append(slug(filters.search)[:30])
    years = [str(y) for y in ([years] if isinstance(years, int) else (years or ()))]
    if years:
        parts.append("-".join(sorted(years)) if len(years) <= 2 else f"{min(years)}-{max(years)}")
    name = "_".join(p for p in parts if p)
    return f"{name[:150]}.{ext}"
