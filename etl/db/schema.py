"""DDL of the database: the contract the dashboard and the checks rely on.

`ensure_schema` is idempotent. Column names listed in the ETL issue are kept; extra columns
are added freely (never renamed).
"""

from __future__ import annotations

import re

import duckdb

from etl.vocab import THEMES

THEMES_SQL = "(" + ",".join(f"'{t}'" for t in THEMES) + ")"

DDL = f"""
CREATE TABLE IF NOT EXISTS regions (
    code VARCHAR PRIMARY KEY,
    country VARCHAR NOT NULL,
    name_fr VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    lat DOUBLE,                       -- the administrative seat (Lyon, the oblast's capital)
    lon DOUBLE,
    name_local VARCHAR                -- Cyrillic, kanji
);
CREATE TABLE IF NOT EXISTS sources (
    file VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    listings INTEGER NOT NULL,
    catalogue_year INTEGER,
    partner_country VARCHAR,
    role VARCHAR NOT NULL,            -- primary | translation
    loaded_at TIMESTAMP NOT NULL,
    title VARCHAR NOT NULL,           -- documents.csv's reviewed title, else the title page's
    year_basis VARCHAR NOT NULL,      -- where the year was read: title_page | title | file_name | none
    country_basis VARCHAR NOT NULL,   -- where the partner countries were read: header | title | file_name | none
    encoding VARCHAR NOT NULL DEFAULT 'utf-8',  -- how the file was read: utf-8, cp1252, utf-16, "csv, utf-8", xlsx
    partner_countries VARCHAR[] NOT NULL DEFAULT [],  -- the countries its listings were read in, else those it declares
    country_column BOOLEAN NOT NULL DEFAULT false,    -- each row names its own country ("Pays partenaire")
    format VARCHAR NOT NULL DEFAULT 'text'            -- text | csv | xlsx | pdf | docx
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    source_file VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    source_lines VARCHAR NOT NULL,     -- every physical line of the listing, e.g. '33,35'
    theme VARCHAR NOT NULL CHECK (theme IN {THEMES_SQL}),
    theme_label VARCHAR NOT NULL,
    subtheme VARCHAR,
    title_fr VARCHAR,
    title_en VARCHAR,
    description_fr VARCHAR,
    description_en VARCHAR,
    fr_actor VARCHAR,
    fr_actor_kind VARCHAR,
    partner_actor VARCHAR,
    date_text VARCHAR,
    semester VARCHAR NOT NULL CHECK (semester IN ('S1','S2','YEAR','UNKNOWN')),
    semester_basis VARCHAR NOT NULL CHECK (semester_basis IN ('date_column','text','none')),
    date_rule VARCHAR NOT NULL,        -- the date recognisers that matched, e.g. 'semester+day_range'
    date_start DATE,
    date_end DATE,
    year INTEGER,                      -- the year of the dates (the catalogue's when a date has none)
    catalogue_year INTEGER,            -- the year of the edition the listing belongs to
    fr_region VARCHAR,
    fr_region_basis VARCHAR NOT NULL,
    fr_region_note VARCHAR,
    partner_country VARCHAR,
    partner_note VARCHAR,
    duplicate_of VARCHAR,
    activity_id VARCHAR NOT NULL,
    source_conflict VARCHAR,           -- the columns and the text disagree: both readings
    columns_swapped BOOLEAN NOT NULL,
    en_source_file VARCHAR,
    en_source_line INTEGER,
    flags VARCHAR[] NOT NULL,
    partner_country_basis VARCHAR NOT NULL DEFAULT 'none',  -- column | header | title | file_name | places | text | actor | none
    source_page INTEGER,               -- a PDF catalogue: the page of the listing's row, and the row on that page
    source_table INTEGER,              -- a Word catalogue: the table of the listing's row, and the row in that table
    source_row INTEGER                 -- (the header row being row 1); NULL for text, CSV and XLSX (the line says it)
);
CREATE TABLE IF NOT EXISTS event_regions (
    event_id VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    PRIMARY KEY (event_id, region_code)
);
CREATE TABLE IF NOT EXISTS places (
    place_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    region_code VARCHAR,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    resolver VARCHAR NOT NULL,
    geonameid BIGINT,
    population BIGINT,
    kind VARCHAR NOT NULL CHECK (kind IN ('town','region','department','site')),  -- regions drawn at their seat
    name_fr VARCHAR NOT NULL,          -- the one name French pages use (Moscou, Dunkerque)
    name_en VARCHAR NOT NULL           -- the one name English pages use (Moscow, Dunkirk)
);
CREATE TABLE IF NOT EXISTS place_names (  -- every name of a place (GeoNames alternates: Cyrillic, kanji), for search
    place_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS event_places (
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('fr','partner')),
    ordinal INTEGER NOT NULL,
    place_id VARCHAR NOT NULL,
    resolver VARCHAR NOT NULL,         -- the rule: override, region, department, gazetteer, ngram, fuzzy, geocoder:…
    matched_text VARCHAR,
    accepted BOOLEAN NOT NULL,         -- false: a candidate left to review, never counted
    score DOUBLE NOT NULL,             -- 100 for an exact name, the similarity of a fuzzy match
    evidence VARCHAR NOT NULL,         -- why it was accepted, or why it is left to review
    evidence_fr VARCHAR NOT NULL,      -- the same in French (etl.messages.EVIDENCE)
    PRIMARY KEY (event_id, role, place_id)
);
CREATE TABLE IF NOT EXISTS data_quality (
    source_file VARCHAR NOT NULL,
    source_line INTEGER,
    severity VARCHAR NOT NULL CHECK (severity IN ('error','warning','info')),
    code VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    message_fr VARCHAR              -- the same in French (document text quoted as it is)
);
CREATE TABLE IF NOT EXISTS raw_lines (
    source_file VARCHAR NOT NULL,
    line_no INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    listing_line INTEGER,
    text VARCHAR NOT NULL,
    page INTEGER,                      -- PDF and Word: the line's place in the document (etl.provenance)
    table_no INTEGER,
    row_no INTEGER,
    PRIMARY KEY (source_file, line_no)
);
CREATE TABLE IF NOT EXISTS partnerships (
    partnership_id VARCHAR PRIMARY KEY,
    fr_actor VARCHAR,
    partner_actor VARCHAR,
    fr_place_id VARCHAR,
    fr_place VARCHAR,
    fr_lat DOUBLE,
    fr_lon DOUBLE,
    fr_region VARCHAR,
    partner_place_id VARCHAR,
    partner_place VARCHAR,
    partner_lat DOUBLE,
    partner_lon DOUBLE,
    partner_region VARCHAR,
    partner_country VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('twinning','cooperation_agreement','partnership',
                                          'planned_twinning','planned_agreement','event_link')),
    since_year INTEGER,
    n_events INTEGER NOT NULL,
    themes VARCHAR[] NOT NULL,
    event_ids VARCHAR[] NOT NULL,
    distance_km DOUBLE,
    source_file VARCHAR,
    source_line INTEGER,
    evidence VARCHAR,
    status VARCHAR CHECK (status IN ('planned','signed')),  -- what the evidence's wording says; NULL: it does not
    status_words VARCHAR,
    origin VARCHAR CHECK (origin IN ('extracted','confirmed','corrected','reviewed')),  -- NULL: a link of listings
    rule VARCHAR,          -- the grammar's rule that found its ends (etl/relations.py)
    confidence DOUBLE
);
CREATE TABLE IF NOT EXISTS relations_to_review (  -- relations a document states with an end only a candidate:
    source_file VARCHAR NOT NULL,                  -- not drawn, not counted, for a steward to accept or reject
    source_line INTEGER NOT NULL,                  -- (etl/reviews.py)
    kind VARCHAR NOT NULL,
    fr_name VARCHAR NOT NULL,                      -- the ends as written
    partner_name VARCHAR NOT NULL,
    partner_country VARCHAR NOT NULL,
    since_year INTEGER,
    evidence VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    note VARCHAR NOT NULL,                         -- why an end is uncertain
    note_fr VARCHAR NOT NULL,                      -- the same in French
    fr_certain BOOLEAN NOT NULL,                   -- the French end is resolved (else its candidate below)
    fr_place VARCHAR, fr_region VARCHAR, fr_geonameid BIGINT, fr_kind VARCHAR, fr_lat DOUBLE, fr_lon DOUBLE,
    partner_certain BOOLEAN NOT NULL,
    partner_place VARCHAR, partner_region VARCHAR, partner_geonameid BIGINT, partner_kind VARCHAR,
    partner_lat DOUBLE, partner_lon DOUBLE
);
CREATE TABLE IF NOT EXISTS link_events (  -- the listings of each link (a semi-join, not a list scan)
    partnership_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    basis VARCHAR NOT NULL CHECK (basis IN ('same_places','town_in_subdivision')),
    PRIMARY KEY (partnership_id, event_id)
);
CREATE TABLE IF NOT EXISTS meetings (  -- Rencontres, country-group meetings, steering committees named in the reports
    meeting_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL CHECK (kind IN ('rencontre','group_meeting','steering_committee')),
    number INTEGER,
    name_fr VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    partner_country VARCHAR NOT NULL,
    place_id VARCHAR,
    place_text VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    date_text VARCHAR NOT NULL,
    date_start DATE NOT NULL,
    date_end DATE NOT NULL,
    year INTEGER NOT NULL,
    semester VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('held','announced')),
    source_file VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    evidence VARCHAR NOT NULL,
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS event_search (  -- derived (`derive`): a listing's words and its places' names, folded
    event_id VARCHAR PRIMARY KEY,
    doc INTEGER NOT NULL,                 -- the listing's number in the word index (search_postings), 1…n
    cell INTEGER NOT NULL,                -- its row of event_cube
    text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS search_words (  -- derived (`derive`): every word of event_search's texts (what lies
    word_id INTEGER NOT NULL,              -- between two spaces, punctuation kept), numbered, with how many
    word VARCHAR NOT NULL,                 -- listings hold it: a search reads the words that contain its
    listings BIGINT NOT NULL               -- own (a few MB) rather than every listing's text
);
CREATE TABLE IF NOT EXISTS search_postings (  -- derived (`derive`): which listings (event_search.doc) hold each
    word_id INTEGER NOT NULL,                 -- word, each pair once, sorted by word
    doc INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS event_cube (  -- derived (`derive`): listings counted per combination of the columns
    cell INTEGER NOT NULL,                 -- the combination's number (1…), event_search.cell of its listings
    theme VARCHAR NOT NULL,                -- the Overview filters and groups them by (a few thousand rows
    semester VARCHAR NOT NULL,             -- for a million listings)
    fr_region VARCHAR,
    partner_country VARCHAR,
    fr_actor_kind VARCHAR,
    catalogue_year INTEGER,
    year INTEGER,
    source_file VARCHAR NOT NULL,
    listings BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_region_facts (  -- derived (`derive`): each (listing, partner region) with
    event_id VARCHAR NOT NULL,                     -- the listing's filter columns (Filters.events_where), so
    region_code VARCHAR NOT NULL,                  -- counts per partner region read one narrow table
    theme VARCHAR NOT NULL,                        -- instead of joining a million listings
    semester VARCHAR NOT NULL,
    fr_region VARCHAR,
    partner_country VARCHAR,
    fr_actor_kind VARCHAR,
    catalogue_year INTEGER
);
CREATE TABLE IF NOT EXISTS activity_repeats (  -- derived (`derive`): the listings whose activity has another
    event_id VARCHAR NOT NULL,                  -- listing (a repeat, a second theme) with their filter columns:
    activity_id VARCHAR NOT NULL,               -- activities are the listings less the extra listings of these
    theme VARCHAR NOT NULL,                     -- (queries.key_figures), not a count(DISTINCT) over a million ids
    semester VARCHAR NOT NULL,
    fr_region VARCHAR,
    partner_country VARCHAR,
    fr_actor_kind VARCHAR,
    catalogue_year INTEGER
);
CREATE TABLE IF NOT EXISTS link_event_facts (  -- derived (`derive`): each (link, listing it carries) with the
    partnership_id VARCHAR NOT NULL,             -- listing's filter columns, so a link is kept by its
    event_id VARCHAR NOT NULL,                   -- listings' semester, year… without joining a million
    theme VARCHAR NOT NULL,                      -- listings
    semester VARCHAR NOT NULL,
    fr_region VARCHAR,
    partner_country VARCHAR,
    fr_actor_kind VARCHAR,
    catalogue_year INTEGER
);
CREATE TABLE IF NOT EXISTS link_search (  -- derived (`derive`): a link's actors, evidence and places' names, folded
    partnership_id VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS place_search (  -- derived (`derive`): every name of a place that has a link or a
    place_id VARCHAR NOT NULL,              -- listing, folded, with how many links and listings it has (the
    name VARCHAR NOT NULL,                  -- place search ranks by them: counted per search, they took
    links BIGINT NOT NULL,                  -- 0.7 s for a word in 50k places' names at a million listings)
    listings BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS geocode_cache (
    query VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    found BOOLEAN NOT NULL,
    name VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    region_code VARCHAR,
    fetched_at TIMESTAMP NOT NULL,
    PRIMARY KEY (query, country)
);
"""


TABLES = tuple(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", DDL))  # what a current build holds


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet."""
    con.execute(DDL)


# Every place a page can show (a CTE named `spots`): the places, and the regions that are not one
# of them (`region:<code>`); read by the build (place_search) and by dashboard.queries
SPOTS = """spots AS (
    SELECT place_id, name_fr, name_en, kind, country, region_code, lat, lon FROM places
    UNION ALL
    SELECT 'region:' || code, name_fr, name_en, 'region', country, code, lat, lon FROM regions
    WHERE 'region:' || code NOT IN (SELECT place_id FROM places)
)"""

# The columns listings are counted by in `event_cube` (and in a search's own cube, dashboard.queries)
CUBE_COLUMNS = "theme, semester, fr_region, partner_country, fr_actor_kind, catalogue_year, year, source_file"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ！…～ (Japanese text) as ASCII; Lao's subscript lo as the letter (etl.normalize.respell)
_FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u0ebc"
_ASCII = "".join(chr(c) for c in range(0x21, 0x7F)) + "\u0ea5"
_LIGATURES = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"), ("ﬁ", "fi"), ("ﬂ", "fl"))


def folded(expr: str) -> str:
    """SQL folding `expr` as etl.normalize._plain folds a search's words in Python: full-width
    letters and digits as ASCII, lower case, accents off, ligatures spelled out ("mise en œuvre"
    is found by "oeuvre"). Other compatibility forms (㎏, Ⅳ, superscripts) stay as written."""
    sql = f"strip_accents(lower(translate({expr}, {_quoted(_FULL_WIDTH)}, {_quoted(_ASCII)})))"
    for ligature, spelled in _LIGATURES:
        sql = f"replace({sql}, {_quoted(ligature)}, {_quoted(spelled)})"
    # "St", "Ste" as words are "saint", "sainte", as etl.normalize.fold reads a search's words
    # ("St Petersburg" typed is "saint petersburg": a text saying "St-Denis" must be found by it)
    for short, word in (("st", "saint"), ("ste", "sainte")):
        for _ in range(2):  # twice: a match takes the space after it, so "st st" needs a second pass
            sql = f"regexp_replace({sql}, '(^|[^\\pL\\pN]){short}([^\\pL\\pN]|$)', '\\1{word}\\2', 'g')"
    return sql


# The word index of event_search (dashboard.search): a word of a search (letters and digits only,
# etl.normalize.fold) found in a text lies between two of its spaces, so it is part of one of
# these words; each listing's words once
WORD_INDEX = """
CREATE OR REPLACE TEMP TABLE listing_words AS
SELECT doc, unnest(list_distinct(string_split(text, ' '))) AS word FROM event_search;
DELETE FROM search_words;
INSERT INTO search_words
SELECT row_number() OVER (ORDER BY word), word, count(*) FROM listing_words WHERE word <> '' GROUP BY word;
DELETE FROM search_postings;
INSERT INTO search_postings
SELECT w.word_id, l.doc FROM listing_words l JOIN search_words w USING (word) ORDER BY 1, 2;
DROP TABLE listing_words;
"""

_LISTING_TEXT = folded(
    "concat_ws(' ', e.title_fr, e.title_en, e.description_fr, e.description_en, e.fr_actor, e.partner_actor, "
    "n.names, g.names)"
)
_SAME_CELL = " AND ".join(f"c.{col} IS NOT DISTINCT FROM e.{col}" for col in CUBE_COLUMNS.split(", "))

# What a search reads, folded once per build (accents and case: folding in SQL costs
# more than the scan itself, 20 s over a million listings): a listing's titles, descriptions and
# actors, then every name of its accepted places (French, English, local script, other spellings)
# and of its regions; a link's actors and evidence, then every name of its two places.
DERIVE = f"""
DELETE FROM event_cube;
INSERT INTO event_cube
SELECT row_number() OVER (ORDER BY {CUBE_COLUMNS}), * FROM (SELECT {CUBE_COLUMNS}, count(*) FROM events GROUP BY ALL)
ORDER BY 1;
DELETE FROM event_search;
INSERT INTO event_search
SELECT e.event_id, row_number() OVER (ORDER BY e.event_id), c.cell,
       {_LISTING_TEXT}
FROM events e
JOIN event_cube c ON {_SAME_CELL}
LEFT JOIN (SELECT ep.event_id, string_agg(pn.name, ' ' ORDER BY pn.place_id, pn.name) AS names
           FROM event_places ep JOIN place_names pn USING (place_id) WHERE ep.accepted GROUP BY 1) n USING (event_id)
LEFT JOIN (SELECT x.event_id, string_agg(concat_ws(' ', r.name_fr, r.name_en, r.name_local), ' ' ORDER BY r.code) AS names
           FROM (SELECT event_id, fr_region AS code FROM events WHERE fr_region IS NOT NULL
                 UNION SELECT event_id, region_code FROM event_regions) x
           JOIN regions r USING (code) GROUP BY 1) g USING (event_id)
ORDER BY 2;
{WORD_INDEX}DELETE FROM event_region_facts;
INSERT INTO event_region_facts
SELECT r.event_id, r.region_code, e.theme, e.semester, e.fr_region, e.partner_country, e.fr_actor_kind, e.catalogue_year
FROM event_regions r JOIN events e USING (event_id)
ORDER BY r.region_code, r.event_id;
DELETE FROM activity_repeats;
INSERT INTO activity_repeats
SELECT event_id, activity_id, theme, semester, fr_region, partner_country, fr_actor_kind, catalogue_year
FROM events WHERE activity_id IN (SELECT activity_id FROM events GROUP BY 1 HAVING count(*) > 1)
ORDER BY activity_id, event_id;
DELETE FROM link_event_facts;
INSERT INTO link_event_facts
SELECT l.partnership_id, l.event_id, e.theme, e.semester, e.fr_region, e.partner_country, e.fr_actor_kind, e.catalogue_year
FROM link_events l JOIN events e USING (event_id)
ORDER BY l.partnership_id, l.event_id;
DELETE FROM link_search;
INSERT INTO link_search
SELECT p.partnership_id,
       {folded("concat_ws(' ', p.fr_actor, p.partner_actor, p.evidence, n.names)")}
FROM partnerships p
LEFT JOIN (SELECT l.partnership_id, string_agg(pn.name, ' ' ORDER BY pn.place_id, pn.name) AS names
           FROM (SELECT partnership_id, fr_place_id AS place_id FROM partnerships
                 UNION SELECT partnership_id, partner_place_id FROM partnerships) l
           JOIN place_names pn USING (place_id) GROUP BY 1) n USING (partnership_id);
DELETE FROM place_search;
INSERT INTO place_search
WITH {SPOTS},
-- ties counted by equi-joins, each (place, link) or (place, listing) once: a region holds the
-- links and listings of its places
link_ties AS (
    SELECT place_id, count(*) AS n FROM (
        SELECT fr_place_id AS place_id, partnership_id FROM partnerships
        UNION SELECT partner_place_id, partnership_id FROM partnerships
        UNION SELECT s.place_id, l.partnership_id FROM spots s JOIN partnerships l
            ON s.kind = 'region' AND l.fr_region = s.region_code
        UNION SELECT s.place_id, l.partnership_id FROM spots s JOIN partnerships l
            ON s.kind = 'region' AND l.partner_region = s.region_code
    ) GROUP BY 1
),
listing_ties AS (
    SELECT place_id, count(*) AS n FROM (
        SELECT place_id, event_id FROM event_places WHERE accepted
        UNION SELECT s.place_id, e.event_id FROM spots s JOIN events e
            ON s.kind = 'region' AND e.fr_region = s.region_code
        UNION SELECT s.place_id, r.event_id FROM spots s JOIN event_regions r
            ON s.kind = 'region' AND r.region_code = s.region_code
    ) GROUP BY 1
),
tied AS (
    SELECT s.place_id, s.name_fr, s.name_en, coalesce(lt.n, 0) AS links, coalesce(et.n, 0) AS listings
    FROM spots s LEFT JOIN link_ties lt USING (place_id) LEFT JOIN listing_ties et USING (place_id)
    WHERE lt.n > 0 OR et.n > 0
),
names AS (  -- French, English, local script, other spellings
    SELECT place_id, name FROM place_names
    UNION SELECT place_id, name_fr FROM tied UNION SELECT place_id, name_en FROM tied
    UNION SELECT 'region:' || code, name_local FROM regions
)
SELECT DISTINCT t.place_id, {folded("n.name")}, t.links, t.listings
FROM tied t JOIN names n USING (place_id) WHERE n.name IS NOT NULL
ORDER BY ALL;
"""


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the derived tables from the loaded ones (every build, after its inserts)."""
    con.execute(DERIVE)
