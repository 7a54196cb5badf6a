"""The meetings the reports name: reviewed, evidenced, dated by the date grammar."""

from __future__ import annotations

import pytest

from etl.meetings import MeetingError, read_meetings
from etl.reference import partner_countries

HEADER = "kind,number,name_fr,name_en,partner_country,place,place_country,date_text,source_file,source_line,evidence,status,note\n"
DOC = ["Compte rendu", "la 3ème Rencontre a été organisée à Strasbourg les 27 et 28 novembre 2010.", "Fin."]


def read(tmp_path, resolver, row: str):
    path = tmp_path / "meetings.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    return read_meetings(path, lambda name: DOC if name == "doc.txt" else None, resolver, partner_countries())


def test_a_stated_meeting_is_dated_placed_and_keeps_its_quote(tmp_path, resolver):
    (m,), issues = read(tmp_path, resolver, "rencontre,3,3e Rencontre,3rd meeting,RU,Strasbourg,FR,"
                        "les 27 et 28 novembre 2010,doc.txt,2,a été organisée à Strasbourg les 27 et 28 novembre 2010,held,")  # fmt: skip
    assert (str(m.date_start), str(m.date_end), m.semester) == ("2010-11-27", "2010-11-28", "S2")
    assert m.place.region_code == "FR-GES" and m.source_line == 2 and not issues


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("party,1,x,x,RU,,,2010,doc.txt,2,novembre 2010,held,", "unknown kind"),
        ("rencontre,1,x,x,RU,,,novembre 2010,doc.txt,3,novembre 2010,held,", "does not contain the quoted words"),
        ("rencontre,1,x,x,RU,,,décembre 2010,doc.txt,2,novembre 2010,held,", "not in the quoted words"),
        ("rencontre,1,x,x,RU,,,Strasbourg,doc.txt,2,Strasbourg,held,", "reads as no date"),
        ("rencontre,1,x,x,XX,,,novembre 2010,doc.txt,2,novembre 2010,held,", "not in countries.csv"),
        ("rencontre,1,x,x,RU,,,novembre 2010,doc.txt,2,novembre 2010,maybe,", "status"),
    ],
)
def test_a_row_that_fails_a_check_stops_the_build_naming_the_row(tmp_path, resolver, row, message):
    with pytest.raises(MeetingError, match=message) as exc:
        read(tmp_path, resolver, row)
    assert "row 2" in str(exc.value)


def test_the_reports_meetings_are_in_the_database(con):
    rows = con.sql("""SELECT partner_country, number, year, p.name_fr FROM meetings m LEFT JOIN places p USING (place_id)
                      WHERE m.kind = 'rencontre' ORDER BY partner_country, number""").fetchall()  # fmt: skip
    russian = [(n, y, place) for c, n, y, place in rows if c == "RU"]
    assert russian[:4] == [
        (1, 2008, "Moscou"),
        (2, 2009, "Saint-Pétersbourg"),
        (3, 2010, "Strasbourg"),
        (4, 2012, "Nice"),
    ]
    ninth = con.sql("SELECT date_start, status, source_line, note FROM meetings WHERE partner_country = 'JP' AND number = 9 "
                    "AND kind = 'rencontre'").fetchall()[0]  # fmt: skip
    assert (str(ninth[0]), ninth[1], ninth[2]) == ("2026-10-21", "announced", 3) and "2025" in ninth[3]
