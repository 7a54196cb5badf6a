"""Table-driven tests of the value normalizers."""

from __future__ import annotations

from datetime import date

import pytest

from etl.normalize import (
    classify_actor,
    clean_text,
    fold,
    join_continuation,
    normalize_subtheme,
    normalize_theme,
    read_dates,
    read_text_dates,
)


@pytest.mark.parametrize(
    ("label", "theme"),
    [
        ("partenariats et jumelages", "partnerships"),
        ("partnerships and twinning programmes", "partnerships"),
        ("coopération universitaire, recherche", "academic"),
        ("Academic cooperation and research", "academic"),
        ("coopération culturelle et éducative", "culture"),
        ("Cultural and educational cooperation", "culture"),
        ("économie, tourisme", "economy"),
        ("environnement", "environment"),
        ("sport", "sport"),
        ("santé", None),
    ],
)
def test_normalize_theme(label, theme):
    assert normalize_theme(label) == theme


@pytest.mark.parametrize(
    ("cell", "semester", "start", "end", "year"),
    [
        ("Semestre 2", "S2", None, None, 2021),
        ("A voir au semestre 2", "S2", None, None, 2021),
        ("Premier semestre", "S1", None, None, 2021),
        ("Second semestre 2021", "S2", None, None, 2021),
        ("Semestre 2 : décembre 2021", "S2", date(2021, 12, 1), date(2021, 12, 31), 2021),
        (
            "Second semestre : du 9 au 19 décembre 2021",
            "S2",
            date(2021, 12, 9),
            date(2021, 12, 19),
            2021,
        ),
        ("3ème trimestre 2021", "S2", date(2021, 7, 1), date(2021, 9, 30), 2021),
        ("2ème trimestre 2021", "S1", date(2021, 4, 1), date(2021, 6, 30), 2021),
        (
            "Semestre 1 : février 2021 (webinaire uniquement)",
            "S1",
            date(2021, 2, 1),
            date(2021, 2, 28),
            2021,
        ),
        ("Premier semestre : 20 – 21 juin 2021", "S1", date(2021, 6, 20), date(2021, 6, 21), 2021),
        ("Second semestre 2021 : 6 – 9 septembre", "S2", date(2021, 9, 6), date(2021, 9, 9), 2021),
        (
            "Second semestre 2021 : fin août – début septembre",
            "S2",
            date(2021, 8, 1),
            date(2021, 9, 30),
            2021,
        ),
        ("1 février 2021 – 28 février 2021", "S1", date(2021, 2, 1), date(2021, 2, 28), 2021),
        ("Décembre 2021", "S2", date(2021, 12, 1), date(2021, 12, 31), 2021),
        ("Tout au long de l'année 2021", "YEAR", None, None, 2021),
        ("Tout au long de l'année 2020", "YEAR", None, None, 2020),
        ("Throughout 2021", "YEAR", None, None, 2021),
        ("Semester 2: 9-19 December 2021", "S2", date(2021, 12, 9), date(2021, 12, 19), 2021),
        ("Angers", "UNKNOWN", None, None, None),
        ("", "UNKNOWN", None, None, None),
    ],
)
def test_read_dates(cell, semester, start, end, year):
    info = read_dates(cell, 2021)
    assert (info.semester, info.date_start, info.date_end, info.year) == (
        semester,
        start,
        end,
        year,
    )


def test_a_stated_semester_that_contradicts_its_dates_is_a_conflict():
    assert read_dates("Premier semestre : 9 – 19 décembre 2021", 2021).conflict
    assert not read_dates("Second semestre : 9 – 19 décembre 2021", 2021).conflict


@pytest.mark.parametrize(
    ("text", "semester", "start", "end"),
    [
        ("Conférence (11-15 mai 2021)", "S1", date(2021, 5, 11), date(2021, 5, 15)),
        ("Organisation en juillet 2021 à Ekaterinbourg", "S2", date(2021, 7, 1), date(2021, 7, 31)),
        ("Exposition (avril - septembre 2021)", "YEAR", date(2021, 4, 1), date(2021, 9, 30)),
        ("Exposition du 13 novembre au 23 décembre", "S2", date(2021, 11, 13), date(2021, 12, 23)),
        ("En novembre 2015, la ville invitait ses partenaires.", "UNKNOWN", None, None),
        ("suite à la pandémie-2020.", "UNKNOWN", None, None),
    ],
)
def test_read_text_dates_keeps_only_the_catalogue_year(text, semester, start, end):
    info = read_text_dates(text, 2021)
    assert (info.semester, info.date_start, info.date_end) == (semester, start, end)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("<b>50<sup>ème</sup> anniversaire</b>", "50ème anniversaire"),
        ("son 45 <sup>ème</sup> anniversaire", "son 45ème anniversaire"),
        ("<p>Un.</p> <p>Deux.</p>", "Un. Deux."),
        ('"La troupe ""Zercala"" joue"', 'La troupe "Zercala" joue'),
        ("A &amp; B", "A & B"),
    ],
)
def test_clean_text(cell, text):
    assert clean_text(cell) == text


@pytest.mark.parametrize(
    ("a", "b"),
    [("Saint- Pétersbourg", "saint petersbourg"), ("St Pétersbourg", "saint petersbourg"),
     ("Hérouville-Saint-Clair", "herouville saint clair"), ("Voronjeï", "voronjei")],
)  # fmt: skip
def test_fold(a, b):
    assert fold(a) == b


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [("entre Hérouville-", "Saint-Clair", "entre Hérouville-Saint-Clair"),
     ("l'inventaire Français du", "patrimoine", "l'inventaire Français du patrimoine"),
     ("", "x", "x")],
)  # fmt: skip
def test_join_continuation(head, tail, joined):
    assert join_continuation(head, tail) == joined


@pytest.mark.parametrize(
    ("actor", "kind"),
    [("Nice", "commune"), ("Ville de Poissy / Département des Yvelines", "commune"),
     ("Conseil régional d'ARA", "region"), ("Montpellier Méditerranée Métropole", "intercommunality"),
     ("SCAC – IFR", "state"), ("A définir", "to_be_defined"), ("INALCO", "higher_education"),
     ("Université de Versailles, Saint-Quentin en Yvelines", "higher_education")],
)  # fmt: skip
def test_classify_actor(actor, kind):
    assert classify_actor(actor) == kind


def test_normalize_subtheme():
    assert normalize_subtheme("Economie") == "economy" and normalize_subtheme("Tourism") == "tourism"
    assert normalize_subtheme("Bretagne") is None
