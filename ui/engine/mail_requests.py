"""The Email window's and Preferences' requests, answered with ui/engine/mail_jobs.py (engine side, no Qt)."""

from __future__ import annotations

from ui.engine import mail_jobs
from ui.engine.protocol import Job
from ui.engine.requests import (
    CheckConnection,
    FindPassword,
    ForgetPassword,
    PlanMail,
    SaveDrafts,
    SendMail,
    StorePassword,
)
from ui.engine.results import MailPreview, PasswordState, SendSummary
from ui.engine.state import EngineState


def plan_mail(state: EngineState, request: PlanMail, job: Job) -> MailPreview:
    """The month's messages, kept under this request's id for Send and Save as drafts."""
    plan, rows = mail_jobs.plan(state.book(request.book_id), request.month, list(request.paths), request.sender)
    state.add_plan(job.id, plan)
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
    )


def save_drafts(state: EngineState, request: SaveDrafts, job: Job) -> SendSummary:
    """One .eml per message, one outcome streamed per draft."""
    return mail_jobs.drafts(
        state.plan(request.plan_id), _indices(request.indices), request.folder, lambda outcome: job.stream([outcome])
    )


def check_connection(state: EngineState, request: CheckConnection, job: Job) -> str:
    return mail_jobs.check_connection(request.smtp, request.password)


def find_password(state: EngineState, request: FindPassword, job: Job) -> PasswordState:
    return mail_jobs.password_state(request.host, request.user)


def store_password(state: EngineState, request: StorePassword, job: Job) -> PasswordState:
    return mail_jobs.store_password(request.host, request.user, request.password)


def forget_password(state: EngineState, request: ForgetPassword, job: Job) -> PasswordState:
    return mail_jobs.forget_password(request.host, request.user)


def _indices(indices: tuple[int, ...] | None) -> list[int] | None:
    return list(indices) if indices is not None else None
