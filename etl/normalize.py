"""Small value normalizers: cell text, name folding, themes, dates and semesters (all pure).

Invariants:
- `clean_text` returns plain text: no HTML tag or entity survives, doubled quotes are single.
- `fold` is the one key used to compare names anywhere (gazetteer, overrides, pairing).
- `read_dates` never invents a year: a date without a year takes the year given elsewhere in
  the same text, else the catalogue year passed in (and says so with `year_assumed`).
"""

from __future__ import annotations

import calendar
import html
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

# --- text -------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_BLOCK_TAGS = {"p", "br", "div", "li", "tr"}
_ORDINAL_GAP = re.compile(r"(\d)\s+(ème|eme|ère|er|e|è|th|st|nd|rd)\b")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")


def clean_text(cell: str) -> str:
    """Plain text of a cell: HTML tags and entities removed, doubled quotes undone, spaces folded.

    `<sup>ème</sup>` glues to its number ("50ème"); block tags (`<p>`) become a space.
    """
    text = cell.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"' and '""' in text:
        text = text[1:-1]  # a CSV-quoted cell: "… ""x"" …"
    text = text.replace('""', '"')

    def _tag(match: re.Match[str]) -> str:
        return " " if match.group(2).lower() in _BLOCK_TAGS else ""

    text = _TAG.sub(_tag, text)
    text = html.unescape(text)
    text = _ORDINAL_GAP.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text)
    return text.strip()


def strip_markup(cell: str) -> str:
    """Text of a layout cell: clean_text plus Markdown heading and emphasis markers removed."""
    text = clean_text(cell)
    text = re.sub(r"^#+\s*", "", text)
    return text.replace("**", "").strip()


def fold(name: str) -> str:
    """Comparison key of a name: no accents, lower case, `-`/`'` as spaces, `st` → `saint`."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    text = re.sub(r"[^0-9a-zа-яё]+", " ", text)
    tokens = ["saint" if t == "st" else "sainte" if t == "ste" else t for t in text.split()]
    return " ".join(tokens)


def join_continuation(head: str, tail: str) -> str:
    """Join text cut by a page break: a hyphen at the cut glues the words back together."""
    head, tail = head.rstrip(), tail.lstrip()
    if not head:
        return tail
    if not tail:
        return head
    if head.endswith("-") and not head.endswith(" -"):
        return head + tail
    return f"{head} {tail}"


# --- themes -----------------------------------------------------------------------------

THEMES = ("partnerships", "academic", "culture", "economy", "environment", "sport")

# Ordered: the first rule whose keyword appears in the folded header label wins.
_THEME_KEYWORDS = (
    ("partnerships", ("partenariat", "jumelage", "partnership", "twinning")),
    ("academic", ("universitaire", "recherche", "academic", "research")),
    ("culture", ("cultur",)),
    ("economy", ("economie", "tourisme", "economy", "tourism")),
    ("environment", ("environnement", "environment", "climat", "climate")),
    ("sport", ("sport",)),
)


def normalize_theme(label: str) -> str | None:
    """Theme code of a section header label (French or English), None if unknown."""
    key = fold(label)
    for code, words in _THEME_KEYWORDS:
        if any(w in key for w in words):
            return code
    return None


_SUBTHEMES = {
    "economie": "economy",
    "economy": "economy",
    "tourisme": "tourism",
    "tourism": "tourism",
}


def normalize_subtheme(cell: str) -> str | None:
    """`economy`/`tourism` for the first column of the economy section, else None."""
    return _SUBTHEMES.get(fold(cell))


# --- dates and semesters ----------------------------------------------------------------

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_M = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_Y = r"((?:19|20)\d\d)"
_D = r"(\d{1,2})(?:er)?"
_TO = r"\s*(?:-|au|to|a)\s*"
_EDGE = r"(?:(?:debut|fin|mi|early|late|mid)\s+)?"

# Patterns run on folded text, most specific first; each match is blanked before the next.
_DAY_RANGE_FULL = re.compile(rf"\b{_D}\s+{_M}(?:\s+{_Y})?{_TO}{_D}\s+{_M}(?:\s+{_Y})?\b")
_DAY_RANGE = re.compile(rf"\b{_D}{_TO}{_D}\s+{_M}(?:\s+{_Y})?\b")
_MONTH_RANGE = re.compile(rf"\b{_EDGE}{_M}{_TO}{_EDGE}{_M}(?:\s+{_Y})?\b")
_DAY = re.compile(rf"\b{_D}\s+{_M}(?:\s+{_Y})?\b")
_MONTH = re.compile(rf"\b{_EDGE}{_M}(?:\s+{_Y})?\b")
_QUARTER = re.compile(r"\b(?:([1-4])\s*(?:eme|er|e|nd|rd|th|st)?\s*trimestre|quarter\s*([1-4])|q([1-4]))\b")
_SEMESTER = re.compile(
    r"\b(?:(?:semestre|semester)\s*([12])|(premier|1er|first|1st)\s+(?:semestre|semester)"
    r"|(second|seconde|deuxieme|2eme|2nd)\s+(?:semestre|semester))\b"
)
_WHOLE_YEAR = re.compile(
    r"\b(?:tout au long de l annee|toute l annee|throughout(?: the year)?|all year(?: round)?)"
    r"(?:\s+" + _Y + r")?\b"
)
_YEAR = re.compile(rf"\b{_Y}\b")


@dataclass(frozen=True)
class DateInfo:
    """What a piece of text says about when something happens."""

    semester: str = "UNKNOWN"  # S1, S2, YEAR, UNKNOWN
    date_start: date | None = None
    date_end: date | None = None
    year: int | None = None
    year_assumed: bool = False  # a day/month without a year took the default year
    explicit_semester: str | None = None  # what the text states (S1/S2/YEAR), if anything
    conflict: bool = False  # the stated semester and the dates disagree

    @property
    def found(self) -> bool:
        return self.semester != "UNKNOWN" or self.year is not None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _semester_of(start: date, end: date) -> str:
    if end.month <= 6:
        return "S1"
    if start.month >= 7:
        return "S2"
    return "YEAR"


def _date_fold(text: str) -> str:
    """Lower case without accents, dashes unified, punctuation kept (it separates numbers)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).replace("'", " ").replace("\u2019", " ")
    return re.sub(r"\s+", " ", text)


def read_dates(text: str, default_year: int | None) -> DateInfo:
    """Semester, day/month interval and year stated in a date cell or a sentence."""
    work = " " + _date_fold(text) + " "
    intervals: list[tuple[date, date]] = []
    years_seen = [int(y) for y in _YEAR.findall(work)]
    context_year = years_seen[0] if years_seen else None
    assumed = False

    def year_of(*candidates: str | None) -> int | None:
        nonlocal assumed
        for c in candidates:
            if c:
                return int(c)
        if context_year is not None:
            return context_year
        if default_year is not None:
            assumed = True
        return default_year

    def blank(m: re.Match[str]) -> None:
        nonlocal work
        work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end() :]

    def take(pattern: re.Pattern[str], build) -> None:
        for m in list(pattern.finditer(work)):
            interval = build(m.groups())
            if interval:
                intervals.append(interval)
            blank(m)

    def day_range_full(g):
        d1, m1, y1, d2, m2, y2 = g
        y_end = year_of(y2, y1)
        y_start = int(y1) if y1 else y_end
        if y_start is None:
            return None
        return date(y_start, MONTHS[m1], int(d1)), date(y_end, MONTHS[m2], int(d2))

    def day_range(g):
        d1, d2, m, y = g
        yy = year_of(y)
        return None if yy is None else (date(yy, MONTHS[m], int(d1)), date(yy, MONTHS[m], int(d2)))

    def month_range(g):
        m1, m2, y = g
        yy = year_of(y)
        return None if yy is None else (date(yy, MONTHS[m1], 1), _month_end(yy, MONTHS[m2]))

    def day(g):
        d, m, y = g
        yy = year_of(y)
        return None if yy is None else (date(yy, MONTHS[m], int(d)),) * 2

    def month(g):
        m, y = g
        # A month with no year next to it counts only in a short, date-like text: in a
        # sentence "mai"/"may" is too weak.
        if not y and (context_year is None or len(work) > 80):
            return None
        yy = year_of(y)
        return None if yy is None else (date(yy, MONTHS[m], 1), _month_end(yy, MONTHS[m]))

    explicit: str | None = None
    quarters: list[int] = []
    for m in list(_WHOLE_YEAR.finditer(work)):
        explicit = "YEAR"
        blank(m)
    for m in list(_QUARTER.finditer(work)):
        q = int(next(x for x in m.groups() if x))
        quarters.append(q)
        explicit = explicit or ("S1" if q <= 2 else "S2")
        blank(m)
    for m in list(_SEMESTER.finditer(work)):
        number, first, second = m.groups()
        sem = "S1" if (number == "1" or first) else "S2"
        explicit = "YEAR" if explicit and explicit != sem else (explicit or sem)
        blank(m)

    try:
        take(_DAY_RANGE_FULL, day_range_full)
        take(_DAY_RANGE, day_range)
        take(_MONTH_RANGE, month_range)
        take(_DAY, day)
        take(_MONTH, month)
    except ValueError:  # an impossible day such as 31 février: ignore the dates, keep the rest
        intervals.clear()
    for q in quarters:
        yy = year_of(None)
        if yy is not None:
            intervals.append((date(yy, 3 * q - 2, 1), _month_end(yy, 3 * q)))

    info = DateInfo(explicit_semester=explicit)
    if intervals:
        start = min(i[0] for i in intervals)
        end = max(i[1] for i in intervals)
        from_dates = _semester_of(start, end)
        semester = explicit or from_dates
        conflict = explicit in ("S1", "S2") and from_dates != explicit
        info = replace(
            info, semester=semester, date_start=start, date_end=end, year=start.year,
            conflict=conflict, year_assumed=assumed,
        )  # fmt: skip
    elif explicit:
        info = replace(info, semester=explicit)
    if info.year is None and years_seen:
        info = replace(info, year=years_seen[0])
    if info.year is None and info.semester != "UNKNOWN" and default_year is not None:
        info = replace(info, year=default_year, year_assumed=True)
    return info


def read_text_dates(text: str, catalogue_year: int) -> DateInfo:
    """Dates of the catalogue's year stated in a title or description (others are history)."""
    sentences = re.split(r"(?<=[.;!?])\s+|\)\s*|\(", text)
    found: list[DateInfo] = []
    for sentence in sentences:
        info = read_dates(sentence, catalogue_year)
        if info.date_start and info.year == catalogue_year:
            found.append(info)
    if not found:
        return DateInfo()
    start = min(i.date_start for i in found)
    end = max(i.date_end for i in found)
    return DateInfo(
        semester=_semester_of(start, end), date_start=start, date_end=end, year=catalogue_year,
        year_assumed=all(i.year_assumed for i in found),
    )  # fmt: skip


# --- French actors ----------------------------------------------------------------------

_ACTOR_KINDS = (
    ("to_be_defined", ("a definir", "to be determined")),
    ("state", ("ambassade", "scac", "ifr", "daect", "consulat", "cg ", "ministere", "embassy")),
    ("region", ("region", "conseil regional", "regional council")),
    ("department", ("departement", "department")),
    ("intercommunality", ("metropole", "agglomeration", "communaute", "grand paris")),
    ("higher_education", ("universite", "university", "ecole", "inalco", "institut", "cnrs")),
    ("association", ("association", "comite")),
    ("commune", ("ville", "commune", "town", "city")),
)


def classify_actor(actor: str) -> str:
    """Kind of a French actor by its name: commune unless a keyword says otherwise."""
    first = re.split(r"[/,;]| et ", actor, maxsplit=1)[0]
    key = " " + fold(first) + " "
    if not key.strip():
        return "unknown"
    for kind, words in _ACTOR_KINDS:
        if any(f" {w.strip()} " in key or (w.endswith(" ") and f" {w}" in key) for w in words):
            return kind
    return "commune"
