"""The tables a place resolver reads and the lookups it makes in them (pure): places, regions,
départements and reviewed overrides as loaded; a town's subdivision (by its GeoNames code, its
point, its name, the cities that are a unit of their own); the subdivisions a name designates;
the namesake a name designates when the evidence settles it (`Lookups.choose`, `_doubt`).

The rules that read an actor cell are `etl.place_rules` (which reads these lookups), and the
resolver that runs them is `etl.places.Resolver`: imports go one way, places → place_rules →
place_lookup.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from etl.gazetteer import Gazetteer, GazetteerEntry
from etl.messages import Clause, clause, said
from etl.normalize import fold
from etl.outlines import Outlines
from etl.reference import plural_kind_words
from etl.town_bodies import BODY_WORDS

NAMED_SUBDIVISION, NAMED_DEPARTEMENT = clause("subdivision_named"), clause("departement_named")
DOMINANCE = 5  # a namesake is taken without evidence only when ≥ 5× more populous than the next one
COMMON_DOMINANCE = 20  # a name borne in 3 regions or more needs a town 20× the next ("San Martín")
LARGE_NAMESAKE = 100_000  # …and when the next one is smaller than this (Yichun: two cities)
LARGE_TOWN = 100_000  # a town this large is meant by its name, whatever villages another source lists
SIZABLE_NAMESAKE = 20_000  # a namesake town this large elsewhere in the country casts doubt…
NAMESAKE_DOMINANCE = 20  # …unless the answer is this many times larger (Frankfurt am Main: 11× Frankfurt (Oder))
FOREIGN = 50  # a partner-side town is doubted when a namesake abroad is this many times larger
NGRAM_MIN_POPULATION = 5000
CITY_REACH_KM = 15  # a town this close to a city that is a unit of its own may lie inside that unit
_CITY_KINDS = re.compile(r"\b(?:city|ville|municipality|municipalite|capital|capitale|metropolitan)\b")


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    country: str  # ISO 3166-1 alpha-2 (French overseas regions are FR)
    region_code: str | None  # ISO 3166-2
    lat: float
    lon: float
    resolver: str  # the rule: override | region | department | gazetteer | ngram | fuzzy | geocoder:<name>
    matched: str = ""  # the text that was resolved
    geonameid: int | None = None
    population: int | None = None
    score: float = 100.0  # 100 for an exact name; the similarity for a fuzzy match
    clauses: tuple[Clause, ...] = ()  # why it was accepted, or why it is left to review
    confident: bool = True
    kind: str = "town"  # town | region | department | site

    @property
    def evidence(self) -> str:
        return said(self.clauses)

    @property
    def evidence_fr(self) -> str:
        return said(self.clauses, "fr")

    def doubted(self, why: Clause) -> Place:
        """The place left to review, its evidence saying why."""
        return replace(self, confident=False, clauses=(*self.clauses, why))


@dataclass(frozen=True)
class ActorResolution:
    places: tuple[Place, ...] = ()
    unresolved: tuple[str, ...] = ()  # parts that look like place names and resolve to nothing
    organisations: tuple[str, ...] = ()  # parts naming a body, not a place, left without one
    no_territory: str | None = None  # why the actor has no territory, when it has none
    to_review: tuple[Place, ...] = ()  # candidates without enough evidence: never counted

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
    name_local: str = ""
    seat: str = ""
    seat_geonameid: int | None = None
    seat_lat: float | None = None
    seat_lon: float | None = None
    seat_basis: str = ""  # "largest_town": a proposal, not a source's seat
    kinds: tuple[str, ...] = ()  # folded kinds of the unit ("province", "autonomous city")
    outlined: bool = True  # False: no source draws it (subdivisions.csv's shape 0: newer than every outline)


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    region_code: str
    seat: str = ""
    seat_geonameid: int | None = None
    seat_lat: float | None = None
    seat_lon: float | None = None


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
    reason_fr: str = ""  # the same in French, for the French pages

    @property
    def why(self) -> Clause:
        return clause("override", why=self.reason, why_fr=self.reason_fr or self.reason)


def _float(value: str | None) -> float | None:
    return float(value) if value else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _unplaced(r: Region) -> bool:
    """No GeoNames code, no outline nor seat: a unit the sources know only by its name."""
    return not r.gn_admin1 and r.seat_lat is None and (r.lat, r.lon) == (0.0, 0.0)


def region_of_row(r: dict) -> Region:
    """A Region from a row of regions.csv or data/reference/world/subdivisions.csv (a subdivision
    without a label point is drawn at its seat, else at 0,0 and flagged by its missing seat)."""
    lat, lon = _float(r.get("lat")), _float(r.get("lon"))
    seat_lat, seat_lon = _float(r.get("seat_lat")), _float(r.get("seat_lon"))
    return Region(
        code=r["code"], country=r["country"], gn_admin1=r.get("gn_admin1") or "",
        name_fr=r["name_fr"], name_en=r["name_en"],
        lat=lat if lat is not None else seat_lat or 0.0, lon=lon if lon is not None else seat_lon or 0.0,
        aliases=tuple(a for a in (r.get("aliases") or "").split("|") if a),
        name_local=r.get("name_local") or "", seat=r.get("seat") or "", seat_geonameid=_int(r.get("seat_geonameid")),
        seat_lat=seat_lat, seat_lon=seat_lon, seat_basis=r.get("seat_basis") or "",
        kinds=tuple(fold(k) for k in (r.get("kind_en"), r.get("kind_fr")) if k),
        outlined=r.get("shape") != "0",
    )  # fmt: skip


def load_regions(path: Path) -> tuple[Region, ...]:
    """The subdivisions of one CSV file (regions.csv, or a test's)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(region_of_row(r) for r in csv.DictReader(fh))


def load_sections(reference: Path) -> frozenset[int]:
    """GeoNames ids of the places that are quarters of a town (data/reference/world/sections.csv)."""
    path = reference / "world" / "sections.csv"
    if not path.exists():
        return frozenset()
    with open(path, encoding="utf-8", newline="") as fh:
        return frozenset(int(r["geonameid"]) for r in csv.DictReader(fh))


def load_town_regions(reference: Path) -> dict[int, str]:
    """Towns whose GeoNames admin1 code maps to no subdivision, placed by their point
    (data/reference/world/towns.csv)."""
    path = reference / "world" / "towns.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {int(r["geonameid"]): r["code"] for r in csv.DictReader(fh)}


def load_namesakes(reference: Path) -> dict[tuple[str, str], frozenset[str]]:
    """(country, folded town name) → the first-level units a second source files towns of that
    name under, where they are several (data/reference/world/namesakes.csv)."""
    path = reference / "world" / "namesakes.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["country"], r["name"]): frozenset(r["codes"].split("|")) for r in csv.DictReader(fh)}


class LowerUnits:
    """country → folded name of a unit other than an ISO first-level one ("Powiat krakowski",
    "Provincia di Trento", GeoNames' names) → the first-level units its towns lie in
    (data/reference/world/lower_units.csv, scripts/prepare_lower_units.py), read one country at a
    time when first asked: memory follows the countries a build meets."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._held: dict[str, dict[str, frozenset[str]]] = {}

    def get(self, country: str, default: object = None) -> dict[str, frozenset[str]]:
        """The country's names (the same dict at every call; `default` is there for dict's signature)."""
        if country not in self._held:
            names: dict[str, set[str]] = {}
            if self.path.exists():
                with open(self.path, encoding="utf-8", newline="") as fh:
                    for r in csv.DictReader(fh):
                        if r["country"] == country:
                            names.setdefault(fold(r["name"]), set()).add(r["code"])
            self._held[country] = {k: frozenset(v) for k, v in names.items()}
        return self._held[country]


def load_lower_units(reference: Path) -> LowerUnits:
    """The lower units' table (`LowerUnits`), read as countries are asked for."""
    return LowerUnits(reference / "world" / "lower_units.csv")


def load_world_regions(reference: Path) -> tuple[Region, ...]:
    """Every first-level subdivision of the world, the reviewed ones over the generated ones."""
    from etl.reference import subdivision_rows

    return tuple(region_of_row(r) for r in subdivision_rows(reference))


def load_departements(path: Path) -> tuple[Department, ...]:
    """The French départements, with their region and their préfecture."""
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(
            Department(
                code=r["code"],
                name=r["name"],
                region_code=r["region_code"],
                seat=r.get("seat") or "",
                seat_geonameid=_int(r.get("seat_geonameid")),
                seat_lat=_float(r.get("seat_lat")),
                seat_lon=_float(r.get("seat_lon")),
            )  # fmt: skip
            for r in csv.DictReader(fh)
        )


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
                    geonameid=_int(r["geonameid"]),
                    lat=_float(r["lat"]),
                    lon=_float(r["lon"]),
                    region_code=r["region_code"] or None,
                    place_name=r["place_name"],
                    reason=r["reason"],
                    reason_fr=r.get("reason_fr") or "",
                )  # fmt: skip
            )
    return tuple(rows)


def split_parts(actor: str) -> list[str]:
    """Parts of an actor cell: "Moscou, Vologda" → ["Moscou", "Vologda"].

    A part that starts with a preposition ("… du Cheval et de l'équitation") continues the
    part before it, unless the cell opens with a plural ("Villes de Cracovie et de Wrocław":
    two towns); "Indre-et-Loire" is not split (the conjunction needs spaces).
    """
    head = plural_head().match(fold(actor))
    # under a plural head, the conjunctions of the languages documents quote too ("Gobiernos
    # Regionales de Cusco y Apurímac"); elsewhere "y" may be part of a name ("Castilla y León"),
    # unless a town's body follows it ("Città di Torino e Comune di Genova": etl.town_bodies)
    joins = r"et|and|y|e|und|i|és" if head else r"et|and"
    if not head:
        actor = _BODY_AFTER_JOIN.sub(lambda m: " ; " if fold(m.group(1)) in BODY_WORDS else m.group(0), actor)
    pieces = re.split(rf"\s*[,;/]\s*|\s+(?:{joins})\s+", actor)
    parts: list[str] = []
    for piece in pieces:
        piece = _balanced(piece.strip(" .:-–«»\"'"))
        if not piece:
            continue
        if parts and head:  # "Régions de la Kara et des Savanes": two regions, the second "Région des Savanes"
            parts.append(_with_head(piece, head, actor))
        elif parts and re.match(r"^(?:de|du|des|d'|of)\b", piece, re.IGNORECASE):
            parts[-1] = f"{parts[-1]} et {piece}"
        else:
            parts.append(piece)
    return parts


def _balanced(piece: str) -> str:
    """A piece without the brackets the split left unpaired: "(Mali)" stays whole in "Cercle de
    Yélimané (Mali)"; "(Moscou" and "Vologda)" lose theirs."""
    while piece.startswith("(") and piece.count("(") > piece.count(")"):
        piece = piece[1:].strip()
    while piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].strip()
    if piece.count("(") > piece.count(")"):
        piece += ")"
    return piece.strip(" .:-–«»\"'") if re.search(r"\w", piece) else ""


# A plural head names several bodies: "Villes de …", "Länder de …", "Cities of …", the plural of
# any kind of subdivision ("Voïvodies des Basses-Carpates et de Lublin"), a council or government
# with its adjective ("Conseils régionaux de …", "Gobiernos Regionales de …").
_PLURAL_HEADS = (
    "villes communes municipalites mairies regions provinces lander departements etats prefectures cities towns "
    "municipalities states counties comtes gouvernorats wilayas governorates districts oblasts cantons "
    "stadte gemeinden comuni ciudades cidades municipios municipalidades miasta gminy"
)
# singulars a letter dropped does not give ("Städte" → "Stadt")
_SINGULAR = {"stadte": "Stadt", "gemeinden": "Gemeinde", "comuni": "Comune", "ciudades": "Ciudad",
             "cidades": "Cidade", "municipalidades": "Municipalidad", "miasta": "Miasto", "gminy": "Gmina"}  # fmt: skip
# a conjunction of another language and the word after it, a town's body or not
_BODY_AFTER_JOIN = re.compile(r"\s+(?:y|e|und|i|és)\s+(?=(\w+))")
_BODY_PLURALS = "conseils gouvernements gobiernos governos governments councils assemblees assemblies"


@lru_cache(maxsize=1)
def plural_head() -> re.Pattern:
    heads = sorted({*_PLURAL_HEADS.split(), *plural_kind_words()}, key=len, reverse=True)
    bodies = "|".join(_BODY_PLURALS.split())
    return re.compile(
        rf"^(?:les |the )?(?P<head>(?:{bodies})(?: \w+(?:aux|s))?|{'|'.join(map(re.escape, heads))})\b"
        r"(?: (?P<link>of the|of|de la|de l|de|du|des|d)\b)?"
    )


def _with_head(piece: str, head: re.Match, actor: str) -> str:
    """A piece after the first under a plural head, written as one body of that kind: "des
    Savanes" → "Région des Savanes", "Wrocław" → "Ville de Wrocław" (the head's link kept)."""
    word = head.group("head")
    written = re.findall(r"\w+", actor)[1 if head.group(0).split()[0] in ("les", "the") else 0]
    link = head.group("link") or ("of" if word in _ENGLISH_HEADS else "de")
    english = link in ("of", "of the") and word.endswith("ies")  # "Counties" → "County", "Voïvodies" → "Voïvodie"
    singular = (written[0] + "and" if word == "lander" else _SINGULAR.get(word)
                or (written[:-3] + "y" if english else written[:-1]))  # fmt: skip
    if re.match(r"^(?:de la|de l'|de|du|des|d'|of the|of)\b", piece, re.IGNORECASE):
        return f"{singular} {piece}"
    if word in _SINGULAR and not head.group("link"):
        return f"{singular} {piece}"  # "Städte Köln und Mainz" → "Stadt Mainz"
    return f"{singular} {'de' if link in ('de la', 'de l', 'd', 'du', 'des') else link} {piece}"


_ENGLISH_HEADS = frozenset({"cities", "towns", "municipalities", "states", "counties", "governorates"})


Geocoder = Callable[[str, str], "Place | None"]  # (name, country) → Place


class Lookups:
    """A resolver's tables and the lookups it makes in them (the rules: `etl.places.Resolver`)."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        regions: Iterable[Region],
        overrides: Iterable[Override] = (),
        *,
        fuzzy_threshold: int = 88,
        geocoder: Geocoder | None = None,
        french_countries: Iterable[str] = ("FR", "GP", "MQ", "GF", "RE", "YT"),
        departements: Iterable[Department] = (),
        sections: Iterable[int] = (),
        town_regions: dict[int, str] | None = None,
        namesakes: dict[tuple[str, str], frozenset[str]] | None = None,
        lower_units: LowerUnits | dict[str, dict[str, frozenset[str]]] | None = None,
        outlines: Outlines | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.regions = {r.code: r for r in regions}
        self.overrides = tuple(overrides)
        self.reasons_fr = {o.reason: o.reason_fr for o in self.overrides if o.reason_fr}
        self.fuzzy_threshold = fuzzy_threshold
        self.geocoder = geocoder
        self.french = tuple(french_countries)
        self.departements = tuple(departements)
        self.sections = frozenset(sections)  # GeoNames ids of quarters of towns (PPLX)
        self.town_regions = town_regions or {}  # towns placed by their point (admin1 code unmapped)
        self.namesakes = namesakes or {}  # (country, name) → units a second source has towns of that name in
        self.lower_units = lower_units or {}  # country → folded name of a lower unit → the units it lies in
        self.outlines = outlines  # the units' outlines (`carved_from`), None: not consulted
        self._seats = frozenset(r.seat_geonameid for r in self.regions.values()
                                if r.seat_geonameid and r.seat_basis != "largest_town")  # fmt: skip
        self._by_admin1 = {(r.country, a): r.code for r in self.regions.values() for a in r.gn_admin1.split("|") if a}
        self._overseas = {
            r.gn_admin1: r.code for r in self.regions.values() if r.country == "FR" and r.code[3:].isdigit()
        }
        # folded name → [(code, source)]: the subdivision's own names, then the short names
        # written in "région de X" (aliases); one key can name two subdivisions ("Altaï").
        self._names: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for r in self.regions.values():
            keys = self._names.setdefault(r.country, {})
            for source, names in (("name", (r.name_fr, r.name_en, r.name_local)), ("alias", r.aliases)):
                for name in names:
                    k = fold(name)
                    if k and (r.code, source) not in keys.setdefault(k, []):
                        keys[k].append((r.code, source))
        self._countries_of_name: dict[str, set[str]] = {}
        for country, keys in self._names.items():
            for k in keys:
                self._countries_of_name.setdefault(k, set()).add(country)
        # (country, folded own name) → a unit no GeoNames code maps to; and those of them the
        # sources cannot place at all (no outline, no seat either)
        self._codeless = {(country, k): codes[0] for country, keys in self._names.items() for k in keys
                          if len(codes := self.own_names(k, country)) == 1 and not self.regions[codes[0]].gn_admin1}  # fmt: skip
        self._unplaced = {k: code for k, code in self._codeless.items() if _unplaced(self.regions[code])}
        self._compact: dict[str, dict[str, list[tuple[str, str]]]] = {}  # country → names without spaces
        self._departements = {fold(d.name): d for d in self.departements}
        self._departement_codes = {d.code: d for d in self.departements}
        self._resolved: dict[tuple, ActorResolution] = {}
        self._city_units: dict[str, dict[int, str]] = {}  # country → {town's GeoNames id: its unit}
        self._local_kinds: dict[tuple, frozenset[str]] = {}  # (country, kinds) → `local_kind_words`

    # -- subdivisions -------------------------------------------------------------------------
    def countries_for(self, country: str) -> tuple[str, ...]:
        return self.french if country == "FR" else (country,)

    def region_of(self, entry: GazetteerEntry) -> str | None:
        """A town's subdivision: by its GeoNames admin1 code, else by its point (towns.csv), else
        — a town bearing the own name of a unit no code maps to (Alexandria, on the coast, too
        close to its governorate's outline to be placed by its point) — that unit. A town named
        like a unit the sources cannot place at all (no code, no outline: newer than both, carved
        out of another — Timimoun, a wilaya since 2019, whose outline is still Adrar's) is that
        unit's namesake seat first."""
        return self.city_units(entry.country).get(entry.geonameid) or self._filed_region(entry)

    def _filed_region(self, entry: GazetteerEntry) -> str | None:
        """A town's subdivision by its code, its point or its name (see `region_of`)."""
        if entry.country in self._overseas:
            return self._overseas[entry.country]
        key = (entry.country, fold(entry.name)) if self._codeless else None
        return (
            self._unplaced.get(key)
            or self._by_admin1.get((entry.country, entry.admin1))
            or self.town_regions.get(entry.geonameid)
            or self._codeless.get(key)
        )

    def city_units(self, country: str) -> dict[int, str]:
        """Cities that are a first-level unit of their own which no GeoNames code maps to ("Osh
        Shaary", "Municipalidad Metropolitana de Lima", "Phatthaya"): the town a unit's name, or
        words of it, names — the largest of SIZABLE_NAMESAKE people or more — is that unit's, not
        the region GeoNames files it under — unless another unit of a city kind files or names it
        (`_another_city_unit`). A town two such units claim is neither's."""
        if country not in self._city_units:
            claims: dict[int, set[str]] = {}
            for r in self.regions.values():
                if r.country != country or r.gn_admin1 or not any(_CITY_KINDS.search(k) for k in r.kinds):
                    continue
                town = self._city_named(r)
                if town is not None and not self._another_city_unit(town, r.code):
                    claims.setdefault(town, set()).add(r.code)
            self._city_units[country] = {gid: next(iter(c)) for gid, c in claims.items() if len(c) == 1}
        return self._city_units[country]

    def carved_from(self, place: Place, former: str) -> bool:
        """The place's unit is newer than every outline (none draws it) and the place lies inside
        the outline of `former`: `former` is the unit it was carved from, as a row's region
        column written before the reform names it (Djanet, a wilaya since 2019, "Illizi")."""
        unit = self.regions.get(place.region_code or "")
        if self.outlines is None or unit is None or unit.outlined or place.lat is None or place.lon is None:
            return False
        return unit.country == former.split("-", 1)[0] and self.outlines.holds(former, place.lat, place.lon)

    def is_city_unit(self, code: str | None) -> bool:
        """The unit is a city of its own (a kind such as "city", "capital", "municipality")."""
        region = self.regions.get(code or "")
        return region is not None and any(_CITY_KINDS.search(k) for k in region.kinds)

    def _another_city_unit(self, town: int, unit: str) -> bool:
        """The town is filed under, or named like, another unit of a city kind (Ventspils: the
        state city LV-VEN, not "Ventspils novads" around it)."""
        entry = self.gazetteer.entries[town]
        others = {self._filed_region(entry), *self.own_names(fold(entry.name), entry.country)} - {None, unit}
        return any(_CITY_KINDS.search(k) for code in others for k in self.regions[code].kinds)

    def _city_named(self, unit: Region) -> int | None:
        """The GeoNames id of the town a city unit's names (or their words) designate."""
        found: list[GazetteerEntry] = []
        for name in {fold(n) for n in (unit.name_fr, unit.name_en, unit.name_local, *unit.aliases) if n}:
            words = name.split()
            spans = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
            for span in spans:
                found.extend(e for e in self.gazetteer.candidates(span, (unit.country,))
                             if e.population >= SIZABLE_NAMESAKE and (span == name or fold(e.name) == span))  # fmt: skip
        return max(found, key=lambda e: e.population).geonameid if found else None

    def beside_city_unit(self, entry: GazetteerEntry) -> str | None:
        """The city unit (code) whose town lies within CITY_REACH_KM of this other town, both filed
        under one region: the town may be a quarter of that city (Miraflores, in Lima; not Callao,
        a region of its own). None when that unit is the town's own region: inside the city or
        not, the town is in it (Hoàn Kiếm, in Hanoi, a city filed as its own unit)."""
        units = self.city_units(entry.country)
        if not units or entry.geonameid in units:
            return None
        filed = self._filed_region(entry)
        for gid, code in units.items():
            city = self.gazetteer.entries.get(gid)
            if city is not None and _km(city, entry) <= CITY_REACH_KM and self._filed_region(city) == filed:
                return code if code != filed else None
        return None

    def subdivisions_named(self, key: str, country: str, prefer_alias: bool = False) -> tuple[str, ...]:
        """Codes of the subdivisions of `country` a folded name designates (several: ambiguous).

        With `prefer_alias` ("région de Moscou"), the short names used after "région de" win over
        a subdivision's own name (Moscou the federal city)."""
        found = self._names.get(country, {}).get(key, []) or self._compact_names(country).get(key.replace(" ", ""), [])
        if prefer_alias and any(source == "alias" for _, source in found):
            found = [(c, s) for c, s in found if s == "alias"]
        return tuple(dict.fromkeys(code for code, _ in found))

    def _compact_names(self, country: str) -> dict[str, list[tuple[str, str]]]:
        """The country's names without their spaces ("Bío Bío" is "Biobío"), built when first asked."""
        held = self._compact.get(country)
        if held is None:
            held = self._compact[country] = {}
            for k, found in self._names.get(country, {}).items():
                into = held.setdefault(k.replace(" ", ""), [])
                into.extend(f for f in found if f not in into)
        return held

    def subdivision_names(self, country: str) -> dict[str, list[tuple[str, str]]]:
        """Folded name → [(code, "name" | "alias")] for the subdivisions of `country`."""
        return self._names.get(country, {})

    def local_kind_words(self, country: str, kinds: tuple[str, ...]) -> frozenset[str]:
        """Words the country's units of these kinds bear around another of their own names, as
        their sources write them ("Opstina Podgorica" beside "Podgorica": "opstina" is what
        Montenegro's municipalities are called in their language)."""
        key = (country, kinds)
        if key not in self._local_kinds:
            by_code: dict[str, set[str]] = {}
            for name, entries in self.subdivision_names(country).items():
                for code, _ in entries:
                    if self.regions[code].kinds == kinds:
                        by_code.setdefault(code, set()).add(name)
            words = set()
            for names in by_code.values():
                for name in names:
                    first, _, rest = name.partition(" ")
                    head, _, last = name.rpartition(" ")
                    words |= {first} if rest in names else set()
                    words |= {last} if head in names else set()
            self._local_kinds[key] = frozenset(words)
        return self._local_kinds[key]

    def countries_with_subdivision(self, key: str) -> tuple[str, ...]:
        """Countries with a subdivision of that (folded) name or alias."""
        return tuple(sorted(self._countries_of_name.get(key, ())))

    def own_names(self, key: str, country: str) -> tuple[str, ...]:
        """Subdivisions whose own full name (not a short alias) a folded key is."""
        return tuple(dict.fromkeys(c for c, source in self.subdivision_names(country).get(key, []) if source == "name"))

    def departement_named(self, key: str) -> Department | None:
        return self._departements.get(key)

    def departement_by_code(self, code: str) -> Department | None:
        """A département by its number: "29", "2A", "974"; "20" (Corsican postcodes) is Corse-du-Sud."""
        code = code.upper()
        return self._departement_codes.get("2A" if code == "20" else code)

    def nearest_region(self, lat: float, lon: float, country: str) -> str | None:
        """Region of the nearest gazetteer town of `country` (for places answered online)."""
        best, best_d = None, None
        scale = math.cos(math.radians(lat))
        for e in self.gazetteer.in_countries(self.countries_for(country)):
            d = (e.lat - lat) ** 2 + ((e.lon - lon) * scale) ** 2
            if best_d is None or d < best_d:
                best, best_d = e, d
        return self.region_of(best) if best else None

    # -- places -------------------------------------------------------------------------------
    def region_place(self, code: str, matched: str, why: Clause = NAMED_SUBDIVISION) -> Place:
        """A region, oblast or prefecture as an actor: drawn at its administrative seat."""
        r = self.regions[code]
        lat, lon = (r.seat_lat, r.seat_lon) if r.seat_lat is not None else (r.lat, r.lon)
        return Place(
            place_id=f"region:{code}", name=r.name_fr, country=r.country, region_code=code, lat=lat, lon=lon,
            resolver="region", matched=matched, clauses=(why,), kind="region",
        )  # fmt: skip

    def department_place(self, d: Department, matched: str, why: Clause = NAMED_DEPARTEMENT) -> Place:
        """A French département as an actor: drawn at its préfecture."""
        region = self.regions[d.region_code]
        lat, lon = (d.seat_lat, d.seat_lon) if d.seat_lat is not None else (region.lat, region.lon)
        return Place(
            place_id=f"dept:{d.code}", name=d.name, country="FR", region_code=d.region_code, lat=lat, lon=lon,
            resolver="department", matched=matched, clauses=(why,), kind="department",
        )  # fmt: skip

    def entry_place(
        self, entry: GazetteerEntry, rule: str, matched: str, *, score: float = 100.0,
        clauses: tuple[Clause, ...] = (), confident: bool = True,
    ) -> Place:  # fmt: skip
        country = "FR" if entry.country in self.french else entry.country
        return Place(
            place_id=f"gn:{entry.geonameid}", name=entry.name, country=country, region_code=self.region_of(entry),
            lat=entry.lat, lon=entry.lon, resolver=rule, matched=matched, geonameid=entry.geonameid,
            population=entry.population, score=score, clauses=clauses, confident=confident,
        )  # fmt: skip

    def override_place(self, o: Override, part: str) -> Place:
        if o.geonameid is not None:
            self.gazetteer.ensure(self.countries_for(o.country) if o.country != "*" else ())
            entry = self.gazetteer.entries.get(o.geonameid)
            if entry is None:
                raise ValueError(f"override {o.place_name!r}: geonameid {o.geonameid} not in the gazetteer")
            return self.entry_place(entry, "override", part, clauses=(o.why,))
        return Place(
            place_id=f"override:{o.key.replace(' ', '-')}", name=o.place_name, country=o.country,
            region_code=o.region_code, lat=o.lat, lon=o.lon, resolver="override", matched=part,
            clauses=(o.why,), kind="site",
        )  # fmt: skip

    def override_for(self, text: str, country: str) -> Override | None:
        key = fold(text)
        padded = f" {key} "
        for o in self.overrides:
            if o.country not in (country, "*"):
                continue
            if (o.match == "exact" and o.key == key) or (o.match == "contains" and f" {o.key} " in padded):
                return o
        return None

    def choose(self, entries: list[GazetteerEntry], key: str, hints: frozenset[str], district: bool = False) -> tuple:
        """(entry, confident, evidence clauses) among the places a name designates, precision first:
        the region the row names; else the only region holding that name; else a namesake
        ≥ DOMINANCE× more populous than any other; else the largest, to review. A quarter of a
        town (GeoNames PPLX) is no namesake of a town; an answer is also left to review when the
        name may be short for a longer one (`_doubt`). `district`: the text writes the name as a
        town's district ("Bezirk Neukölln", "Arrondissement de Hoàn Kiếm"): a quarter of that name
        is then meant, when every quarter of that name lies in one unit."""
        towns = [e for e in entries if e.geonameid not in self.sections]
        entries = towns or entries
        if not entries:
            return None, False, ()
        primary = [e for e in entries if Gazetteer.is_primary(e, key)]
        pool = primary or entries  # a place's own name beats an old or foreign name of another
        hinted = [e for e in pool if self.region_of(e) in hints]
        if hinted:
            best = max(hinted, key=lambda e: e.population)
            return best, True, (clause("row_says", region=self.region_of(best)),)
        if not towns:
            best = max(entries, key=lambda e: e.population)
            if district and len({self.region_of(e) for e in entries}) == 1 and self.region_of(best):
                return best, True, (clause("quarter_district", name=best.name, region=self.region_of(best)),)
            return best, False, (clause("quarter", name=best.name),)
        by_region: dict[str | None, GazetteerEntry] = {}  # the largest namesake of each region
        for e in pool:
            top = by_region.get(self.region_of(e))
            if top is None or e.population > top.population:
                by_region[self.region_of(e)] = e
        ranked = sorted(by_region.values(), key=lambda e: -e.population)
        best = ranked[0]
        if not primary and best.population < NGRAM_MIN_POPULATION:
            return best, False, (clause("alternate_name", name=best.name, population=best.population),)
        if len(ranked) > 1 and best.population < DOMINANCE * max(ranked[1].population, 1):
            regions = ", ".join(sorted(str(self.region_of(e)) for e in ranked))
            return best, False, (clause("namesakes", count=len(pool), regions=regions),)
        doubt = self._doubt(best, key, ranked)
        unit = None if doubt else self.beside_city_unit(best)
        if unit:
            doubt = clause("beside_city_unit", km=CITY_REACH_KM, unit=unit)
        if doubt:
            return best, False, (doubt,)
        if len(ranked) == 1:
            return best, True, (clause("only_place" if len(pool) == 1 else "one_region"),)
        ratio = best.population / max(ranked[1].population, 1)
        return best, True, (clause("largest", count=len(pool), ratio=ratio),)

    def _doubt(self, best: GazetteerEntry, key: str, ranked: list[GazetteerEntry]) -> Clause | None:
        """Why a name alone does not settle a place it would otherwise designate:
        - another namesake of ≥ LARGE_NAMESAKE people elsewhere in the country (two cities);
        - a town of another region whose own name begins with it ("Reggio" for Reggio Calabria,
          "Neustadt" for Neustadt an der Weinstraße): ≥ 1/DOMINANCE as large when the answer only
          bears the name as an alternate, ≥ DOMINANCE× as large when it is its own name
          ("Saint-Quentin" stays Saint-Quentin, not Saint-Quentin-en-Yvelines);
        - a second source filing towns of that name in other units too, for a town under
          LARGE_TOWN people GeoNames knows alone ("Middelburg": Mpumalanga's and Eastern Cape's);
        - on the partner side, a town abroad ≥ FOREIGN× as large ("Montreal", a village of
          Wisconsin, read on the American side)."""
        region = self.region_of(best)
        if len(ranked) >= 3 and best.population < COMMON_DOMINANCE * ranked[1].population:
            return clause("common_name", count=len(ranked), ratio=best.population / max(ranked[1].population, 1))
        if len(ranked) > 1 and ranked[1].population >= LARGE_NAMESAKE:
            return clause("large_namesake", count=len(ranked), other=ranked[1].name, region=self.region_of(ranked[1]))
        if (
            len(ranked) > 1
            and ranked[1].population >= SIZABLE_NAMESAKE
            and best.geonameid not in self._seats
            and (best.population < NAMESAKE_DOMINANCE * ranked[1].population)
        ):
            return clause("sizable_namesake", other=ranked[1].name, region=self.region_of(ranked[1]),
                          population=ranked[1].population, ratio=best.population / ranked[1].population)  # fmt: skip
        own = Gazetteer.is_primary(best, key)  # a town of that very name needs a far larger longer one
        if not own and len(ranked) > 1 and fold(best.name).startswith(f"{key} "):
            return clause("short_for", name=best.name, count=len(ranked))
        longer = [e for e in self.gazetteer.longer_named(key, (best.country,)) if self.region_of(e) != region
                  and (e.population >= DOMINANCE * best.population if own else e.population * DOMINANCE >= best.population)]  # fmt: skip
        if longer:
            top = max(longer, key=lambda e: e.population)
            return clause("may_be_short", name=top.name, region=self.region_of(top))
        filed = self.namesakes.get((best.country, key), frozenset())
        if best.population < LARGE_TOWN and region in filed and filed - {region}:
            return clause("other_source", region=sorted(filed - {region})[0])
        if best.country not in self.french and best.population * FOREIGN < max(
            (p for c, p in self.gazetteer.largest_abroad(key).items() if c != best.country), default=0
        ):
            return clause("namesake_abroad", name=best.name, population=best.population)
        return None

    def lookup(self, name: str, country: str, hints: Iterable[str] = ()) -> Place | None:
        """The place an exact (folded) name designates, when it can be told without doubt."""
        key = fold(name)
        entry, confident, evidence = self.choose(
            self.gazetteer.candidates(key, self.countries_for(country)), key, frozenset(hints)
        )
        return self.entry_place(entry, "gazetteer", name, clauses=evidence) if entry and confident else None


def _km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
