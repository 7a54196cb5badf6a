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
    named = pl.DataFrame({"region": ["FR-OCC"], "name_fr": ["Occitanie"], "name_en": ["Occitania"], "odd": [1]})
    assert headers_in(named, "fr").columns == ["Code", "Nom", "odd"]  # the page's language only; no word: kept
    assert headers_in(named, "en").to_dicts() == [{"Code": "FR-OCC", "Name": "Occitania", "odd": 1}]
    clash = pl.DataFrame({"theme": ["x"], "Thème": ["y"]})
    assert headers_in(clash, "fr").columns == ["theme", "Thème"]  # never two columns of one name


def test_every_place_evidence_of_the_builds_reads_in_french(con, econ, resolver):
    from etl.place_evidence import clause_fr, evidence_fr

    seen = {e for cn in (con, econ) for (e,) in cn.sql("SELECT DISTINCT evidence FROM event_places").fetchall() if e}
    assert len(seen) > 10
    unknown = [e for e in seen if any(c in evidence_fr(e, resolver.reasons_fr) for c in (" the ", " of ", " in "))]
    assert unknown == []  # no English clause left
    assert clause_fr("an evidence no rule writes") is None
    for actor, country in (("Ville de Francfort", "DE"), ("Municipalidad de Miraflores", "PE")):  # rules of 2026-12-06
        evidence = resolver.resolve_actor(actor, country).to_review[0].evidence
        assert not any(w in evidence_fr(evidence, resolver.reasons_fr) for w in (" the ", " of ", " km of ")), evidence
    assert clause_fr("the listing's actor is that place") == "l'acteur de l'événement est ce lieu"
    said = evidence_fr("in RU-KLU, as the row or the cell says; confirmed: the other edition of this listing names it")
    assert (
        said
        == "en RU-KLU, comme le disent la ligne ou la cellule ; confirmé : l'autre édition de cet événement le nomme"
    )
    reviewed = evidence_fr("reviewed override: French embassy in Russia: no French territory", resolver.reasons_fr)
    assert reviewed == "correction relue : ambassade de France en Russie : aucun territoire français"


def test_counts_take_the_plural_of_each_language():
    from dashboard.i18n import counted

    assert [counted(n, "link_one", "links_n", "fr") for n in (0, 1, 2)] == ["0 lien", "1 lien", "2 liens"]
    assert [counted(n, "link_one", "links_n", "en") for n in (0, 1, 2)] == ["0 links", "1 link", "2 links"]
    assert counted(1200, "listing_one", "listings_n", "fr", "1 200") == "1 200 événements"
