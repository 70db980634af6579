"""A table that only shows rows (About's licences, the shortcuts list): no grid, no selection, no focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def readonly_table(model, accessible_name: str, stretch_column: int = 0) -> QTableView:
    """A QTableView over `model`; `stretch_column` takes the spare width, the others fit their contents."""
    table = QTableView()
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch if column == stretch_column else QHeaderView.ResizeMode.ResizeToContents,
        )
    return table
