"""Partnerships: links with their kind, creation year, listings and evidence."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, data, tables
from dashboard.i18n import t
from dashboard.ui import file_base, show_figure, table_downloads


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
    shown = tables.partnerships_table(links, lang)
    table_downloads(shown, "dl_links", file_base(ctx, "partenariats" if lang == "fr" else "partnerships"))
    st.dataframe(shown, hide_index=True, width="stretch", height=440)
    decades = data.links_by_decade(f)
    if not decades.is_empty():
        show_figure(charts.decade_figure(decades, lang), "chart_decades", file_base(ctx, "liens_par_decennie"),
                    data=decades, lang=lang)  # fmt: skip
    st.caption(t("no_year", lang).format(n=stated.filter(pl.col("since_year").is_null()).height))


page()
