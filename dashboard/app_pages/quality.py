"""Data quality: what to review first (places proposed without evidence, columns the text
contradicts), then every flag the build raised, with counts and the lines concerned."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, tables
from dashboard.i18n import flag_label, severity_label, t
from dashboard.ui import PAGE_ROWS, pager, rows_caption, start_page, table, table_height


def render_to_review(ctx) -> None:
    lang, f = ctx.lang, ctx.filters
    n_review, n_conflicts = data.rows("places_to_review", f), data.rows("source_conflicts", f)
    st.subheader(f"{t('to_review', lang)} ({n_review + n_conflicts})")
    if n_review:
        st.caption(t("to_review_places", lang))
        _, offset = pager("review", n_review, lang, f)
        review = data.page("places_to_review", f, PAGE_ROWS, offset)
        if caption := rows_caption(offset, len(review), n_review, lang):
            st.caption(caption)
        name = "name_en" if lang == "en" else "name_fr"
        table(
            pl.DataFrame({
                t("document", lang): review["source_file"], t("lines", lang): review["source_line"],
                t("side", lang): [t("fr_actor" if r == "fr" else "partner_actor", lang) for r in review["role"]],
                t("text", lang): review["matched_text"],
                t("candidate", lang): [f"{n} ({c})" for n, c in zip(review[name], review["region_code"], strict=True)],
                t("rule", lang): review["resolver"], t("score", lang): review["score"],
                t("evidence", lang): review["evidence_fr" if lang == "fr" else "evidence"],
            }),
            hide_index=True, width="stretch", height=table_height(len(review)),
        )  # fmt: skip
    if n_conflicts:
        st.markdown(f"**{t('conflicts', lang)}**")
        _, offset = pager("conflicts", n_conflicts, lang, f)
        conflicts = data.page("source_conflicts", f, PAGE_ROWS, offset)
        if caption := rows_caption(offset, len(conflicts), n_conflicts, lang):
            st.caption(caption)
        title = "title_en" if lang == "en" else "title_fr"
        table(
            pl.DataFrame({
                t("document", lang): conflicts["source_file"], t("lines", lang): conflicts["source_line"],
                t("title", lang): [a or b or "" for a, b in zip(conflicts[title], conflicts["title_fr"], strict=True)],
                t("readings", lang): conflicts["source_conflict_fr" if lang == "fr" else "source_conflict"],
            }),
            hide_index=True, width="stretch", height=table_height(len(conflicts)),
        )  # fmt: skip


def page() -> None:
    ctx = start_page("quality")
    lang = ctx.lang
    render_to_review(ctx)
    summary = data.quality_summary()
    st.subheader(t("quality_all", lang))
    table(
        pl.DataFrame({
            t("severity", lang): [severity_label(s, lang) for s in summary["severity"]],
            t("flag", lang): [flag_label(c, lang) for c in summary["code"]],
            t("code", lang): summary["code"],
            t("count", lang): summary["flags"],
            t("lines", lang): [", ".join(x) + (" …" if n > len(x) else "")
                               for x, n in zip(summary["lines"].to_list(), summary["n_lines"], strict=True)],
        }),
        hide_index=True, width="stretch",
    )  # fmt: skip
    total = data.rows("quality_flags", ctx.filters)
    st.subheader(t("quality_filtered", lang))
    st.caption(f"{total} {t('flags_n', lang)}")
    _, offset = pager("flags", total, lang, ctx.filters)
    flags = data.page("quality_flags", ctx.filters, PAGE_ROWS, offset)
    if caption := rows_caption(offset, len(flags), total, lang):
        st.caption(caption)
    table(
        pl.DataFrame({
            t("severity", lang): [severity_label(s, lang) for s in flags["severity"]],
            t("flag", lang): [flag_label(c, lang) for c in flags["code"]],
            t("document", lang): flags["source_file"],
            t("in_document", lang): [tables.where(r, lang) for r in flags.to_dicts()],
            t("lines", lang): flags["source_line"],
            t("message", lang): flags["message_fr" if lang == "fr" else "message"],
            t("code", lang): flags["code"],
        }),
        hide_index=True, width="stretch", height=table_height(len(flags)),
    )  # fmt: skip


page()
