"""Relations stated in the documents: the statements of `etl.relation_grammar` given their two
places (pure given a Resolver).

Precision first:
- an end is a name of the clause that resolves on exactly one side (France, or the partner
  country); a name both sides know is the side whose actor cell holds it, else it is ambiguous;
- a pair named by the pattern ("entre X et Y") is the relation; otherwise one French end with
  each partner end, one partner end with each French end, or as many of each paired in order;
  any other mix is left to review;
- in a listing, a clause naming one end takes the other from the listing's actor on the other
  side, and a clause naming none takes both actors only when its words refer to them ("du
  jumelage", "les deux villes"); a report's clause must name both;
- an end only a candidate to review makes the relation one to review: kept, never counted;
- an end may be in another country than the document's: a name followed by its country
  ("Yokosuka (Japan)"), or a name no place in France or that country bears and a whole place's
  name in exactly one other country, when a subdivision or a city of 100,000 (`_elsewhere`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from etl.countries import resolving_elsewhere
from etl.messages import Clause, clause
from etl.normalize import fold
from etl.place_rules import FEATURE_WORDS
from etl.places import Place, Resolver
from etl.reference import countries_in, french_country_words
from etl.relation_grammar import KIND_RANK, OF_HEADS, Name, Rejected, Statement, read_statements

PLANNED_KIND = {"twinning": "planned_twinning", "cooperation_agreement": "planned_agreement"}
CONFIDENCE = {"named_pair": 0.95, "named": 0.9, "named_fr+row_partner": 0.8, "named_partner+row_fr": 0.8,
              "row_actors": 0.7}  # fmt: skip


@dataclass(frozen=True)
class Actors:
    """What a listing says of its two sides: the cells and their accepted places."""

    fr_actor: str = ""
    partner_actor: str = ""
    fr_places: tuple[Place, ...] = ()
    partner_places: tuple[Place, ...] = ()


@dataclass(frozen=True)
class Relation:
    kind: str  # twinning | cooperation_agreement | partnership | planned_twinning | planned_agreement
    fr_name: str  # the end as written (a name of the clause, or the actor cell)
    partner_name: str
    fr_place: Place | None
    partner_place: Place | None
    partner_country: str
    since_year: int | None
    since_words: str
    since_stated: bool  # the text names the year (else counted from the year it was written)
    status: str | None
    status_words: str
    evidence: str  # the clause, as written
    trigger: str
    rule: str  # named_pair | named | named_fr+row_partner | named_partner+row_fr | row_actors
    confidence: float
    accepted: bool  # False: an end is only a candidate to review
    review_note: tuple[Clause, ...] = ()  # why an end is uncertain
    uncertain: tuple[str, ...] = ()  # the ends ("fr", "partner") that are only a candidate


_HEADS = frozenset(
    "ville villes city cities commune town municipalite municipality metropole metropolis metropolitan agglomeration "
    "communaute urbaine urban community district region regional province prefecture oblast departement department "
    "departemental state etat government gouvernement land county comte of the de du des la le les l d".split()
)


_LINKS = frozenset("of the de du des la le les l d".split())


def _core(text: str) -> str:
    """A name without the words saying what kind of place it is, before it ("Ville de", "State of
    the") or after it ("Lyon Metropolis"); "La Rochelle" keeps its article."""
    words = fold(text).split()
    start = 0
    while start < len(words) and words[start] in _HEADS and (words[start] not in _LINKS or start > 0):
        start += 1
    end = len(words)
    while end > start and words[end - 1] in _HEADS and words[end - 1] not in _LINKS:
        end -= 1
    return " ".join(words[start:end] or words)


@dataclass(frozen=True)
class _End:
    name: str
    place: Place | None
    review: Place | None
    since: int | None = None  # a year the text says of this end alone
    start: int = -1  # where its name starts in the sentence (tokens); -1: an actor cell


def _side(name: Name, resolver: Resolver, country: str, actors: Actors) -> tuple[str, _End] | None:
    """Which side a name is on, with its place; None when it is on neither, or on both and no
    actor cell says which. An accepted place on one side wins over a candidate on the other."""
    accepted, review = {}, {}
    whole = _core(name.text)
    asked = f"{name.text} ({name.qualifier})" if name.qualifier else name.text
    named = _named_country(name.where)
    # "Saint-Pierre (La Réunion)", "Le Port, à La Réunion": a French department, on the French side
    overseas = _named_country(name.where or name.qualifier, french_country_words()) not in (None, "FR")
    if named and named != country and not overseas:  # "Yokosuka (Japan)" in a document about the United States
        if named == "FR":
            return None
        return _side(Name(name.text, name.start, article=name.article, since=name.since, where=name.where),
                     resolver, named, actors)  # fmt: skip
    if overseas:
        sides: tuple = (("fr", "FR"),)
    elif named or _unit_after(name, resolver, country):
        sides = (("partner", country),)
    else:
        sides = (("fr", "FR"), ("partner", country))
    for side, code in sides:
        if not code or (side == "partner" and code == "FR"):
            continue
        r = resolver.resolve_actor(asked, code, guesses=False)
        if not r.places and _unit_words(name):  # "Alexandria, Virginia": the state says which
            r = resolver.resolve_actor(f"{name.text} ({_unit_words(name)})", code, guesses=False)
        places = [p for p in r.places if _core(p.matched) == whole]  # never a town inside a longer name
        candidates = [p for p in r.to_review if _core(p.matched) == whole]
        if candidates and not places:  # "Francfort, sa ville jumelle" in a row of Frankfurt (Oder)
            places = _settled_by_row(asked, resolver, code, actors.fr_places if side == "fr" else actors.partner_places)
        if candidates and not places:
            places = _without_head(name.text, resolver, code, candidates[0])
        if places:
            accepted[side] = _End(name.text, places[0], None, name.since, name.start)
        elif candidates:
            review[side] = _End(name.text, None, candidates[0], name.since, name.start)
    found = accepted or review
    if len(found) == 2:
        return _one_side(whole, accepted, found, actors)
    return next(iter(found.items()), None)


def _without_head(text: str, resolver: Resolver, code: str, candidate: Place) -> list[Place]:
    """ "the Department of Bignona" (Senegal's departments are no first-level units: to review as
    written): the place its name alone is, when it lies in the unit the candidate does — the head
    only said what kind of place it is. Never the name alone otherwise ("the Department of
    Antioquia" is the department, not the town also called Antioquia)."""
    m = re.match(r"^(\w+) of (?:the )?(.+)$", text)
    if not m or fold(m.group(1)) not in OF_HEADS or candidate.region_code is None:
        return []
    return [p for p in resolver.resolve_actor(m.group(2), code, guesses=False).places
            if p.region_code == candidate.region_code]  # fmt: skip


def _unit_after(name: Name, resolver: Resolver, country: str) -> bool:
    """The name is followed, after a comma, by a unit of the partner country that France has not
    ("Paris, Texas", "Charlotte, North Carolina"): it is the partner's place, whatever French town
    bears its name. A town after the comma says nothing (a list: "Kiel, Plymouth"; "Laval, Quebec"
    stays open: "Quebec" reads as the city)."""
    after = _unit_words(name)
    if not after or country == "FR":
        return False
    here = resolver.resolve_actor(after, country, guesses=False)
    return (bool(here.places) and all(p.kind == "region" for p in here.places)
            and not resolver.resolve_actor(after, "FR", guesses=False).places)  # fmt: skip


def _unit_words(name: Name) -> str:
    """What may say a name's unit after it: the name after a comma ("Paris, Texas"), or the words
    after "en"/"in" that name no country ("Alexandria, en Virginie")."""
    return name.comma_next or ("" if _named_country(name.where) else name.where)


def _settled_by_row(asked: str, resolver: Resolver, code: str, row_places: Sequence[Place]) -> list[Place]:
    """A name the text leaves open, read again in the subdivision of the row's own place on that
    side: kept only when it is then that very place (the row says which Francfort)."""
    for row_place in row_places:
        if row_place.region_code and row_place.kind in ("town", "site"):
            again = resolver.resolve_actor(asked, code, row_place.region_code, guesses=False)
            settled = [p for p in again.places if p.place_id == row_place.place_id]
            if settled:
                return [replace(settled[0], clauses=(*settled[0].clauses, clause("actor_is_place")))]
    return []


def _one_side(whole: str, accepted: dict, found: dict, actors: Actors) -> tuple[str, _End] | None:
    """A name both sides know: the side of a place ten times larger (Montréal in Québec, not
    Montréal in Aude; Lille, not Lille in Belgium), else of the actor cell that holds it, else the
    side where it is the place's own name ("Porto" is Porto's, and one of Bordeaux's other names)."""
    if len(accepted) == 2:
        big = {side: end.place.population or 0 for side, end in accepted.items()}
        for side, other in (("fr", "partner"), ("partner", "fr")):
            if big[side] >= 10 * max(big[other], 1):
                return side, accepted[side]
    holders = [s for s, cell in (("fr", actors.fr_actor), ("partner", actors.partner_actor))
               if fold(whole) in fold(cell)]  # fmt: skip
    if len(holders) == 1:
        return holders[0], found[holders[0]]
    own = [side for side, end in accepted.items() if _core(end.place.name) == whole]
    if len(accepted) == 2 and len(own) == 1 and not holders:
        return own[0], accepted[own[0]]
    return None


def _named_country(words: str, names: Mapping[str, str] | None = None) -> str | None:
    """The country words after a name are, when they are only a country's name ("Japan", "au
    Burkina Faso", "Sénégal"; of `names`' countries, when given)."""
    found = countries_in(words, names) if words else ()
    if len(found) != 1 or len(fold(words).split()) > 4:
        return None
    return found[0]


def _with_article(name: Name, resolver: Resolver, country: str, actors: Actors) -> tuple[str, _End] | None:
    """ "partenaire historique du Havre": the article the contraction holds ("Le Havre")."""
    if not name.article:
        return None
    return _side(Name(f"{name.article} {name.text}", name.start, name.qualifier), resolver, country, actors)


def _without_first(name: Name, resolver: Resolver, country: str, actors: Actors) -> tuple[str, _End] | None:
    """ "Because Blois is twinned …": a sentence's first word is capitalised, not a name's."""
    words = name.text.split()
    if name.start != 0 or len(words) < 2:
        return None
    return _side(Name(" ".join(words[1:]), name.start + 1, name.qualifier), resolver, country, actors)


ELSEWHERE_POPULATION = 100_000  # a town abroad named alone is taken in the one country it is in only when this large


def _elsewhere(name: Name, resolver: Resolver, country: str, actors: Actors) -> tuple[str, _End] | None:
    """ "Toulouse … also signed an agreement with Hanoi" in a report about China: a name that is
    no place in France nor in the document's country, and a whole place's name in exactly one
    other country, is that place when it is a subdivision or a city of 100,000 people; never a
    word that opens a sentence or a phrase ("Young players …"), a common noun ("Region") or an
    acronym ("PEG" is also Perugia's airport)."""
    words = fold(name.text).split()
    if name.opening or len(name.text) < 3 or set(words) <= _HEADS or name.text.isupper():  # "PEG": an acronym
        return None
    found = _dominant(name.text, resolver, resolving_elsewhere(name.text, resolver, {"FR", country}))
    if len(found) != 1:
        return None
    hit = _side(Name(name.text, name.start, article=name.article, since=name.since), resolver, found[0], actors)
    if hit is None or hit[0] != "partner" or hit[1].place is None:
        return None
    place = hit[1].place
    return hit if place.kind == "region" or (place.population or 0) >= ELSEWHERE_POPULATION else None


ABROAD_DOMINANCE = 20  # a town abroad named like towns of other countries is meant when this many times larger


def _dominant(text: str, resolver: Resolver, countries: list[str]) -> list[str]:
    """Of several countries where a name is a whole town's, the one whose town is ≥ ABROAD_DOMINANCE×
    every other's ("Los Angeles": 3.9 million, against Chile's Los Ángeles, 125,000); all of them
    otherwise, or when one reads it as a subdivision."""
    if len(countries) < 2:
        return countries
    sizes = {}
    for c in countries:
        places = resolver.resolve_actor(text, c, guesses=False).places
        if not places or any(p.kind != "town" for p in places):
            return countries
        sizes[c] = max(p.population or 0 for p in places)
    top = max(sizes, key=lambda c: sizes[c])
    others = [n for c, n in sizes.items() if c != top]
    return [top] if all(sizes[top] >= ABROAD_DOMINANCE * max(n, 1) for n in others) else countries


def _actor_end(name: str, places: Sequence[Place]) -> list[_End]:
    return [_End(name, p, None) for p in places]


def _pairs(fr: list[_End], partner: list[_End]) -> list[tuple[_End, _End]] | None:
    if len(fr) == 1:
        return [(fr[0], p) for p in partner]
    if len(partner) == 1:
        return [(f, partner[0]) for f in fr]
    if len(fr) == len(partner):
        return list(zip(fr, partner, strict=True))
    return None


def _sides(names: Iterable[Name], resolver: Resolver, country: str, actors: Actors) -> dict[str, list[_End]]:
    sides: dict[str, list[_End]] = {"fr": [], "partner": []}
    seen: set[str] = set()
    for name in names:
        for side, end in filter(None, _placed(name, resolver, country, actors)):
            place = end.place or end.review
            last = (sides[side][-1].place or sides[side][-1].review) if sides[side] else None
            qualifier = name.after_comma and (
                place.kind == "region" or resolver.is_region_name(name.text, place.country)
            )
            if qualifier or (place.kind == "region" and last is not None and last.region_code == place.region_code):
                continue  # "Dallas, Texas", "Gaspé, Québec": the state says where the town is, it is no second end
            if place.place_id not in seen:
                seen.add(place.place_id)
                sides[side].append(end)
    return sides


def _placed(name: Name, resolver: Resolver, country: str, actors: Actors) -> list:
    """(side, end) of a name, read whole, then as its parts; [None] when it is no place known."""
    found = [_side(name, resolver, country, actors) or _with_article(name, resolver, country, actors)
             or _without_first(name, resolver, country, actors)]  # fmt: skip
    if found[0] is None:
        found = _hyphen_pair(name, resolver, country, actors) or [_tail(name, resolver, country, actors)]
    if found[0] is None:
        found = [_head_words(name, resolver, country, actors)]
    if found[0] is None:
        found = [_elsewhere(name, resolver, country, actors)]
    return found


def _unknown_object(s: Statement, resolver: Resolver, country: str, actors: Actors) -> bool:
    """ "… signed a cooperation agreement with the Capitale-Nationale region": the trigger names
    its object, a place head says it is one, and no place is known by that name — the end is
    named but unknown, not a name borrowed from an earlier clause."""
    return any(_placed(n, resolver, country, actors) == [None] for n in s.objects)


def _tail(name: Name, resolver: Resolver, country: str, actors: Actors) -> tuple[str, _End] | None:
    """ "Association Comté-Baltique-Amour de Besançon": a body named after its place, read as that
    place, when the whole name is none — not a feature named after it ("Strait of Bonifacio")."""
    words = name.text.split()
    at = max((k for k, w in enumerate(words[:-1]) if fold(w) in {"de", "du", "des", "d", "of"}), default=None)
    if at is None or at == 0 or set(fold(words[at - 1]).split()) & FEATURE_WORDS:
        return None
    return _side(Name(" ".join(words[at + 1 :]), name.start, name.qualifier), resolver, country, actors)


def _head_words(name: Name, resolver: Resolver, country: str, actors: Actors) -> tuple[str, _End] | None:
    """ "Béziers Réalisation d'un cycle": a name run into the next sentence's first word (a
    missing full stop), read as its longest first words that are a place."""
    words = name.text.split()
    for k in range(len(words) - 1, 0, -1):
        found = _side(Name(" ".join(words[:k]), name.start, name.qualifier), resolver, country, actors)
        if found:
            return found
    return None


def _hyphen_pair(name: Name, resolver: Resolver, country: str, actors: Actors) -> list:
    """ "Dijon-Volgograd": two names on two sides joined by a hyphen, when the whole is no place."""
    parts = name.text.split("-")
    for k in range(1, len(parts)):
        left = _side(Name("-".join(parts[:k]), name.start), resolver, country, actors)
        right = _side(Name("-".join(parts[k:]), name.start + 1), resolver, country, actors)
        if left and right and left[0] != right[0]:
            return [left, right]
    return []


def _nearest_on(names: Iterable[Name], side: str, resolver: Resolver, country: str, actors: Actors) -> list[_End]:
    for name in names:
        found = _side(name, resolver, country, actors)
        if found and found[0] == side:
            return [found[1]]
    return []


def _as_actor(ends: list[_End], places: Sequence[Place]) -> list[_End]:
    """A town named like the subdivision the listing's actor is ("Montpellier et Kalouga" in a
    listing of the Région de Kalouga) is that subdivision, as the actor cell says."""
    out = []
    for end in ends:
        town = end.place
        said_town = bool({"ville", "villes", "city", "town", "commune", "municipalite"} & set(fold(end.name).split()))
        same = [p for p in places if town is not None and town.kind != "region" and p.kind == "region" and not said_town
                and p.region_code == town.region_code and fold(end.name) in fold(f"{p.name} {p.matched}")]  # fmt: skip
        if end.place is None and end.review is not None:  # "Rochester" of the row "City of Rochester (NY)"
            same = [p for p in places if _core(end.name) in (_core(p.name), _core(p.matched))]
        out.append(_End(end.name, same[0], None, end.since, end.start) if len(same) == 1 else end)
    return out


def _ends(s: Statement, resolver: Resolver, country: str, actors: Actors | None) -> tuple[list, str] | None:
    """The (French end, partner end) pairs of a statement and the rule that found them: its
    names, else a name earlier in the sentence (the subject of "…, mais un accord a été signé"),
    else the listing's actors."""
    cells = actors or Actors()
    if s.pair:
        both = _sides(s.pair, resolver, country, cells)
        if len(both["fr"]) == 1 and len(both["partner"]) == 1:
            return [(both["fr"][0], _as_actor(both["partner"], cells.partner_places)[0])], "named_pair"
    if s.pair_only:
        return None
    sides = _sides(s.names, resolver, country, cells)
    fr = _as_actor(sides["fr"], cells.fr_places)
    partner = _as_actor(sides["partner"], cells.partner_places)
    if s.designates and actors and actors.partner_places:  # "Nantes's Japanese twin city will present Sado"
        partner = _actor_end(actors.partner_actor, actors.partner_places)
    if (fr or partner) and not (fr and partner) and _unknown_object(s, resolver, country, cells):
        return None
    if fr or partner:
        fr = fr or _nearest_on((*s.farther, *s.later), "fr", resolver, country, cells)
        partner = partner or _nearest_on((*s.farther, *s.later), "partner", resolver, country, cells)
    elif not ((s.refers or s.refers_sentence) and actors):  # the actors, when referred to, before an earlier name
        fr = _nearest_on((*s.farther, *s.later), "fr", resolver, country, cells)
        partner = _nearest_on((*s.farther, *s.later), "partner", resolver, country, cells) if fr else []
    if fr and partner:
        pairs = _with_subject(_pairs(fr, partner), s.at)
        return (pairs, "named") if pairs else None
    if actors is None:
        return None
    if fr and actors.partner_places:
        return _pairs(fr, _actor_end(actors.partner_actor, actors.partner_places)), "named_fr+row_partner"
    if partner and actors.fr_places:
        return _pairs(_actor_end(actors.fr_actor, actors.fr_places[:1]), partner), "named_partner+row_fr"
    if not fr and not partner and (s.refers or s.refers_sentence) and actors.fr_places and actors.partner_places:
        ends = _pairs(_actor_end(actors.fr_actor, actors.fr_places[:1]),
                      _actor_end(actors.partner_actor, actors.partner_places))  # fmt: skip
        return ends, "row_actors"
    return None


def _with_subject(pairs: list[tuple[_End, _End]] | None, at: int) -> list[tuple[_End, _End]] | None:
    """ "Florence, twinned with Reims … and with Kyoto": the subject before the relation word
    is one end of each pair; two of its objects are no pair (Reims and Kyoto)."""
    if not pairs or at < 0:
        return pairs
    ends = [e for pair in pairs for e in pair]
    if not (any(0 <= e.start < at for e in ends) and any(e.start > at for e in ends)):
        return pairs
    return [pair for pair in pairs if any(0 <= e.start < at for e in pair)] or None


def relations_of(
    statements: Iterable[Statement], resolver: Resolver, country: str, actors: Actors | None = None
) -> list[Relation]:
    """The relations the statements make, one per statement and pair of places (a text may state
    one relation twice, with different years: `etl.reviewed` flags it)."""
    out: list[Relation] = []
    for s in statements:
        found = _ends(s, resolver, country, actors)
        if not found or not found[0]:
            continue
        pairs, rule = found
        if s.status == "planned" and s.kind not in PLANNED_KIND:
            continue  # a wish of partnership is not one ("souhaite développer un partenariat")
        for f, p in pairs:
            accepted = f.place is not None and p.place is not None
            fr_place, partner_place = f.place or f.review, p.place or p.review
            note = tuple(clause("end_might_be", name=e.name, place=e.review.name, region=e.review.region_code,
                                evidence=e.review.clauses) for e in (f, p) if e.review)  # fmt: skip
            kind = PLANNED_KIND.get(s.kind, s.kind) if s.status == "planned" else s.kind
            own = p.since if p.since is not None and s.status != "planned" and not s.suspended else None
            since, words, stated = (own, str(own), True) if own else (s.since_year, s.since_words, s.since_stated)
            if own is None and f.since is None and any(q.since is not None for _, q in pairs if q.start != p.start):
                since, words, stated = None, "", False  # the clause's year is another end's ("… et l'est avec Kiel")
            relation = Relation(kind, f.name, p.name, fr_place, partner_place, partner_place.country, since, words,
                                stated, s.status, s.status_words, s.clause, s.trigger, rule, CONFIDENCE[rule], accepted,
                                note, tuple(side for side, e in (("fr", f), ("partner", p)) if e.place is None))  # fmt: skip
            out.append(relation)
    return out


def best_per_pair(relations: Iterable[Relation]) -> list[Relation]:
    """One relation per pair of places: the strongest kind, a named year first."""
    best: dict[tuple[str, str], Relation] = {}
    for r in relations:
        key = (r.fr_place.place_id, r.partner_place.place_id)
        if key not in best or rank(r) < rank(best[key]):
            best[key] = r
    return list(best.values())


def rank(r: Relation) -> tuple:
    base = {"planned_twinning": "twinning", "planned_agreement": "cooperation_agreement"}.get(r.kind, r.kind)
    return (KIND_RANK.get(base, 3), r.since_year is None, not r.since_stated, -r.confidence)


def read_relations(
    text: str, resolver: Resolver, country: str, written_year: int | None, actors: Actors | None = None,
    programme: bool = False,
) -> tuple[list[Relation], list[Rejected]]:  # fmt: skip
    """The relations a text states (a listing's title and description with its actors, or a
    report's paragraph), and the relation words that state none."""
    statements, rejected = read_statements(text, written_year, programme)
    return relations_of(statements, resolver, country, actors), rejected
