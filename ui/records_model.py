"""A read-only table of text rows with optional per-row status flags (misses, actions, files, licences)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from ui import theme
from ui.table_model import TableModel

FLAG_ROLE = Qt.ItemDataRole.UserRole + 4


class RecordsModel(TableModel):
    """Rows of strings under headers; a row flagged 'red'/'amber' is tinted and gets its icon in column 0."""

    def __init__(self, headers: Sequence[str] = (), parent=None):
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: tuple[tuple[str, ...], ...] = ()
        self._flags: tuple[str | None, ...] = ()
        self._tips: tuple[str, ...] = ()

    def set_rows(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        flags: Sequence[str | None] = (),
        tips: Sequence[str] = (),
    ) -> None:
        """Replace headers and rows."""
        with self.resetting():
            self._headers = tuple(headers)
            self._rows = tuple(tuple(r) for r in rows)
            self._flags = tuple(flags) or (None,) * len(self._rows)
            self._tips = tuple(tips)

    def row_values(self, row: int) -> tuple[str, ...]:
        return self._rows[row]

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return self._headers

    def cell(self, row: int, col: int, role: int) -> Any:
        flag = self._flags[row] if row < len(self._flags) else None
        if role == Qt.ItemDataRole.DisplayRole:
            values = self._rows[row]
            return values[col] if col < len(values) else ""
        if role == Qt.ItemDataRole.BackgroundRole and flag:
            return theme.status_tint(flag)
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and flag:
            return theme.status_icon(flag)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row < len(self._tips) and self._tips[row]:
                return self._tips[row]
            values = self._rows[row]
            return values[col] if col < len(values) and len(values[col]) > 30 else None
        if role == FLAG_ROLE:
            return flag
        return None
