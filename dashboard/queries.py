"""(connection, Filters) → polars DataFrame. No Streamlit here; bound parameters only.

Counting rules (as docs/data-model.md states them): listings count every listing, a repeat and an activity
listed under two themes included; activities count DISTINCT activity_id.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import polars as pl
import pyarrow as pa

from dashboard.filters import Filters, Vocabulary, text_match
from dashboard.search import SEARCH_CUBE
from etl.db.schema import SPOTS
from etl.normalize import fold
from etl.vocab import SEMESTERS, THEMES

METROPOLITAN = ("FR-ARA", "FR-BFC", "FR-BRE", "FR-CVL", "FR-20R", "FR-GES", "FR-HDF", "FR-IDF",
                "FR-NOR", "FR-NAQ", "FR-OCC", "FR-PDL", "FR-PAC")  # fmt: skip


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or []).pl()


def vocabulary(con: duckdb.DuckDBPyConnection) -> Vocabulary:
    def values(sql: str) -> tuple[str, ...]:
        return tuple(r[0] for r in con.sql(sql).fetchall() if r[0] is not None)

    regions = con.sql("SELECT code, name_fr, name_en, country FROM regions").fetchall()
    return Vocabulary(
        themes=tuple(t for t in THEMES if t in values("SELECT DISTINCT theme FROM events")),
        semesters=SEMESTERS,
        fr_regions=values("SELECT DISTINCT fr_region FROM events ORDER BY 1"),
        partner_regions=values("SELECT DISTINCT region_code FROM event_regions ORDER BY 1"),
        partner_countries=values(
            "SELECT DISTINCT partner_country FROM events UNION SELECT DISTINCT partner_country FROM partnerships ORDER BY 1"
        ),
        actor_kinds=values("SELECT DISTINCT fr_actor_kind FROM events ORDER BY 1"),
        listing_countries=values("SELECT DISTINCT partner_country FROM events ORDER BY 1"),
        years=values("SELECT DISTINCT catalogue_year::VARCHAR FROM events WHERE catalogue_year IS NOT NULL ORDER BY 1"),
        region_names={code: (fr, en) for code, fr, en, _ in regions},
        region_country={code: country for code, _, _, country in regions},
    )


def key_figures(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, float]:
    where, params = f.events_where()
    rwhere, rparams = f.events_where("r")
    row = con.sql(
        f"""
        WITH f AS MATERIALIZED (  -- the filter read once
            SELECT fr_actor, fr_region, semester FROM events e WHERE {where}
        )
        SELECT count(*)::BIGINT,
               -- activities: the listings less the extra listings of an activity listed more than once
               (count(*) - (SELECT count(*) - count(DISTINCT r.activity_id) FROM activity_repeats r
                            WHERE {rwhere}))::BIGINT,
               count(DISTINCT CASE WHEN fr_region IS NOT NULL THEN fr_actor END)::BIGINT,
               count(DISTINCT fr_region)::BIGINT,
               (SELECT count(DISTINCT r.region_code) FROM event_region_facts r WHERE {rwhere})::BIGINT,
               coalesce(avg(CASE WHEN semester <> 'UNKNOWN' THEN 1.0 ELSE 0.0 END), 0)
        FROM f
        """,
        params=[*params, *rparams, *rparams],
    ).fetchall()[0]
    pwhere, pparams = f.partnerships_where()
    twins = con.sql(
        f"""SELECT partner_country, count(*)::BIGINT FROM partnerships p WHERE kind = 'twinning' AND {pwhere}
            GROUP BY 1 ORDER BY 2 DESC, 1""",
        params=pparams,
    ).fetchall()
    return {
        "listings": row[0], "activities": row[1], "fr_authorities": row[2], "fr_regions": row[3],
        "partner_regions": row[4], "dated_share": float(row[5]), "twin_links": sum(n for _, n in twins),
        "twins_by_country": tuple(twins),
    }  # fmt: skip


def _listings(f: Filters) -> tuple[str, str, str, list]:
    """Where a count of listings per theme, semester, region or edition is read: (relation as `e`,
    the number of listings over it, the filters' WHERE clause over it and its parameters). When
    every filter is a column of `event_cube` (no partner region), the cube the build wrote (a few
    thousand rows for a million listings), or a resolved search's own cube (search.with_search); else
    the listings themselves."""
    if f.partner_regions or (f.search.strip() and not f.resolved):
        return "events", "count(e.event_id)", *f.events_where()
    cube = SEARCH_CUBE if f.search.strip() else "event_cube"
    return cube, "coalesce(sum(e.listings), 0)", *replace(f, search="", resolved=False, negated=False).events_where()


def by_theme(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    rel, n, where, params = _listings(f)
    return _df(
        con,
        f"""SELECT t.theme, {n}::BIGINT AS listings
            FROM (SELECT unnest(?::VARCHAR[]) AS theme, generate_subscripts(?::VARCHAR[], 1) AS pos) t
            LEFT JOIN {rel} e ON e.theme = t.theme AND {where}
            GROUP BY t.theme, t.pos
            HAVING t.theme <> 'other' OR {n} > 0  -- 'other' only when a header named no theme
            ORDER BY t.pos""",
        [list(THEMES), list(THEMES), *params],
    )


def by_semester_theme(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    rel, n, where, params = _listings(f)
    return _df(
        con,
        f"""SELECT coalesce(year, catalogue_year) AS year, semester, theme, {n}::BIGINT AS listings
            FROM {rel} e WHERE {where} GROUP BY ALL ORDER BY year, semester, theme""",
        params,
    )


def by_edition(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Listings per catalogue edition (the primary file of each year and partner country)."""
    rel, n, where, params = _listings(f)
    return _df(
        con,
        f"""SELECT e.catalogue_year, e.partner_country, any_value(s.title) AS title, {n}::BIGINT AS listings
            FROM {rel} e JOIN sources s ON s.file = e.source_file
            WHERE {where} GROUP BY e.catalogue_year, e.partner_country ORDER BY 1, 2""",
        params,
    )


def by_country(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Listings per partner country (a listing whose country is unknown is not counted here)."""
    rel, n, where, params = _listings(f)
    return _df(
        con,
        f"""SELECT e.partner_country, {n}::BIGINT AS listings FROM {rel} e
            WHERE {where} AND e.partner_country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1""",
        params,
    )


def editions(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every loaded catalogue file: year, partner country, language, role, title."""
    return _df(
        con,
        """SELECT file, catalogue_year, partner_country, partner_countries, country_column, language, role, title,
                  listings
           FROM sources ORDER BY catalogue_year, partner_country, role, file""",
    )


def by_fr_region(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Every metropolitan region (zeros included), overseas ones when they have listings."""
    rel, n, where, params = _listings(f)
    return _df(
        con,
        f"""SELECT g.code AS region, g.name_fr, g.name_en, {n}::BIGINT AS listings
            FROM regions g LEFT JOIN {rel} e ON e.fr_region = g.code AND {where}
            WHERE g.country = 'FR'
            GROUP BY ALL
            HAVING list_contains(?, g.code) OR {n} > 0
            ORDER BY listings DESC, g.name_fr, g.code""",
        [*params, list(METROPOLITAN)],
    )


def by_partner_region(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    where, params = f.events_where("r")
    return _df(
        con,
        f"""SELECT r.region, g.name_fr, g.name_en, g.country, r.listings
            FROM (SELECT r.region_code AS region, count(*)::BIGINT AS listings
                  FROM event_region_facts r WHERE {where} GROUP BY 1) r
            JOIN regions g ON g.code = r.region ORDER BY listings DESC, g.name_fr, g.code""",
        params,
    )


def theme_region_matrix(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    rel, n, where, params = _listings(f)
    return _df(
        con,
        f"""SELECT e.fr_region AS region, e.theme, {n}::BIGINT AS listings
            FROM {rel} e WHERE e.fr_region IS NOT NULL AND {where} GROUP BY ALL ORDER BY region, e.theme""",
        params,
    )


EVENT_ORDERS = {  # how the Events table can be sorted (in DuckDB: a page is sorted with the whole)
    "document": "e.source_file, e.source_line",
    "date": "e.date_start NULLS LAST, e.source_file, e.source_line",
    "title": "coalesce(e.title_fr, e.title_en), e.source_file, e.source_line",
    "region": "e.fr_region NULLS LAST, e.source_file, e.source_line",
}


def events_count(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    where, params = f.events_where()
    return con.sql(f"SELECT count(*) FROM events e WHERE {where}", params=params).fetchall()[0][0]


_EVENT_COLUMNS = """e.event_id, e.theme, e.subtheme, e.title_fr, e.title_en, e.description_fr,
                   e.description_en, e.fr_actor, e.fr_actor_kind, e.partner_actor, e.fr_region,
                   (SELECT list_sort(list(r.region_code)) FROM event_regions r
                     WHERE r.event_id = e.event_id) AS partner_regions,
                   e.partner_country, e.semester, e.semester_basis, e.date_text, e.date_start,
                   e.date_end, e.year, e.duplicate_of, e.activity_id, e.flags, e.source_file,
                   e.source_line, e.source_lines, e.en_source_file, e.en_source_line,
                   e.fr_region_note, e.source_page, e.source_table, e.source_row"""


def events_sql(f: Filters, order: str = "document") -> tuple[str, list]:
    """The query of every filtered listing, sorted by `order` (EVENT_ORDERS), and its parameters."""
    where, params = f.events_where()
    return f"SELECT {_EVENT_COLUMNS} FROM events e WHERE {where} ORDER BY {EVENT_ORDERS[order]}", params


def partner_countries(con: duckdb.DuckDBPyConnection, f: Filters) -> list[str]:
    """The partner countries of the filtered listings (a table's headers name their subdivisions)."""
    where, params = f.events_where()
    sql = f"SELECT DISTINCT partner_country FROM events e WHERE {where} AND partner_country IS NOT NULL ORDER BY 1"
    return [c for (c,) in con.sql(sql, params=params).fetchall()]


def batches(con: duckdb.DuckDBPyConnection, sql: str, params: list, rows: int):
    """A query's result `rows` at a time (polars frames, the first one even when there is no
    row): a download holds one batch, not the whole table."""
    reader = con.sql(sql, params=params).to_arrow_reader(rows)
    first = True
    for batch in reader:
        if batch.num_rows or first:
            yield pl.from_arrow(pa.Table.from_batches([batch], reader.schema))
            first = False
    if first:
        yield pl.from_arrow(reader.schema.empty_table())


def events_table(
    con: duckdb.DuckDBPyConnection, f: Filters, order: str = "document", limit: int | None = None, offset: int = 0
) -> pl.DataFrame:
    """The filtered listings, sorted by `order` (EVENT_ORDERS); a page of `limit` rows from
    `offset` when a limit is given (the browser never receives the whole table)."""
    if limit is None:
        return _df(con, *events_sql(f, order))
    where, params = f.events_where()
    # a page: its ids first, sorted over the narrow sort keys, then only those rows read in full
    # (sorting the wide rows, or a partner-region list per listing, before the LIMIT cost ~10x)
    ids = [i for (i,) in con.sql(f"SELECT e.event_id FROM events e WHERE {where} ORDER BY {EVENT_ORDERS[order]} "
                                 f"LIMIT {int(limit)} OFFSET {int(offset)}", params=params).fetchall()]  # fmt: skip
    return _df(
        con, f"SELECT {_EVENT_COLUMNS} FROM events e WHERE list_contains(?, e.event_id) ORDER BY list_position(?, e.event_id)",
        [ids, ids],
    )  # fmt: skip


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str) -> dict | None:
    frame = _df(
        con,
        """SELECT e.*, (SELECT list_sort(list(r.region_code)) FROM event_regions r
                        WHERE r.event_id = e.event_id) AS partner_regions,
                  en.page AS en_page, en.table_no AS en_table, en.row_no AS en_row
           FROM events e
           LEFT JOIN raw_lines en ON en.source_file = e.en_source_file AND en.line_no = e.en_source_line
           WHERE e.event_id = ?""",
        [event_id],
    )
    if frame.is_empty():
        return None
    detail = frame.row(0, named=True)
    detail["quality"] = _df(
        con,
        """SELECT severity, code, message, coalesce(message_fr, message) AS message_fr FROM data_quality
           WHERE source_file = ? AND source_line = ? ORDER BY 1, 2""",
        [detail["source_file"], detail["source_line"]],
    ).to_dicts()
    detail["places"] = _df(
        con,
        """SELECT ep.place_id, p.name_fr, p.name_en FROM event_places ep JOIN places p USING (place_id)
           WHERE ep.event_id = ? AND ep.accepted ORDER BY ep.role DESC, ep.ordinal""",
        [event_id],
    ).to_dicts()
    detail["raw_lines"] = _df(
        con,
        """SELECT line_no, text, page, table_no, row_no FROM raw_lines
           WHERE source_file = ? AND listing_line = ? ORDER BY line_no""",
        [detail["source_file"], detail["source_line"]],
    ).to_dicts()
    return detail


# The lines that have a place in a PDF or Word document: joined to links and flags for their page
# and row; a database of text exports has none, so the join costs nothing however large it is.
_PLACED = (
    "SELECT source_file, line_no, page, table_no, row_no FROM raw_lines WHERE page IS NOT NULL OR row_no IS NOT NULL"
)
_LINKS = f"""SELECT p.*,
       coalesce(fp.name_fr, p.fr_place) AS fr_place_fr, coalesce(fp.name_en, p.fr_place) AS fr_place_en,
       coalesce(pp.name_fr, p.partner_place) AS partner_place_fr,
       coalesce(pp.name_en, p.partner_place) AS partner_place_en,
       rl.page AS source_page, rl.table_no AS source_table, rl.row_no AS source_row
FROM partnerships p
LEFT JOIN places fp ON fp.place_id = p.fr_place_id
LEFT JOIN places pp ON pp.place_id = p.partner_place_id
LEFT JOIN ({_PLACED}) rl ON rl.source_file = p.source_file AND rl.line_no = p.source_line"""
# Every order ends on a unique key: a page cut by LIMIT/OFFSET from a sort with ties could show a
# row on two pages and another on none (and two runs of one query could differ).
_LINK_ORDER = "ORDER BY p.kind = 'event_link', p.n_events DESC, fr_place_fr, partner_place_fr, p.partnership_id"
_LINK_ORDER_BARE = "ORDER BY kind = 'event_link', n_events DESC, fr_place_fr, partner_place_fr, partnership_id"


def _partnerships_sql(f: Filters) -> tuple[str, str, list]:
    where, params = _map_where(f, ("stated", "events"))  # what the map draws, every layer
    return f"{_LINKS} WHERE {where}", _LINK_ORDER, params


def partnerships_sql(f: Filters) -> tuple[str, list]:
    """The query of every link of the Partnerships page, in its order, and its parameters."""
    sql, order, params = _partnerships_sql(f)
    return f"{sql} {order}", params


def partnerships(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None, offset: int = 0) -> pl.DataFrame:
    """Links with both ends placed (rows without a place are reported by the ETL, not drawn);
    a page of `limit` rows from `offset` when a limit is given."""
    return _paged(con, *_partnerships_sql(f), limit, offset)


def link_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, int]:
    """The Partnerships page's counts: links in all, stated ones, stated ones with no year."""
    sql, _, params = _partnerships_sql(f)
    total, stated, undated = con.sql(
        f"""SELECT count(*), count(*) FILTER (WHERE kind <> 'event_link'),
                   count(*) FILTER (WHERE kind <> 'event_link' AND since_year IS NULL) FROM ({sql})""",
        params=params,
    ).fetchall()[0]
    return {"total": total, "stated": stated, "undated": undated}


def _paged(
    con: duckdb.DuckDBPyConnection, sql: str, order: str, params: list, limit: int | None, offset: int
) -> pl.DataFrame:
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    return _df(con, f"{sql} {order}{page}", params)


def row_count(con: duckdb.DuckDBPyConnection, f: Filters, name: str) -> int:
    """Rows of a paged table (`partnerships`, `quality_flags`, `places_to_review`, `source_conflicts`)."""
    sql, _, params = _PAGED[name](f)  # counted unsorted
    return con.sql(f"SELECT count(*) FROM ({sql})", params=params).fetchall()[0][0]


def _map_where(f: Filters, layers: tuple[str, ...], focus: str | None = None) -> tuple[str, list]:
    """The links a map shows: the filters, both ends placed, the chosen layers ("stated", "events")
    and, with a focus, the links of that place (for a region: of every place in it)."""
    where, params = f.partnerships_where()
    clauses = [where, "p.fr_lat IS NOT NULL AND p.partner_lat IS NOT NULL"]
    if "stated" not in layers:
        clauses.append("p.kind = 'event_link'")
    if "events" not in layers:
        clauses.append("p.kind <> 'event_link'")
    if focus:
        clauses.append("(? IN (p.fr_place_id, p.partner_place_id) OR ? IN (p.fr_region, p.partner_region))")
        params = [*params, focus, _region_code(focus) or ""]
    return " AND ".join(clauses), params


def map_counts(
    con: duckdb.DuckDBPyConnection, f: Filters, layers: tuple[str, ...], focus: str | None = None
) -> dict[str, int]:
    """How many stated links and links through listings a map shows."""
    where, params = _map_where(f, layers, focus)
    stated, events = con.sql(
        f"""SELECT count(*) FILTER (WHERE p.kind <> 'event_link'), count(*) FILTER (WHERE p.kind = 'event_link')
            FROM partnerships p WHERE {where}""",
        params=params,
    ).fetchall()[0]
    return {"stated": stated, "events": events}


def map_links(
    con: duckdb.DuckDBPyConnection, f: Filters, layers: tuple[str, ...], focus: str | None = None
) -> pl.DataFrame:
    """The links a map shows, one row each (the partnerships query's columns)."""
    where, params = _map_where(f, layers, focus)
    return _df(con, f"SELECT * FROM ({_LINKS}) p WHERE {where} {_LINK_ORDER_BARE}", params)


def link_documents(
    con: duckdb.DuckDBPyConnection, f: Filters, layers: tuple[str, ...], focus: str | None = None
) -> pl.DataFrame:
    """The documents other than the loaded catalogues (the reports) that state links a map shows:
    one row per (file, partner country), for a chart's source line (captions.report_names)."""
    return _documents(con, *_map_where(f, layers, focus))


def decade_documents(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """link_documents for the links `links_by_decade` counts (stated, with a since-year)."""
    where, params = f.partnerships_where()
    return _documents(con, f"{where} AND p.since_year IS NOT NULL", params)


def _documents(con: duckdb.DuckDBPyConnection, where: str, params: list) -> pl.DataFrame:
    return _df(
        con,
        f"""SELECT DISTINCT p.source_file AS file, p.partner_country AS country FROM partnerships p
            WHERE {where} AND p.kind <> 'event_link' AND p.source_file IS NOT NULL
              AND p.source_file NOT IN (SELECT file FROM sources)
            ORDER BY file, country""",
        params,
    )


MOST_ARCS = 3000  # a grouped map draws at most this many pairs (the most linked), the rest named


def link_arcs(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    layers: tuple[str, ...],
    focus: str | None = None,
    color_by: str = "theme",
    most: int | None = None,
) -> pl.DataFrame:
    """The links a map shows grouped by the regions of their ends (an end without a known region
    centre stands for itself): one row per (pair, colour group) with its number of links, the
    pair's links by kind (`kinds`, for the hover) and in all (`total`); the `most` pairs with the
    most links, `pairs`, `all_links` and `stated_links` saying how many there were in all (the
    map's counts, link_map.arc_counts: no second query). A link with several
    themes counts in each of its themes' groups, as on the map of single links."""
    where, params = _map_where(f, layers, focus)
    most = MOST_ARCS if most is None else most
    end = """CASE WHEN g{s}.lat IS NOT NULL THEN 'region:' || g{s}.code ELSE p.{s}_place_id END AS {s}_key,
             coalesce(g{s}.name_fr, p.{s}_place_fr) AS {s}_name_fr, coalesce(g{s}.name_en, p.{s}_place_en) AS {s}_name_en,
             coalesce(g{s}.lat, p.{s}_lat) AS {s}_lat, coalesce(g{s}.lon, p.{s}_lon) AS {s}_lon"""
    return _df(
        con,
        f"""WITH l AS (
              SELECT p.kind, p.themes, {end.format(s="fr")}, {end.format(s="partner")}
              FROM ({_LINKS}) p LEFT JOIN regions gfr ON gfr.code = p.fr_region
                   LEFT JOIN regions gpartner ON gpartner.code = p.partner_region
              WHERE {where}
            ),
            pairs AS (
              SELECT fr_key, partner_key, histogram(kind) AS kinds, count(*)::BIGINT AS total,
                     count(*) OVER ()::BIGINT AS pairs, sum(count(*)) OVER ()::BIGINT AS all_links,
                     sum(count(*) FILTER (WHERE kind <> 'event_link')) OVER ()::BIGINT AS stated_links
              FROM l GROUP BY fr_key, partner_key
              ORDER BY total DESC, fr_key, partner_key LIMIT ?
            ),
            groups AS (
              SELECT fr_key, partner_key, grp, count(*)::BIGINT AS links,
                     any_value(fr_name_fr) AS fr_name_fr, any_value(fr_name_en) AS fr_name_en,
                     any_value(fr_lat) AS fr_lat, any_value(fr_lon) AS fr_lon,
                     any_value(partner_name_fr) AS partner_name_fr, any_value(partner_name_en) AS partner_name_en,
                     any_value(partner_lat) AS partner_lat, any_value(partner_lon) AS partner_lon
              FROM (SELECT *, unnest(CASE WHEN ? = 'kind' THEN [kind] WHEN len(themes) = 0 THEN [''] ELSE themes END)
                              AS grp FROM l)
              GROUP BY fr_key, partner_key, grp
            )
            SELECT g.*, p.kinds, p.total, p.pairs, p.all_links, p.stated_links
            FROM groups g JOIN pairs p USING (fr_key, partner_key)
            ORDER BY p.total DESC, g.fr_key, g.partner_key, g.grp""",
        [*params, most, color_by],
    )


# Every place a page can show: the places the build named, and every region (a region no listing
# names as a place still has its listings and its towns' links).
_SPOTS = f"WITH {SPOTS}"  # every place a page can show (etl.db.schema.SPOTS)


def _region_code(place_id: str) -> str | None:
    return place_id.removeprefix("region:") if place_id.startswith("region:") else None


def place(con: duckdb.DuckDBPyConnection, place_id: str) -> dict | None:
    """One place: its names, kind, region and country; None when the database has no such place."""
    frame = _df(con, f"""{_SPOTS}
        SELECT s.*, g.name_fr AS region_fr, g.name_en AS region_en, g.name_local AS region_local
        FROM spots s LEFT JOIN regions g ON g.code = s.region_code WHERE s.place_id = ?""", [place_id])  # fmt: skip
    if frame.is_empty():
        return None
    out = frame.row(0, named=True)
    out["region_of_its_own"] = _region_code(place_id)
    return out


_PLACE_PARTS = {"stated": "own AND kind <> 'event_link'", "through": "own AND kind = 'event_link'", "around": "NOT own"}


def _place_links_sql(place_id: str, part: str | None = None) -> tuple[str, list]:
    code = _region_code(place_id) or ""
    return (
        f"""SELECT * FROM (
              SELECT *, ? IN (fr_place_id, partner_place_id) AS own FROM ({_LINKS}) p
              WHERE ? IN (p.fr_place_id, p.partner_place_id) OR ? IN (p.fr_region, p.partner_region)
            ) p WHERE {_PLACE_PARTS[part] if part else "TRUE"}""",
        [place_id, place_id, code],
    )


def place_links(
    con: duckdb.DuckDBPyConnection, place_id: str, part: str | None = None, limit: int | None = None, offset: int = 0
) -> pl.DataFrame:
    """The links of a place (either end), and for a region those of the places in it; `own`
    says whether the place itself is an end. `part`: only its stated links, its links through
    listings, or (a region) its places' links (`stated`, `through`, `around`); a page of
    `limit` rows from `offset` when a limit is given."""
    sql, params = _place_links_sql(place_id, part)
    return _paged(con, sql, _LINK_ORDER_BARE, params, limit, offset)


_PLACE_EVENTS = """FROM events e
           WHERE EXISTS (SELECT 1 FROM event_places ep WHERE ep.event_id = e.event_id AND ep.accepted
                           AND ep.place_id = ?)
              OR e.fr_region = ?
              OR EXISTS (SELECT 1 FROM event_regions r WHERE r.event_id = e.event_id AND r.region_code = ?)"""


def place_events(
    con: duckdb.DuckDBPyConnection, place_id: str, limit: int | None = None, offset: int = 0
) -> pl.DataFrame:
    """The listings naming a place (accepted places only); for a region, every listing in it."""
    code = _region_code(place_id) or ""
    return _paged(
        con,
        f"""SELECT e.event_id, e.theme, e.title_fr, e.title_en, e.fr_actor, e.partner_actor, e.partner_country,
                  e.semester, coalesce(e.year, e.catalogue_year) AS year, e.date_text, e.catalogue_year,
                  e.source_file, e.source_line, e.duplicate_of
           {_PLACE_EVENTS}""",
        "ORDER BY e.catalogue_year, e.source_file, e.source_line",
        [place_id, code, code],
        limit,
        offset,
    )


def place_counts(con: duckdb.DuckDBPyConnection, place_id: str) -> dict[str, int]:
    """A place's stated links, links through listings, its places' links (a region: all, and
    how many of them are stated) and listings."""
    sql, params = _place_links_sql(place_id)
    stated, through, around, around_stated = con.sql(
        f"""SELECT count(*) FILTER (WHERE {_PLACE_PARTS["stated"]}), count(*) FILTER (WHERE {_PLACE_PARTS["through"]}),
                   count(*) FILTER (WHERE {_PLACE_PARTS["around"]}),
                   count(*) FILTER (WHERE {_PLACE_PARTS["around"]} AND kind <> 'event_link') FROM ({sql})""",
        params=params,
    ).fetchall()[0]
    code = _region_code(place_id) or ""
    events = con.sql(f"SELECT count(*) {_PLACE_EVENTS}", params=[place_id, code, code]).fetchall()[0][0]
    return {"stated": stated, "through": through, "around": around, "around_stated": around_stated,
            "events": events}  # fmt: skip


def search_places(con: duckdb.DuckDBPyConnection, text: str, limit: int = 8) -> pl.DataFrame:
    """Places with a link or a listing whose any name (French, English, local, other spellings)
    contains every word of the search, accents and case ignored; exact names first, then the
    most tied (a blank search: the most tied places)."""
    f = Filters(search=text)
    return _df(
        con,
        f"""{_SPOTS},
            hits AS (  -- place_search: each name folded, each place's ties counted, by the build
              SELECT place_id, bool_or(name = ?) AS exact, any_value(links) AS links,
                     any_value(listings) AS listings
              FROM place_search WHERE {text_match(len(f.words), "name")} GROUP BY place_id
            )
            SELECT s.*, h.exact, h.links, h.listings FROM spots s JOIN hits h USING (place_id)
            ORDER BY exact DESC, links + listings DESC, name_fr, place_id LIMIT ?""",
        [fold(text), *f.patterns, limit],
    )


def links_by_decade(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    where, params = f.partnerships_where()
    return _df(
        con,
        f"""SELECT (since_year // 10 * 10)::INTEGER AS decade, kind, count(*)::BIGINT AS links
            FROM partnerships p WHERE kind <> 'event_link' AND since_year IS NOT NULL AND {where}
            GROUP BY ALL ORDER BY decade, kind""",
        params,
    )


def quality_summary(con: duckdb.DuckDBPyConnection, most_lines: int = 30) -> pl.DataFrame:
    """Flags by severity and code: how many, on how many lines, and the first `most_lines` of them."""
    return _df(
        con,
        r"""SELECT severity, code, count(*)::BIGINT AS flags, count(DISTINCT (source_file, source_line))::BIGINT AS n_lines,
                  list_sort(list(DISTINCT regexp_replace(source_file, '\.txt$', '') || ':' || source_line))[1:?]
                    AS lines
           FROM data_quality GROUP BY severity, code
           ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, flags DESC, code""",
        [most_lines],
    )


def _quality_flags_sql(f: Filters) -> tuple[str, str, list]:
    """Without a filter, every flag (listings' and other lines'); with one, the listings' flags."""
    where, params = f.events_where()
    only = (
        f"""WHERE (d.source_file, d.source_line) IN (SELECT e.source_file, e.source_line FROM events e WHERE {where})"""
        if f.active
        else ""
    )
    return (
        f"""SELECT d.severity, d.code, d.source_file, d.source_line, d.message,
                   coalesce(d.message_fr, d.message) AS message_fr,
                   rl.page AS source_page, rl.table_no AS source_table, rl.row_no AS source_row
            FROM data_quality d
            LEFT JOIN ({_PLACED}) rl ON rl.source_file = d.source_file AND rl.line_no = d.source_line {only}""",
        """ORDER BY CASE d.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                   d.code, d.source_file, d.source_line, d.message, d.message_fr""",
        params if f.active else [],
    )


def quality_flags(
    con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None, offset: int = 0
) -> pl.DataFrame:
    """The flags of the listings in the filter, and of non-listing lines when no filter is set."""
    return _paged(con, *_quality_flags_sql(f), limit, offset)


def _places_to_review_sql(f: Filters) -> tuple[str, str, list]:
    where, params = f.events_where()
    return (
        f"""SELECT e.source_file, e.source_line, ep.role, ep.matched_text, p.name_fr, p.name_en, p.region_code,
                   ep.resolver, ep.score, ep.evidence, ep.evidence_fr
            FROM event_places ep JOIN events e USING (event_id) JOIN places p USING (place_id)
            WHERE NOT ep.accepted AND {where}""",
        "ORDER BY e.source_file, e.source_line, ep.role, ep.ordinal, ep.place_id",
        params,
    )


def places_to_review(
    con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None, offset: int = 0
) -> pl.DataFrame:
    """Candidates the resolver left to review (never counted), with the rule and the evidence."""
    return _paged(con, *_places_to_review_sql(f), limit, offset)


def _source_conflicts_sql(f: Filters) -> tuple[str, str, list]:
    where, params = f.events_where()
    return (
        f"""SELECT e.source_file, e.source_line, e.title_fr, e.title_en, e.source_conflict,
                   coalesce((SELECT any_value(d.message_fr) FROM data_quality d WHERE d.code = 'source_conflict'
                               AND d.source_file = e.source_file AND d.source_line = e.source_line),
                            e.source_conflict) AS source_conflict_fr
            FROM events e WHERE e.source_conflict IS NOT NULL AND {where}""",
        "ORDER BY e.source_file, e.source_line",
        params,
    )


def source_conflicts(
    con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None, offset: int = 0
) -> pl.DataFrame:
    """Listings whose text contradicts their columns: both readings."""
    return _paged(con, *_source_conflicts_sql(f), limit, offset)


_PAGED = {"partnerships": _partnerships_sql, "quality_flags": _quality_flags_sql,
          "places_to_review": _places_to_review_sql, "source_conflicts": _source_conflicts_sql}  # fmt: skip


def meetings(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """The meetings the reports name, in the country and year filters (their own year)."""
    clauses, params = ["TRUE"], []
    if f.partner_countries:
        clauses.append("list_contains(?, m.partner_country)")
        params.append(list(f.partner_countries))
    if f.years:
        clauses.append("list_contains(?, m.year)")
        params.append([int(y) for y in f.years])
    return _df(
        con,
        f"""SELECT m.*, p.name_fr AS place_fr, p.name_en AS place_en
            FROM meetings m LEFT JOIN places p USING (place_id)
            WHERE {" AND ".join(clauses)} ORDER BY m.date_start, m.partner_country""",
        params,
    )


def sources(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _df(
        con,
        """SELECT file, language, listings, catalogue_year, partner_country, partner_countries, role, sha256, loaded_at,
                  format
           FROM sources ORDER BY role, file""",
    )
