"""aiosmtpd on 127.0.0.1 that speaks AUTH XOAUTH2 (SASL XOAUTH2 as Microsoft 365 and Gmail use it),
and that refuses password logins the way Exchange Online does once Basic auth is off.

How aiosmtpd finds a custom mechanism: any method named `auth_<MECH>` on the *handler* is offered in
EHLO ("250-AUTH ... XOAUTH2") and called as `await handler.auth_XOAUTH2(server, args)`, where
args = ["XOAUTH2", "<initial response>"] (or just ["XOAUTH2"] when the client sends none). It returns an
aiosmtpd.smtp.AuthResult. A handler method with the name of a builtin (auth_LOGIN / auth_PLAIN)
replaces the builtin.

Gotcha: aiosmtpd refuses command lines over 512 bytes, and any line over 1001 bytes, with "500 Command line
too long"; a real Entra access token is a 1.5-3 KB JWT, so `AUTH XOAUTH2 <base64>` is far longer.
`XOAuthController` below raises both limits for AUTH (RFC 4954 allows 12,288 octets for AUTH).
"""

from __future__ import annotations

import base64
import collections
import json
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

from fake_entra import TokenRegistry

BASIC_REFUSED = {  # what Exchange Online answers a password login, depending on tenant/mailbox settings
    "retired": "550 5.7.30 Basic authentication is not supported for Client Submission.",
    "disabled": "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. "
    "Visit https://aka.ms/smtp_auth_disabled for more information.",
}


@dataclass
class XOAuth2Handler:
    registry: TokenRegistry
    scope: str = "SMTP.Send"  # Microsoft: https://outlook.office.com/SMTP.Send ; Gmail: https://mail.google.com/
    style: str = "microsoft"  # how a bad token is refused: 'microsoft' (535 at once) or 'google' (334 + JSON, then 535)
    basic: str = "retired"  # BASIC_REFUSED key for AUTH LOGIN / PLAIN
    received: list = field(default_factory=list)
    logins: list = field(default_factory=list)

    def __post_init__(self):
        self.lock = threading.Lock()

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        if len(args) == 2:
            blob = args[1]
            try:
                raw = base64.b64decode(blob, validate=True)
            except Exception:
                await server.push("501 5.5.2 Cannot decode base64")
                return AuthResult(success=False, handled=True)
        else:  # no initial response: empty challenge, client answers with the blob
            raw = await server.challenge_auth("")
            if not isinstance(raw, bytes):
                return AuthResult(success=False, handled=True)
        # "user=" user "\x01auth=Bearer " token "\x01\x01"
        fields = dict(f.split("=", 1) for f in raw.decode("utf-8", "replace").split("\x01") if "=" in f)
        user, auth = fields.get("user", ""), fields.get("auth", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        problem = self.registry.check(token, self.scope) if token else "unknown"
        issued = self.registry.access.get(token)
        if not problem and issued and issued.user.lower() != user.lower():
            problem = "user"
        if not problem:
            self.logins.append(user)
            return AuthResult(success=True, auth_data=user)
        if self.style == "google":
            # RFC 7628 / Gmail: error as a base64 JSON challenge; the client must send an empty line, then 535
            challenge = json.dumps({"status": "400", "schemes": "Bearer", "scope": "https://mail.google.com/"})
            await server.challenge_auth(challenge)  # reads the client's (empty) answer
            return AuthResult(
                success=False,
                handled=False,
                message="535-5.7.8 Username and Password not accepted. For more information, go to\n"
                "535 5.7.8  https://support.google.com/mail/?p=BadCredentials",
            )
        return AuthResult(
            success=False, handled=False, message="535 5.7.3 Authentication unsuccessful [FAKE.PROD.OUTLOOK.COM]"
        )

    async def _refuse_basic(self, server: SMTP, args: list[str], prompts: list[str]) -> AuthResult:
        if len(args) == 1:  # collect what the client sends, like a real server would, then refuse
            for p in prompts:
                if not isinstance(await server.challenge_auth(p), bytes):
                    return AuthResult(success=False, handled=True)
        elif args[0] == "LOGIN":
            await server.challenge_auth("Password:")
        return AuthResult(success=False, handled=False, message=BASIC_REFUSED[self.basic])

    async def auth_LOGIN(self, server: SMTP, args: list[str]) -> AuthResult:
        return await self._refuse_basic(server, args, ["Username:", "Password:"])

    async def auth_PLAIN(self, server: SMTP, args: list[str]) -> AuthResult:
        return await self._refuse_basic(server, args, [""])

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if any(len(line) > 998 for line in data.split(b"\r\n")):
            return "500 5.5.2 Line too long (RFC 5321 4.5.3.1.6)"
        with self.lock:
            self.received.append(
                (
                    session.auth_data,
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.original_content or envelope.content,
                )
            )
        return "250 2.0.0 OK <fake@outlook> [Hostname=FAKE.PROD.OUTLOOK.COM]"


class _BigAuthSMTP(SMTP):
    # Two limits stand in the way of a long AUTH line: the StreamReader's limit (line_length_limit, 1001,
    # used as the reader's buffer limit and read at __init__) and command_size_limits (512 per command).
    # Raising line_length_limit also relaxes aiosmtpd's own 1000-byte check on DATA lines, so
    # XOAuth2Handler.handle_DATA re-checks those.
    line_length_limit = 12288 + 16

    def __init__(self, *args, auth_line_limit: int = 12288, **kw):
        super().__init__(*args, **kw)
        # command_size_limits is a *class-level* defaultdict shared by all SMTP instances; give this one its own
        self.command_size_limits = collections.defaultdict(lambda: SMTP.command_size_limit)
        self.command_size_limits["AUTH"] = auth_line_limit


class XOAuthController(Controller):
    """aiosmtpd Controller on port 0 (reads the real port back) with a big enough AUTH line."""

    def __init__(self, handler, *, auth_line_limit: int | None = 12288, **kw):
        self.auth_line_limit = auth_line_limit
        super().__init__(handler, hostname="127.0.0.1", port=0, **kw)

    def factory(self):
        if self.auth_line_limit is None:
            return SMTP(self.handler, **self.SMTP_kwargs)
        return _BigAuthSMTP(self.handler, auth_line_limit=self.auth_line_limit, **self.SMTP_kwargs)

    def _trigger_server(self):
        if not self.port:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()
