"""The workbook row behind a finding, laid out as in Excel: one column per cell, problem cells tinted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tec_desktop.findings import SEVERITY_ORDER, Finding
from ui import theme
from ui.engine.results import RowValues
from ui.table_model import TableModel


class RowValuesModel(TableModel):
    """One row; column headers are 'E · Started'; cells with findings carry their colour and message."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._row: RowValues | None = None
        self._marks: dict[str, Finding] = {}  # column letter -> worst finding on that cell
        self._selected = ""

    def set_row(self, row: RowValues | None, findings: Sequence[Finding] = (), selected: str = "") -> None:
        """Show a row; `findings` are those on the same sheet and row, `selected` the cell to stress."""
        with self.resetting():
            self._row = row
            self._selected = "".join(ch for ch in selected if ch.isalpha())
            self._marks = {}
            for f in sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3), reverse=True):
                letter = "".join(ch for ch in f.cell if ch.isalpha())
                if letter:
                    self._marks[letter] = f

    def column_of(self, letter: str) -> int:
        """The model column showing a cell's letter, or -1."""
        if self._row is None:
            return -1
        for i, (col, _, _) in enumerate(self._row.cells):
            if col == letter:
                return i
        return -1

    def row_count(self) -> int:
        return 1 if self._row is not None and self._row.cells else 0

    def headers(self) -> tuple[str, ...]:
        cells = self._row.cells if self._row is not None else ()
        return tuple(f"{letter}  {header}" if header else letter for letter, header, _ in cells)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and self.row_count():
            return str(self._row.row) if self._row is not None and section == 0 else None
        return super().headerData(section, orientation, role)

    def cell(self, row: int, col: int, role: int) -> Any:
        assert self._row is not None  # a row is there whenever there are cells
        letter, header, value = self._row.cells[col]
        mark = self._marks.get(letter)
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.BackgroundRole and mark is not None:
            return theme.severity_tint(mark.severity)
        if role == Qt.ItemDataRole.DecorationRole and mark is not None:
            return theme.severity_icon(mark.severity)
        if role == Qt.ItemDataRole.FontRole and letter == self._selected:
            return theme.bold(QApplication.font())
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{self._row.sheet} {letter}{self._row.row}"
            return f"{where} ({header}): {mark.app_message()}" if mark is not None else f"{where} ({header})"
        return None
