"""The start page: what to do first (open, template, sample, recent), and 'Checking…' while a file loads."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.paths import shown
from ui.records_model import RecordsModel


class WelcomeView(QWidget):
    """Buttons for the three ways in, the recent workbooks, and a busy state."""

    open_requested = Signal()
    template_requested = Signal()
    sample_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomeView")
        logo = QLabel()
        logo.setPixmap(theme.icon("app").pixmap(QSize(72, 72)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel("Open a workbook or start from the template")
        self.title.setObjectName("welcomeTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.text = QLabel(
            "TEC Desktop checks your seam workbook, shows each seam's month, and makes "
            "the PDF scorecards for the leadership team and every seam owner."
        )
        self.text.setWordWrap(True)
        self.text.setMaximumWidth(620)
        self.text.setObjectName("welcomeText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.open_button = self._button("open-light", "Open workbook…", "Open an .xlsx workbook (Ctrl+O)")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_requested)
        self.template_button = self._button(
            "new",
            "New workbook from template…",
            "Save an empty workbook with every sheet, column and dropdown (Ctrl+N)",
        )
        self.template_button.clicked.connect(self.template_requested)
        self.sample_button = self._button(
            "sample", "Open sample workbook", "Explore a filled-in example (Ctrl+Shift+N)"
        )
        self.sample_button.clicked.connect(self.sample_requested)
        self.buttons = buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons.setSpacing(10)
        buttons.addStretch(1)
        for b in (self.open_button, self.template_button, self.sample_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.drop_hint = QLabel("or drop an .xlsx file anywhere on this window")
        self.drop_hint.setObjectName("subtle")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMinimumWidth(160)
        self.busy.setMaximumWidth(320)
        self.busy.setAccessibleName("Working")
        self.busy.hide()

        self.recent_model = RecordsModel(("Recent workbooks",), self)
        self.recent = QListView()
        self.recent.setObjectName("recentList")
        self.recent.setAccessibleName("Recent workbooks")
        self.recent.setModel(self.recent_model)
        self.recent.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recent.setUniformItemSizes(True)
        self.recent.setSpacing(2)
        self.recent.setIconSize(QSize(18, 18))
        self.recent.activated.connect(self._recent_activated)
        self.recent.clicked.connect(self._recent_activated)
        self.recent.setToolTip("Click to open")
        self.recent_title = QLabel("Recent workbooks")
        self.recent_title.setObjectName("subtle")
        self._recent_paths: list[str] = []
        recent_box = QFrame()
        recent_box.setObjectName("card")
        recent_box.setMinimumWidth(300)
        recent_box.setMaximumWidth(620)
        rl = QVBoxLayout(recent_box)
        rl.setContentsMargins(14, 10, 14, 12)
        rl.addWidget(self.recent_title)
        rl.addWidget(self.recent)
        self.recent_box = recent_box

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(14)
        layout.addStretch(2)
        layout.addWidget(logo)
        layout.addWidget(self.title)
        layout.addLayout(_centred(self.text))
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.drop_hint)
        layout.addSpacing(14)
        layout.addLayout(_centred(recent_box))
        layout.addStretch(3)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Three buttons side by side need about 700 pixels; a narrower window stacks them.
        row = sum(b.sizeHint().width() for b in (self.open_button, self.template_button, self.sample_button)) + 80
        stacked = event.size().width() < row
        direction = QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        if self.buttons.direction() != direction:
            self.buttons.setDirection(direction)

    def _button(self, icon: str, text: str, tip: str) -> QPushButton:
        b = QPushButton(theme.icon(icon), text)
        b.setToolTip(tip)
        b.setAccessibleName(text.rstrip("…"))
        b.setMinimumHeight(36)
        b.setIconSize(QSize(18, 18))
        return b

    def set_recent(self, paths: list[str]) -> None:
        """The recent workbooks, most recent first."""
        self._recent_paths = list(paths)
        rows = [(f"{Path(p).name}    —    {shown(Path(p).parent)}",) for p in paths]
        self.recent_model.set_rows(("Recent workbooks",), rows, (), paths)
        self.recent_box.setVisible(bool(paths))
        self.recent.setFixedHeight(min(len(paths), 6) * 30 + 8)

    def set_busy(self, text: str | None) -> None:
        """'Checking sample.xlsx…' with a busy bar, or back to the start page (None)."""
        busy = text is not None
        self.title.setText(text if text is not None else "Open a workbook or start from the template")
        self.busy.setVisible(busy)
        for w in (self.open_button, self.template_button, self.sample_button, self.drop_hint):
            w.setVisible(not busy)
        self.recent_box.setVisible(not busy and bool(self._recent_paths))
        self.text.setVisible(not busy)

    def _recent_activated(self, index) -> None:
        if index.isValid() and index.row() < len(self._recent_paths):
            self.recent_requested.emit(self._recent_paths[index.row()])


def _centred(widget: QWidget) -> QHBoxLayout:
    """A row in which `widget` takes up to its maximum width, centred, and less on a narrow window."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget, 100)
    row.addStretch(1)
    return row
