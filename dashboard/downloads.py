"""Whole tables as files, streamed from DuckDB a batch at a time (no Streamlit).

The route of `dashboard/serve.py` sends them: a download of a million listings holds one batch
of rows and its bytes in the server's memory, not the table and its whole file.

Invariants:
- a CSV is byte for byte the page's own download of the same table (exports.frame_csv of the
  whole table as `tables` shows it: UTF-8 with a BOM, no cell starting a formula); a Parquet
  file or a worksheet (XLSX, text cells never formulas) reads back as that table;
- a table is one of TABLES, and its filters come from the address through the database's
  vocabulary (Filters.from_query_params): nothing from the address reaches SQL but bound values.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

from dashboard import exports, queries, tables
from dashboard.filters import Filters, Vocabulary

BATCH_ROWS = 20_000  # rows per batch: a few MB of text for the widest table (listings)
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _events(con: duckdb.DuckDBPyConnection, f: Filters, vocab: Vocabulary, lang: str, rows: int):
    countries = queries.partner_countries(con, f)  # the header names the whole table's subdivisions
    for batch in queries.batches(con, *queries.events_sql(f), rows):
        yield tables.events_table(batch, vocab, lang, countries)


def _partnerships(con: duckdb.DuckDBPyConnection, f: Filters, vocab: Vocabulary, lang: str, rows: int):
    for batch in queries.batches(con, *queries.partnerships_sql(f), rows):
        yield tables.partnerships_table(batch, lang)


# a table's name in the address → its rows as the page shows them, a batch at a time
TABLES: dict[str, Callable[..., Iterator[pl.DataFrame]]] = {"events": _events, "partnerships": _partnerships}


def rows(con: duckdb.DuckDBPyConnection, name: str, f: Filters) -> int:
    """How many rows the table `name` (TABLES) has under `f`."""
    return queries.events_count(con, f) if name == "events" else queries.row_count(con, f, name)


def frames(
    con: duckdb.DuckDBPyConnection, name: str, f: Filters, vocab: Vocabulary, lang: str, rows: int = BATCH_ROWS
) -> Iterator[pl.DataFrame]:
    """The table `name` (TABLES) under `f`, as its page shows it, `rows` at a time."""
    return TABLES[name](con, f, vocab, lang, rows)


def csv_chunks(parts: Iterable[pl.DataFrame]) -> Iterator[bytes]:
    """exports.frame_csv of the frames put end to end, one frame at a time."""
    first = True
    for frame in parts:
        text = exports.no_formulas(exports.flat(frame)).write_csv(include_header=first)
        yield (b"\xef\xbb\xbf" if first else b"") + text.encode("utf-8")
        first = False


class _Sink(io.RawIOBase):
    """A write-only stream handing over what was written since the last `take` (the Parquet
    writer asks where it is: the position counts every byte, taken or not)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out


def parquet_chunks(parts: Iterable[pl.DataFrame]) -> Iterator[bytes]:
    """One Parquet file of the frames put end to end (a row group per frame), as it is written.
    A column empty in the first frame is text: later frames are cast to the first one's types."""
    sink = _Sink()
    writer, schema = None, None
    for frame in parts:
        table = frame.to_arrow()
        if writer is None:
            schema = pa.schema(
                [c.with_type(pa.large_string()) if pa.types.is_null(c.type) else c for c in table.schema]
            )
            writer = pq.ParquetWriter(sink, schema)
        writer.write_table(table.cast(schema))
        yield sink.take()
    if writer is not None:
        writer.close()
    yield sink.take()


def xlsx_chunks(parts: Iterable[pl.DataFrame], sheet: str = "data") -> Iterator[bytes]:
    """One worksheet of the frames put end to end, written a row at a time (xlsxwriter's
    constant-memory mode, into a temporary file), then sent in pieces. Text is written as text,
    never as a formula, a number or a link; list cells are joined as in CSV (exports.flat). More
    rows than a worksheet holds, or a text longer than a cell holds, raise ValueError (nothing is
    cut short in silence; the route checks the rows before the response starts)."""
    with tempfile.TemporaryDirectory(prefix="coop-xlsx-") as tmp:
        path = Path(tmp) / "table.xlsx"
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": tmp, "strings_to_formulas": False,
                                               "strings_to_numbers": False, "strings_to_urls": False})  # fmt: skip
        worksheet = book.add_worksheet(sheet[:31])
        row = 0
        for frame in parts:
            frame = exports.flat(frame)
            if row == 0:
                for col, name in enumerate(frame.columns):
                    worksheet.write_string(0, col, name)
                    worksheet.set_column(col, col, min(max(len(name) + 2, 12), 60))
                row = 1
            if row + frame.height > exports.XLSX_ROWS + 1:
                book.close()
                raise ValueError(f"more than {exports.XLSX_ROWS:,} rows: a worksheet cannot hold them")
            for values in frame.iter_rows():
                for col, value in enumerate(values):
                    if isinstance(value, bool):
                        worksheet.write_boolean(row, col, value)
                    elif isinstance(value, int | float):
                        worksheet.write_number(row, col, value)
                    elif value is not None and worksheet.write_string(row, col, str(value)) == -2:
                        book.close()  # -2: cut to a cell's 32,767 characters, which loses text
                        raise ValueError(f"a cell of row {row} is longer than a worksheet's cell holds")
                row += 1
        book.close()
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                yield chunk


def sheet_name(table: str, lang: str) -> str:
    """A worksheet's name: the table's, in the page's language (31 characters at most)."""
    from dashboard.i18n import TEXT, t

    return (t(table, lang) if table in TEXT else table)[:31]


def stream(parts: Iterable[pl.DataFrame], fmt: str, sheet: str = "data") -> Iterator[bytes]:
    """The file of format `fmt` (MEDIA) of the frames put end to end (a worksheet named `sheet`)."""
    if fmt == "xlsx":
        return xlsx_chunks(parts, sheet)
    return {"csv": csv_chunks, "parquet": parquet_chunks}[fmt](parts)


def start_worker() -> None:
    """A download worker process (dashboard/serve.py) yields the cores to the server's readers,
    and ends when the server does (however it ended: a stopped server left its idle workers
    holding 370 MB each)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):  # not allowed here: the slots still bound the work
        pass
    server = os.getppid()
    threading.Thread(target=_end_with, args=(server,), daemon=True, name="coop-server-watch").start()


def _end_with(server: int, every_s: float = 1.0) -> None:
    while os.getppid() == server:
        time.sleep(every_s)
    os._exit(0)  # the server is gone: nobody will read this worker's files


def write_file(db: str, spill: str, name: str, params: dict, lang: str, fmt: str, memory_mb: int) -> tuple[str, str]:
    """The table `name` under the address's filters `params`, written whole as `fmt` into the
    directory `spill` from a connection of its own (one thread, `memory_mb`, spilling into
    `spill`; closed at the end). Run in a worker process: the answer is plain data, never an
    exception to unpickle — ("ok", path), ("bad", why: the request's fault, 400) or
    ("unreadable", why: the database's or the server's disk, 503). Every listing of a million (docs/scale.md):
    without a memory limit DuckDB held the sorted table and the server peaked at 2.3 GB."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{int(memory_mb)}MB'")
        con.execute("SET threads = 1")
        con.execute("SET temp_directory = ?", [spill])
        con.execute("SET enable_progress_bar = false")
        con.execute("ATTACH ? AS coop (READ_ONLY)", [db])
        con.execute("USE coop")
        vocab = queries.vocabulary(con)
        f, ignored = Filters.from_query_params(params, vocab.as_mapping())
        if ignored:
            return "bad", "unknown filter values: " + ", ".join(ignored)
        if fmt == "xlsx" and rows(con, name, f) > exports.XLSX_ROWS:
            return "bad", f"more than {exports.XLSX_ROWS:,} rows: a worksheet cannot hold them; CSV or Parquet can"
        out = Path(spill) / f"table.{fmt}"
        with out.open("wb") as file:
            for chunk in stream(frames(con, name, f, vocab, lang), fmt, sheet_name(name, lang)):
                file.write(chunk)
        return "ok", str(out)
    except ValueError as error:  # a text longer than a worksheet's cell
        return "bad", str(error)
    except duckdb.Error as error:
        return "unreadable", f"database not readable: {str(error).splitlines()[0]}"
    except OSError as error:  # the temporary disk full: the server's fault, said as such
        return "unreadable", f"the server could not write the file ({error.strerror or error}); please try again later"
    finally:
        con.close()


def file_name(text: str, fmt: str) -> str:
    """A download's file name from the address: letters, digits, '_', '-' and '.' only."""
    base = re.sub(r"[^\w.-]", "_", text, flags=re.ASCII).strip("._")[:120] or "table"
    return f"{base}.{fmt}"
