"""Where a line of an extracted document sits in the document the reader has (pure).

A text, CSV or XLSX file is cited by its line (the sheet row, the CSV record). A PDF or Word
catalogue is read into the same tab-separated lines, and each line keeps its place in the
document: the page and the row of the table on that page (PDF), or the table and its row
(Word). Rows are counted from the top of the table as printed, the header row being row 1, so a
reader can find "p. 4, row 7" with a finger.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    page: int | None = None  # PDF page, from 1
    table: int | None = None  # Word table, from 1 (in the order of the document)
    row: int | None = None  # row of the table on that page (PDF) or in that table (Word), header = 1
    paragraph: int | None = None  # Word paragraph outside tables, from 1

    def label(self, lang: str = "en") -> str:
        """ "p. 4, row 7" / "p. 4, ligne 7"; "table 2, row 7" / "tableau 2, ligne 7";
        "p. 1" for text outside the tables of a page; "" when the place is only a line."""
        row_word = "ligne" if lang == "fr" else "row"
        parts = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.table is not None:
            parts.append(f"{'tableau' if lang == 'fr' else 'table'} {self.table}")
        if self.row is not None:
            parts.append(f"{row_word} {self.row}")
        if self.paragraph is not None:
            parts.append(f"{'paragraphe' if lang == 'fr' else 'paragraph'} {self.paragraph}")
        return ", ".join(parts)


def cite(line_no: int, page: int | None, table: int | None, row: int | None, lang: str = "en") -> str:
    """How a line is cited to a reader: "p. 4, row 7 (l. 59)" for a document with places (the
    line of the extracted text kept for experts), else "l. 59"."""
    where = Place(page, table, row).label(lang)
    return f"{where} (l. {line_no})" if where else f"l. {line_no}"
