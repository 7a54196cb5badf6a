"""Small value normalizers: cell text, name folding, themes, actor kinds (all pure).

Invariants:
- `clean_text` returns plain text: no HTML tag or entity survives, doubled quotes are single.
- `fold` is the one key used to compare names anywhere (gazetteer, overrides, pairing).
Dates live in `etl.dates`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# --- text -------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_BLOCK_TAGS = {"p", "br", "div", "li", "tr"}
_ORDINAL_GAP = re.compile(r"(\d)\s+(ème|eme|ère|er|e|è|th|st|nd|rd)\b")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")


def clean_text(cell: str) -> str:
    """Plain text of a cell: HTML tags and entities removed, doubled quotes undone, spaces folded.

    `<sup>ème</sup>` glues to its number ("50ème"); block tags (`<p>`) become a space.
    """
    text = cell.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"' and '""' in text:
        text = text[1:-1]  # a CSV-quoted cell: "… ""x"" …"
    text = text.replace('""', '"')

    def _tag(match: re.Match[str]) -> str:
        return " " if match.group(2).lower() in _BLOCK_TAGS else ""

    text = _TAG.sub(_tag, text)
    text = html.unescape(text)
    text = _ORDINAL_GAP.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text)
    return text.strip()


def strip_markup(cell: str) -> str:
    """Text of a layout cell: clean_text plus Markdown heading and emphasis markers removed."""
    text = clean_text(cell)
    text = re.sub(r"^#+\s*", "", text)
    return text.replace("**", "").strip()


def respell(text: str) -> str:
    """One spelling of letters a script writes two ways: Lao's subscript lo as the letter ("ຫຼວງ"
    and "ຫລວງ" are one word; the sign is no word character, so it would cut the word in two)."""
    return text.replace("\u0ebc", "\u0ea5")


def _plain(text: str) -> str:
    """Lower case, accents and other combining marks removed, ligatures spelled out (`respell`)."""
    text = respell(unicodedata.normalize("NFKD", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


_WORD = re.compile(r"[^\W_]+")
_SAINT = {"st": "saint", "ste": "sainte"}


@lru_cache(maxsize=500_000)
def fold_token(token: str) -> str:
    """Comparison key of one word: no accents, lower case, `st` → `saint`, `ste` → `sainte`."""
    text = " ".join(_WORD.findall(_plain(token)))
    return _SAINT.get(text, text)


@lru_cache(maxsize=500_000)
def fold(name: str) -> str:
    """Comparison key of a name: no accents, lower case, `-`/`'` as spaces, `st` → `saint`.

    Letters of every script are kept (Cyrillic, kanji), so "Москва" and "静岡" are keys too.
    """
    return " ".join(_SAINT.get(t, t) for t in _WORD.findall(_plain(name)))


def join_continuation(head: str, tail: str) -> str:
    """Join text cut by a page break: a hyphen at the cut glues the words back together."""
    head, tail = head.rstrip(), tail.lstrip()
    if not head:
        return tail
    if not tail:
        return head
    if head.endswith("-") and not head.endswith(" -"):
        return head + tail
    return f"{head} {tail}"


# --- themes -----------------------------------------------------------------------------

_SUBTHEMES = {
    "economie": "economy",
    "economy": "economy",
    "tourisme": "tourism",
    "tourism": "tourism",
}


def normalize_subtheme(cell: str) -> str | None:
    """`economy`/`tourism` for the first column of the economy section, else None."""
    return _SUBTHEMES.get(fold(cell))


# --- French actors ----------------------------------------------------------------------

_ACTOR_KINDS = (
    ("to_be_defined", ("a definir", "to be determined")),
    ("state", ("ambassade", "scac", "ifr", "daect", "consulat", "cg ", "ministere", "embassy")),
    ("region", ("region", "conseil regional", "regional council")),
    ("department", ("departement", "department")),
    ("intercommunality", ("metropole", "agglomeration", "communaute", "grand paris")),
    ("higher_education", ("universite", "university", "ecole", "inalco", "institut", "cnrs")),
    ("association", ("association", "comite")),
    ("commune", ("ville", "commune", "town", "city")),
)


def classify_actor(actor: str) -> str:
    """Kind of a French actor by its name: commune unless a keyword says otherwise."""
    first = re.split(r"[/,;]| et ", actor, maxsplit=1)[0]
    key = " " + fold(first) + " "
    if not key.strip():
        return "unknown"
    for kind, words in _ACTOR_KINDS:
        if any(f" {w.strip()} " in key or (w.endswith(" ") and f" {w}" in key) for w in words):
            return kind
    return "commune"
