"""Place-rule evidence in the page's language (the French of `etl.place_evidence`, with the
reviewed overrides' reasons in French)."""

from __future__ import annotations

from functools import lru_cache

from etl.config import build_settings
from etl.place_evidence import evidence_fr
from etl.places import load_overrides


@lru_cache(maxsize=1)
def _reasons_fr() -> dict[str, str]:
    path = build_settings().reference_dir / "place_overrides.csv"
    return {o.reason: o.reason_fr for o in load_overrides(path) if o.reason_fr} if path.exists() else {}


def evidence_in(text: str | None, lang: str) -> str:
    return evidence_fr(text, _reasons_fr()) if lang == "fr" else (text or "")
