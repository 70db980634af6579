"""Table builders: every list on the scorecards is one of these.

A list is a ListTable: the header row repeated on each page, and a tall row allowed to split inside
its cells, so that 60 actions run on to the next page and a 2,000-character description never raises
'too large on page'. It lays out and draws its cells itself (every text of a table in one PDF text
object) rather than through ReportLab's general Table: a 200-seam pack holds thousands of rows.
Layout tables (cards, panels) are ReportLab Tables (grid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, Table, TableStyle

from reports import fonts, styles
from reports.cells import Text

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
