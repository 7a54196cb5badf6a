"""The stewards' decisions on places left to review (adapters: a CSV file and the published
database).

A decision is a reviewed override (the columns of data/reference/place_overrides.csv, with the
steward and the date): the whole actor cell, on its side, is that place ("place", a GeoNames
town or a subdivision) or names none ("ignore"). They live in <reviews_dir>/place_overrides.csv,
read before the committed overrides by the next build (`etl.pipeline.make_resolver`), and can be
undone one by one.
"""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

COLUMNS = ("name", "country", "match", "action", "geonameid", "lat", "lon", "region_code", "place_name",
           "reason", "reason_fr", "steward", "decided_at")  # fmt: skip
ACTIONS = ("place", "ignore")


class ReviewError(ValueError):
    """A decision that cannot be recorded."""


def decisions_path(reviews_dir: Path) -> Path:
    return Path(reviews_dir) / "place_overrides.csv"


def pending(db: Path) -> list[dict]:
    """The places left to review in a database, one row per actor cell and candidate: the cell,
    its side's country, the candidate (name, subdivision, GeoNames id), why it is in doubt, and
    how many listings it holds."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """
            SELECT CASE ep.role WHEN 'fr' THEN e.fr_actor ELSE e.partner_actor END AS cell,
                   p.country, p.name, p.region_code, p.geonameid, p.kind, p.lat, p.lon, any_value(ep.evidence),
                   count(DISTINCT ep.event_id)
            FROM event_places ep JOIN places p USING (place_id) JOIN events e USING (event_id)
            WHERE NOT ep.accepted
            GROUP BY ALL ORDER BY 10 DESC, 1
            """
        ).fetchall()
    finally:
        con.close()
    keys = ("cell", "country", "name", "region_code", "geonameid", "kind", "lat", "lon", "evidence", "listings")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def read_decisions(reviews_dir: Path) -> list[dict]:
    path = decisions_path(reviews_dir)
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(reviews_dir: Path, rows: list[dict]) -> None:
    path = decisions_path(reviews_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in COLUMNS} for r in rows)
    os.replace(tmp, path)


def decide(reviews_dir: Path, item: dict, action: str, steward: str, reason: str) -> dict:
    """Record a steward's decision on a pending item: "place" accepts its candidate, "ignore"
    says the cell names no place. Returns the row written."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown decision {action!r}")
    if not reason.strip():
        raise ReviewError("a decision needs a reason")
    town = action == "place" and item["kind"] != "region" and item["geonameid"] is not None
    row = dict(name=item["cell"], country=item["country"], match="exact", action=action,
               geonameid=str(item["geonameid"]) if town else "",
               lat="" if town or action != "place" else str(item["lat"]),
               lon="" if town or action != "place" else str(item["lon"]),
               region_code=item["region_code"] or "" if action == "place" and not town else "",
               place_name=item["name"] if action == "place" and not town else "",
               reason=reason.strip()[:300], reason_fr="", steward=steward,
               decided_at=datetime.now(UTC).isoformat(timespec="seconds"))  # fmt: skip
    rows = [r for r in read_decisions(reviews_dir) if (r["name"], r["country"]) != (row["name"], row["country"])]
    _write(reviews_dir, [row, *rows])
    return row


def undo(reviews_dir: Path, name: str, country: str) -> bool:
    """Remove the decision on a cell (the next build leaves it to review again)."""
    rows = read_decisions(reviews_dir)
    kept = [r for r in rows if (r["name"], r["country"]) != (name, country)]
    if len(kept) == len(rows):
        return False
    _write(reviews_dir, kept)
    return True
