"""Partnerships: the reviewed file of stated links, validated and geocoded, merged with the
links implied by catalogue listings (pure given a Resolver and the source texts).

Invariants:
- every stated row is checked at load: known kind, evidence given, the quoted words found at
  the stated line of the stated document (within three lines: reports are hard-wrapped), no
  year in the future — otherwise `PartnershipError` names the row;
- `since_year` is derived from the evidence and the year the document was written
  ("50ème anniversaire … en 2020" → 1970, "30 ans de jumelage" in 2021 → 1991,
  "depuis 1991" → 1991); "depuis plus de 15 ans" says no year;
- `kind` says whether an agreement is signed or only planned, from the wording of the evidence
  ("signer un accord", "en route vers le jumelage", a "Signature de l'accord" in a year's
  programme → planned; "jumelée", "depuis", "anniversaire", "renouvellement" → signed); a
  reviewer's planned kind the wording contradicts stays planned and is reported;
- one relation, one line: a link of a listing joining the same French place to the same partner
  place — or to the subdivision (oblast, prefecture) of the stated partner town, a listing that
  names only the oblast — is merged into the stated partnership (which keeps its kind and evidence and gains the listings and themes); when two
  stated partnerships could take it, it stays an event link (never a guess);
- a row whose place cannot be resolved is kept, without coordinates, and reported.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from etl.evidence import check_quote
from etl.links import Link
from etl.listings import Event
from etl.messages import clause
from etl.parse import Issue
from etl.places import Place, Resolver
from etl.relation_grammar import read_status, since_year
from etl.reviewed import combine, left_to_review
from etl.vocab import THEMES

KINDS = ("twinning", "cooperation_agreement", "partnership", "planned_twinning", "planned_agreement", "event_link")
STATED_KINDS = KINDS[:-1]
PLANNED_KIND = {"twinning": "planned_twinning", "cooperation_agreement": "planned_agreement"}
SIDE_FR = {"French": "française", "partner": "partenaire"}
SAME_PLACES, IN_SUBDIVISION = "same_places", "town_in_subdivision"  # how a listing joined a partnership


class PartnershipError(ValueError):
    """A row of the partnerships file is invalid; the message names the row."""


@dataclass(frozen=True)
class StatedLink:
    row: int  # line of the CSV file
    fr_actor: str
    partner_actor: str
    partner_country: str
    kind: str
    since_year: int | None
    source_file: str
    source_line: int
    evidence: str
    status: str | None = None  # planned | signed | None (the wording does not say)
    status_words: str = ""  # the words that decided
    review: str = ""  # "" (confirms, corrects or adds) | "reject" (an extracted relation that is not one)


def derive_since_year(evidence: str, written_year: int | None) -> int | None:
    """The year a link began, from what the evidence says and when it was written (the grammar's
    reading, `etl.relation_grammar.since_year`)."""
    return since_year(evidence, written_year)[0]


def settle_kind(kind: str, status: str | None) -> tuple[str, bool]:
    """The kind once the wording is read, and whether the wording contradicts the reviewer's kind."""
    if status == "planned":
        return PLANNED_KIND.get(kind, kind), False
    if status == "signed" and kind in PLANNED_KIND.values():
        return kind, True  # the weaker claim stays; the row is reported
    return kind, False


def read_stated_links(
    path: Path,
    read_lines: Callable[[str], list[str] | None],
    written_year: Mapping[str, int | None],
    current_year: int,
    programmes: frozenset[str] = frozenset(),
    unusable: list[Issue] | None = None,
    outside: list[Issue] | None = None,
) -> tuple[StatedLink, ...]:
    """Rows of the partnerships file, validated; `read_lines(file)` gives a document's lines;
    `programmes`: the documents that are a year's programme (the catalogues of this build). A row
    that does not hold raises PartnershipError, or, given `unusable`, is reported there and
    skipped (the stewards' file: a decision quoting a catalogue rolled back since must not stop
    the build). Given `outside`, a row quoting a catalogue this build does not load is reported
    there and skipped (a build of other catalogues carries none of its relations)."""
    links, left_out = [], {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row_no, r in enumerate(csv.DictReader(fh), start=2):
            source = (r.get("source_file") or "").strip()
            if outside is not None and source and not source.startswith("reports/") and source not in programmes:
                left_out.setdefault(source, []).append(row_no)  # its relation would quote nothing loaded
                continue
            try:
                links.append(_stated_row(path, row_no, r, read_lines, written_year, current_year, programmes))
            except PartnershipError as exc:
                if unusable is None:
                    raise
                unusable.append(Issue.of(Path(path).name, row_no, "warning", "review_not_applied", reason=exc))
    for source, rows in left_out.items():  # one line per catalogue left out, at its first row
        outside.append(Issue.of(Path(path).name, rows[0], "info", "reviewed_not_in_build", source=source, n=len(rows)))
    return tuple(links)


def _stated_row(path: Path, row_no: int, r: dict, read_lines: Callable[[str], list[str] | None],
                written_year: Mapping[str, int | None], current_year: int,
                programmes: frozenset[str]) -> StatedLink:  # fmt: skip
    where = f"{Path(path).name} row {row_no} ({r.get('fr_actor')} – {r.get('partner_actor')})"
    kind = (r.get("kind") or "").strip()
    review = (r.get("review") or "").strip().lower()
    if review not in ("", "reject"):
        raise PartnershipError(f"{where}: review {review!r} is not understood (leave it empty, or 'reject')")
    if kind not in STATED_KINDS:
        raise PartnershipError(f"{where}: unknown kind {kind!r} (one of {', '.join(STATED_KINDS)})")
    evidence = (r.get("evidence") or "").strip()
    source = (r.get("source_file") or "").strip()
    problem = check_quote(read_lines, source, r.get("source_line"), evidence)
    if problem:
        raise PartnershipError(f"{where}: {problem}")
    line = int(r["source_line"])
    stated = (r.get("since_year") or "").strip()
    since = int(stated) if stated else derive_since_year(evidence, written_year.get(source))
    if since is not None and since > current_year:
        raise PartnershipError(f"{where}: since_year {since} is in the future")
    status, words = read_status(evidence, source in programmes)
    return (
        StatedLink(
            row=row_no,
            fr_actor=r["fr_actor"].strip(),
            partner_actor=r["partner_actor"].strip(),
            partner_country=r["partner_country"].strip().upper(),
            kind=kind,
            since_year=since,
            source_file=source,
            source_line=line,
            evidence=evidence,
            status=status,
            status_words=words,
            review=review,
        )  # fmt: skip
    )


def _first_place(places: Iterable[Place]) -> Place | None:
    return next(iter(places), None)


def resolve_stated(
    stated: Iterable[StatedLink],
    resolver: Resolver,
    file_name: str,
    listed: Mapping[tuple[str, int], frozenset[str]] | None = None,
    id_prefix: str = "p",
) -> tuple[list[Link], list[Issue]]:
    """Both ends of each stated link; `listed`: the places the catalogue listing at a
    (file, line) accepts — a candidate the quoted listing names is accepted."""
    links, issues = [], []
    for s in stated:
        ends = []
        for side, name, country in (("French", s.fr_actor, "FR"), ("partner", s.partner_actor, s.partner_country)):
            resolution = resolver.resolve_actor(name, country)
            confirmed = (listed or {}).get((s.source_file, s.source_line), frozenset())
            if confirmed:
                resolution = resolver.confirm(
                    resolution, confirmed, clause("confirmed_listing", at=f"{s.source_file}:{s.source_line}")
                )
            place = _first_place(resolution.places)
            for p in resolution.to_review:
                issues.append(Issue.of(file_name, s.row, "warning", "place_to_review.partnership", side=side,
                                       side_fr=SIDE_FR[side], name=name, place=p.name, region=p.region_code,
                                       evidence=p.evidence, evidence_fr=p.evidence_fr))  # fmt: skip
            if place is None and not resolution.to_review:
                issues.append(Issue.of(file_name, s.row, "warning", "unresolved_place.partnership", side=side,
                                       side_fr=SIDE_FR[side], name=name))  # fmt: skip
            ends.append(place)
        fr, partner = ends
        kind, contradicted = settle_kind(s.kind, s.status)
        if contradicted:
            issues.append(Issue.of(file_name, s.row, "warning", "kind_conflict", kind=s.kind, words=s.status_words))
        links.append(
            Link(
                partnership_id=f"{id_prefix}{s.row - 1:03d}",
                fr_actor=s.fr_actor,
                partner_actor=s.partner_actor,
                partner_country=s.partner_country,
                kind=kind,
                since_year=s.since_year,
                fr_place=fr,
                partner_place=partner,
                source_file=s.source_file,
                source_line=s.source_line,
                evidence=s.evidence,
                status=s.status,
                status_words=s.status_words,
            )  # fmt: skip
        )
    return links, issues


def event_links(events: Iterable[Event]) -> list[Link]:
    """One link per (French place, partner place) pair of the listings."""
    grouped: dict[tuple[str, str], dict] = {}
    for e in events:
        fr = _first_place(e.fr_places)
        if fr is None or e.duplicate_of is not None:
            continue
        for p in e.partner_places:
            g = grouped.setdefault(
                (fr.place_id, p.place_id),
                {"fr": fr, "partner": p, "events": [], "themes": set(), "e": e},
            )
            g["events"].append(e.event_id)
            g["themes"].add(e.theme)
    links = []
    for (fr_id, p_id), g in grouped.items():
        first: Event = g["e"]
        links.append(
            Link(
                partnership_id=f"e:{fr_id}>{p_id}",
                fr_actor=first.fr_actor,
                partner_actor=first.partner_actor,
                partner_country=first.partner_country or "",
                kind="event_link",
                since_year=None,
                fr_place=g["fr"],
                partner_place=g["partner"],
                source_file=first.source_file,
                source_line=first.source_line,
                evidence=None,
                event_ids=tuple(g["events"]),
                themes=tuple(t for t in THEMES if t in g["themes"]),
                n_events=len(g["events"]),
            )  # fmt: skip
        )
    return links


def same_relation(stated: Place, listed: Place) -> str | None:
    """How a listing's partner end names the relation of a stated partner end: the same place,
    or the subdivision the stated town lies in (a listing that names only "Région de Stavropol"
    for the Béziers–Stavropol twinning); None otherwise. Never the other way: a town of an oblast
    is not the oblast's partnership (Obninsk is not the Kaluga region)."""
    if stated.place_id == listed.place_id:
        return SAME_PLACES
    if listed.kind == "region" and stated.kind != "region" and stated.region_code == listed.region_code:
        return IN_SUBDIVISION if stated.region_code else None
    return None


def merge_links(stated: list[Link], from_events: list[Link]) -> list[Link]:
    """Stated partnerships absorb the event links of the same relation; other event links stay.

    Same French place, and a partner end naming the same relation (`same_relation`); a link
    with the very same places wins over one through a subdivision; two candidates → no merge.
    """
    out = list(stated)
    by_fr: dict[str, list[int]] = {}
    for i, s in enumerate(out):
        if s.fr_place and s.partner_place:
            by_fr.setdefault(s.fr_place.place_id, []).append(i)
    # towns before subdivisions: a listing naming both the town and its oblast joins as the town's
    for link in sorted(from_events, key=lambda x: x.partner_place.kind == "region"):
        matches: dict[str, list[int]] = {SAME_PLACES: [], IN_SUBDIVISION: []}
        for i in by_fr.get(link.fr_place.place_id, ()):
            how = same_relation(out[i].partner_place, link.partner_place)
            if how:
                matches[how].append(i)
        chosen = matches[SAME_PLACES] or matches[IN_SUBDIVISION]
        if len(chosen) != 1:
            out.append(link)
            continue
        i = chosen[0]
        s = out[i]
        themes = set(s.themes) | set(link.themes)
        new = tuple(e for e in link.event_ids if e not in s.event_ids)
        via = s.via_subdivision + (new if not matches[SAME_PLACES] else ())
        out[i] = replace(
            s, event_ids=(*s.event_ids, *new), n_events=s.n_events + len(new),
            themes=tuple(t for t in THEMES if t in themes), via_subdivision=via,
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class PartnershipBuild:
    links: tuple[Link, ...]
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    to_review: tuple = ()  # the stated relations with an end to review (etl.extraction.Found)


def build_partnerships(
    path: Path | None,
    events: Iterable[Event],
    resolver: Resolver,
    read_lines: Callable[[str], list[str] | None],
    written_year: Mapping[str, int | None],
    current_year: int,
    found: Iterable = (),
    stewards_path: Path | None = None,
) -> PartnershipBuild:
    """The links of the build: the relations the documents state (`found`, from
    `etl.extraction`), the reviewed files on top (`path`, the committed file, and `stewards_path`,
    the stewards' decisions; either may be absent), and the links of the listings merged into
    them. A committed row that does not hold stops the build (PartnershipError); a steward's is
    reported and skipped."""
    events = list(events)
    programmes = frozenset(f for e in events for f in (e.source_file, e.en_source_file) if f)
    listed = {
        (e.source_file, line): frozenset(p.place_id for p in (*e.fr_places, *e.partner_places))
        for e in events
        for line in e.source_lines
    }
    reviewed, rejected, issues = [], [], []
    for file, prefix, unusable in ((path, "p", None), (stewards_path, "s", issues)):
        if file is None or not Path(file).exists():
            continue
        # the committed file's rows of catalogues not built are left out quietly (one note each); a
        # steward's decision that cannot apply is a warning of its own (review_not_applied)
        outside = issues if unusable is None else None
        stated = read_stated_links(file, read_lines, written_year, current_year, programmes, unusable, outside)
        links, why = resolve_stated(stated, resolver, Path(file).name, listed, prefix)
        issues += why
        for link, s in zip(links, stated, strict=True):
            (rejected if s.review == "reject" else reviewed).append(link)
    found = list(found)
    combined, combine_issues = combine(found, reviewed, rejected)
    return PartnershipBuild(tuple(merge_links(combined, event_links(events))), (*issues, *combine_issues),
                            tuple(left_to_review(found, rejected)))  # fmt: skip
