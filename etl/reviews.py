"""The stewards' decisions on places and relations left to review (adapters: CSV files and the
published database).

A decision on a place is a reviewed override (the columns of data/reference/place_overrides.csv,
with the steward and the date): the whole actor cell, on its side, is that place ("place", a
GeoNames town or a subdivision: the candidate, or another the steward found) or names none
("ignore"). They live in <reviews_dir>/place_overrides.csv, read before the committed overrides by
the next build (`etl.pipeline.make_resolver`).

A decision on a relation is a reviewed row (the columns of data/reference/partnerships.csv)
quoting the statement, in <reviews_dir>/partnerships.csv, read on top of the committed file
(`etl.partnerships.build_partnerships`): "accept" also records the uncertain ends' candidates as
place decisions (`via` the relation), so the next build draws it as confirmed; "reject" removes
it. Every decision can be undone one by one.
"""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

COLUMNS = ("name", "country", "match", "action", "geonameid", "lat", "lon", "region_code", "place_name",
           "reason", "reason_fr", "steward", "decided_at", "via")  # fmt: skip
ACTIONS = ("place", "ignore")
RELATION_COLUMNS = ("fr_actor", "partner_actor", "partner_country", "kind", "since_year", "source_file",
                    "source_line", "evidence", "review", "reason", "steward", "decided_at")  # fmt: skip
RELATION_ACTIONS = ("accept", "reject")


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
                   p.country, p.name, p.region_code, p.geonameid, p.kind, p.lat, p.lon,
                   min([ep.evidence, ep.evidence_fr]), count(DISTINCT ep.event_id)
            FROM event_places ep JOIN places p USING (place_id) JOIN events e USING (event_id)
            WHERE NOT ep.accepted
            GROUP BY ALL ORDER BY 10 DESC, 1
            """
        ).fetchall()
    finally:
        con.close()
    keys = ("cell", "country", "name", "region_code", "geonameid", "kind", "lat", "lon", "evidence", "listings")
    items = [dict(zip(keys, r, strict=True)) for r in rows]
    for item in items:  # one candidate's evidence, in both languages
        item["evidence"], item["evidence_fr"] = item["evidence"]
    return items


def relation_decisions_path(reviews_dir: Path) -> Path:
    return Path(reviews_dir) / "partnerships.csv"


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_decisions(reviews_dir: Path) -> list[dict]:
    return _read(decisions_path(reviews_dir))


def read_relation_decisions(reviews_dir: Path) -> list[dict]:
    return _read(relation_decisions_path(reviews_dir))


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Write a decisions file whole, renamed into place (a reader sees the old or the new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in columns} for r in rows)
    os.replace(tmp, path)


def _write(reviews_dir: Path, rows: list[dict]) -> None:
    _write_csv(decisions_path(reviews_dir), COLUMNS, rows)


def decide(reviews_dir: Path, item: dict, action: str, steward: str, reason: str, choice: dict | None = None,
           via: str = "") -> dict:  # fmt: skip
    """Record a steward's decision on a pending item: "place" accepts its candidate, or `choice`
    (another place, from `etl.place_search.find_places`); "ignore" says the cell names no place.
    Returns the row written."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown decision {action!r}")
    if not reason.strip():
        raise ReviewError("a decision needs a reason")
    place = choice or item
    if action == "place" and place.get("geonameid") is None and not place.get("region_code"):
        raise ReviewError("the place chosen has neither a GeoNames id nor a subdivision")
    town = action == "place" and place["kind"] != "region" and place["geonameid"] is not None
    row = dict(name=item["cell"], country=item["country"], match="exact", action=action,
               geonameid=str(place["geonameid"]) if town else "",
               lat="" if town or action != "place" else str(place["lat"]),
               lon="" if town or action != "place" else str(place["lon"]),
               region_code=place["region_code"] or "" if action == "place" and not town else "",
               place_name=place["name"] if action == "place" and not town else "",
               reason=reason.strip()[:300], reason_fr="", steward=steward,
               decided_at=datetime.now(UTC).isoformat(timespec="seconds"), via=via)  # fmt: skip
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


def _table_rows(db: Path, query: str) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'relations_to_review'").fetchone()[
            0
        ]:
            return []  # a database built before relations were reviewed here
        cursor = con.execute(query)
        keys = [d[0] for d in cursor.description]
        return [dict(zip(keys, r, strict=True)) for r in cursor.fetchall()]
    finally:
        con.close()


def pending_relations(db: Path) -> list[dict]:
    """The relations left to review in a database (`relations_to_review`), in document order."""
    return _table_rows(db, "SELECT * FROM relations_to_review ORDER BY source_file, source_line, fr_name")


def relation_key(item: dict) -> str:
    """What names one statement: its document, line and both ends as written."""
    return f"{item['source_file']}:{item['source_line']}:{item['fr_name']}–{item['partner_name']}"


def _row_key(row: dict) -> str:
    return f"{row['source_file']}:{row['source_line']}:{row['fr_actor']}–{row['partner_actor']}"


def decide_relation(reviews_dir: Path, item: dict, action: str, steward: str, reason: str) -> dict:
    """Accept a relation left to review (its uncertain ends' candidates become place decisions)
    or reject it. Returns the reviewed row written."""
    if action not in RELATION_ACTIONS:
        raise ReviewError(f"unknown decision {action!r}")
    if not reason.strip():
        raise ReviewError("a decision needs a reason")
    key = relation_key(item)
    if action == "accept":
        for side, country in (("fr", "FR"), ("partner", item["partner_country"])):
            if item[f"{side}_certain"] or item[f"{side}_place"] is None:
                continue
            end = {k: item[f"{side}_{k}"] for k in ("kind", "geonameid", "lat", "lon")}
            end.update(cell=item[f"{side}_name"], country=country, name=item[f"{side}_place"],
                       region_code=item[f"{side}_region"])  # fmt: skip
            decide(reviews_dir, end, "place", steward, reason, via=key)
    row = dict(fr_actor=item["fr_name"], partner_actor=item["partner_name"], partner_country=item["partner_country"],
               kind=item["kind"], since_year="", source_file=item["source_file"], source_line=str(item["source_line"]),
               evidence=item["evidence"], review="reject" if action == "reject" else "", reason=reason.strip()[:300],
               steward=steward, decided_at=datetime.now(UTC).isoformat(timespec="seconds"))  # fmt: skip
    path = relation_decisions_path(reviews_dir)
    _write_csv(path, RELATION_COLUMNS, [row, *(r for r in _read(path) if _row_key(r) != key)])
    return row


def undo_relation(reviews_dir: Path, row: dict) -> bool:
    """Remove a decision on a relation and the place decisions its acceptance recorded."""
    key, path = _row_key(row), relation_decisions_path(reviews_dir)
    rows = _read(path)
    kept = [r for r in rows if _row_key(r) != key]
    if len(kept) == len(rows):
        return False
    _write_csv(path, RELATION_COLUMNS, kept)
    places = read_decisions(reviews_dir)
    _write(reviews_dir, [r for r in places if r.get("via") != key])
    return True
