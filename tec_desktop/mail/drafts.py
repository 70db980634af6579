"""Drafts for the user to review and send: .eml files, or drafts in the Outlook mailbox (Microsoft Graph).

An .eml draft (X-Unsent: 1) opens in classic Outlook as a new message with recipients, subject, body
and PDF filled in; Thunderbird may open it read-only (Message > Edit As New Message, Ctrl+E). The new
Outlook for Windows cannot open .eml files as drafts: Microsoft 365 users get drafts made in their
mailbox through Graph instead, which every Outlook shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from email import policy
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.files.atomic import write_bytes
from tec_desktop.files.names import fit_name, unique_name
from tec_desktop.files.targets import guard_outputs
from tec_desktop.mail.deliveries import RecipientStatus
from tec_desktop.mail.graph import GraphMailer
from tec_desktop.mail.plan import Outgoing, build_message
from tec_desktop.mail.sending import DRAFTED, FAILED, SendResult, corrected
from tec_desktop.mail.sendlog import SendLog


def draft_name(out: Outgoing) -> str:
    """'Seam-scorecards-2026-10 - zoe@example.com.eml': one per PDF and recipient, a name every system takes."""
    return fit_name(f"{out.attachment.stem} - {out.to_email.strip()}", ".eml")


def draft_bytes(out: Outgoing) -> bytes:
    """The draft's bytes, with CRLF line ends as mail programs write them."""
    return build_message(out, draft=True).as_bytes(policy=policy.SMTP)


def write_drafts(
    messages: Iterable[Outgoing],
    folder: str | Path,
    *,
    log: SendLog | None = None,
    on_result: Callable[[SendResult], None] | None = None,
    workbook: Path | None = None,
) -> list[SendResult]:
    """Write one .eml per message into `folder` (created if needed) and record each in the send log.

    Names are unique ignoring case (two long names cut to the same start get -2, -3...); with `workbook`,
    a folder where one draft would replace the workbook itself is refused before anything is written.

    A draft replaces an older draft of the same name. Drafts never count as sent; the result's detail
    is the file's path, plus a reminder when the send log says that message was already sent. A message
    whose content changed since it was sent is drafted as a correction.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TecError("folder-not-created", folder=str(folder), reason=exc.strerror or str(exc)) from None
    log = log if log is not None else SendLog()
    messages = list(messages)
    taken: set[str] = set()
    names = [unique_name(draft_name(out), taken) for out in messages]
    if workbook is not None:
        guard_outputs([folder / name for name in names], workbook)
    results = []
    for out, name in zip(messages, names):
        status = log.status(*out.key, content=out.content)
        out = corrected(out, status)
        path = folder / name
        try:
            write_bytes(path, draft_bytes(out))
        except TecError as exc:
            result = SendResult(out, FAILED, str(exc), exc)
        else:
            _record(log, out, f"eml {folder}")
            result = SendResult(out, DRAFTED, _with_note(str(path), status, out))
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def create_outlook_drafts(
    messages: Iterable[Outgoing],
    mailer: GraphMailer,
    *,
    log: SendLog | None = None,
    resend: bool = False,
    on_result: Callable[[SendResult], None] | None = None,
) -> list[SendResult]:
    """Create each message as a draft in the signed-in user's Drafts folder (Microsoft Graph), for them to send.

    The result's detail is the draft's web link. A draft of exactly the same content made this way
    before is not made again unless `resend` (a second run must not fill Drafts with copies). Stops at
    the first problem that every further draft would share (StopSending: the rest are NOT_SENT).
    """
    from tec_desktop.mail.sending import NOT_SENT, SKIPPED
    from tec_desktop.mail.transport import MessageFailed, StopSending

    log = log if log is not None else SendLog()
    results: list[SendResult] = []
    stopped: StopSending | None = None

    def report(result: SendResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    for out in messages:
        if stopped is not None:
            report(SendResult(out, NOT_SENT, str(stopped), stopped))
            continue
        status = log.status(*out.key, content=out.content)
        out = corrected(out, status)
        earlier = log.last_draft(
            out.organization, out.month, out.to_email, out.kind, out.content_fingerprint, "microsoft"
        )
        if earlier is not None and not resend:
            report(
                SendResult(out, SKIPPED, f"a draft of this scorecard was made on {earlier.when}: {earlier.message_id}")
            )
            continue
        try:
            _, link = mailer.create_draft(build_message(out, draft=True), out.to_email)
        except StopSending as exc:
            stopped = exc
            report(SendResult(out, FAILED, str(exc), exc))
            continue
        except (MessageFailed, TecError) as exc:
            report(SendResult(out, FAILED, str(exc), exc))
            continue
        _record(log, out, f"microsoft drafts {mailer.host}", link)
        report(SendResult(out, DRAFTED, _with_note(link, status, out)))
    return results


def _record(log: SendLog, out: Outgoing, method: str, message_id: str = "") -> None:
    """Record in the send log that this message was drafted (drafts never block a later send)."""
    log.record_draft(
        organization=out.organization,
        content_fingerprint=out.content_fingerprint,
        content_body=out.content,
        month=out.month,
        recipient=out.to_email,
        attachment_sha256=out.attachment_sha256,
        workbook_sha256=out.workbook_sha256,
        recipient_name=out.to_name,
        kind=out.kind,
        subject=out.subject,
        attachment_name=out.attachment_name,
        method=method,
        message_id=message_id,
    )


def _with_note(where: str, status: RecipientStatus, out: Outgoing) -> str:
    """A draft's detail: where it is, and a note when it was already sent or goes as a correction."""
    note = status.describe() if status.blocks else f"a correction: {out.correction}" if out.correction else ""
    return where + (f" (note: {note})" if note else "")
