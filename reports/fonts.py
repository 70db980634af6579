"""The bundled fonts, and which one prints each character of a user's text.

DejaVu Sans (regular + bold) covers Latin, Greek, Cyrillic, Hebrew and much more and is embedded
(subset). Thai, Devanagari, Bengali, Tamil and Arabic print in their own Noto Sans face (regular and
bold, loaded the first time the script is printed) and are shaped with HarfBuzz (reports.shaping):
every character of those blocks goes to that face, even where DejaVu has a glyph, since one word must
never mix two fonts (Arabic letters would not join).
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

from reports import shaping

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "TecSans"
BOLD = "TecSans-Bold"
FALLBACK = "TecFallback"  # Droid Sans Fallback: CJK ideographs, kana
HANGUL = "TecHangul"  # NanumGothic: Hangul syllables and jamo
REPLACEMENT = "\ufffd"
# Scripts printed in their own Noto face: (regular, bold, code point ranges).
SCRIPTS = {
    "thai": ("TecThai", "TecThai-Bold", ((0x0E00, 0x0E7F),)),
    "deva": ("TecDeva", "TecDeva-Bold", ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))),
    "beng": ("TecBeng", "TecBeng-Bold", ((0x0980, 0x09FF),)),
    "taml": ("TecTaml", "TecTaml-Bold", ((0x0B80, 0x0BFF),)),
    "arab": (
        "TecArab",
        "TecArab-Bold",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
}
NOTO = {
    "TecThai": "NotoSansThai",
    "TecDeva": "NotoSansDevanagari",
    "TecBeng": "NotoSansBengali",
    "TecTaml": "NotoSansTamil",
    "TecArab": "NotoSansArabic",
}
_SCRIPT_FACES = frozenset(f for r, b, _ in SCRIPTS.values() for f in (r, b))
_NEUTRAL_BIDI = ("WS", "CS", "ES", "ET", "ON", "EN", "AN", "NSM", "BN", "S")

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
        shaping.install()


def _register_script(regular: str, bold: str) -> None:
    """Load a script's two Noto faces the first time a character of that script is printed (ten faces
    loaded up front would cost every PDF a quarter of a second)."""
    with _lock:
        if regular in _coverage:
            return
        for name, weight in ((regular, "Regular"), (bold, "Bold")):
            font = TTFont(name, str(FONT_DIR / f"{NOTO[regular]}-{weight}.ttf"))
            pdfmetrics.registerFont(font)
            _coverage[name] = _printable(font.face.charToGlyph)
        for b in (0, 1):
            for i in (0, 1):
                addMapping(regular, b, i, bold if b else regular)


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
    if 0x0600 <= cp <= 0xFEFF:
        for regular, bold_face, ranges in SCRIPTS.values():
            if any(lo <= cp <= hi for lo, hi in ranges):
                _register_script(regular, bold_face)
                face = bold_face if bold else regular
                if cp in _coverage[face]:
                    return face
                break
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
        elif out and unicodedata.category(ch) in ("Mn", "Me", "Cf") and ord(ch) in _coverage[out[-1][0]]:
            font = out[-1][0]  # a mark, ZWJ or ZWNJ shapes with the letter before it
        if not font:
            missing.add(ch)
            font, ch = base, REPLACEMENT
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return tuple(_merge_sandwiched(out)), frozenset(missing)


def _merge_sandwiched(out: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Neutral characters (spaces, punctuation, digits) between two runs of one script face join them when
    that face has them: 'خصم - نهائي' stays one run, so right-to-left text is one chunk for extractors."""
    i = 1
    while i < len(out) - 1:
        (f0, t0), (f1, t1), (f2, t2) = out[i - 1], out[i], out[i + 1]
        if (
            f0 == f2
            and f0 != f1
            and f0 in _SCRIPT_FACES
            and all(unicodedata.bidirectional(c) in _NEUTRAL_BIDI and ord(c) in _coverage[f0] for c in t1)
        ):
            out[i - 1 : i + 2] = [(f0, t0 + t1 + t2)]
        else:
            i += 1
    return out


@lru_cache(maxsize=65536)
def _width(text: str, size: float, bold: bool) -> float:
    return sum(shaping.shaped_width(t, f, size) for f, t in shaping.line(_runs(text, bold)[0]))


def pieces(text: str, bold: bool = False) -> list:
    """One line as (font, str or ShapedStr) pieces in visual order, shaped, for the canvas or a graphics
    String (neutrals after right-to-left text are pieces of their own: see shaping.pieces)."""
    return shaping.pieces(runs(text, bold))


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
