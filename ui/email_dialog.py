"""Email…: every message before anything is sent, then sending with progress and each recipient's result.

Send sends what was never sent; what the send log says was already sent is skipped. Sending again
is a separate button that names the people and when they got it, and asks first. With a login set
up, Send waits until a password is there (keyring, TEC_SMTP_PASSWORD, kept this session, or typed).
After each result the heading and Last sent show what the send log now says.
"""

from __future__ import annotations

import dataclasses
from html import escape as _escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from tec_desktop.months import month_label
from ui.engine.results import Failure, LoadResult, MailPreview, PasswordState, Progress, SendOutcome, SendSummary
from ui.messages_model import DETAIL_COLUMN, MessagesModel, reason
from ui.preferences import Preferences
from ui.scorecards_view import Banner

MAX_LISTED = 8  # failures named in the banner; the list shows them all
DETAIL_WIDTH = 210  # enough for a server's reply such as '550 5.1.1 No such user here'


class EmailDialog(QDialog):
    """The month's messages: preview, send, send again, save as drafts."""

    settings_requested = Signal()  # 'Mail server settings…': the window opens Preferences > Email

    def __init__(self, engine, store: Preferences, result: LoadResult, files, parent=None):
        super().__init__(parent)
        self.engine = engine
        self.store = store
        self.result = result
        self.files = tuple(files)
        self.preview: MailPreview | None = None
        self.summary: SendSummary | None = None
        self._details_shown = False
        self._plan_rid = self._job_rid = self._lookup_rid = self._store_rid = 0
        self._password_state: PasswordState | None = None  # None while the engine looks it up
        self.setWindowTitle(f"Email the scorecards for {month_label(result.month)}")
        self.setMinimumSize(980, 560)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1240, int(screen.width() * 0.92)), min(660, int(screen.height() * 0.9)))  # room for Detail

        self.heading = QLabel("Preparing the list of messages…")
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.route = QLabel()
        self.route.setObjectName("subtle")
        self.route.setWordWrap(True)
        self.route.setAccessibleName("How the messages are sent")
        self.settings_button = QPushButton("Mail server settings…")
        self.settings_button.setAccessibleName("Mail server settings")
        self.settings_button.clicked.connect(self.settings_requested)
        route_row = QHBoxLayout()
        route_row.addWidget(self.route, 1)
        route_row.addWidget(self.settings_button)
        self.notes = Banner()

        self.model = MessagesModel(self)
        self.table = QTableView()
        self.table.setObjectName("messagesTable")
        self.table.setAccessibleName("Messages")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setItemDelegateForColumn(DETAIL_COLUMN, _ElideRight(self.table))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Mail server password")
        self.password.textChanged.connect(self._update_buttons)
        self.remember = QCheckBox("Remember in the system keyring")
        self.remember.setChecked(True)
        self.password_label = QLabel("Password:")
        self.password_label.setBuddy(self.password)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_label)
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.remember)
        self.password_box = password_row
        self.password_note = QLabel()
        self.password_note.setObjectName("subtle")
        self.password_note.setWordWrap(True)
        self.password_note.setAccessibleName("Password note")
        self.password_note.hide()

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Sending progress")
        self.progress.hide()
        self.outcome = Banner()

        self.drafts_button = QPushButton("Save as drafts…")
        self.drafts_button.setAccessibleName("Save as drafts")
        self.drafts_button.setToolTip("Save one .eml file per message; Outlook opens each ready to send")
        self.drafts_button.clicked.connect(self.choose_drafts_folder)
        self.resend_button = QPushButton("Send again to selected…")
        self.resend_button.setAccessibleName("Send again to selected")
        self.resend_button.setToolTip("Send the selected messages again, even if they were sent before (asks first)")
        self.resend_button.clicked.connect(self.confirm_resend)
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("primary")
        self.send_button.setAccessibleName("Send")
        self.send_button.clicked.connect(self.send_new)
        self.cancel_button = QPushButton("Cancel sending")
        self.cancel_button.setAccessibleName("Cancel sending")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.drafts_button)
        buttons.addWidget(self.resend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(route_row)
        layout.addWidget(self.notes)
        layout.addWidget(self.table, 1)
        layout.addLayout(password_row)
        layout.addWidget(self.password_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)

        engine.done.connect(self._on_done)
        engine.failed.connect(self._on_failed)
        engine.progress.connect(self._on_progress)
        engine.outcome.connect(self._on_outcome)
        self._show_password_state(None)
        self.refresh()

    # ------------------------------------------------------------------ plan
    def smtp(self) -> dict:
        return self.store.smtp()

    def sender(self) -> str:
        s = self.smtp()
        return s["sender"] or (s["user"] if "@" in s["user"] else "")

    def refresh(self) -> None:
        """Ask the engine for the messages (again, after the settings changed)."""
        self.preview = None
        self.model.set_rows(())
        self._describe_route()
        self._plan_rid = self.engine.mail_plan(self.result.book_id, self.result.month, self.files, self.sender())
        s = self.smtp()
        self._show_password_state(None)
        if s["host"] and s["user"]:
            self._lookup_rid = self.engine.password("lookup", s["host"], s["user"])
        self._update_buttons()

    def _describe_route(self) -> None:
        s = self.smtp()
        if not s["host"]:
            self.route.setText(
                "No mail server is set up: save the messages as drafts, or set up the server in Mail server settings."
            )
        else:
            port = f":{s['port']}" if s["port"] else ""
            login = f", logged in as {s['user']}" if s["user"] else ""
            unchecked = ", certificate not checked" if not s["verify"] and s["security"] != "none" else ""
            sender = self.sender() or "(no sender address: set From in Mail server settings)"
            self.route.setText(f"From {sender} via {s['host']}{port} ({s['security'].upper()}{login}{unchecked}).")

    def _show_preview(self, preview: MailPreview) -> None:
        self.preview = preview
        self.model.set_rows(preview.messages)
        self._show_heading()
        if preview.notes:
            self.notes.show_message("<br>".join(_escape(n) for n in preview.notes), "info")
        else:
            self.notes.hide()
        self._fit_columns(False)
        self._update_buttons()

    def _fit_columns(self, details: bool) -> None:
        """Widths for the preview; once results carry reasons, the text columns give Detail room to be read."""
        widths = [150, 200, 220, 180, 64, 132, 84]
        if details:
            short = DETAIL_WIDTH + sum(widths) - self.table.viewport().width()
            if short > 0:  # from Subject first (the same few words on every line), then the other text columns
                widths[3] -= min(short, widths[3] - 100)
                short = DETAIL_WIDTH + sum(widths) - self.table.viewport().width()
            if short > 0:
                elastic = sum(widths[:3])
                for col in range(3):
                    widths[col] = max(100, widths[col] - short * widths[col] // elastic)
        header = self.table.horizontalHeader()
        for col, width in enumerate(widths):
            header.resizeSection(col, width)
        self._details_shown = details

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._details_shown:
            self._fit_columns(True)

    def _show_heading(self) -> None:
        messages = self.preview.messages
        n = len(messages)
        new = sum(1 for m in messages if not m.last_sent)
        self.heading.setText(
            f"{n} message{'s' if n != 1 else ''} for {month_label(self.preview.month)}: the pack "
            f"to the leadership team, each owner their scorecard. {new} not sent yet."
        )

    # ------------------------------------------------------------------ actions
    def send_new(self) -> bool:
        """Send every message never sent before (the others are skipped by the send log)."""
        return self._send(None, resend=False)

    def confirm_resend(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows:
            return
        people = [self.model.message(r) for r in rows]
        lines = "\n".join(
            f"• {m.to_name} <{m.to_email}>: {m.attachment_name}" + (f" ({m.last_sent})" if m.last_sent else "")
            for m in people[:12]
        )
        more = f"\n… and {len(people) - 12} more" if len(people) > 12 else ""
        if len(people) == 1:
            question, copies = "Send this message again?", "If it arrived before, the person gets a second copy."
        else:
            question = f"Send these {len(people)} messages again?"
            copies = "People who already received them will get a second copy."
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Send again?",
            f"{question}\n\n{lines}{more}\n\n{copies}",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        yes = box.addButton("Send again", QMessageBox.ButtonRole.AcceptRole)
        yes.clicked.connect(lambda: self.resend([people_row.index for people_row in people]))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.confirm_box = box

    def resend(self, indices: list[int]) -> bool:
        """Send these messages again (after the user confirmed)."""
        return self._send(indices, resend=True)

    def _send(self, indices, resend: bool) -> bool:
        if self.preview is None or self._job_rid:
            return False
        s = self.smtp()
        if not s["host"]:
            self.outcome.show_message("Set up the mail server first (Mail server settings), or save drafts.", "error")
            return False
        if self._password_missing():
            self.outcome.show_message(_escape(self._password_hint()) + ".", "error")
            return False
        password = self.password.text() or None
        keep = self.remember.isChecked() or bool(self._password_state and self._password_state.keyring)
        if password and keep and s["user"]:
            self._store_rid = self.engine.password("store", s["host"], s["user"], password)
        self.password_note.hide()
        self.model.clear_outcomes()
        self._job_rid = self.engine.send_mail(self.preview.plan_id, s, indices, password, resend)
        self._running(True, "Connecting…")
        return True

    def choose_drafts_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the email drafts", str(self.store.output_folder()))
        if folder:
            self.save_drafts(folder)

    def save_drafts(self, folder: str) -> bool:
        """Write one .eml per message into `folder`."""
        if self.preview is None or self._job_rid:
            return False
        self.model.clear_outcomes()
        self._job_rid = self.engine.drafts(self.preview.plan_id, folder)
        self._running(True, "Saving drafts…")
        return True

    def cancel(self) -> None:
        if self._job_rid:
            self.engine.cancel(self._job_rid)
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("Cancelling after the current message…")

    def reject(self) -> None:
        if self._job_rid:  # never close while messages are going out: the user would not see the results
            self.cancel()
            return
        super().reject()

    # ------------------------------------------------------------------ engine answers
    def _on_done(self, rid: int, payload) -> None:
        if rid == self._plan_rid and isinstance(payload, MailPreview):
            self._show_preview(payload)
        elif rid == self._lookup_rid and isinstance(payload, PasswordState):
            self._show_password_state(payload)
        elif rid == self._job_rid and isinstance(payload, SendSummary):
            self._job_rid = 0
            self.summary = payload
            self._running(False)
            if payload.last_sent is not None:
                self._set_last_sent(dict(enumerate(payload.last_sent)))
            self.outcome.show_message(self._outcome_text(payload), "ok" if payload.ok else "error")

    def _on_failed(self, rid: int, failure: Failure) -> None:
        if rid == self._store_rid:
            self.password_note.setText(failure.message)  # "Cannot remember the password: …" says it already
            self.password_note.show()
        elif rid == self._lookup_rid:  # the engine restarted: nothing is known, so ask
            self._show_password_state(PasswordState(False))
        elif rid == self._plan_rid:
            self.heading.setText("The messages cannot be prepared.")
            self.outcome.show_message(_escape(failure.message), "error")
        elif rid == self._job_rid:
            self._job_rid = 0
            self._running(False)
            self.summary = SendSummary("", failure.message, False)
            self.outcome.show_message(_escape(failure.message), "error")
        self._update_buttons()

    def _on_progress(self, rid: int, p: Progress) -> None:
        if rid == self._job_rid:
            self.progress.setRange(0, max(p.total, 1))
            self.progress.setValue(p.done)
            self.progress.setFormat(f"{p.done} of {p.total}  ·  {p.label}" if p.label != "Done" else "Finishing…")

    def _on_outcome(self, rid: int, outcome: SendOutcome) -> None:
        if rid == self._job_rid:
            self.model.set_outcome(outcome)
            if outcome.detail and outcome.status in ("failed", "not sent") and not self._details_shown:
                self._fit_columns(True)
            if outcome.status != "drafted":  # a draft is not a send: the send log's word is unchanged
                self._set_last_sent({outcome.index: outcome.last_sent})

    def _set_last_sent(self, last_sent: dict[int, str]) -> None:
        """The send log's word on these messages (plan index -> text): Last sent, the heading and Send follow it."""
        if self.preview is None:
            return
        rows = tuple(
            dataclasses.replace(m, last_sent=last_sent[m.index]) if m.index in last_sent else m
            for m in self.preview.messages
        )
        self.preview = dataclasses.replace(self.preview, messages=rows)
        self.model.update_rows(rows)
        self._show_heading()
        self._update_buttons()

    def _outcome_text(self, summary: SendSummary) -> str:
        """The summary, why the run stopped, and each failure by name with its reason (rich text)."""
        lines = [_escape(summary.text + (f" Stopped: {summary.stopped}" if summary.stopped else ""))]
        failed = [
            (self.model.message(r), o)
            for r in range(self.model.rowCount())
            if (o := self.model.outcome(r)) is not None and o.status == "failed"
        ]
        for m, o in failed[:MAX_LISTED]:
            lines.append(f"Failed: <b>{_escape(m.to_name or m.to_email)}</b> — {_escape(reason(o.detail))}")
        if len(failed) > MAX_LISTED:
            lines.append(f"… and {len(failed) - MAX_LISTED} more (see Detail in the list)")
        return "<br>".join(lines)

    # ------------------------------------------------------------------ state
    def _running(self, running: bool, text: str = "") -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setRange(0, 0)
            self.progress.setFormat(text)
            self.outcome.hide()
        self._update_buttons()

    def _show_password_state(self, state: PasswordState | None) -> None:
        """The password line shows when a login needs a password that neither keyring nor session holds."""
        self._password_state = state
        s = self.smtp()
        needed = state is not None and not state.found and bool(s["host"] and s["user"])
        for w in (self.password_label, self.password, self.remember):
            w.setVisible(needed)
        if needed:
            self.password.setPlaceholderText(self._password_hint())
            if state.keyring:
                self.remember.setChecked(False)
                self.remember.setEnabled(False)
                self.remember.setToolTip(
                    f"The password cannot be remembered: {state.keyring}. TEC Desktop keeps "
                    "it until it is closed and asks for it again next time."
                )
            else:
                self.remember.setEnabled(True)
                self.remember.setToolTip("Keep the password in the system keyring, so that it is not asked again")
        self._update_buttons()

    def _password_hint(self) -> str:
        s = self.smtp()
        return f"Type the password for {s['user']} on {s['host']}"

    def _password_unknown(self) -> bool:
        """A login is set up and the engine has not said yet whether a password is stored."""
        s = self.smtp()
        return bool(s["host"] and s["user"]) and self._password_state is None

    def _password_missing(self) -> bool:
        """A login is set up, no password is stored or kept, and none is typed."""
        s = self.smtp()
        state = self._password_state
        return bool(s["host"] and s["user"]) and (state is None or not state.found) and not self.password.text()

    def _update_buttons(self) -> None:
        ready = self.preview is not None and not self._job_rid
        new = sum(1 for m in self.preview.messages if not m.last_sent) if self.preview else 0
        has_server = bool(self.smtp()["host"])
        can_send = ready and has_server and not self._password_missing()
        if not has_server:
            why = "Set up the mail server first (Mail server settings)"
        elif self._password_unknown():
            why = "Looking for the stored password…"
        elif self._password_missing():
            why = self._password_hint()
        else:
            why = ""
        self.send_button.setText(f"Send {new} message{'s' if new != 1 else ''}" if self.preview else "Send")
        self.send_button.setEnabled(can_send and new > 0)
        self.send_button.setToolTip(why)
        selected = bool(self.table.selectionModel().selectedRows())
        self.resend_button.setEnabled(can_send and selected)
        self.resend_button.setToolTip(
            why or "Send the selected messages again, even if they were sent before (asks first)"
        )
        self.drafts_button.setEnabled(ready and bool(self.preview.messages))
        self.settings_button.setEnabled(not self._job_rid)
        self.close_button.setEnabled(not self._job_rid)


class _ElideRight(QStyledItemDelegate):
    """A reason is read from its start: cut it at the end (the table cuts names in the middle)."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight
