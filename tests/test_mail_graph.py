"""Microsoft 365: the real msal signs in against a fake Entra ID (the test plays the browser), and messages go
to a fake Microsoft Graph that checks tokens, sizes and upload sessions as the real one does."""

from __future__ import annotations

import email
import email.policy
import hashlib

import pytest

from tec_desktop.mail.graph import GraphMailer, GraphTransport
from tec_desktop.mail.microsoft import GRAPH_SCOPES, MicrosoftApp, MicrosoftSignIn
from tec_desktop.mail.sending import FAILED, NOT_SENT, SENT, SKIPPED, UNCONFIRMED, send_messages
from tec_desktop.mail.sendlog import SendLog
from tec_desktop.mail.transport import StopSending

from mail_fixtures import LEADERS, OWNERS, make_pdf

ALL = sorted(a.lower() for a in LEADERS + OWNERS)


def _sign_in(entra, **kw) -> MicrosoftSignIn:
    return MicrosoftSignIn(MicrosoftApp.checked(entra.client_id, entra.tenant, entra.base_url), **kw)


@pytest.fixture
def signed_in(entra, browser, memory_keyring):
    sign_in = _sign_in(entra)
    state = sign_in.sign_in(timeout=20)
    assert state.signed_in and state.account == "ops@contoso.example"
    return sign_in


def _transport(sign_in, graph, **kw) -> GraphTransport:
    waits = []
    mailer = GraphMailer(sign_in.token_source(GRAPH_SCOPES), graph.graph_url, sleep=waits.append, **kw)
    mailer.waits = waits
    return GraphTransport(mailer)


def _recipients(graph) -> list[str]:
    out = []
    for sent in graph.sent:
        if sent.mime:
            out += [a.addr_spec.lower() for a in sent.parsed()["To"].addresses]
        else:
            out += [r["emailAddress"]["address"].lower() for r in sent.message["toRecipients"]]
    return sorted(out)


def test_sign_in_in_the_browser_then_silently_from_the_kept_cache(entra, browser, memory_keyring):
    sign_in = _sign_in(entra)
    assert not sign_in.state().signed_in and sign_in.state().describe() == "Not signed in to Microsoft 365."
    state = sign_in.sign_in(timeout=20)
    assert (
        state.describe()
        == "Signed in to Microsoft 365 as ops@contoso.example (the sign-in is kept in the system keyring)."
    )
    authorize = browser.opened[0]
    assert authorize.startswith(f"{entra.authority}/oauth2/v2.0/authorize?")
    assert "Mail.Send" in authorize and "Mail.ReadWrite" in authorize and "offline_access" in authorize
    assert "redirect_uri=http%3A%2F%2Flocalhost%3A" in authorize
    # a later run (a new object, the same kept cache): silent, no browser, no request for a cached token
    again = _sign_in(entra)
    assert again.state().account == "ops@contoso.example"
    before = len(entra.seen)
    token = again.token_source().token()
    assert token.startswith("at-") and len(entra.seen) - before <= 1  # tenant discovery only
    assert [s.route for s in entra.seen[before:]] in ([], [f"/{entra.tenant}/v2.0/.well-known/openid-configuration"])
    fresh = again.token_source().token(force_refresh=True)
    assert fresh != token and entra.seen[-1].form()["grant_type"] == "refresh_token"
    assert again.sign_out().signed_in is False
    with pytest.raises(StopSending, match="Not signed in to Microsoft 365"):
        _sign_in(entra).token_source()


def test_without_a_keyring_the_sign_in_is_kept_in_memory_and_said_so(entra, browser, no_keyring):
    state = _sign_in(entra).sign_in(timeout=20)
    assert "in memory only, until TEC Desktop closes" in state.describe()
    assert _sign_in(entra).state().signed_in  # the same program: still signed in


def test_send_every_message_through_sendmail(signed_in, graph, mail_case):
    plan = mail_case.plan(sender="")
    log = SendLog()
    transport = _transport(signed_in, graph)
    report = send_messages(plan.messages, transport, log=log)
    assert report.ok and report.count(SENT) == 4
    assert _recipients(graph) == ALL  # one message each
    assert {s.via for s in graph.sent} == {"sendMail/mime"}
    for out in plan.messages:
        [sent] = [s for s in graph.sent if s.parsed()["To"].addresses[0].addr_spec == out.to_email]
        [att] = list(sent.parsed().iter_attachments())
        assert att.get_filename() == out.attachment_name
        assert att.get_content() == out.attachment.read_bytes()  # the PDF intact
    posts = [s for s in graph.seen if s.route == "/v1.0/me/sendMail"]
    assert len(posts) == 4 and all(s.headers["authorization"].startswith("Bearer at-") for s in posts)
    assert [e.result for e in log.entries()] == ["sent"] * 4
    assert {e.method for e in log.entries()} == {f"microsoft 127.0.0.1:{graph.port} as ops@contoso.example"}
    again = send_messages(plan.messages, transport, log=log)
    assert again.count(SKIPPED) == 4 and len(graph.sent) == 4


def test_a_large_scorecard_goes_through_an_upload_session(signed_in, graph, mail_case):
    big = make_pdf(mail_case.folder / "big.pdf", "big", padding=5_000_000)
    mail_case.owner_pdfs["王芳"] = big
    plan = mail_case.plan(sender="").only(["wang.fang@example.com"])
    report = send_messages(plan.messages, _transport(signed_in, graph), log=SendLog())
    assert report.ok
    [sent] = graph.sent
    assert sent.via == "draft/send"
    assert sent.attachments == [
        {
            "name": big.name,
            "contentType": "application/pdf",
            "size": big.stat().st_size,
            "sha256": hashlib.sha256(big.read_bytes()).hexdigest(),
        }
    ]
    puts = [s for s in graph.seen if s.method == "PUT"]
    assert len(puts) >= 2 and all("authorization" not in s.headers for s in puts)  # the token never leaves Graph
    assert sent.message["subject"] == plan.messages[0].subject
    assert "wang.fang@example.com" in str(sent.message["toRecipients"])
    assert graph.messages == {}  # no draft left behind


def test_drafts_are_made_in_outlook_and_not_made_twice(signed_in, graph, mail_case):
    from tec_desktop.mail.drafts import create_outlook_drafts
    from tec_desktop.mail.sending import DRAFTED

    plan = mail_case.plan(sender="")
    log = SendLog()
    mailer = _transport(signed_in, graph).mailer
    results = create_outlook_drafts(plan.messages, mailer, log=log)
    assert [r.status for r in results] == [DRAFTED] * 4
    assert all(r.detail.startswith("https://outlook.office365.com/owa/?ItemID=") for r in results)
    assert len(graph.messages) == 4 and graph.sent == []  # drafts, nothing sent
    drafted = sorted(m["toRecipients"][0]["emailAddress"]["address"].lower() for m in graph.messages.values())
    assert drafted == ALL
    assert [e.result for e in log.entries()] == ["drafted"] * 4
    again = create_outlook_drafts(plan.messages, mailer, log=log)
    assert [r.status for r in again] == [SKIPPED] * 4 and len(graph.messages) == 4
    assert SendLog().blocking_entry(*plan.messages[0].key) is None  # a draft is not a send


def test_429_and_503_wait_as_told_then_send(signed_in, graph, mail_case):
    graph.fail_next(r"POST /v1\.0/me/sendMail", 429, "ApplicationThrottled", "over its MailboxConcurrency limit", 7)
    graph.fail_next(r"POST /v1\.0/me/sendMail", 503, "ServiceUnavailable", "try later", 2)
    transport = _transport(signed_in, graph)
    report = send_messages(mail_case.plan(sender="").messages[:1], transport, log=SendLog())
    assert report.ok and transport.mailer.waits == [7.0, 2.0]


def test_throttled_beyond_the_bounded_wait_stops_the_run(signed_in, graph, mail_case):
    graph.fail_next(r"POST /v1\.0/me/sendMail", 429, "ApplicationThrottled", "over the limit", 600)
    log = SendLog()
    report = send_messages(mail_case.plan(sender="").messages, _transport(signed_in, graph), log=log)
    assert [r.status for r in report.results] == [FAILED, NOT_SENT, NOT_SENT, NOT_SENT]
    assert report.stopped.startswith("Microsoft 365 is limiting how fast this account sends (429 ApplicationThrottled")
    assert "It asked to wait 600 s." in report.stopped
    assert graph.sent == [] and [e.result for e in log.entries()] == ["failed"]


def test_an_expired_token_is_refreshed_once(signed_in, graph, mail_case, token_registry, entra):
    transport = _transport(signed_in, graph)
    transport.open()
    token_registry.revoke_all()  # every access token expires at once
    report = send_messages(mail_case.plan(sender="").messages[:1], transport, log=SendLog())
    assert report.ok
    assert entra.seen[-1].form()["grant_type"] == "refresh_token"


def test_permission_missing_is_one_sentence_for_it(entra, graph, mail_case, browser, memory_keyring, token_registry):
    narrow = token_registry.issue({"Mail.ReadWrite"}, 3600, "ops@contoso.example")  # no Mail.Send
    from tec_desktop.mail.tokens import EnvToken

    transport = GraphTransport(GraphMailer(EnvToken("TEC_GRAPH_TOKEN", narrow), graph.graph_url, client_id="c-1"))
    report = send_messages(mail_case.plan(sender="").messages, transport, log=SendLog())
    assert report.stopped == (
        "Microsoft 365 refused (403 ErrorAccessDenied: Access is denied. Check credentials and try again.): the app "
        "registration c-1 is not allowed to send mail for this account. Your IT must grant it the delegated "
        "permission Mail.Send (with admin consent where the organization requires it); then sign in again "
        "(--sign-in)."
    )
    assert [r.status for r in report.results] == [FAILED, NOT_SENT, NOT_SENT, NOT_SENT]


def test_an_environment_token_that_is_refused_says_so(graph, mail_case):
    from tec_desktop.mail.tokens import EnvToken

    transport = GraphTransport(GraphMailer(EnvToken("TEC_GRAPH_TOKEN", "not-a-token"), graph.graph_url))
    report = send_messages(mail_case.plan(sender="").messages, transport, log=SendLog())
    assert report.stopped == (
        "Microsoft 365 refused the access token from the TEC_GRAPH_TOKEN variable (401 InvalidAuthenticationToken: "
        "IDX14100: JWT is not well formed, there are no dots (.).): it has expired. Put a new token in that variable."
    )


def test_a_5xx_after_the_hand_over_is_unconfirmed_and_never_resent_on_its_own(signed_in, graph, mail_case):
    from fake_graph import FakeGraph  # noqa: F401 - the fault is the fake's own 500

    graph.fail_next(r"POST /v1\.0/me/sendMail", 500, "InternalServerError", "An internal server error occurred.")
    plan = mail_case.plan(sender="")
    log = SendLog()
    transport = _transport(signed_in, graph)
    report = send_messages(plan.messages, transport, log=log)
    assert [r.status for r in report.results] == [UNCONFIRMED, SENT, SENT, SENT]
    assert report.results[0].detail.startswith(
        "Microsoft 365 answered (500 InternalServerError: An internal server error occurred.) after the message to "
        "lukasz@example.com was handed over: it may have been sent."
    )
    assert [e.result for e in log.entries()][0] == "unconfirmed"
    again = send_messages(plan.messages, transport, log=log)
    assert [r.status for r in again.results] == [UNCONFIRMED, SKIPPED, SKIPPED, SKIPPED]
    assert not again.ok and len(graph.sent) == 3


def test_a_timeout_after_the_hand_over_is_unconfirmed_and_two_in_a_row_stop_the_run(signed_in, graph, mail_case):
    graph.fault(r"POST /v1\.0/me/sendMail", after=True, stall=2.5, times=2)  # taken, then no answer in time
    log = SendLog()
    report = send_messages(mail_case.plan(sender="").messages, _transport(signed_in, graph, timeout=1), log=log)
    assert [r.status for r in report.results] == [UNCONFIRMED, UNCONFIRMED, NOT_SENT, NOT_SENT]
    assert "did not answer within 1 s after it was handed over" in report.results[0].detail
    assert report.stopped.startswith("2 messages in a row got no answer in time")
    assert len(graph.sent) == 2  # Graph did take them: that is why they are never re-sent on their own
    assert [e.result for e in log.entries()] == ["unconfirmed", "unconfirmed"]


def test_a_connection_dropped_after_the_hand_over_is_unconfirmed(signed_in, graph, mail_case):
    graph.fault(r"POST /v1\.0/me/sendMail", after=True, drop=True)
    report = send_messages(mail_case.plan(sender="").messages[:2], _transport(signed_in, graph), log=SendLog())
    assert [r.status for r in report.results] == [UNCONFIRMED, SENT]
    assert "the connection to 127.0.0.1" in report.results[0].detail and "was lost" in report.results[0].detail


def test_graph_unreachable_stops_before_anything_is_claimed(signed_in, mail_case):
    from smtp_server import closed_port

    transport = GraphTransport(
        GraphMailer(signed_in.token_source(), f"https://127.0.0.1:{closed_port()}/v1.0", timeout=2)
    )
    log = SendLog()
    report = send_messages(mail_case.plan(sender="").messages, transport, log=log)
    assert report.count(NOT_SENT) == 3 and report.count(FAILED) == 1
    assert report.stopped.startswith("Could not send through Microsoft 365: 127.0.0.1:")
    assert report.stopped.endswith("Check the network connection.")
    assert "Errno" not in report.stopped and "]" not in report.stopped  # the system's reason, without its number
    assert [e.result for e in log.entries()] == ["failed"]


def test_a_declined_consent_an_admin_consent_and_an_unknown_app(entra, tls_cert, memory_keyring):
    from loopback import LoopbackBrowser, browser_is

    entra.deny_next = True
    with browser_is(LoopbackBrowser(verify=str(tls_cert[0]))):
        with pytest.raises(StopSending, match="The sign-in was cancelled or the permissions were declined"):
            _sign_in(entra).sign_in(timeout=20)
        entra.refuse_next = {
            "error": "invalid_client",
            "error_description": "AADSTS65001: The user or administrator has not consented to use the application.",
        }
        with pytest.raises(StopSending) as err:
            _sign_in(entra).sign_in(timeout=20)
        assert str(err.value).startswith(
            f"An administrator of your organization must approve the app {entra.client_id} first (AADSTS65001:"
        )
        assert str(err.value).endswith("grants admin consent for Mail.Send and Mail.ReadWrite on the app registration.")
        entra.refuse_next = {  # signed in with an account of another organization
            "error": "invalid_request",
            "error_description": "AADSTS50020: User account 'me@other.example' from identity provider "
            "'live.com' does not exist in tenant 'Contoso'.",
        }
        with pytest.raises(StopSending, match="The account you signed in with does not belong to the tenant "):
            _sign_in(entra).sign_in(timeout=20)
    # an unknown app: Entra shows its error in the browser and never comes back
    other = MicrosoftSignIn(MicrosoftApp.checked("0b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90", entra.tenant, entra.base_url))
    with browser_is(LoopbackBrowser(verify=str(tls_cert[0]))) as b:
        with pytest.raises(StopSending) as err:
            other.sign_in(timeout=2)
    assert "AADSTS700016" in b.pages[0].text
    assert str(err.value).startswith("The sign-in was not finished in the browser within 2 s; nothing was sent.")
    assert "check --client-id 0b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90 and --tenant contoso.example" in str(err.value)
    assert not _sign_in(entra).state().signed_in


def test_client_id_and_tenant_are_checked():
    from tec_desktop.errors import TecError

    with pytest.raises(TecError, match="'my-app' is not an Application \\(client\\) ID: it is a GUID"):
        MicrosoftApp.checked("my-app")
    with pytest.raises(TecError, match="is not a Microsoft 365 tenant"):
        MicrosoftApp.checked("1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90", "contoso com")
    with pytest.raises(TecError, match="is not encrypted"):
        MicrosoftApp.checked("1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90", login_url="http://login.example.com")
    app = MicrosoftApp.checked(" 1B7C0E2A-55D4-4C1E-9A61-3F0C2D7E8A90 ", "contoso.com")
    assert app.authority == "https://login.microsoftonline.com/contoso.com"
    assert app.client_id == "1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90"


def test_graph_parsed_message_keeps_the_correction_line(signed_in, graph, mail_case):
    # a message built for Graph is the same MIME as for SMTP: the subject and text arrive as planned
    plan = mail_case.plan(sender="")
    send_messages(plan.messages[:1], _transport(signed_in, graph), log=SendLog())
    msg = email.message_from_bytes(graph.sent[0].mime, policy=email.policy.default)
    assert msg["Subject"] == plan.messages[0].subject


def test_where_the_sign_in_is_kept_falls_back_only_after_a_trial_write(tmp_path, memory_keyring, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    from tec_desktop.mail.token_cache import open_token_store

    store = open_token_store(tmp_path / "a.bin")
    assert (store.where, store.persistent) == ("in the system keyring", True)

    class Locked(KeyringBackend):  # a keyring that cannot be unlocked: it fails only when written to
        priority = 1

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            raise keyring.errors.KeyringLocked("Prompt dismissed")

        def delete_password(self, service, username):
            raise keyring.errors.PasswordDeleteError("nothing")

    keyring.set_keyring(Locked())
    store = open_token_store(tmp_path / "b.bin")
    assert not store.persistent
    assert store.where == (
        "in memory only, until TEC Desktop closes (this computer offers no protected store for it: no encrypted "
        "store in the tests)"
    )
    assert open_token_store(tmp_path / "b.bin").cache is store.cache  # the same for the rest of the session
    assert not (tmp_path / "b.bin").exists()  # never a file with the refresh token in it
