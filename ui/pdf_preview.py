"""The Scorecards view's preview: one PDF, page by page, with zoom and page buttons.

"Whole page" shows one page at a time, as a slide: Page Down, Space, the arrows and the mouse wheel
turn whole pages, so the counter always names the page on screen. The other zooms scroll through
the pages one after the other.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from ui import theme
from ui.elided_label import ElidedLabel
from ui.empty_state import EmptyState

FIRST, LAST = -10_000, 10_000  # Home and End, as steps
PAGE_KEYS = {
    Qt.Key.Key_PageDown: 1,
    Qt.Key.Key_Space: 1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_PageUp: -1,
    Qt.Key.Key_Backspace: -1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Home: FIRST,
    Qt.Key.Key_End: LAST,
}
WHEEL_NOTCH = 120  # one click of a mouse wheel
PAGE_SURROUND = "#D5DBE3"
NO_PREVIEW = ("No preview yet", "The leadership pack appears here after you generate the scorecards (Ctrl+G).")


class PdfPreview(QFrame):
    """A card: the file's name, page n of m, previous/next, zoom; the pages, or why there are none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self._buffer: QBuffer | None = None
        self._wheel = 0  # wheel movement not yet turned into a page
        self.document = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setObjectName("pdfView")
        self.pdf_view.setAccessibleName("Scorecard preview")
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setPageSpacing(14)
        self.pdf_view.setStyleSheet(
            f"QPdfView {{ background: {PAGE_SURROUND}; border: 2px solid transparent; }}"
            f"QPdfView:focus {{ border-color: {theme.FOCUS}; }}"
        )
        palette = self.pdf_view.palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor(PAGE_SURROUND))  # around the pages
        self.pdf_view.setPalette(palette)
        self.pdf_view.installEventFilter(self)
        self.pdf_view.viewport().installEventFilter(self)
        self.name = ElidedLabel("Preview", mode=Qt.TextElideMode.ElideMiddle)
        self.name.setObjectName("pageTitle")
        self.page_label = QLabel()
        self.page_label.setObjectName("subtle")
        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Zoom")
        for text, data in (("Fit width", "width"), ("Whole page", "page"), ("100%", 1.0), ("150%", 1.5)):
            self.zoom.addItem(text, data)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.prev_page = QToolButton()
        self.prev_page.setText("‹")
        self.prev_page.setAccessibleName("Previous page")
        self.prev_page.setToolTip("Previous page")
        self.prev_page.clicked.connect(lambda: self._jump(-1))
        self.next_page = QToolButton()
        self.next_page.setText("›")
        self.next_page.setAccessibleName("Next page")
        self.next_page.setToolTip("Next page")
        self.next_page.clicked.connect(lambda: self._jump(1))
        bar = QHBoxLayout()
        bar.addWidget(self.name, 1)
        bar.addWidget(self.prev_page)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_page)
        bar.addSpacing(8)
        bar.addWidget(self.zoom)
        self.pdf_view.pageNavigator().currentPageChanged.connect(lambda _page: self._update_bar())

        self.empty = EmptyState()
        self.empty.set(*NO_PREVIEW, "nav-scorecards")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.pdf_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._update_bar()

    def show_pdf(self, path: str | None) -> bool:
        """Preview a PDF (read into memory, so the file is never held open and can be replaced); None: none."""
        self.document.close()
        self._buffer = None
        if not path:
            self.name.setText("Preview")
            self._say(*NO_PREVIEW, "nav-scorecards")
            self._update_bar()
            return False
        try:
            data = Path(path).read_bytes()
        except OSError:
            self._say(
                "Cannot show the file", f"{Path(path).name} cannot be read any more. Generate the scorecards again."
            )
            return False
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready and self.document.pageCount() > 0
        self.name.setText(Path(path).name)
        self.name.setToolTip(path)
        if ok:
            self.stack.setCurrentWidget(self.pdf_view)
        else:
            self._say(
                "Cannot show the file",
                f"{Path(path).name} is not a PDF the preview can show. Open it from the folder instead.",
            )
        self.pdf_view.pageNavigator().jump(0, QPointF(), 0)
        self._update_bar()
        return ok

    def title(self) -> str:
        """The name of the file shown ('Preview' when none)."""
        return self.name.full_text()

    def page_count(self) -> int:
        """Pages of the previewed PDF (0 when none)."""
        return self.document.pageCount() if self._buffer is not None else 0

    def _say(self, title: str, text: str, icon: str = "status-none") -> None:
        self.empty.set(title, text, icon)
        self.stack.setCurrentWidget(self.empty)

    def page(self) -> int:
        """The page shown (0 = the first)."""
        return self.pdf_view.pageNavigator().currentPage()

    def page_text(self) -> str:
        """'Page 3 of 15' ('' when nothing is shown)."""
        return self.page_label.text()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In Whole page, keys and the wheel turn pages (there is nothing to scroll)."""
        if self.zoom.currentData() != "page" or watched not in (self.pdf_view, self.pdf_view.viewport()):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = PAGE_KEYS.get(Qt.Key(event.key()))
            if event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                step = -1
            if step is not None:
                self._jump(step)
                return True
        elif event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            self._wheel += event.angleDelta().y()
            while abs(self._wheel) >= WHEEL_NOTCH:
                self._jump(-1 if self._wheel > 0 else 1)
                self._wheel -= WHEEL_NOTCH if self._wheel > 0 else -WHEEL_NOTCH
            return True
        return super().eventFilter(watched, event)

    def _zoom_changed(self) -> None:
        data = self.zoom.currentData()
        page = self.page()
        if data == "page":
            self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
            self.pdf_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # a page, not a scroll
        else:
            self.pdf_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            if data == "width":
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            else:
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
                self.pdf_view.setZoomFactor(float(data))
        nav = self.pdf_view.pageNavigator()
        nav.jump(page, QPointF(), nav.currentZoom())  # the same page, in the new layout
        self._update_bar()

    def _jump(self, step: int) -> None:
        nav = self.pdf_view.pageNavigator()
        last = max(self.document.pageCount() - 1, 0)
        page = last if step == LAST else 0 if step == FIRST else min(max(nav.currentPage() + step, 0), last)
        nav.jump(page, QPointF(), nav.currentZoom())

    def _update_bar(self) -> None:
        pages = self.page_count()
        current = self.pdf_view.pageNavigator().currentPage()
        self.page_label.setText(f"Page {current + 1} of {pages}" if pages else "")
        self.prev_page.setEnabled(pages > 0 and current > 0)
        self.next_page.setEnabled(pages > 0 and current < pages - 1)
        self.zoom.setEnabled(pages > 0)
