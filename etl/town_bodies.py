"""A town's own administration written in its own language, around the town's name in the case
the language puts it in: "Администрация города Ярославля", "Urząd Miasta Rzeszowa", "Δήμος
Πατρέων", "Львівська міська рада", "Vilniaus miesto savivaldybė", "Երևանի քաղաքապետարան",
"เทศบาลนครเชียงใหม่", "札幌市役所" (pure; the rule that uses it is `place_rules.rule_town_body`).

The words below are grammar — what languages call a town, its council, its administration or
its mayor's office — not names of places; a part holding one of them and one name around it
names that town's body. Written as each language writes them and folded when read (accents,
case). Words of a region's or a district's bodies ("обласна", "valiliği", "județean") are not
here: such a part is not a town's.
"""

from __future__ import annotations

from bisect import bisect_left

from etl.normalize import fold

# Whole words, by language (town, of the town, its council, administration, mayor's office), in
# languages that decline a town's name around them ("города Ярославля", "Miasta Rzeszowa").
_CASE_WORDS = {
    "ru": "администрация администрации город города городской городская городское мэрия дума "
    "правительство городского округа муниципальное образование глава",
    "uk": "міська міський міськради міськрада рада ради виконавчий комітет виконком мерія адміністрація місто міста",
    "be": "гарадскі гарадская выканаўчы камітэт горисполком гарвыканкам",
    "bg mk sr": "община общината кметство град града градска општина скупштина управа",
    "el": "δήμος δήμου δημαρχείο πόλη πόλης",
    "hy": "քաղաքապետարան քաղաքապետարանը համայնքապետարան համայնք համայնքի քաղաք",
    "ka": "მერია მერიის საკრებულო ქალაქის ქალაქ მუნიციპალიტეტი",
    "ar fa he": "بلدية بلديه مدينة أمانة مجلس شهرداری עיריית עירייה",
    "tr az": "belediyesi belediye büyükşehir şəhər icra hakimiyyəti",
    "pl": "urząd miasta miasto miejski prezydent gmina gminy",
    "cs sk": "město města hlavní hlavního statutární magistrát městský úřad mesto mestský mestská úrad",
    "lt lv et fi": "miesto savivaldybė savivaldybės pilsēta pilsētas valstspilsēta valstspilsētas pašvaldība "
    "pašvaldības dome domes linn linna linnavalitsus kaupunki kaupungin",
    "hu ro": "város városi önkormányzat önkormányzata polgármesteri hivatal megyei jogú municipiul "
    "municipiului primăria primaria consiliul orașul orasul",
    "sl hr bs sq": "mestna občina općina opština gradska bashkia",
}
# … and in languages that do not ("Stadt Erfurt", "Prefeitura de Recife", "Thành phố Huế").
_PLAIN_WORDS = {
    "de nl nordic": "stadt landeshauptstadt stadtverwaltung magistrat hansestadt gemeente stad kommune kommun",
    "es pt it": "municipalidad municipio ayuntamiento alcaldía ciudad prefeitura câmara municipal comune città",
    "vi id ms sw": "thành phố ủy ban nhân dân kota pemerintah majlis bandaraya perbandaran halmashauri jiji manispaa",
    "am": "ከተማ አስተዳደር",
}
# Written with no space before or after the name (scripts without spaces between words).
_PREFIXES = "เทศบาลนคร เทศบาลเมือง เทศบาลตำบล เทศบาล"
_SUFFIXES = "市人民政府 人民政府 市政府 市役所 区役所 町役場 村役場 役所 役場 특별시청 광역시청 시청"

CASE_WORDS = frozenset(fold(w) for words in _CASE_WORDS.values() for w in words.split())
BODY_WORDS = CASE_WORDS | frozenset(fold(w) for words in _PLAIN_WORDS.values() for w in words.split())
_BODY_PREFIXES = tuple(sorted({fold(w) for w in _PREFIXES.split()}, key=len, reverse=True))
_BODY_SUFFIXES = tuple(sorted({fold(w) for w in _SUFFIXES.split()}, key=len, reverse=True))
# Links between a body and its town's name; "w", "v": "in", the name in the locative ("Urząd Miejski w Gnieźnie")
_LINKS = frozenset({"de", "di", "del", "da", "do", "du", "d", "of", "ya", "wa", "w", "we", "v", "ve"})

# What a name's own ending may be for a case to change it: vowels, soft and hard signs, a final
# -s/-ς/-й (Ярославль → Ярославля, Πάτρα → Πατρέων, Vilnius → Vilniaus), never a consonant of
# the stem (Тулун is not "Тулузы").
_ENDING_LETTERS = frozenset(fold("aeiouyаеёиоуыэюяіїєьъйsςαεηιουωաեէըիոօაეიოუ"))
STEM_MIN = 4  # letters a name and its inflected form share at least
NAME_ENDING = 2  # letters of the name's own ending the case may change ("Ярославль" → "Ярославля")
TEXT_ENDING = 4  # letters the case may add ("Львів" → "Львівська", "Vilnius" → "Vilniaus")


def _split_affixes(token: str) -> list[str]:
    """A token written without spaces, its body prefix or suffix cut off ("เทศบาลนครเช" →
    ["เทศบาลนคร", "เช"])."""
    for prefix in _BODY_PREFIXES:
        if token.startswith(prefix) and len(token) > len(prefix):
            return [prefix, token[len(prefix) :]]
    for suffix in _BODY_SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            return [token[: -len(suffix)], suffix]
    return [token]


def town_name(tokens: tuple[str, ...]) -> tuple[str, bool] | None:
    """The name a town's body is written around — the folded words that are neither body words
    nor links, when there is at least one body word and they make one run of 1–3 words — and
    whether a body word is of a language that declines the name."""
    words = [w for t in tokens for w in _split_affixes(t)]
    body = [w in BODY_WORDS or w in _BODY_PREFIXES or w in _BODY_SUFFIXES for w in words]
    if not any(body):
        return None
    named = [i for i, w in enumerate(words) if not body[i] and w not in _LINKS]
    if not named or len(named) > 3 or named[-1] - named[0] != len(named) - 1:
        return None
    return " ".join(words[i] for i in named), any(w in CASE_WORDS for w in words)


def inflected(name_key: str, written: str) -> int:
    """How many letters a town's folded name and a written form share when the written form is
    that name in another grammatical case: all words equal but the last, whose stem of ≥ STEM_MIN
    letters is the name's but for its last NAME_ENDING letters, followed by ≤ TEXT_ENDING letters
    (of a shorter name, one letter changed: "Brno" → "Brna"); 0 when it is not."""
    *head, last = name_key.split()
    *written_head, written_last = written.split()
    if head != written_head or last == written_last:
        return 0
    stem = 0
    for a, b in zip(last, written_last, strict=False):
        if a != b:
            break
        stem += 1
    if not set(last[stem:]) <= _ENDING_LETTERS:
        return 0
    if stem >= STEM_MIN:
        ok = len(last) - stem <= NAME_ENDING and len(written_last) - stem <= TEXT_ENDING
    else:  # a short name: one letter changed at most ("Brno" → "Brna", not "Тула" → "Тулуза")
        ok = stem == len(last) - 1 and len(written_last) - stem <= 1
    return stem if ok else 0


def inflected_keys(keys: list[str] | tuple[str, ...], written: str) -> list[str]:
    """The keys (sorted folded names) `written` is an inflected form of, longest shared stem first;
    only the names it is plus one letter when there are such ("Кировска" is Кировск in the
    genitive, not Киров plus three letters; "Курска" is Курск, not the village Курская)."""
    last = written.split()[-1]
    head = written[: len(written) - len(last)] + last[:2]
    found = sorted(((stem, key) for key in _starting(keys, head) if (stem := inflected(key, written))), reverse=True)
    plus_one = [key for stem, key in found if stem == len(key.split()[-1]) == len(last) - 1]
    return plus_one or [key for _, key in found]


def _starting(keys: list[str] | tuple[str, ...], head: str) -> list[str]:
    i = bisect_left(keys, head)
    out = []
    while i < len(keys) and keys[i].startswith(head):
        out.append(keys[i])
        i += 1
    return out
