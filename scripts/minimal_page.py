"""The browser benchmark's floor (scripts/bench_browser.py): a Streamlit page with nothing but a
theme filter in the sidebar and the Overview's charts, of the same kinds and number (bars, a
heatmap, the world map of the countries in MINIMAL_WORLD, one subdivision map per country in
MINIMAL_MAPS, with the same boundaries and base maps), on a few made-up numbers redrawn when the filter changes. What Streamlit and plotly cost
in the browser, with no data behind. Served from a folder whose `static` is the app's."""

from __future__ import annotations

import os

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import boundaries, charts
from dashboard.ui import PLOTLY_CONFIG

THEMES = ["Partenariats et jumelages", "Coopération universitaire, recherche", "Coopération culturelle et éducative",
          "Économie, tourisme", "Environnement", "Sport", "Autres thèmes"]  # the Overview's theme labels  # fmt: skip
MAPS = [c for c in os.environ.get("MINIMAL_MAPS", "FR").split(",") if c]
# "stock": st.plotly_chart (the floor); "component": the app's chart component (dashboard.chart),
# the same figures: what the component alone changes in the browser
DRAW = os.environ.get("MINIMAL_DRAW", "stock")


def show(fig, key: str, where=st) -> None:
    if DRAW == "component":
        from dashboard import chart

        with where.container():
            chart.chart(fig, key, PLOTLY_CONFIG)
    else:
        where.plotly_chart(fig, key=key, config=PLOTLY_CONFIG)


WORLD = [c for c in os.environ.get("MINIMAL_WORLD", "").split(",") if c]  # countries of the world map, if any

with st.sidebar:
    chosen = st.multiselect("Thème", THEMES, key="w_theme")
st.title("Minimal")
shown = chosen or THEMES
st.metric("Événements", len(shown))
for i in range(5):
    fig = go.Figure(go.Bar(x=shown, y=[(len(t) * (i + 3)) % 17 + 1 for t in shown]))
    fig.update_layout(title=f"Chart {i + 1}", height=360)
    show(fig, f"bar{i}")
show(go.Figure(go.Heatmap(z=[[len(t) * j % 7 for j in range(13)] for t in shown])), "heat")
if WORLD:
    counts = pl.DataFrame(
        {"partner_country": WORLD, "listings": [(i * len(shown)) % 11 + 1 for i in range(len(WORLD))]}
    )
    show(charts.world_figure(counts, "fr"), "world")
for row in range(0, len(MAPS), 2):
    for col, country in zip(st.columns(2), MAPS[row : row + 2], strict=False):
        codes = [f["id"] for f in charts.admin1_of(country)["features"]]
        frame = pl.DataFrame({"region": codes, "listings": [(i * len(shown)) % 9 for i in range(len(codes))]})
        show(charts.choropleth_figure(frame, country, "fr", boundaries.url(country)), f"map_{country}", col)
