"""The Email dialog's list of messages: widths that leave the Detail column room once results carry reasons."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from ui.messages_model import DETAIL_COLUMN, MessagesModel
from ui.readonly_table import set_list_look

DETAIL_WIDTH = 210  # enough for a server's reply such as '550 5.1.1 No such user here'
WIDTHS = (150, 200, 220, 180, 64, 132, 84)  # Recipient … Result; Detail takes the rest


class MessagesTable(QTableView):
    """Rows of MessagesModel, several selectable (for Send again to selected)."""

    def __init__(self, model: MessagesModel):
        super().__init__()
        self.setObjectName("messagesTable")
        set_list_look(self, "Messages", QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setModel(model)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setItemDelegateForColumn(DETAIL_COLUMN, _ElideRight(self))
        self.details_shown = False

    def selected_rows(self) -> list[int]:
        """The selected rows, in order."""
        return sorted({i.row() for i in self.selectionModel().selectedRows()})

    def fit_columns(self, details: bool) -> None:
        """Widths for the preview; once results carry reasons, the text columns give Detail room to be read."""
        widths = list(WIDTHS)
        if details:
            short = DETAIL_WIDTH + sum(widths) - self.viewport().width()
            if short > 0:  # from Subject first (the same few words on every line), then the other text columns
                widths[3] -= min(short, widths[3] - 100)
                short = DETAIL_WIDTH + sum(widths) - self.viewport().width()
            if short > 0:
                elastic = sum(widths[:3])
                for col in range(3):
                    widths[col] = max(100, widths[col] - short * widths[col] // elastic)
        header = self.horizontalHeader()
        for col, width in enumerate(widths):
            header.resizeSection(col, width)
        self.details_shown = details

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.details_shown:
            self.fit_columns(True)


class _ElideRight(QStyledItemDelegate):
    """A reason is read from its start: cut it at the end (the table cuts names in the middle)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight
