"""Transactional loads into DuckDB, and the atomic swap of the database file.

Invariants:
- `load_build` writes every table in one transaction into an empty schema; it refuses an
  empty set of events rather than write a database with no listings;
- `write_database` builds into a temporary file next to the target and renames it into place,
  so a failed or interrupted build leaves the previous database untouched and readable.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from etl.db.schema import derive, ensure_schema
from etl.links import Link
from etl.listings import Event
from etl.meetings import Meeting
from etl.naming import PlaceNames
from etl.parse import Issue, ParsedCatalogue
from etl.partnerships import IN_SUBDIVISION, SAME_PLACES
from etl.places import Place, Region
from etl.provenance import Place as Located


class DatabaseBusy(RuntimeError):
    """Another publication or build holds the database."""


@contextmanager
def exclusive(db_path: Path) -> Iterator[None]:
    """Hold the database's folder for one build or publication (a lock on the folder itself: no
    file left behind); DatabaseBusy at once if another holds it: a second writer is refused,
    never queued behind the first."""
    folder = Path(db_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise DatabaseBusy("another publication or build is running: try again when it has finished") from exc
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class LoadError(RuntimeError):
    """The build result cannot be loaded (the previous database is kept)."""


@dataclass(frozen=True)
class SourceRecord:
    file: str
    sha256: str
    language: str
    listings: int
    catalogue_year: int | None
    partner_country: str | None
    role: str
    lines: tuple[str, ...]
    parsed: ParsedCatalogue
    title: str = ""
    encoding: str = "utf-8"
    format: str = "text"
    places: tuple[Located, ...] = ()  # PDF and Word: each line's place in the document


@dataclass(frozen=True)
class GeocodeRecord:
    query: str
    country: str
    found: bool
    name: str | None
    lat: float | None
    lon: float | None
    region_code: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class BuildResult:
    events: tuple[Event, ...]
    issues: tuple[Issue, ...]
    sources: tuple[SourceRecord, ...]
    regions: tuple[Region, ...]
    geocode_cache: tuple[GeocodeRecord, ...] = field(default_factory=tuple)
    partnerships: tuple[Link, ...] = field(default_factory=tuple)
    relations_to_review: tuple = ()  # etl.extraction.Found with an end to review
    place_names: dict[str, PlaceNames] = field(default_factory=dict)
    meetings: tuple[Meeting, ...] = field(default_factory=tuple)
    loaded_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))


def collect_places(
    events: Iterable[Event], links: Iterable[Link] = (), meetings: Iterable[Meeting] = ()
) -> dict[str, Place]:
    """Every place a build names — accepted or to review — once, by id."""
    places: dict[str, Place] = {}
    for e in events:
        for p in (*e.fr_places, *e.partner_places, *e.fr_review, *e.partner_review):
            places.setdefault(p.place_id, p)
    for link in links:
        for p in (link.fr_place, link.partner_place):
            if p is not None:
                places.setdefault(p.place_id, p)
    for m in meetings:
        if m.place is not None:
            places.setdefault(m.place.place_id, m.place)
    return places


def _place(places_of: dict[str, tuple[Located, ...]], file: str, line: int) -> Located:
    """A line's place in its document (PDF page and row, Word table and row); empty for text."""
    places = places_of.get(file) or ()
    return places[line - 1] if 0 < line <= len(places) else Located()


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert rows in one columnar statement (row-by-row executemany is ~1000× slower)."""
    if not rows:
        return
    columns = [c[0] for c in con.sql(f"DESCRIBE {table}").fetchall()]
    frame = pl.DataFrame(rows, schema=columns, orient="row", strict=False, infer_schema_length=None)
    con.register("_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def _insert_records(con: duckdb.DuckDBPyConnection, table: str, records: list[dict]) -> None:
    """Insert rows given by column name (every column of the table, no other)."""
    if not records:
        return
    columns = [c[0] for c in con.sql(f"DESCRIBE {table}").fetchall()]
    if set(records[0]) != set(columns):
        raise ValueError(f"{table}: columns {sorted(set(records[0]) ^ set(columns))} differ from the table's")
    _insert(con, table, [tuple(r[c] for c in columns) for r in records])


def _end(side: str, place, certain: bool) -> dict:
    return {f"{side}_certain": certain, f"{side}_place": place.name if place else None,
            f"{side}_region": place.region_code if place else None,
            f"{side}_geonameid": place.geonameid if place else None, f"{side}_kind": place.kind if place else None,
            f"{side}_lat": place.lat if place else None, f"{side}_lon": place.lon if place else None}  # fmt: skip


def relation_to_review_record(f) -> dict:
    """A row of relations_to_review from an etl.extraction.Found."""
    r = f.relation
    return dict(source_file=f.source_file, source_line=f.source_line, kind=r.kind, fr_name=r.fr_name,
                partner_name=r.partner_name, partner_country=r.partner_country, since_year=r.since_year,
                evidence=r.evidence, rule=r.rule, confidence=r.confidence, note=r.review_note,
                **_end("fr", r.fr_place, "fr" not in r.uncertain),
                **_end("partner", r.partner_place, "partner" not in r.uncertain))  # fmt: skip


def _partnership_row(link: Link) -> tuple:
    fr, partner = link.fr_place, link.partner_place
    return (
        link.partnership_id, link.fr_actor, link.partner_actor,
        fr.place_id if fr else None, fr.name if fr else None, fr.lat if fr else None,
        fr.lon if fr else None, fr.region_code if fr else None,
        partner.place_id if partner else None, partner.name if partner else None,
        partner.lat if partner else None, partner.lon if partner else None,
        partner.region_code if partner else None, link.partner_country, link.kind,
        link.since_year, link.n_events, list(link.themes), list(link.event_ids),
        link.distance_km, link.source_file, link.source_line, link.evidence, link.status,
        link.status_words or None, link.origin, link.rule, link.confidence,
    )  # fmt: skip


def _event_row(e: Event, at: Located) -> tuple:
    fr = e.language == "fr"
    return (
        e.event_id, e.source_file, e.source_line, ",".join(map(str, e.source_lines)),
        e.theme, e.theme_label, e.subtheme,
        e.title if fr else None, e.title_en if fr else e.title,
        e.description if fr else None, e.description_en if fr else e.description,
        e.fr_actor, e.fr_actor_kind, e.partner_actor, e.date_text, e.semester,
        e.semester_basis, e.date_rule, e.date_start, e.date_end, e.year, e.catalogue_year, e.fr_region,
        e.fr_region_basis, e.fr_region_note, e.partner_country, e.partner_note,
        e.duplicate_of, e.activity_id, e.source_conflict, e.columns_swapped,
        e.en_source_file, e.en_source_line,
        list(e.flags), e.partner_country_basis, at.page, at.table, at.row,
    )  # fmt: skip


def _load_sources(con: duckdb.DuckDBPyConnection, result: BuildResult, places_of: dict) -> None:
    """The regions, the documents, their listings and every line of them."""
    _insert(con, "regions", [
        (r.code, r.country, r.name_fr, r.name_en, r.seat_lat if r.seat_lat is not None else r.lat,
         r.seat_lon if r.seat_lon is not None else r.lon, r.name_local)
        for r in result.regions
    ])  # fmt: skip
    _insert(con, "sources", [
            (s.file, s.sha256, s.language, s.listings, s.catalogue_year, s.partner_country,
             s.role, result.loaded_at, s.title, s.parsed.year_basis, s.parsed.country_basis, s.encoding,
             list(s.parsed.partner_countries), s.parsed.country_column, s.format)
            for s in result.sources
        ],
    )  # fmt: skip
    _insert(con, "events", [_event_row(e, _place(places_of, e.source_file, e.source_line)) for e in result.events])
    _insert(con, "event_regions", [(e.event_id, code) for e in result.events for code in e.partner_regions])
    _insert(con, "raw_lines", [
        (s.file, r.line_no, r.kind, r.listing_line, s.lines[r.line_no - 1], at.page, at.table, at.row)
        for s in result.sources for r in s.parsed.lines for at in (_place(places_of, s.file, r.line_no),)
    ])  # fmt: skip
    _insert(con, "data_quality", [
        (i.source_file, i.source_line, i.severity, i.code, i.message, i.message_fr or None) for i in result.issues
    ])  # fmt: skip


def _load_places(con: duckdb.DuckDBPyConnection, result: BuildResult) -> None:
    """Every place named, its names, and which listing names which (accepted or to review)."""
    places = collect_places(result.events, result.partnerships, result.meetings)
    names = {pid: result.place_names.get(pid) or PlaceNames(p.name, p.name, (p.name,)) for pid, p in places.items()}
    _insert(con, "places", [
            (p.place_id, p.name, p.country, p.region_code, p.lat, p.lon, p.resolver,
             p.geonameid, p.population, p.kind, names[pid].name_fr, names[pid].name_en)
            for pid, p in places.items()
        ],
    )  # fmt: skip
    _insert(con, "place_names", [(pid, n) for pid, pn in names.items() for n in dict.fromkeys(pn.names) if n])
    _insert(con, "event_places", [
        (e.event_id, role, i, p.place_id, p.resolver, p.matched, p.confident, p.score, p.evidence)
        for e in result.events
        for role, named in (("fr", (*e.fr_places, *e.fr_review)), ("partner", (*e.partner_places, *e.partner_review)))
        for i, p in enumerate(named)
    ])  # fmt: skip
    _insert(con, "geocode_cache", [
        (g.query, g.country, g.found, g.name, g.lat, g.lon, g.region_code, g.fetched_at) for g in result.geocode_cache
    ])  # fmt: skip


def _load_relations(con: duckdb.DuckDBPyConnection, result: BuildResult) -> None:
    """The links, the relations left to review, and the meetings."""
    _insert(con, "partnerships", [_partnership_row(link) for link in result.partnerships])
    _insert_records(con, "relations_to_review", [relation_to_review_record(f) for f in result.relations_to_review])
    _insert(con, "link_events", [
        (link.partnership_id, e, IN_SUBDIVISION if e in link.via_subdivision else SAME_PLACES)
        for link in result.partnerships for e in link.event_ids
    ])  # fmt: skip
    _insert(con, "meetings", [
        (m.meeting_id, m.kind, m.number, m.name_fr, m.name_en, m.partner_country,
         m.place.place_id if m.place else None, m.place_text, m.place.lat if m.place else None,
         m.place.lon if m.place else None, m.date_text, m.date_start, m.date_end, m.date_start.year,
         m.semester, m.status, m.source_file, m.source_line, m.evidence, m.note)
        for m in result.meetings
    ])  # fmt: skip


def load_build(con: duckdb.DuckDBPyConnection, result: BuildResult) -> None:
    """Write a build result into an empty database, in one transaction."""
    if not result.events:
        raise LoadError("no listing was parsed: refusing to write an empty database")
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        _load_sources(con, result, {s.file: s.places for s in result.sources})
        _load_places(con, result)
        _load_relations(con, result)
        derive(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _read_previous(db_path: Path, query: str) -> list[tuple]:
    """Rows of a query on the existing database; none if there is no database or no such table.
    The file is attached to a private in-memory instance, so a dashboard's open instance of an
    older file at the same path is never reused."""
    if not Path(db_path).exists():
        return []
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS previous (READ_ONLY)", [str(db_path)])
        con.execute("USE previous")
        return con.sql(query).fetchall()
    except duckdb.Error:
        return []
    finally:
        con.close()


def read_geocode_cache(db_path: Path) -> tuple[GeocodeRecord, ...]:
    """The online-geocoding cache of an existing database (empty if there is none)."""
    return tuple(GeocodeRecord(*row) for row in _read_previous(db_path, "SELECT * FROM geocode_cache"))


def previous_listings(db_path: Path) -> dict[str, int]:
    """Listings per catalogue file in the existing database (empty if there is none)."""
    return dict(_read_previous(db_path, "SELECT file, listings FROM sources"))


LISTING_KINDS = ("listing", "continuation")  # the raw lines that hold the listings' text
MARKUP = "</?[A-Za-z]+>"  # the export's bold marks (<b>…</b>), not text: left out of the count


def published_editions(db_path: Path) -> tuple[dict[tuple, tuple[int, tuple[str, ...], int]], int] | None:
    """What the published database holds, by edition: {(year, countries, language): (listings,
    files, letters and digits of its listings' text as etl.pipeline.listing_text counts them)},
    and its English titles. None when there is no database; LoadError when there is one
    the build cannot read (held open by another writer, damaged): what a build would lose could
    not be checked. A database of an older schema gives ({}, 0) (the per-file check still runs)."""
    if not Path(db_path).exists():
        return None
    con = duckdb.connect(":memory:")
    try:
        try:
            con.execute("ATTACH ? AS previous (READ_ONLY)", [str(db_path)])
        except duckdb.Error as exc:
            raise LoadError(f"{db_path}: the published database cannot be read ({str(exc).splitlines()[0]}): what "
                            "this build would lose cannot be checked; close the program holding it, or move it "
                            "away to build anew") from exc  # fmt: skip
        try:
            rows = con.sql(f"""
                WITH text AS (SELECT source_file, sum(length(regexp_replace(regexp_replace(text, '{MARKUP}', '', 'g'),
                                                                     '[^\\pL\\pN]', '', 'g')))::BIGINT AS chars
                              FROM previous.raw_lines WHERE kind IN {LISTING_KINDS} GROUP BY ALL)
                SELECT catalogue_year, coalesce(list_sort(partner_countries), [partner_country]), language,
                       sum(listings)::INT, list_sort(list(file)), coalesce(sum(chars), 0)::BIGINT
                FROM previous.sources LEFT JOIN text ON text.source_file = sources.file GROUP BY ALL""").fetchall()  # fmt: skip
            english = con.sql("SELECT count(title_en) FROM previous.events").fetchall()[0][0]
        except duckdb.Error:
            return {}, 0
        return {(y, tuple(c or ()), lang): (n, tuple(files), chars) for y, c, lang, n, files, chars in rows}, english
    finally:
        con.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_leftovers(db_path: Path) -> list[Path]:
    """Temporary files of earlier builds whose process is gone (killed mid-build): removed.
    A build still running (its process alive) keeps its file. Returns what was removed."""
    db_path = Path(db_path)
    removed = []
    for tmp in db_path.parent.glob(f"{db_path.name}.tmp-*"):
        pid = tmp.name.rsplit(".tmp-", 1)[1].removesuffix(".wal")
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def write_database(db_path: Path, result: BuildResult) -> None:
    """Build the database in a temporary file, then rename it over `db_path` (leftovers of
    interrupted builds are removed first)."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(db_path)
    tmp = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            load_build(con, result)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
