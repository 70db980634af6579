"""A one-line message in the colours of its kind, above a view or a dialog's buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget


class Banner(QFrame):
    """Rich text in the colours of its kind: ok, info, warning, error (the style sheet's #banner[kind])."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setOpenExternalLinks(False)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self._layout.addWidget(self.label, 1)
        self.hide()

    def add_button(self, button: QWidget) -> None:
        """A button at the banner's end, for what the message suggests ('Generate now')."""
        self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_message(self, text: str, kind: str = "info") -> None:
        """Say `text` (rich text) in the colours of `kind`, and show the banner."""
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.label.setAccessibleName(self.label.text())
        self.show()

    def text(self) -> str:
        """What it says (rich text)."""
        return self.label.text()
