"""The evidence a place rule records (English, in `event_places.evidence`), said in French for the
French pages (pure). The evidence is a few clauses joined by "; ", each from a fixed template of
`etl/places.py` and `etl/place_rules.py`; a clause no template knows is shown as it is."""

from __future__ import annotations

import re
from collections.abc import Mapping

TEMPLATES = [  # (English clause, French), the clauses of etl/places.py and etl/place_rules.py
    (r"named as a subdivision", "nommé comme subdivision"),
    (r"named as a département", "nommé comme département"),
    (r"named as a French region", "nommé comme région française"),
    (r"a French region named in the actor", "une région française nommée dans l'acteur"),
    (r"département of the region the row names", "département de la région que nomme la ligne"),
    (r"the subdivision's own name", "le nom propre de la subdivision"),
    (r"the name fits (?P<n>\d+) subdivisions", "le nom convient à {n} subdivisions"),
    (r"named in the text", "nommé dans le texte"),
    (r"in (?P<r>[A-Z0-9-]+), as the row or the cell says", "en {r}, comme le disent la ligne ou la cellule"),
    (r"only an alternate name of (?P<n>.+) \(population (?P<p>\d+)\): to review",
     "seulement un autre nom de {n} (population {p}) : à vérifier"),
    (r"the only place of that name", "le seul lieu de ce nom"),
    (r"every place of that name is in one region", "tous les lieux de ce nom sont dans une même région"),
    (r"the largest of (?P<n>\d+) places of that name \((?P<r>\d+)× the next\)",
     "le plus peuplé des {n} lieux de ce nom ({r}× le suivant)"),
    (r"(?P<n>\d+) places of that name in (?P<r>.+): the text does not say which",
     "{n} lieux de ce nom ({r}) : le texte ne dit pas lequel"),
    (r"spelling (?P<s>\d+)% like (?P<m>.+)", "graphie proche à {s}\u202f% de {m}"),
    (r"its region is named in the row or the cell", "sa région est nommée dans la ligne ou la cellule"),
    (r"nothing else names its region: to review", "rien d'autre ne nomme sa région : à vérifier"),
    (r"nothing else names its region", "rien d'autre ne nomme sa région"),
    (r"online answer", "réponse d'un service en ligne"),
    (r"confirmed: the other edition of this listing names it", "confirmé : l'autre édition de cet événement le nomme"),
    (r"confirmed: the listing at (?P<at>.+)", "confirmé : l'événement en {at}"),
    (r"reviewed override: (?P<why>.+)", "correction relue : {why}"),
]  # fmt: skip
_COMPILED = [(re.compile(f"^{pattern}$"), french) for pattern, french in TEMPLATES]


def clause_fr(clause: str, reasons: Mapping[str, str] | None = None) -> str | None:
    """One clause in French, or None when no template knows it."""
    for pattern, french in _COMPILED:
        m = pattern.match(clause)
        if m:
            values = m.groupdict()
            if "why" in values:
                values["why"] = (reasons or {}).get(values["why"], values["why"])
            return french.format(**values)
    return None


def evidence_fr(text: str | None, reasons: Mapping[str, str] | None = None) -> str:
    """The evidence in French, clause by clause (an unknown clause stays as it is); `reasons`:
    the French of the reviewed overrides' reasons."""
    if not text:
        return ""
    head, sep, confirmed = text.partition("; confirmed: ")
    tail = [clause_fr("confirmed: " + confirmed, reasons) or "confirmed: " + confirmed] if sep else []
    if head.startswith("reviewed override: "):  # a reviewed reason may itself hold "; "
        return " ; ".join([clause_fr(head, reasons) or head, *tail])
    return " ; ".join([*(clause_fr(c, reasons) or c for c in head.split("; ")), *tail])
