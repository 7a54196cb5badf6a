"""Data quality: the flags raised by the build, with counts and the lines concerned."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.i18n import severity_label, t
from dashboard.ui import start_page, table_height


def page() -> None:
    ctx = start_page("quality")
    lang = ctx.lang
    summary = data.quality_summary()
    st.subheader(t("quality_all", lang))
    st.dataframe(
        pl.DataFrame({
            t("severity", lang): [severity_label(s, lang) for s in summary["severity"]],
            t("code", lang): summary["code"],
            t("count", lang): summary["flags"],
            t("lines", lang): [", ".join(map(str, x)) for x in summary["lines"].to_list()],
        }),
        hide_index=True, width="stretch",
    )  # fmt: skip
    flags = data.quality_flags(ctx.filters)
    st.subheader(t("quality_filtered", lang))
    st.caption(f"{len(flags)} {t('flags_n', lang)}")
    st.dataframe(
        pl.DataFrame({
            t("severity", lang): [severity_label(s, lang) for s in flags["severity"]],
            t("code", lang): flags["code"],
            t("document", lang): flags["source_file"],
            t("lines", lang): flags["source_line"],
            t("message", lang): flags["message"],
        }),
        hide_index=True, width="stretch", height=table_height(len(flags)),
    )  # fmt: skip


page()
