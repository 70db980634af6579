"""What goes wrong with a mail server, in the user's terms: SMTP's kind of StopSending and what each failure means.

SmtpError — nothing more can be sent (cannot connect, encryption failed, login or sign-in refused,
sender refused, the server is closing the connection); MessageFailed (mail.transport) — this one
message was not accepted (recipient refused, message refused, connection lost while sending); the
others can still be sent, after reconnecting when `connection_lost`.
"""

from __future__ import annotations

import smtplib
import socket
import ssl

from tec_desktop.mail.smtp_settings import SSL, SmtpSettings
from tec_desktop.mail.transport import MessageFailed, StopSending

__all__ = [
    "MessageFailed",
    "SmtpError",
    "closing",
    "explain_open_error",
    "is_size_problem",
    "reply_text",
    "timed_out",
]


class SmtpError(StopSending):
    """Sending over SMTP cannot go on: the message says why and what to check."""


def reply_text(code: int | None, text: bytes | str) -> str:
    """The server's reply on one line: '550 5.1.1 User unknown'."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    text = " ".join(text.split())
    return f"{code} {text}".strip() if code and code > 0 else text


def timed_out(exc: BaseException) -> bool:
    """smtplib turns a read timeout into SMTPServerDisconnected; the TimeoutError is its context."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def is_size_problem(code: int, text: str) -> bool:
    """The server refused a message for its size."""
    low = text.lower()
    return code == 552 or "size" in low or "too large" in low or "too big" in low


def closing(address: str, reply: str) -> SmtpError:
    """A 421: the server is closing the connection (busy, shutting down, or limiting this client)."""
    return SmtpError("smtp-closing", "connect", server=address, reply=reply)


def _login_refused_form(text: str, code: int) -> str:
    """Which advice fits a refused password login: the form of smtp-login-refused."""
    low = text.lower()
    if "5.7.30" in text or "basic authentication is not supported" in low:
        return "basic-auth-off"
    if "5.7.139" in text or "smtp auth" in low and "disabled" in low:
        return "auth-disabled"
    if "5.7.9" in text or "application-specific" in low or "app password" in low:
        return "app-password"
    if code == 534:
        return "sign-in"
    return ""


def _token_refused_form(text: str) -> str:
    """Which advice fits a refused sign-in token (XOAUTH2): the form of smtp-token-refused."""
    low = text.lower()
    return "auth-disabled" if "5.7.139" in text or "smtp auth" in low and "disabled" in low else ""


_STAGE_FORMS = {"starttls": "starttls", "login": "login", "xoauth2": "sign-in"}


def explain_open_error(exc: BaseException, s: SmtpSettings, stage: str, origin: str = "") -> SmtpError:
    """What went wrong while connecting, encrypting or logging in (`stage` 'xoauth2': signing in with a token from
    `origin`), in the user's terms."""
    addr = s.address
    token = stage == "xoauth2"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        reply = reply_text(exc.smtp_code, exc.smtp_error)
        if token:
            form = _token_refused_form(reply)
            return SmtpError("smtp-token-refused", "auth", form=form, user=s.user, reply=reply, origin=origin)
        form = _login_refused_form(reply, exc.smtp_code)
        return SmtpError("smtp-login-refused", "auth", form=form, user=s.user, reply=reply)
    if isinstance(exc, smtplib.SMTPNotSupportedError) and token:
        return SmtpError("smtp-no-xoauth2", "auth", server=addr)
    if isinstance(exc, smtplib.SMTPNotSupportedError) and stage == "login":
        return SmtpError("smtp-login-not-accepted", "auth", server=addr)
    if isinstance(exc, smtplib.SMTPException) and token and "non-ascii" in str(exc):
        return SmtpError("smtp-login-non-ascii", "auth", form="token", user=s.user)
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
        form = _STAGE_FORMS.get(stage, "")
        return SmtpError("smtp-timeout", "timeout", form=form, server=addr, timeout=s.timeout)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        form = "" if stage in ("connect", "hello") else "login" if stage in ("login", "xoauth2") else "later"
        return SmtpError("smtp-disconnected", "connect", form=form, server=addr)
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = reply_text(exc.smtp_code, exc.smtp_error)
        if exc.smtp_code == 421:
            return closing(addr, reply)
        form = {"connect": "connect", "hello": "hello", **_STAGE_FORMS}.get(stage, "")
        return SmtpError("smtp-refused", "protocol", form=form, server=addr, reply=reply)
    if isinstance(exc, OSError):
        return SmtpError("smtp-connect-failed", "connect", server=addr, reason=exc.strerror or str(exc))
    return SmtpError("smtp-protocol", "protocol", server=addr, reason=str(exc))
