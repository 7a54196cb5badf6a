"""Outlines of the subdivisions Natural Earth does not draw, approximated from their towns.

Natural Earth's admin-1 predates some reforms (Morocco's twelve regions of 2015, Kenya's 47
counties, Luxembourg's cantons): those units have no outline of their own, and a reader of the
country's map used to see them only as "off the map". Their towns do say where they lie
(GeoNames' admin1 code of each town, mapped to the unit by `admin1`). The country's land that no
drawn unit covers is shared among the units left by their towns: every point goes to the unit of
its nearest town (the towns' Voronoi cells, united per unit, cut to the land left).

Precision first: the land of a unit with no town would be given to its neighbours, so a
country's units left are approximated only when each of them has at least MIN_TOWNS towns (one
town gives no direction), most of them in the land left (not inside a drawn outline, which would
then be an older, larger unit's); otherwise none is. The towns are GeoNames' (their admin1 code
mapped to the unit), else, when those do not suffice, a second source's (countries-states-cities
files its towns under ISO units: Ghana's regions of 2019, Palestine's governorates). Outlines made so are marked (`approx` in the GeoJSON, `shape = 2` in
subdivisions.csv) and the maps say so. Pure functions on shapely geometries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import shapely
from shapely.geometry import MultiPoint, Point
from shapely.ops import unary_union

MIN_TOWNS = 2
STALE_EVIDENCE = 3  # towns of other units an outline must hold to be found another's (a city's edge holds one)


def _placed(points: Iterable[tuple[float, float]], bounds: tuple[float, ...]) -> list[tuple[float, float]]:
    """Points moved by ±360° of longitude into the land's bounds where the land was unwrapped
    across the antimeridian (`geometry.unwrap`)."""
    x0, _, x1, _ = bounds
    out = []
    for lon, lat in points:
        if lon < x0 and lon + 360 <= x1:
            lon += 360
        elif lon > x1 and lon - 360 >= x0:
            lon -= 360
        out.append((lon, lat))
    return out


def owners(towns: Mapping[str, Iterable[tuple[float, float]]], bounds: tuple[float, ...]) -> dict:
    """(lon, lat) → unit, for the towns of every unit; a point two units claim is nobody's."""
    seen: dict[tuple[float, float], str | None] = {}
    for code in sorted(towns):
        for point in _placed(towns[code], bounds):
            seen[point] = code if seen.get(point, code) == code else None
    return {p: c for p, c in seen.items() if c is not None}


def voronoi(points: Mapping[tuple[float, float], str], area) -> dict[str, object]:
    """unit → the union of its towns' Voronoi cells, cut to `area`."""
    coords = list(points)
    if len(coords) == 1:
        return {points[coords[0]]: area}
    x0, y0, x1, y1 = area.bounds
    frame = shapely.box(x0 - 1, y0 - 1, x1 + 1, y1 + 1)
    cells = shapely.voronoi_polygons(MultiPoint(coords), extend_to=frame, ordered=True)
    by_unit: dict[str, list] = {}
    for point, cell in zip(coords, cells.geoms, strict=True):
        by_unit.setdefault(points[point], []).append(cell)
    out = {}
    for code, parts in by_unit.items():
        shape = unary_union(parts).intersection(area)
        if not shape.is_empty and shape.area > 0:
            out[code] = shape
    return out


def from_towns(land, drawn: Mapping[str, object], towns: Mapping[str, Iterable[tuple[float, float]]],
               missing: Iterable[str]) -> dict[str, object]:  # fmt: skip
    """unit → approximate outline, for the `missing` units (no outline of their own): `land` (the
    country's) less the `drawn` outlines, shared by the nearest town (`towns`: unit → (lon, lat)
    of its towns). Nothing when a missing unit has under MIN_TOWNS towns."""
    missing = sorted(set(missing))
    if not missing or land is None or land.is_empty:
        return {}
    theirs = {code: list(towns.get(code, ())) for code in missing}
    if any(len(set(points)) < MIN_TOWNS for points in theirs.values()):
        return {}
    left = land.buffer(0)
    if drawn:
        left = left.difference(unary_union([g.buffer(0) for g in drawn.values()]))
    if left.is_empty or not all(_mostly_inside(points, left) for points in theirs.values()):
        return {}
    return voronoi(owners(theirs, left.bounds), left)


def _mostly_inside(points: list[tuple[float, float]], area) -> bool:
    """Most of a unit's towns lie in the land left: else a drawn outline holds it (an older, larger
    unit's: Ghana's Volta before Oti was cut from it), and no approximation would be its land."""
    placed = _placed(set(points), area.bounds)
    near = area.buffer(0.05)
    return sum(near.contains(Point(p)) for p in placed) * 2 > len(placed)


def stale_outlines(drawn: Mapping[str, object], towns: Mapping[str, Iterable[tuple[float, float]]],
                   missing: Iterable[str]) -> set[str]:  # fmt: skip
    """The drawn outlines that hold more towns of units without an outline than of their own unit,
    or most of the towns of one such unit — at least STALE_EVIDENCE of them either way (`towns`: a
    source that files towns under today's units; a small city's outline may hold a neighbour's
    town at its edge): an older, larger unit's outline (Ghana's Northern region before Savannah and
    North East were cut from it; its Volta region before Oti), not the unit's."""
    missing = set(missing)
    stale = set()
    for code, shape in drawn.items():
        near = shape.buffer(0.01)
        inside = {unit: sum(near.contains(Point(p)) for p in _placed(set(points), near.bounds))
                  for unit, points in towns.items() if unit == code or unit in missing}  # fmt: skip
        others = sum(n for unit, n in inside.items() if unit != code)
        held = any(n >= STALE_EVIDENCE and 2 * n > len(set(towns[unit])) for unit, n in inside.items() if unit != code)
        if (others >= STALE_EVIDENCE and others > inside.get(code, 0)) or held:
            stale.add(code)
    return stale


def agreement(approx: Mapping[str, object], true: Mapping[str, object]) -> float:
    """The share of the true outlines' area that the approximation gives to the right unit."""
    total = sum(g.area for g in true.values())
    if not total:
        return 0.0
    right = sum(approx[code].intersection(g).area for code, g in true.items() if code in approx)
    return right / total


def summary(agreement: Mapping[str, float]) -> str:
    """One line on the measured agreement of countries approximated whole: median, quartiles, worst."""
    values = sorted(agreement.values())
    n = len(values)
    worst = ", ".join(f"{c} {v:.0%}" for c, v in sorted(agreement.items(), key=lambda kv: kv[1])[:5])
    return (f"approximation measured on {n} countries drawn whole: area given to the right unit, median "
            f"{values[n // 2]:.1%}, quartiles {values[n // 4]:.1%}–{values[3 * n // 4]:.1%}; lowest {worst}")  # fmt: skip
