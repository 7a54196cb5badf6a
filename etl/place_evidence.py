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
    (r"(?P<n>.+) is a quarter of a town, not a town: to review", "{n} est un quartier d'une ville, pas une ville : à vérifier"),
    (r"(?P<n>\d+) towns of that name, (?P<o>.+) also large: the text does not say which",
     "{n} villes de ce nom, dont {o}, elle aussi grande : le texte ne dit pas laquelle"),
    (r"may be short for (?P<o>.+): the text does not say which", "peut-être l'abrégé de {o} : le texte ne dit pas lequel"),
    (r"short for (?P<o>.+), and (?P<n>\d+) places bear it: the text does not say which",
     "abrégé de {o}, que portent {n} lieux : le texte ne dit pas lequel"),
    (r"(?P<o>.+) \((?P<p>\d+)\) is a far smaller namesake of a town abroad: to review",
     "{o} ({p} hab.) est un homonyme bien plus petit d'une ville étrangère : à vérifier"),
    (r"also the name of the subdivision (?P<r>[A-Z0-9-]+): the text does not say which",
     "aussi le nom de la subdivision {r} : le texte ne dit pas laquelle"),
    (r"a city of (?P<p>[\d,]+) and no other close name", "une ville de {p} habitants, sans autre nom proche"),
    (r"a subdivision's name ends the actor", "le nom d'une subdivision termine l'acteur"),
    (r"a common name: (?P<n>\d+) regions have a town of that name, the largest (?P<r>\d+)× the next: the text does not say which",
     "un nom courant : {n} régions ont une ville de ce nom, la plus peuplée {r}× la suivante : le texte ne dit pas laquelle"),
    (r"written as a (?P<k>.+) but (?P<c>[A-Z0-9-]+) is a (?P<u>.+): to review", "écrit comme « {k} » mais {c} est de type « {u} » : à vérifier"),
    (r"the text names another country, (?P<c>[A-Z]{2}): to review", "le texte nomme un autre pays, {c} : à vérifier"),
    (r"the row's column says (?P<r>[A-Z0-9-]+): to review", "la colonne de la ligne dit {r} : à vérifier"),
    (r"written as a subdivision, which no subdivision's name matches: to review",
     "écrit comme une subdivision, mais aucun nom de subdivision ne correspond : à vérifier"),
    (r"(?P<o>.+) \((?P<r>[A-Z0-9-]+), (?P<p>\d+) people\) bears that name too, (?P<x>\d+)× smaller: the text does not say which",
     "{o} ({r}, {p} hab.) porte ce nom aussi, {x}× moins peuplé : le texte ne dit pas lequel"),
    (r"within (?P<k>\d+) km of the city that is the unit (?P<r>[A-Z0-9-]+): inside it or not, the text does not say",
     "à moins de {k} km de la ville qui forme l'unité {r} : dedans ou non, le texte ne le dit pas"),
    (r"the listing's actor is that place", "l'acteur de l'événement est ce lieu"),
]  # fmt: skip
_COMPILED = [(re.compile(f"^{pattern}$"), french) for pattern, french in TEMPLATES]


def clause_fr(clause: str, reasons: Mapping[str, str] | None = None) -> str | None:
    """One clause in French, or None when no template knows it."""
    for pattern, french in _COMPILED:
        m = pattern.match(clause)
        if m:
            values = {k: v.replace(",", "\u202f") if k == "p" else v for k, v in m.groupdict().items()}
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
