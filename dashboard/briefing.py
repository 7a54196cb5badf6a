"""The briefing: the current view as a few well-laid-out PDF pages (no Streamlit).

Title and date, the active filters in words, key figures, the charts and the link map, the
top partnerships, data-quality notes and sources. Document text goes through reportlab as
escaped text (never markup). Without Chromium the charts are left out and the PDF says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from dashboard import captions, charts, exports, fonts, link_map, queries, search, tables
from dashboard.captions import context_lines, edition_names, filters_in_words, report_names, with_context
from dashboard.filters import Filters
from dashboard.i18n import (
    colon,
    counted,
    country_label,
    flag_label,
    kind_label,
    origin_label,
    partner_label,
    percent,
    status_label,
    t,
    theme_label,
)

NAVY = colors.HexColor("#1f4e79")
BRIEF_LINKS = 200  # links listed in the note (~8 pages); above, the first ones and how many more
BRIEF_LISTINGS = 300  # listings in the annex (~15 pages); above, the first ones and how many in all
BRIEF_LINES = 30  # source lines named per data-quality note; above, "…"


@dataclass(frozen=True)
class BriefingContent:
    """Everything the PDF shows, gathered once from the database."""

    filters: Filters
    lang: str
    words: list[str]
    figures: dict
    figs: dict
    links: pl.DataFrame  # the links listed: all those the map draws, or the first BRIEF_LINKS
    link_totals: dict  # the links in all: {"stated": …, "events": …}
    quality: pl.DataFrame
    sources: pl.DataFrame
    reports: pl.DataFrame  # the other documents stating links listed or drawn: (file, country) rows
    built: str  # the day the database was built (tables.built_on)
    titles: list[str]
    countries: tuple[str, ...]
    listings: pl.DataFrame  # the first BRIEF_LISTINGS listings, in document order (the annex)
    listing_total: int


def gather(con: duckdb.DuckDBPyConnection, f: Filters, lang: str = "fr") -> BriefingContent:
    f = search.with_search(con, f)  # a search found once for every query of the note
    vocab = queries.vocabulary(con)
    countries = vocab.countries_in(f)
    regions = queries.by_fr_region(con, f)
    partner = queries.by_partner_region(con, f)
    links = queries.partnerships(con, f, BRIEF_LINKS)  # in the Partnerships page's order
    totals = queries.link_counts(con, f)
    link_totals = {"stated": totals["stated"], "events": totals["total"] - totals["stated"]}
    editions = queries.by_edition(con, f)
    figs = {}
    if queries.key_figures(con, f)["listings"]:
        figs = {
            "theme": charts.theme_bar_figure(queries.by_theme(con, f), lang),
            "semester": charts.semester_figure(queries.by_semester_theme(con, f), lang),
            "fr_region": charts.region_bar_figure(regions, t("by_fr_region", lang), lang),
            "choro_fr": charts.choropleth_figure(regions, "FR", lang),
        }
        if editions.height > 1:
            figs["editions"] = charts.edition_figure(editions, lang)
        per_country = queries.by_country(con, f)
        in_view = [c for c in per_country["partner_country"].to_list() if c in countries]
        if len(in_view) > 1:
            figs["world"] = charts.world_figure(per_country, lang)
        for c in [c for c in in_view if charts.has_outlines(c)][: charts.MAX_COUNTRY_MAPS]:
            figs[f"choro_{c}"] = charts.choropleth_figure(partner.filter(pl.col("country") == c), c, lang)
    loaded = queries.sources(con)
    sources = tables.sources_in_view(loaded, f)
    titles = tables.edition_titles(queries.editions(con), f, lang)
    built = tables.built_on(loaded)
    reports = queries.link_documents(con, f, link_map.LAYERS)
    words, source = context_lines(f, vocab, lang, edition_names(sources, lang), built)
    figs = {k: with_context(v, words, source) for k, v in figs.items() if k != "links"}
    if not links.is_empty():  # the map draws on the reports too: its source line names them
        named = edition_names(sources, lang) + report_names(reports.iter_rows(), lang)
        figs["links"] = with_context(_links_figure(con, f, lang), *context_lines(f, vocab, lang, named, built))
    return BriefingContent(
        filters=f, lang=lang, words=filters_in_words(f, vocab, lang), figures=queries.key_figures(con, f),
        figs=figs, links=links, link_totals=link_totals,
        quality=queries.quality_flags(con, f),  # as the Quality page lists them, notes included
        sources=sources,
        reports=reports,
        built=built,
        titles=titles,
        countries=countries,
        listings=queries.events_table(con, f, "document", BRIEF_LISTINGS),
        listing_total=queries.events_count(con, f),
    )  # fmt: skip


def _links_figure(con: duckdb.DuckDBPyConnection, f: Filters, lang: str):
    """The map of the links as the map page draws it: one by one, or grouped by pair of regions
    above link_map.MOST_LINKS (a note's map stays readable, and quick to draw, at any size)."""
    counts = queries.map_counts(con, f, link_map.LAYERS)
    if sum(counts.values()) <= link_map.MOST_LINKS:
        return link_map.link_map_figure(queries.map_links(con, f, link_map.LAYERS), lang, themes=f.themes)
    return link_map.arcs_figure(queries.link_arcs(con, f, link_map.LAYERS), counts, lang)


def _styles():
    base = getSampleStyleSheet()
    regular, bold = fonts.body(), fonts.body(bold=True)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], textColor=NAVY, alignment=TA_LEFT, fontSize=20, leading=24,
                                fontName=bold),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], textColor=NAVY, spaceBefore=10, spaceAfter=4, fontName=bold),
        "h2_plain": ParagraphStyle("h2_plain", parent=base["Heading2"], textColor=NAVY, spaceBefore=10, spaceAfter=4,
                                   fontName=bold),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=9.5, leading=12.5, fontName=regular),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10, textColor=colors.HexColor("#44505c"),
                                fontName=regular),
        # a word never broken inside a cell: columns are sized to their longest word (_fit)
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=7.5, leading=9, splitLongWords=0, fontName=regular),
        "toc1": ParagraphStyle("toc1", parent=base["BodyText"], fontSize=9.5, leading=13, fontName=regular),
    }  # fmt: skip


def _p(text: str, style) -> Paragraph:
    """Document text as a paragraph: escaped (never reportlab markup), each script in a font that
    holds it (dashboard.fonts)."""
    return Paragraph(fonts.markup(str(text), bold=style.fontName == fonts.body(bold=True)), style)


def _longest_word(cell) -> float:
    """Width (points) of the longest word of a cell, in the cell's fonts, plus the padding."""
    if isinstance(cell, Paragraph):
        bold, size, text = cell.style.fontName == fonts.body(bold=True), cell.style.fontSize, cell.getPlainText()
    else:
        bold, size, text = False, 8, str(cell)
    return max((fonts.width(w, size, bold) for w in text.split()), default=0) + 8


def _fit(rows: list[list], widths: list[float]) -> list[float]:
    """Column widths no narrower than their longest word, the extra taken from the widest column
    (the total stays the same): no word is ever cut inside a cell."""
    need = [max(_longest_word(r[i]) for r in rows) for i in range(len(widths))]
    out = [max(w, n) for w, n in zip(widths, need, strict=True)]
    extra = sum(out) - sum(widths)
    for i in sorted(range(len(out)), key=lambda i: -out[i]):  # from the widest columns first
        take = min(extra, out[i] - need[i])
        out[i] -= take
        extra -= take
    return out


def _table(rows: list[list], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=_fit(rows, widths), repeatRows=1 if header else 0)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.body(), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5") if header else colors.white),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9d1d9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))  # fmt: skip
    return table


def _contents(s) -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [s["toc1"]]
    toc.dotsMinLevel = 0
    return toc


class _Doc(SimpleDocTemplate):
    """Every section heading (style h2) goes into the table of contents, with its page."""

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab's hook)
        if isinstance(flowable, Paragraph) and flowable.style.name == "h2":
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def _flag_place(row: dict, lang: str) -> str:
    """Where a flag is: "catalogue_2021_fr:59" for a text export, "catalogue.pdf p. 4, row 7" for
    a PDF or Word catalogue (the place a reader finds in the document)."""
    place = tables.where(row, lang)
    return (
        f"{row['source_file']} {place}" if place else f"{row['source_file'].removesuffix('.txt')}:{row['source_line']}"
    )


def _image(fig, width_cm: float, px: tuple[int, int]) -> Image:
    png = exports.figure_png(fig, width=px[0], height=px[1], scale=2)
    return Image(io.BytesIO(png), width=width_cm * cm, height=width_cm * cm * px[1] / px[0])


def _cover(content: BriefingContent, s, today: date) -> list:
    lang = content.lang
    built = content.built
    story: list = [
        _p(t("app_title", lang), s["title"]),
        _p(t("brief_briefing", lang), s["h2_plain"]),
        *[_p(title, s["body"]) for title in content.titles],
        _p(t("brief_generated", lang).format(d=today.isoformat(), b=built), s["small"]),
        Spacer(1, 8),
        _p(t("contents", lang), s["h2_plain"]),
        _contents(s),
        Spacer(1, 4),
        _p(t("brief_filters", lang), s["h2"]),
    ]
    story += [_p(x, s["body"]) for x in content.words] or [_p(t("brief_no_filter", lang), s["body"])]
    if fonts.missing():
        story.append(_p(t("brief_fonts_off", lang).format(packages=fonts.missing()), s["small"]))
    return story


FIGURE_KEYS = ("listings", "activities", "fr_authorities", "fr_regions", "partner_regions", "twin_links")


def _key_figures(content: BriefingContent, s) -> list:
    """Two rows of four cells of one width (the second with an empty one): whole labels, figures
    in line with those above them."""
    lang, fig = content.lang, content.figures
    label = {"partner_regions": partner_label("partner_regions", content.countries, lang)}
    labels = [label.get(k) or t(k, lang) for k in FIGURE_KEYS] + [t("dated_share", lang), ""]
    values = [f"{fig[k]:,}".replace(",", "\u00a0") for k in FIGURE_KEYS]
    values += [percent(fig["dated_share"], lang, "\u00a0"), ""]
    story = [_p(t("brief_figures", lang), s["h2"])]
    for part in (slice(0, 4), slice(4, 8)):
        cells = [[_p(x, s["cell"]) for x in labels[part]], values[part]]
        table = _table(cells, [4.35 * cm] * 4)
        table.setStyle(TableStyle([("FONT", (0, 1), (-1, 1), fonts.body(bold=True), 14),
                                   ("ALIGN", (0, 1), (-1, 1), "CENTER")]))  # fmt: skip
        story += [table, Spacer(1, 4)]
    return [*story, _p(captions.twin_scope(fig, content.filters, lang), s["small"])]


def _charts(content: BriefingContent, s) -> list:
    """The Overview's charts, two to a page (a page never holds one small chart alone)."""
    if not exports.images_available():
        return [_p(t("brief_charts_off", content.lang).format(why=exports.ImageExportUnavailable.__doc__), s["small"])]
    if not content.figs:
        return []
    sized = [("theme", 17, (1000, 330)), ("semester", 17, (1000, 420)), ("fr_region", 17, (1000, 430)),
             ("choro_fr", 12, (800, 640)), ("editions", 17, (1000, 340)), ("world", 17.5, (1100, 560)),
             *((f"choro_{c}", 17.5, (1100, 560)) for c in content.countries)]  # fmt: skip
    images = [_image(content.figs[k], w, px) for k, w, px in sized if k in content.figs]
    story: list = [Spacer(1, 6), images[0], PageBreak()] if images else []
    for i in range(1, len(images), 2):
        story += [KeepTogether(images[i : i + 2]), PageBreak()]
    return story


def _links(content: BriefingContent, s) -> list:
    lang = content.lang
    story: list = [_p(t("map", lang), s["h2"])]
    if "links" in content.figs and exports.images_available():
        story.append(_image(content.figs["links"], 17.5, (1200, 700)))
    story.append(_p(t("brief_top_links", lang), s["h2"]))
    if content.links.is_empty():
        return [*story, _p(t("brief_no_links", lang), s["body"])]
    more = sum(content.link_totals.values()) - content.links.height
    said = t("brief_links_first", lang).format(n=content.links.height) if more else t("brief_links_as_map", lang)
    story.append(_p(f"{link_map.counts_title(content.link_totals, lang)} — {said}", s["body"]))
    rows = [[_p(h, s["cell"]) for h in (t("fr_place", lang), t("partner_place", lang), t("kind", lang),
                                         t("since_col", lang), t("events_n", lang), t("evidence", lang))]]  # fmt: skip
    for r in content.links.to_dicts():
        planned = r["kind"].startswith("planned")  # the kind says it already
        kind = kind_label(r["kind"], lang) + (f" ({status_label(r['status'], lang, short=True)})"
                                              if r.get("status") and not planned else "")  # fmt: skip
        if r["kind"] == "event_link":
            quote = f"{t('event_link_mark', lang)}{colon(lang)}{tables.cited(r, lang)}"
        else:
            origin = origin_label(r.get("origin"), lang)
            quote = f"« {r['evidence']} » ({tables.cited(r, lang)}{' ;' if lang == 'fr' else ';'} {origin})"
        rows.append([_p(r[f"fr_place_{lang}"], s["cell"]), _p(r[f"partner_place_{lang}"], s["cell"]),
                     _p(kind, s["cell"]), str(r["since_year"] or "—"), str(r["n_events"]), _p(quote, s["cell"])])  # fmt: skip
    story.append(_table(rows, [2.6 * cm, 2.6 * cm, 3.3 * cm, 1.3 * cm, 1.6 * cm, 6.0 * cm]))
    if more:
        story.append(_p(t("brief_links_more", lang).format(n=link_map.number(more)), s["body"]))
    return story


def _quality(content: BriefingContent, s) -> list:
    lang = content.lang
    story: list = [_p(t("brief_quality", lang), s["h2"])]
    if content.quality.is_empty():
        return [*story, _p(t("brief_no_quality", lang), s["body"])]
    where = content.quality.with_columns(at=pl.Series([_flag_place(r, lang) for r in content.quality.to_dicts()],
                                                      dtype=pl.String))  # fmt: skip
    counts = where.group_by("code").agg(pl.len().alias("n"), pl.col("at").sort().head(BRIEF_LINES)).sort("code")
    for r in counts.to_dicts():
        at = ", ".join(r["at"]) + (", …" if r["n"] > len(r["at"]) else "")
        story.append(_p(f"{flag_label(r['code'], lang)} ({r['code']}){colon(lang)}{r['n']} ({at})", s["body"]))
    return story


def _sources(content: BriefingContent, s) -> list:
    lang = content.lang
    story = [_p(t("brief_sources", lang), s["h2"]), _p(t("brief_method", lang), s["small"])]
    for r in content.sources.to_dicts():
        story.append(_p(f"{r['file']} — {tables.language_name(r['language'], lang)}, "
                        f"{counted(r['listings'], 'listing_one', 'listings_n', lang)}, sha256 {r['sha256'][:12]}…",
                        s["small"]))  # fmt: skip
    for (file,), rows in content.reports.group_by("file", maintain_order=True):
        countries = ", ".join(country_label(c, lang) for c in rows["country"].to_list())
        story.append(_p(t("brief_report_source", lang).format(file=file, countries=countries), s["small"]))
    return story


def _annex(content: BriefingContent, s) -> list:
    """The listings themselves (the first BRIEF_LISTINGS, in document order), each with its place
    in its document."""
    lang = content.lang
    if content.listings.is_empty():
        return []
    story: list = [PageBreak(), _p(t("brief_annex", lang), s["h2"])]
    if content.listing_total > content.listings.height:
        story.append(_p(t("brief_annex_first", lang).format(n=content.listings.height, total=content.listing_total),
                        s["small"]))  # fmt: skip
    rows = [[_p(h, s["cell"]) for h in (t("title", lang), t("date", lang), t("fr_actor", lang),
                                         t("partner_actor", lang), t("theme", lang), t("source", lang))]]  # fmt: skip
    for r in content.listings.to_dicts():
        title = r[f"title_{lang}"] or r["title_fr"] or r["title_en"] or ""
        rows.append([_p(title, s["cell"]), _p(r["date_text"] or "—", s["cell"]), _p(r["fr_actor"] or "", s["cell"]),
                     _p(r["partner_actor"] or "", s["cell"]), _p(theme_label(r["theme"], lang), s["cell"]),
                     _p(tables.cited(r, lang), s["cell"])])  # fmt: skip
    return [*story, _table(rows, [4.2 * cm, 2.2 * cm, 2.8 * cm, 2.8 * cm, 2.4 * cm, 3.0 * cm])]


def render_pdf(content: BriefingContent, today: date | None = None) -> bytes:
    lang, s = content.lang, _styles()
    today = today or date.today()
    story = [*_cover(content, s, today), *_key_figures(content, s), *_charts(content, s), *_links(content, s),
             *_quality(content, s), *_sources(content, s), *_annex(content, s)]  # fmt: skip
    buffer = io.BytesIO()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(fonts.body(), 7.5)
        canvas.setFillColor(colors.HexColor("#6b7785"))
        canvas.drawString(
            2 * cm, 1.2 * cm, f"{t('app_title', lang)} — {t('brief_briefing', lang)} — {today.isoformat()}"
        )
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(doc.page))
        canvas.restoreState()

    doc = _Doc(buffer, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.6 * cm,
               bottomMargin=1.8 * cm, title=f"{t('app_title', lang)} — {t('brief_briefing', lang)}",
               author="Observatoire de la coopération décentralisée")  # fmt: skip
    doc.multiBuild(story, onFirstPage=footer, onLaterPages=footer)  # two passes: the contents get their pages
    return buffer.getvalue()


def briefing_pdf(con: duckdb.DuckDBPyConnection, f: Filters, lang: str = "fr", today: date | None = None) -> bytes:
    return render_pdf(gather(con, f, lang), today)
