"""The engine's email jobs: plan, send, drafts (.eml or in Outlook), confirm, test connection (engine side, no Qt).

Everything that touches the network runs here, never in the window's thread: a silent mail service
must not freeze the window. Each message of a plan is shown as it would go out now (a correction
has '(corrected)' in its subject and the line on what changed) with the send log's review of it;
after each result the window gets the log's new word on that message, and at the end on all of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ui.engine.mail_passwords import lookup
from ui.engine.mail_ways import (
    SIGN_IN_WAYS,
    SMTP,
    graph_mailer,
    signed_in_account,
    smtp_settings,
    token_source,
    web_transport,
)
from ui.engine.results import MailPreview, MessageRow, Review, SendOutcome, SendSummary
from ui.engine.wording import detail_for_app, for_app

if TYPE_CHECKING:
    from tec_desktop.findings import Finding
    from tec_desktop.mail.plan import MailPlan
    from tec_desktop.mail.sending import SendResult
    from tec_desktop.mail.sendlog import RecipientStatus, SendLog
    from tec_desktop.mail.smtp import SmtpSettings
    from tec_desktop.mail.transport import Transport
    from tec_desktop.workbook.model import Workbook

OnOutcome = Callable[[SendOutcome], None]


def plan(
    book: Workbook,
    month: str,
    paths: list[str],
    sender: str,
    findings: Sequence[Finding] | None = None,
    way: str = SMTP,
    service: dict | None = None,
) -> tuple[MailPlan, tuple[MessageRow, ...]]:
    """The month's MailPlan for PDFs already written (with the findings the check found, so the checks are not
    run again), and its rows as they would go out now. With a sign-in, the signed-in mailbox is the sender."""
    from tec_desktop.mail.attachments import match_pdfs
    from tec_desktop.mail.plan import plan_messages
    from tec_desktop.metrics.compute import compute_month

    if not sender and way in SIGN_IN_WAYS:
        sender = signed_in_account(way, service)
    metrics = compute_month(book, month)
    pdfs = match_pdfs(book, metrics, [Path(p) for p in paths])
    the_plan = plan_messages(book, pdfs.metrics, pdfs.pack, pdfs.owner_pdfs, sender, findings=findings)
    return the_plan, rows_of(the_plan)


def rows_of(the_plan: MailPlan, log: SendLog | None = None) -> tuple[MessageRow, ...]:
    """Each message as the Email window lists and previews it, with what the send log says about it."""
    from tec_desktop.mail.sending import corrected, review

    oversize = {m.key for m in the_plan.oversize()}
    out = []
    for i, (m, status) in enumerate(zip(the_plan.messages, review(the_plan.messages, log))):
        goes = corrected(m, status)
        out.append(
            MessageRow(
                i,
                m.kind,
                m.to_name,
                m.to_email,
                goes.subject,
                m.attachment_name,
                m.attachment_size,
                goes.encoded_size,
                m.key in oversize,
                _blocking(status),
                review_of(status),
                m.sender,
                goes.text,
                goes.html,
                str(m.attachment),
            )
        )
    return tuple(out)


def review_of(status: RecipientStatus) -> Review:
    """The send log's word on one message, for the window."""
    entry = status.entry
    return Review(status.state, entry.when if entry is not None else "", status.change, status.describe())


def _blocking(status: RecipientStatus) -> str:
    return status.describe() if status.blocks and status.entry is not None else ""


def preview(plan_id: int, the_plan: MailPlan, rows: tuple[MessageRow, ...]) -> MailPreview:
    """What the Email window shows of a plan."""
    sender = the_plan.messages[0].sender if the_plan.messages else ""
    return MailPreview(plan_id, the_plan.month, sender, rows, tuple(the_plan.notes))


class _Chosen:
    """The messages of a plan a job works on, and how to tell the window which of the plan's rows a result is."""

    def __init__(self, the_plan: MailPlan, indices: list[int] | None):
        from tec_desktop.mail.sendlog import SendLog

        self.plan = the_plan
        self.messages = [m for i, m in enumerate(the_plan.messages) if indices is None or i in indices]
        self._index = {m.key: i for i, m in enumerate(the_plan.messages)}  # a correction is a copy: same key
        self.log = SendLog()

    def with_sender(self, account: str) -> None:
        """The signed-in mailbox as the sender of messages that name none."""
        if account:
            self.messages = [m if m.sender else dataclasses.replace(m, sender=account) for m in self.messages]

    def outcome(self, result: SendResult, *, logged: bool = True) -> SendOutcome:
        """The window's record of one result, with the send log's new word on the message."""
        m = result.message
        status = self.log.status(*m.key, content=m.content) if logged else None
        return SendOutcome(
            self._index[m.key],
            result.status,
            detail_for_app(result),
            _blocking(status) if status is not None else "",
            review_of(status) if status is not None else None,
        )

    def summary(self, text: str, stopped: str = "", ok: bool = True) -> SendSummary:
        """The end of a job, with the send log's word on every message of the plan."""
        from tec_desktop.mail.sending import review

        statuses = review(self.plan.messages, self.log)
        return SendSummary(text, stopped, ok, tuple(_blocking(s) for s in statuses), tuple(map(review_of, statuses)))


def send(
    the_plan: MailPlan,
    indices: list[int] | None,
    values: dict,
    password: str | None,
    resend: bool,
    on_outcome: OnOutcome,
    progress,
    should_cancel,
    way: str = SMTP,
    service: dict | None = None,
) -> SendSummary:
    """Send the chosen messages (all when `indices` is None); each outcome is reported as it is known."""
    from tec_desktop.errors import TecError
    from tec_desktop.mail.passwords import keyring_service
    from tec_desktop.mail.sending import send_messages

    chosen = _Chosen(the_plan, indices)
    transport: Transport | SmtpSettings
    if way in SIGN_IN_WAYS:
        token = token_source(way, service)
        chosen.with_sender(token.account)
        transport = web_transport(way, service, token)
    else:
        settings = smtp_settings(values)
        if settings.user and not password:
            password = lookup(settings.host, settings.user)[0]
            if not password:
                raise TecError(
                    "password-missing",
                    user=settings.user,
                    host=settings.host,
                    service=keyring_service(settings.host),
                )
        transport = settings
    report = send_messages(
        chosen.messages,
        transport,
        password,
        log=chosen.log,
        resend=resend,
        on_result=lambda r: on_outcome(chosen.outcome(r)),
        progress=progress,
        should_cancel=should_cancel,
    )
    stopped = for_app(report.stopped_by) if report.stopped_by is not None else ""
    return chosen.summary(report.summary(), stopped, report.ok)


def drafts(
    the_plan: MailPlan,
    indices: list[int] | None,
    folder: str,
    on_outcome: OnOutcome,
    workbook: Path | None = None,
) -> SendSummary:
    """Write .eml drafts of the chosen messages into `folder` (never over `workbook`)."""
    from tec_desktop.mail.drafts import write_drafts
    from tec_desktop.mail.sending import DRAFTED

    chosen = _Chosen(the_plan, indices)
    results = write_drafts(
        chosen.messages,
        folder,
        log=chosen.log,
        on_result=lambda r: on_outcome(chosen.outcome(r, logged=False)),
        workbook=workbook,
    )
    failed = sum(1 for r in results if r.status != DRAFTED)
    made = len(results) - failed
    text = f"{made} draft{'s' if made != 1 else ''} saved in {folder}."
    if failed:
        text += f" {failed} could not be written."
    return chosen.summary(text, ok=not failed)


def outlook_drafts(
    the_plan: MailPlan, indices: list[int] | None, service: dict | None, resend: bool, on_outcome: OnOutcome
) -> SendSummary:
    """Each chosen message as a draft in the signed-in Microsoft 365 mailbox (Microsoft Graph)."""
    from tec_desktop.mail.drafts import create_outlook_drafts
    from tec_desktop.mail.microsoft import PROVIDER
    from tec_desktop.mail.sending import DRAFTED, FAILED, NOT_SENT, SKIPPED

    token = token_source("microsoft", service)
    token.token()  # not signed in, or the sign-in expired: one message, before any draft
    chosen = _Chosen(the_plan, indices)
    chosen.with_sender(token.account)
    results = create_outlook_drafts(
        chosen.messages,
        graph_mailer(service, token),
        log=chosen.log,
        resend=resend,
        on_result=lambda r: on_outcome(chosen.outcome(r, logged=False)),
    )
    made = sum(1 for r in results if r.status == DRAFTED)
    where = f"the Drafts folder of {token.account or PROVIDER}"
    parts = [f"{made} draft{'s' if made != 1 else ''} created in {where}: open each in Outlook and press Send."]
    skipped = sum(1 for r in results if r.status == SKIPPED)
    if skipped:
        parts.append(f"{skipped} had been made before with the same content (not made again).")
    failed = sum(1 for r in results if r.status in (FAILED, NOT_SENT))
    if failed:
        parts.append(f"{failed} could not be made.")
    stopped = next((r.error for r in results if r.status == NOT_SENT and r.error is not None), None)
    return chosen.summary(" ".join(parts), for_app(stopped) if stopped is not None else "", not failed)


def confirm_received(the_plan: MailPlan, indices: list[int]) -> SendSummary:
    """The user checked that these unconfirmed messages arrived: each counts as sent from now on."""
    from tec_desktop.mail.sendlog import MAYBE_SENT

    chosen = _Chosen(the_plan, indices)
    done = 0
    for m in chosen.messages:
        status = chosen.log.status(*m.key, content=m.content)
        if status.state == MAYBE_SENT and status.entry is not None:
            chosen.log.confirm(status.entry.id)
            done += 1
    text = f"{done} message{'s' if done != 1 else ''} marked as received: counted as sent from now on."
    return chosen.summary(text)


def check_connection(values: dict, password: str | None) -> str:
    """One line on success; SmtpError (a TecError) says what is wrong."""
    from tec_desktop.mail.smtp import test_connection as smtp_test

    settings = smtp_settings(values)
    if settings.user and not password:
        password = lookup(settings.host, settings.user)[0]
    return smtp_test(settings, password)
