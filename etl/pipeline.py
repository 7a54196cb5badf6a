"""Wiring only: extract → parse → resolve/normalize → pair editions → load."""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from etl.config import FRENCH_COUNTRY_CODES, Settings
from etl.db.load import (
    LISTING_KINDS,
    MARKUP,
    BuildResult,
    DatabaseBusy,
    SourceRecord,
    collect_places,
    english_title,
    exclusive,
    previous_listings,
    published_editions,
    read_geocode_cache,
    remove_leftovers,
    write_database,
)
from etl.extract import ExtractError, decode, is_docx, read_source, without_addresses
from etl.extraction import relations_in_listings, relations_in_report
from etl.gazetteer import load_gazetteer
from etl.geocoders import CachedGeocoder, nominatim_lookup
from etl.listings import build_events
from etl.meetings import MeetingError, read_meetings
from etl.naming import NamingError, load_exonyms, name_places
from etl.outlines import Outlines
from etl.pairing import edition_confirmations, pair_editions
from etl.parse import CatalogueFormatError, Issue, ParsedCatalogue, parse_catalogue
from etl.partnerships import PartnershipError, build_partnerships
from etl.pdf_tables import DocumentError
from etl.places import (
    Resolver,
    load_departements,
    load_lower_units,
    load_namesakes,
    load_overrides,
    load_sections,
    load_town_regions,
    load_world_regions,
)
from etl.reference import boundaries_path
from etl.vocab import partner_countries


class BuildError(RuntimeError):
    """The build cannot go on; the message names the file and the reason."""


@dataclass(frozen=True)
class BuildSummary:
    listings_by_theme: dict[str, int]
    issues_by_severity: dict[str, int]
    issues_by_code: dict[str, int]
    unresolved: tuple[str, ...]
    paired_share: float | None
    seconds: float
    encodings: dict[str, str] = field(default_factory=dict)  # file → how it was read


def _reviewed(settings: Settings) -> tuple:
    """The stewards' decisions (etl/reviews.py), read before the committed overrides."""
    from etl.reviews import decisions_path

    path = decisions_path(settings.reviews_dir) if settings.reviews_dir else None
    return load_overrides(path) if path and path.exists() else ()


def make_resolver(settings: Settings, geocoder=None) -> Resolver:
    """The offline resolver over the gazetteer and the reference tables; the reviewed exonyms
    (place_names.csv) are names of their places too ("Iekaterinbourg"). NamingError if a row of
    that table designates no single place."""
    ref = settings.reference_dir
    resolver = Resolver(
        load_gazetteer(settings.cache_dir, settings.gazetteer_countries),
        load_world_regions(ref),
        _reviewed(settings) + load_overrides(ref / "place_overrides.csv"),
        fuzzy_threshold=settings.fuzzy_threshold,
        geocoder=geocoder,
        french_countries=FRENCH_COUNTRY_CODES,
        departements=load_departements(ref / "departements.csv"),
        sections=load_sections(ref),
        town_regions=load_town_regions(ref),
        namesakes=load_namesakes(ref),
        lower_units=load_lower_units(ref),
        outlines=Outlines(lambda country: boundaries_path(country, ref)),
    )
    for geonameid, names in load_exonyms(ref / "place_names.csv", resolver).items():
        resolver.gazetteer.add_names(geonameid, names)
    return resolver


def _document_lines(settings: Settings, name: str) -> list[str] | None:
    """Lines of a source document named relative to data/raw (never outside it), decoded as the
    catalogues are (UTF-8, UTF-16 or Windows-1252) and no larger than they may be; BuildError
    naming the document otherwise."""
    path = (settings.raw_dir / name).resolve()
    if settings.raw_dir.resolve() not in path.parents or not path.is_file():
        return None
    stat = path.stat()
    return list(_read_document(str(path), stat.st_mtime_ns, stat.st_size, settings.max_megabytes))


@lru_cache(maxsize=32)
def _read_document(path: str, mtime_ns: int, size: int, max_megabytes: float | None) -> tuple[str, ...]:
    """A document's lines, read once per build however many rows quote it (keyed by its mtime)."""
    if max_megabytes is not None and size > max_megabytes * 1e6:
        raise BuildError(f"{path}: {size / 1e6:.2g} MB, above the limit of {max_megabytes:g} MB "
                         "(raise it with --max-megabytes or COOP_MAX_MEGABYTES)")  # fmt: skip
    try:
        data = Path(path).read_bytes()
        lines = _report_paragraphs(Path(path), max_megabytes) if is_docx(data) else tuple(decode(data)[0].splitlines())
    except (OSError, ValueError, DocumentError) as exc:
        raise BuildError(f"{path}: cannot be read as a text document or a Word file ({exc})") from exc
    return without_addresses(lines)[0]


def _report_paragraphs(path: Path, max_megabytes: float | None) -> tuple[str, ...]:
    """A Word report's lines: its paragraphs (a blank line after each) and its tables' rows; it
    may inflate no more than a Word catalogue may (`extract.INFLATION` times the size limit)."""
    from etl.docx_tables import read_docx
    from etl.extract import INFLATION

    return read_docx(path, max_bytes=(max_megabytes or 25.0) * 1e6 * INFLATION, tables_required=False).lines


def _one_format_each(files) -> None:
    """BuildError when one catalogue is given in two formats (catalogue_2021_fr.txt and .pdf):
    its listings would be counted twice, and they share their identifiers."""
    stems: dict[str, list[str]] = {}
    for path in files:
        stems.setdefault(Path(path).name.split(".")[0], []).append(Path(path).name)
    twice = [names for names in stems.values() if len(names) > 1]
    if twice:
        raise BuildError("the same catalogue in several formats would be counted twice: "
                         + "; ".join(" and ".join(n) for n in twice) + " — keep one of each (move the others out of "
                         "data/raw, or give --catalogue)")  # fmt: skip


def _mentions(events) -> list[tuple[str, str, str]]:
    return [(p.place_id, e.language, p.matched) for e in events for p in (*e.fr_places, *e.partner_places)]


def _documents(settings: Settings) -> dict[str, dict[str, str]]:
    """The rows of data/reference/documents.csv (title, written year, language), by file."""
    path = settings.reference_dir / "documents.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


def build(settings: Settings, log: Callable[[str], None] = print) -> BuildResult:
    """Everything but the database write: the BuildResult of the configured catalogues."""
    files = settings.catalogue_files()
    if not files:
        raise BuildError(f"no catalogue file: none given and no catalogue_* file in {settings.raw_dir}")
    _one_format_each(files)
    geocoder = None
    if settings.online_geocoding:
        geocoder = CachedGeocoder(nominatim_lookup(settings.nominatim_user_agent), read_geocode_cache(settings.db_path))
    log("loading the gazetteer index…")
    try:
        resolver = make_resolver(settings, geocoder)
        exonyms = load_exonyms(settings.reference_dir / "place_names.csv", resolver)
    except NamingError as exc:
        raise BuildError(str(exc)) from exc
    if geocoder is not None:
        geocoder.region_of = resolver.nearest_region  # online answers get the region of the nearest town
    documents = _documents(settings)
    languages = {f: r.get("language") or "fr" for f, r in documents.items()}

    parsed = [_parse(path, resolver, log, settings.max_megabytes) for path in files]
    events, issues, mentions = _events(parsed, resolver, log)
    partnerships, link_issues, relations_to_review = _stated_links(settings, documents, events, resolver, log)
    meetings, meeting_issues = _meetings(settings, resolver, log)
    issues += [*link_issues, *meeting_issues]
    for link in partnerships:  # the reports' spellings, in their language
        if link.kind != "event_link":
            language = languages.get(link.source_file or "", "fr")
            mentions += [(p.place_id, language, text) for p, text in
                         ((link.fr_place, link.fr_actor), (link.partner_place, link.partner_actor)) if p]  # fmt: skip
    mentions += [(m.place.place_id, languages.get(m.source_file, "fr"), m.place_text) for m in meetings if m.place]

    primaries = {name for name, _ in _primaries_and_translations(parsed)[0]}
    parsed = [(s, _read_countries(p, events)) for s, p in parsed]
    sources = tuple(
        SourceRecord(
            file=s.name,
            sha256=s.sha256,
            language=p.language,
            listings=len(p.listings),
            catalogue_year=p.year,
            partner_country=p.partner_country,
            role="primary" if s.name in primaries else "translation",
            lines=s.lines,
            parsed=p,
            title=documents.get(s.name, {}).get("title") or p.title or s.name,
            encoding=s.encoding,
            format=s.format,
            places=s.places,
        )  # fmt: skip
        for s, p in parsed
    )
    places = collect_places(events, partnerships, meetings)
    return BuildResult(
        meetings=meetings,
        place_names=name_places(places.values(), mentions, resolver, exonyms),
        partnerships=tuple(partnerships),
        relations_to_review=relations_to_review,
        events=tuple(events),
        issues=tuple(issues),
        sources=sources,
        regions=tuple(resolver.regions.values()),
        geocode_cache=geocoder.cache() if geocoder else (),
    )


def _parse(path, resolver: Resolver, log: Callable[[str], None], max_megabytes: float | None = None) -> tuple:
    """(source text, parsed catalogue) of one file; BuildError if it is unusable."""
    try:
        source = read_source(path, max_megabytes, lambda done, total: log(f"{Path(path).name}: page {done}/{total}"))
        catalogue = parse_catalogue(source.lines, source.name, resolver.is_region_name, layout=source.layout,
                                     cut=source.cut)  # fmt: skip
    except (ExtractError, CatalogueFormatError) as exc:
        raise BuildError(str(exc)) from exc
    if not catalogue.listings:
        raise BuildError(f"{path}: a table header but no listing: not a usable catalogue")
    if source.format in ("text", "csv") and source.encoding not in (
        "utf-8",
        "utf-8-sig",
        "csv, utf-8",
        "csv, utf-8-sig",
    ):
        note = Issue.of(source.name, 1, "info", "encoding", encoding=source.encoding)
        catalogue = replace(catalogue, issues=(note, *catalogue.issues))
    if source.textless:
        catalogue = replace(catalogue, issues=(*catalogue.issues, *_textless_pages(source)))
    if source.cleaned:
        catalogue = replace(catalogue, issues=(*catalogue.issues, *_cleaned_lines(source)))
    if source.addresses:
        removed = [Issue.of(source.name, line, "info", "address_removed") for line in sorted(source.addresses)]
        catalogue = replace(catalogue, issues=(*catalogue.issues, *removed))
    if source.formulas:
        formulas = [Issue.of(source.name, line, "warning", "formula_cell") for line in sorted(source.formulas)]
        catalogue = replace(catalogue, issues=(*catalogue.issues, *formulas))
    log(f"parsed {source.name}: {catalogue.language}, {len(catalogue.listings)} listings ({source.encoding})")
    return source, catalogue


def _cleaned_lines(source) -> list[Issue]:
    return [Issue.of(source.name, line, "warning", "control_characters") for line in sorted(source.cleaned)]


def _textless_pages(source) -> list[Issue]:
    """A warning for each page of a PDF without any text: a scanned page among text pages loses
    its rows unless someone reads it."""
    issues = []
    for line in sorted(source.textless):
        page = source.places[line - 1].page
        issues.append(Issue.of(source.name, line, "warning", "page_without_text", page=page))
    return issues


def _read_countries(p: ParsedCatalogue, events) -> ParsedCatalogue:
    """The file's partner countries as its listings were read (a register's twelve; a Korean file
    whose header's "Korean" named both Koreas: South Korea), the declared ones when none was."""
    read = sorted({e.partner_country for e in events if p.source_file in (e.source_file, e.en_source_file)
                   and e.partner_country})  # fmt: skip
    if not read:
        return p
    return replace(p, partner_countries=tuple(read), partner_country=read[0] if len(read) == 1 else None)


def _edition(p) -> tuple:
    return p.year, p.partner_countries


def _primaries_and_translations(parsed: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """French editions are primary; a file in another language translates the French edition of
    the same year and countries when there is one, else it is primary itself (an English-only
    catalogue is loaded, never dropped)."""
    french = {_edition(p) for _, p in parsed if p.language == "fr"}
    primaries: list[tuple] = []
    for s, p in parsed:
        if p.language == "fr" or _edition(p) not in french | {_edition(q) for _, q in primaries}:
            primaries.append((s.name, p))
    names = {n for n, _ in primaries}
    return primaries, [(s.name, p) for s, p in parsed if s.name not in names]


def _events(parsed: list[tuple], resolver: Resolver, log: Callable[[str], None]) -> tuple[list, list, list]:
    """Events of the primary editions, each paired with its translation of the same year and
    country; a candidate the translation names is confirmed by building that listing again.
    Returns (events, issues, mentions: (place id, language, text) for naming)."""
    primaries, translations = _primaries_and_translations(parsed)
    catalogue_of = dict(primaries)
    by_primary, issues_of = {}, {}
    for name, catalogue in primaries:
        by_primary[name], issues_of[name] = build_events(catalogue, resolver, progress=log)
    issues, mentions = [], []
    for name, catalogue in translations:
        english, _ = build_events(catalogue, resolver, progress=log)  # its own issues repeat the French ones
        mentions += _mentions(english)
        issues += [i for i in catalogue.issues if i.severity == "error"]
        target = next((n for n, p in primaries if p.language == "fr" and _edition(p) == _edition(catalogue)), None)
        if target is None:
            issues.append(Issue.of(name, 1, "warning", "unpaired_edition"))
            continue
        paired, pair_issues, share = pair_editions(by_primary[target], english)
        confirmations = edition_confirmations(paired, english)
        if confirmations:
            by_primary[target], issues_of[target] = build_events(catalogue_of[target], resolver, confirmations)
            paired, pair_issues, share = pair_editions(by_primary[target], english)
        by_primary[target] = paired
        issues += pair_issues
        log(f"paired {name} with {target}: {share:.0%} of listings")
    events = [e for found in by_primary.values() for e in found]
    issues += [i for found in issues_of.values() for i in found]
    return events, issues, mentions + _mentions(events)


def _found_relations(settings: Settings, documents: dict, events: list, resolver: Resolver) -> tuple[list, list]:
    """The relations the listings and the reports state (etl.extraction)."""
    found, issues = relations_in_listings(events, resolver), []
    for name, row in documents.items():
        lines = _document_lines(settings, name) if name.startswith("reports/") else None
        if lines is None:
            continue
        year = int(row["written_year"]) if row.get("written_year") else None
        more, why = relations_in_report(
            name, lines, row.get("title") or "", row.get("language") or "fr", year, resolver
        )
        found += more
        issues += why
    return found, issues


def _stated_links(settings: Settings, documents: dict, events: list, resolver: Resolver,
                  log: Callable[[str], None]) -> tuple[tuple, tuple, tuple]:  # fmt: skip
    """The stated links, their issues, and the relations left to review."""
    from etl.reviews import relation_decisions_path

    path = settings.reference_dir / "partnerships.csv"
    stewards = relation_decisions_path(settings.reviews_dir) if settings.reviews_dir else None
    written = {f: int(r["written_year"]) if r.get("written_year") else None for f, r in documents.items()}
    found, found_issues = _found_relations(settings, documents, events, resolver)
    try:
        built = build_partnerships(path if path.exists() else None, events, resolver,
                                   lambda name: _document_lines(settings, name), written, date.today().year,
                                   found, stewards)  # fmt: skip
    except PartnershipError as exc:
        raise BuildError(str(exc)) from exc
    origins = Counter(k.origin for k in built.links if k.kind != "event_link")
    read = origins["extracted"] + origins["confirmed"] + origins["corrected"]
    log(f"partnerships: {sum(origins.values())} stated — {read} read in the documents, "
        f"{origins['confirmed']} of them confirmed and {origins['corrected']} corrected by partnerships.csv, "
        f"{origins['reviewed']} from partnerships.csv alone; {len(built.links)} links with those of the listings")  # fmt: skip
    return built.links, (*found_issues, *built.issues), built.to_review


def _meetings(settings: Settings, resolver: Resolver, log: Callable[[str], None]) -> tuple[tuple, tuple]:
    path = settings.reference_dir / "meetings.csv"
    if not path.exists():
        return (), ()
    try:
        meetings, issues = read_meetings(path, lambda name: _document_lines(settings, name), resolver,
                                         partner_countries())  # fmt: skip
    except MeetingError as exc:
        raise BuildError(str(exc)) from exc
    log(f"meetings: {len(meetings)} named in the reports")
    return meetings, issues


def summarize(result: BuildResult, seconds: float) -> BuildSummary:
    translated = any(s.role == "translation" for s in result.sources)
    return BuildSummary(
        listings_by_theme=dict(Counter(e.theme for e in result.events)),
        issues_by_severity=dict(Counter(i.severity for i in result.issues)),
        issues_by_code=dict(Counter(i.code for i in result.issues)),
        unresolved=tuple(
            f"{i.source_file}:{i.source_line} {i.message}" for i in result.issues if i.code == "unresolved_place"
        ),
        paired_share=sum(e.title_en is not None for e in result.events) / len(result.events) if translated else None,
        seconds=seconds,
        encodings={s.file: s.encoding for s in result.sources},
    )


def losses(result: BuildResult, previous: dict[str, int], settings: Settings) -> list[str]:
    """Why this build would lose data, unless the user accepted it: rows reported as errors
    (not loaded), and catalogue files with fewer listings than in the previous build."""
    problems = []
    errors = [i for i in result.issues if i.severity == "error"]
    if errors and not settings.accept_errors:
        places = {s.file: s.places for s in result.sources}
        shown = "\n".join(
            f"  {_where(places, i.source_file, i.source_line)} {i.code}: {i.message}" for i in errors[:20]
        )
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        problems.append(f"{len(errors)} row(s) reported as errors would not be loaded:\n{shown}{more}\n"
                        "fix the file, or pass --accept-errors to load the rest (the errors stay listed "
                        "on the Data quality page)")  # fmt: skip
    if not settings.accept_drop:
        for s in result.sources:
            before = previous.get(s.file)
            if before is not None and s.listings < before:
                problems.append(f"{s.file}: {s.listings} listings, {before} in the previous build "
                                f"(−{before - s.listings}): a truncated or damaged file? "
                                "pass --accept-drop if the new file really has fewer")  # fmt: skip
    return problems


TEXT_TOLERANCE = 0.01  # the same edition read from another format (PDF, Word) differs by less (hyphen glue)


def listing_text(source) -> int:
    """Letters and digits of a source's listing and continuation lines, markup aside: what the
    drop guard compares, whatever the format cut the lines into, set in bold or glued a hyphen
    (load.published_editions counts the published ones the same way, in SQL)."""
    lines = (re.sub(MARKUP, "", source.lines[r.line_no - 1]) for r in source.parsed.lines if r.kind in LISTING_KINDS)
    return sum(ch.isalnum() for line in lines for ch in line)


def edition_losses(result: BuildResult, published) -> list[str]:
    """What the published database holds that this build would lose, whatever the files are
    called: an edition (year, partner countries, language) with fewer listings or left out, and
    English titles lost. `published`: `load.published_editions` (None: nothing published)."""
    if not published:
        return []
    editions, english = published
    built: dict[tuple, list] = {}
    for s in result.sources:
        key = (s.catalogue_year, tuple(sorted(s.parsed.partner_countries)) or (s.partner_country,), s.language)
        built.setdefault(key, [0, [], 0])
        built[key][0] += s.listings
        built[key][1].append(s.file)
        built[key][2] += listing_text(s)
    problems = []
    for key, (before, files, chars) in sorted(editions.items(), key=lambda kv: str(kv[0])):
        now, new_files, now_chars = built.get(key, (0, [], 0))
        year, countries, language = key
        edition = f"the {year or 'undated'} {'/'.join(c for c in countries if c) or '?'} edition ({language})"
        where = f"in {', '.join(new_files)}" if new_files else "left out of this build"
        if now < before:
            problems.append(f"{edition}: {before} listings published ({', '.join(files)}), {now} {where} "
                            f"(−{before - now}); pass --accept-drop if it really has fewer")  # fmt: skip
        elif now_chars < chars * (1 - TEXT_TOLERANCE):
            problems.append(f"{edition}: its listings' text is {chars:,} characters published ({', '.join(files)}), "
                            f"{now_chars:,} {where} (−{100 * (chars - now_chars) / chars:.1f} %): lines or cells "
                            "lost? pass --accept-drop if the text was really shortened")  # fmt: skip
    titles = sum(english_title(e) is not None for e in result.events)  # counted as the database stores them
    if titles < english:
        problems.append(f"English titles: {english} published, {titles} in this build: an English edition left out "
                        "or no longer paired? pass --accept-drop if that is meant")  # fmt: skip
    return problems


def _where(places: dict, file: str, line: int) -> str:
    """ "catalogue.txt:59", or "catalogue.pdf p. 4, row 7 (l. 59)" where the document has pages."""
    found = places.get(file) or ()
    label = found[line - 1].label() if 0 < line <= len(found) else ""
    return f"{file} {label} (l. {line})" if label else f"{file}:{line}"


def _check_target(db: Path) -> None:
    """BuildError, before any work, when the database cannot be written where asked: the path is
    a directory, or a file stands where a parent directory should be."""
    if db.is_dir():
        raise BuildError(f"{db}: is a directory; give a file path for the database (--db …/coop.duckdb)")
    for parent in db.parents:
        if parent.exists():
            if not parent.is_dir():
                raise BuildError(f"{db}: {parent} is a file, not a directory")
            break


def run_build(settings: Settings, log: Callable[[str], None] = print) -> BuildSummary:
    """Build the database at settings.db_path (atomically) and return a summary. BuildError,
    with the database untouched, if the build would lose data the user has not accepted."""
    started = time.perf_counter()
    _check_target(settings.db_path)
    remove_leftovers(settings.db_path)  # a killed build's temporary file goes, even if this build is refused
    result = build(settings, log)
    published = None if settings.accept_drop else published_editions(settings.db_path)
    # by file only where the published database cannot say it by edition (an older schema): once is enough
    by_file = {} if published and published[0] else previous_listings(settings.db_path)
    problems = losses(result, by_file, settings) + edition_losses(result, published)
    if problems:
        raise BuildError("\n".join(problems))
    try:
        with exclusive(settings.db_path):
            write_database(settings.db_path, result)
    except DatabaseBusy as exc:
        raise BuildError(str(exc)) from exc
    return summarize(result, time.perf_counter() - started)
