"""One table of issue messages (etl.messages): every key renders in English and in French with
the same values, and the code raises issues only through it."""

from __future__ import annotations

import re
import string

from etl.messages import EVIDENCE, MESSAGES, clause, render, said
from etl.parse import Issue
from tests.conftest import ROOT


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_renders_in_both_languages_and_its_code_has_a_label():
    """Both templates render with the values their fields name, and every code has a label on
    the data-quality page (dashboard.i18n.FLAG_LABELS): a new key without one fails here."""
    from dashboard.i18n import FLAG_LABELS

    for key, (english, french) in MESSAGES.items():
        assert english.strip() and french.strip(), key
        values = {name: f"<{name}>" for name in _fields(english) | _fields(french)}
        en, fr = render(key, **values)
        assert all(f"<{n}>" in en for n in _fields(english)) and all(f"<{n}>" in fr for n in _fields(french)), key
        assert key.split(".")[0] in FLAG_LABELS, key


def test_an_issue_takes_its_code_from_its_key_and_its_words_from_the_table():
    issue = Issue.of("catalogue.txt", 7, "warning", "unresolved_place.meeting", place="Tver")
    assert (issue.code, issue.message, issue.message_fr) == (
        "unresolved_place",
        "meeting place 'Tver' matches no place",
        "le lieu de réunion 'Tver' ne correspond à aucun lieu",
    )


def test_no_issue_is_written_outside_the_table():
    """No `Issue(...)` call with its messages in etl/ but the table's own constructor."""
    calls = [(p.name, m.group(0)) for p in sorted((ROOT / "etl").rglob("*.py"))
             for m in re.finditer(r"(?<![\w.])Issue\(", p.read_text(encoding="utf-8"))]  # fmt: skip
    assert calls == []


def test_every_evidence_clause_says_the_same_in_both_languages_and_is_written_by_a_rule():
    """Each clause renders with the values its fields name in both languages; each is written by
    the code (`clause("key", …)`) — a clause no rule writes, or a rule's key missing from the
    table, fails here; and no place evidence is written as a bare string any more."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "etl").rglob("*.py")))
    written = set(re.findall(r"clause\(\s*\"(\w+)\"", sources))  # and clause("a" if … else "b")
    written |= set(re.findall(r'clause\("\w+" if [^\n"]* else "(\w+)"\)', sources))
    assert written == set(EVIDENCE)
    for key, (english, french) in EVIDENCE.items():
        values = {n: 12.0 if n in ("ratio", "score") else 1234 if n in ("population", "count", "km") else f"<{n}>"
                  for n in _fields(english) | _fields(french)}  # fmt: skip
        c = clause(key, **values)
        assert c.text() != c.text("fr") and c.text().strip() and c.text("fr").strip(), key
        assert all(f"<{n}>" in c.text() for n in _fields(english) if isinstance(values[n], str)), key
    assert re.findall(r"evidence=f?\"", sources) == []
    nested = clause("end_might_be", name="Francfort", place="Frankfurt", region="DE-HE",
                    evidence=(clause("row_says", region="DE-HE"),))  # fmt: skip
    assert (
        said((nested,), "fr")
        == "'Francfort' pourrait être Frankfurt (DE-HE) : en DE-HE, comme le disent la ligne ou la cellule"
    )
    try:
        clause("no such clause")
    except KeyError as e:
        assert "EVIDENCE" in str(e)
    else:
        raise AssertionError("an unknown clause was accepted")
