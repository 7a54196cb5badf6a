"""Town bodies written in their own language: the grammar's pure parts (etl.town_bodies)."""

from __future__ import annotations

import pytest

from etl.normalize import fold
from etl.town_bodies import inflected, inflected_keys, town_name


def name_of(text: str):
    return town_name(tuple(fold(text).split()))


@pytest.mark.parametrize(
    ("text", "name", "declined"),
    [
        ("Администрация города Курска", "курска", True),
        ("Urząd Miasta Lublina", "lublina", True),
        ("Urząd Miejski w Gnieźnie", "gnieznie", True),  # "in Gniezno": the locative after "w"
        ("Městský úřad v Táboře", "tabore", True),
        ("Δήμος Ηρακλείου", "ηρακλειου", True),
        ("Primăria Municipiului Iași", "iasi", True),
        ("Stadtverwaltung Jena", "jena", False),
        ("Prefeitura de Olinda", "olinda", False),
        ("เทศบาลนครขอนแก่น", fold("ขอนแก่น"), False),  # no space between the body and the name
        ("名古屋市役所", "名古屋", False),
    ],
)
def test_the_name_a_body_is_written_around(text, name, declined):
    assert name_of(text) == (name, declined)


@pytest.mark.parametrize(
    "text",
    ["Kharkiv", "Université de Lviv", "Львівська обласна державна адміністрація та її партнери з Польщі"],
)
def test_no_body_word_or_more_than_one_name_is_no_town_body(text):
    found = name_of(text)
    assert found is None or len(found[0].split()) > 1  # a region's body keeps its region word


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("курск", "курска"),  # genitive
        ("ярославль", "ярославля"),  # the soft sign is the name's own ending
        ("vilnius", "vilniaus"),
        ("brno", "brna"),  # a short name: all of it but its last letter
        ("львів", fold("львівська")),  # an adjective
        ("санкт петербург", "санкт петербурга"),  # several words, the last declined
    ],
)
def test_inflected_forms_of_a_name(name, written):
    assert inflected(name, written) > 0


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("курск", "курск"),  # the same word: not an inflection (the exact name is looked up first)
        ("тула", "тулуза"),  # a longer word beginning like a short name
        ("kiel", "kielcowski"),  # more letters added than any case adds
        ("moskva", "mosul"),
        ("nowy sacz", "stary sacza"),  # words before the last must be equal
    ],
)
def test_words_that_are_not_inflected_forms(name, written):
    assert inflected(name, written) == 0


def test_inflected_keys_looks_among_sorted_names_longest_stem_first():
    keys = sorted(["курган", "курск", "курская дуга", "куртамыш", "ярославль"])
    assert inflected_keys(keys, "курска") == ["курск"]
    assert inflected_keys(keys, "ярославля") == ["ярославль"]
    assert inflected_keys(keys, "омска") == []


def test_a_name_the_written_form_is_plus_one_letter_is_read_before_longer_endings():
    """ "Кировска" is Кировск in the genitive, not Киров with three letters more; without such a
    name, every reading stays (Київська: Київ, as well as a village Київське)."""
    keys = sorted(["киров", "кировск", "київ", "київське"])
    assert inflected_keys(keys, "кировска") == ["кировск"]
    assert inflected_keys(keys, "київська") == ["київське", "київ"]
