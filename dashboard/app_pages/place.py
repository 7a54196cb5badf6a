"""A page per place (URL `place=`): its stated partnerships with kind, since-year and the quoted
evidence, its links through listings, its listings, its counterparts on a small map with links to
their pages. Without a place: a search over every name of every place, and the most tied places.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, link_map, tables
from dashboard.i18n import colon, country_label, place_kind_label, t
from dashboard.ui import (
    PLACE_PAGE,
    PLOTLY_CONFIG,
    as_text,
    links_table,
    place_link,
    place_links_row,
    selected,
    start_page,
    table,
    table_downloads,
    table_height,
)


def _name(row: dict, lang: str) -> str:
    return row[f"name_{lang}"] or row["name_fr"] or row["place_id"]


def directory(ctx) -> None:
    """No place chosen: find one by any of its names, or pick among the most tied."""
    lang = ctx.lang
    text = st.text_input(t("place_search", lang), key="place_q", value=ctx.filters.search)
    found = data.search_places(text.strip())
    if text.strip() and found.is_empty():
        st.info(t("no_place_found", lang))
        return
    st.subheader(t("places_found", lang) if text.strip() else t("most_tied", lang))
    for r in found.to_dicts():
        where = ", ".join(x for x in (place_kind_label(r["kind"], lang), country_label(r["country"], lang)) if x)
        place_link(ctx, r["place_id"], f"{_name(r, lang)} — {where} · {r['links']} {t('links_n', lang)}, "
                                       f"{r['listings']} {t('listings', lang).lower()}")  # fmt: skip


def _counterpart(r: dict, place_id: str, lang: str) -> tuple[str, str]:
    side = "partner" if r["fr_place_id"] == place_id else "fr"
    return r[f"{side}_place_id"], r[f"{side}_place_{lang}"]


def own_links_table(links: pl.DataFrame, place_id: str, lang: str) -> pl.DataFrame:
    """The links of the place itself, named by their counterpart."""
    rows = links.to_dicts()
    return pl.DataFrame(
        {
            t("counterpart", lang): [_counterpart(r, place_id, lang)[1] for r in rows],
            t("country", lang): [
                country_label("FR" if r["partner_place_id"] == place_id else r["partner_country"], lang) for r in rows
            ],
            **tables.link_columns(rows, lang),
        },
        schema_overrides=tables.LINK_SCHEMA(lang),
    )


def profile(ctx, place: dict) -> None:
    lang, pid = ctx.lang, place["place_id"]
    st.header(as_text(_name(place, lang)), anchor=False)
    other = place["name_en" if lang == "fr" else "name_fr"]
    facts = [place_kind_label(place["kind"], lang)]
    if place.get("region_fr") and place["kind"] != "region":
        facts.append(place["region_en" if lang == "en" else "region_fr"])
    facts.append(country_label(place["country"], lang))
    names = [n for n in (other, place.get("region_local") if place["kind"] == "region" else None) if n]
    names = [n for n in dict.fromkeys(names) if n != _name(place, lang)]
    line = " · ".join(facts)
    if names:
        line += f" — {t('other_names', lang)}{colon(lang)}{', '.join(names)}"
    st.caption(as_text(line))
    st.caption(t("place_scope", lang))
    links = data.place_links(pid)
    own = links.filter(pl.col("own")) if not links.is_empty() else links
    stated = own.filter(pl.col("kind") != "event_link") if not own.is_empty() else own
    through = own.filter(pl.col("kind") == "event_link") if not own.is_empty() else own
    events = data.place_events(pid)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("stated_links", lang), len(stated))
    c2.metric(t("event_links", lang), len(through))
    c3.metric(t("place_events", lang), len(events))

    st.subheader(t("stated_links", lang), anchor=False)
    if stated.is_empty():
        st.info(t("no_stated_links", lang))
    else:
        links_table(ctx, stated, own_links_table(stated, pid, lang), "place_stated")
    if not through.is_empty():
        st.subheader(t("event_links", lang), anchor=False)
        links_table(ctx, through, own_links_table(through, pid, lang), "place_through")
    if place["kind"] == "region":
        around = links.filter(~pl.col("own")) if not links.is_empty() else links
        if not around.is_empty():
            st.subheader(t("in_region_links", lang), anchor=False)
            links_table(ctx, around, tables.partnerships_table(around, lang), "place_around")
    if not own.is_empty():
        _small_map(ctx, own, pid)
        place_links_row(ctx, [_counterpart(r, pid, lang) for r in own.to_dicts()], t("counterparts", lang))

    st.subheader(t("place_events", lang), anchor=False)
    if events.is_empty():
        st.info(t("no_place_events", lang))
    else:
        shown = tables.place_events_table(events, lang)
        table_downloads(shown, "dl_place_events", f"evenements_{pid.replace(':', '_')}")
        table(shown, hide_index=True, width="stretch", height=table_height(len(shown), 420))


def _small_map(ctx, links: pl.DataFrame, pid: str) -> None:
    """The place and its counterparts; clicking a counterpart opens its page."""
    fig = link_map.link_map_figure(links, ctx.lang, color_by="kind", focus=pid)
    fig.update_layout(height=420)
    event = st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=f"place_map_{pid}", on_select="rerun",
                            selection_mode=("points",))  # fmt: skip
    chosen = [p for p in selected(event) if not p.startswith(link_map.LINK_PREFIX) and p != pid]
    if chosen:
        st.switch_page(PLACE_PAGE, query_params=ctx.params(place=chosen[0]))


def page() -> None:
    ctx = start_page("places")
    pid = ctx.get("place")
    place = data.place(pid) if pid else None
    if pid and place is None:
        st.warning(as_text(t("place_unknown", ctx.lang).format(p=pid)))
    if place is None:
        directory(ctx)
        return
    profile(ctx, place)


page()
