"""Table builders: every list on the scorecards is one of these.

LongTable with the header row repeated on each page and rows allowed to split inside a cell, so
that 60 actions run on to the next page and a 2,000-character description never raises
'too large on page'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, LongTable, Paragraph, Table, TableStyle

from . import fonts, styles
from .text import markup

# Tables set a font even when every cell is a Paragraph; without this it is Helvetica, unembedded.
_FONT = ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8)
PAD_X = 4
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
    bold_rule: bool = False
    extra: list = field(default_factory=list)  # extra TableStyle commands, row index substituted


def cell(value: object, style: ParagraphStyle, bold: bool = False, lines: bool = False) -> Paragraph:
    """A table cell holding user text, escaped and font-switched."""
    return Paragraph(markup(value, bold=bold, lines=lines), style)


def cell_markup(text: str, style: ParagraphStyle) -> Paragraph:
    """A table cell from markup already made safe with text.markup (for mixing styles in one cell)."""
    return Paragraph(text, style)


def data_table(st: styles.Styles, columns: Sequence[Column], rows: Sequence[Row], width: float,
               zebra: bool = True) -> LongTable:
    """A full-width list with a repeated header, hairline rules and optional row highlights."""
    widths = _widths(columns, width)
    head = [Paragraph(markup(c.header, lines=True), st.head_right if c.right else st.head) for c in columns]
    data: list[list[Flowable]] = [head] + [r.cells for r in rows]
    cmds = [
        _FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
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
    return LongTable(data, colWidths=widths, repeatRows=1, splitInRow=1, style=TableStyle(cmds), hAlign="LEFT")


def grid(data: list, widths: Sequence[float], cmds: Sequence[tuple]) -> Table:
    """A layout table (cards, panels, side by side blocks) in our font."""
    return Table(data, colWidths=list(widths), style=TableStyle([_FONT, *cmds]), hAlign="LEFT")


def _at_row(cmd: tuple, row: int) -> tuple:
    name, (c0, _), (c1, _), *rest = cmd
    return (name, (c0, row), (c1, row), *rest)


def _widths(columns: Sequence[Column], width: float) -> list[float]:
    total = sum(c.weight for c in columns)
    return [width * c.weight / total for c in columns]
