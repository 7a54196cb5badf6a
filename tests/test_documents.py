"""Catalogues as they arrive: PDF and Word, read into the same listings as their text exports.

The documents under fixtures/documents/ were rendered from the text exports by
scripts/render_documents.py with other toolchains than the readers (LibreOffice for the .docx
and its .pdf, reportlab for the .split.pdf with rows split over page breaks and merged cells),
for the 2021 catalogue (both languages) and nine editions the rules never saw.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from etl.config import build_settings
from etl.extract import ExtractError, read_source
from etl.listings import build_events
from etl.parse import parse_catalogue
from etl.pdf_tables import _row_texts, join_wrapped
from etl.pipeline import run_build
from etl.provenance import Place, cite
from tests.conftest import EDITIONS, FIXTURES, RAW, ROOT, douarnenez_changed

DOCUMENTS = FIXTURES / "documents"
EXPORTS = {
    "catalogue_2021_fr": RAW / "catalogue_2021_fr.txt",
    "catalogue_2021_en": RAW / "catalogue_2021_en.txt",
    "catalogue_2023_ru_fr": EDITIONS / "catalogue_2023_ru_fr.txt",
    "catalogue_2024_jp_fr": EDITIONS / "catalogue_2024_jp_fr.txt",
    "catalogue_2024_jp_en": EDITIONS / "catalogue_2024_jp_en.txt",
    "catalogue_2025_cn_fr": EDITIONS / "world" / "catalogue_2025_cn_fr.txt",
    "catalogue_2026_de_en": EDITIONS / "world" / "catalogue_2026_de_en.txt",
    "catalogue_2026_sn_bf_fr": EDITIONS / "world" / "catalogue_2026_sn_bf_fr.txt",
    "catalogue_2025_registre_fr": EDITIONS / "world" / "catalogue_2025_registre_fr.txt",
    "catalogue_2025_bj_fr": EDITIONS / "relations" / "catalogue_2025_bj_fr.txt",
    "catalogue_2026_us_en": EDITIONS / "relations" / "catalogue_2026_us_en.txt",
}
RENDERINGS = (".docx", ".pdf", ".split.pdf")
FIELDS = ("theme", "theme_label", "subtheme", "title", "description", "fr_actor", "partner_actor", "date_text",
          "semester", "fr_region", "partner_country", "partner_regions", "catalogue_year", "language")  # fmt: skip


def _events(path: Path, resolver):
    source = read_source(path)
    parsed = parse_catalogue(source.lines, source.name, resolver.is_region_name, layout=source.layout, cut=source.cut)
    events, _ = build_events(parsed, resolver)
    return source, parsed, events


@pytest.fixture(scope="module")
def exports(resolver):
    return {stem: _events(path, resolver) for stem, path in EXPORTS.items()}


@pytest.mark.parametrize("stem", sorted(EXPORTS))
@pytest.mark.parametrize("rendering", RENDERINGS)
def test_a_document_gives_the_listings_of_its_text_export(stem, rendering, exports, resolver):
    _, expected_parse, expected = exports[stem]
    source, parsed, got = _events(DOCUMENTS / f"{stem}{rendering}", resolver)
    assert source.format == ("docx" if rendering == ".docx" else "pdf")
    assert [i for i in parsed.issues if i.severity == "error"] == []
    assert (parsed.year, parsed.partner_countries, parsed.language) == (
        expected_parse.year, expected_parse.partner_countries, expected_parse.language)  # fmt: skip
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        assert {f: getattr(have, f) for f in FIELDS} == {f: getattr(want, f) for f in FIELDS}, have.source_line


HELDOUT = DOCUMENTS / "heldout"


@pytest.mark.parametrize("document", sorted(p.name for p in HELDOUT.glob("catalogue_*") if p.suffix != ".txt"))
def test_documents_designed_by_someone_else_give_the_listings_of_their_text_export(document, resolver):
    """Ten documents of four catalogues (Morocco, Vietnam, Mexico, Poland) designed and rendered by
    a session that never read the readers (python-docx, LibreOffice, reportlab; merged theme rows,
    vertically merged regions, one table per theme, running heads); first run 98.4 % / 98.0 %
    of fields (docs/documents.md)."""
    key = HELDOUT / (document.split(".")[0] + ".txt")
    _, expected_parse, expected = _events(key, resolver)
    _, parsed, got = _events(HELDOUT / document, resolver)
    assert (parsed.year, parsed.partner_countries) == (expected_parse.year, expected_parse.partner_countries)
    assert [{f: getattr(e, f) for f in FIELDS} for e in got] == [{f: getattr(e, f) for f in FIELDS} for e in expected]


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_every_line_of_every_page_is_accounted_for(rendering, resolver):
    source = read_source(DOCUMENTS / f"catalogue_2021_fr{rendering}")
    parsed = parse_catalogue(source.lines, source.name, resolver.is_region_name, layout=source.layout, cut=source.cut)
    assert [r.line_no for r in parsed.lines] == list(range(1, len(source.lines) + 1))
    assert len(source.places) == len(source.lines)
    kinds = {r.kind for r in parsed.lines}
    assert "unrecognised" not in kinds and {"listing", "header", "theme"} <= kinds
    if rendering == ".split.pdf":  # page numbers in the footer are layout, not rows
        assert {source.lines[r.line_no - 1] for r in parsed.lines if r.kind == "furniture"} >= {"1", "2", "3"}
        assert "continuation" in kinds


def test_a_listing_cites_its_page_and_row():
    source = read_source(DOCUMENTS / "catalogue_2021_fr.split.pdf")
    parsed = parse_catalogue(source.lines, source.name, layout=source.layout, cut=source.cut)
    dijon = next(x for x in parsed.listings if x.title == "Renforcement du partenariat Dijon – Volgograd")
    place = source.places[dijon.source_line - 1]
    assert place.page == 1 and place.row >= 2 and "Dijon" in source.lines[dijon.source_line - 1]
    assert place.label("en") == f"p. 1, row {place.row}" and place.label("fr") == f"p. 1, ligne {place.row}"
    word = read_source(DOCUMENTS / "catalogue_2021_fr.docx")
    parsed = parse_catalogue(word.lines, word.name, layout=word.layout)
    first = parsed.listings[0]
    assert word.places[first.source_line - 1] == Place(table=1, row=3)  # header, theme row, then the listing
    assert cite(59, 4, None, 7, "en") == "p. 4, row 7 (l. 59)" and cite(59, None, None, None) == "l. 59"


def test_a_row_cut_by_a_page_break_is_joined_only_on_evidence():
    header = (
        "Région\tCollectivité française\tCollectivité russe\tIntitulé du projet\tDescription du projet\tDate prévue"
    )
    lines = [header, "Thématique : sport", "Bretagne\tRennes\tRégion de\tCourse\tUne course entre\tmai 2021",
             "\tSaint-Malo\tIaroslavl\t\tles deux villes\t",  # the end of the row: no title of its own
             "Bretagne\tBrest\tMourmansk\tVoile\tRégate.\tjuin 2021",
             "\tLorient\tArkhangelsk\tPêche\tSalon.\tjuillet 2021"]  # a new listing: a title, nothing left mid-phrase  # fmt: skip
    parsed = parse_catalogue(lines, "c.txt", cut={4: 3, 6: 5})
    assert [(x.fr_actor, x.partner_actor, x.description) for x in parsed.listings] == [
        ("Rennes Saint-Malo", "Région de Iaroslavl", "Une course entre les deux villes"),
        ("Brest", "Mourmansk", "Régate."), ("Lorient", "Arkhangelsk", "Salon.")]  # fmt: skip
    assert [i.code for i in parsed.issues if i.code == "row_cut_by_page_break"] == ["row_cut_by_page_break"]
    cut_header = parse_catalogue([header, "\tconcerné\t\t\t\t", "Thématique : sport",
                                  "Bretagne\tBrest\tMourmansk\tVoile\tRégate.\tjuin 2021"], "c.txt", cut={2: 1})  # fmt: skip
    assert [r.kind for r in cut_header.lines] == ["header", "header", "theme", "listing"]


def test_wrapped_and_merged_cells_are_read_as_the_export_has_them():
    assert join_wrapped("Auvergne-Rhône-\nAlpes") == "Auvergne-Rhône-Alpes"
    assert join_wrapped("Alliances Françaises)-\nuniversité") == "Alliances Françaises)- université"
    assert join_wrapped("Tout au\nlong de\tl'année\n") == "Tout au long de l'année" and join_wrapped(None) == ""
    assert join_wrapped("Tanger–\nToulouse") == "Tanger–Toulouse" and join_wrapped("Paris –\nRabat") == "Paris – Rabat"
    header = "Région\tCollectivité française\tCollectivité vietnamienne\tIntitulé du projet\tDescription du projet\tDate prévue"
    title_page = ["<b>2027</b>", "<b>Catalogue franco-vietnamien</b>", "", "des partenariats noués depuis", "1990."]
    assert parse_catalogue([*title_page, header, "Thématique : sport"], "c.pdf").year == 2027
    assert parse_catalogue([*title_page[2:], header, "Thématique : sport"], "c.pdf").year_basis != "title_page"
    # two tables touching (6 and 5 columns) seen as one grid of 8: a row of each keeps its own cells
    starts = [0, 10, 20, 30, 40, 50, 60, 70]
    six = [(0, 0, 20, 1), None, (20, 0, 40, 1), None, (40, 0, 60, 1), None, (60, 0, 80, 1), None]
    drawn: dict[int, tuple] = {}
    assert _row_texts(six, ["a", None, "b", None, "c", None, "d", None], starts, drawn) == ["a", "b", "c", "d"]
    merged_above = [None, None, (20, 1, 40, 2), None, (40, 1, 60, 2), None, (60, 1, 80, 2), None]
    assert _row_texts(merged_above, [None, None, "x", None, "y", None, "z", None], starts, drawn) == ["", "x", "y", "z"]


def _pdf(path: Path, draw) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    draw(page)
    page.save()
    return path


def test_a_scan_a_pdf_without_a_table_and_damaged_documents_are_refused_clearly(tmp_path):
    scan = _pdf(tmp_path / "scan.pdf", lambda c: (c.setFillGray(0.5), c.rect(50, 50, 400, 600, fill=1)))
    with pytest.raises(ExtractError, match="no text layer.*OCR"):
        read_source(scan)
    prose = _pdf(tmp_path / "prose.pdf", lambda c: c.drawString(72, 700, "Compte rendu de la réunion du groupe-pays"))
    with pytest.raises(ExtractError, match="no ruled table"):
        read_source(prose)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes((DOCUMENTS / "catalogue_2023_ru_fr.pdf").read_bytes()[:3000])
    with pytest.raises(ExtractError, match="damaged.pdf"):
        read_source(damaged)
    from pypdf import PdfReader, PdfWriter

    locked = PdfWriter()
    for each in PdfReader(DOCUMENTS / "catalogue_2023_ru_fr.pdf").pages:
        locked.add_page(each)
    locked.encrypt("secret")
    locked.write(tmp_path / "locked.pdf")
    with pytest.raises(ExtractError, match="locked.pdf: protected by a password"):
        read_source(tmp_path / "locked.pdf")
    old_word = tmp_path / "old.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ExtractError, match=r"save it as \.docx"):
        read_source(old_word)


def test_a_word_file_without_a_table_or_inflating_beyond_the_limit_is_refused(tmp_path):
    source = DOCUMENTS / "catalogue_2023_ru_fr.docx"
    no_table = tmp_path / "no_table.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(no_table, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start, end = text.index("<w:tbl>"), text.rindex("</w:tbl>") + len("</w:tbl>")
                data = (text[:start] + text[end:]).encode("utf-8")
            out.writestr(item, data)
    with pytest.raises(ExtractError, match="no table"):
        read_source(no_table)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("word/media/padding.bin", b"\x00" * 30_000_000)
    with pytest.raises(ExtractError, match="inflate"):
        read_source(bomb, max_megabytes=1)


def test_the_build_loads_a_pdf_and_a_word_catalogue_with_their_places(tmp_path):
    import duckdb

    db = tmp_path / "c.duckdb"
    done = subprocess.run([sys.executable, "-m", "etl", "build", "--db", str(db),
                           "--catalogue", str(DOCUMENTS / "catalogue_2024_jp_fr.split.pdf"),
                           str(DOCUMENTS / "catalogue_2024_jp_en.docx")],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT file, format FROM sources ORDER BY 1").fetchall() == [
        ("catalogue_2024_jp_en.docx", "docx"), ("catalogue_2024_jp_fr.split.pdf", "pdf")]  # fmt: skip
    cannes = con.sql("""SELECT source_page, source_row, title_fr, title_en FROM events
                        WHERE title_fr LIKE 'Renforcement du jumelage Cannes%'""").fetchall()  # fmt: skip
    assert cannes == [(1, 2, "Renforcement du jumelage Cannes – Shizuoka", cannes[0][3])] and cannes[0][3]
    rows = con.sql("SELECT count(*), count(page) FROM raw_lines WHERE source_file LIKE '%.pdf'").fetchall()[0]
    assert rows[0] == rows[1] > 0  # every line of the PDF has its page
    scan = tmp_path / "catalogue_2025_scan.pdf"
    _pdf(scan, lambda c: c.rect(50, 50, 400, 600, fill=1))
    done = subprocess.run([sys.executable, "-m", "etl", "build", "--db", str(db), "--catalogue", str(scan)],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2 and "catalogue_2025_scan.pdf" in done.stderr and "OCR" in done.stderr
    assert "Traceback" not in done.stderr
    twice = subprocess.run([sys.executable, "-m", "etl", "build", "--db", str(db), "--catalogue",
                            str(EDITIONS / "catalogue_2024_jp_fr.txt"), str(DOCUMENTS / "catalogue_2024_jp_fr.pdf")],
                           cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert twice.returncode == 2 and "counted twice" in twice.stderr and "catalogue_2024_jp_fr.pdf" in twice.stderr
    assert con.sql("SELECT count(*) FROM sources").fetchall() == [(2,)]  # the published database is untouched


def test_rows_refused_by_the_build_are_named_by_their_page_and_row():
    from etl.pipeline import _where

    places = {"c.pdf": (Place(page=1), Place(page=4, row=7)), "c.txt": ()}
    assert _where(places, "c.pdf", 2) == "c.pdf p. 4, row 7 (l. 2)"
    assert _where(places, "c.txt", 59) == "c.txt:59" and _where(places, "c.pdf", 9) == "c.pdf:9"


def test_a_page_without_text_among_text_pages_is_reported_not_skipped(tmp_path, resolver):
    from pypdf import PdfReader, PdfWriter

    from etl.pipeline import _parse

    writer = PdfWriter()
    pages = PdfReader(DOCUMENTS / "catalogue_2023_ru_fr.split.pdf").pages
    writer.add_page(pages[0])
    writer.add_blank_page()  # a scanned page holds an image and no text: the same to the reader
    for more in pages[1:]:
        writer.add_page(more)
    mixed = tmp_path / "catalogue_2023_ru_fr.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    source, parsed = _parse(mixed, resolver, lambda m: None)
    flagged = [i for i in parsed.issues if i.code == "page_without_text"]
    assert [source.places[i.source_line - 1].page for i in flagged] == [2] and flagged[0].severity == "warning"
    assert len(parsed.listings) == len(_events(EXPORTS["catalogue_2023_ru_fr"], resolver)[2])


def _with_trailing_paragraph(source: Path, out: Path, text: str) -> Path:
    """The Word file with a paragraph added after its last table (a contact line, a colophon)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                at = xml.rindex("</w:tbl>") + len("</w:tbl>")
                data = (xml[:at] + f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" + xml[at:]).encode("utf-8")
            dst.writestr(item, data)
    return out


def test_a_paragraph_after_the_last_table_is_layout_and_an_address_in_it_is_never_kept(tmp_path, resolver):
    """A contact line after a Word catalogue's table is no listing (not an error that stops the
    build), and its e-mail address is removed before anything is stored, with a flag."""
    path = _with_trailing_paragraph(DOCUMENTS / "catalogue_2023_ru_fr.docx", tmp_path / "catalogue_2023_ru_fr.docx",
                                    "Contact : service international, prenom.nom@example.org, 01 23 45 67 89")  # fmt: skip
    source = read_source(path)
    last = len(source.lines) - next(i for i, line in enumerate(reversed(source.lines)) if line.strip())
    assert "@" not in "".join(source.lines) and "[e-mail]" in source.lines[last - 1]
    assert last in source.layout and last in source.addresses
    _, _, before = _events(DOCUMENTS / "catalogue_2023_ru_fr.docx", resolver)
    _, parsed, events = _events(path, resolver)
    assert len(events) == len(before) and not [i for i in parsed.issues if i.severity == "error"]


def test_an_address_in_a_text_catalogue_is_removed_and_flagged(tmp_path):
    import duckdb

    path, line = douarnenez_changed(tmp_path, "Douarnenez", "Douarnenez (contact : j.dupont@mairie-douarnenez.fr)")
    db = tmp_path / "c.duckdb"
    run_build(build_settings(db_path=db, catalogues=[path]), log=lambda m: None)
    con = duckdb.connect(str(db), read_only=True)
    for table in ("events", "raw_lines", "data_quality"):
        rows = con.sql(f"SELECT * FROM {table}").fetchall()
        assert not [r for r in rows if "@" in repr(r)], table
    assert con.sql("SELECT source_line FROM data_quality WHERE code = 'address_removed'").fetchall() == [(line,)]


def test_a_report_may_be_a_word_file(tmp_path):
    """A country group's report given as .docx is read as its paragraphs (no table needed), its
    addresses removed."""
    from etl.pipeline import _read_document

    path = _with_trailing_paragraph(DOCUMENTS / "catalogue_2023_ru_fr.docx", tmp_path / "report.docx",
                                    "Écrire à secretariat@example.org.")  # fmt: skip
    lines = _read_document(str(path), 1, path.stat().st_size, 25.0)
    assert "Écrire à [e-mail]." in lines and not [line for line in lines if "@" in line]
    bomb = tmp_path / "bomb.docx"  # a report inflates no more than a catalogue may
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("word/media/padding.bin", b"\x00" * 30_000_000)
    from etl.pipeline import BuildError

    with pytest.raises(BuildError, match="inflate"):
        _read_document(str(bomb), 1, bomb.stat().st_size, 1.0)
