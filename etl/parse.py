"""Catalogue text → logical listings (pure).

The catalogue is a tab-separated table exported from a PDF. Each physical line is classified
as exactly one of: a listing's first line, a continuation of the listing above (page break),
layout (blank, preamble, table of contents, column header, theme header, separator) or
unrecognised (reported). `ParsedCatalogue.lines` holds one record per input line, so a test can
check that nothing is lost.

Rules, none tied to a line number:
- the language and the partner country come from the column header row;
- a theme header is a row whose only text is "Thématique : …" / "Theme: …" (HTML, Markdown or
  plain); with a page number, or inside the "Sommaire" block, it is the table of contents;
- a row has 6 cells (first = French region, or Economie/Tourisme in the economy section) or
  5 cells (no region column); the layout is read per row, not per section;
- a 6-cell row whose first cell is neither a known region nor a sub-theme while the French
  actor cell is empty was shifted left by the export: the first cell is the French actor;
- blank region / sub-theme cells and blank French-actor cells are filled from the listing above
  in the same section (flagged as fill-down, never across a theme header);
- a row whose identifying cells are all empty continues the listing above.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from etl.messages import render
from etl.normalize import clean_text, fold, join_continuation, normalize_subtheme, strip_markup
from etl.reference import countries_in
from etl.vocab import normalize_theme


class CatalogueFormatError(ValueError):
    """The text is not a catalogue table (no column header row found)."""


@dataclass(frozen=True)
class Issue:
    source_file: str
    source_line: int
    severity: str  # error | warning | info
    code: str
    message: str
    message_fr: str = ""  # the same in French (document text and codes quoted as they are)

    @classmethod
    def of(cls, source_file: str, source_line: int, severity: str, key: str, **values) -> Issue:
        """An issue whose messages come from the table (etl.messages): `key` is its code, or its
        code and a variant ("unresolved_place.meeting")."""
        message, message_fr = render(key, **values)
        return cls(source_file, source_line, severity, key.split(".")[0], message, message_fr)


@dataclass(frozen=True)
class LineRecord:
    line_no: int
    kind: str  # listing | continuation | blank | preamble | toc | header | theme | separator | furniture | unrecognised
    listing_line: int | None = None  # for listing/continuation: where the listing begins


@dataclass(frozen=True)
class RawListing:
    source_file: str
    source_line: int
    theme_label: str
    region_cell: str  # French region, or sub-theme, or "" (5-column rows)
    fr_actor: str
    partner_actor: str
    title: str
    description: str
    date_text: str
    columns: int
    lines: tuple[int, ...]
    region_filled: bool = False
    fr_actor_filled: bool = False
    shifted: bool = False
    country_cell: str = ""  # the row's own partner country, when the table has a country column
    country_filled: bool = False


@dataclass(frozen=True)
class ParsedCatalogue:
    source_file: str
    language: str  # fr | en
    partner_country: str | None  # the one partner country the file declares (ISO 3166-1 alpha-2), else None
    year: int | None
    listings: tuple[RawListing, ...]
    lines: tuple[LineRecord, ...]
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    year_basis: str = "none"  # title_page | title | file_name | none
    country_basis: str = "none"  # where the file's countries were read: header | title | file_name | none
    title: str = ""  # the title block of the first page, as written
    partner_countries: tuple[str, ...] = ()  # every partner country the file declares (a register: several)
    country_column: bool = False  # each row says its own country


_HEADER_WORDS = {
    "fr": ("intitule du projet", "description du projet", "date prevue"),
    "en": ("project title", "project description", "planned date"),
}
_THEME_HEADER = re.compile(
    r"^(?:th[ée]matiques?|th[èe]mes?|axe|domaine|topic)\s*(?:n[°o]\s*)?(?:\d+|[ivx]+)?\s*[:–—-]\s*(?P<label>.+?)[\s.]*$",
    re.IGNORECASE,
)
_TOC_START = re.compile(r"^(sommaire|table des mati[èe]res|contents|events by theme)", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_SEPARATOR = re.compile(r"^[-=_|:\s]+$")


def country_in_file_name(name: str, words: Mapping[str, str] | None = None, shared: bool = False) -> tuple[str, ...]:
    """Partner countries a file name names: a country's word ("catalogue_chine_2025") or a
    two-letter ISO code between separators ("catalogue_2024_jp_fr": not fr/en, the languages)."""
    from etl.reference import partner_countries

    stem = name.rsplit(".", 1)[0]
    found = set(countries_in(re.sub(r"[_\d.]+", " ", stem), words, shared))
    codes = set(partner_countries())
    found |= {t.upper() for t in re.split(r"[^A-Za-z]+", stem) if len(t) == 2 and t.lower() not in ("fr", "en")
              and t.upper() in codes}  # fmt: skip
    return tuple(sorted(found))


def detect_header(cells: Sequence[str], words: Mapping[str, str] | None = None) -> tuple[str, tuple[str, ...]] | None:
    """(language, partner countries it names) if the row is the table's column header row."""
    key = " ".join(fold(c) for c in cells)
    for language, header_words in _HEADER_WORDS.items():
        if sum(w in key for w in header_words) >= 2:
            return language, countries_in(key, words)
    return None


ROLES = ("region", "fr_actor", "partner_actor", "title", "description", "date", "country")
_REQUIRED = ("fr_actor", "partner_actor", "title", "description", "date")
_ROLE_NAMES = {"region": "Région", "fr_actor": "French actor", "partner_actor": "partner actor",
               "title": "title", "description": "description", "date": "date", "country": "country"}  # fmt: skip
_BODY_WORDS = ("collectivit", "organism", "organis", "government", "authorit", "body")
_ACTOR_WORDS = (*_BODY_WORDS, "partenaire", "partner")


def column_role(cell: str) -> str | None:
    """What a column header cell names ("Date prévue" → date; "…organisme français concerné" →
    fr_actor), by its words; None for a column the catalogue format does not have."""
    key = fold(strip_markup(cell))
    words = key.split()
    if "intitule" in words or "title" in words or "titre" in words:
        return "title"
    if "description" in words:
        return "description"
    if "date" in words:
        return "date"
    body = any(w.startswith(_BODY_WORDS) for w in words)
    if ("pays" in words or "country" in words) and not body:
        return "country"  # "Pays partenaire", "Partner country"
    actor = body or any(w.startswith(_ACTOR_WORDS) for w in words)
    if actor and ("francais" in words or "french" in words or "francaise" in words):
        return "fr_actor"
    if actor:
        return "partner_actor"
    if words and words[0] == "region" and len(words) <= 2:
        return "region"
    return None


def column_roles(cells: Sequence[str], source_file: str, line_no: int) -> tuple[str | None, ...]:
    """The role of each header column, read from the header's words. CatalogueFormatError when
    a column the listings need is missing or named twice: rows would otherwise be read shifted
    (region → actor → partner) without a word."""
    cells = list(cells)
    while cells and not strip_markup(cells[-1]):
        cells.pop()
    roles = tuple(column_role(c) for c in cells)
    named = [r for r in roles if r]
    missing = [_ROLE_NAMES[r] for r in _REQUIRED if r not in named]
    twice = sorted({_ROLE_NAMES[r] for r in named if named.count(r) > 1})
    if missing or twice:
        problem = f"no {', '.join(missing)} column" if missing else f"two {', '.join(twice)} columns"
        raise CatalogueFormatError(
            f"{source_file}:{line_no}: the column header has {problem} "
            f"(columns: {' | '.join(strip_markup(c) or '—' for c in cells)}): rows would be read shifted"
        )
    return roles


def read_cells(texts: Sequence[str], roles: Sequence[str | None]) -> dict[str, str] | None:
    """The cells of a row by role: a row as wide as the header, or one cell narrower when the
    header's first column is the region (sections without a Région column). None otherwise."""
    if len(texts) == len(roles):
        used = roles
    elif roles and roles[0] == "region" and len(texts) == len(roles) - 1:
        used = roles[1:]
    else:
        return None
    cells = {r: "" for r in ROLES}
    cells.update({r: t for r, t in zip(used, texts, strict=True) if r})
    return cells


def _theme_label(cells: Sequence[str]) -> tuple[str, bool] | None:
    """(label, is_toc_entry) if the row is a theme header; None otherwise."""
    texts = [strip_markup(c) for c in cells]
    filled = [t for t in texts if t]
    if not filled:
        return None
    m = _THEME_HEADER.match(filled[0])
    if not m:
        return None
    rest = filled[1:]
    if rest and not all(_PAGE_NUMBER.match(t) for t in rest):
        return None
    return m.group("label").strip(" .…"), bool(rest) or bool(re.search(r"\.{3,}", filled[0]))


def _bare_theme(raw: str, texts: Sequence[str]) -> str | None:
    """A section heading without "Thématique :" ("**CULTURE**", "## Sport et jeunesse"): the only
    text of the line, in its first cell, set apart as a heading (bold, Markdown heading or
    capitals), short, and naming a known theme — or, written as a heading twice over (bold or
    Markdown, and in capitals: "**SANTÉ**"), naming none: its listings are then of no known theme
    and flagged, as under "Thématique : Santé", never left under the theme above."""
    if not texts or not texts[0] or any(texts[1:]):
        return None
    label = strip_markup(texts[0]).strip(" :")
    marked = "<b>" in raw.lower() or raw.lstrip().startswith(("#", "**"))
    heading = marked or label.isupper()
    if not heading or len(label) > 60 or label.endswith(".") or not any(ch.isalpha() for ch in label):
        return None
    known = normalize_theme(label) != "other"
    return label if known or (marked and label.isupper() and len(label.split()) <= 4) else None


_DANGLING = re.compile(
    r"(?:\b(?:de|du|des|le|la|les|et|ou|à|au|aux|en|par|pour|sur|avec|entre|dans|of|the|and|for|with|from)"
    r"|\b[ld]['’]|[-,:;/(–])$"
)


def _continues(prev: RawListing, row: Mapping[str, str]) -> bool:
    """A row at the top of a page (under a row the break may have cut) ends that row: it has no
    title of its own while the row above has one, or it has text under a cell the break left
    mid-phrase (ending with "de", "entre le", "and", a hyphen or a comma). Short English words
    that end place names ("Tràng An", "Hội An") are not taken as cut phrases."""
    if prev.title and not row["title"]:
        return True
    above = {"region": prev.region_cell, "fr_actor": prev.fr_actor, "partner_actor": prev.partner_actor,
             "title": prev.title, "description": prev.description, "date": prev.date_text}  # fmt: skip
    return any(row[k] and text and _DANGLING.search(text.lower().rstrip()) for k, text in above.items())


def _missing_cell(first: str, prev: RawListing | None, is_region: Callable[[str], bool]) -> bool:
    """A row one cell short of the header's (read without its Région column) whose first cell
    cannot be the French actor it would be read as: a sub-theme ("Economie", "Tourisme"), or a
    region's name under rows that have a Région column, or a region's bare name ("Bretagne", not
    "Région Bretagne", an actor) wherever it sits — the first row under a theme included."""
    if normalize_subtheme(first):
        return True
    if not _is_region_cell(first, is_region):
        return False
    bare = not {"region", "conseil", "departement", "collectivite"} & set(fold(first).split())
    return bare or (prev is not None and prev.columns == 6)


def _joined(prev: RawListing, row: Mapping[str, str], line_no: int) -> RawListing:
    """A listing and the end of its row, cut by a page break: every cell joined to its start."""
    return replace(
        prev,
        region_cell=join_continuation(prev.region_cell, row["region"]) if not prev.region_filled else prev.region_cell,
        fr_actor=join_continuation(prev.fr_actor, row["fr_actor"]) if not prev.fr_actor_filled else prev.fr_actor,
        partner_actor=join_continuation(prev.partner_actor, row["partner_actor"]),
        title=join_continuation(prev.title, row["title"]),
        description=join_continuation(prev.description, row["description"]),
        date_text=join_continuation(prev.date_text, row["date"]),
        country_cell=join_continuation(prev.country_cell, row["country"]),
        lines=(*prev.lines, line_no),
    )


def _theme_above_header(lines: Sequence[str], header_index: int, layout: Collection[int]) -> str | None:
    """The theme of the first section when its heading stands just above the column header (a
    document whose tables each follow their heading), without a page number or dot leaders
    (those are table-of-contents entries)."""
    above = [i for i in range(header_index) if strip_markup(lines[i]) and i + 1 not in layout]
    if not above:
        return None
    raw = lines[above[-1]]
    theme = _theme_label(raw.split("\t"))
    if theme and not theme[1]:
        return theme[0]
    return _bare_theme(raw, [clean_text(c) for c in raw.split("\t")])


def _widths(roles: Sequence[str | None], word: str = "or") -> str:
    n = len(roles)
    return f"{n - 1} {word} {n}" if roles and roles[0] == "region" else str(n)


_BODY_KEYS = re.compile(
    r"\b(?:collectivite|conseil|council|ville|city|commune|metropole|departement|universite|"
    r"university|mairie|agglomeration|communaute|chambre|association|institut|ecole|lycee)\b"
)


def _is_region_cell(cell: str, is_region: Callable[[str], bool]) -> bool:
    """A cell that is only a region's name (short), not an actor naming one ("Collectivité
    européenne d'Alsace", "Conseil régional de Bretagne" are actors)."""
    return (bool(cell) and len(cell) <= 40 and "," not in cell and not _BODY_KEYS.search(fold(cell))
            and is_region(cell))  # fmt: skip


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _title_block(lines: Sequence[str], header_index: int) -> str:
    """The first block of the title page that is not only a year, if it is short (a title)."""
    blocks: list[list[str]] = [[]]
    for line in lines[:header_index]:
        text = strip_markup(line)
        if not text:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(text)
    for block in blocks:
        text = " ".join(block).strip("* ")
        if text and not re.fullmatch(r"\W*(?:19|20)\d\d\W*", text):
            return text if len(text) <= 200 else ""
    return ""


def _detect_year(lines: Sequence[str], header_index: int, title: str, source_file: str) -> tuple[int | None, str]:
    """The catalogue's year and where it was read: a title-page line holding only a year (bold or
    not; not the end of a sentence, "1990.", as a paragraph wrapped in a PDF leaves one), else a
    year in the title, else one in the file name (catalogue_2024_jp_fr.txt)."""
    for line in lines[:header_index]:
        m = re.fullmatch(r"\W*((?:19|20)\d\d)\W*", strip_markup(line).strip())
        if m and not strip_markup(line).strip().endswith("."):
            return int(m.group(1)), "title_page"
    years = _YEAR.findall(title)
    if years:
        return int(years[0]), "title"
    years = _YEAR.findall(source_file)
    if len(years) == 1:
        return int(years[0]), "file_name"
    return None, "none"


def file_countries(preamble: Sequence[str], title: str, header: tuple[str, ...], source_file: str,
                   words: Mapping[str, str] | None = None, header_text: str = "") -> tuple[tuple[str, ...], str]:  # fmt: skip
    """(partner countries the file declares, where they were read), in order: the column header
    ("organisme chinois"), the title ("franco-sénégalaise et franco-burkinabè"), the rest of the
    title page, the file name ("catalogue_2024_jp_fr.txt"). Several: a file mixing countries,
    whose rows are told apart by their own evidence (etl.countries). Only when none of them names
    one country, a word several share names each of them, read in the same order ("organisme
    coréen": both Koreas; the file name's "us" wins over the header's "American")."""
    for shared in (False, True):
        found = countries_in(header_text, words, shared) if shared else header
        if found:
            return found, "header"
        found = countries_in(title, words, shared) or countries_in(" ".join(preamble), words, shared)
        if found:
            return found, "title"
        found = country_in_file_name(source_file, words, shared)
        if found:
            return found, "file_name"
    return (), "none"


def parse_catalogue(
    lines: Sequence[str],
    source_file: str,
    is_region: Callable[[str], bool] = lambda text: True,
    words: Mapping[str, str] | None = None,
    layout: Collection[int] = (),
    cut: Mapping[int, int] | None = None,
) -> ParsedCatalogue:
    """Classify every physical line and assemble the logical listings.

    `is_region(cell)` tells whether a first cell names a French region; it decides whether a
    6-cell row with an empty actor cell was shifted left by the export. `layout`: the line
    numbers the reader of a PDF recognised as page furniture (page numbers, running heads);
    `cut`: the first rows of pages that may end a row cut by the page break → that row's line
    (joined to it when they have no title of their own, or it was left mid-phrase).
    """
    header_index, language, header_countries = _find_header(lines, words)
    if header_index is None:
        raise CatalogueFormatError(
            f"{source_file}: no column header row (expected 'Intitulé du projet … Date prévue' "
            "or 'Project title … Planned date'): not a catalogue table"
        )
    roles = column_roles(lines[header_index].split("\t"), source_file, header_index + 1)
    reader = _RowReader(source_file, roles, is_region, words, frozenset(layout), cut or {})
    reader.read_header(lines, header_index)
    for i in range(header_index + 1, len(lines)):
        reader.read_line(i + 1, lines[i])
    title = _title_block(lines, header_index)
    year, year_basis = _detect_year(lines, header_index, title, source_file)
    named = [int(y) for y in _YEAR.findall(source_file)]
    if year is not None and len(named) == 1 and named[0] != year:
        reader.report(1, "warning", "year_disagreement", year=year, named=named[0])
    records, issues = _after_the_table(reader, lines)
    header_text = lines[header_index] if header_index is not None else ""
    declared, country_basis = file_countries(lines[:header_index], title, header_countries, source_file, words,
                                             header_text)  # fmt: skip
    return ParsedCatalogue(
        source_file=source_file,
        language=language,
        partner_country=declared[0] if len(declared) == 1 else None,
        partner_countries=declared,
        country_column="country" in roles,
        year=year,
        year_basis=year_basis,
        country_basis=country_basis,
        title=title,
        listings=tuple(reader.listings),
        lines=records,
        issues=issues,
    )


def _after_the_table(reader, lines: Sequence[str]) -> tuple[tuple, tuple[Issue, ...]]:
    """(records, issues): a line of prose in one cell after the catalogue's last listing, with only
    blank lines between (a contact line, a colophon), is no listing that failed — layout, reported
    as text after the table (info), not an error stopping the build. A row cut short at the end of
    a truncated file (after a theme header, or a word or two of its first cell) stays an error."""
    last = max((n for li in reader.listings for n in (li.source_line, *li.lines)), default=None)
    if last is None:
        return tuple(reader.records), tuple(reader.issues)

    kinds = {r.line_no: r.kind for r in reader.records}

    def colophon(n: int) -> bool:  # prose of one cell, only blank or separator lines since the last listing
        between = [kinds.get(k) for k in range(last + 1, n)]
        first, *rest = lines[n - 1].split("\t")
        return "blank" in between and set(between) <= {"blank", "separator", "furniture"} \
            and not any(c.strip() for c in rest) and len(first.split()) >= 4  # fmt: skip

    after = {i.source_line for i in reader.issues if i.code == "unrecognised_line" and i.source_line > last
             and colophon(i.source_line)}  # fmt: skip
    issues = tuple(Issue.of(i.source_file, i.source_line, "info", "text_after_table",
                            text=lines[i.source_line - 1].strip()[:80]) if i.source_line in after and
                   i.code == "unrecognised_line" else i for i in reader.issues)  # fmt: skip
    records = tuple(replace(r, kind="furniture") if r.line_no in after else r for r in reader.records)
    return records, issues


def _find_header(lines: Sequence[str], words: Mapping[str, str] | None) -> tuple[int | None, str, tuple[str, ...]]:
    """(index of the column header row, the catalogue's language, the partner countries it names)."""
    for i, line in enumerate(lines):
        found = detect_header(line.split("\t"), words)
        if found:
            return i, found[0], found[1]
    return None, "fr", ()


@dataclass
class _RowReader:
    """Reads a catalogue's lines one by one, a method per kind of line: what each line is
    (`records`), the listings it assembles, and the issues it reports with their line."""

    source_file: str
    roles: list
    is_region: Callable[[str], bool]
    words: Mapping[str, str] | None
    layout: frozenset[int]
    cut: Mapping[int, int]
    records: list[LineRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    listings: list[RawListing] = field(default_factory=list)
    section_rows: list[RawListing] = field(default_factory=list)  # the current section's, for fill-down
    theme_label: str | None = None

    def report(self, line_no: int, severity: str, key: str, **values) -> None:
        self.issues.append(Issue.of(self.source_file, line_no, severity, key, **values))

    def mark(self, line_no: int, kind: str, listing_line: int | None = None) -> None:
        self.records.append(
            LineRecord(line_no, kind) if listing_line is None else LineRecord(line_no, kind, listing_line)
        )

    @property
    def last(self) -> RawListing | None:
        return self.section_rows[-1] if self.section_rows else None

    # -- before the table -------------------------------------------------------------------
    def read_header(self, lines: Sequence[str], header_index: int) -> None:
        """The columns the header names, the title page and contents above it, the header itself."""
        for cell, role in zip(lines[header_index].split("\t"), self.roles, strict=False):
            if role is None and strip_markup(cell):
                self.report(header_index + 1, "info", "column_ignored", column=strip_markup(cell)[:60])
        in_toc = False  # everything before the column header is title page, introduction or contents
        for i in range(header_index):
            text = strip_markup(lines[i])
            if i + 1 in self.layout or not text:
                self.mark(i + 1, "furniture" if i + 1 in self.layout else "blank")
                continue
            in_toc = in_toc or bool(_TOC_START.match(text))
            theme = _theme_label(lines[i].split("\t"))
            self.mark(i + 1, "toc" if (in_toc or (theme and theme[1])) else "preamble")
        self.theme_label = _theme_above_header(lines, header_index, self.layout)
        if self.theme_label is not None:
            at = max(i for i in range(header_index) if strip_markup(lines[i]) and i + 1 not in self.layout)
            self.records[at] = LineRecord(at + 1, "theme")
        self.mark(header_index + 1, "header")

    # -- the table ---------------------------------------------------------------------------
    def read_line(self, line_no: int, raw: str) -> None:
        """One line of the table: furniture, blank, separator, a repeated header, a theme header, or a row."""
        if line_no in self.layout:
            return self.mark(line_no, "furniture")
        cells = raw.split("\t")
        while len(cells) > len(self.roles) and not cells[-1].strip():
            cells.pop()
        texts = [clean_text(c) for c in cells]
        if not any(texts):
            return self.mark(line_no, "blank")
        if all(_SEPARATOR.match(c) for c in cells if c.strip()):
            return self.mark(line_no, "separator")
        if detect_header(cells, self.words):
            return self.mark(line_no, "header")
        if not self._theme_line(line_no, raw, cells, texts):
            self._row_line(line_no, raw, texts)

    def _theme_line(self, line_no: int, raw: str, cells: list[str], texts: list[str]) -> bool:
        """A theme header (a new section) or a contents line; False when the line is neither."""
        theme = _theme_label(cells)
        if theme and theme[1]:
            self.mark(line_no, "toc")
            return True
        label = theme[0] if theme else _bare_theme(raw, texts)
        if not theme and (not label or (normalize_theme(label) == "other" and self.is_region(label))):
            return False  # "**BRETAGNE**": a region set apart, no theme (an error naming its line)
        self.theme_label, self.section_rows = label, []
        self.mark(line_no, "theme")
        if not theme:
            self.report(line_no, "info", "bare_theme_header", label=label)
        return True

    def _row_line(self, line_no: int, raw: str, texts: list[str]) -> None:
        """A row of cells: a listing, the end of one cut by a page break or a wrapped cell, or an error."""
        row = read_cells(texts, self.roles)
        if row is None:
            self.mark(line_no, "unrecognised")
            self.report(line_no, "error", "unrecognised_line", cells=len(texts), widths=_widths(self.roles),
                        widths_fr=_widths(self.roles, "ou"), text=raw.strip()[:80])  # fmt: skip
            return
        cut_from = self.records[self.cut[line_no] - 1].kind if line_no in self.cut else None
        if cut_from == "header" and not row["title"]:
            return self.mark(line_no, "header")  # the end of a header row cut by the page break
        if self.theme_label is None:
            self.mark(line_no, "unrecognised")
            self.report(line_no, "error", "row_before_theme")
            return
        columns = 6 if len(texts) == len(self.roles) and self.roles[0] == "region" else 5
        if columns == 5 and _missing_cell(row["fr_actor"], self.last, self.is_region):
            return self._missing_cell(line_no, row["fr_actor"], len(texts))
        shifted = self._shifted(line_no, row, columns)
        if (
            cut_from in ("listing", "continuation")
            and self.last is not None
            and not shifted
            and _continues(self.last, row)
        ):
            return self._cut_continuation(line_no, row)
        if not row["region"] and not row["fr_actor"] and not row["partner_actor"] and not row["country"]:
            return self._continuation(line_no, row)
        self._listing(line_no, row, columns, shifted)

    def _missing_cell(self, line_no: int, first: str, n: int) -> None:
        self.mark(line_no, "unrecognised")
        what = "subtheme" if normalize_subtheme(first) else "region"
        self.report(line_no, "error", f"missing_cell.{what}", cells=n, width=len(self.roles), first=first)

    def _shifted(self, line_no: int, row: dict, columns: int) -> bool:
        """A 6-cell row whose first cell is no region but an actor, the actor cell empty: the export
        shifted it left; the row is read with that cell as the French actor."""
        first = row["region"]
        if not (columns == 6 and first and not row["fr_actor"] and row["partner_actor"]
                and not normalize_subtheme(first) and not self.is_region(first)):  # fmt: skip
            return False
        row["region"], row["fr_actor"] = "", first
        self.report(line_no, "warning", "shifted_row", first=first)
        return True

    def _cut_continuation(self, line_no: int, row: dict) -> None:
        prev = self.last
        self.section_rows[-1] = self.listings[-1] = _joined(prev, row, line_no)
        self.mark(line_no, "continuation", prev.source_line)
        self.report(line_no, "info", "row_cut_by_page_break", line=prev.source_line)

    def _continuation(self, line_no: int, row: dict) -> None:
        """A row with no place cell: the wrapped end of the listing above, else an orphan."""
        prev = self.last
        if prev is None:
            self.mark(line_no, "unrecognised")
            self.report(line_no, "error", "orphan_continuation")
            return
        merged = replace(prev, title=join_continuation(prev.title, row["title"]),
                         description=join_continuation(prev.description, row["description"]),
                         date_text=join_continuation(prev.date_text, row["date"]), lines=(*prev.lines, line_no))  # fmt: skip
        self.section_rows[-1] = self.listings[-1] = merged  # the section's last row is the last listing
        self.mark(line_no, "continuation", prev.source_line)

    def _listing(self, line_no: int, row: dict, columns: int, shifted: bool) -> None:
        """A new listing, its empty region, French actor and country cells filled from the row above."""
        prev, region_cell, fr_actor, country_cell = self.last, row["region"], row["fr_actor"], row["country"]
        region_filled = fr_filled = country_filled = False
        if columns == 6 and not region_cell and prev is not None and prev.columns == 6 and prev.region_cell:
            region_cell, region_filled = prev.region_cell, True
        same_region = columns == 5 or region_filled or (prev is not None and prev.region_cell == region_cell)
        if not fr_actor and not shifted and same_region and prev is not None and prev.fr_actor:
            fr_actor, fr_filled = prev.fr_actor, True
            self.report(line_no, "info", "fr_actor_filled", actor=fr_actor)
        if "country" in self.roles and not country_cell and prev is not None and prev.country_cell:
            country_cell, country_filled = prev.country_cell, True
            self.report(line_no, "info", "country_filled", country=country_cell)
        if not row["title"]:
            self.report(line_no, "warning", "missing_title")
        listing = RawListing(
            source_file=self.source_file, source_line=line_no, theme_label=self.theme_label, region_cell=region_cell,
            fr_actor=fr_actor, partner_actor=row["partner_actor"], title=row["title"], description=row["description"],
            date_text=row["date"], columns=columns, lines=(line_no,), region_filled=region_filled,
            fr_actor_filled=fr_filled, shifted=shifted, country_cell=country_cell, country_filled=country_filled,
        )  # fmt: skip
        self.listings.append(listing)
        self.section_rows.append(listing)
        self.mark(line_no, "listing", line_no)
