"""Email…: the preview lists every message; Send sends each once with its own result; resend asks first."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from smtp_server import Recorder, smtp_server
from test_ui_fixtures import LOAD_TIMEOUT, open_and_wait, sample_copy, window  # noqa: F401
from ui.email_dialog import EmailDialog
from ui.results import MailPreview, SendSummary

JOB = 120_000


def _generated(qtbot, window, sample_copy):
    open_and_wait(qtbot, window, sample_copy)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB):
        window.generate_scorecards()


def _dialog(qtbot, window) -> EmailDialog:
    window.email_scorecards()
    dialog = window.email_dialog
    qtbot.waitUntil(lambda: isinstance(dialog.preview, MailPreview), timeout=LOAD_TIMEOUT)
    return dialog


def _send_and_wait(qtbot, dialog, start) -> SendSummary:
    dialog.summary = None
    assert start()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=JOB)
    return dialog.summary


def test_preview_then_send_each_message_once(qtbot, window, sample_copy):
    _generated(qtbot, window, sample_copy)
    with smtp_server("none") as server:
        window.store.set_smtp(host=server.host, port=server.port, security="none", user="", sender="ops@example.com")
        dialog = _dialog(qtbot, window)
        rows = dialog.preview.messages
        assert rows and all(m.to_email and m.subject and m.attachment_name.endswith(".pdf") for m in rows)
        assert {m.kind for m in rows} == {"pack", "owner"}
        assert all(m.last_sent == "" for m in rows)
        assert dialog.model.rowCount() == len(rows)
        assert dialog.send_button.text() == f"Send {len(rows)} messages"
        assert server.handler.received == []  # nothing is sent before the click

        summary = _send_and_wait(qtbot, dialog, dialog.send_new)
        assert summary.ok and summary.text.startswith(f"{len(rows)} sent")
        assert len(server.handler.received) == len(rows)
        assert all(dialog.model.outcome(r).status == "sent" for r in range(len(rows)))
        # a second click sends nothing: everything is 'sent just now'
        assert not dialog.send_button.isEnabled()
        assert dialog.send_button.text() == "Send 0 messages"

        # sending again needs the explicit confirmation
        dialog.table.selectRow(0)
        dialog.confirm_resend()
        box = dialog.confirm_box
        assert "again" in box.text() and rows[0].to_email in box.text()
        again = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.AcceptRole)
        dialog.summary = None
        again.click()
        qtbot.waitUntil(lambda: dialog.summary is not None, timeout=JOB)
        assert len(server.handler.to(rows[0].to_email)) >= 2
        assert len(server.handler.received) == len(rows) + 1
        dialog.reject()

    # a new dialog knows from the send log what was sent
    with smtp_server("none") as server:
        window.store.set_smtp(host=server.host, port=server.port)
        dialog = _dialog(qtbot, window)
        assert all(m.last_sent.startswith("already sent") for m in dialog.preview.messages)
        assert not dialog.send_button.isEnabled()
        dialog.reject()


def test_a_refused_recipient_fails_alone(qtbot, window, sample_copy):
    _generated(qtbot, window, sample_copy)
    handler = Recorder()
    with smtp_server("none", handler=handler) as server:
        window.store.set_smtp(host=server.host, port=server.port, security="none", user="", sender="ops@example.com")
        dialog = _dialog(qtbot, window)
        rows = dialog.preview.messages
        victim = rows[1].to_email
        handler.reject[victim.lower()] = "550 5.1.1 No such user"
        summary = _send_and_wait(qtbot, dialog, dialog.send_new)
        assert not summary.ok and "failed" in summary.text
        failed = [dialog.model.outcome(r) for r in range(len(rows)) if dialog.model.outcome(r).status == "failed"]
        assert [rows[o.index].to_email for o in failed] == [victim]
        assert "550" in failed[0].detail or "No such user" in failed[0].detail
        assert len(server.handler.received) == len([m for m in rows if m.to_email != victim])
        dialog.reject()


def test_drafts_are_saved_without_a_server(qtbot, window, sample_copy, tmp_path):
    _generated(qtbot, window, sample_copy)
    dialog = _dialog(qtbot, window)
    assert not dialog.send_button.isEnabled()  # no server set up
    assert "No mail server" in dialog.route.text()
    summary = _send_and_wait(qtbot, dialog, lambda: dialog.save_drafts(str(tmp_path / "drafts")))
    assert summary.ok
    assert len(list((tmp_path / "drafts").glob("*.eml"))) == len(dialog.preview.messages)
    dialog.reject()


def test_email_before_generating_says_what_to_do(qtbot, window, sample_copy):
    from test_ui_fixtures import visible_error_dialogs
    open_and_wait(qtbot, window, sample_copy)
    window.email_scorecards()
    dialog = visible_error_dialogs(window)[0]
    assert "Generate the scorecards first" in dialog.message_label.text()


def test_preferences_test_connection(qtbot, window):
    from ui.preferences_dialog import PreferencesDialog
    with smtp_server("none") as server:
        dialog = PreferencesDialog(window.store, window.engine, window, "email")
        qtbot.addWidget(dialog)
        page = dialog.email
        assert dialog.tabs.currentWidget() is page
        page.host.setText(server.host)
        page.port.setValue(server.port)
        page.security.setCurrentIndex(page.security.findData("none"))
        page.test_connection()
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=LOAD_TIMEOUT)
        assert page.test_result.text().startswith("✓ Connected")
        page.sender.setText("ops@example.com")
        dialog.accept()
        assert window.store.smtp()["host"] == server.host and window.store.smtp()["port"] == server.port
    # nothing listening: a plain message, not a traceback
    from smtp_server import closed_port
    dialog = PreferencesDialog(window.store, window.engine, window, "email")
    qtbot.addWidget(dialog)
    dialog.email.port.setValue(closed_port())
    dialog.email.test_connection()
    qtbot.waitUntil(lambda: dialog.email.test_button.isEnabled(), timeout=LOAD_TIMEOUT)
    assert dialog.email.test_result.text().startswith("✕") and "Traceback" not in dialog.email.test_result.text()
    dialog.reject()
