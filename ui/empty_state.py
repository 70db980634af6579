"""A centred icon, title and one or two lines that tell the user what to do next."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme


class EmptyState(QWidget):
    """Shown instead of an empty table; with a button for the next step when there is one."""

    action_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("emptyStateBox")
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("welcomeText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("primary")
        self.button.setMinimumHeight(38)
        self.button.clicked.connect(self.action_requested)
        self.button.hide()
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.button)
        button_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addStretch(1)
        layout.addWidget(self.icon)
        layout.addWidget(self.title)
        layout.addWidget(self.text)  # no alignment flag: Qt then gives wrapped text the height it needs
        layout.addSpacing(6)
        layout.addLayout(button_row)
        layout.addStretch(2)

    def set(self, title: str, text: str = "", icon: str | None = None, action: str = "", action_icon: str = "") -> None:
        """Change what it says; `icon` is a name in ui/icons (None: no icon); `action` labels the button (none: '')."""
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        if icon:
            self.icon.setPixmap(theme.icon(icon).pixmap(QSize(44, 44)))
        self.icon.setVisible(bool(icon))
        self.button.setText(f"  {action}" if action_icon else action)
        self.button.setIcon(theme.icon(action_icon) if action_icon else QIcon())
        self.button.setAccessibleName(action)
        self.button.setVisible(bool(action))
        self.setAccessibleName(title)

    def message(self) -> str:
        """Title and text, for tests and screen readers."""
        return f"{self.title.text()} {self.text.text()}".strip()
