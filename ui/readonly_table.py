"""The window's read-only tables: lists whose rows are picked (findings, seams, files, messages), and tables
that only show rows (About's licences, the shortcuts list)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SelectionMode = QAbstractItemView.SelectionMode


def set_list_look(
    view: QTableView, accessible_name: str, selection: SelectionMode = SelectionMode.SingleSelection
) -> None:
    """Whole rows are picked, nothing is edited; alternating rows, no grid, no wrapping, no row numbers.

    The table is one stop for Tab (the arrow keys move inside it), so Tab reaches the controls after it.
    """
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.setTabKeyNavigation(False)


def readonly_table(model: QAbstractItemModel, accessible_name: str, stretch_column: int = 0) -> QTableView:
    """A QTableView over `model` that only shows rows: `stretch_column` takes the spare width, the others fit."""
    table = QTableView()
    set_list_look(table, accessible_name, SelectionMode.NoSelection)
    table.setModel(model)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch if column == stretch_column else QHeaderView.ResizeMode.ResizeToContents,
        )
    return table
