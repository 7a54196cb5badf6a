"""Reading input files: the only module of the ETL that opens source documents.

Encodings, in order: a byte-order mark (UTF-8, UTF-16), strict UTF-8, then Windows-1252 (what
Word and Excel save French text as) — kept only if the result is plausible text (no control
characters). charset-normalizer was tried and not used: on the French catalogue saved as
Windows-1252 it answers cp1250 (à → ŕ, è → č). A file none of these read raises ExtractError
naming the file and the reason; `SourceText.encoding` says which one was used.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path


class ExtractError(Exception):
    """An input file cannot be used; the message names the file and why."""


@dataclass(frozen=True)
class SourceText:
    path: Path
    name: str
    sha256: str
    lines: tuple[str, ...]
    encoding: str = "utf-8"


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a document's bytes; ValueError with the reason when none fits."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ValueError("binary file, not a text export of a catalogue")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"byte {exc.start}: {exc.reason}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({utf8_error}) nor Windows-1252 (byte {exc.start})") from exc
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise ValueError(f"not UTF-8 ({utf8_error}); as Windows-1252 it holds control characters")
    return text, "cp1252"


def read_source(path: Path) -> SourceText:
    """Read a text file into physical lines (without their line endings)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ExtractError(f"{path}: the file is empty")
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        raise ExtractError(f"{path}: {exc}") from exc
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    return SourceText(
        path=Path(path), name=Path(path).name, sha256=hashlib.sha256(data).hexdigest(), lines=lines, encoding=encoding
    )
