"""Chart builders: same colour per theme everywhere, all regions drawn, links in few traces,
document text escaped in hover labels."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from dashboard import charts, link_map, queries
from dashboard.filters import Filters
from etl.vocab import THEMES


def test_one_colour_per_theme_everywhere(con):
    f = Filters()
    bar = charts.theme_bar_figure(queries.by_theme(con, f))
    shown = [t for t in THEMES if t != "other"]  # no header of 2021 fails to name a theme
    assert list(bar.data[0].marker.color) == [charts.THEME_COLORS[t] for t in shown]
    stacked = charts.semester_figure(queries.by_semester_theme(con, f))
    assert {tr.name: tr.marker.color for tr in stacked.data} == {
        charts.theme_label(t): charts.THEME_COLORS[t] for t in shown
    }
    links = link_map.link_map_figure(queries.partnerships(con, f))
    for tr in links.data:
        if tr.mode == "lines" and tr.name in {charts.theme_label(t) for t in THEMES}:
            theme = next(t for t in THEMES if charts.theme_label(t) == tr.name)
            assert tr.line.color == charts.THEME_COLORS[theme]
    assert len(set(charts.THEME_COLORS.values())) == len(THEMES)


def test_choropleths_draw_every_region_and_no_crimea(con):
    fr = charts.choropleth_figure(queries.by_fr_region(con, Filters()), "FR")
    assert set(queries.METROPOLITAN) <= set(fr.data[0].locations)
    ru_rows = queries.by_partner_region(con, Filters()).filter(pl.col("country") == "RU")
    ru = charts.choropleth_figure(ru_rows, "RU")
    locations = list(ru.data[0].locations)
    assert len(locations) == 83 and "UA-43" not in locations and "UA-40" not in locations
    assert {"RU-MOW", "RU-MOS"} <= set(locations)
    z = dict(zip(locations, ru.data[0].z, strict=True))
    assert z["RU-MOW"] == ru_rows.filter(pl.col("region") == "RU-MOW")["listings"][0]


def _lines(fig):
    return [tr for tr in fig.data if tr.mode == "lines" and tr.meta and tr.meta[0] != "legend"]


def test_links_are_few_traces_separated_by_gaps(con):
    df = queries.partnerships(con, Filters())
    by_kind = link_map.link_map_figure(df, color_by="kind")
    assert len(_lines(by_kind)) < len(df) / 3
    assert sum(int(np.isnan(tr.lat).sum()) for tr in _lines(by_kind)) == len(df)  # each link once, a gap after it
    names = {tr.name.rsplit(" (", 1)[0] for tr in _lines(by_kind)}
    assert {"Jumelage", "Lien par événement", "Accord à signer"} <= names


def test_colour_by_theme_counts_every_theme_of_a_link(con):
    df = queries.partnerships(con, Filters())
    fig = link_map.link_map_figure(df)
    drawn = sum(int(np.isnan(tr.lat).sum()) for tr in _lines(fig))
    assert drawn == sum(max(1, len(themes)) for themes in df["themes"].to_list()) > len(df)
    legend = {tr.name for tr in _lines(fig) if tr.showlegend}
    environment = df.filter(pl.col("themes").list.contains("environment")).height
    assert f"{charts.theme_label('environment')} ({environment})" in legend
    first_only = df.filter(pl.col("themes").list.first() == "environment").height
    assert environment > first_only  # the first theme alone would undercount


def test_layers_styles_and_focus(con):
    df = queries.partnerships(con, Filters())
    both = link_map.link_map_figure(df, color_by="kind")
    style = {tr.meta[1]: (tr.line.width, tr.line.dash, tr.opacity) for tr in _lines(both)}
    assert style["twinning"][1] == "solid" and style["planned_twinning"][1] == "dash"
    assert style["event_link"][1] == "dot" and style["event_link"][0] < style["twinning"][0]
    assert style["event_link"][2] < style["twinning"][2]  # the event layer is lighter
    stated = link_map.link_map_figure(df, color_by="kind", layers=("stated",))
    assert {tr.meta[0] for tr in _lines(stated)} == {"stated"}
    assert stated.layout.title.text.startswith(f"{df.filter(pl.col('kind') != 'event_link').height} ")
    assert {tr.meta[0] for tr in _lines(link_map.link_map_figure(df, layers=("events",)))} == {"events"}
    nice = df.filter(pl.col("fr_place_fr") == "Nice")["fr_place_id"][0]
    focused = link_map.link_map_figure(df, focus=nice, focus_name="Nice")
    mids = [c for tr in focused.data if tr.meta and tr.meta[0] == "hover" for c in tr.customdata]
    expected = df.filter((pl.col("fr_place_id") == nice) | (pl.col("partner_place_id") == nice))
    assert sorted(mids) == sorted("link:" + i for i in expected["partnership_id"])
    assert "Nice" in focused.layout.title.text
    labelled = [tr for tr in focused.data if tr.meta and tr.meta[:2] == ("places", "labelled")]
    assert nice in labelled[0].customdata and "Nice" in labelled[0].text


def test_the_most_connected_places_are_labelled_in_the_pages_language(con):
    df = queries.partnerships(con, Filters())
    fr = link_map.link_map_figure(df, "fr")
    (labelled,) = [tr for tr in fr.data if tr.meta and tr.meta[:2] == ("places", "labelled")]
    assert len(labelled.text) == link_map.LABELLED and "Saint-Pétersbourg" in labelled.text
    everything = json.dumps(fr.to_plotly_json(), default=str)
    assert "Dunkerque" in everything and "Dunkirk" not in everything
    en = json.dumps(link_map.link_map_figure(df, "en").to_plotly_json(), default=str)
    assert "Saint Petersburg" in en


def test_great_circle_midpoint_lies_on_the_arc():
    lat, lon = link_map.great_circle_midpoint(0, 0, 0, 90)
    assert (round(lat, 6), round(lon, 6)) == (0, 45)
    from geopy.distance import great_circle

    paris, moscow = (48.85, 2.35), (55.75, 37.62)
    mid = link_map.great_circle_midpoint(*paris, *moscow)
    half, whole = great_circle(paris, mid).km, great_circle(paris, moscow).km
    assert abs(great_circle(mid, moscow).km - half) < 0.5 and abs(2 * half - whole) < 0.5


def test_the_midpoints_of_many_arcs_are_each_arcs_midpoint():

    ends = [(48.85, 2.35, 55.75, 37.62), (0, 0, 0, 90), (43.3, 5.4, 43.1, 131.9), (-33.9, 151.2, 35.7, 139.7)]
    frame = pl.DataFrame(ends, schema=["fr_lat", "fr_lon", "partner_lat", "partner_lon"], orient="row")
    lats, lons = link_map.arcs_points(frame, 2)  # what the grouped map's hover markers use
    for row, lat, lon in zip(ends, lats[:, 1], lons[:, 1], strict=True):
        assert (lat, lon) == pytest.approx(link_map.great_circle_midpoint(*row), abs=1e-9)


def test_document_text_in_hover_labels_is_escaped():
    df = pl.DataFrame({
        "fr_place_fr": ["<b>Nice</b>"], "partner_place_fr": ["Pskov & co"], "fr_lat": [43.7], "fr_lon": [7.27],
        "partner_lat": [57.8], "partner_lon": [28.3], "kind": ["twinning"], "since_year": [1976],
        "n_events": [1], "themes": [["culture"]], "fr_place_id": ["a"], "partner_place_id": ["b"],
        "partnership_id": ["p1"], "status": ["signed"],
    })  # fmt: skip
    fig = link_map.link_map_figure(df)
    texts = [t for tr in fig.data if tr.text is not None for t in tr.text]
    assert any("&lt;b&gt;Nice&lt;/b&gt; – Pskov &amp; co" in t for t in texts)
    assert not any("<b>Nice" in t for t in texts)


def test_every_country_gets_one_colour_everywhere_and_france_its_own():
    codes = ["CN", "MA", "SN", "DE", "BR", "RU", "JP"]
    assert [charts.country_color(c) for c in codes] == [charts.country_color(c) for c in codes]
    assert all(charts.country_color(c) in charts.COUNTRY_PALETTE for c in codes)
    assert (
        charts.country_color("FR") not in charts.COUNTRY_PALETTE and charts.country_color(None) == charts.NO_THEME_COLOR
    )


def test_the_world_map_counts_listings_per_country_and_clicks_through():
    df = pl.DataFrame({"partner_country": ["CN", "SN", "ZZ"], "listings": [5, 2, 9]})
    fig = charts.world_figure(df, "en")
    tr = fig.data[0]
    assert list(tr.locations) == ["CHN", "SEN"] and list(tr.z) == [5, 2]  # an unknown code is not drawn
    assert list(tr.customdata) == ["CN", "SN"] and tr.locationmode == "ISO-3"
    assert "2 countries" in fig.layout.title.text


def test_a_new_countrys_choropleth_draws_its_units_and_says_what_is_off_the_map():
    df = pl.DataFrame({"region": ["CN-GD", "CN-HB"], "listings": [3, 1]})
    fig = charts.choropleth_figure(df, "CN", "fr")
    assert len(fig.data[0].locations) == 31 and "province" in fig.layout.title.text
    assert dict(zip(fig.data[0].locations, fig.data[0].z, strict=True))["CN-GD"] == 3
    shapeless = pl.DataFrame({"region": ["CD-HK", "CD-KN"], "listings": [4, 1]})  # Haut-Katanga (2015): no outline
    title = charts.choropleth_figure(shapeless, "CD", "en").layout.title.text
    assert "4 off the map" in title


def test_outlines_approximated_from_towns_are_drawn_and_said_so():
    """Morocco's regions of 2015 postdate Natural Earth's outlines: drawn from their towns, said
    in the title and in each one's hover text."""
    df = pl.DataFrame({"region": ["MA-06", "MA-02"], "listings": [4, 1]})  # Casablanca-Settat
    fig = charts.choropleth_figure(df, "MA", "en")
    z = dict(zip(fig.data[0].locations, fig.data[0].z, strict=True))
    assert z["MA-06"] == 4 and "off the map" not in fig.layout.title.text
    assert "10 outlines approximated from their towns" in fig.layout.title.text
    text = dict(zip(fig.data[0].locations, fig.data[0].text, strict=True))
    assert "approximated" in text["MA-06"] and "approximated" not in text["MA-02"]  # Oriental: its own outline
    fr = charts.choropleth_figure(df, "MA", "fr").layout.title.text
    assert "10 contours approximatifs" in fr


def test_links_across_the_antimeridian_get_a_narrow_frame():
    across = pl.DataFrame({"fr_lat": [43.1], "fr_lon": [131.9], "partner_lat": [61.2], "partner_lon": [-149.9]})
    lat_min, lat_max, lon_min, lon_max = link_map.link_frame(across)
    assert lon_min == pytest.approx(131.9) and lon_max == pytest.approx(210.1) and lon_max - lon_min < 100
    assert link_map.out_of_frame(across, (lat_min - 1, lat_max + 1), (lon_min - 1, lon_max + 1)) == 0
    europe = pl.DataFrame({"fr_lat": [48.8], "fr_lon": [-4.5], "partner_lat": [55.7], "partner_lon": [37.6]})
    assert link_map.link_frame(europe)[2:] == pytest.approx((-4.5, 37.6))
    world = pl.DataFrame({"fr_lat": [48.8, 48.8], "fr_lon": [2.3, 2.3], "partner_lat": [-33.9, 35.7],
                          "partner_lon": [-70.6, 139.7]})  # fmt: skip
    assert link_map.link_frame(world) is None  # wider than 200°: the whole world


def test_the_matrix_on_a_phone_has_the_regions_as_rows_and_every_column_labelled():
    import polars as pl

    from dashboard import charts

    regions = pl.DataFrame({"region": ["FR-IDF", "FR-OCC"], "name_fr": ["Île-de-France", "Occitanie"],
                            "name_en": ["Île-de-France", "Occitanie"], "listings": [3, 1]})  # fmt: skip
    df = pl.DataFrame({"region": ["FR-IDF", "FR-OCC"], "theme": ["sport", "culture"], "listings": [3, 1]})
    wide, narrow = charts.matrix_figure(df, regions), charts.matrix_figure(df, regions, narrow=True)
    assert list(wide.data[0].x) == list(narrow.data[0].y) == ["Île-de-France", "Occitanie"]
    assert list(wide.data[0].y) == list(narrow.data[0].x)
    cell = {
        (y, x): narrow.data[0].z[i][j] for i, y in enumerate(narrow.data[0].y) for j, x in enumerate(narrow.data[0].x)
    }
    sport, culture = charts.theme_label("sport"), charts.theme_label("culture")
    assert cell[("Île-de-France", sport)] == 3 and cell[("Occitanie", culture)] == 1 and cell[("Occitanie", sport)] == 0
    assert narrow.layout.xaxis.dtick == 1 and narrow.layout.yaxis.dtick == 1  # every label drawn


def test_a_dated_axis_writes_at_most_so_many_years():
    """The timeline's years per tick: the smallest of 1, 2, 5, 10, 20, 50… keeping the ticks to
    16 on a page and 6 on a phone."""
    import polars as pl

    from dashboard import charts

    steps = [1, 2, 5, 10, 20, 50, 100]
    for first, last, most in [(2006, 2030, 6), (2006, 2030, 16), (2020, 2025, 6), (1950, 2030, 6), (2021, 2021, 6)]:
        step = charts.count_step(last - first, most - 1)
        assert step == [s for s in steps if (last - first) / s + 1 <= most][0], (first, last, most, step)
    editions = pl.DataFrame({"partner_country": ["RU", "JP"], "catalogue_year": [2006, 2030], "listings": [10, 20],
                             "title": ["a", "b"]})  # fmt: skip
    meetings = pl.DataFrame(schema={"partner_country": pl.String, "kind": pl.String})
    page, phone = charts.timeline_figure(meetings, editions), charts.timeline_figure(meetings, editions, narrow=True)
    assert page.layout.xaxis.dtick == "M24" and phone.layout.xaxis.dtick == "M60"


def test_a_choropleth_is_framed_on_the_outlines_it_draws_but_not_on_far_islands():
    """The reference's box of a country can stop short of its outlines (Brazil's eastern coast at
    34.8° W, South Korea's Jeju at 33.2° N): the frame reaches them; it never stretches to an island
    far off (Trindade, 29° W; Hawaii for the United States)."""
    empty = pl.DataFrame({"region": [], "listings": []}, schema={"region": pl.Utf8, "listings": pl.Int64})
    brazil = charts.choropleth_figure(empty, "BR").layout.geo
    assert brazil.lonaxis.range[1] > -34.8 and brazil.lonaxis.range[1] < -31.0
    korea = charts.choropleth_figure(empty, "KR").layout.geo
    assert korea.lataxis.range[0] < 33.2
    us = charts.choropleth_figure(empty, "US").layout.geo
    assert us.lataxis.range[0] > 18.0  # Hawaii's Big Island (18.9° N) stays off the frame's edge
