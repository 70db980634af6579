"""Complex scripts for ReportLab: HarfBuzz shaping, right-to-left order, and text that extracts as typed.

ReportLab 5.1 draws a shaped string (ShapedStr) but, as shipped, its shaping does not extract (glyphs
without a character get private-use codes, pre-base vowels come out in visual order), needs a bidi
library that is not on PyPI, and is not deterministic. This layer does it itself:

* shape(): uharfbuzz shaping of one font run, left to right or right to left (default features, no
  'dlig'), as a ReportLab ShapedStr.
* glyph codes: each glyph is written under its own character when it is the font's plain glyph for it,
  otherwise under a code from plane 15 allocated per (font, glyph, text, width), whose ToUnicode entry is
  the logical text it stands for (a conjunct: its characters; the second glyph of a split vowel:
  nothing). Extraction then gives the text as typed; the plane-15 numbers never reach the PDF (subset
  codes and ToUnicode text do), so the bytes do not depend on what the process shaped before.
* positions: each code's /Widths entry is the distance to the next glyph's HarfBuzz position.
* lines (bidi.py): each line reordered for display, right-to-left runs shaped right to left;
  neutrals after right-to-left text drawn as pieces of their own, so that pypdf, which reverses
  right-to-left runs, keeps them in place.
* Paragraph: markup puts right-to-left words in visual order, marked with U+200F; the replacement
  shapeFragWord shapes each (fragment, text) part with its own font; style.shaping=1 only when needed.

Latin, Greek, Cyrillic, CJK and Hangul text takes none of these paths: its bytes are what ReportLab
writes. Uses ReportLab internals (ShapedStr, shapeFragWord, makeToUnicodeCMap, TTFont.face), hence
the narrow ReportLab pin; tests/test_report_scripts.py fails if an upgrade breaks them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, makeShapedFragWord
from reportlab.platypus import paragraph as rl_paragraph

from reports.bidi import bidi_levels, needs_bidi, visual_order

RLM = "\u200f"  # marks an RTL word inside Paragraph markup (user text never has one: clean() strips Cf)
_lock = threading.RLock()
_PUA_TEXT: dict[int, str] = {}
_PUA_KEY: dict[tuple, int] = {}
_next_pua = [0xF0000]

# Scripts that need shaping (HarfBuzz) even left-to-right: Indic, Thai/Lao, Myanmar, Khmer, Sinhala, Tibetan
# plus combining marks in general (mark positioning).  RTL runs are always shaped.
_COMPLEX = re.compile(
    "[\u0300-\u036f\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f"
    "\u1780-\u17ff\u1cd0-\u1cff\u200c\u200d\u20d0-\u20ff\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufeff]"
)


# --------------------------------------------------------------------------- ToUnicode for PUA codes
_rl_makeToUnicodeCMap = ttfonts.makeToUnicodeCMap


def _makeToUnicodeCMap(fontname, subset):
    """ReportLab's CMap, but PUA codes map to the text they stand for and non-BMP code points are
    written as UTF-16 surrogate pairs (ReportLab writes '<1F600>', which readers reject)."""
    if not any(v > 0xFFFF for v in subset):
        return _rl_makeToUnicodeCMap(fontname, subset)  # byte-identical to ReportLab for ordinary text
    out = _rl_makeToUnicodeCMap(fontname, [0] * len(subset)).split("\n")
    i0 = next(i for i, row in enumerate(out) if row.endswith("beginbfchar")) + 1
    lines = []
    for i, v in enumerate(subset):
        if v <= 0xFFFF:
            lines.append(f"<{i:02X}> <{v:04X}>")
        else:
            text = _PUA_TEXT.get(v, chr(v))
            lines.append("<{:02X}> <{}>".format(i, text.encode("utf-16-be").hex().upper()))
    out[i0 : i0 + len(subset)] = lines
    return "\n".join(out)


ttfonts.makeToUnicodeCMap = _makeToUnicodeCMap


# --------------------------------------------------------------------------- HarfBuzz per font
class _HB:
    def __init__(self, font):
        self.rl = font
        self.face = hb.Face(hb.Blob(font.face._ttf_data))
        self.font = hb.Font(self.face)
        self.upem = self.face.upem
        cmap = font.face.charToGlyph
        self.space_gid = cmap.get(32, 0)


@cache
def _hb(font_name: str) -> _HB:
    return _HB(pdfmetrics.getFont(font_name))


def _code(h: _HB, gid: int, text: str, width: float) -> int:
    """Code point for glyph gid standing for `text`, whose PDF width (/Widths, 1/1000 em) is `width`."""
    face = h.rl.face
    if (
        len(text) == 1
        and ord(text) <= 0xFFFF
        and face.charToGlyph.get(ord(text)) == gid
        and abs(face.charWidths.get(ord(text), face.defaultWidth) - width) < 1e-6
    ):
        return ord(text)  # the font's own glyph and width for the character: no alias needed
    key = (h.rl.fontName, gid, text, round(width, 3))
    with _lock:
        cp = _PUA_KEY.get(key)
        if cp is None:
            cp = _next_pua[0]
            _next_pua[0] += 1
            if cp > 0x10FFFD:
                raise OverflowError("shaping code points exhausted")
            _PUA_KEY[key] = cp
            _PUA_TEXT[cp] = text
            face.charToGlyph[cp] = gid
            face.charWidths[cp] = round(width, 3)
        return cp


@lru_cache(maxsize=65536)
def shape(font_name: str, text: str, rtl: bool) -> ShapedStr:
    """Shape logical `text` in one font and direction; glyphs come back in visual (left-to-right) order."""
    h = _hb(font_name)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(h.font, buf, {"kern": True, "liga": True})
    infos, pos = buf.glyph_infos, buf.glyph_positions
    scale = 1000 / h.upem
    # the logical text of each cluster (clusters are monotonic: increasing LTR, decreasing RTL)
    starts = sorted({i.cluster for i in infos})
    ends = {s: (starts[k + 1] if k + 1 < len(starts) else len(text)) for k, s in enumerate(starts)}
    groups: list[list[int]] = []  # glyph indices by cluster, in output (visual) order
    for k, info in enumerate(infos):
        if groups and infos[groups[-1][0]].cluster == info.cluster:
            groups[-1].append(k)
        else:
            groups.append([k])
    # (gid, text, advance, x offset, y offset, cluster) per drawn glyph, visual order
    items = []
    for g in groups:
        c = infos[g[0]].cluster
        ctext = text[c : ends[c]]
        glyphs = [
            (infos[k].codepoint, pos[k].x_advance * scale, pos[k].x_offset * scale, pos[k].y_offset * scale) for k in g
        ]
        n = len(ctext)
        # One extraction unit per character, so that pypdf's right-to-left reversal (which only moves
        # single characters) and other extractors see the cluster's characters in order. Missing units
        # are zero-width "carrier" glyphs (the space glyph, drawn with no advance).
        carrier = [(h.space_gid, 0.0, 0.0, 0.0)] * max(0, n - len(glyphs))
        if rtl:  # stream order is visual; the extractor reverses it: last stream item = first char
            glyphs = carrier + glyphs
            texts = [""] * (len(glyphs) - n) + [ctext[n - 1 - j] for j in range(n)]
        else:
            glyphs = glyphs + carrier
            texts = list(ctext) + [""] * (len(glyphs) - n)  # extra glyphs (split vowels...) stand for nothing
        items += [(gid, t, adv, xo, yo, c) for (gid, adv, xo, yo), t in zip(glyphs, texts)]
    # Put each glyph where HarfBuzz wants it through its /Widths entry rather than TJ adjustments:
    # width_i = (x of glyph i+1) - (x of glyph i).  Only a negative width needs an adjustment, and that
    # one moves left (a positive TJ number), which extractors never read as a word space.
    pen, xs = 0.0, []
    for _gid, _t, adv, xo, _yo, _c in items:
        xs.append(pen + xo)
        pen += adv
    chars, data = [], []
    for i, (gid, t, _adv, xo, yo, c) in enumerate(items):
        w = (xs[i + 1] if i + 1 < len(items) else pen) - xs[i]
        width = max(w, 0.0)
        chars.append(chr(_code(h, gid, t, width)))
        first_xo = xo if i == 0 else 0.0  # only the first glyph is moved before it is drawn
        data.append(ShapeData(c, w + first_xo, 0, first_xo, yo, width))
    return ShapedStr("".join(chars), shapeData=data)


def shaped_width(s, font_name: str, size: float) -> float:
    if isinstance(s, ShapedStr):
        return sum(d.x_advance for d in s.__shapeData__) * size / 1000
    return pdfmetrics.stringWidth(s, font_name, size)


# --------------------------------------------------------------------------- lines and markup
def visual_segments(text: str, runs, base: int = 0):
    """Split one line into (font, logical text, rtl) segments in visual order.
    runs: [(font, text)] from reports/fonts.py-style run splitting (logical order)."""
    fonts_per_char = [f for f, t in runs for _ in t]
    chars = "".join(t for _, t in runs)
    if not needs_bidi(chars):
        return [(f, t, False) for f, t in runs]
    levels = bidi_levels(chars, base)
    order = visual_order(levels)
    segs: list[list] = []
    for i in order:
        key = (fonts_per_char[i], levels[i])
        if segs and segs[-1][0] == key and abs(segs[-1][2][-1] - i) == 1:
            segs[-1][1].append(chars[i])
            segs[-1][2].append(i)
        else:
            segs.append([key, [chars[i]], [i]])
    out = []
    for (font, level), cs, _ in segs:
        rtl = level % 2 == 1
        out.append((font, "".join(reversed(cs)) if rtl else "".join(cs), rtl))
    return out


def line(runs, base: int = 0):
    """Visual-order pieces [(font, str|ShapedStr)] ready for canvas.drawString / graphics String."""
    if not any(_COMPLEX.search(t) for _, t in runs):  # fast path: nothing to shape or reorder
        return list(runs)
    out = []
    for font, t, rtl in visual_segments("".join(t for _, t in runs), runs, base):
        if rtl or _COMPLEX.search(t):
            out.append((font, shape(font, t, rtl)))
        else:
            out.append((font, t))
    return out


def markup_runs(runs, base_font: str, base: int = 0, pypdf_safe: bool = True) -> str:
    """Paragraph markup for one line: segments in visual order, RTL words (each still in logical
    order, for the shaper) in visual word order and marked with RLM.  Needs style.shaping=1."""
    if not any(_RTL.search(t) for _, t in runs):  # no bidi: the markup reports/text.py always made
        return "".join(escape(t) if f == base_font else f'<font name="{f}">{escape(t)}</font>' for f, t in runs)
    parts = []
    after_rtl = False
    for font, t, rtl in visual_segments("".join(t for _, t in runs), runs, base):
        head = ""
        if rtl:
            words = re.split(r"( +)", t)
            t = "".join(w if w.isspace() or not w else RLM + w for w in reversed(words))
        elif after_rtl and pypdf_safe:
            # neutrals after RTL text: a (visually nil) size change per character forces a Tf, which makes
            # pypdf flush each one on its own instead of reversing them with the RTL run
            k = 0
            while k < len(t) and _PYPDF_NEUTRAL.match(t[k]):
                head += f'<font size="+{0.0001 * (1 + k % 2)}">{escape(t[k])}</font>'
                k += 1
            t = t[k:]
        wrap = (lambda x: x) if font == base_font else (lambda x, f=font: f'<font name="{f}">{x}</font>')
        parts.append(wrap(head + escape(t)) if head or t else "")
        after_rtl = rtl or (after_rtl and not t)
    return "".join(parts)


# --------------------------------------------------------------------------- Paragraph hook
_rl_shapeFragWord = rl_paragraph.shapeFragWord


def shapeFragWord(w, features=None, force=False):
    """Replacement for reportlab.platypus.paragraph.shapeFragWord: each (frag, text) part is shaped
    with its own font (ReportLab shapes the whole word with the first part's font), RTL when the part
    starts with RLM, and only when the part needs it (plain Latin words come back unchanged)."""
    if isinstance(w, ttfonts.ShapedFragWord):
        return w
    parts = w[1:]
    if any(hasattr(f, "cbDefn") for f, _ in parts):
        return _rl_shapeFragWord(w)
    if not any((s.startswith(RLM) or _COMPLEX.search(s)) and not _is_shaped(s) for _, s in parts):
        return w
    new = makeShapedFragWord(w)([])
    total = 0.0
    for f, s in parts:
        if _is_shaped(s):  # ReportLab re-wraps words it already split (splitLongWords): never reshape
            new.append((f, s))
            total += shaped_width(s, f.fontName, f.fontSize)
            continue
        rtl = s.startswith(RLM)
        s = s.replace(RLM, "")
        if rtl or _COMPLEX.search(s):
            st = shape(f.fontName, s, rtl)
            new.append((f, st))
            total += shaped_width(st, f.fontName, f.fontSize)
        else:
            new.append((f, s))
            total += pdfmetrics.stringWidth(s, f.fontName, f.fontSize)
    new.insert(0, total)
    return new


def _is_shaped(s) -> bool:
    """Already glyph codes: a ShapedStr, or a plain str holding our plane-15 aliases (ReportLab's long-word
    splitter rebuilds words character by character, dropping the ShapedStr data)."""
    return isinstance(s, ShapedStr) or any(ord(c) >= 0xF0000 for c in s)


def install():
    rl_paragraph.shapeFragWord = shapeFragWord


# --------------------------------------------------------------------------- pypdf-safe pieces, wrapping
# pypdf (7.x) reads right-to-left text by prepending strong RTL characters and keeps "neutral" characters
# (ASCII punctuation/space, U+2000-206F, ...) in the run they follow, so neutrals that follow RTL text come
# out reversed as a group.  Drawing each such neutral as its own text object (its own drawString) makes
# pypdf flush it alone, in order.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_PYPDF_NEUTRAL = re.compile("[\x00-\x2f\x3a-\x40\u0660-\u066d\u06f0-\u06f9\u2000-\u206f\u20a0-\u21ff]")


def pieces(runs, base: int = 0, pypdf_safe: bool = True):
    """line(), with the neutrals that follow right-to-left text split into one-character pieces."""
    if not any(_RTL.search(t) for _, t in runs):
        return line(runs, base)
    out = []
    after_rtl = False
    for font, s in line(runs, base):
        rtl = isinstance(s, ShapedStr) and any(
            unicodedata.bidirectional(_PUA_TEXT.get(ord(c), c)[:1] or " ") in ("R", "AL") for c in s
        )
        if pypdf_safe and after_rtl and not rtl and not isinstance(s, ShapedStr):
            k = 0
            while k < len(s) and _PYPDF_NEUTRAL.match(s[k]):
                out.append((font, s[k]))
                k += 1
            if k < len(s):
                out.append((font, s[k:]))
                after_rtl = False
            continue
        out.append((font, s))
        after_rtl = rtl or (after_rtl and all(_PYPDF_NEUTRAL.match(_PUA_TEXT.get(ord(c), c)[:1] or " ") for c in s))
    return out


def wrap_lines(text: str, run_fn, width: float, size: float):
    """Greedy line breaking of logical text at spaces, measured with shaped widths; returns logical
    lines (bidi reordering happens per line afterwards, as UAX #9 requires)."""
    words = text.split(" ")
    lines, cur = [], ""
    for w in words:
        cand = w if not cur else cur + " " + w
        if cur and line_width(run_fn(cand), size) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    lines.append(cur)
    return lines


def line_width(runs, size: float, base: int = 0) -> float:
    return sum(shaped_width(s, f, size) for f, s in line(runs, base))


def draw_line(canv, x: float, y: float, runs, size: float, base: int = 0) -> float:
    """Draw one line of user text.  A line with shaped or right-to-left text is ONE text object ending in
    T*, like canvas.drawString (pypdf then keeps the line together instead of breaking it at every font
    switch, which would also split a right-to-left run), with a Tf before every piece so that pypdf flushes
    the neutral pieces one by one.  Any other line is drawn exactly as before (a drawString per run), so
    documents without complex scripts keep their bytes."""
    ps = pieces(runs, base)
    if not any(isinstance(p, ShapedStr) for _, p in ps):
        # nothing shaped or reordered: exactly what the product drew before (one drawString per run)
        x0 = x
        for font, piece in ps:
            canv.setFont(font, size)
            canv.drawString(x, y, piece)
            x += shaped_width(piece, font, size)
        return x - x0
    t = canv.beginText(x, y)
    width = 0.0
    for font, piece in ps:
        t.setFont(font, size)  # for a TrueType font this only forces the next Tf
        t.textOut(piece)
        width += shaped_width(piece, font, size)
    t.textLine("")  # the T* that drawString ends with
    canv.drawText(t)
    if ps:
        canv.setFont(ps[-1][0], size)  # leave the canvas in the font the last piece used, as before
    return width


def needs_shaping(markup: str) -> bool:
    """Whether a Paragraph needs style.shaping=1: only then (a Latin-only Paragraph with shaping=1 takes
    ReportLab's slower multi-frag path and its bytes change)."""
    return RLM in markup or bool(_COMPLEX.search(markup))


class Paragraph(rl_paragraph.Paragraph):
    """reportlab's Paragraph, with style.shaping=1 exactly when the markup needs shaping or bidi: Latin
    text keeps ReportLab's fast path and its bytes (shaping=1 costs a Latin paragraph ~80% more time)."""

    _shaping_styles: dict[int, tuple[Any, Any]] = {}

    def __init__(self, text, style=None, *args, **kwargs):
        if style is not None and isinstance(text, str) and not getattr(style, "shaping", 0) and needs_shaping(text):
            shaped = self._shaping_styles.get(id(style))
            if shaped is None or shaped[0] is not style:
                shaped = self._shaping_styles[id(style)] = (style, style.clone(style.name + "-shaped", shaping=1))
            style = shaped[1]
        super().__init__(text, style, *args, **kwargs)
