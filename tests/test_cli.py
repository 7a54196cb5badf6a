"""`python -m etl build`: progress, summary, clear errors, new editions without code change."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from tests.conftest import FIXTURES, ROOT


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "etl", "build", *args], cwd=ROOT, capture_output=True, text=True)


def test_build_prints_a_summary(tmp_path):
    done = run_cli("--db", str(tmp_path / "c.duckdb"))
    assert done.returncode == 0, done.stderr
    assert "listings: 77" in done.stdout and "culture" in done.stdout and "swapped_columns" in done.stdout


def test_a_french_file_alone_is_enough(tmp_path):
    db = tmp_path / "fr.duckdb"
    done = run_cli("--db", str(db), "--catalogue", str(ROOT / "data/raw/catalogue_2021_fr.txt"))
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT count(*), count(title_en) FROM events").fetchall()[0] == (77, 0)


def test_non_catalogue_or_unreadable_input_exits_non_zero_naming_the_file(tmp_path):
    done = run_cli("--db", str(tmp_path / "c.duckdb"), "--catalogue", str(FIXTURES / "not_a_catalogue.txt"))
    assert done.returncode == 2 and "not_a_catalogue.txt" in done.stderr and "not a catalogue" in done.stderr
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes("Région\tIntitulé du projet".encode("latin-1") + b"\x81\x8d")
    done = run_cli("--db", str(tmp_path / "c.duckdb"), "--catalogue", str(garbled))
    assert done.returncode == 2 and "garbled.txt: not UTF-8" in done.stderr and "nor Windows-1252" in done.stderr
    done = run_cli("--db", str(tmp_path / "c.duckdb"), "--catalogue", str(tmp_path / "missing.txt"))
    assert done.returncode == 2 and "missing.txt: cannot be read" in done.stderr
    assert not (tmp_path / "c.duckdb").exists()


def test_a_new_edition_loads_with_no_code_change(tmp_path):
    db = tmp_path / "c.duckdb"
    files = [ROOT / "data/raw/catalogue_2021_fr.txt", FIXTURES / "catalogue_2022_supplement_fr.txt"]
    done = run_cli("--db", str(db), "--catalogue", *map(str, files))
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] == 81
    assert con.sql("""SELECT region_code FROM event_regions JOIN events USING (event_id)
                      WHERE source_file LIKE '%2022%' ORDER BY source_line""").fetchall() == [
        ("RU-CHE",),
        ("RU-KR",),
        ("RU-CHE",),
    ]
    assert con.sql("""SELECT source_line FROM data_quality
                      WHERE code = 'unresolved_place' AND source_file LIKE '%2022%'""").fetchall() == [(7,)]
    assert "Krasnogvard" in done.stdout  # the summary lists unresolved names


def test_online_geocoding_is_opt_in_and_the_build_works_without_network(tmp_path):
    db = tmp_path / "c.duckdb"
    files = [ROOT / "data/raw/catalogue_2021_fr.txt", FIXTURES / "catalogue_2022_supplement_fr.txt"]
    done = run_cli("--db", str(db), "--online-geocoding", "--catalogue", *map(str, files))
    assert done.returncode == 0, done.stderr  # no network here: the geocoder answers nothing, the build goes on
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT count(*) FROM data_quality WHERE code = 'unresolved_place'").fetchall()[0][0] == 1
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] == 81
