"""Talk to an SMTP server: connect (implicit TLS, STARTTLS or plain), log in, send one message at a time.

Every failure becomes a message an operations person can act on (mail.smtp_errors): SmtpError when
nothing more can be sent, MessageFailed when only this one message was not accepted. The settings
and the failures are importable from here too: this is the SMTP API in one import.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from email.message import EmailMessage

from tec_desktop.mail.smtp_errors import (
    MessageFailed,
    SmtpError,
    explain_open_error,
    is_size_problem,
    reply_text,
    timed_out,
)
from tec_desktop.mail.smtp_settings import (
    DEFAULT_PORTS,
    DEFAULT_TIMEOUT,
    NONE,
    SECURITIES,
    SSL,
    STARTTLS,
    SmtpSettings,
    parse_server,
)

__all__ = [
    "DEFAULT_PORTS",
    "DEFAULT_TIMEOUT",
    "NONE",
    "SECURITIES",
    "SSL",
    "STARTTLS",
    "MessageFailed",
    "SmtpError",
    "SmtpSession",
    "SmtpSettings",
    "explain_open_error",
    "parse_server",
    "test_connection",
    "tls_context",
]


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """Certificate checks on by default; `verify=False` only when the user asked for it."""
    ctx = ssl.create_default_context()
    if settings.ca_file:
        try:
            ctx.load_verify_locations(cafile=settings.ca_file)
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise SmtpError("smtp-certificate-file", "config", file=settings.ca_file, reason=reason) from None
    if not settings.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class SmtpSession:
    """One connection to the server, opened on demand and reopened after it was lost.

    Use as a context manager; `send` raises MessageFailed for one message and SmtpError when no
    message can be sent any more.
    """

    def __init__(self, settings: SmtpSettings, password: str | None = None):
        self.settings = settings
        self._password = password
        self._conn: smtplib.SMTP | None = None
        self.tls_version = ""  # 'TLSv1.3' once encrypted

    def __enter__(self) -> SmtpSession:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:  # never show the password, even in a crash log
        return f"SmtpSession({self.settings.describe()}, user={self.settings.user!r})"

    def open(self) -> None:
        """Connect, encrypt and log in as the settings say; SmtpError when that fails."""
        if self._conn is not None:
            return
        s = self.settings
        if s.user and s.security == NONE:
            raise SmtpError("smtp-login-unencrypted", "config", user=s.user, server=s.address)
        if s.user and not self._password:
            raise SmtpError("smtp-no-password", "config", user=s.user, host=s.host)
        ctx = tls_context(s) if s.security != NONE else None
        stage = "connect"
        conn: smtplib.SMTP | None = None
        try:
            if s.security == SSL:
                conn = smtplib.SMTP_SSL(s.host, s.real_port, timeout=s.timeout, context=ctx)
            else:
                conn = smtplib.SMTP(s.host, s.real_port, timeout=s.timeout)
            stage = "hello"
            conn.ehlo_or_helo_if_needed()
            if s.security == STARTTLS:
                if not conn.has_extn("starttls"):
                    raise SmtpError("smtp-no-starttls", "tls", server=s.address)
                stage = "starttls"
                conn.starttls(context=ctx)
                conn.ehlo()
            if isinstance(conn.sock, ssl.SSLSocket):
                self.tls_version = conn.sock.version() or ""
            if s.user:
                stage = "login"
                _login(conn, s.user, self._password or "")
        except BaseException as exc:
            if conn is not None:
                _close_quietly(conn)
            if isinstance(exc, SmtpError):
                raise
            if isinstance(exc, Exception):
                raise explain_open_error(exc, s, stage) from None
            raise
        self._conn = conn

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        """Hand one message for one recipient to the server; returns once the server accepted it."""
        conn = self._connection()
        try:
            refused = conn.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (0, b""))
            reply = reply_text(code, text)
            raise MessageFailed("smtp-recipient-refused", smtp_code=code, recipient=recipient, reply=reply) from None
        except smtplib.SMTPSenderRefused as exc:
            reply = reply_text(exc.smtp_code, exc.smtp_error)
            if is_size_problem(exc.smtp_code, reply):
                raise MessageFailed(
                    "smtp-too-large", smtp_code=exc.smtp_code, recipient=recipient, reply=reply
                ) from None
            self.close()
            raise SmtpError("smtp-sender-refused", "sender", sender=sender, reply=reply) from None
        except smtplib.SMTPDataError as exc:
            reply = reply_text(exc.smtp_code, exc.smtp_error)
            which = "smtp-too-large" if is_size_problem(exc.smtp_code, reply) else "smtp-message-refused"
            raise MessageFailed(which, smtp_code=exc.smtp_code, recipient=recipient, reply=reply) from None
        except smtplib.SMTPNotSupportedError:
            raise MessageFailed("smtp-no-smtputf8", recipient=recipient, server=self.settings.address) from None
        except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
            self._drop()
            if not timed_out(exc):
                raise MessageFailed(
                    "smtp-connection-lost", connection_lost=True, server=self.settings.address, recipient=recipient
                ) from None
            raise MessageFailed(
                "smtp-stopped-answering",
                connection_lost=True,
                server=self.settings.address,
                timeout=self.settings.timeout,
                recipient=recipient,
            ) from None
        except smtplib.SMTPResponseException as exc:
            reply = reply_text(exc.smtp_code, exc.smtp_error)
            raise MessageFailed(
                "smtp-message-refused", form="reply", smtp_code=exc.smtp_code, recipient=recipient, reply=reply
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise MessageFailed(
                "smtp-send-failed", connection_lost=True, recipient=recipient, reason=str(exc)
            ) from None
        if refused:  # cannot happen with one recipient, but never lose a refusal silently
            code, text = refused.get(recipient, next(iter(refused.values())))
            reply = reply_text(code, text)
            raise MessageFailed("smtp-recipient-refused", smtp_code=code, recipient=recipient, reply=reply)

    def noop(self) -> None:
        """Ask the server whether it is still there (test connection)."""
        conn = self._connection()
        try:
            code, text = conn.noop()
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise explain_open_error(exc, self.settings, "hello") from None
        if code != 250:
            raise SmtpError("smtp-noop-refused", "protocol", server=self.settings.address, reply=reply_text(code, text))

    def _connection(self) -> smtplib.SMTP:
        """The open connection, opened first when there is none."""
        self.open()
        if self._conn is None:  # open() either connects or raises
            raise SmtpError("smtp-protocol", "protocol", server=self.settings.address, reason="not connected")
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            _close_quietly(self._conn, polite=False)
        self._conn = None

    def close(self) -> None:
        """Say goodbye to the server (QUIT); never raises."""
        if self._conn is not None:
            _close_quietly(self._conn)
        self._conn = None


def _close_quietly(conn: smtplib.SMTP, polite: bool = True) -> None:
    try:
        if polite and conn.sock is not None:
            conn.quit()
    except Exception:
        pass
    try:
        conn.close()
    except Exception:
        pass


def _login(conn: smtplib.SMTP, user: str, password: str) -> None:
    """LOGIN; AUTH PLAIN in UTF-8 ourselves when user or password have non-ASCII letters.

    smtplib encodes credentials as ASCII, so 'Passwört' would fail with an encoding error.
    """
    if (user + password).isascii():
        conn.login(user, password)
        return
    if not conn.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    if "PLAIN" not in conn.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPException("non-ascii credentials need AUTH PLAIN")
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, text = conn.docmd("AUTH", "PLAIN " + token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, text)


def test_connection(settings: SmtpSettings, password: str | None = None) -> str:
    """Connect, encrypt, log in and say goodbye; one line on success, SmtpError on failure."""
    with SmtpSession(settings, password) as session:
        session.noop()
        tls = f" with {session.tls_version}" if session.tls_version else " without encryption"
        login = f", logged in as {settings.user}" if settings.user else ""
        return f"Connected to {settings.address}{tls}{login}."


test_connection.__test__ = False  # type: ignore[attr-defined]  # pytest's marker: not a test where imported
