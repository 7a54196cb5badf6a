"""The administrative seat of each first-level subdivision (pure).

GeoNames marks the seat of a first-order division PPLA and the national capital PPLC. For a
subdivision whose towns are mapped (`admin1`):
- its one PPLA (`ppla`), unless that is under SMALL_SEAT of its largest town (`ppla_small`);
- no PPLA but the national capital (PPLC) → the capital (`pplc`: Tokyo, Dakar's region);
- several PPLA (GeoNames divides it more finely: `ppla_several`), a suspect PPLA, or none
  (`largest_town`) → a proposal *to review*, never a silent answer: the capital if it lies
  there, else the most populous of several PPLA, else the most populous town;
- no mapped town → no seat (`none`): the subdivision is drawn at its label point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

REVIEW = ("ppla_several", "ppla_small", "largest_town")
SMALL_SEAT = 0.01  # a PPLA under 1 % of its subdivision's largest town is suspect (GeoNames marks a
# hamlet of Berkshire as England's seat): proposed, to review


@dataclass(frozen=True)
class Seat:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    basis: str  # ppla | pplc | ppla_several | largest_town | none


def choose_seat(towns: Iterable, feature_codes: dict[int, str]) -> Seat:
    """The seat among a subdivision's towns (objects with geonameid, name, population, lat, lon)."""
    towns = sorted(towns, key=lambda t: -t.population)
    if not towns:
        return Seat("", None, None, None, "none")
    ppla = [t for t in towns if feature_codes.get(t.geonameid) == "PPLA"]
    pplc = [t for t in towns if feature_codes.get(t.geonameid) == "PPLC"]
    if len(ppla) == 1 and ppla[0].population >= SMALL_SEAT * towns[0].population:
        pick, basis = ppla[0], "ppla"
    elif not ppla and pplc:
        pick, basis = pplc[0], "pplc"
    else:  # a proposal to review: the capital if it is there, else the largest PPLA or town
        basis = "ppla_several" if len(ppla) > 1 else "ppla_small" if ppla else "largest_town"
        pick = (pplc or (ppla if basis == "ppla_several" else []) or towns)[0]
    return Seat(pick.name, pick.geonameid, round(pick.lat, 5), round(pick.lon, 5), basis)
