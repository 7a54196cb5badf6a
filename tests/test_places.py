"""The offline resolver: real gazetteer index, no network; a fake geocoder for the opt-in path."""

from __future__ import annotations

import pytest

from etl.db.load import GeocodeRecord
from etl.gazetteer import Gazetteer
from etl.geocoders import CachedGeocoder
from etl.places import Region, Resolver, split_parts


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
        ("Iaroslav, région de Iaroslavl", "RU", {"RU-YAR"}, "fuzzy"),
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


def test_a_longer_name_beginning_with_a_towns_name_is_not_that_town_nor_its_last_word(resolver):
    """ "Rio Grande do Norte" is a state, not the town Rio Grande (nor Rio de Janeiro, called
    "Rio"); "Caen la Mer" is Caen's urban community, not the town of Mer."""
    assert resolver.resolve_actor("Universidade Federal do Rio Grande do Norte, Natal", "BR").regions == ("BR-RN",)
    assert "FR-CVL" not in resolver.resolve_actor("Caen la Mer", "FR").regions
    assert resolver.resolve_actor("Opéra de Nice", "FR").regions == ("FR-PAC",)  # "Opéra": only a quarter's other name


def test_a_word_of_a_units_name_is_not_a_town_elsewhere(resolver):
    """ "Nuevo León" is the state, not León (Guanajuato); "Lagos State" holds the town Lagos."""
    assert resolver.resolve_actor("Autonomous University of Nuevo León, Monterrey", "MX").regions == ("MX-NLE",)
    assert resolver.resolve_actor("Lagos State Government", "NG").regions == ("NG-LA",)


def test_an_institution_named_after_a_word_with_no_link_may_bear_a_persons_name(resolver):
    pasteur = resolver.resolve_actor("Institut Pasteur", "FR")
    assert pasteur.places == () and "person" in pasteur.to_review[0].evidence
    assert resolver.resolve_actor("Université Paris Cité", "FR").regions == ("FR-IDF",)  # a large city's name
    assert resolver.resolve_actor("Institut de Rennes", "FR").regions == ("FR-BRE",)
    hospital = resolver.resolve_actor("Hôpital Bạch Mai, Hanoï", "VN")  # Bạch Mai is also a ward of Hanoi
    assert [p.name for p in hospital.places] == ["Hanoi"] and hospital.to_review


def test_a_declined_name_is_first_the_town_it_is_one_case_ending_from(resolver):
    """Two towns named Kirovsk (Murmansk, Leningrad oblasts): to review, never Kirov."""
    kirovsk = resolver.resolve_actor("Администрация города Кировска", "RU")
    assert kirovsk.places == () and "RU-KIR" not in {p.region_code for p in kirovsk.to_review}


def test_a_town_word_before_a_name_only_a_subdivision_bears_is_to_review(resolver):
    """ "Ville de Luxembourg" in a Belgian row (Belgium's province of Luxembourg is no town);
    "Alcaldía del Municipio Sucre" (a municipality named like the state of Sucre)."""
    for actor, country in [("Ville de Luxembourg", "BE"), ("Alcaldía del Municipio Sucre", "VE")]:
        found = resolver.resolve_actor(actor, country)
        assert found.places == () and "no town of the country" in found.to_review[0].evidence
    assert resolver.resolve_actor("Free State of Thuringia", "DE").regions == ("DE-TH",)
    assert resolver.resolve_actor("Province de Luxembourg", "BE").regions == ("BE-WAL",)
    assert resolver.resolve_actor("Île de Gotland", "SE").regions == ("SE-I",)  # an island is no town's word


def test_a_town_named_before_its_countrys_name_names_an_organisation(resolver):
    federation = resolver.resolve_actor("Federación Argentina de Municipios", "AR")
    assert federation.places == () and "organisation" in federation.to_review[0].evidence
    assert resolver.resolve_actor("Municipalidad de Federación", "AR").regions == ("AR-E",)


def test_a_government_named_after_a_town_is_a_wider_territorys_unless_a_word_says_a_towns(resolver):
    """ "Revolutionary Government of Zanzibar": the archipelago's (several regions), not the town's;
    a unit bearing the town's name is the government's ("Gouvernement du Québec")."""
    zanzibar = resolver.resolve_actor("Revolutionary Government of Zanzibar", "TZ")
    assert zanzibar.places == () and "government" in zanzibar.to_review[0].evidence
    assert resolver.resolve_actor("Zanzibar City Council", "TZ").regions == ("TZ-15",)
    assert resolver.resolve_actor("Gouvernement du Québec", "CA").regions == ("CA-QC",)
    assert resolver.resolve_actor("Gobierno Autónomo Municipal de La Paz", "BO").regions == ("BO-L",)


def test_split_parts_keeps_a_bracketed_qualifier_whole():
    assert split_parts("Cercle de Yélimané (Mali)") == ["Cercle de Yélimané (Mali)"]
    assert split_parts("(Moscou, Vologda)") == ["Moscou", "Vologda"]
    assert split_parts("Saint-Louis (68") == ["Saint-Louis (68)"]


def test_split_parts_keeps_compound_names_and_prepositional_tails():
    assert split_parts("Moscou, Vologda") == ["Moscou", "Vologda"]
    assert split_parts("BMSTU, MIPT et autres") == ["BMSTU", "MIPT", "autres"]
    assert split_parts("département de l'Indre-et-Loire") == ["département de l'Indre-et-Loire"]
    assert split_parts("Institut du Cheval et de l'équitation") == ["Institut du Cheval et de l'équitation"]


def test_a_plural_head_gives_its_kind_to_each_body_it_lists():
    assert split_parts("Régions de la Kara et des Savanes") == ["Régions de la Kara", "Région des Savanes"]
    assert split_parts("Villes de Cracovie et Wrocław") == ["Villes de Cracovie", "Ville de Wrocław"]
    assert split_parts("Cities of Kyoto and Osaka") == ["Cities of Kyoto", "City of Osaka"]
    assert split_parts("Länder de Bavière et de Saxe") == ["Länder de Bavière", "Land de Saxe"]
    assert split_parts("Les communes de Cocody, Yopougon") == ["Les communes de Cocody", "commune de Yopougon"]
    # any kind's plural (the reference's kinds), a council or government with its adjective, and
    # under such a head the conjunctions of other languages; elsewhere "y" may be inside a name
    assert split_parts("Voïvodies des Basses-Carpates et de Lublin") == ["Voïvodies des Basses-Carpates",
                                                                        "Voïvodie de Lublin"]  # fmt: skip
    assert split_parts("Counties of Kisumu and Nakuru") == ["Counties of Kisumu", "County of Nakuru"]
    assert split_parts("Gobiernos Regionales de Cusco y Apurímac") == ["Gobiernos Regionales de Cusco",
                                                                      "Gobierno de Apurímac"]  # fmt: skip
    assert split_parts("Castilla y León") == ["Castilla y León"]
    # heads in the partner's language, and two bodies joined by its conjunction
    assert split_parts("Städte Köln und Mainz") == ["Städte Köln", "Stadt Mainz"]
    assert split_parts("Città di Torino e Comune di Genova") == ["Città di Torino", "Comune di Genova"]
    assert split_parts("Trás-os-Montes e Alto Douro") == ["Trás-os-Montes e Alto Douro"]


def test_several_units_under_one_plural_head_are_each_their_unit(resolver):
    for actor, country, regions in [("Voïvodies des Basses-Carpates et de Lublin", "PL", {"PL-18", "PL-06"}),
                                    ("Conseils régionaux de Souss-Massa et de Drâa-Tafilalet", "MA", {"MA-09", "MA-08"}),
                                    ("Gobiernos Regionales de Cusco y Apurímac", "PE", {"PE-CUS", "PE-APU"})]:  # fmt: skip
        assert set(resolver.resolve_actor(actor, country).regions) == regions, actor


def test_a_towns_district_written_so_is_in_the_towns_unit(resolver):
    """A quarter of a town written with a district's word is meant ("Bezirk Neukölln"); so is a
    town beside a city that is a unit of its own when that unit is its own (Hoàn Kiếm, in Hanoi).
    Alone, a quarter's name stays to review; a district word that is its country's own kind of
    unit ("District de …" in Rwanda) is a unit's phrase, and a city filed apart from the region
    around it still casts doubt (Miraflores: Lima's municipality or Lima region)."""
    assert resolver.resolve_actor("Bezirk Neukölln", "DE").regions == ("DE-BE",)
    assert resolver.resolve_actor("Arrondissement de Hoàn Kiếm", "VN").regions == ("VN-HN",)
    alone = resolver.resolve_actor("Neukölln", "DE")
    assert not alone.places and [p.region_code for p in alone.to_review] == ["DE-BE"]
    assert not resolver.resolve_actor("Miraflores", "PE").places
    # a town's own word its country also calls some units: the city, in its unit
    assert resolver.resolve_actor("Thành phố Huế", "VN").regions == ("VN-26",)


def test_a_unit_below_the_first_level_is_in_the_unit_its_towns_lie_in(resolver):
    """GeoNames' names of lower units (data/reference/world/lower_units.csv), written whole or
    with a kind word, are the first-level unit they lie in; Madagascar's regions are its former
    provinces' (ISO's units)."""
    for actor, country, region in [("Powiat krakowski", "PL", "PL-12"), ("Provincia autonoma di Trento", "IT", "IT-32"),
                                   ("Région Atsinanana", "MG", "MG-A"), ("Lancashire County Council", "GB", "GB-ENG"),
                                   ("eThekwini Metropolitan Municipality", "ZA", "ZA-KZN")]:  # fmt: skip
        assert resolver.resolve_actor(actor, country).regions == (region,), actor


def test_a_lower_unit_named_after_its_town_is_in_that_towns_unit(resolver):
    """A lower unit's word around a town's name, the town settled and of any size (Yélimané, Gianyar:
    no population known), is the unit the town lies in; the country's own first-level word is not
    (Mali's regions: "Région de Kita" is a region ISO does not list yet, to review), nor a name no
    town of the country bears."""
    for actor, country, region in [("Cercle de Yélimané", "ML", "ML-1"), ("Kabupaten Gianyar", "ID", "ID-NU"),
                                   ("Cantón Cotacachi", "EC", "EC-I"), ("Département de Podor", "SN", "SN-SL")]:  # fmt: skip
        assert resolver.resolve_actor(actor, country).regions == (region,), actor
    kita = resolver.resolve_actor("Région de Kita", "ML")
    assert not kita.places and [p.region_code for p in kita.to_review] == ["ML-1"]
    assert not resolver.resolve_actor("Cercle de Nullepartville", "ML").places
    # two towns bear the name in two units (Kosong, also written Goseong, in Gangwon): to review
    assert not resolver.resolve_actor("Goseong County", "KR").places


@pytest.mark.parametrize(("actor", "country", "region"), [("ភ្នំពេញ", "KH", "KH-12"), ("চট্টগ্রাম", "BD", "BD-B")])
def test_a_name_in_a_script_with_combining_signs_is_read_as_one_word(resolver, actor, country, region):
    """Khmer, Bengali…: a cell is cut into the words its folded key has (the signs `fold` removes
    stay inside their word), so the name is found as the gazetteer folds it."""
    assert resolver.resolve_actor(actor, country).regions == (region,)


def test_a_kind_written_with_its_adjective_before_the_units_name_is_that_unit(resolver):
    """ "Região Autónoma do Príncipe": the kind ("região"), its adjective, a link, then the name."""
    assert resolver.resolve_actor("Região Autónoma do Príncipe", "ST").regions == ("ST-P",)


def test_an_institution_named_after_a_person_is_not_the_town_one_of_its_names_recalls(resolver):
    """ "Universidad Simón Bolívar": "Bolívar", after a given name, is only another name of Ciudad
    Bolívar (to review); a town's own name after an unknown word stays ("Université Jean Moulin
    Lyon 3")."""
    assert not resolver.resolve_actor("Universidad Simón Bolívar", "VE").places
    assert resolver.resolve_actor("Université Jean Moulin Lyon 3", "FR").regions == ("FR-ARA",)


def test_a_units_name_written_with_or_without_its_spaces_is_that_unit(resolver):
    """ "Bío Bío" is Biobío, "Province de Chonburi" is Chon Buri: within one country, a name whose
    words are run together or split is the same name."""
    assert resolver.resolve_actor("Bío Bío Region", "CL").regions == ("CL-BI",)
    assert resolver.resolve_actor("Province de Chonburi", "TH").regions == ("TH-20",)


def test_a_lower_units_name_says_its_unit_only_when_one_unit_bears_it():
    """A name several units bear leaves each to review; a bare word that is only a name's core is
    no unit ("Gamma" for "Gamma County"); written with a kind word it is."""
    rows = [(1, "Betagrad", "RU", "02", 61.0, 31.0, 50_000, "betagrad")]
    regions = [
        Region("RU-AAA", "RU", "01", "Oblast d'Aaa", "Aaa Oblast", 50, 40, ("Aaa",)),
        Region("RU-BBB", "RU", "02", "Oblast de Bbb", "Bbb Oblast", 60, 30, ("Bbb",)),
    ]
    lower = {"RU": {"gamma district": frozenset({"RU-AAA"}), "delta": frozenset({"RU-AAA", "RU-BBB"})}}
    r = Resolver(Gazetteer.from_rows(rows), regions, lower_units=lower)
    assert r.resolve_actor("Gamma District", "RU").regions == ("RU-AAA",)
    assert r.resolve_actor("District de Gamma", "RU").regions == ("RU-AAA",)
    assert not r.resolve_actor("Gamma", "RU").places
    delta = r.resolve_actor("Delta", "RU")
    assert not delta.places and {p.region_code for p in delta.to_review} == {"RU-AAA", "RU-BBB"}


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


def test_fuzzy_matching_has_a_threshold_and_needs_evidence():
    r = small_resolver()
    alone = r.resolve_actor("Betagrady", "RU")
    assert alone.places == () and [p.resolver for p in alone.to_review] == ["fuzzy"]
    assert alone.to_review[0].region_code == "RU-BBB" and alone.to_review[0].score < 100
    told = r.resolve_actor("Betagrady", "RU", region_hint="RU-BBB")
    assert told.places[0].resolver == "fuzzy" and "named in the row" in told.places[0].evidence
    assert r.resolve_actor("Gammagrad", "RU").unresolved == ("Gammagrad",)


def test_online_geocoder_is_only_asked_for_what_the_gazetteer_misses_and_is_cached():
    asked = []

    def fake_lookup(query, country):
        asked.append(query)
        return ("Gammagrad, Russia", 55.0, 45.0) if query == "Gammagrad" else None

    geocoder = CachedGeocoder(fake_lookup, name="fake", region_of=lambda lat, lon, c: "RU-AAA")
    r = small_resolver(geocoder)
    place = r.resolve_actor("Gammagrad", "RU", region_hint="RU-AAA").places[0]
    assert (place.resolver, place.lat, place.lon) == ("geocoder:fake", 55.0, 45.0)
    r.resolve_actor("Gammagrad", "RU")
    r.resolve_actor("Betagrad", "RU")
    assert asked == ["Gammagrad"]  # once, and never for a name the gazetteer knows
    assert [c.query for c in geocoder.cache()] == ["Gammagrad"]


def test_an_online_answer_nothing_corroborates_is_left_to_review():
    geocoder = CachedGeocoder(lambda q, c: ("Gammagrad", 55.0, 45.0), name="fake", region_of=lambda *a: "RU-AAA")
    resolution = small_resolver(geocoder).resolve_actor("Gammagrad", "RU")
    assert resolution.places == () and resolution.to_review[0].resolver == "geocoder:fake"


def test_geocoder_failure_is_no_answer_and_the_cache_is_reused():
    def offline(query, country):
        raise OSError("network unreachable")

    cached = GeocodeRecord(
        "Gammagrad", "RU", True, "Gammagrad", 55.0, 45.0, "RU-AAA", __import__("datetime").datetime(2026, 1, 1)
    )
    assert small_resolver(CachedGeocoder(offline)).resolve_actor("Deltagrad", "RU").unresolved == ("Deltagrad",)
    resolution = small_resolver(CachedGeocoder(offline, cache=(cached,))).resolve_actor("Gammagrad", "RU", "RU-AAA")
    assert resolution.places[0].lat == 55.0


def test_online_answers_get_the_region_of_the_nearest_known_town():
    geocoder = CachedGeocoder(lambda q, c: ("Near Betagrad", 61.05, 31.1), name="fake")
    r = small_resolver(geocoder)
    geocoder.region_of = r.nearest_region
    assert r.resolve_actor("Gammagrad", "RU").to_review[0].region_code == "RU-BBB"


# --- precision first: rules by grammar and evidence ---------------------------------------------


@pytest.mark.parametrize(
    ("actor", "region"),
    [("Lorraine", "FR-GES"), ("Bretagne", "FR-BRE"), ("Bourgogne", "FR-BFC"), ("Picardie", "FR-HDF"),
     ("Languedoc-Roussillon", "FR-OCC"), ("Région Grand Est", "FR-GES"), ("Conseil régional d'Occitanie", "FR-OCC")],
)  # fmt: skip
def test_a_region_name_is_the_region_never_a_namesake_village(resolver, actor, region):
    places = resolver.resolve_actor(actor, "FR").places
    assert [(p.kind, p.region_code) for p in places] == [("region", region)]


def test_a_region_name_inside_a_compound_town_name_is_not_the_region(resolver):
    assert resolver.resolve_actor("Aix-en-Provence", "FR").places[0].kind == "town"
    assert "region" not in {p.kind for p in resolver.resolve_actor("Champagne-sur-Seine", "FR").places}


def test_namesakes_in_several_regions_need_evidence(resolver):
    bare = resolver.resolve_actor("Saint-Louis", "FR")
    assert bare.places == () and {p.region_code for p in bare.to_review} == {"FR-974"}
    assert "places of that name" in bare.to_review[0].evidence
    assert resolver.resolve_actor("Saint-Louis", "FR", "FR-GES").regions == ("FR-GES",)
    assert resolver.resolve_actor("Saint-Louis (68)", "FR").regions == ("FR-GES",)  # the département number
    assert resolver.resolve_actor("Saint-Denis, La Réunion", "FR").regions == ("FR-974",)
    assert resolver.resolve_actor("Valence", "FR").regions == ("FR-ARA",)  # 10× larger than its namesakes


def test_a_town_another_source_lists_in_several_units_needs_evidence(resolver):
    # GeoNames (≥ 500 people) knows one San Martín in Argentina; countries-states-cities files
    # towns of that name in Mendoza and San Juan
    assert ("AR", "san martin") in resolver.namesakes
    bare = resolver.resolve_actor("San Martín", "AR")
    assert bare.places == () and "another source also lists" in bare.to_review[0].evidence
    assert resolver.resolve_actor("San Martín", "AR", "Province de Mendoza").regions == ("AR-M",)
    assert resolver.resolve_actor("Dakar", "SN").regions == ("SN-DK",)  # no namesake listed


def test_a_large_town_is_meant_whatever_villages_another_source_lists(resolver):
    towns = [e for e in resolver.gazetteer.candidates("yulin", ("CN",)) if e.population >= 100_000]
    assert towns and ("CN", "yulin") in resolver.namesakes
    assert resolver.resolve_actor("Yulin", "CN").regions == (
        resolver.region_of(max(towns, key=lambda e: e.population)),
    )


def test_a_part_never_corroborates_itself(resolver):
    vienne = resolver.resolve_actor("Vienne", "FR")  # the département (NAQ) or the town (ARA)
    assert vienne.places == () and vienne.to_review
    assert resolver.resolve_actor("Vienne", "FR", "FR-ARA").regions == ("FR-ARA",)
    assert resolver.resolve_actor("Vienne", "FR", "FR-NAQ").regions == ("FR-NAQ",)


def test_an_alternate_name_of_a_small_place_is_not_enough(resolver):
    assert resolver.resolve_actor("Paris", "RU").places == ()  # a Russian village also called Paris


def test_a_town_inside_a_longer_text_must_be_written_as_a_proper_noun(resolver):
    assert resolver.resolve_actor("visites et tours guidés", "FR").places == ()
    assert resolver.resolve_actor("Office de tourisme de Tours", "FR").regions == ("FR-CVL",)


def test_a_misspelt_two_word_name_is_not_read_as_its_last_word(resolver):
    resolution = resolver.resolve_actor("Nijniy Novgorod", "RU")  # not Veliky Novgorod (RU-NGR)
    assert [p.region_code for p in (*resolution.places, *resolution.to_review)] == ["RU-NIZ"]
    assert resolution.places[0].resolver == "fuzzy"  # a misspelt city of a million, no other close name


def test_names_in_other_scripts(resolver):
    assert resolver.resolve_actor("静岡市", "JP").regions == ("JP-22",)
    assert resolver.resolve_actor("静岡県", "JP").regions == ("JP-22",)
    assert resolver.resolve_actor("Самарская область", "RU").regions == ("RU-SAM",)


@pytest.mark.parametrize(
    ("actor", "country", "seat"),
    [("Auvergne-Rhône-Alpes", "FR", (45.75, 4.85)),  # Lyon
     ("Conseil régional du Grand Est", "FR", (48.58, 7.75)),  # Strasbourg
     ("Département des Yvelines", "FR", (48.80, 2.13)),  # Versailles
     ("Région de Samara", "RU", (53.2, 50.15)),  # Samara
     ("Shizuoka Prefecture", "JP", (34.98, 138.38))],  # Shizuoka
)  # fmt: skip
def test_a_subdivision_as_an_actor_is_drawn_at_its_seat(resolver, actor, country, seat):
    place = resolver.resolve_actor(actor, country).places[0]
    assert abs(place.lat - seat[0]) < 0.1 and abs(place.lon - seat[1]) < 0.1


def test_every_decision_says_its_rule_and_evidence(resolver):
    for actor, country in (("Moscou", "RU"), ("Kashira", "RU"), ("Région de Moscou", "RU"), ("Grande-Synthe", "FR")):
        for p in resolver.resolve_actor(actor, country).places:
            assert p.resolver and p.evidence and p.confident and p.score == 100


def test_the_labelled_place_set_meets_its_targets(resolver):
    """The evaluation set (tests/eval/places.csv, 549 strings): precision ≥ 99.5 %, recall ≥ 95 %."""
    from etl.evaluation import evaluate, load_cases
    from tests.conftest import ROOT

    cases = load_cases(ROOT / "tests" / "eval" / "places.csv")
    report = evaluate(resolver, cases)
    assert len(cases) >= 300
    assert report.precision >= 0.995, [(o.case.text, sorted(o.accepted)) for o in report.wrong]
    assert report.recall >= 0.95, report.summary()


def test_the_world_place_sets_hold_their_measured_level(resolver):
    """Four sets labelled by sessions that did not read the rules (tests/eval/places_world_*.csv:
    970 strings, 56 partner countries on five continents), each first run as held-out, then used
    to find rules that were missing: at least the level measured since (99.16 %, 91.82 % on
    2026-12-04)."""
    from etl.evaluation import evaluate, load_cases
    from tests.conftest import ROOT

    cases = [c for name in "abcd" for c in load_cases(ROOT / "tests" / "eval" / f"places_world_{name}.csv")]
    report = evaluate(resolver, cases)
    assert len(cases) >= 950 and len({c.country for c in cases}) >= 50
    assert report.precision >= 0.99, [(o.case.text, o.case.country, sorted(o.accepted)) for o in report.wrong]
    assert report.recall >= 0.915, report.summary()


# The world sets, each labelled by a session that read none of the rules (tests/eval/places_world_<x>.csv;
# docs/reading-rules.md gives each set's story): its size, how many countries it holds at least,
# and the precision and recall measured when the rules last changed — floors, below the targets
# (99.5 %, 95 %); the held-out figure of a set is its first run, in the comment.
WORLD_SETS = [
    ("e", 250, 100, 0.969, 0.95),  # first run 93.26 % / 82.09 %
    ("f", 260, 120, 0.989, 0.905),  # first run 96.60 % / 66.98 %
    ("g", 260, 130, 1.0, 0.971),  # first run 98.97 % / 91.90 %
    ("h", 200, 100, 1.0, 0.962),  # first run 97.42 % / 94.38 %
    ("i", 220, 130, 1.0, 0.909),  # first run 98.67 % / 83.52 %
    ("j", 200, 120, 1.0, 0.925),  # first run 97.89 % / 86.34 %
    ("k", 200, 130, 0.992, 0.867),  # first run 96.90 % / 79.11 %
    ("l", 200, 130, 0.978, 0.874),  # first run 92.37 % / 78.15 %
    ("m", 200, 140, 0.979, 0.906),  # first run 95.71 % / 83.23 %
    ("n", 200, 130, 1.0, 0.912),  # first run 98.57 % / 86.25 %
    ("o", 200, 140, 1.0, 0.87),  # first run 99.27 % / 83.95 %
    ("p", 200, 130, 1.0, 0.877),  # first run 96.67 % / 84.30 %
    ("q", 200, 130, 1.0, 0.9),  # first run 100 % / 84.12 %
    ("r", 200, 140, 1.0, 0.863),  # first run 100 % / 81.82 %
    ("s", 200, 130, 0.993, 0.833),  # first run 98.67 % / 82.22 %
    ("t", 200, 160, 0.985, 0.806),  # first run 98.40 % / 74.55 %
    ("u", 200, 150, 0.992, 0.817),  # first run 99.25 % / 80.49 %
]


@pytest.mark.parametrize(("letter", "size", "countries", "precision", "recall"), WORLD_SETS)
def test_each_world_set_keeps_its_measured_level(resolver, letter, size, countries, precision, recall):
    from etl.evaluation import evaluate, load_cases
    from tests.conftest import ROOT

    cases = load_cases(ROOT / "tests" / "eval" / f"places_world_{letter}.csv")
    report = evaluate(resolver, cases)
    assert len(cases) == size and len({c.country for c in cases}) >= countries
    wrong = [(o.case.text, o.case.country, sorted(o.accepted)) for o in report.wrong]
    assert report.precision >= precision, wrong
    assert report.recall >= recall, report.summary()


def test_a_town_whose_own_name_is_the_whole_part_comes_first(resolver):
    assert resolver.resolve_actor("Quezon City", "PH").regions == ("PH-00",)  # not Quezon, in Quezon province
    assert resolver.resolve_actor("Halle (Saale)", "DE").regions == ("DE-ST",)


@pytest.mark.parametrize(
    ("actor", "country", "region"),
    [("Rīgas dome", "LV", "LV-RIX"), ("Göteborgs Stad", "SE", "SE-O"), ("Københavns Kommune", "DK", "DK-84"),
     ("武汉市人民政府", "CN", "CN-HB"), ("Gmina Kraków", "PL", "PL-12"), ("Bergen kommune", "NO", "NO-46"),
     # the name declined around the body's words (etl.town_bodies)
     ("Администрация города Курска", "RU", "RU-KRS"), ("Администрация города Тулы", "RU", "RU-TUL"),
     ("Urząd Miasta Lublina", "PL", "PL-06"), ("Tampereen kaupunki", "FI", "FI-11"),
     ("Magistrát města Brna", "CZ", "CZ-64"), ("Харківська міська рада", "UA", "UA-63"),
     ("Stadtverwaltung Erfurt", "DE", "DE-TH"), ("เทศบาลนครเชียงใหม่", "TH", "TH-50"),
     ("Communauté urbaine de Garoua", "CM", "CM-NO"),  # an urban community is its town's body
     ("Jelgavas valstspilsētas pašvaldība", "LV", "LV-JEL")],  # a state city's municipality, in the genitive
)  # fmt: skip
def test_a_town_council_written_in_its_own_language_is_its_town(resolver, actor, country, region):
    """The body's word before or after the name, the name in the genitive where the language
    puts it there ("Rīgas", "Göteborgs", "Курска": Kursk, not the village Kurskaya)."""
    resolution = resolver.resolve_actor(actor, country)
    assert resolution.regions == (region,) and not resolution.to_review


@pytest.mark.parametrize(
    ("actor", "country"),
    [
        ("Администрация города Тулузы", "RU"),  # no town's name ends so (Тулун keeps its н)
        ("Prefeitura de Itaquarembó", "BR"),  # Portuguese declines no name: Itaquara is not it
    ],
)
def test_a_body_around_no_town_of_the_country_places_nothing(resolver, actor, country):
    assert resolver.resolve_actor(actor, country).places == ()


def test_a_units_council_written_with_its_kind_as_an_adjective_is_the_unit(resolver):
    """ "Одеська обласна рада" is the council of "Одеська область" (audit 5), never the city's."""
    for actor, country, region in [("Одеська обласна рада", "UA", "UA-51"), ("Львівська обласна рада", "UA", "UA-46"),
                                   ("Свердловская областная дума", "RU", "RU-SVE")]:  # fmt: skip
        found = resolver.resolve_actor(actor, country)
        assert found.regions == (region,) and [p.kind for p in found.places] == ["region"], actor


def test_a_declined_name_two_towns_could_bear_is_left_to_review(resolver):
    heraklion = resolver.resolve_actor("Δήμος Ηρακλείου", "GR")  # Heraklion, or Irakleio by Athens
    assert heraklion.places == () and {"GR-M", "GR-I"} & {p.region_code for p in heraklion.to_review}
    assert "grammatical case" in heraklion.to_review[0].evidence


def test_a_subdivision_written_whole_as_one_of_its_names_is_that_subdivision(resolver):
    assert resolver.resolve_actor("Região Autónoma dos Açores", "PT").regions == ("PT-20",)
    assert resolver.resolve_actor("Regione Autonoma Valle d'Aosta", "IT").regions == ("IT-23",)


def test_a_geographic_feature_named_after_a_unit_is_not_the_unit(resolver):
    feature = resolver.resolve_actor("Vallée de la Ferghana", "UZ")
    assert feature.places == () and [p.region_code for p in feature.to_review] == ["UZ-FA"]
    assert resolver.resolve_actor("Vallée d'Aoste", "IT").regions == ("IT-23",)  # the unit's own name
    assert resolver.resolve_actor("Côtes-d'Armor", "FR").regions == ("FR-BRE",)
    # matched whole, as the unit's short name ending the text: still the valley, not the governorate
    bekaa = resolver.resolve_actor("Vallée de la Bekaa", "LB")
    assert bekaa.places == () and [p.region_code for p in bekaa.to_review] == ["LB-BI"]
    assert resolver.resolve_actor("Mohafazat de la Bekaa", "LB").regions == ("LB-BI",)
    # an archipelago named after its main town spans several units: not the town's
    archipelago = resolver.resolve_actor("Archipel de Zanzibar", "TZ")
    assert archipelago.places == () and [p.region_code for p in archipelago.to_review] == ["TZ-15"]
    assert resolver.resolve_actor("Ville de Zanzibar", "TZ").regions == ("TZ-15",)


def test_a_region_cell_may_be_written_as_a_name_or_a_code(resolver):
    assert resolver.hint_code("NG-OY", "NG") == "NG-OY"
    assert resolver.hint_code("Oyo State", "NG") == "NG-OY"
    assert resolver.hint_code("Land de Brandebourg", "DE") == "DE-BB"
    assert resolver.hint_code("Zyxqw", "NG") is None and resolver.hint_code("", "NG") is None
    assert resolver.resolve_actor("Ibadan", "NG", "Oyo State").regions == ("NG-OY",)
    # the cell settles a namesake: Frankfurt (Oder), not the larger Frankfurt am Main
    assert resolver.resolve_actor("Ville de Francfort", "DE", "Land de Brandebourg").regions == ("DE-BB",)
    # a region the tables do not know says nothing: the town alone decides
    assert resolver.resolve_actor("Commune de Kolda", "SN", "Haute-Casamance").regions == ("SN-KD",)


def test_a_town_named_like_a_unit_newer_than_geonames_is_that_unit(resolver):
    """Timimoun, a wilaya since 2019 (DZ-49), is filed by GeoNames under Adrar (DZ-01)."""
    assert resolver.resolve_actor("Commune de Timimoun", "DZ").regions == ("DZ-49",)
    assert resolver.resolve_actor("Adrar", "DZ").regions == ("DZ-01",)


def test_a_town_named_like_a_unit_without_a_code_keeps_the_code_it_has():
    rows = [(1, "Kappa", "XX", "01", 10.0, 10.0, 500, "kappa"),  # a hamlet of unit A named like unit K
            (2, "Mu", "XX", "09", 30.0, 30.0, 80_000, "mu"),  # a town whose code maps to no unit
            (3, "Nu", "XX", "01", 12.0, 12.0, 9_000, "nu")]  # fmt: skip
    regions = [
        Region("XX-A", "XX", "01", "Aaa", "Aaa", 10, 10, ()),
        Region("XX-K", "XX", "", "Kappa", "Kappa", 40, 40, ()),  # an outline, no GeoNames code
        Region("XX-M", "XX", "", "Mu", "Mu", 30, 30, ()),
        Region("XX-N", "XX", "", "Nu", "Nu", 0.0, 0.0, ()),  # no code, no outline, no seat: newer than both
    ]
    r = Resolver(Gazetteer.from_rows(rows), regions)
    region = {e.name: r.region_of(e) for e in r.gazetteer.in_countries(["XX"])}
    assert region == {"Kappa": "XX-A", "Mu": "XX-M", "Nu": "XX-N"}


def test_a_full_subdivision_name_wins_over_an_ambiguous_short_name(resolver):
    assert resolver.resolve_actor("Altaï", "RU").places == ()  # the republic or the krai
    assert resolver.resolve_actor("Kraï de l'Altaï", "RU").regions == ("RU-ALT",)
    assert resolver.resolve_actor("République de l'Altaï", "RU").regions == ("RU-AL",)


def test_the_evaluate_command_reports_precision_and_recall(capsys):
    from etl.__main__ import main
    from tests.conftest import ROOT

    assert main(["evaluate", str(ROOT / "tests" / "eval" / "places_holdout.csv"), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "places_holdout.csv: 174 cases" in out and "precision" in out and "  missed  'Pouchkine' (RU)" in out


def test_the_evaluation_by_country_pools_the_files_and_counts_each_countrys_wrong_answers(tmp_path, capsys):
    """`--by-country`: the cases of every file given, pooled, by continent and by country; a
    country's wrong answer counts against that country alone."""
    from etl.__main__ import main

    labelled = tmp_path / "places_two.csv"
    labelled.write_text(
        "text,country,hint,expected,category\n"
        "Ville de Sfax,TN,,TN-61,town\n"
        "Ville de Sousse,TN,,TN-13,town\n"  # Sousse is TN-51: a wrong answer, on purpose
        "Ville de Cusco,PE,,PE-CUS,town\n"
        "Association des maires,PE,,,no_place\n",
        encoding="utf-8",
    )
    assert main(["evaluate", str(labelled), str(labelled), "--by-country"]) == 0
    out = capsys.readouterr().out
    assert "All 2 file(s): 8 cases (6 with an expected region): answered 6, wrong 2" in out
    assert (
        "| Africa | 4 | 4 | 4 | 2 | 50.0% | 50.0% |" in out and "| Americas | 4 | 2 | 2 | 0 | 100.0% | 100.0% |" in out
    )
    assert "| TN | 4 | 4 | 4 | 2 | 50.0% | 50.0% |" in out and "| PE | 4 | 2 | 2 | 0 | 100.0% | 100.0% |" in out


def test_a_hint_two_units_bear_as_their_own_name_casts_no_doubt(resolver):
    """A region column saying "Minsk" or "Zagreb" names the city that is a unit of its own or the
    region around it alike: it does not move a town of the region to review; a hint naming
    another region still does."""
    assert resolver.hint_code("Minsk", "BY") is None and resolver.hint_code("Zagreb", "HR") is None
    assert resolver.resolve_actor("Ville de Maladzyechna", "BY", "Minsk").regions == ("BY-MI",)
    assert resolver.resolve_actor("Grad Velika Gorica", "HR", "Zagreb").regions == ("HR-01",)
    doubted = resolver.resolve_actor("Ville de Maladzyechna", "BY", "Vitebsk")
    assert doubted.regions == () and [p.region_code for p in doubted.to_review] == ["BY-MI"]


def test_a_name_nothing_reads_lies_where_its_brackets_say(resolver):
    """ "Commune de Bandalungwa (Kinshasa)": a commune the gazetteer does not know, in the unit its
    brackets name with confidence; brackets naming a namesake (Neustadt), a country or no place say
    nothing. A body abroad (an association) lies there too; a French one stays a body."""
    found = resolver.resolve_actor("Commune de Bandalungwa (Kinshasa)", "CD")
    assert found.regions == ("CD-KN",) and "named_in_brackets" in [c.key for c in found.places[0].clauses]
    assert resolver.resolve_actor("Quartier Zogona (Ouagadougou)", "BF").regions == ("BF-03",)
    for text, country in [
        ("Conseil de quartier Bar (Neustadt)", "DE"),
        ("Comité Bzz (Mali)", "ML"),
        ("Ville de Luang Prabang (Laos)", "VN"),
    ]:  # a country: the row is another country's
        assert resolver.resolve_actor(text, country).regions == ()
    # a body abroad lies in its town; on the French side it stays a body (a school is not its town)
    assert resolver.resolve_actor("Association Tefy Saina (Antsirabe)", "MG").regions == ("MG-T",)
    assert resolver.resolve_actor("Lycée Jean Moulin (Albi)", "FR").regions == ()


def test_a_cell_written_without_spaces_is_the_place_it_begins_with(resolver):
    """Chinese, Japanese, Korean: a unit's or a city's name, its kind written (県, 市, 도…), then a
    body's short word or a place of the same unit; never two units, nor a long remainder, nor a
    bare name whose next sign is its kind."""
    found = resolver.resolve_actor("静岡県庁", "JP")
    assert found.regions == ("JP-22",) and "named_at_start" in [c.key for c in found.places[0].clauses]
    assert resolver.resolve_actor("大阪府堺市", "JP").regions == ("JP-27",)
    assert resolver.resolve_actor("大阪府京都市", "JP").regions == ()  # Osaka, then Kyoto
    assert resolver.resolve_actor("成都市人民政府外事办公室", "CN").regions == ()
    assert resolver.resolve_actor("名古屋大学", "JP").regions == ()  # 名古屋 has no kind written


def test_a_point_is_inside_an_outer_ring_and_outside_its_holes():
    from etl.outlines import inside

    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    hole = [(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0)]
    assert inside(1.0, 1.0, [[square]]) and not inside(11.0, 1.0, [[square]])
    assert not inside(5.0, 5.0, [[square, hole]]) and inside(3.0, 5.0, [[square, hole]])
    assert inside(25.0, 5.0, [[square], [[(x + 20, y) for x, y in square]]])  # a second polygon


def test_an_outline_file_missing_or_broken_holds_no_point(tmp_path):
    from etl.outlines import Outlines

    (tmp_path / "XX.geojson").write_text('{"type": "FeatureCollection", "features": [{"id": "XX-A", "geometry": '
                                         '{"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10]]]}}]}')  # fmt: skip
    (tmp_path / "YY.geojson").write_text("{not json")
    outlines = Outlines(lambda country: tmp_path / f"{country}.geojson")
    assert outlines.holds("XX-A", 5.0, 5.0) and not outlines.holds("XX-A", 15.0, 5.0)
    assert not outlines.holds("YY-A", 5.0, 5.0) and not outlines.holds("ZZ-A", 5.0, 5.0)


def test_a_region_column_naming_the_unit_a_town_was_carved_from_settles_it(resolver):
    """Béni Abbès, a wilaya since 2019 that no outline draws yet, lies inside Béchar's outline: a
    row saying "Béchar" was written before the reform, and the town's own unit is the answer, said
    so. A column naming a unit it does not lie in still leaves it to review."""
    found = resolver.resolve_actor("Commune de Béni Abbès", "DZ", "Béchar")
    assert found.regions == ("DZ-52",) and "carved_from" in [c.key for c in found.places[0].clauses]
    doubted = resolver.resolve_actor("Commune de Béni Abbès", "DZ", "Adrar")
    assert doubted.regions == () and [p.region_code for p in doubted.to_review] == ["DZ-52"]
    # a unit that an outline draws (Ñuble, 2018) is not so read: the column contradicts the town
    assert resolver.resolve_actor("Ville de San Carlos", "CL", "Biobío").regions == ()


def test_a_kind_written_in_the_countrys_own_language_is_that_kind(resolver):
    """ "Opština Bar": the sources call Podgorica "Opstina Podgorica", so "opština" is what
    Montenegro's municipalities are called — no contradiction with their kind; "Oblast de Kiev"
    still contradicts Kyiv the city (an oblast is not a city)."""
    assert resolver.resolve_actor("Opština Bar", "ME").regions == ("ME-02",)
    assert "opstina" in resolver.local_kind_words("ME", resolver.regions["ME-02"].kinds)
    doubted = resolver.resolve_actor("Oblast de Kiev", "UA")
    assert doubted.regions == () and [c.key for p in doubted.to_review for c in p.clauses] == ["kind_contradicts"]


def test_a_body_named_after_a_unit_in_the_genitive_is_that_unit(resolver):
    """ "Gotlands kommun": the municipality of Gotland, named after the island county in the
    genitive; a town's body stays the town's ("Uppsala kommun")."""
    assert resolver.resolve_actor("Gotlands kommun", "SE").regions == ("SE-I",)
    assert resolver.resolve_actor("Uppsala kommun", "SE").places[0].kind == "town"


def test_a_lao_name_is_found_in_either_spelling_of_its_lo(resolver):
    """ "ຫຼວງພະບາງ" (the subscript lo) and "ຫລວງພະບາງ" (the letter) are one spelling: Luang Prabang."""
    from etl.normalize import fold

    assert fold("ຫຼວງພະບາງ") == fold("ຫລວງພະບາງ") and " " not in fold("ຫຼວງພະບາງ")
    assert resolver.resolve_actor("ຫຼວງພະບາງ", "LA").regions == ("LA-LP",)


def test_a_place_followed_by_its_own_country_is_that_place(resolver):
    """ "Saint-Louis du Sénégal", "Bamako au Mali": the country said after the name is the side's
    own, not part of the name; a name that is only the country stays whole ("Ville de Mexico")."""
    assert resolver.resolve_actor("Saint-Louis du Sénégal", "SN").regions == ("SN-SL",)
    assert resolver.resolve_actor("Bamako au Mali", "ML").regions == ("ML-BKO",)
    assert resolver.resolve_actor("Ville de Mexico", "MX").places


def test_a_bare_alias_other_units_share_as_their_stem_is_the_historic_region(resolver):
    """ "Moravie" is only an alias of Moravie-Silésie and the stem of "Moravie-du-Sud": bare, it
    names the historic region (to review). A unit's own name stays the unit although another
    unit's name holds it ("Virginie" beside "Virginie-Occidentale", "Saxe" beside "Basse-Saxe")."""
    found = resolver.resolve_actor("Moravie", "CZ")
    assert found.places == () and "shares too" in found.to_review[0].evidence
    assert resolver.resolve_actor("Virginie", "US").regions == ("US-VA",)
    assert resolver.resolve_actor("Saxe", "DE").regions == ("DE-SN",)
    assert resolver.resolve_actor("Région de Moravie-Silésie", "CZ").regions == ("CZ-80",)
    # a unit whose own name is also written as a qualified part of it ("Silésie (Haute-Silésie)")
    # beside another part ("Basse-Silésie"): bare, the wider historic region; written whole, the unit
    silesia = resolver.resolve_actor("Silésie", "PL")
    assert silesia.places == () and "PL-02" in silesia.to_review[0].evidence
    assert resolver.resolve_actor("Voïvodie de Silésie", "PL").regions == ("PL-24",)
    assert resolver.resolve_actor("Basse-Silésie", "PL").regions == ("PL-02",)


def test_a_town_at_the_start_of_a_longer_hyphenated_name_is_not_that_town(resolver):
    # Bobo-Dioulasso (Burkina Faso) in an Ivorian row: not the village "Bobo" of Côte d'Ivoire
    found = resolver.resolve_actor("Bobo-Dioulasso", "CI")
    assert found.places == () and "hyphenated" in found.to_review[0].evidence
    assert resolver.resolve_actor("Dakar-Plateau", "SN").regions == ("SN-DK",)  # a large town's quarter


def test_a_capital_named_like_a_province_is_to_review_and_its_own_unit_when_written_so(resolver):
    """The capital Vientiane is a prefecture (LA-VT) beside the province of Vientiane (LA-VI);
    Maputo's city (MZ-MPM) beside Maputo province: the second source files their towns."""
    bare = resolver.resolve_actor("Vientiane", "LA")
    assert bare.places == () and {p.region_code for p in bare.to_review} == {"LA-VT"}
    assert resolver.resolve_actor("Préfecture de Vientiane", "LA").regions == ("LA-VT",)
    assert resolver.resolve_actor("Province de Vientiane", "LA").regions == ("LA-VI",)
    assert resolver.resolve_actor("Sarajevo", "BA").regions == ("BA-BIH",)
    assert resolver.resolve_actor("Banja Luka", "BA").regions == ("BA-SRP",)
    assert resolver.resolve_actor("Ville de Lubumbashi", "CD").regions == ("CD-HK",)


def test_a_sizable_namesake_elsewhere_leaves_a_town_to_review_unless_it_is_a_seat(resolver):
    """Frankfurt (Oder), 57,000 people, beside Frankfurt am Main (11× larger): "Francfort" alone
    does not say which. A seat of its unit is meant by its name (Kirov, Blagoveshchensk beside
    smaller Kirov and Blagoveshchensk elsewhere); a namesake village casts no doubt (Valence)."""
    found = resolver.resolve_actor("Ville de Francfort", "DE")
    assert found.places == () and "Frankfurt (Oder)" in found.to_review[0].evidence
    assert resolver.resolve_actor("Francfort-sur-le-Main", "DE").regions == ("DE-HE",)
    assert resolver.resolve_actor("Fuchū", "JP").places == ()
    assert resolver.resolve_actor("Kirov", "RU").regions == ("RU-KIR",)
    assert resolver.resolve_actor("Blagovechtchensk", "RU").regions == ("RU-AMU",)
    assert resolver.resolve_actor("Valence", "FR").regions == ("FR-ARA",)


def test_a_towns_own_name_is_no_evidence_of_its_unit(resolver):
    """Newport is also a principal area Wales lists among its aliases: "Ville de Newport" reads
    that name once, as the town's, and the English Newport (25,000 people) still casts doubt."""
    found = resolver.resolve_actor("Ville de Newport", "GB")
    assert found.places == () and {p.region_code for p in found.to_review} == {"GB-WLS"}


def test_a_city_that_is_a_unit_of_its_own_is_that_unit(resolver):
    """Osh, Lima and Pattaya are first-level units of their own (ISO KG-GO "Osh Shaary", PE-LMA
    "Municipalidad Metropolitana de Lima", TH-S "Phatthaya") that GeoNames files under the region
    around them; a town body names the city, and so does its bare name (the region named after
    it, KG-O, is written "Région d'Och"; Washington stays the capital or the state); a town
    within reach of such a city and filed like it may be one of its quarters (Miraflores); a
    neighbour that is a unit of its own is not (Callao)."""
    assert resolver.resolve_actor("Ville d'Och", "KG").regions == ("KG-GO",)
    assert resolver.resolve_actor("Ville de Pattaya", "TH").regions == ("TH-S",)
    assert resolver.resolve_actor("Municipalidad de Lima", "PE").regions == ("PE-LMA",)
    assert resolver.resolve_actor("Osh", "KG").regions == ("KG-GO",)
    assert resolver.resolve_actor("Région d'Och", "KG").regions == ("KG-O",)
    assert resolver.resolve_actor("Tachkent", "UZ").regions == ("UZ-TK",)
    quarter = resolver.resolve_actor("Municipalidad de Miraflores", "PE")
    assert quarter.places == () and "PE-LMA" in quarter.to_review[0].evidence
    assert resolver.resolve_actor("Callao", "PE").regions == ("PE-CAL",)
    assert resolver.resolve_actor("Ville de Washington", "US").regions == ("US-DC",)
    # a unit named after a town that another unit of a city kind already is: not that town's
    # (Ventspils is the state city LV-VEN, not "Ventspils novads", the municipality around it)
    assert "LV-106" not in resolver.resolve_actor("Ventspils", "LV").regions
    assert resolver.resolve_actor("Washington", "US").places == ()


@pytest.mark.parametrize(
    ("actor", "country", "region"),
    [("County Government of Kisumu", "KE", "KE-17"),  # the kind's body between the kind and the name
     ("Regione Autonoma della Sardegna", "IT", "IT-88"), ("Regione del Veneto", "IT", "IT-34"),  # Italian links
     ("Turkana County Government", "KE", "KE-43"), ("Elgeyo-Marakwet County Government", "KE", "KE-05")],
)  # fmt: skip
def test_a_unit_written_with_its_kinds_body_or_an_italian_link(resolver, actor, country, region):
    assert resolver.resolve_actor(actor, country).regions == (region,)


def test_a_departement_written_in_english_and_a_town_that_only_starts_a_hyphenated_name(resolver):
    """Audit 5: "Ille-et-Vilaine Departmental Council" was read as Ille-sur-Têt (whose other name
    is Ille), and "Finistère Departmental Council" as nothing."""
    assert resolver.resolve_actor("Ille-et-Vilaine Departmental Council", "FR").regions == ("FR-BRE",)
    assert resolver.resolve_actor("The Gironde Department", "FR").regions == ("FR-NAQ",)
    agency = resolver.resolve_actor("Agence Ille-et-Vilaine", "FR")
    assert agency.places == () and "hyphenated" in agency.to_review[0].evidence
    assert resolver.resolve_actor("Mairie de Bar-le-Duc", "FR").regions == ("FR-GES",)


def test_a_small_partner_town_named_like_a_much_larger_french_city_is_to_review(resolver):
    """ "Ville de Lille" in a Belgian row (Lille, Antwerp: 16,000 people): the French city in the
    wrong cell, or the village? To review. A hint for the partner's town settles it."""
    lille = resolver.resolve_actor("Ville de Lille", "BE")
    assert lille.places == () and "French city" in lille.to_review[0].evidence
    assert resolver.resolve_actor("Paris, Texas", "US").regions == ("US-TX",)
    assert resolver.resolve_actor("Valence", "ES").regions == ("ES-VC",)  # Valencia: larger than Valence


def test_a_bracketed_name_of_a_unit_and_of_a_city_in_another_unit_says_neither(resolver):
    """ "(Lima)": the region of Lima, or the city, the unit of Lima's metropolitan municipality."""
    miraflores = resolver.resolve_actor("Municipalidad de Miraflores (Lima)", "PE")
    assert "PE-LIM" not in miraflores.regions


def test_a_feature_named_with_its_country_is_not_a_unit_named_like_the_feature(resolver):
    assert resolver.resolve_actor("Lac Tchad", "TD").places == ()  # the lake, not Chad's region Lac
    assert resolver.resolve_actor("Région du Lac", "TD").regions == ("TD-LC",)


def test_a_unit_written_with_its_own_countrys_kind_word(resolver):
    """Andorra's and Jamaica's units are parishes: "Paroisse de …" names one; a town's own word
    names the town even where towns are units ("Ville d'Och" is not Osh region)."""
    assert resolver.resolve_actor("Paroisse d'Ordino", "AD").regions == ("AD-05",)
    assert resolver.resolve_actor("Parish of Saint Andrew", "JM").regions == ("JM-02",)
    assert resolver.resolve_actor("Ville d'Och", "KG").regions != ("KG-O",)


def test_towns_of_a_country_whose_outlines_were_shifted_are_in_their_own_units(resolver):
    """Natural Earth's Eritrean outlines carry their neighbours' codes in a cycle (their GeoNames
    names say so); the reference data moves them back (scripts/worldref/matching.coded_names), so
    Keren is in Anseba and Asmara in Maekel, not in the unit whose outline held them."""
    assert resolver.resolve_actor("Keren", "ER").regions == ("ER-AN",)
    assert resolver.resolve_actor("Asmara", "ER").regions == ("ER-MA",)
    assert resolver.resolve_actor("Mendefera", "ER").regions == ("ER-DU",)


def test_a_lower_unit_spelled_otherwise_is_its_first_level_unit_when_its_town_agrees(resolver):
    """ "Préfecture de Mohammedia": ISO writes the prefecture "Mohammadia" (a name of
    Casablanca-Settat); the one town Mohammedia lies there too, so the two readings agree. A unit
    no name of the town's subdivision is spelled like is the unit its town lies in, said so (Kasba
    Tadla is a town, no province: whatever the writer meant lies in Béni Mellal-Khénifra)."""
    found = resolver.resolve_actor("Préfecture de Mohammedia", "MA")
    assert found.regions == ("MA-06",) and "Mohammadia" in found.places[0].evidence
    assert "unité de nom voisin (Mohammadia)" in found.places[0].evidence_fr
    town = resolver.resolve_actor("Province de Kasba Tadla", "MA")
    assert town.regions == ("MA-05",) and "named after its town, Kasba Tadla" in town.places[0].evidence


def test_a_town_no_unit_files_is_in_the_recent_unit_its_row_names(resolver):
    """Ulytau (KZ-62, 2022) has no GeoNames code: the gazetteer files Jezkazgan in no unit. The
    row naming that unit is then the answer, said as such; a row naming a unit that does file
    towns (Aqmola) settles nothing, and no row leaves the town's unit unknown."""
    found = resolver.resolve_actor("Ville de Jezkazgan", "KZ", "Ulytau oblysy")
    assert found.regions == ("KZ-62",) and "files no town" in found.places[0].evidence
    assert "aucune ville" in found.places[0].evidence_fr
    assert resolver.resolve_actor("Ville de Jezkazgan", "KZ", "Aqmola").regions == ()
    assert resolver.resolve_actor("Ville de Jezkazgan", "KZ").regions == ()
