"""One name per place and language (pure): French pages say Moscou, Nijni Novgorod, Dunkerque;
English ones Moscow, Nizhny Novgorod, Dunkirk.

Rule, in order, for a town:
1. the reviewed exonym table `data/reference/place_names.csv` (established French and English
   names that differ from GeoNames' own: "Nizhniy Novgorod" is written Nijni Novgorod / Nizhny
   Novgorod); each row must designate exactly one place of the gazetteer, or the build stops;
2. the spelling the documents of that language use, when it is one of the place's GeoNames
   names (the French catalogue writes "Tikhvine": French name Tikhvine) — the most frequent;
3. GeoNames' own name.
Regions, subjects and prefectures take their reviewed names (`regions.csv`); a département
its name. Every name a place has (GeoNames alternates: Cyrillic, kanji…) is kept for search.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from etl.normalize import fold
from etl.places import Place, Resolver


class NamingError(ValueError):
    """A row of the exonym table designates no place, or several."""


@dataclass(frozen=True)
class PlaceNames:
    name_fr: str
    name_en: str
    names: tuple[str, ...]  # every name, for search


def load_exonyms(path: Path, resolver: Resolver) -> dict[int, tuple[str, str]]:
    """geonameid → (French name, English name), each row checked against the gazetteer."""
    out: dict[int, tuple[str, str]] = {}
    if not Path(path).exists():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        for row_no, r in enumerate(csv.DictReader(fh), start=2):
            key = fold(r["geonames_name"])
            found = [
                e for e in resolver.gazetteer.candidates(key, resolver.countries_for(r["country"]))
                if resolver.gazetteer.is_primary(e, key) and resolver.region_of(e) == r["region_code"]
            ]  # fmt: skip
            if len(found) != 1:
                raise NamingError(
                    f"{Path(path).name} row {row_no}: {r['geonames_name']!r} in {r['region_code']} designates "
                    f"{len(found)} places of the gazetteer (exactly one expected)"
                )
            out[found[0].geonameid] = (r["name_fr"], r["name_en"])
    return out


def _attested(written: list[str], mentions: list[str]) -> str | None:
    """The GeoNames spelling the mentions use most (a mention may hold more: "Ville de Dunkerque")."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        padded = f" {fold(mention)} "
        fitting = [w for w in written if fold(w) and f" {fold(w)} " in padded]
        if fitting:
            votes[max(fitting, key=lambda w: len(fold(w)))] += 1
    return votes.most_common(1)[0][0] if votes else None


def name_places(
    places: Iterable[Place],
    mentions: Iterable[tuple[str, str, str]],
    resolver: Resolver,
    exonyms: dict[int, tuple[str, str]],
) -> dict[str, PlaceNames]:
    """Names of each place; `mentions`: (place_id, language, text as the document writes it)."""
    said: dict[tuple[str, str], list[str]] = {}
    for place_id, language, text in mentions:
        if text:
            said.setdefault((place_id, language), []).append(text)
    out: dict[str, PlaceNames] = {}
    for p in places:
        if p.kind == "region" and p.region_code in resolver.regions:
            r = resolver.regions[p.region_code]
            out[p.place_id] = PlaceNames(r.name_fr, r.name_en, (r.name_fr, r.name_en, r.name_local, *r.aliases))
            continue
        if p.geonameid is None:  # a département, a reviewed site
            out[p.place_id] = PlaceNames(p.name, p.name, (p.name,))
            continue
        written = resolver.gazetteer.written_names(p.geonameid) or [p.name]
        fr, en = exonyms.get(p.geonameid, (None, None))
        fr = fr or _attested(written, said.get((p.place_id, "fr"), [])) or p.name
        en = en or _attested(written, said.get((p.place_id, "en"), [])) or p.name
        out[p.place_id] = PlaceNames(fr, en, tuple(dict.fromkeys((fr, en, *written))))
    return out
