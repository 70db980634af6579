"""Where the mail server is and how to talk to it: host, port, encryption, login, certificate checks, patience."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tec_desktop.errors import TecError

SSL, STARTTLS, NONE = "ssl", "starttls", "none"
SECURITIES = (SSL, STARTTLS, NONE)
PASSWORD, XOAUTH2 = "password", "xoauth2"
AUTH_METHODS = (PASSWORD, XOAUTH2)
DEFAULT_PORTS = {SSL: 465, STARTTLS: 587, NONE: 25}
DEFAULT_TIMEOUT = 30.0
_SECURITY_NAMES = {SSL: "SSL/TLS", STARTTLS: "STARTTLS", NONE: "no encryption"}


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server. The password or token is never part of it (see passwords.py, tokens.py)."""

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
            raise TecError("smtp-security-unknown", security=self.security)
        if self.auth not in AUTH_METHODS:
            raise TecError("smtp-auth-unknown", auth=self.auth)
        if not (isinstance(self.timeout, int | float) and math.isfinite(self.timeout) and self.timeout > 0):
            # nan would make every wait endless, inf too: the command line refuses them before they get here
            raise TecError("smtp-timeout-invalid")

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
        raise TecError("smtp-server-invalid", text=text)
    return host, int(port) if port else 0
