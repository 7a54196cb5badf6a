"""The grammar of relation statements (French and English): which words state a twinning, an
agreement or a partnership, where its two ends are named, whether it is planned, denied or
generic, and since when (pure: text in, statements out; no gazetteer).

A statement is read clause by clause:
- a *trigger* says the kind ("jumelée avec", "villes jumelles", "sister city" → twinning; "accord
  de coopération", "convention", "charte", "memorandum" → agreement; "partenariat", "amitié",
  "coopère avec" → partnership); an agreement "de jumelage" is a twinning;
- a trigger after a negation ("n'est pas jumelée", "pas encore de jumelage", "not twinned",
  "no formal agreement") or by a break ("jumelage rompu", "terminated its agreement") states
  nothing; nor does a generic one ("comité de jumelage", "des jumelages", "twinning
  associations", "en partenariat avec le Festival"), nor an idiom ("d'un commun accord");
  "suspendu" keeps the relation, without a year;
- the ends: a pair right after the trigger ("entre X et Y", "des villes de X et Y",
  "between X and Y", "X – Y"), else the proper names of the clause (the nearest before it and
  those joined to it, all after it to the next comma, the next relation word or an "et" starting
  another verb), else an earlier name of the sentence that is no other relation's object;
  without venues ("à Paris", "in Lyon"), streets, universities ("Rennes 1"), country names and
  adjectives; a body named before its place ("l'Opéra Nice Côte d'Azur") gives the place; a
  state after a comma ("Alexandria, Virginia") says where the town is; nor names that say where
  or what another is ("la capitale du Jalisco", "sur les rives du Mississippi", "en présence du
  délégué du Québec", "Coimbra, au Portugal"); after a phrase before the main clause ("Jumelée
  avec X, …, la ville de Y …", "Par un accord signé en 2012, X et Y …") its subject;
  a possessor ("Bordeaux's twin city of Porto"); the year said of one end ("… and with
  Chongqing since 1982", "cette dernière depuis 1981");
- a clause naming no end may *refer* to the listing's actors ("du jumelage", "leur jumelage",
  "les deux villes", "the two cities", "villes jumelles", "anniversaire"); a described partner
  ("sa ville jumelle", "its Brazilian partner state") is the listing's partner actor;
- since-year: "depuis 1985", "signé en 2003", "jumelées en 1975", "since 1992", "40 ans de
  jumelage", "depuis 20 ans", "60e anniversaire" (counted back from the year the document was
  written, or from the year the sentence names: "fêté en 2020 son 50e anniversaire" → 1970);
  "plus de 15 ans" gives none; a planned relation has none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from etl.normalize import clean_text, fold
from etl.place_rules import FEATURE_WORDS, LOWER_KIND_WORDS
from etl.reference import adjective_words, is_french, kind_words, load_countries

TWINNING, AGREEMENT, PARTNERSHIP = "twinning", "cooperation_agreement", "partnership"
KIND_RANK = {TWINNING: 0, AGREEMENT: 1, PARTNERSHIP: 2}

_DOC = (
    r"(?:accords?|conventions?|chartes?|protocoles?|memorandums?|memoranda|pactes?|traites?|serments?|ententes?"
    r"|protocols?|charters?|pacts?|treat(?:y|ies))"
)
_TRIGGERS = (
    (
        TWINNING,
        re.compile(
            rf"\b(?:{_DOC} (?:de |d )?jumelage|(?:twinning|sister cit(?:y|ies)|twin towns?|twin cit(?:y|ies)) (?:{_DOC}|agreements?)"
            r"|twinning (?:agreements?|charters?|oaths?)"
            r"|jumel(?:age|ages|ee|ees|es|e|er|ent|ons|erent)|villes? jumelles?|cites? jumelles?|regions? jumelles?"
            r"|jumelles?|twin (?:towns?|cit(?:y|ies)|regions?)|twinned|twinnings?|(?<=\bto )twin"
            r"|sister (?:cit(?:y|ies)|towns?|regions?|provinces?|prefectures?|states?)|villes? soeurs?)\b"
        ),
    ),
    (
        AGREEMENT,
        re.compile(
            rf"\b(?:memorandum of understanding|{_DOC}(?: d accord)?(?:(?: (?:de |d |of )?(?:cooperation|partenariat|amitie|collaboration"
            r"|entente|intention|cadre|echange|friendship|partnership|understanding)s?){1,2}(?: (?:et|and) (?:de |d )?(?:cooperation|partenariat|amitie|collaboration|echanges?|partnership|friendship|exchanges?))?"
            r"(?: (?!et\b|and\b|avec\b|entre\b|with\b|between\b)\w+)?)?"
            r"|(?:(?:decentrali[sz]ed |bilateral |municipal )?(?:cooperation|partnership|friendship|framework|bilateral)"
            r" (?:agreements?|charters?|conventions?|protocols?|pacts?|memorand\w*))"
            r"|agreements? (?:of|on|for) (?:cooperation|friendship|partnership)|memorandum of understanding"
            r"|\bmou\b|agreements?|declarations? (?:commune )?d intention|lettres? d intention|declarations? of intent"
            r"|letters? of intent)\b"
        ),
    ),
    (
        PARTNERSHIP,
        re.compile(
            r"\b(?:partenariats?|relations? (?:d amitie|de cooperation|de partenariat|privilegiees|amicales)"
            r"|amitie|friendship|partnerships?|villes? partenaires?|villes? amies?|cites? amies?|regions? partenaires?|collectivites? partenaires?"
            r"|communes? partenaires?|communes? jumelles?"
            r"|partner (?:cit(?:y|ies)|towns?|regions?|municipalit(?:y|ies)|provinces?)"
            r"|entretien\w* des (?:relations|cooperations)|friendly (?:relations|ties)|ties of friendship|(?:collabor|coopere)\w*(?: \w+){0,3}? avec|cooperat\w*(?: \w+){0,3}? with"
            r"|collaborat\w*(?: \w+){0,3}? with|partenaires? (?:(?:historiques?|privilegiee?s?|fideles?|traditionnel(?:le)?s?|principa(?:l|le|ux|les)|de longue date) )?(?:de|du|des)|partners? of|partners? (?:for|since)|partnered with|partenaires? depuis|cooperent|collaborent|cooperate[sd]?|collaborate[sd]?"
            r"|work(?:ed|ing)? together|travaillent ensemble|(?:leur|notre|their|our) cooperation|cooperation)\b"
        ),
    ),
)
# a word that is a document ("convention", "charte") states an agreement only as a relation between
# two named ends or the listing's actors: "convention citoyenne" is not one (checked by the caller)

_NEGATION_BEFORE = frozenset(
    "pas plus jamais sans aucun aucune ni not no never nor neither without non cherche recherche cherchent "
    "recherchent seeking seek looking ni".split()
)
_BREAK_AFTER = re.compile(
    r"\b(?:pris fin|prend fin|came to an end|rompue?s?|dissoute?s?|dissous|annulee?s?|abandonnee?s?|broken|broke off"
    r"|ended|terminated|cancelled|canceled|dissolved|revoked|stalled|collapsed|failed|echouee?s?|enlisee?s?"
    r"|abandoned|shelved|called off|dropped"
    r"|denoncee?s?|resiliee?s?|revoquee?s?|caduque?s?|lapsed|expired|renounced|denounced|rescinded"
    r"|(?:a|ont|est|sont|etait|etaient) expire(?:e|s|es)?|expirees?"  # not "expire en 2030": it still holds
    r"|(?:(?:est|sont|etait|etaient) arrivee?s?|arrivees?) a (?:son |leur )?(?:echeance|terme)"  # not "arrive à échéance en 2030"
    r"|(?:was|were|has been|have been|a ete|ont ete|fut) (?:\w+ )?(?:rejected|rejetee?s?|refused|refusee?s?|turned down))\b"
)
_BREAK_BEFORE = re.compile(
    r"\b(?:terminated|ended|broke off|cancelled|canceled|revoked|a rompu|ont rompu|a mis fin a"
    r"|ont mis fin a|mis fin aux?|mettre fin aux?|a denonce|ont denonce|a resilie|ont resilie|mettre fin a|rompre"
    r"|a rejete|ont rejete|rejected|a refuse|ont refuse|refused|turned down|declined"
    r"|mis fin (?:(?:en|in) \d{4} )?a|dement|dementent|denies|denied|deny)\b"
)
_GENERIC_BEFORE = frozenset(
    "comite comites association associations committee committees federation maison office fete festival "
    "semaine journee journees forum salon rencontre rencontres reseau network".split()
)
_POSSESSIVE = frozenset(
    "son sa ses leur leurs notre nos its their our his her the deux trois two three both ces these cette this".split()
)
_GENERIC_AFTER = re.compile(
    r"^(?:associations?|committees?|comites?|clubs?|de la region|du departement|de la ville|de france|d europe|du monde|de l agglomeration"
    r"|of the region|in the region|de nos regions|reports?|rapports?|newsletters?|bulletins?|guides?|summits?"
    r"|conferences?|networks?|reseaux?)\b"
)
_BODY_AFTER = frozenset("International Internationale Association Network Federation Fédération Foundation".split())
_COORGANISED = re.compile(r"\b(?:en|in) (?:partenariat|collaboration|partnership|cooperation) (?:avec|with)$")
_NEGATION_AFTER = frozenset("not pas jamais never".split())
_NEGATION_ANYWHERE = frozenset("never jamais neither".split())
_SUSPENDED = re.compile(r"\b(?:suspendue?s?|suspended|gele(?:e|s|es)?|frozen|en sommeil|dormant|on hold)\b")
_LINKED = frozenset(
    "lie liee lies liees lient liant relie relient unit unissent unissant linked linking links unites uniting "
    "binds binding jumelee jumelees jumele jumeles".split()
)
_PARTICIPLE = re.compile(
    r"^(?:signee?s?|signed|conclue?s?|concluded|etablie?s?|established|ratifiee?s?|ratified"
    r"|scelle(?:e|s|es)?|sealed|renouvelee?s?|renewed)$"
)
_PLURAL_GENERIC = re.compile(
    r"^(?:jumelages|partenariats|twinnings|partnerships|accords|agreements|conventions|chartes)$"
)
_REFERS = re.compile(
    r"\b(?:du jumelage|de jumelage|de leur jumelage|leur jumelage|son jumelage|sa ville jumelle|ses villes jumelles"
    r"|(?:les|des|nos|de nos|aux) deux (?:villes|collectivites|regions|communes|territoires|partenaires|departements|capitales)"
    r"|(?:the|our|of the|both) two (?:[a-z]+ )?(?:cities|towns|regions|municipalities|partners|local authorities|authorities|states|capitals)"
    r"|both (?:cities|towns|regions|municipalities|partners|local authorities|authorities|councils)"
    r"|their (?:twinning|partnership|friendship|agreement)|the (?:twinning|partnership|agreement)"
    r"|villes jumelles|twin towns|twin cities|sister cities|anniversaire|anniversary|ans de|years of"
    r"|ses partenaires|son partenaire|sa ville partenaire|its partners?|their partners?"
    r"|(?:une|sa|la) ville (?!de\b|du\b|des\b)[a-z]+e\b|(?:un|le|son) partenaire [a-z]+"
    r"|(?:l|cet|cette|ce|leur|son|sa) (?:accord|convention|charte|partenariat|jumelage|amitie)"
    r"|this (?:twinning|agreement|partnership|friendship|cooperation)|(?:cette|notre|leur) cooperation"
    r"|(?:department|region|city|town|municipality|province|state|prefecture|county) s partners?"
    r"|partenaires? (?:du departement|de la region|de la ville|de la commune|de la province)"
    r"|(?:notre|nos|sa|ses|leur) (?:villes? (?:jumelles?|partenaires?|soeurs?)|partenaires?)"
    r"|our (?:\w+ )?(?:sister|twin|partner) (?:cit(?:y|ies)|towns?|regions?)|the partner (?:city|town|region)"
    r"|(?:les|des|aux) deux maires|(?:both|the two) mayors"
    r"|(?:the|our|les|nos) (?:two|deux) (?:partner|sister|twin) (?:cities|towns)|(?:les|nos) deux villes (?:partenaires|jumelles)"
    r"|(?:la|notre|sa) (?:commune|collectivite|region) (?:partenaire|jumelle)|the partner (?:municipality|state|province))\b"
)

_DESIGNATES = re.compile(  # the partner described, not named: its actor cell says which place it is
    r"\b(?:(?:sa|notre|leur|ses|nos|leurs|its|our|their|s) (?:[a-z]+ )?(?:villes?|cit(?:y|ies)|towns?|regions?|states?"
    r"|provinces?|communes?) (?:jumelles?|partenaires?|soeurs?)|(?:its|our|their|s) (?:[a-z]+ )?(?:twin|sister|partner)"
    r" (?:cit(?:y|ies)|towns?|regions?|states?|provinces?|municipalit(?:y|ies)))\b"
)
_POSSESSIVE_FORWARD = frozenset("its their son sa ses leur leurs".split())
_DETERMINERS = frozenset(
    "la le les l un une des du the a an this that these ce cet cette ces son sa ses leur leurs its their our notre nos".split()
)
_LATTER = re.compile(
    r"\b(?:cette derniere|ce dernier|celle ci|celui ci|the latter|the last) (?:\w+ ){0,3}?(?:depuis|since|en|in) (1[89]\d\d|20\d\d)\b"
)
_SUSTAINED = frozenset("entretient entretiennent entretenons maintient maintiennent maintains maintain".split())
_COOPERATION_VERB = re.compile(r"^(?:collabor\w*|cooper(?:e|ent|ate|ates|ating|ated|ons)|work|travaillent)\b")
_DURATION = re.compile(
    r"\b(?:depuis|since|ans|years|anniversaire|anniversary|de longue date|longstanding|long standing)\b"
)
_INSTITUTION = frozenset(
    "lycee college ecole universite institut musee rue avenue boulevard place quai stade theatre hopital gymnase "
    "fondation centre parc salle pont gare hotel opera orchestre prix trophee school university college museum "
    "street avenue square stadium theatre hospital foundation park hall bridge station prize cup coupe "
    "restaurant cafe residence maire mayor president m mme mr mrs monsieur madame cathedrale eglise basilique "
    "chapelle abbaye temple mosquee synagogue cathedral church basilica chapel abbey mosque".split()
)
_PLACE_HEADS = frozenset(
    "ville villes city cities commune communes town towns municipalite municipalites municipality metropole "
    "agglomeration communaute district region regions province provinces prefecture prefectures oblast "
    "departement state etat land gouvernorat wilaya comte county canton republique krai okrug voivodie cercle "
    "arrondissement governorate municipio comuna departamento estado parish paroisse emirat emirate kreis".split()
)
# Words of what is no unit although some country calls a kind of unit so (an island, a capital, an area)
_NOT_HEADS = frozenset(
    "administration administrations capital capitale capitales capitals countries country nation nations island "
    "islands atoll area areas zone zones quarter quarters quartier quartiers division divisions entite entites "
    "entity entities subdivision subdivisions dependance dependances dependency dependencies condominium "
    "circonscription circonscriptions popularate popularates".split()
)
# and the kinds of every country's units, in one word ("le județ de Sibiu", "la voblasts de …"), and
# of units below the first level ("le cercle de Yélimané", "Kabupaten Gianyar"), are heads too
_PLACE_HEADS = _PLACE_HEADS | frozenset(
    w for w in (*kind_words(), *LOWER_KIND_WORDS) if " " not in w and len(w) >= 5 and w not in _NOT_HEADS
)
# Heads joined to their name by "of" ("the Department of Antioquia", "State of Guanajuato"): one
# name, never the head alone nor the name alone (Antioquia is also a town's other name)
OF_HEADS = _PLACE_HEADS | frozenset(
    "department departments states counties municipalities governorates districts cantons republic borough".split()
)
_ARTICLES = frozenset("la le les l".split())
_MONTHS = frozenset("janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split())
_DESCRIBED = frozenset(
    [
        "capitale",
        "capital",
        "chef lieu",
        "chefs lieux",
        "rive",
        "rives",
        "bord",
        "bords",
        "bank",
        "banks",
        "shore",
        "shores",
        "vallee",
        "valley",
        "bassin",
        "basin",
        "embouchure",
        "mouth",
    ]
)
_STREET = frozenset("rue avenue boulevard place quai pont gare street square".split())
_COMPLEMENT = frozenset("de d du des pour sur on of for relatif relative relatifs concerning concernant".split())
_CLAUSE_WORDS = frozenset("mais but tandis whereas while alors cependant however toutefois".split())
_STOPS_TEXT = ".;!?"
_STOPS = frozenset([*".;!?[]", "«", "»"])  # a title in guillemets is a clause of its own; straight quotes are not
_CONNECTORS = frozenset(
    "de du des d la le les l sur sous en les lès am an der im upon on y del da do dos das di".split()
)
_VENUE = frozenset("a au aux en in at to vers lors pendant during from depuis dans".split())
_FUNCTION = frozenset(
    "la le les l un une des de du d the a an of au aux en in at et and ou or a depuis dans pour par avec with "
    "for since entre between lors ce cette ces this these that its their son sa ses leur leurs notre nos our "
    "celebration celebrations signature signing anniversaire anniversary jumelage twinning partenariat "
    "partnership accord agreement convention charte charter cooperation amitie friendship rencontre "
    "rencontres meeting visite visit festival exposition exhibition forum semaine week journee journees day "
    "days fete mission programme program projet project poursuite renouvellement renewal echange echanges "
    "exchange exchanges delegation conference colloque seminaire seminar cours course ateliers atelier "
    "workshop concert saison season annee year mois month printemps ete automne hiver spring summer autumn "
    "winter janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre january "
    "february march april may june july august september october november december il elle ils elles "
    "they we nous on both signataires signatories besides quant fort forte grace sister sisters twin twins twinned towns cities city town partner partners memorandum "
    "protocol pact treaty charter agreements accords conventions chartes partenaires jumelles jumelees jumelee "
    "bourse bourses echanges lundi mardi mercredi jeudi vendredi samedi dimanche m mme mr mrs dr pr".split()
)
_TOKEN = re.compile(
    r"(?i:[dljmnstc]|qu)['’](?=[^\W\d_])"  # an elision: d', l', qu'
    r"|[^\W\d_]+(?:[-'’](?![sS]\b)[^\W\d_]+)*"
    r"|\d+(?:er|e|eme|ème|th|st|nd|rd)?\b"
    r"|[.;:!?()\[\]«»\u201c\u201d\"]|[,]|[–—/]|-"
)


@dataclass(frozen=True)
class Name:
    text: str
    start: int  # token index: the order of the names in the sentence
    qualifier: str = ""  # what brackets right after it say ("Shirakawa (Fukushima)"): evidence of where
    comma_next: str = ""  # the name right after a comma ("Alexandria, Virginia"): maybe where it is
    after_comma: bool = False  # it follows another name and a comma: maybe only where that one is
    article: str = ""  # the article a contraction before it holds ("du Havre": "Le"; "des Sables": "Les")
    where: str = ""  # the words after it that may name its country ("Yokosuka (Japan)", "Koudougou, au Burkina Faso")
    opening: bool = False  # it opens the sentence or a phrase (after a dash, a colon): maybe only a capital letter
    since: int | None = None  # a year said of it alone ("… and with Chongqing since 1982")


@lru_cache(maxsize=1)
def _all_country_words() -> frozenset[str]:
    return frozenset(w for c in load_countries().values() if not is_french(c) for w in c.words)  # Mayotte is a place


def _country_name(key: str) -> bool:
    """A country's name ("la France", "the United States") is no end of a relation between towns."""
    words = key.split()
    return key in _all_country_words() or (len(words) > 1 and words[0] in _ARTICLES | {"the"}
                                            and " ".join(words[1:]) in _all_country_words())  # fmt: skip


def _comma_next(toks: list[_Tok], j: int, hi: int) -> str:
    if j + 2 <= hi and toks[j + 1].text == "," and _is_name(toks[j + 2]) and toks[j + 2].key not in _FUNCTION:
        end = j + 2
        while end + 1 <= hi and _is_name(toks[end + 1]) and toks[end + 1].key not in _FUNCTION:
            end += 1
        return " ".join(t.text for t in toks[j + 2 : end + 1])
    return ""


def _where(toks: list[_Tok], j: int) -> str:
    """What follows a name and may say its country: a bracket ("(Japan)"), or "au", "en", "in"
    with a name, after a comma or not ("…, au Burkina Faso", "Covilhã in Portugal"); the caller
    keeps it only when it is a country's name alone (`relations._named_country`)."""
    at = j + 2 if j + 1 < len(toks) and toks[j + 1].text == "," else j + 1  # "…, au Burkina Faso", "Seto in Japan"
    if at + 1 < len(toks) and toks[at].key in {"au", "aux", "en", "in"} and (at == j + 2 or _is_name(toks[at + 1])):
        end = at + 1
        while end + 1 < len(toks) and (_is_name(toks[end + 1]) or toks[end + 1].key in _CONNECTORS):
            end += 1
        return " ".join(t.text for t in toks[at + 1 : end + 1])
    return _qualifier(toks, j)


_CONTRACTED = {"du": "Le", "au": "Le", "des": "Les", "aux": "Les"}
_CIRCUMSTANCE = frozenset("lors during presence occasion".split())


def _circumstance(toks: list[_Tok], start: int, lo: int, skip) -> bool:
    """A name inside a phrase of circumstance ("lors de la foire de Shanghai", "en présence du
    délégué du Québec", "during the visit to Kyoto"): where or before whom, not a party."""
    for k in range(start - 1, max(lo, start - 7) - 1, -1):
        if k in skip or toks[k].text in ",;:()" or _is_name(toks[k]) and toks[k].key not in _FUNCTION:
            return False
        if toks[k].key in _CIRCUMSTANCE:
            return True
    return False


_OPENERS = frozenset([*_STOPS_TEXT, ":", "–", "—", "-", "(", "«", "\u201c", '"'])


def _past_bracket(toks: list[_Tok], k: int) -> int:
    """The token after a short bracket opening at k ("Marburg (Hesse) depuis 1961"), else k."""
    if k < len(toks) and toks[k].text == "(":
        return next((m + 1 for m in range(k, min(len(toks), k + 8)) if toks[m].text == ")"), k)
    return k


_DATING = (("since",), ("depuis",), ("dating", "from"), ("datant", "de"))  # a name's own year follows


def _dated(toks: list[_Tok], k: int) -> tuple[int, int] | None:
    """(the year, the token after it) of "since 1974", "dating from 1965", "depuis 1961" at k."""
    for words in _DATING:
        end = k + len(words)
        if end < len(toks) and tuple(t.key for t in toks[k:end]) == words \
                and re.fullmatch(r"1[89]\d\d|20\d\d", toks[end].text):  # fmt: skip
            return int(toks[end].text), end + 1
    return None


def _own_year(toks: list[_Tok], j: int) -> int | None:
    """ "… with Atlanta since 1974 and with Chongqing since 1982", "with Saarbrücken, dating from
    1965, and with Tbilisi, dating from 1979": the year right after a name (or its bracket, or a
    comma)."""
    k = _past_bracket(toks, j + 1)
    found = _dated(toks, k) or (_dated(toks, k + 1) if k < len(toks) and toks[k].text == "," else None)
    if found is None and j + 1 < len(toks) and toks[j + 1].text == "(":  # "Bristol (since 1947)"
        found = _dated(toks, j + 2)
        found = found if found and found[1] < len(toks) and toks[found[1]].text == ")" else None
    return found[0] if found else None


_NAME_ARTICLES = frozenset("des de del el los las al den het di da".split())  # capitalised inside a sentence


def _qualifier(toks: list[_Tok], j: int) -> str:
    if j + 2 < len(toks) and toks[j + 1].text == "(":
        end = next((k for k in range(j + 2, min(len(toks), j + 8)) if toks[k].text == ")"), None)
        if end:
            return " ".join(t.text for t in toks[j + 2 : end])
    return ""


@dataclass(frozen=True)
class Statement:
    kind: str
    trigger: str  # the words that state it, as written
    clause: str  # the clause as written: the quoted evidence
    names: tuple[Name, ...]  # proper names around the trigger, in order
    pair: tuple[Name, ...]  # two names a pattern joins ("entre X et Y", "X – Y"), the ends if on two sides
    refers: bool  # no end named, but the words refer to the listing's actors
    status: str | None  # planned | signed | None (read by etl.partnerships.read_status)
    status_words: str
    since_year: int | None
    since_words: str
    since_stated: bool = False  # the text names the year itself
    farther: tuple[Name, ...] = ()  # names earlier in the sentence, nearest first: the subject of a later clause
    suspended: bool = False  # "suspendu depuis 2022": still a relation, its start not said
    pair_only: bool = False  # "Coopération X – Y": a relation only when the pattern names one place on each side
    designates: bool = False  # "sa ville jumelle", "its partner state": the partner is the listing's actor
    later: tuple[Name, ...] = ()  # "Besides its twinning with X, Dijon …": the subject after the clause
    refers_sentence: bool = False  # the sentence refers to the actors ("…, les deux régions lancent …")
    objects: tuple[Name, ...] = ()  # the names after the trigger: its objects, when it has any
    at: int = -1  # the trigger's first token: names before it are its subject, after it its objects


@dataclass(frozen=True)
class Rejected:
    """A trigger that states no relation, and why (for the evaluation and the data-quality page)."""

    trigger: str
    clause: str
    reason: str  # negation | broken | generic


@dataclass(frozen=True)
class _Tok:
    text: str
    key: str
    start: int  # char offset in the text
    end: int


def tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        key = fold(t) or t
        out.append(_Tok(t, key, m.start(), m.end()))
    return out


def _is_name(tok: _Tok) -> bool:
    c = tok.text[0]
    if not c.isalpha():
        return False
    return c.isupper() or not c.islower()  # a capital, or a script without case (kanji, hangul, arabic)


def sentences(text: str) -> list[str]:
    """Sentences of a text (a listing's title and description, a report's paragraph)."""
    text = clean_text(text)
    parts = re.split(r"(?<=[.!?;])\s+(?=[\"«\u201c(]?[A-ZÀ-ÖØ-Þ0-9])|\n+|(?<=\S)\s+[•·]\s+", text)
    return [p.strip() for p in parts if p and p.strip()]


_PLANNED = re.compile(
    r"\b(?:prepar\w*|(?:souhait|wish|hope|esper|aimerai)\w*(?: \w+){0,3}? (?:signer|conclure|formaliser|developper|creer"
    r"|etablir|nouer|lancer|sign|conclude|formali[sz]e|develop|create|establish|launch)|would like to (?:sign|develop)"
    r"|negoci\w*|negotiat\w*|volonte de|intention de|drafts?(?: \w+)? (?:agreement|charter|convention|memorandum|protocol)"
    r"|(?:avant )?projet (?:d |de )(?:accord|convention|charte|protocole)|opened talks|a engage des discussions"
    r"|intends? to|plans? to|prochainement|bientot(?! (?:\w+ )?(?:cinquantenaire|centenaire|quadragenaire|anniversaire|\d))|working towards?|with a view to|procedure de|demarches? (?:de|en vue)"
    r"|engage (?:une |la )?procedure|due to be signed|to be signed|will be signed|doit etre signee?|sera signee?|vers (?:un|une|le|la) (?:\w+ ){0,2}?(?:accord|convention|charte|jumelage|partenariat)"
    r"|towards? (?:a |an |the )?(?:\w+ ){0,2}?(?:twinning|agreement|partnership|charter|memorandum)|signer|signera|signeront|to sign|will (?:\w+ )?sign|en vue d|en vue de (?:la )?(?:signature|conclusion|formalisation|creation)|vers (?:le |un )?jumelage|towards? (?:a |the )?twinning"
    r"|projet d(?:e |u |')\s*(?:jumelage|accord|convention)|futur(?:e|s)? (?:jumelage|accord|convention)"
    r"|future (?:twinning|agreement|sister|twin|partnership)|(?:jumelage|accord|convention) (?:prevue?|envisagee?|a signer)"
    r"|(?:twinning|agreement) (?:planned|to be signed)|planned|envisag\w*|en cours de signature"
    r"|signature prevue|devrait etre signee?|en projet|a l etude|en preparation|being prepared|in preparation"
    r"|(?:explore|exploring|study|studying|consider|considering) (?:a |the )?(?:possible )?(?:twinning|sister|partnership|agreement)|should be signed|is to be signed|proposed (?:twinning|agreement)"
    r"|will be (?:formally |officially )?(?:twinned|linked|signed)|principe d (?:un|une) (?:jumelage|accord|convention|charte)"
    r"|(?:approuve|vote|adopte)\w* (?:\w+ ){0,4}?(?:la )?signature"
    r"|(?:signature|conclusion|formalisation) prochaine|prochaine (?:signature|conclusion)"
    r"|(?:est|sont|sera|seront) (?:prevue?s?|programmee?s?)|programmee?s? (?:a|en|pour|lors)"
    r"|finalisent|finalisons|finalising|finalizing|en cours de finalisation|being finali[sz]ed|being drafted"
    r"|(?:have|has) agreed (?:in principle )?to|agreed in principle|(?:ont|a) convenu de"
    r"|will (?:\w+ )?become (?:twin|sister|partner)|deviendront (?:villes? )?(?:jumelles?|partenaires?)"
    r"|proposition de (?:jumelage|accord|convention|charte)|propos\w* (?:for|of) a (?:twinning|agreement)"
    r"|(?:twinning|partnership|cooperation|agreement) talks|(?:is|are) expected to|expected to lead to|pourparlers"
    r"|devrai(?:en)?t aboutir|(?:possible|potential|eventuel(?:le)?s?|potentiel(?:le)?s?) (?:\w+ )?(?:twinning|jumelage|agreement"
    r"|accord|convention|charte|charter|partnership|partenariat|cooperation|sister)|(?:talks|discussions?) (?:are |is )?under way"
    r"|in talks|discussions? en cours|en discussion|in principle|en principe|vote de principe"
    r"|(?:vote[sd]?|decided|agreed|plans?|intends?|wants?|wish\w*|hopes?|proposals?) (?:\w+ ){0,3}?to twin"
    r"|(?:devrai\w*|doivent|doit|vont|va|comptent|entendent|pourraient|should|are to|is to) (?:\w+ ){0,2}?"
    r"(?:officialiser|formaliser|sceller|concretiser|formali[sz]e|officiali[sz]e|seal))\b"
)
_SIGNING = re.compile(  # a signing named as an event: to come, in a year's programme
    r"\b(?:signature (?:prevue )?d(?:e |u |es | |')\s*(?:l |la |le |un |une )?(?:accord|convention|charte|jumelage|protocole|memorandum)"
    r"|signing (?:of |ceremony)(?:the |an? )?)"
)
_SIGNED = re.compile(
    r"\b(?:jumelee?s?|jumelles?|twinned|sister cit(?:y|ies)|depuis|since|anniversaire|anniversary"
    r"|relations? de jumelage|twinning relations?|(?:son|sa|leur|notre) jumelage|(?:its|their|our) twinning"
    r"|ans de jumelage|years of twinning|a signe|ont signe|signee?s? en \d+|signed (?:in|on) (?:\d+|[a-z]+ \d+)|has signed|have signed"
    r"|renouvellement|renewal|renewed|dans le cadre de l accord|under the agreement|met en oeuvre des accords"
    r"|a formalise|formalised|formalized|jumelage actif|active twinning)\b"
)


_AIMS = ("en vue d", "with a view to", "toward", "vers ")  # a plan's words naming what a signed text aims at

_BARE_RELATION = re.compile(  # a relation word a plan may take as its object ("to formalise their twinning")
    r"jumelee?s?|jumelles?|twinned|sister cit(?:y|ies)|(?:son|sa|leur|notre|its|their|our) (?:jumelage|twinning)"
)


def read_status(evidence: str, programme: bool = False) -> tuple[str | None, str]:
    """Whether the evidence says the agreement is planned or signed, and the words saying it.

    `programme`: the quote comes from a year's programme (a catalogue), where a signing named
    as an event ("Signature de l'accord …") is still to come. Both readings at once → None.
    """
    text = fold(clean_text(evidence))
    planned = _PLANNED.search(text) or (_SIGNING.search(text) if programme else None)
    signed = _SIGNED.search(text)
    if (planned and signed and planned.start() < signed.start() and _BARE_RELATION.fullmatch(signed.group(0))
            and len(text[planned.end() : signed.start()].split()) <= 3):  # fmt: skip
        return "planned", planned.group(0)  # "plans to become a sister city of Nara": the plan's object
    if planned and signed and signed.start() < planned.start() and planned.group(0).startswith(_AIMS):
        return "planned", planned.group(0)  # "a signé une lettre d'intention en vue d'un jumelage": what is aimed at
    if planned and signed:
        return None, f"{planned.group(0)} / {signed.group(0)}"
    if planned:
        return "planned", planned.group(0)
    if signed:
        return "signed", signed.group(0)
    return None, ""


_YEAR = r"((?:19|20)\d\d)"
_MONTH = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february"
    r"|march|april|may|june|july|august|september|october|november|december)"
)
_SINCE_EXACT = (
    re.compile(rf"\b(?:depuis|since|des)\s+(?:l an |l annee |the year |le )?{_YEAR}\b"),  # not "les années 1960"
    re.compile(
        r"\b(?:signee?s?|signed|conclue?s?|concluded|jumelee?s?|twinned|etablie?s?|established|creee?s?|created"
        r"|engagee?s?|lancee?s?|initiee?s?|launched|initiated|started|begun"
        r"|founded|fondee?s?|nouee?s?|formalisee?s?|formalised|formalized|inauguree?s?|scelle(?:e|s|es)?|sealed)"
        rf"\s+(?:(?:le|on)\s+(?:\d{{1,2}}(?:er)?\s+)?[a-z]+\s+(?:\d{{1,2}}\s+)?)?(?:en|in)?\s*{_YEAR}\b"
    ),
    re.compile(
        rf"\b(?:jumelage|accord|convention|charte|agreement|twinning|partenariat|partnership)\s+(?:de|of)\s+{_YEAR}\b"
    ),
    re.compile(
        rf"\b(?:its|their|the|son|sa|leur|l|le|la)\s+{_YEAR}\s+(?:[a-z]+\s+)?(?:agreement|twinning|accord|convention"
        r"|charter|charte|memorandum|protocol|partnership|friendship)"
    ),
    re.compile(rf"\b(?:signee?s?|signed|conclue?s?|concluded)\b(?:\s+[a-z]+){{1,10}}?\s+(?:en|in)\s+{_YEAR}\b"),
    re.compile(
        rf"\b(?:began|begun|started|dates? back to|dates? from|dating from|goes back to|remonte a|a (?:debute|commence) en|date de|datant de"
        rf"|nee? en|born in)\s+(?:in\s+)?{_YEAR}\b"
    ),
    re.compile(
        rf"^(?:en|in|(?:le|on) \d{{1,2}}(?:er|st|nd|rd|th)? {_MONTH}|on {_MONTH} \d{{1,2}}(?:st|nd|rd|th)?)\s+{_YEAR}"
        r"\s+(?:[a-z]+\s+){0,12}?(?:a|ont|has|have)?\s*(?:signe|signed|conclu|concluded)\b"
    ),
)
_ANNIVERSARY = re.compile(
    r"\b(\d{1,3})\s*(?:e|eme|ieme|er|th|st|nd|rd)\s+(?:[a-z]+\s+){0,2}?(?:anniversaire|anniversary)\b"
)
_YEARS_OF = (
    re.compile(
        r"\b(\d{1,3})\s+(?:ans|annees|years)\s+(?:de|d|du|des|of)\s+(?:(?:leur|notre|son|ce|cet|their|our|its|this)\s+)?"
        r"(?:jumelage|cooperation|partenariat|amitie"
        r"|relations?|twinning|friendship|partnership|sister)"
    ),
    re.compile(
        r"\b(?:depuis|since|for|voici|il y a|depuis maintenant|depuis deja)\s+(\d{1,3})\s+(?:ans|annees|years)\b"
    ),
    re.compile(
        r"\b(?:jumelees?|twinned|partenaires?|partners?|twin cities|sister cities|twin towns)\s+(?:depuis|for)"
        r"\s+(\d{1,3})\s+(?:ans|annees|years)\b"
    ),
    re.compile(
        r"\b(?:fete\w*|celebr\w*|marks?|marque\w*)\s+(?:ses|leurs|son|its|their|les|the)\s+(\d{1,3})\s+(?:ans|years)\b"
    ),
    re.compile(r"\b(\d{1,3})\s+(?:ans|years)\s+(?:as|comme|en tant que)\s+(?:sister|twin|partner|villes|partenaires)"),
)
_IN_YEAR = re.compile(rf"\b(?:en|in)\s+{_YEAR}\b")
_NEXT_YEAR = re.compile(r"\b(?:l an prochain|l annee prochaine|next year)\b")
_LAST_YEAR = re.compile(r"\b(?:l an dernier|l annee derniere|l an passe|l annee passee|last year)\b")
_VAGUE = re.compile(
    r"\b(?:plus de|more than|over|pres de|nearly|about|environ|quelque|quelques|almost|presque"
    r"|around|une|un|dizaine|some|several|plusieurs|many|de nombreuses|longtemps)\s+$"
)


def _number_words() -> tuple[dict[str, int], dict[str, int]]:
    """Cardinal and ordinal number words to 99, French and English ("trente", "thirtieth")."""
    fr = dict(zip("un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split(),
                  range(1, 17), strict=True))  # fmt: skip
    en = dict(zip(("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                   "seventeen eighteen nineteen").split(), range(1, 20), strict=True))  # fmt: skip
    fr_tens = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
    en_tens = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}  # fmt: skip
    cardinal: dict[str, int] = {**fr, **en, **fr_tens, **en_tens}
    for tens in (fr_tens, en_tens):
        units = fr if tens is fr_tens else en
        for t, tv in tens.items():
            for u, uv in units.items():
                if uv < 10:
                    cardinal[f"{t} {u}"] = tv + uv
            if tens is fr_tens:
                cardinal[f"{t} et un"] = tv + 1
    ordinal: dict[str, int] = {}
    en_irregular = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                    "nine": "ninth", "twelve": "twelfth"}  # fmt: skip
    for words, value in cardinal.items():
        head, _, last = words.rpartition(" ")
        if last in en or last in en_tens:
            form = en_irregular.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
        else:
            form = {"un": "unieme", "cinq": "cinquieme", "neuf": "neuvieme"}.get(last) or last.rstrip("e") + "ieme"
        ordinal[f"{head} {form}".strip()] = value
    return cardinal, ordinal


_CARDINAL, _ORDINAL = _number_words()
_NUMBER_PHRASE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, {*_CARDINAL, *_ORDINAL}), key=len, reverse=True)) + r")\b"
    r"(?=\s+(?:[a-z]+\s+)?(?:ans|annees|years|anniversaire|anniversary)\b)"
)


def _digits(text: str) -> str:
    """Number words before "ans", "years", "anniversaire" written as digits ("trentième" → "30e")."""

    def one(m: re.Match) -> str:
        w = m.group(1)
        return f"{_ORDINAL[w]}e" if w in _ORDINAL else str(_CARDINAL[w])

    return _NUMBER_PHRASE.sub(one, text)


def since_year(clause: str, written_year: int | None, context: str = "") -> tuple[int | None, str, bool]:
    """The year a relation began, from the clause stating it and the year it was written; with
    the words that say it and whether the text names the year itself ("depuis 1985", "fêté en
    2020 son 50e anniversaire") rather than counting from when it was written. Vague durations
    ("plus de 15 ans") give none. `context`: the sentence, where an anniversary's year may be
    ("In 2018, Lyon and Montreal marked the fortieth anniversary …"; "l'an prochain" → the next)."""
    text = _digits(fold(clean_text(clause)))
    exact = [m for m in (p.search(text) for p in _SINCE_EXACT) if m]
    if exact:  # the first the text gives: the nearest to the words that state the relation
        m = min(exact, key=lambda x: x.start())
        return int(m.group(1)), m.group(0), True
    m = _ANNIVERSARY.search(text)
    if m and not _VAGUE.search(text[: m.start()]):
        around = _digits(fold(clean_text(context)))
        in_year = _IN_YEAR.search(text) or _IN_YEAR.search(around)
        base = int(in_year.group(1)) if in_year else written_year
        if not in_year and base and _NEXT_YEAR.search(f"{text} {around}"):
            base += 1
        elif not in_year and base and _LAST_YEAR.search(f"{text} {around}"):
            base -= 1  # "celebrated the 60th anniversary … last year"
        return (base - int(m.group(1)), m.group(0), in_year is not None) if base else (None, "", False)
    for pattern in _YEARS_OF:
        m = pattern.search(text)
        if m and not _VAGUE.search(text[: m.start(1)]) and written_year:
            around = _digits(fold(clean_text(context)))
            celebrated = _CELEBRATED.search(text) or _CELEBRATED.search(around)
            in_year = celebrated and (_IN_YEAR.search(text) or _IN_YEAR.search(around))
            if in_year:  # "ont fêté en 2019 les 20 ans de leur coopération": counted from 2019
                return int(in_year.group(1)) - int(m.group(1)), m.group(0), True
            ahead = 1 if _NEXT_YEAR.search(f"{text} {around}") else 0
            if celebrated and _LAST_YEAR.search(f"{text} {around}"):
                ahead = -1  # "ont fêté l'an dernier les 40 ans de leur jumelage"
            return written_year + ahead - int(m.group(1)), m.group(0), False  # "fêterons l'an prochain les 40 ans"
    return None, "", False


# A celebration's verb: the year the sentence gives it is the year the duration is counted from.
_CELEBRATED = re.compile(r"\b(?:fet\w*|celebr\w*|marked|marks?|marque\w*|commemor\w*)\b")


_BARE_DOC = re.compile(rf"^{_DOC}$|^agreements?$")
_BARE_DOC_NEXT = frozenset(
    "avec entre with between signe signee signes signees signed conclu conclue concluded".split()
)
_BARE_DOC_PREV = frozenset(
    "signature signer signing sign signed renouvellement renewal renew renouveler renouvele renewed "
    "son sa leur leurs ses their its cadre framework under termes lie liee lies liees linked bound".split()
)
_SIGNS = frozenset("signer signera signeront sign signs signed signing signe signent ont".split())
_IDIOMS = re.compile(
    r"\b(?:commun accord|d un commun|en accord avec|in agreement|accord de principe"
    r"|(?:etre|est|sont|sommes|suis|etaient|tomb\w*|mis|mettre|mettent) d accord"
    r"|agreement with the (?:idea|view)|convention citoyenne|convention collective)\b"
)
_PAIR_JOIN = frozenset("et and – — - / & ,".split())


def _triggers(folded: str, starts: list[int]) -> list[tuple[str, int, int]]:
    """(kind, first token, last token) of each trigger, the strongest kind where they overlap."""
    found = []
    for kind, pattern in _TRIGGERS:
        for m in pattern.finditer(folded):
            a = bisect_right(starts, m.start()) - 1
            b = bisect_right(starts, m.end() - 1) - 1
            found.append((KIND_RANK[kind], a, b, kind))
    found.sort()
    taken: list[tuple[str, int, int]] = []
    used: set[int] = set()
    for _, a, b, kind in found:
        if used.isdisjoint(range(a, b + 1)):
            taken.append((kind, a, b))
            used.update(range(a, b + 1))
    return sorted(taken, key=lambda t: t[1])


_ASIDE_OPENERS = frozenset("as comme ainsi contrary contrairement".split())


def _without_aside(keys: list[str]) -> list[str]:
    """The words with an aside between commas taken out ("Amman is not, as is sometimes stated, a
    twin town …"): what stands before the relation word once it is read past."""
    out, k = [], 0
    while k < len(keys):
        if keys[k] == "," and k + 1 < len(keys) and keys[k + 1] in _ASIDE_OPENERS and "," in keys[k + 1 :]:
            k = keys.index(",", k + 1) + 1
            continue
        out.append(keys[k])
        k += 1
    return out


def _rejection(toks: list[_Tok], a: int, b: int, lo: int) -> str | None:
    keys = [t.key for t in toks]
    window = " ".join(keys[max(lo, a - 12) : a]) + " "
    denied_break = _negated_break(window)  # "Le Brexit n'a pas mis fin au jumelage": the relation stands
    before = [k for k in _without_aside(keys[max(lo, a - 12) : a])[-4:] if k not in ",-"]
    restricted = bool({"qu", "que"} & set(keys[b + 1 : b + 3]))  # "n'est jumelée qu'avec Rome": only, not never
    if not denied_break and (
        _NEGATION_BEFORE.intersection(before)
        or (any(k.startswith("n ") or k == "n" for k in before[-3:]) and not restricted)
        or {"without", "sans"}.intersection(
            keys[max(lo, a - 6) : a]
        )  # "without ever signing a formal twinning charter"
    ):
        return "negation"
    if _COORGANISED.search(" ".join(keys[max(lo, a - 1) : b + 2])):
        return "generic"  # "en partenariat avec le Festival …": an event organised together
    if _NEGATION_AFTER.intersection(keys[b + 1 : b + 4]):
        return "negation"
    rest = keys[b + 1 :]
    cut = next((i for i, k in enumerate(rest) if k in _STOPS or k in _CLAUSE_WORDS), len(rest))
    around = keys[lo:a] + rest[:cut]
    denied = [k for k, w in enumerate(around) if w in _NEGATION_ANYWHERE]
    if any(not _BREAK_AFTER.search(" ".join(around[k + 1 : k + 5]) + " ") for k in denied):
        return "negation"  # not "has never been formally ended"
    if not denied_break and _BREAK_BEFORE.search(window):  # "a refusé de s'engager dans un …"
        return "broken"
    after = " ".join(rest[:cut]) + " "
    broken = _BREAK_AFTER.search(after)
    if broken and not _NEGATION_BEFORE.intersection(after[: broken.start()].split()[-4:]):
        return "broken"  # "sans avoir été dénoncé" breaks nothing
    if _GENERIC_AFTER.match(" ".join(rest[:6])):
        return "generic"
    if toks[a].text[:1].isupper() and b + 1 < len(toks) and toks[b + 1].text in _BODY_AFTER:
        return "generic"  # "Sister Cities International": a body's name
    near = [k for k in keys[max(lo, a - 3) : a] if k not in _CONNECTORS and k not in {"l", "d"}]
    named_pair = len(toks) > b + 3 and _is_name(toks[b + 1]) and toks[b + 2].text in "–—-/" and _is_name(toks[b + 3])
    if near and near[-1] in _GENERIC_BEFORE and not named_pair:
        return "generic"
    trigger = " ".join(keys[a : b + 1])
    if _PLURAL_GENERIC.match(trigger) and not _POSSESSIVE.intersection(keys[max(lo, a - 2):a]) \
            and not {"avec", "with", "entre", "between"}.intersection(keys[b + 1:b + 2]):  # fmt: skip
        return "generic"
    if _BARE_DOC.match(trigger):
        before2 = set(keys[max(lo, a - 3) : a])
        nxt = keys[b + 1] if b + 1 < len(keys) else ""
        # a document one signs about a subject ("will sign a memorandum on …", "signer une convention
        # sur …"), not one of a kind ("signer la Charte d'engagement des villes pour le climat")
        topic = bool(_SIGNS & before2) and nxt not in {"de", "d", "du", "des", "of"}
        if not topic and (nxt in _COMPLEMENT or (nxt not in _BARE_DOC_NEXT and not _BARE_DOC_PREV & before2)):
            return "generic"
    if _COOPERATION_VERB.match(trigger) and not _DURATION.search(" ".join(keys[lo : b + 8])):
        return "generic"  # "coopère avec" states a relation when it says since when
    return None


def _negated_break(window: str) -> bool:
    """The words before a relation word end in a break that is denied ("n'a pas mis fin au",
    "n'ont jamais rompu leur"): the relation stands."""
    found = list(_BREAK_BEFORE.finditer(window))
    if not found:
        return False
    last = found[-1]
    lead = window[: last.start()].split()[-3:]
    return bool(_NEGATION_BEFORE.intersection(lead)) and len(window[last.end() :].split()) <= 3


def _bounds(toks: list[_Tok], a: int, b: int, next_trigger: int) -> tuple[int, int]:
    """The clause of a trigger: back to the sentence's last stop (across commas), on to the next
    comma, the next trigger, or an "et"/"and" that starts another verb ("… avec Fukuoka et liée à
    Wuhan par un accord")."""
    lo = a
    while lo > 0 and toks[lo - 1].text not in _STOPS and toks[lo - 1].key not in _CLAUSE_WORDS and a - lo < 30:
        lo -= 1
    # "Jumelée avec Liège, Lille accueillera …": the subject comes after the comma (not "Une convention …, dont …")
    hi, initial = b, a == 0 or (a == 1 and toks[0].key not in _DETERMINERS)
    while hi + 1 < len(toks) and toks[hi + 1].text not in _STOPS and toks[hi + 1].key not in _CLAUSE_WORDS \
            and hi - b < 30:  # fmt: skip
        nxt = [t.key for t in toks[hi + 2 : hi + 4]]
        enumeration = nxt[:1] in (["et"], ["and"]) and nxt[1:] in (["avec"], ["with"])  # ", et avec Marbourg"
        dated = _dated(toks, hi + 2)  # ", dating from 1965, and with Tbilisi": the next name's turn
        if toks[hi + 1].text == "," and dated and [t.key for t in toks[dated[1] : dated[1] + 3]] in (
            [",", "et", "avec"], [",", "and", "with"]):  # fmt: skip
            enumeration = True
        locative = nxt[:1] in (["au"], ["en"], ["aux"], ["in"]) and hi + 3 < len(toks) and _is_name(toks[hi + 3])
        if toks[hi + 1].text == "," and initial:
            initial = False
        elif (
            toks[hi + 1].text == ","
            and not (hi + 2 < len(toks) and _is_name(toks[hi + 2]))
            and not (enumeration or locative)
        ):
            break
        if hi + 1 >= next_trigger:
            break
        if toks[hi + 1].key in {"et", "and"} and hi + 2 < len(toks) and not _is_name(toks[hi + 2]) \
                and toks[hi + 2].key not in _FUNCTION and toks[hi + 2].key not in _CONNECTORS:  # fmt: skip
            break
        hi += 1
    return lo, hi


def _since_span(toks: list[_Tok], hi: int) -> int:
    """The clause, and the participle clause after it that says when it was signed ("…, signed in 2010")."""
    if hi + 2 < len(toks) and toks[hi + 1].text == "," and _PARTICIPLE.match(toks[hi + 2].key):
        j = hi + 2
        while j + 1 < len(toks) and toks[j + 1].text not in _STOPS and toks[j + 1].text != ",":
            j += 1
        return j
    return hi


def _inside_brackets(toks: list[_Tok]) -> set[int]:
    inside, depth = set(), 0
    for i, t in enumerate(toks):
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(i)
    return inside


def _span_end(toks: list[_Tok], i: int, hi: int, skip) -> int:
    j = i
    while j + 1 <= hi and j + 1 not in skip:
        nxt = toks[j + 1]
        if _is_name(nxt) and (nxt.key not in _FUNCTION or nxt.key in _MONTHS):  # "Chiang Mai"
            j += 1
        elif nxt.key in _CONNECTORS:
            k = j + 1
            while k <= hi and k - j <= 2 and toks[k].key in _CONNECTORS:
                k += 1
            if k <= hi and k not in skip and _is_name(toks[k]) and toks[k].key not in _FUNCTION:
                j = k
            else:
                break
        else:
            break
    return j


def _head(toks: list[_Tok], i: int) -> tuple[int, str]:
    """Where a name really starts ("ville de Tver", "région de Leningrad"), and the word before it."""
    k = i
    while k > 0 and toks[k - 1].key in _CONNECTORS:
        k -= 1
    if k < i and k > 0 and toks[k - 1].key in _PLACE_HEADS:
        return k - 1, toks[k - 2].key if k > 1 else ""
    if k == i and k > 1 and toks[k - 1].key == "of" and toks[k - 2].key in OF_HEADS and _is_name(toks[k - 2]):
        # a capitalised head: "the Department of Antioquia" (not "a partner city of Katowice")
        return k - 2, toks[k - 3].key if k > 2 else ""
    return i, toks[k - 1].key if k > 0 else ""


def _governor(toks: list[_Tok], start: int) -> str:
    """The word governing a name's phrase, past its articles, heads and adjectives ("from the
    Lebanese city of Zahlé": from)."""
    k = start - 1
    while k >= 0 and (toks[k].key in _PLACE_HEADS | _CONNECTORS | {"of", "the", "a", "an"}
                      or toks[k].key in adjective_words()):  # fmt: skip
        k -= 1
    return toks[k].key if k >= 0 and k < start - 1 else ""


def _demonym(toks: list[_Tok], start: int) -> str:
    """A country's adjective just before a name and its head ("the Tunisian governorate of
    Monastir", "la province chinoise du Hunan"): where the place is."""
    for k in range(start - 1, max(-1, start - 5), -1):
        if toks[k].key in adjective_words():
            return toks[k].text
        if toks[k].key not in _PLACE_HEADS and toks[k].key not in _CONNECTORS and toks[k].key not in {"of", "the"}:
            return ""
    return ""


def _starts_name(toks: list[_Tok], i: int, hi: int, hidden: set[int]) -> bool:
    """An article that is part of a name: "La Rochelle", "Le Havre"; inside a sentence "Des
    Moines", "El Paso"."""
    t = toks[i]
    if not t.text[:1].isupper() or not (t.key in _ARTICLES or (i > 0 and t.key in _NAME_ARTICLES)):
        return False
    nxt = i + 1
    return nxt <= hi and nxt not in hidden and _is_name(toks[nxt]) and toks[nxt].key not in _FUNCTION | _PLACE_HEADS


def _described(toks: list[_Tok], start: int, before: str, lo: int, skip) -> bool:
    """A name that only says where or what something else is: "la capitale du Jalisco" (a town of
    Jalisco), "sur les rives du Mississippi", "Lafayette, en Louisiane", "lors de la foire de
    Shanghai"."""
    if before in _DESCRIBED:
        return True
    if start > 1 and toks[start - 2].text == "," and toks[start - 1].key in {"en", "au", "aux", "in"}:
        return True
    return _circumstance(toks, start, lo, skip)


def _joined_venue(toks: list[_Tok], venue_end: int, start: int, j: int) -> bool:
    """ "in Rennes and Poznań": a name joined to a venue is one too — not "Des Moines in Iowa and
    Xuzhou in Jiangsu", which has its own."""
    if venue_end < 0 or not all(toks[k].key in {"et", "and", ","} for k in range(venue_end + 1, start)):
        return False
    return not (j + 2 < len(toks) and toks[j + 1].key in _VENUE and _is_name(toks[j + 2]))


_LOCATIVES = frozenset("sur dans on in".split())
_APPOSED_HEADS = frozenset("l la le les d de du of the ile island isle iles islands province region".split())


def _apposed(toks: list[_Tok], start: int, j: int) -> bool:
    """ "Montpellier et Denpasar, sur l'île de Bali, mènent …": a place said between commas after
    a locative ("sur", "dans", "on", "in") says where the name before it is; it is no end."""
    k = start - 1
    while k >= 0 and start - k <= 4 and toks[k].key in _APPOSED_HEADS:
        k -= 1
    closed = j + 1 < len(toks) and toks[j + 1].text in {",", ")"}
    return closed and k >= 1 and toks[k].key in _LOCATIVES and toks[k - 1].text == ","


def _names(toks: list[_Tok], lo: int, hi: int, skip: range) -> list[Name]:
    """Proper names between lo and hi (inclusive), outside the trigger and brackets; venues ("à
    Paris"), streets ("rue de Moscou") and institutions named after a person ("lycée François 1er")
    left out."""
    names, i, venue_end = [], lo, -9
    hidden = _inside_brackets(toks) | set(skip)
    while i <= hi:
        t = toks[i]
        article = _starts_name(toks, i, hi, hidden)
        opening = i == 0 and t.key in _VENUE and not (i + 1 <= hi and _is_name(toks[i + 1]))  # "Vers un jumelage"
        of_head = t.key in OF_HEADS and i + 2 <= hi and toks[i + 1].key == "of" and _is_name(toks[i + 2])
        if i in hidden or not _is_name(t) or (t.key in _FUNCTION and not article) or opening or of_head:
            i += 1  # a head before "of" is read with its name ("Department of Antioquia": `_head`)
            continue
        j = _span_end(toks, i, hi, hidden)
        if t.key in _INSTITUTION:  # "Opéra Nice Côte d'Azur", "Université Lyon 2": the body's place, if any, follows
            k = i + 1
            while k <= j and (toks[k].key in _CONNECTORS or toks[k].key in _INSTITUTION):
                k += 1
            if k > j:
                i = j + 1
                continue
            i, t, body = k, toks[k], True
        else:
            body = False
        start, before = _head(toks, i)
        if _after_feature(toks, start) or _apposed(toks, start, j):  # "le lac de Genève", ", sur l'île de Bali,"
            i = j + 1
            continue
        joined = toks[i - 1].key in _CONNECTORS if i > 0 else False
        institution = (j + 1 < len(toks) and toks[j + 1].key[:1].isdigit()) or (  # "Rennes 1": a university
            not body
            and (
                (not joined and i > 0 and toks[i - 1].key in _INSTITUTION)
                or (joined and i > 1 and toks[i - 2].key in _INSTITUTION and toks[i - 2].key in _STREET)
            )
        )
        after_trigger = i > 0 and (i - 1 in skip or (i > 1 and (i - 2 in skip or toks[i - 2].key in _LINKED)))
        if len(skip) and _PARTICIPLE.match(toks[skip[-1]].key) and before in _VENUE:
            after_trigger = False  # "un accord-cadre signé à Cotonou": where it was signed
        possessor = j + 1 < len(toks) and toks[j + 1].key == "s" and toks[j + 1].start - toks[j].end == 1
        linked = any(toks[k].key in _LINKED for k in range(lo, i))  # "lie … la Région Occitanie à la Generalitat"
        whole = fold(" ".join(x.text for x in toks[i : j + 1]))
        adjective = (i == j and t.key in adjective_words()) or _country_name(
            whole
        )  # "its Brazilian partner", "la France"
        described = _described(toks, start, before, lo, skip)
        venue = before in _VENUE or _governor(toks, start) in _VENUE or _joined_venue(toks, venue_end, start, j)
        venue_end = j if venue and not (after_trigger or linked or possessor) else -9
        if (not venue or after_trigger or linked or possessor) and not (institution or adjective or described):
            text = "".join(
                x.text + (" " if x.end < toks[k + 1].start else "") for k, x in enumerate(toks[start:j], start)
            )
            after_comma = start > 1 and toks[start - 1].text == "," and bool(names) and names[-1].start < start
            opening = start == 0 or toks[start - 1].text in _OPENERS
            names.append(Name((text + toks[j].text).strip(), start, _qualifier(toks, j), _comma_next(toks, j, hi),
                              after_comma, _CONTRACTED.get(toks[start - 1].key if start else "", ""),
                              _where(toks, j) or _demonym(toks, start), opening,
                              _own_year(toks, j)))  # fmt: skip
        i = j + 1
    return _years_in_turn(toks, names)


def _after_feature(toks: list[_Tok], start: int) -> bool:
    """A name that follows a feature's word, directly or through "of"/"de": "mont Fuji", "Strait of
    Bonifacio", "lac d'Annecy"."""
    k = start - 1
    if k >= 0 and toks[k].key in ("of", "de", "d", "du", "des"):
        k -= 1
    return k >= 0 and toks[k].key in FEATURE_WORDS


def _years_in_turn(toks: list[_Tok], names: list[Name]) -> list[Name]:
    """ "… with Hanoi in 1989 and with Phnom Penh in 1999": two names or more each followed by
    "in"/"en" and a year take it as their own (one name so followed may be an event's date)."""
    found = {}
    for k, n in enumerate(names):
        j = _past_bracket(toks, n.start + len(tokens(n.text)))  # "avec la Wielkopolska (Pologne) en 1996"
        if n.since is None and j + 1 < len(toks) and toks[j].key in {"in", "en"} \
                and re.fullmatch(r"1[89]\d\d|20\d\d", toks[j + 1].text):  # fmt: skip
            found[k] = int(toks[j + 1].text)
    if len(found) < 2:
        return names
    return [replace(n, since=found[k]) if k in found else n for k, n in enumerate(names)]


_ORDINAL_REFERENCE = {
    ("la", "premiere"): 0, ("le", "premier"): 0, ("the", "former"): 0, ("the", "first"): 0,
    ("la", "seconde"): 1, ("le", "second"): 1, ("la", "deuxieme"): 1, ("le", "deuxieme"): 1, ("the", "second"): 1,
    ("la", "derniere"): -1, ("le", "dernier"): -1, ("the", "latter"): -1,
}  # fmt: skip
_VERB_NEXT = frozenset("est etait fut a avait ont sont is was has had have s se y".split())
_NOUN_TRIGGERS = frozenset(
    "jumelage jumelages twinning twinnings accord accords agreement agreements convention conventions charte chartes "
    "charter charters pacte pact partenariat partnership partenaire partner partners partenaires memorandum "
    "protocole protocol sister twin cooperation amitie friendship relation relations lien liens link links".split()
)


def _designated(toks: list[_Tok], names: list[Name], lo: int, a: int) -> tuple[list[Name], set[int]]:
    """ "Ayutthaya et Sukhothai : la première est jumelée avec Chartres": the subject an ordinal
    pronoun names among the names listed before it, the others dropped (with their starts)."""
    keys = [t.key for t in toks]
    for k in range(max(lo, a - 10), a - 1):
        ref = _ORDINAL_REFERENCE.get((keys[k], keys[k + 1]))
        nxt = keys[k + 2]
        noun = nxt in _PLACE_HEADS or nxt in _NOUN_TRIGGERS or _is_name(toks[k + 2]) or nxt[:1].isdigit()
        if ref is None or (noun and nxt not in _VERB_NEXT):
            continue  # "le premier jumelage", "the first twin city": an ordinal of a noun
        listed = [n for n in names if n.start < k]
        if len(listed) < 2 or (ref == 1 and len(listed) != 2):
            return names, set()
        dropped = {n.start for n in listed} - {listed[ref].start}
        return [n for n in names if n.start not in dropped], dropped
    return names, set()


def _nearest(toks: list[_Tok], names: list[Name], a: int, b: int) -> list[Name]:
    """The names that can be ends: after the trigger, all; before it, the nearest and those joined
    to it by "et", "and", a comma or a dash — the subject, not the rest of the sentence."""
    after = [n for n in names if n.start > b]
    before = [n for n in names if n.start < a]
    kept = before[-1:]
    for prev in reversed(before[:-1]):
        end = _past_bracket(toks, prev.start + len(tokens(prev.text)))  # "Rennes (Bretagne) et Erlangen"
        gap = {toks[k].key for k in range(end, kept[0].start)}
        if not gap or not gap <= (_PAIR_JOIN | _CONNECTORS | _PLACE_HEADS):
            break
        kept.insert(0, prev)
    return kept + after


def _pair(toks: list[_Tok], names: list[Name], a: int, b: int) -> tuple[Name, Name] | None:
    """Two names joined by "et", "and", a dash, right after the trigger or right before it."""

    def between(x: int, y: int, allowed: frozenset) -> bool:
        return all(toks[k].key in allowed for k in range(x, y))

    glue = (_FUNCTION | _CONNECTORS | {"villes", "ville", "cities", "city", "towns", "town", "communes", "regions"}) - {
        "avec",
        "with",
    }
    after = [n for n in names if n.start > b]
    before = [n for n in names if n.start < a]
    if len(after) >= 2 and between(b + 1, after[0].start, glue):
        end0 = _past_bracket(toks, after[0].start + len(tokens(after[0].text)))
        if between(end0, after[1].start, glue | _PAIR_JOIN) and any(
            toks[k].key in _PAIR_JOIN for k in range(end0, after[1].start)
        ):
            return after[0], after[1]
    if len(before) >= 2:
        end0 = _past_bracket(toks, before[-2].start + len(tokens(before[-2].text)))
        end1 = _past_bracket(toks, before[-1].start + len(tokens(before[-1].text)))
        if (
            between(end0, before[-1].start, glue | _PAIR_JOIN)
            and between(end1, a, glue | {","})
            and any(toks[k].key in _PAIR_JOIN for k in range(end0, before[-1].start))
        ):
            return before[-2], before[-1]
    return None


def _possessed(toks: list[_Tok], names: list[Name], a: int, b: int) -> tuple[Name, Name] | None:
    """ "Bordeaux's twin city of Porto", "Brest's partnership with Heraklion": the possessor and the
    place after "of" or "with"."""
    if a < 2 or toks[a - 1].key != "s" or toks[a - 1].start - toks[a - 2].end != 1 or b + 2 >= len(toks):
        return None
    owner = next((n for n in names if n.start + len(tokens(n.text)) - 1 == a - 2), None)
    owned = next((n for n in names if n.start == b + 2), None) if toks[b + 1].key in {"of", "with", "de", "d"} else None
    return (owner, owned) if owner and owned else None


def _since(sentence: str, toks: list[_Tok], span: tuple[int, int, int], prev_end: int, next_start: int,
           written_year: int | None) -> tuple[int | None, str, bool]:  # fmt: skip
    """The since-year of a clause (lo, own part, hi): from its own part, else the whole clause
    when no relation word comes before it in the sentence, else the rest of the sentence when it
    is the sentence's only relation word (not what comes before a "but")."""
    lo, own, hi = span
    end = toks[_since_span(toks, hi)].end
    found = since_year(sentence[toks[own].start : end], written_year, sentence)
    if found[0] is None and prev_end < lo:
        before = _time_phrases(sentence, toks, lo, own, written_year)
        found = since_year(before + sentence[toks[own].start : end], written_year)
        if found[0] is None and prev_end < 0 and next_start >= len(toks):
            found = since_year(before + sentence[toks[own].start :], written_year)
    return found


def _headed(toks: list[_Tok], name: Name) -> bool:
    """A place head word next to the name says it is a place ("the Capitale-Nationale region",
    "la province du Yunnan")."""
    end = name.start + len(tokens(name.text))
    before = [t.key for t in toks[max(0, name.start - 3) : name.start] if t.key not in _CONNECTORS]
    return (end < len(toks) and toks[end].key in _PLACE_HEADS) or bool(before[-1:] and before[-1] in _PLACE_HEADS)


def _time_phrases(sentence: str, toks: list[_Tok], lo: int, own: int, written_year: int | None) -> str:
    """The phrases before the trigger's own part of the clause, less those whose duration is said
    of something else ("Présente au Burkina Faso depuis vingt ans, Rezé est jumelée …": not the
    twinning's; "Depuis 1985, …" and "Le 3 mai 1990, …" are)."""
    cuts = [lo - 1, *(k for k in range(lo, own) if toks[k].text == ","), own - 1]
    kept = []
    for start, stop in zip(cuts, cuts[1:], strict=False):
        if stop <= start:
            continue
        text = sentence[toks[start + 1].start : toks[stop].end]
        year, words, _ = since_year(text, written_year)
        lead = _digits(fold(clean_text(text))).split(words)[0].split() if year is not None else []
        if all(w in _FUNCTION or w in _MONTHS or w.isdigit() or w in {"y", "voici", "voila"} for w in lead):
            kept.append(text)
    return " ".join(kept) + (" " if kept else "")


def _later(toks: list[_Tok], lo: int, hi: int, a: int, b: int) -> list[Name]:
    """Names after the clause that may be its subject: after "its twinning with X," the first;
    after a phrase before the main clause ("Jumelée avec Liège, …, la ville de Lille …", "Par un
    accord signé en 2012, X et Y …") its subject, up to its next comma — not after a phrase
    whose noun is the subject ("Les liens d'amitié qui …, …")."""
    keys = [t.key for t in toks]
    forward = bool(_POSSESSIVE_FORWARD.intersection(keys[max(lo, a - 2) : a]))  # "its twinning", "son jumelage"
    stop = next((k for k in range(hi + 1, len(toks)) if toks[k].text in _STOPS), len(toks))
    fronted = lo == 0 and hi + 1 < stop and toks[hi + 1].text == "," and keys[0] not in _DETERMINERS
    later = _names(toks, hi + 1, stop - 1, range(a, b + 1)) if forward or fronted else []
    if not (fronted and later):
        return later[:1]
    cut = next((k for k in range(later[0].start, stop) if toks[k].text == ","), stop)
    return [n for n in later if n.start < cut]


def _statement(
    sentence: str,
    toks: list[_Tok],
    trigger_at: tuple[str, int, int, int, int],
    written_year: int | None,
    programme: bool,
    taken: frozenset[int] = frozenset(),
) -> Statement | Rejected | None:
    """One trigger read in its clause; `trigger_at`: kind, first and last token, the end of the
    trigger before it and the start of the one after it in the sentence; `taken`: where the
    names another relation word governs start ("its twinning with Cluj-Napoca")."""
    kind, a, b, prev_end, next_start = trigger_at
    keys = [t.key for t in toks]
    lo, hi = _bounds(toks, a, b, next_start)
    clause = sentence[toks[lo].start : toks[hi].end].strip(" ,;:–—-")
    trigger = sentence[toks[a].start : toks[b].end]
    if _IDIOMS.search(" ".join(keys[max(0, a - 3) : b + 3])):
        return Rejected(trigger, clause, "idiom")  # "d'un commun accord", "convention citoyenne"
    reason = _rejection(toks, a, b, lo)
    if reason:
        return Rejected(trigger, clause, reason)
    found = every = _names(toks, lo, hi, range(a, b + 1))
    if any(n.start > b for n in found):  # "jumelée avec Marburg, … un partenariat avec Koudougou": not Marburg
        found = [n for n in found if n.start > b or n.start not in taken]
    found, dropped = _designated(toks, found, lo, a)
    every = [n for n in every if n.start not in dropped]
    names = _nearest(toks, found, a, b)
    pair = _possessed(toks, every, a, b) or _pair(toks, names, a, b)
    # "coopération" alone: a relation between two named places, or one that says since when
    weak = keys[a] == "cooperation" and a == b and not _DURATION.search(" ".join(keys[lo : hi + 1])) \
        and not _SUSTAINED.intersection(keys[lo:a])  # fmt: skip
    if weak and not pair and b + 1 < len(toks) and "-" in toks[b + 1].text and _is_name(toks[b + 1]):
        pair = next(((n,) for n in names if n.start == b + 1), None)  # "Coopération Poitiers-Iaşi"
    if (
        weak
        and not pair
        and not _POSSESSIVE.intersection(keys[max(0, a - 1) : a])
        and not _REFERS.search(" ".join(keys[lo : hi + 1]))
    ):  # fmt: skip ("la coopération entre les deux communes")
        return Rejected(trigger, clause, "generic")
    start = max((k for k in range(a) if toks[k].text in _STOPS), default=-1) + 1
    farther = [
        n
        for n in reversed(_names(toks, start, a - 1, range(a, b + 1)))
        if (n.start < lo or n not in names) and n.start not in taken | dropped  # not another relation's object
    ]
    # status and since-year are read from the trigger's own part of the clause: after the comma
    # or the trigger before it ("Toulouse, sister city of Chongqing since 1981, also signed …")
    own = max([k for k in range(lo, a) if toks[k].text == ","] + [prev_end, lo - 1]) + 1
    # a phrase opening the sentence ("Déjà jumelée avec Schorndorf, la ville prépare …") says its
    # own status, up to its comma: the main clause's plan is another relation's
    opening = lo == 0 and a <= 1
    stop = next((k - 1 for k in range(b + 1, hi + 1) if toks[k].text == ","), hi) if opening else hi
    status, status_words = read_status(sentence[toks[own].start : toks[stop].end], programme)
    if status is None and not status_words:
        status, status_words = read_status(clause, programme)
    suspended = bool(_SUSPENDED.search(" ".join(keys[b + 1 : hi + 1])))
    since, since_words, stated = (None, "", False)
    if status != "planned" and not suspended:
        since, since_words, stated = _since(sentence, toks, (lo, own, hi), prev_end, next_start, written_year)
    if since is not None and written_year and since > written_year:  # "should be sealed in 2017", written in 2016
        since, since_words, stated, status, status_words = None, "", False, "planned", since_words
    end = next((k for k in range(hi + 1, len(toks)) if toks[k].text in _STOPS or k >= next_start), len(toks))
    latter = _LATTER.search(" ".join(keys[lo:end]))
    after = [k for k, n in enumerate(names) if n.start > b]
    if latter and len(after) > 1:  # "Bologne et Elche, cette dernière depuis 1981": Elche's year alone
        since, since_words, stated = None, "", False
        names[after[-1]] = replace(names[after[-1]], since=int(latter.group(1)))
    refers = bool(_REFERS.search(" ".join(keys[lo : hi + 1]))) or (not names and bool(_REFERS.search(" ".join(keys))))
    designates = bool(_DESIGNATES.search(" ".join(keys[lo : hi + 1])))
    later = _later(toks, lo, hi, a, b)
    refers_sentence = bool(_REFERS.search(" ".join(keys)))
    return Statement(kind, trigger, clause, tuple(names), tuple(pair or ()), refers, status, status_words, since,
                     since_words, stated, tuple(farther), suspended,
                     weak and not refers and not _POSSESSIVE.intersection(keys[max(0, a - 1):a]), designates, tuple(later),
                     refers_sentence, tuple(n for n in found if n.start > b and _headed(toks, n)), a)  # fmt: skip


def read_statements(
    text: str, written_year: int | None, programme: bool = False
) -> tuple[list[Statement], list[Rejected]]:
    """The relation statements of a text, clause by clause, and the triggers that state none."""
    out: list[Statement] = []
    rejected: list[Rejected] = []
    for sentence in sentences(text):
        toks, first = tokens(sentence), len(out)
        starts, pos = [], 0
        for t in toks:
            starts.append(pos)
            pos += len(t.key) + 1
        found_triggers = _triggers(" ".join(t.key for t in toks), starts)
        objects, ends = [], []
        for n, (_, a, b) in enumerate(found_triggers):
            next_start = found_triggers[n + 1][1] if n + 1 < len(found_triggers) else len(toks)
            lo, hi = _bounds(toks, a, b, next_start)
            ends.append(hi)
            stated = _rejection(toks, a, b, lo) is None  # a denied twinning governs nothing…
            # …but a cooperation verb does, stating a relation or not: "coopère avec la Région de Kayes
            # et a signé en 2012 un accord avec …" (Kayes is no end of the agreement)
            governs = stated or bool(_COOPERATION_VERB.match(" ".join(t.key for t in toks[a : b + 1])))
            if a == 0 or _POSSESSIVE_FORWARD.intersection(t.key for t in toks[max(lo, a - 2) : a]):
                # "Outre son jumelage avec Essaouira, La Rochelle …", "Jumelée avec Erlangen depuis 1964,
                # Rennes …" (a phrase opening the sentence): the subject after the comma is not its object
                hi = next((k - 1 for k in range(b + 1, hi + 1) if toks[k].text == ","), hi)
            objects.append(frozenset(x.start for x in _names(toks, b + 1, hi, range(a, b + 1)) if governs))
        for n, (kind, a, b) in enumerate(found_triggers):
            # where the clause before ends ("… since 1964 and signed a partnership …": not its year)
            prev_end = max(found_triggers[n - 1][2], ends[n - 1] if ends[n - 1] < a else -1) if n else -1
            next_start = found_triggers[n + 1][1] if n + 1 < len(found_triggers) else len(toks)
            taken = frozenset().union(*(o for m, o in enumerate(objects) if m != n))
            found = _statement(sentence, toks, (kind, a, b, prev_end, next_start), written_year, programme, taken)
            if isinstance(found, Statement):
                out.append(found)
            elif found is not None:
                rejected.append(found)
        if any(k == TWINNING and _rejection(toks, a, b, -1) == "generic" for k, a, b in found_triggers):
            out[first:] = [_as_twinning(s) for s in out[first:]]
    return out, rejected


def _as_twinning(s: Statement) -> Statement:
    """ "The partner town … remains very active within the twinning association": the row's two
    towns said partners, in a sentence naming their twinning's association, are twinned."""
    return replace(s, kind=TWINNING) if s.refers and s.kind == PARTNERSHIP else s
