"""What a mail server's refusals and failures mean, in an operations person's words (for smtp.py)."""

from __future__ import annotations

import smtplib
import socket
import ssl
from typing import TYPE_CHECKING

from tec_desktop.mail.transport import StopSending

if TYPE_CHECKING:
    from tec_desktop.mail.smtp_settings import SmtpSettings

MICROSOFT_SIGN_IN = (
    "Microsoft 365 no longer accepts a password for sending (Basic authentication is turned off): "
    "send with Microsoft 365 sign-in instead (--microsoft, or --auth xoauth2 with this server)"
)


class SmtpError(StopSending):
    """Sending over SMTP cannot go on: the message says why and what to check."""


def reply(code: int | None, text: bytes | str) -> str:
    """'550 5.1.1 No such user': the server's reply on one line."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    text = " ".join(text.split())
    return f"{code} {text}".strip() if code and code > 0 else text


def timed_out(exc: BaseException) -> bool:
    """smtplib turns a read timeout into SMTPServerDisconnected; the TimeoutError is its context."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def is_size_problem(code: int, text: str) -> bool:
    """The server refused the message for its size."""
    low = text.lower()
    return code == 552 or "size" in low or "too large" in low or "too big" in low


def closing(address: str, text: str) -> SmtpError:
    """A 421: the server is closing the connection (busy, shutting down, or limiting this client)."""
    return SmtpError(
        f"{address} is closing the connection ({text}): the server is busy or limiting how much is sent. "
        "Try again later; what was sent is in the send log and is not sent again.",
        "connect",
    )


def auth_advice(text: str, code: int) -> str:
    """Why a password login was refused, and what to do."""
    low = text.lower()
    if "5.7.30" in text or "basic authentication is not supported" in low:
        return MICROSOFT_SIGN_IN
    if "5.7.139" in text or "smtp auth" in low and "disabled" in low:
        return (
            "SMTP AUTH is disabled for this account (Microsoft 365: an administrator must enable "
            "Authenticated SMTP for the mailbox, or send with Microsoft 365 sign-in: --microsoft)"
        )
    if "5.7.9" in text or "application-specific" in low or "app password" in low:
        return "the account needs an app password instead of its normal password"
    if code == 534:
        return "the account needs an app password or a different way to sign in"
    return (
        "wrong password, or the account needs an app password, or SMTP AUTH is disabled for it (Microsoft 365: 5.7.139)"
    )


def token_advice(text: str, origin: str) -> str:
    """Why an XOAUTH2 login was refused, and what to do."""
    low = text.lower()
    if "5.7.139" in text or "smtp auth" in low and "disabled" in low:
        return (
            "SMTP AUTH is turned off for this mailbox or organization; an administrator must enable "
            "Authenticated SMTP for it, or send through Microsoft Graph instead (--microsoft)"
        )
    return (
        f"the token from {origin} is not accepted for sending mail: it has expired, is for another account "
        "than --user, or lacks the SMTP permission (Microsoft 365: SMTP.Send; Google: https://mail.google.com/)"
    )


def explain_open_error(exc: BaseException, s: SmtpSettings, stage: str, origin: str = "") -> SmtpError:
    """What went wrong while connecting, encrypting or logging in, in the user's terms."""
    addr = s.address
    port_hint = (
        "Check the server name, the port and the security setting "
        "(SSL usually port 465, STARTTLS 587, no encryption 25)."
    )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        text = reply(exc.smtp_code, exc.smtp_error)
        if stage == "xoauth2":
            advice = token_advice(text, origin)
            return SmtpError(f"The server refused the sign-in for {s.user} ({text}): {advice}.", "auth")
        return SmtpError(
            f"The server refused the login for {s.user} ({text}): {auth_advice(text, exc.smtp_code)}.", "auth"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError) and stage == "xoauth2":
        return SmtpError(f"{addr} does not accept a sign-in token (AUTH XOAUTH2): log in with a password.", "auth")
    if isinstance(exc, smtplib.SMTPNotSupportedError) and stage == "login":
        return SmtpError(
            f"{addr} does not accept a login on this connection. Check the security setting, or "
            "leave the user empty if the server needs no login.",
            "auth",
        )
    if isinstance(exc, smtplib.SMTPException) and stage == "xoauth2" and "non-ascii" in str(exc):
        return SmtpError(f"The user name {s.user} has non-English letters, which a sign-in token cannot carry.", "auth")
    if isinstance(exc, smtplib.SMTPException) and stage == "login" and "authentication method" in str(exc).lower():
        offered = getattr(exc, "args", [""])[0]
        return SmtpError(f"{addr} offers no login method TEC Desktop can use ({offered}).", "auth")
    if isinstance(exc, smtplib.SMTPException) and stage == "login" and "non-ascii" in str(exc):
        return SmtpError(
            f"The password or user name has non-English letters, which {addr} cannot accept "
            "(it does not offer AUTH PLAIN).",
            "auth",
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = exc.verify_message or exc.reason or str(exc)
        return SmtpError(
            f"Certificate of {s.host} could not be verified: {why}. If your organisation uses its own "
            "certificate authority, give its certificate (--ca-file); skipping the check "
            "(--insecure) lets anyone in between read the password and the scorecards.",
            "tls",
        )
    if isinstance(exc, ssl.SSLError):
        reason = (exc.reason or str(exc)).replace("_", " ").lower()
        plain_reply = "wrong version" in reason or "record layer" in reason or "unknown protocol" in reason
        if s.security == "ssl" and plain_reply:
            return SmtpError(
                f"{addr} did not start an encrypted connection: it probably expects STARTTLS "
                "(--security starttls, usually port 587).",
                "tls",
            )
        return SmtpError(f"The encrypted connection to {addr} failed ({reason}). {port_hint}", "tls")
    if isinstance(exc, ConnectionRefusedError):
        return SmtpError(f"Could not connect to {addr}: connection refused. Check the server name and port.", "connect")
    if isinstance(exc, socket.gaierror):
        return SmtpError(
            f"Could not find the mail server {s.host}: the name is unknown. Check the server name "
            "and the network connection.",
            "connect",
        )
    if timed_out(exc):
        when = {"starttls": " while starting encryption", "login": " during login", "xoauth2": " during sign-in"}
        return SmtpError(f"{addr} did not answer within {s.timeout:g} s{when.get(stage, '')}. {port_hint}", "timeout")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        hint = port_hint if stage in ("connect", "hello") else ""
        during = " during login" if stage in ("login", "xoauth2") else ""
        return SmtpError(f"{addr} closed the connection{during}. {hint}".strip(), "connect")
    if isinstance(exc, smtplib.SMTPResponseException):
        text = reply(exc.smtp_code, exc.smtp_error)
        if exc.smtp_code == 421:
            return closing(addr, text)
        what = {
            "connect": "refused the connection",
            "hello": "refused the greeting",
            "starttls": "refused STARTTLS",
            "login": "refused the login",
            "xoauth2": "refused the sign-in",
        }.get(stage, "refused")
        return SmtpError(f"{addr} {what} ({text}).", "protocol")
    if isinstance(exc, OSError):
        return SmtpError(f"Could not connect to {addr}: {exc.strerror or exc}.", "connect")
    return SmtpError(f"Could not talk to {addr}: {exc}.", "protocol")
