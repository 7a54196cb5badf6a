"""Raw listings → events: themes, French region, partner subdivisions, semesters, duplicates.

Pure given a `Resolver`. Every decision that is not read straight from a cell leaves an
`Issue` (swapped columns, a date cell that is not a date, a year other than the catalogue's,
names nothing resolves, French actors without territory, repeated listings).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from rapidfuzz import fuzz

from etl.countries import row_country
from etl.dates import read_dates, read_text_dates
from etl.messages import clause, render
from etl.normalize import classify_actor, fold, normalize_subtheme
from etl.parse import Issue, ParsedCatalogue, RawListing
from etl.place_rules import places_in_text
from etl.places import ActorResolution, Place, Resolver
from etl.vocab import normalize_theme


@dataclass(frozen=True)
class Event:
    event_id: str
    source_file: str
    source_line: int
    source_lines: tuple[int, ...]
    language: str
    theme: str
    theme_label: str
    subtheme: str | None
    title: str
    description: str
    fr_actor: str
    fr_actor_kind: str
    partner_actor: str
    date_text: str
    semester: str
    semester_basis: str  # date_column | text | none
    date_start: date | None
    date_end: date | None
    year: int | None
    fr_region: str | None
    fr_region_basis: str  # region_column | fr_actor | none
    fr_region_note: str | None
    partner_country: str | None
    partner_regions: tuple[str, ...]
    partner_note: str | None
    fr_places: tuple[Place, ...]  # accepted: these make the counts
    partner_places: tuple[Place, ...]
    columns_swapped: bool = False
    catalogue_year: int | None = None  # the edition's year (the date's year is `year`)
    date_rule: str = ""  # the date recognisers that matched ("semester+day_range"), "" if none
    source_conflict: str | None = None  # the columns and the text disagree: both readings
    fr_review: tuple[Place, ...] = ()  # candidates without enough evidence: shown, never counted
    partner_review: tuple[Place, ...] = ()
    fr_no_territory: str | None = None
    duplicate_of: str | None = None
    activity_id: str | None = None
    title_en: str | None = None
    description_en: str | None = None
    en_source_file: str | None = None
    en_source_line: int | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    partner_country_basis: str = "none"  # column | header | title | file_name | places | text | actor | none


def event_id_for(source_file: str, line: int) -> str:
    stem = source_file.rsplit(".", 1)[0]
    return f"{stem}:{line}"


def _detect_swap(
    listing: RawListing,
    fr: ActorResolution,
    partner: ActorResolution,
    country: str,
    resolver: Resolver,
) -> tuple[bool, ActorResolution, ActorResolution]:
    """Columns swapped by the export: the French cell names a partner-country place and the
    partner cell is empty or names a French place. Returns (swapped, fr, partner)."""
    if not listing.fr_actor or fr.places or fr.no_territory:
        return False, fr, partner
    as_partner = resolver.resolve_actor(listing.fr_actor, country)
    if not as_partner.places:
        return False, fr, partner
    if not listing.partner_actor:
        return True, ActorResolution(), as_partner
    if partner.places:
        return False, fr, partner
    as_french = resolver.resolve_actor(listing.partner_actor, "FR")
    if as_french.places:
        return True, as_french, as_partner
    return False, fr, partner


def _why_no_semester(date_text: str, info) -> tuple[str, dict]:
    """Why a listing has no semester, for the data-quality page: (message key, its values)."""
    if info.tbd:
        return "semester_unknown.tbd", dict(text=date_text)
    if info.date_start:
        return "semester_unknown.range", dict(text=date_text or "the text", text_fr=date_text or "le texte",
                                              start=info.date_start, end=info.date_end)  # fmt: skip
    if not date_text:
        return "semester_unknown.no_date", {}
    return "semester_unknown.no_semester", dict(text=date_text)


def _names(places) -> str:
    return ", ".join(f"{p.name} ({p.region_code})" for p in places)


def _telling(place) -> bool:
    """A place named in a text that can contradict a column: its unit known, and named by its own
    name or, by another, a city of LARGE_TOWN people ("Munich"; not "Santé", an old name of Xanten)."""
    from etl.place_lookup import LARGE_TOWN

    own = fold(place.name) == fold(place.matched or place.name)
    return place.region_code is not None and (own or place.kind == "region" or (place.population or 0) >= LARGE_TOWN)


def source_conflict(
    listing: RawListing, fr: ActorResolution, partner: ActorResolution, fr_actor: str, partner_actor: str,
    country: str, resolver: Resolver,
) -> tuple[str, str] | None:  # fmt: skip
    """Both readings when a listing's text contradicts its columns (English, French), else None:
    - the text names partner places, none of them in the partner column's subdivisions, and does
      not name the partner column's own places ("jumelage entre Veliky Novgorod et Nanterre" under
      "Région de Nijni Novgorod");
    - the French actor was filled down from the row above and the text names another French town."""
    text = f"{listing.title}. {listing.description}"
    readings = []
    if partner.regions:
        named = [p for p in places_in_text(resolver, text, country) if _telling(p)]
        folded = f" {fold(text)} "
        own_named = any(f" {fold(p.name)} " in folded or (p.matched and f" {fold(p.matched)} " in folded)
                        for p in partner.places)  # fmt: skip
        if named and not own_named and not {p.region_code for p in named} & set(partner.regions):
            readings.append(render("source_conflict.partner_column", partner=partner_actor,
                                   regions=", ".join(partner.regions), named=_names(named)))  # fmt: skip
    if listing.fr_actor_filled and fr.places:
        named = [p for p in places_in_text(resolver, text, "FR") if p.kind == "town"]
        ids = {p.place_id for p in fr.places}
        if named and not ids & {p.place_id for p in named}:
            readings.append(render("source_conflict.fr_filled", fr=fr_actor, places=_names(fr.places),
                                   named=_names(named)))  # fmt: skip
    return ("; ".join(r[0] for r in readings), " ; ".join(r[1] for r in readings)) if readings else None


@dataclass
class _Flags:
    """The issues one step of reading a listing raises, at the listing's line."""

    file: str
    line: int
    issues: list[Issue] = field(default_factory=list)

    def __call__(self, severity: str, key: str, **values) -> None:
        self.issues.append(Issue.of(self.file, self.line, severity, key, **values))


def build_event(
    listing: RawListing, parsed: ParsedCatalogue, resolver: Resolver, confirmed: frozenset[str] = frozenset()
) -> tuple[Event | None, list[Issue]]:
    """One listing → one event, with the issues it raises (an unknown theme is `other`, flagged),
    read in steps that each return their value and their issues: theme, partner country, the
    Région column, the two sides' places, the French region, the partner's note, the dates.

    `confirmed`: places the other edition of the same listing accepts; a candidate left to
    review here that it names is accepted (the two editions agree)."""
    theme, issues = _theme(listing)
    found = row_country(listing, parsed, resolver)
    issues += found.issues
    (subtheme, column_region), more = _region_column(listing, resolver)
    issues += more
    sides, more = _sides(listing, found.code, found.partner, column_region, resolver, confirmed)
    issues += more
    (fr_region, basis, note), more = _fr_region(listing, column_region, sides, resolver)
    issues += more
    conflict, more = _place_issues(sides, listing, found.code, resolver)
    issues += more
    partner_note, more = _partner_note(sides, listing, resolver)
    issues += more
    (info, semester_basis), more = _when(listing, parsed)
    issues += more
    fr, partner = sides.fr, sides.partner
    event = Event(
        event_id=event_id_for(listing.source_file, listing.source_line), source_file=listing.source_file,
        source_line=listing.source_line, source_lines=listing.lines, language=parsed.language, theme=theme,
        theme_label=listing.theme_label, subtheme=subtheme, title=listing.title, description=listing.description,
        fr_actor=sides.fr_actor, fr_actor_kind=classify_actor(sides.fr_actor) if sides.fr_actor else "unknown",
        partner_actor=sides.partner_actor, date_text=listing.date_text, semester=info.semester,
        semester_basis=semester_basis, date_rule=info.rule, catalogue_year=parsed.year, date_start=info.date_start,
        date_end=info.date_end, year=info.year, fr_region=fr_region, fr_region_basis=basis, fr_region_note=note,
        partner_country=found.code, partner_country_basis=found.basis, partner_regions=partner.regions,
        partner_note=partner_note, fr_places=fr.places, partner_places=partner.places, source_conflict=conflict,
        fr_review=fr.to_review, partner_review=partner.to_review, columns_swapped=sides.swapped,
        fr_no_territory=fr.no_territory, flags=tuple(sorted({i.code for i in issues if i.severity != "info"})),
    )  # fmt: skip
    return event, issues


def _flags(listing: RawListing) -> _Flags:
    return _Flags(listing.source_file, listing.source_line)


def _theme(listing: RawListing) -> tuple[str, list[Issue]]:
    flag = _flags(listing)
    theme = normalize_theme(listing.theme_label)
    if theme == "other":
        flag("warning", "unknown_theme", label=listing.theme_label)
    return theme, flag.issues


def _region_column(listing: RawListing, resolver: Resolver) -> tuple[tuple[str | None, str | None], list[Issue]]:
    """(sub-theme, French region) the Région cell holds: a sub-theme heading, or a region's name."""
    flag = _flags(listing)
    subtheme = normalize_subtheme(listing.region_cell) if listing.region_cell else None
    column_region = None
    if listing.region_cell and not subtheme:
        column_region = resolver.region_by_name(listing.region_cell, "FR")
        if column_region is None:
            flag("warning", "unknown_region", cell=listing.region_cell)
    return (subtheme, column_region), flag.issues


@dataclass(frozen=True)
class _Sides:
    """The two sides of a listing, put right: each actor as written and the places it names."""

    fr: ActorResolution
    partner: ActorResolution
    fr_actor: str
    partner_actor: str
    swapped: bool


def _sides(
    listing: RawListing, country: str | None, partner: ActorResolution, column_region: str | None,
    resolver: Resolver, confirmed: frozenset[str],
) -> tuple[_Sides, list[Issue]]:  # fmt: skip
    """The French actor's places; the columns put right when the source swapped them; the
    candidates the other edition confirms accepted."""
    flag = _flags(listing)
    fr = resolver.resolve_actor(listing.fr_actor, "FR", column_region)
    swapped = False
    if country:
        swapped, fr, partner = _detect_swap(listing, fr, partner, country, resolver)
    if confirmed:
        fr = resolver.confirm(fr, confirmed, clause("confirmed_other_edition"))
        partner = resolver.confirm(partner, confirmed, clause("confirmed_other_edition"))
    fr_actor, partner_actor = listing.fr_actor, listing.partner_actor
    if swapped:
        fr_actor, partner_actor = partner_actor, fr_actor
        flag("warning", "swapped_columns", fr=listing.fr_actor, country=country,
             partner=listing.partner_actor or "nothing", partner_fr=listing.partner_actor or "rien")  # fmt: skip
    return _Sides(fr, partner, fr_actor, partner_actor, swapped), flag.issues


def _fr_region(
    listing: RawListing, column_region: str | None, sides: _Sides, resolver: Resolver
) -> tuple[tuple[str | None, str, str | None], list[Issue]]:
    """(French region, its basis, why none): the Région column, else where the French actor is."""
    fr, flag = sides.fr, _flags(listing)
    fr_region, basis, note = column_region, "region_column" if column_region else "none", None
    fr_regions = fr.regions
    if column_region and fr_regions and column_region not in fr_regions:
        flag("warning", "region_mismatch", column=column_region, regions=", ".join(fr_regions))
    if fr_region is None and len(fr_regions) == 1:
        fr_region, basis = fr_regions[0], "fr_actor"
    if fr_region is None:
        if len(fr_regions) > 1:
            key, values = "no_fr_region.several", dict(regions=", ".join(fr_regions))
        elif fr.no_territory:
            key = "no_fr_region.reason"
            values = dict(reason=fr.no_territory, reason_fr=resolver.reasons_fr.get(fr.no_territory, fr.no_territory))
        elif not sides.fr_actor:
            key, values = "no_fr_region.no_actor", {}
        else:
            key, values = "no_fr_region.not_located", dict(actor=sides.fr_actor)
        note = render(key, **values)[0]  # the event's own note, in English
        flag("info", key, **values)
    return (fr_region, basis, note), flag.issues


def _place_issues(
    sides: _Sides, listing: RawListing, country: str | None, resolver: Resolver
) -> tuple[str | None, list[Issue]]:
    """Candidates to review, parts naming no place or a body, and a text that contradicts its
    columns (returned: both readings, in English)."""
    flag = _flags(listing)
    for side, resolution in (("fr_side", sides.fr), ("partner_side", sides.partner)):
        for p in resolution.to_review:
            flag("warning", f"place_to_review.{side}", matched=p.matched, name=p.name, region=p.region_code,
                 rule=p.resolver, evidence=p.evidence, evidence_fr=p.evidence_fr)  # fmt: skip
    for side, resolution in (("fr_side", sides.fr), ("partner_side", sides.partner)):
        for part in resolution.unresolved:
            flag("warning", f"unresolved_place.{side}", part=part)
    for part in (*sides.fr.organisations, *sides.partner.organisations):
        flag("info", "organisation_not_placed", part=part)
    conflict = None
    if country:
        conflict = source_conflict(
            listing, sides.fr, sides.partner, sides.fr_actor, sides.partner_actor, country, resolver
        )
        if conflict:
            flag("warning", "source_conflict", readings=conflict[0], readings_fr=conflict[1])
    return (conflict[0] if conflict else None), flag.issues


def _partner_note(sides: _Sides, listing: RawListing, resolver: Resolver) -> tuple[str | None, list[Issue]]:
    """Why the partner has no subdivision, when it has none."""
    partner, actor, flag = sides.partner, sides.partner_actor, _flags(listing)
    if partner.regions:
        return None, []
    if partner.no_territory:
        reason_fr = resolver.reasons_fr.get(partner.no_territory, partner.no_territory)
        flag("info", "no_partner_region.reason", reason=partner.no_territory, reason_fr=reason_fr, actor=actor)
        return partner.no_territory, flag.issues
    flag("info", "no_partner_region.no_actor" if not actor else "no_partner_region.not_located", actor=actor)
    return ("no partner given" if not actor else "partner not located"), flag.issues


def _when(listing: RawListing, parsed: ParsedCatalogue) -> tuple[tuple, list[Issue]]:
    """(the dates read, their basis): the date column first, else an explicit date of the
    catalogue's year in the text."""
    year, flag, text = parsed.year, _flags(listing), listing.date_text
    info = read_dates(text, year, parsed.language)
    basis = "date_column"
    if text and not info.recognised:
        flag("warning", "date_not_a_date", text=text)
    if info.invalid:
        flag("warning", "date_invalid", text=text)
    if not info.found:
        info = read_text_dates(f"{listing.title}. {listing.description}", year, parsed.language) if year else info
        basis = "text" if info.found else "none"
    if info.conflict:
        flag("warning", "semester_conflict", text=text, stated=info.readings[0], dates=info.readings[1])
    if info.spans_years:
        flag("info", "date_spans_years", text=text)
    if info.ambiguous:
        flag("warning", "ambiguous_date", text=text)
    if info.semester == "UNKNOWN" and not flag.issues:  # every issue above explains the missing semester
        key, values = _why_no_semester(text, info)
        flag("info", key, **values)
    if year and info.year and info.year != year:
        flag("warning", "year_mismatch", text=text, year=info.year, catalogue=year)
    return (info, basis), flag.issues


# --- the same activity listed twice ------------------------------------------------------------


def _same_actor(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 90


def same_activity(a: Event, b: Event) -> bool:
    """Two listings of one activity: the same actors and the same content."""
    if not (_same_actor(a.fr_actor, b.fr_actor) and _same_actor(a.partner_actor, b.partner_actor)):
        return False
    if a.description and b.description:
        return fuzz.token_set_ratio(fold(a.description), fold(b.description)) >= 90
    if not a.description and not b.description:
        return fuzz.ratio(fold(a.title), fold(b.title)) >= 90
    return False


def _block(event: Event) -> tuple:
    """Listings of one activity share their partner actor: the places it names (accepted or to
    review), else its folded text. Only listings of the same block are compared."""
    ids = frozenset(p.place_id for p in (*event.partner_places, *event.partner_review))
    return ("places", ids) if ids else ("text", fold(event.partner_actor))


def link_duplicates(events: list[Event]) -> tuple[list[Event], list[Issue]]:
    """Set `duplicate_of` (same theme) and a shared `activity_id` (any theme); compares each
    listing with the earlier ones of its block only (not with every listing: n² at scale)."""
    out: list[Event] = []
    issues: list[Issue] = []
    blocks: dict[tuple, list[Event]] = {}
    for event in events:
        block = blocks.setdefault(_block(event), [])
        first = next((e for e in block if same_activity(e, event)), None)
        if first is None:
            kept = replace(event, activity_id=event.event_id)
            out.append(kept)
            block.append(kept)
            continue
        if first.theme == event.theme:
            event = replace(event, duplicate_of=first.event_id, activity_id=first.activity_id)
            issues.append(
                Issue.of(event.source_file, event.source_line, "warning", "duplicate_listing", line=first.source_line)
            )  # fmt: skip
        else:
            event = replace(event, activity_id=first.activity_id)
            issues.append(
                Issue.of(event.source_file, event.source_line, "info", "cross_theme_activity", line=first.source_line,
                         theme=first.theme, other=event.theme, label=first.theme_label, other_label=event.theme_label)
            )  # fmt: skip
        kept = replace(event, flags=tuple(sorted({*event.flags, issues[-1].code})))
        out.append(kept)
        block.append(kept)
    return out, issues


PROGRESS_EVERY = 2000  # listings between two progress lines of a large catalogue


def build_events(
    parsed: ParsedCatalogue,
    resolver: Resolver,
    confirmations: Mapping[int, frozenset[str]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Event], list[Issue]]:
    """Every listing of a catalogue → events; `confirmations`: by listing line, the places the
    other edition of that listing accepts. `progress` hears every PROGRESS_EVERY listings."""
    confirmations = confirmations or {}
    events: list[Event] = []
    issues: list[Issue] = list(parsed.issues)
    total = len(parsed.listings)
    for n, listing in enumerate(parsed.listings, 1):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(f"  {parsed.source_file}: {n:,}/{total:,} listings read")
        event, found = build_event(listing, parsed, resolver, confirmations.get(listing.source_line, frozenset()))
        issues.extend(found)
        if event is not None:
            events.append(event)
    events, dup_issues = link_duplicates(events)
    return events, issues + dup_issues
