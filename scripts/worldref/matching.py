"""Natural Earth admin-1 features ↔ ISO 3166-2 subdivisions (pure).

ISO 3166-2 (pycountry) is the authority for codes and for what the first level is: the
subdivisions without a parent. Natural Earth gives shapes and names, but its codes are sometimes
old (Morocco's sixteen regions before 2015, Poland's letter codes), swapped (the two Moscows) or
missing. A feature is taken for an ISO subdivision only when their names agree:
1. its own code, if that subdivision's name agrees with one of the feature's names and no other
   subdivision's agrees with more of them; or, in a country whose codes are otherwise confirmed
   (TRUST), if no name agrees with any subdivision and the code's own name is at least CODE_ONLY
   similar ("Perm'" / "Permskiy kray");
2. else the one subdivision of the country whose name agrees best (≥ NAME_MATCH, no rival
   within RIVAL points);
3. else it is left out (and counted: `Matched.unmatched`).
A feature is read as a unit of the country its ISO code names when that code exists (Crimea's
UA-43, filed under Russia by Natural Earth, is Ukrainian in ISO 3166-2). Lower-level units
(Spanish provinces, French départements) are merged into their first-level ancestor.
Names are compared folded, without the words that only say what kind of unit it is ("kraj",
"Sheng", "Province"): `kind_words`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from etl.normalize import fold

ARTICLES = frozenset({"la", "le", "les", "l", "the", "el"})  # "La Réunion", "L'Oriental"
LINKS = frozenset({"de", "del", "des", "du", "d", "di", "da", "do", "of"})  # "Provincia del Tungurahua"
NAME_AGREES = 90  # a name agrees with a subdivision at this similarity ("moskovskaya"/"pskovskaya": 86)
NAME_MATCH = 90  # a feature is matched by name alone at this similarity…
RIVAL = 5  # …when no other subdivision comes this close
CODE_ONLY = 60  # a feature's code is also trusted when its names are this close and designate no other…
TRUST = 0.8  # …in a country where this share of the features' codes are confirmed by their names


@dataclass(frozen=True)
class IsoSub:
    code: str
    country: str
    name: str
    kind: str
    parent: str | None  # full code of the parent, None at the first level
    names: tuple[str, ...] = ()  # every spelling: the name, its bracketed variants, translations
    names_fr: tuple[str, ...] = ()  # the French translation's spellings (pycountry's iso3166-2 fr), if any


def iso_names(name: str, translations: Iterable[str] = ()) -> tuple[str, ...]:
    """Spellings of an ISO name: "Catalunya [Cataluña]" → both; "Flamande, Région" → "Région
    Flamande"; translations the same way."""
    out: list[str] = []
    for text in (name, *translations):
        for part in re.split(r"\s*\[|\]\s*", text):
            part = part.strip(" ,")
            if not part:
                continue
            m = re.fullmatch(r"(.+?),\s*(.+)", part)
            part = f"{m.group(2)} {m.group(1)}" if m and len(m.group(2).split()) <= 3 else part
            out.append(part)
            bare = re.sub(r"\s*\([^)]*\)", "", part).strip()  # "Guyane (française)", "Laâyoune (EH)"
            if bare != part:
                out += [bare, re.sub(r"[()]", "", part)]
            short = re.sub(r"\s+[A-Z]{2,5}$", "", bare)  # "Hong Kong SAR"
            if short != bare:
                out.append(short)
    return tuple(dict.fromkeys(o for o in out if o))


def top_code(code: str, subs: Mapping[str, IsoSub]) -> str | None:
    """The first-level ancestor of a subdivision (itself at the first level)."""
    seen = set()
    sub = subs.get(code)
    while sub is not None and sub.parent and sub.code not in seen:
        seen.add(sub.code)
        sub = subs.get(sub.parent)
    return sub.code if sub is not None else None


FUNCTION_WORDS = frozenset({"of", "in", "with", "under", "and", "the", "first", "second", "third", "highly"})


def kind_words(
    kinds_by_country: Mapping[str, Iterable[str]], own: Mapping[str, Iterable[str]]
) -> dict[str, frozenset[str]]:
    """Country → folded words that say what kind of unit a name is ("Autonomous region" →
    autonomous, region): words of the kinds at least two countries use, plus the country's own
    (`own`: its ISO kinds and Natural Earth's local kinds, "Shěng", "Zìzhìqu"). A word of one
    country's English kinds only ("London Borough", "Unitary Authority (wales)") is more likely a
    name than a kind elsewhere. The key "" holds the shared words alone."""
    users: dict[str, set[str]] = {}
    for country, kinds in kinds_by_country.items():
        for k in kinds:
            for w in fold(k).split():
                users.setdefault(w, set()).add(country)
    shared = frozenset(w for w, cs in users.items() if len(cs) >= 2 and len(w) > 1 and w not in FUNCTION_WORDS)
    out = {"": shared}
    for country, kinds in own.items():
        words = {w for k in kinds for w in fold(k).split() if len(w) > 1 and w not in FUNCTION_WORDS}
        out[country] = shared | words
    return out


def key(name: str, kinds: frozenset[str]) -> str:
    """A name folded, without its kind words and the link after them ("Ústecký kraj" →
    "ustecky", "Provincia del Tungurahua" → "tungurahua"); the name itself when it is only kind
    words ("Central")."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    kept = [w for w in words if w not in kinds]
    if len(kept) < len(words):  # the kind said, the word linking it to the name goes too
        while len(kept) > 1 and kept[0] in LINKS:
            kept = kept[1:]
    return " ".join(kept or words)


def similarity(a: Iterable[str], b: Iterable[str], kinds: frozenset[str]) -> float:
    """The best similarity (0–100) between any spelling of one and any spelling of the other."""
    best = 0.0
    keys_b = {key(y, kinds) for y in b if y}
    for x in a:
        if not x:
            continue
        kx = key(x, kinds)
        for ky in keys_b:
            if kx == ky:
                return 100.0
            best = max(best, fuzz.ratio(kx, ky), fuzz.token_sort_ratio(kx, ky))
    return best


PRIMARY_FIELDS = ("name", "name_en", "name_fr", "gn_name")
SECONDARY_FIELDS = ("name_local", "name_alt")  # not woe_name: often the parent's
NE_NAME_FIELDS = PRIMARY_FIELDS + SECONDARY_FIELDS
OWN_FIELDS = ("name", "name_en", "name_fr", *SECONDARY_FIELDS)  # not gn_name: it follows the outline


def feature_names(props: Mapping[str, object], fields: tuple[str, ...] = NE_NAME_FIELDS) -> tuple[str, ...]:
    """Every name Natural Earth gives a feature (its `|`-separated lists split)."""
    out = []
    for f in fields:
        out += [n.strip() for n in str(props.get(f) or "").split("|") if n.strip()]
    return tuple(dict.fromkeys(out))


@dataclass
class Matched:
    by_top: dict[str, list[int]] = field(default_factory=dict)  # first-level code → feature indexes
    direct: dict[str, int] = field(default_factory=dict)  # first-level code → a feature of that very unit
    basis: dict[int, str] = field(default_factory=dict)  # feature index → "code" | "name" | "gn_name"
    moved: set[int] = field(default_factory=set)  # outlines moved to their GeoNames unit: gn_name is not their names'
    unmatched: list[int] = field(default_factory=list)


def agreement(names: Iterable[str], spellings: Iterable[str], kinds: frozenset[str]) -> tuple[int, float]:
    """(how many of the names agree with a subdivision's spellings, the best similarity)."""
    spellings = list(spellings)
    scores = [similarity([n], spellings, kinds) for n in names]
    return sum(x >= NAME_AGREES for x in scores), max(scores, default=0.0)


def _score(props: Mapping, sub: IsoSub, kinds) -> tuple[int, int, float]:
    """How a feature's names designate a subdivision: (primary names agreeing, secondary names
    agreeing, best similarity). Natural Earth's names are sometimes mixed between units (its
    Moscow oblast is also called "Moscow"; Sondrio's `name_alt` is its region's, "Lombardy"), so
    the unit most of its own names designate wins, its alternative names only breaking ties."""
    primary = agreement(feature_names(props, PRIMARY_FIELDS), sub.names, kinds)
    secondary = agreement(feature_names(props, SECONDARY_FIELDS), sub.names, kinds)
    return primary[0], secondary[0], max(primary[1], secondary[1])


def _best(
    props: Mapping, candidates: list[IsoSub], code: str, subs, kinds, floor: float | None = None
) -> tuple[IsoSub | None, str]:
    """The subdivision a feature is: its own code's if no other is designated better by its
    names; else the one designated best (similarity ≥ NAME_MATCH, no tie with another unit).
    `floor`: in a country whose codes are trusted, the similarity at which a code whose names
    designate no unit is taken anyway."""
    scored = sorted(((_score(props, s, kinds), s) for s in candidates), key=lambda x: tuple(-v for v in x[0]))
    if not scored:
        return None, ""
    own = next(((a, s) for a, s in scored if s.code == code), None)
    if own is not None and own[0][0] + own[0][1] >= 1 and own[0][:2] >= scored[0][0][:2]:
        return own[1], "code"
    if floor is not None and own is not None and own[0][2] >= floor and scored[0][0][:2] == (0, 0):
        return own[1], "code"  # "Perm'" for "Permskiy kray": no name agrees, none designates another
    (primary, secondary, best_sim), best = scored[0]
    if primary + secondary < 1 or best_sim < NAME_MATCH:
        return None, ""
    rival = next((a for a, s in scored[1:] if top_code(s.code, subs) != top_code(best.code, subs)), (0, 0, 0.0))
    clear = rival[:2] < (primary, secondary) or (rival[:2] == (primary, secondary) and rival[2] <= best_sim - RIVAL)
    return (best, "name") if clear else (None, "")


def _country_of(props: Mapping, subs: Mapping[str, IsoSub], by_country: Mapping) -> tuple[str, str]:
    code = str(props.get("iso_3166_2") or "").strip()
    country = code[:2] if code[:2] in by_country and code in subs else str(props.get("iso_a2") or "")
    return code, country


def trusted_codes(features: list[Mapping], subs: Mapping[str, IsoSub], kinds_of, by_country) -> set[str]:
    """Countries whose Natural Earth codes are current: ≥ TRUST of their features carry a code
    whose subdivision their names agree with (Russia: 81 of 83; Morocco's old regions: 1 of 16)."""
    agree: dict[str, list[bool]] = {}
    for props in features:
        code, country = _country_of(props, subs, by_country)
        kinds = kinds_of.get(country, kinds_of[""])
        ok = code in subs and sum(_score(props, subs[code], kinds)[:2]) >= 1
        agree.setdefault(country, []).append(ok)
    return {c for c, oks in agree.items() if sum(oks) >= TRUST * len(oks)}


def one_to_one(features: list[Mapping], subs: Mapping[str, IsoSub], by_country) -> dict[str, set[str]]:
    """Countries whose Natural Earth features carry each a distinct current first-level ISO code
    → those codes. Disputed areas (coded -99) and Natural Earth's own placeholders for islands
    ISO does not list ("NZ-X06~") aside. Every code is then the feature's, even where ISO and
    Natural Earth transliterate the names too differently to agree (Israel: ISO's "Ḩayfā", Natural
    Earth's "Haifa"; North Korea's two romanisations). Morocco's sixteen old regions are not: four
    of their codes are no ISO code, and the others name other units."""
    codes: dict[str, list[str]] = {}
    for props in features:
        code, country = _country_of(props, subs, by_country)
        if not code.startswith("-99") and not code.endswith("~"):
            codes.setdefault(country, []).append(code)
    return {
        c: set(cs) for c, cs in codes.items()
        if len(set(cs)) == len(cs) and all(x in subs and subs[x].parent is None and subs[x].country == c for x in cs)
    }  # fmt: skip


def match_features(
    features: list[Mapping], subs: Mapping[str, IsoSub], kinds_of: Mapping[str, frozenset[str]]
) -> Matched:
    """Each feature (its `properties`) to the ISO subdivision it is, merged to the first level."""
    by_country: dict[str, list[IsoSub]] = {}
    for s in subs.values():
        by_country.setdefault(s.country, []).append(s)
    trusted = trusted_codes(features, subs, kinds_of, by_country)
    exact = one_to_one(features, subs, by_country)
    coded = coded_names(features, subs, by_country, exact)
    found: dict[int, IsoSub] = {}
    basis: dict[int, str] = {}
    geonames: dict[int, IsoSub] = {}  # the unit GeoNames' name of the feature designates, where it differs
    misnamed: set[int] = set()
    for i, props in enumerate(features):
        code, country = _country_of(props, subs, by_country)
        kinds = kinds_of.get(country, kinds_of[""])
        floor = 0.0 if country in exact else CODE_ONLY if country in trusted else None
        sub, basis[i] = _best(props, by_country.get(country, []), code, subs, kinds, floor)
        if sub is not None and code in exact.get(country, ()) and top_code(sub.code, subs) in exact[country] - {code}:
            sub, basis[i] = subs[code], "code"  # "Kiev" (the oblast's code) where "Kiev City" is the city's
            misnamed.add(i)  # its names are the other unit's: not used to name this one
        if sub is None and code not in subs and _region_of(props, country, subs) is not None:
            sub, basis[i] = _region_of(props, country, subs), "region_cod"  # a part: its names are not the unit's
            misnamed.add(i)
        if sub is not None and top_code(sub.code, subs) is not None:
            found[i] = sub
            gn = _geonames_unit(props, by_country.get(country, []), subs, kinds, coded)
            if gn is not None and top_code(gn.code, subs) != top_code(sub.code, subs):
                geonames[i] = gn
    moved, dropped = permuted(
        {i: top_code(s.code, subs) for i, s in found.items()},
        {i: top_code(g.code, subs) for i, g in geonames.items()},
        {i: top_code(_country_of(features[i], subs, by_country)[0], subs) for i in geonames},
    )
    out = Matched()
    for i in range(len(features)):
        if i not in found or i in dropped:
            out.unmatched.append(i)
            continue
        sub = geonames[i] if i in moved else found[i]
        top = top_code(sub.code, subs)
        out.by_top.setdefault(top, []).append(i)
        out.basis[i] = "gn_name" if i in moved else basis[i]
        if sub.code == top and i not in moved and i not in misnamed:  # a moved feature's names are another's
            out.direct.setdefault(top, i)
    out.moved = set(moved)
    for i in sorted(moved):  # …those of the unit its code and names designate (Eritrea's "Anseba")
        own = top_code(found[i].code, subs)
        if own and found[i].code == own and i not in misnamed:
            out.direct.setdefault(own, i)
    return out


def _region_of(props: Mapping, country: str, subs: Mapping[str, IsoSub]) -> IsoSub | None:
    """The first-level unit Natural Earth files a feature under (`region_cod`), for a feature whose
    own code is no ISO code: a province ISO no longer lists (Aosta, Sardinia's four of 2005–2016)
    or a city inside its region (Manila's cities, filed as PH-MNL, in the National Capital Region)."""
    sub = subs.get(str(props.get("region_cod") or ""))
    return sub if sub is not None and sub.parent is None and sub.country == country else None


def coded_names(
    features: list[Mapping], subs: Mapping[str, IsoSub], by_country: Mapping, exact: Mapping[str, set[str]]
) -> dict[str, tuple[str, ...]]:
    """In a country whose features carry each a distinct ISO code (`one_to_one`), each code → the
    names of its feature but GeoNames' (which follows the outline): how Natural Earth spells the
    unit where ISO transliterates it otherwise (Eritrea's "Northern Red Sea" for ISO's "Shimālī
    al Baḩrī al Aḩmar")."""
    out: dict[str, tuple[str, ...]] = {}
    for props in features:
        code, country = _country_of(props, subs, by_country)
        if code in exact.get(country, ()):
            out[code] = feature_names(props, OWN_FIELDS)
    return out


def _geonames_unit(
    props: Mapping, candidates: list[IsoSub], subs, kinds, coded: Mapping[str, tuple[str, ...]] | None = None
) -> IsoSub | None:
    """The one first-level unit (or a unit inside it) that GeoNames' name of a feature agrees with:
    by ISO's names; where none agrees, by the names of the feature coded for a unit (`coded`), when
    the feature's own names do not agree with its GeoNames name (else its code is the shifted one:
    Natural Earth's Moscow city, named and `gn_name`d as the oblast)."""
    names = feature_names(props, ("gn_name",))
    agreeing = [s for s in candidates if names and agreement(names, s.names, kinds)[0]]
    if not agreeing and names and coded and not agreement(names, feature_names(props, OWN_FIELDS), kinds)[0]:
        agreeing = [s for s in candidates if agreement(names, coded.get(s.code, ()), kinds)[0]]
    return agreeing[0] if len({top_code(s.code, subs) for s in agreeing}) == 1 else None


def permuted(
    found: Mapping[int, str], geonames: Mapping[int, str], codes: Mapping[int, str | None] | None = None
) -> tuple[set[int], set[int]]:
    """Features whose names were shifted between units (Natural Earth's Napo and Tungurahua, or
    seven of Guyana's ten regions, each carry another one's outline: GeoNames' name, `gn_name`,
    follows the outline, the other names do not). `found`: feature → unit its names designate;
    `geonames`: feature → the other unit its gn_name designates. A feature is *moved* to its
    GeoNames unit when every feature of that unit disagrees the same way (a swap or a cycle, not
    a town inside its county: Sopron's gn_name is its county's, whose own names agree); a feature
    that disagrees, is not moved and whose unit receives a moved one is *dropped* (its outline is
    no one's for sure). A feature is also moved when its own code (`codes`) is its GeoNames
    unit and that unit has no feature (Natural Earth's Kyiv oblast, named "Kyiv" like the city,
    coded and `gn_name`d as the oblast). Returns (moved, dropped)."""
    features_of: dict[str, list[int]] = {}
    for i, unit in found.items():
        features_of.setdefault(unit, []).append(i)
    codes = codes or {}
    moved = {
        i for i, unit in geonames.items()
        if (features_of.get(unit) and all(j in geonames for j in features_of[unit]))
        or (not features_of.get(unit) and codes.get(i) == unit)
    }  # fmt: skip
    receiving = {geonames[i] for i in moved}
    dropped = {i for i in geonames if i not in moved and found[i] in receiving}
    return moved, dropped
