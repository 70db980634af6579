"""Email…: the preview lists every message; Send sends each once with its own result; resend asks first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from ui.messages_model import DETAIL_COLUMN, RESULT_COLUMN

from smtp_server import Recorder, smtp_server
from ui_helpers import JOB, LOAD_TIMEOUT, email_dialog, generate, open_and_wait, send_and_wait


def test_preview_then_send_each_message_once(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    with smtp_server("none") as server:
        window.store.set_smtp(host=server.host, port=server.port, security="none", user="", sender="ops@example.com")
        dialog = email_dialog(qtbot, window)
        rows = dialog.preview.messages
        assert rows and all(m.to_email and m.subject and m.attachment_name.endswith(".pdf") for m in rows)
        assert {m.kind for m in rows} == {"pack", "owner"}
        assert all(m.last_sent == "" and m.review.state == "never sent" for m in rows)
        assert dialog.model.rowCount() == len(rows)
        assert dialog.send_button.text() == f"Send {len(rows)} messages"
        assert server.handler.received == []  # nothing is sent before the click

        summary = send_and_wait(qtbot, dialog, dialog.send_new)
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
        dialog = email_dialog(qtbot, window)
        assert all(m.last_sent.startswith("already sent") for m in dialog.preview.messages)
        assert all(m.review.state == "sent (unchanged)" for m in dialog.preview.messages)
        assert not dialog.send_button.isEnabled()
        dialog.reject()


def test_a_refused_recipient_fails_alone(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    handler = Recorder()
    with smtp_server("none", handler=handler) as server:
        window.store.set_smtp(host=server.host, port=server.port, security="none", user="", sender="ops@example.com")
        dialog = email_dialog(qtbot, window)
        rows = dialog.preview.messages
        victim = rows[1]
        handler.reject[victim.to_email.lower()] = "550 5.1.1 No such user"
        n = len(rows)
        assert dialog.counts.text().startswith(f"{n} to send  ·  0 already sent.")
        # the heading and Last sent follow the send log after each result, not only at the end
        seen = []

        def send_and_watch() -> bool:
            started = dialog.send_new()
            dialog.job.outcome.connect(
                lambda o: seen.append((o, dialog.counts.text(), dialog.model.index(o.index, 5).data()))
            )
            return started

        summary = send_and_wait(qtbot, dialog, send_and_watch)
        assert not summary.ok and "failed" in summary.text
        failed = [dialog.model.outcome(r) for r in range(len(rows)) if dialog.model.outcome(r).status == "failed"]
        assert [rows[o.index].to_email for o in failed] == [victim.to_email]
        assert "550" in failed[0].detail or "No such user" in failed[0].detail
        assert len(server.handler.received) == len([m for m in rows if m.to_email != victim.to_email])
        assert [o.status for o, _, _ in seen].count("sent") == n - 1
        sent_so_far = 0
        for outcome, counts, status in seen:
            sent_so_far += outcome.status == "sent"
            assert counts.startswith(f"{n - sent_so_far} to send  ·  {sent_so_far} already sent."), counts
            assert (status == "Never sent") == (outcome.status == "failed"), (outcome, status)
        assert dialog.counts.text().startswith("1 to send  ·  13 already sent.")
        assert dialog.send_button.text() == "Send 1 message" and dialog.send_button.isEnabled()

        # the reason is in the list, not only in a tooltip
        row = failed[0].index
        detail = dialog.model.index(row, DETAIL_COLUMN)
        assert dialog.model.headerData(DETAIL_COLUMN, Qt.Horizontal) == "Detail"
        assert detail.data() == "550 5.1.1 No such user"
        assert detail.data(Qt.ToolTipRole) == failed[0].detail  # the whole message
        assert dialog.model.index(row, RESULT_COLUMN).data() == "Failed"
        assert dialog.table.columnWidth(DETAIL_COLUMN) >= 150
        for r in range(n):
            if r != row:
                assert dialog.model.index(r, DETAIL_COLUMN).data() == ""
                assert dialog.model.index(r, 5).data().startswith("Sent ")  # with the log's time
                assert dialog.preview.messages[r].last_sent.startswith("already sent on")
        # and the banner names who failed, and why
        banner = dialog.outcome.label.text()
        assert f"Failed: <b>{victim.to_name}</b> — 550 5.1.1 No such user" in banner
        assert banner.startswith(f"{n - 1} sent, 1 failed.")

        # a second Send sends only the failed one (it is no longer refused)
        handler.reject.clear()
        summary = send_and_wait(qtbot, dialog, dialog.send_new)
        assert summary.ok and summary.text.startswith("1 sent")
        assert dialog.counts.text().startswith("0 to send  ·  14 already sent.")
        assert dialog.model.index(row, DETAIL_COLUMN).data() == ""
        assert "Failed" not in dialog.outcome.label.text()
        dialog.reject()


def test_send_again_asks_in_good_english(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    with smtp_server("none") as server:
        window.store.set_smtp(host=server.host, port=server.port, security="none", user="", sender="ops@example.com")
        dialog = email_dialog(qtbot, window)
        dialog.table.selectRow(0)
        dialog.confirm_resend()
        text = dialog.confirm_box.text()
        assert text.startswith("Send this message again?") and "these 1" not in text
        assert "the person gets a second copy" in text
        dialog.confirm_box.reject()
        dialog.table.setSelectionMode(QAbstractItemView.MultiSelection)
        dialog.table.clearSelection()
        for r in (0, 1, 2):
            dialog.table.selectRow(r)
        dialog.confirm_resend()
        assert dialog.confirm_box.text().startswith("Send these 3 messages again?")
        dialog.confirm_box.reject()
        assert server.handler.received == []
        dialog.reject()


def test_drafts_are_saved_without_a_server(qtbot, window, sample_copy, tmp_path):
    generate(qtbot, window, sample_copy)
    dialog = email_dialog(qtbot, window)
    assert not dialog.send_button.isEnabled()  # no way to send set up
    assert dialog.route.text().startswith("How to send is not set up yet")
    assert dialog.send_button.toolTip() == dialog.route.text()
    summary = send_and_wait(qtbot, dialog, lambda: dialog.save_drafts(str(tmp_path / "drafts")))
    assert summary.ok
    assert len(list((tmp_path / "drafts").glob("*.eml"))) == len(dialog.preview.messages)
    dialog.reject()


def test_email_before_generating_says_what_to_do(qtbot, window, sample_copy):
    from ui_helpers import visible_error_dialogs

    open_and_wait(qtbot, window, sample_copy)
    window.email_scorecards()
    dialog = visible_error_dialogs(window)[0]
    assert "Generate the scorecards first" in dialog.message_label.text()


def test_preferences_test_connection(qtbot, window):
    from ui.preferences_dialog import PreferencesDialog

    with smtp_server("none") as server:
        dialog = PreferencesDialog(window.store, window.engine, window, "email")
        qtbot.addWidget(dialog)
        page = dialog.email.smtp
        assert dialog.tabs.currentWidget() is dialog.email
        page.host.setText(server.host)
        page.port.setValue(server.port)
        page.security.setCurrentIndex(page.security.findData("none"))
        page.test_connection()
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=LOAD_TIMEOUT)
        assert page.test_result.text().startswith("✓ Connected")
        page.sender_line.setText("ops@example.com")
        dialog.accept()
        assert window.store.smtp()["host"] == server.host and window.store.smtp()["port"] == server.port
    # nothing listening: a plain message, not a traceback
    from smtp_server import closed_port

    dialog = PreferencesDialog(window.store, window.engine, window, "email")
    qtbot.addWidget(dialog)
    dialog.email.smtp.port.setValue(closed_port())
    dialog.email.smtp.test_connection()
    qtbot.waitUntil(lambda: dialog.email.smtp.test_button.isEnabled(), timeout=LOAD_TIMEOUT)
    assert (
        dialog.email.smtp.test_result.text().startswith("✕") and "Traceback" not in dialog.email.smtp.test_result.text()
    )
    dialog.reject()
