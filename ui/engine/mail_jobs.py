"""The engine's email requests: plan, send, drafts, test connection and passwords (engine side, no Qt).

Everything that touches the network or the OS keyring runs here, never in the window's thread: a
silent mail server or a keyring waiting to be unlocked must not freeze the window.
"""

from __future__ import annotations

from pathlib import Path

from ui.engine.results import MailPreview, MessageRow, PasswordState, SendOutcome, SendSummary
from ui.engine.wording import detail_for_app, for_app

# Passwords typed this session that no system keyring keeps: (host, user) -> password. In this
# process's memory only, gone when the app closes; so without a keyring it is asked once per session.
_SESSION: dict[tuple[str, str], str] = {}


def smtp_settings(values: dict):
    """SmtpSettings from the window's preferences (host, port, security, user, verify, ca_file)."""
    from tec_desktop.errors import TecError
    from tec_desktop.mail.smtp import SmtpSettings

    host = str(values.get("host") or "").strip()
    if not host:
        raise TecError("mail-server-missing")
    return SmtpSettings(
        host,
        int(values.get("port") or 0),
        values.get("security") or "starttls",
        user=str(values.get("user") or "").strip(),
        verify=bool(values.get("verify", True)),
        ca_file=str(values.get("ca_file") or "").strip(),
    )


def plan(book, month: str, paths: list[str], sender: str):
    """The month's MailPlan for PDFs already written, and its preview."""
    from tec_desktop.mail.attachments import match_pdfs
    from tec_desktop.mail.plan import plan_messages
    from tec_desktop.mail.sending import earlier_sends
    from tec_desktop.metrics.compute import compute_month

    metrics = compute_month(book, month)
    pdfs = match_pdfs(book, metrics, [Path(p) for p in paths])
    the_plan = plan_messages(book, pdfs.metrics, pdfs.pack, pdfs.owner_pdfs, sender)
    earlier = earlier_sends(the_plan.messages)
    oversize = set(id(m) for m in the_plan.oversize())
    rows = tuple(
        MessageRow(
            i,
            m.kind,
            m.to_name,
            m.to_email,
            m.subject,
            m.attachment_name,
            m.attachment_size,
            m.encoded_size,
            id(m) in oversize,
            e.describe() if e is not None else "",
        )
        for i, (m, e) in enumerate(zip(the_plan.messages, earlier))
    )
    return the_plan, rows


def preview(plan_id: int, the_plan, rows) -> MailPreview:
    sender = the_plan.messages[0].sender if the_plan.messages else ""
    return MailPreview(plan_id, the_plan.month, sender, rows, tuple(the_plan.notes))


def send(
    the_plan,
    indices: list[int] | None,
    values: dict,
    password: str | None,
    resend: bool,
    on_outcome,
    progress,
    should_cancel,
) -> SendSummary:
    """Send the chosen messages (all when `indices` is None); each outcome is reported as it is known.

    Each outcome carries the send log's word on its message, and the summary the log's word on every
    message of the plan, so the window shows what the log says rather than guessing.
    """
    from tec_desktop.errors import TecError
    from tec_desktop.mail.passwords import keyring_service
    from tec_desktop.mail.sending import earlier_sends, send_messages
    from tec_desktop.mail.sendlog import SendLog

    settings = smtp_settings(values)
    chosen = [(i, m) for i, m in enumerate(the_plan.messages) if indices is None or i in indices]
    position = {id(m): i for i, m in chosen}
    if settings.user and not password:
        password = _lookup(settings.host, settings.user)[0]
        if not password:
            raise TecError(
                "password-missing",
                user=settings.user,
                host=settings.host,
                service=keyring_service(settings.host),
            )
    log = SendLog()

    def result(r) -> None:
        entry = log.blocking_entry(*r.message.key)
        on_outcome(
            SendOutcome(
                position[id(r.message)], r.status, detail_for_app(r), entry.describe() if entry is not None else ""
            )
        )

    report = send_messages(
        [m for _, m in chosen],
        settings,
        password,
        log=log,
        resend=resend,
        on_result=result,
        progress=progress,
        should_cancel=should_cancel,
    )
    after = tuple(e.describe() if e is not None else "" for e in earlier_sends(the_plan.messages, log))
    stopped = for_app(report.stopped_by) if report.stopped_by is not None else ""
    return SendSummary(report.summary(), stopped, report.ok, after)


def drafts(the_plan, indices: list[int] | None, folder: str, on_outcome) -> SendSummary:
    """Write .eml drafts of the chosen messages into `folder`."""
    from tec_desktop.mail.drafts import write_drafts
    from tec_desktop.mail.sending import DRAFTED

    chosen = [(i, m) for i, m in enumerate(the_plan.messages) if indices is None or i in indices]
    position = {id(m): i for i, m in chosen}
    results = write_drafts(
        [m for _, m in chosen],
        folder,
        on_result=lambda r: on_outcome(SendOutcome(position[id(r.message)], r.status, detail_for_app(r))),
    )
    failed = sum(1 for r in results if r.status != DRAFTED)
    text = f"{len(results) - failed} draft{'s' if len(results) - failed != 1 else ''} saved in {folder}."
    if failed:
        text += f" {failed} could not be written."
    return SendSummary(text, "", not failed)


def check_connection(values: dict, password: str | None) -> str:
    """One line on success; SmtpError (a TecError) says what is wrong."""
    from tec_desktop.mail.smtp import test_connection as smtp_test

    settings = smtp_settings(values)
    if settings.user and not password:
        password = _lookup(settings.host, settings.user)[0]
    return smtp_test(settings, password)


def _key(host: str, user: str) -> tuple[str, str]:
    return host.strip().lower(), user.strip()


def _lookup(host: str, user: str) -> tuple[str | None, str, str]:
    """(password or None, where it came from, why the keyring could not help): environment, keyring, session."""
    from tec_desktop.mail.passwords import find_password

    found = find_password(host, user)
    if found.password:
        return found.password, found.source, found.note
    kept = _SESSION.get(_key(host, user))
    return (kept, "session", found.note) if kept else (None, "", found.note)


def password_state(host: str, user: str) -> PasswordState:
    """Is there a password for this server and user (environment, keyring or this session)?"""
    from tec_desktop.mail.passwords import keyring_status

    if not host or not user:
        return PasswordState(False, keyring=keyring_status())
    password, source, note = _lookup(host, user)
    return PasswordState(bool(password), source, note, keyring_status())


def store_password(host: str, user: str, password: str) -> PasswordState:
    """Keep the password in the system keyring; without one, until the app closes."""
    from tec_desktop.errors import TecError
    from tec_desktop.mail.passwords import keyring_status
    from tec_desktop.mail.passwords import store_password as store

    if keyring_status():
        _SESSION[_key(host, user)] = password
        return password_state(host, user)
    try:
        store(host, user, password)
    except TecError:
        _SESSION[_key(host, user)] = password  # the send goes on; only remembering failed, as the app says
        raise
    _SESSION.pop(_key(host, user), None)
    return password_state(host, user)


def forget_password(host: str, user: str) -> PasswordState:
    from tec_desktop.mail.passwords import forget_password as forget

    _SESSION.pop(_key(host, user), None)
    forget(host, user)
    return password_state(host, user)
