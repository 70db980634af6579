"""A page of the window that scrolls rather than widen or heighten the window past a small screen.

At normal sizes nothing scrolls: the page fills the window and its tables scroll inside. Only when
the window is smaller than the page can be laid out (a 1024×640 laptop at 200 %) do scroll bars
appear around the page, so that the window itself always fits on the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class ScrollPage(QScrollArea):
    """Holds one view; `page` is that view."""

    def __init__(self, page: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.setObjectName("scrollPage")
        self.setWidget(page)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls of the page, not to the frame
        self.viewport().setAutoFillBackground(False)
        page.setAutoFillBackground(False)
