"""Overview: key figures and the charts; selecting a bar filters everything else.

Everything follows the loaded editions: the subtitle names them, the partner subdivisions are
called what their country calls them, and each partner country in view gets its own map.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import boundaries, captions, chart, charts, data, state
from dashboard.i18n import country_label, partner_label, percent, t
from dashboard.ui import (
    as_text,
    clickable,
    file_base,
    nothing_selected,
    on_phone,
    selected,
    show_figure,
    start_page,
    subtitle,
)


def _apply_selection(ctx, attr: str, values: list[str]) -> None:
    if values and tuple(sorted(set(values))) != getattr(ctx.filters, attr):
        state.set_filters(ctx.filters.with_(**{attr: values}), ctx.lang)
        st.rerun()


def page() -> None:
    ctx = start_page("app_title")
    f, lang = ctx.filters, ctx.lang
    subtitle(ctx)
    figures = data.figures(f)
    labels = {"partner_regions": partner_label("partner_regions", ctx.countries, lang)}
    cols = [*st.columns(4), *st.columns(4)]  # two rows: no label cut short on a laptop
    for col, key in zip(
        cols,
        ("listings", "activities", "fr_authorities", "fr_regions", "partner_regions", "twin_links"),
        strict=False,
    ):
        col.metric(labels.get(key) or t(key, lang), f"{figures[key]:,}".replace(",", "\u202f"))
    cols[6].metric(t("dated_share", lang), percent(figures["dated_share"], lang))
    st.caption(as_text(captions.twin_scope(figures, f, lang)))
    if nothing_selected(ctx):
        return

    themes, semesters = data.by_theme(f), data.by_semester_theme(f)
    regions, partner = data.by_fr_region(f), data.by_partner_region(f)
    matrix, editions = data.theme_region_matrix(f), data.by_edition(f)

    left, right = st.columns(2)
    with left:
        fig = lambda: charts.theme_bar_figure(themes, lang)  # noqa: E731 — built once for every session
        event = show_figure(fig, "chart_theme", file_base(ctx, "evenements_par_theme"), True, themes, lang)
        _apply_selection(ctx, "themes", selected(event))
    with right:
        fig = lambda: charts.semester_figure(semesters, lang)  # noqa: E731
        show_figure(fig, "chart_semester", file_base(ctx, "evenements_par_semestre"), False, semesters, lang)

    if editions.height > 1:
        show_figure(lambda: charts.edition_figure(editions, lang), "chart_editions", file_base(ctx, "evenements_par_edition"),
                    False, editions, lang)  # fmt: skip

    left, right = st.columns(2)
    with left:
        fig = lambda: charts.region_bar_figure(regions, t("by_fr_region", lang), lang)  # noqa: E731
        event = show_figure(fig, "chart_fr_region", file_base(ctx, "evenements_par_region"), True, regions, lang)
        _apply_selection(ctx, "fr_regions", selected(event))
    with right:
        title = partner_label("by_partner_region", ctx.countries, lang)
        fig = lambda: charts.region_bar_figure(partner, title, lang, "#7a1f3d")  # noqa: E731
        name = file_base(ctx, "evenements_par_subdivision_partenaire")
        event = show_figure(fig, "chart_partner_region", name, True, partner, lang)
        _apply_selection(ctx, "partner_regions", selected(event))

    # the charts below the fold (the matrix, the maps) are built once the reader scrolls to them:
    # a filter change costs the charts a reader can see (issue 29)
    narrow = on_phone()  # regions as rows on a phone: a figure (and a key) of its own
    fig = lambda: charts.matrix_figure(matrix, regions, lang, narrow)  # noqa: E731
    key = "chart_matrix_phone" if narrow else "chart_matrix"
    lazy = (chart.FOOT, charts.matrix_height(regions.height, narrow))
    show_figure(fig, key, file_base(ctx, "theme_x_region"), False, matrix, lang, lazy=lazy)

    render_maps(ctx, regions, partner, data.by_country(f))


def render_maps(ctx, regions: pl.DataFrame, partner: pl.DataFrame, by_country: pl.DataFrame) -> None:
    """France's map, a world map of partner countries when several are in view (a click chooses
    one), and the map of each partner country in view (of the charts.MAX_COUNTRY_MAPS largest),
    each built once the reader has scrolled to the foot of the page (chart.FOOT)."""
    lang = ctx.lang
    countries = set(ctx.countries)
    in_view = [c for c in by_country["partner_country"].to_list() if c in countries]
    if len(in_view) > 1:
        event = show_figure(lambda: charts.world_figure(by_country, lang), "chart_world",
                            file_base(ctx, "carte_pays_partenaires"), True, by_country, lang,
                            lazy=(chart.FOOT, charts.WORLD_HEIGHT))  # fmt: skip
        _apply_selection(ctx, "partner_countries", [c for c in selected(event) if c in ctx.vocab.partner_countries])
    if len(in_view) > charts.MAX_COUNTRY_MAPS:
        st.caption(t("maps_of_top", lang).format(n=charts.MAX_COUNTRY_MAPS))
    drawn = [c for c in in_view if charts.has_outlines(c)][: charts.MAX_COUNTRY_MAPS]
    for country in in_view[: charts.MAX_COUNTRY_MAPS]:
        if country not in drawn:
            st.caption(t("no_outline_country", lang).format(country=country_label(country, lang)))
    maps = [("FR", regions)] + [(c, partner.filter(pl.col("country") == c)) for c in drawn]
    for row in range(0, len(maps), 2):
        for col, (country, frame) in zip(st.columns(2), maps[row : row + 2], strict=False):
            with col:
                fig = lambda frame=frame, country=country: charts.choropleth_figure(  # noqa: E731
                    frame, country, lang, boundaries.url(country)
                )
                event = show_figure(fig, f"chart_choro_{country.lower()}", file_base(ctx, f"carte_{country.lower()}"),
                                    True, frame, lang, lazy=(chart.FOOT, charts.MAP_HEIGHT))  # fmt: skip
                attr = "fr_regions" if country == "FR" else "partner_regions"
                vocab = ctx.vocab.fr_regions if country == "FR" else ctx.vocab.partner_regions
                _apply_selection(ctx, attr, clickable(selected(event, "location"), frame, vocab))


page()
