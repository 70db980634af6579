"""Save messages as .eml drafts that a mail program opens ready to send (X-Unsent: 1), one file per message.

Outlook opens such a file as a new message with recipients, subject, body and PDF filled in.
Thunderbird may open it read-only; Message > Edit As New Message (Ctrl+E) then makes it a message to send.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from email import policy
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.files.atomic import write_bytes
from tec_desktop.mail.plan import Outgoing, build_message
from tec_desktop.mail.sending import DRAFTED, FAILED, SendResult, corrected
from tec_desktop.mail.sendlog import SendLog

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def draft_name(out: Outgoing) -> str:
    """'Seam-scorecards-2026-10 - zoe@example.com.eml': unique per PDF and recipient, safe on Windows."""
    stem = _UNSAFE.sub("_", f"{out.attachment.stem} - {out.to_email.strip()}").strip(" .")
    return f"{stem[:200]}.eml"


def draft_bytes(out: Outgoing) -> bytes:
    """The draft's bytes, with CRLF line ends as mail programs write them."""
    return build_message(out, draft=True).as_bytes(policy=policy.SMTP)


def write_drafts(
    messages: Iterable[Outgoing],
    folder: str | Path,
    *,
    log: SendLog | None = None,
    on_result: Callable[[SendResult], None] | None = None,
) -> list[SendResult]:
    """Write one .eml per message into `folder` (created if needed) and record each in the send log.

    A draft replaces an older draft of the same name. Drafts never count as sent; the result's detail
    is the file's path, plus a reminder when the send log says that message was already sent. A message
    whose content changed since it was sent is drafted as a correction.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TecError(f"Cannot create the folder {folder}: {exc.strerror or exc}.") from None
    log = log if log is not None else SendLog()
    results = []
    for out in messages:
        status = log.status(*out.key)
        out = corrected(out, status)
        path = folder / draft_name(out)
        try:
            write_bytes(path, draft_bytes(out))
        except TecError as exc:
            result = SendResult(out, FAILED, str(exc))
        else:
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
                method=f"eml {folder}",
            )
            note = status.describe() if status.blocks else f"a correction: {out.correction}" if out.correction else ""
            detail = str(path) + (f" (note: {note})" if note else "")
            result = SendResult(out, DRAFTED, detail)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
