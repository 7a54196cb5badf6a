"""Names of units other than the ISO first level, each taken to the first-level unit its towns lie
in (pure).

GeoNames names the first- and second-order units of its towns ("Powiat krakowski" in "Lesser
Poland Voivodeship", "Provincia di Trento", "eThekwini Metropolitan Municipality", Madagascar's
22 regions where ISO lists its 6 former provinces). A name is kept for the first-level ISO unit
that at least SHARE of its towns lie in (the towns placed by the observatory's own tables), with
at least MIN_TOWNS towns: a name whose towns straddle units today (an older, larger unit, Kenya's
provinces) names none of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

SHARE = 0.9
MIN_TOWNS = 2


@dataclass(frozen=True)
class LowerUnit:
    country: str
    name: str  # as GeoNames writes it
    level: int  # 1: GeoNames' first order (where it is not ISO's), 2: its second order
    code: str  # the ISO first-level unit it lies in
    towns: int  # its towns placed in a unit
    share: float  # the share of them in `code`


def lower_units(towns: Iterable, unit_of: Callable[[object], str | None], key: Callable[[str], str]) -> list[LowerUnit]:
    """Each (country, level, name) whose placed towns lie in one unit (≥ SHARE, ≥ MIN_TOWNS).
    `towns` carry .country, .admin1, .admin2; `unit_of(town)` is the unit a town lies in (None:
    unknown); `key` folds a name (two spellings of one name count together, the first kept)."""
    votes: dict[tuple[str, int, str], Counter] = {}
    written: dict[tuple[str, int, str], str] = {}
    for town in towns:
        unit = unit_of(town)
        if unit is None:
            continue
        for level, name in ((1, town.admin1), (2, town.admin2)):
            k = key(name) if name else ""
            if not k:
                continue
            slot = (town.country, level, k)
            written.setdefault(slot, name)
            votes.setdefault(slot, Counter())[unit] += 1
    out = []
    for slot, counter in votes.items():
        (code, n), total = counter.most_common(1)[0], sum(counter.values())
        if n >= MIN_TOWNS and n >= SHARE * total:
            out.append(LowerUnit(slot[0], written[slot], slot[1], code, total, round(n / total, 3)))
    return sorted(out, key=lambda u: (u.country, u.level, key(u.name)))
