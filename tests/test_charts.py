"""Chart builders: same colour per theme everywhere, all regions drawn, links in few traces,
document text escaped in hover labels."""

from __future__ import annotations

import polars as pl

from dashboard import charts, queries
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
    links = charts.link_map_figure(queries.partnerships(con, f))
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


def test_links_are_few_traces_separated_by_none(con):
    df = queries.partnerships(con, Filters())
    fig = charts.link_map_figure(df)
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(lines) < len(df) / 3
    assert sum(list(tr.lat).count(None) for tr in lines) == len(df)
    world = charts.link_map_figure(df, view="world", color_by="kind")
    assert {tr.name for tr in world.data if tr.mode == "lines"} >= {
        "Jumelage",
        "Lien par événement",
    }


def test_great_circle_midpoint_lies_on_the_arc():
    lat, lon = charts.great_circle_midpoint(0, 0, 0, 90)
    assert (round(lat, 6), round(lon, 6)) == (0, 45)
    from geopy.distance import great_circle

    paris, moscow = (48.85, 2.35), (55.75, 37.62)
    mid = charts.great_circle_midpoint(*paris, *moscow)
    half, whole = great_circle(paris, mid).km, great_circle(paris, moscow).km
    assert abs(great_circle(mid, moscow).km - half) < 0.5 and abs(2 * half - whole) < 0.5


def test_document_text_in_hover_labels_is_escaped():
    df = pl.DataFrame({
        "fr_place_fr": ["<b>Nice</b>"], "partner_place_fr": ["Pskov & co"], "fr_lat": [43.7], "fr_lon": [7.27],
        "partner_lat": [57.8], "partner_lon": [28.3], "kind": ["twinning"], "since_year": [1976],
        "n_events": [1], "themes": [["culture"]],
    })  # fmt: skip
    fig = charts.link_map_figure(df)
    texts = [t for tr in fig.data if tr.text is not None for t in tr.text]
    assert any("&lt;b&gt;Nice&lt;/b&gt; – Pskov &amp; co" in t for t in texts)
    assert not any("<b>Nice" in t for t in texts)
