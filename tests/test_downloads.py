"""Whole tables streamed a batch at a time (dashboard.downloads, served by dashboard/serve.py):
the same bytes as the page's own download, whatever the batches."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from dashboard import downloads, exports, queries, tables
from dashboard.filters import Filters

HOSTILE = pl.DataFrame(
    {
        "text": ["=1+1", "plain", '"quoted", with comma', "line\nbreak", "-2", "@SUM(A1)", None, "ünïcödé ✓"],
        "n": [1, 2, 3, 4, 5, 6, 7, 8],
        "items": [["a", "b"], [], None, ["=x"], ["c"], ["d", "e", "f"], ["g"], ["h"]],
    }
)


def pieces(df: pl.DataFrame, size: int) -> list[pl.DataFrame]:
    return [df.slice(i, size) for i in range(0, df.height, size)] or [df]


@pytest.mark.parametrize("size", [1, 2, 3, 8, 100])
def test_csv_of_the_pieces_is_the_csv_of_the_whole(size):
    assert b"".join(downloads.csv_chunks(pieces(HOSTILE, size))) == exports.frame_csv(HOSTILE)


def test_an_empty_table_is_its_header():
    empty = HOSTILE.clear()
    assert b"".join(downloads.csv_chunks([empty])) == exports.frame_csv(empty)


@pytest.mark.parametrize("size", [1, 3, 100])
def test_parquet_of_the_pieces_reads_back_as_the_whole(size):
    back = pl.read_parquet(io.BytesIO(b"".join(downloads.parquet_chunks(pieces(HOSTILE, size)))))
    assert back.equals(HOSTILE)


def test_a_column_empty_in_the_first_piece_is_text_in_the_file():
    first, later = pl.DataFrame({"x": [None, None]}), pl.DataFrame({"x": ["a", None]})
    back = pl.read_parquet(io.BytesIO(b"".join(downloads.parquet_chunks([first, later]))))
    assert back["x"].to_list() == [None, None, "a", None]


def read_xlsx(data: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("size", [1, 3, 100])
def test_a_worksheet_of_the_pieces_holds_the_whole_as_text_never_formulas(size):
    sheet = read_xlsx(b"".join(downloads.xlsx_chunks(pieces(HOSTILE, size))))
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = exports.flat(HOSTILE)
    assert rows[0] == flat.columns
    assert rows[1:] == [list(r) for r in flat.iter_rows()]  # "=1+1" is the text "=1+1"
    assert all(c.data_type == "s" for c in sheet["A"][1:] if c.value is not None)
    assert [c.data_type for c in sheet["B"][1:]] == ["n"] * HOSTILE.height  # numbers stay numbers


def test_more_rows_than_a_worksheet_holds_are_refused_not_cut(monkeypatch):
    monkeypatch.setattr(exports, "XLSX_ROWS", HOSTILE.height - 1)
    with pytest.raises(ValueError, match="a worksheet cannot hold them"):
        b"".join(downloads.xlsx_chunks(pieces(HOSTILE, 3)))
    monkeypatch.setattr(exports, "XLSX_ROWS", HOSTILE.height)
    assert read_xlsx(b"".join(downloads.xlsx_chunks(pieces(HOSTILE, 3)))).max_row == HOSTILE.height + 1


def test_a_text_longer_than_a_cell_holds_is_refused_not_cut():
    long = pl.DataFrame({"text": ["x" * 32_767, "y" * 32_768]})
    with pytest.raises(ValueError, match="row 2 is longer"):
        b"".join(downloads.xlsx_chunks([long]))
    assert read_xlsx(b"".join(downloads.xlsx_chunks([long.head(1)])))["A2"].value == "x" * 32_767


def test_a_worksheet_too_small_or_an_unknown_value_is_refused_before_writing_anything(built_db, monkeypatch, tmp_path):
    monkeypatch.setattr(exports, "XLSX_ROWS", 76)  # the build has 77 listings
    db, spill = str(built_db), str(tmp_path)
    answer, why = downloads.write_file(db, spill, "events", {}, "fr", "xlsx", 128)
    assert answer == "bad" and why.endswith("CSV or Parquet can") and list(tmp_path.iterdir()) == []
    answer, out = downloads.write_file(db, spill, "events", {"theme": ["culture"]}, "fr", "xlsx", 128)  # 25 fit
    assert answer == "ok" and read_xlsx(Path(out).read_bytes()).max_row == 25 + 1
    assert downloads.write_file(db, spill, "events", {"theme": ["nope"]}, "fr", "csv", 128) == (
        "bad",
        "unknown filter values: theme=nope",
    )
    answer, why = downloads.write_file(str(tmp_path / "none.duckdb"), spill, "events", {}, "fr", "csv", 128)
    assert answer == "unreadable" and why.startswith("database not readable")
    answer, why = downloads.write_file(db, str(tmp_path / "gone"), "events", {}, "fr", "csv", 128)  # no such dir
    assert answer == "unreadable" and why.startswith("the server could not write the file")


FILTERED = [Filters(), Filters(themes=("culture",)), Filters(partner_countries=("JP",)),
            Filters(search="Moscou", semesters=("S1", "S2")), Filters(search="nothing of the sort")]  # fmt: skip


@pytest.mark.parametrize("f", FILTERED, ids=repr)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_streamed_table_is_the_pages_download_byte_for_byte(econ, f, lang):
    """Three editions (Russia 2021 and 2023, Japan 2024), 3 rows a batch: a batch of Japanese
    listings only still has the whole table's header (both countries' subdivisions)."""
    vocab = queries.vocabulary(econ)
    events = tables.events_table(queries.events_table(econ, f), vocab, lang)
    links = tables.partnerships_table(queries.partnerships(econ, f), lang)
    for name, whole in (("events", events), ("partnerships", links)):
        streamed = list(downloads.stream(downloads.frames(econ, name, f, vocab, lang, rows=3), "csv"))
        assert b"".join(streamed) == exports.frame_csv(whole), name
        assert len(streamed) >= whole.height // 3, name  # sent a batch at a time
        parquet = b"".join(downloads.stream(downloads.frames(econ, name, f, vocab, lang, rows=3), "parquet"))
        back = pl.read_parquet(io.BytesIO(parquet))
        assert back.height == whole.height and (whole.is_empty() or back.equals(whole)), name
        xlsx = b"".join(downloads.stream(downloads.frames(econ, name, f, vocab, lang, rows=3), "xlsx"))
        cells = [[c.value for c in row] for row in read_xlsx(xlsx).iter_rows()]
        expected = [list(r) for r in exports.flat(whole).iter_rows()]
        assert cells == [whole.columns, *expected], name


def test_file_names_from_the_address_are_plain():
    assert downloads.file_name("evenements_culture_2021", "csv") == "evenements_culture_2021.csv"
    assert downloads.file_name('../../etc/passwd"\r\nX: y', "csv") == "etc_passwd___X__y.csv"
    assert downloads.file_name("Île-de-France", "parquet") == "le-de-France.parquet"
    assert downloads.file_name("", "csv") == "table.csv"


def test_a_worksheet_is_named_after_its_table_in_the_pages_language():
    assert [downloads.sheet_name(t, lang) for t in ("events", "partnerships") for lang in ("fr", "en")] == [
        "Événements", "Events", "Partenariats", "Partnerships"]  # fmt: skip
    sheet = read_xlsx(b"".join(downloads.stream(pieces(HOSTILE, 3), "xlsx", downloads.sheet_name("events", "fr"))))
    assert sheet.title == "Événements"


def test_the_modules_warmed_at_start_never_register_with_streamlit_before_its_runtime():
    """dashboard/serve.py imports a first page's heavy modules before any reader comes; none of
    them may bring in a module that registers caches or components with Streamlit's runtime
    (dashboard.data, dashboard.ui, dashboard.chart), which does not exist yet then."""
    import subprocess
    import sys

    from dashboard import serve

    code = ("import importlib, sys\n"
            f"for name in {serve.WARM_MODULES!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in ('dashboard.data', 'dashboard.ui', 'dashboard.chart') if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]" and "plotly.graph_objects" in serve.WARM_MODULES
