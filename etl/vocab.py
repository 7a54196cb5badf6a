"""Vocabulary shared by the ETL and the dashboard: themes, semesters, country groups (pure).

Facts about countries — how documents call them, what their subdivisions are called, their map
frames — are reference data for the whole world (`etl.reference`), re-exported here. Themes are read from section headers by evidence: the theme whose word stems
the header uses most; a header with no stem, or with stems of two themes equally, is `other`
(loaded, flagged, never dropped).
"""

from __future__ import annotations

from etl.dates import SEMESTERS
from etl.normalize import fold
from etl.reference import REFERENCE, Country, country_words, load_countries, partner_countries

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


__all__ = [
    "REFERENCE",
    "SEMESTERS",
    "THEMES",
    "Country",
    "country_words",
    "load_countries",
    "normalize_theme",
    "partner_countries",
]
