"""A page per place (URL `place=`): its stated partnerships with kind, since-year and the quoted
evidence, its links through listings, its listings, its counterparts on a small map with links to
their pages. Without a place: a search over every name of every place, and the most tied places.
"""

from __future__ import annotations

import polars as pl
import streamlit as st
import streamlit.components.v1 as components

from dashboard import data, link_map, tables
from dashboard.chart import chart
from dashboard.filters import Filters
from dashboard.i18n import colon, counted, country_label, place_kind_label, plotly_locale, t
from dashboard.ui import (
    PAGE_ROWS,
    PLACE_PAGE,
    PLOTLY_CONFIG,
    as_text,
    links_table,
    on_phone,
    pager,
    place_link,
    place_links_row,
    rows_caption,
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
        place_link(ctx, r["place_id"], f"{_name(r, lang)} — {where} · {counted(r['links'], 'link_one', 'links_n', lang)}, "
                                       f"{counted(r['listings'], 'listing_one', 'listings_n', lang)}")  # fmt: skip


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
    counts = data.place_counts(pid)
    region = place["kind"] == "region"
    stated = counts["stated"] + (counts["around_stated"] if region else 0)  # a region's: its own and its places'
    through = counts["through"] + (counts["around"] - counts["around_stated"] if region else 0)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("stated_links", lang), stated)
    c2.metric(t("event_links", lang), through)
    c3.metric(t("place_events", lang), counts["events"])
    if region and counts["around"]:
        st.caption(t("region_counts", lang).format(stated=counts["stated"], through=counts["through"]))

    st.subheader(t("stated_links", lang), anchor=False)
    if not counts["stated"]:
        st.info(t("no_own_stated_links" if region and counts["around_stated"] else "no_stated_links", lang))
    else:
        _links_part(ctx, pid, "stated", counts["stated"])
    if counts["through"]:
        st.subheader(t("event_links", lang), anchor=False)
        _links_part(ctx, pid, "through", counts["through"])
    if place["kind"] == "region" and counts["around"]:
        st.subheader(t("in_region_links", lang), anchor=False)
        _links_part(ctx, pid, "around", counts["around"])
    own = counts["stated"] + counts["through"]
    if own:
        _small_map(ctx, pid, own)

    st.subheader(t("place_events", lang), anchor=False)
    if not counts["events"]:
        st.info(t("no_place_events", lang))
    else:
        _, offset = pager("place_events", counts["events"], lang, ctx.filters)
        events = data.place_events(pid, PAGE_ROWS, offset)
        if caption := rows_caption(offset, len(events), counts["events"], lang):
            st.caption(caption)
        shown = tables.place_events_table(events, lang)
        table_downloads(lambda: tables.place_events_table(data.place_events(pid), lang), "dl_place_events",
                        f"{'listings' if ctx.lang == 'en' else 'evenements'}_{pid.replace(':', '_')}")  # fmt: skip
        table(shown, hide_index=True, width="stretch", height=table_height(len(shown), 420))


def _links_part(ctx, pid: str, part: str, total: int) -> None:
    """One part of a place's links (its stated links, its links through listings, its places'
    links), a page at a time; downloads give every row."""
    lang = ctx.lang
    _, offset = pager(f"place_{part}", total, lang, ctx.filters)
    links = data.place_links(pid, part, PAGE_ROWS, offset)
    if caption := rows_caption(offset, len(links), total, lang):
        st.caption(caption)

    def shown_of(df: pl.DataFrame) -> pl.DataFrame:
        return tables.partnerships_table(df, lang) if part == "around" else own_links_table(df, pid, lang)

    links_table(ctx, links, shown_of(links), f"place_{part}",
                everything=lambda: shown_of(data.place_links(pid, part)), rows=total)  # fmt: skip


COUNTERPARTS = 12  # counterparts linked under the map (the most tied first; the tables have them all)


def _small_map(ctx, pid: str, own: int) -> None:
    """The place and its counterparts, one by one, or grouped by region pair when too many to draw;
    clicking a counterpart opens its page."""
    lang, phone = ctx.lang, on_phone()
    if own <= link_map.MOST_LINKS:
        links = pl.concat([data.place_links(pid, "stated"), data.place_links(pid, "through")])
        fig = link_map.link_map_figure(links, lang, color_by="kind", focus=pid,
                                       plot=link_map.PHONE_PLOT if phone else None)  # fmt: skip
        counterparts = [_counterpart(r, pid, lang) for r in links.head(COUNTERPARTS).to_dicts()]
    else:  # (for a region, with its places' links: the map's own rule, queries._map_where)
        arcs = data.place_arcs(pid)
        counts = data.map_counts(Filters(), link_map.LAYERS, pid)
        fig = link_map.arcs_figure(arcs, counts, lang, "kind", focus=pid)
        counterparts = []
        st.caption(t("map_grouped", lang).format(n=link_map.number(arcs.unique(["fr_key", "partner_key"]).height)))
    if not phone:  # a phone's figure is as tall as its plot and its whole legend (link_map)
        fig.update_layout(height=420)
    event = chart(fig, f"place_map_{pid}", {**PLOTLY_CONFIG, **plotly_locale(lang)}, selectable=True)
    chosen = [p for p in selected(event) if not p.startswith(link_map.LINK_PREFIX) and p != pid]
    if chosen:
        st.switch_page(PLACE_PAGE, query_params=ctx.params(place=chosen[0]))
    place_links_row(ctx, counterparts, t("counterparts", lang))


SHOWN = "_place_shown"  # the place the last run of this page showed


def _arrived(ctx, pid: str) -> None:
    """A link to another place (or to the directory) on this page shows it but leaves the old
    address (Streamlit writes the address only when the page changes): written again here, which
    adds a history entry, and the page scrolled back to its top."""
    before = st.session_state.get(SHOWN)
    st.session_state[SHOWN] = pid
    if before is None or before == pid:  # opened from another page: Streamlit wrote the address
        return
    st.query_params.from_dict(ctx.params())
    components.html(SCROLL_TOP, height=0)


SCROLL_TOP = """<script>
for (const s of ['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]', 'section.main']) {
  const el = window.parent.document.querySelector(s); if (el) el.scrollTo(0, 0);
}
window.parent.scrollTo(0, 0);
</script>"""


def page() -> None:
    ctx = start_page("places")
    pid = ctx.get("place")
    _arrived(ctx, pid)
    place = data.place(pid) if pid else None
    if pid and place is None:
        st.warning(as_text(t("place_unknown", ctx.lang).format(p=pid)))
    if place is None:
        directory(ctx)
        return
    st.page_link(PLACE_PAGE, label=t("all_places", ctx.lang), icon=":material/arrow_back:",
                 query_params=ctx.params(place=None))  # fmt: skip
    profile(ctx, place)


page()
