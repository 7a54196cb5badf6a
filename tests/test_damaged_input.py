"""Damaged input never silently loses data (issue 13): each damage a catalogue can suffer is made
here from the real 2021 catalogue, and the build either loads every row or refuses, naming the
line, with the previous database byte-identical. Also: spreadsheets, size limit, progress,
interrupts, and a linear alignment of editions."""

from __future__ import annotations

import csv
import hashlib
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.config import build_settings
from etl.parse import CatalogueFormatError, parse_catalogue
from etl.pipeline import BuildError, run_build
from tests.conftest import RAW, ROOT

LINES = (RAW / "catalogue_2021_fr.txt").read_text(encoding="utf-8").split("\n")
HEADER = next(i for i, line in enumerate(LINES) if "Intitulé du projet" in line)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(tmp_path: Path, lines: list[str], name: str = "catalogue_2021_fr.txt") -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def listing_row(predicate) -> int:
    """Index of the first 6-cell listing row (after the header) that satisfies predicate(cells)."""
    return next(i for i in range(HEADER + 1, len(LINES))
                if len(c := LINES[i].split("\t")) == 6 and c[1] and c[2] and predicate(c))  # fmt: skip


@pytest.fixture
def good_db(built_db, tmp_path) -> Path:
    """A copy of the good 2021 build: what a damaged rebuild must not replace."""
    db = tmp_path / "coop.duckdb"
    db.write_bytes(built_db.read_bytes())
    return db


def build_over(db: Path, catalogue: Path, **options):
    return run_build(build_settings(db_path=db, catalogues=[catalogue], **options), log=lambda m: None)


def count(con, sql: str, params=None) -> int:
    return con.sql(sql, params=params).fetchall()[0][0]


def test_a_file_truncated_mid_row_is_refused_and_the_database_is_byte_identical(good_db, tmp_path):
    data = "\n".join(LINES).encode("utf-8")
    cut = len("\n".join(LINES[:99]).encode("utf-8")) + 40  # in the middle of a row
    line = data[:cut].count(b"\n") + 1
    damaged = tmp_path / "catalogue_2021_fr.txt"
    damaged.write_bytes(data[:cut])
    before = digest(good_db)
    with pytest.raises(BuildError) as refused:
        build_over(good_db, damaged)
    message = str(refused.value)
    assert f"catalogue_2021_fr.txt:{line} unrecognised_line" in message  # the cut row, by its line
    assert "--accept-errors" in message
    assert "77 listings published (catalogue_2021_fr.txt), 50 in catalogue_2021_fr.txt (−27)" in message
    assert message.count("(−27)") == 1 and "--accept-drop" in message  # said once, by edition
    assert digest(good_db) == before and sorted(p.name for p in good_db.parent.iterdir()) == [
        "catalogue_2021_fr.txt",
        "coop.duckdb",
    ]
    with pytest.raises(BuildError, match="−27"):  # accepting the errors is not accepting the drop
        build_over(good_db, damaged, accept_errors=True)
    assert digest(good_db) == before
    build_over(good_db, damaged, accept_errors=True, accept_drop=True)  # both said: loaded, and reported
    con = duckdb.connect(str(good_db), read_only=True)
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] == 50
    assert con.sql("SELECT code FROM data_quality WHERE source_line = ?", params=[line]).fetchall() == [
        ("unrecognised_line",)
    ]


def test_a_database_of_an_older_schema_is_still_guarded_file_by_file(good_db, tmp_path):
    con = duckdb.connect(str(good_db))
    con.execute("DROP TABLE raw_lines")  # an older schema: what each edition held cannot be read
    con.close()
    damaged = write(tmp_path, LINES[: HEADER + 60])
    with pytest.raises(BuildError) as refused:
        build_over(good_db, damaged)
    assert "catalogue_2021_fr.txt: " in str(refused.value) and "in the previous build" in str(refused.value)
    assert "listings published" not in str(refused.value)


def test_the_cli_refuses_with_exit_2_and_accepts_with_the_override(good_db, tmp_path):
    damaged = write(tmp_path, LINES[: HEADER + 20])
    before = digest(good_db)
    run = [sys.executable, "-m", "etl", "build", "--db", str(good_db), "--catalogue", str(damaged)]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "listings published" in done.stderr and "unchanged" in done.stderr
    assert digest(good_db) == before
    done = subprocess.run([*run, "--accept-drop"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("heading", "label"),
    [("<b>Thématique : santé publique</b>\t\t\t\t\t", "santé publique"),
     # audit 5: "**SANTÉ**" stopped the build, and with --accept-errors its listings stayed under the theme above
     ("<b>SANTÉ</b>\t\t\t\t\t", "SANTÉ")],
)  # fmt: skip
def test_a_heading_of_no_known_theme_keeps_its_listings_under_other_and_says_so(tmp_path, heading, label):
    lines = LINES[:]
    at = next(i for i, line in enumerate(LINES) if "Folle journée" in line) + 1
    lines.insert(at, heading)
    db = tmp_path / "t.duckdb"
    build_over(db, write(tmp_path, lines))
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] == 77  # nothing dropped
    moved = con.sql("SELECT count(*) FROM events WHERE theme = 'other' AND theme_label = ?", params=[label]).fetchall()
    flagged = con.sql("SELECT count(*) FROM data_quality WHERE code = 'unknown_theme'").fetchall()[0][0]
    assert moved[0][0] > 0 and flagged == moved[0][0]


def test_a_region_set_apart_in_bold_capitals_is_no_theme_heading(tmp_path):
    lines = LINES[:]
    at = next(i for i, line in enumerate(LINES) if "Folle journée" in line) + 1
    lines.insert(at, "<b>BRETAGNE</b>")  # an error naming its line, as before
    with pytest.raises(BuildError, match=rf":{at + 1} unrecognised_line"):
        build_over(tmp_path / "r.duckdb", write(tmp_path, lines))


def test_an_unrecognised_heading_fails_the_build_naming_its_line(good_db, tmp_path):
    lines = LINES[:]
    at = next(i for i, line in enumerate(LINES) if "Folle journée" in line) + 1
    lines.insert(at, "Santé et solidarité : projets")  # one cell, no theme word: not a heading we can read
    with pytest.raises(BuildError, match=rf":{at + 1} unrecognised_line"):
        build_over(good_db, write(tmp_path, lines))


def test_a_row_with_an_extra_cell_is_reported_never_a_phantom_listing(good_db, tmp_path):
    lines = LINES[:]
    at = listing_row(lambda c: c[0])
    lines[at] += "\tcellule en trop"
    path = write(tmp_path, lines)
    with pytest.raises(BuildError, match=rf":{at + 1} unrecognised_line: 7 cell"):
        build_over(good_db, path)
    db = tmp_path / "accepted.duckdb"
    build_over(db, path, accept_errors=True)
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] == 76  # 77 − the reported row, no phantom
    assert con.sql("SELECT kind FROM raw_lines WHERE line_no = ?", params=[at + 1]).fetchall()[0][0] == "unrecognised"


def test_a_cell_missing_from_one_row_is_reported_not_read_shifted(tmp_path, resolver):
    lines = LINES[:]
    at = next(i for i in range(HEADER + 2, len(LINES))  # a region row under another 6-cell listing
              if len(c := LINES[i].split("\t")) == 6 and c[0] and c[2] and resolver.is_region_name(c[0])
              and len(p := LINES[i - 1].split("\t")) == 6 and p[1] and p[2])  # fmt: skip
    cells = lines[at].split("\t")
    del cells[2]  # the partner cell: the row would read region → actor → partner
    lines[at] = "\t".join(cells)
    parsed = parse_catalogue(lines, "c.txt", resolver.is_region_name)
    assert [(i.source_line, i.code, i.severity) for i in parsed.issues if i.source_line == at + 1] == [
        (at + 1, "missing_cell", "error")
    ]
    assert at + 1 not in {x.source_line for x in parsed.listings}


@pytest.mark.parametrize("column", [1, 2, 3, 5])
def test_a_column_missing_from_the_header_is_named_and_the_file_refused(tmp_path, resolver, column):
    """The export lost a column everywhere (header and rows): read by position, every cell would
    move one column left without a word; the header says which column is missing."""
    lines = []
    for line in LINES:
        cells = line.split("\t")
        if len(cells) == 6:
            del cells[column]
        lines.append("\t".join(cells))
    name = ("French actor", "partner actor", "title", "date")[[1, 2, 3, 5].index(column)]
    with pytest.raises(CatalogueFormatError, match=f"the column header has no {name} column"):
        parse_catalogue(lines, "c.txt", resolver.is_region_name)


def test_an_extra_column_in_the_header_is_ignored_and_says_so(tmp_path, resolver):
    """A Budget column before the title: rows are read by the header's columns, not by position."""
    plain = parse_catalogue(LINES, "c.txt", resolver.is_region_name)
    kinds = {r.line_no: r.kind for r in plain.lines}
    lines = []
    for i, line in enumerate(LINES):
        cells = line.split("\t")
        if i == HEADER:
            cells.insert(3, "Budget")
        elif kinds[i + 1] in ("listing", "continuation"):
            cells.insert(3 if len(cells) == 6 else 2, "10 000 €" if kinds[i + 1] == "listing" else "")
        lines.append("\t".join(cells))
    wide = parse_catalogue(lines, "c.txt", resolver.is_region_name)
    assert [(x.region_cell, x.fr_actor, x.partner_actor, x.title, x.date_text) for x in wide.listings] == [
        (x.region_cell, x.fr_actor, x.partner_actor, x.title, x.date_text) for x in plain.listings
    ]
    assert [(i.source_line, i.code) for i in wide.issues if i.code == "column_ignored"] == [
        (HEADER + 1, "column_ignored")
    ]


def spreadsheet_rows() -> list[list[str]]:
    """The catalogue as a spreadsheet would hold it: a row without a region has an empty Région
    cell (the PDF export drops it)."""
    return [[""] + c if i > HEADER and len(c := line.split("\t")) == 5 else line.split("\t")
            for i, line in enumerate(LINES)]  # fmt: skip


def events_of(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("""SELECT source_line, theme, fr_region, fr_actor, partner_actor, title_fr, semester
                          FROM events ORDER BY source_line""").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_csv_and_xlsx_catalogues_with_the_same_columns_load_the_same_events(tmp_path, built_db, kind):
    folder = tmp_path / "in"
    folder.mkdir()
    rows = spreadsheet_rows()
    if kind == "csv":
        path = folder / "catalogue_2021_fr.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:  # Excel's "CSV UTF-8", semicolons
            csv.writer(fh, delimiter=";").writerows(rows)
    else:
        from openpyxl import Workbook

        book = Workbook()
        book.active.title = "Notes"
        book.active.append(["Exporté du PDF"])  # a first sheet without the table
        sheet = book.create_sheet("Catalogue")
        for row in rows:
            sheet.append(row)
        path = folder / "catalogue_2021_fr.xlsx"
        book.save(path)
    db = tmp_path / "s.duckdb"
    summary = build_over(db, path)
    assert summary.encodings == {path.name: "xlsx" if kind == "xlsx" else "csv, utf-8-sig"}
    fr_only = tmp_path / "fr.duckdb"
    build_over(fr_only, RAW / "catalogue_2021_fr.txt")
    assert events_of(db) == events_of(fr_only)


def test_a_file_above_the_size_limit_is_refused_with_a_clear_message(good_db):
    before = digest(good_db)
    with pytest.raises(BuildError, match=r"0\.035 MB, above the limit of 0\.01 MB .*--max-megabytes"):
        build_over(good_db, RAW / "catalogue_2021_fr.txt", max_megabytes=0.01)
    assert digest(good_db) == before


def test_large_catalogues_report_progress(tmp_path, monkeypatch):
    monkeypatch.setattr("etl.listings.PROGRESS_EVERY", 25)
    said: list[str] = []
    run_build(
        build_settings(db_path=tmp_path / "p.duckdb", catalogues=[RAW / "catalogue_2021_fr.txt"]), log=said.append
    )
    assert [s.strip() for s in said if "listings read" in s] == [
        f"catalogue_2021_fr.txt: {n}/77 listings read" for n in (25, 50, 75)
    ]


def test_the_alignment_of_editions_is_linear_not_quadratic(monkeypatch):
    """Pairs compared grow with n × band, not n²: 3,000 listings a side compare ≤ 3,000 × 101."""
    from etl import pairing

    calls = []
    monkeypatch.setattr(pairing, "agreement", lambda a, b: calls.append(1) or (2 if a == b else -1))
    n = 3000
    left, right = list(range(n)), [x for x in range(n) if x % 100]  # the English edition lacks 30
    out = pairing.align(left, right)
    assert len(calls) <= n * (2 * (pairing.BAND + 30) + 1) < n * n / 10
    assert [(i, j) for i, j, a in out if i is not None and j is not None and a == 2] == [
        (x, right.index(x)) for x in right
    ]  # every listing still finds its translation


def start_build(db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "etl", "build", "--db", str(db)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


@pytest.mark.parametrize(("sig", "after"), [(signal.SIGINT, "parsed"), (signal.SIGTERM, "meetings:"),
                                            (signal.SIGHUP, "paired")])  # fmt: skip
def test_a_signal_during_a_build_leaves_the_database_intact_and_no_leftover(good_db, sig, after):
    before = digest(good_db)
    build = start_build(good_db)
    for line in build.stdout:
        if line.startswith(after):
            build.send_signal(sig)
            break
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130 and "unchanged" in err, err
    assert digest(good_db) == before
    assert sorted(p.name for p in good_db.parent.iterdir()) == ["coop.duckdb"]


def test_a_killed_build_leaves_the_database_intact_and_the_next_build_cleans_up(good_db):
    before = digest(good_db)
    build = start_build(good_db)
    for line in build.stdout:
        if line.startswith("meetings:"):
            build.kill()
            break
    build.wait(timeout=60)
    assert digest(good_db) == before
    con = duckdb.connect(str(good_db), read_only=True)
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] == 77
    con.close()
    run_build(build_settings(db_path=good_db), log=lambda m: None)
    assert sorted(p.name for p in good_db.parent.iterdir()) == ["coop.duckdb"]
