"""Place pages, search over places and links, and the map's view in the address (AppTest over
the 2021 build)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import app_factory, chart_specs, metrics, seen


@pytest.fixture
def app(built_db, monkeypatch):
    return app_factory(built_db, monkeypatch)


def _place_id(con, name: str) -> str:
    return con.sql("SELECT place_id FROM places WHERE name_fr = ? AND country = 'FR'", params=[name]).fetchall()[0][0]


def _page_links(at) -> dict[str, dict]:
    """Label → query parameters of every st.page_link of a run."""
    return {p.proto.label: dict(p.proto.query_string and _parse(p.proto.query_string)) for p in at.get("page_link")}


def _parse(query: str) -> dict:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(query))


def test_the_place_page_of_a_town_with_a_twinning_and_no_listing(app, con):
    besancon = _place_id(con, "Besançon")
    at = app("app_pages/place.py", place=besancon, year="2021")
    assert not at.exception
    assert at.header[0].value == "Besançon"
    figures = metrics(at)
    assert (figures["Partenariats déclarés"], figures["Événements"]) == ("1", "0")
    (table,) = [d.value for d in at.dataframe]
    row = table.iloc[0].to_dict()
    assert row["Partenaire"] == "Tver" and row["Type"] == "Jumelage" and row["Depuis"] == "1997"
    assert row["Citation"] == "Besançon, jumelée depuis 20 ans avec la ville de Tver"
    assert row["Document"].startswith("reports/cuf_groupe_pays_russie") and row["Lignes"] == 506
    assert row["Statut"] == "signé ou en vigueur selon le texte"
    assert any("Aucun événement" in i.value for i in at.info)
    # its counterpart's page is one click away, with the filters kept
    links = _page_links(at)
    tver = con.sql("SELECT partner_place_id FROM partnerships WHERE fr_place_id = ?", params=[besancon]).fetchall()[0][
        0
    ]
    assert links["Tver"] == {"place": tver, "year": "2021", "lang": "fr"}
    (spec,) = chart_specs(at)  # the small map: Besançon and Tver
    names = {n for tr in spec["data"] if tr.get("meta", [""])[0] == "places" for n in tr["text"]}
    assert names == {"Besançon", "Tver"}


def test_the_place_page_in_english_and_of_a_partner_region(app, con):
    at = app("app_pages/place.py", place="region:RU-STA", lang="en")
    assert not at.exception and at.header[0].value == "Stavropol Krai"
    assert "Ставропольский край" in " ".join(c.value for c in at.caption)
    tables = [d.value for d in at.dataframe]
    # the Béziers–Stavropol twinning is a link of a town in the region (one line, not two)
    (around,) = [x for x in tables if "French place" in x.columns]
    pairs = list(zip(around["French place"], around["Partner place"], around["Kind"], strict=True))
    assert ("Béziers", "Stavropol", "Twinning") in pairs
    assert not any(p[0] == "Béziers" and p[2] == "Link through listings" for p in pairs)


@pytest.mark.parametrize("region", ["region:FR-OCC", "region:RU-STA"])
def test_a_regions_counts_are_what_its_tables_list(app, region):
    at = app("app_pages/place.py", place=region, lang="en")
    assert not at.exception
    kinds = [k for d in at.dataframe if "Kind" in d.value.columns for k in d.value["Kind"]]
    shown = metrics(at)
    through = kinds.count("Link through listings")
    assert (int(shown["Stated partnerships"]), int(shown["Links through listings"])) == (len(kinds) - through, through)
    assert int(shown["Stated partnerships"]) > 0  # both regions have a town with a stated partnership
    if region == "region:FR-OCC":  # none in Occitanie's own name: said so, not "no partnership"
        assert [i.value for i in at.info][0].startswith("No partnership stated in the region's own name")


def test_an_unknown_place_says_so_and_offers_the_directory(app):
    at = app("app_pages/place.py", place="gn:0")
    assert not at.exception
    assert any("gn:0" in seen(w.value) for w in at.warning)
    assert at.text_input(key="place_q") is not None and at.get("page_link")


@pytest.mark.parametrize("spelling", ["Besançon", "besancon", "BESANCON", "Безансон"])
def test_search_finds_a_place_and_its_twinning_in_any_spelling(app, spelling):
    at = app("app_pages/partnerships.py", q=spelling)
    assert not at.exception
    places = [p.proto.label for p in at.get("page_link")]
    assert "Besançon" in places  # the sidebar lists the places found, each a link to its page
    (table,) = [d.value for d in at.dataframe]
    assert list(zip(table["Lieu français"], table["Lieu partenaire"], strict=True)) == [("Besançon", "Tver")]


def test_search_by_the_partner_spelling_of_either_language(app):
    fr = app("app_pages/partnerships.py", q="Iaroslavl")
    en = app("app_pages/partnerships.py", q="Yaroslavl", lang="en")
    assert ("Poitiers", "Iaroslavl") in set(zip(fr.dataframe[0].value["Lieu français"],
                                                 fr.dataframe[0].value["Lieu partenaire"], strict=True))  # fmt: skip
    assert ("Poitiers", "Yaroslavl") in set(zip(en.dataframe[0].value["French place"],
                                                 en.dataframe[0].value["Partner place"], strict=True))  # fmt: skip
    assert any(p.proto.label == "Yaroslavl" for p in en.get("page_link"))


def test_the_map_view_is_read_from_and_written_to_the_address(app, con):
    nice = _place_id(con, "Nice")
    at = app("app_pages/map_links.py", layers="stated", colour="kind", frame="world", focus=nice)
    assert not at.exception
    (spec,) = chart_specs(at)
    lines = [tr for tr in spec["data"] if tr.get("mode") == "lines" and tr["meta"][0] != "legend"]
    assert {tr["meta"][0] for tr in lines} == {"stated"}
    assert spec["layout"]["geo"]["projection"]["type"] == "natural earth"
    assert spec["layout"]["title"]["text"].startswith("Liens de Nice seulement")
    hover = [c for tr in spec["data"] if tr.get("meta", [""])[0] == "hover" for c in tr["customdata"]]
    stated = {f"link:{pid}" for (pid,) in con.execute(
        "SELECT partnership_id FROM partnerships WHERE kind <> 'event_link' AND ? IN (fr_place_id, partner_place_id)",
        [nice]).fetchall()}  # fmt: skip
    assert set(hover) == stated and "link:p001" in stated  # Nice – Saint-Pétersbourg, reviewed; and the extracted
    assert any(p.proto.label.startswith("Ouvrir la page du lieu") for p in at.get("page_link"))
    # a control changes the address, which keeps the rest of the view
    at.segmented_control(key="map_layers").set_value(["stated", "events"]).run()
    params = {k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
              for k in at.query_params}  # fmt: skip
    assert params["layers"] == "stated,events" and params["focus"] == nice and params["colour"] == "kind"
    (spec,) = chart_specs(at)
    assert {tr["meta"][0] for tr in spec["data"] if tr.get("mode") == "lines" and tr["meta"][0] != "legend"} == {
        "stated",
        "events",
    }
    at.button(key="map_unfocus").click().run()
    assert "focus" not in at.query_params


def test_unknown_view_values_fall_back_to_the_defaults(app):
    at = app("app_pages/map_links.py", layers="nonsense", colour="<b>x</b>", frame="moon", focus="gn:0")
    assert not at.exception
    (spec,) = chart_specs(at)
    layers = {tr["meta"][0] for tr in spec["data"] if tr.get("mode") == "lines" and tr["meta"][0] != "legend"}
    assert layers == {"stated", "events"}
    assert not spec["layout"]["title"]["text"].startswith("Liens de")


def test_every_chart_carries_its_filters_in_words_and_its_source(app):
    at = app(theme="culture", fr_region="FR-OCC")
    # each title's lines as one text (captions.with_context wraps them to a chart's width)
    titles = [" ".join(re.sub(r"<[^>]+>", "", line) for line in spec["layout"]["title"]["text"].split("<br>"))
              for spec in chart_specs(at)]  # fmt: skip
    assert titles and all("Thème : Coopération culturelle et éducative · Région française : Occitanie" in x
                          for x in titles)  # fmt: skip
    assert all("Source : catalogue 2021 (Russie) · base construite le " in x for x in titles)
    en = app("app_pages/map_links.py", lang="en")
    (spec,) = chart_specs(en)
    title = " ".join(re.sub(r"<[^>]+>", "", line) for line in spec["layout"]["title"]["text"].split("<br>"))
    assert "No filter: every loaded document." in title
    # the map draws links the country groups' reports state too (Japan's, Russia's): it names them
    assert "Source: catalogue 2021 (Russia), 2 reports (Japan, Russia) · database built on " in title
    (spec,) = chart_specs(app("app_pages/timeline.py"))  # the meetings the reports name
    title = " ".join(re.sub(r"<[^>]+>", "", line) for line in spec["layout"]["title"]["text"].split("<br>"))
    assert re.search(r"Source : catalogue 2021 \(Russie\), \d+ comptes? rendus? \(Japon, Russie\) ·", title)


def test_active_filters_show_as_chips_on_every_page(app):
    for page in (None, "app_pages/events.py", "app_pages/place.py"):
        at = app(page, theme="sport", q="<b>x</b>") if page else app(theme="sport", q="<b>x</b>")
        (chips,) = [g for g in at.get("button_group") if g.proto.label == "Filtres actifs :"]
        labels = [o.content for o in chips.proto.options]
        # text, never markup: Markdown characters of a search are escaped ("![](http://…)" fetches nothing)
        assert [seen(x) for x in labels] == ["✕ Thème : Sport", "✕ Recherche : « <b>x</b> »"]
        assert "\\<b\\>" in labels[1]  # escaped: shown as text
    assert not [g for g in app().get("button_group") if g.proto.label == "Filtres actifs :"]


def test_the_partnerships_table_says_where_each_relation_comes_from(app):
    fr = app("app_pages/partnerships.py").dataframe[0].value
    origins = set(fr["Origine"])
    assert {"lu dans le document, confirmé à la relecture", "ajouté à la relecture", "—"} <= origins
    en = app("app_pages/partnerships.py", lang="en").dataframe[0].value
    assert "read in the document, confirmed on review" in set(en["Origin"])


def test_places_sharing_a_name_are_told_apart_in_a_list(app):
    from dashboard.ui import distinct_names

    rows = [dict(name_fr="Saint-Pétersbourg", name_en="Saint Petersburg", kind="town", country="RU"),
            dict(name_fr="Saint-Pétersbourg", name_en="Saint Petersburg", kind="region", country="RU"),
            dict(name_fr="Paris", name_en="Paris", kind="town", country="FR"),
            dict(name_fr="Paris", name_en="Paris", kind="town", country="US")]  # fmt: skip
    assert distinct_names(rows, "fr") == ["Saint-Pétersbourg (ville)", "Saint-Pétersbourg (sujet fédéral)",
                                          "Paris (ville, France)", "Paris (ville, États-Unis)"]  # fmt: skip
    assert distinct_names(rows[:2], "en")[1] == "Saint Petersburg (federal subject)"  # the country's own word
    at = app("app_pages/overview.py", q="Saint-Pétersbourg")  # the sidebar's places found
    links = [seen(link.proto.label) for link in at.get("page_link")]
    assert "Saint-Pétersbourg (ville)" in links and len(set(links)) == len(links)
