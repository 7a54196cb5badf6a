"""When a listing happens: a small grammar of French and English date expressions (pure).

`read_dates(cell, default_year)` reads a date cell; `read_text_dates(text, catalogue_year)` reads
the dates of the catalogue's year written in a title or description. Both return a
`DateReading` and never raise: anything they cannot read is UNKNOWN.

How it works. The text is folded (no accents, lower case, dashes unified). Recognisers run in
a fixed order, most specific first; each match becomes an `Item` and is blanked, so
"du 28 juin au 3 juillet 2024" is one day range, never two days. Quarters, semesters, seasons
and ranges are recognised here, *before* dateparser would see them (it reads "T3 2024" as
March). dateparser is only the last resort for a cell whose single absolute date none of the
recognisers read, with day, month and year all required.

Items are of four kinds:
- `statement`: a stated semester or quarter ("2e semestre", "S2", "H2", "T3", "Q4");
- `period`: the activity runs through the interval ("du 11 au 13 octobre", "avril–septembre",
  "toute l'année", "année universitaire 2024-2025");
- `window`: the activity happens at some point inside it ("octobre 2024", "printemps",
  "fin 2024", a bare year);
- `both`: several dates that all happen ("mai et octobre", "les 27 et 28 novembre").

Semester rule (stated in docs/reading-rules.md):
- an item inside one half-year gives that half (S1 = 1 Jan–30 Jun, S2 = 1 Jul–31 Dec);
- a *period* that crosses 30 June, "toute l'année", or dates in both halves give YEAR
  ("both halves of the year");
- a *window* that crosses 30 June (summer, "mi-2024", a bare year) gives UNKNOWN: the text
  does not say in which half it falls;
- anything that spans two calendar years (an academic year, "hiver 2024-2025", a span from
  December to January) gives UNKNOWN with `spans_years` set (the dates are kept);
- a stated semester or quarter that the dates contradict gives UNKNOWN with `conflict` set;
- seasons are meteorological (spring Mar–May, summer Jun–Aug, autumn Sep–Nov, winter Dec–Feb):
  spring is S1, autumn S2, summer UNKNOWN (a window across 30 June), winter spans two years;
  "la rentrée" is September.

Years: a date without a year takes the nearest year written after it in the same text, else
the nearest before it, else the catalogue year (and says so with `year_assumed`). A day/month
form whose end comes before its start wraps into the next year ("du 15 décembre au 15 janvier").
An all-numeric date is read day first in French; in English, a numeric date whose day and
month could be swapped is left out when the two readings fall in different halves.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

SEMESTERS = ("S1", "S2", "YEAR", "UNKNOWN")
_LEAP = 2000  # a stand-in year, to tell the half of a date written without any year

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janv": 1, "jan": 1, "jun": 6, "fevr": 2, "fev": 2, "feb": 2, "mar": 3, "avr": 4, "apr": 4,
    "juil": 7, "jul": 7, "aug": 8, "sept": 9, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Meteorological seasons: (first month, last month); winter ends in the next year.
SEASONS = {
    "printemps": (3, 5), "spring": (3, 5), "ete": (6, 8), "summer": (6, 8),
    "automne": (9, 11), "autumn": (9, 11), "fall": (9, 11), "hiver": (12, 2), "winter": (12, 2),
    "rentree": (9, 9),
}  # fmt: skip

_M = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_Y = r"(?P<{}>(?:19|20)\d\d)"
_D = r"(?P<{}>[0-3]?\d)(?:er|re|eme|e|st|nd|rd|th)?"
_TO = r"\s*(?:-|au|a|to|till|until|through|jusqu au|jusqu a)\s*"
_EDGE = r"(?:(?:debut|fin|mi|courant|early|late|mid|end of|beginning of|start of)\s*-?\s*(?:de |d |of )?)"
_ORD = {  # ordinals only: "un semestre" is a duration, not the first half
    1: r"1|1er|1ere|1re|premier|premiere|first|1st",
    2: r"2|2e|2eme|2nd|2d|2de|second|seconde|deuxieme",
    3: r"3|3e|3eme|3rd|third|troisieme",
    4: r"4|4e|4eme|4th|fourth|quatrieme",
}


def m_(name: str) -> str:
    return _M.format(name)


def y_(name: str) -> str:
    return _Y.format(name)


def d_(name: str) -> str:
    return _D.format(name)


@dataclass(frozen=True)
class Item:
    """One date expression found in the text."""

    rule: str
    kind: str  # statement | period | window | both
    pos: int  # where it starts in the folded text (for the nearest year)
    year: int | None  # a year written inside the expression
    build: Callable[[int], tuple[date, date]] | None  # year → (start, end); None: no date (tbd)
    parts: tuple[Callable[[int], tuple[date, date]], ...] = ()  # for `both`: each date


@dataclass(frozen=True)
class DateReading:
    """What a text says about when something happens."""

    semester: str = "UNKNOWN"  # S1 | S2 | YEAR | UNKNOWN
    date_start: date | None = None
    date_end: date | None = None
    year: int | None = None
    year_assumed: bool = False  # a date without a year took the catalogue year
    rule: str = ""  # the recognisers that matched, e.g. "semester+day_range"
    explicit_semester: str | None = None  # what the text states (S1/S2/YEAR), if anything
    conflict: bool = False  # a stated semester or quarter and the dates disagree
    spans_years: bool = False  # the dates run over two calendar years
    tbd: bool = False  # the text says the date is still to be set ("à définir")
    ambiguous: bool = False  # a numeric date readable day-first or month-first
    invalid: bool = False  # a date expression naming a day that does not exist ("31 février")
    readings: tuple[str, ...] = field(default_factory=tuple)  # the semesters of each reading, on conflict

    @property
    def found(self) -> bool:
        """A semester or at least a year was read."""
        return self.semester != "UNKNOWN" or self.year is not None

    @property
    def recognised(self) -> bool:
        """The text is a date expression, even one that gives no date ("à définir")."""
        return bool(self.rule)


# --- text -----------------------------------------------------------------------------------


def fold_dates(text: str) -> str:
    """Lower case without accents, dashes unified, apostrophes as spaces, spaces folded; dots,
    slashes and digits are kept (they separate numbers)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"['\u2019\u02bc`]", " ", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = text.replace("œ", "oe").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"(\d)\s+(er|re|eme|e|st|nd|rd|th)\b", r"\1\2", text)
    return re.sub(r"\s+", " ", text)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(m1: int, m2: int) -> Callable[[int], tuple[date, date]]:
    """First day of m1 to the last day of m2 (in the next year when m2 comes before m1)."""
    return lambda y: (date(y, m1, 1), _month_end(y + (m2 < m1), m2))


def _days(d1: int, m1: int, d2: int, m2: int) -> Callable[[int], tuple[date, date]]:
    return lambda y: (date(y, m1, d1), date(y + ((m2, d2) < (m1, d1)), m2, d2))


def _month(name: str | None) -> int:
    return MONTHS[name.rstrip(".")]  # type: ignore[union-attr]


def _int(value: str | None) -> int | None:
    return int(value) if value else None


# --- recognisers: (rule, pattern, handler(match) → Item | None) -------------------------------

_TBD = re.compile(
    r"\b(?:a definir|a determiner|a preciser|a confirmer|a fixer|a venir|date a venir|non (?:defini|definie|"
    r"determine|determinee|communique|connue?)|en cours de (?:definition|programmation)|reporte(?:e|s)?|"
    r"tbd|tbc|tba|to be (?:determined|defined|confirmed|announced|set|scheduled)|not yet (?:set|scheduled|known)|"
    r"postponed|date unknown|date inconnue|pending)\b"
)
_WHOLE_YEAR = re.compile(
    r"\b(?:(?:pendant |durant |sur |tout au long de |au cours de )?(?:toute |l ensemble de )l annee"
    r"|tout au long de l annee|annee entiere|(?:les )?deux semestres|both (?:halves|semesters)"
    r"|(?:throughout|all|during|over|across)(?: the)?(?: whole| entire| full)? year(?: round| long)?"
    r"|year[- ]round|all year|the whole year|the entire year|the full year"
    r"|(?:throughout|tout au long de)(?=\s*(?:(?:19|20)\d\d|$)))"  # "throughout the summer" is the summer
    r"(?:\s*(?:de |d |of |in )?" + y_("y") + r")?\b"
)
_ACADEMIC = re.compile(
    r"\b(?:(?:annee|saison|season|year) )?(?:universitaire|scolaire|academique|academic|school|university"
    r"|saison|season|culturelle)(?: year| annee)?\s*(?:de |d |of )?" + y_("y") + r"\s*[-/]\s*(?P<y2>(?:19|20)?\d\d)\b"
)
_YEAR_SPAN = re.compile(r"\b" + y_("y") + r"\s*[-/]\s*(?P<y2>(?:19|20)\d\d)\b")
_NUM_RANGE = re.compile(
    r"\b(?P<d1>[0-3]?\d)(?:[/.](?P<m1>[01]?\d))?\s*(?:-|au|to)\s*(?P<d2>[0-3]?\d)[/.](?P<m2>[01]?\d)[/.]"
    + y_("y")
    + r"\b"
)
_NUM_ISO = re.compile(r"\b" + y_("y") + r"[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)\b")
_NUM_DATE = re.compile(r"\b(?P<a>[0-3]?\d)[/.-](?P<b>[01]?\d)[/.-]" + y_("y") + r"\b")
# A month in figures with its year, as spreadsheets write it: "2027-03", "07/2027", "3/2027"
_NUM_MONTH = re.compile(
    r"\b(?:" + y_("y") + r"-(?P<m>0[1-9]|1[0-2])|(?P<m2>0?[1-9]|1[0-2])/" + y_("y2") + r")\b(?![-/.]\d)"
)
_DAY_RANGE = re.compile(
    r"\b(?:du |from |between |entre le |entre |les? )?"
    + d_("d1")
    + r"(?:\s+"
    + m_("m1")
    + r")?(?:\s+"
    + y_("y1")
    + r")?"
    + r"(?:\s*(?:-|au|a|to|till|until|through|jusqu au|and|et)\s*)(?:le )?"
    + d_("d2")
    + r"\s+"
    + m_("m2")
    + r"(?:\s*,?\s*"
    + y_("y2")
    + r")?\b"
)
_DAY_RANGE_EN = re.compile(
    r"\b(?:from |between )?"
    + m_("m1")
    + r"\s+"
    + d_("d1")
    + r"(?:\s*,?\s*"
    + y_("y1")
    + r")?"
    + r"(?:\s*(?:-|to|till|until|through|and)\s*)(?:"
    + m_("m2")
    + r"\s+)?"
    + d_("d2")
    + r"(?:\s*,?\s*"
    + y_("y2")
    + r")?\b"
)
_DAY = re.compile(
    r"\b(?:(?:le|on|the) )?" + d_("d") + r"(?:\s+of)?(?:\s+|-)" + m_("m") + r"(?:\s*[,-]?\s*" + y_("y") + r")?\b"
)
_DAY_EN = re.compile(r"\b" + m_("m") + r"\s+(?:the\s+)?" + d_("d") + r"(?!\d)(?:\s*,?\s*" + y_("y") + r")?\b")
_MONTH_RANGE = re.compile(
    r"\b(?:d |de |from |between |entre )?"
    + _EDGE
    + r"?"
    + m_("m1")
    + r"(?:\s+"
    + y_("y1")
    + r")?"
    + r"(?P<sep>"
    + _TO
    + r"|\s*(?:/|ou|or)\s*|\s*(?:et|and|&|,)\s*)"
    + _EDGE
    + r"?"
    + m_("m2")
    + r"(?:\s+"
    + y_("y2")
    + r")?\b"
)
_SEM = r"(?:semestre|semester|sem\.?|half(?:[- ]year)?|moitie(?: de l annee)?)s?"
_SEMESTER = re.compile(
    r"\b(?:au |le |la |du |the |in the |en )?(?:"
    r"(?P<o1>"
    + _ORD[1]
    + r"|"
    + _ORD[2]
    + r")\s*"
    + _SEM
    + r"|(?:semestre|semester|sem\.?)\s*(?P<n>[12])"
    + r"|[sh](?P<c>[12])|(?P<c2>[12])[sh]"
    + r")(?:\s*(?:de l annee |of the year |de |d |of |-|/)?\s*"
    + y_("y")
    + r")?\b"
)
_SEMESTER_PAIR = re.compile(
    r"\b(?:"
    + _ORD[1]
    + r")\s*(?:et|and|&|,)\s*(?:"
    + _ORD[2]
    + r")\s*"
    + _SEM
    + r"(?:\s*(?:de |d |of )?"
    + y_("y")
    + r")?\b"
)
_QUARTER = re.compile(
    r"\b(?:au |le |du |the |in the |en )?(?:"
    r"(?P<o>"
    + "|".join(_ORD[i] for i in (1, 2, 3, 4))
    + r")\s*(?:trimestre|quarter)"
    + r"|(?:trimestre|quarter)\s*(?P<n>[1-4])|[tq](?P<c>[1-4])|(?P<c2>[1-4])q"
    + r")(?:\s*(?:de |d |of |-|/)?\s*"
    + y_("y")
    + r")?\b"
)
_SEASON_PRE = (
    r"en|au|aux|a l|l|cet|ce|cette|this|the|in|during|pendant|durant|debut|fin|mi-?|early|late|mid-?|end|"
    r"beginning|start|of|du|de|d"
)
_SEASON = re.compile(
    r"(?:(?<=^)|(?<=[\s(,;:.-]))(?P<pre>(?:(?:" + _SEASON_PRE + r")\s+)*)"
    r"(?P<s>" + "|".join(SEASONS) + r")(?:\s+(?:scolaire|universitaire))?"
    r"(?:\s*(?:de |d |of )?" + y_("y") + r"(?:\s*[-/]\s*(?P<y2>(?:19|20)?\d\d))?)?\b"
)
_YEAR_EDGE = re.compile(
    r"\b(?P<edge>debut|fin|mi|courant|early|late|mid|end of|beginning of|start of|the end of|the beginning of)"
    r"\s*-?\s*(?:de |d |of )?(?:l annee |the year |annee )?" + y_("y") + r"\b"
)
_MONTH = re.compile(r"\b" + _EDGE + r"?" + m_("m") + r"(?:\s*,?\s*" + y_("y") + r")?\b")
_YEAR = re.compile(r"\b(?:(?:en|in|annee|year|courant|during) )?" + y_("y") + r"\b")


def _ord(text: str) -> int:
    for number, words in _ORD.items():
        if re.fullmatch(words, text):
            return number
    raise ValueError(text)


def _semester_item(m: re.Match[str], pos: int) -> Item:
    g = m.groupdict()
    n = _ord(g["o1"]) if g.get("o1") else int(g.get("n") or g.get("c") or g.get("c2"))
    months = (1, 6) if n == 1 else (7, 12)
    return Item("semester", "statement", pos, _int(g["y"]), _months(*months))


def _quarter_item(m: re.Match[str], pos: int) -> Item:
    g = m.groupdict()
    q = _ord(g["o"]) if g.get("o") else int(g.get("n") or g.get("c") or g.get("c2"))
    return Item("quarter", "statement", pos, _int(g["y"]), _months(3 * q - 2, 3 * q))


def _season_item(m: re.Match[str], pos: int, prose: bool, opens: bool) -> Item | None:
    g = m.groupdict()
    if not g["pre"] and not g["y"] and not opens:
        return None  # "a été organisé": a season word needs a preposition, a year or to open the cell
    if prose and not g["y"]:
        return None
    first, last = SEASONS[g["s"]]
    year = _int(g["y"])
    if g.get("y2") and year:
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else year // 100 * 100 + int(g["y2"])
        if y2 != year + 1:
            return None
        if first > last:  # "hiver 2024-2025": December 2024 to February 2025
            return Item("season", "window", pos, year, _months(first, last))
        return None
    if first > last and year:  # "hiver 2024": which winter is unclear; the one that ends in 2024
        return Item("season", "window", pos, year - 1, _months(first, last))
    return Item("season", "window", pos, year, _months(first, last))


def _year_edge_item(m: re.Match[str], pos: int) -> Item:
    edge, year = m.group("edge"), int(m.group("y"))
    if edge in ("debut", "early", "beginning of", "start of", "the beginning of"):
        build = _months(1, 4)
    elif edge in ("fin", "late", "end of", "the end of"):
        build = _months(9, 12)
    elif edge in ("mi", "mid"):
        build = _months(5, 8)
    else:  # courant: some time in the year
        build = _months(1, 12)
    return Item("year_edge", "window", pos, year, build)


def _numeric(a: int, b: int, y: int, language: str) -> tuple[date, date] | None:
    """(first, last) possible date of a numeric a/b/y date: day first in French; in English,
    both the day-first and the month-first readings when both exist."""
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(date(y, month, day))
        except ValueError:
            continue
    if not readings:
        return None
    if language == "fr" or len(readings) == 1:
        return readings[0], readings[0]
    return min(readings), max(readings)


def _half(start: date, end: date) -> str:
    """S1, S2, BOTH (crosses 30 June) or SPAN (crosses a new year)."""
    if start.year != end.year:
        return "SPAN"
    if end <= date(end.year, 6, 30):
        return "S1"
    if start >= date(start.year, 7, 1):
        return "S2"
    return "BOTH"


# --- the reader ---------------------------------------------------------------------------------


class _Scanner:
    """Runs the recognisers over one folded text, blanking each match."""

    def __init__(self, text: str, language: str, prose: bool) -> None:
        self.work = f" {text} "
        self.language = language
        self.prose = prose
        self.items: list[Item] = []
        self.ambiguous = False
        self.tbd = False
        self.years = [(m.start(), int(m.group(1))) for m in re.finditer(r"\b((?:19|20)\d\d)\b", self.work)]

    def blank(self, m: re.Match[str]) -> None:
        self.work = self.work[: m.start()] + " " * (m.end() - m.start()) + self.work[m.end() :]

    def each(self, pattern: re.Pattern[str], handler: Callable[[re.Match[str]], Item | None]) -> None:
        for m in list(pattern.finditer(self.work)):
            try:
                item = handler(m)
            except (ValueError, KeyError):  # 31 février, an unknown ordinal: not a date
                item = None
            if item is not None:
                self.items.append(item)
                self.blank(m)

    def scan(self) -> None:
        lang, prose = self.language, self.prose
        for m in list(_TBD.finditer(self.work)):
            self.tbd = True
            self.blank(m)
        self.each(_ACADEMIC, self._academic)
        # before seasons: "throughout" counts only when a year or nothing follows, in the text as written
        self.each(_WHOLE_YEAR, lambda m: Item("whole_year", "period", m.start(), _int(m.group("y")), _months(1, 12)))
        self.each(_SEASON, lambda m: _season_item(m, m.start(), prose, not self.work[: m.start()].strip()))
        self.each(_YEAR_SPAN, self._year_span)
        self.each(_SEMESTER_PAIR, lambda m: Item("semester", "period", m.start(), _int(m.group("y")), _months(1, 12)))
        self.each(_SEMESTER, self._short_code(_semester_item))
        self.each(_QUARTER, self._short_code(_quarter_item))
        self.each(_NUM_RANGE, self._num_range)
        self.each(_NUM_ISO, lambda m: self._num_day(int(m.group("d")), int(m.group("m")), int(m.group("y")), m, "fr"))
        self.each(_NUM_DATE, lambda m: self._num_day(int(m.group("a")), int(m.group("b")), int(m.group("y")), m, lang))
        self.each(_NUM_MONTH, self._num_month)
        self.each(_DAY_RANGE, self._day_range)
        self.each(_DAY_RANGE_EN, self._day_range_en)
        self.each(_MONTH_RANGE, self._month_range)
        self.each(_DAY, lambda m: self._day(m, int(m.group("d")), m.group("m")))
        self.each(_DAY_EN, lambda m: self._day(m, int(m.group("d")), m.group("m")))
        self.each(_YEAR_EDGE, lambda m: _year_edge_item(m, m.start()))
        self.each(_MONTH, self._month)
        if not prose and not self.items:  # a bare year is only the date when nothing else is
            self.each(_YEAR, lambda m: Item("year", "window", m.start(), int(m.group("y")), _months(1, 12)))

    # handlers
    def _short_code(self, make: Callable[[re.Match[str], int], Item]) -> Callable[[re.Match[str]], Item | None]:
        def handler(m: re.Match[str]) -> Item | None:
            short = m.groupdict().get("c") or m.groupdict().get("c2")
            if short and self.prose and not m.group("y"):
                return None  # "S2", "T3" in a sentence need a year next to them
            return make(m, m.start())

        return handler

    def _academic(self, m: re.Match[str]) -> Item | None:
        y1, y2 = int(m.group("y")), m.group("y2")
        y2i = int(y2) if len(y2) == 4 else y1 // 100 * 100 + int(y2)
        if y2i != y1 + 1:
            return None
        return Item("academic_year", "period", m.start(), y1, lambda y: (date(y, 9, 1), date(y + 1, 6, 30)))

    def _year_span(self, m: re.Match[str]) -> Item | None:
        y1, y2 = int(m.group("y")), int(m.group("y2"))
        if not 0 < y2 - y1 <= 10:
            return None
        return Item("year_span", "period", m.start(), y1, lambda y: (date(y, 1, 1), date(y + y2 - y1, 12, 31)))

    def _num_range(self, m: re.Match[str]) -> Item | None:
        d1, d2, m2, y = int(m.group("d1")), int(m.group("d2")), int(m.group("m2")), int(m.group("y"))
        m1 = int(m.group("m1") or m2)
        return Item("numeric_range", "period", m.start(), y, _days(d1, m1, d2, m2))

    def _num_day(self, a: int, b: int, y: int, m: re.Match[str], language: str) -> Item | None:
        read = _numeric(a, b, y, language)
        if read is None:
            return None
        first, last = read
        if first != last:
            self.ambiguous = True  # 03/04/2024 in English: 3 April or 4 March
        return Item("numeric_date", "window", m.start(), y, lambda _y: (first, last))

    def _day_range(self, m: re.Match[str]) -> Item:
        g = m.groupdict()
        d1, d2, m2 = int(g["d1"]), int(g["d2"]), _month(g["m2"])
        m1 = _month(g["m1"]) if g["m1"] else m2
        y1, y2 = _int(g["y1"]), _int(g["y2"])
        joined_by_and = re.search(r"\d(?:er|e|st|nd|rd|th)?\s*(?:et|and)\s", m.group(0)) is not None
        if y1 and y2 and y1 != y2:
            return Item("day_range", "period", m.start(), y1, lambda y: (date(y1, m1, d1), date(y2, m2, d2)))
        build = _days(d1, m1, d2, m2)
        if joined_by_and:  # "les 27 et 28 novembre": both days happen
            return Item(
                "day_pair", "both", m.start(), y2 or y1, build, parts=(_days(d1, m1, d1, m1), _days(d2, m2, d2, m2))
            )
        return Item("day_range", "period", m.start(), y2 or y1, build)

    def _day_range_en(self, m: re.Match[str]) -> Item:
        g = m.groupdict()
        m1, d1, d2 = _month(g["m1"]), int(g["d1"]), int(g["d2"])
        m2 = _month(g["m2"]) if g["m2"] else m1
        y1, y2 = _int(g["y1"]), _int(g["y2"])
        if y1 and y2 and y1 != y2:
            return Item("day_range", "period", m.start(), y1, lambda y: (date(y1, m1, d1), date(y2, m2, d2)))
        return Item("day_range", "period", m.start(), y2 or y1, _days(d1, m1, d2, m2))

    def _month_range(self, m: re.Match[str]) -> Item | None:
        g = m.groupdict()
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        y1, y2 = _int(g["y1"]), _int(g["y2"])
        if self.prose and not (y1 or y2):
            return None
        sep = g["sep"].strip()
        if y1 and y2 and y1 != y2:
            if y2 != y1 + 1 and y2 < y1:
                return None
            return Item("month_range", "period", m.start(), y1, lambda y: (date(y1, m1, 1), _month_end(y2, m2)))
        if sep in ("et", "and", "&", ","):
            return Item(
                "months", "both", m.start(), y2 or y1, _months(m1, m2), parts=(_months(m1, m1), _months(m2, m2))
            )
        kind = "window" if sep in ("/", "ou", "or") else "period"
        return Item("month_range", kind, m.start(), y2 or y1, _months(m1, m2))

    def _day(self, m: re.Match[str], d: int, month: str) -> Item | None:
        mo = _month(month)
        year = _int(m.group("y"))
        date(year or 2000, mo, d)  # an impossible day raises ValueError: not a date
        if not 1 <= d <= 31:
            return None
        return Item("day", "window", m.start(), year, lambda y: (date(y, mo, d), date(y, mo, d)))

    def _num_month(self, m: re.Match[str]) -> Item:
        mo = int(m.group("m") or m.group("m2"))
        return Item("month", "window", m.start(), int(m.group("y") or m.group("y2")), _months(mo, mo))

    def _month(self, m: re.Match[str]) -> Item | None:
        year = _int(m.group("y"))
        if not year and (self.prose or len(self.work.strip()) > 60):
            return None  # "mai"/"may" without a year in a sentence is too weak
        mo = _month(m.group("m"))
        return Item("month", "window", m.start(), year, _months(mo, mo))


def _resolve_year(item: Item, years: list[tuple[int, int]], default: int | None) -> tuple[int | None, bool]:
    """(year, assumed) of an item: its own, the nearest written after it, before it, the default."""
    if item.year is not None:
        return item.year, False
    after = [y for pos, y in years if pos > item.pos]
    if after:
        return after[0], False
    before = [y for pos, y in years if pos < item.pos]
    if before:
        return before[-1], False
    return default, default is not None


def _halves(group: list[tuple[Item, date, date]]) -> tuple[set[str], bool, bool]:
    """(halves that surely happen, a window straddles 30 June, something spans two years)."""
    known: set[str] = set()
    unknown = span = False
    for item, s, e in group:
        pieces = [p(s.year) for p in item.parts] if item.kind == "both" else [(s, e)]
        for ps, pe in pieces:
            half = _half(ps, pe)
            if half == "SPAN":
                span = True
            elif half == "BOTH" and item.kind == "window":
                unknown = True
            elif half == "BOTH":
                known |= {"S1", "S2"}
            else:
                known.add(half)
    return known, unknown, span


def _combine(items: list[tuple[Item, date, date]], reading: DateReading, prose: bool) -> DateReading:
    """One reading from the dated items, by the semester rule of the module docstring.

    In a sentence, a stated semester is one more date (two activities may be told apart);
    in a date cell it qualifies the dates next to it ("Semestre 2 : décembre").
    """
    if prose:
        items = [(replace(i, kind="window") if i.kind == "statement" else i, s, e) for i, s, e in items]
    statements = [x for x in items if x[0].kind == "statement"]
    dated = [x for x in items if x[0].kind != "statement"]
    s_known, _, s_span = _halves(statements)
    d_known, d_unknown, d_span = _halves(dated)
    bounds = dated or statements  # the most specific items give the dates
    start = min(s for _, s, _ in bounds)
    end = max(e for _, _, e in bounds)
    span = s_span or d_span or start.year != end.year
    explicit = "YEAR" if any(i.rule == "whole_year" for i, _, _ in dated) else None
    if statements:
        explicit = "YEAR" if s_known == {"S1", "S2"} else next(iter(s_known))
    from_dates = None
    if dated:
        from_dates = (
            "YEAR" if d_known == {"S1", "S2"} else "UNKNOWN" if d_unknown or not d_known else next(iter(d_known))
        )
    conflict = explicit in ("S1", "S2") and from_dates in ("S1", "S2") and explicit != from_dates
    known = s_known | d_known
    if span or conflict:
        semester = "UNKNOWN"
    elif known == {"S1", "S2"}:
        semester = "YEAR"
    elif explicit in ("S1", "S2"):
        semester = explicit  # the dates agree, or only straddle a window that overlaps the stated half
        y = start.year
        start, end = (max(start, date(y, 1, 1)), min(end, date(y, 6, 30))) if explicit == "S1" else (
            max(start, date(y, 7, 1)), min(end, date(y, 12, 31)))  # fmt: skip
    elif d_unknown or not known:
        semester = "UNKNOWN"
    else:
        semester = next(iter(known))
    return replace(
        reading, semester=semester, date_start=start, date_end=end, year=start.year, explicit_semester=explicit,
        conflict=conflict, spans_years=span, readings=(explicit, from_dates) if conflict else (),
    )  # fmt: skip


def _read_grammar(text: str, default_year: int | None, language: str, prose: bool) -> DateReading:
    scanner = _Scanner(fold_dates(text).strip(), language, prose)
    scanner.scan()
    rules = [i.rule for i in scanner.items]
    if scanner.tbd:
        rules.insert(0, "tbd")
    if scanner.ambiguous:
        rules.append("ambiguous_numeric")
    reading = DateReading(rule="+".join(dict.fromkeys(rules)), tbd=scanner.tbd, ambiguous=scanner.ambiguous)
    resolved: list[tuple[Item, date, date]] = []
    assumed_any = no_year = False
    for item in scanner.items:
        year, assumed = _resolve_year(item, scanner.years, default_year)
        if item.build is None:
            continue
        no_year |= year is None
        try:
            start, end = item.build(year or _LEAP)  # without any year, the half can still be told
            for part in item.parts:
                part(year or _LEAP)
        except ValueError:
            reading = replace(reading, invalid=True)
            continue
        resolved.append((item, start, end))
        assumed_any |= assumed
    if resolved:
        reading = replace(_combine(resolved, reading, prose), year_assumed=assumed_any)  # keeps `invalid`
        if no_year:  # a half, but no date: the text and the catalogue give no year
            reading = replace(reading, date_start=None, date_end=None, year=None)
        return reading
    return reading


def _read(text: str, default_year: int | None, language: str, prose: bool) -> DateReading:
    reading = _read_grammar(text, default_year, language, prose)
    year = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)
    if (
        not prose
        and reading.rule in ("", "year")
        and year
        and re.search(r"\d", text[: year.start()] + text[year.end() :])
    ):
        # a day or a month written in digits besides the year (dateparser alone costs ~1 s a miss)
        day = _dateparser_day(text, language)  # a single absolute date the grammar does not know
        if day is not None:
            return DateReading(semester=_half(day, day), date_start=day, date_end=day, year=day.year,
                               rule="dateparser")  # fmt: skip
    return reading


def read_dates(text: str | None, default_year: int | None, language: str = "fr") -> DateReading:
    """What a date cell says: semester, dates and year (UNKNOWN when it says nothing readable)."""
    try:
        return _read(text or "", default_year, language, prose=False)
    except Exception:  # pragma: no cover - a safety net; the property tests run the grammar without it
        return DateReading()


def read_text_dates(text: str | None, catalogue_year: int, language: str = "fr") -> DateReading:
    """The dates of the catalogue's year written in a title or description, sentence by sentence.

    Dates of other years are history ("créée en 2014") and are left out; a month or a short code
    ("S2", "T3") needs a year or a day next to it in a sentence.
    """
    try:
        return _read_text(text or "", catalogue_year, language)
    except Exception:  # pragma: no cover - a safety net; the property tests run the grammar without it
        return DateReading()


def _read_text(text: str, catalogue_year: int, language: str) -> DateReading:
    found = []
    for sentence in re.split(r"(?<=[.;!?])\s+|\)\s*|\(", text):
        reading = _read(sentence, catalogue_year, language, prose=True)
        if reading.date_start and reading.year == catalogue_year and reading.date_end.year == catalogue_year:
            found.append(reading)
    if not found:
        return DateReading()
    semesters = {r.semester for r in found}
    if len(semesters) == 1:
        semester = semesters.pop()
    else:  # activities in several halves happen in both; an unknown one leaves it unknown
        semester = "YEAR" if semesters <= {"S1", "S2", "YEAR"} else "UNKNOWN"
    return DateReading(
        semester=semester, date_start=min(r.date_start for r in found), date_end=max(r.date_end for r in found),
        year=catalogue_year, year_assumed=all(r.year_assumed for r in found), rule="+".join(r.rule for r in found),
    )  # fmt: skip


@lru_cache(maxsize=4096)
def _dateparser_day(text: str, language: str) -> date | None:
    """One absolute date with day, month and year, read by dateparser (None when not exactly that)."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a dependency; without it, no fallback
        return None
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY" if language == "fr" else "MDY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = dateparser.parse(text, settings=settings)  # any language: "4 VI 2024", "2024年6月4日"
    except Exception:
        return None
    if found is None or str(found.year) not in text:
        return None  # never a year that the text does not write
    return found.date()
