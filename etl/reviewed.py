"""The relations of the build: those the documents state (`etl.extraction`), one per pair of
places, with the reviewed file (`data/reference/partnerships.csv`) on top (pure).

- A relation stated in several places is one link; its kind is the strongest stated (twinning,
  then agreement, then partnership); its since-year the one they agree on. When they give
  different years the link is flagged with every reading (`since_year_conflict`): a year the
  text names itself ("depuis 1985", "fêté en 2020 son 50e anniversaire") is kept over years
  counted from when a document was written; two named years, or none named: no year.
- A reviewed row for the same two places confirms the relation (`origin = confirmed`) or corrects
  its kind or year (`corrected`: the reviewer's values win); a row with `review = reject` removes
  it (reported as `relation_rejected`); a row for a relation no document states adds it
  (`reviewed`). Relations nobody reviewed are `extracted`.
- An extracted relation with an end to review is not drawn: it is reported (`relation_to_review`)
  with its candidates, for a reviewer to confirm in the file (or a steward on the stewards' page,
  `etl.reviews`); a reviewed `reject` row quoting the same statement (document, line and both
  ends as written) removes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from etl.extraction import Found
from etl.links import Link
from etl.messages import said
from etl.normalize import fold
from etl.parse import Issue
from etl.relations import rank


def _pair(link_or_found) -> tuple[str, str] | None:
    fr, partner = link_or_found.fr_place, link_or_found.partner_place
    return (fr.place_id, partner.place_id) if fr and partner else None


def _where(f: Found) -> str:
    return f"{f.source_file}:{f.source_line}"


def _base(kind: str) -> str:
    return {"planned_twinning": "twinning", "planned_agreement": "cooperation_agreement"}.get(kind, kind)


def _since(items: list[Found]) -> tuple[int | None, Issue | None]:
    """The start year of a relation, from the readings of its own kind (a twinning since 1955
    and an agreement signed in 2019 between the same towns do not disagree)."""
    best = min(items, key=lambda f: rank(f.relation)).relation
    items = [f for f in items if _base(f.relation.kind) == _base(best.kind)]
    years = {f.relation.since_year for f in items if f.relation.since_year is not None}
    if len(years) <= 1:
        return (years.pop() if years else None), None
    named = {f.relation.since_year for f in items if f.relation.since_year is not None and f.relation.since_stated}
    kept = named.pop() if len(named) == 1 else None
    readings = "; ".join(sorted({f"{f.relation.since_year} ({_where(f)}, "
                                 f"{'named' if f.relation.since_stated else 'counted from the year written'}: "
                                 f"{f.relation.since_words!r})" for f in items if f.relation.since_year}))  # fmt: skip
    first = items[0]
    issue = Issue.of(first.source_file, first.source_line, "warning", "since_year_conflict", fr=best.fr_name,
                     partner=best.partner_name, readings=readings, kept=kept or "none", kept_fr=kept or "aucune")  # fmt: skip
    return kept, issue


def _extracted_link(items: list[Found]) -> tuple[Link, Issue | None]:
    best_found = min(items, key=lambda f: rank(f.relation))
    r = best_found.relation
    since, issue = _since(items)
    link = Link(
        partnership_id=f"x:{r.fr_place.place_id}>{r.partner_place.place_id}",
        fr_actor=r.fr_name, partner_actor=r.partner_name, partner_country=r.partner_country, kind=r.kind,
        since_year=since, fr_place=r.fr_place, partner_place=r.partner_place,
        source_file=best_found.source_file, source_line=best_found.source_line, evidence=r.evidence,
        status=r.status, status_words=r.status_words, origin="extracted", rule=r.rule, confidence=r.confidence,
    )  # fmt: skip
    return link, issue


def _to_review(f: Found) -> Issue:
    r = f.relation
    return Issue.of(f.source_file, f.source_line, "warning", "relation_to_review", kind=r.kind, fr=r.fr_name,
                    partner=r.partner_name, evidence=r.evidence, note=said(r.review_note),
                    note_fr=said(r.review_note, "fr"))  # fmt: skip


def _same_statement(f: Found, link: Link) -> bool:
    r = f.relation
    return (f.source_file, f.source_line) == (link.source_file, link.source_line) and (
        fold(r.fr_name), fold(r.partner_name)) == (fold(link.fr_actor), fold(link.partner_actor))  # fmt: skip


def left_to_review(found: Iterable[Found], rejected: Iterable[Link]) -> list[Found]:
    """The relations with an end to review that no reviewed row rejects."""
    rejected = list(rejected)
    return [f for f in found if not f.relation.accepted and not any(_same_statement(f, k) for k in rejected)]


def _rejected(f: Found) -> Issue:
    r = f.relation
    return Issue.of(f.source_file, f.source_line, "info", "relation_rejected", fr=r.fr_name, partner=r.partner_name,
                    kind=r.kind)  # fmt: skip


def combine(
    found: Iterable[Found], reviewed: Iterable[Link], rejected: Iterable[Link]
) -> tuple[list[Link], list[Issue]]:
    """The stated links: extracted ones, confirmed, corrected or rejected by the reviewed rows, and
    the reviewed rows no document states."""
    found, rejected = list(found), list(rejected)
    groups: dict[tuple[str, str], list[Found]] = {}
    issues: list[Issue] = []
    open_ = {id(f) for f in left_to_review(found, rejected)}
    for f in found:
        if f.relation.accepted:
            groups.setdefault(_pair(f.relation), []).append(f)
        else:
            issues.append(_to_review(f) if id(f) in open_ else _rejected(f))
    by_pair: dict[tuple[str, str], Link] = {}
    kept: list[Link] = []
    for link in reviewed:
        pair = _pair(link)
        if pair and pair in groups and pair not in by_pair:
            by_pair[pair] = link
        else:
            kept.append(replace(link, origin="reviewed"))
    refused = {p for p in map(_pair, rejected) if p}
    links: list[Link] = []
    for pair, items in groups.items():
        if pair in refused:
            issues.append(_rejected(items[0]))
            continue
        link, issue = _extracted_link(items)
        issues += [issue] if issue else []
        mine = by_pair.get(pair)
        if mine is not None:
            same = mine.kind == link.kind and mine.since_year in (None, link.since_year)
            link = replace(mine, since_year=mine.since_year if mine.since_year is not None else link.since_year,
                           origin="confirmed" if same else "corrected", rule=link.rule, confidence=link.confidence)  # fmt: skip
        links.append(link)
    return links + kept, issues
