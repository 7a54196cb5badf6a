"""Link map: stated partnerships as the main layer, links through listings as a lighter optional
one; frame, colour, layers and the focused place are in the address (`frame`, `colour`,
`layers`, `focus`). Clicking a place shows only its links, with a link to its page."""

from __future__ import annotations

import streamlit as st

from dashboard import captions, data, link_map, state
from dashboard.i18n import colon, t
from dashboard.ui import file_base, nothing_selected, on_phone, place_link, selected, show_figure, start_page, subtitle


def _choice(ctx, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = ctx.get(key, default)
    return value if value in allowed else default


def _layers(ctx) -> tuple[str, ...]:
    asked = tuple(x for x in ctx.get("layers", ",".join(link_map.LAYERS)).split(",") if x in link_map.LAYERS)
    return asked or link_map.LAYERS


def _on_change(ctx, key: str, widget: str) -> None:
    value = st.session_state.get(widget)
    if isinstance(value, list):
        value = ",".join(x for x in link_map.LAYERS if x in value) or "stated"
    state.set_view(ctx, **{key: value or None})


def page() -> None:
    ctx = start_page("map")
    f, lang = ctx.filters, ctx.lang
    subtitle(ctx)
    frame = _choice(ctx, "frame", link_map.FRAMES, "fit")
    colour = _choice(ctx, "colour", link_map.COLOURS, "theme")
    layers = _layers(ctx)
    # the address drives the widgets (a shared link opens the same view)
    st.session_state["map_frame"], st.session_state["map_colour"] = frame, colour
    st.session_state["map_layers"] = list(layers)
    # the links are counted by their arcs (one query; with every layer, the arcs drawn when no layer
    # is taken off, from the same cache)
    links_in_all = sum(link_map.arc_counts(data.link_arcs(f, link_map.LAYERS, None, colour)).values())
    if nothing_selected(ctx, total=links_in_all, message="empty_links"):
        return
    focus = ctx.get("focus") or None
    if focus and not sum(link_map.arc_counts(data.link_arcs(f, link_map.LAYERS, focus, colour)).values()):
        focus = None  # not a place (or region) with links in the filters
    focus_place = data.place(focus) if focus else None
    focus_name = (focus_place[f"name_{lang}"] or focus_place["name_fr"]) if focus_place else None
    if focus_place:
        f1, f2 = st.columns([1, 3])
        f1.button(t("show_all_links", lang), icon=":material/zoom_out_map:", key="map_unfocus",
                  on_click=state.set_view, args=(ctx,), kwargs={"focus": None})  # fmt: skip
        with f2:
            place_link(ctx, focus, f"{t('open_place', lang)}{colon(lang)}{focus_name}")
    else:
        focus = None
        st.caption(t("map_click_hint", lang))
    arcs = data.link_arcs(f, layers, focus, colour)
    counts = link_map.arc_counts(arcs)
    phone = on_phone()  # names placed for a phone's plot there
    view = f"map:{colour}:{frame}:{','.join(layers)}:{focus}:{phone}"  # with filters and language: the figure's inputs
    other = "fr" if lang == "en" else "en"  # the download names places in the page's language only
    if sum(counts.values()) <= link_map.MOST_LINKS:
        links = data.map_links(f, layers, focus)
        shown = links.drop("event_ids", "fr_place", "partner_place", f"fr_place_{other}", f"partner_place_{other}")
        plot = link_map.PHONE_PLOT if phone else None
        build = lambda: link_map.link_map_figure(links, lang, colour, frame, layers, focus, focus_name, f.themes, plot)  # noqa: E731
    else:  # grouped by region pair: the payload grows with the pairs, not the links
        shown = arcs.select(f"fr_name_{lang}", f"partner_name_{lang}", "grp", "links", "total")
        build = lambda: link_map.arcs_figure(arcs, counts, lang, colour, frame, focus, focus_name)  # noqa: E731
        drawn = arcs.unique(["fr_key", "partner_key"])
        st.caption(t("map_grouped", lang).format(n=link_map.number(drawn.height)))
        if not arcs.is_empty() and arcs["pairs"][0] > drawn.height:
            left_out = arcs["all_links"][0] - drawn["total"].sum()
            st.caption(t("map_dropped", lang).format(n=link_map.number(arcs["pairs"][0] - drawn.height),
                                                     links=link_map.number(left_out)))  # fmt: skip
    reports = tuple(captions.report_names(data.link_documents(f, layers, focus).iter_rows(), lang))
    # one chart widget per focus: a selection made on the full map does not re-apply after "All links"
    event = show_figure(build, f"chart_links_{focus or 'all'}", file_base(ctx, "carte_des_liens"), selectable=True,
                        data=shown, lang=lang, shared=view, documents=reports)  # fmt: skip
    c1, c2, c3 = st.columns([1, 1, 1.4])  # under the map: the map comes first on a small screen
    c1.segmented_control(t("view", lang), link_map.FRAMES, key="map_frame", format_func=lambda v: t(f"view_{v}", lang),
                         on_change=_on_change, args=(ctx, "frame", "map_frame"))  # fmt: skip
    c2.segmented_control(t("colour_by", lang), link_map.COLOURS, key="map_colour",
                         format_func=lambda v: t("theme" if v == "theme" else "kind", lang),
                         on_change=_on_change, args=(ctx, "colour", "map_colour"))  # fmt: skip
    c3.segmented_control(t("layers", lang), link_map.LAYERS, key="map_layers", selection_mode="multi",
                         format_func=lambda v: t(f"layer_{v}", lang),
                         on_change=_on_change, args=(ctx, "layers", "map_layers"))  # fmt: skip
    chosen = [p for p in selected(event) if not p.startswith(link_map.LINK_PREFIX) and p != focus]
    if chosen:
        state.set_view(ctx, focus=chosen[0])
        st.rerun()


page()
