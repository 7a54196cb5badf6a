"""How documents name a country, in French and English (pure).

From a country's names and adjectives (demonyms, masculine and feminine, as `world-countries`
gives them): the names, every form of the adjective (French plurals by the grammar: -s, -x and
-z unchanged, -al → -aux, else +s; English +s), and the compounds a bilateral document uses
("franco-chinoise", "Franco-German"). Words are folded (`etl.normalize.fold`), so accents,
case and hyphens do not matter. A word two countries share ("congolais": both Congos;
"coréen": both Koreas) names neither and is dropped (`unique_words`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from etl.normalize import fold


def french_plural(word: str) -> str:
    """Plural of a French adjective or noun: "chinois" → "chinois", "libyen" → "libyens"."""
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def english_plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x", "z", "ese")):
        return word  # "Chinese", "Swiss", "Polish", "Dutch": the same as a plural adjective
    return word + "s"


def adjective_forms(masculine: str, feminine: str, language: str) -> list[str]:
    """Every form of an adjective: French m, f, m pl, f pl; English the word and its plural."""
    forms = [masculine, feminine]
    plural = french_plural if language == "fr" else english_plural
    forms += [plural(w) for w in (masculine, feminine) if w]
    return [w.lower() for w in dict.fromkeys(f for f in forms if f)]


def compounds(adjectives: Iterable[str]) -> list[str]:
    """ "franco-" + each adjective ("franco-chinoise", "franco-german"); a hyphenated adjective
    also by its last part ("sud-coréen" → "franco-coréen")."""
    out = []
    for adj in adjectives:
        out.append(f"franco-{adj}")
        parts = re.split(r"[- ]", adj)
        if len(parts) > 1:
            out.append(f"franco-{parts[-1]}")
    return out


_CODE = re.compile(r"^[A-Z]{2,3}$")


def country_words(names: Iterable[str], adjectives_fr: tuple[str, str], adjectives_en: tuple[str, str]) -> list[str]:
    """Folded words of one country: its names, its adjectives' forms, their franco- compounds."""
    fr = adjective_forms(*adjectives_fr, "fr")
    en = adjective_forms(*adjectives_en, "en")
    raw = [n for n in names if n and not _CODE.match(n)] + fr + en + compounds(fr) + compounds(en)
    return [w for w in dict.fromkeys(fold(x) for x in raw) if len(w) >= 3]


def unique_words(words_by_country: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Each country's words without those another country also uses."""
    counts = Counter(w for words in words_by_country.values() for w in set(words))
    return {code: [w for w in words if counts[w] == 1] for code, words in words_by_country.items()}
