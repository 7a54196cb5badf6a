"""Boundaries of first-level subdivisions, ready for plotly (pure, on shapely geometries).

- merged: the features of one subdivision united (Spanish provinces into their community);
- unwrapped at ±180°: a shape with parts on both sides (Chukotka, Alaska's Aleutians, Fiji) has
  its smaller side moved across (x ± 360), so it stays whole and its frame is narrow;
- simplified with a tolerance that follows the unit's size (`tolerance`), topology kept;
- rings clockwise (plotly fills the outside of a counter-clockwise ring: the whole globe);
- coordinates rounded to 4 decimals (~10 m).
A country's frame covers its largest shapes holding FRAME_SHARE of its area (France's frame is
its metropolitan part, not the Indian Ocean).
"""

from __future__ import annotations

import json
import re

from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

FRAME_SHARE = 0.9


def polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.is_empty else []
    if isinstance(geom, MultiPolygon):
        return [p for p in geom.geoms if not p.is_empty]
    return [p for g in getattr(geom, "geoms", ()) for p in polygons(g)]


def _shift(p: Polygon, dx: float) -> Polygon:
    return Polygon(
        [(x + dx, y) for x, y in p.exterior.coords], [[(x + dx, y) for x, y in r.coords] for r in p.interiors]
    )


def unwrap(geom):
    """A shape with parts near +180° and near −180° moved to one side (the smaller side across)."""
    parts = polygons(geom)
    east = [p for p in parts if p.bounds[2] > 170]
    west = [p for p in parts if p.bounds[0] < -170]
    if not east or not west:
        return geom
    east_area = sum(p.area for p in parts if p.centroid.x > 0)
    west_area = sum(p.area for p in parts if p.centroid.x <= 0)
    if east_area >= west_area:
        moved = [_shift(p, 360) if p.centroid.x <= 0 else p for p in parts]
    else:
        moved = [_shift(p, -360) if p.centroid.x > 0 else p for p in parts]
    return unary_union(moved)


def merged(geoms: list):
    return unwrap(unary_union([g.buffer(0) for g in geoms]))


def tolerance(geom) -> float:
    """Simplification tolerance (degrees) of one unit: 1/350 of its larger side, between 0.006°
    (a Japanese prefecture, a Swiss canton) and 0.05° (a Siberian subject)."""
    x0, y0, x1, y1 = geom.bounds
    return min(0.05, max(0.006, max(x1 - x0, y1 - y0) / 350))


def clockwise(geom):
    polys = [orient(p, sign=-1.0) for p in polygons(geom)]
    if not polys:
        return None
    return MultiPolygon(polys) if len(polys) > 1 else polys[0]


def frame(geoms: list) -> tuple[float, float, float, float] | None:
    """(lat_min, lat_max, lon_min, lon_max) of the largest shapes holding FRAME_SHARE of the area."""
    parts = sorted((p for g in geoms for p in polygons(g)), key=lambda p: -p.area)
    total = sum(p.area for p in parts)
    if not total:
        return None
    kept, area = [], 0.0
    for p in parts:
        kept.append(p)
        area += p.area
        if area >= FRAME_SHARE * total:
            break
    x0, y0, x1, y1 = unary_union(kept).bounds
    return round(y0, 2), round(y1, 2), round(x0, 2), round(x1, 2)


def feature_collection(shapes: dict[str, object], country: str, approx: frozenset[str] | set[str] = frozenset()) -> str:
    """GeoJSON text of a country's simplified shapes, id = ISO code, 4 decimals; the codes in
    `approx` (outlines approximated from towns) carry `"approx": 1`."""
    features = []
    for code in sorted(shapes):
        geom = clockwise(shapes[code])
        if geom is None:
            continue
        props = {"code": code, "country": country, **({"approx": 1} if code in approx else {})}
        features.append({"type": "Feature", "id": code, "properties": props, "geometry": mapping(geom)})
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    return re.sub(r"(-?\d+\.\d{4})\d+", r"\1", text)
