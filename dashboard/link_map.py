"""The link map: partnerships → plotly Figure (pure; no Streamlit).

Two layers. Stated partnerships (twinnings, agreements, partnerships — signed or planned) are the
main layer, their line style saying the kind: solid and thick for a twinning, dashed for what is
only planned. Links implied by listings alone are a lighter, dotted, optional layer. Colour is by
theme or by kind; a link carrying several themes is drawn in the trace of each (the legend counts
every theme of a link, not its first). Few traces whatever the number of links: one per
(colour group, kind) with a gap (NaN) between segments; plotly.js draws geo lines as great
circles. Hover is on an undrawn point at each arc's middle (`_hover_points`); places are markers
(customdata: the place id, for a click), the most connected ones labelled.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
import polars as pl

from dashboard import map_labels
from dashboard.charts import KIND_COLORS, NO_THEME_COLOR, THEME_COLORS, escape, figure, frame_geo
from dashboard.i18n import colon, counted, kind_label, status_label, t, theme_label
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
SIDE_COLOURS = [[0, "#1b2733"], [1, "#7a1f3d"]]  # a place's marker: French (0) or partner (1)
MOST_LINKS = 1500  # drawn one by one up to this many; above, grouped by region pair (arcs_figure)
LABELLED = 12  # places named on the map (the most connected); every place has its hover
LINK_PREFIX = "link:"  # customdata of the arcs' hover points; a place marker carries its place id


def layer_of(kind: str) -> str:
    return "events" if kind == "event_link" else "stated"


def select_links(df: pl.DataFrame, layers=LAYERS, focus: str | None = None) -> pl.DataFrame:
    """The links a map shows: those of the chosen layers, and of the focused place only when one is
    (a region's id, "region:CODE", keeps the links of the places in it; queries._map_where)."""
    layer = pl.when(pl.col("kind") == "event_link").then(pl.lit("events")).otherwise(pl.lit("stated"))
    keep = layer.is_in(list(layers))
    if focus:
        own = (pl.col("fr_place_id") == focus) | (pl.col("partner_place_id") == focus)
        if focus.startswith("region:"):  # a region: the links of every place in it
            code = focus.removeprefix("region:")
            own = own | (pl.col("fr_region") == code) | (pl.col("partner_region") == code)
        keep = keep & own
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


def _groups(r: dict, color_by: str, themes: tuple[str, ...] = ()) -> list[str]:
    """The colour groups of a link: its kind, or every one of its themes ('' when it has none) —
    of the filter's `themes` only, when it has some (a theme the filter removed is not drawn)."""
    if color_by == "kind":
        return [r["kind"]]
    return [x for x in r["themes"] if not themes or x in themes] or [""]


def _group_label(group: str, color_by: str, lang: str, counts: dict[str, int]) -> str:
    if color_by == "kind":
        name = kind_label(group, lang)
    else:
        name = theme_label(group, lang) if group else t("no_listing_group", lang)
    return f"{name} ({number(counts.get(group, 0))})"  # the name's own commas kept ("Économie, tourisme")


def _group_color(group: str, color_by: str) -> str:
    return KIND_COLORS.get(group, NO_THEME_COLOR) if color_by == "kind" else THEME_COLORS.get(group, NO_THEME_COLOR)


def _group_order(color_by: str) -> list[str]:
    return list(KIND_COLORS) if color_by == "kind" else [*THEMES, ""]


PLOT_WIDTH = 560  # px of a map's plot at its smallest on a page (names kept apart at this size stay apart)
PHONE_PLOT = (330, 150)  # px of the plot on a phone (390 px wide; the legend below takes the height)
LEGEND_ROW_PX = 30  # a legend entry's row on a phone (one entry per row at most)


def _place_traces(
    places: dict[str, dict], focus: str | None, lang: str, geo: dict, plot: tuple[int, int] | None = None
) -> list[go.Scattergeo]:
    """The places (or grouped ends) as markers, their id as customdata for a click, those on one
    spot spread apart; the most connected named where their names overlap no other (and the
    focused one first). `geo`: the map's axes and projection (`map_geo`); `plot`: the plot's
    box in px (a phone's: PHONE_PLOT), by default a page's at its smallest."""
    if not places:
        return []
    ids = sorted(places, key=lambda i: (i != focus, -places[i]["weight"], places[i]["name"] or ""))
    width, height = plot or (PLOT_WIDTH, max(_height(geo) - 260, 160))
    project = map_labels.projector(geo, width, height)
    spots = map_labels.spread([(places[i]["lat"], places[i]["lon"]) for i in ids], project)
    named = map_labels.place_names(spots, [places[i]["name"] or "" for i in ids], project, width, LABELLED)
    traces: list[go.Scattergeo] = []
    for labelled in (False, True):
        chosen = [k for k in range(len(ids)) if (k in named) == labelled]
        if not chosen:
            continue
        traces.append(
            go.Scattergeo(
                lat=_numbers(spots[k][0] for k in chosen),
                lon=_numbers(spots[k][1] for k in chosen),
                mode="markers+text" if labelled else "markers",
                customdata=_texts(ids[k] for k in chosen),
                text=_texts(escape(places[ids[k]]["name"]) for k in chosen),
                textposition=[named[k] for k in chosen] if labelled else "top center",
                textfont=dict(size=11, color="#1b2733"),
                marker=dict(
                    size=_numbers(9 if ids[k] == focus else 6 for k in chosen),
                    line=dict(width=1, color="white"),
                    # the side as a number on a two-colour scale: one packed array, not a colour a place
                    color=_numbers(places[ids[k]]["side"] != "fr" for k in chosen),
                    colorscale=SIDE_COLOURS,
                    cmin=0,
                    cmax=1,
                ),
                hovertemplate="%{text}<br>" + escape(t("map_click_hint", lang)) + "<extra></extra>",
                showlegend=False,
                meta=["places", "labelled" if labelled else "plain"],
            )  # fmt: skip
        )
    return traces


def map_geo(ends: pl.DataFrame, view: str) -> dict:
    """The geo axes and projection a map of `ends` is drawn with (the whole world, or the frame
    of its arcs with room for the names at the edges)."""
    frame = link_frame(ends) if view != "world" else None
    if frame is None:
        return dict(projection=dict(type="natural earth"), lataxis=dict(range=[-60, 85]),
                    lonaxis=dict(range=[-180, 180]), resolution=110)  # fmt: skip
    lat_min, lat_max, lon_min, lon_max = frame
    return dict(
        resolution=110, **frame_geo(lat_min - 0.5, lat_max + 1.0, lon_min - 2.0, lon_max + 2.0)
    )  # charts.BASE_GEO


class _Drawn(NamedTuple):
    """What a map of links draws, gathered in one pass over them."""

    lines: dict  # (colour group, kind) → {"lat": […], "lon": […]}, each link's two ends and a gap
    counts: dict  # colour group → links
    hover: dict  # layer → {"lat", "lon", "text", "id"}: a point at each link's middle
    places: dict  # place id → {"lat", "lon", "name", "side", "links", "weight"}


def _gather(rows: list[dict], color_by: str, themes: tuple[str, ...], lang: str) -> _Drawn:
    drawn = _Drawn({}, {}, {layer: {"lat": [], "lon": [], "text": [], "id": []} for layer in LAYERS}, {})
    for r in rows:
        for group in _groups(r, color_by, themes):
            g = drawn.lines.setdefault((group, r["kind"]), {"lat": [], "lon": []})
            g["lat"] += [r["fr_lat"], r["partner_lat"], None]
            g["lon"] += [r["fr_lon"], r["partner_lon"], None]
            drawn.counts[group] = drawn.counts.get(group, 0) + 1
        h = drawn.hover[layer_of(r["kind"])]
        mid_lat, mid_lon = great_circle_midpoint(r["fr_lat"], r["fr_lon"], r["partner_lat"], r["partner_lon"])
        h["lat"].append(mid_lat)
        h["lon"].append(mid_lon)
        h["text"].append(_hover(r, lang))
        h["id"].append(LINK_PREFIX + r["partnership_id"])
        for side in ("fr", "partner"):
            p = drawn.places.setdefault(r[f"{side}_place_id"], {"lat": r[f"{side}_lat"], "lon": r[f"{side}_lon"],
                                                                "name": r[f"{side}_place_{lang}"], "side": side,
                                                                "links": 0, "weight": 0})  # fmt: skip
            p["links"] += 1
            p["weight"] += 1 + r["n_events"] + (2 if r["kind"] != "event_link" else 0)
    return drawn


def _line_traces(drawn: _Drawn, color_by: str, lang: str) -> list[go.Scattergeo]:
    """One trace per colour group and kind (the group in the legend once), then, coloured by
    theme, the kinds' line styles explained once each (they toggle nothing)."""
    order, kinds = _group_order(color_by), list(KIND_STYLE)
    traces: list[go.Scattergeo] = []
    shown: set[str] = set()
    for (group, kind), g in sorted(drawn.lines.items(), key=lambda kv: (order.index(kv[0][0]), kinds.index(kv[0][1]))):
        width, dash, opacity = KIND_STYLE[kind]
        traces.append(go.Scattergeo(lat=_numbers(g["lat"]), lon=_numbers(g["lon"]), mode="lines", opacity=opacity,
                                    line=dict(width=width, color=_group_color(group, color_by), dash=dash),
                                    name=_group_label(group, color_by, lang, drawn.counts), legendgroup=group,
                                    showlegend=group not in shown, hoverinfo="skip", meta=[layer_of(kind), kind]))  # fmt: skip
        shown.add(group)
    if color_by == "theme":
        for kind in (k for k in kinds if any(key[1] == k for key in drawn.lines)):
            width, dash, _ = KIND_STYLE[kind]
            traces.append(go.Scattergeo(lat=[None], lon=[None], mode="lines", name=kind_label(kind, lang),
                                        line=dict(width=width, color="#5b6770", dash=dash),
                                        legendgroup=f"style:{kind}", hoverinfo="skip", meta=["legend", kind]))  # fmt: skip
    return traces


def link_map_figure(
    df: pl.DataFrame,
    lang: str = "fr",
    color_by: str = "theme",
    view: str = "fit",
    layers=LAYERS,
    focus: str | None = None,
    focus_name: str | None = None,
    themes: tuple[str, ...] = (),
    plot: tuple[int, int] | None = None,
) -> go.Figure:
    """The map of the links in `df` (the partnerships query's rows) for the layers and focus;
    coloured by theme, only in the filter's `themes` when it has some; names placed for a plot
    of `plot` px (a phone's: PHONE_PLOT)."""
    df = select_links(df, layers, focus)
    drawn = _gather(df.to_dicts(), color_by, themes, lang)
    traces = _line_traces(drawn, color_by, lang)
    traces += [
        _hover_points(_numbers(h["lat"]), _numbers(h["lon"]), h["text"], h["id"], layer)
        for layer, h in drawn.hover.items()
        if h["lat"]
    ]
    traces += _place_traces(drawn.places, focus, lang, map_geo(df, view), plot)
    fig = _framed(traces, df, view, lambda out: map_title(df, lang, out, focus_name))
    if plot == PHONE_PLOT:  # the legend whole under the map, not a scroll box of half the figure
        entries = sum(1 for tr in traces if tr.showlegend is not False and tr.name)
        legend = LEGEND_ROW_PX * entries
        fig.layout.legend = {**fig.layout.legend.to_plotly_json(), "maxheight": legend}
        margin = fig.layout.margin.to_plotly_json()
        fig.layout.margin = {**margin, "b": margin.get("b", 0) + legend}  # the legend in the foot
        # the title's lines (50 px more, ui.show_figure's captions), the phone's plot with some air
        fig.layout.height = margin.get("t", 50) + 50 + PHONE_PLOT[1] + 40 + margin.get("b", 0) + legend
    return fig


def _framed(traces: list, ends: pl.DataFrame, view: str, title, weight: str | None = None) -> go.Figure:
    """The figure of `traces` on the base map, framed on the arcs of `ends` (fr_lat … partner_lon)
    unless the world is asked; `title(out)` is given how many links (the `weight` column's sum, or
    rows) leave the frame."""
    geo = dict(
        showland=True, landcolor="#eef1f4", showcountries=True, countrycolor="#c9d1d9",
        showocean=True, oceancolor="#f7fafc", showframe=False, showcoastlines=True, coastlinecolor="#b8c2cc",
    )  # fmt: skip
    framed = map_geo(ends, view)
    geo.update(framed)
    world = framed["projection"]["type"] == "natural earth"
    out = 0 if world else out_of_frame(ends, geo["lataxis"]["range"], geo["lonaxis"]["range"], weight)
    return figure(traces, title(out), 640 if world else _height(geo), geo=geo,
                  legend=dict(orientation="h", y=-0.02, yanchor="top"), clickmode="event+select")  # fmt: skip


def _height(geo: dict, width: int = 800) -> int:
    """A figure height that fits the frame's shape (Mercator proportions at a typical width), so
    that a wide frame leaves no band of blank page above and below the map."""

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))

    (lat0, lat1), (lon0, lon1) = geo["lataxis"]["range"], geo["lonaxis"]["range"]
    ratio = (y(lat1) - y(lat0)) / max(math.radians(lon1 - lon0), 1e-6)
    return int(max(380, min(640, 130 + width * ratio)))


def map_title(df: pl.DataFrame, lang: str, out: int = 0, focus_name: str | None = None) -> str:
    stated = 0 if df.is_empty() else df.filter(pl.col("kind") != "event_link").height
    return counts_title({"stated": stated, "events": len(df) - stated}, lang, out, focus_name)


def number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def arc_counts(arcs: pl.DataFrame) -> dict[str, int]:
    """The stated links and the links through listings a map shows, from its arcs (queries.link_arcs
    counts every link, its `most` pairs or not)."""
    if arcs.is_empty():
        return {"stated": 0, "events": 0}
    stated = int(arcs["stated_links"][0])
    return {"stated": stated, "events": int(arcs["all_links"][0]) - stated}


def counts_title(counts: dict[str, int], lang: str, out: int = 0, focus_name: str | None = None) -> str:
    """ "12 stated partnerships · 30 links through listings", with the focus and what leaves the frame."""
    stated, events = counts["stated"], counts["events"]
    parts = [counted(stated, "link_stated_one", "links_stated_n", lang, number(stated)),
             counted(events, "link_events_one", "links_events_n", lang, number(events))]  # fmt: skip
    title = " · ".join(parts)
    if focus_name:
        title = f"{escape(t('focus_on', lang).format(p=focus_name))} — {title}"
    if out:
        title += " — " + t("out_of_view", lang).format(n=number(out))
    return title


ARC_WIDTHS = (1.0, 2.0, 3.5, 5.5)  # a grouped arc's width says its number of links (square-root steps)


def arcs_figure(
    arcs: pl.DataFrame,
    counts: dict[str, int],
    lang: str = "fr",
    color_by: str = "theme",
    view: str = "fit",
    focus: str | None = None,
    focus_name: str | None = None,
) -> go.Figure:
    """The map of too many links to draw one by one (queries.link_arcs' rows): one arc per pair of
    regions, thicker for more links, coloured by theme or kind (one trace per colour and width
    step: the payload grows with the pairs, never with the links). The hover of an arc gives its
    links by kind; a region's marker carries "region:CODE" for a click (its links, then one by one)."""
    traces: list[go.Scattergeo] = []
    if arcs.is_empty():
        return _framed(traces, arcs, view, lambda out: counts_title(counts, lang, out, focus_name))
    top = max(arcs["links"].max(), 1)
    steps = len(ARC_WIDTHS)
    arcs = arcs.with_columns(step=((pl.col("links") / top).sqrt() * steps).cast(pl.Int64).clip(0, steps - 1))
    totals = dict(arcs.group_by("grp").agg(pl.col("links").sum()).iter_rows())
    order, shown = _group_order(color_by), set()
    for (group, step), g in sorted(arcs.group_by("grp", "step"), key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
        dash = KIND_STYLE[group][1] if color_by == "kind" else "solid"
        traces.append(
            go.Scattergeo(
                lat=_segments(g, "lat"),
                lon=_segments(g, "lon"),
                mode="lines",
                opacity=0.75,
                line=dict(width=ARC_WIDTHS[step], color=_group_color(group, color_by), dash=dash),
                name=_group_label(group, color_by, lang, totals),
                legendgroup=group,
                showlegend=group not in shown,
                hoverinfo="skip",
                meta=["arcs", group, step],
            )  # fmt: skip
        )
        shown.add(group)
    pairs = arcs.unique(["fr_key", "partner_key"], keep="first", maintain_order=True)
    places: dict[str, dict] = {}
    hover: dict[str, list] = {"text": [], "id": []}
    kind_words = {k: f"{escape(kind_label(k, lang))}{colon(lang)}" for k in KIND_STYLE}
    for r in pairs.iter_rows(named=True):
        kinds = sorted(((k, n) for k, n in kinds_of(r["kinds"])), key=lambda kn: (-kn[1], kn[0]))
        hover["text"].append(
            f"<b>{escape(r[f'fr_name_{lang}'])} – {escape(r[f'partner_name_{lang}'])}</b><br>"
            f"{counted(r['total'], 'link_one', 'links_n', lang, number(r['total']))}<br>"
            + "<br>".join(
                f"{kind_words.get(k) or escape(kind_label(k, lang)) + colon(lang)}{number(n)}" for k, n in kinds
            )
        )
        hover["id"].append(f"{LINK_PREFIX}{r['fr_key']}|{r['partner_key']}")
        for side in ("fr", "partner"):
            p = places.setdefault(r[f"{side}_key"], {"lat": r[f"{side}_lat"], "lon": r[f"{side}_lon"],
                                                     "name": r[f"{side}_name_{lang}"], "side": side, "weight": 0})  # fmt: skip
            p["weight"] += r["total"]
    lats, lons = arcs_points(pairs, 2)  # each arc's two ends and its midpoint, where plotly draws it
    hover["lat"], hover["lon"] = lats[:, 1], lons[:, 1]
    traces.append(_hover_points(np.array(hover["lat"], np.float32), np.array(hover["lon"], np.float32),
                                hover["text"], hover["id"], "arcs"))  # fmt: skip
    traces += _place_traces(places, focus, lang, map_geo(pairs, view))
    return _framed(traces, pairs, view, lambda out: counts_title(counts, lang, out, focus_name), weight="total")


def _hover_points(lat, lon, texts, ids, layer: str) -> go.Scattergeo:
    """The hover of the links: a point at each one's middle, drawn as nothing (mode "none": plotly
    finds the point under the pointer all the same, hover and click, but keeps no SVG node for it;
    it makes every node of a map's traces anew at each draw, and a marker per link was about a
    quarter of the Map page's change, paired at 100k)."""
    return go.Scattergeo(lat=lat, lon=lon, mode="none", text=_texts(texts), customdata=_texts(ids),
                         hovertemplate="%{text}<extra></extra>", showlegend=False, meta=["hover", layer])  # fmt: skip


def _numbers(values) -> np.ndarray:
    """Numbers for a trace as one array, None as NaN (a gap in a line): plotly sends it packed and
    does not check it value by value (lists were about a fifth of the 100k map's build, under cProfile)."""
    return np.fromiter((np.nan if v is None else v for v in values), np.float64)


def _texts(values) -> np.ndarray:
    """Strings for a trace as one array: plotly takes it whole (a list it converts item by item,
    a third of a grouped map's build)."""
    return np.array(list(values), dtype=object)


def _segments(df: pl.DataFrame, axis: str) -> np.ndarray:
    """One array of every arc's two ends with a gap (NaN) after each: one trace draws them all
    (an array, not a list: plotly sends it packed and does not check it value by value)."""
    ends = df.select(f"fr_{axis}", f"partner_{axis}").to_numpy().astype(np.float32)  # 1 m at most
    return np.column_stack([ends, np.full(len(ends), np.nan, np.float32)]).ravel()


def kinds_of(value) -> list[tuple[str, int]]:
    """A DuckDB MAP as polars gives it (a list of key/value structs), or a dict."""
    if isinstance(value, dict):
        return list(value.items())
    return [(x["key"], x["value"]) for x in value or []]


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


def arcs_points(df: pl.DataFrame, n: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) arrays of shape (rows, n + 1): points along every great-circle arc of `df`
    (arc_points for all rows at once; an arc of zero length is its one point repeated)."""
    r = np.radians(df.select("fr_lat", "fr_lon", "partner_lat", "partner_lon").to_numpy().astype(float))
    p1, l1, p2, l2 = r[:, 0:1], r[:, 1:2], r[:, 2:3], r[:, 3:4]
    a = np.stack([np.cos(p1) * np.cos(l1), np.cos(p1) * np.sin(l1), np.sin(p1)])
    b = np.stack([np.cos(p2) * np.cos(l2), np.cos(p2) * np.sin(l2), np.sin(p2)])
    omega = np.arccos(np.clip((a * b).sum(axis=0), -1.0, 1.0))
    f = np.linspace(0.0, 1.0, n + 1)[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        k1 = np.where(omega < 1e-9, 1.0, np.sin((1 - f) * omega) / np.sin(omega))
        k2 = np.where(omega < 1e-9, 0.0, np.sin(f * omega) / np.sin(omega))
    x, y, z = k1 * a + k2 * b
    return np.degrees(np.arctan2(z, np.hypot(x, y))), np.degrees(np.arctan2(y, x))


def link_frame(df: pl.DataFrame) -> tuple[float, float, float, float] | None:
    """(lat_min, lat_max, lon_min, lon_max) covering every arc, or None when only the whole world
    does (a frame wider than 200°). The frame is the circle of longitudes less its largest empty
    gap, so links across the antimeridian (Vladivostok–Anchorage) get a narrow frame whose
    longitudes run past 180° (plotly draws it centred on its middle)."""
    if df.is_empty():
        return None
    lats, lons = arcs_points(df)
    flat = np.sort(np.mod(lons.ravel(), 360.0))
    gaps = np.diff(np.concatenate([flat, [flat[0] + 360.0]]))
    i = int(np.argmax(gaps))
    span = 360.0 - float(gaps[i])
    if span > 200:
        return None
    start = float(flat[(i + 1) % len(flat)])
    lon_min = start - 360.0 if start > 180 else start
    return float(lats.min()), float(lats.max()), lon_min, lon_min + span


def out_of_frame(df: pl.DataFrame, lat_range, lon_range, weight: str | None = None) -> int:
    """Links with an end outside the frame (they are cut off, and the title says how many); each
    row counts for its `weight` column when one is given (a grouped arc counts its links)."""
    if df.is_empty():
        return 0

    def inside(side: str) -> pl.Expr:
        lat, lon = pl.col(f"{side}_lat"), pl.col(f"{side}_lon")
        west, east = lon_range  # a frame may run past 180°: compare along the circle
        return lat.is_between(*lat_range) & (((lon - west) % 360 + 360) % 360 <= east - west)

    out = df.filter(~(inside("fr") & inside("partner")))
    return int(out[weight].sum()) if weight else out.height
