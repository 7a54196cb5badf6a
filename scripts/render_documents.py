"""Render catalogue text exports as the documents stewards receive: Word and PDF.

Test fixtures for the PDF and Word readers, made with other toolchains than those readers
(pdfplumber, python-docx), and without the project's parser (this script reads the text export
with its own few rules):
- `<stem>.docx`: LibreOffice (`soffice --headless`) from an HTML rendering — one table per run
  of sections of the same width, the theme as a row spanning the table, a blank Région cell as
  a cell merged with the one above, titles in bold, the header row repeated on each page;
- `<stem>.pdf`: LibreOffice from that `.docx` (rows may break across pages);
- `<stem>.split.pdf`: reportlab, A4 landscape, rows split over page breaks (`splitInRow`) and
  continued at the top of the next page without a header (reportlab draws a repeated header
  around the continued part of a split row, hiding it in the header's cells), the theme as a
  bold heading above its table, merged Région cells (`SPAN`), a page number in the footer.

    python scripts/render_documents.py OUT_DIR EXPORT.txt [EXPORT.txt …]

Needs LibreOffice (Debian libreoffice-writer-nogui) and reportlab; the outputs are committed
under tests/fixtures/documents/, so the tests never run this.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

_MARKUP = re.compile(r"</?(?:b|sup|p|i|strong|em)>|\*\*|^#+\s*", re.IGNORECASE)
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


def plain(cell: str) -> str:
    """A cell's text without markup, and without the quotes around a cell holding doubled quotes
    ("…""Zercala""…", as a spreadsheet exports it)."""
    text = cell.strip()
    if len(text) > 1 and text[0] == text[-1] == '"' and '""' in text:
        text = text[1:-1]
    return re.sub(r"\s+", " ", _MARKUP.sub("", text.replace('""', '"'))).strip()


@dataclass
class Section:
    theme: str
    width: int = 0
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Export:
    blocks: list[list[str]]  # title page paragraphs, each a list of lines
    header: list[str]
    sections: list[Section]


def read_export(path: Path) -> Export:
    """The title page, the header row and the sections of a tab-separated catalogue export.
    A row whose leading cells (all but the last three) are empty continues the row above (a
    page break of the original): its text is appended, so each rendered row is whole."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if sum(bool(c.strip()) for c in line.split("\t")) >= 5)
    blocks: list[list[str]] = [[]]
    for line in lines[:at]:
        text = plain(line.replace("\t", " "))
        if text:
            blocks[-1].append(text)
        elif blocks[-1]:
            blocks.append([])
    header = [plain(c) for c in lines[at].split("\t")]
    sections: list[Section] = []
    for line in lines[at + 1 :]:
        cells = [plain(c) for c in line.split("\t")]
        while cells and not cells[-1] and len(cells) > len(header):
            cells.pop()
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(filled) == 1 and cells[0] and (len(cells) == 1 or not any(cells[1:])):
            sections.append(Section(theme=cells[0]))
            continue
        section = sections[-1]
        if not any(cells[:-3]) and section.rows:
            above = section.rows[-1]
            shift = len(above) - len(cells)  # a continuation without the Région cell: aligned right
            for k in range(max(len(cells) - 3, 0), len(cells)):
                glue = "" if above[k + shift].endswith("-") else " "
                above[k + shift] = f"{above[k + shift]}{glue}{cells[k]}".strip()
            continue
        if section.rows and len(cells) != section.width:
            sections.append(Section(theme="", width=len(cells)))
            section = sections[-1]
        section.width = len(cells)
        section.rows.append(cells)
    return Export([b for b in blocks if b], header, sections)


def _tables(export: Export) -> list[tuple[int, list[Section]]]:
    """Runs of consecutive sections of the same width: one table each."""
    runs: list[tuple[int, list[Section]]] = []
    for section in export.sections:
        if runs and runs[-1][0] == section.width:
            runs[-1][1].append(section)
        else:
            runs.append((section.width, [section]))
    return runs


def _region_spans(rows: list[list[str]], width: int) -> list[int]:
    """For each row, how many rows its Région cell spans (0: merged into the one above)."""
    spans = [1] * len(rows)
    if width != 6:
        return spans
    top = None
    for i, row in enumerate(rows):
        if not row[0] and top is not None:
            spans[top] += 1
            spans[i] = 0
        else:
            top = i
    return spans


def to_html(export: Export) -> str:
    e = html.escape
    out = ['<html><head><meta charset="utf-8"></head><body>']
    for block in export.blocks:
        out.append("<p>" + "<br>".join(e(t) for t in block) + "</p>")
    for width, sections in _tables(export):
        head = export.header[-width:]
        out.append('<table border="1" cellspacing="0" width="680">')
        shares = (11, 14, 14, 17, 33, 11)[-width:]
        out.append("<colgroup>" + "".join(f'<col width="{w * 680 // sum(shares)}">' for w in shares) + "</colgroup>")
        out.append(
            "<thead><tr>" + "".join(f'<th><font size="1">{e(c)}</font></th>' for c in head) + "</tr></thead><tbody>"
        )
        for section in sections:
            if section.theme:
                out.append(f'<tr><td colspan="{width}"><font size="2"><b>{e(section.theme)}</b></font></td></tr>')
            for row, span in zip(section.rows, _region_spans(section.rows, width), strict=True):
                cells = []
                for k, cell in enumerate(row):
                    text = (
                        f'<b><font size="1">{e(cell)}</font></b>'
                        if k == width - 3
                        else f'<font size="1">{e(cell)}</font>'
                    )
                    if k == 0 and width == 6:
                        if span == 0:
                            continue
                        cells.append(f'<td rowspan="{span}">{text}</td>')
                    else:
                        cells.append(f"<td>{text}</td>")
                out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table><p></p>")
    out.append("</body></html>")
    return "\n".join(out)


def _soffice(args: list[str], cwd: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args],
                       cwd=cwd, check=True, capture_output=True, timeout=300)  # fmt: skip


def render_libreoffice(export: Export, out_dir: Path, stem: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / f"{stem}.html").write_text(to_html(export), encoding="utf-8")
        _soffice(["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", f"{stem}.html"], work)
        _soffice(["--convert-to", "pdf", f"{stem}.docx"], work)
        shutil.copy(work / f"{stem}.docx", out_dir / f"{stem}.docx")
        shutil.copy(work / f"{stem}.pdf", out_dir / f"{stem}.pdf")


def _fonts() -> dict[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    found = {}
    for name, path in (("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                       ("DejaVu-Bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
                       ("WQY", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")):  # fmt: skip
        pdfmetrics.registerFont(TTFont(name, path))
        found[name] = name
    return found


def render_reportlab(export: Export, path: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _fonts()

    def para(text: str, bold: bool = False, size: float = 7.5) -> Paragraph:
        font = "WQY" if _CJK.search(text) else ("DejaVu-Bold" if bold else "DejaVu")
        return Paragraph(html.escape(text), ParagraphStyle("c", fontName=font, fontSize=size, leading=size * 1.25))

    def footer(canvas, doc) -> None:
        canvas.setFont("DejaVu", 8)
        canvas.drawCentredString(landscape(A4)[0] / 2, 1 * cm, str(doc.page))

    story = [para(" ".join(block), bold=True, size=11) for block in export.blocks[:1]]
    story += [para(" ".join(block)) for block in export.blocks[1:]]
    for width, sections in _tables(export):
        head = export.header[-width:]
        shares = [3.2, 3.8, 2.4, 3.8, 3.6, 7.1, 2.8] if width == 7 else [3.9, 4.4, 4.4, 4.0, 7.2, 2.8][-width:]
        widths = [w * cm for w in shares]
        for section in sections:
            if section.theme:
                story += [Spacer(1, 6), para(section.theme, bold=True, size=10), Spacer(1, 4)]
            data = [[para(c, bold=True) for c in head]]
            style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            for i, (row, span) in enumerate(zip(section.rows, _region_spans(section.rows, width), strict=True)):
                data.append([para(c, bold=(k == width - 3)) for k, c in enumerate(row)])
                if width == 6 and span > 1:
                    style.append(("SPAN", (0, i + 1), (0, i + span)))
            story.append(Table(data, colWidths=widths, splitInRow=1, style=TableStyle(style)))
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=2 * cm)  # fmt: skip
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[2], file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in argv[1:]:
        path = Path(name)
        export = read_export(path)
        render_libreoffice(export, out_dir, path.stem)
        render_reportlab(export, out_dir / f"{path.stem}.split.pdf")
        print(f"{path.name}: {sum(len(s.rows) for s in export.sections)} rows → {path.stem}.docx, .pdf, .split.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
