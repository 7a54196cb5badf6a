"""A search's listings, found once: from the word index the build writes (etl.db.schema:
search_words, search_postings), else from every listing's text; then registered on a connection
so each query semi-joins them (or reads their own cube) instead of scanning the text again.
No Streamlit here.

Every word of the search must be in a listing's folded text, in any order, as a part of one of
its words ("ville" is in "Villeneuve"). A search naming a place also finds the listings that
write another of its names (`spellings`): "St Petersburg", "Saint-Pétersbourg" and
"Санкт-Петербург" find the same listings, resolved or not. A word of a search holds letters and digits only
(etl.normalize.fold), so where it is in a text, it is inside one of the text's space-separated
words: the index answers exactly what the scan answers (tests/test_search compares them).
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import duckdb
import numpy as np
import pandas  # noqa: F401  (pyarrow reads it on its first conversion to numpy: 0.3 s of a first search, taken here)
import pyarrow as pa

from dashboard.filters import SEARCH_HITS, Filters, text_match
from etl.db.schema import CUBE_COLUMNS, SPOTS
from etl.normalize import fold

SEARCH_CUBE = "search_cube"  # a resolved search's listings counted like event_cube

# The index is read while the listings holding the index's words that contain the search's words
# number fewer than this many per listing in all (a word in every listing, "ville": 1.3 per
# listing, 30 ms at a million listings); beyond, every listing's text is scanned (0.2-0.3 s at a
# million listings whatever the words, less than reading ten million postings: a piece as common
# as "de" is in a hundred thousand words). Both answer the same.
INDEX_POSTINGS = 4
MAX_SPELLINGS = 12  # other names of a place a search reads it with, at most


class Listings(NamedTuple):
    """Every listing by its number in the index (event_search.doc, 1…n): its id and its row of
    event_cube (`cells`), with event_cube itself by cell. Read once per database (about 20 MB at
    a million listings): a search's ids and counts are then taken from it, not joined."""

    event_ids: pa.Array
    cells: np.ndarray
    cube: pa.Table


class SearchHits(NamedTuple):
    """What a search matches: listings' ids (those it matches, or, when it matches more than
    half of them, those it does not: `negated`; a word in most listings then costs an anti-join
    on the few others, not a semi-join on a million ids), and the matching listings counted per
    combination of event_cube's columns (the Overview's counts read it)."""

    ids: pa.Table
    cube: pa.Table
    negated: bool = False


def _ints(column: pa.ChunkedArray) -> np.ndarray:
    return column.combine_chunks().to_numpy()


def listings(con: duckdb.DuckDBPyConnection) -> Listings:
    rows = con.sql("SELECT doc, event_id, cell FROM event_search").to_arrow_table()
    docs = _ints(rows["doc"])
    if not np.array_equal(docs, np.arange(1, len(docs) + 1)):  # as the build wrote them, else sorted here
        rows = rows.take(pa.array(np.argsort(docs, kind="stable")))
        if not np.array_equal(_ints(rows["doc"]), np.arange(1, len(docs) + 1)):
            raise ValueError("event_search.doc must number the listings 1…n: rebuild the database (make db)")
    cube = con.sql(f"SELECT cell, {CUBE_COLUMNS} FROM event_cube ORDER BY cell").to_arrow_table()
    if not np.array_equal(_ints(cube["cell"]), np.arange(1, cube.num_rows + 1)):
        raise ValueError("event_cube.cell must number its rows 1…n: rebuild the database (make db)")
    return Listings(rows["event_id"].combine_chunks(), _ints(rows["cell"]), cube)


def spellings(con: duckdb.DuckDBPyConnection, words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Other readings of a search that names a place: the longest run of its words that is a whole
    name of places the database shows (place_search: every spelling GeoNames and the reference
    data give), with that run replaced by each of those places' own names (French, English,
    local) — names a document writes, not every spelling (GeoNames' "LED" would find "called").
    A single word of fewer than four letters is read as it is."""
    return readings_and_names(con, words)[0]


def spelled_as(con: duckdb.DuckDBPyConnection, words: tuple[str, ...]) -> tuple[str, ...]:
    """The names, as written, a search is also read with (`spellings`): "Saint-Pétersbourg"."""
    return readings_and_names(con, words)[1]


def readings_and_names(
    con: duckdb.DuckDBPyConnection, words: tuple[str, ...]
) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """(`spellings`, `spelled_as`) of a search, found with one query."""
    runs = {" ".join(words[i:j]): (i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    runs = {run: ij for run, ij in runs.items() if ij[1] - ij[0] > 1 or len(run) >= 4}
    if not runs:
        return (), ()
    named = con.sql(
        f"""WITH {SPOTS}, named AS (
              SELECT DISTINCT place_id, regexp_replace(name, '[^\\p{{L}}\\p{{N}}]+', ' ', 'g') AS run FROM place_search
              WHERE list_contains(?, regexp_replace(name, '[^\\p{{L}}\\p{{N}}]+', ' ', 'g'))
            )
            SELECT n.run, s.name_fr, s.name_en, r.name_local FROM named n JOIN spots s USING (place_id)
            LEFT JOIN regions r ON s.kind = 'region' AND r.code = s.region_code""",
        params=[list(runs)],
    ).fetchall()
    if not named:
        return (), ()
    run = max({row[0] for row in named}, key=lambda x: (runs[x][1] - runs[x][0], -runs[x][0]))
    i, j = runs[run]
    written = {tuple(fold(n).split()): n for row in named if row[0] == run for n in sorted(filter(None, row[1:]))}
    names = set(written) - {words[i:j], ()}
    kept: list[tuple[str, ...]] = []  # a reading holding all the words of a shorter one finds nothing more
    for other in sorted(names, key=lambda x: (len(x), x)):
        reading = words[:i] + other + words[j:]
        if not any(set(shorter) <= set(reading) for shorter in (words, *kept)) and len(kept) < MAX_SPELLINGS:
            kept.append(reading)
    shown = tuple(dict.fromkeys(written[r[i : len(r) - (len(words) - j)]] for r in kept))
    return tuple(kept), shown


def matched(con: duckdb.DuckDBPyConnection, readings: tuple[tuple[str, ...], ...], n: int) -> np.ndarray:
    """Which listings hold every word of one of `readings` (Filters.readings): a mask by doc - 1."""
    if not readings:
        return np.ones(n, dtype=bool)
    mask = np.zeros(n, dtype=bool)
    for words in readings:
        mask |= _holding(con, words, n)
    return mask


def _holding(con: duckdb.DuckDBPyConnection, words: tuple[str, ...], n: int) -> np.ndarray:
    """Which listings hold every one of `words`: a mask by doc - 1."""
    mask = np.ones(n, dtype=bool)
    if not words:
        return mask
    found = [  # per word: the index's words that contain it, and how many listings hold them
        con.sql(
            "SELECT list(word_id), coalesce(sum(listings), 0) FROM search_words WHERE word LIKE ?", params=[f"%{w}%"]
        ).fetchall()[0]
        for w in words
    ]
    if sum(held for _, held in found) > INDEX_POSTINGS * n:
        docs = con.sql(f"SELECT doc FROM event_search WHERE {text_match(len(words))}", params=[f"%{w}%" for w in words])
        mask[:] = False
        mask[_ints(docs.to_arrow_table()["doc"]) - 1] = True
        return mask
    for ids, _ in sorted(found, key=lambda x: x[1]):  # the rarest first: the others only narrow it
        if not ids or not mask.any():
            return np.zeros(n, dtype=bool)
        docs = _ints(
            con.sql(
                "SELECT doc FROM search_postings WHERE word_id IN (SELECT unnest(?::INTEGER[]))", params=[ids]
            ).to_arrow_table()["doc"]
        )
        held = np.zeros(n, dtype=bool)
        held[docs - 1] = True
        mask &= held
    return mask


def search_hits(
    con: duckdb.DuckDBPyConnection, readings: tuple[tuple[str, ...], ...], index: Listings | None = None
) -> SearchHits:
    """The listings holding every word of one of a search's readings (Filters.readings), with their
    cube (`index`: listings(con), read here when the caller keeps none)."""
    index = listings(con) if index is None else index
    mask = matched(con, readings, len(index.cells))
    negated = int(mask.sum()) > len(mask) / 2
    kept = np.flatnonzero(~mask if negated else mask)
    ids = pa.table({"event_id": index.event_ids.take(pa.array(kept))})
    counts = np.bincount(index.cells[mask], minlength=index.cube.num_rows + 1)[1:]
    cube = index.cube.append_column("listings", pa.array(counts, pa.int64()))
    return SearchHits(ids, cube.filter(pa.array(counts > 0)).drop_columns(["cell"]), negated)


def with_search(
    con: duckdb.DuckDBPyConnection, f: Filters, hits: SearchHits | None = None, index: Listings | None = None
) -> Filters:
    """`f` as `con` reads it with its search resolved once: the matching listings (`hits`, from
    search_hits, when the caller keeps them) registered on `con`, so each query semi-joins them
    (or reads their cube) rather than scanning every listing's text again (at a million
    listings, ~0.3 s per query)."""
    if not f.search.strip() or f.resolved:
        return f
    if hits is None:  # else the caller found them with the search's readings (dashboard.data.ready)
        f = replace(f, spellings=spellings(con, f.words))
        hits = search_hits(con, f.readings, index)
    con.register(SEARCH_HITS, hits.ids)
    con.register(SEARCH_CUBE, hits.cube)
    return replace(f, resolved=True, negated=hits.negated)
