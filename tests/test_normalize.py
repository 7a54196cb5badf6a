"""Table-driven tests of the value normalizers."""

from __future__ import annotations

import pytest

from etl.normalize import (
    classify_actor,
    clean_text,
    fold,
    join_continuation,
    normalize_subtheme,
)


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
