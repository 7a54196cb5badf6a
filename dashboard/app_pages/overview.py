"""Overview: key figures and the charts; selecting a bar filters everything else."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, state
from dashboard.i18n import t
from dashboard.ui import file_base, nothing_selected, selected, show_figure, start_page


def _apply_selection(ctx, attr: str, values: list[str]) -> None:
    if values and tuple(sorted(set(values))) != getattr(ctx.filters, attr):
        state.set_filters(ctx.filters.with_(**{attr: values}), ctx.lang)
        st.rerun()


def page() -> None:
    ctx = start_page("app_title")
    f, lang = ctx.filters, ctx.lang
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
    if nothing_selected(ctx):
        return

    themes, semesters = data.by_theme(f), data.by_semester_theme(f)
    regions, partner = data.by_fr_region(f), data.by_partner_region(f)
    matrix = data.theme_region_matrix(f)
    ru = partner.filter(partner["country"] == "RU")

    left, right = st.columns(2)
    with left:
        fig = charts.theme_bar_figure(themes, lang)
        event = show_figure(fig, "chart_theme", file_base(ctx, "evenements_par_theme"), True, themes, lang)
        _apply_selection(ctx, "themes", selected(event))
    with right:
        fig = charts.semester_figure(semesters, lang)
        show_figure(fig, "chart_semester", file_base(ctx, "evenements_par_semestre"), False, semesters, lang)

    left, right = st.columns(2)
    with left:
        fig = charts.region_bar_figure(regions, t("by_fr_region", lang), lang)
        event = show_figure(fig, "chart_fr_region", file_base(ctx, "evenements_par_region"), True, regions, lang)
        _apply_selection(ctx, "fr_regions", selected(event))
    with right:
        fig = charts.region_bar_figure(partner, t("by_partner_region", lang), lang, "#7a1f3d")
        name = file_base(ctx, "evenements_par_sujet_federal")
        event = show_figure(fig, "chart_partner_region", name, True, partner, lang)
        _apply_selection(ctx, "partner_regions", selected(event))

    fig = charts.matrix_figure(matrix, regions, lang)
    show_figure(fig, "chart_matrix", file_base(ctx, "theme_x_region"), False, matrix, lang)
    left, right = st.columns(2)
    with left:
        fig = charts.choropleth_figure(regions, "FR", lang)
        event = show_figure(fig, "chart_choro_fr", file_base(ctx, "carte_france_regions"), True, regions, lang)
        _apply_selection(ctx, "fr_regions", [c for c in selected(event, "location") if c in ctx.vocab.fr_regions])
    with right:
        fig = charts.choropleth_figure(ru, "RU", lang)
        event = show_figure(fig, "chart_choro_ru", file_base(ctx, "carte_russie_sujets"), True, ru, lang)
        chosen = [c for c in selected(event, "location") if c in ctx.vocab.partner_regions]
        _apply_selection(ctx, "partner_regions", chosen)


page()
