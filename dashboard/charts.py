"""DataFrame → plotly Figure (pure; no Streamlit).

One colour per theme, the same everywhere (Okabe–Ito palette, colour-blind safe). Maps use the
offline base maps (topojson served by the app, or a file URL for static export) and the
first-level boundaries of every country (data/reference/world/admin1/, etl.reference). The link
map is in `link_map`.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard.i18n import counted, country_label, kind_label, semester_label, t, theme_label
from etl.reference import boundaries_path, subdivision_rows
from etl.vocab import SEMESTERS, THEMES, load_countries

THEME_COLORS = {
    "partnerships": "#0072B2",
    "academic": "#E69F00",
    "culture": "#CC79A7",
    "economy": "#D55E00",
    "environment": "#009E73",
    "sport": "#56B4E9",
    "other": "#8C8C8C",
}
KIND_COLORS = {
    "twinning": "#0072B2",
    "cooperation_agreement": "#009E73",
    "partnership": "#E69F00",
    "planned_twinning": "#CC79A7",
    "planned_agreement": "#56B4E9",
    "event_link": "#B5B5B5",
}
NO_THEME_COLOR = "#B5B5B5"
FONT = dict(family="Helvetica, Arial, sans-serif", size=13, color="#1b2733")
# zero stays a neutral grey, distinct from the lightest blue of one listing
ZERO_GREY_BLUES = [[0.0, "#e3e7ec"], [0.001, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]
# One colour per partner country, the same on every page and in every export (a country's code
# picks it: nothing is written for a particular country); France is the theme blue.
COUNTRY_PALETTE = ("#7a1f3d", "#bc002d", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#332288",
                   "#CC6677", "#661100", "#6699CC", "#E07B39")  # fmt: skip


def _colorbar(lang: str, values) -> dict:
    """A choropleth's colour bar: whole counts, in the lower 90 % of the plot so that its top
    tick never touches its title (an export's or the briefing's)."""
    return dict(title=dict(text=t("listings", lang)), thickness=12, tickformat="d",
                dtick=count_step(max([*values, 1])), len=0.9, y=0, yanchor="bottom",
                ticklabelposition="outside bottom")  # fmt: skip


def country_color(code: str | None) -> str:
    if not code:
        return NO_THEME_COLOR
    if code == "FR":
        return "#0072B2"
    return COUNTRY_PALETTE[zlib.crc32(code.encode()) % len(COUNTRY_PALETTE)]


@lru_cache(maxsize=1)
def region_names() -> dict[str, tuple[str, str]]:
    """code → (French name, English name) of every first-level subdivision of the world."""
    return {r["code"]: (r["name_fr"], r["name_en"]) for r in subdivision_rows()}


def countries():
    return load_countries()


@lru_cache(maxsize=64)
def admin1_of(country: str) -> dict:
    """A country's simplified first-level boundaries (an empty collection when none are known);
    shared: never modify the returned dict."""
    path = boundaries_path(country)
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}
    return json.loads(path.read_text(encoding="utf-8"))


# The template every figure gets when it is serialised. Set once here rather than per figure:
# `update_layout(template=…)` validates a copy of the whole template each time (a fifth of a
# page's server time, measured with py-spy under load).
TEMPLATE = "plotly_white"
pio.templates.default = TEMPLATE


def merged(base: dict, more: dict) -> dict:
    """`base` with `more` written over it, nested dicts merged key by key (a new dict)."""
    out = dict(base)
    for key, value in more.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def base_layout(title: str, height: int = 380) -> dict:
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=50, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=-0.25, x=0),
    )


def figure(traces: list, title: str, height: int = 380, **more) -> go.Figure:
    """A figure built in one go: its traces, the common layout and `more` layout over it. Each
    property is validated once; every `update_layout` after the fact parses its paths and
    re-dispatches (a figure built step by step took ~6x as long, a third of a page's run)."""
    return go.Figure(data=traces, layout=merged(base_layout(title, height), more))


TOP_N = 15  # bars beyond these are folded into one "others" bar (the CSV keeps every row)


def count_step(maximum: float, most: int = 8) -> int:
    """An integer tick step from 0 to `maximum` giving at most `most` steps (~8 by default):
    1, 2, 5, 10, 20, 50…"""
    step = 1
    while maximum / step > most:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if maximum / step <= most:
                break
    return max(step, 1)


def count_axis(values) -> dict:
    """Axis settings for counts: integers only, from zero."""
    return dict(tickformat="d", dtick=count_step(max([*values, 1])), rangemode="tozero")


def top_n(df: pl.DataFrame, value: str = "listings", n: int = TOP_N) -> tuple[pl.DataFrame, int]:
    """The n largest rows (as sorted), then one row summing the rest; (frame, rows folded)."""
    if df.height <= n + 1:
        return df, 0
    head, rest = df.head(n), df.slice(n)
    other = {c: None for c in df.columns} | {value: int(rest[value].sum())}
    for col in ("name_fr", "name_en"):
        if col in df.columns:
            other[col] = t("others", "fr" if col == "name_fr" else "en").format(n=rest.height)
    return pl.concat([head, pl.DataFrame([other], schema=df.schema)]), rest.height


def _hbar(labels: list[str], values: list[int], codes: list[str], color, hover: str, title: str, lang: str,
          height: int) -> go.Figure:  # fmt: skip
    """Horizontal bars, largest first as given, value labels outside, `codes` for selections."""
    bar = go.Bar(y=labels, x=values, orientation="h", marker_color=color, customdata=codes, text=values,
                 textposition="outside", hovertemplate=hover, cliponaxis=False)  # fmt: skip
    return figure([bar], title, height, yaxis=dict(autorange="reversed"),
                  xaxis=dict(title=dict(text=t("listings", lang)), range=[0, _room(values)], **count_axis(values)))  # fmt: skip


def theme_bar_figure(df: pl.DataFrame, lang: str = "fr") -> go.Figure:
    themes, values = df["theme"].to_list(), df["listings"].to_list()
    return _hbar([theme_label(x, lang) for x in themes], values, themes, [THEME_COLORS[x] for x in themes],
                 "%{y}: %{x}<extra></extra>", t("by_theme", lang), lang, 320)  # fmt: skip


def semester_key(year: int | None, semester: str) -> tuple:
    """Order of the semester axis: by year, then S1, S2, both, unknown; no year last."""
    return (year is None, year or 0, SEMESTERS.index(semester))


def semester_axis_label(year: int | None, semester: str, lang: str = "fr") -> str:
    """ "S1 2021", "S2 2021", "2021 (S1 + S2)", "2024 · semestre inconnu", "Date inconnue"."""
    if year is None:
        return semester_label("UNKNOWN", lang) if semester == "UNKNOWN" else semester_label(semester, lang)
    if semester in ("S1", "S2"):
        return f"{semester} {year}"
    if semester == "YEAR":
        return f"{year} (S1 + S2)"
    return t("year_half_unknown", lang).format(year=year)


def semester_figure(df: pl.DataFrame, lang: str = "fr") -> go.Figure:
    """Listings per semester of each year, stacked by theme (columns year, semester, theme, listings)."""
    slots = sorted({(r["year"], r["semester"]) for r in df.to_dicts()}, key=lambda k: semester_key(*k))
    labels = [semester_axis_label(y, s, lang) for y, s in slots]
    bars = []
    for theme in THEMES:
        part = {(r["year"], r["semester"]): r["listings"] for r in df.filter(pl.col("theme") == theme).to_dicts()}
        if not part:
            continue
        bars.append(go.Bar(
            name=theme_label(theme, lang),
            x=labels,
            y=[part.get(k, 0) for k in slots],
            marker_color=THEME_COLORS[theme],
            customdata=[s for _, s in slots],
            hovertemplate="%{x} — " + escape(theme_label(theme, lang)) + " : %{y}<extra></extra>",
        ))  # fmt: skip
    totals = df.group_by("year", "semester").agg(pl.col("listings").sum())["listings"].to_list()
    # the legend in a band of its own at the foot of the figure: it never covers a bar, nor takes
    # the plot's width on a phone
    return figure(bars, t("by_semester", lang), 480, barmode="stack",
                  yaxis=dict(title=dict(text=t("listings", lang)), **count_axis(totals)),
                  legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0),
                  margin=dict(r=10, b=90))  # fmt: skip


def edition_figure(df: pl.DataFrame, lang: str = "fr") -> go.Figure:
    """Listings per catalogue edition (columns catalogue_year, partner_country, title, listings)."""
    rows = df.sort(["catalogue_year", "partner_country"]).to_dicts()
    title = t("by_edition", lang)
    if len(rows) > TOP_N + 1:  # a registry of many countries: the largest editions, then the others
        ranked = sorted(rows, key=lambda r: -r["listings"])
        rest = ranked[TOP_N:]
        rows = sorted(ranked[:TOP_N], key=lambda r: (r["catalogue_year"] or 0, r["partner_country"] or ""))
        rows.append({"catalogue_year": None, "partner_country": None, "title": "", "other": len(rest),
                     "listings": sum(r["listings"] for r in rest)})  # fmt: skip
        title = f"{title} — {t('top_n', lang).format(n=TOP_N)}"
    labels = [t("others", lang).format(n=r["other"]) if "other" in r else
              f"{r['catalogue_year'] or '?'} · {country_label(r['partner_country'], lang)}" for r in rows]  # fmt: skip
    values = [r["listings"] for r in rows]
    bar = go.Bar(
        x=labels,
        y=values,
        text=values,
        textposition="outside",
        marker_color=[country_color(r["partner_country"]) if "other" not in r else NO_THEME_COLOR for r in rows],
        customdata=[escape(r["title"]) for r in rows],
        cliponaxis=False,
        hovertemplate="%{customdata}<br>%{x}: %{y}<extra></extra>",
    )
    return figure([bar], title, 340,
                  yaxis=dict(title=dict(text=t("listings", lang)), range=[0, _room(values)], **count_axis(values)))  # fmt: skip


def region_bar_figure(df: pl.DataFrame, title: str, lang: str = "fr", color: str = "#0072B2") -> go.Figure:
    """Listings per region, largest first: the top 15 and one bar for the others."""
    shown, folded = top_n(df)
    names = [escape(n) for n in shown["name_en" if lang == "en" else "name_fr"].to_list()]
    codes = [c or "" for c in shown["region"].to_list()]  # the "others" bar selects nothing
    colors = [color if c else NO_THEME_COLOR for c in codes]
    if folded:
        title = f"{title} — {t('top_n', lang).format(n=TOP_N)}"
    return _hbar(names, shown["listings"].to_list(), codes, colors, "%{y}: %{x}<extra></extra>", title, lang,
                 max(320, 26 * len(names) + 90))  # fmt: skip


def matrix_figure(df: pl.DataFrame, regions: pl.DataFrame, lang: str = "fr", narrow: bool = False) -> go.Figure:
    """Theme × French region heatmap over every region of `regions` (zeros included). `narrow` (a
    phone's width): the regions as rows and the themes as columns, each column labelled (across,
    the themes' names took half the width and plotly dropped every other region's name)."""
    counts = {(r["region"], r["theme"]): r["listings"] for r in df.to_dicts()}
    region_rows = regions.to_dicts()
    names = [r["name_en"] if lang == "en" else r["name_fr"] for r in region_rows]
    themes = [theme_label(th, lang) for th in THEMES]
    z = [[counts.get((r["region"], th), 0) for r in region_rows] for th in THEMES]
    if narrow:
        z = [list(row) for row in zip(*z, strict=True)] if z and z[0] else []
        heat = go.Heatmap(z=z, x=themes, y=names, colorscale="Blues", text=z, texttemplate="%{text}",
                          hovertemplate="%{y} — %{x}: %{z}<extra></extra>", showscale=False)  # fmt: skip
        return figure([heat], t("matrix", lang), matrix_height(len(names), narrow),
                      xaxis=dict(tickangle=-90, dtick=1), yaxis=dict(dtick=1, autorange="reversed"))  # fmt: skip
    heat = go.Heatmap(
        z=z,
        x=names,
        y=themes,
        colorscale="Blues",
        text=z,
        texttemplate="%{text}",
        hovertemplate="%{y} — %{x}: %{z}<extra></extra>",
        showscale=False,
    )
    return figure([heat], t("matrix", lang), matrix_height(len(names), narrow), xaxis=dict(tickangle=-35))


def matrix_height(regions: int, narrow: bool = False) -> int:
    """The theme × region heatmap's height: its regions as rows on a phone (`narrow`)."""
    return 300 + 26 * regions if narrow else 420


def frame_geo(lat_min: float, lat_max: float, lon_min: float, lon_max: float, least: float = 1.0) -> dict:
    """Geo axes covering a frame (nested, as a layout's `geo`): Mercator for a small one, conic
    equal area for a wide one; a margin of at least `least` degrees on each side."""
    lat_pad, lon_pad = max(least, (lat_max - lat_min) * 0.06), max(least, (lon_max - lon_min) * 0.04)
    geo = dict(lataxis=dict(range=[max(-89.0, lat_min - lat_pad), min(89.0, lat_max + lat_pad)]),
               lonaxis=dict(range=[lon_min - lon_pad, lon_max + lon_pad]))  # fmt: skip
    if lon_max - lon_min > 40:
        third = (lat_max - lat_min) / 3
        geo["projection"] = dict(type="conic equal area", rotation=dict(lon=(lon_min + lon_max) / 2, lat=0),
                                 parallels=[lat_min + third, lat_max - third])  # fmt: skip
    else:
        geo["projection"] = dict(type="mercator")
    return geo


# The base maps at 1:110m: plotly redraws them at every change (250-340 ms a map at 1:50m, 44-73 ms
# at 1:110m, issue 29); the subdivisions drawn over them carry the shapes that matter.
BASE_GEO = dict(showland=True, landcolor="#eef1f4", showcountries=True, countrycolor="#c9d1d9", showocean=True,
                oceancolor="#f7fafc", showframe=False, showcoastlines=False, resolution=110)  # fmt: skip


def choropleth_figure(df: pl.DataFrame, country: str, lang: str = "fr", geojson_url: str | None = None) -> go.Figure:
    """Listings per subdivision of `country`; every subdivision drawn (zeros included), the map
    framed on the country (data/reference/countries.csv), the title naming its subdivisions.
    `geojson_url`: where the browser finds the boundaries (else they are carried inline)."""
    geo = admin1_of(country)
    counts = {r["region"]: r["listings"] for r in df.to_dicts()}
    codes = [f["id"] for f in geo["features"]]
    if country == "FR":
        codes = [c for c in codes if not c[3:].isdigit() or counts.get(c)]  # overseas only if used
    names = region_names()
    approx = {f["id"] for f in geo["features"] if f.get("properties", {}).get("approx")} & set(codes)
    approx_note = f" · {t('approx_outline', lang)}"
    choro = go.Choropleth(
        geojson=geojson_url or geo,
        featureidkey="id",
        locations=codes,
        z=[counts.get(c, 0) for c in codes],
        text=[escape(names.get(c, (c, c))[lang == "en"]) + (approx_note if c in approx else "") for c in codes],
        colorscale=ZERO_GREY_BLUES,
        zmin=0,
        marker_line_color="#8a99a8",
        marker_line_width=0.5,
        colorbar=_colorbar(lang, counts.values()),
        hovertemplate="%{text} (%{location}): %{z}<extra></extra>",
    )
    c = countries()[country]
    title = t("choro", lang).format(
        country=c.name_en if lang == "en" else c.name_fr,
        subdivision=c.subdivision_en if lang == "en" else c.subdivision_fr,
    )
    off_map = sum(n for code, n in counts.items() if code and code not in set(codes))
    notes = [t("off_map", lang).format(n=off_map)] if off_map else []
    if approx:
        notes.append(t("approx_outlines" if len(approx) > 1 else "approx_outlines_1", lang).format(n=len(approx)))
    if notes:
        title = f"{title}<br><sup>{escape((' ; ' if lang == 'fr' else '; ').join(notes))}</sup>"
    frame = frame_geo(*drawn_frame(c.frame, geo, codes), least=SMALL_COUNTRY_MARGIN)
    return figure([choro], title, MAP_HEIGHT, geo={**BASE_GEO, **frame})


MAP_HEIGHT, WORLD_HEIGHT = 440, 460  # a subdivisions' map, the world map of partner countries

# A choropleth's least margin (degrees): a country under a degree wide (Luxembourg, Bahrain) fills
# its map rather than a quarter of it.
SMALL_COUNTRY_MARGIN = 0.15


REACH_DEGREES = 3.0  # how far the subdivisions drawn may widen a country's frame on each side


def drawn_frame(frame: tuple[float, float, float, float], geo: dict, codes: list[str]) -> tuple[float, ...]:
    """The country's frame widened to the outlines of the subdivisions drawn that lie within
    REACH_DEGREES of it (the reference's box stops short of Brazil's eastern coast and of South
    Korea's Jeju), never to a far island (Hawaii, Minami-Torishima) nor across the antimeridian."""
    drawn = set(codes)
    points = [pt for f in geo["features"] if f["id"] in drawn for pt in _points(f["geometry"]["coordinates"])]
    lat_min, lat_max, lon_min, lon_max = frame
    lats, lons = [p[1] for p in points], [p[0] for p in points]
    return (
        min((y for y in lats if lat_min - REACH_DEGREES <= y < lat_min), default=lat_min),
        max((y for y in lats if lat_max < y <= lat_max + REACH_DEGREES), default=lat_max),
        min((x for x in lons if lon_min - REACH_DEGREES <= x < lon_min), default=lon_min),
        max((x for x in lons if lon_max < x <= lon_max + REACH_DEGREES), default=lon_max),
    )


def _points(coordinates) -> list:
    """Every [lon, lat] pair of a (Multi)Polygon's nested coordinates."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [coordinates]
    return [pt for part in coordinates for pt in _points(part)]


MAX_COUNTRY_MAPS = 4  # more partner countries in view: a world map, then the maps of the 4 largest


@lru_cache(maxsize=512)
def has_outlines(country: str) -> bool:
    """Whether any first-level outline of the country is known (its file exists only then)."""
    return boundaries_path(country).exists()


def world_figure(df: pl.DataFrame, lang: str = "fr") -> go.Figure:
    """Listings per partner country on a world map (columns partner_country, listings); a click
    on a country selects it (its ISO 3166-1 alpha-2 code is the point's customdata)."""
    known = countries()
    rows = [r for r in df.to_dicts() if r["partner_country"] in known and known[r["partner_country"]].alpha3]
    values = [r["listings"] for r in rows]
    choro = go.Choropleth(
        locationmode="ISO-3", locations=[known[r["partner_country"]].alpha3 for r in rows], z=values,
        customdata=[r["partner_country"] for r in rows],
        text=[escape(country_label(r["partner_country"], lang)) for r in rows],
        colorscale=[[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]], zmin=0, marker_line_color="#8a99a8", marker_line_width=0.5,
        colorbar=_colorbar(lang, values),
        hovertemplate="%{text}: %{z}<extra></extra>",
    )  # fmt: skip
    geo = {**BASE_GEO, "resolution": 110, "projection": dict(type="natural earth"), "lataxis": dict(range=[-58, 84])}
    return figure([choro], t("world_title", lang).format(n=len(rows)), WORLD_HEIGHT, geo=geo)


def _room(values) -> float:
    """Axis end leaving room for the value labels outside the bars."""
    return max([*values, 1]) * 1.15


def timeline_figure(
    meetings: pl.DataFrame, editions: pl.DataFrame, lang: str = "fr", narrow: bool = False
) -> go.Figure:
    """Meetings (filled: held, open: announced) and catalogue editions (squares sized by their
    listings) on one dated axis, one lane per country group and kind; a year per tick unless the
    span would pile them up (at most 16 ticks, 6 when `narrow`: a phone's width)."""
    from dashboard.i18n import meeting_kind_label

    traces: list[go.Scatter] = []
    lanes: list[str] = []

    def lane(country: str, what: str) -> str:
        name = f"{country_label(country, lang)} · {what}"
        if name not in lanes:
            lanes.append(name)
        return name

    for r in editions.to_dicts():
        y = lane(r["partner_country"], t("catalogue", lang))
        traces.append(go.Scatter(
            x=[f"{r['catalogue_year']}-07-01"], y=[y], mode="markers",
            marker=dict(symbol="square", size=10 + min(30, r["listings"] / 3), color=country_color(r["partner_country"]), opacity=0.75),
            text=[escape(f"{r['title']} — {counted(r['listings'], 'listing_one', 'listings_n', lang)}")],
            hovertemplate="%{text}<extra></extra>", showlegend=False,
        ))  # fmt: skip
    for r in meetings.to_dicts():
        y = lane(r["partner_country"], meeting_kind_label(r["kind"], lang))
        place = r["place_en" if lang == "en" else "place_fr"] or r["place_text"] or "—"
        held = r["status"] == "held"
        text = (f"<b>{escape(r['name_en' if lang == 'en' else 'name_fr'])}</b><br>{escape(r['date_text'])} · "
                f"{escape(place)}<br>{t('held' if held else 'announced', lang)} · {escape(r['source_file'])}, "
                f"{t('line', lang)} {r['source_line']}")  # fmt: skip
        color = country_color(r["partner_country"])
        traces.append(go.Scatter(
            x=[str(r["date_start"])], y=[y], mode="markers",
            marker=dict(size=13, color=color if held else "white", line=dict(color=color, width=2)),
            text=[text], hovertemplate="%{text}<extra></extra>", showlegend=False,
        ))  # fmt: skip
    years = [int(str(x)[:4]) for tr in traces for x in tr.x if str(x)[:4].isdigit()]
    step = count_step(max(years) - min(years), (6 if narrow else 16) - 1) if years else 1  # years per tick
    return figure(traces, t("timeline_title", lang), 120 + 55 * max(len(lanes), 2),
                  yaxis=dict(categoryorder="array", categoryarray=lanes[::-1]),
                  xaxis=dict(type="date", dtick=f"M{12 * step}", tickformat="%Y"))  # fmt: skip


def decade_figure(df: pl.DataFrame, lang: str = "fr") -> go.Figure:
    decades = sorted({r["decade"] for r in df.to_dicts()})
    bars = []
    for kind in KIND_COLORS:
        part = {r["decade"]: r["links"] for r in df.filter(pl.col("kind") == kind).to_dicts()}
        if part:
            bars.append(go.Bar(
                name=kind_label(kind, lang), x=[f"{d}s" if lang == "en" else f"années {d}" for d in decades],
                y=[part.get(d, 0) for d in decades], marker_color=KIND_COLORS[kind],
            ))  # fmt: skip
    totals = df.group_by("decade").agg(pl.col("links").sum())["links"].to_list()
    return figure(bars, t("by_decade", lang), 340, barmode="stack",
                  yaxis=dict(title=dict(text=t("count", lang)), **count_axis(totals)))  # fmt: skip


# Direction controls (marks, U+202A–U+202E, U+2066–U+2069): shown by name, never obeyed.
BIDI_CONTROLS = (
    "\u200e\u200f\u061c" + "".join(map(chr, range(0x202A, 0x202F))) + "".join(map(chr, range(0x2066, 0x206A)))
)
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def plain(text: str | None) -> str:
    """Document text with its direction controls shown as [U+202E] (a right-to-left override
    would otherwise reverse what follows it on screen)."""
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text or "")


def escape(text: str | None) -> str:
    """Hover text is rendered by plotly as a tiny HTML subset: show document text as text."""
    return plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
