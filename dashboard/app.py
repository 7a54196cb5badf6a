"""Entry of the dashboard: page config, sidebar filters → Context, navigation. No logic here."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

# st.pills (the filter chips) imports streamlit.emojis on a server's first filtered run (60 ms):
# taken here, with the other imports of a first page
import streamlit.emojis  # noqa: F401

from dashboard import chart, data, memory, state
from dashboard.i18n import LANGS, actor_kind_label, country_label, partner_label, semester_label, t, theme_label
from dashboard.ui import as_text, bounded, distinct_names, file_base, filter_chips, place_link, render_busy

memory.freeze_imports()  # once per process: full collections no longer walk the modules

ICON = Path(__file__).resolve().parent / "static" / "favicon.png"  # local: a :material: icon is fetched from Google
st.set_page_config(page_title="Observatoire de la coopération décentralisée", page_icon=str(ICON), layout="wide")

if not data.db_path().exists():
    st.error(f"Base de données introuvable / database not found: {data.db_path()} — `make run` la construit d'abord.")
    st.stop()
data.pin()  # every query of this run reads this version of the database, whatever a rebuild does meanwhile
if missing := data.missing_tables():
    st.error(f"Base construite par une version antérieure / database built by an older version "
             f"(missing: {', '.join(missing)}): {data.db_path()} — `make db` la reconstruit / rebuilds it.")  # fmt: skip
    st.stop()


STYLE = Path(__file__).with_name("style.css")
# Streamlit leaves the sidebar open over the page a phone's reader just chose in it: closed here,
# on narrow screens only, after a change of page (not after a filter change: the reader is still in it).
CLOSE_ON_PHONE = """<script>
const doc = window.parent.document;
if (window.parent.innerWidth <= 640) {
  const close = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
  const bar = doc.querySelector('[data-testid="stSidebar"]');
  const box = bar ? bar.getBoundingClientRect() : null;
  if (close && box && box.width > 0 && box.right > 0) close.click();
}
</script>"""


def _briefing(ctx, lang: str) -> bytes:
    """The note as a PDF, on click (reportlab is imported then, not on a session's first page)."""
    from dashboard import briefing

    return briefing.briefing_pdf(*data.ready(ctx.filters), lang)


if "steward" in st.query_params:  # the stewards' door: their page joins this session's navigation
    st.session_state["steward_door"] = True
    del st.query_params["steward"]
vocab = data.load_vocabulary()
ctx = state.current(vocab)
lang = ctx.lang
state.sync_widgets(ctx)

st.session_state["ctx"] = ctx
# (file, label key, icon). The URL path is the file name: AppTest.switch_page ignores a custom
# url_path (streamlit#16611).
PAGES = (
    ("app_pages/overview.py", "overview", ":material/dashboard:"),
    ("app_pages/map_links.py", "map", ":material/map:"),
    ("app_pages/events.py", "events", ":material/event_note:"),
    ("app_pages/partnerships.py", "partnerships", ":material/handshake:"),
    ("app_pages/place.py", "places", ":material/location_city:"),
    ("app_pages/timeline.py", "timeline", ":material/timeline:"),
    ("app_pages/quality.py", "quality", ":material/rule:"),
    ("app_pages/about.py", "about", ":material/info:"),
)
pages = [
    st.Page(path, title=t(label, lang), icon=icon, default=(i == 0)) for i, (path, label, icon) in enumerate(PAGES)
]
if st.session_state.get("steward_door"):  # readers are not shown it; its actions check the login
    pages.append(st.Page("app_pages/steward.py", title=t("steward_area", lang), icon=":material/admin_panel_settings:"))
navigation = st.navigation(pages)  # before the sidebar: its place links need the pages
st.html(STYLE)  # style only: Streamlit puts it apart, taking no room
ctx = state.leave_page_keys(ctx, navigation.url_path == "place")
if navigation.url_path != "place":
    st.session_state.pop("_place_shown", None)  # app_pages/place.py's: the next place opened comes from elsewhere
st.session_state["ctx"] = ctx

with st.sidebar:
    if st.session_state.get("_page_shown") not in (None, navigation.url_path):
        components.html(CLOSE_ON_PHONE, height=0)  # a new page on a phone: its content, not the menu over it
    st.session_state["_page_shown"] = navigation.url_path
    st.radio(t("language", lang), LANGS, key=state.LANG_WIDGET, horizontal=True, format_func=lambda x: x.upper(),
             on_change=state.from_widgets)  # fmt: skip
    st.subheader(t("filters", lang))
    in_view = set(ctx.countries)
    options = {
        "years": (t("year", lang), vocab.years, str),
        "partner_countries": (
            t("partner_country", lang),
            vocab.partner_countries,
            lambda c: country_label(c, lang),
        ),
        "themes": (t("theme", lang), vocab.themes, lambda c: theme_label(c, lang)),
        "semesters": (t("semester", lang), vocab.semesters, lambda c: semester_label(c, lang)),
        "fr_regions": (
            t("fr_region", lang),
            vocab.fr_regions,
            lambda c: vocab.region_name(c, lang),
        ),
        "partner_regions": (
            partner_label("partner_region", ctx.countries, lang),
            [c for c in vocab.partner_regions if vocab.region_country.get(c) in in_view] or vocab.partner_regions,
            lambda c: vocab.region_name(c, lang),
        ),
        "actor_kinds": (
            t("actor_kind", lang),
            vocab.actor_kinds,
            lambda c: actor_kind_label(c, lang),
        ),
    }
    for attr, (label, values, fmt) in options.items():
        st.multiselect(label, values, key=state.WIDGET[attr], format_func=fmt, placeholder=t("all", lang), select_all=False,
                       on_change=state.from_widgets)  # fmt: skip
    st.text_input(t("search", lang), key=state.SEARCH_WIDGET, on_change=state.from_widgets)
    also = data.search_spellings(ctx.filters) if ctx.filters.search else []
    if also:  # a place named another way finds the same listings: say which ways
        st.caption(as_text(t("search_also", lang).format(names=", ".join(also))))
    if ctx.filters.search:  # the search finds places too: each has its page
        found = data.search_places(ctx.filters.search).head(5)
        if not found.is_empty():
            st.caption(t("places_found", lang))
            rows = found.to_dicts()
            for r, name in zip(rows, distinct_names(rows, lang), strict=True):
                place_link(ctx, r["place_id"], name)
    st.button(t("reset", lang), on_click=state.reset, icon=":material/restart_alt:", width="stretch")
    st.divider()
    st.download_button(
        t("briefing", lang),
        data=bounded(_briefing, ctx, lang),
        file_name=file_base(ctx, "note" if lang == "fr" else "briefing") + ".pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        width="stretch",
        key="dl_briefing",
        type="primary",
    )
    if busy := render_busy(lang):
        st.caption(busy)
    chart.preload()  # plotly.js fetched while the page's queries run, not when its first chart arrives

# One element whether or not there is anything to say: the page's elements keep their places when
# the first filter is set (else each moved one place down, its chart torn down and drawn anew and
# the page scrolled to the top)
with st.container():
    if ctx.ignored:
        st.warning(t("ignored", lang) + as_text(", ".join(ctx.ignored)))
    filter_chips(ctx)

navigation.run()
