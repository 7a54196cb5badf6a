"""The link map: partnerships → plotly Figure (pure; no Streamlit).

Two layers. Stated partnerships (twinnings, agreements, partnerships — signed or planned) are the
main layer, their line style saying the kind: solid and thick for a twinning, dashed for what is
only planned. Links implied by listings alone are a lighter, dotted, optional layer. Colour is by
theme or by kind; a link carrying several themes is drawn in the trace of each (the legend counts
every theme of a link, not its first). Few traces whatever the number of links: one per
(colour group, kind) with `None` between segments; plotly.js draws geo lines as great circles.
Hover is on one marker at each arc's middle; places are markers (customdata: the place id, for a
click), the most connected ones labelled.
"""

from __future__ import annotations

import itertools
import math

import plotly.graph_objects as go
import polars as pl

from dashboard.charts import KIND_COLORS, NO_THEME_COLOR, THEME_COLORS, escape, frame_geo, layout
from dashboard.i18n import colon, kind_label, status_label, t, theme_label
from etl.vocab import THEMES

LAYERS = ("stated", "events")
COLOURS = ("theme", "kind")
FRAMES = ("fit", "world")
# kind → (line width, dash, opacity): formal ties thick and solid, plans dashed, event links light
KIND_STYLE = {
    "twinning": (3.6, "solid", 0.9),
    "cooperation_agreement": (3.0, "solid", 0.9),
    "partnership": (2.2, "solid", 0.85),
    "planned_twinning": (2.2, "dash", 0.85),
    "planned_agreement": (2.2, "dash", 0.85),
    "event_link": (1.1, "dot", 0.45),
}
LABELLED = 12  # places named on the map (the most connected); every place has its hover
LINK_PREFIX = "link:"  # customdata of the arcs' hover markers; a place marker carries its place id


def layer_of(kind: str) -> str:
    return "events" if kind == "event_link" else "stated"


def select_links(df: pl.DataFrame, layers=LAYERS, focus: str | None = None) -> pl.DataFrame:
    """The links a map shows: those of the chosen layers, and of the focused place only when one is."""
    layer = pl.when(pl.col("kind") == "event_link").then(pl.lit("events")).otherwise(pl.lit("stated"))
    keep = layer.is_in(list(layers))
    if focus:
        keep = keep & ((pl.col("fr_place_id") == focus) | (pl.col("partner_place_id") == focus))
    return df.filter(keep) if not df.is_empty() else df


def great_circle_midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """Midpoint of the great-circle arc, where plotly draws the line (not the lat/lon average)."""
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    x = math.cos(p1) * math.cos(l1) + math.cos(p2) * math.cos(l2)
    y = math.cos(p1) * math.sin(l1) + math.cos(p2) * math.sin(l2)
    z = math.sin(p1) + math.sin(p2)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _hover(r: dict, lang: str) -> str:
    since = f" — {t('since', lang)} {r['since_year']}" if r["since_year"] else ""
    status = f" ({status_label(r.get('status'), lang)})" if r.get("status") else ""
    themes = ", ".join(theme_label(x, lang) for x in r["themes"]) or t("none", lang)
    return (
        f"<b>{escape(r[f'fr_place_{lang}'])} – {escape(r[f'partner_place_{lang}'])}</b><br>"
        f"{escape(kind_label(r['kind'], lang))}{escape(status)}{since}<br>"
        f"{t('listings', lang)}{colon(lang)}{r['n_events']} ({escape(themes)})"
    )


def _groups(r: dict, color_by: str) -> list[str]:
    """The colour groups of a link: its kind, or every one of its themes ('' when it has none)."""
    if color_by == "kind":
        return [r["kind"]]
    return list(r["themes"]) or [""]


def link_map_figure(
    df: pl.DataFrame,
    lang: str = "fr",
    color_by: str = "theme",
    view: str = "fit",
    layers=LAYERS,
    focus: str | None = None,
    focus_name: str | None = None,
) -> go.Figure:
    """The map of the links in `df` (the partnerships query's rows) for the layers and focus."""
    df = select_links(df, layers, focus)
    rows = df.to_dicts()
    lines: dict[tuple[str, str], dict] = {}
    counts: dict[str, int] = {}
    hover = {layer: {"lat": [], "lon": [], "text": [], "id": []} for layer in LAYERS}
    places: dict[str, dict] = {}
    for r in rows:
        for group in _groups(r, color_by):
            g = lines.setdefault((group, r["kind"]), {"lat": [], "lon": []})
            g["lat"] += [r["fr_lat"], r["partner_lat"], None]
            g["lon"] += [r["fr_lon"], r["partner_lon"], None]
            counts[group] = counts.get(group, 0) + 1
        h = hover[layer_of(r["kind"])]
        mid_lat, mid_lon = great_circle_midpoint(r["fr_lat"], r["fr_lon"], r["partner_lat"], r["partner_lon"])
        h["lat"].append(mid_lat)
        h["lon"].append(mid_lon)
        h["text"].append(_hover(r, lang))
        h["id"].append(LINK_PREFIX + r["partnership_id"])
        for side in ("fr", "partner"):
            p = places.setdefault(r[f"{side}_place_id"], {"lat": r[f"{side}_lat"], "lon": r[f"{side}_lon"],
                                                          "name": r[f"{side}_place_{lang}"], "side": side,
                                                          "links": 0, "weight": 0})  # fmt: skip
            p["links"] += 1
            p["weight"] += 1 + r["n_events"] + (2 if r["kind"] != "event_link" else 0)

    def label(group: str) -> str:
        if color_by == "kind":
            name = kind_label(group, lang)
        else:
            name = theme_label(group, lang) if group else ("Sans événement" if lang == "fr" else "No listing")
        return f"{name} ({counts.get(group, 0)})"

    def color(group: str) -> str:
        return KIND_COLORS.get(group, NO_THEME_COLOR) if color_by == "kind" else THEME_COLORS.get(group, NO_THEME_COLOR)

    order = list(KIND_COLORS) if color_by == "kind" else [*THEMES, ""]
    kinds = list(KIND_STYLE)
    fig = go.Figure()
    shown: set[str] = set()
    for (group, kind), g in sorted(lines.items(), key=lambda kv: (order.index(kv[0][0]), kinds.index(kv[0][1]))):
        width, dash, opacity = KIND_STYLE[kind]
        fig.add_trace(
            go.Scattergeo(
                lat=g["lat"],
                lon=g["lon"],
                mode="lines",
                line=dict(width=width, color=color(group), dash=dash),
                opacity=opacity,
                name=label(group),
                legendgroup=group,
                showlegend=group not in shown,
                hoverinfo="skip",
                meta=[layer_of(kind), kind],
            )  # fmt: skip
        )
        shown.add(group)
    if color_by == "theme":  # the kinds' line styles, explained once each (they toggle nothing)
        for kind in (k for k in kinds if any(key[1] == k for key in lines)):
            width, dash, _ = KIND_STYLE[kind]
            fig.add_trace(
                go.Scattergeo(
                    lat=[None],
                    lon=[None],
                    mode="lines",
                    line=dict(width=width, color="#5b6770", dash=dash),
                    name=kind_label(kind, lang),
                    legendgroup=f"style:{kind}",
                    hoverinfo="skip",
                    meta=["legend", kind],
                )  # fmt: skip
            )
    for layer, h in hover.items():
        if h["lat"]:
            fig.add_trace(
                go.Scattergeo(
                    lat=h["lat"],
                    lon=h["lon"],
                    mode="markers",
                    text=h["text"],
                    customdata=h["id"],
                    marker=dict(size=7 if layer == "stated" else 5, color="#5b6770", opacity=0.3),
                    hovertemplate="%{text}<extra></extra>",
                    showlegend=False,
                    meta=["hover", layer],
                )  # fmt: skip
            )
    if places:
        ids = sorted(places, key=lambda i: (-places[i]["weight"], places[i]["name"] or ""))
        top = set(ids[:LABELLED]) | ({focus} if focus in places else set())
        for labelled in (False, True):
            chosen = [i for i in ids if (i in top) == labelled]
            if not chosen:
                continue
            fig.add_trace(
                go.Scattergeo(
                    lat=[places[i]["lat"] for i in chosen],
                    lon=[places[i]["lon"] for i in chosen],
                    mode="markers+text" if labelled else "markers",
                    customdata=chosen,
                    text=[escape(places[i]["name"]) for i in chosen],
                    textposition="top center",
                    textfont=dict(size=11, color="#1b2733"),
                    marker=dict(
                        size=[9 if i == focus else 6 for i in chosen],
                        line=dict(width=1, color="white"),
                        color=["#1b2733" if places[i]["side"] == "fr" else "#7a1f3d" for i in chosen],
                    ),
                    hovertemplate="%{text}<br>" + escape(t("map_click_hint", lang)) + "<extra></extra>",
                    showlegend=False,
                    meta=["places", "labelled" if labelled else "plain"],
                )  # fmt: skip
            )
    geo = dict(
        showland=True, landcolor="#eef1f4", showcountries=True, countrycolor="#c9d1d9",
        showocean=True, oceancolor="#f7fafc", showframe=False, showcoastlines=True, coastlinecolor="#b8c2cc",
    )  # fmt: skip
    frame = link_frame(df) if view != "world" else None
    out = 0
    if frame is None:
        geo.update(projection_type="natural earth", lataxis_range=[-60, 85], lonaxis_range=[-180, 180], resolution=110)
    else:
        lat_min, lat_max, lon_min, lon_max = frame  # room for the labels of the places at the edges
        geo.update(resolution=50, **frame_geo(lat_min - 0.5, lat_max + 1.0, lon_min - 2.0, lon_max + 2.0))
        out = out_of_frame(df, geo["lataxis_range"], geo["lonaxis_range"])
    fig.update_geos(**geo)
    fig = layout(fig, map_title(df, lang, out, focus_name), _height(geo) if frame else 640)
    fig.update_layout(legend=dict(orientation="h", y=-0.05), clickmode="event+select")
    return fig


def _height(geo: dict, width: int = 800) -> int:
    """A figure height that fits the frame's shape (Mercator proportions at a typical width), so
    that a wide frame leaves no band of blank page above and below the map."""

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))

    (lat0, lat1), (lon0, lon1) = geo["lataxis_range"], geo["lonaxis_range"]
    ratio = (y(lat1) - y(lat0)) / max(math.radians(lon1 - lon0), 1e-6)
    return int(max(380, min(640, 130 + width * ratio)))


def map_title(df: pl.DataFrame, lang: str, out: int = 0, focus_name: str | None = None) -> str:
    stated = 0 if df.is_empty() else df.filter(pl.col("kind") != "event_link").height
    events = len(df) - stated
    parts = [f"{stated} {t('links_stated_n' if stated != 1 else 'link_stated_one', lang)}",
             f"{events} {t('links_events_n' if events != 1 else 'link_events_one', lang)}"]  # fmt: skip
    title = " · ".join(parts)
    if focus_name:
        title = f"{escape(t('focus_on', lang).format(p=focus_name))} — {title}"
    if out:
        title += " — " + t("out_of_view", lang).format(n=out)
    return title


def arc_points(lat1: float, lon1: float, lat2: float, lon2: float, n: int = 16) -> list[tuple[float, float]]:
    """Points along the great-circle arc plotly draws between two places."""
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = [math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1)]
    b = [math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2)]
    omega = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True)))))
    if omega < 1e-9:
        return [(lat1, lon1)]
    out = []
    for i in range(n + 1):
        f = i / n
        k1, k2 = math.sin((1 - f) * omega) / math.sin(omega), math.sin(f * omega) / math.sin(omega)
        x, y, z = (k1 * u + k2 * v for u, v in zip(a, b, strict=True))
        out.append((math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))))
    return out


def link_frame(df: pl.DataFrame) -> tuple[float, float, float, float] | None:
    """(lat_min, lat_max, lon_min, lon_max) covering every arc, or None when only the whole world
    does (an arc across the antimeridian, or a frame wider than 200°)."""
    points = []
    for r in df.to_dicts():
        arc = arc_points(r["fr_lat"], r["fr_lon"], r["partner_lat"], r["partner_lon"])
        if any(abs(b[1] - a[1]) > 180 for a, b in itertools.pairwise(arc)):
            return None
        points += arc
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    if max(lons) - min(lons) > 200:
        return None
    return min(lats), max(lats), min(lons), max(lons)


def out_of_frame(df: pl.DataFrame, lat_range, lon_range) -> int:
    """Links with an end outside the frame (they are cut off, and the title says how many)."""

    def inside(lat, lon):
        return lat_range[0] <= lat <= lat_range[1] and lon_range[0] <= lon <= lon_range[1]

    return sum(
        not (inside(r["fr_lat"], r["fr_lon"]) and inside(r["partner_lat"], r["partner_lon"])) for r in df.to_dicts()
    )
