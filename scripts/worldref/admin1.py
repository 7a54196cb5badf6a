"""GeoNames admin1 codes → first-level ISO 3166-2 subdivisions, by the evidence of their towns.

GeoNames files each town under an admin1 code of its own numbering (Morocco "06", Spain "51").
A code is mapped to the ISO subdivision that holds its towns:
1. by place: the first-level shapes (unsimplified) that contain the code's towns; the code is
   mapped when one subdivision holds ≥ SHARE of the towns found inside a shape;
2. else by name, where a country has no usable shapes: towns that bear the name of an ISO unit
   of that country (Casablanca, a prefecture whose parent is Casablanca-Settat) vote for that
   unit's first-level ancestor; mapped on ≥ 2 votes and ≥ SHARE of them, or on the vote of the
   code's own seat (PPLA);
   Where some subdivisions have no shape, a subdivision keeps only its main code by place (the
   other codes may be the missing units': Gwangju's towns lie in South Jeolla's outline): the
   code Natural Earth records for the outline (`gn_a1_code`) if most of its towns lie there,
   else one holding ≥ SHARE of the outline's towns; an outline with none is shared, and neither
   mapped nor used to place a town by its point (`main_codes_only`). A name that the code's
   towns contradict (its unit's outline holds under half of them) maps nothing (`contradicted`);
3. else, where every code mapped so far by 1 or 2 equals its subdivision's ISO suffix (at least
   PATTERN_MIN of them: GeoNames numbers Morocco's regions as ISO does), a code left over is
   mapped to the subdivision with that suffix (`code_pattern`);
   else, codes whose towns lie in no outline, each the number of a unit with neither outline nor
   code, at least PATTERN_MIN of them, are mapped by number (`code_unseen`: Norway's counties of
   2020, which Natural Earth draws as the older ones);
   else, where both numberings are numbers in the same order, a run of codes bracketed by two
   mapped ones with the same gap in both is mapped one to one (`code_order`: Kenya's counties);
   else, a code whose towns a second source (countries-states-cities) files under one unit
   that has neither an outline nor a code, and that no other code left over points to, is
   mapped to it (`filed`: Bosnia's entities, Congo's provinces of 2015, Maputo's city);
4. else not mapped: each of its towns is placed by its point when it lies well inside one
   shape that no other code is mapped to (`towns_by_point`), else its subdivision is unknown
   (never guessed). A code mapped by place whose towns also lie in a unit no code maps to is
   left unmapped too (`straddling`: Da Nang filed under Quảng Nam by GeoNames in 2025).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from shapely import STRtree
from shapely.geometry import Point
from shapely.prepared import prep

from etl.gazetteer import GazetteerEntry as Town  # a GeoNames town: the gazetteer's own record

SHARE = 0.8
PATTERN_MIN = 3


@dataclass(frozen=True)
class Admin1Map:
    code: str  # the first-level ISO code
    basis: str  # place | name | seat_name
    votes: int
    share: float


def _decide(votes: Counter) -> tuple[str, int, float] | None:
    if not votes:
        return None
    (best, n), total = votes.most_common(1)[0], sum(votes.values())
    return (best, n, n / total) if n / total >= SHARE else None


def by_place(
    towns: Iterable[Town], shapes: Mapping[str, object], recorded: Mapping[str, set[str]] | None = None
) -> dict[str, Admin1Map]:
    """admin1 code → subdivision, for one country's towns and first-level shapes: where at least
    SHARE of the towns found inside a shape are. A code with under half of its towns inside that
    outline is not mapped to it when Natural Earth records another code for the outline
    (`recorded`: unit → its features' `gn_a1_code`s) whose towns mostly lie there: seven of
    Akershus's 59 towns fall in Natural Earth's outline of Oslo, which records Oslo's code, the
    others where no outline of a current unit is drawn."""
    towns, recorded = list(towns), recorded or {}
    total = Counter(t.admin1 for t in towns)
    votes = place_votes(towns, shapes)
    inside: dict[str, Counter] = {}  # unit → the codes of the towns its outline holds
    for admin1, counter in votes.items():
        for unit, n in counter.items():
            inside.setdefault(unit, Counter())[admin1] += n
    out = {}
    for admin1, counter in votes.items():
        decided = _decide(counter) or _mutual(admin1, counter, inside)
        if not decided:
            continue
        unit = decided[0]
        rival = any(a != admin1 and votes.get(a, Counter())[unit] * 2 > total[a] for a in recorded.get(unit, ()))
        if sum(counter.values()) * 2 >= total[admin1] or not rival:
            out[admin1] = Admin1Map(unit, "place", decided[1], round(decided[2], 3))
    return out


def _mutual(admin1: str, votes: Counter, inside: Mapping[str, Counter]) -> tuple[str, int, float] | None:
    """Short of SHARE, the outline holding most of a code's towns (more than half) when at least
    SHARE of the towns that outline holds are of this code: each is the other's. Kyiv oblast's
    code has 120 of its 161 towns in the oblast's outline, 26 in the coarse outline of Kyiv city
    (Irpin, Bucha), 14 over the Chernihiv border (Slavutych, its exclave); the oblast's outline
    holds almost only its towns."""
    if not votes:
        return None
    (unit, n), total = votes.most_common(1)[0], sum(votes.values())
    held = inside.get(unit, Counter())
    return (unit, n, n / total) if n * 2 > total and held[admin1] >= SHARE * sum(held.values()) else None


def _holders(towns: Iterable[Town], shapes: Mapping[str, object]):
    """(town, the shape holding its point or None) for each town (points also tried a turn of
    the globe away where outlines cross the antimeridian)."""
    codes = list(shapes)
    tree = STRtree([shapes[c] for c in codes])
    prepared = [prep(shapes[c]) for c in codes]
    wraps = any(shapes[c].bounds[2] > 180 or shapes[c].bounds[0] < -180 for c in codes)
    for t in towns:
        hit = None
        for lon in (t.lon, t.lon + 360, t.lon - 360) if wraps else (t.lon,):
            point = Point(lon, t.lat)
            hit = next((codes[i] for i in tree.query(point) if prepared[i].contains(point)), None)
            if hit:
                break
        yield t, hit


def place_votes(towns: Iterable[Town], shapes: Mapping[str, object]) -> dict[str, Counter]:
    """admin1 code → how many of its towns each shape holds."""
    votes: dict[str, Counter] = {}
    for t, hit in _holders(towns, shapes):
        counter = votes.setdefault(t.admin1, Counter())
        if hit:
            counter[hit] += 1
    return votes


def names_inside(towns: Iterable[Town], shapes: Mapping[str, object]) -> dict[str, set[str]]:
    """Shape → the names of the towns its outline holds."""
    out: dict[str, set[str]] = {}
    for t, hit in _holders(towns, shapes):
        if hit:
            out.setdefault(hit, set()).add(t.name)
    return out


def straddling(mapped: Mapping[str, Admin1Map], votes: Mapping[str, Counter]) -> dict[str, set[str]]:
    """Codes mapped by place whose towns also lie in units that got no code of their own → those
    units. GeoNames files such a unit's towns under this code (Da Nang under Quảng Nam, Vietnam
    2025; Miskolc, a city with county rights, under Borsod-Abaúj-Zemplén), so the code does not
    say which of the two a town is in: it is left unmapped, and each of its towns is placed by its
    point (`towns_by_point`)."""
    coded = {m.code for m in mapped.values()}
    out = {}
    for code, m in mapped.items():
        others = {top for top in votes.get(code, {}) if top not in coded}
        if m.basis == "place" and others:
            out[code] = others
    return out


def by_name(towns: Iterable[Town], unit_keys: Mapping[str, set[str]], seats: Mapping[str, int],
            fold_name) -> dict[str, Admin1Map]:  # fmt: skip
    """admin1 code → subdivision from towns named like an ISO unit (`unit_keys`: folded name →
    first-level codes of the units of that name); `seats`: admin1 → geonameid of its PPLA."""
    votes: dict[str, Counter] = {}
    seat_vote: dict[str, str] = {}
    for t in towns:
        tops = unit_keys.get(fold_name(t.name), set())
        if len(tops) != 1:
            continue
        top = next(iter(tops))
        votes.setdefault(t.admin1, Counter())[top] += 1
        if seats.get(t.admin1) == t.geonameid:
            seat_vote[t.admin1] = top
    out = {}
    for admin1, counter in votes.items():
        decided = _decide(counter)
        if admin1 in seat_vote and (not decided or decided[0] == seat_vote[admin1]):
            out[admin1] = Admin1Map(seat_vote[admin1], "seat_name", counter[seat_vote[admin1]], 1.0)
        elif decided and decided[1] >= 2:
            out[admin1] = Admin1Map(decided[0], "name", decided[1], round(decided[2], 3))
    return out


def contradicted(unit: str, votes: Counter | None, shapes: Mapping[str, object]) -> bool:
    """A unit with an outline holding under half of a code's towns placed in any outline is not
    that code's, whatever its name says."""
    placed = sum((votes or {}).values())
    return unit in shapes and placed > 0 and (votes or {}).get(unit, 0) * 2 < placed


def by_pattern(
    country: str,
    mapped: Mapping[str, Admin1Map],
    left: Iterable[str],
    codes: Iterable[str],
    shaped: Iterable[str] = (),
) -> dict[str, Admin1Map]:
    """Codes left over, mapped by the country's own numbering when it is ISO's (rule 3). A code
    mapped by place to another unit than its own number's does not break the pattern when its
    number's unit has no outline (the place vote could not see it: Luxembourg's cantons, whose
    outlines are the three districts they replaced in 2015): it is remapped by the pattern."""
    codes, shaped = set(codes), set(shaped)
    unseen = {a for a, m in mapped.items() if m.basis == "place" and m.code != f"{country}-{a}"
              and f"{country}-{a}" in codes - shaped}  # fmt: skip
    agree = [a for a, m in mapped.items() if m.code == f"{country}-{a}"]
    if len(agree) < PATTERN_MIN or len(agree) + len(unseen) < len(mapped):
        return {}
    return {
        a: Admin1Map(f"{country}-{a}", "code_pattern", 0, 1.0) for a in {*left, *unseen} if f"{country}-{a}" in codes
    }


def by_number_unseen(
    country: str,
    mapped: Mapping[str, Admin1Map],
    left: Iterable[str],
    codes: Iterable[str],
    votes: Mapping[str, Counter],
    shaped: Iterable[str] = (),
) -> dict[str, Admin1Map]:
    """Codes left over whose towns lie in no outline, each the number of a unit with neither an
    outline nor a code: mapped by that number when there are at least PATTERN_MIN of them and no
    code mapped so far is the number of another unit (Norway's counties of 2020 — Vestland 46,
    Trøndelag 50 —, which GeoNames numbers as ISO while Natural Earth still draws the older
    counties, numbered otherwise)."""
    codes, shaped = set(codes), set(shaped)
    taken = {m.code for m in mapped.values()}
    if any(f"{country}-{a}" in codes and m.code != f"{country}-{a}" for a, m in mapped.items()):
        return {}
    found = {a for a in left if not sum(votes.get(a, Counter()).values())
             and f"{country}-{a}" in codes - shaped - taken}  # fmt: skip
    if len(found) < PATTERN_MIN:
        return {}
    return {a: Admin1Map(f"{country}-{a}", "code_unseen", 0, 1.0) for a in found}


def by_order(
    country: str, mapped: Mapping[str, Admin1Map], left: Iterable[str], codes: Iterable[str]
) -> dict[str, Admin1Map]:
    """Codes left over, where both numberings are numbers in the same order (both alphabetical:
    GeoNames numbers Kenya's 47 counties from 10, ISO from 01): a run of unmapped codes between
    two mapped ones is mapped one to one when the gap is the same in both numberings and every
    unit in the gap is still without a code (Eldoret's code, 52, between 46 → KE-38 and 54 →
    KE-46, is KE-44). A gap at either end is left alone: nothing brackets it."""
    codes = {c for c in codes if c.startswith(f"{country}-") and c[len(country) + 1 :].isdigit()}
    width = max((len(c) - len(country) - 1 for c in codes), default=0)
    taken = {m.code for m in mapped.values()}
    pairs = sorted((int(a), int(m.code[len(country) + 1 :])) for a, m in mapped.items()
                   if a.isdigit() and m.code in codes)  # fmt: skip
    left = {a for a in left if a.isdigit()}
    out = {}
    for (a1, u1), (a2, u2) in itertools.pairwise(pairs):
        if a2 - a1 != u2 - u1 or a2 - a1 < 2:
            continue
        run = [(a, f"{country}-{u1 + a - a1:0{width}d}") for a in range(a1 + 1, a2)]
        found = {a: next((x for x in left if int(x) == a), None) for a, _ in run}
        if all(found[a] and unit in codes and unit not in taken for a, unit in run):
            out.update({found[a]: Admin1Map(unit, "code_order", 0, 1.0) for a, unit in run})
    return out


FILED_KM = 15  # a filed town is a GeoNames town of the same name within this distance


def filed_votes(
    towns: Iterable[Town],
    filed: Mapping[str, list[tuple[float, float, str]]],
    key: Callable[[str], str],
    top: Callable[[str], str | None],
) -> dict[str, Counter]:
    """admin1 code → the first-level units its towns are filed under by a second source (the
    countries-states-cities database): each town matched by name to a filed town at most FILED_KM
    away; a filed code that is not a current ISO unit votes None. The code's most populous town
    votes twice (one town filed is enough when it is the code's largest: Maputo, Ashgabat)."""
    towns, largest = list(towns), {}
    for t in towns:
        if t.admin1 not in largest or t.population > largest[t.admin1].population:
            largest[t.admin1] = t
    votes: dict[str, Counter] = {}
    for t in towns:
        for lat, lon, code in filed.get(key(t.name), ()):
            if math.hypot(t.lat - lat, (t.lon - lon) * math.cos(math.radians(t.lat))) * 111.2 <= FILED_KM:
                votes.setdefault(t.admin1, Counter())[top(code)] += 2 if t is largest[t.admin1] else 1
                break
    return votes


def by_largest_town(
    towns: Iterable[Town], left: Iterable[str], unit_keys: Mapping[str, set[str]], taken: Iterable[str], fold_name
) -> dict[str, Admin1Map]:
    """Codes left over whose most populous town bears the own name of a unit that has neither an
    outline nor a code (`taken`: the units with either), one code per unit: a unit newer than the
    outlines, named after its seat (Algeria's wilayas of 2019: GeoNames' code "TM", its largest
    town Timimoun, all inside Adrar's old outline)."""
    left, taken = set(left), set(taken)
    largest: dict[str, Town] = {}
    for t in towns:
        if t.admin1 in left and (t.admin1 not in largest or t.population > largest[t.admin1].population):
            largest[t.admin1] = t
    claims: dict[str, list[str]] = {}
    for code, t in largest.items():
        units = unit_keys.get(fold_name(t.name), set())
        if len(units) == 1 and not units & taken:
            claims.setdefault(next(iter(units)), []).append(code)
    return {codes[0]: Admin1Map(unit, "largest_town", 1, 1.0) for unit, codes in claims.items() if len(codes) == 1}


def by_filed_towns(
    mapped: Mapping[str, Admin1Map], left: Iterable[str], votes: Mapping[str, Counter], shaped: Iterable[str]
) -> dict[str, Admin1Map]:
    """Codes left over, mapped to the unit a second source files their towns under (≥ SHARE of
    the votes, at least two) when that unit has neither an outline nor a code and no other code
    left over points to it: units newer than Natural Earth or a capital city with a code of its
    own (Bosnia's two entities, Congo's provinces of 2015, Sidama, Maputo's city). A unit with an
    outline is not taken this way (its towns are placed by their point), nor one that already
    holds a code (Semey, filed under the East Kazakhstan region it left in 2022: GeoNames'
    separate code says it is another unit)."""
    taken, shaped = {m.code for m in mapped.values()}, set(shaped)
    found = {}
    for a in left:
        decided = _decide(votes.get(a, Counter()))
        if decided and decided[0] and decided[0] not in taken | shaped and decided[1] >= 2:
            found[a] = Admin1Map(decided[0], "filed", decided[1], round(decided[2], 3))
    units = Counter(m.code for m in found.values())
    return {a: m for a, m in found.items() if units[m.code] == 1}


def foreign_outlines(mapped: Mapping[str, Admin1Map], votes: Mapping[str, Counter], shaped: Iterable[str]) -> set[str]:
    """Units whose outline holds more towns of units with no outline of their own than of its
    own: the outline is an older, larger unit's (Luxembourg's district of Luxembourg holds three
    of the cantons that replaced it in 2015, and more of their towns than its own canton's). It
    is neither drawn nor used to place towns; the unit's towns keep their code. A town straying
    over a border into a unit that has an outline (a coarse point) counts for nothing."""
    shaped = set(shaped)  # the units that have an outline, whether a town lies in it or not
    own, others = Counter(), Counter()
    for code, counter in votes.items():
        unit = mapped[code].code if code in mapped else None
        for shape_code, n in counter.items():
            if unit == shape_code:
                own[shape_code] += n
            elif unit is not None and unit not in shaped:
                others[shape_code] += n
    return {u for u in others if others[u] > own[u]}


def main_codes_only(
    mapped: Mapping[str, Admin1Map], votes: Mapping[str, Counter], recorded: Mapping[str, set[str]] | None = None
) -> tuple[dict[str, Admin1Map], set[str]]:
    """Each subdivision keeps only its main code: in a country some of whose subdivisions have no
    shape, the other codes may be those missing units' (left unmapped). The main code holds at
    least SHARE of the towns its outline holds, whatever their code, unless Natural Earth records
    another GeoNames code for the outline (`recorded`: unit → its features' `gn_a1_code`s) and
    most of that code's towns lie in it: Panamá's outline, drawn before Panamá Oeste was carved
    out of it in 2014, holds more of Panamá Oeste's towns than of Panamá's. Short of SHARE, the
    recorded code with the most towns there is the main one (Maputo's outline records the
    province's and the city's). An outline with neither is *shared*: no code is mapped to it, and no
    town is placed in it by its point. Returns (mapped, shared units)."""
    recorded = recorded or {}
    inside: dict[str, Counter] = {}
    for code, counter in votes.items():
        for unit, n in counter.items():
            inside.setdefault(unit, Counter())[code] = n
    main = {}
    for unit, c in inside.items():
        top, n = c.most_common(1)[0]
        held = [a for a in recorded.get(unit, ()) if c[a] and c[a] * 2 > sum(votes[a].values())]
        if len(held) == 1 or (held and n < SHARE * sum(c.values())):
            main[unit] = {max(sorted(held), key=lambda a: c[a])}
        else:
            main[unit] = {top} if n >= SHARE * sum(c.values()) else set()
    kept = {code: m for code, m in mapped.items() if code in main.get(m.code, ())}
    return kept, {m.code for m in mapped.values()} - {unit for unit, codes in main.items() if codes}


MARGIN = 0.02  # degrees (~2 km): a town this close to an outline is not placed by its point


def towns_by_point(
    towns: Iterable[Town],
    shapes: Mapping[str, object],
    coded: Mapping[str, str] | None = None,
    straddled: Mapping[str, set[str]] | None = None,
    shared: Iterable[str] = (),
    named: Mapping[str, str] | None = None,
) -> dict[int, str]:
    """geonameid → subdivision, for towns whose admin1 code could not be mapped: the shape that
    holds the town's point at least MARGIN inside its outline (Vietnam's provinces, merged by
    GeoNames in 2025, are still ISO's 63: each town is placed where it lies). `coded`: admin1 →
    the unit its towns showed before `straddling` left it unmapped, by more than one town (one
    town of Icolo e Bengo, a 2024 province, in Bengo's outline does not make it Icolo e Bengo's).
    A town is never placed in a unit that another code is its own (GeoNames files Keszthely under Zala although Natural
    Earth's outline of Veszprém holds it: an old border, the point says nothing). A town of a
    straddling code (`straddled`: code → the units without a code its towns also lie in) near a
    border — Tokaj, on its county's edge — is in its code's unit unless it is near one of those.
    No town is placed in a `shared` outline (`main_codes_only`). A town bearing a unit's own name
    (`named`: geonameid → that unit) in or near that unit's outline is that unit's (Cần Thơ, on
    the river that is its border, under a GeoNames code merged in 2025)."""
    coded, straddled, named = coded or {}, straddled or {}, named or {}
    codes = list(shapes)
    if not codes:
        return {}
    tree = STRtree([shapes[c] for c in codes])
    prepared = [prep(shapes[c]) for c in codes]
    out = {}
    for t in towns:
        point = Point(t.lon, t.lat)
        own = coded.get(t.admin1)
        others = straddled.get(t.admin1, set()) if own else set()
        barred = (set(coded.values()) - {own}) | set(shared)
        inside = [codes[i] for i in tree.query(point) if prepared[i].contains(point)]
        deep = [c for c in inside if shapes[c].boundary.distance(point) >= MARGIN]
        namesake = named.get(t.geonameid)
        if namesake in shapes and shapes[namesake].distance(point) < MARGIN:
            out[t.geonameid] = namesake
        elif deep and deep[0] not in barred:
            out[t.geonameid] = deep[0]
        elif not deep and own and not any(shapes[c].distance(point) < MARGIN for c in others if c in shapes):
            out[t.geonameid] = own
    return out
