"""The Email window reviews every message against the send log, previews it, and never offers out-of-date PDFs.

Against a real SMTP relay (aiosmtpd) and the real window: corrections go only to whom the change concerns
with '(corrected)' and the line on what changed; an unconfirmed message is labelled, listed and can be
marked as received; saving the workbook makes the scorecards out of date, and 'Generate now' fixes that;
the columns show what they hold; the preview pane shows the message as it will go.
"""

from __future__ import annotations

import datetime as dt
import os

import openpyxl
from PySide6.QtCore import Qt

from ui.email_dialog import STALE
from ui.messages_model import EMAIL_COLUMN, RESULT_COLUMN, STATUS_COLUMN, SUBJECT_COLUMN
from ui.messages_table import MINIMUM, SHRINK_ORDER
from ui.preferences_dialog import PreferencesDialog

from smtp_server import Recorder, smtp_server
from ui_helpers import JOB, LOAD_TIMEOUT, email_dialog, generate, send_and_wait


def _relay(window, server) -> None:
    window.store.set_smtp(host=server.host, port=server.port, security="none", user="", sender="ops@example.com")


def _add_a_miss(qtbot, window, path) -> None:
    """Record one more October miss on S-04 (Łukasz Nowak's seam) and save, as Excel does; wait for the re-check."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Misses"]
    ws.append(
        [
            "M-999",
            dt.datetime(2026, 10, 15),
            "S-04",
            "Missed commitment",
            "A release slipped again",
            "Cost",
            "Medium",
            "Acceptance criteria missing",
        ]
    )
    tmp = path.with_name("~$tmp.xlsx")
    wb.save(tmp)
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT):
        os.replace(tmp, path)


def _row_of(dialog, email: str) -> int:
    return next(r for r in range(dialog.model.rowCount()) if dialog.model.message(r).to_email == email)


def test_a_correction_goes_only_to_whom_it_concerns_after_generate_now(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    with smtp_server("none") as server:
        _relay(window, server)
        dialog = email_dialog(qtbot, window)
        n = len(dialog.preview.messages)
        assert send_and_wait(qtbot, dialog, dialog.send_new).ok
        assert len(server.handler.received) == n

        # The workbook is saved while the window is open: its PDFs are now out of date
        _add_a_miss(qtbot, window, sample_copy)
        qtbot.waitUntil(lambda: dialog.stale_notice.isVisible(), timeout=LOAD_TIMEOUT)
        assert dialog.stale_notice.text() == STALE and dialog.generate_button.isVisible()
        assert dialog.heading.text() == "The scorecards are out of date"
        assert dialog.model.rowCount() == 0 and not dialog.send_button.isEnabled()
        assert not dialog.drafts_button.isEnabled()

        # Generate now: the list comes back, reviewed against what each person received
        assert dialog.generate_now()
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=JOB)
        assert not dialog.stale_notice.isVisible()
        rows = dialog.preview.messages
        changed = [m for m in rows if m.review.state == "changed since sent"]
        assert sorted(m.kind for m in changed) == ["owner"] + ["pack"] * sum(1 for m in rows if m.kind == "pack")
        assert [m.to_name for m in changed if m.kind == "owner"] == ["Łukasz Nowak"]
        assert all(m.review.state == "sent (unchanged)" for m in rows if m not in changed)
        assert all(m.subject.endswith("(corrected)") for m in changed)
        assert not any(m.subject.endswith("(corrected)") for m in rows if m not in changed)
        assert dialog.counts.text().startswith(
            f"{len(changed)} to send ({len(changed)} as corrections)  ·  {n - len(changed)} already sent."
        )
        assert dialog.send_button.text() == f"Send {len(changed)} messages"

        # The list says it (Status, with what changed on hover); the preview shows the message as it will go
        row = _row_of(dialog, next(m.to_email for m in changed if m.kind == "owner"))
        status = dialog.model.index(row, STATUS_COLUMN)
        assert status.data().startswith("Changed since sent ")
        assert "What changed: S-04" in status.data(Qt.ToolTipRole)
        dialog.table.selectRow(row)
        view = dialog.message_view
        assert view.subject.text().endswith("(corrected)")
        assert view.note.isVisible() and "A correction" in view.note.text() and "S-04" in view.note.text()
        view.plain.click()
        assert "This corrects the scorecard sent on" in view.body.toPlainText()

        summary = send_and_wait(qtbot, dialog, dialog.send_new)
        assert summary.ok and summary.text.startswith(f"{len(changed)} sent ({len(changed)} corrections)")
        new = server.handler.received[n:]
        assert len(new) == len(changed)
        assert sorted(r.rcpt_tos[0].lower() for r in new) == sorted(m.to_email.lower() for m in changed)
        assert all("(corrected)" in r.message()["Subject"] for r in new)
        assert all(m.review.state == "sent (unchanged)" for m in dialog.preview.messages)
        assert dialog.send_button.text() == "Send 0 messages"
        dialog.reject()


def test_out_of_date_scorecards_open_the_email_window_on_generate_now(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    _add_a_miss(qtbot, window, sample_copy)
    window.email_scorecards()
    dialog = window.email_dialog
    assert dialog.stale and dialog.stale_notice.isVisible() and dialog.preview is None
    assert not dialog.send_button.isEnabled() and dialog.send_button.toolTip().startswith("Generate the scorecards")
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB):
        dialog.generate_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=LOAD_TIMEOUT)
    assert not dialog.stale and not dialog.stale_notice.isVisible()
    assert dialog.files == tuple(window.scorecards.files)
    dialog.reject()


def test_an_unconfirmed_message_is_labelled_listed_and_can_be_marked_received(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    handler = Recorder()
    with smtp_server("none", handler=handler) as server:
        _relay(window, server)
        dialog = email_dialog(qtbot, window)
        victim = dialog.preview.messages[2]
        handler.drop[victim.to_email.lower()] = 1  # the whole message reached the server, then the line dropped
        summary = send_and_wait(qtbot, dialog, dialog.send_new)
        assert not summary.ok and "1 unconfirmed (may have arrived)" in summary.text
        row = _row_of(dialog, victim.to_email)
        assert dialog.model.index(row, RESULT_COLUMN).data() == "Unconfirmed"
        status = dialog.model.index(row, STATUS_COLUMN)
        assert status.data().startswith("Unconfirmed ")
        assert status.data(Qt.BackgroundRole).name().lower() == "#fdf0d2"  # amber, with the triangle icon
        assert not status.data(Qt.DecorationRole).isNull()
        banner = dialog.outcome.text()
        assert f"Unconfirmed: <b>{victim.to_name}</b> — it may have arrived" in banner
        assert "Mark as received" in banner
        assert dialog.counts.text().endswith(
            "1 unconfirmed (may have arrived). Send sends only what is new or changed."
        )
        assert dialog.send_button.text() == "Send 0 messages"  # never sent again on its own

        assert dialog.received_button.isVisible() and not dialog.received_button.isEnabled()
        dialog.table.selectRow(row)
        assert dialog.message_view.note.isVisible() and "Unconfirmed." in dialog.message_view.note.text()
        assert dialog.received_button.isEnabled()
        dialog.summary = None
        dialog.received_button.click()
        qtbot.waitUntil(lambda: dialog.summary is not None, timeout=LOAD_TIMEOUT)
        assert dialog.summary.text.startswith("1 message marked as received")
        assert dialog.model.index(row, STATUS_COLUMN).data().startswith("Sent ")
        assert not dialog.received_button.isVisible()
        assert handler.to(victim.to_email) == []  # nothing was sent again
        dialog.reject()


def test_columns_show_what_they_hold_and_the_route_says_no_encryption_in_words(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    handler = Recorder()
    with smtp_server("none", handler=handler) as server:
        _relay(window, server)
        dialog = email_dialog(qtbot, window)
        dialog.show()
        qtbot.waitExposed(dialog)
        table = dialog.table
        assert "(NONE)" not in dialog.route.text()
        assert "(no encryption: a relay on the company network)" in dialog.route.text()
        assert table.isColumnHidden(RESULT_COLUMN) and table.isColumnHidden(7)  # nothing ran yet

        def check() -> None:
            cut = table.cut_columns()
            widths = [table.columnWidth(c) for c in range(8) if not table.isColumnHidden(c)]
            assert sum(widths) <= table.viewport().width() + 1  # nothing runs off to the right
            for c in cut:  # cut only when nothing has room to spare: what matters less gave all it could first
                assert table.columnWidth(c) >= MINIMUM[c] - 1
                for before in SHRINK_ORDER[: SHRINK_ORDER.index(c)]:
                    if not table.isColumnHidden(before):
                        assert table.columnWidth(before) <= max(MINIMUM[before], table.natural_width(before)) + 1
            if cut:
                assert all(table.columnWidth(c) <= table.natural_width(c) + 1 for c in range(7) if c not in cut)

        check()
        handler.reject[dialog.preview.messages[1].to_email.lower()] = "550 5.1.1 No such user here"
        send_and_wait(qtbot, dialog, dialog.send_new)
        assert not table.isColumnHidden(RESULT_COLUMN) and not table.isColumnHidden(7)
        check()
        for width in (1500, 1100):
            dialog.resize(width, dialog.height())
            qtbot.wait(50)
            check()
        dialog.resize(1500, dialog.height())
        qtbot.wait(50)
        assert table.cut_columns() == [] or table.cut_columns() == [2]
        for column in (EMAIL_COLUMN, SUBJECT_COLUMN, RESULT_COLUMN):
            assert column not in table.cut_columns()
        dialog.reject()


def test_the_preview_pane_shows_the_selected_message(qtbot, window, sample_copy):
    generate(qtbot, window, sample_copy)
    dialog = email_dialog(qtbot, window)
    view = dialog.message_view
    first = dialog.preview.messages[0]
    assert view.subject.text() == first.subject  # the first message is shown at once
    owner = next(r for r in range(dialog.model.rowCount()) if dialog.model.message(r).kind == "owner")
    m = dialog.model.message(owner)
    dialog.table.selectRow(owner)
    assert view.subject.text() == m.subject and m.to_email in view.headers.text()
    assert view.attachment.text() == f"{m.attachment_name} ({round(m.size / 1000)} KB)"
    assert view.attachment.toolTip() == f"Open {m.attachment_path}"
    assert view.formatted.isChecked() and f"Hello {m.to_name}," in view.body.toPlainText()
    assert view.body.toHtml() != view.body.toPlainText()  # the HTML, rendered
    view.plain.click()
    assert view.body.toPlainText().strip() == m.text.strip()
    assert not view.note.isVisible()  # never sent: nothing to say
    dialog.table.clearSelection()
    dialog.table.setCurrentIndex(dialog.model.index(-1, -1))
    assert view.pages.currentWidget() is view.empty
    dialog.reject()


def test_preferences_refuse_a_login_without_encryption_at_once(qtbot, window):
    prefs = PreferencesDialog(window.store, window.engine, window, "email")
    qtbot.addWidget(prefs)
    prefs.show()
    prefs.email.choose("smtp")
    page = prefs.email.smtp
    page.host.setText("relay.example.com")
    page.security.setCurrentIndex(page.security.findData("none"))
    assert not page.login_warning.isVisible()  # a relay without a login is fine
    qtbot.keyClicks(page.user, "ops@example.com")
    assert page.login_warning.isVisible()
    assert "never does without encryption" in page.login_warning.text()
    prefs.accept()
    assert prefs.isVisible() and window.store.smtp()["host"] == ""  # not kept: it would be refused at send time
    assert prefs.tabs.currentWidget() is prefs.email and prefs.focusWidget() is page.security
    page.security.setCurrentIndex(page.security.findData("starttls"))
    assert not page.login_warning.isVisible()
    prefs.accept()
    assert not prefs.isVisible() and window.store.smtp()["user"] == "ops@example.com"
    assert window.store.mail_way() == "smtp"
