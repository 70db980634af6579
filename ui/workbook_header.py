"""The band above the views: the workbook's name, organization, folder and time checked; the month; Check again."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from tec_desktop.months import month_label
from ui import theme
from ui.elided_label import ElidedLabel
from ui.engine.results import LoadResult
from ui.paths import shown


class WorkbookHeader(QFrame):
    """Shows a LoadResult's file and month; the user picks another month or checks again."""

    month_chosen = Signal(str)  # a month with data, 'YYYY-MM'
    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        self._has_result = False
        self.file_title = ElidedLabel()
        self.file_title.setObjectName("fileTitle")
        self.file_title.setAccessibleName("Workbook")
        self.file_meta = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)
        self.file_meta.setObjectName("fileMeta")
        self.file_meta.setAccessibleName("Workbook details")
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.file_title)
        names.addWidget(self.file_meta)
        file_icon = QLabel()
        file_icon.setPixmap(theme.icon("spreadsheet").pixmap(QSize(30, 30)))

        self.month_picker = QComboBox()
        self.month_picker.setObjectName("monthPicker")
        self.month_picker.setAccessibleName("Month")
        self.month_picker.setToolTip(
            "The month to check and report (Ctrl+M). It starts at the Reporting month on the workbook's Settings sheet."
        )
        self.month_picker.setMinimumWidth(230)
        self.month_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.month_picker.activated.connect(self._picked)
        month_label_widget = QLabel("Month:")
        month_label_widget.setBuddy(self.month_picker)
        self.reload_button = QToolButton()
        self.reload_button.setIcon(theme.icon("reload"))
        self.reload_button.setIconSize(QSize(20, 20))
        self.reload_button.setAccessibleName("Check again")
        self.reload_button.setToolTip(
            "Read and check the workbook again (F5). This also happens by itself when the file is saved."
        )
        self.reload_button.setAutoRaise(True)
        self.reload_button.clicked.connect(self.reload_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(10)
        layout.addWidget(file_icon)
        layout.addLayout(names, 1)
        layout.addWidget(month_label_widget)
        layout.addWidget(self.month_picker)
        layout.addWidget(self.reload_button)

    def show_result(self, result: LoadResult | None, month: str | None = None) -> None:
        """The workbook checked, and its months; `month` is the one chosen when it is not yet the result's."""
        self._has_result = result is not None
        self.fill_months(result, month)
        self.month_picker.setEnabled(self._has_result)
        self.reload_button.setEnabled(self._has_result)
        self.setVisible(self._has_result)
        if result is None:
            return
        self.file_title.setText(result.name)
        self.file_title.setToolTip(result.path)
        checked = time.strftime("%H:%M:%S", time.localtime(result.checked_at))
        org = f"{result.organization}  ·  " if result.organization else ""
        self.file_meta.setText(f"{org}{shown(Path(result.path).parent)}  ·  checked at {checked}")

    def fill_months(self, result: LoadResult | None, month: str | None = None) -> None:
        """The months with data, newest first, `month` (else the result's) chosen ('Choose a month…' without one).

        While the month last chosen is still being checked the picker keeps showing it, so that quick
        Ctrl+[ / Ctrl+] presses count from where the user is, not from a result already replaced.
        """
        picker = self.month_picker
        picker.blockSignals(True)
        picker.clear()
        if result is not None:
            months = list(result.months)
            if result.month and result.month not in months:
                months.append(result.month)
                months.sort(reverse=True)
            if result.month is None:
                picker.addItem("Choose a month…", None)
            for m in months:
                suffix = "  (Reporting month)" if m == result.reporting_month else ""
                picker.addItem(f"{month_label(m)}{suffix}", m)
            index = picker.findData(month) if month else -1
            picker.setCurrentIndex(index if index >= 0 else max(picker.findData(result.month), 0))
        picker.blockSignals(False)

    def set_busy(self, busy: bool) -> None:
        """While a check runs, Check again waits."""
        self.reload_button.setEnabled(not busy and self._has_result)

    def focus_month(self) -> None:
        """Ctrl+M: open the list of months."""
        self.month_picker.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.month_picker.showPopup()

    def step_month(self, step: int) -> None:
        """Choose the month `step` places down the list (+1: the one before, -1: the one after)."""
        index = self.month_picker.currentIndex() + step
        if 0 <= index < self.month_picker.count() and self.month_picker.itemData(index) is not None:
            self.month_picker.setCurrentIndex(index)
            self._picked(index)

    def _picked(self, index: int) -> None:
        month = self.month_picker.itemData(index)
        if month is not None:
            self.month_chosen.emit(month)
