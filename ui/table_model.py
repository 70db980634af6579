"""The base of the window's tables: Qt's model API for a flat, read-only table, said once.

A subclass says how many rows it has, its column headers and what one cell shows in one role;
rowCount, columnCount, headerData and data (with its checks of the index) are here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    """Rows × headers; `cell(row, column, role)` gives what a cell shows (None for nothing)."""

    def row_count(self) -> int:
        """How many rows there are."""
        raise NotImplementedError

    def headers(self) -> Sequence[str]:
        """The column headers (their number is the number of columns)."""
        raise NotImplementedError

    def cell(self, row: int, column: int, role: int) -> Any:
        """What a valid cell shows in this role, or None."""
        raise NotImplementedError

    @contextmanager
    def resetting(self) -> Iterator[None]:
        """Change every row inside this block; the views are told before and after."""
        self.beginResetModel()
        try:
            yield
        finally:
            self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        headers = self.headers()
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < self.row_count() and 0 <= index.column() < len(self.headers())
        ):
            return None
        return self.cell(index.row(), index.column(), role)
