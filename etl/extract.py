"""Reading input files: the only module of the ETL that opens source documents.

Formats: tab-separated text (the PDF export), CSV (comma, semicolon or tab, sniffed), XLSX
(the first sheet holding the column header row), PDF (etl.pdf_tables) and Word .docx
(etl.docx_tables). Every format becomes the same physical lines of tab-separated cells, so the
parser and its reports are the same for all; text lines are numbered as in the file (the CSV
record, the sheet row), and the lines of a PDF or Word document keep their place in it (page and
row, table and row: `SourceText.places`).

Encodings of text and CSV, in order: a byte-order mark (UTF-8, UTF-16), UTF-16 without a mark
(every other byte zero, as Word's "Unicode text" without BOM), strict UTF-8, then Windows-1252
(what Word and Excel save French text as) — kept only if the result is plausible text (no control
characters). charset-normalizer was tried and not used: on the French catalogue saved as
Windows-1252 it answers cp1250 (à → ŕ, è → č). A file none of these read raises ExtractError
naming the file and the reason; `SourceText.encoding` says which one was used.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from etl.docx_tables import inflated_size
from etl.provenance import Place


class ExtractError(Exception):
    """An input file cannot be used; the message names the file and why."""


@dataclass(frozen=True)
class SourceText:
    path: Path
    name: str
    sha256: str
    lines: tuple[str, ...]
    encoding: str = "utf-8"
    format: str = "text"  # text | csv | xlsx | pdf | docx
    places: tuple[Place, ...] = ()  # PDF and Word: each line's place in the document
    layout: frozenset[int] = frozenset()  # PDF: lines of page furniture (page numbers, running heads)
    cut: Mapping[int, int] = field(default_factory=dict)  # PDF: line → line of the row cut by the page break it may end
    textless: frozenset[int] = frozenset()  # PDF: the line standing for each page without text
    cleaned: frozenset[int] = frozenset()  # lines that held control characters, removed (flagged by the build)
    addresses: frozenset[int] = frozenset()  # lines that held an e-mail address, removed (personal data; flagged)
    formulas: frozenset[int] = frozenset()  # XLSX: lines with a formula cell, read as its text (flagged)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a document's bytes; ValueError with the reason when none fits."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    head = data[:4096]
    if b"\x00" in head:
        utf16 = _utf16_without_mark(data)
        if utf16 is not None:
            return utf16
        if head.count(0) > len(head) // 100:  # a stray NUL in a text is removed and flagged later
            raise ValueError("binary file, not a text export of a catalogue")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"byte {exc.start}: {exc.reason}"
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise ValueError(f"UTF-8 with an invalid byte 0x{data[exc.start]:02x} at line {line}, column {column} "
                             f"(byte {exc.start}): a damaged file? Save it again as UTF-8") from exc  # fmt: skip
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({utf8_error}) nor Windows-1252 (byte {exc.start})") from exc
    if _CONTROL.search(text):
        raise ValueError(f"not UTF-8 ({utf8_error}); as Windows-1252 it holds control characters")
    return text, "cp1252"


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few damaged bytes, not Windows-1252: its accented letters are valid UTF-8
    sequences, and they outnumber the bytes that are not (Windows-1252's "é" is one byte, 0xE9,
    never followed by two continuation bytes)."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    return valid > 0 and invalid <= max(3, valid // 10)


def _utf16_without_mark(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: most odd (LE) or even (BE) bytes are zero in
    Latin text, and the decoded text has no control characters. None if it is not that."""
    head = data[:4096]
    if len(data) % 2:
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) >= 0.6 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if not _CONTROL.search(text) else None
    return None


def _cell(value) -> str:
    """A spreadsheet cell as the text a tab-separated export would hold."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):  # a date cell: the day as a reader writes it, not "…T00:00:00"
        if hasattr(value, "date") and (value.hour, value.minute, value.second) == (0, 0, 0):
            value = value.date()
        value = value.isoformat(timespec="minutes") if hasattr(value, "hour") else value.isoformat()
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _csv_lines(text: str) -> tuple[str, ...]:
    """CSV records as tab-separated lines (one per record; line breaks inside a cell become
    spaces). The delimiter is sniffed among comma, semicolon and tab."""
    import csv
    import io

    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline=None: CR-only (old Mac) and mixed line endings are records too, as in a text export
    return tuple("\t".join(_cell(c) for c in row) for row in csv.reader(io.StringIO(text, newline=None), dialect))


MAX_SHEET_ROWS = 250_000  # a catalogue of 20,000 listings is about 20,000 rows
MAX_ROW_CELLS = 256  # a catalogue row has 5 to 8 cells
INFLATION = 10  # a workbook or Word file may inflate to this many times the size limit, no more


MAX_SHARED_STRINGS = 2_000_000  # a workbook's distinct texts (a catalogue's 250,000 rows × 8 cells at most)
MAX_CELL_CHARS = 32_767  # what a spreadsheet cell holds (Excel's limit): longer was not written by one


def _shared_strings(path: Path) -> int:
    """How many texts a workbook's shared-strings part holds, counted as it inflates (openpyxl
    loads them all into memory before the first row: a 1 MB file of them reached 5 GB)."""
    import zipfile

    count, tail = 0, b""
    with zipfile.ZipFile(path) as archive:
        if "xl/sharedStrings.xml" not in archive.namelist():
            return 0
        with archive.open("xl/sharedStrings.xml") as part:
            while chunk := part.read(1 << 20):
                data = tail + chunk  # a tag cut between two chunks is counted once: the tail is shorter than it
                count += data.count(b"<si>") + data.count(b"<si ")
                tail = data[-3:]
                if count > MAX_SHARED_STRINGS:
                    break
    return count


def _sheet_rows(sheet) -> list[str]:
    """A sheet's rows as tab-separated lines, as wide as the range its cells really use: the
    dimension the sheet declares is ignored (a 2 KB file declaring A1:XFD1048576 would pad every row to 16,384
    cells), rows and cells are bounded (ExtractError past MAX_SHEET_ROWS rows or MAX_ROW_CELLS
    cells)."""
    sheet.reset_dimensions()
    rows = []
    for n, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if n > MAX_SHEET_ROWS:
            raise ExtractError(f"sheet {sheet.title!r} has more than {MAX_SHEET_ROWS:,} rows: not a catalogue")
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        if len(cells) > MAX_ROW_CELLS:
            raise ExtractError(f"sheet {sheet.title!r}, row {n}: cells beyond column {MAX_ROW_CELLS}: not a catalogue")
        if any(isinstance(c, str) and len(c) > MAX_CELL_CHARS for c in cells):
            raise ExtractError(f"sheet {sheet.title!r}, row {n}: a cell longer than a spreadsheet cell holds "
                               f"({MAX_CELL_CHARS:,} characters): not a catalogue")  # fmt: skip
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)  # the range the cells really use, as a sheet's export has
    return ["\t".join(_cell(c) for c in cells + [None] * (width - len(cells))) for cells in rows]


def formula_lines(lines: tuple[str, ...]) -> frozenset[int]:
    """Lines of a sheet with a cell holding a formula ("=SUM(…)"): read as its text, not its value
    (the workbook is never evaluated), so the build flags them."""
    return frozenset(n for n, line in enumerate(lines, 1) if any(c.startswith("=") for c in line.split("\t")))


def _xlsx_lines(path: Path, max_bytes: float | None = None) -> tuple[str, ...]:
    """The rows of the first sheet that holds the column header row (else the first sheet), as
    tab-separated lines numbered as the sheet's rows. ExtractError when the workbook's parts
    inflate beyond INFLATION times `max_bytes` (shared strings included)."""
    from openpyxl import load_workbook

    from etl.parse import detect_header

    inflated = inflated_size(path)
    if max_bytes is not None and inflated > INFLATION * max_bytes:
        raise ExtractError(f"its parts inflate to {inflated / 1e6:.3g} MB, above {INFLATION * max_bytes / 1e6:.3g} MB "
                           f"({INFLATION}× the size limit): not a catalogue")  # fmt: skip
    if _shared_strings(path) > MAX_SHARED_STRINGS:
        raise ExtractError(f"more than {MAX_SHARED_STRINGS:,} shared texts: not a catalogue")
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheets = []
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet)
            if any(detect_header(r.split("\t")) for r in rows[:200]):
                return tuple(rows)
            sheets.append(rows)
        return tuple(sheets[0]) if sheets else ()
    finally:
        book.close()


def read_source(path: Path, max_megabytes: float | None = None, progress=None) -> SourceText:
    """Read a catalogue file (text, CSV, XLSX, PDF or Word) into physical lines of tab-separated
    cells. ExtractError naming the file and the reason if it cannot be used, or is larger than
    `max_megabytes`. `progress(done, total)` is told of a PDF's pages as they are read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_megabytes is not None and size > max_megabytes * 1e6:
            raise ExtractError(
                f"{path}: {size / 1e6:.2g} MB, above the limit of {max_megabytes:g} MB "
                "(raise it with --max-megabytes or COOP_MAX_MEGABYTES; a catalogue of 20,000 listings is about 9 MB "
                "as text and its build needs up to 0.95 GB of memory: 0.45 GB plus 25 MB per 1,000 listings)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ExtractError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    document = _document(path, data, max_megabytes, progress)
    if document is not None:
        return document
    kind = "text"
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        kind = "xlsx"
        try:
            lines, encoding = _xlsx_lines(path, max_megabytes * 1e6 if max_megabytes else None), "xlsx"
        except ExtractError as exc:
            raise ExtractError(f"{path}: {exc}") from exc
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
            raise ExtractError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    else:
        try:
            text, encoding = decode(data)
        except ValueError as exc:
            raise ExtractError(f"{path}: {exc}") from exc
        if suffix == ".csv":
            lines, encoding = _csv_lines(text), f"csv, {encoding}"
            kind = "csv"
        else:
            lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    lines, cleaned = without_controls(lines)
    lines, addresses = without_addresses(lines)
    return SourceText(path=path, name=path.name, sha256=hashlib.sha256(data).hexdigest(), lines=lines,
                      encoding=encoding, format=kind, cleaned=cleaned, addresses=addresses,
                      formulas=formula_lines(lines) if kind == "xlsx" else frozenset())  # fmt: skip


_CELL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(lines: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[int]]:
    """The lines without control characters (NUL, bell, escape, C1 codes: never text, and never to be
    stored or exported), and the numbers of the lines that held some (the build flags them)."""
    cleaned = frozenset(n for n, line in enumerate(lines, 1) if _CELL_CONTROL.search(line))
    if not cleaned:
        return lines, cleaned
    return tuple(_CELL_CONTROL.sub("", line) if n in cleaned else line for n, line in enumerate(lines, 1)), cleaned


# An e-mail address: personal data, never loaded, stored or shown (a contact line, a signature).
_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
ADDRESS_REMOVED = "[e-mail]"


def without_addresses(lines: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[int]]:
    """The lines with every e-mail address replaced by ADDRESS_REMOVED, and the numbers of the
    lines that held one."""
    found = frozenset(n for n, line in enumerate(lines, 1) if "@" in line and _ADDRESS.search(line))
    if not found:
        return lines, found
    return tuple(_ADDRESS.sub(ADDRESS_REMOVED, line) if n in found else line for n, line in enumerate(lines, 1)), found


def is_docx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]


def _document(path: Path, data: bytes, max_megabytes: float | None, progress) -> SourceText | None:
    """A PDF or Word catalogue as a SourceText (None for the other formats). Old binary Word
    files (.doc) are refused with what to do."""
    from etl.pdf_tables import DocumentError

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractError(
            f"{path}: a Word 97-2003 (.doc) or old Excel file: save it as .docx (or .xlsx) and load that"
        )
    try:
        if data.startswith(b"%PDF-"):
            from etl.pdf_tables import read_pdf

            found, kind = read_pdf(path, progress=progress), "pdf"
        elif is_docx(data):
            from etl.docx_tables import read_docx

            limit = (max_megabytes or 25.0) * 1e6 * INFLATION
            found, kind = read_docx(path, max_bytes=limit), "docx"
        else:
            return None
    except DocumentError as exc:
        raise ExtractError(f"{path}: {exc}") from exc
    lines, cleaned = without_controls(found.lines)
    lines, addresses = without_addresses(lines)
    return SourceText(path=path, name=path.name, sha256=hashlib.sha256(data).hexdigest(), lines=lines, cleaned=cleaned,
                      addresses=addresses, encoding=kind, format=kind, places=found.places, layout=found.layout, cut=found.cut,
                      textless=found.textless)  # fmt: skip
