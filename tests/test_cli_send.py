"""`tec send` end to end: workbook -> checks -> metrics -> real PDFs -> plan -> aiosmtpd or .eml drafts."""

from __future__ import annotations

import logging
import warnings
from email import policy
from email.parser import BytesParser

import keyring
import pytest
from keyring.backends import fail

from tec_desktop.cli.main import main
from tec_desktop.mail.sendlog import SendLog

from builder import write_workbook
from mail_fixtures import LEADERS, OWNERS, mail_rows
from smtp_server import PASSWORD, USER, closed_port, smtp_server

ALL = sorted(LEADERS + OWNERS)


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    monkeypatch.delenv("TEC_SMTP_PASSWORD", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # never the developer's real keyring
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield
    keyring.set_keyring(before)


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "seams.xlsx", mail_rows())


def _send(*args) -> int:
    return main(["send", *map(str, args)])


def _relay(server) -> list[str]:
    return ["--smtp", f"127.0.0.1:{server.port}", "--security", "none", "--from", "ops@example.com", "--timeout", "1"]


def _recipients(server) -> list[str]:
    return sorted(a.lower() for r in server.handler.received for a in r.rcpt_tos)


def test_dry_run_lists_everything_and_sends_nothing(workbook, capsys):
    with smtp_server() as server:
        assert _send(workbook, *_relay(server), "--dry-run") == 0
        assert server.handler.received == []
    out = capsys.readouterr().out
    assert f"Dry run for 2026-10: 4 message(s) via 127.0.0.1:{server.port} (no encryption)" in out
    assert "from ops@example.com. Nothing is sent." in out
    for line in (
        "- Łukasz Nowak <lukasz@example.com> [pack]: send",
        "- Ana Díaz <Ana@Example.com> [pack]: send",
        "- Zoë Ødegård <zoe@example.com> [owner]: send",
        "- 王芳 <wang.fang@example.com> [owner]: send",
        "subject:    Seam scorecards – October 2026 – your seams",
        "attachment: Seam-scorecards-2026-10-Zoë-Ødegård.pdf",
        "attachment: Seam-scorecards-2026-10-王芳.pdf",
        "note: Old Boss (Leadership) is marked inactive on People: no pack for them.",
    ):
        assert line in out
    assert SendLog().entries() == []


def test_send_then_refuse_the_second_send_then_resend_one(workbook, tmp_path, capsys):
    pdfs = tmp_path / "pdfs"
    with smtp_server() as server:
        assert _send(workbook, *_relay(server), "--out", pdfs) == 0
        assert _recipients(server) == ALL
        out = capsys.readouterr().out
        assert "4 sent." in out and "sent      zoe@example.com  Seam-scorecards-2026-10-Zoë-Ødegård.pdf" in out
        for r in server.handler.received:  # the PDF on disk is the PDF received
            [att] = list(r.message().iter_attachments())
            assert att.get_content() == (pdfs / att.get_filename()).read_bytes()
            assert att.get_content().startswith(b"%PDF-")

        assert _send(workbook, *_relay(server)) == 0  # PDFs made again: same bytes, so same log key
        assert len(server.handler.received) == 4
        out = capsys.readouterr().out
        assert "0 sent, 4 skipped (already sent)." in out and "skipped   zoe@example.com" in out

        assert _send(workbook, *_relay(server), "--dry-run") == 0
        assert out_has(capsys, "- Zoë Ødegård <zoe@example.com> [owner]: skip: already sent on")

        assert _send(workbook, *_relay(server), "--resend", "--only", "ZOE@example.com") == 0
        assert len(server.handler.to("zoe@example.com")) == 2 and len(server.handler.received) == 5
    assert [e.result for e in SendLog().entries(recipient="zoe@example.com")] == ["sent", "sent"]


def out_has(capsys, text: str) -> bool:
    return text in capsys.readouterr().out


def test_connection_refused_is_one_line_exit_2(workbook, capsys):
    port = closed_port()
    assert (
        _send(
            workbook, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--from", "ops@example.com", "--timeout", "1"
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err == (f"tec: Could not connect to 127.0.0.1:{port}: connection refused. Check the server name and port.\n")
    assert SendLog().entries() == []


def test_one_recipient_rejected_exit_2_and_retry_sends_only_that_one(workbook, capsys):
    with smtp_server() as server:
        server.handler.reject["wang.fang@example.com"] = "550 5.1.1 Mailbox unavailable"
        assert _send(workbook, *_relay(server)) == 2
        captured = capsys.readouterr()
        assert "3 sent, 1 failed." in captured.out
        assert (
            "failed    wang.fang@example.com  Seam-scorecards-2026-10-王芳.pdf: wang.fang@example.com was "
            "refused by the server (550 5.1.1 Mailbox unavailable)."
        ) in captured.err
        assert "run the same command again to retry" in captured.err
        assert len(server.handler.received) == 3

        server.handler.reject.clear()
        assert _send(workbook, *_relay(server)) == 0
        assert "1 sent, 3 skipped (already sent)." in capsys.readouterr().out
        assert _recipients(server) == ALL  # each exactly once
    assert [e.result for e in SendLog().entries(recipient="wang.fang@example.com")] == ["failed", "sent"]


def test_starttls_auth_with_password_from_environment(workbook, tls_cert, monkeypatch, capsys):
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        args = [
            "--smtp",
            f"127.0.0.1:{server.port}",
            "--security",
            "starttls",
            "--user",
            USER,
            "--ca-file",
            tls_cert[0],
            "--timeout",
            "1",
        ]
        assert _send(workbook, *args) == 2  # no password anywhere
        assert capsys.readouterr().err == (
            f"tec: No password for {USER} on 127.0.0.1: no system keyring is available on this computer: "
            "set the TEC_SMTP_PASSWORD environment variable.\n"
        )

        monkeypatch.setenv("TEC_SMTP_PASSWORD", "wrong")
        assert _send(workbook, *args) == 2
        assert capsys.readouterr().err.startswith(f"tec: The server refused the login for {USER} (535")

        monkeypatch.setenv("TEC_SMTP_PASSWORD", PASSWORD)
        assert _send(workbook, *args) == 0  # the sender defaults to --user
        assert _recipients(server) == ALL
        assert {r.mail_from for r in server.handler.received} == {USER}


def test_self_signed_certificate_refused_unless_insecure(workbook, tls_cert, capsys):
    with smtp_server("starttls", tls_cert) as server:
        args = ["--smtp", f"127.0.0.1:{server.port}", "--from", "ops@example.com", "--timeout", "1"]
        assert _send(workbook, *args) == 2
        err = capsys.readouterr().err
        assert err.startswith("tec: Certificate of 127.0.0.1 could not be verified: self-signed certificate.")
        assert err.count("\n") == 1
        assert _send(workbook, *args, "--insecure") == 0
        assert "--insecure: the server's certificate is not checked" in capsys.readouterr().err
        assert _recipients(server) == ALL


def test_eml_drafts(workbook, tmp_path, capsys):
    folder = tmp_path / "drafts"
    assert _send(workbook, "--eml-dir", folder) == 0
    assert "4 draft(s) in" in capsys.readouterr().out
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 4
    got = sorted(
        BytesParser(policy=policy.default).parsebytes(p.read_bytes())["To"].addresses[0].addr_spec.lower()
        for p in files
    )
    assert got == ALL
    msg = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert msg["X-Unsent"] == "1" and msg["From"] is None
    [att] = list(msg.iter_attachments())
    assert att.get_content().startswith(b"%PDF-")
    assert {e.result for e in SendLog().entries()} == {"drafted"}


def test_workbook_with_errors_is_refused_exit_1(tmp_path, capsys):
    rows = mail_rows()
    rows["Handoffs"][0]["Seam ID"] = "S-99"
    book = write_workbook(tmp_path / "bad.xlsx", rows)
    with smtp_server() as server:
        assert _send(book, *_relay(server)) == 1
        assert server.handler.received == []
    err = capsys.readouterr().err
    assert err.startswith("tec: bad.xlsx has 1 error; fix it in Excel before sending the scorecards:")
    assert "S-99" in err


def test_argument_errors_are_one_line_exit_2(workbook, capsys):
    for args, message in (
        (["--smtp", "smtp.example.com"], "Say who the email is from"),
        (["--smtp", "smtp.example.com", "--from", "nobody"], "--from 'nobody' is not an email address"),
        (["--smtp", "bad host:x", "--from", "a@example.com"], "is not a mail server"),
        (
            ["--smtp", "h", "--from", "a@example.com", "--only", "x@example.com", "--dry-run"],
            "No message for x@example.com",
        ),
        (["--smtp", "h", "--from", "a@example.com", "--month", "2026-13"], "'2026-13' is not a month"),
    ):
        assert _send(workbook, *args) == 2
        err = capsys.readouterr().err
        assert err.startswith("tec: ") and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_no_password_option_and_one_delivery_method(workbook, capsys):
    with pytest.raises(SystemExit) as exc:
        _send(workbook, "--smtp", "h", "--password", "secret")
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        _send(workbook, "--smtp", "h", "--eml-dir", "d")
    with pytest.raises(SystemExit):
        _send(workbook)
    assert "one of the arguments --smtp --microsoft --google --eml-dir is required" in capsys.readouterr().err


def test_help_documents_exit_codes_and_password(capsys):
    with pytest.raises(SystemExit):
        main(["send", "--help"])
    out = capsys.readouterr().out
    assert "TEC_SMTP_PASSWORD" in out and "exit status" in out and "--resend" in out and "--dry-run" in out
