"""Events: the filtered listings as a sortable table, and one listing in full with its source."""

from __future__ import annotations

import streamlit as st

from dashboard import data, queries, tables
from dashboard.i18n import colon, counted, flag_label, partner_label, semester_label, severity_label, t
from dashboard.ui import (
    PAGE_ROWS,
    as_text,
    file_base,
    nothing_selected,
    pager,
    place_links_row,
    plain,
    rows_caption,
    selected_row,
    start_page,
    subtitle,
    table,
    table_downloads,
    table_height,
)
from etl.provenance import Place


def page() -> None:
    ctx = start_page("events")
    f, lang = ctx.filters, ctx.lang
    subtitle(ctx)
    total = data.events_count(f)
    if nothing_selected(ctx, total=total):
        return
    sep = colon(lang)
    order, offset = pager("events", total, lang, f, queries.EVENT_ORDERS)
    df = data.events_page(f, order, PAGE_ROWS, offset)
    st.caption(rows_caption(offset, len(df), total, lang)
               or counted(total, "listing_one", "listings_n", lang))  # fmt: skip
    shown = tables.events_table(df, ctx.vocab, lang)
    table_downloads(lambda: tables.events_table(data.events_all(f), ctx.vocab, lang), "dl_events",
                    file_base(ctx, "evenements" if lang == "fr" else "listings"), total, lang, ("events", f))  # fmt: skip
    event = table(shown.drop("event_id"), hide_index=True, width="stretch", height=table_height(len(df)),
                  on_select="rerun", selection_mode="single-row", key="events_table")  # fmt: skip
    row = selected_row(event)
    if row is not None and row < len(df):  # a chosen row opens in the detail below, with its places
        st.session_state["detail_event"] = df["event_id"][row]
    else:
        st.caption(t("select_row_hint", lang))

    st.subheader(t("detail", lang))
    titles = dict(zip(df["event_id"], df["title_en" if lang == "en" else "title_fr"], strict=True))  # this page's
    chosen = st.selectbox(t("choose_listing", lang), list(titles), key="detail_event",
                          format_func=lambda e: f"{titles[e]} — {e}")  # fmt: skip
    detail = data.event_detail(chosen) if chosen else None
    if detail is None:
        return
    title = detail["title_en"] if lang == "en" else detail["title_fr"]
    desc = detail["description_en"] if lang == "en" else detail["description_fr"]
    st.subheader(as_text(title or detail["title_fr"]), anchor=False)
    st.text(plain(desc or detail["description_fr"] or "—"))
    note = detail["fr_region_note"]
    if note and lang == "fr":  # the build wrote the note in both languages in its flag
        note = next((q["message_fr"] for q in detail["quality"] if q["code"] == "no_fr_region"), note)
    c1, c2, c3 = st.columns(3)
    c1.markdown(f"**{t('fr_actor', lang)}**{sep}{as_text(detail['fr_actor'] or '—')}  \n"
                f"**{t('fr_region', lang)}**{sep}{as_text(ctx.vocab.region_name(detail['fr_region'], lang))}"
                + (f"  \n_{as_text(note)}_" if note else ""))  # fmt: skip
    c2.markdown(f"**{t('partner_actor', lang)}**{sep}{as_text(detail['partner_actor'] or '—')}  \n"
                f"**{partner_label('partner_region', ctx.countries, lang)}**{sep}"
                f"{as_text(', '.join(ctx.vocab.region_name(c, lang) for c in tables.items(detail['partner_regions'])) or '—')}")  # fmt: skip
    c3.markdown(f"**{t('semester', lang)}**{sep}{semester_label(detail['semester'], lang)}  \n"
                f"**{t('date_text', lang)}**{sep}{as_text(detail['date_text'] or '—')}")  # fmt: skip
    place_links_row(ctx, [(p["place_id"], p[f"name_{lang}"] or p["name_fr"]) for p in detail["places"]],
                    t("places", lang))  # fmt: skip
    lines = ", ".join(str(x["line_no"]) for x in detail["raw_lines"])
    place = tables.where(detail, lang)
    st.markdown(f"**{t('source', lang)}**{sep}{as_text(detail['source_file'])}, "
                + (f"{place} ({t('line', lang)} {lines})" if place else f"{t('line', lang)} {lines}")
                + (f" · EN{sep}{as_text(detail['en_source_file'])}, {_english_place(detail, lang)}"
                   if detail["en_source_line"] else ""))  # fmt: skip
    for q in detail["quality"]:
        st.caption(as_text(f"{severity_label(q['severity'], lang)} · {flag_label(q['code'], lang)} — "
                           f"{q['message_fr' if lang == 'fr' else 'message']} ({q['code']})"))  # fmt: skip
    with st.expander(t("document", lang)):
        for x in detail["raw_lines"]:
            at = Place(x["page"], x["table_no"], x["row_no"]).label(lang)
            st.text(plain(f"{x['line_no']:>4} │ {at + ' │ ' if at else ''}{x['text'].replace(chr(9), ' ⇥ ')}"))


def _english_place(detail: dict, lang: str) -> str:
    line = f"{t('line', lang)} {detail['en_source_line']}"
    place = Place(detail["en_page"], detail["en_table"], detail["en_row"]).label(lang)
    return f"{place} ({line})" if place else line


page()
