"""The ways the Email window sends, from Preferences → Email: the core's sign-ins, tokens and transports (engine side).

'microsoft' (Microsoft Graph with the organization's app registration), 'google' (the Gmail API with its
OAuth client file), 'smtp' (a mail server and its password) and 'eml' (drafts only). A sign-in's settings
travel as a plain dict (`service`): client_id, tenant, login_url and graph_url for Microsoft 365;
client_file and gmail_url for Google Workspace; empty addresses are the public clouds'. An access token
in TEC_GRAPH_TOKEN or TEC_GMAIL_TOKEN (unattended runs, tests) is used as it is, as by `tec send`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tec_desktop.errors import TecError

if TYPE_CHECKING:  # the mail libraries load only when mail is sent
    from tec_desktop.mail.tokens import SignIn, TokenSource
    from tec_desktop.mail.transport import Transport

MICROSOFT, GOOGLE, SMTP, EML = "microsoft", "google", "smtp", "eml"
WAYS = (MICROSOFT, GOOGLE, SMTP, EML)
SIGN_IN_WAYS = (MICROSOFT, GOOGLE)
PROVIDERS = {MICROSOFT: "Microsoft 365", GOOGLE: "Google Workspace"}
TIMEOUT = 60.0  # seconds a web mail service may take to answer one call

# How the app names the addresses in messages about them (the command line names its options).
_LOGIN_ADDRESS = "The Microsoft sign-in address in Preferences → Email"
_GRAPH_ADDRESS = "The Microsoft Graph address in Preferences → Email"
_GMAIL_ADDRESS = "The Gmail address in Preferences → Email"


def token_variable(way: str) -> str:
    """The environment variable whose access token replaces the sign-in of this way."""
    from tec_desktop.mail.tokens import GMAIL_TOKEN_VAR, GRAPH_TOKEN_VAR

    return GRAPH_TOKEN_VAR if way == MICROSOFT else GMAIL_TOKEN_VAR


def _text(service: dict | None, key: str) -> str:
    return str((service or {}).get(key) or "").strip()


def sign_in_of(way: str, service: dict | None) -> SignIn:
    """The core's sign-in for these settings; TecError says which setting to fix (no client ID, a bad file…)."""
    from tec_desktop.mail.endpoints import LOGIN_URL, service_url

    if way == MICROSOFT:
        from tec_desktop.mail.microsoft import DEFAULT_TENANT, MicrosoftApp, MicrosoftSignIn

        client_id = _text(service, "client_id")
        if not client_id:
            raise TecError("microsoft-client-id-missing")
        login = service_url(_text(service, "login_url") or LOGIN_URL, _LOGIN_ADDRESS, LOGIN_URL)
        return MicrosoftSignIn(MicrosoftApp.checked(client_id, _text(service, "tenant") or DEFAULT_TENANT, login))
    if way == GOOGLE:
        from tec_desktop.mail.google import GoogleClient, GoogleSignIn

        client_file = _text(service, "client_file")
        if not client_file:
            raise TecError("google-client-file-missing")
        return GoogleSignIn(GoogleClient.from_file(client_file))
    raise ValueError(f"{way!r} has no sign-in")


def token_source(way: str, service: dict | None) -> TokenSource:
    """The token to send with: the environment variable's when it is set, else the kept sign-in's (StopSending
    when nobody is signed in)."""
    from tec_desktop.mail.tokens import env_token

    found = env_token(token_variable(way))
    if found is not None:
        return found
    sign_in = sign_in_of(way, service)
    if way == MICROSOFT:
        from tec_desktop.mail.microsoft import GRAPH_SCOPES, MicrosoftSignIn

        assert isinstance(sign_in, MicrosoftSignIn)
        return sign_in.token_source(GRAPH_SCOPES)
    from tec_desktop.mail.google import GMAIL_SEND, GoogleSignIn

    assert isinstance(sign_in, GoogleSignIn)
    return sign_in.token_source((GMAIL_SEND,))


def signed_in_account(way: str, service: dict | None) -> str:
    """The signed-in mailbox ('' when nobody is, when a token variable is used, or the settings are incomplete);
    no network."""
    from tec_desktop.mail.tokens import env_token

    if way not in SIGN_IN_WAYS or env_token(token_variable(way)) is not None:
        return ""
    try:
        return sign_in_of(way, service).state().account
    except TecError:
        return ""


def graph_mailer(service: dict | None, token: TokenSource):
    """Microsoft Graph's mail calls with this token (GraphMailer)."""
    from tec_desktop.mail.endpoints import GRAPH_URL, service_url
    from tec_desktop.mail.graph import GraphMailer

    url = service_url(_text(service, "graph_url") or GRAPH_URL, _GRAPH_ADDRESS, GRAPH_URL)
    return GraphMailer(token, url, timeout=TIMEOUT, client_id=_text(service, "client_id"))


def web_transport(way: str, service: dict | None, token: TokenSource) -> Transport:
    """Microsoft Graph or the Gmail API as a transport, with this token (token_source's)."""
    if way == MICROSOFT:
        from tec_desktop.mail.graph import GraphTransport

        return GraphTransport(graph_mailer(service, token))
    from tec_desktop.mail.endpoints import GMAIL_URL, service_url
    from tec_desktop.mail.gmail import GmailTransport

    url = service_url(_text(service, "gmail_url") or GMAIL_URL, _GMAIL_ADDRESS, GMAIL_URL)
    return GmailTransport(token, url, timeout=TIMEOUT)


def smtp_settings(values: dict):
    """SmtpSettings from the window's preferences (host, port, security, user, verify, ca_file)."""
    from tec_desktop.mail.smtp import SmtpSettings

    host = str(values.get("host") or "").strip()
    if not host:
        raise TecError("mail-server-missing")
    return SmtpSettings(
        host,
        int(values.get("port") or 0),
        values.get("security") or "starttls",
        user=str(values.get("user") or "").strip(),
        verify=bool(values.get("verify", True)),
        ca_file=str(values.get("ca_file") or "").strip(),
    )
