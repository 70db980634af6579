"""How to reach a mail server: host, port, encryption, login, certificate checks and patience (no password)."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from tec_desktop.errors import TecError
from tec_desktop.mail.smtp_errors import SmtpError

SSL, STARTTLS, NONE = "ssl", "starttls", "none"
SECURITIES = (SSL, STARTTLS, NONE)
PASSWORD, XOAUTH2 = "password", "xoauth2"
AUTH_METHODS = (PASSWORD, XOAUTH2)
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
    auth: str = PASSWORD  # how `user` logs in: a password, or a sign-in token (XOAUTH2)

    def __post_init__(self):
        if self.security not in SECURITIES:
            raise TecError(f"Unknown security '{self.security}': use ssl, starttls or none.")
        if self.auth not in AUTH_METHODS:
            raise TecError(f"Unknown login '{self.auth}': use password or xoauth2.")

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
        how = ", sign-in token" if self.auth == XOAUTH2 else ""
        return f"{self.address} ({_SECURITY_NAMES[self.security]}{how})"


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
        raise TecError(f"'{text}' is not a mail server: give a name like smtp.example.com or smtp.example.com:587.")
    return host, int(port) if port else 0


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """Certificate checks on by default; `verify=False` only when the user asked for it."""
    ctx = ssl.create_default_context()
    if settings.ca_file:
        try:
            ctx.load_verify_locations(cafile=settings.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise SmtpError(
                f"Cannot use the certificate file {settings.ca_file}: {getattr(exc, 'strerror', None) or exc}.",
                "config",
            ) from None
    if not settings.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx
