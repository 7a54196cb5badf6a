"""Filters shared by every page: a frozen, hashable value ↔ URL query parameters ↔ SQL.

Invariants: SQL is built from fixed fragments and bound parameters only (never a value in
an f-string); a URL value that is not in the vocabulary of the database is dropped and
reported, never passed to SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

from etl.normalize import fold

SEARCH_HITS = "search_hits"  # the relation holding a resolved search's listings (event_id)


def text_match(words: int, column: str = "text") -> str:
    """SQL true when folded `column` contains each of `words` words (Filters.patterns, bound)."""
    return " AND ".join([f"{column} LIKE ?"] * words) or "TRUE"


def readings_match(readings: tuple[tuple[str, ...], ...], column: str = "text") -> tuple[str, list[str]]:
    """SQL true when folded `column` holds every word of one of `readings` (Filters.readings), and
    its bound parameters."""
    sql = " OR ".join(f"({text_match(len(words), column)})" for words in readings) or "TRUE"
    return sql, [f"%{w}%" for words in readings for w in words]


def cache_key(f: Filters) -> str:
    """The key of a Filters in Streamlit's caches (`CACHE_KEYS`): its repr, every field by name
    and value. Streamlit's own walk of a dataclass took ~0.4 ms a call, on each of the ~35 cached
    calls of a run; this ~0.07 ms."""
    return repr(f)


# URL parameter name → Filters field. The briefing CLI uses the same names (--fr-region …).
URL_KEYS = {
    "theme": "themes",
    "semester": "semesters",
    "fr_region": "fr_regions",
    "partner_region": "partner_regions",
    "country": "partner_countries",
    "actor_kind": "actor_kinds",
    "year": "years",
}


@dataclass(frozen=True)
class Filters:
    themes: tuple[str, ...] = ()
    semesters: tuple[str, ...] = ()
    fr_regions: tuple[str, ...] = ()
    partner_regions: tuple[str, ...] = ()
    partner_countries: tuple[str, ...] = ()
    actor_kinds: tuple[str, ...] = ()
    years: tuple[str, ...] = ()  # catalogue editions' years, as written in the address ("2021")
    search: str = ""
    # the search resolved once (search.with_search): its listings are the relation `search_hits`
    # of the connection, instead of a scan of every listing's text in every query; `negated`: the
    # relation holds the listings it does NOT match (fewer, when it matches most of them)
    resolved: bool = False
    negated: bool = False
    # other readings of a search naming a place, with another of its names in place of the one
    # typed (search.spellings: "st petersburg" → "saint petersbourg"); derived, not in the address
    spellings: tuple[tuple[str, ...], ...] = ()

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def with_(self, **changes) -> Filters:
        clean = {k: tuple(sorted(set(v))) if isinstance(v, list | tuple | set) else v for k, v in changes.items()}
        return replace(self, **clean)

    # -- SQL ---------------------------------------------------------------------------------
    def events_where(self, alias: str = "e") -> tuple[str, list]:
        """WHERE clause (without the keyword) over `events AS alias`, and its parameters. It is
        also read over the derived tables that carry a listing's filter columns (`event_cube`,
        `event_region_facts`, `link_event_facts`, `activity_repeats`, etl.db.schema): a filter on a new column needs
        that column there too (tests/test_filters compares each with the listings)."""
        a = alias
        clauses: list[str] = []
        params: list = []
        for attr, column in (
            ("themes", "theme"),
            ("semesters", "semester"),
            ("fr_regions", "fr_region"),
            ("partner_countries", "partner_country"),
            ("actor_kinds", "fr_actor_kind"),
        ):
            values = getattr(self, attr)
            if values:
                clauses.append(f"list_contains(?, {a}.{column})")
                params.append(list(values))
        if self.partner_regions:
            clauses.append(
                f"EXISTS (SELECT 1 FROM event_regions fr_ WHERE fr_.event_id = {a}.event_id "
                "AND list_contains(?, fr_.region_code))"
            )
            params.append(list(self.partner_regions))
        if self.years:
            clauses.append(f"list_contains(?, {a}.catalogue_year)")
            params.append([int(y) for y in self.years])
        if self.search.strip():
            # the texts, and every name of the places and regions a listing names (French, English,
            # Cyrillic, kanji: "Moscou", "Moscow", "Москва" all find the same listings), folded
            # once by the build (etl.db.schema.DERIVE); every word of the search, in any order
            if self.resolved:
                clauses.append(
                    f"{a}.event_id {'NOT IN' if self.negated else 'IN'} (SELECT event_id FROM {SEARCH_HITS})"
                )
            else:
                match, patterns = readings_match(self.readings)
                clauses.append(f"{a}.event_id IN (SELECT event_id FROM event_search WHERE {match})")
                params.extend(patterns)
        return (" AND ".join(clauses) or "TRUE"), params

    def partnerships_where(self, alias: str = "p") -> tuple[str, list]:
        """WHERE clause over `partnerships AS alias`: places, country, and theme of listings."""
        a = alias
        clauses: list[str] = []
        params: list = []
        if self.fr_regions:
            clauses.append(f"list_contains(?, {a}.fr_region)")
            params.append(list(self.fr_regions))
        if self.partner_regions:
            clauses.append(f"list_contains(?, {a}.partner_region)")
            params.append(list(self.partner_regions))
        if self.partner_countries:
            clauses.append(f"list_contains(?, {a}.partner_country)")
            params.append(list(self.partner_countries))
        if self.themes:
            clauses.append(f"len(list_intersect({a}.themes, ?)) > 0")
            params.append(list(self.themes))
        listing = self.semesters or self.actor_kinds or self.years
        if listing or self.search.strip():
            # these describe listings: keep the links that carry a matching listing (a link stated in
            # a report and carrying no listing belongs to no edition); a search also finds a link by
            # its own words: either end's actor or any name of its places, and its evidence
            # (link_event_facts: each link's listings with their filter columns, derived by the build)
            where, more = self.events_where("ev")
            carries = f"{a}.partnership_id IN (SELECT ev.partnership_id FROM link_event_facts ev WHERE {where})"
            params.extend(more)
            if self.search.strip() and not listing:
                match, patterns = readings_match(self.readings)
                carries = f"({carries} OR {a}.partnership_id IN (SELECT partnership_id FROM link_search WHERE {match}))"
                params.extend(patterns)
            clauses.append(carries)
        return (" AND ".join(clauses) or "TRUE"), params

    @property
    def words(self) -> tuple[str, ...]:
        """The search's words, folded (accents and case ignored; letters and digits only): a text
        matches when it contains every one, in any order ("Novgorod Veliki" finds "Veliki Novgorod")."""
        return tuple(dict.fromkeys(fold(self.search).split()))

    @property
    def readings(self) -> tuple[tuple[str, ...], ...]:
        """The search's words, then its other spellings: a text matches when it holds every word of one."""
        return (self.words, *self.spellings) if self.words else ()

    @property
    def patterns(self) -> list[str]:
        """One LIKE pattern per word (text_match's parameters)."""
        return [f"%{w}%" for w in self.words]

    # -- URL ---------------------------------------------------------------------------------
    def to_query_params(self) -> dict[str, str]:
        out = {key: ",".join(getattr(self, attr)) for key, attr in URL_KEYS.items() if getattr(self, attr)}
        if self.search.strip():
            out["q"] = self.search.strip()
        return out

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | Iterable[str]], vocabulary: Mapping[str, Iterable[str]]
    ) -> tuple[Filters, list[str]]:
        """Filters from URL parameters; values not in `vocabulary[field]` are dropped and listed."""
        values: dict[str, tuple[str, ...]] = {}
        ignored: list[str] = []
        for key, attr in URL_KEYS.items():
            raw = params.get(key)
            if not raw:
                continue
            items = raw.split(",") if isinstance(raw, str) else [x for v in raw for x in v.split(",")]
            allowed = set(vocabulary.get(attr, ()))
            kept = []
            for item in (i.strip() for i in items if i.strip()):
                (kept if item in allowed else ignored).append(item if item in allowed else f"{key}={item}")
            values[attr] = tuple(sorted(set(kept)))
        search = params.get("q") or ""
        if not isinstance(search, str):
            search = " ".join(search)
        return cls(**values, search=search.strip()[:200]), ignored


@dataclass(frozen=True)
class Vocabulary:
    """What the database holds: the allowed value of every filter."""

    themes: tuple[str, ...] = ()
    semesters: tuple[str, ...] = ()
    fr_regions: tuple[str, ...] = ()
    partner_regions: tuple[str, ...] = ()
    partner_countries: tuple[str, ...] = ()
    actor_kinds: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    listing_countries: tuple[str, ...] = ()  # partner countries of the listings (not only of stated links)
    region_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    region_country: Mapping[str, str] = field(default_factory=dict)

    def as_mapping(self) -> dict[str, tuple[str, ...]]:
        return {attr: getattr(self, attr) for attr in URL_KEYS.values()}

    def countries_in(self, f: Filters) -> tuple[str, ...]:
        """The partner countries in view: those the filter chose, else those of the loaded listings."""
        return f.partner_countries or tuple(c for c in self.listing_countries if c != "FR")

    def region_name(self, code: str | None, lang: str = "fr") -> str:
        if not code:
            return "—"
        names = self.region_names.get(code)
        return (names[1] if lang == "en" else names[0]) if names else code


CACHE_KEYS = {Filters: cache_key}  # hash_funcs of every cache a Filters is an argument of
