"""Send a plan's messages one by one over SMTP, each checked against and recorded in the send log.

A message already sent (or whose earlier send was interrupted) is skipped unless `resend`. One
recipient's failure is recorded and reported and the others go on; the connection is reopened after
it was lost. Only a failure that makes every further message fail (cannot connect, login refused,
sender refused) stops the run; the messages not tried are reported as 'not sent'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tec_desktop.errors import Cancelled, TecError
from tec_desktop.mail.plan import Outgoing, build_message
from tec_desktop.mail.sendlog import FAILED as LOG_FAILED
from tec_desktop.mail.sendlog import SENT as LOG_SENT
from tec_desktop.mail.sendlog import AlreadySent, SendLog
from tec_desktop.mail.smtp import MessageFailed, SmtpError, SmtpSession, SmtpSettings

SENT, FAILED, SKIPPED, NOT_SENT, DRAFTED = "sent", "failed", "skipped", "not sent", "drafted"


@dataclass(frozen=True)
class SendResult:
    """What happened to one message."""

    message: Outgoing
    status: str  # SENT, FAILED, SKIPPED (already sent), NOT_SENT (run stopped first) or DRAFTED
    detail: str = ""  # the error, why it was skipped, or where the draft is
    error: TecError | None = None  # the failure `detail` says, for the desktop app's own wording

    def line(self) -> str:
        """'sent      zoe@example.com  Seam-scorecards-2026-10.pdf', with the detail after a colon."""
        text = f"{self.status:<9} {self.message.to_email}  {self.message.attachment_name}"
        return f"{text}: {self.detail}" if self.detail else text


@dataclass(frozen=True)
class SendReport:
    """Every message's result, in plan order, and why the run stopped early ('' when it did not)."""

    results: tuple[SendResult, ...]
    stopped: str = ""
    stopped_by: TecError | None = None  # the failure `stopped` says

    def count(self, status: str) -> int:
        """How many messages ended with this status."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        """Nothing failed and nothing was left unsent."""
        return not self.stopped and not self.count(FAILED) and not self.count(NOT_SENT)

    def summary(self) -> str:
        """'3 sent, 1 failed, 2 skipped (already sent).'"""
        parts = [f"{self.count(SENT)} sent"]
        for status, label in ((FAILED, "failed"), (SKIPPED, "skipped (already sent)"), (NOT_SENT, "not sent")):
            if self.count(status):
                parts.append(f"{self.count(status)} {label}")
        return ", ".join(parts) + "."


def earlier_sends(messages: Iterable[Outgoing], log: SendLog | None = None) -> list:
    """For the preview: per message, the send-log entry that would make it skip (sendlog.LogEntry), or None."""
    log = log if log is not None else SendLog()
    return [log.blocking_entry(*m.key) for m in messages]


def send_messages(
    messages: Iterable[Outgoing],
    settings: SmtpSettings,
    password: str | None = None,
    *,
    log: SendLog | None = None,
    resend: bool = False,
    on_result: Callable[[SendResult], None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> SendReport:
    """Send each message over one SMTP connection; see the module docstring for the rules.

    `on_result(result)` is called as soon as each message's fate is known (from this thread);
    `progress(done, total, label)` before each message; `should_cancel()` between messages.
    """
    messages = list(messages)
    if any(not m.envelope_sender for m in messages):
        raise TecError("sender-missing")
    log = log if log is not None else SendLog()
    method = f"smtp {settings.describe()}"
    results: list[SendResult] = []
    stopped: TecError | None = None

    def report(message: Outgoing, status: str, detail: str | TecError = "") -> None:
        error = detail if isinstance(detail, TecError) else None
        result = SendResult(message, status, str(detail), error)
        results.append(result)
        if on_result is not None:
            on_result(result)

    session = SmtpSession(settings, password)
    try:
        for done, out in enumerate(messages):
            if stopped is None and should_cancel is not None and should_cancel():
                stopped = Cancelled("send-cancelled")
            if stopped is not None:
                report(out, NOT_SENT, stopped)
                continue
            if progress is not None:
                progress(done, len(messages), f"Sending to {out.to_email}")
            if not resend and (earlier := log.blocking_entry(*out.key)) is not None:
                report(out, SKIPPED, earlier.describe())
                continue
            try:
                session.open()
            except SmtpError as exc:
                stopped = exc
                report(out, NOT_SENT, stopped)
                continue
            stopped = _send_one(session, out, log, method, resend, report)
        if progress is not None:
            progress(len(messages), len(messages), "Done")
    finally:
        session.close()
    return SendReport(tuple(results), str(stopped or ""), stopped)


def _send_one(session: SmtpSession, out: Outgoing, log: SendLog, method: str, resend: bool, report) -> TecError | None:
    """Claim, send and record one message; returns why the run must stop (None to go on)."""
    try:
        msg = build_message(out)
    except TecError as exc:
        report(out, FAILED, exc)
        return None
    try:
        entry = log.claim(
            month=out.month,
            recipient=out.to_email,
            attachment_sha256=out.attachment_sha256,
            workbook_sha256=out.workbook_sha256,
            recipient_name=out.to_name,
            kind=out.kind,
            subject=out.subject,
            attachment_name=out.attachment_name,
            method=method,
            resend=resend,
        )
    except AlreadySent as exc:  # another window sent it a moment ago
        report(out, SKIPPED, exc.entry.describe())
        return None
    try:
        session.send(msg, out.envelope_sender, out.to_email)
    except MessageFailed as exc:
        log.finish(entry, LOG_FAILED, str(exc))
        report(out, FAILED, exc)
        return None
    except SmtpError as exc:
        log.finish(entry, LOG_FAILED, str(exc))
        report(out, FAILED, exc)
        return exc
    log.finish(entry, LOG_SENT, message_id=str(msg["Message-ID"]))
    report(out, SENT)
    return None
