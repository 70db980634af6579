"""Sign in / Sign out for Microsoft 365 or Google Workspace, with who is signed in and where the sign-in is kept.

The sign-in runs in the engine: it opens the system browser and waits there for the user, while this
control says "Waiting for you to sign in in your browser…" with Cancel, and the window stays usable.
Preferences → Email shows it under the app registration's fields; the Email window shows it on its
route line when nobody is signed in yet.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.engine.requests import FindSignIn, SignIn, SignOut
from ui.engine.results import Failure, Progress, SignInInfo
from ui.engine_client import Engine, Reply


def _html(text: str) -> str:
    return _escape(text, quote=False)


WAITING = "Waiting for you to sign in in your browser…"
NOT_KEPT = (
    "This computer offers no protected store for the sign-in, so it is kept in memory for this session only: "
    "you sign in again each time TEC Desktop starts."
)


def kept_where(info: SignInInfo) -> str:
    """Where the sign-in is kept, said plainly."""
    if not info.persistent:
        return NOT_KEPT
    where = info.storage or "in a protected store"
    return f"The sign-in is kept {where}, so TEC Desktop stays signed in (never in its settings file)."


class SignInControl(QWidget):
    """Status, Sign in… / Sign out, and the wait for the browser with Cancel."""

    changed = Signal(object)  # SignInInfo: what is known now (after a look-up, a sign-in or a sign-out)
    signed_in = Signal(object)  # SignInInfo, after the user signed in in the browser

    def __init__(
        self, engine: Engine, way: str, settings: Callable[[], dict], compact: bool = False, parent=None
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.way = way
        self.settings = settings  # the sign-in's settings as typed now
        self.info: SignInInfo | None = None  # None while the engine looks it up
        self._lookup: Reply | None = None
        self.job: Reply | None = None  # the sign-in waiting for the browser
        self.compact = compact

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("Sign-in status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where = QLabel()
        self.where.setObjectName("subtle")
        self.where.setWordWrap(True)
        self.where.setAccessibleName("Where the sign-in is kept")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(90)
        self.busy.setMaximumHeight(10)
        self.busy.setAccessibleName("Signing in")
        self.sign_in_button = QPushButton("Sign in…")
        self.sign_in_button.setAccessibleName("Sign in")
        self.sign_in_button.setAutoDefault(False)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.sign_out_button = QPushButton("Sign out")
        self.sign_out_button.setAccessibleName("Sign out")
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the sign-in")
        self.cancel_button.setToolTip("Stop waiting for the browser")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status, 1)
        row.addWidget(self.busy)
        row.addWidget(self.sign_in_button)
        row.addWidget(self.sign_out_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.where)
        self._show(None)

    # ------------------------------------------------------------------ asking the engine
    def refresh(self) -> None:
        """Ask who is signed in with the settings as typed now (no network)."""
        if self.signing_in():
            return
        if self._lookup is not None:
            self._lookup.discard()  # the settings changed since: only the newest answer counts
        self._lookup = self.engine.request(FindSignIn(self.way, self.settings()))
        self._lookup.finished.connect(self._show)
        self._lookup.failed.connect(self._failed)

    def signing_in(self) -> bool:
        """The browser is open and the engine waits for the user."""
        return self.job is not None and self.job.is_running()

    def sign_in(self) -> bool:
        """Open the browser on the sign-in page; the engine waits for the user."""
        if self.signing_in():
            return False
        handle = int(self.window().winId()) if self.window().isVisible() else None
        self.job = self.engine.request(SignIn(self.way, self.settings(), window_handle=handle))
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._signed_in)
        self.job.failed.connect(self._failed)
        self._waiting("Opening your browser…")
        return True

    def cancel(self) -> None:
        """Stop waiting for the browser."""
        if self.signing_in() and self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)

    def sign_out(self) -> None:
        """Forget the sign-in."""
        reply = self.engine.request(SignOut(self.way, self.settings()))
        reply.finished.connect(self._show)
        reply.failed.connect(self._failed)

    # ------------------------------------------------------------------ answers
    def _progress(self, progress: Progress) -> None:
        self._waiting(progress.label or WAITING)

    def _signed_in(self, info: SignInInfo) -> None:
        self._show(info)
        self.signed_in.emit(info)

    def _failed(self, failure: Failure) -> None:
        info = self.info if self.info is not None else SignInInfo("", False)
        self._show(info, failure)

    # ------------------------------------------------------------------ showing
    def _waiting(self, text: str) -> None:
        self.status.setText(_html(text))
        self.status.setStyleSheet("")
        self.status.show()
        self.where.setText("Finish the sign-in in the browser window that opened, then come back here.")
        self.where.setVisible(not self.compact)
        self.busy.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.sign_in_button.hide()
        self.sign_out_button.hide()

    def _show(self, info: SignInInfo | None, failure: Failure | None = None) -> None:
        if info is not None:
            self.info = info
        self.busy.hide()
        self.cancel_button.hide()
        self.status.setStyleSheet("")
        shown = self.info
        if shown is None:
            self.status.setText("Looking up the sign-in…")
            self.status.setVisible(not self.compact)
            self.where.hide()
            self.sign_in_button.hide()
            self.sign_out_button.hide()
            return
        if shown.token_variable:
            text = f"✓ An access token from the {shown.token_variable} environment variable is used: no sign-in."
            where = ""
        elif shown.signed_in:
            text = f"✓ Signed in as <b>{_html(shown.account or 'an unnamed account')}</b>"
            where = kept_where(shown)
        elif shown.problem:
            text = _html(shown.problem)
            where = ""
        else:
            text = f"Not signed in to {_html(shown.provider)}."
            where = "Sign in opens your browser on your organization's usual sign-in page."
        failed = failure is not None and failure.kind != "cancelled"
        if failure is not None and failed:
            text = f"✕ {_html(failure.message)}"
            self.status.setStyleSheet(f"color: {theme.STATUS_COLOURS['red'][0]};")
        elif failure is not None:
            where = _html(failure.message)
        self.status.setText(text)
        self.status.setVisible(not self.compact or failed)  # the Email window's route line says the rest
        self.where.setText(where)
        self.where.setVisible(bool(where) and (not self.compact or failure is not None))
        ready = not shown.token_variable and not shown.problem
        self.sign_in_button.setVisible(ready and not shown.signed_in)
        self.sign_in_button.setText("Sign in…")
        self.sign_out_button.setVisible(ready and shown.signed_in and not self.compact)
        self.changed.emit(shown)
