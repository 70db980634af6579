"""`tec send` with a sign-in, end to end: workbook -> real PDFs -> the real msal / google-auth -> fake Entra ID,
Graph, Google and an XOAUTH2 SMTP server; the environment tokens; the arguments' checks."""

from __future__ import annotations

import json
import logging
import warnings

import pytest

from tec_desktop.cli.main import main
from tec_desktop.mail.sendlog import SendLog

from builder import write_workbook
from fake_smtp_oauth import XOAuth2Handler, XOAuthController
from loopback import server_tls_context
from mail_fixtures import LEADERS, OWNERS, mail_rows

ALL = sorted(a.lower() for a in LEADERS + OWNERS)


@pytest.fixture(autouse=True)
def _quiet():
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "seams.xlsx", mail_rows())


def _send(*args) -> int:
    return main(["send", *map(str, args)])


def _microsoft(entra, graph) -> list[str]:
    return [
        "--microsoft",
        "--client-id",
        entra.client_id,
        "--tenant",
        entra.tenant,
        "--login-url",
        entra.base_url,
        "--graph-url",
        graph.graph_url,
        "--timeout",
        "5",
    ]


def _graph_recipients(graph) -> list[str]:
    return sorted(a.addr_spec.lower() for s in graph.sent for a in s.parsed()["To"].addresses)


def test_microsoft_sign_in_once_then_silent_runs(workbook, entra, graph, browser, memory_keyring, capsys):
    assert _send(workbook, *_microsoft(entra, graph), "--dry-run") == 0
    out = capsys.readouterr().out
    assert (
        f"Dry run for 2026-10: 4 message(s) through Microsoft 365 (127.0.0.1:{graph.port}); not signed in yet: "
        "sending opens your browser to sign in, from the signed-in mailbox. Nothing is sent."
    ) in out
    assert _send(workbook, *_microsoft(entra, graph), "--sign-in") == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "Signing in to Microsoft 365: finish the sign-in in the browser window that opens…\n"
        "Signed in to Microsoft 365 as ops@contoso.example (the sign-in is kept in the system keyring).\n"
    )
    assert "4 sent." in captured.out
    assert _graph_recipients(graph) == ALL
    assert all(s.parsed()["From"].addresses[0].addr_spec == "ops@contoso.example" for s in graph.sent)
    # a later (scheduled) run: no browser, no prompt: the kept sign-in
    opened = len(browser.opened)
    assert _send(workbook, *_microsoft(entra, graph)) == 0
    assert "0 sent, 4 skipped (already sent)." in capsys.readouterr().out
    assert len(browser.opened) == opened and len(graph.sent) == 4


def test_not_signed_in_and_nobody_at_a_terminal_is_one_line(workbook, entra, graph, memory_keyring, capsys):
    assert _send(workbook, *_microsoft(entra, graph)) == 2
    assert capsys.readouterr().err == (
        "tec: Not signed in to Microsoft 365: sign in once (--sign-in opens your browser; in the app: Preferences → "
        "Email → Sign in), or for an unattended run put an access token in TEC_GRAPH_TOKEN.\n"
    )
    assert graph.seen == [] and SendLog().entries() == []


def test_no_client_id_says_there_is_no_app_registered_for_tec_desktop(workbook, capsys):
    assert _send(workbook, "--microsoft") == 2
    err = capsys.readouterr().err
    assert err.startswith("tec: Microsoft 365 sign-in needs your organization's app registration: give its ")
    assert "TEC Desktop has no app registered with Microsoft" in err and "TEC_GRAPH_TOKEN" in err
    assert err.count("\n") == 1


def test_an_access_token_from_the_environment(workbook, graph, token_registry, monkeypatch, capsys):
    monkeypatch.setenv("TEC_GRAPH_TOKEN", token_registry.issue({"Mail.Send", "Mail.ReadWrite"}, 3600, "ops@x.example"))
    args = ["--microsoft", "--graph-url", graph.graph_url, "--from", "ops@x.example"]
    assert _send(workbook, *args, "--sign-in") == 2
    assert "TEC_GRAPH_TOKEN is set, so there is nothing to sign in to" in capsys.readouterr().err
    assert _send(workbook, *args) == 0
    assert "4 sent." in capsys.readouterr().out and _graph_recipients(graph) == ALL
    assert {e.method for e in SendLog().entries()} == {f"microsoft 127.0.0.1:{graph.port}"}


def test_outlook_drafts(workbook, entra, graph, browser, memory_keyring, capsys):
    assert _send(workbook, *_microsoft(entra, graph), "--sign-in", "--drafts") == 0
    out = capsys.readouterr().out
    assert out.count("drafted   ") == 4 and "https://outlook.office365.com/owa/?ItemID=" in out
    assert "4 draft(s) created in the Drafts folder of Microsoft 365 as ops@contoso.example" in out
    assert len(graph.messages) == 4 and graph.sent == []
    assert _send(workbook, *_microsoft(entra, graph), "--drafts") == 0
    assert capsys.readouterr().out.count("skipped   ") == 4 and len(graph.messages) == 4


def test_google_workspace(workbook, google, browser, memory_keyring, tmp_path, capsys):
    client = tmp_path / "client.json"
    client.write_text(json.dumps(google.client_config()))
    args = ["--google", "--client-file", client, "--gmail-url", google.base_url]
    assert _send(workbook, *args, "--sign-in") == 0
    captured = capsys.readouterr()
    assert "Signed in to Google Workspace as ops@example.com" in captured.err and "4 sent." in captured.out
    assert len(google.sent) == 4
    assert _send(workbook, *args) == 0
    assert "0 sent, 4 skipped (already sent)." in capsys.readouterr().out


def test_smtp_with_a_sign_in_token(workbook, tls_cert, token_registry, monkeypatch, capsys):
    handler = XOAuth2Handler(token_registry)
    controller = XOAuthController(handler, tls_context=server_tls_context(*tls_cert), require_starttls=True)
    controller.start()
    try:
        args = ["--smtp", f"127.0.0.1:{controller.port}", "--auth", "xoauth2", "--ca-file", tls_cert[0]]
        assert _send(workbook, *args) == 2
        assert "needs your organization's app registration" in capsys.readouterr().err
        monkeypatch.setenv("TEC_SMTP_TOKEN", token_registry.issue({"SMTP.Send"}, 3600, "ops@contoso.example"))
        assert _send(workbook, *args) == 2
        assert "Say which mailbox the token in TEC_SMTP_TOKEN is for: --user ADDRESS." in capsys.readouterr().err
        assert _send(workbook, *args, "--user", "ops@contoso.example") == 0
        assert "4 sent." in capsys.readouterr().out
    finally:
        controller.stop()
    assert {r[0] for r in handler.received} == {"ops@contoso.example"} and len(handler.received) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "nan"], "argument --timeout: 'nan' is not a number of seconds above 0"),
        (["--timeout", "inf"], "argument --timeout: 'inf' is not a number of seconds above 0"),
        (["--timeout", "-1"], "argument --timeout: '-1' is not a number of seconds above 0"),
        (["--timeout", "soon"], "argument --timeout: 'soon' is not a number of seconds"),
        (["--max-size-mb", "nan"], "argument --max-size-mb: 'nan' is not a number of megabytes above 0"),
        (["--max-size-mb", "-5"], "argument --max-size-mb: '-5' is not a number of megabytes above 0"),
        (["--max-size-mb", "0"], "argument --max-size-mb: '0' is not a number of megabytes above 0"),
    ],
)
def test_numbers_are_checked_by_the_parser(workbook, capsys, args, message):
    """Issue 16 #19."""
    with pytest.raises(SystemExit) as exc:
        _send(workbook, "--smtp", "h", "--from", "a@example.com", *args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err == f"tec: {message} (see tec send --help)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--smtp", "h", "--from", "a@example.com", "--drafts"], "--drafts is only for --microsoft."),
        (["--google", "--graph-url", "https://g.example"], "--graph-url is only for --microsoft."),
        (["--smtp", "h", "--from", "a@example.com", "--client-id", "x"], "--client-id is only for --microsoft or"),
        (["--eml-dir", "d", "--sign-in"], "--sign-in is only for --microsoft, --google or --auth xoauth2."),
        (
            ["--microsoft", "--graph-url", "http://graph.example.com/v1.0"],
            "--graph-url http://graph.example.com/v1.0 is",
        ),
        (["--microsoft", "--client-id", "my-app"], "'my-app' is not an Application (client) ID"),
        (["--google"], "Google Workspace sign-in needs your organization's OAuth client"),
    ],
)
def test_options_of_another_way_and_bad_addresses_are_one_line(workbook, capsys, args, message):
    assert _send(workbook, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("tec: ") and message in err and err.count("\n") == 1


def test_an_unconfirmed_message_keeps_the_exit_status_at_2_until_confirmed(workbook, capsys):
    from smtp_server import smtp_server

    relay_args = ["--security", "none", "--from", "ops@example.com", "--timeout", "5"]
    with smtp_server() as server:
        relay = ["--smtp", f"127.0.0.1:{server.port}", *relay_args]
        server.handler.drop["zoe@example.com"] = 1
        assert _send(workbook, *relay) == 2
        captured = capsys.readouterr()
        assert "3 sent, 1 unconfirmed (may have arrived)." in captured.out
        assert "unconfirmed zoe@example.com" in captured.err
        assert (
            "tec: 1 message(s) unconfirmed: the mail service may have delivered it. Check with the recipient or in "
            "Sent Items, then --confirmed zoe@example.com (it arrived) or --resend --only zoe@example.com."
        ) in captured.err
        assert _send(workbook, *relay) == 2  # a plain rerun neither re-sends it nor calls it done
        assert "0 sent, 3 skipped (already sent), 1 unconfirmed (may have arrived)." in capsys.readouterr().out
        assert _send(workbook, *relay, "--confirmed", "ZOE@example.com") == 0
        out = capsys.readouterr().out
        assert "confirmed zoe@example.com  Seam-scorecards-2026-10-Zoë-Ødegård.pdf: counts as sent from now on" in out
        assert "0 sent, 4 skipped (already sent)." in out
        assert server.handler.to("zoe@example.com") == []
        assert _send(workbook, *relay, "--confirmed", "zoe@example.com") == 2
        assert "there is no unconfirmed message to zoe@example.com" in capsys.readouterr().err


def test_help_documents_sign_in_and_the_token_variables(capsys):
    with pytest.raises(SystemExit):
        main(["send", "--help"])
    out = capsys.readouterr().out
    for word in (
        "--microsoft",
        "--google",
        "--client-id",
        "--client-file",
        "TEC_GRAPH_TOKEN",
        "TEC_GMAIL_TOKEN",
        "TEC_SMTP_TOKEN",
        "http://localhost",
        "Mail.Send",
        "Desktop app",
        "--confirmed",
        "unconfirmed",
    ):
        assert word in out, word


def test_a_usage_mistake_points_to_the_help_of_the_command_used(workbook, capsys):
    with pytest.raises(SystemExit) as exc:
        _send(workbook)
    assert exc.value.code == 2
    assert capsys.readouterr().err.endswith("is required (see tec send --help)\n")
