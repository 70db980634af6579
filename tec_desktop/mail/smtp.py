"""Talk to an SMTP server: connect (implicit TLS, STARTTLS or plain), log in, send one message at a time.

Every failure becomes a message an operations person can act on. Two kinds:
SmtpError — nothing more can be sent (cannot connect, encryption failed, login refused, sender refused);
MessageFailed — this one message was not accepted (recipient refused, message refused, connection
lost while sending); the others can still be sent, after reconnecting when `connection_lost`.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from tec_desktop.errors import TecError

SSL, STARTTLS, NONE = "ssl", "starttls", "none"
SECURITIES = (SSL, STARTTLS, NONE)
DEFAULT_PORTS = {SSL: 465, STARTTLS: 587, NONE: 25}
DEFAULT_TIMEOUT = 30.0
_SECURITY_NAMES = {SSL: "SSL/TLS", STARTTLS: "STARTTLS", NONE: "no encryption"}


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server. The password is never part of it (see password.py)."""

    host: str
    port: int = 0  # 0: the usual port for `security`
    security: str = STARTTLS
    user: str = ""  # '' = no login (a relay that trusts the network)
    verify: bool = True  # check the server's certificate
    ca_file: str = ""  # an extra trusted certificate (PEM), e.g. a company's own certificate authority
    timeout: float = DEFAULT_TIMEOUT  # seconds, per network operation

    def __post_init__(self):
        if self.security not in SECURITIES:
            raise TecError("smtp-security-unknown", security=self.security)

    @property
    def real_port(self) -> int:
        """The port used: the one given, else 465 / 587 / 25 by security."""
        return self.port or DEFAULT_PORTS[self.security]

    @property
    def address(self) -> str:
        """'smtp.example.com:587' ('[::1]:25' for IPv6)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.real_port}"

    def describe(self) -> str:
        """'smtp.example.com:587 (STARTTLS)', as shown in previews and the log."""
        return f"{self.address} ({_SECURITY_NAMES[self.security]})"


def parse_server(text: str) -> tuple[str, int]:
    """'smtp.example.com', 'smtp.example.com:587', '[::1]:25' -> (host, port); port 0 when not given."""
    text = text.strip()
    host, port = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else rest
    elif text.count(":") == 1:
        host, port = text.split(":")
    if (
        not host
        or any(c.isspace() for c in host)
        or (port and not port.isdigit())
        or (port and not 0 < int(port) < 65536)
    ):
        raise TecError("smtp-server-invalid", text=text)
    return host, int(port) if port else 0


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


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    text = " ".join(text.split())
    return f"{code} {text}".strip() if code and code > 0 else text


def _timed_out(exc: BaseException) -> bool:
    """smtplib turns a read timeout into SMTPServerDisconnected; the TimeoutError is its context."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def _is_size_problem(code: int, text: str) -> bool:
    return code == 552 or "size" in text.lower() or "too large" in text.lower() or "too big" in text.lower()


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
            reply = _reply(code, text)
            raise MessageFailed("smtp-recipient-refused", smtp_code=code, recipient=recipient, reply=reply) from None
        except smtplib.SMTPSenderRefused as exc:
            reply = _reply(exc.smtp_code, exc.smtp_error)
            if _is_size_problem(exc.smtp_code, reply):
                raise MessageFailed(
                    "smtp-too-large", smtp_code=exc.smtp_code, recipient=recipient, reply=reply
                ) from None
            self.close()
            raise SmtpError("smtp-sender-refused", "sender", sender=sender, reply=reply) from None
        except smtplib.SMTPDataError as exc:
            reply = _reply(exc.smtp_code, exc.smtp_error)
            which = "smtp-too-large" if _is_size_problem(exc.smtp_code, reply) else "smtp-message-refused"
            raise MessageFailed(which, smtp_code=exc.smtp_code, recipient=recipient, reply=reply) from None
        except smtplib.SMTPNotSupportedError:
            raise MessageFailed("smtp-no-smtputf8", recipient=recipient, server=self.settings.address) from None
        except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
            self._drop()
            if not _timed_out(exc):
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
            reply = _reply(exc.smtp_code, exc.smtp_error)
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
            reply = _reply(code, text)
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
            raise SmtpError("smtp-noop-refused", "protocol", server=self.settings.address, reply=_reply(code, text))

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
        reply = _reply(exc.smtp_code, exc.smtp_error)
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
    if _timed_out(exc):
        form = stage if stage in ("starttls", "login") else ""
        return SmtpError("smtp-timeout", "timeout", form=form, server=addr, timeout=s.timeout)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        form = "" if stage in ("connect", "hello") else "login" if stage == "login" else "later"
        return SmtpError("smtp-disconnected", "connect", form=form, server=addr)
    if isinstance(exc, smtplib.SMTPResponseException):
        form = stage if stage in ("connect", "hello", "starttls", "login") else ""
        reply = _reply(exc.smtp_code, exc.smtp_error)
        return SmtpError("smtp-refused", "protocol", form=form, server=addr, reply=reply)
    if isinstance(exc, OSError):
        return SmtpError("smtp-connect-failed", "connect", server=addr, reason=exc.strerror or str(exc))
    return SmtpError("smtp-protocol", "protocol", server=addr, reason=str(exc))


def test_connection(settings: SmtpSettings, password: str | None = None) -> str:
    """Connect, encrypt, log in and say goodbye; one line on success, SmtpError on failure."""
    with SmtpSession(settings, password) as session:
        session.noop()
        tls = f" with {session.tls_version}" if session.tls_version else " without encryption"
        login = f", logged in as {settings.user}" if settings.user else ""
        return f"Connected to {settings.address}{tls}{login}."


test_connection.__test__ = False  # type: ignore[attr-defined]  # pytest's marker: not a test where imported
