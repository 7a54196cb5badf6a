"""The date grammar: a table of written forms in French and English, and a property test.

Each row: (text, language, semester, start, end, year) with the catalogue year 2024 as default.
Expectations follow the rule stated in `etl/dates.py` (and docs/reading-rules.md), not the code's output.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.dates import SEMESTERS, _read, _read_text, read_dates, read_text_dates


def d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


S1, S2, Y, U = "S1", "S2", "YEAR", "UNKNOWN"
H1 = ("2024-01-01", "2024-06-30")
H2 = ("2024-07-01", "2024-12-31")
ALL = ("2024-01-01", "2024-12-31")

TABLE = [
    # --- ordinal semesters, French
    ("1er semestre", "fr", S1, *H1),
    ("1er semestre 2024", "fr", S1, *H1),
    ("premier semestre", "fr", S1, *H1),
    ("Premier semestre 2024", "fr", S1, *H1),
    ("1re moitié de l'année", "fr", S1, *H1),
    ("première moitié de 2024", "fr", S1, *H1),
    ("2e semestre", "fr", S2, *H2),
    ("2e semestre 2024", "fr", S2, *H2),
    ("2ème semestre", "fr", S2, *H2),
    ("2<sup>ème</sup> semestre 2024", "fr", S2, *H2),
    ("2nd semestre 2024", "fr", S2, *H2),
    ("2d semestre", "fr", S2, *H2),
    ("second semestre", "fr", S2, *H2),
    ("Seconde moitié de l'année", "fr", S2, *H2),
    ("deuxième semestre 2024", "fr", S2, *H2),
    ("Semestre 1", "fr", S1, *H1),
    ("Semestre 2", "fr", S2, *H2),
    ("semestre 2 2024", "fr", S2, *H2),
    ("A voir au semestre 2", "fr", S2, *H2),
    ("au 2e semestre", "fr", S2, *H2),
    ("sem. 2", "fr", S2, *H2),
    ("S1", "fr", S1, *H1),
    ("S2", "fr", S2, *H2),
    ("S2 2024", "fr", S2, *H2),
    ("S1-2024", "fr", S1, *H1),
    ("1er et 2e semestres 2024", "fr", Y, *ALL),
    ("les deux semestres", "fr", Y, *ALL),
    # --- ordinal semesters, English
    ("first semester", "en", S1, *H1),
    ("1st semester 2024", "en", S1, *H1),
    ("second semester", "en", S2, *H2),
    ("2nd semester 2024", "en", S2, *H2),
    ("Semester 2", "en", S2, *H2),
    ("first half", "en", S1, *H1),
    ("First half of 2024", "en", S1, *H1),
    ("2nd half", "en", S2, *H2),
    ("second half of the year", "en", S2, *H2),
    ("H1", "en", S1, *H1),
    ("H2", "en", S2, *H2),
    ("H2 2024", "en", S2, *H2),
    ("1H 2024", "en", S1, *H1),
    ("both halves", "en", Y, *ALL),
    # --- quarters
    ("T1", "fr", S1, "2024-01-01", "2024-03-31"),
    ("T2 2024", "fr", S1, "2024-04-01", "2024-06-30"),
    ("T3", "fr", S2, "2024-07-01", "2024-09-30"),
    ("T3 2024", "fr", S2, "2024-07-01", "2024-09-30"),
    ("T4 2024", "fr", S2, "2024-10-01", "2024-12-31"),
    ("1er trimestre 2024", "fr", S1, "2024-01-01", "2024-03-31"),
    ("premier trimestre", "fr", S1, "2024-01-01", "2024-03-31"),
    ("2e trimestre", "fr", S1, "2024-04-01", "2024-06-30"),
    ("deuxième trimestre 2024", "fr", S1, "2024-04-01", "2024-06-30"),
    ("3e trimestre", "fr", S2, "2024-07-01", "2024-09-30"),
    ("3ème trimestre 2024", "fr", S2, "2024-07-01", "2024-09-30"),
    ("troisième trimestre", "fr", S2, "2024-07-01", "2024-09-30"),
    ("4e trimestre 2024", "fr", S2, "2024-10-01", "2024-12-31"),
    ("quatrième trimestre", "fr", S2, "2024-10-01", "2024-12-31"),
    ("Q1", "en", S1, "2024-01-01", "2024-03-31"),
    ("Q2 2024", "en", S1, "2024-04-01", "2024-06-30"),
    ("Q3", "en", S2, "2024-07-01", "2024-09-30"),
    ("Q4", "en", S2, "2024-10-01", "2024-12-31"),
    ("Q4 2024", "en", S2, "2024-10-01", "2024-12-31"),
    ("first quarter", "en", S1, "2024-01-01", "2024-03-31"),
    ("second quarter of 2024", "en", S1, "2024-04-01", "2024-06-30"),
    ("third quarter", "en", S2, "2024-07-01", "2024-09-30"),
    ("3rd quarter 2024", "en", S2, "2024-07-01", "2024-09-30"),
    ("fourth quarter 2024", "en", S2, "2024-10-01", "2024-12-31"),
    ("quarter 2", "en", S1, "2024-04-01", "2024-06-30"),
    # --- seasons (meteorological): spring S1, autumn S2, summer a window across 30 June, winter across years
    ("printemps", "fr", S1, "2024-03-01", "2024-05-31"),
    ("Printemps 2024", "fr", S1, "2024-03-01", "2024-05-31"),
    ("au printemps 2024", "fr", S1, "2024-03-01", "2024-05-31"),
    ("début du printemps", "fr", S1, "2024-03-01", "2024-05-31"),
    ("été", "fr", U, "2024-06-01", "2024-08-31"),
    ("Été 2024", "fr", U, "2024-06-01", "2024-08-31"),
    ("l'été 2024", "fr", U, "2024-06-01", "2024-08-31"),
    ("en été", "fr", U, "2024-06-01", "2024-08-31"),
    ("automne", "fr", S2, "2024-09-01", "2024-11-30"),
    ("Automne 2024", "fr", S2, "2024-09-01", "2024-11-30"),
    ("à l'automne 2024", "fr", S2, "2024-09-01", "2024-11-30"),
    ("hiver 2024-2025", "fr", U, "2024-12-01", "2025-02-28"),
    ("hiver", "fr", U, "2024-12-01", "2025-02-28"),
    ("rentrée 2024", "fr", S2, "2024-09-01", "2024-09-30"),
    ("rentrée scolaire 2024", "fr", S2, "2024-09-01", "2024-09-30"),
    ("spring", "en", S1, "2024-03-01", "2024-05-31"),
    ("Spring 2024", "en", S1, "2024-03-01", "2024-05-31"),
    ("in the spring of 2024", "en", S1, "2024-03-01", "2024-05-31"),
    ("summer", "en", U, "2024-06-01", "2024-08-31"),
    ("Summer 2024", "en", U, "2024-06-01", "2024-08-31"),
    ("autumn 2024", "en", S2, "2024-09-01", "2024-11-30"),
    ("Fall 2024", "en", S2, "2024-09-01", "2024-11-30"),
    ("winter 2024-25", "en", U, "2024-12-01", "2025-02-28"),
    # --- months
    ("octobre", "fr", S2, "2024-10-01", "2024-10-31"),
    ("Octobre 2024", "fr", S2, "2024-10-01", "2024-10-31"),
    ("en mars 2024", "fr", S1, "2024-03-01", "2024-03-31"),
    ("juin 2024", "fr", S1, "2024-06-01", "2024-06-30"),
    ("juillet 2024", "fr", S2, "2024-07-01", "2024-07-31"),
    ("Décembre 2021", "fr", S2, "2021-12-01", "2021-12-31"),
    ("fin août", "fr", S2, "2024-08-01", "2024-08-31"),
    ("début septembre 2024", "fr", S2, "2024-09-01", "2024-09-30"),
    ("mi-mai", "fr", S1, "2024-05-01", "2024-05-31"),
    ("courant avril 2024", "fr", S1, "2024-04-01", "2024-04-30"),
    ("févr. 2024", "fr", S1, "2024-02-01", "2024-02-29"),
    ("sept. 2024", "fr", S2, "2024-09-01", "2024-09-30"),
    ("March 2024", "en", S1, "2024-03-01", "2024-03-31"),
    ("May", "en", S1, "2024-05-01", "2024-05-31"),
    ("in November 2024", "en", S2, "2024-11-01", "2024-11-30"),
    ("early May 2024", "en", S1, "2024-05-01", "2024-05-31"),
    ("late August", "en", S2, "2024-08-01", "2024-08-31"),
    ("Oct 2024", "en", S2, "2024-10-01", "2024-10-31"),
    # --- month ranges, alternatives and pairs
    ("avril - septembre 2021", "fr", Y, "2021-04-01", "2021-09-30"),
    ("d'avril à septembre 2024", "fr", Y, "2024-04-01", "2024-09-30"),
    ("mars – mai 2024", "fr", S1, "2024-03-01", "2024-05-31"),
    ("septembre - novembre", "fr", S2, "2024-09-01", "2024-11-30"),
    ("de janvier à juin 2024", "fr", S1, "2024-01-01", "2024-06-30"),
    ("juin-juillet 2024", "fr", Y, "2024-06-01", "2024-07-31"),
    ("fin août – début septembre", "fr", S2, "2024-08-01", "2024-09-30"),
    ("mai/juin 2024", "fr", S1, "2024-05-01", "2024-06-30"),
    ("juin ou juillet 2024", "fr", U, "2024-06-01", "2024-07-31"),
    ("mai et octobre 2024", "fr", Y, "2024-05-01", "2024-10-31"),
    ("mars et avril 2024", "fr", S1, "2024-03-01", "2024-04-30"),
    ("April-September 2021", "en", Y, "2021-04-01", "2021-09-30"),
    ("from April to June 2024", "en", S1, "2024-04-01", "2024-06-30"),
    ("September–November 2024", "en", S2, "2024-09-01", "2024-11-30"),
    ("June or July 2024", "en", U, "2024-06-01", "2024-07-31"),
    ("March and October 2024", "en", Y, "2024-03-01", "2024-10-31"),
    # --- days and day ranges
    ("14 mars 2024", "fr", S1, "2024-03-14", "2024-03-14"),
    ("le 1er juin 2024", "fr", S1, "2024-06-01", "2024-06-01"),
    ("1er juillet", "fr", S2, "2024-07-01", "2024-07-01"),
    ("mardi 4 juin 2024", "fr", S1, "2024-06-04", "2024-06-04"),
    ("30 juin 2024", "fr", S1, "2024-06-30", "2024-06-30"),
    ("du 11 au 13 octobre 2024", "fr", S2, "2024-10-11", "2024-10-13"),
    ("11-13 octobre", "fr", S2, "2024-10-11", "2024-10-13"),
    ("14-16 mars 2024", "fr", S1, "2024-03-14", "2024-03-16"),
    ("20 – 21 juin 2021", "fr", S1, "2021-06-20", "2021-06-21"),
    ("du 28 juin au 3 juillet 2024", "fr", Y, "2024-06-28", "2024-07-03"),
    ("28 juin - 3 juillet", "fr", Y, "2024-06-28", "2024-07-03"),
    ("du 1er au 5 juillet 2024", "fr", S2, "2024-07-01", "2024-07-05"),
    ("1 février 2021 – 28 février 2021", "fr", S1, "2021-02-01", "2021-02-28"),
    ("les 27 et 28 novembre 2008", "fr", S2, "2008-11-27", "2008-11-28"),
    ("entre le 3 et le 5 mai 2024", "fr", S1, "2024-05-03", "2024-05-05"),
    ("du 21 au 24 octobre 2026", "fr", S2, "2026-10-21", "2026-10-24"),
    ("14/03/2024", "fr", S1, "2024-03-14", "2024-03-14"),
    ("03/04/2024", "fr", S1, "2024-04-03", "2024-04-03"),
    ("05/09/2024", "fr", S2, "2024-09-05", "2024-09-05"),
    ("14.03.2024", "fr", S1, "2024-03-14", "2024-03-14"),
    ("2024-03-14", "fr", S1, "2024-03-14", "2024-03-14"),
    ("11-13/10/2024", "fr", S2, "2024-10-11", "2024-10-13"),
    ("June 4th, 2024", "en", S1, "2024-06-04", "2024-06-04"),
    ("Jun 4 2024 10:00", "en", S1, "2024-06-04", "2024-06-04"),
    ("4-Jun-2024", "en", S1, "2024-06-04", "2024-06-04"),
    # a month in figures with its year, as spreadsheets write it
    ("2024-03", "fr", S1, "2024-03-01", "2024-03-31"),
    ("07/2024", "fr", S2, "2024-07-01", "2024-07-31"),
    ("9/2024", "en", S2, "2024-09-01", "2024-09-30"),
    ("the 4th of June 2024", "en", S1, "2024-06-04", "2024-06-04"),
    ("October 11-13, 2024", "en", S2, "2024-10-11", "2024-10-13"),
    ("from 11 to 13 October 2024", "en", S2, "2024-10-11", "2024-10-13"),
    ("9-19 December 2021", "en", S2, "2021-12-09", "2021-12-19"),
    ("June 28 – July 3, 2024", "en", Y, "2024-06-28", "2024-07-03"),
    ("on 22 and 23 October 2009", "en", S2, "2009-10-22", "2009-10-23"),
    ("13/12/2024", "en", S2, "2024-12-13", "2024-12-13"),
    ("12/13/2024", "en", S2, "2024-12-13", "2024-12-13"),
    ("03/04/2024", "en", S1, "2024-03-04", "2024-04-03"),  # 4 March or 3 April: S1 either way
    ("05/09/2024", "en", U, "2024-05-09", "2024-09-05"),  # 5 September or 9 May: the halves differ
    # --- spans across years, academic years
    ("du 15 décembre au 15 janvier", "fr", U, "2024-12-15", "2025-01-15"),
    ("septembre 2024 – juin 2025", "fr", U, "2024-09-01", "2025-06-30"),
    ("année universitaire 2024-2025", "fr", U, "2024-09-01", "2025-06-30"),
    ("année scolaire 2024/2025", "fr", U, "2024-09-01", "2025-06-30"),
    ("saison 2024-25", "fr", U, "2024-09-01", "2025-06-30"),
    ("academic year 2024-25", "en", U, "2024-09-01", "2025-06-30"),
    ("2024-2025", "fr", U, "2024-01-01", "2025-12-31"),
    ("December 2024 – January 2025", "en", U, "2024-12-01", "2025-01-31"),
    # --- the whole year, edges of the year, a bare year
    ("toute l'année", "fr", Y, *ALL),
    ("Tout au long de l'année 2021", "fr", Y, "2021-01-01", "2021-12-31"),
    ("tout au long de l'année", "fr", Y, *ALL),
    ("pendant toute l'année 2024", "fr", Y, *ALL),
    ("l'ensemble de l'année", "fr", Y, *ALL),
    ("Throughout 2021", "en", Y, "2021-01-01", "2021-12-31"),
    ("throughout the year", "en", Y, *ALL),
    ("all year round", "en", Y, *ALL),
    ("year-round", "en", Y, *ALL),
    ("début 2024", "fr", S1, "2024-01-01", "2024-04-30"),
    ("fin 2024", "fr", S2, "2024-09-01", "2024-12-31"),
    ("fin de l'année 2024", "fr", S2, "2024-09-01", "2024-12-31"),
    ("mi-2024", "fr", U, "2024-05-01", "2024-08-31"),
    ("early 2024", "en", S1, "2024-01-01", "2024-04-30"),
    ("end of 2024", "en", S2, "2024-09-01", "2024-12-31"),
    ("late 2024", "en", S2, "2024-09-01", "2024-12-31"),
    ("2024", "fr", U, *ALL),
    ("en 2025", "fr", U, "2025-01-01", "2025-12-31"),
    ("courant 2024", "fr", U, *ALL),
    ("in 2024", "en", U, *ALL),
    # --- stated semesters with dates
    ("Semestre 2 : décembre 2021", "fr", S2, "2021-12-01", "2021-12-31"),
    ("Second semestre : du 9 au 19 décembre 2021", "fr", S2, "2021-12-09", "2021-12-19"),
    ("Premier semestre : 20 – 21 juin 2021", "fr", S1, "2021-06-20", "2021-06-21"),
    ("Second semestre 2021 : 6 – 9 septembre", "fr", S2, "2021-09-06", "2021-09-09"),
    ("Second semestre 2021 : fin août – début septembre", "fr", S2, "2021-08-01", "2021-09-30"),
    ("Semestre 1 : février 2021 (webinaire uniquement)", "fr", S1, "2021-02-01", "2021-02-28"),
    ("Semester 2: 9-19 December 2021", "en", S2, "2021-12-09", "2021-12-19"),
    ("2021 Semester 2:", "en", S2, "2021-07-01", "2021-12-31"),
    ("Premier semestre : 9 – 19 décembre 2021", "fr", U, "2021-12-09", "2021-12-19"),  # contradiction
    ("S2 : été 2024", "fr", S2, "2024-07-01", "2024-08-31"),  # the stated half narrows the season
    # --- not dates, or dates still to be set
    ("à définir", "fr", U, None, None),
    ("A définir", "fr", U, None, None),
    ("date à confirmer", "fr", U, None, None),
    ("à préciser", "fr", U, None, None),
    ("non définie", "fr", U, None, None),
    ("reporté", "fr", U, None, None),
    ("TBD", "en", U, None, None),
    ("to be determined", "en", U, None, None),
    ("to be confirmed", "en", U, None, None),
    ("Angers", "fr", U, None, None),
    ("Nice", "fr", U, None, None),
    ("Marseille", "fr", U, None, None),
    ("", "fr", U, None, None),
    ("—", "fr", U, None, None),
    ("31 février 2024", "fr", S1, "2024-02-01", "2024-02-29"),  # no such day: the month stands
    ("a été annulé", "fr", U, None, None),
    ("un semestre", "fr", U, None, None),  # a duration, not the first half
    ("one quarter", "en", U, None, None),
    ("pendant deux trimestres en 2024", "fr", U, *ALL),
    ("throughout the summer of 2024", "en", U, "2024-06-01", "2024-08-31"),
    ("tout au long de l'été 2024", "fr", U, "2024-06-01", "2024-08-31"),
    ("throughout", "en", Y, *ALL),
]


def test_the_table_has_at_least_150_expressions_in_both_languages():
    assert len(TABLE) >= 150
    assert sum(1 for row in TABLE if row[1] == "fr") >= 75 and sum(1 for row in TABLE if row[1] == "en") >= 50


@pytest.mark.parametrize(("text", "language", "semester", "start", "end"), TABLE)
def test_date_expression(text, language, semester, start, end):
    reading = read_dates(text, 2024, language)
    assert (reading.semester, reading.date_start, reading.date_end) == (semester, d(start), d(end))
    if start:
        assert reading.year == d(start).year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Semestre 2", True),  # the catalogue year is assumed
        ("Semestre 2 2024", False),
        ("du 11 au 13 octobre", True),
        ("du 11 au 13 octobre 2024", False),
        ("Second semestre 2021 : 6 – 9 septembre", False),  # the year written before it
    ],
)
def test_a_date_without_year_takes_the_text_year_else_the_catalogue_year(text, expected):
    assert read_dates(text, 2024).year_assumed is expected


def test_flags_say_why_a_reading_is_unknown():
    assert read_dates("Premier semestre : 9 – 19 décembre 2021", 2021).conflict
    assert read_dates("Premier semestre : 9 – 19 décembre 2021", 2021).readings == ("S1", "S2")
    assert not read_dates("Second semestre : 9 – 19 décembre 2021", 2021).conflict
    assert read_dates("année universitaire 2024-2025", 2024).spans_years
    assert read_dates("à définir", 2024).tbd and read_dates("à définir", 2024).recognised
    assert not read_dates("Angers", 2024).recognised
    assert read_dates("05/09/2024", 2024, "en").ambiguous
    impossible = read_dates("du 31 février au 2 mars 2025", 2025)
    assert impossible.invalid and impossible.semester == "UNKNOWN" and impossible.date_start is None


def test_no_year_at_all_gives_the_half_but_no_date():
    assert read_dates("Semestre 2", None).semester == "S2" and read_dates("Semestre 2", None).year is None
    assert (read_dates("octobre", None).semester, read_dates("octobre", None).date_start) == ("S2", None)


@pytest.mark.parametrize("text", ["4 VI 2024", "2024年6月4日", "4 июня 2024"])
def test_dateparser_is_the_last_resort_for_a_single_absolute_date(text):
    reading = read_dates(text, 2024)  # forms the grammar does not know
    assert (reading.rule, reading.date_start, reading.semester) == ("dateparser", date(2024, 6, 4), "S1")


def test_dateparser_never_sees_what_the_grammar_reads():
    assert read_dates("T3 2024", 2024).rule == "quarter"  # dateparser reads T3 as March
    assert read_dates("Angers 2024", 2024).rule == "year"  # no full date: the bare year stands


@pytest.mark.parametrize(
    ("text", "semester", "start", "end"),
    [
        ("Conférence (11-15 mai 2021)", S1, "2021-05-11", "2021-05-15"),
        ("Organisation en juillet 2021 à Ekaterinbourg", S2, "2021-07-01", "2021-07-31"),
        ("Exposition (avril - septembre 2021)", Y, "2021-04-01", "2021-09-30"),
        ("Exposition du 13 novembre au 23 décembre", S2, "2021-11-13", "2021-12-23"),
        ("En novembre 2015, la ville invitait ses partenaires.", U, None, None),
        ("suite à la pandémie-2020.", U, None, None),
        ("Le festival a été créé en 2014 et se tiendra au printemps 2021.", S1, "2021-03-01", "2021-05-31"),
        ("Une rencontre au S2 2021 puis une autre en mars 2021.", Y, "2021-03-01", "2021-12-31"),
        ("Les élèves se rencontreront en mai.", U, None, None),  # a month alone in a sentence is too weak
        ("Signature prévue lors du 2e semestre 2021.", S2, "2021-07-01", "2021-12-31"),
    ],
)
def test_read_text_dates_keeps_only_the_catalogue_year(text, semester, start, end):
    info = read_text_dates(text, 2021)
    assert (info.semester, info.date_start, info.date_end) == (semester, d(start), d(end))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.integers(1900, 2100)), st.sampled_from(["fr", "en"]))
def test_any_string_gives_a_reading_never_an_exception(text, year, language):
    # the grammar itself, without the safety net of read_dates (which would hide any exception)
    reading = _read(text, year, language, prose=False)
    assert reading.semester in SEMESTERS
    assert (reading.date_start is None) == (reading.date_end is None)
    if reading.date_start:
        assert reading.date_start <= reading.date_end
    assert _read_text(text, year or 2024, language).semester in SEMESTERS


_WORDS = ["du", "au", "le", "et", "-", "/", "semestre", "trimestre", "S2", "T3", "Q4", "H1", "été", "hiver",
          "printemps", "juin", "juillet", "décembre", "May", "fin", "début", "2024", "2025", "31", "1er", "2e",
          "15", "13/12/2024", "toute l'année", "à définir", "2024-2025"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join))
def test_date_like_strings_give_a_consistent_reading(text):
    reading = _read(text, 2024, "fr", prose=False)
    assert reading.semester in SEMESTERS
    if reading.semester in ("S1", "S2"):  # a half is only given when the dates lie inside it
        assert reading.date_start is not None  # the catalogue year is given
        assert reading.date_start.year == reading.date_end.year
        boundary = date(reading.date_start.year, 7, 1)
        assert (reading.date_end < boundary) if reading.semester == "S1" else (reading.date_start >= boundary)
