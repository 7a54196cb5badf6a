"""Property tests (hypothesis) on what reads untrusted text: the catalogue parser, the name
folding, the extractor and the dashboard's text escaping. Never an unhandled exception; every
input line accounted for. (The date grammar has its own in test_dates.py.)"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.extract import ExtractError, decode
from etl.normalize import fold
from etl.parse import CatalogueFormatError, parse_catalogue
from tests.conftest import RAW

HEADER = "Région\tCollectivité française concernée\tCollectivité russe concernée\tIntitulé du projet\tDescription du projet\tDate prévue"
REAL = [x for x in (RAW / "catalogue_2021_fr.txt").read_text(encoding="utf-8").split("\n") if x][30:140]

CELL = st.one_of(
    st.sampled_from(["", " ", "Bretagne", "Ville de Brest", "Mourmansk", "<b>Titre</b>", "**x**", "Thématique : sport",
                     "## Thématique : culture", "Semestre 2", "=1+1", "\u202e", "<p>", '""', "Sommaire", "12"]),
    st.text(max_size=12),
)  # fmt: skip
ROW = st.one_of(st.lists(CELL, max_size=9).map("\t".join), st.sampled_from(REAL), st.text(max_size=40))


def accounted(lines: list[str], parsed) -> None:
    assert [r.line_no for r in parsed.lines] == list(range(1, len(lines) + 1))  # one record per line, in order
    kinds = {r.line_no: r.kind for r in parsed.lines}
    reported = {i.source_line for i in parsed.issues if i.severity == "error"}
    for r in parsed.lines:
        if r.kind == "unrecognised":
            assert r.line_no in reported  # every line not loaded says why
    for listing in parsed.listings:
        assert kinds[listing.source_line] == "listing"
        assert all(kinds[n] in ("listing", "continuation") for n in listing.lines)
    covered = [n for x in parsed.listings for n in x.lines]
    assert len(covered) == len(set(covered))  # no line in two listings


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, max_size=25), st.lists(ROW, max_size=25))
def test_the_parser_accounts_for_every_line_of_any_table(before, after):
    lines = [*before, HEADER, *after]
    try:
        parsed = parse_catalogue(lines, "fuzz.txt", lambda text: text in ("Bretagne", "Occitanie"))
    except CatalogueFormatError:  # a row of `before` read as a header with a column missing
        return
    accounted(lines, parsed)


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, max_size=30))
def test_text_without_a_header_is_refused_cleanly(lines):
    try:
        parsed = parse_catalogue(lines, "fuzz.txt")
    except CatalogueFormatError as exc:
        assert "fuzz.txt" in str(exc)
        return
    accounted(lines, parsed)


@given(st.text(max_size=60))
def test_folding_is_idempotent_and_plain(name):
    key = fold(name)
    assert fold(key) == key
    assert key == key.strip() and "  " not in key and key == key.lower()
    assert not re.search(r"[\u0300-\u036f]", key)  # no combining accent left


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused_with_a_reason(data):
    try:
        text, encoding = decode(data)
    except (ValueError, ExtractError) as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and encoding


@settings(deadline=None)  # the first call imports Streamlit
@given(st.text(max_size=80))
def test_escaped_text_keeps_every_character_and_no_markdown_is_left(text):
    from dashboard.ui import as_text

    shown = as_text(text)
    unescaped = re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "")
    assert unescaped == re.sub("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]",
                               lambda m: f"[U+{ord(m.group()):04X}]", text)  # fmt: skip
    assert not re.search(r"(?<!\\)[\[\]()*_`<>!#|~$:]", shown.replace("\\\\", ""))  # every special escaped
    assert not re.search(r":[\w+-]", shown.replace("\\:\u2060", ""))  # no shortcode can form


@settings(deadline=None)
@given(st.lists(st.text(max_size=10), min_size=1, max_size=5))
def test_no_exported_cell_starts_a_formula(cells):
    import io

    import polars as pl

    from dashboard import exports

    df = pl.DataFrame({"c": cells})
    back = pl.read_csv(io.BytesIO(exports.frame_csv(df)[3:]), infer_schema=False)["c"].to_list()
    assert not any(v.startswith(exports.FORMULA_START) for v in back if v)
