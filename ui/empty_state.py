"""A centred icon, title and one or two lines that tell the user what to do next."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import theme


class EmptyState(QWidget):
    """Shown instead of an empty table."""

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
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addStretch(1)
        layout.addWidget(self.icon)
        layout.addWidget(self.title)
        layout.addWidget(self.text)  # no alignment flag: Qt then gives wrapped text the height it needs
        layout.addStretch(2)

    def set(self, title: str, text: str = "", icon: str | None = None) -> None:
        """Change what it says; `icon` is a name in ui/icons (None: no icon)."""
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        if icon:
            self.icon.setPixmap(theme.icon(icon).pixmap(QSize(44, 44)))
        self.icon.setVisible(bool(icon))
        self.setAccessibleName(title)

    def message(self) -> str:
        """Title and text, for tests and screen readers."""
        return f"{self.title.text()} {self.text.text()}".strip()
