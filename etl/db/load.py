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
from etl.messages import said
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
                evidence=r.evidence, rule=r.rule, confidence=r.confidence, note=said(r.review_note),
                note_fr=said(r.review_note, "fr"),
                **_end("fr", r.fr_place, "fr" not in r.uncertain),
                **_end("partner", r.partner_place, "partner" not in r.uncertain))  # fmt: skip


def _ends(prefix: str, place) -> dict:
    """A link's end as partnerships' columns: <prefix>_place_id, _place, _lat, _lon, _region."""
    return {f"{prefix}_place_id": place.place_id if place else None, f"{prefix}_place": place.name if place else None,
            f"{prefix}_lat": place.lat if place else None, f"{prefix}_lon": place.lon if place else None,
            f"{prefix}_region": place.region_code if place else None}  # fmt: skip


def _partnership_record(link: Link) -> dict:
    return dict(
        partnership_id=link.partnership_id, fr_actor=link.fr_actor, partner_actor=link.partner_actor,
        **_ends("fr", link.fr_place), **_ends("partner", link.partner_place), partner_country=link.partner_country,
        kind=link.kind, since_year=link.since_year, n_events=link.n_events, themes=list(link.themes),
        event_ids=list(link.event_ids), distance_km=link.distance_km, source_file=link.source_file,
        source_line=link.source_line, evidence=link.evidence, status=link.status,
        status_words=link.status_words or None, origin=link.origin, rule=link.rule, confidence=link.confidence,
    )  # fmt: skip


def english_title(e: Event) -> str | None:
    """The listing's English title as stored: its English edition's, or its own in an English file."""
    return e.title_en if e.language == "fr" else e.title


def _event_record(e: Event, at: Located) -> dict:
    """A row of events: the French edition's title and description, and the English one's."""
    fr = e.language == "fr"
    return dict(
        event_id=e.event_id, source_file=e.source_file, source_line=e.source_line,
        source_lines=",".join(map(str, e.source_lines)), theme=e.theme, theme_label=e.theme_label,
        subtheme=e.subtheme, title_fr=e.title if fr else None, title_en=english_title(e),
        description_fr=e.description if fr else None, description_en=e.description_en if fr else e.description,
        fr_actor=e.fr_actor, fr_actor_kind=e.fr_actor_kind, partner_actor=e.partner_actor, date_text=e.date_text,
        semester=e.semester, semester_basis=e.semester_basis, date_rule=e.date_rule, date_start=e.date_start,
        date_end=e.date_end, year=e.year, catalogue_year=e.catalogue_year, fr_region=e.fr_region,
        fr_region_basis=e.fr_region_basis, fr_region_note=e.fr_region_note, partner_country=e.partner_country,
        partner_note=e.partner_note, duplicate_of=e.duplicate_of, activity_id=e.activity_id,
        source_conflict=e.source_conflict, columns_swapped=e.columns_swapped, en_source_file=e.en_source_file,
        en_source_line=e.en_source_line, flags=list(e.flags), partner_country_basis=e.partner_country_basis,
        source_page=at.page, source_table=at.table, source_row=at.row,
    )  # fmt: skip


def _load_sources(con: duckdb.DuckDBPyConnection, result: BuildResult, places_of: dict) -> None:
    """The regions, the documents, their listings and every line of them."""
    _insert_records(con, "regions", [
        dict(code=r.code, country=r.country, name_fr=r.name_fr, name_en=r.name_en, name_local=r.name_local,
             lat=r.seat_lat if r.seat_lat is not None else r.lat, lon=r.seat_lon if r.seat_lon is not None else r.lon)
        for r in result.regions
    ])  # fmt: skip
    _insert_records(con, "sources", [
        dict(file=s.file, sha256=s.sha256, language=s.language, listings=s.listings, catalogue_year=s.catalogue_year,
             partner_country=s.partner_country, role=s.role, loaded_at=result.loaded_at, title=s.title,
             year_basis=s.parsed.year_basis, country_basis=s.parsed.country_basis, encoding=s.encoding,
             partner_countries=list(s.parsed.partner_countries), country_column=s.parsed.country_column,
             format=s.format)
        for s in result.sources
    ])  # fmt: skip
    _insert_records(con, "events", [_event_record(e, _place(places_of, e.source_file, e.source_line))
                                    for e in result.events])  # fmt: skip
    _insert(con, "event_regions", [(e.event_id, code) for e in result.events for code in e.partner_regions])
    _insert_records(con, "raw_lines", [
        dict(source_file=s.file, line_no=r.line_no, kind=r.kind, listing_line=r.listing_line,
             text=s.lines[r.line_no - 1], page=at.page, table_no=at.table, row_no=at.row)
        for s in result.sources for r in s.parsed.lines for at in (_place(places_of, s.file, r.line_no),)
    ])  # fmt: skip
    _insert(con, "data_quality", [
        (i.source_file, i.source_line, i.severity, i.code, i.message, i.message_fr or None) for i in result.issues
    ])  # fmt: skip


def _load_places(con: duckdb.DuckDBPyConnection, result: BuildResult) -> None:
    """Every place named, its names, and which listing names which (accepted or to review)."""
    places = collect_places(result.events, result.partnerships, result.meetings)
    names = {pid: result.place_names.get(pid) or PlaceNames(p.name, p.name, (p.name,)) for pid, p in places.items()}
    _insert_records(con, "places", [
        dict(place_id=p.place_id, name=p.name, country=p.country, region_code=p.region_code, lat=p.lat, lon=p.lon,
             resolver=p.resolver, geonameid=p.geonameid, population=p.population, kind=p.kind,
             name_fr=names[pid].name_fr, name_en=names[pid].name_en)
        for pid, p in places.items()
    ])  # fmt: skip
    _insert(con, "place_names", [(pid, n) for pid, pn in names.items() for n in dict.fromkeys(pn.names) if n])
    _insert_records(con, "event_places", [
        dict(event_id=e.event_id, role=role, ordinal=i, place_id=p.place_id, resolver=p.resolver,
             matched_text=p.matched, accepted=p.confident, score=p.score, evidence=p.evidence,
             evidence_fr=p.evidence_fr)
        for e in result.events
        for role, named in (("fr", (*e.fr_places, *e.fr_review)), ("partner", (*e.partner_places, *e.partner_review)))
        for i, p in enumerate(named)
    ])  # fmt: skip
    _insert_records(con, "geocode_cache", [
        dict(query=g.query, country=g.country, found=g.found, name=g.name, lat=g.lat, lon=g.lon,
             region_code=g.region_code, fetched_at=g.fetched_at)
        for g in result.geocode_cache
    ])  # fmt: skip


def _load_relations(con: duckdb.DuckDBPyConnection, result: BuildResult) -> None:
    """The links, the relations left to review, and the meetings."""
    _insert_records(con, "partnerships", [_partnership_record(link) for link in result.partnerships])
    _insert_records(con, "relations_to_review", [relation_to_review_record(f) for f in result.relations_to_review])
    _insert(con, "link_events", [
        (link.partnership_id, e, IN_SUBDIVISION if e in link.via_subdivision else SAME_PLACES)
        for link in result.partnerships for e in link.event_ids
    ])  # fmt: skip
    _insert_records(con, "meetings", [
        dict(meeting_id=m.meeting_id, kind=m.kind, number=m.number, name_fr=m.name_fr, name_en=m.name_en,
             partner_country=m.partner_country, place_id=m.place.place_id if m.place else None,
             place_text=m.place_text, lat=m.place.lat if m.place else None, lon=m.place.lon if m.place else None,
             date_text=m.date_text, date_start=m.date_start, date_end=m.date_end, year=m.date_start.year,
             semester=m.semester, status=m.status, source_file=m.source_file, source_line=m.source_line,
             evidence=m.evidence, note=m.note)
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
