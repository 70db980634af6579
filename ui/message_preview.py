"""The Email window's preview pane: the selected message as its recipient will read it, like a mail client's.

Subject, From and To, a line on what the send log says (a correction and what changed, an unconfirmed
send, already received), the attachment with its size (a click opens the PDF), and the text: the HTML
as a mail program shows it, or the plain text it carries beside it. Nothing is loaded from outside:
the HTML is ours and QTextBrowser opens no links by itself.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.banner import Banner
from ui.engine.results import MessageRow, SendOutcome
from ui.messages_model import CHANGED, NOT_RECORDED, UNCHANGED, UNCONFIRMED, size_text

EMPTY = "Select a message in the list to read it as its recipient will."
FORMATTED, PLAIN = 0, 1


class MessagePreview(QFrame):
    """The selected message: headers, the send log's word, attachment, and the text (formatted or plain)."""

    attachment_opened = Signal(str)  # the PDF's path, when its button was clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Message preview")
        self.message: MessageRow | None = None
        self.fallback_sender = ""  # who the message is from when it names nobody (the signed-in mailbox fills it)

        self.subject = QLabel()
        self.subject.setObjectName("previewSubject")
        self.subject.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.subject.setWordWrap(True)
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject.setAccessibleName("Subject")
        self.headers = QLabel()
        self.headers.setTextFormat(Qt.TextFormat.RichText)
        self.headers.setWordWrap(True)
        self.headers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.headers.setAccessibleName("From and To")
        self.note = Banner()
        self.note.setAccessibleName("What the send log says")
        self.attachment = QPushButton()
        self.attachment.setObjectName("link")
        self.attachment.setCursor(Qt.CursorShape.PointingHandCursor)
        self.attachment.setAccessibleName("Open the attached PDF")
        self.attachment.clicked.connect(self._open_attachment)
        attached = QLabel("Attachment:")
        attached.setObjectName("subtle")
        self.view = QButtonGroup(self)
        self.formatted = self._chip("Formatted", "The text as mail programs show it")
        self.plain = self._chip("Plain text", "The plain text the message carries beside it")
        self.view.addButton(self.formatted, FORMATTED)
        self.view.addButton(self.plain, PLAIN)
        self.formatted.setChecked(True)
        self.view.idToggled.connect(self._view_toggled)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(attached)
        top.addWidget(self.attachment)
        top.addStretch(1)
        top.addWidget(self.formatted)
        top.addWidget(self.plain)
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setOpenExternalLinks(False)
        self.body.setAccessibleName("Message text")
        self.body.setFrameShape(QFrame.Shape.NoFrame)

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(14, 12, 14, 8)
        cl.setSpacing(6)
        cl.addWidget(self.subject)
        cl.addWidget(self.headers)
        cl.addWidget(self.note)
        cl.addLayout(top)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet(f"color: {theme.LINE};")
        cl.addWidget(line)
        cl.addWidget(self.body, 1)
        self.empty = QLabel(EMPTY)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.show_message(None)

    def _chip(self, text: str, tip: str) -> QToolButton:
        chip = QToolButton()
        chip.setObjectName("chip")
        chip.setText(text)
        chip.setToolTip(tip)
        chip.setCheckable(True)
        chip.setAccessibleName(f"Show the {text.lower()}")
        return chip

    def show_message(self, message: MessageRow | None, outcome: SendOutcome | None = None) -> None:
        """Show this message (None: the hint to select one), and what the last run did to it when it failed."""
        self.message = message
        if message is None:
            self.pages.setCurrentWidget(self.empty)
            return
        self.pages.setCurrentIndex(1)
        self.subject.setText(message.subject)
        sender = message.sender or self.fallback_sender or "the account that sends it"
        to = escape(f"{message.to_name} <{message.to_email}>" if message.to_name else message.to_email)
        colour = theme.INK_SOFT
        self.headers.setText(
            f'<span style="color:{colour}">From</span> {escape(sender)}'
            f'&nbsp;&nbsp;&nbsp;<span style="color:{colour}">To</span> {to}'
        )
        self._show_note(message, outcome)
        self.attachment.setText(f"{message.attachment_name} ({size_text(message.size)})")
        self.attachment.setToolTip(f"Open {message.attachment_path or message.attachment_name}")
        self.attachment.setEnabled(bool(message.attachment_path))
        self._show_body()

    def _show_note(self, m: MessageRow, outcome: SendOutcome | None) -> None:
        r = m.review
        if outcome is not None and outcome.status in ("failed", "not sent") and outcome.detail:
            said = "Failed" if outcome.status == "failed" else "Not sent"
            self.note.show_message(f"<b>{said}.</b> {escape(outcome.detail)}", "error")
        elif r.state == CHANGED:
            self.note.show_message(
                f"<b>A correction.</b> The scorecard changed since it was sent on {escape(r.when)}: "
                f"{escape(r.change)}. It goes with “(corrected)” in the subject and this line at the top.",
                "info",
            )
        elif r.state == UNCONFIRMED:
            self.note.show_message(
                f"<b>Unconfirmed.</b> Sent on {escape(r.when)}, but the mail service never confirmed it: it may "
                f"have arrived. Ask {escape(m.to_name or m.to_email)} or look in your Sent Items: if it arrived, "
                "<i>Mark as received</i>; if not, <i>Send again to selected…</i>",
                "warning",
            )
        elif r.state in (UNCHANGED, NOT_RECORDED):
            self.note.show_message(
                f"Already sent on {escape(r.when)}: Send skips it (<i>Send again to selected…</i> sends it anyway).",
                "ok",
            )
        else:
            self.note.hide()

    def _view_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show_body()

    def _show_body(self) -> None:
        m = self.message
        if m is None:
            return
        if self.view.checkedId() == PLAIN or not m.html:
            self.body.setPlainText(m.text)
        else:
            self.body.setHtml(m.html)

    def _open_attachment(self) -> None:
        if self.message is not None and self.message.attachment_path:
            self.attachment_opened.emit(self.message.attachment_path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.message.attachment_path))
