"""Where relations are read: the listings of the catalogues (title and description, with the
listing's actors) and the paragraphs of the reports (hard-wrapped lines joined back), each
relation with its document and line (pure given a Resolver and the documents' lines).

A report's partner countries are the ones its title or file name names ("Russia country group",
`cuf_copil_rencontres_franco_japonaises`); a report that names none is not read (its places
could not be put on a side), and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from etl.listings import Event
from etl.normalize import clean_text, fold, join_continuation
from etl.parse import Issue
from etl.places import Resolver
from etl.reference import countries_in
from etl.relations import Actors, Relation, read_relations


@dataclass(frozen=True)
class Found:
    relation: Relation
    source_file: str
    source_line: int
    language: str
    event_id: str | None = None  # the listing that states it


def relations_in_listings(events: Iterable[Event], resolver: Resolver) -> list[Found]:
    """The relations each listing states in its title and description (the French edition's
    wording; a duplicate listing is not read twice)."""
    found = []
    for e in events:
        if e.duplicate_of is not None or not e.partner_country:
            continue
        actors = Actors(e.fr_actor, e.partner_actor, e.fr_places, e.partner_places)
        text = ". ".join(t for t in (e.title, e.description) if t)
        relations, _ = read_relations(text, resolver, e.partner_country, e.catalogue_year, actors, programme=True)
        found += [Found(r, e.source_file, e.source_line, e.language, e.event_id) for r in relations]
    return found


def paragraphs(lines: list[str]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs of a hard-wrapped text (blank lines, bullets and headings separate them), each
    with where its lines start in it: (offset in the paragraph, line number)."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    text, starts = "", []
    for number, raw in enumerate(lines, start=1):
        line = clean_text(raw.replace("**", ""))
        new = not line or line.lstrip().startswith(("-", "•", "#", "*")) or line.rstrip().endswith(":")
        if new and text:
            out.append((text, starts))
            text, starts = "", []
        if not line:
            continue
        joined = join_continuation(text, line) if text else line.lstrip("-•#* ").strip()
        starts.append((len(joined) - len(line.lstrip("-•#* ").strip()), number))
        text = joined
    if text:
        out.append((text, starts))
    return out


def _line_of(clause: str, text: str, starts: list[tuple[int, int]]) -> int:
    at = text.find(clause)
    if at < 0:
        at = fold(text).find(fold(clause)[:40])  # approximate: folding changes offsets a little
    at = max(at, 0)
    return max((number for offset, number in starts if offset <= at), default=starts[0][1])


def report_countries(file: str, title: str) -> tuple[str, ...]:
    return countries_in(f"{file.replace('_', ' ').replace('/', ' ')} {title}")


def relations_in_report(
    file: str, lines: list[str], title: str, language: str, written_year: int | None, resolver: Resolver
) -> tuple[list[Found], list[Issue]]:
    """The relations a report's paragraphs state, for each partner country it is about."""
    countries = report_countries(file, title)
    if not countries:
        return [], [Issue.of(file, 1, "info", "report_without_country")]
    found = []
    for text, starts in paragraphs(lines):
        for country in countries:
            relations, _ = read_relations(text, resolver, country, written_year)
            found += [Found(r, file, _line_of(r.evidence, text, starts), language) for r in relations]
    return found, []
