"""The Checks view's table: one finding per row, and the filter (severity, sheet, text) in front of it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from tec_desktop.findings import SEVERITY_ORDER, Finding
from tec_desktop.workbook.schema import SHEETS
from ui import theme
from ui.table_model import Index, TableModel

FINDING_ROLE = Qt.ItemDataRole.UserRole + 2
_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}
COLUMNS = ("Severity", "Sheet", "Cell", "Message")


def _cell_key(cell: str) -> tuple:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), len(letters), letters)


class FindingsModel(TableModel):
    """Findings as rows: severity (icon and word), sheet, cell, message."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._findings: tuple[Finding, ...] = ()
        self._haystack: tuple[str, ...] = ()

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Replace all rows."""
        with self.resetting():
            self._findings = tuple(findings)
            self._haystack = tuple(f"{f.sheet} {f.cell} {f.app_message()} {f.code}".casefold() for f in self._findings)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves, with Python's sort on precomputed keys.

        A proxy's lessThan would be a Python call per comparison: about ten seconds for 20,000 findings.
        """
        if not 0 <= column < len(COLUMNS) or not self._findings:
            return
        self.layoutAboutToBeChanged.emit()
        keys = [self._key(f, column) for f in self._findings]
        order_ = sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self._findings = tuple(self._findings[i] for i in order_)
        self._haystack = tuple(self._haystack[i] for i in order_)
        new_row = {old: new for new, old in enumerate(order_)}
        persistent = self.persistentIndexList()  # the proxy's and the selection's: few, not every row
        self.changePersistentIndexList(persistent, [self.index(new_row[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    @staticmethod
    def _key(f: Finding, column: int) -> tuple:
        if column == 0:
            return (SEVERITY_ORDER.get(f.severity, 3), _SHEET_ORDER.get(f.sheet, 99), f.row, _cell_key(f.cell))
        if column == 1:
            return (_SHEET_ORDER.get(f.sheet, 99), f.sheet, f.row, _cell_key(f.cell))
        if column == 2:
            return (_cell_key(f.cell), _SHEET_ORDER.get(f.sheet, 99))
        return (f.app_message().casefold(),)

    def finding(self, row: int) -> Finding:
        """The finding on a source row."""
        return self._findings[row]

    def haystack(self, row: int) -> str:
        """The row's searchable text, casefolded."""
        return self._haystack[row]

    def row_count(self) -> int:
        return len(self._findings)

    def headers(self) -> tuple[str, ...]:
        return COLUMNS

    def cell(self, row: int, col: int, role: int) -> Any:
        f = self._findings[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return (theme.SEVERITY_WORDS.get(f.severity, f.severity), f.sheet or "Workbook", f.cell, f.app_message())[
                col
            ]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return theme.severity_icon(f.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{theme.SEVERITY_WORDS.get(f.severity, f.severity)}: {f.app_message()}"
        if role == FINDING_ROLE:
            return f
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{theme.SEVERITY_WORDS.get(f.severity)} in {f.where}: {f.app_message()}"
        return None


class FindingsFilter(QSortFilterProxyModel):
    """Shows the findings of the chosen severities and sheet whose text contains every search word."""

    def __init__(self, source: FindingsModel, parent: QObject | None = None):
        super().__init__(parent)
        self._source = source
        self.setSourceModel(source)
        self._severities = {"error", "warning", "info"}
        self._sheet = ""
        self._words: tuple[str, ...] = ()
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts itself (fast); this proxy only filters, in the source's order."""
        self._source.sort(column, order)

    def set_severities(self, severities: set[str]) -> None:
        self._refilter(lambda: setattr(self, "_severities", set(severities)))

    @property
    def sheet(self) -> str:
        """The sheet shown ('' for all)."""
        return self._sheet

    def set_sheet(self, sheet: str) -> None:
        """'' for every sheet."""
        self._refilter(lambda: setattr(self, "_sheet", sheet))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_words", tuple(text.casefold().split())))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateRowsFilter is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self._source
        f = model.finding(row)
        if f.severity not in self._severities:
            return False
        if self._sheet and (f.sheet or "Workbook") != self._sheet:
            return False
        if self._words:
            hay = model.haystack(row)
            return all(w in hay for w in self._words)
        return True
