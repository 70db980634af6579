"""Preferences → Email and the Email window with a Microsoft 365 or Google Workspace sign-in, driven through the real
widgets: the app's engine process runs the real msal and google-auth against the fake Entra ID, Graph and Google
(their TLS trusted through REQUESTS_CA_BUNDLE), and the user at the browser is $BROWSER (tests/signin_browser.py)."""

from __future__ import annotations

import json

import pytest
from signin_browser import BrowserCommand

from ui.preferences_dialog import PreferencesDialog
from ui.sign_in_control import NOT_KEPT, WAITING

from ui_helpers import LOAD_TIMEOUT, MEMORY_KEYRING, email_dialog, generate, send_and_wait

SIGN_IN = 60_000  # ms: the engine's msal finds the tenant, the browser signs in, the code is redeemed


@pytest.fixture
def browser_command(tmp_path, tls_cert, monkeypatch) -> BrowserCommand:
    """The browser the engine process opens: signs in on the fake's page (unless told the user is away)."""
    command = BrowserCommand(tmp_path / "browser", str(tls_cert[0]))
    monkeypatch.setenv("BROWSER", str(command.path))
    return command


@pytest.fixture
def app(request, entra, graph, google, browser_command):
    """The main window, its engine started once the fakes, their certificate and the browser are set up."""
    return request.getfixturevalue("window")


def _microsoft(page, entra, graph) -> None:
    """Type what IT gave (and the fakes' addresses, as for a national cloud)."""
    page.fields["client_id"].setText(entra.client_id)
    page.fields["tenant"].setText(entra.tenant)
    page.more.setChecked(True)
    page.fields["login_url"].setText(entra.base_url)
    page.fields["graph_url"].setText(graph.graph_url)
    page.control.refresh()


def _prefs(qtbot, window):
    prefs = PreferencesDialog(window.store, window.engine, window, "email")
    qtbot.addWidget(prefs)
    prefs.show()
    qtbot.waitExposed(prefs)
    return prefs


def test_microsoft_365_sign_in_waits_for_the_browser_and_says_where_it_is_kept(
    qtbot, app, entra, graph, browser_command
):
    window = app
    prefs = _prefs(qtbot, window)
    page = prefs.email
    assert [page.way.itemText(i) for i in range(page.way.count())] == [
        "Choose how to send…",
        "Microsoft 365 (sign in)",
        "Google Workspace (sign in)",
        "A mail server (SMTP)",
        ".eml drafts (your mail program sends them)",
    ]
    page.choose("microsoft")
    ms = page.microsoft
    assert ms.isVisible() and page.way.itemText(0) == "Microsoft 365 (sign in)"  # no more 'Choose…'
    # Nothing registered yet: the page says what IT must provide, and where the guide shows IT how
    qtbot.waitUntil(lambda: ms.control.info is not None, timeout=LOAD_TIMEOUT)
    assert ms.control.status.text().startswith("Microsoft 365 sign-in needs your organization's app registration")
    assert not ms.control.sign_in_button.isVisible()
    note = ms.layout().itemAt(0).widget().text()
    assert "no app registered with Microsoft" in note and "§7" in note and "What IT does once" in note

    _microsoft(ms, entra, graph)
    qtbot.waitUntil(lambda: ms.control.sign_in_button.isVisible(), timeout=LOAD_TIMEOUT)
    assert ms.control.status.text() == "Not signed in to Microsoft 365."

    # The user is slow: the window says what it waits for, stays usable, and Cancel stops the wait
    browser_command.away()
    ms.control.sign_in_button.click()
    assert ms.control.cancel_button.isVisible() and not ms.control.sign_in_button.isVisible()
    qtbot.waitUntil(lambda: ms.control.status.text() == WAITING, timeout=SIGN_IN)
    assert ms.control.busy.isVisible()
    page.smtp.host.setText("still typing")  # the window answers while the engine waits for the browser
    assert page.smtp.host.text() == "still typing"
    ms.control.cancel_button.click()
    qtbot.waitUntil(lambda: ms.control.sign_in_button.isVisible(), timeout=LOAD_TIMEOUT)
    assert ms.control.where.text().startswith("The sign-in to Microsoft 365 was cancelled.")
    assert not ms.control.info.signed_in

    # Now the user signs in: who, and that without a protected store it lasts this session only
    browser_command.away(False)
    ms.control.sign_in_button.click()
    qtbot.waitUntil(lambda: ms.control.sign_out_button.isVisible(), timeout=SIGN_IN)
    assert ms.control.status.text() == "✓ Signed in as <b>ops@contoso.example</b>"
    assert ms.control.where.text() == NOT_KEPT and "memory for this session only" in NOT_KEPT
    assert [u.split("?")[0] for u in browser_command.opened] == [f"{entra.authority}/oauth2/v2.0/authorize"] * 2
    # the settings a sign-in worked with are kept at once, whatever OK or Cancel
    assert window.store.sign_in_settings("microsoft")["client_id"] == entra.client_id
    prefs.accept()
    assert window.store.mail_way() == "microsoft"

    prefs = _prefs(qtbot, window)
    ms = prefs.email.microsoft
    assert prefs.email.chosen() == "microsoft" and ms.fields["tenant"].text() == entra.tenant
    assert ms.more.isChecked()  # the addresses set are shown
    qtbot.waitUntil(lambda: ms.control.sign_out_button.isVisible(), timeout=LOAD_TIMEOUT)
    ms.control.sign_out_button.click()
    qtbot.waitUntil(lambda: ms.control.sign_in_button.isVisible(), timeout=LOAD_TIMEOUT)
    assert ms.control.status.text() == "Not signed in to Microsoft 365."
    prefs.reject()


@pytest.mark.parametrize("keyring_backend", [MEMORY_KEYRING])
def test_with_a_keyring_the_sign_in_is_kept_there(qtbot, app, entra, graph, keyring_backend):
    prefs = _prefs(qtbot, app)
    prefs.email.choose("microsoft")
    ms = prefs.email.microsoft
    _microsoft(ms, entra, graph)
    qtbot.waitUntil(lambda: ms.control.sign_in_button.isVisible(), timeout=LOAD_TIMEOUT)
    ms.control.sign_in_button.click()
    qtbot.waitUntil(lambda: ms.control.sign_out_button.isVisible(), timeout=SIGN_IN)
    assert ms.control.where.text() == (
        "The sign-in is kept in the system keyring, so TEC Desktop stays signed in (never in its settings file)."
    )
    prefs.reject()


def test_the_email_window_signs_in_sends_through_graph_and_creates_outlook_drafts(
    qtbot, app, entra, graph, sample_copy
):
    window = app
    generate(qtbot, window, sample_copy)
    window.store.set_mail_way("microsoft")
    window.store.set_sign_in_settings(
        "microsoft",
        client_id=entra.client_id,
        tenant=entra.tenant,
        login_url=entra.base_url,
        graph_url=graph.graph_url,
    )
    dialog = email_dialog(qtbot, window)
    n = len(dialog.preview.messages)
    qtbot.waitUntil(lambda: dialog.signin.info is not None, timeout=LOAD_TIMEOUT)
    assert dialog.route.text() == "Through Microsoft 365: not signed in yet. Sign in to send (your browser opens once)."
    assert not dialog.send_button.isEnabled() and dialog.send_button.toolTip().startswith("Sign in to Microsoft 365")
    assert dialog.outlook_button.isVisible() and not dialog.outlook_button.isEnabled()
    assert dialog.signin.sign_in_button.isVisible()

    dialog.signin.sign_in_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.sender != "", timeout=SIGN_IN)
    assert dialog.preview.sender == "ops@contoso.example"  # the signed-in mailbox sends
    assert dialog.route.text() == (
        "From ops@contoso.example through Microsoft 365. Sent messages are kept in its Sent Items."
    )
    assert not dialog.signin.sign_in_button.isVisible()
    assert dialog.send_button.isEnabled() and dialog.send_button.text() == f"Send {n} messages"
    assert "ops@contoso.example" in dialog.message_view.headers.text()

    summary = send_and_wait(qtbot, dialog, dialog.send_new)
    assert summary.ok and summary.text == f"{n} sent."
    assert len(graph.sent) == n
    assert {s.parsed()["To"].addresses[0].addr_spec for s in graph.sent} == {
        m.to_email for m in dialog.preview.messages
    }
    assert dialog.send_button.text() == "Send 0 messages" and not dialog.send_button.isEnabled()

    # Drafts in Outlook: one per message in the Drafts folder, nothing sent
    assert dialog.outlook_button.isEnabled()
    summary = send_and_wait(qtbot, dialog, dialog.create_outlook_drafts)
    assert summary.text.startswith(f"{n} drafts created in the Drafts folder of ops@contoso.example")
    assert len(graph.messages) == n and len(graph.sent) == n
    assert all(dialog.model.outcome(r).status == "drafted" for r in range(n))
    assert dialog.model.index(0, 6).data() == "Draft made"
    dialog.reject()


def test_google_workspace_from_preferences_to_sent(qtbot, app, google, sample_copy, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = app
    client = tmp_path / "client_secret_desktop.json"
    client.write_text(json.dumps(google.client_config()))
    prefs = _prefs(qtbot, window)
    prefs.email.choose("google")
    page = prefs.email.google
    note = page.layout().itemAt(0).widget().text()
    assert "Desktop app" in note and "What the Workspace admin does once" in note
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(client), ""))
    page.choose_client_file()
    page.more.setChecked(True)
    page.fields["gmail_url"].setText(google.base_url)
    qtbot.waitUntil(lambda: page.control.sign_in_button.isVisible(), timeout=LOAD_TIMEOUT)
    page.control.sign_in_button.click()
    qtbot.waitUntil(lambda: page.control.sign_out_button.isVisible(), timeout=SIGN_IN)
    assert page.control.status.text() == "✓ Signed in as <b>ops@example.com</b>"
    prefs.accept()

    generate(qtbot, window, sample_copy)
    dialog = email_dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=LOAD_TIMEOUT)
    assert dialog.route.text() == "From ops@example.com through Google Workspace."
    assert not dialog.outlook_button.isVisible()  # Gmail drafts would need a restricted permission
    summary = send_and_wait(qtbot, dialog, dialog.send_new)
    assert summary.ok and len(google.sent) == len(dialog.preview.messages)
    dialog.reject()


def test_a_token_in_the_environment_is_said_and_used(qtbot, request, graph, token_registry, monkeypatch, sample_copy):
    token = token_registry.issue({"Mail.Send", "Mail.ReadWrite"}, 3600, "robot@contoso.example")
    monkeypatch.setenv("TEC_GRAPH_TOKEN", token)  # before the engine starts: it inherits it
    window = request.getfixturevalue("window")
    window.store.set_mail_way("microsoft")
    window.store.set_sign_in_settings("microsoft", graph_url=graph.graph_url)
    generate(qtbot, window, sample_copy)
    dialog = email_dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=LOAD_TIMEOUT)
    assert dialog.route.text() == "Through Microsoft 365, with the access token in TEC_GRAPH_TOKEN."
    assert send_and_wait(qtbot, dialog, dialog.send_new).ok
    assert len(graph.sent) == len(dialog.preview.messages)
    dialog.reject()
