"""What goes wrong with a mail server, in the user's terms: the two kinds of SMTP failure and their causes.

SmtpError — nothing more can be sent (cannot connect, encryption failed, login refused, sender refused);
MessageFailed — this one message was not accepted (recipient refused, message refused, connection
lost while sending); the others can still be sent, after reconnecting when `connection_lost`.
"""

from __future__ import annotations

import smtplib
import socket
import ssl

from tec_desktop.errors import TecError
from tec_desktop.mail.smtp_settings import SSL, SmtpSettings


class SmtpError(TecError):
    """Sending cannot go on: the message says why and what to check."""

    def __init__(self, code: str, kind: str, *, form: str = "", **params: object):
        super().__init__(code, form=form, **params)
        self.kind = kind  # 'connect', 'timeout', 'tls', 'auth', 'sender', 'protocol', 'config'


class MessageFailed(TecError):
    """One message was not accepted; the other messages are not affected."""

    def __init__(
        self,
        code: str,
        *,
        smtp_code: int | None = None,
        connection_lost: bool = False,
        form: str = "",
        **params: object,
    ):
        super().__init__(code, form=form, **params)
        self.smtp_code = smtp_code  # the server's reply code, when it gave one
        self.connection_lost = connection_lost


def reply_text(code: int, text: bytes | str) -> str:
    """The server's reply on one line: '550 5.1.1 User unknown'."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    text = " ".join(text.split())
    return f"{code} {text}".strip() if code and code > 0 else text


def timed_out(exc: BaseException) -> bool:
    """smtplib turns a read timeout into SMTPServerDisconnected; the TimeoutError is its context."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def is_size_problem(code: int, text: str) -> bool:
    """The server refused a message for its size."""
    return code == 552 or "size" in text.lower() or "too large" in text.lower() or "too big" in text.lower()


def _login_refused_form(text: str, code: int) -> str:
    """Which advice fits a refused login: the form of smtp-login-refused."""
    low = text.lower()
    if "5.7.139" in text or "smtp auth" in low and "disabled" in low:
        return "auth-disabled"
    if "5.7.9" in text or "application-specific" in low or "app password" in low:
        return "app-password"
    if code == 534:
        return "sign-in"
    return ""


def explain_open_error(exc: BaseException, s: SmtpSettings, stage: str) -> SmtpError:
    """What went wrong while connecting, encrypting or logging in, in the user's terms."""
    addr = s.address
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        reply = reply_text(exc.smtp_code, exc.smtp_error)
        form = _login_refused_form(reply, exc.smtp_code)
        return SmtpError("smtp-login-refused", "auth", form=form, user=s.user, reply=reply)
    if isinstance(exc, smtplib.SMTPNotSupportedError) and stage == "login":
        return SmtpError("smtp-login-not-accepted", "auth", server=addr)
    if isinstance(exc, smtplib.SMTPException) and stage == "login" and "authentication method" in str(exc).lower():
        offered = getattr(exc, "args", [""])[0]
        return SmtpError("smtp-no-login-method", "auth", server=addr, offered=offered)
    if isinstance(exc, smtplib.SMTPException) and stage == "login" and "non-ascii" in str(exc):
        return SmtpError("smtp-login-non-ascii", "auth", server=addr)
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = exc.verify_message or exc.reason or str(exc)
        return SmtpError("smtp-certificate-untrusted", "tls", host=s.host, reason=why)
    if isinstance(exc, ssl.SSLError):
        reason = (exc.reason or str(exc)).replace("_", " ").lower()
        if s.security == SSL and (
            "wrong version" in reason or "record layer" in reason or "unknown protocol" in reason
        ):
            return SmtpError("smtp-expects-starttls", "tls", server=addr)
        return SmtpError("smtp-tls-failed", "tls", server=addr, reason=reason)
    if isinstance(exc, ConnectionRefusedError):
        return SmtpError("smtp-connection-refused", "connect", server=addr)
    if isinstance(exc, socket.gaierror):
        return SmtpError("smtp-server-unknown", "connect", host=s.host)
    if timed_out(exc):
        form = stage if stage in ("starttls", "login") else ""
        return SmtpError("smtp-timeout", "timeout", form=form, server=addr, timeout=s.timeout)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        form = "" if stage in ("connect", "hello") else "login" if stage == "login" else "later"
        return SmtpError("smtp-disconnected", "connect", form=form, server=addr)
    if isinstance(exc, smtplib.SMTPResponseException):
        form = stage if stage in ("connect", "hello", "starttls", "login") else ""
        reply = reply_text(exc.smtp_code, exc.smtp_error)
        return SmtpError("smtp-refused", "protocol", form=form, server=addr, reply=reply)
    if isinstance(exc, OSError):
        return SmtpError("smtp-connect-failed", "connect", server=addr, reason=exc.strerror or str(exc))
    return SmtpError("smtp-protocol", "protocol", server=addr, reason=str(exc))
