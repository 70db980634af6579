"""`tec send`'s ways of sending, from its arguments: SMTP (password or sign-in token), Microsoft 365 (Graph),
Google Workspace (Gmail API), or .eml drafts; and the sign-in each needs."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tec_desktop.cli.output import write
from tec_desktop.errors import TecError

if TYPE_CHECKING:  # the mail modules load only when mail is sent
    from tec_desktop.mail.tokens import SignIn, SignInState

SMTP, MICROSOFT, GOOGLE, EML = "smtp", "microsoft", "google", "eml"
# Options that belong to one way only: (option, attribute, the ways it is for, what to say).
_ONLY_FOR = (
    ("--security", "security", (SMTP,), "--smtp"),
    ("--user", "user", (SMTP,), "--smtp"),
    ("--insecure", "insecure", (SMTP,), "--smtp"),
    ("--ca-file", "ca_file", (SMTP,), "--smtp"),
    ("--auth", "auth", (SMTP,), "--smtp"),
    ("--drafts", "drafts", (MICROSOFT,), "--microsoft"),
    ("--graph-url", "graph_url", (MICROSOFT,), "--microsoft"),
    ("--gmail-url", "gmail_url", (GOOGLE,), "--google"),
    ("--client-id", "client_id", (MICROSOFT, SMTP), "--microsoft or --auth xoauth2"),
    ("--tenant", "tenant", (MICROSOFT, SMTP), "--microsoft or --auth xoauth2"),
    ("--login-url", "login_url", (MICROSOFT, SMTP), "--microsoft or --auth xoauth2"),
    ("--client-file", "client_file", (GOOGLE, SMTP), "--google or --auth xoauth2"),
    ("--sign-in", "sign_in", (MICROSOFT, GOOGLE, SMTP), "--microsoft, --google or --auth xoauth2"),
)


def positive_number(what: str):
    """An argparse type: a finite number above 0 (nan, inf, 0 and negatives refused with one line)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number of {what}") from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number of {what} above 0")
        return value

    return parse


def way_of(args: argparse.Namespace) -> str:
    """Which way the arguments chose; TecError for an option that belongs to another way."""
    way = SMTP if args.smtp else MICROSOFT if args.microsoft else GOOGLE if args.google else EML
    sign_in_options = ("--client-id", "--tenant", "--login-url", "--client-file", "--sign-in")
    for option, attribute, ways, belongs in _ONLY_FOR:
        if getattr(args, attribute, None) in (None, False):
            continue
        password_smtp = way == SMTP and args.auth != "xoauth2" and option in sign_in_options
        if way not in ways or password_smtp:
            raise TecError("option-for-another-way", option=option, ways=belongs)
    if args.client_id and args.client_file:
        raise TecError("sign-in-clients-both")
    return way


@dataclass
class Sender:
    """The way to send, ready: a transport (or drafts mailer) and who is signed in."""

    transport: object  # a mail.transport.Transport, or a GraphMailer for --drafts
    account: str  # the signed-in account ('' when unknown)
    description: str  # 'Microsoft 365 as ops@contoso.com (graph.microsoft.com)'


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _signed_in(sign_in: SignIn, args, sign_in_call: Callable[[], SignInState]) -> None:
    """Sign in when asked (--sign-in), or when nobody is and someone is at the terminal to do it."""
    state = sign_in.state()
    if args.sign_in or (not state.signed_in and _interactive()):
        write(f"Signing in to {state.provider}: finish the sign-in in the browser window that opens…", sys.stderr)
        state = sign_in_call()
        write(state.describe(), sys.stderr)


def microsoft_sign_in(args):
    """The MicrosoftSignIn for --client-id/--tenant/--login-url (TecError without --client-id)."""
    from tec_desktop.mail.endpoints import LOGIN_URL
    from tec_desktop.mail.microsoft import DEFAULT_TENANT, MicrosoftApp, MicrosoftSignIn

    if not args.client_id:
        raise TecError("microsoft-client-id-missing")
    return MicrosoftSignIn(
        MicrosoftApp.checked(args.client_id, args.tenant or DEFAULT_TENANT, args.login_url or LOGIN_URL)
    )


def google_sign_in(args):
    """The GoogleSignIn for --client-file (TecError without it)."""
    from tec_desktop.mail.google import GoogleClient, GoogleSignIn

    if not args.client_file:
        raise TecError("google-client-file-missing")
    return GoogleSignIn(GoogleClient.from_file(args.client_file))


def _token(args, variable: str, provider: str, scopes_ms, scopes_google):
    """(token source, account) from the environment variable, else the sign-in of `provider`."""
    from tec_desktop.mail.tokens import env_token

    found = env_token(variable)
    if found is not None:
        if args.sign_in:
            raise TecError("env-token-and-sign-in", variable=variable)
        return found, ""
    if provider == GOOGLE:
        sign_in = google_sign_in(args)
        _signed_in(sign_in, args, lambda: sign_in.sign_in(scopes_google, timeout=args.sign_in_timeout))
        source = sign_in.token_source(scopes_google)
    else:
        sign_in = microsoft_sign_in(args)
        _signed_in(sign_in, args, lambda: sign_in.sign_in(scopes_ms, timeout=args.sign_in_timeout))
        source = sign_in.token_source(scopes_ms)
    return source, source.account


def describe(args, way: str) -> str:
    """For a dry run, without signing in or asking for a password: how the messages would go."""
    from tec_desktop.mail.endpoints import GMAIL_URL, GRAPH_URL, host_of, service_url
    from tec_desktop.mail.tokens import GMAIL_TOKEN_VAR, GRAPH_TOKEN_VAR, SMTP_TOKEN_VAR, env_token

    if way == SMTP:
        settings = smtp_settings(args)
        if settings.auth != "xoauth2" or env_token(SMTP_TOKEN_VAR) is not None:
            return f"via {settings.describe()}"
        sign_in = google_sign_in(args) if args.client_file else microsoft_sign_in(args)
        return f"via {settings.describe()}; {_state_line(sign_in.state())}"
    if way == MICROSOFT:
        url = service_url(args.graph_url or GRAPH_URL, "--graph-url", GRAPH_URL)
        what = "as drafts in Outlook" if args.drafts else "through Microsoft 365"
        if env_token(GRAPH_TOKEN_VAR) is not None:
            return f"{what} ({host_of(url)}) with the token in {GRAPH_TOKEN_VAR}"
        return f"{what} ({host_of(url)}); {_state_line(microsoft_sign_in(args).state())}"
    url = service_url(args.gmail_url or GMAIL_URL, "--gmail-url", GMAIL_URL)
    if env_token(GMAIL_TOKEN_VAR) is not None:
        return f"through Google Workspace ({host_of(url)}) with the token in {GMAIL_TOKEN_VAR}"
    return f"through Google Workspace ({host_of(url)}); {_state_line(google_sign_in(args).state())}"


def _state_line(state) -> str:
    if state.signed_in:
        return f"signed in as {state.account}"
    return "not signed in yet: sending opens your browser to sign in"


def prepare(args, way: str) -> Sender:
    """The ready way to send for SMTP, Microsoft or Google; signs in (or finds the password) as needed."""
    from tec_desktop.mail.endpoints import GMAIL_URL, GRAPH_URL, host_of, service_url
    from tec_desktop.mail.tokens import GMAIL_TOKEN_VAR, GRAPH_TOKEN_VAR, SMTP_TOKEN_VAR

    if way == MICROSOFT:
        from tec_desktop.mail.graph import GraphMailer, GraphTransport
        from tec_desktop.mail.microsoft import GRAPH_SCOPES

        url = service_url(args.graph_url or GRAPH_URL, "--graph-url", GRAPH_URL)
        token, account = _token(args, GRAPH_TOKEN_VAR, MICROSOFT, GRAPH_SCOPES, ())
        mailer = GraphMailer(token, url, timeout=args.timeout, client_id=args.client_id or "")
        who = f" as {account}" if account else f" with the token in {GRAPH_TOKEN_VAR}"
        return Sender(
            mailer if args.drafts else GraphTransport(mailer), account, f"Microsoft 365{who} ({host_of(url)})"
        )
    if way == GOOGLE:
        from tec_desktop.mail.gmail import GmailTransport
        from tec_desktop.mail.google import GMAIL_SEND

        url = service_url(args.gmail_url or GMAIL_URL, "--gmail-url", GMAIL_URL)
        token, account = _token(args, GMAIL_TOKEN_VAR, GOOGLE, (), (GMAIL_SEND,))
        who = f" as {account}" if account else f" with the token in {GMAIL_TOKEN_VAR}"
        return Sender(
            GmailTransport(token, url, timeout=args.timeout), account, f"Google Workspace{who} ({host_of(url)})"
        )
    if way == SMTP:
        from tec_desktop.mail.smtp import SmtpTransport

        settings = smtp_settings(args)
        if settings.auth != "xoauth2":
            from tec_desktop.mail.passwords import require_password

            password = require_password(settings.host, settings.user) if settings.user else None
            return Sender(SmtpTransport(settings, password), settings.user, settings.describe())
        from tec_desktop.mail.google import GMAIL_SMTP
        from tec_desktop.mail.microsoft import SMTP_SCOPES

        provider = GOOGLE if args.client_file else MICROSOFT
        token, account = _token(args, SMTP_TOKEN_VAR, provider, SMTP_SCOPES, (GMAIL_SMTP,))
        if not settings.user:
            if not account:
                raise TecError("smtp-token-no-user", form="variable", variable=SMTP_TOKEN_VAR)
            from dataclasses import replace

            settings = replace(settings, user=account)
        return Sender(SmtpTransport(settings, token=token), account or settings.user, settings.describe())
    raise ValueError(way)


def smtp_settings(args):
    """SmtpSettings from --smtp, --security, --user, --auth, --insecure, --ca-file, --timeout."""
    from pathlib import Path

    from tec_desktop.mail.smtp import SSL, STARTTLS, SmtpSettings, parse_server

    host, port = parse_server(args.smtp)
    security = args.security or (SSL if port == 465 else STARTTLS)
    if args.ca_file and not Path(args.ca_file).is_file():
        raise TecError("smtp-ca-file-missing", file=args.ca_file)
    return SmtpSettings(
        host,
        port,
        security,
        user=args.user or "",
        verify=not args.insecure,
        ca_file=args.ca_file or "",
        timeout=args.timeout,
        auth=args.auth or "password",
    )
