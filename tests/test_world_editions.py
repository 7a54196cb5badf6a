"""Catalogues of new partner countries, written by a session that did not read the rules (three
continents: China, Morocco as a semicolon CSV, Germany in English, Senegal and Burkina Faso mixed
in one file with no country column, a register of seven countries with a "Pays partenaire"
column), built together with no code or data change. Every listing's partner country,
partner subdivision, theme, French region and semester must be right, or unknown and flagged.
"""

from __future__ import annotations

import duckdb
import pytest

from etl.config import build_settings
from etl.pipeline import run_build
from tests.conftest import EDITIONS
from tests.test_editions import built, key_of

WORLD = EDITIONS / "world"
FILES = sorted(p for p in WORLD.iterdir() if p.name.startswith("catalogue_") and ".expected" not in p.name)


@pytest.fixture(scope="module")
def wcon(tmp_path_factory):
    db = tmp_path_factory.mktemp("world") / "coop.duckdb"
    run_build(build_settings(db_path=db, catalogues=FILES, accept_errors=True), log=lambda m: None)
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


EMPTY = dict(theme="other", fr_region=None, partner_country=None, semester="UNKNOWN", partner=())


def judge(key: dict[int, dict], got: dict[int, dict]) -> tuple[list, list, int]:
    """(wrong, honestly unknown, right) over every field of every listing of the key."""
    wrong, unknown, right = [], [], 0
    for line, k in key.items():
        g = got.get(line)
        if g is None:
            wrong.append((line, "listing not loaded"))
            continue
        expected = dict(theme=k["theme"], fr_region=k["fr_region"] or None, partner_country=k["partner_country"] or None,
                        semester=k["semester"], partner=tuple(sorted(filter(None, k["partner_regions"].split("|")))))  # fmt: skip
        for field, value in expected.items():
            if g[field] == value:
                right += 1
            elif g[field] == EMPTY[field] and g["flags"]:
                unknown.append((line, field))
            else:
                wrong.append((line, field, g[field], value))
    return wrong, unknown, right


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_listing_is_right_or_honestly_unknown(wcon, path):
    key, got = key_of(path), built(wcon, path.name)
    wrong, unknown, right = judge(key, got)
    assert wrong == []
    assert len(unknown) <= 2 and right >= 5 * len(key) - 2  # measured: 3 unknown of 480 fields over the 5 files
    assert set(got) - set(key) <= {line for line, g in got.items() if "duplicate_listing" in g["flags"]}


def test_each_file_says_where_its_countries_come_from(wcon):
    sources = {r[0]: r[1:] for r in wcon.sql(
        "SELECT file, partner_country, partner_countries, country_basis, country_column FROM sources").fetchall()}  # fmt: skip
    assert sources["catalogue_2025_cn_fr.txt"] == ("CN", ["CN"], "header", False)
    assert sources["catalogue_2025_ma_fr.csv"][:3] == ("MA", ["MA"], "header")
    assert sources["catalogue_2026_de_en.txt"][:3] == ("DE", ["DE"], "header")  # English-only: loaded, not dropped
    assert sources["catalogue_2026_sn_bf_fr.txt"] == (None, ["BF", "SN"], "title", False)  # two countries: row by row
    assert sources["catalogue_2025_registre_fr.txt"][3] is True  # a country column


def test_a_mixed_file_reads_each_row_by_its_places(wcon):
    bases = dict(
        wcon.sql("""SELECT partner_country_basis, count(*) FROM events
                             WHERE source_file = 'catalogue_2026_sn_bf_fr.txt' GROUP BY 1""").fetchall()
    )
    assert bases.get("places", 0) >= 14  # most rows by their places; the rest by their text, or unknown
    unknown = wcon.sql("""SELECT count(*) FROM events e JOIN data_quality d
                            ON d.source_file = e.source_file AND d.source_line = e.source_line
                          WHERE e.source_file = 'catalogue_2026_sn_bf_fr.txt' AND e.partner_country IS NULL
                            AND d.code = 'partner_country_unknown'""").fetchall()[0][0]
    assert unknown == bases.get("none", 0)  # every row left unknown says so
