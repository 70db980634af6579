"""The Scorecards view's list of the PDFs written: name and size, the pack first, the owners in natural order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from ui.paths import natural_key
from ui.readonly_table import set_list_look
from ui.records_model import RecordsModel

HEADERS = ("File", "Size")


def size_text(n: int) -> str:
    """'48 KB', '1.2 MB'."""
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class GeneratedFiles(QTableView):
    """Select a file to preview it (`selected`), double-click to open it (`opened`)."""

    selected = Signal(str)  # the path of the file chosen
    opened = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filesTable")
        self.files: tuple[str, ...] = ()
        self.files_model = RecordsModel(HEADERS, self)
        set_list_look(self, "Generated files")
        self.setModel(self.files_model)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip("Select a file to preview it; double-click to open it")
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.selectionModel().currentRowChanged.connect(self._current)
        self.doubleClicked.connect(self._double_clicked)

    def set_files(self, paths: Sequence[str]) -> tuple[str, ...]:
        """Show these PDFs (pack first, then Person 2 before Person 10), the pack selected; the order shown."""
        paths = tuple(paths)
        self.files = paths[:1] + tuple(sorted(paths[1:], key=lambda p: natural_key(Path(p).name)))
        rows = []
        for p in self.files:
            try:
                size = size_text(Path(p).stat().st_size)
            except OSError:
                size = "missing"
            rows.append((Path(p).name, size))
        self.files_model.set_rows(HEADERS, rows, (), self.files)
        if self.files:
            self.selectionModel().setCurrentIndex(
                self.files_model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        return self.files

    def _current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.files):
            self.selected.emit(self.files[current.row()])

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.files):
            self.opened.emit(self.files[index.row()])
