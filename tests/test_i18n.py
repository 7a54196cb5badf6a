"""Every data-quality code the ETL can raise has a label in both languages."""

from __future__ import annotations

import re

from dashboard.i18n import FLAG_LABELS, flag_label
from tests.conftest import ROOT

RAISED = re.compile(r'"(?:error|warning|info)",\s*"([a-z_]+)"')


def test_every_code_the_etl_raises_has_a_label_in_both_languages(con):
    codes = {c for path in (ROOT / "etl").glob("*.py") for c in RAISED.findall(path.read_text(encoding="utf-8"))}
    codes |= {r[0] for r in con.sql("SELECT DISTINCT code FROM data_quality").fetchall()}
    assert len(codes) > 25
    assert codes <= set(FLAG_LABELS), sorted(codes - set(FLAG_LABELS))
    for code in codes:
        assert flag_label(code, "fr") != code and flag_label(code, "en") != code


def _untranslated(con) -> list[tuple]:
    return con.sql(
        "SELECT code, message FROM data_quality WHERE message_fr IS NULL OR message_fr = '' OR message_fr = message"
    ).fetchall()


def test_every_flag_of_every_build_has_its_message_in_french(con, econ, tmp_path):
    """2021, the unseen editions, and a hostile file: each flag says what it says in French too."""
    import duckdb

    from etl.config import build_settings
    from etl.pipeline import run_build
    from tests.conftest import EDITIONS

    db = tmp_path / "h.duckdb"
    run_build(build_settings(db_path=db, catalogues=[EDITIONS / "hostile" / "catalogue_2025_hostile_fr.txt"], accept_errors=True),
              log=lambda m: None)  # fmt: skip
    hostile = duckdb.connect(str(db), read_only=True)
    for connection in (con, econ, hostile):
        assert connection.sql("SELECT count(*) FROM data_quality").fetchall()[0][0] > 0
        assert _untranslated(connection) == []
    codes = {c for cn in (con, econ, hostile) for (c,) in cn.sql("SELECT DISTINCT code FROM data_quality").fetchall()}
    assert len(codes) >= 15  # the fixtures raise most codes


def test_every_override_reason_has_its_french(resolver):
    missing = [o.reason for o in resolver.overrides if o.reason and not o.reason_fr]
    assert missing == []


def test_a_charts_csv_has_its_headers_in_the_pages_language():
    import polars as pl

    from dashboard.ui import headers_in

    df = pl.DataFrame({"theme": ["culture"], "listings": [3], "region": ["FR-OCC"]})
    assert headers_in(df, "fr").columns == ["Thème", "Événements", "Code"]
    assert headers_in(df, "en").columns[:2] == ["Theme", "Listings"]
    from dashboard.i18n import theme_label

    # the values as the chart writes them, not the codes ("culture")
    assert headers_in(df, "fr")["Thème"].to_list() == [theme_label("culture", "fr")] != ["culture"]
    assert headers_in(df, "en")["Theme"].to_list() == [theme_label("culture", "en")]
    named = pl.DataFrame({"region": ["FR-OCC"], "name_fr": ["Occitanie"], "name_en": ["Occitania"], "odd": [1]})
    assert headers_in(named, "fr").columns == ["Code", "Nom", "odd"]  # the page's language only; no word: kept
    assert headers_in(named, "en").to_dicts() == [{"Code": "FR-OCC", "Name": "Occitania", "odd": 1}]
    clash = pl.DataFrame({"theme": ["x"], "Thème": ["y"]})
    assert headers_in(clash, "fr").columns == ["theme", "Thème"]  # never two columns of one name


def test_every_place_evidence_of_the_builds_reads_in_french(con, econ, resolver):
    """The builds store each place's evidence in both languages (etl.messages.EVIDENCE): no English
    clause on a French page, the reviewers' reasons in their French."""
    from etl.messages import clause, said

    pairs = {
        r for cn in (con, econ) for r in cn.sql("SELECT DISTINCT evidence, evidence_fr FROM event_places").fetchall()
    }
    assert len(pairs) > 10 and all(en and fr for en, fr in pairs)
    english = [fr for _, fr in pairs if any(w in f" {fr} " for w in (" the ", " of ", " in ", " to review"))]
    assert english == []
    for actor, country in (("Ville de Francfort", "DE"), ("Municipalidad de Miraflores", "PE")):  # rules of 2026-12-06
        doubted = resolver.resolve_actor(actor, country).to_review[0]
        assert not any(w in doubted.evidence_fr for w in (" the ", " of ", " km of ")), doubted.evidence_fr
    two = (clause("row_says", region="RU-KLU"), clause("confirmed_other_edition"))
    assert said(two) == "in RU-KLU, as the row or the cell says; confirmed: the other edition of this listing names it"
    assert said(two, "fr") == (
        "en RU-KLU, comme le disent la ligne ou la cellule ; confirmé : l'autre édition de cet événement le nomme"
    )
    embassy = next(o for o in resolver.overrides if o.reason.startswith("French embassy"))
    assert said((embassy.why,)).startswith("reviewed override: French embassy")
    assert said((embassy.why,), "fr") == f"correction relue : {embassy.reason_fr}" and embassy.reason_fr
    big = clause("fuzzy_city", population=1_234_567)
    assert (big.text(), big.text("fr")) == (
        "a city of 1,234,567 and no other close name",
        "une ville de 1\u202f234\u202f567 habitants, sans autre nom proche",
    )


def test_counts_take_the_plural_of_each_language():
    from dashboard.i18n import counted

    assert [counted(n, "link_one", "links_n", "fr") for n in (0, 1, 2)] == ["0 lien", "1 lien", "2 liens"]
    assert [counted(n, "link_one", "links_n", "en") for n in (0, 1, 2)] == ["0 links", "1 link", "2 links"]
    assert counted(1200, "listing_one", "listings_n", "fr", "1 200") == "1 200 événements"


def test_a_cut_label_says_it_is_cut():
    from dashboard.ui import shortened

    assert shortened("Saint-Pétersbourg", 80) == "Saint-Pétersbourg"
    cut = shortened("Saint-Pétersbourg · 10 liens, 13 événements " * 3, 40)
    assert len(cut) <= 40 and cut.endswith("…") and cut.startswith("Saint-Pétersbourg · 10 liens")


def test_the_chart_toolbar_speaks_french_in_plotly_js_own_words():
    """Every key of the French toolbar dictionary is a string plotly.js itself writes (in the
    installed plotly.min.js): a key plotly renamed would silently fall back to English."""
    from pathlib import Path

    import plotly

    from dashboard.i18n import PLOTLY_FR, plotly_locale

    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    missing = [key for key in PLOTLY_FR if f'"{key}"' not in bundle]
    assert missing == []
    fr = plotly_locale("fr")
    assert fr["locale"] == "fr" and fr["locales"]["fr"]["dictionary"]["Zoom in"] == "Zoom avant"
    assert fr["locales"]["fr"]["format"]["decimal"] == ","
    assert plotly_locale("en") == {"locale": "en"}
