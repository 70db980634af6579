"""Sending the month's mail to a real SMTP server on 127.0.0.1 (aiosmtpd), including the faults."""

from __future__ import annotations

import logging
import time
import warnings

import pytest

from tec_desktop.errors import TecError
from tec_desktop.mail import smtp
from tec_desktop.mail.sending import FAILED, NOT_SENT, SENT, SKIPPED, UNCONFIRMED, send_messages
from tec_desktop.mail.sendlog import SendLog
from tec_desktop.mail.smtp import SmtpError, SmtpSettings

from mail_fixtures import LEADERS, OWNERS
from smtp_server import PASSWORD, USER, closed_port, silent_server, smtp_server

TIMEOUT = 1.0


@pytest.fixture(autouse=True)
def _quiet_server():
    """aiosmtpd logs every broken session with a traceback; the tests make those on purpose."""
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # 'AUTH without TLS' for the implicit-TLS server
        yield


def _settings(server, **kw) -> SmtpSettings:
    kw.setdefault("timeout", TIMEOUT)
    return SmtpSettings(server.host, server.port, server.security, **kw)


def _log_results(log: SendLog) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in log.entries():
        out.setdefault(e.recipient, []).append(e.result)
    return out


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _assert_received_matches(server, plan):
    """Every planned message arrived once, and reads back as planned."""
    assert len(server.handler.received) == len(plan.messages)
    for out in plan.messages:
        [got] = server.handler.to(out.to_email)
        assert got.mail_from == "ops@example.com" and got.rcpt_tos == [out.to_email]
        msg = got.message()
        assert msg["To"].addresses[0].addr_spec == out.to_email
        assert msg["To"].addresses[0].display_name == out.to_name
        assert msg["Subject"] == out.subject
        assert _lf(msg.get_body(("plain",)).get_content()) == out.text  # CRLF on the wire
        assert _lf(msg.get_body(("html",)).get_content()) == out.html
        [att] = list(msg.iter_attachments())
        assert att.get_filename() == out.attachment_name
        assert att.get_content() == out.attachment.read_bytes()  # byte-identical to the file on disk


def test_plain_relay_sends_every_message_and_logs_it(mail_case):
    plan = mail_case.plan()
    log = SendLog()
    seen = []
    with smtp_server() as server:
        report = send_messages(plan.messages, _settings(server), log=log, on_result=seen.append)
        _assert_received_matches(server, plan)
    assert report.ok and report.count(SENT) == 4 and report.summary() == "4 sent."
    assert [r.message for r in seen] == list(plan.messages)  # one callback per message, in order
    entries = log.entries()
    assert [(e.recipient, e.result) for e in entries] == [(m.to_email.lower(), "sent") for m in plan.messages]
    e = entries[2]
    assert e.month == "2026-10" and e.workbook_sha256 == mail_case.book.sha256
    assert e.attachment_sha256 == plan.messages[2].attachment_sha256 and e.attachment_name.endswith("Ødegård.pdf")
    assert e.kind == "owner" and e.subject == plan.messages[2].subject and e.error == ""
    assert e.message_id.startswith("<") and e.finished_at >= e.started_at
    assert e.method.startswith("smtp 127.0.0.1:")


def test_second_send_is_refused_unless_resend(mail_case):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        send_messages(plan.messages, _settings(server), log=log)
        again = send_messages(plan.messages, _settings(server), log=log)
        assert again.count(SKIPPED) == 4 and again.count(SENT) == 0
        assert all("already sent on" in r.detail for r in again.results)
        assert len(server.handler.received) == 4  # nothing sent twice
        forced = send_messages(plan.only(["zoe@example.com"]).messages, _settings(server), log=log, resend=True)
        assert forced.count(SENT) == 1 and len(server.handler.to("zoe@example.com")) == 2
    assert _log_results(log)["zoe@example.com"] == ["sent", "sent"]


def test_all_skipped_opens_no_connection(mail_case):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        send_messages(plan.messages, _settings(server), log=log)
    # The server is gone; a repeat click must still answer 'already sent', not 'cannot connect'.
    report = send_messages(plan.messages, SmtpSettings("127.0.0.1", closed_port(), "none", timeout=TIMEOUT), log=log)
    assert report.count(SKIPPED) == 4 and not report.stopped


def test_starttls_self_signed_is_refused_by_default(mail_case, tls_cert):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server("starttls", tls_cert) as server:
        with pytest.raises(SmtpError) as err:
            smtp.test_connection(_settings(server))
        assert str(err.value).startswith("Certificate of 127.0.0.1 could not be verified: self-signed certificate.")
        assert err.value.kind == "tls"
        report = send_messages(plan.messages, _settings(server), log=log)
        assert report.stopped.startswith("Certificate of 127.0.0.1 could not be verified")
        assert report.count(NOT_SENT) == 4 and server.handler.received == []
    assert log.entries() == []  # nothing was attempted


def test_starttls_with_trusted_certificate_sends(mail_case, tls_cert):
    plan = mail_case.plan()
    with smtp_server("starttls", tls_cert) as server:
        settings = _settings(server, ca_file=str(tls_cert[0]))
        assert smtp.test_connection(settings).startswith(f"Connected to 127.0.0.1:{server.port} with TLSv1.")
        report = send_messages(plan.messages, settings, log=SendLog())
        assert report.ok
        _assert_received_matches(server, plan)


def test_starttls_insecure_skips_the_check(tls_cert):
    with smtp_server("starttls", tls_cert) as server:
        assert "with TLS" in smtp.test_connection(_settings(server, verify=False))


def test_starttls_not_offered_is_clear():
    with smtp_server() as server:
        with pytest.raises(SmtpError, match=r"does not offer STARTTLS"):
            smtp.test_connection(SmtpSettings(server.host, server.port, "starttls", timeout=TIMEOUT))


def test_auth_login_over_starttls(mail_case, tls_cert):
    plan = mail_case.plan()
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        settings = _settings(server, user=USER, ca_file=str(tls_cert[0]))
        assert smtp.test_connection(settings, PASSWORD).endswith(f"logged in as {USER}.")
        report = send_messages(plan.messages, settings, PASSWORD, log=SendLog())
        assert report.ok
        _assert_received_matches(server, plan)
        assert USER in server.handler.logins


def test_auth_over_implicit_tls(mail_case, tls_cert):
    plan = mail_case.plan().only(["zoe@example.com"])
    with smtp_server("ssl", tls_cert, auth=(USER, PASSWORD)) as server:
        settings = _settings(server, user=USER, ca_file=str(tls_cert[0]))
        assert send_messages(plan.messages, settings, PASSWORD, log=SendLog()).ok
        _assert_received_matches(server, plan)


def test_non_ascii_password(tls_cert):
    with smtp_server("starttls", tls_cert, auth=(USER, "Pässwörd-€")) as server:
        settings = _settings(server, user=USER, ca_file=str(tls_cert[0]))
        assert "logged in" in smtp.test_connection(settings, "Pässwörd-€")


def test_wrong_password_stops_with_clear_message(mail_case, tls_cert):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        settings = _settings(server, user=USER, ca_file=str(tls_cert[0]))
        with pytest.raises(SmtpError) as err:
            smtp.test_connection(settings, "wrong")
        assert str(err.value) == (
            f"The server refused the login for {USER} (535 5.7.8 Authentication credentials invalid): wrong "
            "password, or the account needs an app password, or SMTP AUTH is disabled for it (Microsoft 365: "
            "5.7.139)."
        )
        assert err.value.kind == "auth"
        report = send_messages(plan.messages, settings, "wrong", log=log)
        assert report.stopped == str(err.value) and report.count(NOT_SENT) == 4
        assert server.handler.received == []
    assert log.entries() == []


def test_login_without_encryption_is_refused_before_the_password_leaves():
    with smtp_server() as server:
        with pytest.raises(SmtpError, match="Will not send the password for ops@example.com .* unencrypted"):
            smtp.test_connection(_settings(server, user=USER), PASSWORD)


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), 0, -5])
def test_a_timeout_that_is_not_a_finite_number_above_0_is_refused_by_the_settings(timeout):
    """The command line refuses these before; the settings refuse them too, for every other caller (the app)."""
    with pytest.raises(TecError) as err:
        SmtpSettings("smtp.example.com", timeout=timeout)
    assert err.value.code == "smtp-timeout-invalid"
    assert err.value.app_message() == "The timeout must be more than 0 seconds."


def test_implicit_tls_against_starttls_port(tls_cert):
    with smtp_server("starttls", tls_cert) as server:
        with pytest.raises(SmtpError, match="did not start an encrypted connection: it probably expects STARTTLS"):
            smtp.test_connection(SmtpSettings(server.host, server.port, "ssl", timeout=TIMEOUT))


def test_connection_refused(mail_case):
    port = closed_port()
    settings = SmtpSettings("127.0.0.1", port, "none", timeout=TIMEOUT)
    with pytest.raises(SmtpError) as err:
        smtp.test_connection(settings)
    assert str(err.value) == (
        f"Could not connect to 127.0.0.1:{port}: connection refused. Check the server name and port."
    )
    log = SendLog()
    report = send_messages(mail_case.plan().messages, settings, log=log)
    assert report.stopped == str(err.value) and report.count(NOT_SENT) == 4 and log.entries() == []


def test_unknown_host_name():
    with pytest.raises(SmtpError, match="Could not find the mail server no-such-host.invalid"):
        smtp.test_connection(SmtpSettings("no-such-host.invalid", 25, "none", timeout=TIMEOUT))


def test_server_that_never_answers_times_out(mail_case):
    log = SendLog()
    with silent_server() as port:
        settings = SmtpSettings("127.0.0.1", port, "none", timeout=TIMEOUT)
        start = time.monotonic()
        with pytest.raises(SmtpError) as err:
            smtp.test_connection(settings)
        assert time.monotonic() - start < 5
        assert err.value.kind == "timeout"
        assert str(err.value).startswith(f"127.0.0.1:{port} did not answer within 1 s.")
        report = send_messages(mail_case.plan().messages, settings, log=log)
        assert report.stopped == str(err.value) and report.count(NOT_SENT) == 4
    assert log.entries() == []
    with smtp_server() as server:  # retry against a working server: each message once
        retry = send_messages(mail_case.plan().messages, _settings(server), log=log)
        assert retry.count(SENT) == 4 and len(server.handler.received) == 4


def test_one_recipient_rejected_others_sent_and_retry_sends_only_that_one(mail_case):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        server.handler.reject["ana@example.com"] = "550 5.1.1 <ana@example.com>: Recipient address rejected"
        report = send_messages(plan.messages, _settings(server), log=log)
        assert report.count(SENT) == 3 and report.count(FAILED) == 1 and not report.stopped and not report.ok
        [failed] = [r for r in report.results if r.status == FAILED]
        assert failed.detail == (
            "Ana@Example.com was refused by the server (550 5.1.1 <ana@example.com>: Recipient address rejected)."
        )
        assert len(server.handler.received) == 3 and server.handler.to("ana@example.com") == []
        results = _log_results(log)
        assert results["ana@example.com"] == ["failed"]
        assert [e.error for e in log.entries() if e.result == "failed"] == [failed.detail]

        server.handler.reject.clear()  # the mailbox was fixed: try again
        retry = send_messages(plan.messages, _settings(server), log=log)
        assert retry.count(SENT) == 1 and retry.count(SKIPPED) == 3
        assert [r.message.to_email for r in retry.results if r.status == SENT] == ["Ana@Example.com"]
        assert all(len(server.handler.to(a)) == 1 for a in LEADERS + OWNERS)  # no duplicates
    assert _log_results(log)["ana@example.com"] == ["failed", "sent"]


def test_connection_dropped_before_the_message_reconnects_and_a_retry_sends_it(mail_case):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        server.handler.drop_at_rcpt["ana@example.com"] = 1  # gone before the message was handed over
        report = send_messages(plan.messages, _settings(server), log=log)
        assert [r.status for r in report.results] == [SENT, FAILED, SENT, SENT]
        assert "connection to 127.0.0.1" in report.results[1].detail and "lost" in report.results[1].detail
        assert "counts as not sent" in report.results[1].detail
        assert len(server.handler.received) == 3
        assert _log_results(log)["ana@example.com"] == ["failed"]

        retry = send_messages(plan.messages, _settings(server), log=log)
        assert [r.status for r in retry.results] == [SKIPPED, SENT, SKIPPED, SKIPPED]
        assert all(len(server.handler.to(a)) == 1 for a in LEADERS + OWNERS)


def test_connection_dropped_after_the_whole_message_is_unconfirmed_and_never_resent_on_its_own(mail_case):
    """Issue 16 #16: the server had the whole message when the connection went: it may have delivered it."""
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        server.handler.drop["ana@example.com"] = 1
        report = send_messages(plan.messages, _settings(server), log=log)
        assert [r.status for r in report.results] == [SENT, UNCONFIRMED, SENT, SENT]
        assert report.results[1].detail.startswith(
            f"127.0.0.1:{server.port} received the whole message to Ana@Example.com, but the connection was lost "
            "before it confirmed it: it may have arrived."
        )
        assert not report.ok and report.summary() == "3 sent, 1 unconfirmed (may have arrived)."
        assert _log_results(log)["ana@example.com"] == ["unconfirmed"]

        retry = send_messages(plan.messages, _settings(server), log=log)  # a plain retry does not re-send it
        assert [r.status for r in retry.results] == [SKIPPED, UNCONFIRMED, SKIPPED, SKIPPED]
        assert retry.results[1].detail.startswith("unconfirmed: sent on ")
        assert retry.summary() == "0 sent, 3 skipped (already sent), 1 unconfirmed (may have arrived)."
        assert not retry.ok
        assert server.handler.to("ana@example.com") == []

        again = send_messages(plan.only(["ana@example.com"]).messages, _settings(server), log=log, resend=True)
        assert again.count(SENT) == 1 and again.ok
        assert len(server.handler.to("ana@example.com")) == 1
    assert _log_results(log)["ana@example.com"] == ["unconfirmed", "sent"]


def test_server_stalls_after_the_message_is_unconfirmed_and_the_rest_goes_on(mail_case):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        server.handler.stall["lukasz@example.com"] = 3 * TIMEOUT
        start = time.monotonic()
        report = send_messages(plan.messages, _settings(server), log=log)
        assert time.monotonic() - start < 10
        assert [r.status for r in report.results] == [UNCONFIRMED, SENT, SENT, SENT]
        assert "but it stopped answering (no reply within 1 s) before it confirmed it" in report.results[0].detail
        assert _log_results(log)["lukasz@example.com"] == ["unconfirmed"]
        retry = send_messages(plan.messages, _settings(server), log=log)
        assert retry.count(SENT) == 0 and retry.count(UNCONFIRMED) == 1
        assert all(len(server.handler.to(a)) == 1 for a in LEADERS + OWNERS if a != "lukasz@example.com")


def test_cancel_between_messages(mail_case):
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        report = send_messages(
            plan.messages, _settings(server), log=log, should_cancel=lambda: len(server.handler.received) >= 2
        )
    assert [r.status for r in report.results] == [SENT, SENT, NOT_SENT, NOT_SENT]
    assert report.stopped.startswith("Cancelled")
    assert len(log.entries()) == 2


def test_progress_reports_each_message(mail_case):
    calls = []
    with smtp_server() as server:
        send_messages(
            mail_case.plan().messages,
            _settings(server),
            log=SendLog(),
            progress=lambda done, total, label: calls.append((done, total, label)),
        )
    assert calls[0] == (0, 4, "Sending to lukasz@example.com") and calls[-1] == (4, 4, "Done")


def test_sender_refused_stops_the_run(mail_case):
    class RefuseSender:
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            return "553 5.7.1 Sender address rejected: not owned by user"

    from smtp_server import Recorder

    class Handler(Recorder, RefuseSender):
        pass

    log = SendLog()
    with smtp_server(handler=Handler()) as server:
        report = send_messages(mail_case.plan().messages, _settings(server), log=log)
    assert report.results[0].status == FAILED
    assert report.stopped.startswith("The server refused the sender address ops@example.com (553 5.7.1")
    assert [r.status for r in report.results[1:]] == [NOT_SENT] * 3
    assert _log_results(log) == {"lukasz@example.com": ["failed"]}


def test_parse_server_and_ports():
    assert smtp.parse_server("smtp.example.com") == ("smtp.example.com", 0)
    assert smtp.parse_server("smtp.example.com:2525") == ("smtp.example.com", 2525)
    assert smtp.parse_server("[::1]:25") == ("::1", 25)
    for bad in ("", "a b", "host:x", "host:70000"):
        with pytest.raises(Exception, match="is not a mail server"):
            smtp.parse_server(bad)
    assert SmtpSettings("h", security="ssl").real_port == 465
    assert SmtpSettings("h", security="starttls").real_port == 587
    assert SmtpSettings("h", security="none").real_port == 25
    assert SmtpSettings("::1", 25, "none").address == "[::1]:25"


def test_session_repr_hides_password():
    session = smtp.SmtpSession(SmtpSettings("h", user=USER), "s3cret-pw")
    assert "s3cret" not in repr(session) and "s3cret" not in repr(session.settings)


def test_earlier_sends_for_the_preview(mail_case):
    from tec_desktop.mail.sending import earlier_sends

    plan = mail_case.plan()
    log = SendLog()
    assert earlier_sends(plan.messages, log) == [None] * 4
    with smtp_server() as server:
        send_messages(plan.only(["zoe@example.com"]).messages, _settings(server), log=log)
    found = earlier_sends(plan.messages, log)
    assert [e is not None for e in found] == [False, False, True, False]
    assert found[2].result == "sent" and found[2].describe().startswith("already sent on ")


def test_421_at_mail_from_is_the_server_closing_not_a_bad_sender(mail_case):
    """Issue 16 #15: a 421 is not a refused sender address."""
    from smtp_server import Recorder

    class Closing(Recorder):
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            return "421 4.3.2 Service shutting down, closing transmission channel"

    log = SendLog()
    with smtp_server(handler=Closing()) as server:
        report = send_messages(mail_case.plan().messages, _settings(server), log=log)
    assert report.stopped == (
        f"127.0.0.1:{server.port} is closing the connection (421 4.3.2 Service shutting down, closing transmission "
        "channel): the server is busy or limiting how much is sent. Try again later; what was sent is in the send "
        "log and is not sent again."
    )
    assert "--from" not in report.stopped and "sender address" not in report.stopped
    assert [r.status for r in report.results] == [FAILED, NOT_SENT, NOT_SENT, NOT_SENT]


def test_two_timeouts_in_a_row_stop_the_run(mail_case):
    """Issue 16 #17: a server that stalls after DATA is not waited for message after message."""
    plan = mail_case.plan()
    log = SendLog()
    with smtp_server() as server:
        server.handler.stall.update({"lukasz@example.com": 3 * TIMEOUT, "ana@example.com": 3 * TIMEOUT})
        start = time.monotonic()
        report = send_messages(plan.messages, _settings(server), log=log)
        assert time.monotonic() - start < 3 * TIMEOUT * 2
    assert [r.status for r in report.results] == [UNCONFIRMED, UNCONFIRMED, NOT_SENT, NOT_SENT]
    assert report.stopped == (
        "2 messages in a row got no answer in time: the mail service is not responding. The rest were not sent; "
        "try again later."
    )
    assert report.summary() == "0 sent, 2 unconfirmed (may have arrived), 2 not sent."
    assert [e.result for e in log.entries()] == ["unconfirmed", "unconfirmed"]


def test_a_program_killed_mid_send_leaves_an_unconfirmed_message_counted_on_its_own(mail_case):
    """Issue 16 #18: after kill -9 the claimed message is neither 'sent' nor silently skipped."""
    plan = mail_case.plan()
    log = SendLog()
    out = plan.messages[0]
    log.claim(  # what a killed run leaves: the claim, and nothing after it
        organization=out.organization,
        month=out.month,
        recipient=out.to_email,
        kind=out.kind,
        content_fingerprint=out.content_fingerprint,
        attachment_sha256=out.attachment_sha256,
        workbook_sha256=out.workbook_sha256,
    )
    with smtp_server() as server:
        report = send_messages(plan.messages, _settings(server), log=log)
        assert [r.status for r in report.results] == [UNCONFIRMED, SENT, SENT, SENT]
        assert report.results[0].detail.startswith("unconfirmed: a send on ")
        assert report.summary() == "3 sent, 1 unconfirmed (may have arrived)." and not report.ok
        assert server.handler.to(out.to_email) == []
