"""The Email dialog's list of messages: columns as wide as what they show, never cut beside empty space.

Each column gets the width its longest cell needs (from the delegate, icons included; a long Detail is
capped). When they do not all fit, the columns that matter least give up width first — Detail (its
tooltip, the banner and the preview say it whole), Subject (much the same words on every line, its end
kept), the addresses… — and only down to a minimum; spare width is shared by the text columns. Result
and Detail appear once something ran.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from ui.messages_model import (
    DETAIL_COLUMN,
    EMAIL_COLUMN,
    RECIPIENT_COLUMN,
    RESULT_COLUMN,
    SCORECARD_COLUMN,
    SIZE_COLUMN,
    STATUS_COLUMN,
    SUBJECT_COLUMN,
    MessagesModel,
)
from ui.readonly_table import set_list_look

MINIMUM = {  # together they fit the dialog's smallest width; below them a scroll bar appears
    RECIPIENT_COLUMN: 100,
    EMAIL_COLUMN: 150,
    SCORECARD_COLUMN: 100,
    SUBJECT_COLUMN: 160,
    SIZE_COLUMN: 52,
    STATUS_COLUMN: 110,
    RESULT_COLUMN: 96,
    DETAIL_COLUMN: 150,  # a server's reply such as '550 5.1.1 No such user here'
}
# The order in which columns give up width when not everything fits.
CAP = {DETAIL_COLUMN: 280}  # a long reason is read in its tooltip, the banner and the preview: it never crowds out
SHRINK_ORDER = (
    DETAIL_COLUMN,
    SUBJECT_COLUMN,
    EMAIL_COLUMN,
    RECIPIENT_COLUMN,
    SCORECARD_COLUMN,
    STATUS_COLUMN,
    RESULT_COLUMN,
    SIZE_COLUMN,
)
SLACK = 2  # pixels of rounding a column may be short of its text without being cut


class MessagesTable(QTableView):
    """Rows of MessagesModel, several selectable (for Send again to selected and Mark as received)."""

    def __init__(self, model: MessagesModel):
        super().__init__()
        self.setObjectName("messagesTable")
        set_list_look(self, "Messages", QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setItemDelegateForColumn(DETAIL_COLUMN, _ElideRight(self))
        self.details_shown = False
        self._model = model

    def selected_rows(self) -> list[int]:
        """The selected rows, in order."""
        return sorted({i.row() for i in self.selectionModel().selectedRows()})

    def natural_width(self, column: int) -> int:
        """What the column needs to show its header and every cell whole."""
        header = self.horizontalHeader().sectionSizeFromContents(column).width()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        widest = 0
        for row in range(self._model.rowCount()):
            index = self._model.index(row, column)
            widest = max(widest, self.itemDelegateForIndex(index).sizeHint(option, index).width())
        return max(header, widest + 1)

    def fit_columns(self) -> None:
        """Show Result and Detail when something ran; size every column to what it shows (see the module)."""
        outcomes = self._model.outcomes()
        self.setColumnHidden(RESULT_COLUMN, not outcomes)
        self.setColumnHidden(DETAIL_COLUMN, not any(o.detail for o in outcomes.values()))
        self.details_shown = not self.isColumnHidden(DETAIL_COLUMN)
        visible = [c for c in range(self._model.columnCount()) if not self.isColumnHidden(c)]
        widths = {c: min(self.natural_width(c), CAP.get(c, 10_000)) for c in visible}
        short = sum(widths.values()) - self.viewport().width()
        for column in SHRINK_ORDER:
            if short <= 0:
                break
            if column in widths:
                give = min(short, max(widths[column] - MINIMUM[column], 0))
                widths[column] -= give
                short -= give
        if short < 0:  # room to spare: shared by the text columns as they are wide (the last takes the rounding)
            texts = [c for c in widths if c != SIZE_COLUMN]
            total = sum(widths[c] for c in texts)
            spare = -short
            for c in texts:
                widths[c] += spare * widths[c] // total
        header = self.horizontalHeader()
        for column, width in widths.items():
            header.resizeSection(column, width)

    def cut_columns(self) -> list[int]:
        """The visible columns that do not show some cell whole (tests and the screenshot check use it)."""
        return [
            c
            for c in range(self._model.columnCount())
            if not self.isColumnHidden(c) and self.columnWidth(c) + SLACK < self.natural_width(c)
        ]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class _ElideRight(QStyledItemDelegate):
    """A reason is read from its start: cut it at the end (the table cuts names in the middle)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight
