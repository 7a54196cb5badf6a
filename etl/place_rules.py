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
- namesakes and alternate names follow `Lookups.choose`; a fuzzy match or an online answer
  is accepted only when the row or the cell names its region.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from etl.gazetteer import Gazetteer
from etl.messages import Clause, clause
from etl.normalize import fold, fold_token, respell
from etl.place_lookup import DOMINANCE, LARGE_TOWN, NGRAM_MIN_POPULATION, Lookups, Place, Region
from etl.reference import adjective_words, countries_in, kind_words
from etl.town_bodies import inflected_keys, town_name

_STOPWORDS = set(
    """de du des d la le les l et and of the in a au aux en sur sous son sa ses a travers
    ville town city commune region regional oblast republique republic krai territory
    universite university universites institut institute etat state musee museum centre center
    conseil council departement department metropole autres others etc ministere ministry
    federation chambre commerce international internationale nationale national ecole school
    academie academy sciences technique technologie partenaires partners comite garde cadre noir
    grand nord sud est ouest saint sainte prefecture gouvernement government administration
    mairie""".split()
) | set(adjective_words())  # "chinoise", "russian": where an actor is from, never a place's name
_SAINTS = {"saint", "sainte"}  # start a name ("saint petersbourg") but are none alone
_ARTICLES = {"la", "le", "les", "l"}  # may open a name of several words ("La Rochelle")
_COMPOUND_LINKS = {"en", "in", "sur", "sous", "les", "le", "la", "de", "du", "des", "lez",
                   "do", "da", "dos", "das", "del", "di", "della", "am", "an", "im"}  # fmt: skip
# Parts made only of these words carry no name ("et autres", "écoles etc.").
_FILLER = set(
    """de du des d la le les l et and of the autres others etc universites universities ecoles
    schools partenaires partners francais french""".split()
)
_PREFIXES = re.compile(
    r"^(?:(?:la |the |l |les |el |a )?(?:villes?|communes?|city|cities|towns?|municipality|municipalities"
    r"|municipalites?|municipalidad|municipio|prefeitura|ayuntamiento|alcaldia|comune|concello|stadt|gemeinde"
    r"|camara municipal|mairies?|hotel de ville|universite|university|universidad|universidade|universita"
    r"|musee|museum|institut|institute|conseil|council|metropole|eurometropole|agglomeration"
    r"|communaute (?:urbaine|d agglomeration|de communes)|administration(?: de la ville)?|gouvernement"
    r"|prefecture|city hall|grad|gmina|miasto|mesto|obec|opstina|opcina|obcina)"
    r"(?: (?:de la|de l|de|d|du|des|of the|of|di|do|da|del|de los|de las))? )+"
)


@lru_cache(maxsize=512)
def _own_country_tail(country: str) -> re.Pattern | None:
    """ "… du Sénégal", "… in Senegal": the part's own country written after its name."""
    from etl.reference import load_countries

    c = load_countries().get(country)
    words = sorted((w for w in (c.words if c else ()) if w), key=len, reverse=True)
    if not words or country == "FR":
        return None
    return re.compile(r" (?:du|de|d|des|en|au|aux|of|in|the)? ?(?:" + "|".join(map(re.escape, words)) + r")$")


def _without_own_country(key: str, country: str) -> str:
    """ "saint louis du senegal" → "saint louis" (kept whole when nothing would be left: "mexico",
    or only a feature's word: "Lac Tchad" is the lake, not Chad's region Lac)."""
    tail = _own_country_tail(country)
    cut = tail.sub("", key).strip() if tail else key
    return cut if cut and cut not in _FILLER and cut not in _FEATURE_WORDS else key


# An institution named directly after a word, with no "de"/"of": perhaps a person's name
# ("Institut Pasteur", "Lycée Montaigne"); a large city's name is the city ("Université Paris Cité").
_EPONYM = re.compile(
    r"^(?:l |le |la |the )?(?:universite|university|universidad|universidade|universita|institut|institute|musee"
    r"|museum|lycee|college|ecole|fondation|foundation|hopital|hospital|centre|center) "
    r"(?!(?:de la|de l|de|d|du|des|of the|of|di|do|da|del|della)\b)"
)
_EPONYM_WORDS = frozenset(
    """universite university universidad universidade universita institut institute musee museum lycee college
    ecole fondation foundation centre center hopital hospital clinique clinic""".split()
)
# A town's own body written before its name: the town, not a subdivision named like it.
_TOWN_BODY = re.compile(
    r"^(?:la |the |l )?(?:ville|city|town|municipality|municipalite|municipalidad|municipio|prefeitura"
    r"|ayuntamiento|alcaldia|comune|concello|stadt|camara municipal|mairie|hotel de ville|city hall|miasto|mesto)"
    r"(?: (?:de la|de l|de|d|du|of the|of|di|do|da|del))? "
)
_SUFFIXES = re.compile(
    r"(?: (?:metropole|city|town|village|shi|machi|cho|mura|municipality|city hall|city council|municipal council"
    r"|kommune|kommun|stad|dome|belediyesi|belediye|gemeente|(?:provincial |municipal )?people s government))+$"
    r"|(?:人民政府|政府)$"
)
# Town bodies written after the town's name in the genitive: "Göteborgs Stad", "Rīgas dome".
_GENITIVE_BODY = re.compile(r" (?:stad|kommun|kommune|dome)$")
# Words of settlements, not subdivisions: "Ville de Dakar" is the town, never the region named
# like it (kinds such as Vietnam's "Municipality" are read as towns, which lie in them anyway).
_TOWN_WORDS = set(
    """city cities town towns ville villes commune communes municipality municipalities municipalite
    municipalites municipio municipiu gorod grad shi si borough boroughs ward wards quarter quarters
    quartier quartiers council councils conseil conseils island islands ile iles area areas zone
    zones nation nations country countries capital capitale capitales capitals parish parishes
    paroisse paroisses village township administration administrations urbaine urbaines urban""".split()
)
_BASE_SUBDIVISION_WORDS = (
    "region",
    "oblast",
    "republique",
    "republic",
    "krai",
    "kray",
    "territoire",
    "territory",
    "province",
    "prefecture",
    "okrug",
    "district",
    "conseil regional",
    "regional council",
    "region autonome",
    "autonomous region",
    "autonomous okrug",
    "ville federale",
)


def subdivision_words() -> tuple[str, ...]:
    """Folded words that say "a subdivision" before or after its name ("Province du Hubei",
    "Land de Bavière", "Oran Province", "Guangdong Sheng"): the kinds of every country's
    subdivisions in French, English and their own language (etl.reference.kind_words), without
    settlement words and very short ones; longest first, so that "region autonome" wins."""
    found = {k for k in kind_words() if len(k) >= 3 and not set(k.split()) & _TOWN_WORDS}
    return tuple(sorted(found | set(_BASE_SUBDIVISION_WORDS), key=lambda w: (-len(w), w)))


_SUBDIVISION_WORDS = "|".join(re.escape(w) for w in subdivision_words())
_LINK = r"(?: (?:de la|de l|de|d|du|des|of the|of|di|del|della|dello|da|do|dos|das|de los|de las))?"
_REGION_BEFORE = re.compile(
    r"^(?:la |the |l |le )?(?:gouvernement de la |government of the )?(?P<kind>"
    + _SUBDIVISION_WORDS
    + r")"
    + r"(?: (?:government|gouvernement|gobierno|governo|council|assembly|administration|executive))?"  # its body
    + _LINK
    + r" (?P<name>.+)$"
)
_REGION_AFTER = re.compile(
    r"^(?:the )?(?P<name>.+?) (?P<kind>" + _SUBDIVISION_WORDS + r"|ken|fu|to|область|край|республика)"
    r"(?: government)?$"  # its government: "Turkana County Government", "Lagos State Government"
)
# Inside a longer name or a free text, a kind that also names an institution's status is no
# evidence ("Université d'État de Moscou" is not the oblast; "State University of …").
_STATUS_WORDS = {"etat", "etats", "state", "states", "federal", "federale", "federaux", "national", "nationale"}
_INSIDE_WORDS = "|".join(re.escape(w) for w in subdivision_words() if not set(w.split()) & _STATUS_WORDS)
_REGION_INSIDE = re.compile(r"\b(?:" + _INSIDE_WORDS + r")" + _LINK + r" (?P<name>.+)$")
_AFTER_LINK = re.compile(
    r"\b(?:of the|of|de la|de l|de|du|des|d|della|dello|delle|degli|dei|del|di|da|do|dos|das) (?P<name>[^ ].*)$"
)
_DEPARTMENT = re.compile(
    r"^(?:le |la |the )?(?:departement|department|conseil departemental|conseil general|departmental council)"
    r"(?: (?:de la|de l|de|d|du|des|of the|of))? (?P<name>.+)$"
    r"|^(?:the )?(?P<after>.+?) (?:departement|department|departmental council|department council|county council)$"
)
_DEPT_NUMBER = re.compile(r"\((\d[\dAaBb]|97\d)\)?(?!\d)|\b(\d[\dAaBb])\d{3}\b")
_QUALIFIER = re.compile(r"\([^)]*\)?$|\([^)]*\)")
FUZZY_CITY = 100_000  # a misspelling of a city this large is accepted without other evidence…
FUZZY_CLOSE = 90  # …at this similarity…
FUZZY_GAP = 4  # …when no other town's name comes this close
_CJK_SUBDIVISION = "県府都道省州"
_CJK_TOWN = "市町村区"
_ORG_WORDS = set(
    """universite university institut institute ecole school academie academy musee museum
    federation ministere ministry garde chambre comite association cnrs rfbr centre center
    departement department consulat consulate ambassade embassy service fondation foundation
    orchestre orchestra theatre opera lycee gymnase guard equitation""".split()
)


def _combining_class() -> str:
    """A regex class of the combining marks `etl.normalize.fold` removes (ranges, built once)."""
    ranges, start = [], None
    for c in range(0x0300, 0x1E950):
        if unicodedata.combining(chr(c)):
            start = c if start is None else start
        elif start is not None:
            ranges.append(f"\\u{start:04x}-\\u{c - 1:04x}" if c <= 0x10000 else f"\\U{start:08x}-\\U{c - 1:08x}")
            start = None
    return "[" + "".join(ranges) + "]"


# A word as `fold` reads one: letters and digits, with the marks it removes inside ("ភ្នំ", "बनारस"):
# a cell is cut into the words its folded key has, never more
_PART_WORD = re.compile(r"(?:[^\W_]|" + _combining_class() + r")+")


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
    whole: str = ""  # folded with its parenthesised words, when it has some ("Frankfurt (Oder)")
    required: str | None = None  # the partner region a column of the row gives: an answer elsewhere is doubted

    @classmethod
    def of(cls, text: str, country: str, hints: frozenset[str], required: str | None = None) -> Part | None:
        """The part's name: qualifiers in parentheses ("Saint-Louis (68)") are evidence, not name —
        unless the name with them is a place's name ("Frankfurt (Oder)"): `whole`, tried first."""
        whole = fold(text) if _QUALIFIER.search(text) else ""
        text = respell(unicodedata.normalize("NFC", _QUALIFIER.sub(" ", text))).strip()
        words = [(m.group(0), m.span()) for m in _PART_WORD.finditer(text)]
        tokens, proper, spans = [], [], []
        for word, span in words:
            for folded in fold_token(word).split():
                tokens.append(folded)
                proper.append(not word[0].isdigit() and not word[0].islower())
                spans.append(span)
        key = " ".join(tokens)
        if not key or all(t in _FILLER for t in tokens):
            return None
        stripped = _without_own_country(_SUFFIXES.sub("", _PREFIXES.sub("", key)).strip(), country)
        whole = _SUFFIXES.sub("", _PREFIXES.sub("", whole)).strip() if whole != key else ""
        required = required if country != "FR" else None
        return cls(text, key, stripped, country, hints, tuple(tokens), tuple(proper), tuple(spans), whole, required)

    def keys(self) -> list[str]:
        """Keys to look up, most likely first: without "Ville de", "… Métropole"; with the article
        a connector ate ("Agglomération de La Rochelle" → "la rochelle"); the whole part."""
        out = [self.whole, self.stripped] if self.whole else [self.stripped]
        m = _PREFIXES.match(self.key)
        if m:
            article = {"de la": "la", "de l": "l", "du": "le", "des": "les"}
            for connector, kept in article.items():
                if m.group(0).endswith(f" {connector} "):
                    out.append(_SUFFIXES.sub("", f"{kept} {self.key[m.end() :]}").strip())
        out.append(self.key)
        if _GENITIVE_BODY.search(self.key) and self.stripped.endswith("s"):
            out.append(self.stripped[:-1])
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


Rule = Callable[[Lookups, Part], Decision | None]


# --- evidence: what a cell says about regions --------------------------------------------------


def _pattern(key: str) -> tuple[str, str] | None:
    """(name, kind word) of a part written as a subdivision: "Province de Buenos Aires"."""
    for pattern in (_REGION_BEFORE, _REGION_AFTER):
        m = pattern.match(key)
        if m:
            return m.group("name"), m.group("kind")
    return None


def _pattern_name(key: str) -> str | None:
    found = _pattern(key)
    return found[0] if found else None


def region_named(r: Lookups, text: str, country: str = "FR") -> str | None:
    """The one subdivision a name designates: "Grand-Est", "Lorraine", "Région Occitanie"."""
    codes = r.subdivisions_named(fold(text), country)
    if len(codes) == 1:
        return codes[0]
    if country == "FR" and not codes:
        return french_region_in(r, text)
    return None


def french_region_in(r: Lookups, text: str) -> str | None:
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


def _departement_of(r: Lookups, part: Part):
    m = _DEPARTMENT.match(part.key)
    if m:
        return r.departement_named(m.group("name") or m.group("after"))
    return None


def hints_of(r: Lookups, text: str, country: str) -> tuple[set[str], set[str]]:
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
    if country != "FR" and part is not None:
        qualifiers |= _subdivisions_inside(r, part, country)
    if country == "FR":  # a postcode written with the name: "93200 Saint-Denis"
        for m in re.finditer(r"\b(\d[\dAaBb])\d{3}\b", text):
            d = r.departement_by_code(m.group(1))
            if d:
                qualifiers.add(d.region_code)
    return names, qualifiers


def _subdivisions_inside(r: Lookups, part: Part, country: str) -> set[str]:
    """Partner subdivisions named inside a longer part, as proper nouns and not inside a compound
    ("University of Louisiana at Lafayette" → Louisiana): evidence for the towns it names."""
    out: set[str] = set()
    n_tokens = len(part.tokens)
    for n in range(1, min(4, n_tokens - 1) + 1):
        for i in range(n_tokens - n + 1):
            words = " ".join(part.tokens[i : i + n])
            if not part.proper[i] or part.in_compound(i, i + n - 1) or words == part.stripped:
                continue  # the part's own name is no evidence of where it is ("Ville de Newport")
            codes = r.subdivisions_named(words, country)
            if len(codes) == 1:
                out.add(codes[0])
    return out


def _named_regions(r: Lookups, text: str, part: Part, country: str) -> set[str]:
    out: set[str] = set()
    if country == "FR":
        code = region_named(r, text, "FR")
        if code:
            out.add(code)
        d = _departement_of(r, part) or r.departement_named(part.key)
        if d:
            out.add(d.region_code)
        return out
    name = _pattern_name(part.key)
    for key in filter(None, (name, part.key)):
        codes = r.subdivisions_named(key, country, prefer_alias=key == name)
        if len(codes) == 1 and (key == name or not _city_elsewhere(r, key, codes[0], country)):
            out.add(codes[0])
    m = _REGION_INSIDE.search(part.key)
    if m:
        codes = r.subdivisions_named(m.group("name"), country, prefer_alias=True)
        if len(codes) == 1:
            out.add(codes[0])
    return out


def _city_elsewhere(r: Lookups, key: str, code: str, country: str) -> bool:
    """A bare name of one subdivision that is also a city's lying in another ("Lima": the region of
    Lima, or the city, which is the unit of Lima's metropolitan municipality): it says neither."""
    return any(e.population >= LARGE_TOWN and r.region_of(e) not in (None, code)
               for e in r.gazetteer.candidates(key, (country,)))  # fmt: skip


# --- the rules ----------------------------------------------------------------------------------


def rule_override(r: Lookups, part: Part) -> Decision | None:
    o = r.override_for(part.text, part.country)
    if o is None:
        return None
    if o.action == "place":
        return Decision(places=(r.override_place(o, part.text),))
    return Decision(no_territory=o.reason if o.action == "no_territory" else None)


def rule_french_region(r: Lookups, part: Part) -> Decision | None:
    """A French region by its name, a former name or "Région X": never a namesake village."""
    codes = r.subdivisions_named(part.key, "FR")
    name = _pattern_name(part.key)
    if not codes and name:
        codes = r.subdivisions_named(name, "FR")
    if len(codes) == 1:
        return Decision(places=(r.region_place(codes[0], part.text, clause("french_region_named")),))
    return None


def rule_department(r: Lookups, part: Part) -> Decision | None:
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
        return Decision(places=(r.department_place(d, part.text, clause("departement_of_row_region")),))
    if elsewhere & part.hints:
        return None  # the town the row's region holds: the exact rule takes it
    why = clause("departement_or_town", name=d.name, regions=", ".join(sorted(map(str, elsewhere))))
    return Decision(review=(r.department_place(d, part.text, why),))


# A town's district, in the words documents write it with ("Bezirk Neukölln", "District de
# Chaoyang", "Quận Hoàn Kiếm", "Sector 3", "Commune de Cocody"): a quarter of that name is meant.
_DISTRICT = re.compile(
    r"^(?:bezirk|stadtbezirk|district|arrondissement|borough|quan|sector|sectorul|ward|distrito|delegacion"
    r"|alcaldia|commune|municipio|dzielnica|raion|rayon|район)\b|\b(?:district|borough|bezirk|ward)$"
)


def _town_district(part: Part) -> bool:
    """The part names a town's district ("Bezirk Neukölln", "Arrondissement de Hoàn Kiếm") with a
    word that is no kind of its country's first-level units (a district of Rwanda or of Mali is
    not written so: "District de Huye" stays a subdivision's phrase), or names a town with a
    town's own word that its country also calls some units ("Thành phố Huế": a city, whatever the
    unit it lies in is called)."""
    own = _own_kind_pattern(part.country)
    if bool(_DISTRICT.search(part.key)) and not (own is not None and own.match(part.key)):
        return True
    body = town_name(part.tokens)
    return body is not None and part.key.startswith(tuple(f"{w} " for w in _LOCAL_TOWN_WORDS))


# A town's own word in the languages whose countries also call some units so (Vietnam's centrally
# run cities, thành phố; Indonesia's kota)
_LOCAL_TOWN_WORDS = ("thanh pho", "kota")


def _exact(r: Lookups, part: Part, key: str, rule: str = "gazetteer") -> Decision | None:
    entries = r.gazetteer.candidates(key, r.countries_for(part.country))
    entry, confident, evidence = r.choose(entries, key, part.hints, district=bool(_DISTRICT.search(part.key)))
    if entry is None:
        return None
    rivals = [c for c in r.own_names(key, part.country) if c != r.region_of(entry) and c not in part.hints]
    # a town body ("Ville de Washington"), or a city that is a unit of its own ("Osh", "Tachkent"),
    # names the town; the region named after it is written so ("Région d'Och")
    unit = r.region_of(entry)
    own_city = r.is_city_unit(unit) and unit in r.own_names(key, part.country)  # "Tachkent": UZ-TK, the city
    town_named = (
        (_TOWN_BODY.match(part.key) and key == part.stripped)
        or entry.geonameid in r.city_units(entry.country)
        or own_city
    )
    if confident and part.country != "FR" and rivals and r.region_of(entry) not in part.hints and not town_named:
        confident = False  # "Washington": the capital, or the state of that name
        evidence = (*evidence, clause("subdivision_rival", region=rivals[0]))
    if (
        confident
        and _EPONYM.match(part.key)
        and key == part.stripped
        and entry.population < LARGE_TOWN
        and not any(c.isdigit() for c in key)
    ):  # fmt: skip ("Université Lyon 2": Lyon's 2nd arrondissement)
        confident, evidence = False, (*evidence, clause("eponym"))  # "Institut Pasteur", not the town Pasteur
    place = r.entry_place(entry, rule, part.text, clauses=evidence, confident=confident)
    unit = _unfiled_unit(r, part) if place.region_code is None else None
    if unit:  # "Ville de Semeï, Région d'Abaï": the row names a unit no source files a town in
        place = replace(place, region_code=unit, clauses=(*place.clauses, clause("row_unit_unfiled", region=unit)))
    return Decision(places=(place,)) if confident else Decision(review=(place,))


def _unfiled_unit(r: Lookups, part: Part) -> str | None:
    """The one unit of the part's country the row or the cell names, when it is a unit no town
    is filed in (no GeoNames code: newer than the gazetteer, Kazakhstan's Abai since 2022): a
    town of no unit is then in the one the document names, nothing saying otherwise."""
    named = [h for h in part.hints if (g := r.regions.get(h)) is not None and g.country == part.country]
    if len(named) != 1 or r.regions[named[0]].gn_admin1:
        return None
    return named[0]


def rule_exact(r: Lookups, part: Part) -> Decision | None:
    """The whole part (without "Ville de", "… City") is the name of a town; a town whose own name
    is the whole part first ("Quezon City", not the town Quezon of the province Quezon)."""
    return _unless_french_city(r, part, _unless_government(r, part, _exact_town(r, part)))


# A government's words, and the words that make one a town's ("Gobierno Autónomo Municipal de El Alto").
_GOVERNMENT_WORDS = frozenset("government gouvernement gobierno governo regierung".split())
_TOWN_GOVERNMENT_WORDS = _TOWN_WORDS | frozenset(
    "municipal municipale municipaux metro metropolitan metropolitain metropolitaine metropolitano metropolitana local "
    "locale locales locaux people".split()
)


def _unless_government(r: Lookups, part: Part, decision: Decision | None) -> Decision | None:
    """Towns read in a government's name that no town's word qualifies ("Revolutionary Government
    of Zanzibar": the archipelago's, not the town's): to review — unless the town's unit bears its
    name ("Gouvernement du Québec", "Lagos State Government": the unit's, where the town lies)."""
    words = set(part.tokens)
    if decision is None or not words & _GOVERNMENT_WORDS or words & _TOWN_GOVERNMENT_WORDS:
        return decision

    def doubted(p: Place) -> bool:
        named = {*r.subdivisions_named(fold(p.name), part.country), *r.subdivisions_named(part.stripped, part.country)}
        return p.kind == "town" and p.region_code not in named

    return _doubted(decision, doubted, clause("government_of_town"))


def _unless_french_city(r: Lookups, part: Part, decision: Decision | None) -> Decision | None:
    """A partner's town, small, named like a French city ≥ LARGE_TOWN and ≥ DOMINANCE× larger,
    with nothing in the row for the partner's town ("Ville de Lille" in a Belgian row: Lille in
    Antwerp has 16,000 people): to review — the French city written in the partner's cell, or the
    wrong country, more likely than the village."""
    if decision is None or part.country == "FR" or not decision.places:
        return decision

    def doubted(p: Place) -> bool:
        if p.kind != "town" or (p.population or 0) >= LARGE_TOWN or p.region_code in part.hints:
            return False
        french = r.gazetteer.candidates(fold(p.name), ("FR",))
        return any(e.population >= max(LARGE_TOWN, DOMINANCE * (p.population or 1)) for e in french)

    return _doubted(decision, doubted, clause("french_city_namesake"))


def _exact_town(r: Lookups, part: Part) -> Decision | None:
    if any(fold(e.name) == part.key for e in r.gazetteer.candidates(part.key, r.countries_for(part.country))):
        whole = _exact(r, part, part.key)
        if whole and whole.places:
            return whole
    for key in part.keys():
        found = _exact(r, part, key)
        if found:
            return found
    if part.stripped and part.stripped[-1] in _CJK_TOWN:  # 静岡市 → 静岡
        return _exact(r, part, part.stripped[:-1])
    return None


def rule_french_region_inside(r: Lookups, part: Part) -> Decision | None:
    code = french_region_in(r, part.text)
    return Decision(places=(r.region_place(code, part.text, clause("french_region_in_actor")),)) if code else None


def _subdivision(r: Lookups, part: Part, key: str, prefer_alias: bool, why: Clause) -> Decision | None:
    codes = r.subdivisions_named(key, part.country, prefer_alias)
    found = _pattern(part.key)
    if len(codes) > 1 and found:  # "Province de Buenos Aires": the province, not the autonomous city
        kind = found[1]
        same = [c for c in codes if any(k == kind or k.startswith(f"{kind} ") for k in r.regions[c].kinds)]
        codes = tuple(same) if len(same) == 1 else codes
    unit = r.regions[codes[0]] if len(codes) == 1 else None
    if (
        unit
        and found
        and _kind_contradicts(found[1], unit.kinds)
        and found[1] not in r.local_kind_words(unit.country, unit.kinds)
    ):
        why = clause("kind_contradicts", written=found[1], code=codes[0], kind=r.regions[codes[0]].kinds[0])
        return Decision(review=(r.region_place(codes[0], part.text, why),))
    if len(codes) == 1:
        return Decision(places=(r.region_place(codes[0], part.text, why),))
    if len(codes) > 1:
        review = tuple(r.region_place(c, part.text, clause("subdivisions_fit", count=len(codes))) for c in codes)
        return Decision(review=review)
    return None


def _kind_contradicts(kind: str, kinds: tuple[str, ...]) -> bool:
    """The kind written ("oblast de Kiev") names a subdivision but the unit found is a city (Kyiv
    the city is a unit of its own; its oblast is another)."""
    return (
        bool(kinds)
        and kind not in _TOWN_WORDS
        and all(k != kind and not k.startswith(f"{kind} ") and set(k.split()) & _TOWN_WORDS for k in kinds)
    )


def rule_subdivision_written(r: Lookups, part: Part) -> Decision | None:
    """A partner subdivision written as one: "Région de Samara", "Udmurt Republic", "静岡県"; its
    full name first ("Kraï de l'Altaï" is one subject even though "Altaï" alone names two)."""
    own = r.own_names(part.key, part.country)
    entries = r.gazetteer.candidates(part.key, r.countries_for(part.country))
    towns = {r.region_of(e) for e in entries}
    large = any(e.population >= LARGE_TOWN for e in entries)  # "Vientiane": the capital, or the province
    if (
        len(own) == 1 and own[0] not in towns and None not in towns and not large
    ):  # "Moscou": the city first, in its subject
        return _unless_shared_stem(
            r, part, Decision(places=(r.region_place(own[0], part.text, clause("subdivision_own_name")),))
        )
    written = r.subdivisions_named(part.key, part.country)  # "Região Autónoma dos Açores", whole
    if len(written) == 1 and not towns and _pattern(part.key):
        return Decision(places=(r.region_place(written[0], part.text, clause("subdivision_as_written")),))
    name = _pattern_name(part.key)
    if name:
        found = _subdivision(r, part, name, True, clause("subdivision_named"))
        tail = _AFTER_LINK.search(name)  # "Região Autónoma do Príncipe": the kind's adjective, then its name
        if not found and tail and len(r.subdivisions_named(tail.group("name"), part.country)) == 1:
            found = _subdivision(r, part, tail.group("name"), True, clause("subdivision_named"))
        if found:
            return found
    if part.key[-1] in _CJK_SUBDIVISION:
        found = _subdivision(r, part, part.key, False, clause("prefecture_named"))
        if found:
            return found
    m = _REGION_INSIDE.search(part.key)
    if m:
        return _subdivision(r, part, m.group("name"), True, clause("subdivision_in_actor"))
    m = _AFTER_LINK.search(part.key)  # "Free State of Thuringia", "Diputación Foral de Gipuzkoa"
    if m:
        named = r.subdivisions_named(m.group("name"), part.country)
        towns = r.gazetteer.candidates(m.group("name"), r.countries_for(part.country))
        if len(named) == 1 and not towns:
            why = _town_word_for_unit(r, part.key[: m.start()], named[0])
            if why:
                return Decision(review=(r.region_place(named[0], part.text, why),))
            return Decision(places=(r.region_place(named[0], part.text, clause("subdivision_ends_actor")),))
    return _own_kind_phrase(r, part) or _kind_adjective(r, part)


_BODY_AFTER_KIND = frozenset("рада совет дума собрание администрация адміністрація уряд правительство".split())


def _kind_adjective(r: Lookups, part: Part) -> Decision | None:
    """A unit's council written in its own language, its kind turned adjective: "Одеська обласна
    рада" is the council of "Одеська область", "Свердловская областная дума" of "Свердловская
    область": the unit's name of two words, its first written whole, its kind word's stem (≥ 4
    letters) then, and a body's word last."""
    tokens = part.tokens
    if len(tokens) != 3 or tokens[2] not in _BODY_AFTER_KIND:
        return None
    codes = {code for key, found in r.subdivision_names(part.country).items()
             if len(words := key.split()) == 2 and words[0] == tokens[0] and len(words[1]) >= 4
             and tokens[1].startswith(words[1][:4]) for code, _ in found}  # fmt: skip
    if len(codes) != 1:
        return None
    return Decision(places=(r.region_place(codes.pop(), part.text, clause("subdivision_named")),))


@lru_cache(maxsize=512)
def _own_kind_pattern(country: str) -> re.Pattern | None:
    from etl.reference import load_countries

    c = load_countries().get(country)
    kinds = sorted((k for k in (c.kind_words if c else ()) if len(k) >= 3 and not set(k.split()) & _SETTLEMENT_WORDS),
                   key=len, reverse=True)  # fmt: skip
    if not kinds:
        return None
    return re.compile(r"^(?:la |the |l |le )?(?:" + "|".join(map(re.escape, kinds)) + r")" + _LINK + r" (?P<name>.+)$")


# Words of a town itself: "Ville d'Och" is the city even where cities are units ("Région d'Och").
_SETTLEMENT_WORDS = frozenset(
    "city cities town towns ville villes commune communes municipality municipalities municipalite gorod grad shi si".split()
)


def _own_kind_phrase(r: Lookups, part: Part) -> Decision | None:
    """A unit written with the word its own country calls its units, even a word that elsewhere
    names a part of a town or a council ("Paroisse de Canillo": Andorra's units are parishes);
    never a town's own word."""
    pattern = _own_kind_pattern(part.country)
    m = pattern.match(part.key) if pattern else None
    named = r.subdivisions_named(m.group("name"), part.country) if m else ()
    if len(named) != 1:
        return None
    return Decision(places=(r.region_place(named[0], part.text, clause("subdivision_named")),))


def rule_subdivision_bare(r: Lookups, part: Part) -> Decision | None:
    """A bare subdivision name no town bears: "Tatarstan", "Oudmourtie", "Hokkaido"; written after
    a town's word ("Alcaldía del Municipio Sucre"), a municipality named like the unit: to review."""
    for key in dict.fromkeys((part.key, part.stripped)):
        found = key and _subdivision(r, part, key, False, clause("subdivision_named"))
        if found and key != part.key and len(found.places) == 1:
            why = _town_word_for_unit(r, part.key[: len(part.key) - len(key)], found.places[0].region_code)
            if why:
                return Decision(review=(r.region_place(found.places[0].region_code, part.text, why),))
        if found:
            return _unless_shared_stem(r, part, found)
    return None


# A settlement's or its body's words, as written before a name ("Ville de", "Alcaldía del Municipio").
_TOWN_BODY_WORDS = _SETTLEMENT_WORDS | frozenset(
    "village villages township borough mairie mairies municipalidad municipio alcaldia ayuntamiento prefeitura "
    "comune concello stadt gemeinde gmina miasto mesto obec".split()
)


def _town_word_for_unit(r: Lookups, before: str, code: str) -> Clause | None:
    """Why a unit named after a town's word is only to review: "Ville de Luxembourg" in a Belgian
    row (no town of that name there; the province is not a town), "Municipio Sucre" (a municipality
    named like the state); None when no such word is written, or the unit is itself of a town's
    kind (Malta's local councils, North Macedonia's municipalities)."""
    words = sorted(set(before.split()) & _TOWN_BODY_WORDS)
    if not words or any(set(k.split()) & _TOWN_WORDS for k in r.regions[code].kinds):
        return None
    return clause("town_word_before_unit", written=words[0], code=code)


def _shared_stem(r: Lookups, key: str, code: str, country: str) -> str | None:
    """For a bare name that is only an alias of the unit found, part of its own name ("Moravie"
    for Moravie-Silésie): another subdivision of the country whose own name holds it as whole
    words ("Moravie-du-Sud"); the bare name is then the historic region they share, not one of
    them. A unit's own name stays that unit even when another shares it ("Virginie" beside
    "Virginie-Occidentale", "Saxe" beside "Basse-Saxe") — unless the unit is itself also named as a
    qualified part of it ("Silésie (Haute-Silésie)" beside "Basse-Silésie": bare, the region both
    are parts of; `_qualified_part`)."""
    if code in r.own_names(key, country) and not _qualified_part(r.regions[code], key):
        return None
    padded = f" {key} "
    for name, found in r.subdivision_names(country).items():
        if name != key and padded in f" {name} ":
            other = next((c for c, source in found if source == "name" and c != code), None)
            if other:
                return other
    return None


_PART_OF = frozenset(  # words that name a part of a wider region
    "haute haut basse bas upper lower high nord sud north south est ouest east west central centrale grande petite "
    "greater lesser".split()
)


def _qualified_part(region: Region, key: str) -> bool:
    """The unit is also named as the bare name with one qualifier ("Haute-Silésie", alone or in
    brackets): the bare name is the wider region it is part of."""
    for alias in (n for a in region.aliases for n in (a, *re.findall(r"\(([^)]*)\)", a))):
        words = fold(alias).split()
        if len(words) == len(key.split()) + 1 and words[0] in _PART_OF and " ".join(words[1:]) == key:
            return True
    return False


def _unless_shared_stem(r: Lookups, part: Part, decision: Decision) -> Decision:
    """A subdivision named bare (no "Région de", "Voïvodie de") by a name that other units' names
    share as their stem: to review (see `_shared_stem`)."""
    if _pattern(part.key) or len(decision.places) != 1:
        return decision
    other = _shared_stem(r, part.key, decision.places[0].region_code, part.country)
    return _doubted(decision, lambda p: True, clause("shared_stem", other=other)) if other else decision


def rule_inside(r: Lookups, part: Part) -> Decision | None:
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
    return _unless_french_city(r, part, _unless_government(r, part, decision))


def rule_town_body(r: Lookups, part: Part) -> Decision | None:
    """A town's body written in its own language around one name (`etl.town_bodies`): the town
    of that name, or — in a language that declines it: the name in the genitive, an adjective… —
    the town whose name it is in another grammatical case, of ≥ NGRAM_MIN_POPULATION people ("Администрация города Ярославля",
    "Urząd Miasta Rzeszowa", "Львівська міська рада"; a quarter of a town is no town). Towns of
    several names the written form could be: the largest when ≥ DOMINANCE× the others (Kursk, not
    the village Kurskaya), else all to review. Namesakes of one name are weighed as for any town
    name (`Lookups.choose`)."""
    found = town_name(part.tokens)
    if found is None:
        return None
    written, declined = found
    keys = [written] if r.gazetteer.candidates(written, (part.country,)) else []
    if not keys and declined:
        keys = inflected_keys(r.gazetteer.fuzzy_choices(part.country), written)
    named: dict[int, tuple[str, list]] = {}  # the largest town of each name → (name, its towns)
    for key in keys:
        entries = [e for e in r.gazetteer.candidates(key, (part.country,)) if e.population >= NGRAM_MIN_POPULATION]
        entries = [e for e in entries if e.geonameid not in r.sections] or entries
        if entries:
            named.setdefault(max(entries, key=lambda e: e.population).geonameid, (key, entries))
    if not named:
        return _unit_body(r, part, written)
    tops = sorted((max(v, key=lambda e: e.population) for _, v in named.values()), key=lambda e: -e.population)
    if len(tops) > 1 and tops[0].population < DOMINANCE * tops[1].population:
        why = clause("town_body_stems", written=written, names=", ".join(repr(e.name) for e in tops))
        return Decision(review=tuple(r.entry_place(e, "town_body", part.text, clauses=(why,), confident=False)
                                     for e in tops))  # fmt: skip
    key, entries = named[tops[0].geonameid]  # one town, or one ≥ DOMINANCE× more populous than the others
    entry, confident, evidence = r.choose(entries, key, part.hints)
    if key != written:
        evidence = (clause("town_body_inflected", written=written, name=entry.name), *evidence)
    place = r.entry_place(entry, "town_body", part.text, clauses=(clause("town_body", name=entry.name), *evidence),
                          confident=confident)  # fmt: skip
    return Decision(places=(place,)) if confident else Decision(review=(place,))


def _unit_body(r: Lookups, part: Part, written: str) -> Decision | None:
    """A body named after a unit, not a town ("Gotlands kommun": the municipality of Gotland, the
    island county, its name in the genitive before the body's word): that unit."""
    names = [written] + ([written[:-1]] if written.endswith("s") and _GENITIVE_BODY.search(part.key) else [])
    for name in names:
        codes = r.own_names(name, part.country)
        if len(codes) == 1:
            return Decision(places=(r.region_place(codes[0], part.text, clause("subdivision_own_name")),))
    return None


def _unknown_word_before(part: Part, i: int, used: list[bool]) -> bool:
    """The word before position i is a capitalised word nothing explains (not an acronym, not a
    generic word, not itself a matched name)."""
    if i == 0 or used[i - 1] or not part.proper[i - 1]:
        return False
    start, end = part.spans[i - 1]
    word = part.text[start:end]
    return not word.isupper() and part.tokens[i - 1] not in _STOPWORDS and not word[0].isdigit()


# LARGE_TOWN (etl.places): a town this large is meant when named: before a hyphen it names its quarter ("Dakar-Plateau")


def _hyphened_to_unknown(part: Part, last: int) -> bool:
    """The word at `last` is hyphenated to a following capitalised word that is not a generic
    word: the town's name is only the start of a longer one ("Bobo-Dioulasso" is not the village
    Bobo)."""

    def joined(i: int) -> bool:
        return part.text[part.spans[i][1] : part.spans[i + 1][0]] == "-"

    if last + 2 < len(part.tokens) and part.tokens[last + 1] in _COMPOUND_LINKS | {"et"} and part.proper[last + 2]:
        return joined(last) and joined(last + 1)  # "Ille-et-Vilaine" is not Ille, "Bar-le-Duc" not Bar
    if last + 1 >= len(part.tokens) or not part.proper[last + 1] or part.tokens[last + 1] in _STOPWORDS:
        return False
    return joined(last)


_NATIONAL_WORDS = frozenset("national nationale nationaux nacional nacionales nazionale nationalen".split())


def _before_national_word(part: Part, j: int) -> bool:
    """The word at j, one space after a town's name, is its country's name or adjective, or
    "national": the name is an organisation's ("Federación Argentina de Municipios" is no town of
    Federación; "Concordia Nacional"), not a place followed by its country (that takes a comma)."""
    if j >= len(part.tokens) or part.text[part.spans[j - 1][1] : part.spans[j][0]] != " ":
        return False
    from etl.reference import load_countries

    c = load_countries().get(part.country)
    return part.tokens[j] in _NATIONAL_WORDS or bool(c and part.tokens[j] in {*c.words, *c.adjectives})


def _after_feature_word(tokens: tuple[str, ...], i: int) -> bool:
    """The word at i names a feature, not a town: "mont Fuji", "lac de Genève", "River Severn",
    "Strait of Bonifacio"."""
    before = tokens[max(0, i - 2) : i]
    return bool(before) and (before[-1] in _FEATURE_WORDS or (len(before) == 2 and before[0] in _FEATURE_WORDS
                                                               and before[1] in _FEATURE_LINKS))  # fmt: skip


_FEATURE_LINKS = _COMPOUND_LINKS | {"of", "d"}  # "Strait of Bonifacio", "lac d'Annecy"


def _unit_names_in(r: Lookups, part: Part) -> list[tuple[int, int, set[str]]]:
    """(first word, last word, units) of each name of several words of the part's country's
    units written whole in the part ("Autonomous University of Nuevo León", "Rio Grande do Norte")."""
    by_first = _multiword_names(r.subdivision_names(part.country))
    found = [kv for w in set(part.tokens) - _FILLER for kv in by_first.get(w, ())]
    return [(a, b, {code for code, _ in v}) for k, v in found for a, b in part.occurrences(k)]


_BY_FIRST_WORD: dict[int, tuple[dict, dict]] = {}  # id(names) → (names, first word → its names)


def _multiword_names(names: dict) -> dict[str, list]:
    """A country's names of several words by their first word, built once per table (looking
    through every name for every part was a third of a profiled 20,000-row build; its wall time,
    measured in pairs, did not change). Bounded: a server's rebuilds make new tables."""
    held = _BY_FIRST_WORD.get(id(names))
    if held is None or held[0] is not names:
        if len(_BY_FIRST_WORD) > 1000:
            _BY_FIRST_WORD.clear()
        index: dict[str, list] = {}
        for k, v in names.items():
            if " " in k:
                index.setdefault(k.split()[0], []).append((k, v))
        held = _BY_FIRST_WORD[id(names)] = (names, index)
    return held[1]


def _ngrams(r: Lookups, part: Part, one_body: bool = True) -> tuple[Decision, bool] | None:
    """Towns named inside a longer text ("… de Rennes", "chambre de commerce … à Moscou"): the
    longest run of words that names a town of ≥ NGRAM_MIN_POPULATION, written as a proper noun.
    Towns of several regions in one part name one body: the dominant one, else to review."""
    tokens, n_tokens = part.tokens, len(part.tokens)
    used = [False] * n_tokens
    inside: set[int] = set()  # the words of a longer name that begins with a town's name
    units = _unit_names_in(r, part)
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
                key = " ".join(span)
                heads = r.gazetteer.candidates(key, r.countries_for(part.country))
                if any(e.population >= NGRAM_MIN_POPULATION and Gazetteer.is_primary(e, key) for e in heads):
                    inside |= {*range(i, i + n), i + n + 1}  # nor is a word of it a town alone ("Caen la Mer")
                continue  # "Saint-Quentin en Yvelines", "Rio Grande do Norte": a longer name goes on
            if inside.intersection(range(i, i + n)) or (not one_body and _after_feature_word(tokens, i)):
                continue  # in running text, "mont Fuji" is the mountain (a cell's feature: `_as_feature`)
            if i > 0 and tokens[i - 1] in _COMPOUND_LINKS and part.in_compound(i, i + n - 1):
                continue  # "Krasnogvardeïskoïe-sur-Oural": the end of one hyphenated name
            key = " ".join(span)
            # every namesake counts for the doubt; only a town of NGRAM_MIN_POPULATION is an answer
            found = r.gazetteer.candidates(key, r.countries_for(part.country))
            entry, confident, evidence = r.choose(found, key, part.hints, district=bool(_DISTRICT.search(part.key)))
            if entry is None or entry.population < NGRAM_MIN_POPULATION:
                continue
            if any(a <= i and i + n - 1 <= b and b - a + 1 > n and r.region_of(entry) not in codes
                   for a, b, codes in units):  # fmt: skip
                continue  # a word of a unit's name, a town elsewhere ("Nuevo León" is not León, Guanajuato)
            if confident and _hyphened_to_unknown(part, i + n - 1) and entry.population < LARGE_TOWN:
                confident, evidence = False, (*evidence, clause("hyphenated_start"))
            if confident and i > 0 and tokens[i - 1] in _EPONYM_WORDS and entry.population < LARGE_TOWN:
                confident, evidence = False, (*evidence, clause("eponym"))  # "Hôpital Bạch Mai" is no ward
            if (confident and _EPONYM.match(part.key) and _unknown_word_before(part, i, used)
                    and not fold(entry.name).startswith(span[0])):  # fmt: skip
                confident, evidence = False, (*evidence, clause("eponym"))  # "Universidad Simón Bolívar": a person
            if confident and _before_national_word(part, i + n) and entry.population < LARGE_TOWN:
                confident, evidence = False, (*evidence, clause("national_body"))  # "Federación Argentina de …"
            place = r.entry_place(entry, "ngram", key, clauses=evidence, confident=confident)
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


def rule_fuzzy(r: Lookups, part: Part) -> Decision | None:
    """A misspelt town name (rapidfuzz ratio ≥ threshold): accepted when the row or the cell names
    the candidate's region ("Iaroslav, région de Iaroslavl"), or, on the partner side, when it is
    a city of ≥ FUZZY_CITY people at ≥ FUZZY_CLOSE % and no other town's name comes within
    FUZZY_GAP points ("Marakech", "Lepzig"); else left to review."""
    from rapidfuzz import fuzz, process

    key = part.stripped
    if len(key) < 5 or len(key.split()) > 3:
        return None
    found = []
    for c in r.countries_for(part.country):
        choices = r.gazetteer.fuzzy_choices(c)
        for match, score, _ in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=r.fuzzy_threshold, limit=5
        ):
            entry, confident, _ = r.choose(r.gazetteer.candidates(match, (c,)), match, part.hints)
            if entry is not None:
                found.append(((score, r.region_of(entry) in part.hints, entry.population), entry, match, confident))
    if not found:
        return None
    found.sort(key=lambda f: f[0], reverse=True)
    (score, corroborated, population), entry, match, unique = found[0]
    runner_up = next((f[0][0] for f in found[1:] if f[1].geonameid != entry.geonameid), 0)
    city = (part.country != "FR" and unique and population >= FUZZY_CITY and score >= FUZZY_CLOSE
            and runner_up <= score - FUZZY_GAP)  # fmt: skip
    evidence = (clause("fuzzy", score=score, match=match), clause("fuzzy_region_named") if corroborated
                else clause("fuzzy_city", population=population) if city else clause("region_not_named"))  # fmt: skip
    place = r.entry_place(entry, "fuzzy", part.text, score=round(score, 1), clauses=evidence,
                          confident=corroborated or city)  # fmt: skip
    return Decision(places=(place,)) if corroborated or city else Decision(review=(place,))


def rule_geocoder(r: Lookups, part: Part) -> Decision | None:
    """The opt-in online geocoder, for a short name nothing offline knows; accepted only when the
    row or the cell names the region of its answer."""
    if r.geocoder is None or len(part.stripped.split()) > 3 or _ORG_WORDS & set(part.tokens):
        return None
    place = r.geocoder(part.text, part.country)
    if place is None:
        return None
    if place.region_code in part.hints:
        return Decision(places=(place,))
    return Decision(
        review=(replace(place, confident=False, clauses=(clause("online_answer"), clause("region_unnamed"))),)
    )


_LOWER_INDEX: dict[int, tuple[dict, dict]] = {}  # id(a country's lower units) → (them, their names' cores)


def _lower_index(r: Lookups, country: str) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(whole names, cores) of a country's units below the first level (`Lookups.lower_units`);
    a name written with a kind word has its core without it ("provincia di trento" → "trento").
    Built once per table; bounded like `_BY_FIRST_WORD`."""
    names = r.lower_units.get(country, {})
    held = _LOWER_INDEX.get(id(names))
    if held is None or held[0] is not names:
        if len(_LOWER_INDEX) > 1000:
            _LOWER_INDEX.clear()
        cores: dict[str, set[str]] = {}
        for key, codes in names.items():
            core = _pattern_name(key)
            if core and core != key:
                cores.setdefault(core, set()).update(codes)
        held = _LOWER_INDEX[id(names)] = (names, {k: frozenset(v) for k, v in cores.items()})
    return held[0], held[1]


def _lower_unit_named(r: Lookups, part: Part) -> tuple[frozenset[str], str] | None:
    """(units, the name matched) of a lower unit the part names: whole ("Powiat krakowski",
    "Atsinanana"), or as the name of a phrase with a kind word ("Provincia autonoma di Trento",
    "Lancashire County Council") matching a unit's name or its core — never a bare word that
    is only a core ("Cook" is not Cook County)."""
    whole, cores = _lower_index(r, part.country)
    if not whole:
        return None
    for key in dict.fromkeys((part.key, part.stripped)):
        if key in whole:
            return whole[key], key
    m = _DEPARTMENT.match(part.key)
    name = _pattern_name(part.key) or (m and (m.group("name") or m.group("after")))
    tail = _AFTER_LINK.search(name) if name else None  # "provincia autonoma di trento": "trento"
    for key in (name, tail and tail.group("name")):
        if key and (key in whole or key in cores):
            return whole.get(key) or cores[key], key
    return None


def rule_lower_unit(r: Lookups, part: Part) -> Decision | None:
    """A unit below the ISO first level named by its GeoNames name (`_lower_unit_named`): the
    first-level unit its towns lie in; a name several units bear: each to review."""
    found = _lower_unit_named(r, part)
    if found is None:
        return None
    codes, name = found
    if len(codes) == 1:
        code = next(iter(codes))
        return Decision(places=(r.region_place(code, part.text, clause("lower_unit_named", unit=name, region=code)),))
    why = clause("lower_units_fit", unit=name, count=len(codes))
    return Decision(review=tuple(r.region_place(c, part.text, why) for c in sorted(codes)))


# Words of units below the first level, before or after the name of the town they are named after
# ("Cercle de Yélimané", "Kabupaten Gianyar", "Cantón Cotacachi", "Powiat X", "X County"); a
# country's own first-level kind is its units' word, never this (`_own_kind_pattern`).
_LOWER_KINDS = (
    "sous prefecture|cercle|canton|departement|departamento|prefecture|provincia|province|partido|comarca|concelho"
    "|landkreis|kreis|powiat|okres|kabupaten|rrethi|nomos|huyen|amphoe|muang|tehsil|taluka|taluk|zila|county|shire"
)
LOWER_KIND_WORDS = frozenset(_LOWER_KINDS.split("|"))  # read by etl.relation_grammar as place heads
_LOWER_KIND_PHRASE = re.compile(
    r"^(?:la |le |l |the )?(?P<kind>" + _LOWER_KINDS + r")" + _LINK + r" (?P<name>.+)$"
    r"|^(?P<before>.+) (?P<after>" + _LOWER_KINDS + r")$"
)


def rule_lower_unit_town(r: Lookups, part: Part) -> Decision | None:
    """A unit below the first level written with its kind's word around a town's name ("Cercle de
    Yélimané", "Kabupaten Gianyar"): such a unit is named after its seat, so the unit the town lies
    in — whatever its size (the unit's own name is no town of 5,000 people), when every town of that
    name (own or other name) lies in that one unit and the word is not the country's own
    first-level kind."""
    m = _LOWER_KIND_PHRASE.match(part.key)
    own = _own_kind_pattern(part.country)
    if m is None or (own is not None and own.match(part.key)):
        return None
    name, kind = (m.group("name"), m.group("kind")) if m.group("name") else (m.group("before"), m.group("after"))
    entries = r.gazetteer.candidates(name, (part.country,))
    entry, confident, _ = r.choose(entries, name, part.hints)
    code = r.region_of(entry) if entry is not None and confident else None
    if (
        code is None
        or {r.region_of(e) for e in entries} != {code}
        or len(r.namesakes.get((part.country, name), ())) > 1
    ):
        return None  # "Goseong County": Gangwon's or South Gyeongsang's, each has a town of that name
    why = clause("lower_unit_town", unit=kind, town=entry.name, region=code)
    return Decision(places=(r.region_place(code, part.text, why),))


FRENCH_RULES: tuple[Rule, ...] = (
    rule_override, rule_french_region, rule_department, rule_exact, rule_french_region_inside, rule_inside,
    rule_fuzzy, rule_geocoder,
)  # fmt: skip
PARTNER_RULES: tuple[Rule, ...] = (
    rule_override, rule_subdivision_written, rule_exact, rule_subdivision_bare, rule_lower_unit,
    rule_lower_unit_town, rule_inside, rule_town_body, rule_fuzzy, rule_geocoder,
)  # fmt: skip


def _doubted(decision: Decision, doubted: Callable[[Place], bool], why: Clause) -> Decision:
    """The decision with the places `doubted` says moved to review, their evidence saying why."""
    moved = tuple(p.doubted(why) for p in decision.places if doubted(p))
    kept = tuple(p for p in decision.places if not doubted(p))
    return replace(decision, places=kept, review=(*moved, *decision.review))


def _against_column(r: Lookups, decision: Decision, required: str) -> Decision:
    """Places of another region than the row's partner-region column says: to review — unless
    their unit was carved from the one the column names (`Lookups.carved_from`): then the column
    is older than the reform, and the place's unit is said with it."""
    carved = [p for p in decision.places if p.region_code != required and r.carved_from(p, required)]
    if carved:
        places = tuple(
            replace(p, clauses=(*p.clauses, clause("carved_from", region=p.region_code, former=required)))
            if p in carved else p
            for p in decision.places
        )  # fmt: skip
        decision = replace(decision, places=places)
    kept = {
        id(p) for p in decision.places if p.region_code == required or any(c.key == "carved_from" for c in p.clauses)
    }
    return _doubted(decision, lambda p: id(p) not in kept, clause("column_says", region=required))


def _beside_another_country(decision: Decision, others: set[str]) -> Decision:
    """A town found inside a text that also names another country, outside the town's own name
    ("Rosso-Sénégal" read on the Mauritanian side; not "Colombie-Britannique"): to review."""
    why = clause("another_country", country=sorted(others)[0])
    return _doubted(decision, lambda p: bool(others - set(countries_in(p.matched)) - set(countries_in(p.name))), why)


# a geographic feature named after a place: its extent is not the unit's ("Vallée de la Ferghana"
# spans three countries; "Delta du Mékong", "Bassin du Niger")
_FEATURE_WORDS = frozenset(
    """vallee valley bassin basin delta plateau plaine plain golfe gulf massif monts mountains chaine cote
    coast lac lake fleuve river riviere desert foret forest archipel archipelago mont mount mt volcan volcano
    detroit strait straits baie bay canal channel peninsule peninsula""".split()
)
FEATURE_WORDS = _FEATURE_WORDS  # read by etl.relations: "Strait of Bonifacio" names no place
_FEATURE = re.compile(
    r"^(?:vallee|valley|bassin|basin|delta|plateau|plaine|plain|golfe|gulf|massif|monts|mountains|chaine"
    r"|cote|coast|lac|lake|fleuve|river|riviere|desert|foret|forest|archipel|archipelago)s? "
    r"(?:de la |de l |du |des |de |d |of the |of )"
)


def _as_feature(r: Lookups, decision: Decision) -> Decision:
    """Places read inside a feature's name go to review; a place whose own name holds the word
    ("Vallée d'Aoste", "Côtes-d'Armor") stays — not a unit named after the feature ("Vallée de la
    Bekaa" matched whole as Baalbek-Hermel's alias "Bekaa" ends it)."""
    why = clause("feature")

    def own(p: Place) -> bool:
        region = r.regions.get(p.region_code or "") if p.kind == "region" else None
        names = (p.name, *(region.aliases if region else ()))
        return any(_FEATURE.match(fold(n)) for n in names)

    return _doubted(decision, lambda p: not own(p), why)


def _lower_unit(r: Lookups, part: Part, decision: Decision) -> Decision | None:
    """ "Province de Taroudant": a unit below the first level, spelled otherwise than its ISO
    name ("Taroudannt", one of Souss-Massa's names), is that first-level unit when the one town of
    the name lies in it and the unit has a name spelled like it — two readings that agree."""
    from rapidfuzz import fuzz

    name = _pattern_name(part.key)
    if name is None or len(decision.places) != 1 or decision.places[0].kind == "region":
        return None
    code = decision.places[0].region_code
    region = r.regions.get(code or "")
    if region is None:
        return None
    alike = [a for a in region.aliases if fuzz.ratio(fold(a), name) >= r.fuzzy_threshold]
    if len(alike) != 1 or r.subdivisions_named(fold(alike[0]), part.country) != (code,):
        return None
    return Decision(places=(r.region_place(code, part.text, clause("lower_unit_alike", unit=alike[0], region=code)),))


def resolve_part(r: Lookups, part: Part, guesses: bool = True) -> Decision:
    decision = _resolve_part(r, part, guesses)
    return _as_feature(r, decision) if decision.places and _FEATURE.match(part.key) else decision


def _resolve_part(r: Lookups, part: Part, guesses: bool = True) -> Decision:
    """The first rule that decides; a part nothing decides names a body or is unresolved. A part
    written as a partner subdivision ("Province du Limbourg") that names none is never taken for
    a town of that name: the rules after the subdivision one may only propose (to review); nor is a
    part naming another partner country ("Rosso-Sénégal" read on the Mauritanian side).
    `guesses=False`: no fuzzy match, no geocoder (names read in running text)."""
    phrase = part.country != "FR" and _pattern(part.key) is not None
    others = set(countries_in(part.text)) - {part.country} if part.country != "FR" else set()
    for rule in FRENCH_RULES if part.country == "FR" else PARTNER_RULES:
        if not guesses and rule in (rule_fuzzy, rule_geocoder):
            continue  # a name read in running text: its spelling, as written, or nothing
        decision = rule(r, part)
        if decision is not None and others and rule in (rule_inside, rule_fuzzy):
            decision = _beside_another_country(decision, others)
        if decision is not None and part.required and decision.places:
            decision = _against_column(r, decision, part.required)
        if decision is not None:
            if phrase and decision.places and _town_district(part):
                return decision  # "Arrondissement de Hoàn Kiếm": a town's district, in the town's unit
            if phrase and decision.places and rule not in (rule_override, rule_subdivision_written, rule_lower_unit,
                                                           rule_lower_unit_town):  # fmt: skip
                lower = _lower_unit(r, part, decision) or rule_lower_unit(r, part)
                if lower is not None:
                    return lower
                why = clause("no_subdivision_matches")
                return _doubted(Decision(places=decision.places, review=decision.review), lambda p: True, why)
            return decision
    if _ORG_WORDS & set(part.tokens) or part.text.isupper():
        return Decision(organisation=True)
    return Decision(unresolved=True)


_SUBDIVISION_PHRASE = re.compile(r"\b(?:" + _INSIDE_WORDS + r")" + _LINK + " ")


def places_in_text(r: Lookups, text: str, country: str) -> list[Place]:
    """Places of `country` a free text names with confidence: subdivision phrases ("la région de
    Krasnoïarsk") and towns written as proper nouns (never a fuzzy guess)."""
    found: dict[str, Place] = {}
    for sentence in re.split(r"[.;:!?()«»\"]+", text):
        for p in _places_in_sentence(r, sentence, country):
            found.setdefault(p.place_id, p)
    return list(found.values())


def _places_in_sentence(r: Lookups, sentence: str, country: str) -> tuple[Place, ...]:
    part = Part.of(sentence, country, frozenset())
    if part is None:
        return ()
    found: dict[str, Place] = {}
    for m in _SUBDIVISION_PHRASE.finditer(part.key):
        words = part.key[m.end() :].split()
        for n in range(min(4, len(words)), 0, -1):
            codes = r.subdivisions_named(" ".join(words[:n]), country, prefer_alias=True)
            if len(codes) == 1:
                found.setdefault(f"region:{codes[0]}", r.region_place(codes[0], sentence, clause("named_in_text")))
                break
    inside = _ngrams(r, part, one_body=False)
    for p in inside[0].places if inside else ():
        found.setdefault(p.place_id, p)
    return tuple(found.values())
