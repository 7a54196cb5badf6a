"""Parser traps, one small fixture each."""

from __future__ import annotations

import pytest

from etl.parse import CatalogueFormatError, parse_catalogue


def by_line(parsed):
    return {listing.source_line: listing for listing in parsed.listings}


def test_theme_headers_in_html_markdown_and_plain_form_and_toc(parse_fixture):
    parsed = parse_fixture("theme_headers.txt")
    assert [listing.theme_label for listing in parsed.listings] == [
        "partenariats et jumelages",
        "coopération culturelle et éducative",
        "sport",
    ]
    kinds = {r.line_no: r.kind for r in parsed.lines}
    assert kinds[4] == kinds[5] == "toc"  # entries with page numbers are not sections
    assert kinds[3] == "toc"
    assert kinds[8] == kinds[11] == kinds[14] == "theme"
    assert parsed.year == 2021 and parsed.language == "fr" and parsed.partner_country == "RU"


def test_six_and_five_column_rows(parse_fixture):
    rows = by_line(parse_fixture("theme_headers.txt"))
    assert rows[9].columns == 6 and rows[9].region_cell == "Bretagne" and rows[9].fr_actor == "Douarnenez"
    assert rows[13].columns == 5 and rows[13].region_cell == "" and rows[13].fr_actor == "Nantes"
    assert rows[13].partner_actor == "Région de Sverdlovsk" and rows[13].title == "Titre B"


def test_region_and_french_actor_fill_down_within_a_section(parse_fixture):
    parsed = parse_fixture("fill_down.txt")
    rows = by_line(parsed)
    assert rows[4].region_cell == "Grand-Est" and rows[4].region_filled
    assert rows[4].fr_actor == "Strasbourg" and not rows[4].fr_actor_filled
    assert rows[7].fr_actor == "Nice" and rows[7].fr_actor_filled
    # never across a theme header: the first row of a section has nobody above it
    assert rows[9].fr_actor == "" and not rows[9].fr_actor_filled
    assert [i.code for i in parsed.issues] == ["fr_actor_filled"]


def test_rows_continued_across_a_page_break(parse_fixture):
    parsed = parse_fixture("page_break.txt")
    first, second = parsed.listings
    assert first.lines == (3, 5)
    assert first.title == "Célébrations des 30 ans de jumelage entre Hérouville-Saint-Clair et Tikhvine"
    assert first.description.endswith("programme de manifestations et d'échanges.")
    assert second.fr_actor == "Evreux" and second.region_cell == "Normandie"
    kinds = {r.line_no: (r.kind, r.listing_line) for r in parsed.lines}
    assert kinds[5] == ("continuation", 3) and kinds[4] == ("blank", None)


def test_html_fragments_and_doubled_quotes_become_plain_text(parse_fixture):
    rows = by_line(parse_fixture("html_quotes.txt"))
    assert rows[3].description == "« Les Saisons » - 2021. Au programme : danse."
    assert rows[4].description == 'Participation de la troupe "Zercala" au XXVe Festival'
    assert rows[5].title == "50ème anniversaire"
    assert rows[5].description == "son 45ème anniversaire" and rows[5].date_text == "3ème trimestre 2021"
    for listing in rows.values():
        for text in (listing.title, listing.description, listing.date_text):
            assert "<" not in text and '""' not in text


def test_economy_first_column_is_a_subtheme_not_a_region(parse_fixture):
    rows = by_line(parse_fixture("economy_subtheme.txt"))
    assert rows[3].region_cell == "Economie" and rows[4].region_cell == "Tourisme"
    assert rows[5].region_cell == "Tourisme" and rows[5].region_filled


def test_shifted_six_column_row_reads_first_cell_as_french_actor(parse_fixture):
    parsed = parse_fixture("shifted_row.txt")
    rows = by_line(parsed)
    assert parsed.language == "en"
    assert rows[3].fr_actor == "Embassy – SCAC – IFR" and rows[3].region_cell == "" and rows[3].shifted
    assert rows[4].region_cell == "Normandy" and not rows[4].shifted
    assert [i.code for i in parsed.issues] == ["shifted_row"]


def test_every_line_is_a_listing_layout_or_reported(parse_fixture):
    parsed = parse_fixture("unrecognised.txt")
    kinds = {r.line_no: r.kind for r in parsed.lines}
    assert kinds == {
        1: "header",
        2: "theme",
        3: "unrecognised",
        4: "unrecognised",
        5: "listing",
        6: "separator",
    }
    assert {i.source_line: i.code for i in parsed.issues} == {
        3: "unrecognised_line",
        4: "unrecognised_line",
    }


def test_a_line_of_text_after_the_last_listing_is_reported_not_an_error(resolver):
    """A contact line or a colophon after the table: no listing lost, so no error stopping the
    build; reported (info) with its text. A one-cell line between listings stays an error."""
    from tests.conftest import FIXTURES

    lines = (FIXTURES / "unrecognised.txt").read_text(encoding="utf-8").splitlines()
    parsed = parse_catalogue([*lines, "", "Contact : service des relations internationales"], "unrecognised.txt",
                             resolver.is_region_name)  # fmt: skip
    after = [i for i in parsed.issues if i.source_line == len(lines) + 2]
    assert [(i.severity, i.code) for i in after] == [("info", "text_after_table")]
    assert {i.source_line: i.severity for i in parsed.issues if i.code == "unrecognised_line"} == {
        3: "error",
        4: "error",
    }


def test_text_without_a_table_header_is_not_a_catalogue():
    with pytest.raises(CatalogueFormatError, match="no column header row"):
        parse_catalogue(["Minutes of a meeting", "No table here."], "minutes.txt")


@pytest.mark.parametrize("name", ["catalogue_2021_fr.txt", "catalogue_2021_en.txt"])
def test_seed_catalogues_account_for_every_line(name, resolver):
    from tests.conftest import RAW

    lines = (RAW / name).read_text(encoding="utf-8").splitlines()
    parsed = parse_catalogue(lines, name, resolver.is_region_name)
    assert [r.line_no for r in parsed.lines] == list(range(1, len(lines) + 1))
    assert not [r for r in parsed.lines if r.kind == "unrecognised"]
    assert len(parsed.listings) == 77
