"""Quoted evidence: the words a reviewed row quotes must be at the line it names (pure).

Reports are hard-wrapped, so a quote may run over the stated line and the two after it
(`EVIDENCE_WINDOW`); comparison is on folded text (accents, case and punctuation aside).
"""

from __future__ import annotations

from collections.abc import Callable

from etl.normalize import clean_text, fold

EVIDENCE_WINDOW = 3  # lines: the stated line and the two after it


def check_quote(read_lines: Callable[[str], list[str] | None], source: str, line_text: str, quote: str) -> str | None:
    """None when `quote` is at line `line_text` of `source`, else why not (for an error message)."""
    if not quote.strip():
        return "no evidence quoted"
    lines = read_lines(source)
    if lines is None:
        return f"source file {source!r} not found"
    try:
        line = int(line_text)
    except (TypeError, ValueError):
        return f"source_line {line_text!r} is not a number"
    if not 1 <= line <= len(lines):
        return f"line {line} is outside {source} ({len(lines)} lines)"
    window = " ".join(clean_text(x) for x in lines[line - 1 : line - 1 + EVIDENCE_WINDOW])
    if fold(quote) not in fold(window):
        return f"line {line} of {source} does not contain the quoted words {quote!r}"
    return None
