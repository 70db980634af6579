"""Talk to an SMTP server: connect (implicit TLS, STARTTLS or plain), log in, send one message at a time.

Every failure becomes a message an operations person can act on (mail.smtp_errors): SmtpError when
nothing more can be sent, MessageFailed when only this one message was not accepted. A message whose
whole text reached the server before the connection was lost or timed out is *unconfirmed*: the
server may have delivered it. The login is a password (LOGIN / PLAIN) or, with `auth='xoauth2'`, an
OAuth access token (xoauth2.py). The settings and the failures are importable from here too: this is
the SMTP API in one import.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from email.message import EmailMessage

from tec_desktop.mail.smtp_errors import (
    MessageFailed,
    SmtpError,
    closing,
    explain_open_error,
    is_size_problem,
    reply_text,
    timed_out,
)
from tec_desktop.mail.smtp_settings import (
    DEFAULT_PORTS,
    DEFAULT_TIMEOUT,
    NONE,
    PASSWORD,
    SECURITIES,
    SSL,
    STARTTLS,
    XOAUTH2,
    SmtpSettings,
    parse_server,
)
from tec_desktop.mail.tokens import TokenSource
from tec_desktop.mail.transport import StopSending
from tec_desktop.mail.xoauth2 import offers_xoauth2, xoauth2_login

__all__ = [
    "DEFAULT_PORTS",
    "DEFAULT_TIMEOUT",
    "NONE",
    "PASSWORD",
    "SECURITIES",
    "SSL",
    "STARTTLS",
    "XOAUTH2",
    "MessageFailed",
    "SmtpError",
    "SmtpSession",
    "SmtpSettings",
    "SmtpTransport",
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


class _Tracked(smtplib.SMTP):
    """smtplib's DATA step, noting when the whole message has been handed over (`body_sent`).

    After that point a lost connection or a timeout means the server may have the message: it is
    unconfirmed, not failed, and must not be sent again on a plain retry.
    """

    body_sent = False

    def data(self, msg):
        self.body_sent = False
        self.putcmd("data")
        code, repl = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, repl)
        if isinstance(msg, str):
            msg = smtplib._fix_eols(msg).encode("ascii")  # type: ignore[attr-defined]
        q = smtplib._quote_periods(msg)  # type: ignore[attr-defined]
        if q[-2:] != b"\r\n":
            q += b"\r\n"
        self.send(q + b".\r\n")
        self.body_sent = True
        return self.getreply()


class _TrackedSSL(_Tracked, smtplib.SMTP_SSL):
    pass


class SmtpSession:
    """One connection to the server, opened on demand and reopened after it was lost.

    Use as a context manager; `send` raises MessageFailed for one message and SmtpError when no
    message can be sent any more. `password` for a password login, `token` for XOAUTH2.
    """

    def __init__(self, settings: SmtpSettings, password: str | None = None, token: TokenSource | None = None):
        self.settings = settings
        self._password = password
        self._token = token
        self._conn: _Tracked | None = None
        self.tls_version = ""  # 'TLSv1.3' once encrypted

    def __enter__(self) -> SmtpSession:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:  # never show the password, even in a crash log
        return f"SmtpSession({self.settings.describe()}, user={self.settings.user!r})"

    def _check_login_settings(self) -> None:
        s = self.settings
        if s.auth == XOAUTH2:
            if not s.user:
                raise SmtpError("smtp-token-no-user", "config", host=s.host)
            if self._token is None:
                raise SmtpError("smtp-no-token", "config", user=s.user, host=s.host)
            if s.security == NONE:
                raise SmtpError("smtp-login-unencrypted", "config", form="token", user=s.user, server=s.address)
        elif s.user and s.security == NONE:
            raise SmtpError("smtp-login-unencrypted", "config", user=s.user, server=s.address)
        elif s.user and not self._password:
            raise SmtpError("smtp-no-password", "config", user=s.user, host=s.host)

    def open(self) -> None:
        """Connect, encrypt and log in as the settings say; SmtpError when that fails."""
        if self._conn is not None:
            return
        s = self.settings
        self._check_login_settings()
        ctx = tls_context(s) if s.security != NONE else None
        stage = "connect"
        conn: _Tracked | None = None
        try:
            if s.security == SSL:
                conn = _TrackedSSL(s.host, s.real_port, timeout=s.timeout, context=ctx)
            else:
                conn = _Tracked(s.host, s.real_port, timeout=s.timeout)
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
            if s.auth == XOAUTH2 and self._token is not None:
                stage = "xoauth2"
                _xoauth2(conn, s.user, self._token)
            elif s.user:
                stage = "login"
                _login(conn, s.user, self._password or "")
        except BaseException as exc:
            if conn is not None:
                _close_quietly(conn)
            if isinstance(exc, StopSending):
                raise
            if isinstance(exc, Exception):
                origin = self._token.origin if self._token is not None else ""
                raise explain_open_error(exc, s, stage, origin) from None
            raise
        self._conn = conn

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        """Hand one message for one recipient to the server; returns once the server accepted it."""
        conn = self._connection()
        conn.body_sent = False
        address = self.settings.address
        try:
            refused = conn.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (0, b""))
            reply = reply_text(code, text)
            if code == 421:
                self._drop()
                raise closing(address, reply) from None
            raise MessageFailed("smtp-recipient-refused", smtp_code=code, recipient=recipient, reply=reply) from None
        except smtplib.SMTPSenderRefused as exc:
            reply = reply_text(exc.smtp_code, exc.smtp_error)
            if exc.smtp_code == 421:
                self._drop()
                raise closing(address, reply) from None
            if is_size_problem(exc.smtp_code, reply):
                raise MessageFailed(
                    "smtp-too-large", smtp_code=exc.smtp_code, recipient=recipient, reply=reply
                ) from None
            self.close()
            raise SmtpError("smtp-sender-refused", "sender", sender=sender, reply=reply) from None
        except smtplib.SMTPDataError as exc:
            reply = reply_text(exc.smtp_code, exc.smtp_error)
            if exc.smtp_code == 421:
                self._drop()
                if conn.body_sent:
                    raise self._unconfirmed(recipient, "answered", reply=reply) from None
                raise closing(address, reply) from None
            which = "smtp-too-large" if is_size_problem(exc.smtp_code, reply) else "smtp-message-refused"
            raise MessageFailed(which, smtp_code=exc.smtp_code, recipient=recipient, reply=reply) from None
        except smtplib.SMTPNotSupportedError:
            raise MessageFailed("smtp-no-smtputf8", recipient=recipient, server=address) from None
        except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
            self._drop()
            late = timed_out(exc)
            if conn.body_sent:
                if late:
                    raise self._unconfirmed(recipient, "stopped") from None
                raise self._unconfirmed(recipient, "") from None
            if not late:
                raise MessageFailed(
                    "smtp-connection-lost", connection_lost=True, server=address, recipient=recipient
                ) from None
            raise MessageFailed(
                "smtp-stopped-answering",
                connection_lost=True,
                timed_out=True,
                server=address,
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
            if conn.body_sent:
                raise self._unconfirmed(recipient, "failed", reason=str(exc)) from None
            raise MessageFailed(
                "smtp-send-failed", connection_lost=True, recipient=recipient, reason=str(exc)
            ) from None
        if refused:  # cannot happen with one recipient, but never lose a refusal silently
            code, text = refused.get(recipient, next(iter(refused.values())))
            reply = reply_text(code, text)
            raise MessageFailed("smtp-recipient-refused", smtp_code=code, recipient=recipient, reply=reply)

    def _unconfirmed(self, recipient: str, form: str, *, reply: str = "", reason: str = "") -> MessageFailed:
        """The whole message reached the server, then no confirmation (`form`: what happened instead; '' the
        connection was lost)."""
        return MessageFailed(
            "smtp-unconfirmed",
            form=form,
            connection_lost=True,
            unconfirmed=True,
            timed_out=form == "stopped",
            server=self.settings.address,
            recipient=recipient,
            reply=reply,
            reason=reason,
            timeout=self.settings.timeout,
        )

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

    def _connection(self) -> _Tracked:
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


class SmtpTransport:
    """SMTP as a sending.Transport: one session, reopened after a lost connection."""

    needs_sender = True

    def __init__(self, settings: SmtpSettings, password: str | None = None, token: TokenSource | None = None):
        self.settings = settings
        self.session = SmtpSession(settings, password, token)

    @property
    def method(self) -> str:
        """'smtp smtp.example.com:587 (STARTTLS)'."""
        return f"smtp {self.settings.describe()}"

    def open(self) -> None:
        self.session.open()

    def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        self.session.send(message, sender, recipient)
        return str(message.get("Message-ID", ""))

    def close(self) -> None:
        self.session.close()


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


def _xoauth2(conn: smtplib.SMTP, user: str, token: TokenSource) -> None:
    """AUTH XOAUTH2 with the token; once more with a fresh token when the first is refused and can be renewed."""
    if not offers_xoauth2(conn):
        raise smtplib.SMTPNotSupportedError("XOAUTH2 not offered")
    try:
        xoauth2_login(conn, user, token.token())
    except smtplib.SMTPAuthenticationError:
        if not token.can_refresh:
            raise
        xoauth2_login(conn, user, token.token(force_refresh=True))


def test_connection(settings: SmtpSettings, password: str | None = None, token: TokenSource | None = None) -> str:
    """Connect, encrypt, log in and say goodbye; one line on success, SmtpError on failure."""
    with SmtpSession(settings, password, token) as session:
        session.noop()
        tls = f" with {session.tls_version}" if session.tls_version else " without encryption"
        login = f", logged in as {settings.user}" if settings.user else ""
        if settings.auth == XOAUTH2:
            login = f", signed in as {settings.user}"
        return f"Connected to {settings.address}{tls}{login}."


test_connection.__test__ = False  # type: ignore[attr-defined]  # pytest's marker: not a test where imported
