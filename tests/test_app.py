"""AppTest: every page renders; every filter changes the figures as the database says."""

from __future__ import annotations

import json

import pytest

from dashboard import queries
from dashboard.filters import Filters
from tests.conftest import app_factory, chart_specs, metrics, seen

PAGES = ["app_pages/overview.py", "app_pages/map_links.py", "app_pages/events.py",
         "app_pages/partnerships.py", "app_pages/quality.py", "app_pages/about.py"]  # fmt: skip


@pytest.fixture
def app(built_db, monkeypatch):
    return app_factory(built_db, monkeypatch)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_renders_in_both_languages(app, page, lang):
    at = app(page, lang=lang)
    assert not at.exception, at.exception
    expected = {"overview": ("Observatoire de la coopération décentralisée", "Decentralized Cooperation Observatory"),
                "map_links": ("Carte", "Map"), "events": ("Événements", "Events"),
                "partnerships": ("Partenariats", "Partnerships"), "quality": ("Qualité des données", "Data quality"),
                "about": ("À propos", "About")}[page.split("/")[1][:-3]]  # fmt: skip
    assert at.title[0].value == expected[lang == "en"]


def test_overview_figures_for_the_whole_catalogue(app, con):
    at = app()
    m = metrics(at)
    assert m["Événements"] == "77" and m["Activités distinctes"] == "74" and m["Jumelages"] == "12"
    theme_bar = next(
        s for s in chart_specs(at) if s["layout"]["title"]["text"].split("<br>")[0] == "Événements par thème"
    )
    assert dict(zip(theme_bar["data"][0]["customdata"], theme_bar["data"][0]["x"], strict=True)) == dict(
        con.sql("SELECT theme, count(*) FROM events GROUP BY 1").fetchall()
    )


def test_the_twinnings_count_says_what_it_covers(app, con):
    by_country = dict(con.sql("SELECT partner_country, count(*) FROM partnerships WHERE kind = 'twinning' "
                              "GROUP BY 1").fetchall())  # fmt: skip
    at = app()
    scope = next(c.value for c in at.caption if seen(c.value).startswith("Jumelages :"))
    assert len(by_country) > 1 and "toutes éditions" in seen(scope)
    names = {"RU": "Russie", "JP": "Japon"}
    for code, n in by_country.items():  # a total mixing countries says how many each
        assert f"{names[code]} {n}" in seen(scope)
    assert int(metrics(at)["Jumelages"]) == sum(by_country.values())
    edition = app(year="2021", lang="en", country="RU")
    scope = next(c.value for c in edition.caption if seen(c.value).startswith("Twin links:"))
    assert "chosen editions" in seen(scope) and "Japan" not in seen(scope)


FILTER_CASES = [  # widget, URL key, value, the same selection in plain SQL
    ("w_theme", "theme", ["culture"], "theme = 'culture'"),
    ("w_semester", "semester", ["S2"], "semester = 'S2'"),
    ("w_fr_region", "fr_region", ["FR-PAC"], "fr_region = 'FR-PAC'"),
    ("w_partner_region", "partner_region", ["RU-MOW"],
     "event_id IN (SELECT event_id FROM event_regions WHERE region_code = 'RU-MOW')"),
    ("w_country", "country", ["RU"], "partner_country = 'RU'"),
    ("w_actor_kind", "actor_kind", ["state"], "fr_actor_kind = 'state'"),
]  # fmt: skip


@pytest.mark.parametrize(("widget", "param", "values", "sql"), FILTER_CASES)
def test_each_sidebar_filter_changes_the_figures_as_sql_says(app, con, widget, param, values, sql):
    at = app()
    before = metrics(at)
    at.multiselect(key=widget).set_value(values).run()
    assert not at.exception
    listings, activities, regions = con.sql(
        f"SELECT count(*), count(DISTINCT activity_id), count(DISTINCT fr_region) FROM events WHERE {sql}"
    ).fetchall()[0]
    m = metrics(at)
    assert (m["Événements"], m["Activités distinctes"], m["Régions françaises"]) == (
        str(listings), str(activities), str(regions))  # fmt: skip
    assert m != before or listings == 77
    assert at.query_params[param] in (",".join(values), [",".join(values)])  # the state is in the URL


def test_search_and_reset(app, con):
    at = app()
    at.text_input(key="w_q").set_value("Avignon").run()
    assert metrics(at)["Événements"] == str(queries.key_figures(con, Filters(search="Avignon"))["listings"]) == "3"
    at.button[0].click().run()
    assert metrics(at)["Événements"] == "77" and not at.query_params.get("q")


def test_filters_from_a_shared_link_and_unknown_values(app, con):
    at = app(theme="culture,bogus", fr_region="FR-PAC")
    expected = queries.key_figures(con, Filters(themes=("culture",), fr_regions=("FR-PAC",)))["listings"]
    assert metrics(at)["Événements"] == str(expected) == "7"
    assert "theme=bogus" in seen(at.warning[0].value)  # shown as text: Markdown escaped
    assert at.multiselect(key="w_theme").value == ["culture"]


def test_empty_selection_shows_a_message_not_empty_axes(app):
    at = app(theme="sport", fr_region="FR-IDF")
    assert any("Aucun événement" in i.value for i in at.info)
    assert not chart_specs(at)


def test_a_listing_without_a_link_gets_a_links_message_on_the_map_and_partnerships(app, con):
    """Kazan has a listing (no French place, so no link): the map and the Partnerships page say
    that no link matches, not that no listing does."""
    assert queries.key_figures(con, Filters(search="Kazan"))["listings"] == 1
    for page in ("app_pages/map_links.py", "app_pages/partnerships.py"):
        at = app(page, q="Kazan")
        assert [i.value for i in at.info if "Aucun" in i.value][0].startswith("Aucun lien"), page
        assert not chart_specs(at)


def test_language_switch_translates_labels_and_listings(app):
    at = app("app_pages/events.py", lang="en")
    assert at.title[0].value == "Events"
    assert "Continuing cooperation on tourism and gastronomy programmes" in at.dataframe[0].value["Title"].tolist()


def test_map_page_draws_links_in_few_traces(app):
    at = app("app_pages/map_links.py", theme="partnerships")
    (spec,) = chart_specs(at)
    lines = [tr for tr in spec["data"] if tr.get("mode") == "lines"]
    # bounded by (theme, kind) pairs plus one legend line per kind, whatever the number of links
    from dashboard.link_map import KIND_STYLE
    from etl.vocab import THEMES

    assert 0 < len(lines) <= (len(THEMES) + 1) * len(KIND_STYLE) and any(None in tr["lat"] for tr in lines)


def test_event_detail_shows_the_source_lines(app):
    at = app("app_pages/events.py", q="Hérouville")
    texts = " ".join(t.value for t in at.text)
    assert "42 │" in texts and "44 │" in texts  # the listing and its continuation after the page break


def test_download_buttons_have_descriptive_names_and_explain_missing_chromium(app, monkeypatch):
    from dashboard import exports

    monkeypatch.setitem(exports._state, "browser", "")
    at = app(theme="culture", fr_region="FR-OCC")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert "Télécharger la note (PDF)" in buttons  # the briefing, in the sidebar
    pngs = [b.proto for b in at.get("download_button") if b.proto.label == "Image PNG (2×)"]
    assert pngs and all(p.disabled for p in pngs)
    htmls = [b.proto for b in at.get("download_button") if b.proto.label == "Page HTML interactive"]
    assert htmls and not any(h.disabled for h in htmls)
    assert any("pas de Chromium" in c.value for c in at.caption)


def test_xlsx_is_offered_only_when_a_worksheet_holds_every_row(app, monkeypatch):
    """More listings than an Excel sheet's rows: XLSX is disabled and says why; CSV and Parquet stay."""
    from dashboard import ui

    def buttons(at):
        return {b.proto.label: b.proto for b in at.get("download_button")}

    shown = buttons(app("app_pages/events.py"))
    assert not shown["XLSX"].disabled and not shown["CSV"].disabled
    monkeypatch.setattr(ui, "XLSX_ROWS", 76)  # the build has 77 listings
    shown = buttons(app("app_pages/events.py"))
    assert shown["XLSX"].disabled and "au plus 76 lignes" in shown["XLSX"].help
    assert not shown["CSV"].disabled and not shown["Parquet"].disabled
    assert not buttons(app("app_pages/events.py", theme="culture"))["XLSX"].disabled  # fewer once filtered


@pytest.mark.parametrize("route", [None, "api/download"], ids=["buttons", "route"])
def test_partnerships_xlsx_is_offered_only_when_a_worksheet_holds_every_link(app, built_db, monkeypatch, route):
    """The links' XLSX as the listings' (buttons, or links to the streaming route): disabled past
    a worksheet's rows, saying why; CSV and Parquet stay."""
    import duckdb

    from dashboard import queries, ui
    from dashboard.filters import Filters
    from dashboard.settings import DOWNLOAD_ROUTE_ENV

    if route:
        monkeypatch.setenv(DOWNLOAD_ROUTE_ENV, route)
    with duckdb.connect(str(built_db), read_only=True) as con:
        total = queries.link_counts(con, Filters())["total"]

    def buttons(rows: int):
        monkeypatch.setattr(ui, "XLSX_ROWS", rows)
        at = app("app_pages/partnerships.py")
        return {b.proto.label: b.proto for b in at.get("link_button" if route else "download_button")}

    assert not buttons(total)["XLSX"].disabled
    shown = buttons(total - 1)
    assert shown["XLSX"].disabled and f"au plus {total - 1} lignes" in shown["XLSX"].help
    assert not shown["CSV"].disabled and not shown["Parquet"].disabled


def test_under_the_streaming_server_table_downloads_link_to_its_route_with_the_pages_filters(app, monkeypatch):
    """dashboard/serve.py sets the route: the Events and Partnerships pages link their CSV, XLSX
    and Parquet to it (the whole table, read a batch at a time)."""
    from urllib.parse import parse_qs, urlsplit

    from dashboard.settings import DOWNLOAD_ROUTE_ENV

    monkeypatch.setenv(DOWNLOAD_ROUTE_ENV, "api/download")
    for page, table in (("app_pages/events.py", "events"), ("app_pages/partnerships.py", "partnerships")):
        at = app(page, theme="culture", q="moscou", lang="en")
        links = {b.proto.label: urlsplit(b.proto.url) for b in at.get("link_button")}
        assert set(links) == {"CSV", "XLSX", "Parquet"}, page
        assert {k: v.path for k, v in links.items()} == {k: f"api/download/{table}.{k.lower()}" for k in links}
        query = parse_qs(links["CSV"].query)
        assert query["theme"] == ["culture"] and query["q"] == ["moscou"] and query["lang"] == ["en"], page
        assert query["file"][0].endswith("culture_moscou_2021"), query
        assert not {"CSV", "XLSX", "Parquet"} & {b.proto.label for b in at.get("download_button")}


def test_labels_follow_the_countries_of_the_listings(app):
    """Only Russian listings are loaded (a Japanese partnership from a report does not count)."""
    assert "Sujets fédéraux partenaires" in metrics(app())


def test_the_modules_are_frozen_once_per_process_not_at_every_run(app):
    """memory.freeze_imports: full collections skip the modules, but what sessions make stays
    collectable (a freeze at every run would keep every session's garbage for good)."""
    import gc

    app()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Streamlit, plotly, polars, DuckDB…
    made = [[i] for i in range(5_000)]  # tracked objects made after the freeze
    app("app_pages/events.py", theme="culture")
    assert gc.get_freeze_count() <= frozen and len(made) == 5_000  # frozen objects may die, none joined


def _component_payloads(at) -> list[dict]:
    drawn = [c for c in at.get("bidi_component") if c.proto.component_name == "observatoire_chart"]
    return [json.loads(c.proto.json) for c in drawn]


def test_an_app_run_sends_each_chart_as_the_figure_itself(app):
    """The Overview's charts reach the browser through the component, each the whole figure."""
    from dashboard import chart

    payloads = _component_payloads(app())
    assert all(p["src"] == chart.plotly_js() for p in payloads)  # plotly.js the app serves, fetched once
    assert [p for p in payloads if p.get("preload")] == [
        {"src": chart.plotly_js(), "preload": True, "topojson": chart.BASE_MAPS}
    ]
    payloads = [p for p in payloads if not p.get("preload")]
    assert len(payloads) >= 7 and not at_plotly(payloads)
    theme = next(p for p in payloads if "thème" in p["label"])
    assert theme["selectable"] and json.loads(theme["spec"])["data"][0]["type"] == "bar"


def at_plotly(payloads: list[dict]) -> list[dict]:
    """Payloads that are not whole figures (placeholders)."""
    return [p for p in payloads if "spec" not in p]


def test_the_charts_at_the_foot_are_built_once_the_reader_scrolls_to_them(app):
    """Until the reader has scrolled to the foot of the Overview, its matrix and maps are boxes
    of their height (nothing built, no Download menu); the browser's "seen" (the callback its
    trigger runs) builds them, from then on at every run of the session."""
    from dashboard import chart, charts

    at = app(read_down=False)
    payloads = [p for p in _component_payloads(at) if not p.get("preload")]
    boxes = at_plotly(payloads)
    drawn = [json.loads(p["spec"]) for p in payloads if "spec" in p]
    assert [b["height"] for b in boxes] == [charts.matrix_height(13), charts.MAP_HEIGHT, charts.MAP_HEIGHT]
    assert all(b["placeholder"] and b["label"] == "Graphique dessiné à l'affichage" for b in boxes)
    assert [d["data"][0]["type"] for d in drawn] == ["bar"] * 4  # themes, semesters, both regions' bars
    menus = len(at.get("popover"))
    assert menus == len(drawn)  # a Download menu per chart built, none for a box

    at.session_state[chart.SEEN] = {chart.FOOT}  # what the box's "seen" callback (chart._reached) sets
    at.run()
    payloads = [p for p in _component_payloads(at) if not p.get("preload")]
    assert not at_plotly(payloads) and len(payloads) == len(drawn) + len(boxes)
    kinds = [json.loads(p["spec"])["data"][0]["type"] for p in payloads]
    assert kinds.count("choropleth") == 2 and kinds.count("heatmap") == 1
    assert len(at.get("popover")) == len(payloads)


def test_a_click_on_a_map_region_with_no_listing_in_view_filters_nothing():
    """A region drawn at 0 (no listing under the filters) is no filter: clicked, it would empty
    every chart. A region with listings, known to the database, is one; an unknown code is not."""
    import polars as pl

    from dashboard.ui import clickable

    frame = pl.DataFrame({"region": ["FR-IDF", "FR-OCC", "FR-BRE"], "listings": [5, 0, 2]})
    vocab = ("FR-IDF", "FR-OCC", "FR-BRE")
    assert clickable(["FR-OCC"], frame, vocab) == []
    assert clickable(["FR-IDF", "FR-OCC", "FR-XXX"], frame, vocab) == ["FR-IDF"]
    assert clickable(["FR-BRE"], frame, ("FR-IDF",)) == []
    assert clickable(["FR-IDF"], frame.clear(), vocab) == []
