"""The partner country of each listing, by evidence (pure given a `Resolver`).

In order:
1. the row's country cell, when the table has a country column ("Pays partenaire": a register
   listing many countries); a cell naming no known country, or several, is flagged;
2. the one country the file declares (its column header, title page or file name): kept when
   the row's partner resolves there, or names no place; a partner that resolves nowhere there
   but names another country ("Cercle de Yélimané (Mali)") or resolves in exactly one other
   country is flagged with both readings and left *unknown* — never silently relabelled;
3. several declared countries (a catalogue mixing them): the one whose places the partner cell
   names, else the one its text names (a country's word, then places in the title and
   description); none or several: unknown, flagged;
4. no declared country: a country the partner cell names, else the one country whose places it
   names (the world's gazetteer, then the resolver's rules in that country); else unknown,
   flagged with what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.parse import Issue, ParsedCatalogue, RawListing, countries_in
from etl.place_lookup import LARGE_TOWN
from etl.place_rules import Part, places_in_text
from etl.places import ActorResolution, Resolver, split_parts
from etl.reference import partner_countries


@dataclass(frozen=True)
class RowCountry:
    code: str | None
    basis: str  # column | header | title | file_name | places | text | actor | none
    partner: ActorResolution  # the partner cell resolved in that country (empty when unknown)
    issues: tuple[Issue, ...] = ()


def _found(resolution: ActorResolution) -> bool:
    return bool(resolution.places or resolution.to_review)


def resolving_elsewhere(actor: str, resolver: Resolver, skip: set[str]) -> list[str]:
    """Countries (other than `skip`) in which the partner cell resolves as a whole (`_whole`):
    candidates from the world's index of towns and from every country's subdivision names."""
    candidates: set[str] = set()
    for text in split_parts(actor):
        part = Part.of(text, "", frozenset())
        if part is None:
            continue
        for key in {*part.keys(), *_spans(part.tokens)}:
            candidates |= set(resolver.gazetteer.countries_naming(key))
            candidates |= set(resolver.countries_with_subdivision(key))
    out = []
    for country in sorted(candidates - skip - set(resolver.french)):
        if _whole(resolver.resolve_actor(actor, country)):
            out.append(country)
    return out


def _whole(resolution: ActorResolution) -> bool:
    """The cell resolves there as a whole: each of its parts is a place's or a subdivision's name
    (not a town found inside a longer name, nor a guess from a misspelling)."""
    return (
        bool(resolution.places)
        and not resolution.unresolved
        and all(p.resolver not in ("ngram", "fuzzy") for p in resolution.places)
    )


def _spans(tokens: tuple[str, ...], longest: int = 4) -> set[str]:
    return {" ".join(tokens[i : i + n]) for n in range(1, longest + 1) for i in range(len(tokens) - n + 1)}


def _issue(listing: RawListing, severity: str, key: str, **values) -> Issue:
    return Issue.of(listing.source_file, listing.source_line, severity, key, **values)


def _from_cell(listing: RawListing, parsed: ParsedCatalogue, resolver: Resolver) -> RowCountry | None:
    cell = listing.country_cell.strip()
    if not cell:
        return None
    named = countries_in(cell)
    if not named and len(cell) == 2 and cell.upper() in partner_countries():
        named = (cell.upper(),)
    if len(named) == 1:
        partner = resolver.resolve_actor(listing.partner_actor, named[0])
        kept = RowCountry(named[0], "column", partner)
        if partner.places or not listing.partner_actor or partner.no_territory:
            return kept
        if listing.country_filled and not _found(partner):
            return _filled_overruled(listing, named[0], resolver) or kept
        return _contradicted(listing, named[0], "column", resolver, reviewed=_found(partner), stated=True) or kept
    issue = _issue(listing, "warning", f"country_cell_unknown.{'several' if named else 'none'}", cell=cell)
    found = _decide(listing, parsed, resolver)
    return RowCountry(found.code, found.basis, found.partner, (issue, *found.issues))


def _filled_overruled(listing: RawListing, filled: str, resolver: Resolver) -> RowCountry | None:
    """An empty country cell read as the row above's, whose partner is no place of that country
    but names, or is a place of, other countries: the one other, flagged ("Ville de Sousse" under
    an Algerian row); several ("Ville d'Oran": Algeria's, or Argentina's Orán), unknown, flagged.
    None when the partner is a place of no country (the row above's stands)."""
    other = (set(countries_in(listing.partner_actor)) - {filled}) or set(
        resolving_elsewhere(listing.partner_actor, resolver, {filled}))  # fmt: skip
    if not other:
        return None
    values = {"filled": filled, "partner": listing.partner_actor, "other": ", ".join(sorted(other))}
    if len(other) > 1:
        issue = _issue(listing, "warning", "country_filled_overruled.several", **values)
        return RowCountry(None, "none", ActorResolution(), (issue,))
    code = other.pop()
    issue = _issue(listing, "warning", "country_filled_overruled", **values)
    return RowCountry(code, "places", resolver.resolve_actor(listing.partner_actor, code), (issue,))


def _one_declared(listing: RawListing, parsed: ParsedCatalogue, resolver: Resolver) -> RowCountry:
    country = parsed.partner_countries[0]
    partner = resolver.resolve_actor(listing.partner_actor, country)
    if not listing.partner_actor or partner.no_territory:
        return RowCountry(country, parsed.country_basis, partner)
    kept = RowCountry(country, parsed.country_basis, partner)
    if partner.places:
        return kept
    return _contradicted(listing, country, parsed.country_basis, resolver, reviewed=_found(partner)) or kept


def _contradicted(listing: RawListing, country: str, basis: str, resolver: Resolver,
                  reviewed: bool = False, stated: bool = False) -> RowCountry | None:  # fmt: skip
    """Unknown and flagged, with both readings, when the partner (no place of `country`) names
    another country ("Cercle de Yélimané (Mali)" in a Senegalese file; "Stadt Salzburg (Autriche)",
    whatever hamlet of the name the file's country has to review) or is a place of exactly one
    other; against a country the row itself `stated` (its cell), that place must be a unit or a
    city of LARGE_TOWN people ("Mairie de Bobo-Dioulasso" under "Bénin"; not a village of Illinois
    for "Commune de Sainte-Marie" under "Madagascar"). None when nothing says otherwise."""
    named = set(countries_in(listing.partner_actor))
    if len(named) == 1 and country not in named:
        issue = _issue(listing, "warning", "partner_country_conflict.named", country=country, basis=basis,
                       partner=listing.partner_actor, other=named.pop())  # fmt: skip
        return RowCountry(None, "none", ActorResolution(), (issue,))
    elsewhere = [] if reviewed else resolving_elsewhere(listing.partner_actor, resolver, {country})
    if len(elsewhere) != 1:
        return None
    if stated and not any(p.kind == "region" or (p.population or 0) >= LARGE_TOWN
                          for p in resolver.resolve_actor(listing.partner_actor, elsewhere[0]).places):  # fmt: skip
        return None
    issue = _issue(listing, "warning", "partner_country_conflict", country=country, basis=basis,
                   partner=listing.partner_actor, other=elsewhere[0])  # fmt: skip
    return RowCountry(None, "none", ActorResolution(), (issue,))


def _among(listing: RawListing, declared: tuple[str, ...], resolver: Resolver) -> tuple[str, str] | None:
    """(country, basis) of a row among several candidates, by the partner cell's places, then
    the countries its text names, then places its text names; None if none or several."""
    by_places = [c for c in declared if resolver.resolve_actor(listing.partner_actor, c).places]
    if len(by_places) == 1:
        return by_places[0], "places"
    if by_places:
        return None
    text = f"{listing.partner_actor}. {listing.title}. {listing.description}"
    named = [c for c in countries_in(text) if c in declared]
    if len(named) == 1:
        return named[0], "text"
    in_text = [c for c in declared if places_in_text(resolver, f"{listing.title}. {listing.description}", c)]
    return (in_text[0], "text") if len(in_text) == 1 else None


def _decide(listing: RawListing, parsed: ParsedCatalogue, resolver: Resolver) -> RowCountry:
    declared = parsed.partner_countries
    if len(declared) == 1:
        return _one_declared(listing, parsed, resolver)
    if declared:
        found = _among(listing, declared, resolver)
        if found:
            return RowCountry(found[0], found[1], resolver.resolve_actor(listing.partner_actor, found[0]))
        issue = _issue(listing, "warning", "partner_country_unknown.among", countries=", ".join(declared))
        return RowCountry(None, "none", ActorResolution(), (issue,))
    named = countries_in(listing.partner_actor)
    if len(named) == 1:
        return RowCountry(named[0], "actor", resolver.resolve_actor(listing.partner_actor, named[0]))
    elsewhere = resolving_elsewhere(listing.partner_actor, resolver, set()) if listing.partner_actor else []
    if len(elsewhere) == 1:
        country = elsewhere[0]
        issue = _issue(listing, "info", "partner_country_from_places", country=country, partner=listing.partner_actor)
        return RowCountry(country, "places", resolver.resolve_actor(listing.partner_actor, country), (issue,))
    issue = _issue(listing, "error", "partner_country_unknown.none")
    return RowCountry(None, "none", ActorResolution(), (issue,))


def row_country(listing: RawListing, parsed: ParsedCatalogue, resolver: Resolver) -> RowCountry:
    """The partner country of one listing, with the partner cell resolved there."""
    return _from_cell(listing, parsed, resolver) or _decide(listing, parsed, resolver)
