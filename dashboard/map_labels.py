"""Where a link map puts its places and their names (pure): markers that fall on one spot (a
département and its préfecture, a region and its seat) spread on a small circle so each has
its own click target; names chosen greedily, the most connected first, only where they overlap
no name already placed, and turned inwards at the frame's edges instead of cut.

Positions are reckoned in screen pixels by the map's own projection (Mercator, or the conic
equal-area one of a wide frame: `charts.frame_geo`), fitted to the plot's box as plotly fits it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

SAME_SPOT = 6.0  # px: markers closer than this are one spot
SPREAD = 9.0  # px: the radius of the circle a spot's markers are spread on
CHAR = 6.3  # px per character of an 11-px name (a mean over Latin text)
LINE = 14.0  # px: a name's height
GAP = 4.0  # px between a marker and its name
MARKER = 4.0  # px: a marker's radius, which no other place's name covers

Project = Callable[[float, float], tuple[float, float]]  # (lat, lon) → (x, y) px, y downwards


def _raw(geo: dict) -> Callable[[float, float], tuple[float, float]]:
    """The projection of a layout's `geo`, unscaled (y upwards)."""
    projection = geo.get("projection") or {}
    kind = projection.get("type", "mercator")
    if kind == "conic equal area":  # Albers, as d3 draws it
        p1, p2 = (math.radians(p) for p in projection.get("parallels", (30.0, 60.0)))
        centre = (projection.get("rotation") or {}).get("lon", 0.0)
        n = (math.sin(p1) + math.sin(p2)) / 2
        c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)

        def albers(lat: float, lon: float) -> tuple[float, float]:
            rho = math.sqrt(max(c - 2 * n * math.sin(math.radians(lat)), 0.0)) / n
            theta = n * math.radians(lon - centre)
            return rho * math.sin(theta), -rho * math.cos(theta)

        return albers
    if kind == "mercator":
        return lambda lat, lon: (math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
    return lambda lat, lon: (math.radians(lon), math.radians(lat))  # the world view: near enough


def projector(geo: dict, width: float, height: float) -> Project:
    """Screen pixels of (lat, lon) on a map of `geo` whose plot box is width × height."""
    raw = _raw(geo)
    (lat0, lat1), (lon0, lon1) = geo["lataxis"]["range"], geo["lonaxis"]["range"]
    border = [raw(lat0 + (lat1 - lat0) * i / 8, lon0 + (lon1 - lon0) * j / 8) for i in range(9) for j in range(9)]
    xs, ys = [p[0] for p in border], [p[1] for p in border]
    scale = min(width / max(max(xs) - min(xs), 1e-9), height / max(max(ys) - min(ys), 1e-9))
    left, top = min(xs), max(ys)

    def project(lat: float, lon: float) -> tuple[float, float]:
        x, y = raw(max(-85.0, min(85.0, lat)), lon)
        return (x - left) * scale, (top - y) * scale

    return project


def spread(points: Sequence[tuple[float, float]], project: Project) -> list[tuple[float, float]]:
    """(lat, lon) of each point, those sharing a spot moved apart on a circle around it."""
    xy = [project(lat, lon) for lat, lon in points]
    out = list(points)
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(xy):
        for g in groups:
            if math.hypot(x - xy[g[0]][0], y - xy[g[0]][1]) < SAME_SPOT:
                g.append(i)
                break
        else:
            groups.append([i])
    for g in (g for g in groups if len(g) > 1):
        lat0 = sum(points[i][0] for i in g) / len(g)
        lon0 = sum(points[i][1] for i in g) / len(g)
        x0, y0 = project(lat0, lon0)  # px per degree here, each way
        per_lat = max(math.dist((x0, y0), project(lat0 + 0.01, lon0)), 1e-9) / 0.01
        per_lon = max(math.dist((x0, y0), project(lat0, lon0 + 0.01)), 1e-9) / 0.01
        for k, i in enumerate(g):
            angle = 2 * math.pi * k / len(g) + math.pi / 2
            out[i] = (lat0 + SPREAD * math.sin(angle) / per_lat, lon0 + SPREAD * math.cos(angle) / per_lon)
    return out


def _candidates(x: float, y: float, size: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Where a name of `size` px may go around its marker at (x, y), as plotly's textpositions
    with their boxes, the usual first: above, below, right, left, then the corners."""
    above, below, middle = (y - GAP - LINE, y - GAP), (y + GAP, y + GAP + LINE), (y - LINE / 2, y + LINE / 2)
    return [
        ("top center", (x - size / 2, above[0], x + size / 2, above[1])),
        ("bottom center", (x - size / 2, below[0], x + size / 2, below[1])),
        ("middle right", (x + GAP, middle[0], x + GAP + size, middle[1])),
        ("middle left", (x - GAP - size, middle[0], x - GAP, middle[1])),
        ("top right", (x, above[0], x + size, above[1])),
        ("top left", (x - size, above[0], x, above[1])),
        ("bottom right", (x, below[0], x + size, below[1])),
        ("bottom left", (x - size, below[0], x, below[1])),
    ]


def place_names(points: Sequence[tuple[float, float]], names: Sequence[str], project: Project, width: float,
                most: int) -> dict[int, str]:  # fmt: skip
    """Which points get their name, and where (plotly's textposition): the points in priority
    order, at most `most` names, each at the first spot around its marker that is inside the
    box's width and over no other name nor another place's marker."""
    boxes: list[tuple[float, float, float, float]] = []
    chosen: dict[int, str] = {}
    markers = [project(lat, lon) for lat, lon in points]
    near = _near(markers)
    for i, name in enumerate(names):
        if len(chosen) >= most or not name:
            continue
        x, y = markers[i]
        for position, box in _candidates(x, y, CHAR * len(name)):
            if box[0] < 0 or box[2] > width or box[1] < 0:
                continue
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                continue
            if any(k != i for k in near(box[0] - MARKER, box[1] - MARKER, box[2] + MARKER, box[3] + MARKER)):
                continue
            boxes.append(box)
            chosen[i] = position
            break
    return chosen


CELL = 32.0  # px: the side of the squares the markers are sorted into (_near)


def _near(markers: Sequence[tuple[float, float]]) -> Callable[[float, float, float, float], Iterator[int]]:
    """A search of the markers strictly inside a box (x0, y0, x1, y1): the markers sorted by
    square of CELL px, so that a name's 8 spots look at the markers around them, not at all of
    them (the 100k map's figure, under cProfile: 0.20 s → 0.07 s). A marker off the projection
    (not a finite number) is inside no box."""
    squares: dict[tuple[int, int], list[int]] = {}
    for k, (x, y) in enumerate(markers):
        if math.isfinite(x) and math.isfinite(y):
            squares.setdefault((int(x // CELL), int(y // CELL)), []).append(k)

    def inside(x0: float, y0: float, x1: float, y1: float) -> Iterator[int]:
        if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
            return
        for cx in range(int(x0 // CELL), int(x1 // CELL) + 1):
            for cy in range(int(y0 // CELL), int(y1 // CELL) + 1):
                for k in squares.get((cx, cy), ()):
                    mx, my = markers[k]
                    if x0 < mx < x1 and y0 < my < y1:
                        yield k

    return inside
