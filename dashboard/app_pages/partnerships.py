"""Partnerships: links with their kind, creation year, listings and evidence (a page of rows at a
time, counted and sorted in DuckDB; downloads give every row)."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, charts, data, tables
from dashboard.i18n import t
from dashboard.ui import (
    PAGE_ROWS,
    file_base,
    links_table,
    nothing_selected,
    pager,
    rows_caption,
    show_figure,
    start_page,
    subtitle,
)


def page() -> None:
    ctx = start_page("partnerships")
    f, lang = ctx.filters, ctx.lang
    subtitle(ctx)
    counts = data.link_counts(f)
    if nothing_selected(ctx, total=counts["total"], message="empty_links"):
        return
    st.caption(t("links_caption", lang).format(stated=counts["stated"], total=counts["total"]))
    _, offset = pager("links", counts["total"], lang, f)
    links = data.page("partnerships", f, PAGE_ROWS, offset)
    if caption := rows_caption(offset, len(links), counts["total"], lang):
        st.caption(caption)
    links_table(ctx, links, tables.partnerships_table(links, lang), "links",
                file_base(ctx, "partenariats" if lang == "fr" else "partnerships"),
                everything=lambda: tables.partnerships_table(data.every_row("partnerships", f), lang),
                streamed="partnerships", rows=counts["total"])  # fmt: skip
    decades = data.links_by_decade(f)
    if not decades.is_empty():
        reports = tuple(captions.report_names(data.decade_documents(f).iter_rows(), lang))
        show_figure(charts.decade_figure(decades, lang), "chart_decades", file_base(ctx, "liens_par_decennie"),
                    data=decades, lang=lang, documents=reports)  # fmt: skip
    st.caption(t("no_year", lang).format(n=counts["undated"]))


page()
