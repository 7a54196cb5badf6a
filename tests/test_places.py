"""The offline resolver: real gazetteer index, no network; a fake geocoder for the opt-in path."""

from __future__ import annotations

import pytest

from etl.db.load import GeocodeRecord
from etl.geocoders import CachedGeocoder
from etl.places import Gazetteer, Region, Resolver, split_parts


def regions_of(resolution):
    return set(resolution.regions)


@pytest.mark.parametrize(
    ("actor", "country", "regions", "resolver_used"),
    [
        ("Moscou, Vologda", "RU", {"RU-MOW", "RU-VLG"}, "gazetteer"),
        ("Tikhvine, région de Leningrad", "RU", {"RU-LEN"}, "gazetteer"),
        ("Région de Moscou", "RU", {"RU-MOS"}, "region"),
        ("Moscou", "RU", {"RU-MOW"}, "gazetteer"),
        ("Kazan", "RU", {"RU-TA"}, "gazetteer"),
        ("Iaroslav", "RU", {"RU-YAR"}, "fuzzy"),
        ("Blagovechtchensk", "RU", {"RU-AMU"}, "gazetteer"),  # two towns: the larger one
        ("Région Amour, université de Blagovetchtchensk", "RU", {"RU-AMU"}, "fuzzy"),
        ("République d'Oudmourtie", "RU", {"RU-UD"}, "region"),
        ("Udmurt Republic", "RU", {"RU-UD"}, "region"),
        ("Région du Tatarstan, région de Moscou", "RU", {"RU-TA", "RU-MOS"}, "region"),
        ("Viatskoïe", "RU", {"RU-YAR"}, "override"),
        ("Musée Tolstoi", "RU", {"RU-MOW"}, "override"),
        ("Angers", "FR", {"FR-PDL"}, "gazetteer"),
        ("Beaujolais", "FR", {"FR-ARA"}, "override"),
        ("Conseil régional du Grand Est", "FR", {"FR-GES"}, "region"),
        ("Université de Versailles, Saint-Quentin en Yvelines", "FR", {"FR-IDF"}, "gazetteer"),
        ("Commune de Lémeré, département de l'Indre-et-Loire", "FR", {"FR-CVL"}, "override"),
        ("Montpellier Méditerranée Métropole", "FR", {"FR-OCC"}, "ngram"),
    ],
)
def test_resolve_actor(resolver, actor, country, regions, resolver_used):
    resolution = resolver.resolve_actor(actor, country)
    assert regions_of(resolution) == regions
    assert resolver_used in {p.resolver for p in resolution.places}
    assert not resolution.unresolved


def test_moscow_city_and_oblast_are_different_subjects(resolver):
    city = resolver.resolve_actor("Moscou", "RU").places[0]
    oblast = resolver.resolve_actor("Kashira", "RU").places[0]
    assert (city.region_code, oblast.region_code) == ("RU-MOW", "RU-MOS")
    assert abs(city.lat - 55.75) < 0.1 and abs(city.lon - 37.62) < 0.1


@pytest.mark.parametrize(
    "actor", ["SCAC – IFR", "Ambassade – SCAC - IFR", "A définir", "DAECT", "CG Saint-Pétersbourg"]
)
def test_actors_without_french_territory_say_why(resolver, actor):
    resolution = resolver.resolve_actor(actor, "FR")
    assert resolution.places == () and resolution.no_territory


def test_a_name_nothing_resolves_is_reported_not_guessed(resolver):
    resolution = resolver.resolve_actor("Zyxqwvillé", "FR")
    assert resolution.places == () and resolution.unresolved == ("Zyxqwvillé",)


def test_candidates_are_restricted_by_country(resolver):
    assert resolver.resolve_actor("Moscou", "FR").places == ()  # Moscow, Idaho is not French either
    assert resolver.resolve_actor("Paris", "RU").places == () or all(
        p.country == "RU" for p in resolver.resolve_actor("Paris", "RU").places
    )


def test_split_parts_keeps_compound_names_and_prepositional_tails():
    assert split_parts("Moscou, Vologda") == ["Moscou", "Vologda"]
    assert split_parts("BMSTU, MIPT et autres") == ["BMSTU", "MIPT", "autres"]
    assert split_parts("département de l'Indre-et-Loire") == ["département de l'Indre-et-Loire"]
    assert split_parts("Institut du Cheval et de l'équitation") == ["Institut du Cheval et de l'équitation"]


def small_resolver(geocoder=None):
    rows = [
        (1, "Alpha", "RU", "01", 50.0, 40.0, 100_000, "alpha"),
        (2, "Alpha", "RU", "02", 60.0, 30.0, 2_000, "alpha"),
        (3, "Betagrad", "RU", "02", 61.0, 31.0, 50_000, "betagrad"),
    ]
    regions = [
        Region("RU-AAA", "RU", "01", "Oblast d'Aaa", "Aaa Oblast", 50, 40, ("Aaa",)),
        Region("RU-BBB", "RU", "02", "Oblast de Bbb", "Bbb Oblast", 60, 30, ("Bbb",)),
    ]
    return Resolver(Gazetteer.from_rows(rows), regions, geocoder=geocoder)


def test_ambiguous_names_prefer_the_region_given_then_population():
    r = small_resolver()
    assert r.resolve_actor("Alpha", "RU").places[0].geonameid == 1
    assert r.resolve_actor("Alpha, région de Bbb", "RU").places[0].geonameid == 2
    assert r.resolve_actor("Alpha", "RU", region_hint="RU-BBB").places[0].geonameid == 2


def test_fuzzy_matching_has_a_threshold():
    r = small_resolver()
    assert r.resolve_actor("Betagrady", "RU").places[0].resolver == "fuzzy"
    assert r.resolve_actor("Gammagrad", "RU").unresolved == ("Gammagrad",)


def test_online_geocoder_is_only_asked_for_what_the_gazetteer_misses_and_is_cached():
    asked = []

    def fake_lookup(query, country):
        asked.append(query)
        return ("Gammagrad, Russia", 55.0, 45.0) if query == "Gammagrad" else None

    geocoder = CachedGeocoder(fake_lookup, name="fake")
    r = small_resolver(geocoder)
    place = r.resolve_actor("Gammagrad", "RU").places[0]
    assert (place.resolver, place.lat, place.lon) == ("geocoder:fake", 55.0, 45.0)
    r.resolve_actor("Gammagrad", "RU")
    r.resolve_actor("Betagrad", "RU")
    assert asked == ["Gammagrad"]  # once, and never for a name the gazetteer knows
    assert [c.query for c in geocoder.cache()] == ["Gammagrad"]


def test_geocoder_failure_is_no_answer_and_the_cache_is_reused():
    def offline(query, country):
        raise OSError("network unreachable")

    cached = GeocodeRecord(
        "Gammagrad",
        "RU",
        True,
        "Gammagrad",
        55.0,
        45.0,
        None,
        __import__("datetime").datetime(2026, 1, 1),
    )
    assert small_resolver(CachedGeocoder(offline)).resolve_actor("Deltagrad", "RU").unresolved == ("Deltagrad",)
    place = small_resolver(CachedGeocoder(offline, cache=(cached,))).resolve_actor("Gammagrad", "RU").places[0]
    assert place.lat == 55.0


def test_online_answers_get_the_region_of_the_nearest_known_town():
    geocoder = CachedGeocoder(lambda q, c: ("Near Betagrad", 61.05, 31.1), name="fake")
    r = small_resolver(geocoder)
    geocoder.region_of = r.nearest_region
    assert r.resolve_actor("Gammagrad", "RU").places[0].region_code == "RU-BBB"
