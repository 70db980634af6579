"""Google Workspace: the real google-auth-oauthlib signs in against a fake Google (the test plays the browser),
and messages go to a fake Gmail API through its upload endpoint."""

from __future__ import annotations

import email
import email.policy
import json

import pytest

from tec_desktop.errors import TecError
from tec_desktop.mail.gmail import GmailTransport
from tec_desktop.mail.google import GMAIL_SEND, GoogleClient, GoogleSignIn
from tec_desktop.mail.sending import FAILED, NOT_SENT, SENT, SKIPPED, UNCONFIRMED, send_messages
from tec_desktop.mail.sendlog import SendLog
from tec_desktop.mail.tokens import EnvToken
from tec_desktop.mail.transport import StopSending

from mail_fixtures import LEADERS, OWNERS, make_pdf


def client_file(google, folder) -> str:
    path = folder / "client_secret_tec.apps.googleusercontent.com.json"
    path.write_text(json.dumps(google.client_config()), encoding="utf-8")
    return str(path)


@pytest.fixture
def signed_in(google, browser, memory_keyring, tmp_path):
    sign_in = GoogleSignIn(GoogleClient.from_file(client_file(google, tmp_path)))
    state = sign_in.sign_in(timeout=20)
    assert state.signed_in and state.account == "ops@example.com"
    return sign_in


def _received(google) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in google.sent]


def test_sign_in_keeps_the_refresh_token_in_the_keyring_and_says_who(google, browser, memory_keyring, tmp_path):
    sign_in = GoogleSignIn(GoogleClient.from_file(client_file(google, tmp_path)))
    assert sign_in.state().describe() == "Not signed in to Google Workspace."
    state = sign_in.sign_in(timeout=20)
    assert state.describe() == (
        "Signed in to Google Workspace as ops@example.com (the sign-in is kept in the system keyring)."
    )
    [stored] = [json.loads(v) for (service, _), v in memory_keyring.items() if service == "tec-desktop/google-sign-in"]
    assert stored["account"] == "ops@example.com" and stored["refresh_token"].startswith("1//")
    assert GMAIL_SEND in stored["scopes"]
    url = browser.opened[0]
    assert url.startswith(f"{google.base_url}/o/oauth2/auth?") and "gmail.send" in url
    assert "code_challenge_method=S256" in url and "access_type=offline" in url
    # the next run: the refresh token from the keyring, the token endpoint from the client file
    again = GoogleSignIn(GoogleClient.from_file(client_file(google, tmp_path)))
    token = again.token_source().token()
    assert token.startswith("at-") and google.seen[-1].form()["grant_type"] == "refresh_token"
    assert again.sign_out().signed_in is False
    assert not [k for k in memory_keyring if k[0] == "tec-desktop/google-sign-in"]


def test_send_through_the_gmail_api(signed_in, google, mail_case):
    plan = mail_case.plan(sender="")
    log = SendLog()
    transport = GmailTransport(signed_in.token_source(), google.base_url)
    report = send_messages(plan.messages, transport, log=log)
    assert report.ok and report.count(SENT) == 4
    got = _received(google)
    assert sorted(m["To"].addresses[0].addr_spec.lower() for m in got) == sorted(a.lower() for a in LEADERS + OWNERS)
    for out in plan.messages:
        [msg] = [m for m in got if m["To"].addresses[0].addr_spec == out.to_email]
        [att] = list(msg.iter_attachments())
        assert att.get_content() == out.attachment.read_bytes()
    uploads = [s for s in google.seen if s.route == "/upload/gmail/v1/users/me/messages/send"]
    assert len(uploads) == 4
    assert all(s.query == {"uploadType": "media"} and s.headers["content-type"] == "message/rfc822" for s in uploads)
    assert all(s.headers["authorization"].startswith("Bearer at-") for s in uploads)
    assert {e.method for e in log.entries()} == {f"google 127.0.0.1:{google.port} as ops@example.com"}
    assert all(e.message_id.startswith("gmail:") for e in log.entries())
    assert send_messages(plan.messages, transport, log=log).count(SKIPPED) == 4


def test_a_large_message_goes_through_a_resumable_upload(signed_in, google, mail_case):
    big = make_pdf(mail_case.folder / "big.pdf", "big", padding=6_000_000)
    mail_case.owner_pdfs["王芳"] = big
    plan = mail_case.plan(sender="").only(["wang.fang@example.com"])
    report = send_messages(plan.messages, GmailTransport(signed_in.token_source(), google.base_url), log=SendLog())
    assert report.ok
    assert [s.method + " " + s.route.split("/upload/")[-1] for s in google.seen[-2:]] == [
        "POST gmail/v1/users/me/messages/send",
        "PUT session/" + google.seen[-1].route.rsplit("/", 1)[-1],
    ]
    [att] = list(_received(google)[0].iter_attachments())
    assert att.get_content() == big.read_bytes()


def test_send_scope_not_granted_is_said(google, browser, memory_keyring, tmp_path):
    google.withheld = {GMAIL_SEND}  # the user unticked "Send email on your behalf"
    sign_in = GoogleSignIn(GoogleClient.from_file(client_file(google, tmp_path)))
    with pytest.raises(StopSending, match="did not grant sending mail: sign in again and tick 'Send email on your"):
        sign_in.sign_in(timeout=20)
    assert not sign_in.state().signed_in


def test_a_revoked_sign_in_says_sign_in_again(signed_in, google, mail_case):
    google.refresh_tokens.clear()  # revoked at Google (or unused for six months)
    report = send_messages(
        mail_case.plan(sender="").messages, GmailTransport(signed_in.token_source(), google.base_url), log=SendLog()
    )
    assert report.stopped == (
        "Your Google sign-in as ops@example.com has expired or was revoked (invalid_grant: Token has been expired "
        "or revoked.): sign in again (--sign-in)."
    )
    assert report.count(NOT_SENT) == 4 and google.sent == []


def test_faults_of_the_gmail_api(google, mail_case, token_registry):
    token = EnvToken("TEC_GMAIL_TOKEN", token_registry.issue({GMAIL_SEND}, 3600, "ops@example.com"))
    plan = mail_case.plan(sender="")
    log = SendLog()
    google.fault(r"POST /upload/gmail/v1/users/me/messages/send", after=True, drop=True)
    google.fault(
        r"POST /upload/gmail/v1/users/me/messages/send",
        reply=google._gerror(400, "Invalid To header", "invalidArgument", "INVALID_ARGUMENT"),
    )
    report = send_messages(plan.messages, GmailTransport(token, google.base_url), log=log)
    assert [r.status for r in report.results] == [UNCONFIRMED, FAILED, SENT, SENT]
    assert report.results[0].detail.startswith("Gmail may have sent the message to lukasz@example.com:")
    assert (
        report.results[1].detail
        == "Gmail did not take the message to Ana@Example.com (400 invalidArgument: Invalid To header)."
    )
    google.fault(
        r"POST /upload/gmail/v1/users/me/messages/send",
        reply=google._gerror(
            403,
            "Gmail API has not been used in project 123 before or it is disabled.",
            "accessNotConfigured",
            "PERMISSION_DENIED",
        ),
    )
    again = send_messages(plan.messages, GmailTransport(token, google.base_url), log=log)
    assert [r.status for r in again.results] == [UNCONFIRMED, FAILED, SKIPPED, SKIPPED]
    assert again.stopped.startswith("Gmail refused (403 accessNotConfigured: Gmail API has not been used")
    assert "Your Google Workspace admin turns it on (APIs & Services > Library > Gmail API > Enable)." in again.stopped


def test_the_gmail_api_over_plain_http_only_on_this_computer(mail_case, token_registry):
    from tec_desktop.mail.endpoints import service_url

    from fake_google import FakeGoogle

    with FakeGoogle(registry=token_registry) as plain:  # no TLS: allowed to 127.0.0.1 only
        url = service_url(plain.base_url, "--gmail-url", "https://gmail.googleapis.com")
        token = EnvToken("TEC_GMAIL_TOKEN", token_registry.issue({GMAIL_SEND}, 3600, "ops@example.com"))
        report = send_messages(mail_case.plan(sender="").messages[:1], GmailTransport(token, url), log=SendLog())
        assert report.ok and len(plain.sent) == 1
    with pytest.raises(TecError, match="is not encrypted \\(http://\\): sign-in tokens and scorecards go only to"):
        service_url("http://gmail.example.com", "--gmail-url", "https://gmail.googleapis.com")


def test_client_files_that_are_not_a_desktop_client(tmp_path):
    web = tmp_path / "web.json"
    web.write_text(json.dumps({"web": {"client_id": "x", "client_secret": "y"}}))
    with pytest.raises(TecError, match="is for a 'Web application' OAuth client: TEC Desktop needs a 'Desktop app'"):
        GoogleClient.from_file(web)
    junk = tmp_path / "junk.json"
    junk.write_text("not json")
    with pytest.raises(TecError, match="is not a Google OAuth client file \\(it is not JSON\\)"):
        GoogleClient.from_file(junk)
    with pytest.raises(TecError, match="Cannot read the Google client file"):
        GoogleClient.from_file(tmp_path / "missing.json")
    assert "y" not in repr(GoogleClient("x", "y", "https://a", "https://b"))
