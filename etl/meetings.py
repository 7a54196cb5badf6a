"""The meetings the reports name — Rencontres, country-group meetings, steering committees — as
dated, evidenced events of kind "meeting" (pure given the resolver and the documents).

`data/reference/meetings.csv` is reviewed: one row per meeting a document states, with the
quoted words, their line, the date as written (`date_text`, which must be inside the quote and
read by the date grammar) and whether the document reports it (`held`) or announces it
(`announced`: "aura lieu", "prévues"). A row that fails any check stops the build with a message
naming the row; a place nothing resolves is kept without coordinates and reported.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl.dates import read_dates
from etl.evidence import check_quote
from etl.normalize import fold
from etl.parse import Issue
from etl.places import Place, Resolver

KINDS = ("rencontre", "group_meeting", "steering_committee")
STATUSES = ("held", "announced")


class MeetingError(ValueError):
    """A row of the meetings file is invalid; the message names the row."""


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    kind: str
    number: int | None
    name_fr: str
    name_en: str
    partner_country: str
    place: Place | None
    place_text: str
    date_text: str
    date_start: date
    date_end: date
    semester: str
    status: str
    source_file: str
    source_line: int
    evidence: str
    note: str


def read_meetings(
    path: Path,
    read_lines: Callable[[str], list[str] | None],
    resolver: Resolver,
    countries: Iterable[str],
) -> tuple[tuple[Meeting, ...], tuple[Issue, ...]]:
    known = set(countries)
    meetings, issues = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for row_no, r in enumerate(csv.DictReader(fh), start=2):
            where = f"{Path(path).name} row {row_no} ({r.get('name_fr')})"
            kind, status, country = r.get("kind", ""), r.get("status", ""), r.get("partner_country", "")
            if kind not in KINDS:
                raise MeetingError(f"{where}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
            if status not in STATUSES:
                raise MeetingError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
            if country not in known:
                raise MeetingError(f"{where}: partner country {country!r} is not in countries.csv")
            problem = check_quote(read_lines, r["source_file"], r["source_line"], r["evidence"])
            if problem:
                raise MeetingError(f"{where}: {problem}")
            if fold(r["date_text"]) not in fold(r["evidence"]):
                raise MeetingError(f"{where}: the date {r['date_text']!r} is not in the quoted words")
            when = read_dates(r["date_text"], None)
            if when.date_start is None:
                raise MeetingError(f"{where}: the date {r['date_text']!r} reads as no date")
            place = None
            if r.get("place"):
                found = resolver.resolve_actor(r["place"], r.get("place_country") or country)
                place = found.places[0] if found.places else None
                if place is None:
                    issues.append(
                        Issue.of(Path(path).name, row_no, "warning", "unresolved_place.meeting", place=r["place"])
                    )
            meetings.append(
                Meeting(
                    meeting_id=f"m{row_no - 1:03d}",
                    kind=kind,
                    number=int(r["number"]) if r.get("number") else None,
                    name_fr=r["name_fr"],
                    name_en=r["name_en"],
                    partner_country=country,
                    place=place,
                    place_text=r.get("place") or "",
                    date_text=r["date_text"],
                    date_start=when.date_start,
                    date_end=when.date_end,
                    semester=when.semester,
                    status=status,
                    source_file=r["source_file"],
                    source_line=int(r["source_line"]),
                    evidence=r["evidence"],
                    note=r.get("note") or "",
                )  # fmt: skip
            )
    return tuple(meetings), tuple(issues)
