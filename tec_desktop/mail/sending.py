"""Send a plan's messages one by one (SMTP, Microsoft Graph or Gmail), each checked against and recorded in the
send log.

The send log decides per message (sendlog.RecipientStatus): never sent -> sent; the same content sent
before -> skipped; an earlier send that may have arrived (unconfirmed) -> skipped and counted on its
own; content changed since it was sent -> sent as a correction ('(corrected)' in the subject and one
line on what changed). `resend` sends everything again.

One recipient's failure is recorded and reported and the others go on; the connection is reopened
after it was lost. Only a failure that makes every further message fail (cannot connect, sign-in or
login refused, sender refused, throttled too long, two timeouts in a row) stops the run; the
messages not tried are reported as 'not sent'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tec_desktop.errors import Cancelled, TecError
from tec_desktop.mail.plan import Outgoing, as_correction, build_message
from tec_desktop.mail.sendlog import CHANGED, MAYBE_SENT, AlreadySent, LogEntry, RecipientStatus, SendLog
from tec_desktop.mail.sendlog import FAILED as LOG_FAILED
from tec_desktop.mail.sendlog import SENT as LOG_SENT
from tec_desktop.mail.sendlog import UNCONFIRMED as LOG_UNCONFIRMED
from tec_desktop.mail.smtp import SmtpSettings, SmtpTransport
from tec_desktop.mail.tokens import TokenSource
from tec_desktop.mail.transport import MessageFailed, StopSending, Transport

SENT, FAILED, SKIPPED, NOT_SENT, DRAFTED = "sent", "failed", "skipped", "not sent", "drafted"
UNCONFIRMED = "unconfirmed"
TIMEOUTS_IN_A_ROW = 2  # a server that stalls twice in a row will stall for the rest: stop


@dataclass(frozen=True)
class SendResult:
    """What happened to one message."""

    message: Outgoing
    status: str  # SENT, FAILED, SKIPPED (already sent), UNCONFIRMED, NOT_SENT (run stopped first) or DRAFTED
    detail: str = ""  # the error, why it was skipped, what a correction changed, or where the draft is
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
    def corrections(self) -> int:
        """How many of the sent messages were corrections."""
        return sum(1 for r in self.results if r.status == SENT and r.message.correction)

    @property
    def ok(self) -> bool:
        """Nothing failed, nothing is unconfirmed and nothing was left unsent."""
        return not self.stopped and not any(self.count(s) for s in (FAILED, NOT_SENT, UNCONFIRMED))

    def summary(self) -> str:
        """'3 sent (1 correction), 1 failed, 2 skipped (already sent), 1 unconfirmed (may have arrived).'"""
        first = f"{self.count(SENT)} sent"
        if self.corrections:
            first += f" ({self.corrections} correction{'s' if self.corrections != 1 else ''})"
        parts = [first]
        for status, label in (
            (FAILED, "failed"),
            (SKIPPED, "skipped (already sent)"),
            (UNCONFIRMED, "unconfirmed (may have arrived)"),
            (NOT_SENT, "not sent"),
        ):
            if self.count(status):
                parts.append(f"{self.count(status)} {label}")
        return ", ".join(parts) + "."


def review(messages: Iterable[Outgoing], log: SendLog | None = None) -> list[RecipientStatus]:
    """For the preview: per message, never sent / sent (unchanged) / changed since sent / unconfirmed."""
    log = log if log is not None else SendLog()
    return [log.status(*m.key, content=m.content) for m in messages]


def earlier_sends(messages: Iterable[Outgoing], log: SendLog | None = None) -> list[LogEntry | None]:
    """For the preview: per message, the send-log entry that would make it skip (sendlog.LogEntry), or None."""
    log = log if log is not None else SendLog()
    return [log.blocking_entry(*m.key) for m in messages]


def corrected(out: Outgoing, status: RecipientStatus) -> Outgoing:
    """The message as it goes out given what the log says: a correction when its content changed since sent."""
    if status.state == CHANGED and status.entry is not None:
        return as_correction(out, status.entry.when, status.change)
    return out


def send_messages(
    messages: Iterable[Outgoing],
    transport: Transport | SmtpSettings,
    password: str | None = None,
    *,
    token: TokenSource | None = None,
    log: SendLog | None = None,
    resend: bool = False,
    on_result: Callable[[SendResult], None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> SendReport:
    """Send each message through `transport` (SmtpSettings: SMTP with `password` or `token`); see the module
    docstring for the rules.

    `on_result(result)` is called as soon as each message's fate is known (from this thread);
    `progress(done, total, label)` before each message; `should_cancel()` between messages.
    """
    messages = list(messages)
    if isinstance(transport, SmtpSettings):
        transport = SmtpTransport(transport, password, token)
    if transport.needs_sender and any(not m.envelope_sender for m in messages):
        raise TecError("sender-missing")
    log = log if log is not None else SendLog()
    run = _Run(transport, log, resend, on_result)
    try:
        for done, out in enumerate(messages):
            if run.stopped is None and should_cancel is not None and should_cancel():
                run.stopped = Cancelled("send-cancelled")
            if run.stopped is not None:
                run.not_sent(out)
                continue
            if progress is not None:
                progress(done, len(messages), f"Sending to {out.to_email}")
            run.one(out)
        if progress is not None:
            progress(len(messages), len(messages), "Done")
    finally:
        transport.close()
    return SendReport(tuple(run.results), str(run.stopped or ""), run.stopped)


class _Run:
    """One send run's state: results so far, why it stopped, timeouts in a row."""

    def __init__(self, transport: Transport, log: SendLog, resend: bool, on_result):
        self.transport, self.log, self.resend, self.on_result = transport, log, resend, on_result
        self.results: list[SendResult] = []
        self.stopped: TecError | None = None  # why the run stopped
        self.timeouts = 0

    def report(self, message: Outgoing, status: str, detail: str | TecError = "") -> None:
        error = detail if isinstance(detail, TecError) else None
        result = SendResult(message, status, str(detail), error)
        self.results.append(result)
        if self.on_result is not None:
            self.on_result(result)

    def not_sent(self, out: Outgoing) -> None:
        """After the run stopped: what the log already says (sent, unconfirmed), else not sent."""
        status = self.log.status(*out.key, content=out.content)
        if status.blocks and not self.resend:
            self.report(out, UNCONFIRMED if status.state == MAYBE_SENT else SKIPPED, status.describe())
        else:
            self.report(out, NOT_SENT, self.stopped or "")

    def one(self, out: Outgoing) -> None:
        """Decide, claim, send and record one message."""
        status = self.log.status(*out.key, content=out.content)
        if status.blocks and not self.resend:
            self.report(out, UNCONFIRMED if status.state == MAYBE_SENT else SKIPPED, status.describe())
            return
        try:
            self.transport.open()
        except StopSending as exc:
            self.stopped = exc
            self.not_sent(out)
            return
        out = corrected(out, status)
        try:
            msg = build_message(out)
        except TecError as exc:
            self.report(out, FAILED, exc)
            return
        try:
            entry = self.log.claim(
                organization=out.organization,
                month=out.month,
                recipient=out.to_email,
                attachment_sha256=out.attachment_sha256,
                workbook_sha256=out.workbook_sha256,
                content_fingerprint=out.content_fingerprint,
                content_body=out.content,
                correction=out.correction,
                recipient_name=out.to_name,
                kind=out.kind,
                subject=out.subject,
                attachment_name=out.attachment_name,
                method=self.transport.method,
                resend=self.resend,
            )
        except AlreadySent as exc:  # another window sent it a moment ago
            self.report(out, UNCONFIRMED if exc.state == MAYBE_SENT else SKIPPED, exc.entry.describe())
            return
        try:
            message_id = self.transport.send(msg, out.envelope_sender, out.to_email)
        except MessageFailed as exc:
            self.log.finish(entry, LOG_UNCONFIRMED if exc.unconfirmed else LOG_FAILED, str(exc))
            self.report(out, UNCONFIRMED if exc.unconfirmed else FAILED, exc)
            self.timeouts = self.timeouts + 1 if exc.timed_out else 0
            if self.timeouts >= TIMEOUTS_IN_A_ROW:
                self.stopped = StopSending("service-not-responding", "timeout", count=self.timeouts)
            return
        except StopSending as exc:
            self.log.finish(entry, LOG_FAILED, str(exc))
            self.report(out, FAILED, exc)
            self.stopped = exc
            return
        self.timeouts = 0
        self.log.finish(entry, LOG_SENT, message_id=message_id or str(msg.get("Message-ID", "")))
        self.report(out, SENT, f"a correction: {out.correction}" if out.correction else "")
