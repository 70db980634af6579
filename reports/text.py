"""User text made safe for ReportLab: the one place every workbook string passes through.

Paragraph text is markup: '<Customer>' would vanish, 'Q&A' turn into 'Q&A;' and '<img src=...>'
make ReportLab open a local file. So every user string is cleaned (control and format characters
removed, but ZWJ and ZWNJ), escaped, and split into font runs so that CJK, Hangul and the shaped scripts
print in their fonts.
"""

from __future__ import annotations

import math
import unicodedata

from reports import fonts, shaping
from tec_desktop.checks.long_text import PRINTED_CHARS

# A cell longer than this is cut, and the cut is said in the text and, as a warning, in the data-quality notes.
MAX_CHARS = PRINTED_CHARS


def clean(value: object) -> str:
    """A workbook value as printable text: '' for empty, NFC, no control or format characters."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():  # nearly every cell: nothing to normalize or remove
        return text.strip()
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out = []
    for ch in text:
        if ch == "\n" or ch in "\u200c\u200d":  # ZWNJ and ZWJ change how Persian and Indic names are written
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """Cut very long text, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip()} … [{len(text) - limit:,} more characters in the workbook]"


def markup(value: object, bold: bool = False, lines: bool = False, limit: int = MAX_CHARS) -> str:
    """Paragraph markup that prints `value` exactly as typed (newlines kept when `lines`)."""
    text = shorten(clean(value), limit)
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<br/>" if lines else " ")
        # right-to-left words in visual order, a font tag per run: reports.shaping.Paragraph shapes them
        parts.append(shaping.markup_runs(fonts.runs(line, bold), fonts.BOLD if bold else fonts.REGULAR))
    return "".join(parts)


def plain(value: object, limit: int = 300) -> str:
    """One line of clean text for canvas drawing (headers, footers, chart labels)."""
    return shorten(" ".join(clean(value).split()), limit)


def clip(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most `limit` characters, with '…' when cut."""
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip(" ,;:·-") + "…"
