"""Link map: great-circle arcs between French places and partner places, framed on the links."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.i18n import t
from dashboard.ui import file_base, nothing_selected, show_figure, start_page, subtitle


def page() -> None:
    ctx = start_page("map")
    f, lang = ctx.filters, ctx.lang
    subtitle(ctx)
    c1, c2 = st.columns(2)
    view = c1.segmented_control(t("view", lang), ["fit", "world"], default="fit", key="map_view",
                                format_func=lambda v: t(f"view_{v}", lang))  # fmt: skip
    color_by = c2.segmented_control(t("colour_by", lang), ["theme", "kind"], default="theme", key="map_colour",
                                    format_func=lambda v: t("theme" if v == "theme" else "kind", lang))  # fmt: skip
    links = data.partnerships(f)
    if nothing_selected(ctx, links):
        return
    fig = charts.link_map_figure(links, lang, color_by or "theme", view or "fit")
    other = "fr" if lang == "en" else "en"  # the download names places in the page's language only
    shown = links.drop("event_ids", "fr_place", "partner_place", f"fr_place_{other}", f"partner_place_{other}")
    show_figure(fig, "chart_links", file_base(ctx, "carte_des_liens"), data=shown, lang=lang)


page()
