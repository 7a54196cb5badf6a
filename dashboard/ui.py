"""Small Streamlit helpers shared by the pages: figures, empty states, text as text."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

from dashboard import captions, chart, exports, gate, tables
from dashboard.charts import plain
from dashboard.filters import CACHE_KEYS, Filters
from dashboard.i18n import plotly_locale, t
from dashboard.settings import download_route

PLOTLY_CONFIG = {
    "topojsonURL": "/app/static/topojson/",  # base maps served by the app: no CDN
    "displaylogo": False,
    "showSendToCloud": False,  # plotly.js 3's "Share chart…" button uploads the chart to Plotly Cloud
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:/=&])")
# Streamlit rewrites some text after Markdown has been parsed, escapes or not: emoji and icon
# shortcodes (":smile:", ":material/…:", ":streamlit:"), arrows or dashes between spaces
# ("--" → "—"), and GFM's autolinks ("http://…", "www.…", "a@b.c"). A word joiner (U+2060,
# invisible, no break) after the colon, between the two signs, after "@" and after "http" or
# "www" keeps them as written.
_AFTER_PLUGINS = re.compile(r"(?<=:)(?=[\w+-])|(?<=[-<>~])(?=[-<>=])|(?<=@)|(?i:(?<=http)|(?<=https)|(?<=www))(?=[:.])")


def on_phone() -> bool:
    """The reader's browser says it is a phone's ("Mobi" in its user agent, as phone browsers
    write): a map's names are then placed for a phone's plot."""
    try:
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    except Exception:  # no request behind this run (AppTest, a script): a page's size
        return False


def as_text(text: str | None) -> str:
    """Document or address text for any element that renders Markdown (st.markdown, captions,
    headers, labels): shown as written. Every Markdown character is escaped (no image, link,
    autolink, HTML, LaTeX or directive), shortcodes and typographic arrows are broken by a word
    joiner, and direction controls are shown as [U+202E]. HTML is never enabled."""
    text = _AFTER_PLUGINS.sub("\u2060", plain(text))
    return _MD_SPECIAL.sub(r"\\\1", text)


def table(df, **kwargs):
    """st.dataframe of a frame whose text is shown as written (see tables.literal)."""
    return st.dataframe(tables.literal(df), **kwargs)


# A download's name in English (the French ones are the pages' own): "carte_<cc>" is "map_<cc>".
FILE_NAMES_EN = {
    "carte_des_liens": "link_map", "carte_pays_partenaires": "partner_countries_map", "chronologie": "timeline",
    "evenements": "listings", "evenements_par_edition": "listings_by_edition", "evenements_par_region": "listings_by_region",
    "evenements_par_semestre": "listings_by_semester", "evenements_par_theme": "listings_by_theme",
    "evenements_par_subdivision_partenaire": "listings_by_partner_subdivision", "liens_par_decennie": "links_by_decade",
    "note": "briefing", "partenariats": "partnerships", "rencontres": "meetings", "theme_x_region": "theme_by_region",
}  # fmt: skip


def file_base(ctx, what: str) -> str:
    """A file name (without extension) saying what is inside, in the page's language:
    evenements_culture_occitanie_2021, listings_culture_occitanie_2021."""
    if ctx.lang == "en":
        what = FILE_NAMES_EN.get(what) or (f"map_{what[6:]}" if what.startswith("carte_") else what)
    years = ctx.filters.years or ctx.vocab.years
    return exports.export_name(what, ctx.filters, lambda c: ctx.vocab.region_name(c, ctx.lang), years, "x")[:-2]


def subtitle(ctx) -> None:
    """The catalogues the page shows, as the loaded sources name them (text, never Markdown)."""
    from dashboard import data

    titles = tables.edition_titles(data.editions(), ctx.filters, ctx.lang)
    if len(titles) > MAX_TITLES:  # a registry: how many, not each
        titles = [*titles[:MAX_TITLES], t("more_editions", ctx.lang).format(n=len(titles) - MAX_TITLES)]
    if titles:
        st.caption(as_text(" · ".join(titles)))


MAX_TITLES = 6  # editions named one by one in a page's subtitle


DOWNLOAD_LABELS = {
    "fr": ("Télécharger", "Image PNG (2×)", "Image SVG", "Page HTML interactive", "Données CSV",
           "Export d'image indisponible : pas de Chromium sur le serveur. La page HTML et le bouton PNG "
           "de la barre du graphique fonctionnent."),
    "en": ("Download", "PNG image (2×)", "SVG image", "Interactive HTML page", "CSV data",
           "Image export unavailable: no Chromium on the server. The HTML page and the chart toolbar's "
           "PNG still work."),
}  # fmt: skip


def figure_context(ctx, documents: tuple[str, ...] = ()) -> tuple[str, str]:
    """The filters in words, and the sources in view with the build date (for chart subtitles);
    `documents`: the other documents the chart draws on, named (captions.report_names)."""
    from dashboard import data

    return _context_lines(ctx.filters, ctx.lang, data.version(), documents)


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=CACHE_KEYS)
def _context_lines(filters, lang: str, version: tuple, documents: tuple[str, ...] = ()) -> tuple[str, str]:
    from dashboard import data

    loaded = data.sources()
    named = captions.edition_names(tables.sources_in_view(loaded, filters), lang) + list(documents)
    return captions.context_lines(filters, data.load_vocabulary(), lang, named, tables.built_on(loaded))


@st.cache_resource(max_entries=512, show_spinner=False, hash_funcs=CACHE_KEYS)
def _shared_figure(key: str, filters, lang: str, version: tuple, documents: tuple[str, ...], _build) -> go.Figure:
    """A chart built once for every session showing the same filters of the same database (the
    caller vouches that its chart depends on nothing else). Shared, so never modified: Streamlit
    and the exports read it and copy."""
    lines = _context_lines(filters, lang, version, documents)
    return chart.serialised(captions.with_context(_build(), *lines, copy=False))


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=CACHE_KEYS)
def _shared_view(key: str, filters, lang: str, version: tuple, documents: tuple[str, ...], _build) -> go.Figure:
    """_shared_figure for the figures of a view (a map: up to ~1 MB each, so fewer are kept)."""
    lines = _context_lines(filters, lang, version, documents)
    return chart.serialised(captions.with_context(_build(), *lines, copy=False))


def show_figure(
    fig,
    key: str,
    filename: str,
    selectable: bool = False,
    data=None,
    lang: str = "fr",
    shared: str | None = None,
    lazy: tuple[str, int] | None = None,
    documents: tuple[str, ...] = (),
):
    """A chart, its toolbar PNG, and a Download menu (PNG, SVG, HTML, CSV) built only on click;
    the figure carries the filters in words and its source, on screen and in every export.

    `fig` is a figure, or a function building it from the page's filters and language only (and
    from what `shared` says, when given: then it names the view): then it is built once and
    shared by every session showing the same view. `lazy` (a group's name, the chart's height):
    a chart below the fold, built only once the reader has scrolled to a chart of its group
    (until then an empty box of its height, chart.placeholder). `documents`: the documents other
    than the catalogues in view that the chart draws on, named for its source line (the reports
    stating its links or naming its meetings: captions.report_names)."""
    from dashboard import data as db

    if lazy is not None and not chart.seen(lazy[0]):
        chart.placeholder(key, lazy[0], lazy[1], t("chart_on_demand", lang))
        return None
    ctx = st.session_state.get("ctx")
    if callable(fig) and ctx is not None:
        shared_by = _shared_view if shared else _shared_figure
        fig = shared_by(shared or key, ctx.filters, ctx.lang, db.version(), documents, fig)
    elif callable(fig):
        fig = fig()
    elif ctx is not None:
        fig = captions.with_context(fig, *figure_context(ctx, documents))
    toolbar = {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": filename}
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": toolbar, **plotly_locale(lang)}
    event = chart.chart(fig, key, config, selectable)
    download_menu(fig, key, filename, data, lang)
    return event


RENDER_SLOTS, RENDER_QUEUE, RENDER_WAIT_S = 1, 3, 60  # briefings and chart images (kaleido draws one at a time)


def bounded(work, *args):
    """`work(*args)` as a deferred download's data, run holding the server's render slot
    (briefings, chart images: at most RENDER_SLOTS at once, RENDER_QUEUE waiting, one per
    session). Streamlit runs deferred downloads on a pool of a few threads that its own file
    and table requests share: the line bounds how many of them a render can hold. Past it, the
    click is refused (Streamlit says the file could not be made); `render_busy` says so before."""
    key = session_key()

    def run():
        with gate.shared("renders", RENDER_SLOTS, RENDER_QUEUE).enter_blocking(key, RENDER_WAIT_S):
            return work(*args)

    return run


def render_busy(lang: str) -> str | None:
    """A line saying the server's renders are all taken, or None."""
    renders = gate.current("renders")
    running, waiting = renders.state() if renders is not None else (0, 0)
    if renders is None or running < renders.slots:
        return None
    return t("renders_busy", lang).format(waiting=waiting)


def download_menu(fig: go.Figure, key: str, filename: str, data=None, lang: str = "fr") -> None:
    title, png, svg, html, csv, no_images = DOWNLOAD_LABELS.get(lang, DOWNLOAD_LABELS["fr"])
    images = exports.images_available()
    with st.popover(title, icon=":material/download:"):
        st.download_button(png, data=bounded(exports.figure_png, fig), file_name=f"{filename}.png",
                           mime="image/png", on_click="ignore", key=f"{key}_png", disabled=not images,
                           width="stretch")  # fmt: skip
        st.download_button(svg, data=bounded(exports.figure_svg, fig), file_name=f"{filename}.svg",
                           mime="image/svg+xml", on_click="ignore", key=f"{key}_svg", disabled=not images,
                           width="stretch")  # fmt: skip
        if not images:
            st.caption(no_images)
        elif busy := render_busy(lang):
            st.caption(busy)
        st.download_button(html, data=lambda: exports.figure_html(fig, filename, lang), file_name=f"{filename}.html",
                           mime="text/html", on_click="ignore", key=f"{key}_html", width="stretch")  # fmt: skip
        if data is not None:
            st.download_button(csv, data=lambda: exports.frame_csv(headers_in(data, lang)), file_name=f"{filename}.csv",
                               mime="text/csv", on_click="ignore", key=f"{key}_csv", width="stretch")  # fmt: skip


def headers_in(df, lang: str):
    """A chart's data with the column names the interface has words for, and its themes and
    semesters written as the chart writes them, in the page's language (not their codes)."""
    import polars as pl

    from dashboard.i18n import TEXT, semester_label, theme_label

    for column, words in (("theme", theme_label), ("semester", semester_label)):
        if column in df.columns and df.schema[column] == pl.String:
            df = df.with_columns(pl.col(column).replace_strict(
                {c: words(c, lang) for c in df[column].drop_nulls().unique()}, default=None))  # fmt: skip
    other = "en" if lang == "fr" else "fr"
    if f"name_{lang}" in df.columns and f"name_{other}" in df.columns:  # the page's language only
        df = df.drop(f"name_{other}")
    names = {c: t(c, lang) for c in df.columns if c in TEXT}
    names.update(
        {c: t(key, lang) for c, key in ((f"name_{lang}", "name_col"), ("region", "code_col")) if c in df.columns}
    )
    after = [names.get(c, c) for c in df.columns]
    return df.rename(names) if len(set(after)) == len(after) else df


XLSX_ROWS = exports.XLSX_ROWS  # a worksheet's rows, its header excepted


def session_key() -> str:
    """An opaque key of this browser session for the download route's one-at-a-time rule (a
    digest: the session's own id never appears in an address)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return hashlib.sha256(ctx.session_id.encode()).hexdigest()[:16] if ctx else ""


def table_downloads(
    df, key: str, filename: str, rows: int | None = None, lang: str = "fr", streamed: tuple[str, Filters] | None = None
) -> None:
    """CSV (UTF-8 with BOM, for Excel), XLSX and Parquet of a table, built only on click; `df` is
    the table or a function returning it (a table too big to hold for every rerun) of `rows` rows
    (XLSX is offered only when a worksheet can hold them all: no table cut short in silence).
    `streamed`: the table's name in dashboard.downloads and its filters; when the server streams
    whole tables (dashboard/serve.py), the three are links to it, read from DuckDB a batch at a
    time (XLSX written row by row to a temporary file, then sent)."""
    if callable(df):
        table = df
    else:

        def table():
            return df

    row = st.container(horizontal=True, gap="small")  # each button as wide as its label ("Parquet" whole)
    cols = [row] * 4
    too_many = rows is not None and rows > XLSX_ROWS  # no table cut short in silence
    xlsx_help = t("xlsx_too_many", lang).format(n=f"{XLSX_ROWS:,}".replace(",", "\u202f")) if too_many else None
    route = download_route() if streamed else None
    if route:
        name, f = streamed
        query = urlencode({**f.to_query_params(), "lang": lang, "file": filename, "session": session_key()})
        for col, label, fmt in ((cols[0], "CSV", "csv"), (cols[1], "XLSX", "xlsx"), (cols[2], "Parquet", "parquet")):
            col.link_button(label, f"{route}/{name}.{fmt}?{query}", icon=":material/download:",
                            disabled=fmt == "xlsx" and too_many, help=xlsx_help if fmt == "xlsx" else None)  # fmt: skip
        busy = gate.current("downloads")
        running, waiting = busy.state() if busy is not None else (0, 0)
        if busy is not None and running >= busy.slots:  # a click now waits its turn: say so before it
            cols[3].caption(t("downloads_busy", lang).format(running=running, waiting=waiting))
        return
    cols[0].download_button("CSV", data=lambda: exports.frame_csv(table()), file_name=f"{filename}.csv",
                            mime="text/csv", on_click="ignore", key=f"{key}_csv",
                            icon=":material/download:")  # fmt: skip
    cols[1].download_button("XLSX", data=lambda: exports.frame_xlsx(table(), filename), file_name=f"{filename}.xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            on_click="ignore", key=f"{key}_xlsx", icon=":material/download:",
                            disabled=too_many, help=xlsx_help)  # fmt: skip
    cols[2].download_button("Parquet", data=lambda: exports.frame_parquet(table()), file_name=f"{filename}.parquet",
                            mime="application/vnd.apache.parquet", on_click="ignore", key=f"{key}_parquet",
                            icon=":material/download:")  # fmt: skip


def start_page(title_key: str):
    """Every page opens the same way: the Context the entry script set, and the page title."""
    ctx = st.session_state["ctx"]
    st.title(t(title_key, ctx.lang))
    return ctx


def nothing_selected(ctx, frame=None, total: int | None = None, message: str = "empty") -> bool:
    """True, with a clear message (`message`, an i18n key) instead of empty axes, when the filters
    leave nothing to show (no row in `frame`, a `total` of 0, or no listing at all when neither is
    given)."""
    from dashboard import data

    if total is not None:
        empty = total == 0
    else:
        empty = frame.is_empty() if frame is not None else data.figures(ctx.filters)["listings"] == 0
    if empty:
        st.info(t(message, ctx.lang))
    return empty


PAGE_ROWS = 200  # rows sent to the browser at a time; counts, sorts and downloads cover all


def pager(key: str, total: int, lang: str, filters, orders=()) -> tuple[str | None, int]:
    """A table's sort (one of `orders`, done in DuckDB over every row) and the offset of the page
    shown: the first page again whenever the filters change. Widgets `<key>_order`, `<key>_pageno`."""
    pages = max(1, -(-total // PAGE_ROWS))
    if not orders and pages == 1:
        return None, 0
    left, right = st.columns([2, 1])
    order = None
    if orders:
        order = left.selectbox(t("sort_by", lang), list(orders), key=f"{key}_order",
                               format_func=lambda o: t(f"sort_{o}", lang))  # fmt: skip
    number = 1
    if pages > 1:
        held = st.session_state.get(f"{key}_pageno")
        if st.session_state.get(f"_{key}_filters") != filters or not isinstance(held, int) or not 1 <= held <= pages:
            st.session_state[f"{key}_pageno"] = 1
        st.session_state[f"_{key}_filters"] = filters
        number = right.number_input(t("page_n", lang).format(n=pages), 1, pages, key=f"{key}_pageno")
    return order, (int(number) - 1) * PAGE_ROWS


def rows_caption(offset: int, shown: int, total: int, lang: str) -> str | None:
    """ "Rows 201–400 of 12 345" when the table has more than one page."""
    if total <= PAGE_ROWS:
        return None

    def n(x: int) -> str:
        return f"{x:,}".replace(",", "\u202f")

    return t("rows_of", lang).format(a=n(offset + 1), b=n(offset + shown), n=n(total))


def table_height(rows: int, most: int = 420) -> int:
    """Height of a st.dataframe that fits its rows (no block of empty lines), up to `most`."""
    return min(most, 38 + 35 * max(rows, 1))


PLACE_PAGE = "app_pages/place.py"


def place_link(ctx, place_id: str, name: str, key: str | None = None, icon: str = ":material/location_on:") -> None:
    """A link to a place's page, keeping the filters and the language (the name shown as text)."""
    st.page_link(PLACE_PAGE, label=as_text(shortened(name.replace("\n", " "), LINK_CHARS)), icon=icon,
                 query_params=ctx.params(place=place_id))  # fmt: skip


LINK_CHARS = 80  # a place link's label at most (a directory row: the name, its links and listings)


def shortened(text: str, most: int) -> str:
    """`text` cut to `most` characters, an ellipsis saying so."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def distinct_names(rows: list[dict], lang: str) -> list[str]:
    """Places' names as a list shows them: a name two of them share gets its kind ("Saint-Pétersbourg
    (ville)", "(sujet fédéral)": a partner subdivision by its country's word, "(région)" in
    France), then its country, when the kind does not tell them apart."""
    from collections import Counter

    from dashboard.i18n import country_label, place_kind_label, subdivision_word

    names = [r.get(f"name_{lang}") or r["name_fr"] for r in rows]
    shared = Counter(names)
    kinds = Counter((n, r["kind"]) for n, r in zip(names, rows, strict=True))
    out = []
    for name, r in zip(names, rows, strict=True):
        if shared[name] > 1:
            partner_region = r["kind"] == "region" and r["country"] != "FR"
            more = [
                subdivision_word([r["country"]], lang) if partner_region else place_kind_label(r["kind"], lang).lower()
            ]
            if kinds[(name, r["kind"])] > 1:
                more.append(country_label(r["country"], lang))
            name = f"{name} ({', '.join(more)})"
        out.append(name)
    return out


def place_links_row(ctx, places: list[tuple[str, str]], label: str) -> None:
    """Links to several places' pages, in one row under a caption."""
    places = list(dict.fromkeys(p for p in places if p[0]))
    if not places:
        return
    st.caption(label)
    cols = st.columns(min(len(places), 4))
    for i, (pid, name) in enumerate(places):
        with cols[i % len(cols)]:
            place_link(ctx, pid, name)


def selected_row(event) -> int | None:
    """The row chosen in a st.dataframe with single-row selection, if any."""
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    return rows[0] if rows else None


def clickable(codes: list[str], frame, vocab) -> list[str]:
    """The regions a click on a map chose that filter to something: known to the database and
    with listings in view in `frame` (columns region, listings); a region drawn at 0 would empty
    every chart."""
    counted = set(frame.filter(frame["listings"] > 0)["region"].to_list()) if frame.height else set()
    return [c for c in codes if c in vocab and c in counted]


def selected(event, field: str = "customdata") -> list[str]:
    """Values of the points selected in a chart (customdata carries the code)."""
    if not event:
        return []
    points = event.get("selection", {}).get("points", []) if isinstance(event, dict) else event.selection.points
    out = []
    for p in points:
        value = p.get(field)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            out.append(value)
    return out


def links_table(
    ctx,
    links,
    shown,
    key: str,
    filename: str | None = None,
    everything=None,
    streamed: str | None = None,
    rows: int | None = None,
) -> None:
    """A table of links with its downloads (of `everything`, a function, when the table is one
    page of it, of `rows` rows; `streamed`: its name in dashboard.downloads, under the page's
    filters); choosing a row gives links to both places' pages."""
    default = f"{'links' if ctx.lang == 'en' else 'liens'}_{key}"
    table_downloads(everything or shown, f"dl_{key}", filename or default, rows=rows, lang=ctx.lang,
                    streamed=(streamed, ctx.filters) if streamed else None)  # fmt: skip
    event = table(shown, hide_index=True, width="stretch", height=table_height(len(shown), 440),
                         on_select="rerun", selection_mode="single-row", key=key)  # fmt: skip
    row = selected_row(event)
    if row is None or row >= len(links):
        st.caption(t("select_row_hint", ctx.lang))
        return
    r = links.row(row, named=True)
    place_links_row(ctx, [(r["fr_place_id"], r[f"fr_place_{ctx.lang}"]),
                          (r["partner_place_id"], r[f"partner_place_{ctx.lang}"])], t("row_places", ctx.lang))  # fmt: skip


def _chips_changed(ctx, chips: list[tuple[str, str | None, str]]) -> None:
    """A chip clicked (deselected): its filter value removed, the others kept."""
    from dashboard import state

    kept = set(st.session_state.get("filter_chips") or [])
    f = ctx.filters
    for i, (attr, value, _) in enumerate(chips):
        if i in kept:
            continue
        if attr == "search":
            f = f.with_(search="")
        else:
            f = f.with_(**{attr: [v for v in getattr(f, attr) if v != value]})
    state.set_filters(f, ctx.lang)


def filter_chips(ctx) -> None:
    """On every page, the active filters as a row of chips; one click removes one."""
    chips = captions.filter_values(ctx.filters, ctx.vocab, ctx.lang)
    if not chips:
        return
    st.session_state["filter_chips"] = list(range(len(chips)))  # every chip on: the address decides
    st.pills(t("filters_active", ctx.lang), list(range(len(chips))), selection_mode="multi", key="filter_chips",
             format_func=lambda i: "✕ " + as_text(chips[i][2]), on_change=_chips_changed, args=(ctx, chips),
             help=t("remove_filter", ctx.lang))  # fmt: skip
