"""Issue 26, input limits on what is inflated, not on the file (fixtures built by the tests):
workbooks that declare or hold more than they show, CSV line endings, a damaged UTF-8 byte,
limits that cannot be switched off by a bad value."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from etl import extract
from etl.config import ConfigError, build_settings
from etl.extract import ExtractError, read_source
from tests.conftest import ROOT, douarnenez_changed

HEADER = ["Région", "Collectivité française", "Collectivité russe", "Intitulé du projet", "Description du projet",
          "Date prévue"]  # fmt: skip


def _workbook(path: Path, rows: list[list], edit=None) -> Path:
    """An XLSX written by openpyxl, its parts then edited as bytes by `edit(name, data)`."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, edit(item.filename, data) if edit else data)
    return path


def test_a_sheet_declaring_a_million_rows_is_read_as_the_cells_it_holds(tmp_path):
    def declare(name, data):
        return (
            re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', data) if "sheet" in name else data
        )

    bomb = _workbook(
        tmp_path / "catalogue.xlsx", [HEADER, ["Bretagne", "Rennes", "Iaroslavl", "T", "D", "mai"]], declare
    )
    assert bomb.stat().st_size < 10_000
    assert read_source(bomb, 25).lines == ("\t".join(HEADER), "Bretagne\tRennes\tIaroslavl\tT\tD\tmai")


def test_a_date_cell_reads_as_the_day_a_reader_writes_not_a_timestamp(tmp_path):
    """Audit 5: Excel date cells were shown as "2026-10-08T00:00:00"."""
    import datetime

    rows = [HEADER, ["Bretagne", "Rennes", "Nakuru", "T", "D", datetime.datetime(2026, 10, 8)],
            ["Bretagne", "Rennes", "Nakuru", "T", "D", datetime.datetime(2026, 10, 8, 14, 30)]]  # fmt: skip
    lines = read_source(_workbook(tmp_path / "catalogue.xlsx", rows), 25).lines
    assert [line.split("\t")[-1] for line in lines[1:]] == ["2026-10-08", "2026-10-08T14:30"]


def test_a_sheet_with_a_cell_far_away_or_too_many_rows_is_refused(tmp_path, monkeypatch):
    import openpyxl

    far = tmp_path / "far.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active["XFD2"] = "x"
    book.save(far)
    with pytest.raises(ExtractError, match="far.xlsx.*beyond column 256"):
        read_source(far, 25)
    monkeypatch.setattr(extract, "MAX_SHEET_ROWS", 5)
    many = _workbook(tmp_path / "many.xlsx", [HEADER] + [["Bretagne", "Rennes", "Iaroslavl", "T", "D", "mai"]] * 9)
    with pytest.raises(ExtractError, match="more than 5 rows"):
        read_source(many, 25)


def test_a_workbook_whose_parts_inflate_beyond_the_limit_is_refused(tmp_path):
    def pad(name, data):
        return data + b"<!--" + b" " * 30_000_000 + b"-->" if name == "xl/worksheets/sheet1.xml" else data

    bomb = _workbook(tmp_path / "strings.xlsx", [HEADER, ["Bretagne", "Rennes", "Iaroslavl", "T", "D", "mai"]], pad)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ExtractError, match="inflate to 30 MB"):
        read_source(bomb, max_megabytes=1)


def _shared_workbook(path: Path, rows: list[list], edit) -> Path:
    """An XLSX written by xlsxwriter (texts in a shared-strings part, as Excel writes them), its
    shared strings then edited as bytes by `edit(data)`."""
    import xlsxwriter

    plain = path.with_suffix(".plain.xlsx")
    book = xlsxwriter.Workbook(str(plain))
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, edit(data) if item.filename == "xl/sharedStrings.xml" else data)
    return path


ROW = ["Bretagne", "Rennes", "Iaroslavl", "T", "D", "mai"]


def test_a_workbook_of_millions_of_tiny_shared_texts_is_refused_before_they_are_loaded(tmp_path):
    """34 MB of `<si>` entries inflate from a file of a few hundred KB: under the inflation
    limit, but openpyxl would hold every one of them as a Python string before the first row."""
    extra = b"<si><t>x</t></si>" * (extract.MAX_SHARED_STRINGS + 1)
    bomb = _shared_workbook(tmp_path / "texts.xlsx", [HEADER, ROW], lambda d: d.replace(b"</sst>", extra + b"</sst>"))
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ExtractError, match="more than 2,000,000 shared texts"):
        read_source(bomb, 25)
    fine = _shared_workbook(tmp_path / "fine.xlsx", [HEADER, ROW], lambda d: d)
    assert extract._shared_strings(fine) == len(HEADER) + len(ROW)
    assert read_source(fine, 25).lines[1] == "\t".join(ROW)


def test_a_cell_longer_than_a_spreadsheet_holds_is_refused(tmp_path):
    long = _shared_workbook(tmp_path / "long.xlsx", [HEADER, ROW],
                            lambda d: d.replace(b"<t>D</t>", b"<t>" + b"d" * 40_000 + b"</t>"))  # fmt: skip
    with pytest.raises(ExtractError, match="row 2: a cell longer than a spreadsheet cell holds"):
        read_source(long, 25)


def test_csv_with_old_mac_or_mixed_line_endings_is_read_record_by_record(tmp_path):
    rows = [",".join(HEADER), "Bretagne,Rennes,Iaroslavl,T,D,mai", "Normandie,Caen,Tver,U,E,juin"]
    for name, text in (("cr", "\r".join(rows)), ("mixed", f"{rows[0]}\r\n{rows[1]}\r{rows[2]}\n")):
        path = tmp_path / f"catalogue_{name}.csv"
        path.write_bytes(text.encode("utf-8"))
        assert read_source(path).lines == tuple(r.replace(",", "\t") for r in rows)


def test_one_damaged_byte_in_a_utf8_file_is_reported_with_its_place(tmp_path):
    text = ("\t".join(HEADER) + "\nBretagne\tRennes\tIaroslavl\tFête\tDescription\tmai\n").encode("utf-8")
    at = text.index("ê".encode())
    damaged = tmp_path / "catalogue.txt"
    damaged.write_bytes(text[:at] + b"\xff" + text[at + 2 :])
    with pytest.raises(ExtractError, match=r"invalid byte 0xff at line 2, column 28"):
        read_source(damaged)
    windows = tmp_path / "windows.txt"  # Windows-1252 is still read as such
    windows.write_bytes(text.decode("utf-8").encode("cp1252"))
    assert read_source(windows).encoding == "cp1252"


def test_the_size_limit_cannot_be_switched_off_by_a_bad_value():
    for value in ("nan", "inf", "-1", "0"):
        with pytest.raises(ConfigError, match="positive number"):
            build_settings({"COOP_MAX_MEGABYTES": value})
    done = subprocess.run([sys.executable, "-m", "etl", "build", "--max-megabytes", "nan"], cwd=ROOT,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2 and "positive number of megabytes" in done.stderr


def test_control_characters_in_a_cell_are_removed_and_flagged(tmp_path):
    import duckdb

    damaged, line = douarnenez_changed(tmp_path, "Douarnenez", "Douar\x00nenez\x1b")
    db = tmp_path / "c.duckdb"
    done = subprocess.run([sys.executable, "-m", "etl", "build", "--db", str(db), "--catalogue", str(damaged)],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT fr_actor FROM events WHERE source_line = ?", params=[line]).fetchall() == [
        ("Douarnenez, Finistère",)]  # fmt: skip
    assert con.sql(
        "SELECT count(*) FROM raw_lines WHERE contains(text, chr(0)) OR contains(text, chr(27))"
    ).fetchall() == [(0,)]
    assert con.sql("SELECT source_line FROM data_quality WHERE code = 'control_characters'").fetchall() == [(line,)]


def test_a_row_missing_a_cell_never_loads_shifted_wherever_it_sits(resolver):
    from etl.parse import parse_catalogue

    header = "\t".join(HEADER)
    for first_row in ("Bretagne\tIaroslavl\tCourse\tUne course.\tmai 2021",  # the region, no French actor
                      "Economie\tRégion Auvergne-Rhône-Alpes\tIrkoutsk\tSalon\tUn salon."):  # the sub-theme, no date  # fmt: skip
        parsed = parse_catalogue([header, "Thématique : sport", first_row], "c.txt", resolver.is_region_name)
        assert parsed.listings == () and [i.code for i in parsed.issues] == ["missing_cell"]
    actors = parse_catalogue([header, "Thématique : sport", "Région Bretagne\tIaroslavl\tCourse\tUne course.\tmai",
                              "Université de Rennes\tIaroslavl\tCours\tDes cours.\tjuin"], "c.txt", resolver.is_region_name)  # fmt: skip
    assert [x.fr_actor for x in actors.listings] == ["Région Bretagne", "Université de Rennes"]  # a 5-column section


def test_a_database_path_that_cannot_be_written_is_a_message_and_exit_2(tmp_path, monkeypatch, capsys):
    import errno

    from etl import __main__ as cli
    from etl import pipeline

    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x")
    for target, said in ((tmp_path / "adir", "is a directory"), (tmp_path / "afile" / "c.duckdb", "is a file")):
        done = subprocess.run([sys.executable, "-m", "etl", "build", "--db", str(target)], cwd=ROOT,
                              capture_output=True, text=True)  # fmt: skip
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "c.duckdb.tmp"))

    monkeypatch.setattr(pipeline, "write_database", disk_full)
    catalogue = ROOT / "tests" / "fixtures" / "editions" / "catalogue_2023_ru_fr.txt"
    assert cli.main(["build", "--db", str(tmp_path / "c.duckdb"), "--catalogue", str(catalogue)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "unchanged" in err and not (tmp_path / "c.duckdb").exists()


def _build(db: Path, *catalogues: Path, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python -m etl build` run in this process (its exit code and what it wrote to stderr): the
    command's own code path, without a new interpreter's imports for every build."""
    import contextlib

    from etl import __main__ as cli

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["build", "--db", str(db), *extra, "--catalogue", *map(str, catalogues)])
    return subprocess.CompletedProcess(["etl", "build"], code, "", err.getvalue())


def test_the_drop_guard_compares_editions_not_file_names(tmp_path):
    import hashlib

    editions = ROOT / "tests" / "fixtures" / "editions"
    french, english = editions / "catalogue_2024_jp_fr.txt", editions / "catalogue_2024_jp_en.txt"
    db = tmp_path / "c.duckdb"
    assert _build(db, french, english).returncode == 0
    published = hashlib.sha256(db.read_bytes()).hexdigest()
    lines = french.read_text(encoding="utf-8").splitlines()
    renamed = tmp_path / "catalogue_2024_japon_fr.txt"  # the same edition, truncated, under a new name
    renamed.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    done = _build(db, renamed, english)
    assert done.returncode == 2 and "2024 JP edition (fr)" in done.stderr and "catalogue_2024_jp_fr.txt" in done.stderr
    left_out = _build(db, french)  # the English edition left out of the build
    assert left_out.returncode == 2 and "edition (en)" in left_out.stderr and "English titles" in left_out.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == published  # refused builds leave it byte-identical
    assert _build(db, french, extra=("--accept-drop",)).returncode == 0  # said on purpose: built


def test_an_english_only_catalogue_rebuilds_over_itself(tmp_path):
    """Its titles are stored as English titles: the guard counts them the same way in the build
    (a steward's rebuild was refused as "English titles: 20 published, 0 in this build")."""
    english = ROOT / "tests" / "fixtures" / "editions" / "audit" / "catalogue_2022_coree_en.docx"
    db = tmp_path / "c.duckdb"
    assert _build(db, english).returncode == 0
    again = _build(db, english)
    assert again.returncode == 0, again.stderr


def test_the_drop_guard_sees_text_lost_in_an_edition_that_keeps_its_listings(tmp_path):
    """Every listing still there, but the descriptions cut short (cells or wrapped lines lost in
    a re-export): refused as a loss of text; the same edition from another format is not."""
    import hashlib

    editions = ROOT / "tests" / "fixtures" / "editions"
    french = editions / "catalogue_2024_jp_fr.txt"
    db = tmp_path / "c.duckdb"
    assert _build(db, french).returncode == 0
    published = hashlib.sha256(db.read_bytes()).hexdigest()
    from etl import pipeline
    from etl.config import build_settings
    from etl.db.load import published_editions

    (source,) = pipeline.build(build_settings(db_path=tmp_path / "x.duckdb", catalogues=(french,)), log=print).sources
    counted = pipeline.listing_text(source)  # the build's count and the published one's (SQL) agree
    assert counted > 1000 and published_editions(db)[0][(2024, ("JP",), "fr")][2] == counted
    cut = []
    for line in french.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 5 and "<b>" in line:  # a listing: its description cell loses its end
            cells[-2] = cells[-2][:12]
        cut.append("\t".join(cells))
    shortened = tmp_path / "catalogue_2024_jp_fr.txt"
    shortened.write_text("\n".join(cut) + "\n", encoding="utf-8")
    done = _build(db, shortened)
    assert done.returncode == 2 and "2024 JP edition (fr): its listings' text is" in done.stderr, done.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == published
    assert _build(db, french).returncode == 0  # the same text again: no loss


def test_a_published_database_that_cannot_be_read_stops_the_build(tmp_path):
    import time

    editions = ROOT / "tests" / "fixtures" / "editions"
    db = tmp_path / "c.duckdb"
    assert _build(db, editions / "catalogue_2023_ru_fr.txt").returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(120)", str(db)], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        time.sleep(0.2)
        done = _build(db, editions / "catalogue_2023_ru_fr.txt")
        assert done.returncode == 2 and "cannot be read" in done.stderr and "Traceback" not in done.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_closed_output_pipe_does_not_stop_the_build(tmp_path):
    db = tmp_path / "c.duckdb"
    catalogue = ROOT / "tests" / "fixtures" / "editions" / "catalogue_2023_ru_fr.txt"
    proc = subprocess.Popen([sys.executable, "-m", "etl", "build", "--db", str(db), "--catalogue", str(catalogue)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    proc.stdout.readline()  # `… | head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and b"Traceback" not in err and db.exists()


def test_an_interrupt_after_the_new_database_is_published_says_so(tmp_path, monkeypatch, capsys):
    from etl import __main__ as cli
    from etl import pipeline

    real = pipeline.write_database

    def then_interrupted(*args, **kwargs):
        real(*args, **kwargs)
        raise cli.Interrupted("SIGTERM")

    monkeypatch.setattr(pipeline, "write_database", then_interrupted)
    catalogue = ROOT / "tests" / "fixtures" / "editions" / "catalogue_2023_ru_fr.txt"
    assert cli.main(["build", "--db", str(tmp_path / "c.duckdb"), "--catalogue", str(catalogue)]) == 130
    err = capsys.readouterr().err
    assert "the new database was already published" in err and "unchanged" not in err


def test_a_formula_cell_in_a_workbook_is_loaded_as_text_and_flagged(tmp_path, resolver):
    from etl.pipeline import _parse

    book = _workbook(tmp_path / "catalogue_2024_ru_fr.xlsx", [HEADER, ["Thématique : sport"],
                     ["Bretagne", "Rennes", "Iaroslavl", "Course", '=HYPERLINK("http://x","y")', "mai 2024"]])  # fmt: skip
    source, parsed = _parse(book, resolver, lambda m: None)
    assert [x.description for x in parsed.listings] == ['=HYPERLINK("http://x","y")']
    assert [(i.code, i.source_line) for i in parsed.issues if i.code == "formula_cell"] == [("formula_cell", 3)]


def test_a_killed_builds_leftover_goes_even_when_the_next_build_is_refused(tmp_path):
    db = tmp_path / "c.duckdb"
    leftover = tmp_path / "c.duckdb.tmp-999999"  # no such process: a build killed mid-write
    leftover.write_bytes(b"half a database")
    done = _build(db, ROOT / "tests" / "fixtures" / "not_a_catalogue.txt")
    assert done.returncode == 2 and not leftover.exists()


# The build's memory, as docs/reliability.md states it: a base, plus so much per 1,000 listings
# (measured 417–487 MB at 3,000 listings, 835–891 MB at 20,000, here and on a fresh clone; the
# first build on a machine also builds the gazetteer's index, 0.94 GB at 2,000, once).
BUILD_BASE_MB, BUILD_MB_PER_1000 = 450, 25

# VmHWM, the peak of this process's own memory (getrusage's ru_maxrss would count the pytest
# process it was started from: Linux keeps the larger of the two across exec)
PROBE = """
import runpy, sys
sys.argv = ["etl", *sys.argv[1:]]
try:
    runpy.run_module("etl", run_name="__main__")
except SystemExit as done:
    code = done.code
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("PEAK_KB", peak, code, file=sys.stderr)
"""


def test_a_build_stays_under_its_stated_memory_ceiling(built_db, tmp_path):
    """A generated catalogue of 3,000 listings (the 2021 rows cycled, each title numbered), built
    in a process of its own with the gazetteer's index cached (`built_db` made it): its peak
    resident memory is under docs/reliability.md's ceiling."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import synthetic_catalogue

    listings = 3000
    catalogue = synthetic_catalogue(tmp_path / "catalogue_2030_xx_fr.txt", listings)
    done = subprocess.run([sys.executable, "-c", PROBE, "build", "--db", str(tmp_path / "m.duckdb"), "--catalogue",
                           str(catalogue)], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    found = re.search(r"PEAK_KB (\d+) (\S+)", done.stderr)
    assert found and found.group(2) == "0", done.stderr[-2000:]
    peak_mb = int(found.group(1)) / 1024
    ceiling = BUILD_BASE_MB + BUILD_MB_PER_1000 * listings / 1000
    assert 200 < peak_mb < ceiling, f"{peak_mb:.0f} MB, ceiling {ceiling:.0f} MB"


INTERRUPTED_IMPORT = """
import builtins, runpy, sys
real, target = builtins.__import__, sys.argv[1]
def interrupted(name, *args, **kwargs):
    if name == target:
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupted
sys.argv = ["etl", "build", "--db", sys.argv[2]]
runpy.run_module("etl", run_name="__main__")
"""


@pytest.mark.parametrize("module", ["argparse", "etl.config", "etl.pipeline"])
def test_ctrl_c_while_the_etl_starts_is_a_message_not_a_traceback(tmp_path, module):
    """Ctrl-C lands while a module of the ETL is being imported (as if pressed at that moment:
    the import raises KeyboardInterrupt, deterministically): a message, exit 130, nothing made."""
    db = tmp_path / "c.duckdb"
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_IMPORT, module, str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 130 and "Traceback" not in done.stderr, done.stderr[-1500:]
    assert "interrupted" in done.stderr and ("nothing was changed" in done.stderr or "unchanged" in done.stderr)
    assert list(tmp_path.iterdir()) == []
