"""The Email window and Preferences with a login: Send waits for a password; no keyring is said, not hidden.

A real STARTTLS server with a login (aiosmtpd, self-signed certificate trusted through the app's
Trusted certificate file setting); the engine's keyring is keyring's own 'none' backend or a
keyring in the engine's memory, never the developer's.
"""

from __future__ import annotations

import pytest

from ui.engine.requests import ForgetPassword, SendMail
from ui.engine.results import PasswordState
from ui.preferences_dialog import PreferencesDialog

from smtp_server import PASSWORD, USER, smtp_server
from ui_helpers import (
    LOAD_TIMEOUT,
    MEMORY_KEYRING,
    REFUSING_KEYRING,
    email_dialog,
    generate,
    send_and_wait,
    visible_error_dialogs,
)

CLI_WORDS = ("TEC_SMTP_PASSWORD", "keyring set", "--")


def _login_server(window, server, cert) -> None:
    window.store.set_smtp(
        host=server.host, port=server.port, security="starttls", user=USER, sender=USER, verify=True, ca_file=str(cert)
    )


def _password_known(qtbot, dialog) -> PasswordState:
    qtbot.waitUntil(lambda: dialog.password_line.state is not None, timeout=LOAD_TIMEOUT)
    return dialog.password_line.state


def test_send_waits_for_the_password_and_no_keyring_is_said(qtbot, window, sample_copy, tls_cert):
    generate(qtbot, window, sample_copy)
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        _login_server(window, server, tls_cert[0])
        dialog = email_dialog(qtbot, window)
        state = _password_known(qtbot, dialog)
        assert not state.found and state.keyring  # nothing stored, and nowhere to store it
        hint = f"Type the password for {USER} on {server.host}"
        assert dialog.password_line.edit.isVisible() and dialog.password_line.edit.text() == ""
        assert dialog.password_line.edit.placeholderText() == hint
        assert not dialog.send_button.isEnabled()
        assert dialog.send_button.toolTip() == hint
        dialog.table.selectRow(0)
        assert not dialog.resend_button.isEnabled() and dialog.resend_button.toolTip() == hint
        # the keyring box cannot be ticked, and says why
        assert not dialog.password_line.remember.isEnabled() and not dialog.password_line.remember.isChecked()
        assert "no system keyring" in dialog.password_line.remember.toolTip().lower()
        assert (
            dialog.password_line.remember.toolTip().lower().count("no system keyring") == 1
        )  # not repeated in brackets
        assert "asks for it again" in dialog.password_line.remember.toolTip()
        assert not dialog.send_new()  # even when called directly
        assert hint in dialog.outcome.label.text()
        assert server.handler.received == []

        # the engine, asked anyway, answers in the app's words
        failures = []
        reply = window.engine.request(SendMail(dialog.preview.plan_id, window.store.smtp()))
        reply.failed.connect(failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=LOAD_TIMEOUT)
        message = failures[0].message
        assert message.startswith(f"No password for {USER} on {server.host}")
        assert "Password line" in message and not any(w in message for w in CLI_WORDS)

        qtbot.keyClicks(dialog.password_line.edit, PASSWORD)
        assert dialog.send_button.isEnabled() and dialog.send_button.toolTip().startswith("Send what is new")
        summary = send_and_wait(qtbot, dialog, dialog.send_new)
        assert summary.ok, summary
        assert len(server.handler.received) == len(dialog.preview.messages)
        assert server.handler.logins and set(server.handler.logins) == {USER}
        assert not dialog.password_line.note.isVisible()  # keeping it for the session did not fail
        dialog.reject()

        # the same session: the password typed is kept until the app closes, so it is not asked again
        dialog = email_dialog(qtbot, window)
        state = _password_known(qtbot, dialog)
        assert state.found and state.source == "session"
        assert not dialog.password_line.edit.isVisible()
        dialog.reject()


@pytest.mark.parametrize("smtp_password_env", [PASSWORD])
def test_the_environment_password_needs_no_typing(qtbot, window, sample_copy, tls_cert, smtp_password_env):
    generate(qtbot, window, sample_copy)
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        _login_server(window, server, tls_cert[0])
        dialog = email_dialog(qtbot, window)
        assert _password_known(qtbot, dialog).source == "environment"
        assert not dialog.password_line.edit.isVisible()
        assert dialog.send_button.isEnabled()
        dialog.reject()


@pytest.mark.parametrize("keyring_backend", [MEMORY_KEYRING])
def test_with_a_keyring_the_password_is_remembered(qtbot, window, sample_copy, tls_cert, keyring_backend):
    generate(qtbot, window, sample_copy)
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        _login_server(window, server, tls_cert[0])
        dialog = email_dialog(qtbot, window)
        state = _password_known(qtbot, dialog)
        assert not state.found and state.keyring == ""
        assert dialog.password_line.remember.isEnabled() and dialog.password_line.remember.isChecked()
        assert not dialog.send_button.isEnabled()
        qtbot.keyClicks(dialog.password_line.edit, PASSWORD)
        assert send_and_wait(qtbot, dialog, dialog.send_new).ok
        dialog.reject()

        dialog = email_dialog(qtbot, window)
        state = _password_known(qtbot, dialog)
        assert state.found and state.source == "keyring"
        assert not dialog.password_line.edit.isVisible()
        dialog.reject()

        prefs = PreferencesDialog(window.store, window.engine, window, "email")
        qtbot.addWidget(prefs)
        page = prefs.email.smtp
        qtbot.waitUntil(lambda: page._state.found, timeout=LOAD_TIMEOUT)
        assert "stored in the system keyring" in page.password.placeholderText()
        assert page.forget.isEnabled()
        prefs.reject()


def test_preferences_without_keyring_say_the_password_is_asked_each_session(qtbot, window, tls_cert):
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        _login_server(window, server, tls_cert[0])
        prefs = PreferencesDialog(window.store, window.engine, window, "email")
        qtbot.addWidget(prefs)
        prefs.show()
        page = prefs.email.smtp
        qtbot.waitUntil(lambda: page._state.keyring != "", timeout=LOAD_TIMEOUT)
        note = page.password_note.text()
        assert "no system keyring" in note.lower() and "asked for each session" in note
        assert "TEC_SMTP_PASSWORD" not in page.hint.text()
        assert not page.forget.isEnabled()

        # a password typed here is kept for the session, and saving it fails neither loudly nor silently
        page.password.setText(PASSWORD)
        prefs.accept()
        qtbot.wait(200)
        assert visible_error_dialogs(window) == []
        prefs = PreferencesDialog(window.store, window.engine, window, "email")
        qtbot.addWidget(prefs)
        page = prefs.email.smtp
        qtbot.waitUntil(lambda: page._state.found, timeout=LOAD_TIMEOUT)
        assert page._state.source == "session"
        assert "until TEC Desktop closes" in page.password.placeholderText()
        assert "asked for each session" in page.password_note.text()
        # Test connection uses it: nothing typed, the login succeeds
        page.test_connection()
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=LOAD_TIMEOUT)
        assert page.test_result.text().startswith("✓ Connected"), page.test_result.text()
        assert f"logged in as {USER}" in page.test_result.text()
        # Forget drops it
        assert page.forget.isEnabled()
        page.forget.click()
        qtbot.waitUntil(lambda: not page._state.found, timeout=LOAD_TIMEOUT)
        prefs.reject()


@pytest.mark.parametrize("keyring_backend", [REFUSING_KEYRING])
def test_a_password_the_keyring_refuses_is_reported(qtbot, window, sample_copy, tls_cert, keyring_backend):
    generate(qtbot, window, sample_copy)
    with smtp_server("starttls", tls_cert, auth=(USER, PASSWORD)) as server:
        _login_server(window, server, tls_cert[0])
        # Preferences: the refusal arrives after OK closed the dialog; it is shown over the window
        prefs = PreferencesDialog(window.store, window.engine, window, "email")
        qtbot.addWidget(prefs)
        prefs.email.smtp.password.setText(PASSWORD)
        prefs.accept()
        qtbot.waitUntil(lambda: bool(visible_error_dialogs(window)), timeout=LOAD_TIMEOUT)
        error = visible_error_dialogs(window)[0]
        assert "keyring refused it" in error.message_label.text()
        assert "until it is closed" in error.message_label.text()
        assert not any(w in error.message_label.text() for w in CLI_WORDS)
        error.reject()

        # the Email window: the send goes on, and the line under the password says it was not remembered
        dialog = email_dialog(qtbot, window)
        assert _password_known(qtbot, dialog).source == "session"  # kept for the session after the refusal
        window.engine.request(ForgetPassword(server.host, USER))
        dialog.refresh()
        qtbot.waitUntil(
            lambda: dialog.password_line.state is not None and dialog.preview is not None, timeout=LOAD_TIMEOUT
        )
        assert dialog.password_line.edit.isVisible() and dialog.password_line.remember.isChecked()
        qtbot.keyClicks(dialog.password_line.edit, PASSWORD)
        assert send_and_wait(qtbot, dialog, dialog.send_new).ok
        qtbot.waitUntil(lambda: dialog.password_line.note.isVisible(), timeout=LOAD_TIMEOUT)
        assert dialog.password_line.note.text().startswith(
            "Cannot remember the password: the system keyring refused it"
        )
        assert (
            dialog.password_line.note.text().count("remember") == 1
        )  # said once, not "not remembered: Cannot remember"
        dialog.reject()
