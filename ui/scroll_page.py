"""A page of the window that scrolls rather than widen or heighten the window past a small screen.

At normal sizes nothing scrolls: the page fills the window and its tables scroll inside. Only when
the window is smaller than the page can be laid out (a 1024×640 laptop at 200 %) do scroll bars
appear around the page, so that the window itself always fits on the screen.

The page is sized here, not by QScrollArea's widgetResizable: that one gives a page with wrapped
text its *preferred* height for the width (a scroll bar at 1024×640 for no reason); this gives it
the viewport, or its minimum size when the viewport is smaller.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class ScrollPage(QScrollArea):
    """Holds one view; `page` is that view. A view with `arrange_for(width)` is told the room it has first."""

    def __init__(self, page: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.setObjectName("scrollPage")
        self.setWidget(page)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls of the page, not to the frame
        self.viewport().setAutoFillBackground(False)
        page.setAutoFillBackground(False)
        page.installEventFilter(self)  # its minimum size changes with what it shows

    def scrolls(self) -> bool:
        """The page is larger than the room it has (scroll bars are shown)."""
        return self.verticalScrollBar().maximum() > 0 or self.horizontalScrollBar().maximum() > 0

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        room = self.maximumViewportSize()  # the viewport without scroll bars
        arrange = getattr(self.page, "arrange_for", None)
        if arrange is not None:
            arrange(room.width())  # a page that can lay itself out another way on a narrow window
        least = self.page.minimumSizeHint().expandedTo(self.page.minimumSize())
        width, height = max(room.width(), least.width()), max(room.height(), least.height())
        if width > room.width():  # a horizontal scroll bar takes height
            height = max(room.height() - self.horizontalScrollBar().sizeHint().height(), least.height())
        if height > room.height():
            width = max(room.width() - self.verticalScrollBar().sizeHint().width(), least.width())
        if (width, height) != (self.page.width(), self.page.height()):
            self.page.resize(width, height)
