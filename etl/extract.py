"""Reading input files: the only module of the ETL that opens source documents.

A file that cannot be read as UTF-8 text raises ExtractError naming the file and the reason.
"""

from __future__ import annotations

import hashlib
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


def read_source(path: Path) -> SourceText:
    """Read a text file into physical lines (without their line endings)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ExtractError(f"{path}: the file is empty")
    if b"\x00" in data[:4096]:
        raise ExtractError(f"{path}: binary file, not a text export of a catalogue")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    return SourceText(path=Path(path), name=Path(path).name, sha256=hashlib.sha256(data).hexdigest(), lines=lines)
