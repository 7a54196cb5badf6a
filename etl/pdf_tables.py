"""A PDF catalogue → the tab-separated lines of its text export, each with its page and row.

pdfplumber (MIT, pure Python on pdfminer.six) finds the ruled tables of each page and their
cells; the text outside them (title page, headings between tables, page numbers) is read line by
line. Both are put in reading order (top to bottom) and become lines as the text export has
them, so the one parser reads every format:
- a table row → its cells joined by tabs; a cell wrapped over several lines is one cell (a line
  ending in a hyphen joins the next without a space: "Saint-" + "Pétersbourg"); a merged cell
  (pdfplumber's None) is empty, meaning "same as above" to the parser;
- a row broken by a page break continues on the next page; when its leading cells are empty
  the parser joins it to the listing above as it does in the export; when the break also cut
  the short cells ("Région Auvergne-" / "Rhône-Alpes"), the row is listed in `cut` (the last
  row of a page reaching the bottom of the body, or drawn without its closing border, and the
  first row of the next) and the parser joins it when it has no title of its own; the header
  row repeated on each page is recognised as a header again;
- a line outside the tables → one cell; bold (every character in a bold font) as <b>…</b>, so a
  heading "Culture" is told from text as in the export; a blank line where the gap between two
  lines is larger than a line (paragraphs);
- page furniture — a page number, or a line repeated in the top or bottom margin of several
  pages — is kept as a line and listed in `layout`, so the parser counts it as layout;
- a page without any text (a scanned page among text pages, or a blank one) is a blank line
  listed in `textless`: the build reports it (its rows, if it has any, cannot be read).

Refused with the reason: a PDF that cannot be opened, one with no text layer (a scan: OCR it
first), one with text but no ruled table, one with more pages than `max_pages`.
Measured alternatives (see docs/documents.md): PyMuPDF is AGPL; camelot needs Ghostscript;
pypdf has no table finder.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from etl.provenance import Place


class DocumentError(ValueError):
    """The document cannot be read as a catalogue; the message says why (without the path)."""


@dataclass(frozen=True)
class Extracted:
    lines: tuple[str, ...]
    places: tuple[Place, ...]  # one per line
    layout: frozenset[int]  # line numbers (from 1) of page furniture: page numbers, running heads
    cut: Mapping[int, int] = field(default_factory=dict)  # line → line of the row cut by a page break it may continue
    textless: frozenset[int] = frozenset()  # the (blank) line standing for each page without any text


@dataclass(frozen=True)
class _Item:
    top: float
    bottom: float
    text: str
    row: bool  # a table row (else a line outside the tables)
    page: int
    row_no: int | None = None
    furniture: bool = False
    textless: bool = False  # stands for a page without any text (a scanned page, or a blank one)


_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:p(?:age)?\.?\s*)?\d{1,4}(?:\s*(?:/|sur|of)\s*\d{1,4})?[-–—\s]*$", re.I)
# Characters within this many points of a line's top belong to that line: a superscript ("5ème")
# or a larger opening quote stays in its line (pdfplumber's default, 3, splits them off); lines
# of text in a catalogue's cells are 8 points apart or more.
_Y_TOLERANCE = 5.5
_MARGIN = 0.1  # share of the page height at the top and the bottom where furniture sits


def join_wrapped(text: str | None) -> str:
    """A cell's text wrapped over several lines, as one line of the export. A line ending in a
    hyphen or a dash right after a letter ("Saint-", "Tanger–") joins the next without a space: a
    spaced dash ("Paris –") keeps its space."""
    if not text:
        return ""
    out = ""
    for part in (p.strip() for p in text.replace("\t", " ").split("\n")):
        if not part:
            continue
        glued = out.endswith(("-", "–", "—")) and len(out) > 1 and out[-2].isalnum()
        out = f"{out}{part}" if glued or not out else f"{out} {part}"
    return out


def _row_texts(boxes, texts, starts, above: dict[int, tuple]) -> list[str]:
    """The cells of one row as drawn. pdfplumber maps every row onto the columns of the whole
    table (two tables touching, of 6 and 5 columns, make one of 10): a column covered by a cell
    to its left is not a cell of this row and is dropped; a column covered from above (a cell
    merged over several rows, `above` holding the last cell drawn in each column) is an empty
    cell, "same as above", as wide as that cell."""
    out, reach = [], float("-inf")
    for i, (box, text, x0) in enumerate(zip(boxes, texts, starts, strict=True)):
        if box is not None:
            out.append(join_wrapped(text))
            reach = box[2]
            above[i] = box
        elif x0 >= reach - 1:
            out.append("")
            reach = above[i][2] if i in above else reach
    return out


def _bold(chars) -> bool:
    letters = [c for c in chars if c.get("text", "").strip()]
    return bool(letters) and all("bold" in (c.get("fontname") or "").lower() for c in letters)


def _open_bottom(page) -> bool:
    """The page's lowest vertical rules end without a horizontal rule: a row cut by the page
    break and drawn without its closing border."""
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    if not verticals:
        return False
    y = max(e["bottom"] for e in verticals)
    return not any(e["orientation"] == "h" and abs(e["top"] - y) < 1.5 for e in page.edges)


def _settings(page) -> dict:
    """pdfplumber's ruled-table settings, closing tables left open at the top or the bottom of
    the page: a row cut by a page break is drawn without its closing border. The closing line
    spans only the vertical rules that reach that edge (another table on the page is left out)."""
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    if not verticals:
        return {}
    lines = []
    for y, at in ((min(e["top"] for e in verticals), "top"), (max(e["bottom"] for e in verticals), "bottom")):
        xs = [e["x0"] for e in verticals if abs(e[at] - y) < 1]
        if len(xs) >= 2:
            lines.append({"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y, "bottom": y,
                          "width": max(xs) - min(xs), "height": 0, "orientation": "h"})  # fmt: skip
    return {"explicit_horizontal_lines": lines}


def _page_items(page, page_no: int) -> list[_Item]:
    """The table rows and the text lines of one page, top to bottom."""
    tables = page.find_tables(_settings(page))
    items: list[_Item] = []
    row_no = 0
    for table in tables:
        starts = [c.bbox[0] for c in table.columns]
        drawn: dict[int, tuple] = {}
        for row, cells in zip(table.rows, table.extract(y_tolerance=_Y_TOLERANCE), strict=True):
            row_no += 1
            texts = _row_texts(row.cells, cells, starts, drawn)
            filled = [i for i, t in enumerate(texts) if t]
            if len(filled) == 1:  # a row spanning the table (a theme): bold as in the export
                box = next(c for c in row.cells if c is not None)
                if _bold(page.within_bbox(box).chars):
                    texts[filled[0]] = f"<b>{texts[filled[0]]}</b>"
            items.append(_Item(row.bbox[1], row.bbox[3], "\t".join(texts), True, page_no, row_no))
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    for line in outside.extract_text_lines(return_chars=True):
        text = line["text"].replace("\t", " ").strip()
        if text:
            text = f"<b>{text}</b>" if _bold(line["chars"]) else text
            items.append(_Item(line["top"], line["bottom"], text, False, page_no))
    return sorted(items, key=lambda i: (i.top, not i.row))


def _furniture(items: list[_Item], heights: dict[int, float]) -> set[int]:
    """Indexes of page numbers and of lines repeated in the margins of three pages or more."""

    def in_margin(i: _Item) -> bool:
        h = heights[i.page]
        return i.bottom <= h * _MARGIN or i.top >= h * (1 - _MARGIN)

    def key(i: _Item) -> str:
        return re.sub(r"\d+", "#", i.text)

    candidates = [k for k, i in enumerate(items) if not i.row and not i.textless and in_margin(items[k])]
    pages_of = Counter()
    for k in candidates:
        pages_of[key(items[k])] += 1
    return {k for k in candidates if _PAGE_NUMBER.match(items[k].text) or pages_of[key(items[k])] >= 3}


def read_pdf(path: Path, max_pages: int = 2000, progress: Callable[[int, int], None] | None = None) -> Extracted:
    """The lines of a PDF catalogue with their places. DocumentError when it is not usable."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise DocumentError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pdfminer raises many kinds on a damaged or protected file
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise DocumentError("protected by a password: ask for an unprotected copy") from exc
        raise DocumentError(f"not a readable PDF ({type(exc).__name__})") from exc
    with pdf:
        n = len(pdf.pages)
        if n > max_pages:
            raise DocumentError(f"{n} pages, above the limit of {max_pages}")
        items: list[_Item] = []
        heights: dict[int, float] = {}
        open_pages: set[int] = set()
        has_text = has_table = False
        for page_no, page in enumerate(pdf.pages, 1):
            heights[page_no] = float(page.height)
            try:
                found = _page_items(page, page_no)
                if _open_bottom(page):
                    open_pages.add(page_no)
            except Exception as exc:  # a damaged page: name it rather than fail without a place
                raise DocumentError(f"page {page_no} cannot be read ({type(exc).__name__}: {exc})") from exc
            finally:
                page.close()
            has_text = has_text or bool(found)
            has_table = has_table or any(i.row for i in found)
            items += found or [_Item(0, 0, "", False, page_no, textless=True)]
            if progress and (page_no % 25 == 0 or page_no == n):
                progress(page_no, n)
    if not has_text:
        raise DocumentError(f"no text layer on any of its {n} page(s): a scan? Run OCR on it first "
                            "(e.g. ocrmypdf), or ask for the Word file or a text export")  # fmt: skip
    if not has_table:
        raise DocumentError(f"text but no ruled table on its {n} page(s): the catalogue's table "
                            "(with its cell borders) is expected; ask for the Word file or a text export")  # fmt: skip
    furniture = _furniture(items, heights)
    items = [replace(i, furniture=True) if k in furniture else i for k, i in enumerate(items)]
    return _lines(items, _cut_rows(items, open_pages))


def _cut_rows(items: list[_Item], open_pages: set[int]) -> dict[int, int]:
    """For each first row of a page that may end the last row of the page before, cut by the page
    break, the index of that row → the index of the row it may end. The last row of a page is
    cut when it ends at the bottom of the page's body (within 12 points, about a line, of the
    lowest row of the document) or without its closing border, and the row is the first of the
    next page after a repeated header (the row repeating the page's first row). Whether it is
    a continuation is the parser's decision (etl.parse: a cut row without a title)."""
    rows = [i for i in items if i.row]
    if not rows:
        return {}
    limit = max(i.bottom for i in rows)
    first_row: dict[int, _Item] = {}
    for i in rows:
        first_row.setdefault(i.page, i)
    body = [(k, i) for k, i in enumerate(items) if not i.furniture]
    cut = {}
    for at, (index, item) in enumerate(body[:-1]):
        if not item.row or body[at + 1][1].page != item.page + 1:
            continue
        if item.bottom < limit - 12 and item.page not in open_pages:
            continue
        following = [(k, i) for k, i in body[at + 1 :] if i.page == item.page + 1]
        if following and following[0][1].text == first_row[item.page].text:
            following = following[1:]  # the header repeated
        if following and following[0][1].row:
            cut[following[0][0]] = index
    return cut


def _lines(items: list[_Item], cut_rows: dict[int, int]) -> Extracted:
    lines: list[str] = []
    places: list[Place] = []
    layout: set[int] = set()
    textless: set[int] = set()
    line_of: dict[int, int] = {}
    previous: _Item | None = None
    for k, item in enumerate(items):
        paragraph_gap = (previous is not None and not item.row and not previous.row and previous.page == item.page
                         and item.top - previous.bottom > previous.bottom - previous.top)  # fmt: skip
        if paragraph_gap or (previous is not None and previous.page != item.page and not item.row and not previous.row):
            lines.append("")
            places.append(Place(page=item.page))
        lines.append(item.text)
        places.append(Place(page=item.page, row=item.row_no))
        if item.furniture:
            layout.add(len(lines))
        if item.textless:
            textless.add(len(lines))
        line_of[k] = len(lines)
        previous = item
    cut = {line_of[k]: line_of[above] for k, above in cut_rows.items()}
    return Extracted(tuple(lines), tuple(places), frozenset(layout), cut, frozenset(textless))
