"""Editions never seen while the rules were written: a 2023 Russian supplement and a 2024
Japanese catalogue (French and English), in the documented format, with answer keys written
from their text; and a hostile file. Every listing must be right, or honestly unknown and flagged.
"""

from __future__ import annotations

import csv

import pytest

from etl.config import build_settings
from etl.pipeline import run_build
from tests.conftest import EDITIONS
from tests.test_places import small_resolver


def key_of(path) -> dict[int, dict]:
    """The answer key written beside a catalogue fixture (`<name>.expected.csv`), by source line."""
    key = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.csv")
    with open(key, encoding="utf-8", newline="") as fh:
        return {int(r["source_line"]): r for r in csv.DictReader(fh)}


def built(con, file: str) -> dict[int, dict]:
    """What the build made of each listing of one file: theme, regions, country, semester, flags."""
    rows = con.sql(
        """SELECT e.source_line, e.theme, e.fr_region, e.partner_country, e.semester,
                  list_sort(list(r.region_code) FILTER (WHERE r.region_code IS NOT NULL)) AS partner,
                  (SELECT list(d.code) FROM data_quality d
                    WHERE d.source_file = e.source_file AND d.source_line = e.source_line) AS flags
           FROM events e LEFT JOIN event_regions r USING (event_id)
           WHERE e.source_file = ? GROUP BY ALL""",
        params=[file],
    ).fetchall()
    return {line: dict(theme=t, fr_region=f, partner_country=c, semester=s, partner=tuple(p or ()),
                       flags=set(q or ())) for line, t, f, c, s, p, q in rows}  # fmt: skip


@pytest.mark.parametrize("name", ["catalogue_2024_jp_fr", "catalogue_2023_ru_fr"])
def test_every_listing_is_right_or_honestly_unknown_and_flagged(econ, name):
    key, got = key_of(EDITIONS / f"{name}.txt"), built(econ, f"{name}.txt")
    assert set(got) == set(key)  # every listing loaded, nothing invented
    wrong, unknown = [], []
    for line, k in key.items():
        g = got[line]
        assert g["theme"] == k["theme"], (line, g["theme"])  # a theme is never guessed
        expected_partner = tuple(sorted(filter(None, k["partner_regions"].split("|"))))
        for field, expected, value, empty in (
            ("fr_region", k["fr_region"] or None, g["fr_region"], None),
            ("partner", expected_partner, g["partner"], ()),
            ("semester", k["semester"], g["semester"], "UNKNOWN"),
        ):
            if value == expected:
                continue
            if value == empty and g["flags"]:
                unknown.append((line, field))  # honest: unknown, and the listing carries a flag
            else:
                wrong.append((line, field, value, expected))
    assert wrong == []
    assert unknown == []  # measured: every listing of these editions is determinable and right


def test_a_misspelt_city_is_read_with_its_evidence(econ):
    """ "Kyotto" (line 22): a misspelling of a city of over 100,000 people with no other close name,
    which the English edition also names; accepted, saying why."""
    evidence = econ.sql(
        """SELECT ep.resolver, ep.accepted, ep.evidence FROM event_places ep JOIN events e USING (event_id)
           WHERE e.source_file = 'catalogue_2024_jp_fr.txt' AND e.source_line = 22 AND ep.role = 'partner'"""
    ).fetchall()
    assert evidence and evidence[0][:2] == ("fuzzy", True) and "a city of" in evidence[0][2]


def test_a_candidate_to_review_is_confirmed_by_the_other_edition():
    from etl.messages import clause
    from etl.places import ActorResolution, Place

    r = small_resolver()
    candidate = Place(
        "gn:3",
        "Betagrad",
        "RU",
        "RU-BBB",
        61,
        31,
        "fuzzy",
        confident=False,
        clauses=(clause("fuzzy", score=90, match="Betagrad"),),
    )
    confirmed = r.confirm(ActorResolution(to_review=(candidate,)), {"gn:3"}, clause("confirmed_other_edition"))
    assert [p.place_id for p in confirmed.places] == ["gn:3"] and confirmed.places[0].confident
    assert confirmed.to_review == () and "other edition" in confirmed.places[0].evidence
    assert r.confirm(ActorResolution(to_review=(candidate,)), {"gn:9"}, clause("confirmed_other_edition")).places == ()


def test_each_catalogue_knows_its_year_title_and_country(econ):
    sources = {r[0]: r[1:] for r in econ.sql(
        "SELECT file, catalogue_year, partner_country, year_basis, country_basis, title FROM sources").fetchall()}  # fmt: skip
    assert sources["catalogue_2024_jp_fr.txt"][:4] == (2024, "JP", "title", "header")
    assert "franco-japonaise" in sources["catalogue_2024_jp_fr.txt"][4]
    assert sources["catalogue_2023_ru_fr.txt"][:4] == (2023, "RU", "title_page", "header")
    years = econ.sql("SELECT DISTINCT source_file, catalogue_year FROM events ORDER BY 1").fetchall()
    assert years == [
        ("catalogue_2021_fr.txt", 2021),
        ("catalogue_2023_ru_fr.txt", 2023),
        ("catalogue_2024_jp_fr.txt", 2024),
    ]


def test_a_hostile_file_loads_everything_it_can_and_reports_the_rest(tmp_path):
    db = tmp_path / "h.duckdb"
    run_build(
        build_settings(
            db_path=db, catalogues=[EDITIONS / "hostile" / "catalogue_2025_hostile_fr.txt"], accept_errors=True
        ),
        log=lambda m: None,
    )
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    kinds = dict(con.sql("SELECT line_no, kind FROM raw_lines").fetchall())
    assert len(kinds) == 14 and kinds[10] == "unrecognised" and kinds[13] == "continuation"
    reported = {line for (line,) in con.sql("SELECT source_line FROM data_quality WHERE severity = 'error'").fetchall()}
    assert {ln for ln, k in kinds.items() if k == "unrecognised"} <= reported  # every lost line says why
    titles = [t for (t,) in con.sql("SELECT title_fr FROM events ORDER BY source_line").fetchall()]
    assert titles[0] == '=HYPERLINK("http://exemple.invalid";"clic")'  # stored as written, neutralised on export
    codes = {c for (c,) in con.sql("SELECT DISTINCT code FROM data_quality").fetchall()}
    assert {
        "encoding",
        "unknown_theme",
        "date_invalid",
        "unknown_region",
        "unrecognised_line",
        "row_before_theme",
    } <= codes
    regions = {r for (r,) in con.sql("SELECT region_code FROM event_regions").fetchall()}
    assert regions == {"RU-MUR", "RU-ARK"}  # not Sébastopol (Ukraine under ISO 3166), not a village called Paris


def test_every_unknown_says_why(econ):
    """An UNKNOWN semester, a missing French region or partner subdivision always carries a flag."""
    why = {
        "semester = 'UNKNOWN'": ("semester_unknown", "date_not_a_date", "date_invalid", "semester_conflict",
                                 "date_spans_years", "ambiguous_date"),
        "fr_region IS NULL": ("no_fr_region",),
        "event_id NOT IN (SELECT event_id FROM event_regions)": ("no_partner_region", "partner_country_unknown"),
    }  # fmt: skip
    for condition, codes in why.items():
        silent = econ.sql(
            f"""SELECT e.source_file, e.source_line FROM events e WHERE {condition} AND NOT EXISTS (
                    SELECT 1 FROM data_quality d WHERE d.source_file = e.source_file
                    AND d.source_line = e.source_line AND list_contains(?, d.code))""",
            params=[list(codes)],
        ).fetchall()
        assert silent == [], (condition, silent)


AUDIT = EDITIONS / "audit"
# Codes the key and the reference may both write for one unit (French Guiana's region and
# département; South Korea's provinces renamed special self-governing provinces in 2023–2024).
_SAME_UNIT = {"FR-973": {"FR-973", "FR-GF"}, "KR-45": {"KR-45", "KR-52"}, "KR-42": {"KR-42", "KR-51"}}


def _folded_title(text: str | None) -> str:
    import re

    from etl.normalize import fold

    return " ".join(fold(re.sub(r"<[^>]+>", "", text or "")).split())


@pytest.mark.parametrize("name", sorted(p.name for p in AUDIT.glob("catalogue_*")))
def test_the_audit_catalogues_load_with_nothing_wrong(name):
    """Catalogues stewards wrote as new users would, with answer keys (fixtures/editions/audit/
    README.md: five audits): every listing loads, and its French region, semester, partner country
    and partner subdivisions are the key's or honestly unknown — never another value."""
    from etl.pipeline import build

    path = AUDIT / name
    year, what = name.split("_")[1:3]
    key = list(csv.DictReader(open(AUDIT / f"truth_{what}_{year}.csv", encoding="utf-8")))
    result = build(build_settings(catalogues=[str(path)]), log=lambda m: None)
    events = {_folded_title(e.title): e for e in result.events} | {
        _folded_title(e.title_en): e for e in result.events if e.title_en
    }
    assert len(result.events) == len(key)
    wrong = []
    for row in key:
        e = events[_folded_title(row["title"])]
        got = {"fr_region": e.fr_region, "semester": e.semester, "country": e.partner_country,
               "subdiv": ",".join(sorted(e.partner_regions))}  # fmt: skip
        for field, value in got.items():
            expected = row[field]
            unknown = not value or value == "UNKNOWN" or (field == "subdiv" and not e.partner_country)
            if not unknown and value not in _SAME_UNIT.get(expected, {expected}):
                wrong.append((row["no"], field, value, expected))
        if e.theme != row["theme"] and row["theme"] != "other" and e.theme != "other":
            wrong.append((row["no"], "theme", e.theme, row["theme"]))
    assert not wrong, wrong
    (source,) = result.sources
    read = sorted({e.partner_country for e in result.events if e.partner_country})
    assert list(source.parsed.partner_countries) == read  # the countries its listings were read in


def test_two_editions_listed_in_other_orders_pair_listing_by_listing():
    """A French Word edition and an English PDF edition of a third audit (tests/fixtures/editions/
    audit/README.md): the English one lists themes and listings in another order, one listing is
    French only; each English listing pairs with its own French one, the French-only one with none."""
    from etl.pipeline import build

    folder = AUDIT / "pair"
    key = list(csv.DictReader(open(folder / "truth_japon_2025.csv", encoding="utf-8")))
    files = [str(folder / "catalogue_2025_japon_fr.docx"), str(folder / "catalogue_2025_japon_en.pdf")]
    result = build(build_settings(catalogues=files), log=lambda m: None)
    by_title = {_folded_title(e.title): e for e in result.events}
    assert len(result.events) == len(key)
    got = {row["id"]: by_title[_folded_title(row["title_fr"])].title_en for row in key}
    want = {row["id"]: row["title_en"] if row["en_pairs_with"] else None for row in key}
    assert {k: _folded_title(v) for k, v in got.items()} == {k: _folded_title(v) for k, v in want.items()}
