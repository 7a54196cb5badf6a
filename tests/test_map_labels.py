"""Where a link map puts its places and names: apart, never one name over another, never cut."""

from __future__ import annotations

import math
import random

import duckdb
import pytest

from dashboard import link_map, map_labels, queries
from dashboard.filters import Filters

EUROPE = dict(lataxis=dict(range=[40.0, 60.0]), lonaxis=dict(range=[-5.0, 40.0]), projection=dict(type="mercator"))
WIDE = dict(lataxis=dict(range=[30.0, 72.0]), lonaxis=dict(range=[-12.0, 148.0]),
            projection=dict(type="conic equal area", rotation=dict(lon=68.0, lat=0), parallels=[45.0, 58.0]))  # fmt: skip


@pytest.mark.parametrize("geo", [EUROPE, WIDE])
def test_places_on_one_spot_are_spread_apart_and_others_stay(geo):
    project = map_labels.projector(geo, 560, 300)
    bordeaux, gironde, moscow = (44.84, -0.58), (44.84, -0.58), (55.75, 37.62)
    spots = map_labels.spread([bordeaux, gironde, moscow], project)
    a, b = (project(*p) for p in spots[:2])
    assert map_labels.SAME_SPOT <= math.dist(a, b) <= 2 * map_labels.SPREAD + 1  # two click targets, side by side
    assert spots[2] == moscow


@pytest.mark.parametrize("geo", [EUROPE, WIDE])
@pytest.mark.parametrize("width", [560, link_map.PHONE_PLOT[0]])
def test_names_never_overlap_nor_cover_a_marker_and_turn_inwards_at_the_edges(geo, width):
    project = map_labels.projector(geo, width, 300)
    points = [(45.75, 4.85), (45.5, 4.5), (48.58, 7.75), (43.6, 1.44), (43.61, 3.88), (43.34, 3.22), (55.75, 37.62),
              (45.76, 4.84), (45.2, 5.7)]  # fmt: skip
    names = ["Lyon", "Auvergne-Rhône-Alpes", "Strasbourg", "Toulouse", "Montpellier", "Béziers", "Moscou",
             "Villeurbanne", "Grenoble"]  # fmt: skip
    points = map_labels.spread(points, project)  # as the map does: a marker apart from another
    chosen = map_labels.place_names(points, names, project, width, most=12)
    assert 0 in chosen and 0 < len(chosen) < len(names)  # the first comes first; not every name fits
    boxes = []
    for i, position in chosen.items():
        x, y = project(*points[i])
        (box,) = [b for p, b in map_labels._candidates(x, y, map_labels.CHAR * len(names[i])) if p == position]
        assert not any(box[0] - map_labels.MARKER < mx < box[2] + map_labels.MARKER
                       and box[1] - map_labels.MARKER < my < box[3] + map_labels.MARKER
                       for k, (mx, my) in enumerate(project(*q) for q in points) if k != i)  # fmt: skip
        boxes.append(box)
    for k, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= width  # inside the frame, not cut
        for b in boxes[k + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    corner = (geo["lataxis"]["range"][0] + 0.5, geo["lonaxis"]["range"][0] + 0.1)  # the frame's left edge
    assert map_labels.place_names([corner], ["Landerneau-sur-Mer"], project, width, most=1) == {0: "middle right"}


def test_the_2021_maps_markers_are_one_per_place_and_its_names_apart(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    df = queries.map_links(con, Filters(), link_map.LAYERS)
    con.close()
    fig = link_map.link_map_figure(df, "fr", color_by="kind")
    places = [tr for tr in fig.data if tr.meta and tr.meta[0] == "places"]
    ids = [i for tr in places for i in tr.customdata]
    spots = {(round(la, 4), round(lo, 4)) for tr in places for la, lo in zip(tr.lat, tr.lon, strict=True)}
    assert len(ids) == len(set(ids)) == len(spots)  # every place its own spot (Bordeaux apart from Gironde)
    (named,) = [tr for tr in places if tr.meta[1] == "labelled"]
    assert 4 <= len(named.text) <= link_map.LABELLED
    phone = link_map.link_map_figure(df, "fr", color_by="kind", plot=link_map.PHONE_PLOT)
    (small,) = [tr for tr in phone.data if tr.meta and tr.meta[:2] == ("places", "labelled")]
    assert 4 <= len(small.text) and set(small.text) != set(named.text)  # names placed for the phone's own size
    # on a phone the legend is whole in the figure's foot (not a scroll box over half of it)
    entries = sum(1 for tr in phone.data if tr.showlegend is not False and tr.name)
    assert entries >= 5 and phone.layout.legend.maxheight == link_map.LEGEND_ROW_PX * entries
    assert phone.layout.margin.b >= phone.layout.legend.maxheight and fig.layout.legend.maxheight is None
    assert phone.layout.height - phone.layout.margin.t - phone.layout.margin.b >= link_map.PHONE_PLOT[1]


def test_the_legend_shows_only_the_themes_the_filter_keeps(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    f = Filters(themes=("culture",))
    df = queries.map_links(con, f, link_map.LAYERS)
    con.close()
    assert any(len(set(themes) - {"culture"}) for themes in df["themes"].to_list())  # links of several themes
    legend = {tr.legendgroup for tr in link_map.link_map_figure(df, "en", themes=f.themes).data
              if tr.showlegend is not False and tr.meta and tr.meta[0] != "legend" and tr.mode == "lines"}  # fmt: skip
    assert legend == {"culture"}
    unfiltered = {tr.legendgroup for tr in link_map.link_map_figure(df, "en").data if tr.mode == "lines" and tr.meta
                  and tr.meta[0] != "legend"}  # fmt: skip
    assert len(unfiltered) > 1  # without the filter's themes, every theme of those links


def test_a_legend_keeps_the_commas_of_a_themes_name(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    df = queries.map_links(con, Filters(), link_map.LAYERS)
    con.close()
    names = {tr.name for tr in link_map.link_map_figure(df, "fr").data if tr.name}
    assert any(n.startswith("Économie, tourisme (") for n in names), names


def _names_by_every_marker(points, names, project, width, most):
    """place_names as first written: each of a name's spots checked against every marker (the
    reference the search by squares must agree with)."""
    boxes, chosen = [], {}
    markers = [project(lat, lon) for lat, lon in points]
    for i, name in enumerate(names):
        if len(chosen) >= most or not name:
            continue
        x, y = markers[i]
        for position, box in map_labels._candidates(x, y, map_labels.CHAR * len(name)):
            m = map_labels.MARKER
            if box[0] < 0 or box[2] > width or box[1] < 0:
                continue
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                continue
            if any(box[0] - m < mx < box[2] + m and box[1] - m < my < box[3] + m
                   for k, (mx, my) in enumerate(markers) if k != i):  # fmt: skip
                continue
            boxes.append(box)
            chosen[i] = position
            break
    return chosen


@pytest.mark.parametrize("seed", range(6))
def test_names_placed_by_nearby_markers_as_by_every_marker(seed):
    """The markers looked up by squares (map_labels._near) give the names and spots that checking
    every marker gives: crowded and sparse maps, places on one spot, on the squares' edges, off
    the frame (negative coordinates), with and without names."""
    rng = random.Random(seed)
    project = map_labels.projector(WIDE if seed % 2 else EUROPE, 560, 300)
    n = rng.choice([3, 40, 400, 1200])
    points = [(rng.uniform(25.0, 75.0), rng.uniform(-30.0, 160.0)) for _ in range(n)]
    if seed % 3 == 0:  # whole degrees: many places on one spot and on the same lines
        points = [(round(lat), round(lon)) for lat, lon in points]
    names = [rng.choice(["", "Nice", "Saint-Pétersbourg", "Oblast de Kalouga", "Ō"]) for _ in range(n)]
    for most in (1, 12, 60):
        expected = _names_by_every_marker(points, names, project, 560, most)
        assert map_labels.place_names(points, names, project, 560, most) == expected
        assert expected  # names placed: not two empty answers compared
