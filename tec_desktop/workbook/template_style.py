"""The template's look: header colours, number formats, alignment, column and row sizes, tab colours."""

from __future__ import annotations

import math

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from tec_desktop.workbook import schema

TABLE_STYLE = "TableStyleMedium2"
LIST_ROWS = 5000  # how far down Seams and People the dropdown lists look
LAST_ROW = 1_048_576  # validations and formats cover the whole column, so new rows get them too
HEADER_HEIGHT = 32  # two lines: long headers wrap rather than widen the column
FILTER_BUTTON = 2  # extra width so the table's filter button does not hide the header text

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"  # IDs stay text (Excel keeps only 15 digits of a number), months too (2026-10, not 1 Oct)
SHARE_FORMAT = "0%"
# Handoffs are measured to the hour; everything else is a calendar date.
DATETIME_COLUMNS = {("Handoffs", "submitted"), ("Handoffs", "started"), ("Handoffs", "completed")}

DARK = "1F4E78"
LIGHT = "DDEBF7"
GREY = "595959"
REQUIRED_FILL = PatternFill("solid", fgColor=DARK)
OPTIONAL_FILL = PatternFill("solid", fgColor=LIGHT)
REQUIRED_FONT = Font(bold=True, color="FFFFFF")
OPTIONAL_FONT = Font(bold=True, color=DARK)
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

LINE_HEIGHT = 15

TAB_COLOURS = {
    "README": "7F7F7F",
    "Settings": "1F4E78",
    "People": "1F4E78",
    "Seams": "1F4E78",
    "SLAs": "1F4E78",
    "Holidays": "A5A5A5",
}
LOG_TAB_COLOUR = "2E75B6"  # the sheets kept up to date during the month


def number_format(sheet: schema.Sheet, col: schema.Column) -> str | None:
    """The Excel number format of a column, or None for General."""
    if col.kind == schema.DATE:
        return DATETIME_FORMAT if (sheet.name, col.key) in DATETIME_COLUMNS else DATE_FORMAT
    if col.kind in (schema.ID, schema.SEAM, schema.MONTH):
        return TEXT_FORMAT
    return None


WRAP_WIDTH = 24  # free-text columns at least this wide wrap, so long entries stay readable


def alignment(col: schema.Column) -> Alignment:
    """How a column's data cells are aligned: short codes centred, long text wrapped, all at the top."""
    if col.kind in (schema.SEAM, schema.YESNO, schema.MONTH) or (col.kind == schema.CHOICE and col.width <= 14):
        return Alignment(horizontal="center", vertical="top")
    if col.kind == schema.TEXT and col.width >= WRAP_WIDTH:
        return Alignment(wrap_text=True, vertical="top")
    return Alignment(vertical="top")


def table_name(sheet: schema.Sheet) -> str:
    """The Excel table's name on a sheet: no spaces, unique in the workbook."""
    return f"{sheet.name}Table"


_CHARS_PER_UNIT = 1.1  # a width unit is one '0'; ordinary text is a little narrower


def lines_of(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a cell `width` units wide (an estimate, on the safe side)."""
    per_line = max(int(width * _CHARS_PER_UNIT) - 3, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def fit_height(ws: Worksheet, row: int, texts: list[tuple[str, int]]) -> None:
    """Set a row tall enough for its wrapped texts: Excel does not grow rows with merged or wrapped text."""
    lines = max((lines_of(t, w) for t, w in texts if t), default=1)
    ws.row_dimensions[row].height = max(1, lines) * LINE_HEIGHT + 3
