"""Several catalogues loaded together (2021 Russia FR+EN, 2023 Russia, 2024 Japan FR+EN): every
page and figure is right for any combination of year and country (AppTest against direct SQL)."""

from __future__ import annotations

import pytest

from tests.conftest import app_factory, chart_specs, metrics

COMBINATIONS = [{}, {"year": "2021"}, {"year": "2024"}, {"country": "RU"}, {"country": "JP"},
                {"year": "2023", "country": "RU"}, {"year": "2021,2024"}, {"year": "2024", "country": "JP"}]  # fmt: skip


@pytest.fixture
def app(editions_db, monkeypatch):
    return app_factory(editions_db, monkeypatch)


def where(params: dict) -> str:
    clauses = ["TRUE"]
    if "year" in params:
        clauses.append(f"catalogue_year IN ({params['year']})")
    if "country" in params:
        clauses.append(f"partner_country = '{params['country']}'")
    return " AND ".join(clauses)


@pytest.mark.parametrize("params", COMBINATIONS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_figures_match_sql_for_any_year_and_country(app, econ, params):
    at = app(**params)
    assert not at.exception, at.exception
    w = where(params)
    listings, activities, fr_regions = econ.sql(
        f"SELECT count(*), count(DISTINCT activity_id), count(DISTINCT fr_region) FROM events WHERE {w}"
    ).fetchall()[0]
    partner = econ.sql(
        f"SELECT count(DISTINCT region_code) FROM event_regions JOIN events USING (event_id) WHERE {w}"
    ).fetchall()[0][0]
    m = metrics(at)
    assert (m["Événements"], m["Activités distinctes"], m["Régions françaises"]) == (
        str(listings),
        str(activities),
        str(fr_regions),
    )
    partner_label = next(k for k in m if k.endswith("partenaires") and k != "Acteurs français")
    assert m[partner_label] == str(partner)
    expected_label = {"JP": "Préfectures partenaires", "RU": "Sujets fédéraux partenaires"}.get(params.get("country"))
    if expected_label:
        assert partner_label == expected_label
    titles = [s["layout"]["title"]["text"].split("<br>")[0] for s in chart_specs(at)]
    theme_bar = next(
        s for s in chart_specs(at) if s["layout"]["title"]["text"].split("<br>")[0] == "Événements par thème"
    )
    by_theme = dict(econ.sql(f"SELECT theme, count(*) FROM events WHERE {w} GROUP BY 1").fetchall())
    assert {
        k: v for k, v in zip(theme_bar["data"][0]["customdata"], theme_bar["data"][0]["x"], strict=True) if v
    } == by_theme
    countries = {c for (c,) in econ.sql(f"SELECT DISTINCT partner_country FROM events WHERE {w}").fetchall()}
    maps = {t.split(" :")[0] for t in titles if "événements par" in t and " : " in t}
    assert maps == {"France"} | {{"RU": "Russie", "JP": "Japon"}[c] for c in countries}


def test_semesters_carry_their_year_and_charts_stay_readable(app, econ):
    at = app()
    semester = next(
        s
        for s in chart_specs(at)
        if s["layout"]["title"]["text"].split("<br>")[0] == "Événements par semestre et thème"
    )
    labels = set(semester["data"][0]["x"])
    assert {"S1 2021", "S2 2021", "S1 2024", "S2 2024", "S1 2023"} <= labels
    partner = next(
        s for s in chart_specs(at) if s["layout"]["title"]["text"].startswith("Événements par subdivision partenaire")
    )
    bars = partner["data"][0]
    n_regions = econ.sql("SELECT count(DISTINCT region_code) FROM event_regions").fetchall()[0][0]
    assert len(bars["y"]) == 16 and n_regions > 16 and bars["y"][-1].endswith("autres")  # 15 + others
    assert sum(bars["x"]) == econ.sql("SELECT count(*) FROM event_regions").fetchall()[0][0]
    assert partner["layout"]["xaxis"]["tickformat"] == "d"  # counts are integers
    editions = next(
        s
        for s in chart_specs(at)
        if s["layout"]["title"]["text"].split("<br>")[0] == "Événements par édition du catalogue"
    )
    assert editions["data"][0]["x"] == ["2021 · Russie", "2023 · Russie", "2024 · Japon"] and editions["data"][0][
        "y"
    ] == [77, 10, 18]


def test_titles_come_from_the_loaded_sources(app):
    at = app(country="JP", lang="en")
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # escaped: shown as text, never Markdown
    assert "Franco-Japanese decentralized cooperation actions 2024" in captions and "Russian" not in captions


def test_the_map_frames_every_link_including_japan(app, econ):
    at = app("app_pages/map_links.py", country="JP")
    (spec,) = chart_specs(at)
    geo = spec["layout"]["geo"]
    lat, lon = geo["lataxis"]["range"], geo["lonaxis"]["range"]
    points = econ.sql("""SELECT fr_lat, fr_lon, partner_lat, partner_lon FROM partnerships
                         WHERE partner_country = 'JP' AND fr_lat IS NOT NULL AND partner_lat IS NOT NULL""").fetchall()
    assert points and all(lat[0] <= a <= lat[1] and lon[0] <= b <= lon[1] for p in points for a, b in (p[:2], p[2:]))
    assert "hors du cadre" not in spec["layout"]["title"]["text"]


@pytest.mark.parametrize("params", [{}, {"country": "JP"}, {"year": "2021"}])
def test_the_timeline_shows_the_meetings_of_the_reports(app, econ, params):
    at = app("app_pages/timeline.py", **params)
    assert not at.exception
    table = at.dataframe[0].value
    w = ["TRUE"]
    if "country" in params:
        w.append(f"partner_country = '{params['country']}'")
    if "year" in params:
        w.append(f"year = {params['year']}")
    assert len(table) == econ.sql(f"SELECT count(*) FROM meetings WHERE {' AND '.join(w)}").fetchall()[0][0] > 0


@pytest.mark.parametrize(
    "page", ["app_pages/events.py", "app_pages/partnerships.py", "app_pages/quality.py", "app_pages/about.py"]
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_renders_with_several_editions(app, page, lang):
    at = app(page, lang=lang, country="JP", year="2024")
    assert not at.exception, at.exception


def test_briefing_cli_for_one_edition(editions_db, econ, tmp_path):
    from pypdf import PdfReader

    from dashboard.__main__ import main

    out = tmp_path / "note.pdf"
    assert main(["briefing", "--db", str(editions_db), "--out", str(out), "--country", "JP", "--year", "2024"]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    flat = " ".join(text.split())
    assert "Catalogue des actions de coopération décentralisée franco-japonaise 2024" in flat
    assert "franco-russe" not in flat.lower() and "catalogue_2021" not in flat  # that edition only
    listings = econ.sql(
        "SELECT count(*) FROM events WHERE partner_country = 'JP' AND catalogue_year = 2024"
    ).fetchall()[0][0]
    assert (
        "Préfectures partenaires" in flat and str(listings) in flat.split("Chiffres clés")[-1][:400]
    )  # after the heading, not the contents
    assert main(["briefing", "--db", str(editions_db), "--out", str(out), "--year", "1999"]) == 2  # unknown: refused
