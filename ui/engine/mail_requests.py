"""The Email window's and Preferences' requests, answered with mail_jobs, mail_signin and mail_passwords (no Qt)."""

from __future__ import annotations

from ui.engine import mail_jobs, mail_passwords, mail_signin
from ui.engine.protocol import Job
from ui.engine.requests import (
    CheckConnection,
    ConfirmReceived,
    CreateOutlookDrafts,
    FindPassword,
    FindSignIn,
    ForgetPassword,
    PlanMail,
    SaveDrafts,
    SendMail,
    SignIn,
    SignOut,
    StorePassword,
)
from ui.engine.results import MailPreview, PasswordState, SendSummary, SignInInfo
from ui.engine.state import EngineState


def plan_mail(state: EngineState, request: PlanMail, job: Job) -> MailPreview:
    """The month's messages, kept under this request's id for Send and the drafts.

    The findings of the check the PDFs were written from tell what the PDFs say (the warnings printed),
    so the checks are not run again."""
    book = state.book(request.book_id)
    findings = state.findings(request.book_id, request.month)
    if findings is None and request.month == book.settings.reporting_month:
        findings = state.findings(request.book_id, None)
    plan, rows = mail_jobs.plan(
        book, request.month, list(request.paths), request.sender, findings, request.way, request.service
    )
    state.add_plan(job.id, plan, workbook=book.path)
    return mail_jobs.preview(job.id, plan, rows)


def send_mail(state: EngineState, request: SendMail, job: Job) -> SendSummary:
    """Send, one outcome streamed per message as it is known; a cancel stops before the next message."""
    return mail_jobs.send(
        state.plan(request.plan_id),
        _indices(request.indices),
        request.smtp,
        request.password,
        request.resend,
        lambda outcome: job.stream([outcome]),
        job.progress,
        job.cancelled,
        request.way,
        request.service,
    )


def save_drafts(state: EngineState, request: SaveDrafts, job: Job) -> SendSummary:
    """One .eml per message, one outcome streamed per draft."""
    return mail_jobs.drafts(
        state.plan(request.plan_id),
        _indices(request.indices),
        request.folder,
        lambda outcome: job.stream([outcome]),
        workbook=state.plan_workbook(request.plan_id),
    )


def create_outlook_drafts(state: EngineState, request: CreateOutlookDrafts, job: Job) -> SendSummary:
    """One draft per message in the Microsoft 365 mailbox, one outcome streamed per draft."""
    return mail_jobs.outlook_drafts(
        state.plan(request.plan_id),
        _indices(request.indices),
        request.service,
        request.resend,
        lambda outcome: job.stream([outcome]),
    )


def confirm_received(state: EngineState, request: ConfirmReceived, job: Job) -> SendSummary:
    return mail_jobs.confirm_received(state.plan(request.plan_id), list(request.indices))


def check_connection(state: EngineState, request: CheckConnection, job: Job) -> str:
    return mail_jobs.check_connection(request.smtp, request.password)


def find_password(state: EngineState, request: FindPassword, job: Job) -> PasswordState:
    return mail_passwords.password_state(request.host, request.user)


def store_password(state: EngineState, request: StorePassword, job: Job) -> PasswordState:
    return mail_passwords.store_password(request.host, request.user, request.password)


def forget_password(state: EngineState, request: ForgetPassword, job: Job) -> PasswordState:
    return mail_passwords.forget_password(request.host, request.user)


def find_sign_in(state: EngineState, request: FindSignIn, job: Job) -> SignInInfo:
    return mail_signin.info(request.way, request.service)


def sign_in(state: EngineState, request: SignIn, job: Job) -> SignInInfo:
    """Open the browser and wait for the user (Progress says so once the browser opens)."""
    return mail_signin.sign_in(request.way, request.service, request.timeout, request.window_handle, job)


def sign_out(state: EngineState, request: SignOut, job: Job) -> SignInInfo:
    return mail_signin.sign_out(request.way, request.service)


def _indices(indices: tuple[int, ...] | None) -> list[int] | None:
    return list(indices) if indices is not None else None
