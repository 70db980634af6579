"""Help → User guide (F1): docs/user-guide.md, bundled with the app, read in a window of its own.

The guide is the same Markdown file the project publishes, with its pictures; its contents links
jump to their section, links to the other documents open them here, web links open the browser.
A search box finds words on the page (Enter: the next one). Pictures are scaled to the window.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE = "user-guide.md"
IMAGE_MARGIN = 48  # pixels left beside a picture scaled to the window
DOCUMENT_MARGIN = 18  # around the text


def docs_dir() -> Path:
    """Where the documents are: the bundle's docs folder, or the project's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "docs"
    return Path(__file__).resolve().parents[1] / "docs"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: '4. Checks: what to fix' -> '4-checks-what-to-fix'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


class UserGuide(QDialog):
    """The guide, with Back, Contents and a search box; not modal, so it stays open beside the window."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle("TEC Desktop — user guide")
        self.setObjectName("userGuide")
        self.folder = folder or docs_dir()
        self._images: dict[str, QImage] = {}  # the pictures' own sizes, by name
        self.browser = QTextBrowser()
        self.back_button = QPushButton("Back")
        self.back_button.setAccessibleName("Back")
        self.back_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.setObjectName("guideText")
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenLinks(False)  # each kind of link is followed below
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.anchorClicked.connect(self.follow)
        self.browser.backwardAvailable.connect(lambda ok: self.back_button.setEnabled(ok))
        self.browser.sourceChanged.connect(lambda _url: self._laid_out())

        contents = QPushButton("Contents")
        contents.setAccessibleName("Contents")
        contents.setToolTip("Back to the top of the guide")
        contents.clicked.connect(self.show_contents)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find in the guide  (Enter: next)")
        self.search.setAccessibleName("Find in the guide")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(lambda: self.find_next(self.search.text()))
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(contents)
        bar.addStretch(1)
        bar.addWidget(self.search)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(900, 760)
        self.show_contents()

    def available(self) -> bool:
        """The guide is there to show (a bundle built without the docs has none)."""
        return (self.folder / GUIDE).is_file()

    def show_contents(self) -> None:
        """The guide from its top."""
        url = QUrl.fromLocalFile(str(self.folder / GUIDE))
        if self.browser.source() != url:
            self.browser.setSource(url, QTextDocument.ResourceType.MarkdownResource)
        self.browser.verticalScrollBar().setValue(0)

    def document_title(self) -> str:
        """The first heading of the document shown."""
        block = self.browser.document().begin()
        while block.isValid() and block.blockFormat().headingLevel() == 0:
            block = block.next()
        return block.text() if block.isValid() else ""

    def heading_at_top(self) -> str:
        """The heading nearest above the top of what is shown."""
        top = self.browser.verticalScrollBar().value() + 2
        layout = self.browser.document().documentLayout()
        block, found = self.browser.document().begin(), ""
        while block.isValid() and layout.blockBoundingRect(block).top() <= top:
            if block.blockFormat().headingLevel():
                found = block.text()
            block = block.next()
        return found

    def follow(self, url: QUrl) -> None:
        """A link: a section of this page, another document of the guide, or a web page."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = url.path()
        if target and Path(target).name != Path(self.browser.source().path()).name:
            path = self.folder / Path(target).name
            if path.suffix == ".md" and path.is_file():
                self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
            elif path.is_file():
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        if url.fragment():
            self.scroll_to(url.fragment())

    def scroll_to(self, anchor: str) -> bool:
        """Bring the heading whose anchor is `anchor` to the top; False when there is none."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and slug(block.text()) == anchor:
                top = document.documentLayout().blockBoundingRect(block).top()
                self.browser.setTextCursor(QTextCursor(block))
                self.browser.verticalScrollBar().setValue(int(top))
                return True
            block = block.next()
        return False

    def find_next(self, text: str) -> bool:
        """Select the next place `text` appears (from the top again after the last one)."""
        if not text:
            return False
        if self.browser.find(text):
            return True
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        return self.browser.find(text)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.browser.setFocus()  # Page Down, the arrows and Space read on at once

    def _laid_out(self) -> None:
        self.browser.document().setDocumentMargin(DOCUMENT_MARGIN)
        self._fit_images()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_images()

    def image_sizes(self) -> list[tuple[int, int]]:
        """The pictures of the page shown, as wide and high as they are drawn (0 for one that is missing)."""
        sizes = []
        for _position, _length, image in self._images_shown():
            natural = self._image(image.name())
            width = round(image.width()) if image.width() > 0 else natural.width()
            height = round(image.height()) if image.height() > 0 else natural.height()
            sizes.append((width, height))
        return sizes

    def _images_shown(self) -> list[tuple[int, int, QTextImageFormat]]:
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().isImageFormat():
                    found.append((fragment.position(), fragment.length(), fragment.charFormat().toImageFormat()))
                it += 1
            block = block.next()
        return found

    def _fit_images(self) -> None:
        """Pictures no wider than the window (their own size when they fit)."""
        room = max(self.browser.viewport().width() - IMAGE_MARGIN, 200)
        for position, length, image in self._images_shown():
            self._fit_image(position, length, image, room)

    def _fit_image(self, position: int, length: int, image: QTextImageFormat, room: int) -> None:
        natural = self._image(image.name())
        if natural.isNull():
            return
        width = min(natural.width(), room)
        if abs(image.width() - width) <= 1:
            return
        image.setWidth(width)
        image.setHeight(natural.height() * width / natural.width())
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)

    def _image(self, name: str) -> QImage:
        if name not in self._images:
            self._images[name] = QImage(str(self.folder / Path(QUrl(name).path()).name))
        return self._images[name]
