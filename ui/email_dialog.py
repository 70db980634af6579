"""Email…: every message before anything is sent, then sending with progress and each recipient's result.

Send sends what was never sent; what the send log says was already sent is skipped. Sending again
is a separate button that names the people and when they got it, and asks first. With a login set
up, Send waits until a password is there (keyring, TEC_SMTP_PASSWORD, kept this session, or typed).
After each result the heading and Last sent show what the send log now says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from html import escape as _escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tec_desktop.months import month_label
from ui.banner import Banner
from ui.engine.requests import FindPassword, PlanMail, SaveDrafts, SendMail, StorePassword
from ui.engine.results import Failure, LoadResult, MailPreview, PasswordState, Progress, SendOutcome, SendSummary
from ui.engine_client import Engine, OutcomesReply, Reply
from ui.messages_model import MessagesModel, reason
from ui.messages_table import MessagesTable
from ui.password_line import PasswordLine
from ui.preferences import Preferences

MAX_LISTED = 8  # failures named in the banner; the list shows them all


class EmailDialog(QDialog):
    """The month's messages: preview, send, send again, save as drafts."""

    settings_requested = Signal()  # 'Mail server settings…': the window opens Preferences > Email

    def __init__(
        self,
        engine: Engine,
        store: Preferences,
        result: LoadResult,
        files: Iterable[str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.engine = engine
        self.store = store
        self._result = result
        self.files = tuple(files)
        self.preview: MailPreview | None = None
        self.summary: SendSummary | None = None
        self._plan: Reply | None = None  # the list of messages, on its way
        self._lookup: Reply | None = None  # whether a password is stored, on its way
        self.job: OutcomesReply | None = None  # the send or the drafts running (or run last)
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
        self.table = MessagesTable(self.model)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.password_line = PasswordLine()
        self.password_line.changed.connect(self._update_buttons)

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
        layout.addWidget(self.password_line)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)

        self.refresh()

    # ------------------------------------------------------------------ plan
    def smtp(self) -> dict:
        return self.store.smtp()

    def sender_address(self) -> str:
        """From: the address set in Preferences, else the user name when it is one."""
        s = self.smtp()
        return s["sender"] or (s["user"] if "@" in s["user"] else "")

    def refresh(self) -> None:
        """Ask the engine for the messages (again, after the settings changed)."""
        self.preview = None
        self.model.set_rows(())
        self._describe_route()
        for old in (self._plan, self._lookup):
            if old is not None:
                old.discard()  # the settings changed: only the newest answers count
        r = self._result
        assert r.month is not None  # the window emails only scorecards written for a month
        self._plan = self.engine.request(PlanMail(r.book_id, r.month, self.files, self.sender_address()))
        self._plan.finished.connect(self._show_preview)
        self._plan.failed.connect(self._plan_failed)
        s, line = self.smtp(), self.password_line
        line.set_login(s["host"], s["user"])
        line.show_state(None)
        self._lookup = None
        if s["host"] and s["user"]:
            self._lookup = self.engine.request(FindPassword(s["host"], s["user"]))
            self._lookup.finished.connect(line.show_state)
            # The engine restarted meanwhile: nothing is known, so ask.
            self._lookup.failed.connect(lambda _failure: line.show_state(PasswordState(False)))
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
            sender = self.sender_address() or "(no sender address: set From in Mail server settings)"
            self.route.setText(f"From {sender} via {s['host']}{port} ({s['security'].upper()}{login}{unchecked}).")

    def _show_preview(self, preview: MailPreview) -> None:
        self.preview = preview
        self.model.set_rows(preview.messages)
        self._show_heading()
        if preview.notes:
            self.notes.show_message("<br>".join(_escape(n) for n in preview.notes), "info")
        else:
            self.notes.hide()
        self.table.fit_columns(False)
        self._update_buttons()

    def _show_heading(self) -> None:
        if self.preview is None:
            return
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
        rows = self.table.selected_rows()
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
        yes.clicked.connect(lambda: self.resend([m.index for m in people]))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.confirm_box = box

    def resend(self, indices: list[int]) -> bool:
        """Send these messages again (after the user confirmed)."""
        return self._send(tuple(indices), resend=True)

    def _sending(self) -> bool:
        return self.job is not None and self.job.is_running()

    def _send(self, indices: tuple[int, ...] | None, resend: bool) -> bool:
        if self.preview is None or self._sending():
            return False
        s = self.smtp()
        if not s["host"]:
            self.outcome.show_message("Set up the mail server first (Mail server settings), or save drafts.", "error")
            return False
        line = self.password_line
        if line.missing():
            self.outcome.show_message(_escape(line.hint()) + ".", "error")
            return False
        password = line.typed()
        if password and line.keep() and s["user"]:
            stored = self.engine.request(StorePassword(s["host"], s["user"], password))
            stored.failed.connect(self._store_failed)
        line.say("")
        self._follow(self.engine.request(SendMail(self.preview.plan_id, dict(s), indices, password, resend)))
        self._running(True, "Connecting…")
        return True

    def choose_drafts_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the email drafts", str(self.store.output_folder()))
        if folder:
            self.save_drafts(folder)

    def save_drafts(self, folder: str) -> bool:
        """Write one .eml per message into `folder`."""
        if self.preview is None or self._sending():
            return False
        self._follow(self.engine.request(SaveDrafts(self.preview.plan_id, folder)))
        self._running(True, "Saving drafts…")
        return True

    def _follow(self, job: OutcomesReply) -> None:
        self.model.clear_outcomes()
        self.job = job
        job.progress.connect(self._on_progress)
        job.outcome.connect(self._on_outcome)
        job.finished.connect(self._job_finished)
        job.failed.connect(self._job_failed)

    def cancel(self) -> None:
        """Cancel sending: stop after the message going out now."""
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("Cancelling after the current message…")

    def reject(self) -> None:
        if self._sending():  # never close while messages are going out: the user would not see the results
            self.cancel()
            return
        super().reject()

    # ------------------------------------------------------------------ engine answers
    def _job_finished(self, summary: SendSummary) -> None:
        self.summary = summary
        self._running(False)
        if summary.last_sent is not None:
            self._set_last_sent(dict(enumerate(summary.last_sent)))
        self.outcome.show_message(self._outcome_text(summary), "ok" if summary.ok else "error")

    def _job_failed(self, failure: Failure) -> None:
        self._running(False)
        self.summary = SendSummary("", failure.message, False)
        self.outcome.show_message(_escape(failure.message), "error")

    def _plan_failed(self, failure: Failure) -> None:
        self.heading.setText("The messages cannot be prepared.")
        self.outcome.show_message(_escape(failure.message), "error")
        self._update_buttons()

    def _store_failed(self, failure: Failure) -> None:
        self.password_line.say(failure.message)  # "Cannot remember the password: …" says it already

    def _on_progress(self, p: Progress) -> None:
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)
        self.progress.setFormat(f"{p.done} of {p.total}  ·  {p.label}" if p.label != "Done" else "Finishing…")

    def _on_outcome(self, outcome: SendOutcome) -> None:
        self.model.set_outcome(outcome)
        if outcome.detail and outcome.status in ("failed", "not sent") and not self.table.details_shown:
            self.table.fit_columns(True)
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

    def _update_buttons(self) -> None:
        ready = self.preview is not None and not self._sending()
        new = sum(1 for m in self.preview.messages if not m.last_sent) if self.preview else 0
        has_server = bool(self.smtp()["host"])
        line = self.password_line
        can_send = ready and has_server and not line.missing()
        if not has_server:
            why = "Set up the mail server first (Mail server settings)"
        elif line.unknown():
            why = "Looking for the stored password…"
        elif line.missing():
            why = line.hint()
        else:
            why = ""
        self.send_button.setText(f"Send {new} message{'s' if new != 1 else ''}" if self.preview else "Send")
        self.send_button.setEnabled(can_send and new > 0)
        self.send_button.setToolTip(why)
        selected = bool(self.table.selected_rows())
        self.resend_button.setEnabled(can_send and selected)
        self.resend_button.setToolTip(
            why or "Send the selected messages again, even if they were sent before (asks first)"
        )
        self.drafts_button.setEnabled(ready and self.preview is not None and bool(self.preview.messages))
        self.settings_button.setEnabled(not self._sending())
        self.close_button.setEnabled(not self._sending())
