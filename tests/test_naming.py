"""One name per place and language: reviewed exonyms, then the documents' spelling, then GeoNames."""

from __future__ import annotations

import pytest

from etl.naming import NamingError, load_exonyms, name_places


def town(resolver, name, country):
    return resolver.resolve_actor(name, country).places[0]


def test_exonyms_then_the_documents_spelling_then_geonames(resolver, tmp_path):
    table = tmp_path / "names.csv"
    table.write_text("country,region_code,geonames_name,name_fr,name_en\nRU,RU-MOW,Moscow,Moscou,Moscow\n")
    exonyms = load_exonyms(table, resolver)
    moscow, tikhvin, kazan = (
        town(resolver, "Moscou", "RU"),
        town(resolver, "Tikhvine", "RU"),
        town(resolver, "Kazan", "RU"),
    )
    mentions = [(tikhvin.place_id, "fr", "Tikhvine, région de Leningrad"), (tikhvin.place_id, "en", "Tikhvin"),
                (moscow.place_id, "fr", "Moskva")]  # fmt: skip
    names = name_places([moscow, tikhvin, kazan], mentions, resolver, exonyms)
    assert (names[moscow.place_id].name_fr, names[moscow.place_id].name_en) == ("Moscou", "Moscow")
    assert (names[tikhvin.place_id].name_fr, names[tikhvin.place_id].name_en) == ("Tikhvine", "Tikhvin")
    assert names[kazan.place_id].name_fr == names[kazan.place_id].name_en == "Kazan"  # GeoNames' own


def test_every_name_is_kept_for_search_in_every_script(resolver):
    shizuoka = town(resolver, "Shizuoka", "JP")
    names = name_places([shizuoka], [], resolver, {})[shizuoka.place_id].names
    assert "静岡" in names and any("\u0400" <= ch <= "\u04ff" for n in names for ch in n)


def test_regions_take_their_reviewed_names(resolver):
    oblast = resolver.resolve_actor("Région de Moscou", "RU").places[0]
    names = name_places([oblast], [], resolver, {})[oblast.place_id]
    assert (names.name_fr, names.name_en) == (
        "Oblast de Moscou",
        "Moscow Oblast",
    ) and "Московская область" in names.names


def test_an_exonym_row_that_designates_no_single_place_stops_the_build(resolver, tmp_path):
    table = tmp_path / "names.csv"
    table.write_text("country,region_code,geonames_name,name_fr,name_en\nRU,RU-TA,Moscow,Moscou,Moscow\n")
    with pytest.raises(NamingError, match="row 2"):
        load_exonyms(table, resolver)


def test_the_built_database_names_each_place_once_per_language(con):
    rows = con.sql("SELECT name_fr, name_en FROM places WHERE place_id = 'gn:524901'").fetchall()
    assert rows == [("Moscou", "Moscow")]
    assert con.sql("SELECT name_fr, name_en FROM places WHERE name = 'Dunkirk'").fetchall() == [
        ("Dunkerque", "Dunkirk")
    ]
    # one place id per town: the French and English spellings never make two places
    assert con.sql("SELECT count(*) FROM places WHERE name_en IN ('Yaroslavl')").fetchall()[0][0] == 1
