"""A table cell holding user text: cleaned, wrapped between words, split into font runs and shaped, and
drawn line by line into the table's text object (reports.tables.ListTable)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import Flowable

from reports import fonts
from reports.shaping import Paragraph
from reports.text import clean, shorten


@dataclass(frozen=True)
class Line:
    """One extra line under a cell's text, such as the status word under a value."""

    text: str
    size: float
    bold: bool = True
    color: object = None


@dataclass(frozen=True)
class _Source:
    """A piece of a cell's text before wrapping: its words, look, and how many lines it may take (0: any)."""

    text: str
    size: float
    bold: bool
    color: object
    leading: float
    most: int


class Text(Flowable):
    """A table cell holding user text, wrapped between words and drawn line by line.

    No Paragraph: its markup parser and line breaker made a 200-seam pack several times slower, and
    user text needs no markup. The text is cleaned and split into font runs so CJK prints through the
    fallback font. Lines break between words; only a word wider than the whole column is cut. `clip`
    (a number of lines) keeps the text to at most that many lines, the last cut at a word with '…'
    (and each line under it too); `link` makes the cell a link to that destination.
    """

    def __init__(
        self,
        value: object,
        style: ParagraphStyle,
        bold: bool = False,
        lines: bool = False,
        color=None,
        below: Sequence[Line] = (),
        link: str | None = None,
        clip: int = 0,
    ):
        super().__init__()
        self.style, self.link = style, link
        bold = bold or style.fontName == fonts.BOLD
        color = color or style.textColor
        text = shorten(clean(value))
        paragraphs = text.split("\n") if lines else [" ".join(text.split())]
        self.sources = [_Source(t, style.fontSize, bold, color, style.leading, clip) for t in paragraphs]
        self.sources += [_Source(b.text, b.size, b.bold, b.color or color, b.size * 1.25, clip) for b in below]
        self.right = style.alignment == TA_RIGHT
        self._lines: list[tuple[str, _Source]] = []
        self._avail = -1.0
        for src in self.sources:  # note unprintable characters now, before the appendix is laid out
            fonts.runs(src.text, src.bold)

    @classmethod
    def _of_lines(cls, other: Text, lines: list[tuple[str, _Source]]) -> Text:
        part = cls.__new__(cls)
        Flowable.__init__(part)
        part.style, part.link, part.right, part.sources = other.style, other.link, other.right, other.sources
        part._lines, part._avail = lines, other._avail
        part._measure()
        return part

    def _measure(self) -> None:
        lines = self._lines
        lead = self.style.leading - self.style.fontSize
        self.height = (lines[0][1].size + lead + sum(src.leading for _, src in lines[1:])) if lines else 0.0

    def wrap(self, availWidth, availHeight):
        if availWidth != self._avail:
            self._avail = availWidth
            self._lines = [
                (line, src)
                for src in self.sources
                for line in (
                    wrap_words(src.text, src.size, availWidth, src.bold, src.most)
                    if src.most
                    else wrap_all(src.text, src.size, availWidth, src.bold)
                )
            ]
            self._measure()
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight or len(self._lines) < 2:
            return []
        used, k = self._lines[0][1].size + self.style.leading - self.style.fontSize, 1
        while k < len(self._lines) and used + self._lines[k][1].leading <= availHeight:
            used += self._lines[k][1].leading
            k += 1
        if used > availHeight:
            return []
        return [Text._of_lines(self, self._lines[:k]), Text._of_lines(self, self._lines[k:])]

    def draw_text(self, tx, x: float, y: float, state: dict | None = None) -> bool:
        """Draw into a shared text object (`state` remembers its colour and font) with the top left at (x, y)."""
        state = {} if state is None else state
        top = y
        for i, (text, src) in enumerate(self._lines):
            top -= src.size if i == 0 else src.leading
            left = x + (self._avail - fonts.string_width(text, src.size, src.bold) if self.right else 0)
            if state.get("color") is not src.color:
                tx.setFillColor(src.color)
                state["color"] = src.color
            tx.setTextOrigin(left, top)
            draw_pieces(tx, fonts.pieces(text, src.bold), src.size, state)
        return True

    def draw(self):
        tx = self.canv.beginText()
        self.draw_text(tx, 0, self.height)
        self.canv.drawText(tx)
        if self.link:
            self.canv.linkRect("", self.link, (0, 0, self.width, self.height), relative=1, thickness=0)


def draw_pieces(tx, pieces: list, size: float, state: dict) -> None:
    """Write one line's (font, text) pieces into a text object. A shaped line sets its font before every
    piece: the Tf makes pypdf take each piece on its own (neutrals after right-to-left text stay in place)."""
    shaped = any(isinstance(piece, ShapedStr) for _, piece in pieces)
    for font, piece in pieces:
        if shaped or state.get("font") != (font, size):
            tx.setFont(font, size)
            state["font"] = (font, size)
        tx.textOut(piece)


def _width_of(words: list[str], size: float, bold: bool) -> list[float]:
    return [fonts.string_width(w, size, bold) for w in words]


def wrap_all(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """The text wrapped between words into lines of at most `width` points (a longer word is cut)."""
    if not text or fonts.string_width(text, size, bold) <= width:
        return [text]
    words = text.split(" ")
    widths = _width_of(words, size, bold)
    space = fonts.string_width(" ", size, bold)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word, w in zip(words, widths):
        if current and used + space + w <= width:
            current.append(word)
            used += space + w
            continue
        if current:
            lines.append(" ".join(current))
        if w <= width:
            current, used = [word], w
            continue
        pieces = _cut(word, size, width, bold)  # a word wider than the column
        lines += pieces[:-1]
        current, used = [pieces[-1]], fonts.string_width(pieces[-1], size, bold)
    if current:
        lines.append(" ".join(current))
    return lines


def _cut(word: str, size: float, width: float, bold: bool) -> list[str]:
    """A word too wide for the column, cut into pieces that fit (never before a combining mark)."""
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = start + 1
        while end < len(word) and (
            fonts.string_width(word[start : end + 1], size, bold) <= width or unicodedata.combining(word[end])
        ):
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def wrap_words(text: str, size: float, width: float, bold: bool = False, most: int = 1) -> list[str]:
    """The text wrapped between words into at most `most` lines of `width` points, the last cut with '…'."""
    lines = wrap_all(text, size, width, bold)
    if len(lines) <= most:
        return lines
    kept = lines[: most - 1]
    rest = text[len(" ".join(kept)) :].strip() if kept else text
    return kept + [fit_words(rest, size, width, bold)]


def _fitting(text: str, size: float, width: float, bold: bool, suffix: str = "") -> int:
    """The length of the longest start of `text` that, with `suffix`, is at most `width` points wide.

    A binary search: cutting a character at a time made a 1,000-character word take seconds."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if fonts.string_width(text[:mid] + suffix, size, bold) <= width:
            low = mid
        else:
            high = mid - 1
    return low


def fit_words(text: str, size: float, width: float, bold: bool = False) -> str:
    """The text cut at a word boundary, with '…', so that it is at most `width` points wide on one line."""
    if fonts.string_width(text, size, bold) <= width:
        return text
    head = text[: _fitting(text, size, width, bold) + 1]  # no more than fits could ever be kept
    words = head.split(" ")
    while len(words) > 1:
        words.pop()
        cut = " ".join(words).rstrip(" ,;:·-–—") + "…"
        if fonts.string_width(cut, size, bold) <= width:
            return cut
    return text[: _fitting(text, size, width, bold, "…")] + "…"  # one long word: cut inside it


def cell(
    value: object,
    style: ParagraphStyle,
    bold: bool = False,
    lines: bool = False,
    color=None,
    below: Sequence[Line] = (),
    link: str | None = None,
    clip: int = 0,
) -> Flowable:
    """A table cell holding user text, printed as typed (see Text for `clip` and `link`)."""
    return Text(value, style, bold, lines, color, below, link, clip)


def cell_markup(text: str, style: ParagraphStyle) -> Paragraph:
    """A table cell from markup already made safe with text.markup (for mixing styles in one cell)."""
    return Paragraph(text, style)
