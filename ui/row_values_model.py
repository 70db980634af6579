"""The workbook row behind a finding, laid out as in Excel: one column per cell, problem cells tinted."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from tec_desktop.findings import SEVERITY_ORDER, Finding
from ui import theme
from ui.engine.results import RowValues


class RowValuesModel(QAbstractTableModel):
    """One row; column headers are 'E · Started'; cells with findings carry their colour and message."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._row: RowValues | None = None
        self._marks: dict[str, Finding] = {}  # column letter -> worst finding on that cell
        self._selected = ""

    def set_row(self, row: RowValues | None, findings: Sequence[Finding] = (), selected: str = "") -> None:
        """Show a row; `findings` are those on the same sheet and row, `selected` the cell to stress."""
        self.beginResetModel()
        self._row = row
        self._selected = "".join(ch for ch in selected if ch.isalpha())
        self._marks = {}
        for f in sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3), reverse=True):
            letter = "".join(ch for ch in f.cell if ch.isalpha())
            if letter:
                self._marks[letter] = f
        self.endResetModel()

    def column_of(self, letter: str) -> int:
        """The model column showing a cell's letter, or -1."""
        if self._row is None:
            return -1
        for i, (col, _, _) in enumerate(self._row.cells):
            if col == letter:
                return i
        return -1

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self._row is None or not self._row.cells else 1

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self._row is None else len(self._row.cells)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self._row is None:
            return None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            letter, header, _ = self._row.cells[section]
            return f"{letter}  {header}" if header else letter
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(self._row.row)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._row is None:
            return None
        letter, header, value = self._row.cells[index.column()]
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
