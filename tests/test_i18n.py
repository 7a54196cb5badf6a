"""Every data-quality code the ETL can raise has a label in both languages."""

from __future__ import annotations

import re

from dashboard.i18n import FLAG_LABELS, flag_label
from tests.conftest import ROOT

RAISED = re.compile(r'"(?:error|warning|info)",\s*"([a-z_]+)"')


def test_every_code_the_etl_raises_has_a_label_in_both_languages(con):
    codes = {c for path in (ROOT / "etl").glob("*.py") for c in RAISED.findall(path.read_text(encoding="utf-8"))}
    codes |= {r[0] for r in con.sql("SELECT DISTINCT code FROM data_quality").fetchall()}
    assert len(codes) > 25
    assert codes <= set(FLAG_LABELS), sorted(codes - set(FLAG_LABELS))
    for code in codes:
        assert flag_label(code, "fr") != code and flag_label(code, "en") != code
