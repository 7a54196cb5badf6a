"""Precision and recall of the relation extraction on labelled sentences (pure given a Resolver).

A case is a sentence as a document writes it, with what its document says around it (the year
it was written, the partner country, and for a listing its two actor cells) and the relations a
careful reader finds in it: one row per relation, or one row with no ends for none.

Scoring on the relations the extraction *accepts* (those left to review are not answers):
- an extracted relation is *right* when its two places are the labelled ones (the labelled names
  resolved on their sides, or, where they do not resolve, the same names), its kind is the
  labelled kind, and its since-year is the labelled year or unknown (an honest "unknown");
- *wrong* otherwise — a relation that is not there, the wrong place, the wrong kind, a wrong year;
precision = right / extracted; recall = right / labelled relations. The since-years are scored
apart: of the labelled years of the right relations, how many are found (`years found`), and of
the years given, how many are wrong (counted in `wrong` above).

A set may label current relations only: planned sentences labelled with no relation (category
"planned") and no planned kind anywhere (set 9). Planned relations are then left out of the score
on both sides (`current_only`): an extracted `planned_*` relation is neither right nor wrong.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from etl.normalize import fold
from etl.places import Resolver
from etl.relations import Actors, Relation, best_per_pair, read_relations


@dataclass(frozen=True)
class Expected:
    fr_place: str
    partner_place: str
    kind: str
    since_year: int | None
    country: str = ""  # the partner's country when the row gives its own (a sentence naming two countries)


@dataclass(frozen=True)
class RelationCase:
    sentence_id: str
    text: str
    written_year: int | None
    country: str
    fr_actor: str
    partner_actor: str
    expected: tuple[Expected, ...]
    category: str


@dataclass(frozen=True)
class CaseOutcome:
    case: RelationCase
    right: tuple[Relation, ...]
    wrong: tuple[tuple[Relation, str], ...]  # the relation and what is wrong with it
    missed: tuple[Expected, ...]
    review: tuple[Relation, ...]
    right_with_label: tuple[tuple[Relation, Expected], ...] = ()


@dataclass(frozen=True)
class RelationReport:
    outcomes: tuple[CaseOutcome, ...]

    def _count(self, attr: str) -> int:
        return sum(len(getattr(o, attr)) for o in self.outcomes)

    @property
    def precision(self) -> float:
        found = self._count("right") + self._count("wrong")
        return self._count("right") / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = sum(len(o.case.expected) for o in self.outcomes)
        return self._count("right") / labelled if labelled else 1.0

    def years(self) -> tuple[int, int]:
        """(labelled years of the right relations, of which found)."""
        pairs = [(r, e) for o in self.outcomes for r, e in o.right_with_label]
        labelled = [(r, e) for r, e in pairs if e.since_year is not None]
        return len(labelled), sum(r.since_year == e.since_year for r, e in labelled)

    def summary(self) -> str:
        labelled = sum(len(o.case.expected) for o in self.outcomes)
        return (f"{len(self.outcomes)} sentences, {labelled} relations: extracted {self._count('right') + self._count('wrong')}, "
                f"wrong {self._count('wrong')}, right {self._count('right')}, to review {self._count('review')}; "
                f"precision {self.precision:.2%}, recall {self.recall:.2%}; years found "
                f"{self.years()[1]}/{self.years()[0]}")  # fmt: skip

    def wrong_by_reason(self) -> Counter:
        return Counter(reason for o in self.outcomes for _, reason in o.wrong)


def _year(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def load_relation_cases(path: Path) -> list[RelationCase]:
    groups: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            groups.setdefault(r["sentence_id"], []).append(r)
    cases = []
    for sid, rows in groups.items():
        first = rows[0]
        expected = tuple(
            Expected(
                r["fr_place"].strip(),
                r["partner_place"].strip(),
                r["kind"].strip(),
                _year(r["since_year"]),
                r["country"].strip().upper(),
            )
            for r in rows
            if r["kind"].strip()
        )
        cases.append(RelationCase(sid, first["text"], _year(first["written_year"]), first["country"].strip().upper(),
                                  first.get("row_fr_actor", "").strip(), first.get("row_partner_actor", "").strip(),
                                  expected, first.get("category", "")))  # fmt: skip
    return cases


def same_place(resolver: Resolver, label: str, country: str, got, written: str) -> bool:
    """The labelled end is the extracted one: the same place, or the label is the name as the
    sentence writes it ("Tombouctou" for "la région de Tombouctou")."""
    if got is None:
        return False
    r = resolver.resolve_actor(label, country)
    if got.place_id in {p.place_id for p in (*r.places, *r.to_review)}:
        return True
    if any(p.kind == "region" and p.region_code == got.region_code for p in r.places) and \
            f" {fold(got.name)} " in f" {fold(label)} ":  # fmt: skip
        return True  # "Province of El Jadida", a lower unit named after the town read as the end
    key = f" {fold(label)} "
    return key in f" {fold(written)} " or key in f" {fold(got.name)} "


def _judge(resolver: Resolver, case: RelationCase, relations: list[Relation]) -> CaseOutcome:
    accepted = [r for r in relations if r.accepted]
    left = list(case.expected)
    right, wrong, labelled = [], [], []
    for rel in accepted:
        same = [e for e in left if same_place(resolver, e.fr_place, "FR", rel.fr_place, rel.fr_name)
                and same_place(resolver, e.partner_place, e.country or case.country, rel.partner_place,
                               rel.partner_name)]  # fmt: skip
        # two labelled relations of one pair (a twinning and a later agreement): judged against its kind
        match = next((e for e in same if e.kind == rel.kind), same[0] if same else None)
        if match is None:
            wrong.append((rel, "no such relation"))
            continue
        left.remove(match)
        if rel.kind != match.kind:
            wrong.append((rel, f"kind {rel.kind}, expected {match.kind}"))
        elif rel.since_year is not None and rel.since_year != match.since_year:
            wrong.append((rel, f"since {rel.since_year}, expected {match.since_year}"))
        else:
            right.append(rel)
            labelled.append((rel, match))
    return CaseOutcome(case, tuple(right), tuple(wrong), tuple(left), tuple(r for r in relations if not r.accepted),
                       tuple(labelled))  # fmt: skip


def current_only(cases: list[RelationCase]) -> bool:
    """The set labels current relations only: some sentence is labelled "planned", none has a
    planned kind."""
    kinds = {e.kind for c in cases for e in c.expected}
    return any("planned" in c.category for c in cases) and not any(k.startswith("planned") for k in kinds)


def evaluate_relations(resolver: Resolver, cases: list[RelationCase]) -> RelationReport:
    current = current_only(cases)
    outcomes = []
    for case in cases:
        actors = None
        if case.fr_actor or case.partner_actor:
            fr = resolver.resolve_actor(case.fr_actor, "FR").places if case.fr_actor else ()
            partner = resolver.resolve_actor(case.partner_actor, case.country).places if case.partner_actor else ()
            actors = Actors(case.fr_actor, case.partner_actor, fr, partner)
        relations, _ = read_relations(case.text, resolver, case.country, case.written_year, actors,
                                      programme=actors is not None)  # fmt: skip
        kept = [r for r in best_per_pair(relations) if not (current and r.kind.startswith("planned"))]
        outcomes.append(_judge(resolver, case, kept))
    return RelationReport(tuple(outcomes))
