"""The bundled fonts, and which one prints each character of a user's text.

DejaVu Sans (regular + bold) covers Latin, Greek, Cyrillic and much more and is embedded (subset).
Korean (Hangul) prints in the embedded NanumGothic, which comes before Droid Sans Fallback so that
a Korean name is set in one face (Droid has a few stray syllables and the compatibility jamo).
Chinese and Japanese fall back to the embedded Droid Sans Fallback, and NanumGothic takes what is
left that it covers (circled and parenthesized letters, Kangxi radicals). Every font is embedded,
so the PDF reads the same on a viewer without Asian fonts installed. Neither fallback has a bold
face: bold CJK and Hangul print regular (a bold Nanum would add another 4.6 MB to the bundle).
Anything no font can print (and anything beyond the Basic Multilingual Plane, such as emoji, whose
ToUnicode entries ReportLab writes wrongly) becomes U+FFFD and is remembered, so the pack can say
so instead of dropping it silently.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "TecSans"
BOLD = "TecSans-Bold"
FALLBACK = "TecFallback"  # Droid Sans Fallback: CJK ideographs, kana
HANGUL = "TecHangul"  # NanumGothic: Hangul syllables and jamo
REPLACEMENT = "\ufffd"

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}
_seen = threading.local()  # per thread: a report built in a worker thread collects its own


def register() -> None:
    """Register the fonts once per process (safe to call from any thread)."""
    with _lock:
        if _coverage:
            return
        faces = {
            REGULAR: "DejaVuSans.ttf",
            BOLD: "DejaVuSans-Bold.ttf",
            FALLBACK: "DroidSansFallbackFull.ttf",
            HANGUL: "NanumGothic.ttf",
        }
        coverage = {}
        for name, file in faces.items():
            font = TTFont(name, str(FONT_DIR / file))
            pdfmetrics.registerFont(font)
            coverage[name] = _printable(font.face.charToGlyph)
        # <b> inside a Paragraph maps through these families; the fallbacks have no bold face.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
                addMapping(FALLBACK, bold, italic, FALLBACK)
                addMapping(HANGUL, bold, italic, HANGUL)
        _coverage.update(coverage)


def _printable(cmap: dict[int, int]) -> frozenset[int]:
    """Code points a font has a real glyph for: NanumGothic maps control characters (to an empty
    glyph) and U+FFFF (to .notdef), which must still count as unprintable."""
    return frozenset(
        cp for cp, glyph in cmap.items() if glyph and unicodedata.category(chr(cp)) not in ("Cc", "Cn", "Cs")
    )


def _is_hangul(cp: int) -> bool:
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xA960 <= cp <= 0xA97F


def font_for(ch: str, bold: bool = False) -> str:
    """The font that prints `ch` (the base font for characters only U+FFFD can stand for)."""
    register()
    base = BOLD if bold else REGULAR
    cp = ord(ch)
    if cp > 0xFFFF:  # ReportLab writes a broken ToUnicode entry for these: drawn, but not extractable
        return ""
    if cp in _coverage[base] or ch.isspace():
        return base
    if _is_hangul(cp) and cp in _coverage[HANGUL]:
        return HANGUL
    for font in (FALLBACK, HANGUL):
        if cp in _coverage[font]:
            return font
    return ""


def runs(text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
    """Split text into (font name, text) runs; unprintable characters become U+FFFD in the base font."""
    found, missing = _runs(text, bold)
    if missing:
        _unprintable().update(missing)
    return found


@lru_cache(maxsize=65536)
def _runs(text: str, bold: bool) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    base = BOLD if bold else REGULAR
    out: list[tuple[str, str]] = []
    missing = set()
    for ch in text:
        font = font_for(ch, bold)
        if ch.isspace() and out and ord(ch) in _coverage[out[-1][0]]:
            # Korean puts spaces between words: a font switch there makes extractors break the line.
            font = out[-1][0]
        if not font:
            missing.add(ch)
            font, ch = base, REPLACEMENT
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return tuple(out), frozenset(missing)


@lru_cache(maxsize=65536)
def _width(text: str, size: float, bold: bool) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in _runs(text, bold)[0])


def string_width(text: str, size: float, bold: bool = False) -> float:
    """Printed width of mixed-script text in points."""
    runs(text, bold)  # note any unprintable character, as drawing it would
    return _width(text, size, bold)


def _unprintable() -> set[str]:
    if not hasattr(_seen, "chars"):
        _seen.chars = set()
    return _seen.chars


def unprintable_so_far() -> bool:
    """Whether this thread has replaced any character by U+FFFD since the last take_unprintable()."""
    return bool(_unprintable())


def take_unprintable() -> list[str]:
    """Characters this thread replaced by U+FFFD since the last call, sorted; forget them."""
    found = sorted(_unprintable())
    _unprintable().clear()
    return found
