"""A seam's metric table: value, target, status (icon and word), change vs last month, 6-month trend."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ui import theme
from ui.engine.results import SeamView
from ui.table_model import TableModel

TREND_ROLE = Qt.ItemDataRole.UserRole + 3
COLUMNS = ("Metric", "Value", "Target", "Status", "vs last month", "Last 6 months")
CHANGE_COLUMN, TREND_COLUMN = 4, 5


class MetricsModel(TableModel):
    """One row per metric of the selected seam."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._seam: SeamView | None = None

    def set_seam(self, seam: SeamView | None) -> None:
        with self.resetting():
            self._seam = seam

    def row_count(self) -> int:
        return len(self._seam.metrics) if self._seam is not None else 0

    def headers(self) -> tuple[str, ...]:
        return COLUMNS

    def cell(self, row: int, col: int, role: int) -> Any:
        assert self._seam is not None  # rows exist only with a seam
        m = self._seam.metrics[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                m.label,
                m.text,
                m.target_text,
                theme.STATUS_WORDS[m.status] if m.status else "",
                m.change_text,
                "",
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 3 and m.status:
            return theme.status_icon(m.status)
        if role == Qt.ItemDataRole.BackgroundRole and col in (1, 3) and m.status:
            return theme.status_tint(m.status)
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and m.status:
            return theme.status_colour(m.status)
        if role == Qt.ItemDataRole.ForegroundRole and col == CHANGE_COLUMN and m.change_text:
            return theme.change_colour(m.change_sense)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole) and col == CHANGE_COLUMN:
            word = theme.CHANGE_WORDS.get(m.change_sense)
            return f"{m.change_text} vs last month ({word})" if m.change_text and word else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2, 4):
            return theme.ALIGN_NUMBER
        if role == TREND_ROLE:
            return (m.trend, m.status)
        if role == Qt.ItemDataRole.ToolTipRole and col == TREND_COLUMN:
            return m.trend_text
        if role == Qt.ItemDataRole.AccessibleTextRole and col == TREND_COLUMN:
            return "Trend over six months"
        return None
