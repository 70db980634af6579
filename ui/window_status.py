"""The right end of the window's status bar: working, the findings' counts, when it was checked, the file."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from ui import theme
from ui.elided_label import ElidedLabel
from ui.engine.results import LoadResult


class WindowStatus(QWidget):
    """A busy bar while the engine works, then what the last check found."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(110)
        self.busy_bar.setFixedHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.hide()
        self.counts = QLabel()
        self.counts.setAccessibleName("Findings count")
        self.checked = QLabel()
        self.checked.setAccessibleName("Last checked")
        self.file = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)
        self.file.setAccessibleName("File")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for w in (self.busy_bar, self.counts, self.checked, self.file):
            layout.addWidget(w)

    def show_result(self, result: LoadResult | None) -> None:
        """The counts by severity, the time checked (and how long it took), the file's name."""
        if result is None:
            for label in (self.counts, self.checked, self.file):
                label.setText("")
            return
        self.counts.setText(self.counts_text(result))
        checked = time.strftime("%H:%M:%S", time.localtime(result.checked_at))
        self.checked.setText(f"Last checked {checked} ({result.duration:.1f} s)")
        self.file.setText(result.name)
        self.file.setToolTip(result.path)

    @staticmethod
    def counts_text(result: LoadResult) -> str:
        """'2 errors, 1 warning, 0 notes'."""
        return ", ".join(theme.plural(result.count(s), s) for s in ("error", "warning", "info"))

    def set_busy(self, busy: bool) -> None:
        """Show the busy bar while a check or a job runs."""
        self.busy_bar.setVisible(busy)
