"""Themes by evidence and the country groups' data."""

from __future__ import annotations

import pytest

from etl.vocab import THEMES, country_words, load_countries, normalize_theme, partner_countries


@pytest.mark.parametrize(
    ("label", "theme"),
    [
        ("partenariats et jumelages", "partnerships"),
        ("Partenariats & jumelages", "partnerships"),
        ("Jumelages et partenariats institutionnels", "partnerships"),
        ("partnerships and twinning programmes", "partnerships"),
        ("Twinning", "partnerships"),
        ("coopération universitaire, recherche", "academic"),
        ("Coopération universitaire et scientifique", "academic"),
        ("Academic cooperation and research", "academic"),
        ("Enseignement supérieur et recherche", "academic"),
        ("coopération culturelle et éducative", "culture"),
        ("Culture et patrimoine", "culture"),
        ("Cultural and educational cooperation", "culture"),
        ("économie, tourisme", "economy"),
        ("Coopération économique", "economy"),
        ("Économie et commerce", "economy"),
        ("Tourism and gastronomy", "economy"),
        ("environnement", "environment"),
        ("Développement durable et climat", "environment"),
        ("Environment and climate", "environment"),
        ("Transition écologique", "environment"),
        ("sport", "sport"),
        ("Sports", "sport"),
        ("Sport et olympisme", "sport"),
        ("santé", "other"),  # no theme's word: loaded under 'other', flagged
        ("Jeunesse", "other"),
        ("Économie et environnement", "other"),  # two themes equally: not guessed
    ],
)
def test_a_theme_header_by_its_words(label, theme):
    assert normalize_theme(label) == theme


def test_country_groups_are_data():
    countries = load_countries()
    assert set(partner_countries()) >= {"RU", "JP"} and "FR" not in partner_countries()
    assert countries["JP"].subdivision_fr == "préfecture" and countries["RU"].subdivision_en == "federal subject"
    words = country_words()
    assert words["russe"] == "RU" and words["franco japonaise"] == "JP" and "francais" not in words
    assert THEMES[-1] == "other"
