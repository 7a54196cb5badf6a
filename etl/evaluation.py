"""Precision and recall of the place resolver on a labelled set of place strings (pure).

Each case is a string as a document would write it, the side it is read on (FR or the partner
country), an optional region hint (the row's Région column), and the ISO 3166-2 region(s) a
careful reader assigns — or nothing, when no answer is right (an embassy service, an invented
name, a bare namesake such as "Saint-Denis" that the text does not settle).

Scoring, per case, on the regions the resolver *accepts* (answers "to review" are not answers):
- answered: at least one region accepted;
- wrong: an accepted region that is not expected (this is what precision counts);
- right: the accepted regions are exactly the expected ones (this is what recall counts).
precision = (answered − wrong) / answered; recall = right / cases with an expected region.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class PlaceCase:
    text: str
    country: str
    hint: str | None
    expected: frozenset[str]
    category: str


@dataclass(frozen=True)
class Outcome:
    case: PlaceCase
    accepted: frozenset[str]
    review: frozenset[str]  # regions of the candidates left to review

    @property
    def answered(self) -> bool:
        return bool(self.accepted)

    @property
    def wrong(self) -> bool:
        return bool(self.accepted - self.case.expected)

    @property
    def right(self) -> bool:
        return bool(self.case.expected) and self.accepted == self.case.expected


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]
    by_category: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # cases, wrong, right

    @property
    def answered(self) -> int:
        return sum(o.answered for o in self.outcomes)

    @property
    def wrong(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.wrong)

    @property
    def missed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.case.expected and not o.right)

    @property
    def precision(self) -> float:
        return (self.answered - len(self.wrong)) / self.answered if self.answered else 1.0

    @property
    def recall(self) -> float:
        expected = sum(1 for o in self.outcomes if o.case.expected)
        return sum(o.right for o in self.outcomes) / expected if expected else 1.0

    def summary(self) -> str:
        expected = sum(1 for o in self.outcomes if o.case.expected)
        return (
            f"{len(self.outcomes)} cases ({expected} with an expected region): answered {self.answered}, "
            f"wrong {len(self.wrong)}, right {sum(o.right for o in self.outcomes)}; "
            f"precision {self.precision:.2%}, recall {self.recall:.2%}"
        )


def by_group(report: Report, group_of: dict[str, str] | None = None) -> dict[str, Report]:
    """The report's outcomes grouped by the case's country, or by `group_of[country]` (a
    continent); a country the mapping lacks is its own group. Largest groups first."""
    groups: dict[str, list[Outcome]] = {}
    for o in report.outcomes:
        key = (group_of or {}).get(o.case.country, o.case.country)
        groups.setdefault(key, []).append(o)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {k: Report(tuple(v)) for k, v in ranked}


def group_table(groups: dict[str, Report], heading: str) -> str:
    """A Markdown table of each group's cases, answers, wrong answers, precision and recall."""
    lines = [
        f"| {heading} | cases | with a place | answered | wrong | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in groups.items():
        expected = sum(1 for o in r.outcomes if o.case.expected)
        recall = f"{r.recall:.1%}" if expected else "—"
        lines.append(f"| {name} | {len(r.outcomes)} | {expected} | {r.answered} | {len(r.wrong)} | "
                     f"{r.precision:.1%} | {recall} |")  # fmt: skip
    return "\n".join(lines)


def load_cases(path: Path) -> tuple[PlaceCase, ...]:
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(
            PlaceCase(
                text=r["text"],
                country=r["country"],
                hint=r["hint"] or None,
                expected=frozenset(c for c in r["expected"].split("|") if c),
                category=r["category"],
            )  # fmt: skip
            for r in csv.DictReader(fh)
        )


def evaluate(resolver, cases: Iterable[PlaceCase]) -> Report:
    """Run the resolver on every case and score it."""
    outcomes = []
    for case in cases:
        resolution = resolver.resolve_actor(case.text, case.country, case.hint)
        review = frozenset(p.region_code for p in getattr(resolution, "to_review", ()) if p.region_code)
        outcomes.append(Outcome(case, frozenset(resolution.regions), review))
    stats: dict[str, Counter] = {}
    for o in outcomes:
        c = stats.setdefault(o.case.category, Counter())
        c["cases"] += 1
        c["wrong"] += o.wrong
        c["right"] += o.right
    by_category = {k: (v["cases"], v["wrong"], v["right"]) for k, v in sorted(stats.items())}
    return Report(tuple(outcomes), by_category)
