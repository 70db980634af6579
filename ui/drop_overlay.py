"""Drag and drop onto the window: the 'Drop to open' sheet shown while a file is dragged over, and the drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ui import theme


class DropOverlay(QWidget):
    """A translucent sheet with a dashed frame and one line of text over `parent`; it never takes the mouse.

    It watches the drags that reach `target` (the window, which accepts drops): a local file shows the
    sheet, and dropping it emits `dropped` with the first file's path. Anything else is refused.
    """

    dropped = Signal(str)

    def __init__(self, parent: QWidget, target: QWidget):
        super().__init__(parent)
        self.setObjectName("dropOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._over = parent
        self.text = "Drop the workbook to open it"
        self.hide()
        target.setAcceptDrops(True)
        target.installEventFilter(self)
        parent.installEventFilter(self)  # to follow its size

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._over:
            if kind == QEvent.Type.Resize and self.isVisible():
                self.cover()
            return False
        if isinstance(event, QDragEnterEvent):
            paths = _local_files(event.mimeData())
            if paths:
                event.acceptProposedAction()
                extra = f" (the first of {len(paths)} files)" if len(paths) > 1 else ""
                self.show_over(f"Drop to open {Path(paths[0]).name}{extra}")
            else:
                event.ignore()
            return True
        if isinstance(event, QDropEvent) and kind == QEvent.Type.Drop:
            self.hide()
            paths = _local_files(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.dropped.emit(paths[0])
            else:
                event.ignore()
            return True
        if isinstance(event, QDragMoveEvent):
            if _local_files(event.mimeData()):
                event.acceptProposedAction()
            return True
        if kind == QEvent.Type.DragLeave:
            self.hide()
            return True
        return False

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


def _local_files(mime: QMimeData | None) -> list[str]:
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]
