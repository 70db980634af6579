"""Table builders: every list on the scorecards is one of these.

LongTable with the header row repeated on each page and rows allowed to split inside a cell, so
that 60 actions run on to the next page and a 2,000-character description never raises
'too large on page'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, LongTable, Paragraph, Table, TableStyle

from reports import fonts, styles
from reports.text import clean, markup, shorten

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
    """Cells (flowables) and how the row is marked: a fill for highlighted rows."""

    cells: list
    fill: object = None
    extra: list = field(default_factory=list)  # extra TableStyle commands, row index substituted


@dataclass(frozen=True)
class Line:
    """One extra line under a cell's text, such as the status word under a value."""

    text: str
    size: float
    bold: bool = True
    color: object = None


class Text(Flowable):
    """A table cell holding user text: drawn line by line when every line fits, a Paragraph when it wraps.

    Most cells (dates, numbers, names, statuses) fit on one line; drawing those without Paragraph's
    markup parser and line breaker makes a 50-seam pack several times faster. The text is the same
    either way: cleaned, and split into font runs so CJK prints through the fallback font. Wrapped text
    breaks between words; only a word wider than the whole column is cut. `clip` (a number of lines)
    wraps the text into at most that many lines instead, the last cut at a word with '…' (the lines
    under it get one line each); `link` makes the cell a link to that destination.
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
        self.value, self.style, self.lines = value, style, lines
        self.bold = bold or style.fontName == fonts.BOLD
        self.color = color or style.textColor
        text = shorten(clean(value))
        self.text_lines = text.split("\n") if lines else [" ".join(text.split())]
        self.below = list(below)
        self.link, self.clip = link, clip
        self._para: Paragraph | None = None
        self._avail = 0.0
        for text, _, bold, _, _ in self._specs():  # note unprintable characters now, before the summary is laid out
            fonts.runs(text, bold)

    def _specs(self) -> list[tuple[str, float, bool, object, float]]:
        """(text, size, bold, colour, leading) per printed line."""
        st = self.style
        out = [(t, st.fontSize, self.bold, self.color, st.leading) for t in self.text_lines]
        out += [(b.text, b.size, b.bold, b.color or self.color, b.size * 1.25) for b in self.below]
        return out

    def _paragraph(self, avail: float) -> Paragraph:
        if self._para is None:
            text = markup(self.value, bold=self.bold, lines=self.lines)
            if self.color is not self.style.textColor:
                text = f'<font color="{styles.hexcolor(self.color)}">{text}</font>'
            for b in self.below:
                inner = markup(b.text, bold=b.bold)
                color = styles.hexcolor(b.color or self.color)
                text += (
                    f'<br/><font size="{b.size}" color="{color}">{"<b>" + inner + "</b>" if b.bold else inner}</font>'
                )
            self._para = Paragraph(text, _word_breaking(self.style, self._specs(), avail))
        return self._para

    def _fits(self, avail: float) -> bool:
        if self._para is not None:
            return False
        return all(fonts.string_width(t, size, bold) <= avail for t, size, bold, _, _ in self._specs())

    def wrap(self, availWidth, availHeight):
        self._avail = availWidth
        if self.clip and self._para is None:
            size = self.style.fontSize
            self.text_lines = [
                w for t in self.text_lines for w in wrap_words(t, size, availWidth, self.bold, self.clip)
            ]
            self.below = [
                Line(fit_words(b.text, b.size, availWidth, b.bold), b.size, b.bold, b.color) for b in self.below
            ]
        if self._fits(availWidth):
            specs = self._specs()
            self.width = availWidth
            self.height = specs[0][1] + (self.style.leading - self.style.fontSize) + sum(s[4] for s in specs[1:])
        else:
            self.width, self.height = self._paragraph(availWidth).wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self._fits(availWidth):
            return []
        return self._paragraph(availWidth).split(availWidth, availHeight)

    def draw(self):
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
        else:
            canv = self.canv
            right = self.style.alignment == TA_RIGHT
            y = self.height
            for i, (text, size, bold, color, leading) in enumerate(self._specs()):
                y -= size if i == 0 else leading  # the first baseline where a Paragraph puts it
                x = self._avail - fonts.string_width(text, size, bold) if right else 0
                canv.setFillColor(color)
                for font, run in fonts.runs(text, bold):
                    canv.setFont(font, size)
                    canv.drawString(x, y, run)
                    x += fonts.string_width(run, size, bold)
        if self.link:
            self.canv.linkRect("", self.link, (0, 0, self.width, self.height), relative=1, thickness=0)


_word_styles: dict[tuple[str, bool], ParagraphStyle] = {}


def _word_breaking(style: ParagraphStyle, specs, avail: float) -> ParagraphStyle:
    """The style that breaks lines between words, unless some word is wider than the column (then it is cut)."""
    widest = max(
        (fonts.string_width(word, size, bold) for text, size, bold, _, _ in specs for word in text.split()), default=0
    )
    split = widest > avail
    key = (style.name, split)
    if key not in _word_styles:
        _word_styles[key] = ParagraphStyle(f"{style.name}-words-{int(split)}", parent=style, splitLongWords=int(split))
    return _word_styles[key]


def wrap_words(text: str, size: float, width: float, bold: bool = False, most: int = 1) -> list[str]:
    """The text wrapped between words into at most `most` lines of `width` points, the last cut with '…'."""
    lines: list[str] = []
    rest = text
    while rest and len(lines) < most - 1 and fonts.string_width(rest, size, bold) > width:
        words = rest.split(" ")
        take = 1
        while take < len(words) and fonts.string_width(" ".join(words[: take + 1]), size, bold) <= width:
            take += 1
        if fonts.string_width(words[0], size, bold) > width:
            break  # one word wider than the line: cut it below
        lines.append(" ".join(words[:take]))
        rest = " ".join(words[take:])
    return lines + [fit_words(rest, size, width, bold)] if rest or not lines else lines


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
) -> LongTable:
    """A full-width list with a repeated header, hairline rules and optional row highlights."""
    widths = _widths(columns, width)
    head = [Text(c.header, st.head_right if c.right else st.head, lines=True) for c in columns]
    # Each cell's flowable goes in a list: splitting a row inside (splitInRow) treats a bare flowable as
    # empty and would drop it, while a list's flowables are split or moved whole.
    data: list[list] = [head] + [[c if isinstance(c, (list, tuple, str)) else [c] for c in r.cells] for r in rows]
    cmds = [
        _FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, styles.NAVY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, styles.HAIRLINE),
    ]
    for i, r in enumerate(rows, start=1):
        if r.fill is not None:
            cmds.append(("BACKGROUND", (0, i), (-1, i), r.fill))
        elif zebra and i % 2 == 0:
            cmds.append(("BACKGROUND", (0, i), (-1, i), styles.BAND))
        for cmd in r.extra:
            cmds.append(_at_row(cmd, i))
    # Split inside a row first (splitByRow=0), else ReportLab ends the page after the last whole row and
    # then splits the tall row under a second copy of the header on the same page; splitInRow=MIN_PART
    # keeps ordinary rows whole: a row is cut only where at least that much of it fits.
    return LongTable(
        data, colWidths=widths, repeatRows=1, splitByRow=0, splitInRow=MIN_PART, style=TableStyle(cmds), hAlign="LEFT"
    )


def grid(data: list, widths: Sequence[float], cmds: Sequence[tuple]) -> Table:
    """A layout table (cards, panels, side by side blocks) in our font."""
    return Table(data, colWidths=list(widths), style=TableStyle([_FONT, *cmds]), hAlign="LEFT")


def _at_row(cmd: tuple, row: int) -> tuple:
    name, (c0, _), (c1, _), *rest = cmd
    return (name, (c0, row), (c1, row), *rest)


def _widths(columns: Sequence[Column], width: float) -> list[float]:
    total = sum(c.weight for c in columns)
    return [width * c.weight / total for c in columns]
