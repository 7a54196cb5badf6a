"""What a chart says about itself once it leaves the page (pure): the filters in words, the
source and the build date, as a subtitle and a footnote of the figure. A PNG pasted in a note
keeps its meaning: "Thème : Sport · Région française : Occitanie", "Source : … · base du …"."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from dashboard.charts import escape
from dashboard.filters import Filters, Vocabulary
from dashboard.i18n import (
    actor_kind_label,
    colon,
    country_label,
    partner_label,
    semester_label,
    t,
    theme_label,
)


def _fields(f: Filters, vocab: Vocabulary, lang: str) -> dict:
    """Filters field → (its label, how one value reads), in the order the filters are told."""
    return {
        "themes": (t("theme", lang), lambda x: theme_label(x, lang)),
        "semesters": (t("semester", lang), lambda x: semester_label(x, lang)),
        "fr_regions": (t("fr_region", lang), lambda x: vocab.region_name(x, lang)),
        "partner_regions": (partner_label("partner_region", vocab.countries_in(f), lang),
                            lambda x: vocab.region_name(x, lang)),
        "years": (t("year", lang), str),
        "partner_countries": (t("partner_country", lang), lambda x: country_label(x, lang)),
        "actor_kinds": (t("actor_kind", lang), lambda x: actor_kind_label(x, lang)),
    }  # fmt: skip


def _search(f: Filters, lang: str) -> str:
    quoted = f"« {f.search} »" if lang == "fr" else f"“{f.search}”"
    return f"{t('brief_search', lang)}{colon(lang)}{quoted}"


def filters_in_words(f: Filters, vocab: Vocabulary, lang: str = "fr") -> list[str]:
    """The active filters as sentences: ["Thème : Sport", "Région française : Occitanie"]."""
    out = [f"{label}{colon(lang)}{', '.join(fmt(v) for v in getattr(f, attr))}"
           for attr, (label, fmt) in _fields(f, vocab, lang).items() if getattr(f, attr)]  # fmt: skip
    return out + ([_search(f, lang)] if f.search else [])


def filter_values(f: Filters, vocab: Vocabulary, lang: str = "fr") -> list[tuple[str, str | None, str]]:
    """Each active filter value as (Filters field, value, label in words): one chip each."""
    out = [(attr, v, f"{label}{colon(lang)}{fmt(v)}")
           for attr, (label, fmt) in _fields(f, vocab, lang).items() for v in getattr(f, attr)]  # fmt: skip
    return out + ([("search", None, _search(f, lang))] if f.search else [])


def edition_names(sources, lang: str) -> list[str]:
    """Short names of the catalogue editions in `sources`: "catalogue 2021 (Russie)", "catalogue
    2026 (Burkina Faso, Sénégal)" for a file mixing countries."""
    rows = sources.filter(sources["role"] == "primary").sort("catalogue_year").to_dicts() if len(sources) else []
    if len(rows) > MAX_NAMED:  # a registry: a line that says how many, never thousands of names
        years = [r["catalogue_year"] for r in rows if r["catalogue_year"]]
        countries = {c for r in rows for c in (r.get("partner_countries") or [r.get("partner_country")]) if c}
        span = f"{min(years)}–{max(years)}" if years else "?"
        return [t("editions_summary", lang).format(n=len(rows), span=span, countries=len(countries))]
    word = "catalogue"
    return [f"{word} {r['catalogue_year'] or '?'} ({_countries(r, lang)})" for r in rows]


MAX_NAMED = 8  # editions named one by one in a chart's source line


def report_names(rows, lang: str) -> list[str]:
    """The documents other than catalogues behind a chart (the reports stating its links, naming
    its meetings), in one phrase: "2 comptes rendus (Japon, Russie)". `rows`: (file, country) pairs."""
    pairs = [(file, country) for file, country in rows if file]
    files = {file for file, _ in pairs}
    if not files:
        return []
    countries = sorted({country_label(c, lang) for _, c in pairs if c})
    key = "reports_one" if len(files) == 1 else "reports_n"
    named = ", ".join(countries) if len(countries) <= MAX_NAMED else t("n_countries", lang).format(n=len(countries))
    return [t(key, lang).format(n=len(files), countries=named or "—")]


def _countries(row: dict, lang: str) -> str:
    """The edition's country, or the several a mixed file declares ("Burkina Faso, Sénégal")."""
    several = row.get("partner_countries") or []
    if not row.get("partner_country") and not several and row.get("country_column"):
        return t("country_per_row", lang)  # a register: each row says its country
    if row.get("partner_country") or not several:
        return country_label(row.get("partner_country"), lang)
    return ", ".join(country_label(c, lang) for c in several)


def context_lines(f: Filters, vocab: Vocabulary, lang: str, editions: list[str], built: str) -> tuple[str, str]:
    """(the filters in words, or "no filter"; the editions in view and the build date)."""
    words = " · ".join(filters_in_words(f, vocab, lang)) or t("brief_no_filter", lang)
    source = t("chart_source", lang).format(s=", ".join(editions) or "—", b=built)
    return words, source


# Characters per line of a chart's title (16 px) and of its small lines (11 px): a half-width chart
# on a laptop and a phone's whole width hold them (~360 px); longer ones are wrapped at spaces.
TITLE_CHARS, SMALL_CHARS = 46, 64
TITLE_LINE_PX, SMALL_LINE_PX = 20, 15


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, cut at spaces only (a longer word whole)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def with_context(fig: go.Figure, filters_line: str, source_line: str, copy: bool = True) -> go.Figure:
    """A copy of `fig` (or `fig` itself, if copy is False) whose title carries the filters and the
    source (small grey lines under it; nothing at the foot, where the legends are). Long lines are
    wrapped (a title with markup is kept whole) and the figure grows by the lines added, so that
    its plot keeps its size."""
    out = go.Figure(fig) if copy else fig
    title = out.layout.title.to_plotly_json()
    text = title.get("text") or ""
    heads = [text] if "<" in text else wrapped(text, TITLE_CHARS)
    small = "<span style='font-size:11px;font-weight:normal;color:#5b6770'>{}</span>"
    smalls = [small.format(escape(line)) for part in (filters_line, source_line) for line in wrapped(part, SMALL_CHARS)]
    grown = TITLE_LINE_PX * (len(heads) - 1) + SMALL_LINE_PX * (len(smalls) - 2)
    # assigned whole, not through update_layout (which parses and re-dispatches every path)
    out.layout.title = {**title, "text": "<br>".join([*heads, *smalls]), "y": 1, "yref": "container",
                        "yanchor": "top", "pad": {"t": 10, "l": 4}}  # fmt: skip
    out.layout.margin = {**out.layout.margin.to_plotly_json(), "t": (out.layout.margin.t or 50) + 50 + grown}
    if grown and out.layout.height:
        out.layout.height = out.layout.height + grown
    return out


def twin_scope(figures: dict, filters, lang: str) -> str:
    """What the twinnings' count covers: every loaded document (catalogues and reports) unless
    editions are chosen, and, when it mixes partner countries, how many each."""
    scope = t("twin_scope_editions" if filters.years else "twin_scope_documents", lang)
    by = figures.get("twins_by_country") or ()
    if len(by) > 1:
        scope += " — " + ", ".join(f"{country_label(c, lang)} {n}" for c, n in by)
    return f"{t('twin_links', lang)}{colon(lang)}{scope}."
