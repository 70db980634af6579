"""The app never gives command-line advice: the core's failures, made for real, as the app says them.

Each case provokes the real failure from the core (a real SMTP server, a real workbook, the real
keyring module), checks that the command line still words it with its options (the CLI keeps its
text), and that ui.engine.wording.for_app renders the same code in the app's wording, which names
the app's settings instead (tests/test_codes.py checks every app wording of the registry).
"""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from tec_desktop.errors import TecError
from tec_desktop.mail import smtp
from tec_desktop.mail.passwords import require_password, store_password
from tec_desktop.mail.sending import send_messages
from tec_desktop.mail.sendlog import SendLog
from tec_desktop.mail.smtp import SmtpSession, SmtpSettings
from tec_desktop.metrics.compute import compute_month, resolve_month
from tec_desktop.workbook.reader import read_workbook
from ui.engine.wording import for_app

from builder import rows_copy, write_workbook
from smtp_server import USER, Recorder, smtp_server
from ui_helpers import open_and_wait

CLI_WORDS = ("--", "TEC_SMTP_PASSWORD", "keyring set", "environment variable")


def _app(exc: TecError, *, cli: str, says: str) -> str:
    assert cli in str(exc), f"the command line's wording of {exc.code} changed: {exc}"
    text = for_app(exc)
    assert not any(w in text for w in CLI_WORDS), text
    assert says in text, text
    return text


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # never the developer's real keyring
    yield
    keyring.set_keyring(before)


def test_untrusted_certificate(tls_cert):
    with smtp_server("starttls", tls_cert) as server:
        with pytest.raises(smtp.SmtpError) as err:
            smtp.test_connection(SmtpSettings(server.host, server.port, "starttls", timeout=10))
    text = _app(err.value, cli="--ca-file", says="Trusted certificate file in Preferences → Email")
    assert "turning off Verify the server's certificate there lets anyone in between read the password" in text


def test_login_without_encryption():
    with pytest.raises(smtp.SmtpError) as err:
        SmtpSession(SmtpSettings("127.0.0.1", 25, "none", user=USER), "secret").open()
    _app(err.value, cli="--security", says="choose STARTTLS or SSL/TLS as Security in Preferences → Email")


def test_starttls_not_offered():
    with smtp_server("none") as server:
        with pytest.raises(smtp.SmtpError) as err:
            smtp.test_connection(SmtpSettings(server.host, server.port, "starttls", timeout=10))
    _app(err.value, cli="--security ssl", says="Choose SSL/TLS as Security in Preferences → Email")


def test_ssl_to_a_plain_port():
    with smtp_server("none") as server:
        with pytest.raises(smtp.SmtpError) as err:
            smtp.test_connection(SmtpSettings(server.host, server.port, "ssl", timeout=10))
    _app(err.value, cli="--security starttls", says="choose it as Security in Preferences → Email")


def test_sender_refused_and_no_sender(mail_case):  # noqa: F811
    class Handler(Recorder):
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            return "553 5.7.1 Sender address rejected: not owned by user"

    with smtp_server(handler=Handler()) as server:
        report = send_messages(
            mail_case.plan().messages, SmtpSettings(server.host, server.port, "none", timeout=10), log=SendLog()
        )
    assert report.stopped_by is not None and report.stopped == str(report.stopped_by)
    _app(report.stopped_by, cli="(--from)", says="(From in Preferences → Email)")
    with pytest.raises(TecError) as err:
        send_messages(mail_case.plan(sender="").messages, SmtpSettings("127.0.0.1", 25, "none"), log=SendLog())
    assert _app(err.value, cli="--from", says="fill in From in Preferences → Email") == (
        "Say who the email is from: fill in From in Preferences → Email."
    )


def test_month_without_data_and_no_reporting_month(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "book.xlsx", rows_copy()))
    with pytest.raises(TecError) as err:
        compute_month(book, "2025-03")
    assert _app(err.value, cli="pass --month", says="or choose another month above.").endswith(
        "Check the Reporting month on the Settings sheet or choose another month above."
    )
    rows = rows_copy()
    rows["Settings"] = [r for r in rows["Settings"] if r["Setting"] != "Reporting month"]
    book = read_workbook(write_workbook(tmp_path / "nomonth.xlsx", rows))
    with pytest.raises(TecError) as err:
        resolve_month(book, None)
    _app(err.value, cli="pass --month", says="(for example 2026-10) or choose another month above.")


def test_no_password(no_keyring, monkeypatch):
    monkeypatch.delenv("TEC_SMTP_PASSWORD", raising=False)
    with pytest.raises(TecError) as err:
        require_password("smtp.example.com", USER)
    text = _app(err.value, cli="TEC_SMTP_PASSWORD", says="type it in the Password line of the Email window")
    assert text == (
        f"No password for {USER} on smtp.example.com: no system keyring is available on this computer, so type it "
        "in the Password line of the Email window."
    )
    with pytest.raises(TecError) as err:
        store_password("smtp.example.com", USER, "secret")
    # The app keeps a password no keyring took until it closes (ui.engine.mail_jobs), and says so.
    assert _app(err.value, cli="TEC_SMTP_PASSWORD", says="Cannot remember the password") == (
        "Cannot remember the password: no system keyring is available on this computer. "
        "TEC Desktop keeps it until it is closed."
    )


def test_seams_view_says_choose_another_month(qtbot, window, tmp_path):
    rows = rows_copy()
    for r in rows["Settings"]:
        if r["Setting"] == "Reporting month":
            r["Value"] = "2025-03"  # nothing is dated in it
    result = open_and_wait(qtbot, window, write_workbook(tmp_path / "march.xlsx", rows))
    assert result.month == "2025-03" and result.month_view is None
    message = window.seams.empty.message()
    assert message.startswith("No metrics for this month No data for 2025-03 in march.xlsx")
    assert message.endswith("or choose another month above.") and "--" not in message
    assert "--" not in window.scorecards.blocking_reason()
