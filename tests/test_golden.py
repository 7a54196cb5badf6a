"""The build of the 2021 catalogue against the golden file checked by reading the document."""

from __future__ import annotations

import csv
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden" / "catalogue_2021_fr.csv"


def golden_rows():
    with open(GOLDEN, encoding="utf-8", newline="") as fh:
        return [
            (int(r["source_line"]), r["theme"], r["fr_region"] or None,
             tuple(sorted(filter(None, r["partner_regions"].split("|")))), r["semester"])
            for r in csv.DictReader(fh)
        ]  # fmt: skip


def test_build_matches_the_golden_file(con):
    rows = con.sql("""
        SELECT e.source_line, e.theme, e.fr_region,
               list_sort(list(r.region_code) FILTER (WHERE r.region_code IS NOT NULL)), e.semester
        FROM events e LEFT JOIN event_regions r USING (event_id)
        WHERE e.source_file = 'catalogue_2021_fr.txt'
        GROUP BY ALL ORDER BY e.source_line
    """).fetchall()
    built = [(line, theme, region, tuple(codes or ()), sem) for line, theme, region, codes, sem in rows]
    assert built == golden_rows()


def test_listings_per_theme_and_english_titles(con):
    counts = dict(con.sql("SELECT theme, count(*) FROM events GROUP BY 1").fetchall())
    assert counts == {
        "partnerships": 22,
        "academic": 11,
        "culture": 25,
        "economy": 9,
        "environment": 7,
        "sport": 3,
    }
    assert con.sql("SELECT count(*) FROM events WHERE title_en IS NULL OR title_en = ''").fetchall()[0][0] == 0
    assert con.sql("SELECT DISTINCT en_source_file FROM events").fetchall() == [("catalogue_2021_en.txt",)]


def test_duplicates_and_activities(con):
    assert con.sql("SELECT source_line, duplicate_of FROM events WHERE duplicate_of IS NOT NULL").fetchall() == [
        (99, "catalogue_2021_fr:89")
    ]
    shared = con.sql("""
        SELECT list_sort(list(source_line)) FROM events GROUP BY activity_id HAVING count(DISTINCT theme) > 1
        ORDER BY 1
    """).fetchall()
    assert shared == [([45, 134],), ([68, 135],)]
    assert con.sql("SELECT count(DISTINCT activity_id) FROM events").fetchall()[0][0] == 74


def test_flags_from_the_document(con):
    flagged = set(con.sql("SELECT code, source_line FROM data_quality WHERE severity <> 'info'").fetchall())
    assert {("swapped_columns", 136), ("year_mismatch", 31), ("duplicate_listing", 99)} <= flagged
    assert {line for code, line in flagged if code == "date_not_a_date"} == {73, 74, 75, 76}
    assert con.sql("SELECT year FROM events WHERE source_line = 31").fetchall()[0][0] == 2020
    reasons = dict(con.sql("SELECT source_line, fr_region_note FROM events WHERE fr_region IS NULL").fetchall())
    assert all(reasons.values()) and set(reasons) == {
        71,
        81,
        82,
        83,
        86,
        95,
        112,
        117,
        131,
        132,
        145,
        146,
    }


def test_every_place_has_coordinates_country_and_subdivision(con):
    bad = con.sql("""
        SELECT place_id FROM places
        WHERE lat IS NULL OR lon IS NULL OR country IS NULL OR region_code IS NULL OR resolver IS NULL
    """).fetchall()
    assert bad == []
    assert con.sql("SELECT count(*) FROM event_places").fetchall()[0][0] > 140
