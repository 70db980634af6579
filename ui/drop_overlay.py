"""The 'Drop to open' sheet shown over the window while a file is dragged onto it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ui import theme


class DropOverlay(QWidget):
    """A translucent sheet with a dashed frame and one line of text; it never takes the mouse."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._over = parent
        self.setObjectName("dropOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.text = "Drop the workbook to open it"
        self.hide()

    def show_over(self, text: str) -> None:
        """Cover the parent and say what dropping will do."""
        self.text = text
        self.cover()
        self.raise_()
        self.show()
        self.update()

    def cover(self) -> None:
        """Take the whole of the parent (again, after it was resized)."""
        self.setGeometry(self._over.rect())

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(244, 246, 248, 225))
        frame = QRectF(self.rect()).adjusted(24, 24, -24, -24)
        pen = QPen(QColor(theme.ACCENT), 2.5, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawRoundedRect(frame, 14, 14)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(theme.ACCENT_DARK))
        p.drawText(frame, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text)
