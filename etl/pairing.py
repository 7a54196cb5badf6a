"""Bilingual pairing: each French listing gets its English title and description (pure).

The English edition lists the same listings in the same order with a different line layout,
so listings are aligned theme by theme (Needleman–Wunsch: order kept, a listing missing from
one edition costs a gap) and every pair is checked by its actors: resolved places or regions
in common, the same reason for having no territory, or close names. A pair whose actors
disagree is kept but flagged. Listings an edition gives in another order are left over by the
alignment: those are paired when both their actors agree, their semesters do not differ and the
pair is the only one either could make (`out_of_order`, flagged). A listing left without a
partner is reported.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from etl.listings import Event
from etl.normalize import fold
from etl.parse import Issue
from etl.vocab import THEMES

SURE, AGREE, UNKNOWN, DISAGREE = 2, 1, 0, -1  # SURE: both actors agree and the semesters do not differ
_SCORES = {SURE: 3.0, AGREE: 1.0, UNKNOWN: 0.5, DISAGREE: -1.0}
_GAP = -0.6


def _side(places_a, places_b, reason_a, reason_b, text_a: str, text_b: str) -> int:
    ids_a, ids_b = {p.place_id for p in places_a}, {p.place_id for p in places_b}
    regions_a = {p.region_code for p in places_a if p.region_code}
    regions_b = {p.region_code for p in places_b if p.region_code}
    if ids_a & ids_b or regions_a & regions_b:
        return AGREE
    if reason_a and reason_a == reason_b:
        return AGREE
    if text_a and text_b and fuzz.token_set_ratio(fold(text_a), fold(text_b)) >= 85:
        return AGREE
    if (ids_a or reason_a) and (ids_b or reason_b):
        return DISAGREE
    if not text_a and not text_b:
        return AGREE
    return UNKNOWN


def agreement(a: Event, b: Event) -> int:
    """SURE if both sides agree and the semesters, when both are known, are one; AGREE if one side
    agrees and none disagrees; DISAGREE if a side disagrees; else UNKNOWN."""
    # candidates left to review count here: they help align the editions, never the counts
    fr = _side((*a.fr_places, *a.fr_review), (*b.fr_places, *b.fr_review), a.fr_no_territory, b.fr_no_territory,
               a.fr_actor, b.fr_actor)  # fmt: skip
    partner = _side((*a.partner_places, *a.partner_review), (*b.partner_places, *b.partner_review),
                    a.partner_note, b.partner_note, a.partner_actor, b.partner_actor)  # fmt: skip
    if DISAGREE in (fr, partner):
        return DISAGREE
    if fr == partner == AGREE and ("UNKNOWN" in (a.semester, b.semester) or a.semester == b.semester):
        return SURE
    return AGREE if AGREE in (fr, partner) else UNKNOWN


OUT_OF_ORDER_PAIRS = 250_000  # leftover pairs compared at most, per theme (500 × 500)
BAND = 50  # how far (in listings) the alignment may stray from the diagonal, beyond |n − m|


def align(left: list[Event], right: list[Event]) -> list[tuple[int | None, int | None, int]]:
    """Order-keeping alignment of two lists: (i, j, agreement) with None for a gap.

    Needleman–Wunsch restricted to a band around the diagonal, |n − m| + BAND wide: two
    editions list the same listings in the same order, so the best path never strays further,
    and the cost is linear in the number of listings (a full table was quadratic: 20 s for
    3,000 listings)."""
    n, m = len(left), len(right)
    width = abs(n - m) + BAND
    lo, hi, score, agree = [], [], [], []
    for i in range(n + 1):
        centre = round(i * m / n) if n else 0
        lo.append(max(0, centre - width))
        hi.append(min(m, centre + width))

    def at(i: int, j: int) -> float:
        return score[i][j - lo[i]] if lo[i] <= j <= hi[i] else float("-inf")

    for i in range(n + 1):
        row, marks = [], []
        for j in range(lo[i], hi[i] + 1):
            if i == 0 or j == 0:
                row.append((i + j) * _GAP)
                marks.append(UNKNOWN)
                continue
            a = agreement(left[i - 1], right[j - 1])
            marks.append(a)
            before = row[-1] if j > lo[i] else float("-inf")
            row.append(max(at(i - 1, j - 1) + _SCORES[a], at(i - 1, j) + _GAP, before + _GAP))
        score.append(row)
        agree.append(marks)
    out: list[tuple[int | None, int | None, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        a = agree[i][j - lo[i]] if i > 0 and j > 0 else UNKNOWN
        if i > 0 and j > 0 and at(i, j) == at(i - 1, j - 1) + _SCORES[a]:
            out.append((i - 1, j - 1, a))
            i, j = i - 1, j - 1
        elif i > 0 and at(i, j) == at(i - 1, j) + _GAP:
            out.append((i - 1, None, UNKNOWN))
            i -= 1
        else:
            out.append((None, j - 1, UNKNOWN))
            j -= 1
    return out[::-1]


def out_of_order(left: list[Event], right: list[Event]) -> list[tuple[int, int]]:
    """(i, j) pairs of listings the order-keeping alignment left over: each the only one the
    other could be (`agreement` SURE), so that two listings of the same actors are never guessed."""
    if len(left) * len(right) > OUT_OF_ORDER_PAIRS:
        return []  # time bounded: the leftovers stay unpaired, each reported
    candidates = [(i, j) for i, a in enumerate(left) for j, b in enumerate(right) if agreement(a, b) == SURE]
    by_left = {i: [c for c in candidates if c[0] == i] for i, _ in candidates}
    by_right = {j: [c for c in candidates if c[1] == j] for _, j in candidates}
    return [(i, j) for i, j in candidates if len(by_left[i]) == 1 and len(by_right[j]) == 1]


def _with_out_of_order(steps: list[tuple[int | None, int | None, int]], left: list[Event], right: list[Event]):
    """The alignment's steps with the listings it left alone, or paired against their actors,
    paired again out of order where `out_of_order` finds each one's only match; and those pairs."""
    loose_l = [i for i, j, a in steps if i is not None and (j is None or a == DISAGREE)]
    loose_r = [j for i, j, a in steps if j is not None and (i is None or a == DISAGREE)]
    late = {(loose_l[a], loose_r[b]) for a, b in out_of_order([left[i] for i in loose_l], [right[j] for j in loose_r])}
    moved_l, moved_r = {i for i, _ in late}, {j for _, j in late}
    out: list[tuple[int | None, int | None, int]] = []
    for i, j, a in steps:
        if i in moved_l or j in moved_r:  # re-paired: what its old step held alone stays alone
            if i is not None and i not in moved_l:
                out.append((i, None, UNKNOWN))
            if j is not None and j not in moved_r:
                out.append((None, j, UNKNOWN))
            continue
        out.append((i, j, a))
    return out + [(i, j, SURE) for i, j in sorted(late)], late


def pair_editions(french: list[Event], english: list[Event]) -> tuple[list[Event], list[Issue], float]:
    """French events with English title/description; issues; share of French listings paired."""
    issues: list[Issue] = []
    paired: dict[str, Event] = {}
    themes = [t for t in THEMES if any(e.theme == t for e in (*french, *english))]
    for theme in themes:
        left = [e for e in french if e.theme == theme]
        right = [e for e in english if e.theme == theme]
        steps, late = _with_out_of_order(align(left, right), left, right)
        for i, j, agreement in steps:
            if i is not None and j is not None:
                fr, en = left[i], right[j]
                paired[fr.event_id] = replace(
                    fr,
                    title_en=en.title,
                    description_en=en.description,
                    en_source_file=en.source_file,
                    en_source_line=en.source_line,
                )
                if (i, j) in late:
                    issues.append(Issue.of(fr.source_file, fr.source_line, "info", "paired_out_of_order",
                                           line=en.source_line))  # fmt: skip
                if agreement == DISAGREE:
                    issues.append(
                        Issue.of(fr.source_file, fr.source_line, "warning", "pair_actor_mismatch", line=en.source_line,
                                 en_fr=en.fr_actor, en_partner=en.partner_actor, fr_fr=fr.fr_actor,
                                 fr_partner=fr.partner_actor)
                    )  # fmt: skip
            elif i is not None:
                fr = left[i]
                issues.append(
                    Issue.of(fr.source_file, fr.source_line, "warning", "unpaired_listing.french")
                )  # fmt: skip
            else:
                en = right[j]
                issues.append(
                    Issue.of(en.source_file, en.source_line, "warning", "unpaired_listing.english")
                )  # fmt: skip
    out = [paired.get(e.event_id, e) for e in french]
    share = sum(e.title_en is not None for e in out) / len(out) if out else 0.0
    return out, issues, share


def edition_confirmations(french: list[Event], english: list[Event]) -> dict[int, frozenset[str]]:
    """For each paired French listing with candidates left to review: the places its English
    listing accepts (by French source line). Two editions naming the same place is evidence."""
    by_line = {e.source_line: e for e in english}
    out: dict[int, frozenset[str]] = {}
    for fr in french:
        en = by_line.get(fr.en_source_line) if fr.en_source_line else None
        if en is None or not (fr.fr_review or fr.partner_review):
            continue
        accepted = frozenset(p.place_id for p in (*en.fr_places, *en.partner_places))
        if accepted & {p.place_id for p in (*fr.fr_review, *fr.partner_review)}:
            out[fr.source_line] = accepted
    return out
