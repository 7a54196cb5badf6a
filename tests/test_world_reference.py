"""The world's reference data: the generator's pure steps (scripts/worldref) on small cases, and
the committed files checked against their sources (pycountry) and the reviewed layer."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter

import pycountry
import pytest
from shapely.geometry import Point, Polygon, box, shape

from etl import reference
from etl.normalize import fold
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from worldref import admin1, approximate, geometry, lower_units, matching, seats, words  # noqa: E402

WORLD = ROOT / "data" / "reference" / "world"


# --- words ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "plural"), [("chinois", "chinois"), ("marocaine", "marocaines"),
                                              ("libyen", "libyens"), ("national", "nationaux"),
                                              ("burkinabé", "burkinabés")])  # fmt: skip
def test_french_plurals_follow_the_grammar(word, plural):
    assert words.french_plural(word) == plural


def test_a_country_is_named_by_its_names_adjectives_and_compounds():
    found = words.country_words(["Chine", "China"], ("Chinois", "Chinoise"), ("Chinese", "Chinese"))
    assert {"chine", "chinoise", "chinoises", "franco chinoise", "franco chinese"} <= set(found)
    assert "chineses" not in found  # English adjectives in -ese take no s


def test_a_word_two_countries_share_names_neither():
    kept = words.unique_words({"KR": ["coree du sud", "coreen"], "KP": ["coree du nord", "coreen"]})
    assert kept == {"KR": ["coree du sud"], "KP": ["coree du nord"]}


# --- matching Natural Earth to ISO ---------------------------------------------------------------


def test_iso_names_give_every_spelling():
    assert matching.iso_names("Catalunya [Cataluña]") == ("Catalunya", "Cataluña")
    assert matching.iso_names("Flamande, Région") == ("Région Flamande",)
    assert "Hong Kong" in matching.iso_names("Hong Kong SAR")
    assert "Guyane" in matching.iso_names("Guyane (française)")


KINDS = frozenset({"oblast", "kray", "province"})
SUBS = {
    "XX-MOW": matching.IsoSub("XX-MOW", "XX", "Moskva", "City", None, ("Moskva", "Moscou")),
    "XX-MOS": matching.IsoSub("XX-MOS", "XX", "Moskovskaya oblast'", "Oblast", None, ("Moskovskaya oblast'",)),
    "XX-PSK": matching.IsoSub("XX-PSK", "XX", "Pskovskaya oblast'", "Oblast", None, ("Pskovskaya oblast'",)),
    "XX-P1": matching.IsoSub("XX-P1", "XX", "Sondrio", "Province", "XX-MOS", ("Sondrio",)),
}


def test_a_feature_goes_to_the_unit_most_of_its_own_names_designate():
    # the oblast filed under the city's code and also called "Moscou" (Natural Earth's swap)
    oblast = {"iso_3166_2": "XX-MOW", "iso_a2": "XX", "name": "Moskovskaya", "name_fr": "Moscou",
              "gn_name": "Moskovskaya Oblast'"}  # fmt: skip
    city = {"iso_3166_2": "XX-MOS", "iso_a2": "XX", "name": "Moskva", "name_en": "Moscow", "name_fr": "Moscou"}
    province = {"iso_3166_2": "XX-P1", "iso_a2": "XX", "name": "Sondrio", "name_alt": "Moskovskaya"}
    m = matching.match_features([oblast, city, province], SUBS, {"": KINDS, "XX": KINDS})
    assert m.by_top == {"XX-MOS": [0, 2], "XX-MOW": [1]}  # the province merged into its first-level unit
    assert m.direct == {"XX-MOS": 0, "XX-MOW": 1}


def test_a_feature_whose_names_agree_with_no_unit_is_left_out():
    stale = {"iso_3166_2": "XX-PSK", "iso_a2": "XX", "name": "Rabat - Salé - Zemmour - Zaer"}
    old_code = {"iso_3166_2": "XX-16", "iso_a2": "XX", "name": "Oued Ed-Dahab - Lagouira"}  # no ISO code now
    assert matching.match_features([stale, old_code], SUBS, {"": KINDS}).unmatched == [0, 1]


def test_a_kind_word_takes_its_link_with_it():
    kinds = frozenset({"provincia", "province"})
    assert matching.key("Provincia del Tungurahua", kinds) == "tungurahua"
    assert matching.key("Province of Quezon", kinds) == "quezon"
    assert matching.key("Des Moines", kinds) == "des moines"  # no kind word: the name stays whole


def test_names_shifted_between_features_follow_geonames_name_of_the_outline():
    # Napo and Tungurahua swapped (a pair), three units in a cycle, and a city inside its county
    found = {0: "N", 1: "T", 2: "A", 3: "B", 4: "C", 5: "CITY", 6: "COUNTY"}
    geonames = {0: "T", 1: "N", 2: "B", 3: "C", 4: "A", 5: "COUNTY"}
    moved, dropped = matching.permuted(found, geonames)
    assert moved == {0, 1, 2, 3, 4} and dropped == set()  # the county's own names agree: a city inside it
    moved, dropped = matching.permuted({0: "A", 1: "B", 2: "C"}, {0: "B", 1: "C", 2: "D"})
    assert moved == {0, 1} and dropped == {2}  # C's outline is given to B's feature; D has none: C's dropped


def test_a_swapped_pair_of_natural_earth_features_is_matched_by_their_outlines_name():
    subs = {"EC-N": matching.IsoSub("EC-N", "EC", "Napo", "Province", None, ("Napo",)),
            "EC-T": matching.IsoSub("EC-T", "EC", "Tungurahua", "Province", None, ("Tungurahua",))}  # fmt: skip
    napo = {"iso_3166_2": "EC-N", "iso_a2": "EC", "name": "Napo", "name_en": "Napo",
            "gn_name": "Provincia del Tungurahua"}  # fmt: skip
    tungurahua = {"iso_3166_2": "EC-T", "iso_a2": "EC", "name": "Tungurahua", "gn_name": "Provincia de Napo"}
    m = matching.match_features([napo, tungurahua], subs, {"": frozenset({"provincia"})})
    assert m.by_top == {"EC-T": [0], "EC-N": [1]} and m.basis == {0: "gn_name", 1: "gn_name"}
    # their other names are their code's unit's: they name that unit, not the outline they carry
    assert m.direct == {"EC-N": 0, "EC-T": 1} and m.moved == {0, 1}


def test_outlines_shifted_where_iso_transliterates_the_names_otherwise_are_found_by_the_coded_names():
    """Eritrea: ISO spells its regions in Arabic transliteration, Natural Earth in English and
    Tigrinya; its features carry each a distinct code, their names agree with their code, and their
    GeoNames names (which follow the outlines) name another unit — in a cycle. Each outline goes to
    the unit GeoNames names, found by the names of the feature coded for it; a feature whose own
    names agree with its GeoNames name keeps its outline (Moscow's oblast, coded as the city)."""
    subs = {c: matching.IsoSub(c, "ER", n, "Region", None, (n,)) for c, n in (
        ("ER-AN", "Ansabā"), ("ER-MA", "Al Awsaţ"), ("ER-SK", "Shimālī al Baḩrī al Aḩmar"))}  # fmt: skip
    anseba = {"iso_3166_2": "ER-AN", "iso_a2": "ER", "name": "Anseba", "gn_name": "Maekel Region"}
    maekel = {"iso_3166_2": "ER-MA", "iso_a2": "ER", "name": "Maekel", "name_alt": "Central",
              "gn_name": "Northern Red Sea Region"}  # fmt: skip
    north = {"iso_3166_2": "ER-SK", "iso_a2": "ER", "name": "Northern Red Sea", "gn_name": "Anseba Region"}
    m = matching.match_features([anseba, maekel, north], subs, {"": frozenset({"region"})})
    assert m.by_top == {"ER-MA": [0], "ER-SK": [1], "ER-AN": [2]} and m.moved == {0, 1, 2}
    assert m.direct == {"ER-AN": 0, "ER-MA": 1, "ER-SK": 2}  # each named by its own feature's names
    steady = [dict(anseba, gn_name="Anseba Region"), dict(maekel, gn_name="Maekel"), north]
    m = matching.match_features(steady, subs, {"": frozenset({"region"})})
    assert m.by_top == {"ER-AN": [0], "ER-MA": [1], "ER-SK": [2]} and m.moved == set()  # no cycle: kept


def test_distinct_current_codes_are_trusted_over_names_that_do_not_agree():
    subs = {"IL-HA": matching.IsoSub("IL-HA", "IL", "Ḩefa", "District", None, ("Ḩefa",)),
            "IL-TA": matching.IsoSub("IL-TA", "IL", "Tel Aviv", "District", None, ("Tel Aviv",))}  # fmt: skip
    haifa = {"iso_3166_2": "IL-HA", "iso_a2": "IL", "name": "Haifa"}
    tel_aviv = {"iso_3166_2": "IL-TA", "iso_a2": "IL", "name": "Tel Aviv"}
    assert matching.one_to_one([haifa, tel_aviv], subs, {"IL": list(subs.values())}) == {"IL": {"IL-HA", "IL-TA"}}
    assert matching.match_features([haifa, tel_aviv], subs, {"": KINDS}).by_top == {"IL-HA": [0], "IL-TA": [1]}
    twice = dict(tel_aviv)  # one code on two features: names decide, as elsewhere
    assert matching.one_to_one([haifa, tel_aviv, twice], subs, {"IL": list(subs.values())}) == {}
    assert matching.match_features([haifa, tel_aviv, twice], subs, {"": KINDS}).unmatched == [0]


def test_a_feature_named_like_a_unit_another_feature_carries_keeps_its_own_code():
    subs = {"UA-30": matching.IsoSub("UA-30", "UA", "Kyiv", "City", None, ("Kyiv", "Kiev")),
            "UA-32": matching.IsoSub("UA-32", "UA", "Kyivska oblast", "Region", None, ("Kyivska oblast",))}  # fmt: skip
    oblast = {"iso_3166_2": "UA-32", "iso_a2": "UA", "name": "Kiev", "gn_name": "Kyyivs'ka Oblast'"}
    city = {"iso_3166_2": "UA-30", "iso_a2": "UA", "name": "Kiev City", "name_en": "Kyiv"}
    m = matching.match_features([oblast, city], subs, {"": KINDS})
    assert m.by_top == {"UA-32": [0], "UA-30": [1]}
    assert m.direct == {"UA-30": 1}  # "Kiev" names the city: not the oblast's name


def test_a_feature_whose_outline_is_its_own_codes_unit_without_a_feature_moves_there():
    moved, dropped = matching.permuted({0: "CITY"}, {0: "OBLAST"}, {0: "OBLAST"})
    assert moved == {0} and dropped == set()
    assert matching.permuted({0: "CITY"}, {0: "OBLAST"}, {0: "CITY"}) == (set(), set())  # its code says the city


def test_a_feature_coded_as_no_iso_unit_goes_to_the_region_natural_earth_files_it_under():
    subs = {"IT-23": matching.IsoSub("IT-23", "IT", "Valle d'Aosta", "Autonomous region", None, ("Valle d'Aosta",))}
    aosta = {
        "iso_3166_2": "IT-AO",
        "iso_a2": "IT",
        "name": "Aoste",
        "gn_name": "Provincia di Aosta",
        "region_cod": "IT-23",
    }
    m = matching.match_features([aosta], subs, {"": KINDS})
    assert m.by_top == {"IT-23": [0]} and m.direct == {}  # a part: "Aoste" does not name the region
    stale = dict(aosta, region_cod="IT-99")  # a region ISO does not list either: left out
    assert matching.match_features([stale], subs, {"": KINDS}).unmatched == [0]


# --- GeoNames admin1 codes, seats, geometry ------------------------------------------------------


def town(gid, admin, lon, lat, pop=1000, name="T"):
    return admin1.Town(gid, name, "XX", admin, lat, lon, pop)


SHAPES = {"XX-A": box(0, 0, 10, 10), "XX-B": box(10, 0, 20, 10)}


def test_admin1_codes_map_where_their_towns_lie():
    towns = [town(1, "01", 1, 1), town(2, "01", 2, 2), town(3, "01", 11, 1),
             town(4, "02", 15, 5), town(5, "03", 5, 5), town(6, "03", 15, 5)]  # fmt: skip
    mapped = admin1.by_place(towns, SHAPES)
    assert {k: v.code for k, v in mapped.items()} == {"02": "XX-B"}  # 01: 2 of 3 (< 80 %); 03: split
    towns += [town(7, "01", 3, 3), town(8, "01", 4, 4), town(9, "01", 6, 6)]
    assert admin1.by_place(towns, SHAPES)["01"].code == "XX-A"  # 5 of 6


def test_a_code_and_an_outline_that_each_hold_mostly_the_other_map_to_each_other():
    """Kyiv oblast (01): 6 of its 10 towns inside its outline (XX-A), 4 in a coarse neighbour's
    (XX-B, the city's own code 02 there); XX-A holds nothing else: short of 80 %, each is the other's."""
    towns = [*(town(i, "01", 1 + i * 0.5, 1) for i in range(6)), *(town(10 + i, "01", 15, 1 + i) for i in range(4)),
             *(town(20 + i, "02", 16, 2 + i) for i in range(9))]  # fmt: skip
    assert {a: m.code for a, m in admin1.by_place(towns, SHAPES).items()} == {"01": "XX-A", "02": "XX-B"}
    towns += [town(30, "03", 5, 5), town(31, "03", 6, 6)]  # XX-A now holds another code's towns: 6 of 8
    assert "01" not in admin1.by_place(towns, SHAPES)


def test_a_code_mostly_outside_an_outline_that_records_another_code_is_not_its():
    # Akershus (01): 2 of its 5 towns in Oslo's outline (XX-A), which records Oslo's code (12)
    towns = [town(1, "01", 1, 1), town(2, "01", 2, 2), *(town(3 + i, "01", 30, 30) for i in range(3)),
             town(9, "12", 5, 5)]  # fmt: skip
    assert {a: m.code for a, m in admin1.by_place(towns, SHAPES).items()} == {"01": "XX-A", "12": "XX-A"}
    assert {a: m.code for a, m in admin1.by_place(towns, SHAPES, {"XX-A": {"12"}}).items()} == {"12": "XX-A"}
    assert set(admin1.by_place(towns, SHAPES, {"XX-A": {"01"}})) == {"01", "12"}  # its own recorded code


def test_codes_outside_every_outline_numbered_as_units_without_one_map_by_number():
    mapped = {"08": admin1.Admin1Map("XX-15", "place", 30, 1.0)}  # GeoNames' older number: no ISO unit 08
    codes = ["XX-15", "XX-34", "XX-42", "XX-46", "XX-50"]
    votes = {
        "08": Counter({"XX-15": 30}),
        "34": Counter(),
        "42": Counter(),
        "46": Counter(),
        "50": Counter({"XX-15": 1}),
    }
    found = admin1.by_number_unseen("XX", mapped, {"34", "42", "46", "50"}, codes, votes, shaped={"XX-15"})
    assert {a: m.code for a, m in found.items()} == {
        "34": "XX-34",
        "42": "XX-42",
        "46": "XX-46",
    }  # 50 has a town inside
    assert admin1.by_number_unseen("XX", mapped, {"34", "42"}, codes, votes) == {}  # fewer than PATTERN_MIN
    mapped["34"] = admin1.Admin1Map("XX-15", "place", 9, 1.0)  # a number mapped to another unit: no numbering
    assert admin1.by_number_unseen("XX", mapped, {"42", "46", "50"}, codes, votes) == {}


def test_a_code_numbered_as_iso_maps_the_codes_left_over():
    mapped = {a: admin1.Admin1Map(f"XX-{a}", "name", 2, 1.0) for a in ("01", "02", "03")}
    assert admin1.by_pattern("XX", mapped, {"04", "99"}, ["XX-01", "XX-02", "XX-03", "XX-04"]) == {
        "04": admin1.Admin1Map("XX-04", "code_pattern", 0, 1.0)}  # fmt: skip
    mapped["05"] = admin1.Admin1Map("XX-07", "place", 9, 1.0)  # one exception: no pattern
    assert admin1.by_pattern("XX", mapped, {"04"}, ["XX-04"]) == {}


def test_a_numbering_as_iso_wins_over_a_place_vote_that_could_not_see_the_unit():
    # Luxembourg: twelve cantons coded as ISO, three outlines (the districts they replaced)
    mapped = {"LU": admin1.Admin1Map("XX-LU", "place", 55, 1.0), "DI": admin1.Admin1Map("XX-DI", "seat_name", 1, 1.0),
              "GR": admin1.Admin1Map("XX-GR", "place", 20, 1.0), "RD": admin1.Admin1Map("XX-DI", "place", 15, 1.0)}  # fmt: skip
    codes = ["XX-LU", "XX-DI", "XX-GR", "XX-RD", "XX-ES"]
    found = admin1.by_pattern("XX", mapped, {"ES"}, codes, shaped={"XX-LU", "XX-DI", "XX-GR"})
    assert {a: m.code for a, m in found.items()} == {"ES": "XX-ES", "RD": "XX-RD"}
    assert admin1.by_pattern("XX", mapped, {"ES"}, codes, shaped=set(codes)) == {}  # RD's unit seen: no pattern


def test_codes_numbered_in_iso_order_fill_a_bracketed_gap_one_to_one():
    # Kenya: GeoNames 10… for ISO 01…; 13 → 04 and 16 → 07 bracket 14, 15 → 05, 06
    mapped = {
        a: admin1.Admin1Map(f"XX-{u}", "seat_name", 1, 1.0) for a, u in (("13", "04"), ("16", "07"), ("20", "09"))
    }
    codes = [f"XX-{n:02d}" for n in range(1, 12)]
    found = admin1.by_order("XX", mapped, {"10", "14", "15", "17", "18", "19", "21"}, codes)
    assert {a: m.code for a, m in found.items()} == {"14": "XX-05", "15": "XX-06"}  # 17–19: a gap of 3 for 1
    assert admin1.by_order("XX", mapped, {"14"}, codes) == {}  # 15 missing: the run is not whole


FILED = {"sarajevo": [(43.85, 18.36, "XX-BIH")], "tuzla": [(44.54, 18.67, "XX-BIH")],
         "banja luka": [(44.78, 17.19, "XX-SRP")], "bijeljina": [(44.76, 19.21, "XX-SRP")],
         "maputo": [(-25.97, 32.58, "XX-MPM")]}  # fmt: skip


def filed_town(gid, admin, name, lat, lon, pop=1000):
    return admin1.Town(gid, name, "XX", admin, lat, lon, pop)


def test_codes_left_over_go_to_the_unit_a_second_source_files_their_towns_under():
    towns = [filed_town(1, "01", "Sarajevo", 43.86, 18.41, 300_000), filed_town(2, "01", "Tuzla", 44.54, 18.67),
             filed_town(3, "02", "Banja Luka", 44.77, 17.20, 200_000), filed_town(4, "02", "Bijeljina", 44.75, 19.21),
             filed_town(5, "11", "Maputo", -25.96, 32.58, 1_000_000), filed_town(6, "11", "Bairro", -25.9, 32.6),
             filed_town(7, "04", "Tuzla", 30.0, 10.0)]  # fmt: skip  # 7: a namesake 2,000 km away votes nothing
    votes = admin1.filed_votes(towns, FILED, fold, lambda c: c)
    assert votes["01"] == Counter({"XX-BIH": 3}) and "04" not in votes  # the largest town votes twice
    found = admin1.by_filed_towns({}, {"01", "02", "11"}, votes, shaped=set())
    assert {a: m.code for a, m in found.items()} == {"01": "XX-BIH", "02": "XX-SRP", "11": "XX-MPM"}
    assert found["11"].basis == "filed"
    # a unit with an outline (its towns go by their point), or one holding a code, is not taken
    assert "01" not in admin1.by_filed_towns({}, {"01"}, votes, shaped={"XX-BIH"})
    taken = {"15": admin1.Admin1Map("XX-BIH", "place", 9, 1.0)}
    assert admin1.by_filed_towns(taken, {"01"}, votes, shaped=set()) == {}
    # two codes pointing to one unit: neither (Kazakhstan's Almaty region and Jetisu, split in 2022)
    both = {"01": Counter({"XX-BIH": 3}), "09": Counter({"XX-BIH": 4})}
    assert admin1.by_filed_towns({}, {"01", "09"}, both, shaped=set()) == {}
    # one small town filed is not enough; a split vote is not enough
    assert admin1.by_filed_towns({}, {"01"}, {"01": Counter({"XX-BIH": 1})}, shaped=set()) == {}
    assert admin1.by_filed_towns({}, {"01"}, {"01": Counter({"XX-BIH": 3, "XX-SRP": 2})}, shaped=set()) == {}


def test_a_code_left_over_whose_largest_town_names_a_unit_without_outline_or_code_is_that_units():
    towns = [filed_town(1, "TM", "Timimoun", 27.9, 0.2, 22_000), filed_town(2, "TM", "Aougrout", 28.0, 0.3, 7_000),
             filed_town(3, "TG", "Megarine", 33.2, 6.1, 31_000), filed_town(4, "TG", "Touggourt", 33.1, 6.0, 143_000),
             filed_town(5, "XY", "Adrar", 27.9, -0.3, 60_000)]  # fmt: skip
    keys = {"timimoun": {"XX-49"}, "touggourt": {"XX-55"}, "adrar": {"XX-01"}, "aougrout": {"XX-49"}}
    found = admin1.by_largest_town(towns, {"TM", "TG", "XY"}, keys, taken={"XX-01"}, fold_name=fold)
    assert {a: m.code for a, m in found.items()} == {"TM": "XX-49", "TG": "XX-55"}
    assert found["TM"].basis == "largest_town"
    # the largest town decides: Aougrout names its code when it is the largest, not beside Timimoun
    assert admin1.by_largest_town(towns[1:2], {"TM"}, {"aougrout": {"XX-49"}}, set(), fold) == {"TM": found["TM"]}
    assert admin1.by_largest_town(towns[:2], {"TM"}, {"aougrout": {"XX-49"}}, set(), fold) == {}
    # two codes whose largest towns name one unit: neither
    twice = [*towns[:2], filed_town(6, "T2", "Timimoun", 29.0, 0.5, 5_000)]
    assert admin1.by_largest_town(twice, {"TM", "T2"}, keys, set(), fold) == {}


def test_namesakes_are_names_a_second_source_files_in_several_first_level_units():
    import prepare_world

    subs = {c: matching.IsoSub(c, "XX", c, "Region", None) for c in ("XX-A", "XX-B")}
    subs["XX-A1"] = matching.IsoSub("XX-A1", "XX", "A1", "District", "XX-A")
    filed = {"XX": {"middelburg": [(0, 0, "XX-A1"), (1, 1, "XX-B")], "solo": [(0, 0, "XX-A"), (0, 1, "XX-A1")],
                    "gone": [(0, 0, "XX-Z"), (1, 1, "XX-A")]}}  # fmt: skip
    assert prepare_world.namesake_rows(filed, subs) == [dict(country="XX", name="middelburg", codes="XX-A|XX-B")]


def test_algerias_wilayas_of_2019_have_their_geonames_codes():
    rows = {r["code"]: r for r in csv.DictReader(open(WORLD / "subdivisions.csv", encoding="utf-8"))}
    assert rows["DZ-49"]["gn_admin1"] and rows["DZ-49"]["seat"] == "Timimoun"
    assert rows["DZ-55"]["seat"] == "Touggourt"


def test_a_feature_whose_geonames_code_is_filed_under_a_unit_without_outline_becomes_its_outline():
    import prepare_world

    matched = matching.Matched(by_top={"XX-L": [0, 1]}, direct={"XX-L": 0})
    props = [{"gn_a1_code": "XX.11"}, {"gn_a1_code": "XX.04"}]  # Maputo's city coded as the province
    mapped = {"11": admin1.Admin1Map("XX-MPM", "filed", 3, 1.0), "04": admin1.Admin1Map("XX-L", "place", 9, 1.0)}
    by_top, naming = prepare_world.regrouped(matched, props, {"XX-L": {"04", "11"}}, mapped, {"XX-L": None})
    assert by_top == {"XX-L": [1], "XX-MPM": [0]} and naming == {"XX-MPM": 0, "XX-L": 1}
    mapped["11"] = admin1.Admin1Map("XX-MPM", "place", 3, 1.0)  # mapped otherwise: nothing moves
    assert prepare_world.regrouped(matched, props, {"XX-L": {"04", "11"}}, mapped, {"XX-L": None})[0] == {
        "XX-L": [0, 1]
    }


def _labels(value: str, languages: str) -> dict:
    return {f"name_{lang}": value for lang in languages.split()}


def test_two_spellings_of_one_french_name_take_wikidatas_and_keep_the_other_as_an_alias():
    """iso-codes' French translation has typos ("Sôo Paulo", "Turinge"); Natural Earth's French
    label (Wikidata's) spells the same name: it is the name, the other an alias. Another name
    ("Tananarive" for "Antananarivo") or a label that only adds words keeps iso-codes' name."""
    import prepare_world

    assert prepare_world.french_name("Sôo Paulo", "São Paulo") == "São Paulo"
    assert prepare_world.french_name("Turinge", "Thuringe") == "Thuringe"
    assert prepare_world.french_name("Tananarive", "Antananarivo") == "Tananarive"
    assert prepare_world.french_name("Appenzell Rhodes-Intérieures", "canton d'Appenzell Rhodes-Intérieures") == (
        "Appenzell Rhodes-Intérieures"
    )
    assert prepare_world.french_name("", "Thuringe") == "Thuringe" and prepare_world.french_name("Bade", "") == "Bade"
    sub = matching.IsoSub("BR-SP", "BR", "São Paulo", "State", None, ("São Paulo", "Sôo Paulo"), ("Sôo Paulo",))
    names = prepare_world.subdivision_names(sub, {"name": "São Paulo", "name_fr": "São Paulo", "gn_name": "São Paulo"},
                                            [], "pt")  # fmt: skip
    assert names["name_fr"] == "São Paulo" and "Sôo Paulo" in names["aliases"]


def test_natural_earth_names_of_a_grouping_are_not_the_units():
    import prepare_world

    sub = matching.IsoSub("XX-53", "XX", "Bắc Kạn", "Province", None, ("Bắc Kạn",))
    ne = {"name": "Đông Bắc", "name_en": "Northeast Vietnam", "name_fr": "Nord-est", "gn_name": "Tinh Bac Kan"}
    around = prepare_world.Neighbours(groups=frozenset({fold("Đông Bắc")}))
    names = prepare_world.subdivision_names(sub, ne, [], "vi", around)
    assert (names["name_fr"], names["name_en"]) == ("Bắc Kạn", "Bắc Kạn") and "Nord-est" not in names["aliases"]
    # the same names where Natural Earth has no grouping of that name: a translation, kept
    assert prepare_world.subdivision_names(sub, ne, [], "vi")["name_fr"] == "Nord-est"


def test_a_label_several_languages_share_against_the_others_is_dropped_a_translation_is_kept():
    import prepare_world

    sub = matching.IsoSub("XX-3", "XX", "Sikasso", "Region", None, ("Sikasso",))
    ne = {"name": "Sikasso", "gn_name": "Sikasso Region", **_labels("Wassoulou", "en fr de es"),
          **_labels("Sikasso", "it nl pl")}  # fmt: skip
    assert prepare_world.trusted_names(ne, sub, prepare_world.Neighbours()).get("name_fr") is None
    assert prepare_world.subdivision_names(sub, ne, [], "fr")["name_fr"] == "Sikasso"
    # a town of that name inside the unit: its seat's name, kept
    inside = prepare_world.Neighbours(inside=frozenset({"Wassoulou"}))
    assert prepare_world.trusted_names(ne, sub, inside)["name_fr"] == "Wassoulou"
    # labels spelt differently in each language are translations
    sub = matching.IsoSub("XX-02", "XX", "Dolnośląskie", "Voivodeship", None, ("Dolnośląskie",))
    ne = {"name": "Dolnośląskie", "gn_name": "Województwo dolnośląskie", "name_en": "Lower Silesian Voivodeship",
          "name_fr": "voïvodie de Basse-Silésie", "name_de": "Woiwodschaft Niederschlesien",
          "name_pl": "województwo dolnośląskie"}  # fmt: skip
    assert prepare_world.trusted_names(ne, sub, prepare_world.Neighbours()) == ne


def test_a_label_that_is_another_units_name_is_dropped():
    import prepare_world

    sub = matching.IsoSub("XX-094", "XX", "Smiltenes novads", "Municipality", None, ("Smiltenes novads",))
    ne = {"name": "Smiltenes", "gn_name": "Smiltenes Novads", "name_en": "Valmiera", "name_fr": "Valmiera"}
    around = prepare_world.Neighbours(kinds=frozenset({"novads"}), others=("Valmieras novads",))
    assert set(prepare_world.trusted_names(ne, sub, around)) == {"name", "gn_name"}
    assert prepare_world.trusted_names(ne, sub, prepare_world.Neighbours()) == ne


def test_the_published_names_are_the_units_own():
    rows = {r["code"]: r for r in csv.DictReader(open(WORLD / "subdivisions.csv", encoding="utf-8"))}
    assert rows["ML-3"]["name_fr"] == "Sikasso" and "Wassoulou" not in rows["ML-3"]["aliases"]
    assert rows["VN-53"]["name_fr"] == "Bắc Kạn" and rows["VN-66"]["name_fr"] == "Hưng Yên"
    assert rows["DE-NI"]["name_fr"] == "Basse-Saxe"


def test_an_outline_holding_more_towns_of_units_without_one_than_its_own_is_not_its_own():
    mapped = {"LU": admin1.Admin1Map("XX-LU", "place", 5, 1.0), "ES": admin1.Admin1Map("XX-ES", "code_pattern", 0, 1.0),
              "GW": admin1.Admin1Map("XX-GW", "seat_name", 1, 1.0), "JN": admin1.Admin1Map("XX-JN", "place", 9, 1.0)}  # fmt: skip
    votes = {
        "LU": Counter({"XX-LU": 5}),
        "ES": Counter({"XX-LU": 6}),  # a district holding a canton
        "JN": Counter({"XX-JN": 9}),
        "GW": Counter({"XX-JN": 2}),
    }  # a province holding a city
    assert admin1.foreign_outlines(mapped, votes, {"XX-LU", "XX-JN"}) == {"XX-LU"}
    assert admin1.foreign_outlines(mapped, votes, {"XX-LU", "XX-JN", "XX-ES"}) == set()  # ES has its own


def test_towns_are_placed_by_their_point_only_well_inside_a_shape():
    placed = admin1.towns_by_point([town(1, "", 5, 5), town(2, "", 10.01, 5), town(3, "", 30, 5)], SHAPES)
    assert placed == {1: "XX-A"}  # 2 lies on the border, 3 outside


def test_a_code_whose_towns_also_lie_in_a_unit_without_a_code_straddles_it():
    mapped = {"05": admin1.Admin1Map("XX-A", "place", 9, 0.9), "06": admin1.Admin1Map("XX-B", "name", 2, 1.0)}
    votes = {"05": Counter({"XX-A": 9, "XX-C": 1}), "06": Counter({"XX-B": 2, "XX-C": 1})}
    assert admin1.straddling(mapped, votes) == {"05": {"XX-C"}}  # 06 mapped by name: its towns say nothing


def test_a_name_is_contradicted_by_an_outline_holding_few_of_the_codes_towns():
    assert admin1.contradicted("XX-A", Counter({"XX-A": 1, "XX-B": 3}), SHAPES)  # Zala's seat in Zala's outline: 1 of 4
    assert not admin1.contradicted("XX-A", Counter({"XX-A": 2, "XX-B": 2}), SHAPES)
    assert not admin1.contradicted("XX-Z", Counter({"XX-A": 4}), SHAPES)  # no outline: nothing to contradict
    assert not admin1.contradicted("XX-A", None, SHAPES)


def test_an_outline_keeps_its_main_code_the_one_natural_earth_records_or_none():
    place = admin1.Admin1Map
    mapped = {"08": place("XX-A", "place", 9, 1.0), "13": place("XX-A", "place", 9, 1.0),
              "02": place("XX-B", "place", 9, 1.0)}  # fmt: skip
    votes = {"08": Counter({"XX-A": 6}), "13": Counter({"XX-A": 7}), "02": Counter({"XX-B": 9, "XX-A": 1})}
    kept, shared = admin1.main_codes_only(mapped, votes)
    assert set(kept) == {"02"} and shared == {"XX-A"}  # neither 08 nor 13 holds 80 % of XX-A's towns
    kept, shared = admin1.main_codes_only(mapped, votes, {"XX-A": {"08"}})
    assert set(kept) == {"08", "02"} and shared == set()  # Natural Earth records 08 for the outline
    kept, _ = admin1.main_codes_only(mapped, votes, {"XX-A": {"08", "13"}})
    assert set(kept) == {"13", "02"}  # two recorded, none main: the one with more towns there
    votes["99"] = Counter({"XX-B": 3})  # towns of a code without a mapping count in the outline
    assert set(admin1.main_codes_only(mapped, votes)[0]) == set()


def test_a_town_is_placed_by_its_point_only_where_no_other_code_or_doubt_holds_the_unit():
    towns = [town(1, "24", 5, 5), town(2, "", 5, 5), town(3, "05", 10.01, 5), town(4, "05", 19.999, 5)]
    assert admin1.towns_by_point(towns[:2], SHAPES) == {1: "XX-A", 2: "XX-A"}
    assert admin1.towns_by_point(towns[:2], SHAPES, coded={"19": "XX-A"}) == {}  # XX-A is 19's, not 24's
    assert admin1.towns_by_point(towns[:2], SHAPES, coded={"24": "XX-A"}) == {1: "XX-A"}
    assert admin1.towns_by_point(towns[:2], SHAPES, shared={"XX-A"}) == {}
    # near a border, a straddling code's town is its code's unit, unless near a unit it straddles
    assert admin1.towns_by_point(towns[2:], SHAPES, coded={"05": "XX-B"}, straddled={"05": set()}) == {
        3: "XX-B",
        4: "XX-B",
    }
    # a town bearing a unit's own name, at the edge of that unit's outline, is that unit's
    assert admin1.towns_by_point(towns[2:3], SHAPES, named={3: "XX-A"}) == {3: "XX-A"}
    assert admin1.towns_by_point([town(5, "", 30, 5)], SHAPES, named={5: "XX-B"}) == {}  # far from it: no
    straddled = {"05": {"XX-A"}}
    assert admin1.towns_by_point(towns[2:], SHAPES, coded={"05": "XX-B"}, straddled=straddled) == {4: "XX-B"}


@pytest.mark.parametrize(
    ("codes", "basis", "name"),
    [({1: "PPLA"}, "ppla", "Seat"), ({}, "largest_town", "Big"), ({1: "PPLA", 2: "PPLA"}, "ppla_several", "Big"),
     ({3: "PPLC"}, "pplc", "Capital"), ({4: "PPLA"}, "ppla_small", "Big")],
)  # fmt: skip
def test_a_seat_is_the_ppla_else_a_proposal_to_review(codes, basis, name):
    towns = [town(1, "01", 1, 1, 50_000, "Seat"), town(2, "01", 1, 1, 900_000, "Big"),
             town(3, "01", 1, 1, 100_000, "Capital"), town(4, "01", 1, 1, 500, "Hamlet")]  # fmt: skip
    seat = seats.choose_seat(towns, codes)
    assert (seat.basis, seat.name) == (basis, name)
    assert (basis in seats.REVIEW) == (basis not in ("ppla", "pplc"))
    assert seats.choose_seat([], {}).basis == "none"


def test_a_shape_across_the_antimeridian_is_kept_whole():
    east, west = box(170, 60, 180, 70), box(-180, 60, -170, 70)
    whole = geometry.unwrap(geometry.unary_union([east, west, box(120, 60, 170, 70)]))
    assert whole.bounds[0] >= 120 and whole.bounds[2] == pytest.approx(190)
    assert geometry.frame([whole])[2:] == (120.0, 190.0)


def test_rings_are_clockwise_for_plotly():
    ring = geometry.clockwise(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]))
    assert not ring.exterior.is_ccw


def test_land_no_outline_covers_is_shared_among_the_units_left_by_their_nearest_towns():
    land, drawn = box(0, 0, 30, 10), {"X-A": box(0, 0, 10, 10)}
    towns = {"X-B": [(12, 2), (14, 8), (15, 5)], "X-C": [(25, 2), (28, 8), (26, 5)], "X-A": [(5, 5)]}
    found = approximate.from_towns(land, drawn, towns, ["X-B", "X-C"])
    assert set(found) == {"X-B", "X-C"}  # a drawn unit keeps its own outline
    assert found["X-B"].bounds[0] == pytest.approx(10) and found["X-C"].bounds[2] == pytest.approx(30)
    assert found["X-B"].union(found["X-C"]).area == pytest.approx(200)  # all the land left, nothing more
    assert found["X-B"].intersection(found["X-C"]).area == pytest.approx(0)
    assert 18 < found["X-B"].bounds[2] < 23  # the border runs between the two units' towns
    assert approximate.agreement(found, {"X-B": box(10, 0, 20, 10), "X-C": box(20, 0, 30, 10)}) > 0.9


def test_no_outline_is_approximated_when_a_unit_left_has_too_few_towns_to_say_where_it_lies():
    land = box(0, 0, 30, 10)
    towns = {"X-B": [(12, 2), (14, 8)], "X-C": [(25, 2)]}  # X-C's land would go to X-B
    assert approximate.from_towns(land, {}, towns, ["X-B", "X-C"]) == {}
    assert approximate.from_towns(land, {}, {**towns, "X-D": []}, ["X-B", "X-D"]) == {}
    assert approximate.from_towns(land, {"X-B": land}, towns, ["X-B", "X-C"]) == {}  # nothing left


def test_an_outline_holding_more_towns_of_units_without_one_than_its_own_is_stale():
    """Ghana's Northern region as drawn before Savannah and North East were cut from it."""
    old = box(0, 0, 30, 10)
    towns = {"X-N": [(5, 5), (6, 6)], "X-S": [(15, 5), (16, 6), (17, 4)], "X-E": [(25, 5), (26, 6)]}
    assert approximate.stale_outlines({"X-N": old}, towns, ["X-S", "X-E"]) == {"X-N"}
    assert approximate.stale_outlines({"X-N": box(0, 0, 10, 10)}, towns, ["X-S", "X-E"]) == set()
    edge = {"X-N": [(5, 5)], "X-S": [(9.9, 5), (9.95, 6)]}  # a neighbour's towns at a small unit's edge
    assert approximate.stale_outlines({"X-N": box(0, 0, 10, 10)}, edge, ["X-S"]) == set()
    inside = approximate.from_towns(old, {"X-N": box(0, 0, 10, 10)}, {"X-S": [(5, 5), (6, 6)]}, ["X-S"])
    assert inside == {}  # a unit whose towns lie inside a drawn outline: no land left is its


def test_towns_across_the_antimeridian_are_moved_to_the_unwrapped_land():
    land = geometry.unwrap(geometry.unary_union([box(175, -20, 180, -10), box(-180, -20, -175, -10)]))
    towns = {"X-W": [(176, -15), (177, -12)], "X-E": [(-176, -15), (-177, -12)]}
    found = approximate.from_towns(land, {}, towns, ["X-W", "X-E"])
    assert found["X-E"].bounds[2] == pytest.approx(185) and found["X-W"].bounds[0] == pytest.approx(175)


# --- the committed files ---------------------------------------------------------------------------


def rows(name: str) -> list[dict]:
    with open(WORLD / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_iso_country_is_there_and_france_is_not_a_partner():
    codes = {r["code"] for r in rows("countries.csv")}
    assert {c.alpha_2 for c in pycountry.countries} | {"XK"} == codes
    partners = set(reference.partner_countries())
    assert "FR" not in partners and not {"GP", "MQ", "GF", "RE", "YT", "PF", "NC"} & partners
    assert {"CN", "MA", "SN", "DE", "BR", "TW", "HK"} <= partners


def test_every_first_level_unit_is_there_once_with_its_country():
    subs = rows("subdivisions.csv")
    codes = [r["code"] for r in subs]
    assert len(codes) == len(set(codes)) and all(r["code"].startswith(r["country"] + "-") for r in subs)
    tops = {s.code for s in pycountry.subdivisions if not s.parent_code}
    left_out = tops - set(codes)
    assert {"CN-HK", "CN-MO", "CN-TW", "US-PR"} <= left_out  # territories with an ISO 3166-1 entry of their own
    under = {r["territory_of"] for r in rows("countries.csv") if r["territory_of"]}
    assert {code[:2] for code in left_out} <= under  # each left out as another country's territory
    assert set(codes) - tops == set()
    assert {"CN-GD", "MA-07", "FR-971", "DE-BY", "SN-DK", "US-DC"} <= set(codes)


def test_boundaries_name_known_units_of_their_own_country():
    known = {r["code"]: r["country"] for r in rows("subdivisions.csv")}
    total = 0
    for path in (WORLD / "admin1").glob("*.geojson"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for f in data["features"]:
            assert known[f["id"]] == path.stem == f["properties"]["country"]
        total += path.stat().st_size
    assert total < 6_000_000  # the whole world, simplified


def test_outlines_approximated_from_towns_are_marked_and_hold_their_seat():
    subs = {r["code"]: r for r in rows("subdivisions.csv")}
    approx = {code for code, r in subs.items() if r["shape"] == "2"}
    assert {c[:2] for c in approx} >= {"MA", "KE"}  # reformed after Natural Earth
    marked = set()
    for path in (WORLD / "admin1").glob("*.geojson"):
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if f["properties"].get("approx"):
                marked.add(f["id"])
                if subs[f["id"]]["seat_lat"]:  # a unit whose towns only the second source files has none
                    seat = Point(float(subs[f["id"]]["seat_lon"]), float(subs[f["id"]]["seat_lat"]))
                    assert shape(f["geometry"]).buffer(0.02).contains(seat), f["id"]
    assert marked == approx and {"GH-NP", "PS-GZA"}.isdisjoint(
        r["code"] for r in subs.values() if r["shape"] == "1"
    )  # outlines older than the unit (Ghana's Northern before 2019, the Gaza Strip as one governorate)


def test_seats_lie_in_their_unit_or_are_proposed_for_review():
    subs = rows("subdivisions.csv")
    bases = {r["seat_basis"] for r in subs}
    assert bases <= {"ppla", "pplc", "none", *seats.REVIEW}
    assert all(r["seat_geonameid"] for r in subs if r["seat_basis"] != "none")


def test_no_word_names_two_countries():
    seen: dict[str, str] = {}
    for r in rows("countries.csv"):
        for w in filter(None, r["words"].split("|")):
            assert seen.setdefault(w, r["code"]) == r["code"], w


def test_the_reviewed_layer_wins(tmp_path):
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "countries.csv").write_text(
        "code,name_fr,name_en,words,subdivision_fr,subdivisions_fr,subdivision_en,subdivisions_en,lat_min,lat_max,"
        "lon_min,lon_max,territory_of\nXX,Xland,Xland,xlandais,province,provinces,province,provinces,0,1,0,1,\n"
        "YY,Yland,Yland,ylandais,région,régions,region,regions,0,1,0,1,XX\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "countries.csv").write_text(
        "code,name_fr,name_en,words,subdivision_fr,subdivisions_fr,subdivision_en,subdivisions_en,lat_min,lat_max,"
        "lon_min,lon_max\nXX,,,franco-xlandaise,canton,cantons,canton,cantons,5,6,7,8\n", encoding="utf-8")  # fmt: skip
    countries = reference.load_countries(tmp_path)
    assert countries["XX"].subdivision_fr == "canton" and countries["XX"].frame == (5, 6, 7, 8)
    assert countries["XX"].name_fr == "Xland" and set(countries["XX"].words) == {"xlandais", "franco xlandaise"}
    (tmp_path / "world" / "subdivisions.csv").write_text(
        "code,country,name_fr,name_en,aliases\nXX-A,XX,Aaa,Aaa,\nXX-B,XX,Bbb,Bbb,\nZZ-A,ZZ,Zed,Zed,\n", encoding="utf-8"
    )
    (tmp_path / "regions.csv").write_text("code,country,name_fr,name_en,aliases\nXX-C,XX,Ccc,Ccc,\n", encoding="utf-8")
    (tmp_path / "subdivision_names.csv").write_text("code,name_fr,name_en,aliases,reason\nZZ-A,Zède,Zed,,exonym\n",
                                                    encoding="utf-8")  # fmt: skip
    subs = {r["code"]: r for r in reference.subdivision_rows(tmp_path)}
    assert set(subs) == {"XX-C", "ZZ-A"}  # a reviewed country's units replace all its generated ones
    assert subs["ZZ-A"]["name_fr"] == "Zède" and "Zed" in subs["ZZ-A"]["aliases"]


def test_the_reviewed_countries_keep_their_subdivisions_and_outlines():
    reviewed = {r["code"] for r in csv.DictReader(open(ROOT / "data/reference/regions.csv", encoding="utf-8"))}
    for country in ("FR", "RU", "JP"):
        ids = {f["id"] for f in json.loads(reference.boundaries_path(country).read_text(encoding="utf-8"))["features"]}
        assert ids <= reviewed and len(ids) == len({c for c in reviewed if c.startswith(country + "-")}), country


def test_country_words_read_headers_of_any_country():
    from etl.parse import countries_in, country_in_file_name

    assert countries_in("Collectivité territoriale / organisme chinois concerné") == ("CN",)
    assert countries_in("Coopération franco-sénégalaise et franco-burkinabè 2026") == ("BF", "SN")
    assert countries_in("Réunion du groupe pays") == ()  # a French territory's name is no partner
    assert country_in_file_name("catalogue_2024_jp_fr.txt") == ("JP",)
    assert country_in_file_name("catalogue_maroc_2025.csv") == ("MA",)
    assert fold("Burkinabè") in reference.country_words()


# --- lower units ---------------------------------------------------------------------------------


def test_a_lower_unit_is_kept_for_the_one_unit_its_towns_lie_in():
    """GeoNames' unit names go to the first-level unit ≥ 90 % of their placed towns lie in, with
    two towns at least; a name whose towns straddle units today (an older, larger unit) names
    none; towns the tables cannot place do not vote; two spellings of one name count together."""
    from types import SimpleNamespace as T

    towns = [T(country="PL", admin1="Lesser Poland", admin2="Powiat krakowski", unit="PL-12")] * 9 + [
        T(country="PL", admin1="Lesser Poland", admin2="Powiat Krakowski", unit="PL-12"),
        T(country="PL", admin1="Lesser Poland", admin2="Powiat krakowski", unit=None),
        T(country="KE", admin1="Rift Valley", admin2="", unit="KE-01"),
        T(country="KE", admin1="Rift Valley", admin2="", unit="KE-02"),
        T(country="MG", admin1="Atsinanana", admin2="", unit="MG-A"),
        T(country="MG", admin1="Lonely", admin2="", unit="MG-A"),
        T(country="MG", admin1="Atsinanana", admin2="", unit="MG-A"),
    ]
    found = lower_units.lower_units(towns, lambda t: t.unit, fold)
    assert {(u.country, u.level, u.name, u.code, u.towns) for u in found} == {
        ("PL", 1, "Lesser Poland", "PL-12", 10),
        ("PL", 2, "Powiat krakowski", "PL-12", 10),
        ("MG", 1, "Atsinanana", "MG-A", 2),
    }


def test_the_lower_units_file_names_first_level_units_of_its_countries():
    with open(WORLD / "lower_units.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(WORLD / "subdivisions.csv", encoding="utf-8", newline="") as fh:
        units = {r["code"]: r["country"] for r in csv.DictReader(fh)}
    assert len(rows) > 5000 and len({r["country"] for r in rows}) > 100
    assert all(units.get(r["code"]) == r["country"] for r in rows)
    assert all(int(r["towns"]) >= lower_units.MIN_TOWNS and float(r["share"]) >= lower_units.SHARE for r in rows)
