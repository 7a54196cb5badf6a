"""The search's word index (etl.db.schema.WORD_INDEX, dashboard.search) answers exactly what a
scan of every listing's text answers: on any text (hypothesis), on the built catalogues, by
either path (index or scan), and a listing holds every word of a search, in any order."""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import queries, search
from dashboard.filters import Filters
from etl.db.schema import WORD_INDEX, ensure_schema, folded

# folded texts as the build writes them, with what breaks naive word splitting: other spaces,
# punctuation glued to words, Cyrillic and kanji, LIKE's own wildcards, empty texts
PIECES = ["ville", "villeneuve", "moscou", "москва", "静岡", "saint-petersbourg", "l'ecole", "de", "la", "a",
          "(kazan)", "100%", "a_b", "x\ny", "\t", "\u00a0", "\u3000", "  ", "", "ville,", "«culture»", "2021"]  # fmt: skip
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=12).map(" ".join)
QUERY = st.one_of(
    st.sampled_from(PIECES), st.text(max_size=8), st.lists(st.sampled_from(PIECES), max_size=3).map(" ".join)
)


def indexed(texts: list[str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    con.executemany(
        "INSERT INTO event_search VALUES (?, ?, 1, ?)", [(f"ev-{i:04d}", i + 1, t) for i, t in enumerate(texts)]
    )
    con.execute(WORD_INDEX)
    return con


def truth(texts: list[str], words: tuple[str, ...]) -> np.ndarray:
    return np.array([all(w in t for w in words) for t in texts], dtype=bool)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=12), st.lists(QUERY, min_size=1, max_size=4))
def test_the_index_finds_exactly_the_texts_holding_every_word(texts, queries_):
    con = indexed(texts)
    default = search.INDEX_POSTINGS
    for q in queries_:
        words = Filters(search=q).words
        expected = truth(texts, words)
        for postings in (0, 10**9):  # the scan, then the index
            search.INDEX_POSTINGS = postings  # (hypothesis runs the body many times: no monkeypatch)
            try:
                got = search.matched(con, (words,), len(texts))
            finally:
                search.INDEX_POSTINGS = default
            assert got.tolist() == expected.tolist(), (q, words, postings)


def test_a_word_is_found_inside_longer_words_and_punctuation():
    texts = ["la ville de kazan", "villeneuve-sur-lot", "«ville»,", "vil le", "москва\nville", ""]
    con = indexed(texts)
    assert search.matched(con, (("ville",),), len(texts)).tolist() == [True, True, True, False, True, False]
    assert search.matched(con, (("kazan", "ville"),), len(texts)).tolist() == [True, False, False, False, False, False]
    assert search.matched(con, (("москва",),), len(texts)).tolist() == [False, False, False, False, True, False]
    assert search.matched(con, (("nowhere",),), len(texts)).tolist() == [False] * 6
    assert search.matched(con, (), len(texts)).all()  # no search: every listing


SEARCHES = ["Moscou", "moscou culture", "culture Moscou", "Kazan", "e", "a", "Ville", "зеркало", "zzz-nothing",
            "2021", "Saint-Pétersbourg", "静岡", "de la"]  # fmt: skip


@pytest.mark.parametrize("text", SEARCHES)
def test_on_the_catalogues_the_index_and_the_scan_agree_with_their_cube(econ, text, monkeypatch):
    f = Filters(search=text)
    scanned = set(econ.sql(f"SELECT event_id FROM events e WHERE {f.events_where()[0]}", params=f.events_where()[1])
                  .fetchall())  # fmt: skip
    index = search.listings(econ)
    everyone = {r[0] for r in econ.sql("SELECT event_id FROM events").fetchall()}
    for postings in (0, 10**9):
        monkeypatch.setattr(search, "INDEX_POSTINGS", postings)
        hits = search.search_hits(econ, f.readings, index)
        ids = set(hits.ids["event_id"].to_pylist())
        assert {i for (i,) in scanned} == (everyone - ids if hits.negated else ids)
        assert hits.negated == (len(scanned) > len(everyone) / 2)
        where, params = f.events_where()
        cube = econ.sql(f"SELECT theme, semester, fr_region, count(*) FROM events e WHERE {where} GROUP BY ALL",
                        params=params).fetchall()  # fmt: skip
        got = pl.from_arrow(hits.cube).group_by("theme", "semester", "fr_region").agg(pl.col("listings").sum())
        assert sorted(cube, key=repr) == sorted(got.rows(), key=repr)


def test_a_search_needs_every_word_in_any_order(econ):
    both = queries.events_table(econ, Filters(search="culture moscou"))
    assert both.height and both.equals(queries.events_table(econ, Filters(search="Moscou, culture")))
    texts = dict(econ.sql("SELECT event_id, text FROM event_search").fetchall())
    assert all("culture" in texts[i] and "moscou" in texts[i] for i in both["event_id"])
    places = queries.search_places(econ, "Novgorod Veliki")["place_id"]
    assert places.len() and places.equals(queries.search_places(econ, "veliki novgorod")["place_id"])


def test_an_index_not_numbered_by_the_build_is_refused():
    con = indexed(["a", "b"])
    con.execute("UPDATE event_search SET doc = 7 WHERE doc = 2")
    with pytest.raises(ValueError, match="make db"):
        search.listings(con)


def test_every_listing_is_in_the_index_once(econ, con):
    """event_search holds each listing once, numbered 1…n, each with its own row of event_cube
    (a listing left out there would be missing from every search)."""
    for c in (econ, con):
        assert c.sql("SELECT count(*), count(DISTINCT event_id), min(doc), max(doc) FROM event_search").fetchall() == (
            c.sql("SELECT count(*), count(*), 1, count(*) FROM events").fetchall()
        )
        index = search.listings(c)
        cube = pl.from_arrow(index.cube)
        counted = pl.from_arrow(c.sql("SELECT cell, listings FROM event_cube").to_arrow_table())
        assert (
            np.bincount(index.cells, minlength=cube.height + 1)[1:].tolist()
            == counted.sort("cell")["listings"].to_list()
        )


# What catalogues write: French and English letters with their accents and ligatures, Cyrillic,
# kana and kanji, full-width forms (Japanese text), punctuation and spaces. Compatibility forms
# outside the full-width block and the five ligatures (ĳ, ŀ, ſ, ㎏, Ⅳ…) are not folded by the
# build: a word holding one is found only as the text writes it (docs/reading-rules.md says so).
LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789àâäçéèêëîïôöùûüÿÀÂÇÉÈÊËÎÏÔÖÙÛÜŸ"
    "œŒæÆßﬁﬂ ,.;:'’«»()-–/\t\nМоскваКазаньЁёЙй静岡県浜松市ガイドブックパリＴｏｋｙｏ２０２１\u3000"
    "ຫຼວງພະບາງຫລ"  # Lao, its subscript lo and its letter lo
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LETTERS, max_size=40))
def test_the_build_folds_a_text_as_a_search_folds_its_words(text):
    """Every word a search makes of a text (etl.normalize: accents off, ligatures spelled out,
    full-width as ASCII) is in that text as the build folds it (etl.db.schema.folded)."""
    (got,) = duckdb.sql(f"SELECT {folded('s')} FROM (SELECT $s AS s)", params={"s": text}).fetchall()[0]
    for word in Filters(search=text).words:
        assert word in got, (text, got, word)  # "st" too: searched as "saint", written so by the build


@pytest.mark.parametrize("db", ["built_db", "editions_db"])
def test_every_word_of_a_listing_finds_that_listing(db, request):
    """Recall on the catalogues (French, English, Russian, Japanese editions): a search for any
    word of a listing's own titles, descriptions or actors finds that listing ("œuvre", written
    with its ligature, found by "oeuvre" and "œuvre")."""
    con = duckdb.connect(str(request.getfixturevalue(db)), read_only=True)
    index = search.listings(con)
    docs = dict(con.sql("SELECT event_id, doc FROM event_search").fetchall())
    texts = con.sql("""SELECT event_id, concat_ws(' ', title_fr, title_en, description_fr, description_en,
                                                 fr_actor, partner_actor) FROM events""").fetchall()
    found: dict[tuple[str, ...], np.ndarray] = {}
    missed, pairs = [], 0
    for event_id, text in texts:
        for word in set(Filters(search=text or "").words):
            if (word,) not in found:
                found[(word,)] = search.matched(con, ((word,),), len(index.cells))
            pairs += 1
            if not found[(word,)][docs[event_id] - 1]:
                missed.append((event_id, word))
    assert pairs > 1000 and not missed
    if db == "built_db":
        assert search.matched(con, (("oeuvre",),), len(index.cells)).sum() >= 4


@pytest.mark.parametrize(
    "one, other",
    [("St Petersburg", "Saint-Pétersbourg"), ("Санкт-Петербург", "saint petersburg"),
     ("Нижний Новгород", "Nijni Novgorod"), ("Nizhny Novgorod", "Nijni Novgorod"), ("Moscow", "Moscou")],
)  # fmt: skip
def test_any_spelling_of_a_place_finds_the_same_listings(econ, one, other):
    """A search naming a place is read with each of its names (search.spellings): the listings
    found are the same whatever the spelling, by the index and by the scan, and they include a
    listing that writes the place one way only and has it unresolved ("CG Saint-Pétersbourg")."""
    found = {}
    for text in (one, other):
        f = search.with_search(econ, Filters(search=text))
        assert f.spellings, text
        found[text] = set(queries.events_table(econ, f)["event_id"])
        scan = Filters(search=text, spellings=f.spellings)
        assert found[text] == {i for (i,) in econ.sql(
            f"SELECT event_id FROM events e WHERE {scan.events_where()[0]}", params=scan.events_where()[1]).fetchall()}  # fmt: skip
    assert found[one] and found[one] == found[other]
    assert search.spelled_as(econ, Filters(search=one).words)  # what the sidebar says was searched too
    if one == "St Petersburg":  # a listing found only by another name: it writes "Saint-Pétersbourg" alone
        assert set(search.spelled_as(econ, Filters(search=one).words)) >= {"Saint-Pétersbourg", "Санкт-Петербург"}
        texts = dict(econ.sql("SELECT event_id, text FROM event_search").fetchall())
        assert any("petersburg" not in texts[i] for i in found[one])


def test_a_search_naming_no_place_is_read_as_typed(econ):
    """No other reading for words that name no place, nor for a word under four letters."""
    assert search.spellings(econ, Filters(search="culture").words) == ()
    assert search.spellings(econ, Filters(search="de la").words) == ()
    assert search.spellings(econ, ()) == () and search.spelled_as(econ, ()) == ()
