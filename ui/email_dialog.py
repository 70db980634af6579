"""Email…: every message before anything is sent, read in a preview pane, then sent with each recipient's result.

The send log reviews each message: never sent, sent (unchanged), changed since sent (it goes as a
correction, '(corrected)' in its subject), or unconfirmed (it may have arrived). Send sends only the
new and the changed ones, as `tec send` does; "Send again to selected…" sends the others after asking,
and "Mark as received" settles an unconfirmed one the recipient has. The way is the one chosen in
Preferences → Email: Microsoft 365 or Google Workspace (signed in), a mail server (with a password from
the keyring, the session or typed here), or .eml drafts; "Create drafts in Outlook" for Microsoft 365.
When the workbook changed since the scorecards were written, nothing is offered but "Generate now".
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tec_desktop.months import month_label
from ui.banner import Banner
from ui.email_actions import EmailActions
from ui.email_route import (
    DRAFTS,
    NOT_SET_UP,
    SERVICES,
    sign_in_blocker,
    sign_in_route,
    smtp_blocker,
    smtp_route,
)
from ui.engine.requests import FindPassword, PlanMail
from ui.engine.results import Failure, LoadResult, MailPreview, PasswordState, SendSummary, SignInInfo
from ui.engine_client import Engine, OutcomesReply, Reply
from ui.message_preview import MessagePreview
from ui.messages_model import MessagesModel
from ui.messages_table import MessagesTable
from ui.password_line import PasswordLine
from ui.preferences import Preferences
from ui.sign_in_control import SignInControl

FILLED_IN = {  # who a message is from when it names nobody: the mail service or program fills it in
    "microsoft": "your Microsoft 365 mailbox (once signed in)",
    "google": "your Google Workspace account (once signed in)",
    "eml": "your mail program's account",
}
STALE = (
    "The workbook changed since these scorecards were written, so they no longer show what it says. Generate "
    "them again before emailing them: nobody should receive out-of-date figures."
)


class EmailDialog(QDialog):
    """The month's messages: preview, send, send again, mark as received, drafts."""

    settings_requested = Signal()  # 'Email settings…': the window opens Preferences > Email

    def __init__(
        self,
        engine: Engine,
        store: Preferences,
        result: LoadResult,
        files: Iterable[str],
        parent: QWidget | None = None,
        *,
        stale: bool = False,
    ):
        super().__init__(parent)
        self.engine = engine
        self.store = store
        self._result = result
        self.files = tuple(files)
        self.stale = stale  # the PDFs were written from an older version of the workbook
        self.preview: MailPreview | None = None
        self.summary: SendSummary | None = None
        self.way = ""
        self._plan: Reply | None = None  # the list of messages, on its way
        self._lookup: Reply | None = None  # whether a password is stored, on its way
        self.job: OutcomesReply | None = None  # the send or the drafts running (or run last)
        self._window: Any = parent  # the main window: its workbook, and Generate
        self.setWindowTitle(f"Email the scorecards for {month_label(result.month)}")
        self.setMinimumSize(980, 600)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1440, int(screen.width() * 0.94)), min(860, int(screen.height() * 0.92)))

        self.heading = QLabel("Preparing the list of messages…")
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("subtle")
        self.counts.setAccessibleName("What Send does")
        self.route = QLabel()
        self.route.setObjectName("subtle")
        self.route.setWordWrap(True)
        self.route.setAccessibleName("How the messages are sent")
        self.signin = SignInControl(engine, "microsoft", self._service, compact=True)
        self.signin.changed.connect(self._sign_in_known)
        self.signin.signed_in.connect(lambda _info: self.refresh())
        self.settings_button = QPushButton("Email settings…")
        self.settings_button.setAccessibleName("Email settings")
        self.settings_button.setAutoDefault(False)
        self.settings_button.clicked.connect(self.settings_requested)
        route_row = QHBoxLayout()
        route_row.addWidget(self.route, 1)
        route_row.addWidget(self.signin)
        route_row.addWidget(self.settings_button)
        self.stale_notice = Banner()
        self.stale_notice.setAccessibleName("The scorecards are out of date")
        self.generate_button = QPushButton("Generate now")
        self.generate_button.setObjectName("primary")
        self.generate_button.setAccessibleName("Generate the scorecards now")
        self.generate_button.setAutoDefault(False)
        self.generate_button.clicked.connect(self.generate_now)
        self.stale_notice.add_button(self.generate_button)
        self.notes = Banner()

        self.model = MessagesModel(self)
        self.table = MessagesTable(self.model)
        self.message_view = MessagePreview()
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(lambda _index: self.message_view.body.setFocus())
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.table)
        self.split.addWidget(self.message_view)
        self.split.setStretchFactor(0, 5)
        self.split.setStretchFactor(1, 4)
        self.waiting = QLabel(
            "The messages are listed here once the scorecards are written from the workbook as it is."
        )
        self.waiting.setObjectName("emptyState")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setWordWrap(True)
        self.waiting.hide()

        self.password_line = PasswordLine()
        self.password_line.changed.connect(self._update_buttons)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Sending progress")
        self.progress.hide()
        self.outcome = Banner()
        self.buttons = EmailActions(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.counts)
        layout.addLayout(route_row)
        layout.addWidget(self.stale_notice)
        layout.addWidget(self.notes)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.waiting, 1)
        layout.addWidget(self.password_line)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addLayout(self.buttons.row)
        b = self.buttons  # the buttons by their names (tests, screenshots)
        self.send_button, self.resend_button, self.received_button = b.send_button, b.resend_button, b.received_button
        self.drafts_button, self.outlook_button = b.drafts_button, b.outlook_button
        self.cancel_button, self.close_button = b.cancel_button, b.close_button
        self.confirm_box: QMessageBox | None = None  # the last 'Send again?' question
        if parent is not None and hasattr(parent, "result_shown"):
            parent.result_shown.connect(self._workbook_checked)
        self.refresh()

    # ------------------------------------------------------------------ settings
    def smtp(self) -> dict:
        return self.store.smtp()

    def _service(self) -> dict:
        """The sign-in's settings of the way chosen."""
        return self.store.sign_in_settings(self.way)

    def sender_address(self) -> str:
        """From for a mail server or .eml drafts: the address set in Preferences, else the user name when it is one;
        with a sign-in, the signed-in mailbox (the engine fills it in)."""
        if self.way in SERVICES:
            return ""
        s = self.smtp()
        return s["sender"] or (s["user"] if "@" in s["user"] else "")

    # ------------------------------------------------------------------ plan
    def refresh(self) -> None:
        """Ask the engine for the messages (again, after the settings or the sign-in changed)."""
        self.way = self.store.mail_way()
        self.preview = None
        self.model.set_rows(())
        self.message_view.show_message(None)
        for old in (self._plan, self._lookup):
            if old is not None:
                old.discard()  # the settings changed: only the newest answers count
        self._plan = self._lookup = None
        self.signin.way = self.way if self.way in SERVICES else "microsoft"
        self.signin.setVisible(self.way in SERVICES)
        if self.way in SERVICES:
            self.signin.info = None
            self.signin.refresh()
        self._describe_route()
        s, line = self.smtp(), self.password_line
        line.set_login(s["host"], s["user"]) if self.way == "smtp" else line.set_login("", "")
        line.show_state(None)
        if self.way == "smtp" and s["host"] and s["user"]:
            self._lookup = self.engine.request(FindPassword(s["host"], s["user"]))
            self._lookup.finished.connect(line.show_state)
            # The engine restarted meanwhile: nothing is known, so ask.
            self._lookup.failed.connect(lambda _failure: line.show_state(PasswordState(False)))
        self._show_stale()
        if not self.stale:
            r = self._result
            assert r.month is not None  # the window emails only scorecards written for a month
            request = PlanMail(
                r.book_id,
                r.month,
                self.files,
                self.sender_address(),
                self.way or "smtp",
                self._service() if self.way in SERVICES else None,
            )
            self._plan = self.engine.request(request)
            self._plan.finished.connect(self._show_preview)
            self._plan.failed.connect(self._plan_failed)
        self._update_buttons()

    def _describe_route(self) -> None:
        if self.way in SERVICES:
            text = sign_in_route(self.way, self.signin.info)
        elif self.way == "smtp":
            text = smtp_route(self.smtp(), self.sender_address())
        else:
            text = DRAFTS if self.way == "eml" else NOT_SET_UP
        self.route.setText(text)

    def _sign_in_known(self, _info: SignInInfo) -> None:
        self._describe_route()
        self._update_buttons()

    def _show_preview(self, preview: MailPreview) -> None:
        self.preview = preview
        self.message_view.fallback_sender = preview.sender or FILLED_IN.get(self.way, "")
        self.model.set_rows(preview.messages)
        self._show_heading()
        if preview.notes:
            self.notes.show_message("<br>".join(_escape(n) for n in preview.notes), "info")
        else:
            self.notes.hide()
        self.table.fit_columns()
        if preview.messages:
            self.table.selectRow(0)
        self._update_buttons()

    def _show_heading(self) -> None:
        if self.preview is None:
            return
        rows = self.model.rows()
        n = len(rows)
        self.heading.setText(
            f"{n} message{'s' if n != 1 else ''} for {month_label(self.preview.month)}: the pack to the "
            f"leadership team, each owner their scorecard."
        )
        self.counts.setText(self.buttons.counts_text(rows))
        self.counts.show()

    def _show_current(self, current, _previous=None) -> None:
        row = current.row() if current is not None and current.isValid() else -1
        if 0 <= row < self.model.rowCount():
            self.message_view.show_message(self.model.message(row), self.model.outcome(row))
        else:
            self.message_view.show_message(None)

    def _plan_failed(self, failure: Failure) -> None:
        self.heading.setText("The messages cannot be prepared.")
        self.outcome.show_message(_escape(failure.message), "error")
        self._update_buttons()

    # ------------------------------------------------------------------ the workbook changed
    def _workbook_checked(self, result: LoadResult | None) -> None:
        """The window checked the workbook again (it was saved): these PDFs may now be out of date."""
        if result is None or self._sending() or self.stale:
            return
        if result.path == self._result.path and (result.sha256, result.month) != (
            self._result.sha256,
            self._result.month,
        ):
            self._result = result
            self.stale = True
            self.preview = None
            self.model.set_rows(())
            self.message_view.show_message(None)
            self._show_stale()
            self._update_buttons()

    def _show_stale(self) -> None:
        self.split.setVisible(not self.stale)
        self.waiting.setVisible(self.stale)
        if self.stale:
            self.heading.setText("The scorecards are out of date")
            self.counts.setText("")
            self.counts.hide()
            self.stale_notice.show_message(_escape(STALE), "warning")
        else:
            self.stale_notice.hide()

    def generate_now(self) -> bool:
        """Generate the scorecards from the workbook as it is now; the list follows once they are written."""
        window = self._window
        if window is None or not hasattr(window, "outputs"):
            return False
        if not window.outputs.generate_scorecards():
            why = window.scorecards.blocking_reason() if hasattr(window, "scorecards") else ""
            self.outcome.show_message(_escape(why or "The scorecards cannot be generated now."), "error")
            return False
        self.generate_button.setEnabled(False)
        self.stale_notice.show_message(_escape("Writing the scorecards…"), "info")
        window.scorecards_finished.connect(self._generated, Qt.ConnectionType.SingleShotConnection)
        return True

    def _generated(self, written: object) -> None:
        self.generate_button.setEnabled(True)
        if isinstance(written, tuple) and written and self._window is not None and self._window.result is not None:
            self.files = tuple(str(p) for p in written)
            self._result = self._window.result
            self.stale = False
            self.outcome.hide()
            self.refresh()
        else:
            message = written.message if isinstance(written, Failure) else "No scorecards were written."
            self.stale_notice.show_message(_escape(STALE), "warning")
            self.outcome.show_message(_escape(message), "error")

    # ------------------------------------------------------------------ sending
    def _sending(self) -> bool:
        return self.job is not None and self.job.is_running()

    def send_new(self) -> bool:
        """Send what was never sent and the corrections (the others are skipped by the send log)."""
        return self.buttons.send(None, resend=False)

    def resend(self, indices: list[int]) -> bool:
        """Send these messages again (after the user confirmed)."""
        return self.buttons.send(tuple(indices), resend=True)

    def confirm_resend(self) -> None:
        self.buttons.confirm_resend()

    def choose_drafts_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the email drafts", str(self.store.output_folder()))
        if folder:
            self.save_drafts(folder)

    def save_drafts(self, folder: str) -> bool:
        """Write one .eml per message into `folder`."""
        return self.buttons.save_drafts(folder)

    def create_outlook_drafts(self) -> bool:
        """Each message as a draft in the signed-in Microsoft 365 mailbox."""
        return self.buttons.create_outlook_drafts()

    def reject(self) -> None:
        if self._sending():  # never close while messages are going out: the user would not see the results
            self.buttons.cancel()
            return
        self.signin.cancel()
        super().reject()

    # ------------------------------------------------------------------ state
    def blocker(self) -> str:
        """Why Send is not ready ('' when it is)."""
        if self.stale:
            return "Generate the scorecards again first (Generate now, above)"
        if self.way in SERVICES:
            return sign_in_blocker(self.way, self.signin.info)
        if self.way == "smtp":
            line = self.password_line
            password = "unknown" if line.unknown() else line.hint() if line.missing() else ""
            return smtp_blocker(self.smtp(), password)
        return "Drafts only: choose how to send in Email settings" if self.way == "eml" else NOT_SET_UP

    def _update_buttons(self) -> None:
        self.buttons.update()
        self.settings_button.setEnabled(not self._sending())
