"""The reference data the ETL and the dashboard share: countries and their first-level
subdivisions, for the whole world (reading only; pure given the files).

Two layers, the reviewed one on top:
- generated, for every country (data/reference/world/, written by scripts/prepare_world.py from
  installable packages; sources and licences in data/reference/world/SOURCES.md): countries.csv,
  subdivisions.csv, admin1/<CC>.geojson;
- reviewed by hand (data/reference/countries.csv, regions.csv, subdivision_names.csv): a
  country's reviewed row overrides the generated one column by column where it is filled (its
  words are added); a country with reviewed subdivisions (France, Russia, Japan) takes all of
  them from regions.csv; subdivision_names.csv gives single subdivisions the names no source
  has (French exonyms: "Écosse").

A partner country is any country but France and the territories ISO 3166-2 lists as French
(Guadeloupe, Polynésie française…: the French side). A word documents use for a country
("chinoise", "franco-marocaine") names one country only: words two countries share are dropped
when the data is generated; read here as naming each of them (`shared_country_words`: "coréen",
"Korean", "congolais"), where a file declares its countries — its rows then tell them apart.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.normalize import fold

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"
WORLD = "world"


@dataclass(frozen=True)
class Country:
    code: str
    name_fr: str
    name_en: str
    words: tuple[str, ...]  # folded words documents use for it ("russe", "franco japonaise")
    subdivision_fr: str
    subdivisions_fr: str
    subdivision_en: str
    subdivisions_en: str
    frame: tuple[float, float, float, float]  # lat_min, lat_max, lon_min, lon_max
    alpha3: str = ""
    continent: str = ""
    subregion: str = ""
    territory_of: str = ""  # a dependent territory ISO 3166-2 also lists under this country
    adjectives: tuple[str, ...] = ()  # folded forms of its adjective ("chinois", "chinoise", "chinese")
    kind_words: tuple[str, ...] = ()  # folded kinds of its subdivisions ("province", "sheng", "wilaya")


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _country(row: dict, reviewed: dict | None) -> Country:
    r = dict(row)
    if reviewed:
        r.update({k: v for k, v in reviewed.items() if v not in (None, "") and k != "words"})
    words = [*(reviewed or {}).get("words", "").split("|"), *row.get("words", "").split("|")]
    return Country(
        code=r["code"], name_fr=r["name_fr"], name_en=r["name_en"],
        words=tuple(dict.fromkeys(fold(w) for w in words if w)),
        subdivision_fr=r["subdivision_fr"], subdivisions_fr=r["subdivisions_fr"],
        subdivision_en=r["subdivision_en"], subdivisions_en=r["subdivisions_en"],
        frame=(float(r["lat_min"]), float(r["lat_max"]), float(r["lon_min"]), float(r["lon_max"])),
        alpha3=r.get("alpha3", ""), continent=r.get("continent", ""), subregion=r.get("subregion", ""),
        territory_of=r.get("territory_of", ""),
        adjectives=tuple(a for a in r.get("adjectives", "").split("|") if a),
        kind_words=tuple(a for a in r.get("kind_words", "").split("|") if a),
    )  # fmt: skip


@lru_cache(maxsize=4)
def load_countries(reference: Path = REFERENCE) -> dict[str, Country]:
    """Every country, the reviewed rows over the generated ones."""
    reviewed = {r["code"]: r for r in _rows(reference / "countries.csv")}
    generated = {r["code"]: r for r in _rows(reference / WORLD / "countries.csv")}
    codes = list(generated) + [c for c in reviewed if c not in generated]
    return {c: _country(generated.get(c) or reviewed[c], reviewed.get(c) if c in generated else None) for c in codes}


def is_french(country: Country) -> bool:
    return country.code == "FR" or country.territory_of == "FR"


@lru_cache(maxsize=4)
def partner_countries(reference: Path = REFERENCE) -> tuple[str, ...]:
    """Every country a French authority can partner with: all but France and its territories."""
    return tuple(c.code for c in load_countries(reference).values() if not is_french(c))


@lru_cache(maxsize=4)
def country_words(reference: Path = REFERENCE) -> dict[str, str]:
    """Folded word → partner country, for reading headers, titles, file names and country cells."""
    return {w: c.code for c in load_countries(reference).values() if not is_french(c) for w in c.words}


@lru_cache(maxsize=4)
def french_country_words(reference: Path = REFERENCE) -> dict[str, str]:
    """Folded word → France or one of its overseas departments ("la Réunion", "Martinique"): what
    says a place is on the French side."""
    return {w: c.code for c in load_countries(reference).values() if is_french(c) for w in c.words}


_COMPASS = frozenset("nord sud north south est ouest east west".split())


def _without_compass(word: str) -> str | None:
    """ "coree du sud" → "coree", "south korean" → "korean", "franco sud coreen" → "franco
    coreen"; None when the word has no compass qualifier."""
    tokens = word.split()
    franco = tokens[:1] == ["franco"]
    rest = tokens[1:] if franco else tokens
    if len(rest) > 1 and rest[0] in _COMPASS:
        rest = rest[1:]
    elif len(rest) > 2 and rest[-1] in _COMPASS and rest[-2] in ("du", "of", "the"):
        rest = rest[:-2]
    else:
        return None
    return " ".join((["franco"] if franco else []) + rest)


@lru_cache(maxsize=4)
def shared_country_words(reference: Path = REFERENCE) -> dict[str, tuple[str, ...]]:
    """Folded word → the partner countries it may name, for a word two or more of them share:
    an adjective several countries' demonyms give ("congolais": both Congos; "dominican"), and a
    country's word without its compass qualifier when another country's gives the same ("Corée
    du Sud" and "Corée du Nord" → "Corée"; "South Korean" → "Korean"), with their "franco-"
    compounds. A country's own word wins ("Soudan" is Sudan, not also South Sudan)."""
    own = country_words(reference)
    users: dict[str, set[str]] = {}
    for c in load_countries(reference).values():
        if is_french(c):
            continue
        forms = set(c.adjectives) | {f"franco {a}" for a in c.adjectives}
        forms |= {w for w in map(_without_compass, (*c.words, *c.adjectives)) if w}
        for form in forms:
            users.setdefault(form, set()).add(c.code)
    return {w: tuple(sorted(cs)) for w, cs in users.items() if len(cs) > 1 and w not in own}


def countries_in(text: str, words: Mapping[str, str] | None = None, shared: bool = False) -> tuple[str, ...]:
    """The partner countries a text names ("organisme russe", "franco-japonaise", "Sénégal et
    Burkina Faso"), as whole words, in the order of the codes; a name inside a longer one counts
    once ("Guinée-Bissau" is not also "Guinée"). `shared`: a word several countries share names
    each of them ("organisme coréen": both Koreas), for what a file declares."""
    words = country_words() if words is None else words
    if shared:
        words = {**shared_country_words(), **words}
    tokens = fold(text).split()
    found: set[str] = set()
    i, longest = 0, max((w.count(" ") + 1 for w in words), default=1)
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            code = words.get(" ".join(tokens[i : i + n]))
            if code:
                found.update((code,) if isinstance(code, str) else code)
                i += n
                break
        else:
            i += 1
    return tuple(sorted(found))


@lru_cache(maxsize=4)
def subdivision_rows(reference: Path = REFERENCE) -> tuple[dict, ...]:
    """The first-level subdivisions of every country: the reviewed rows of regions.csv for the
    countries it covers, the generated rows for all others."""
    reviewed = _rows(reference / "regions.csv")
    covered = {r["country"] for r in reviewed}
    names = {r["code"]: r for r in _rows(reference / "subdivision_names.csv")}
    generated = [_renamed(r, names.get(r["code"])) for r in _rows(reference / WORLD / "subdivisions.csv")
                 if r["country"] not in covered]  # fmt: skip
    return tuple(reviewed + generated)


def _renamed(row: dict, names: dict | None) -> dict:
    """A generated subdivision with its reviewed names (subdivision_names.csv: exonyms no source
    gives, "Écosse"); the generated names stay as aliases."""
    if not names:
        return row
    aliases = [row["name_fr"], row["name_en"], *names["aliases"].split("|"), *row["aliases"].split("|")]
    return {**row, "name_fr": names["name_fr"], "name_en": names["name_en"],
            "aliases": "|".join(a for a in dict.fromkeys(aliases) if a)}  # fmt: skip


@lru_cache(maxsize=4)
def kind_words(reference: Path = REFERENCE) -> tuple[str, ...]:
    """Folded words that name a kind of subdivision, in French and English, singular and plural,
    for the grammar of the place rules ("province de …", "… Governorate", "Land de …")."""
    words: set[str] = set()
    for r in _rows(reference / "subdivision_kinds.csv"):
        words |= {fold(r["kind"]), fold(r["fr"]), fold(r["fr_plural"]), fold(r["en_plural"])}
    for c in load_countries(reference).values():
        words |= {fold(c.subdivision_fr), fold(c.subdivision_en), fold(c.subdivisions_fr), fold(c.subdivisions_en)}
        words |= set(c.kind_words)
    return tuple(sorted(w for w in words if w))


@lru_cache(maxsize=4)
def plural_kind_words(reference: Path = REFERENCE) -> tuple[str, ...]:
    """Folded plurals of the kinds of subdivision, French and English ("voivodies", "voivodeships",
    "regions autonomes", "counties"): the heads of a cell naming several units of one kind."""
    words = {fold(w) for r in _rows(reference / "subdivision_kinds.csv") for w in (r["fr_plural"], r["en_plural"])}
    for c in load_countries(reference).values():
        words |= {fold(c.subdivisions_fr), fold(c.subdivisions_en)}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


@lru_cache(maxsize=4)
def adjective_words(reference: Path = REFERENCE) -> frozenset[str]:
    """Folded adjectives of every country ("russe", "japonaise", "chinese"): words of an actor's
    name that say where it is from, never part of a place's name."""
    return frozenset(a for c in load_countries(reference).values() for a in c.adjectives) | {
        "francais",
        "francaise",
        "french",
    }


def boundaries_path(country: str, reference: Path = REFERENCE) -> Path:
    """The simplified first-level boundaries of a country (may not exist: then none are known)."""
    return reference / WORLD / "admin1" / f"{country}.geojson"
