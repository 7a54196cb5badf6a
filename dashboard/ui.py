"""Small Streamlit helpers shared by the pages: figures, empty states, text as text."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import streamlit as st

from dashboard.i18n import t

PLOTLY_CONFIG = {
    "topojsonURL": "/app/static/topojson/",  # base maps served by the app: no CDN
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def as_text(text: str | None) -> str:
    """Document text for st.markdown: every Markdown character escaped (HTML is never enabled)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def show_figure(fig: go.Figure, key: str, filename: str, selectable: bool = False):
    config = {
        **PLOTLY_CONFIG,
        "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": filename},
    }
    if selectable:
        return st.plotly_chart(
            fig,
            width="stretch",
            config=config,
            key=key,
            on_select="rerun",
            selection_mode=("points",),
        )
    st.plotly_chart(fig, width="stretch", config=config, key=key)
    return None


def empty_state(ctx) -> bool:
    """True (and a clear message) when the filters leave no listing."""
    from dashboard import data

    if data.figures(ctx.filters)["listings"] == 0:
        st.info(t("empty", ctx.lang))
        return True
    return False


def selected(event, field: str = "customdata") -> list[str]:
    """Values of the points selected in a chart (customdata carries the code)."""
    if not event:
        return []
    points = (
        event.get("selection", {}).get("points", [])
        if isinstance(event, dict)
        else event.selection.points
    )
    out = []
    for p in points:
        value = p.get(field)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            out.append(value)
    return out


def items(value) -> list:
    """The elements of a list cell (a Python list, a polars Series, or None)."""
    return [] if value is None else list(value)
