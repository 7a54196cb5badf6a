"""Vocabulary shared by the ETL and the dashboard: themes, semesters, country groups (pure).

Facts about a country group — how documents call it, what its subdivisions are called, its map
frame — are data (`data/reference/countries.csv`, one row per country): a new country group is
a data change. Themes are read from section headers by evidence: the theme whose word stems
the header uses most; a header with no stem, or with stems of two themes equally, is `other`
(loaded, flagged, never dropped).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.dates import SEMESTERS
from etl.normalize import fold

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"
THEMES = ("partnerships", "academic", "culture", "economy", "environment", "sport", "other")

# Word stems (folded) that name each theme in French or English headers.
THEME_STEMS = {
    "partnerships": ("partenari", "jumel", "partnership", "twin", "relations institutionnelles"),
    "academic": ("universit", "recherch", "academ", "research", "scienti", "enseignement superieur",
                 "higher education", "etudiant", "student"),
    "culture": ("cultur", "patrimoine", "heritage", "educati", "linguisti", "langue", "language"),
    "economy": ("econom", "touris", "commerc", "entrepri", "business", "trade", "invest", "industri",
                "agricult", "gastronom"),
    "environment": ("environ", "climat", "ecolog", "durable", "sustainab", "energ", "biodivers"),
    "sport": ("sport", "olympi"),
}  # fmt: skip


def normalize_theme(label: str) -> str:
    """Theme code of a section header (French or English): the one whose stems it uses most;
    `other` when none does or two do equally."""
    words = fold(label).split()
    text = " ".join(words)
    scores = {}
    for code, stems in THEME_STEMS.items():
        hits = sum(1 for s in stems if (" " in s and s in text) or any(w.startswith(s) for w in words))
        if hits:
            scores[code] = hits
    if not scores:
        return "other"
    best = max(scores.values())
    winners = [c for c, n in scores.items() if n == best]
    return winners[0] if len(winners) == 1 else "other"


@dataclass(frozen=True)
class Country:
    code: str
    name_fr: str
    name_en: str
    words: tuple[str, ...]  # folded words documents use for it ("russe", "franco-japonaise")
    subdivision_fr: str
    subdivisions_fr: str
    subdivision_en: str
    subdivisions_en: str
    frame: tuple[float, float, float, float]  # lat_min, lat_max, lon_min, lon_max


@lru_cache(maxsize=4)
def load_countries(path: Path = REFERENCE / "countries.csv") -> dict[str, Country]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            r["code"]: Country(
                code=r["code"],
                name_fr=r["name_fr"],
                name_en=r["name_en"],
                words=tuple(fold(w) for w in r["words"].split("|") if w),
                subdivision_fr=r["subdivision_fr"],
                subdivisions_fr=r["subdivisions_fr"],
                subdivision_en=r["subdivision_en"],
                subdivisions_en=r["subdivisions_en"],
                frame=(float(r["lat_min"]), float(r["lat_max"]), float(r["lon_min"]), float(r["lon_max"])),
            )  # fmt: skip
            for r in csv.DictReader(fh)
        }


def partner_countries(path: Path = REFERENCE / "countries.csv") -> tuple[str, ...]:
    """The partner country groups the reference data knows (every country but France)."""
    return tuple(c for c in load_countries(path) if c != "FR")


def country_words(path: Path = REFERENCE / "countries.csv") -> dict[str, str]:
    """Folded word → partner country code, for reading headers and titles."""
    return {w: c.code for c in load_countries(path).values() if c.code != "FR" for w in c.words}


__all__ = ["SEMESTERS", "THEMES", "Country", "country_words", "load_countries", "normalize_theme", "partner_countries"]
