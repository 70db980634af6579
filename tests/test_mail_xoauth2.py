"""SMTP with a sign-in token (AUTH XOAUTH2) against aiosmtpd speaking XOAUTH2 the way Exchange Online and Gmail do,
the token from the real msal; and what a password login hears once Exchange has turned Basic authentication off."""

from __future__ import annotations

import logging
import warnings

import pytest

from tec_desktop.mail.microsoft import SMTP_SCOPES, MicrosoftApp, MicrosoftSignIn
from tec_desktop.mail.sending import SENT, send_messages
from tec_desktop.mail.sendlog import SendLog
from tec_desktop.mail.smtp import SmtpError, SmtpSession, SmtpSettings, test_connection
from tec_desktop.mail.tokens import EnvToken

from fake_smtp_oauth import XOAuth2Handler, XOAuthController
from loopback import server_tls_context
from mail_fixtures import LEADERS, OWNERS

USER = "ops@contoso.example"


@pytest.fixture(autouse=True)
def _quiet():
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.fixture
def exchange(tls_cert, token_registry):
    """An SMTP server that takes XOAUTH2 with an SMTP.Send token and refuses passwords like Exchange Online now."""
    handler = XOAuth2Handler(token_registry)
    controller = XOAuthController(handler, tls_context=server_tls_context(*tls_cert), require_starttls=True)
    controller.start()
    yield controller
    controller.stop()


def _settings(server, tls_cert, **kw) -> SmtpSettings:
    return SmtpSettings(
        "127.0.0.1", server.port, "starttls", user=USER, ca_file=str(tls_cert[0]), timeout=5, auth="xoauth2", **kw
    )


def test_the_signed_in_token_logs_in_and_the_messages_go(entra, browser, memory_keyring, exchange, tls_cert, mail_case):
    sign_in = MicrosoftSignIn(MicrosoftApp.checked(entra.client_id, entra.tenant, entra.base_url))
    sign_in.sign_in(SMTP_SCOPES, timeout=20)
    assert "SMTP.Send" in browser.opened[0]
    token = sign_in.token_source(SMTP_SCOPES)
    settings = _settings(exchange, tls_cert)
    assert test_connection(settings, token=token) == (
        f"Connected to 127.0.0.1:{exchange.port} with TLSv1.3, signed in as {USER}."
    )
    log = SendLog()
    report = send_messages(mail_case.plan(sender=USER).messages, settings, token=token, log=log)
    assert report.ok and report.count(SENT) == 4
    handler = exchange.handler
    assert {r[0] for r in handler.received} == {USER}  # every message sent by the signed-in mailbox
    assert sorted(r[2][0].lower() for r in handler.received) == sorted(a.lower() for a in LEADERS + OWNERS)
    assert {e.method for e in log.entries()} == {f"smtp 127.0.0.1:{exchange.port} (STARTTLS, sign-in token)"}


def test_a_graph_token_is_refused_with_what_to_check(exchange, tls_cert, token_registry):
    graph_token = EnvToken("TEC_SMTP_TOKEN", token_registry.issue({"Mail.Send"}, 3600, USER))
    with pytest.raises(SmtpError) as err:
        SmtpSession(_settings(exchange, tls_cert), token=graph_token).open()
    assert str(err.value) == (
        f"The server refused the sign-in for {USER} (535 5.7.3 Authentication unsuccessful [FAKE.PROD.OUTLOOK.COM]): "
        "the token from the TEC_SMTP_TOKEN variable is not accepted for sending mail: it has expired, is for another "
        "account than --user, or lacks the SMTP permission (Microsoft 365: SMTP.Send; Google: "
        "https://mail.google.com/)."
    )
    assert err.value.kind == "auth"


def test_an_expired_signed_in_token_is_renewed_once(entra, browser, memory_keyring, exchange, tls_cert, token_registry):
    sign_in = MicrosoftSignIn(MicrosoftApp.checked(entra.client_id, entra.tenant, entra.base_url))
    sign_in.sign_in(SMTP_SCOPES, timeout=20)
    token = sign_in.token_source(SMTP_SCOPES)
    token.token()
    token_registry.revoke_all()
    with SmtpSession(_settings(exchange, tls_cert), token=token) as session:
        session.noop()  # signed in with the renewed token
    assert entra.seen[-1].form()["grant_type"] == "refresh_token"


def test_gmail_style_refusal_is_answered_and_reported(tls_cert, token_registry):
    handler = XOAuth2Handler(token_registry, scope="https://mail.google.com/", style="google")
    controller = XOAuthController(handler, tls_context=server_tls_context(*tls_cert), require_starttls=True)
    controller.start()
    try:
        settings = SmtpSettings(
            "127.0.0.1", controller.port, "starttls", user="ops@example.com", ca_file=str(tls_cert[0]), auth="xoauth2"
        )
        with pytest.raises(SmtpError, match=r"refused the sign-in for ops@example.com \(535 5.7.8 Username"):
            SmtpSession(settings, token=EnvToken("TEC_SMTP_TOKEN", "expired")).open()
    finally:
        controller.stop()


@pytest.mark.parametrize(
    ("basic", "advice"),
    [
        (
            "retired",
            "(550 5.7.30 Basic authentication is not supported for Client Submission.): Microsoft 365 no longer "
            "accepts a password for sending (Basic authentication is turned off): send with Microsoft 365 sign-in "
            "instead (--microsoft, or --auth xoauth2 with this server).",
        ),
        (
            "disabled",
            "SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more "
            "information.): SMTP AUTH is disabled for this account (Microsoft 365: an administrator must enable "
            "Authenticated SMTP for the mailbox, or send with Microsoft 365 sign-in: --microsoft).",
        ),
    ],
)
def test_a_password_login_refused_by_exchange_advises_the_sign_in(tls_cert, token_registry, basic, advice):
    handler = XOAuth2Handler(token_registry, basic=basic)
    controller = XOAuthController(handler, tls_context=server_tls_context(*tls_cert), require_starttls=True)
    controller.start()
    try:
        settings = SmtpSettings("127.0.0.1", controller.port, "starttls", user=USER, ca_file=str(tls_cert[0]))
        with pytest.raises(SmtpError) as err:
            SmtpSession(settings, "the old password").open()
    finally:
        controller.stop()
    assert str(err.value).startswith(f"The server refused the login for {USER} (5")
    assert str(err.value).endswith(advice)


def test_a_token_never_goes_over_a_plain_connection():
    with pytest.raises(SmtpError, match="Will not send the sign-in token for ops@contoso.example to 127.0.0.1:25"):
        SmtpSession(SmtpSettings("127.0.0.1", 25, "none", user=USER, auth="xoauth2"), token=EnvToken("T", "x")).open()
    assert "x" not in repr(EnvToken("TEC_SMTP_TOKEN", "secret-token-value"))


def test_a_server_without_xoauth2_says_to_use_a_password(tls_cert):
    from smtp_server import smtp_server

    with smtp_server("starttls", tls_cert, auth=("ops@example.com", "pw")) as server:
        settings = SmtpSettings(
            server.host, server.port, "starttls", user=USER, ca_file=str(tls_cert[0]), auth="xoauth2", timeout=5
        )
        with pytest.raises(
            SmtpError, match=r"does not accept a sign-in token \(AUTH XOAUTH2\): log in with a password"
        ):
            SmtpSession(settings, token=EnvToken("TEC_SMTP_TOKEN", "x")).open()


def test_ssl_context_is_checked_for_tokens_too(exchange, tls_cert):
    settings = SmtpSettings("127.0.0.1", exchange.port, "starttls", user=USER, timeout=5, auth="xoauth2")
    with pytest.raises(SmtpError, match="Certificate of 127.0.0.1 could not be verified"):
        SmtpSession(settings, token=EnvToken("TEC_SMTP_TOKEN", "x")).open()
