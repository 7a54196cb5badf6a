"""Places named by actor cells, resolved offline, precision first (pure given its tables).

`Resolver.resolve_actor("Tikhvine, région de Leningrad", "RU")` splits the cell into parts
(on , / ; « et » « and »), runs the rules of `etl.place_rules` on each part in order — reviewed
override, subdivision (region, oblast, prefecture, département), exact gazetteer name, a town
named inside a longer name, fuzzy match, opt-in online geocoder — and answers with:
- `places`: the places it accepts (each with its rule, score and evidence);
- `to_review`: candidates it does not accept for lack of evidence (a fuzzy match nothing
  corroborates, namesakes in several regions the text does not tell apart). They are shown on
  the data-quality page and never counted;
- `unresolved` / `organisations`: parts that name nothing it knows;
- `no_territory`: why the actor has no territory (an embassy service, "À définir").

Evidence means: the row's Région column, a subdivision or département named in the same cell
(by name or by number, "Saint-Louis (68)"), the partner country of the catalogue (candidates
are only ever taken from the side's country), and — after pairing — the other edition of the
same listing (`pairing`). Regions and subdivisions are drawn at their administrative seat
(Lyon for Auvergne-Rhône-Alpes, the oblast's capital), never at a label point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from etl.messages import Clause, clause
from etl.normalize import fold
from etl.place_lookup import (  # noqa: F401  (re-exported: the model and tables live in place_lookup)
    COMMON_DOMINANCE,
    DOMINANCE,
    FOREIGN,
    LARGE_NAMESAKE,
    LARGE_TOWN,
    NGRAM_MIN_POPULATION,
    ActorResolution,
    Department,
    Lookups,
    Override,
    Place,
    Region,
    load_departements,
    load_lower_units,
    load_namesakes,
    load_overrides,
    load_regions,
    load_sections,
    load_town_regions,
    load_world_regions,
    region_of_row,
    split_parts,
)
from etl.place_rules import Decision, Part, hints_of, region_named, resolve_part
from etl.reference import countries_in


class Resolver(Lookups):
    """Resolves actor cells to places by the rules of `etl.place_rules`; pure given its gazetteer,
    tables and geocoder (`Lookups`)."""

    def region_by_name(self, text: str, country: str = "FR") -> str | None:
        """The one subdivision a name designates: "Grand-Est", "Lorraine", "Région Occitanie"."""
        return region_named(self, text, country)

    def is_region_name(self, text: str, country: str = "FR") -> bool:
        return self.region_by_name(text, country) is not None

    def resolve_actor(
        self, actor: str, country: str, region_hint: str | None = None, guesses: bool = True
    ) -> ActorResolution:
        """Places named by an actor cell, on the side of `country` (FR or the partner's); memoised
        (pure given the tables: the same commune listed a hundred times is resolved once).
        `guesses=False`: no fuzzy match nor geocoder (a name read in running text).
        `region_hint`: the row's region for that side, as a code ("NG-OY") or as written ("Oyo
        State", "Land de Brandebourg"): see `hint_code`."""
        region_hint = self.hint_code(region_hint, country)
        key = (actor, country, region_hint, guesses)
        if key not in self._resolved:
            self._resolved[key] = self._resolve_actor(actor, country, region_hint, guesses)
        return self._resolved[key]

    def hint_code(self, hint: str | None, country: str) -> str | None:
        """The subdivision a region cell designates: a code of `country` as it is; a name read by
        the same grammar as an actor (no fuzzy match), when it designates exactly one subdivision;
        else None — a name two units bear as their own ("Minsk": the city and its oblast), a region
        the tables do not know ("Haute-Casamance", a province merged or split since) says nothing,
        it does not cast doubt on the place the cell names."""
        hint = (hint or "").strip()
        if not hint:
            return None
        if re.fullmatch(rf"{re.escape(country)}-[A-Z0-9]{{1,3}}", hint) or (country == "FR" and hint.startswith("FR-")):
            return hint
        if len(self.own_names(fold(hint), country)) > 1:
            return None  # "Minsk", "Zagreb": the city that is a unit of its own and the region around it
        found = self.resolve_actor(hint, country, None, guesses=False)
        return found.regions[0] if len(found.regions) == 1 else None

    def forget(self) -> None:
        """Drop the memoised resolutions (after the tables change, or to time resolution itself)."""
        self._resolved.clear()

    def _resolve_actor(
        self, actor: str, country: str, region_hint: str | None, guesses: bool = True
    ) -> ActorResolution:
        actor = actor.strip()
        if not actor:
            return ActorResolution()
        whole = self.override_for(actor, country)
        if whole and whole.match == "exact":
            if whole.action == "place":
                return ActorResolution(places=(self.override_place(whole, actor),))
            return ActorResolution(no_territory=whole.reason if whole.action == "no_territory" else None)
        parts = split_parts(actor)
        found = [hints_of(self, p, country) for p in parts]
        places: list[Place] = []
        review: list[Place] = []
        unresolved: list[str] = []
        organisations: list[str] = []
        reasons: list[str] = []
        for i, text in enumerate(parts):
            # evidence for a part: the row's region, its own qualifiers, the names of the other parts
            others = (h for j, (names, _) in enumerate(found) if j != i for h in names)
            hints = frozenset(filter(None, (region_hint, *found[i][1], *others)))
            part = Part.of(text, country, hints, region_hint)
            if part is None:
                continue
            decision = resolve_part(self, part, guesses)
            if (decision.unresolved or (decision.organisation and country != "FR")) and not decision.review:
                decision = self._in_brackets(text, country) or (guesses and self._at_start(text, country)) or decision
            places.extend(decision.places)
            review.extend(decision.review)
            if decision.no_territory:
                reasons.append(decision.no_territory)
            if decision.unresolved:
                unresolved.append(text)
            if decision.organisation:
                organisations.append(text)
        kept = _without_redundant_areas(places)
        accepted_ids = {p.place_id for p in kept}
        review = [p for p in dict((p.place_id, p) for p in review).values() if p.place_id not in accepted_ids]
        reason = None
        if not kept and whole is not None and whole.action == "no_territory":
            reason = whole.reason  # the reason that names the whole actor comes first
        elif not kept and reasons:
            reason = reasons[0]
        return ActorResolution(tuple(kept), tuple(unresolved), tuple(organisations), reason, tuple(review))

    def _in_brackets(self, text: str, country: str) -> Decision | None:
        """A name nothing reads, or a body abroad, followed by a place in brackets ("Commune de
        Kisenso (Kinshasa)", "Université du Yarmouk (Irbid)"): the named thing lies there, when the
        brackets name places of one unit with confidence (no guess) and nothing to review, and no
        country. (A French body stays one: "Lycée Montaigne (Bordeaux)" is no town's relation.)"""
        inside = re.findall(r"\(([^()]+)\)", text)
        head = re.sub(r"\([^()]*\)", " ", text).strip()
        if len(inside) != 1 or not head or countries_in(inside[0]):
            return None  # "Ville de Luang Prabang (Laos)": a country, said so elsewhere (another country's row)
        found = self.resolve_actor(inside[0], country, None, guesses=False)
        if len(found.regions) != 1 or found.to_review or found.unresolved:
            return None
        why = clause("named_in_brackets", name=head, place=inside[0].strip())
        return Decision(places=tuple(replace(p, clauses=(*p.clauses, why)) for p in found.places))

    def _at_start(self, text: str, country: str) -> Decision | None:
        """A cell in a script written without spaces (Chinese, Japanese, Korean) that begins with a
        place's name, followed by a body's short word or by a place of the same unit ("長野県飯田市":
        Nagano prefecture, then its city Iida; "경주시청": Gyeongju city hall): that place. The
        longest beginning read with confidence (no guess, nothing to review) is taken."""
        text = text.strip()
        if not _UNSPACED.fullmatch(text):
            return None
        finals = self._kind_signs(country)
        for end in range(min(len(text) - 1, _HEAD_SIGNS), 1, -1):  # bounded: a long cell costs no more
            head, rest = text[:end], text[end:]
            if head[-1] not in finals:
                continue  # "新竹" then "縣": the sign after a bare name is its kind (the county, not the city)
            found = self.resolve_actor(head, country, None, guesses=False)
            if len(found.regions) != 1 or found.to_review or found.unresolved:
                continue
            after = self.resolve_actor(rest, country, None, guesses=False).regions
            if (after and after != found.regions) or (not after and len(rest) > _BODY_CHARS):
                return None  # "大阪府京都市": two units; "…人民政府外事办公室": more than a body's word
            why = clause("named_at_start", name=text, place=head)
            return Decision(places=tuple(replace(p, clauses=(*p.clauses, why)) for p in found.places))
        return None

    def _kind_signs(self, country: str) -> frozenset[str]:
        """The signs that end the country's units' own names in its own script (県, 府, 市, 省, 도…):
        a name read at the start of a cell must end with one, its kind written."""
        names = (r.name_local for r in self.regions.values() if r.country == country)
        return frozenset(n[-1] for n in names if n and _UNSPACED.fullmatch(n))

    def confirm(self, resolution: ActorResolution, place_ids: Iterable[str], why: Clause) -> ActorResolution:
        """Accept the candidates to review that another reading (the other edition) confirms."""
        ids = set(place_ids)
        promoted = [
            replace(p, confident=True, clauses=(*p.clauses, why)) for p in resolution.to_review if p.place_id in ids
        ]
        if not promoted:
            return resolution
        return replace(
            resolution,
            places=tuple(_without_redundant_areas([*resolution.places, *promoted])),
            to_review=tuple(p for p in resolution.to_review if p.place_id not in ids),
            unresolved=(),
        )


# Han, kana and hangul, written without spaces between words; a body's word after a place's name
# ("政府", "市役所", "청") is at most three of their signs
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_BODY_CHARS = 3
_HEAD_SIGNS = 12  # the longest beginning tried (a prefecture's and a city's names together: "鹿児島県薩摩川内市" is 9)


def _without_redundant_areas(places: Iterable[Place]) -> list[Place]:
    """Unique places; a region or département adds nothing when a town of its region is named."""
    unique: dict[str, Place] = {}
    for p in places:
        unique.setdefault(p.place_id, p)
    town_regions = {p.region_code for p in unique.values() if p.kind in ("town", "site")}
    return [p for p in unique.values() if not (p.kind in ("region", "department") and p.region_code in town_regions)]
