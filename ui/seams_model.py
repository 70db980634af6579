"""The Seams view's table: one row per seam, its overall status and every metric tinted by status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication

from ui import theme
from ui.engine.results import MonthView, SeamView
from ui.table_model import Index, TableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEAM_ROLE = Qt.ItemDataRole.UserRole + 2
SHORT_LABELS = {  # two short lines, so twelve metrics fit beside the seam's name; the tooltip has the full label
    "items_completed": "Items\ndone",
    "sla_adherence": "SLA\nmet",
    "queue_time_median": "Queue\nmedian",
    "queue_time_p85": "Queue\np85",
    "lead_time_median": "Lead time\nmedian",
    "rework_rate": "Rework\n",
    "first_pass_ready": "Ready\n1st time",
    "misses": "Misses\n",
    "dependency_on_time": "Deps\non time",
    "decision_sla_adherence": "Decisions\nin SLA",
    "decisions_overdue": "Decisions\noverdue",
    "actions_overdue": "Actions\noverdue",
}
FIXED = ("Seam", "Name", "Owner", "Status")
STATUS_COLUMN = 3


class SeamsModel(TableModel):
    """Seams × (facts, status, metrics)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._month: MonthView | None = None
        self._seams: tuple[SeamView, ...] = ()
        self._keys: tuple[str, ...] = ()
        self._labels: tuple[str, ...] = ()

    def set_month(self, month: MonthView | None) -> None:
        """Replace all rows (None: nothing to show)."""
        with self.resetting():
            self._month = month
            self._seams = month.seams if month else ()
            self._keys = month.metric_keys if month else ()
            self._labels = month.metric_labels if month else ()

    def seam(self, row: int) -> SeamView:
        return self._seams[row]

    def metric_key(self, column: int) -> str | None:
        """The metric shown in a column, or None for the fixed columns."""
        i = column - len(FIXED)
        return self._keys[i] if 0 <= i < len(self._keys) else None

    def row_count(self) -> int:
        return len(self._seams)

    def headers(self) -> tuple[str, ...]:
        return FIXED + tuple(SHORT_LABELS.get(key, key) for key in self._keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        key = self.metric_key(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return super().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key is None:
                return {3: "Overall status: the worst status of the seam's metrics"}.get(section)
            return self._labels[self._keys.index(key)]
        if role == Qt.ItemDataRole.TextAlignmentRole and key is not None:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def cell(self, row: int, col: int, role: int) -> Any:
        s = self._seams[row]
        key = self.metric_key(col)
        if role == SEAM_ROLE:
            return s
        if key is None:
            return self._fixed(s, col, role)
        m = s.metric(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return m.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return theme.ALIGN_NUMBER
        if role == Qt.ItemDataRole.BackgroundRole and m.status:
            return theme.status_tint(m.status)
        if role == Qt.ItemDataRole.ForegroundRole and m.status:
            return theme.status_colour(m.status)
        if role == Qt.ItemDataRole.DecorationRole and m.status:
            return theme.status_icon(m.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{s.seam_id} · {m.label}: {m.text}"
            if m.target_text:
                tip += f" (target {m.target_text})"
            if m.status:
                tip += f" — {theme.STATUS_WORDS[m.status]}"
            if m.change_text:
                word = theme.CHANGE_WORDS.get(m.change_sense)
                tip += f"\nvs last month: {m.change_text}" + (f" ({word})" if word else "")
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            word = f", {theme.STATUS_WORDS[m.status]}" if m.status else ""
            return f"{m.label} {m.text}{word}"
        if role == SORT_ROLE:
            return (m.value is None, m.value if m.value is not None else 0.0)
        return None

    def _fixed(self, s: SeamView, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.seam_id, s.name, s.owner, theme.STATUS_WORDS.get(s.status, "No data"))[col]
        if role == Qt.ItemDataRole.DecorationRole and col == STATUS_COLUMN:
            return theme.status_icon(s.status)
        if role == Qt.ItemDataRole.ForegroundRole and col == STATUS_COLUMN:
            return theme.status_colour(s.status)
        if role == Qt.ItemDataRole.FontRole and col == STATUS_COLUMN and s.status:
            return theme.bold(QApplication.font())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.seam_id} {s.name}: {s.from_team} → {s.to_team}, owner {s.owner} ({s.seam_status})"
        if role == SORT_ROLE:
            if col == STATUS_COLUMN:
                return (theme.STATUS_RANK.get(s.status, 3), s.seam_id)
            return ((s.seam_id, s.name, s.owner)[col] or "").casefold()
        return None


class SeamsSort(QSortFilterProxyModel):
    """Sorts by the model's sort key: worst status first, numbers as numbers, no data last."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
