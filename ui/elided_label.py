"""A one-line label that never widens the window: text too long for its width ends in "…", whole in its tooltip.

A QLabel asks for the width of its whole text, and a layout grows the window to give it: a seam
named with 150 characters made the window wider than the screen. This one asks for little, takes
what the layout gives, and elides the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_WIDTH = 60  # pixels: the least it asks for ("Long na…")


class ElidedLabel(QLabel):
    """Plain text on one line, elided at `mode` (right by default) when it does not fit."""

    def __init__(
        self, text: str = "", parent: QWidget | None = None, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight
    ):
        super().__init__(parent)
        self._full = ""
        self._tip = ""
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        """Show `text`, elided to the label's width."""
        self._full = text or ""
        self._elide()

    def setToolTip(self, tip: str) -> None:  # noqa: N802 (Qt's name)
        """A tooltip of its own; without one the whole text is the tooltip when it is elided."""
        self._tip = tip or ""
        self._elide()

    def full_text(self) -> str:
        """The whole text, however much of it shows."""
        return self._full

    def is_elided(self) -> bool:
        """The text shown is shorter than the whole text."""
        return self.text() != self._full

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()  # a style sheet's padding is in them
        room = margins.left() + margins.right() + 2 * self.margin() + 6
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + room, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(MIN_WIDTH, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin()
        shown = self.fontMetrics().elidedText(self._full, self._mode, max(width, 0)) if self._full else ""
        super().setText(shown)
        tip = self._tip or (self._full if shown != self._full else "")
        super().setToolTip(tip)
        self.setAccessibleDescription(self._full)  # a screen reader reads it whole
