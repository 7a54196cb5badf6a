"""Partnerships: links with their kind, creation year, listings and evidence."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, data, tables
from dashboard.i18n import t
from dashboard.ui import file_base, links_table, nothing_selected, show_figure, start_page, subtitle


def page() -> None:
    ctx = start_page("partnerships")
    f, lang = ctx.filters, ctx.lang
    subtitle(ctx)
    links = data.partnerships(f)
    if nothing_selected(ctx, links):
        return
    stated = links.filter(pl.col("kind") != "event_link")
    st.caption(t("links_caption", lang).format(stated=len(stated), total=len(links)))
    shown = tables.partnerships_table(links, lang)
    links_table(ctx, links, shown, "links", file_base(ctx, "partenariats" if lang == "fr" else "partnerships"))
    decades = data.links_by_decade(f)
    if not decades.is_empty():
        show_figure(charts.decade_figure(decades, lang), "chart_decades", file_base(ctx, "liens_par_decennie"),
                    data=decades, lang=lang)  # fmt: skip
    st.caption(t("no_year", lang).format(n=stated.filter(pl.col("since_year").is_null()).height))


page()
