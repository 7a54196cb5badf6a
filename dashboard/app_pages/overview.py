"""Overview: key figures and the charts; selecting a bar filters everything else."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, state
from dashboard.i18n import t
from dashboard.ui import empty_state, selected, show_figure


def _apply_selection(ctx, attr: str, values: list[str]) -> None:
    if values and tuple(sorted(set(values))) != getattr(ctx.filters, attr):
        state.set_filters(ctx.filters.with_(**{attr: values}), ctx.lang)
        st.rerun()


def page() -> None:
    ctx = st.session_state["ctx"]
    f, lang = ctx.filters, ctx.lang
    st.title(t("app_title", lang))
    st.caption(t("subtitle", lang))
    figures = data.figures(f)
    cols = st.columns(7)
    for col, key in zip(
        cols,
        ("listings", "activities", "fr_authorities", "fr_regions", "partner_regions", "twin_links"),
        strict=False,
    ):
        col.metric(t(key, lang), f"{figures[key]:,}".replace(",", " "))
    cols[6].metric(t("dated_share", lang), f"{figures['dated_share']:.0%}")
    if empty_state(ctx):
        return

    left, right = st.columns(2)
    with left:
        event = show_figure(
            charts.theme_bar_figure(data.by_theme(f), lang),
            "chart_theme",
            "evenements_par_theme",
            selectable=True,
        )
        _apply_selection(ctx, "themes", selected(event))
    with right:
        show_figure(
            charts.semester_figure(data.by_semester_theme(f), lang),
            "chart_semester",
            "evenements_par_semestre",
        )

    regions = data.by_fr_region(f)
    left, right = st.columns(2)
    with left:
        event = show_figure(charts.region_bar_figure(regions, t("by_fr_region", lang), lang), "chart_fr_region",
                            "evenements_par_region", selectable=True)  # fmt: skip
        _apply_selection(ctx, "fr_regions", selected(event))
    with right:
        partner = data.by_partner_region(f)
        event = show_figure(charts.region_bar_figure(partner, t("by_partner_region", lang), lang, "#7a1f3d"),
                            "chart_partner_region", "evenements_par_sujet_federal", selectable=True)  # fmt: skip
        _apply_selection(ctx, "partner_regions", selected(event))

    show_figure(
        charts.matrix_figure(data.theme_region_matrix(f), regions, lang),
        "chart_matrix",
        "theme_x_region",
    )
    left, right = st.columns(2)
    with left:
        show_figure(
            charts.choropleth_figure(regions, "FR", lang), "chart_choro_fr", "carte_france_regions"
        )
    with right:
        ru = partner.filter(partner["country"] == "RU")
        show_figure(
            charts.choropleth_figure(ru, "RU", lang), "chart_choro_ru", "carte_russie_sujets"
        )


page()
