"""The Email window's buttons and what they start: Send, Send again to selected, Mark as received, the drafts.

Each starts one engine request and follows it: a result per message as it comes (Result, Detail, and
the send log's new word in Status), then a summary in the banner below the list that names every
failure and every unconfirmed message. Send sends only what the send log says is new or changed.
"""

from __future__ import annotations

import dataclasses
from html import escape as _escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton

from ui.engine.requests import ConfirmReceived, CreateOutlookDrafts, SaveDrafts, SendMail, StorePassword
from ui.engine.results import Failure, MessageRow, Progress, SendOutcome, SendSummary
from ui.engine_client import OutcomesReply
from ui.messages_model import CHANGED, DETAIL_COLUMN, UNCONFIRMED, reason

if TYPE_CHECKING:
    from ui.email_dialog import EmailDialog

MAX_LISTED = 8  # failures named in the banner; the list shows them all
RESEND_TIP = "Send the selected messages again, even if they were sent before (asks first)"
OUTLOOK_TIP = "Make each message a draft in your Microsoft 365 mailbox (every Outlook shows them); nothing is sent"
RECEIVED_TIP = (
    "The selected unconfirmed messages arrived (you asked the recipient or looked in Sent Items): count them as sent"
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class EmailActions:
    """The button row of an EmailDialog and the jobs its buttons start."""

    def __init__(self, dialog: EmailDialog):
        self.d = dialog

        def button(text: str, name: str, slot, tip: str = "") -> QPushButton:
            b = QPushButton(text)
            b.setAutoDefault(False)  # Enter (in the password line, say) never sends mail nor opens a dialog
            b.setAccessibleName(name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            return b

        self.drafts_button = button(
            "Save as drafts…",
            "Save as drafts",
            dialog.choose_drafts_folder,
            "Save one .eml file per message; classic Outlook and Thunderbird open each ready to send",
        )
        self.outlook_button = button(
            "Create drafts in Outlook",
            "Create drafts in Outlook",
            dialog.create_outlook_drafts,
            OUTLOOK_TIP,
        )
        self.resend_button = button("Send again to selected…", "Send again to selected", self.confirm_resend)
        self.received_button = button("Mark as received", "Mark as received", self.mark_received, RECEIVED_TIP)
        self.send_button = button("Send", "Send", dialog.send_new)
        self.send_button.setObjectName("primary")
        self.cancel_button = button("Cancel sending", "Cancel sending", self.cancel)
        self.cancel_button.hide()
        self.close_button = button("Close", "Close", dialog.reject)
        self.row = QHBoxLayout()
        for b in (self.drafts_button, self.outlook_button, self.resend_button, self.received_button):
            self.row.addWidget(b)
        self.row.addStretch(1)
        for b in (self.cancel_button, self.send_button, self.close_button):
            self.row.addWidget(b)

    # ------------------------------------------------------------------ what the buttons do
    def _ready(self) -> bool:
        return self.d.preview is not None and not self.d._sending()

    def send(self, indices: tuple[int, ...] | None, resend: bool) -> bool:
        d = self.d
        if not self._ready() or d.preview is None:
            return False
        why = d.blocker()
        if why:
            d.outcome.show_message(_escape(why) + ".", "error")
            return False
        password = None
        if d.way == "smtp":
            s, line = d.smtp(), d.password_line
            password = line.typed()
            if password and line.keep() and s["user"]:
                stored = d.engine.request(StorePassword(s["host"], s["user"], password))
                stored.failed.connect(lambda failure: line.say(failure.message))  # 'Cannot remember …' says it
            line.say("")
        service = d._service() if d.way in ("microsoft", "google") else None
        request = SendMail(d.preview.plan_id, dict(d.smtp()), indices, password, resend, d.way, service)
        self._follow(d.engine.request(request), "Connecting…")
        return True

    def confirm_resend(self) -> None:
        d = self.d
        rows = d.table.selected_rows()
        if not rows:
            return
        people = [d.model.message(r) for r in rows]

        def when(m: MessageRow) -> str:
            return f" (sent {m.review.when})" if m.review.when else ""

        lines = "\n".join(f"• {m.to_name} <{m.to_email}>: {m.attachment_name}{when(m)}" for m in people[:12])
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
            d,
        )
        yes = box.addButton("Send again", QMessageBox.ButtonRole.AcceptRole)
        yes.clicked.connect(lambda: d.resend([m.index for m in people]))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        d.confirm_box = box

    def mark_received(self) -> bool:
        d = self.d
        chosen = self._selected_unconfirmed()
        if not self._ready() or d.preview is None or not chosen:
            return False
        reply = d.engine.request(ConfirmReceived(d.preview.plan_id, tuple(m.index for m in chosen)))
        reply.finished.connect(self._finished)
        reply.failed.connect(self._failed)
        return True

    def save_drafts(self, folder: str) -> bool:
        d = self.d
        if not self._ready() or d.preview is None:
            return False
        self._follow(d.engine.request(SaveDrafts(d.preview.plan_id, folder)), "Saving drafts…")
        return True

    def create_outlook_drafts(self) -> bool:
        d = self.d
        if not self._ready() or d.preview is None or d.way != "microsoft" or d.blocker():
            return False
        reply = d.engine.request(CreateOutlookDrafts(d.preview.plan_id, d._service()))
        self._follow(reply, "Creating the drafts in Outlook…")
        return True

    def cancel(self) -> None:
        job = self.d.job
        if job is not None and job.is_running():
            job.cancel()
            self.cancel_button.setEnabled(False)
            self.d.progress.setFormat("Cancelling after the current message…")

    # ------------------------------------------------------------------ following a job
    def _follow(self, job: OutcomesReply, text: str) -> None:
        d = self.d
        d.model.clear_outcomes()
        d.table.fit_columns()
        d.job = job
        job.progress.connect(self._progress)
        job.outcome.connect(self._outcome)
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        self._running(True, text)

    def _progress(self, p: Progress) -> None:
        bar = self.d.progress
        bar.setRange(0, max(p.total, 1))
        bar.setValue(p.done)
        bar.setFormat(f"{p.done} of {p.total}  ·  {p.label}" if p.label != "Done" else "Finishing…")

    def _outcome(self, outcome: SendOutcome) -> None:
        d = self.d
        d.model.set_outcome(outcome)
        if outcome.review is None:
            self._refresh_current()
        if outcome.review is not None:
            d.model.set_reviews({outcome.index: (outcome.review, outcome.last_sent)})
            d._show_heading()
            self._refresh_current()
        if len(d.model.outcomes()) == 1 or (outcome.detail and d.table.isColumnHidden(DETAIL_COLUMN)):
            d.table.fit_columns()  # Result (and Detail) appear with the first result that has them
        self.update()

    def _finished(self, summary: SendSummary) -> None:
        d = self.d
        d.summary = summary
        self._running(False)
        if summary.reviews is not None:
            last = summary.last_sent or ("",) * len(summary.reviews)
            d.model.set_reviews({i: (r, last[i]) for i, r in enumerate(summary.reviews)})
            d._show_heading()
            self._refresh_current()
        d.table.fit_columns()
        d.outcome.show_message(self.outcome_text(summary), "ok" if summary.ok else "error")
        self.update()

    def _failed(self, failure: Failure) -> None:
        d = self.d
        self._running(False)
        d.summary = SendSummary("", failure.message, False)
        d.outcome.show_message(_escape(failure.message), "info" if failure.kind == "cancelled" else "error")

    def _refresh_current(self) -> None:
        """The preview follows the send log's new word (the review of each message, and the one shown)."""
        d = self.d
        if d.preview is not None:
            d.preview = dataclasses.replace(d.preview, messages=d.model.rows())
        d._show_current(d.table.selectionModel().currentIndex())

    def outcome_text(self, summary: SendSummary) -> str:
        """The summary, why the run stopped, and each failure and unconfirmed message by name (rich text)."""
        d = self.d
        lines = [_escape(summary.text + (f" Stopped: {summary.stopped}" if summary.stopped else ""))]
        rows = [(d.model.message(r), d.model.outcome(r)) for r in range(d.model.rowCount())]
        failed = [(m, o) for m, o in rows if o is not None and o.status == "failed"]
        for m, o in failed[:MAX_LISTED]:
            lines.append(f"Failed: <b>{_escape(m.to_name or m.to_email)}</b> — {_escape(reason(o.detail))}")
        if len(failed) > MAX_LISTED:
            lines.append(f"… and {len(failed) - MAX_LISTED} more (see Detail in the list)")
        unconfirmed = [m for m, o in rows if o is not None and o.status == "unconfirmed"]
        for m in unconfirmed[:MAX_LISTED]:
            lines.append(
                f"Unconfirmed: <b>{_escape(m.to_name or m.to_email)}</b> — it may have arrived: ask them or look in "
                "Sent Items, then <i>Mark as received</i> or <i>Send again to selected…</i>"
            )
        if len(unconfirmed) > MAX_LISTED:
            lines.append(f"… and {len(unconfirmed) - MAX_LISTED} more unconfirmed (see Status in the list)")
        return "<br>".join(lines)

    # ------------------------------------------------------------------ state
    def counts_text(self, rows: tuple[MessageRow, ...]) -> str:
        """'Send sends 3 (1 as a correction) · 10 already sent · 1 unconfirmed'."""
        goes = [m for m in rows if m.review.goes]
        corrections = sum(1 for m in goes if m.review.state == CHANGED)
        unconfirmed = sum(1 for m in rows if m.review.state == UNCONFIRMED)
        sent = len(rows) - len(goes) - unconfirmed
        first = f"{len(goes)} to send"
        if corrections:
            first += f" ({corrections} as {'a correction' if corrections == 1 else 'corrections'})"
        parts = [first, f"{sent} already sent"]
        if unconfirmed:
            parts.append(f"{unconfirmed} unconfirmed (may have arrived)")
        return "  ·  ".join(parts) + ". Send sends only what is new or changed."

    def _selected_unconfirmed(self) -> list[MessageRow]:
        d = self.d
        return [m for m in (d.model.message(r) for r in d.table.selected_rows()) if m.review.state == UNCONFIRMED]

    def _running(self, running: bool, text: str = "") -> None:
        d = self.d
        d.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        if running:
            d.progress.setRange(0, 0)
            d.progress.setFormat(text)
            d.outcome.hide()
        self.update()

    def update(self) -> None:
        """Every button's state, text and tooltip from what is known now."""
        d = self.d
        ready = self._ready() and not d.stale
        rows = d.model.rows()
        new = sum(1 for m in rows if m.review.goes)
        why = d.blocker()
        can_send = ready and not why
        drafts_only = d.way == "eml"
        self.send_button.setVisible(not drafts_only)
        self.send_button.setText(f"Send {_plural(new, 'message')}" if d.preview else "Send")
        self.send_button.setEnabled(can_send and new > 0)
        self.send_button.setToolTip(
            why or ("Nothing new or changed to send" if not new else "Send what is new or changed; skip the rest")
        )
        selected = bool(d.table.selected_rows())
        self.resend_button.setEnabled(can_send and selected)
        self.resend_button.setToolTip(why or RESEND_TIP)
        self.received_button.setVisible(any(m.review.state == UNCONFIRMED for m in rows))
        self.received_button.setEnabled(ready and bool(self._selected_unconfirmed()))
        self.outlook_button.setVisible(d.way == "microsoft")
        self.outlook_button.setEnabled(can_send and bool(rows))
        self.outlook_button.setToolTip(why or OUTLOOK_TIP)
        self.drafts_button.setEnabled(ready and bool(rows))
        self.drafts_button.setObjectName("primary" if drafts_only else "")
        self.drafts_button.style().unpolish(self.drafts_button)
        self.drafts_button.style().polish(self.drafts_button)
        self.close_button.setEnabled(not d._sending())
