"""Fonts of the briefing: every script the data holds, embedded in the PDF (no Streamlit).

reportlab's built-in Helvetica is WinAnsi only and is not embedded ("Hokkaidō" printed as
"Hokkaid■"). The briefing embeds DejaVu Sans (Latin, Greek, Cyrillic; Debian fonts-dejavu-core)
and, for what DejaVu lacks, WenQuanYi Micro Hei (Chinese, Japanese kana and kanji, Korean;
Debian fonts-wqy-microhei, TrueType outlines — the Noto CJK fonts are CFF, which reportlab
cannot embed). A run of characters the body font has no glyph for is set in the fallback font
(`markup`). Without those fonts the briefing falls back to Helvetica and says so (`missing`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
FILES = {
    "CoopSans": ("DejaVuSans.ttf",),
    "CoopSans-Bold": ("DejaVuSans-Bold.ttf",),
    "CoopCJK": ("wqy-microhei.ttc", "wqy-zenhei.ttc"),
}
PACKAGES = "fonts-dejavu-core fonts-wqy-microhei"


def _find(names: tuple[str, ...]) -> Path | None:
    for folder in FONT_DIRS:
        if folder.is_dir():
            for name in names:
                found = next(folder.rglob(name), None)
                if found:
                    return found
    return None


@lru_cache(maxsize=1)
def registered() -> dict[str, TTFont]:
    """The fonts found and registered with reportlab, by name (none: Helvetica is used)."""
    out = {}
    for name, files in FILES.items():
        path = _find(files)
        if path is not None:
            font = TTFont(name, str(path), subfontIndex=0)
            pdfmetrics.registerFont(font)
            out[name] = font
    return out


def body(bold: bool = False) -> str:
    fonts = registered()
    if bold:
        return "CoopSans-Bold" if "CoopSans-Bold" in fonts else "Helvetica-Bold"
    return "CoopSans" if "CoopSans" in fonts else "Helvetica"


def missing() -> str | None:
    """The Debian packages to install when a font is missing, else None."""
    return PACKAGES if len(registered()) < len(FILES) else None


def _has(font_name: str, ch: str) -> bool:
    font = registered().get(font_name)
    return font is not None and ord(ch) in font.face.charToGlyph


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """(font, text) runs: the body font, and the fallback for the characters it lacks."""
    main, fallback = body(bold), "CoopCJK"
    out: list[tuple[str, str]] = []
    for ch in text:
        font = fallback if (not _has(main, ch) and not ch.isspace() and _has(fallback, ch)) else main
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def markup(text: str, bold: bool = False) -> str:
    """Document text as Paragraph markup: escaped (never read as markup), the fallback runs in
    their font."""
    main = body(bold)
    return "".join(escape(part) if font == main else f'<font face="{font}">{escape(part)}</font>'
                   for font, part in runs(text, bold))  # fmt: skip


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of a text in points, each run in its font."""
    return sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs(text, bold))
