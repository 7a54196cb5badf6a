"""The tables users see and download: labels in the chosen language, provenance kept (pure)."""

from __future__ import annotations

import polars as pl

from dashboard.filters import Vocabulary
from dashboard.i18n import (
    country_label,
    flag_label,
    kind_label,
    origin_label,
    partner_label,
    semester_label,
    status_label,
    t,
    theme_label,
)
from etl.provenance import Place, cite


def where(row: dict, lang: str = "fr") -> str:
    """Where a row of a PDF or Word catalogue is in the document the reader has ("p. 4, row 7",
    "tableau 2, ligne 7"); "" for a text export, whose line number says it."""
    return Place(row.get("source_page"), row.get("source_table"), row.get("source_row")).label(lang)


def cited(row: dict, lang: str = "fr") -> str:
    """A row's document and place: "catalogue.pdf, p. 4, row 7 (l. 59)", "catalogue.txt, l. 59"."""
    place = cite(row["source_line"], row.get("source_page"), row.get("source_table"), row.get("source_row"), lang)
    return f"{row['source_file']}, {place}"


def items(value) -> list:
    """The elements of a list cell (a Python list, a polars Series, or None)."""
    return [] if value is None else list(value)


def events_table(
    df: pl.DataFrame, vocab: Vocabulary, lang: str = "fr", countries: list[str] | None = None
) -> pl.DataFrame:
    """The listings as the Events page shows them; the partner subdivisions' header names what
    `countries` call them (by default the partner countries of `df`: a batch of a download is
    given the whole table's)."""
    title, other = ("title_en", "title_fr") if lang == "en" else ("title_fr", "title_en")
    desc, other_desc = ("description_en", "description_fr") if lang == "en" else ("description_fr", "description_en")
    rows = df.to_dicts()
    return pl.DataFrame(
        {
            # what a reader scans first (on a phone, all that shows): what, who and who with
            t("title", lang): [r[title] or r[other] or "" for r in rows],
            t("fr_actor", lang): [r["fr_actor"] or "" for r in rows],
            t("partner_actor", lang): [r["partner_actor"] or "" for r in rows],
            t("theme", lang): [theme_label(r["theme"], lang) for r in rows],
            t("date_text", lang): [r["date_text"] or "" for r in rows],
            t("description", lang): [r[desc] or r[other_desc] or "" for r in rows],
            t("fr_region", lang): [vocab.region_name(r["fr_region"], lang) if r["fr_region"] else "—" for r in rows],
            partner_label(
                "partner_region",
                sorted(set(df["partner_country"].drop_nulls())) if countries is None else countries,
                lang,
            ): [", ".join(vocab.region_name(c, lang) for c in items(r["partner_regions"])) for r in rows],
            t("semester", lang): [semester_label(r["semester"], lang) for r in rows],
            t("flags", lang): [", ".join(flag_label(c, lang) for c in items(r["flags"])) for r in rows],
            t("document", lang): [r["source_file"] for r in rows],
            t("in_document", lang): [where(r, lang) for r in rows],
            t("lines", lang): [r["source_lines"] for r in rows],
            "event_id": [r["event_id"] for r in rows],
        },
        schema_overrides={t("lines", lang): pl.String},
    )


def link_columns(rows: list[dict], lang: str = "fr") -> dict[str, list]:
    """What a user reads about a link: kind (planned or signed), since-year, listings, themes,
    the quoted evidence, whether a document states it or a reviewer added it, and where it is."""
    return {  # the kind, its year and its quote first: on screen without scrolling sideways
        t("kind", lang): [kind_label(r["kind"], lang) for r in rows],
        t("since_col", lang): [str(r["since_year"]) if r["since_year"] else "—" for r in rows],
        t("evidence", lang): [r["evidence"] or "" for r in rows],
        t("status", lang): [status_label(r.get("status"), lang) for r in rows],
        t("events_n", lang): [r["n_events"] for r in rows],
        t("theme", lang): [", ".join(theme_label(x, lang) for x in items(r["themes"])) for r in rows],
        t("distance", lang): [r["distance_km"] for r in rows],
        t("origin", lang): [origin_label(r.get("origin"), lang) for r in rows],
        t("document", lang): [r["source_file"] or "" for r in rows],
        t("in_document", lang): [where(r, lang) for r in rows],
        t("lines", lang): [r["source_line"] for r in rows],
    }


def LINK_SCHEMA(lang: str = "fr") -> dict:  # noqa: N802 (a constant per language)
    return {t("since_col", lang): pl.String, t("lines", lang): pl.Int64, t("distance", lang): pl.Float64}


def partnerships_table(df: pl.DataFrame, lang: str = "fr") -> pl.DataFrame:
    rows = df.to_dicts()
    return pl.DataFrame(
        {
            t("fr_place", lang): [r[f"fr_place_{lang}"] for r in rows],
            t("partner_place", lang): [r[f"partner_place_{lang}"] for r in rows],
            **link_columns(rows, lang),
            t("partner_country", lang): [country_label(r["partner_country"], lang) for r in rows],
        },
        schema_overrides=LINK_SCHEMA(lang),
    )


def place_events_table(df: pl.DataFrame, lang: str = "fr") -> pl.DataFrame:
    """The listings of a place page, with their line in the document."""
    rows = df.to_dicts()
    title, other = ("title_en", "title_fr") if lang == "en" else ("title_fr", "title_en")
    return pl.DataFrame(
        {
            t("theme", lang): [theme_label(r["theme"], lang) for r in rows],
            t("title", lang): [r[title] or r[other] or "" for r in rows],
            t("fr_actor", lang): [r["fr_actor"] or "" for r in rows],
            t("partner_actor", lang): [r["partner_actor"] or "" for r in rows],
            t("semester", lang): [semester_label(r["semester"], lang) for r in rows],
            t("event_year", lang): [r["year"] for r in rows],
            t("document", lang): [r["source_file"] for r in rows],
            t("line", lang).capitalize(): [r["source_line"] for r in rows],
        },
        schema_overrides={t("event_year", lang): pl.Int64, t("line", lang).capitalize(): pl.Int64},
    )


def edition_titles(editions, filters, lang: str = "fr") -> list[str]:
    """Titles of the loaded catalogues in view (year and country filters), in the page's language
    when that edition has a translation (one pass: a registry holds thousands of editions)."""
    rows = editions.to_dicts()
    in_language = {(r["catalogue_year"], r["partner_country"]): r["title"] for r in rows if r["language"] == lang}
    return [r["title"] if r["language"] == lang else in_language.get((r["catalogue_year"], r["partner_country"]), r["title"])
            for r in rows if r["role"] == "primary" and edition_in_view(r, filters)]  # fmt: skip


LANGUAGE_NAMES = {"fr": ("français", "French"), "en": ("anglais", "English"), "ja": ("japonais", "Japanese"),
                  "ru": ("russe", "Russian")}  # fmt: skip
ROLE_NAMES = {"primary": ("édition principale", "main edition"), "translation": ("traduction", "translation")}


def language_name(code: str | None, lang: str = "fr") -> str:
    return _name(LANGUAGE_NAMES, code, lang)


def _name(names: dict, code: str | None, lang: str) -> str:
    return names[code][lang == "en"] if code in names else (code or "—")


def sources_table(df: pl.DataFrame, lang: str = "fr") -> pl.DataFrame:
    """The loaded files in words: language, role and country named, blanks as "—"."""
    rows = df.to_dicts()
    return pl.DataFrame(
        {
            t("document", lang): [r["file"] for r in rows],
            t("language", lang): [_name(LANGUAGE_NAMES, r["language"], lang) for r in rows],
            t("listings", lang): [r["listings"] for r in rows],
            t("year", lang): [str(r["catalogue_year"]) if r["catalogue_year"] else "—" for r in rows],
            t("partner_country", lang): [
                country_label(r["partner_country"], lang)
                if r["partner_country"]
                else ", ".join(country_label(c, lang) for c in r.get("partner_countries") or []) or "—"
                for r in rows
            ],  # fmt: skip
            t("role", lang): [_name(ROLE_NAMES, r["role"], lang) for r in rows],
            t("format", lang): [(r.get("format") or "text").upper() for r in rows],
            t("loaded_at", lang): [str(r["loaded_at"])[:16] for r in rows],
            "SHA-256": [r["sha256"] for r in rows],
        }
    )


def built_on(sources: pl.DataFrame) -> str:
    """The day the database was built: its files' latest load ("?" when none is loaded). Said of
    the whole database, whichever editions the filters keep."""
    return str(sources["loaded_at"].max())[:10] if not sources.is_empty() else "?"


def sources_in_view(sources: pl.DataFrame, filters) -> pl.DataFrame:
    """The loaded files of the editions the year and country filters keep."""
    return sources.filter([edition_in_view(r, filters) for r in sources.to_dicts()]) if len(sources) else sources


def edition_in_view(row: dict, filters) -> bool:
    """A loaded file is in view when its year is, and its country, or one of the several it
    declares (a mixed file), or it declares none (a register whose rows say theirs)."""
    if filters.years and str(row["catalogue_year"]) not in filters.years:
        return False
    declared = {row.get("partner_country"), *(row.get("partner_countries") or [])} - {None}
    return not filters.partner_countries or not declared or bool(declared & set(filters.partner_countries))


def literal(df: pl.DataFrame) -> pl.DataFrame:
    """A frame for display: direction controls in text cells shown as [U+202E], never obeyed
    (a right-to-left override would show "gnp.exe" as "exe.png")."""
    from dashboard.charts import BIDI_CONTROLS

    def shown(col: pl.Expr) -> pl.Expr:
        for ch in BIDI_CONTROLS:
            col = col.str.replace_all(ch, f"[U+{ord(ch):04X}]", literal=True)
        return col

    texts = [name for name, dtype in df.schema.items() if dtype == pl.String]
    return df.with_columns(shown(pl.col(name)) for name in texts)
