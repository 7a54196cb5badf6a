"""A Word (.docx) catalogue → the tab-separated lines of its text export, each with its place.

python-docx reads the document body in order: paragraphs and tables. Each becomes lines as the
text export has them, so the one parser reads every format:
- a paragraph → one cell, followed by a blank line (a paragraph is a block of the title page);
  in bold (every run with text bold) or in a heading style as <b>…</b>;
- a table row → its cells joined by tabs, one per column of the table's grid: a cell merged
  across columns (a theme row spanning the table) holds its text in its first column and
  leaves the others empty; a cell merged with the one above (vertical merge) is empty, meaning
  "same as above" to the parser, as a blank cell of the export; a cell's paragraphs and line
  breaks are joined by spaces;
- tables nested in a cell are read as the text of that cell.

Each line's place is "table T, row R" (the header row being row 1) or "paragraph P". Refused
with the reason: a file that is not a Word document, one whose parts would inflate beyond the
size limit (a zip bomb), one without any table.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from etl.pdf_tables import DocumentError, Extracted
from etl.provenance import Place


def inflated_size(path: Path) -> int:
    """The bytes a zip container (XLSX, DOCX) says its parts inflate to (a reader stops there)."""
    with zipfile.ZipFile(path) as archive:
        return sum(i.file_size for i in archive.infolist())


def _check_zip(path: Path, max_bytes: float) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        inflated = inflated_size(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(f"not a readable Word document ({exc})") from exc
    if "word/document.xml" not in names:
        raise DocumentError("a zip archive without word/document.xml: not a Word document")
    if inflated > max_bytes:
        raise DocumentError(f"its parts inflate to {inflated / 1e6:.3g} MB, above {max_bytes / 1e6:.3g} MB")


def _text(element) -> str:
    """The text of a paragraph or cell element: runs, tabs and line breaks as spaces."""
    from docx.oxml.ns import qn

    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:p")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    return style.lower().startswith(("heading", "titre", "title")) or (bool(runs) and all(r.bold for r in runs))


def _row_cells(tr) -> list[str]:
    """One text per grid column of a table row; merged cells as described in the module."""
    cells = [""] * tr.grid_before
    for tc in tr.tc_lst:
        merged_above = tc.vMerge == "continue"
        text = "" if merged_above else _text(tc)
        if text and tc.grid_span > 1 and _all_bold(tc):
            text = f"<b>{text}</b>"
        cells.append(text)
        cells += [""] * (tc.grid_span - 1)
    return cells


def _all_bold(tc) -> bool:
    """Every run with text in the cell is bold (a theme row spanning the table)."""
    from docx.oxml.ns import qn

    runs = [r for r in tc.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]

    def bold(r) -> bool:
        b = r.find(f"{qn('w:rPr')}/{qn('w:b')}")
        return b is not None and b.get(qn("w:val"), "true") not in ("0", "false")

    return bool(runs) and all(bold(r) for r in runs)


def _body(document) -> tuple[list[str], list[Place], int, int]:
    """(lines, their places, tables, paragraphs) of the document's body, in order."""
    from docx.table import Table

    lines: list[str] = []
    places: list[Place] = []
    tables = paragraphs = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            for row_no, tr in enumerate(block._tbl.tr_lst, 1):
                lines.append("\t".join(_row_cells(tr)))
                places.append(Place(table=tables, row=row_no))
            continue
        paragraphs += 1
        text = _text(block._p)
        if text:
            lines.append(f"<b>{text}</b>" if _bold(block) else text)
            places.append(Place(paragraph=paragraphs))
        lines.append("")
        places.append(Place(paragraph=paragraphs))
    return lines, places, tables, paragraphs


def read_docx(path: Path, max_bytes: float = 250e6, tables_required: bool = True) -> Extracted:
    """The lines of a Word catalogue with their places. DocumentError when it is not usable.
    Paragraphs after the last table (a contact line, a colophon) are layout, not listings.
    `tables_required=False`: a report, paragraphs only."""
    import docx

    _check_zip(path, max_bytes)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        raise DocumentError(f"not a readable Word document ({type(exc).__name__}: {exc})") from exc
    try:
        lines, places, tables, paragraphs = _body(document)
    except Exception as exc:  # a document python-docx opens but cannot walk (a missing style, bad XML)
        raise DocumentError(f"its body cannot be read ({type(exc).__name__}: {exc})") from exc
    if not tables and tables_required:
        raise DocumentError(f"{paragraphs} paragraph(s) but no table: the catalogue's table is expected")
    last_row = max((n for n, p in enumerate(places, 1) if p.table), default=len(lines))
    after = frozenset(n for n in range(last_row + 1, len(lines) + 1) if lines[n - 1].strip())
    return Extracted(tuple(lines), tuple(places), after if tables else frozenset())
