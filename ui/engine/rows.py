"""ReadRow: the workbook row behind a finding, with every cell as the user typed it.

The typed frames hold what the checks understood ('soon' in a date column is empty there), so the
row is read again as calamine gives it, and the last sheet read is kept for the next finding. When
the file changed since it was checked, the values that were checked are shown instead, and said so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui.engine.protocol import Job
from ui.engine.requests import ReadRow
from ui.engine.results import RowValues
from ui.engine.state import EngineState

if TYPE_CHECKING:
    from tec_desktop.workbook.model import Workbook


def read_row(state: EngineState, request: ReadRow, job: Job) -> RowValues:
    """The row's cells: as typed when the file is unchanged, else as read."""
    book = state.book(request.book_id)
    return row_values(book, request.sheet, request.row, _raw_rows(state, request.book_id, book, request.sheet))


def _raw_rows(state: EngineState, book_id: int, book: Workbook, sheet: str) -> list | None:
    """The sheet's cells as typed (calamine rows), cached for the last sheet asked about.

    None when the file changed since it was read: then the values read earlier are shown.
    """
    from tec_desktop.workbook import reader

    if state.raw_rows is not None and state.raw_rows[0] == (book_id, sheet):
        return state.raw_rows[1]
    try:
        if reader.file_sha256(book.path) != book.sha256:
            return None
        table = book.tables.get(sheet)
        if table is None or not table.present:
            return None
        name = _sheet_name(book.path, sheet)
        rows = reader._calamine_rows(Path(book.path), [name])[0][name]
    except Exception:
        return None  # the values read earlier are still there to show
    state.raw_rows = ((book_id, sheet), rows)
    return rows


def _sheet_name(path: str | Path, wanted: str) -> str:
    """The sheet's name as spelled in the file (sheet names match case-insensitively)."""
    import python_calamine

    from tec_desktop.workbook import schema

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        names = list(book.sheet_names)
    finally:
        book.close()
    for name in names:
        if schema.normalize_header(name) == schema.normalize_header(wanted):
            return name
    return wanted


def row_values(book: Workbook, sheet: str, row: int, raw: list | None) -> RowValues:
    """The cells of an Excel row: as typed when the raw rows are known, else as read."""
    from tec_desktop.workbook.cells import column_index, column_letter
    from tec_desktop.workbook.values import as_text

    if raw is not None and 0 < row <= len(raw):
        header = raw[0] if raw else []
        values = raw[row - 1]
        width = max(len(header), len(values))
        last = max(
            [
                i
                for i in range(width)
                if (i < len(header) and as_text(header[i])) or (i < len(values) and as_text(values[i]))
            ]
            + [-1]
        )
        typed = tuple(
            (
                column_letter(i),
                as_text(header[i]) if i < len(header) else "",
                as_text(values[i]) if i < len(values) else "",
            )
            for i in range(last + 1)
        )
        return RowValues(sheet, row, typed, True)
    table = book.tables.get(sheet)
    if table is None or not table.present:
        return RowValues(sheet, row, (), False)
    frame = table.frame
    hits = frame.index[frame["row"] == row]
    cells = []
    for col in table.sheet.columns:
        letter = table.letters.get(col.key)
        if letter is None:
            continue
        value = frame.at[hits[0], col.key] if len(hits) else None
        cells.append((letter, col.header, _shown(value, col.kind)))
    cells.sort(key=lambda c: column_index(c[0]))
    return RowValues(sheet, row, tuple(cells), False)


def _shown(value: Any, kind: str) -> str:
    import pandas as pd

    from tec_desktop.workbook import schema
    from tec_desktop.workbook.values import as_text, show_date

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == schema.DATE:
        return show_date(value)
    if kind == schema.YESNO:
        return "Yes" if value == 1.0 else "No"
    return as_text(value)
