"""Table builders: every list on the scorecards is one of these.

A list is a ListTable: the header row repeated on each page, and a tall row allowed to split inside
its cells, so that 60 actions run on to the next page and a 2,000-character description never raises
'too large on page'. It lays out and draws its cells itself (every text of a table in one PDF text
object) rather than through ReportLab's general Table: a 200-seam pack holds thousands of rows.
Layout tables (cards, panels) are ReportLab Tables (grid).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import Flowable, Table, TableStyle

from reports import fonts, styles
from reports.shaping import Paragraph
from reports.text import clean, shorten

# Tables set a font even when every cell is a Paragraph; without this it is Helvetica, unembedded.
_FONT = ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8)
PAD_X = 4
MIN_PART = 36  # points
PAD_Y = 3.2


@dataclass(frozen=True)
class Column:
    """A column: header, share of the table width, and whether its numbers align right."""

    header: str
    weight: float
    right: bool = False


@dataclass
class Row:
    """Cells (flowables, or '' for none) and how the row is marked.

    `fill` colours the whole row, `fills` single cells (column -> colour); from column `span` on, the
    cells are one (the first of them holds the content); a `joined` row belongs to the one above it
    (no rule between them, no padding above it), such as an owner's comment under its seam.
    """

    cells: list
    fill: object = None
    fills: dict = field(default_factory=dict)
    span: int | None = None
    joined: bool = False


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


def fit_words(text: str, size: float, width: float, bold: bool = False) -> str:
    """The text cut at a word boundary, with '…', so that it is at most `width` points wide on one line."""
    if fonts.string_width(text, size, bold) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        cut = " ".join(words).rstrip(" ,;:·-–—") + "…"
        if fonts.string_width(cut, size, bold) <= width:
            return cut
    while text and fonts.string_width(text + "…", size, bold) > width:  # one long word: cut inside it
        text = text[:-1]
    return text + "…"


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


def data_table(
    st: styles.Styles,
    columns: Sequence[Column],
    rows: Sequence[Row],
    width: float,
    zebra: bool = True,
    pad: float = PAD_Y,
    middle: bool = False,
    gaps: bool = False,
) -> ListTable:
    """A full-width list with a repeated header, hairline rules and optional row highlights.

    `middle` centres rows vertically; `gaps` separates rows and the coloured columns with white lines
    (the status matrix)."""
    widths = _widths(columns, width)
    head = [Text(c.header, st.head_right if c.right else st.head, lines=True) for c in columns]
    return ListTable(widths, head, list(rows), zebra, pad, middle, gaps)


class ListTable(Flowable):
    """A list drawn directly: header, rows of cells, fills and hairlines (see the module's docstring)."""

    def __init__(self, widths, head, rows, zebra=True, pad=PAD_Y, middle=False, gaps=False, first=0):
        super().__init__()
        self.widths, self.head, self.rows = list(widths), head, rows
        self.zebra, self.pad, self.middle, self.gaps, self.first = zebra, pad, middle, gaps, first
        self.width = sum(self.widths)
        self._heights: list[float] | None = None
        self._head_h = 0.0

    def _cell_width(self, row: Row, col: int) -> float:
        if row.span is not None and col == row.span:
            return sum(self.widths[col:]) - 2 * PAD_X
        return self.widths[col] - 2 * PAD_X

    def _cells(self, row: Row):
        """(column, x offset, flowable) of each cell that holds something."""
        x = 0.0
        for col, (c, w) in enumerate(zip(row.cells, self.widths)):
            if row.span is not None and col > row.span:
                break
            if c not in ("", None):
                yield col, x, c
            x += w

    def _row_height(self, row: Row) -> float:
        top = 0 if row.joined else self.pad
        tallest = max((c.wrap(self._cell_width(row, col), 1e6)[1] for col, _, c in self._cells(row)), default=0)
        return top + tallest + self.pad

    def _layout(self) -> None:
        if self._heights is None:
            self._head_h = max(h.wrap(w - 2 * PAD_X, 1e6)[1] for h, w in zip(self.head, self.widths)) + 2 * PAD_Y
            self._heights = [self._row_height(r) for r in self.rows]

    @property
    def row_heights(self) -> list[float]:
        """Each row's height once laid out (the header's not included)."""
        self._layout()
        assert self._heights is not None
        return list(self._heights)

    def wrap(self, availWidth, availHeight):
        self._layout()
        assert self._heights is not None
        self.height = self._head_h + sum(self._heights)
        return self.width, self.height

    def _part(self, rows: list[Row], first: int) -> ListTable:
        return ListTable(self.widths, self.head, rows, self.zebra, self.pad, self.middle, self.gaps, first)

    def split(self, availWidth, availHeight):
        self._layout()
        assert self._heights is not None
        room = availHeight - self._head_h
        used, k = 0.0, 0
        while k < len(self.rows) and used + self._heights[k] <= room:
            used += self._heights[k]
            k += 1
        if k == len(self.rows):
            return [self]
        left = room - used
        if left >= MIN_PART and self._heights[k] - left >= MIN_PART:  # a tall row: fill the page with its top
            halves = self._split_row(self.rows[k], left)
            if halves is not None:
                top, bottom = halves
                return [
                    self._part(self.rows[:k] + [top], self.first),
                    self._part([bottom] + self.rows[k + 1 :], self.first + k),
                ]
        if k == 0:
            return []
        return [self._part(self.rows[:k], self.first), self._part(self.rows[k:], self.first + k)]

    def _split_row(self, row: Row, room: float) -> tuple[Row, Row] | None:
        top_cells, bottom_cells = list(row.cells), ["" for _ in row.cells]
        inner = room - (0 if row.joined else self.pad) - self.pad
        for col, _, c in self._cells(row):
            w = self._cell_width(row, col)
            if c.wrap(w, 1e6)[1] <= inner:
                continue
            parts = c.split(w, inner)
            if len(parts) < 2:
                return None
            top_cells[col], bottom_cells[col] = parts[0], parts[1]
        return (
            Row(top_cells, row.fill, row.fills, row.span, row.joined),
            Row(bottom_cells, row.fill, row.fills, row.span, True),
        )

    def draw(self):
        self._layout()
        assert self._heights is not None
        canv = self.canv
        width = self.width
        tx = canv.beginText()
        state: dict = {}
        # Header: labels at the bottom of their row, over a navy rule.
        y = self.height
        for h, x, w in zip(self.head, self._lefts(), self.widths):
            _, h_h = h.wrap(w - 2 * PAD_X, 1e6)
            if not h.draw_text(tx, x + PAD_X, y - self._head_h + PAD_Y + h_h, state):
                h.drawOn(canv, x + PAD_X, y - self._head_h + PAD_Y)
        y -= self._head_h
        rules: list[tuple[float, bool]] = []
        for i, (row, height) in enumerate(zip(self.rows, self._heights)):
            fill = (
                row.fill
                if row.fill is not None
                else (styles.BAND if self.zebra and (self.first + i) % 2 == 1 else None)
            )
            if fill is not None:
                canv.setFillColor(fill)
                canv.rect(0, y - height, width, height, stroke=0, fill=1)
            lefts = self._lefts()
            for col, color in row.fills.items():
                canv.setFillColor(color)
                canv.rect(lefts[col], y - height, self.widths[col], height, stroke=0, fill=1)
            top = y - (0 if row.joined else self.pad)
            for col, x, c in self._cells(row):
                w = self._cell_width(row, col)
                _, ch = c.wrap(w, 1e6)
                cy = top - (height - self.pad - (0 if row.joined else self.pad) - ch) / 2 if self.middle else top
                if isinstance(c, Text) and c.draw_text(tx, x + PAD_X, cy, state):
                    if c.link:
                        canv.linkRect("", c.link, (x + PAD_X, cy - ch, x + PAD_X + w, cy), relative=1, thickness=0)
                    continue
                c.drawOn(canv, x + PAD_X, cy - ch)
            joined_next = i + 1 < len(self.rows) and self.rows[i + 1].joined
            y -= height
            if not joined_next:
                rules.append((y, True))
        canv.drawText(tx)
        canv.saveState()
        canv.setLineWidth(0.8)
        canv.setStrokeColor(styles.NAVY)
        head_y = self.height - self._head_h
        canv.line(0, head_y, width, head_y)
        canv.setLineWidth(1.2 if self.gaps else 0.4)
        canv.setStrokeColor(styles.colors.white if self.gaps else styles.HAIRLINE)
        for ry, _ in rules:
            canv.line(0, ry, width, ry)
        if self.gaps:  # white lines between the coloured columns
            for x in self._lefts()[2:]:
                canv.line(x, head_y, x, 0)
        canv.restoreState()

    def _lefts(self) -> list[float]:
        out, x = [], 0.0
        for w in self.widths:
            out.append(x)
            x += w
        return out


def grid(data: list, widths: Sequence[float], cmds: Sequence[tuple]) -> Table:
    """A layout table (cards, panels, side by side blocks) in our font."""
    return Table(data, colWidths=list(widths), style=TableStyle([_FONT, *cmds]), hAlign="LEFT")


def _widths(columns: Sequence[Column], width: float) -> list[float]:
    total = sum(c.weight for c in columns)
    return [width * c.weight / total for c in columns]
