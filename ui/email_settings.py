"""Preferences → Email: how the scorecards are sent — Microsoft 365, Google Workspace, a mail server, or .eml drafts.

One choice at the top ("Send with"), the settings of that way below it: the organization's app
registration and Sign in / Sign out (ui/signin_settings.py), the mail server and its password
(ui/smtp_settings.py), or a word on drafts. Everything that touches the network, the browser or the
keyring runs in the engine, so the window never freezes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from ui.engine_client import Engine
from ui.preferences import Preferences
from ui.signin_settings import SignInPage
from ui.smtp_settings import SmtpSettingsPage

WAY_CHOICES = (
    ("microsoft", "Microsoft 365 (sign in)"),
    ("google", "Google Workspace (sign in)"),
    ("smtp", "A mail server (SMTP)"),
    ("eml", ".eml drafts (your mail program sends them)"),
)
NOT_CHOSEN = "Choose how to send…"
DRAFTS_NOTE = (
    "The Email window saves one .eml file per message, which classic Outlook and Thunderbird open as a new "
    "message with the recipient, subject, text and PDF filled in, ready to send (Thunderbird: Message → Edit "
    "As New Message). The <b>new Outlook for Windows cannot open .eml files as drafts</b>: with Microsoft 365, "
    "choose Microsoft 365 above and use <i>Create drafts in Outlook</i> in the Email window instead."
)


class EmailSettingsPage(QWidget):
    """The way to send and its settings; `save()` keeps them (OK)."""

    def __init__(self, store: Preferences, engine: Engine, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.engine = engine

        self.way = QComboBox()
        self.way.setAccessibleName("Send with")
        for key, text in WAY_CHOICES:
            self.way.addItem(text, key)
        chosen = store.mail_way()
        if not chosen:
            self.way.insertItem(0, NOT_CHOSEN, "")
        self.way.setCurrentIndex(max(self.way.findData(chosen), 0))

        self.microsoft = SignInPage(store, engine, "microsoft")
        self.google = SignInPage(store, engine, "google")
        self.smtp = SmtpSettingsPage(store, engine)
        drafts = QLabel(DRAFTS_NOTE)
        drafts.setObjectName("subtle")
        drafts.setWordWrap(True)
        self.drafts = QWidget()
        dl = QVBoxLayout(self.drafts)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(drafts)
        dl.addStretch(1)
        none = QLabel(
            "Choose how TEC Desktop sends the scorecards. Most organizations use Microsoft 365 or Google "
            "Workspace: you sign in once with your work account. Until then the Email window can save the "
            "messages as drafts."
        )
        none.setObjectName("subtle")
        none.setWordWrap(True)
        self.pages = QStackedWidget()
        self._page_of = {
            "": none,
            "microsoft": self.microsoft,
            "google": self.google,
            "smtp": self.smtp,
            "eml": self.drafts,
        }
        for page in self._page_of.values():
            self.pages.addWidget(page)

        top = QFormLayout()
        top.addRow("Send with:", self.way)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.way.currentIndexChanged.connect(self._show_way)
        self._show_way()

    def chosen(self) -> str:
        """The way chosen ('' while none is)."""
        return str(self.way.currentData() or "")

    def choose(self, way: str) -> None:
        """Show the settings of this way (as if picked in Send with)."""
        self.way.setCurrentIndex(max(self.way.findData(way), 0))

    def _show_way(self) -> None:
        way = self.chosen()
        self.pages.setCurrentWidget(self._page_of[way])
        if way and self.way.itemData(0) == "":
            self.way.removeItem(0)  # chosen: 'Choose how to send…' is no longer a choice
        if way in ("microsoft", "google"):
            page = self.microsoft if way == "microsoft" else self.google
            page.control.refresh()

    def problem(self) -> str:
        """Why the settings cannot be kept as they are ('' when they can)."""
        return self.smtp.problem() if self.chosen() == "smtp" else ""

    def save(self) -> None:
        """Keep the way and every way's settings (a typed password goes to the keyring, or this session)."""
        self.store.set_mail_way(self.chosen())
        self.microsoft.save()
        self.google.save()
        self.smtp.save()

    def stop(self) -> None:
        """The dialog closes: stop waiting for a browser sign-in."""
        for page in (self.microsoft, self.google):
            page.control.cancel()

    # What the mail server page offers, by its own names (tests, the guide's screenshots).
    def lookup_password(self) -> None:
        self.smtp.lookup_password()
