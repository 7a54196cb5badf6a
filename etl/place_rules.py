"""The rules of the place resolver, tried in order on each part of an actor cell (pure).

Each rule takes the resolver (its tables) and a `Part` and returns a `Decision` — places it
accepts, candidates it leaves to review — or None when it does not apply; the first rule that
decides wins. French side: override → French region → département → exact town → a French
region named inside the part → a town named inside the part → fuzzy → geocoder. Partner side:
override → subdivision written as one ("région de X", "X Oblast", "静岡県") → exact town →
a bare subdivision name → a town named inside the part → fuzzy → geocoder.

Grammar, not cases:
- a French region's name (today's or a former one: Lorraine, Picardie) is the region, never a
  namesake village; inside a compound name ("Champagne-sur-Seine", "Aix-en-Provence") it is not;
- a bare département name with namesake towns in other regions ("Vienne") needs evidence;
- a town named inside a longer text must be written as a proper noun ("Tours", not "tours");
- namesakes and alternate names follow `Resolver.choose`; a fuzzy match or an online answer
  is accepted only when the row or the cell names its region.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from etl.normalize import fold_token
from etl.places import NGRAM_MIN_POPULATION, Place, Resolver

_STOPWORDS = set(
    """de du des d la le les l et and of the in a au aux en sur sous son sa ses a travers
    ville town city commune region regional oblast republique republic krai territory
    universite university universites institut institute etat state musee museum centre center
    conseil council departement department metropole autres others etc francais francaise
    french russe russes russian japonais japonaise japanese ministere ministry federation chambre
    commerce international internationale nationale national ecole school academie academy sciences
    technique technologie partenaires partners comite garde cadre noir grand nord sud est ouest
    saint sainte prefecture gouvernement government administration mairie""".split()
)
_SAINTS = {"saint", "sainte"}  # start a name ("saint petersbourg") but are none alone
_ARTICLES = {"la", "le", "les", "l"}  # may open a name of several words ("La Rochelle")
_COMPOUND_LINKS = {"en", "in", "sur", "sous", "les", "le", "la", "de", "du", "des", "lez"}
# Parts made only of these words carry no name ("et autres", "écoles etc.").
_FILLER = set(
    """de du des d la le les l et and of the autres others etc universites universities ecoles
    schools partenaires partners francais french""".split()
)
_PREFIXES = re.compile(
    r"^(?:(?:la |the |l )?(?:ville|commune|city|town|municipality|mairie|hotel de ville|universite|university"
    r"|musee|museum|institut|institute|conseil|council|metropole|eurometropole|agglomeration"
    r"|communaute (?:urbaine|d agglomeration|de communes)|administration(?: de la ville)?|gouvernement"
    r"|prefecture|city hall)(?: (?:de la|de l|de|d|du|des|of the|of))? )+"
)
_SUFFIXES = re.compile(r"(?: (?:metropole|city|town|village|shi|machi|cho|mura|municipality|city hall))+$")
_SUBDIVISION_WORDS = (
    r"region|oblast|republique|republic|krai|kray|territoire|territory|province|prefecture|okrug|district"
    r"|conseil regional|regional council|region autonome|autonomous region|autonomous okrug|ville federale"
)
_REGION_BEFORE = re.compile(
    r"^(?:la |the |l )?(?:gouvernement de la |government of the )?(?:" + _SUBDIVISION_WORDS + r")"
    r"(?: (?:de la|de l|de|d|du|des|of the|of))? (?P<name>.+)$"
)
_REGION_AFTER = re.compile(
    r"^(?:the )?(?P<name>.+?) (?:" + _SUBDIVISION_WORDS + r"|ken|fu|to|область|край|республика)$"
)
_REGION_INSIDE = re.compile(
    r"\b(?:region|oblast|republique|krai|kray|territoire|prefecture)(?: (?:de la|de l|de|d|du|des))? (?P<name>.+)$"
)
_DEPARTMENT = re.compile(
    r"^(?:le |la |the )?(?:departement|department|conseil departemental|conseil general|departmental council)"
    r"(?: (?:de la|de l|de|d|du|des|of the|of))? (?P<name>.+)$|^(?P<after>.+?) (?:departement|department)$"
)
_DEPT_NUMBER = re.compile(r"\((\d[\dAaBb]|97\d)\)?(?!\d)|\b(\d[\dAaBb])\d{3}\b")
_QUALIFIER = re.compile(r"\([^)]*\)?$|\([^)]*\)")
_CJK_SUBDIVISION = "県府都"
_CJK_TOWN = "市町村区"
_ORG_WORDS = set(
    """universite university institut institute ecole school academie academy musee museum
    federation ministere ministry garde chambre comite association cnrs rfbr centre center
    departement department consulat consulate ambassade embassy service fondation foundation
    orchestre orchestra theatre opera lycee gymnase guard equitation""".split()
)


@dataclass(frozen=True)
class Part:
    """One part of an actor cell, folded, with what the text says about each word."""

    text: str
    key: str  # folded
    stripped: str  # folded, without "Ville de", "Université de", "… Métropole"
    country: str  # the side: FR or the partner country
    hints: frozenset[str]  # regions the row and the cell name
    tokens: tuple[str, ...]  # folded words (key.split())
    proper: tuple[bool, ...]  # each word written as a proper noun (capital, or a script without case)
    spans: tuple[tuple[int, int], ...]  # where each word is in `text`

    @classmethod
    def of(cls, text: str, country: str, hints: frozenset[str]) -> Part | None:
        """The part's name: qualifiers in parentheses ("Saint-Louis (68)") are evidence, not name."""
        text = unicodedata.normalize("NFC", _QUALIFIER.sub(" ", text)).strip()
        words = [(m.group(0), m.span()) for m in re.finditer(r"[^\W_]+", text)]
        tokens, proper, spans = [], [], []
        for word, span in words:
            for folded in fold_token(word).split():
                tokens.append(folded)
                proper.append(not word[0].isdigit() and not word[0].islower())
                spans.append(span)
        key = " ".join(tokens)
        if not key or all(t in _FILLER for t in tokens):
            return None
        stripped = _SUFFIXES.sub("", _PREFIXES.sub("", key)).strip()
        return cls(text, key, stripped, country, hints, tuple(tokens), tuple(proper), tuple(spans))

    def keys(self) -> list[str]:
        """Keys to look up, most likely first: without "Ville de", "… Métropole"; with the article
        a connector ate ("Agglomération de La Rochelle" → "la rochelle"); the whole part."""
        out = [self.stripped]
        m = _PREFIXES.match(self.key)
        if m:
            article = {"de la": "la", "de l": "l", "du": "le", "des": "les"}
            for connector, kept in article.items():
                if m.group(0).endswith(f" {connector} "):
                    out.append(_SUFFIXES.sub("", f"{kept} {self.key[m.end() :]}").strip())
        out.append(self.key)
        return [k for k in dict.fromkeys(out) if k]

    def occurrences(self, name_key: str) -> list[tuple[int, int]]:
        """(first, last) token indexes where a folded name occurs as whole words."""
        words = name_key.split()
        n = len(words)
        return [(i, i + n - 1) for i in range(len(self.tokens) - n + 1) if list(self.tokens[i : i + n]) == words]

    def in_compound(self, first: int, last: int) -> bool:
        """The words are hyphenated to others: "Champagne-sur-Seine", "Aix-en-Provence"."""
        start, end = self.spans[first][0], self.spans[last][1]
        return (start > 0 and self.text[start - 1] == "-") or (end < len(self.text) and self.text[end] == "-")


@dataclass(frozen=True)
class Decision:
    places: tuple[Place, ...] = ()
    review: tuple[Place, ...] = ()
    no_territory: str | None = None
    unresolved: bool = False
    organisation: bool = False


Rule = Callable[[Resolver, Part], Decision | None]


# --- evidence: what a cell says about regions --------------------------------------------------


def _pattern_name(key: str) -> str | None:
    for pattern in (_REGION_BEFORE, _REGION_AFTER):
        m = pattern.match(key)
        if m:
            return m.group("name")
    return None


def french_region_in(r: Resolver, text: str) -> str | None:
    """The one French region a text names: "Région Occitanie", "Conseil régional du Grand Est",
    "Université de Bourgogne" — not inside a compound name ("Champagne-sur-Seine")."""
    part = Part.of(text, "FR", frozenset())
    if part is None:
        return None
    name = _pattern_name(part.key)
    if name:
        codes = r.subdivisions_named(name, "FR")
        if len(codes) == 1:
            return codes[0]
    found: set[str] = set()
    for key, entries in r.subdivision_names("FR").items():
        for first, last in part.occurrences(key):
            short = len(key) < 5  # "IDF", "PACA": only as written in capitals
            if part.in_compound(first, last) or (short and not part.text[part.spans[first][0]].isupper()):
                continue
            found |= {code for code, _ in entries}
    return found.pop() if len(found) == 1 else None


def _departement_of(r: Resolver, part: Part):
    m = _DEPARTMENT.match(part.key)
    if m:
        return r.departement_named(m.group("name") or m.group("after"))
    return None


def hints_of(r: Resolver, text: str, country: str) -> tuple[set[str], set[str]]:
    """(regions the part's name designates, regions its qualifiers give) — the first is evidence
    for the *other* parts of the cell only; the second ("(68)", "(Martinique)") for the part too."""
    names: set[str] = set()
    part = Part.of(text, country, frozenset())
    if part is not None:
        names = _named_regions(r, part.text, part, country)
    qualifiers: set[str] = set()
    for inner in re.findall(r"\(([^)]*)\)?", text):
        if country == "FR":
            for m in _DEPT_NUMBER.finditer(f"({inner})"):
                d = r.departement_by_code(m.group(1) or m.group(2))
                if d:
                    qualifiers.add(d.region_code)
        inner_part = Part.of(inner, country, frozenset())
        if inner_part is not None:
            qualifiers |= _named_regions(r, inner, inner_part, country)
    if country == "FR":  # a postcode written with the name: "93200 Saint-Denis"
        for m in re.finditer(r"\b(\d[\dAaBb])\d{3}\b", text):
            d = r.departement_by_code(m.group(1))
            if d:
                qualifiers.add(d.region_code)
    return names, qualifiers


def _named_regions(r: Resolver, text: str, part: Part, country: str) -> set[str]:
    out: set[str] = set()
    if country == "FR":
        code = r.region_by_name(text, "FR")
        if code:
            out.add(code)
        d = _departement_of(r, part) or r.departement_named(part.key)
        if d:
            out.add(d.region_code)
        return out
    name = _pattern_name(part.key)
    for key in filter(None, (name, part.key)):
        codes = r.subdivisions_named(key, country, prefer_alias=key == name)
        if len(codes) == 1:
            out.add(codes[0])
    m = _REGION_INSIDE.search(part.key)
    if m:
        codes = r.subdivisions_named(m.group("name"), country, prefer_alias=True)
        if len(codes) == 1:
            out.add(codes[0])
    return out


# --- the rules ----------------------------------------------------------------------------------


def rule_override(r: Resolver, part: Part) -> Decision | None:
    o = r.override_for(part.text, part.country)
    if o is None:
        return None
    if o.action == "place":
        return Decision(places=(r.override_place(o, part.text),))
    return Decision(no_territory=o.reason if o.action == "no_territory" else None)


def rule_french_region(r: Resolver, part: Part) -> Decision | None:
    """A French region by its name, a former name or "Région X": never a namesake village."""
    codes = r.subdivisions_named(part.key, "FR")
    name = _pattern_name(part.key)
    if not codes and name:
        codes = r.subdivisions_named(name, "FR")
    if len(codes) == 1:
        return Decision(places=(r.region_place(codes[0], part.text, "named as a French region"),))
    return None


def rule_department(r: Resolver, part: Part) -> Decision | None:
    """A département ("Département des Yvelines", "Finistère"), drawn at its préfecture; a bare
    name that is also a town elsewhere ("Vienne") needs the row or the cell to say which."""
    d = _departement_of(r, part)
    if d:
        return Decision(places=(r.department_place(d, part.text),))
    d = r.departement_named(part.key)
    if d is None:
        return None
    towns = [e for e in r.gazetteer.candidates(part.key, r.french) if r.gazetteer.is_primary(e, part.key)]
    elsewhere = {r.region_of(e) for e in towns} - {d.region_code}
    if not elsewhere:
        return None if towns else Decision(places=(r.department_place(d, part.text),))
    if d.region_code in part.hints:
        return Decision(places=(r.department_place(d, part.text, "département of the region the row names"),))
    if elsewhere & part.hints:
        return None  # the town the row's region holds: the exact rule takes it
    why = f"département {d.name} or a town of that name in {', '.join(sorted(map(str, elsewhere)))}"
    return Decision(review=(r.department_place(d, part.text, why),))


def _exact(r: Resolver, part: Part, key: str, rule: str = "gazetteer") -> Decision | None:
    entries = r.gazetteer.candidates(key, r.countries_for(part.country))
    entry, confident, evidence = r.choose(entries, key, part.hints)
    if entry is None:
        return None
    place = r.entry_place(entry, rule, part.text, evidence=evidence, confident=confident)
    return Decision(places=(place,)) if confident else Decision(review=(place,))


def rule_exact(r: Resolver, part: Part) -> Decision | None:
    """The whole part (without "Ville de", "… City") is the name of a town."""
    for key in part.keys():
        found = _exact(r, part, key)
        if found:
            return found
    if part.stripped and part.stripped[-1] in _CJK_TOWN:  # 静岡市 → 静岡
        return _exact(r, part, part.stripped[:-1])
    return None


def rule_french_region_inside(r: Resolver, part: Part) -> Decision | None:
    code = french_region_in(r, part.text)
    return Decision(places=(r.region_place(code, part.text, "a French region named in the actor"),)) if code else None


def _subdivision(r: Resolver, part: Part, key: str, prefer_alias: bool, why: str) -> Decision | None:
    codes = r.subdivisions_named(key, part.country, prefer_alias)
    if len(codes) == 1:
        return Decision(places=(r.region_place(codes[0], part.text, why),))
    if len(codes) > 1:
        review = tuple(r.region_place(c, part.text, f"the name fits {len(codes)} subdivisions") for c in codes)
        return Decision(review=review)
    return None


def rule_subdivision_written(r: Resolver, part: Part) -> Decision | None:
    """A partner subdivision written as one: "Région de Samara", "Udmurt Republic", "静岡県"; its
    full name first ("Kraï de l'Altaï" is one subject even though "Altaï" alone names two)."""
    own = r.own_names(part.key, part.country)
    towns = {r.region_of(e) for e in r.gazetteer.candidates(part.key, r.countries_for(part.country))}
    if len(own) == 1 and own[0] not in towns:  # "Moscou" is the city first, in its own subject
        return Decision(places=(r.region_place(own[0], part.text, "the subdivision's own name"),))
    name = _pattern_name(part.key)
    if name:
        found = _subdivision(r, part, name, True, "named as a subdivision")
        if found:
            return found
    if part.key[-1] in _CJK_SUBDIVISION:
        found = _subdivision(r, part, part.key, False, "named as a prefecture")
        if found:
            return found
    m = _REGION_INSIDE.search(part.key)
    if m:
        return _subdivision(r, part, m.group("name"), True, "a subdivision named in the actor")
    return None


def rule_subdivision_bare(r: Resolver, part: Part) -> Decision | None:
    """A bare subdivision name no town bears: "Tatarstan", "Oudmourtie", "Hokkaido"."""
    for key in dict.fromkeys((part.key, part.stripped)):
        found = key and _subdivision(r, part, key, False, "named as a subdivision")
        if found:
            return found
    return None


def rule_inside(r: Resolver, part: Part) -> Decision | None:
    """Towns named inside the part; but when such a town directly follows an unknown capitalised
    word ("Nijniy Novgorod" is not Novgorod), the whole part is first read as a misspelt name."""
    found = _ngrams(r, part)
    if found is None:
        return None
    decision, suspect = found
    if suspect:
        fuzzy = rule_fuzzy(r, part)
        if fuzzy is not None:
            return fuzzy
    return decision


def _unknown_word_before(part: Part, i: int, used: list[bool]) -> bool:
    """The word before position i is a capitalised word nothing explains (not an acronym, not a
    generic word, not itself a matched name)."""
    if i == 0 or used[i - 1] or not part.proper[i - 1]:
        return False
    start, end = part.spans[i - 1]
    word = part.text[start:end]
    return not word.isupper() and part.tokens[i - 1] not in _STOPWORDS and not word[0].isdigit()


def _ngrams(r: Resolver, part: Part, one_body: bool = True) -> tuple[Decision, bool] | None:
    """Towns named inside a longer text ("… de Rennes", "chambre de commerce … à Moscou"): the
    longest run of words that names a town of ≥ NGRAM_MIN_POPULATION, written as a proper noun.
    Towns of several regions in one part name one body: the dominant one, else to review."""
    tokens, n_tokens = part.tokens, len(part.tokens)
    used = [False] * n_tokens
    accepted: list[Place] = []
    review: list[Place] = []
    starts: list[int] = []
    for n in range(min(5, n_tokens), 0, -1):
        for i in range(n_tokens - n + 1):
            span = tokens[i : i + n]
            if any(used[i : i + n]) or not part.proper[i]:
                continue
            opens = span[0] in _SAINTS or (span[0] in _ARTICLES and n > 1)
            if (span[0] in _STOPWORDS and not opens) or span[-1] in _STOPWORDS:
                continue
            if i + n + 1 < n_tokens and tokens[i + n] in _COMPOUND_LINKS and tokens[i + n + 1] not in _STOPWORDS:
                continue  # "Saint-Quentin en Yvelines": a longer name goes on, this is only its start
            key = " ".join(span)
            entries = [e for e in r.gazetteer.candidates(key, r.countries_for(part.country))
                       if e.population >= NGRAM_MIN_POPULATION]  # fmt: skip
            entry, confident, evidence = r.choose(entries, key, part.hints)
            if entry is None:
                continue
            place = r.entry_place(entry, "ngram", key, evidence=evidence, confident=confident)
            (accepted if confident else review).append(place)
            used[i : i + n] = [True] * n
            starts.append(i)
    regions = {p.region_code for p in accepted}
    if one_body and len(regions) > 1:
        ranked = sorted(accepted, key=lambda p: -(p.population or 0))
        top = ranked[0]
        if all((top.population or 0) >= 5 * (p.population or 1) for p in ranked if p.region_code != top.region_code):
            accepted = [p for p in accepted if p.region_code == top.region_code]
        else:
            review += [p for p in accepted]
            accepted = []
    if not accepted and not review:
        return None
    suspect = any(_unknown_word_before(part, i, used) for i in starts)
    return Decision(places=tuple(accepted), review=tuple(review)), suspect


def rule_fuzzy(r: Resolver, part: Part) -> Decision | None:
    """A misspelt town name (rapidfuzz ratio ≥ threshold): accepted only when the row or the cell
    names the candidate's region ("Iaroslav, région de Iaroslavl"), else left to review."""
    from rapidfuzz import fuzz, process

    key = part.stripped
    if len(key) < 5 or len(key.split()) > 3:
        return None
    best = None
    for c in r.countries_for(part.country):
        choices = r.gazetteer.fuzzy_keys.get(c, ())
        for match, score, _ in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=r.fuzzy_threshold, limit=5
        ):
            entry, _, _ = r.choose(r.gazetteer.candidates(match, (c,)), match, part.hints)
            if entry is None:
                continue
            rank = (score, r.region_of(entry) in part.hints, entry.population)
            if best is None or rank > best[0]:
                best = (rank, entry, match)
    if best is None:
        return None
    (score, corroborated, _), entry, match = best
    evidence = f"spelling {score:.0f}% like {match!r}; " + (
        "its region is named in the row or the cell" if corroborated else "nothing else names its region: to review"
    )
    place = r.entry_place(entry, "fuzzy", part.text, score=round(score, 1), evidence=evidence, confident=corroborated)
    return Decision(places=(place,)) if corroborated else Decision(review=(place,))


def rule_geocoder(r: Resolver, part: Part) -> Decision | None:
    """The opt-in online geocoder, for a short name nothing offline knows; accepted only when the
    row or the cell names the region of its answer."""
    if r.geocoder is None or len(part.stripped.split()) > 3 or _ORG_WORDS & set(part.tokens):
        return None
    place = r.geocoder(part.text, part.country)
    if place is None:
        return None
    if place.region_code in part.hints:
        return Decision(places=(place,))
    return Decision(review=(Place(**{**place.__dict__, "confident": False,
                                     "evidence": "online answer; nothing else names its region"}),))  # fmt: skip


FRENCH_RULES: tuple[Rule, ...] = (
    rule_override, rule_french_region, rule_department, rule_exact, rule_french_region_inside, rule_inside,
    rule_fuzzy, rule_geocoder,
)  # fmt: skip
PARTNER_RULES: tuple[Rule, ...] = (
    rule_override, rule_subdivision_written, rule_exact, rule_subdivision_bare, rule_inside, rule_fuzzy,
    rule_geocoder,
)  # fmt: skip


def resolve_part(r: Resolver, part: Part) -> Decision:
    """The first rule that decides; a part nothing decides names a body or is unresolved."""
    for rule in FRENCH_RULES if part.country == "FR" else PARTNER_RULES:
        decision = rule(r, part)
        if decision is not None:
            return decision
    if _ORG_WORDS & set(part.tokens) or part.text.isupper():
        return Decision(organisation=True)
    return Decision(unresolved=True)


_SUBDIVISION_PHRASE = re.compile(
    r"\b(?:region|oblast|republique|krai|kray|territoire|prefecture|province)(?: (?:de la|de l|de|d|du|des))? "
)


def places_in_text(r: Resolver, text: str, country: str) -> list[Place]:
    """Places of `country` a free text names with confidence: subdivision phrases ("la région de
    Krasnoïarsk") and towns written as proper nouns (never a fuzzy guess)."""
    found: dict[str, Place] = {}
    for sentence in re.split(r"[.;:!?()«»\"]+", text):
        part = Part.of(sentence, country, frozenset())
        if part is None:
            continue
        for m in _SUBDIVISION_PHRASE.finditer(part.key):
            words = part.key[m.end() :].split()
            for n in range(min(4, len(words)), 0, -1):
                codes = r.subdivisions_named(" ".join(words[:n]), country, prefer_alias=True)
                if len(codes) == 1:
                    found.setdefault(f"region:{codes[0]}", r.region_place(codes[0], sentence, "named in the text"))
                    break
        inside = _ngrams(r, part, one_body=False)
        if inside:
            for p in inside[0].places:
                found.setdefault(p.place_id, p)
    return list(found.values())
