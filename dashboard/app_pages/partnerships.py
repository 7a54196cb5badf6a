"""Partnerships: links with their kind, creation year, listings and evidence."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, data
from dashboard.i18n import kind_label, t, theme_label
from dashboard.ui import items as _items
from dashboard.ui import show_figure


def table(df: pl.DataFrame, lang: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            t("fr_place", lang): df["fr_place"],
            t("partner_place", lang): df["partner_place"],
            t("kind", lang): [kind_label(k, lang) for k in df["kind"]],
            t("since", lang).capitalize(): df["since_year"],
            t("events_n", lang): df["n_events"],
            t("theme", lang): [
                ", ".join(theme_label(x, lang) for x in _items(ths))
                for ths in df["themes"].to_list()
            ],
            t("distance", lang): df["distance_km"],
            t("evidence", lang): df["evidence"],
            t("document", lang): df["source_file"],
            t("lines", lang): df["source_line"],
        }
    )


def page() -> None:
    ctx = st.session_state["ctx"]
    f, lang = ctx.filters, ctx.lang
    st.title(t("partnerships", lang))
    links = data.partnerships(f)
    if links.is_empty():
        st.info(t("empty", lang))
        return
    stated = links.filter(pl.col("kind") != "event_link")
    st.caption(t("links_caption", lang).format(stated=len(stated), total=len(links)))
    st.dataframe(table(links, lang), hide_index=True, width="stretch", height=440)
    decades = data.links_by_decade(f)
    if not decades.is_empty():
        show_figure(charts.decade_figure(decades, lang), "chart_decades", "liens_par_decennie")
    st.caption(t("no_year", lang).format(n=stated.filter(pl.col("since_year").is_null()).height))


page()
