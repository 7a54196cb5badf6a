"""Timeline: the meetings named in the reports and the catalogue editions, with their evidence."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import captions, charts, data
from dashboard.i18n import country_label, meeting_kind_label, t
from dashboard.ui import file_base, on_phone, show_figure, start_page, subtitle, table, table_downloads, table_height


def page() -> None:
    ctx = start_page("timeline")
    f, lang = ctx.filters, ctx.lang
    subtitle(ctx)
    meetings, editions = data.meetings(f), data.by_edition(f)
    st.caption(t("timeline_caption", lang))
    if meetings.is_empty() and editions.is_empty():
        st.info(t("no_meeting", lang))
        return
    narrow = on_phone()  # fewer years written on a phone's axis: a key of its own
    key = "chart_timeline_phone" if narrow else "chart_timeline"
    fig = charts.timeline_figure(meetings, editions, lang, narrow)
    reports = captions.report_names(meetings.select("source_file", "partner_country").iter_rows(), lang)
    show_figure(fig, key, file_base(ctx, "chronologie"), data=meetings, lang=lang, documents=tuple(reports))
    if meetings.is_empty():
        st.info(t("no_meeting", lang))
        return
    name, place = ("name_en", "place_en") if lang == "en" else ("name_fr", "place_fr")
    rows = meetings.to_dicts()
    shown = pl.DataFrame({
        t("date", lang): [r["date_text"] for r in rows],
        t("partner_country", lang): [country_label(r["partner_country"], lang) for r in rows],
        t("kind", lang): [meeting_kind_label(r["kind"], lang) for r in rows],
        t("title", lang): [r[name] for r in rows],
        t("place", lang): [r[place] or r["place_text"] or "" for r in rows],
        t("status", lang): [t(r["status"], lang) for r in rows],
        t("evidence", lang): [r["evidence"] for r in rows],
        t("document", lang): [r["source_file"] for r in rows],
        t("lines", lang): [r["source_line"] for r in rows],
        t("note", lang): [r["note"] or "" for r in rows],
    })  # fmt: skip
    table_downloads(shown, "dl_meetings", file_base(ctx, "rencontres" if lang == "fr" else "meetings"))
    table(shown, hide_index=True, width="stretch", height=table_height(len(shown)))


page()
