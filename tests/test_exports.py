"""Exports: open the produced files and check them (images, HTML, tables, the briefing PDF)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
from dataclasses import replace

import polars as pl
import pytest
from PIL import Image, ImageOps

from dashboard import briefing, charts, exports, link_map, queries, tables
from dashboard.filters import Filters
from tests.conftest import ROOT

needs_chromium = pytest.mark.skipif(not exports.images_available(), reason="needs Debian's chromium")


@pytest.fixture
def theme_fig(con):
    return charts.theme_bar_figure(queries.by_theme(con, Filters()))


@needs_chromium
def test_png_has_the_requested_size_at_2x(theme_fig):
    png = exports.figure_png(theme_fig, width=800, height=400)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1600, 800)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 10  # not a blank canvas


@needs_chromium
def test_a_chart_built_under_another_default_template_exports_as_the_charts_own(con, monkeypatch):
    """Importing streamlit after dashboard.charts makes plotly's default template "streamlit"
    (axes without automargin: a PNG's labels were cut at its edge); an export is drawn in the
    charts' template whatever the figure was built under."""
    import plotly.io as pio
    import streamlit  # noqa: F401 — registers its "streamlit" template

    frame = queries.by_theme(con, Filters())
    monkeypatch.setattr(pio.templates, "default", charts.TEMPLATE)
    built = charts.theme_bar_figure(frame)
    assert built.layout.template.layout.yaxis.automargin is True
    ours = exports.figure_png(built, width=800, height=320)
    monkeypatch.setattr(pio.templates, "default", "streamlit")
    other = charts.theme_bar_figure(frame)
    assert other.layout.template.layout.yaxis.automargin is not True  # built in streamlit's
    assert exports.figure_png(other, width=800, height=320) == ours


@needs_chromium
def test_map_png_draws_the_base_map_from_disk(con):
    fig = link_map.link_map_figure(queries.partnerships(con, Filters()))
    image = Image.open(io.BytesIO(exports.figure_png(fig, width=600, height=400, scale=1))).convert("RGB")
    colours = dict((rgb, n) for n, rgb in image.getcolors(maxcolors=1 << 20))
    assert colours.get((0xEE, 0xF1, 0xF4), 0) > 10_000, "land (landcolor) drawn from the local topojson"


def _ink(image: Image.Image) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) of what is not white in an image."""
    return ImageOps.invert(image.convert("RGB")).getbbox()


@needs_chromium
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_exported_chart_keeps_a_white_edge_and_its_whole_title(con, lang):
    from dashboard import captions

    fig = captions.with_context(charts.theme_bar_figure(queries.by_theme(con, Filters()), lang), "Filtres : aucun",
                                "Source : catalogue (édition française, 19 mars 2021)")  # fmt: skip
    image = Image.open(io.BytesIO(exports.figure_png(fig, width=800, height=400, scale=1)))
    left, top, right, bottom = _ink(image)
    edge = exports.EDGE
    assert image.size == (800, 400) and left >= edge and right <= 800 - edge and bottom <= 400 - edge
    assert top >= edge + 10  # the title's first line (its accents) below the edge, not cut by it
    svg = exports.figure_svg(fig, width=800, height=400)
    assert svg.startswith(b"<svg") and f'viewBox="-{edge} -{edge} 800 400"'.encode() in svg[:600]


@needs_chromium
def test_svg_is_an_svg_document(theme_fig):
    svg = exports.figure_svg(theme_fig, width=600, height=300)
    assert svg.startswith(b"<svg") and b"Partenariats et jumelages" in svg


def test_standalone_html_embeds_plotly_and_the_base_maps(con, theme_fig):
    html = exports.figure_html(theme_fig, "t").decode()
    assert "<script" in html and 'src="http' not in html and "<script src=" not in html  # plotly.js inline
    assert '"showSendToCloud": false' in html and html.startswith('<!DOCTYPE html><html lang="fr">')
    english = exports.figure_html(theme_fig, "t", "en").decode()
    assert english.startswith('<!DOCTYPE html><html lang="en">') and "Zoom avant" not in english
    assert '"locale": "fr"' in html and "Zoom avant" in html  # the toolbar in the reader's language
    assert f'"pad":{{"t":{exports.TITLE_TOP}' in html.replace(" ", "")  # the title clear of the top
    geo = exports.figure_html(link_map.link_map_figure(queries.partnerships(con, Filters())), "map").decode()
    assert "window.PlotlyGeoAssets" in geo and '"world_110m"' in geo and '"world_50m"' not in geo  # the light base map


@needs_chromium
def test_standalone_html_map_draws_offline_in_a_browser(con, tmp_path):
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "map.html"
    page_file.write_bytes(exports.figure_html(link_map.link_map_figure(queries.partnerships(con, Filters())), "map"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exports.browser_path(), args=["--no-sandbox", "--headless"])
        page = browser.new_page()
        requested = []
        page.route("**/*", lambda route: (requested.append(route.request.url), route.continue_()
                                          if route.request.url.startswith(("file:", "data:")) else route.abort()))  # fmt: skip
        page.goto(page_file.as_uri())
        page.wait_for_selector(".geolayer .layer.land path", timeout=20_000)
        assert page.query_selector_all(".geolayer .scattergeo path.js-line")
        browser.close()
    assert [u for u in requested if not u.startswith(("file:", "data:"))] == []


def test_tables_read_back_equal_to_the_query_result(con, tmp_path):
    df = tables.events_table(queries.events_table(con, Filters(themes=("culture",))), queries.vocabulary(con), "fr")
    csv = exports.frame_csv(df)
    assert csv.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert pl.read_csv(io.BytesIO(csv[3:]), schema=df.schema).equals(df)
    assert pl.read_parquet(io.BytesIO(exports.frame_parquet(df))).equals(df)
    (tmp_path / "x.xlsx").write_bytes(exports.frame_xlsx(df))
    back = pl.read_excel(tmp_path / "x.xlsx", engine="openpyxl").cast(df.schema)
    assert back.fill_null("").equals(df.fill_null(""))
    links = queries.partnerships(con, Filters())
    assert pl.read_parquet(io.BytesIO(exports.frame_parquet(links))).equals(links)  # lists kept in Parquet
    flat = pl.read_csv(io.BytesIO(exports.frame_csv(links)[3:]))
    assert flat["themes"].to_list()[0] == " | ".join(links["themes"].to_list()[0])


def test_file_names_say_what_is_inside(con):
    vocab = queries.vocabulary(con)
    f = Filters(themes=("culture",), fr_regions=("FR-OCC",))
    assert exports.export_name("evenements", f, lambda c: vocab.region_name(c), 2021, "png") == (
        "evenements_culture_occitanie_2021.png"
    )
    assert exports.export_name("note", Filters(), vocab.region_name, 2021, "pdf") == "note_2021.pdf"


def test_without_chromium_images_explain_and_never_hang(monkeypatch, theme_fig):
    monkeypatch.setitem(exports._state, "browser", "")
    assert not exports.images_available()
    started = time.perf_counter()
    with pytest.raises(exports.ImageExportUnavailable, match="chromium"):
        exports.figure_png(theme_fig)
    assert time.perf_counter() - started < 1
    assert exports.figure_html(theme_fig).startswith(b"<!DOCTYPE html>")  # HTML still works


def test_filters_in_words(con):
    vocab = queries.vocabulary(con)
    f = Filters(themes=("culture",), fr_regions=("FR-OCC",), search="Nice")
    assert briefing.filters_in_words(f, vocab, "fr") == [
        "Thème : Coopération culturelle et éducative", "Région française : Occitanie", "Recherche : « Nice »"]  # fmt: skip
    assert briefing.filters_in_words(Filters(), vocab, "en") == []


@needs_chromium
def test_briefing_pdf_has_pages_images_filters_and_figures(con):
    from pypdf import PdfReader

    pdf = briefing.briefing_pdf(con, Filters(themes=("culture",)), "fr")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    assert sum(len(page.images) for page in reader.pages) >= 5
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Thème : Coopération culturelle et éducative" in text
    assert "Partenariats et liens de la carte" in text and "Sources" in text
    assert str(queries.key_figures(con, Filters(themes=("culture",)))["listings"]) in text


def test_briefing_without_chromium_still_has_tables(monkeypatch, con):
    from pypdf import PdfReader

    monkeypatch.setitem(exports._state, "browser", "")
    reader = PdfReader(io.BytesIO(briefing.briefing_pdf(con, Filters(), "en")))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Charts not included" in text and "Partnerships and links on the map" in text


def test_the_briefing_lists_the_links_its_map_draws(monkeypatch, con):
    """Every link of the map is a row of the partnerships section, event links marked, planned
    agreements said to be planned (the map and the briefing never disagree)."""
    monkeypatch.setitem(exports._state, "browser", "")  # the tables alone
    f = Filters(themes=("culture",))
    content = briefing.gather(con, f, "fr")
    links = queries.partnerships(con, f)
    assert content.links.height == links.height > 0
    drawn = sorted(c for tr in link_map.link_map_figure(links).data if tr.meta and tr.meta[0] == "hover"
                   for c in tr.customdata)  # fmt: skip
    assert drawn == sorted("link:" + i for i in content.links["partnership_id"])
    assert content.links.filter(pl.col("kind") == "event_link").height > 0
    text = _pdf_text(briefing.briefing_pdf(con, f, "fr"))
    assert text.count("par événement :") == content.links.filter(pl.col("kind") == "event_link").height
    whole = _pdf_text(briefing.briefing_pdf(con, Filters(), "en"))
    assert "Agreement to be signed" in whole and "Planned twinning" in whole


def test_the_briefing_names_the_reports_its_map_draws_on(monkeypatch, con):
    """Links stated in the country groups' reports are drawn with the catalogue's: the map's source
    line names those reports and the sources section lists each. An edition chosen keeps the links
    its listings carry: the reports stating one of those (Russia's) are named, no other (Japan's)."""
    monkeypatch.setitem(exports._state, "browser", "")
    whole = briefing.gather(con, Filters(), "en")
    in_reports = queries.partnerships(con, Filters()).filter(pl.col("source_file").str.starts_with("reports/"))
    files = sorted(set(in_reports["source_file"]))
    assert files and sorted(set(whole.reports["file"])) == files
    title = whole.figs["links"].layout.title.text
    assert f"{len(files)} reports (" in title and "Japan" in title
    assert "reports (" not in whole.figs["theme"].layout.title.text  # the listings' charts: catalogues only
    text = _pdf_text(briefing.briefing_pdf(con, Filters(), "en"))
    assert all(f"{file} — report: links it states" in text for file in files)
    edition = briefing.gather(con, Filters(years=("2021",)), "en")
    kept = queries.partnerships(con, Filters(years=("2021",))).filter(pl.col("source_file").str.starts_with("reports/"))
    assert set(edition.reports["file"]) == set(kept["source_file"]) < set(files)
    assert "Russia" in (title := edition.figs["links"].layout.title.text) and "Japan" not in title
    # Japan's links come from a report alone: the line names it, and the database's build date
    # (no catalogue of Japan is loaded; the date is the database's, not "?")
    japan = briefing.gather(con, Filters(partner_countries=("JP",)), "en")
    assert japan.sources.is_empty() and japan.built == tables.built_on(queries.sources(con)) != "?"
    assert "Source: 1 report (Japan) · database built on " + japan.built in japan.figs["links"].layout.title.text


def test_a_briefing_stays_bounded_however_many_links_and_notes(monkeypatch, con):
    """Above BRIEF_LINKS the note lists the first links in the Partnerships page's order and says
    how many more; above MOST_LINKS its map groups them by pair of regions; a data-quality note
    names at most BRIEF_LINES source lines, then "…". Counts stay those of every link."""
    monkeypatch.setitem(exports._state, "browser", "")
    monkeypatch.setattr(briefing, "BRIEF_LINKS", 4)
    monkeypatch.setattr(briefing, "BRIEF_LINES", 2)
    monkeypatch.setattr(link_map, "MOST_LINKS", 3)
    f = Filters(themes=("partnerships",))
    every = queries.partnerships(con, f)
    assert every.height > 4
    content = briefing.gather(con, f, "en")
    assert content.links["partnership_id"].to_list() == every["partnership_id"].head(4).to_list()
    assert sum(content.link_totals.values()) == every.height
    assert content.link_totals["stated"] == every.filter(pl.col("kind") != "event_link").height
    assert {tr.meta[0] for tr in content.figs["links"].data if tr.meta} >= {"arcs"}  # grouped
    text = _pdf_text(briefing.briefing_pdf(con, f, "en"))
    assert "the first 4, in the Partnerships page's order" in text
    assert f"and {every.height - 4} more links, not listed here" in text
    flags = queries.quality_flags(con, Filters()).filter(pl.col("severity") != "info")
    many = flags.group_by("code").len().filter(pl.col("len") > 2)["code"].to_list()
    text = _pdf_text(briefing.briefing_pdf(con, Filters(), "en"))
    assert many and all(re.search(rf"\({code}\): \d+ \([^()]*, …\)", text) for code in many)


def test_the_briefing_lists_its_listings_and_the_quality_pages_notes(monkeypatch, con):
    """An annex with every listing of the view (title, date, actors, theme and its line in its
    document), the first BRIEF_LISTINGS above that and how many in all; the data-quality section
    names every code the Quality page lists for the same filters."""
    monkeypatch.setitem(exports._state, "browser", "")
    f = Filters(themes=("culture",))
    listings = queries.events_table(con, f)
    text = _pdf_text(briefing.briefing_pdf(con, f, "fr"))
    assert "Annexe : les événements" in text
    assert all(f"l. {line}" in text for line in listings["source_line"].to_list())
    assert all(" ".join(title.split()) in text for title in listings["title_fr"].to_list() if len(title) < 30)
    for code in queries.quality_flags(con, f)["code"].unique().to_list():  # notes included, as on the page
        assert f"({code})" in text
    monkeypatch.setattr(briefing, "BRIEF_LISTINGS", 3)
    text = _pdf_text(briefing.briefing_pdf(con, f, "en"))
    assert f"The first 3 of the {listings.height} listings" in text


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@needs_chromium
def test_briefing_cli(built_db, tmp_path):
    out = tmp_path / "note.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "briefing", "--out", str(out), "--db", str(built_db),
         "--theme", "culture", "--fr-region", "FR-PAC", "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and "wrote" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "dashboard", "briefing", "--out", str(out), "--db", str(built_db),
                          "--theme", "nope"], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 2 and "theme=nope" in bad.stderr


def test_no_spreadsheet_cell_starts_a_formula():
    df = pl.DataFrame({"title": ['=HYPERLINK("http://x";"c")', "+SUM(A1:A2)", "-1+1", "@cmd", "Nice", None],
                       "n": [1, -2, 3, 4, 5, 6]})  # fmt: skip
    back = pl.read_csv(io.BytesIO(exports.frame_csv(df)[3:]))
    assert back["title"].to_list() == ['\'=HYPERLINK("http://x";"c")', "'+SUM(A1:A2)", "'-1+1", "'@cmd", "Nice", None]
    assert back["n"].to_list() == [1, -2, 3, 4, 5, 6]  # numbers stay numbers
    import openpyxl

    cells = [c for c in openpyxl.load_workbook(io.BytesIO(exports.frame_xlsx(df))).active["A"]][1:]
    assert all(c.data_type == "s" or c.value is None for c in cells)  # text cells, never formulas


def test_the_overview_sends_boundaries_by_address_and_exports_put_them_back(con):
    from dashboard import boundaries

    rows = queries.by_fr_region(con, Filters())
    ref = boundaries.url("FR")
    assert ref and ref.startswith("/app/static/admin1/FR.json")
    light = charts.choropleth_figure(rows, "FR", "fr", ref)
    heavy = charts.choropleth_figure(rows, "FR", "fr")
    assert len(light.to_json()) * 5 < len(heavy.to_json())  # the rerun carries the counts, not the shapes
    served = boundaries.STATIC / "FR.json"
    assert json.loads(served.read_text(encoding="utf-8")) == charts.admin1_of("FR")
    back = boundaries.inline(light)
    assert back.data[0].geojson == heavy.data[0].geojson and light.data[0].geojson == ref  # a copy
    page = exports.figure_html(light, "fr").decode()
    assert '"FeatureCollection"' in page and "/app/static/admin1" not in page


def test_briefing_tables_never_cut_a_word_and_keep_their_width():
    from reportlab.lib.units import cm

    s = briefing._styles()
    words = ["Auvergne-Rhône-Alpes", "reports/cuf_copil_rencontres_franco_japonaises_2026.txt", "Blagovechtchensk"]
    rows = [[briefing._p(w, s["cell"]) for w in words], ["a", "b", "c"]]
    widths = [1.0 * cm, 3.0 * cm, 10.0 * cm]  # room enough in all for the three longest words, in DejaVu Sans
    fitted = briefing._fit(rows, widths)
    for i, w in enumerate(words):
        assert fitted[i] >= briefing._longest_word(rows[0][i]) - 1e-6, w
    assert abs(sum(fitted) - sum(widths)) < 1e-6  # the slack of the wide column paid for it


def test_the_briefing_has_contents_and_capitalised_headers(monkeypatch, con):
    monkeypatch.setitem(exports._state, "browser", "")
    text = _pdf_text(briefing.briefing_pdf(con, Filters(), "fr"))
    assert "Sommaire" in text and "Partenariats et liens de la carte . ." in text
    assert "Depuis Événements Citation" in text  # headers as the tables show them, capitalised
    en = _pdf_text(briefing.briefing_pdf(con, Filters(), "en"))
    assert "Contents" in en and "Since Listings Evidence" in en


def test_the_briefing_shows_a_hostile_search_as_text(monkeypatch, con):
    """A search from a shared address reaches the briefing's filters line: reportlab markup
    (an <img> would be fetched) and Markdown stay text."""
    from pypdf import PdfReader

    monkeypatch.setitem(exports._state, "browser", "")  # tables only: faster, same text path
    hostile = '<img src="http://beacon.invalid/x.png"/> <b>gras</b> :red[ROUGE] ![p](http://beacon.invalid/p.png)'
    pdf = briefing.briefing_pdf(con, Filters(search=hostile), "fr")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "<b>gras</b> :red[ROUGE]" in " ".join(text.split())


def test_the_briefing_embeds_fonts_for_every_script(monkeypatch, con):
    """Chinese, Japanese, Cyrillic and accented Latin names print as themselves (pypdf reads
    them back), in embedded fonts, not as ■ (Helvetica is WinAnsi only)."""
    from pypdf import PdfReader

    from dashboard import briefing, fonts

    if fonts.missing():
        pytest.skip(f"install {fonts.missing()}")
    monkeypatch.setattr(briefing.exports, "images_available", lambda: False)
    content = briefing.gather(con, Filters(), "fr")
    names = ["北京市", "静岡県", "Нижний Новгород", "Hokkaidō", "Ziguinchor"]
    content = replace(content, titles=[*content.titles, *names])
    reader = PdfReader(io.BytesIO(briefing.render_pdf(content)))
    text = reader.pages[0].extract_text()
    assert all(n in text for n in names), text[:400]
    fonts_used = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    embedded = {str(f["/BaseFont"]) for f in fonts_used if "/DescendantFonts" in f or "/FontDescriptor" in f}
    assert any("DejaVu" in f for f in embedded) and any("Hei" in f for f in embedded)  # subsets, embedded


def test_png_exports_have_a_font_for_chinese_japanese_and_cyrillic_names():
    """Chromium draws the PNG/SVG exports with the fonts fontconfig finds: one must hold 静, 广,
    道 and Ж (Debian fonts-noto-cjk, installed by .ci/run; without it names print as hex boxes,
    as seen on a machine without it). The picture of such a title is made (and was looked at)."""
    import shutil

    import plotly.graph_objects as go

    if not exports.images_available() or not shutil.which("fc-list"):
        pytest.skip("no Chromium")
    found = subprocess.run(["fc-list", ":charset=9759 5e7f 9053 416", "family"], capture_output=True, text=True)
    assert found.stdout.strip(), "no font holds Chinese, Japanese and Cyrillic: install fonts-noto-cjk"
    fig = go.Figure(go.Bar(x=[1], y=[1]))
    fig.update_layout(title="静岡 · 广东省 · 北海道 · Нижний Новгород", width=500, height=200)
    png = exports.figure_png(fig, width=500, height=200, scale=1)
    assert Image.open(io.BytesIO(png)).size == (500, 200)


def test_a_download_is_named_in_the_pages_language():
    from types import SimpleNamespace

    from dashboard.ui import FILE_NAMES_EN, file_base

    vocab = SimpleNamespace(years=("2021",), region_name=lambda code, lang: code)
    fr, en = (SimpleNamespace(lang=lang, filters=Filters(), vocab=vocab) for lang in ("fr", "en"))
    assert file_base(fr, "evenements_par_theme").startswith("evenements_par_theme")
    assert file_base(en, "evenements_par_theme").startswith("listings_by_theme")
    assert file_base(en, "carte_jp").startswith("map_jp") and "2021" in file_base(en, "carte_jp")
    assert all(name.isascii() and " " not in name for name in FILE_NAMES_EN.values())
