"""Preferences > Email: verify the server's certificate (asks before turning it off) and a trusted certificate file.

Against a real STARTTLS server (aiosmtpd) with a self-signed certificate, as a company's own
certificate authority would give: refused by default, trusted through the file, or not checked.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.preferences_dialog import PreferencesDialog

from smtp_server import smtp_server
from ui_helpers import LOAD_TIMEOUT, email_dialog, generate


def _page(qtbot, window, server):
    prefs = PreferencesDialog(window.store, window.engine, window, "email")
    qtbot.addWidget(prefs)
    prefs.show()
    prefs.email.choose("smtp")
    page = prefs.email.smtp
    page.host.setText(server.host)
    page.port.setValue(server.port)
    page.security.setCurrentIndex(page.security.findData("starttls"))
    return prefs, page


def _click(qtbot, checkbox) -> None:
    """A click on the box itself (the widget is as wide as the form; its centre is past the text)."""
    qtbot.mouseClick(checkbox, Qt.LeftButton, pos=QPoint(8, checkbox.height() // 2))


def _turn_off(page) -> None:
    """Answer the confirmation with 'Turn off the check'."""
    box = page.confirm_box
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.DestructiveRole).click()


def _test(qtbot, page) -> str:
    page.test_connection()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=LOAD_TIMEOUT)
    return page.test_result.text()


def test_an_untrusted_certificate_points_to_the_settings_and_a_trusted_file_fixes_it(
    qtbot, window, tls_cert, monkeypatch
):
    with smtp_server("starttls", tls_cert) as server:
        prefs, page = _page(qtbot, window, server)
        assert page.verify.isChecked() and page.ca_file.text() == ""  # checked by default
        assert not page.verify_warning.isVisible()

        text = _test(qtbot, page)
        assert text.startswith("✕ Certificate of 127.0.0.1 could not be verified")
        assert "Trusted certificate file in Preferences → Email" in text
        assert "Verify the server's certificate" in text
        assert "--" not in text  # no command-line options (--ca-file, --insecure)

        # the file picker fills the field; the connection is then trusted
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tls_cert[0]), ""))
        qtbot.mouseClick(page.ca_browse, Qt.LeftButton)
        assert page.ca_file.text() == str(tls_cert[0])
        assert _test(qtbot, page).startswith("✓ Connected to 127.0.0.1")

        prefs.accept()
        stored = window.store.smtp()
        assert stored["verify"] is True and stored["ca_file"] == str(tls_cert[0])
        # a new Preferences shows what was stored
        prefs, page = _page(qtbot, window, server)
        assert page.ca_file.text() == str(tls_cert[0]) and page.verify.isChecked()
        prefs.reject()


def test_a_certificate_file_that_is_not_one_is_said_plainly(qtbot, window, tls_cert, tmp_path):
    with smtp_server("starttls", tls_cert) as server:
        prefs, page = _page(qtbot, window, server)
        page.ca_file.setText(str(tmp_path / "missing.pem"))
        text = _test(qtbot, page)
        assert text.startswith("✕ Cannot use the certificate file") and "missing.pem" in text
        prefs.reject()


def test_turning_off_the_check_asks_first_and_then_warns(qtbot, window, sample_copy, tls_cert):
    with smtp_server("starttls", tls_cert) as server:
        prefs, page = _page(qtbot, window, server)

        # Cancel keeps the check
        _click(qtbot, page.verify)
        box = page.confirm_box
        assert box.isVisible() and "read the password and the scorecards" in box.text()
        assert page.verify.isChecked()
        box.button(QMessageBox.Cancel).click()
        assert page.verify.isChecked() and not page.verify_warning.isVisible()

        # confirming turns it off, and the page says what that means
        _click(qtbot, page.verify)
        _turn_off(page)
        assert not page.verify.isChecked()
        assert page.verify_warning.isVisible()
        assert "not checked" in page.verify_warning.label.text()
        assert _test(qtbot, page).startswith("✓ Connected")  # the self-signed server is accepted unchecked

        # ticking it again needs no question
        _click(qtbot, page.verify)
        assert page.verify.isChecked() and not page.verify_warning.isVisible()
        _click(qtbot, page.verify)
        _turn_off(page)
        page.sender_line.setText("ops@example.com")
        prefs.accept()
        assert window.store.smtp()["verify"] is False

        # the Email window says so on its route line
        generate(qtbot, window, sample_copy)
        dialog = email_dialog(qtbot, window)
        assert "certificate not checked" in dialog.route.text()
        dialog.reject()


def test_without_encryption_there_is_no_certificate_to_check(qtbot, window, tls_cert):
    with smtp_server("starttls", tls_cert) as server:
        prefs, page = _page(qtbot, window, server)
        page.security.setCurrentIndex(page.security.findData("none"))
        assert not page.verify.isEnabled() and not page.ca_file.isEnabled() and not page.ca_browse.isEnabled()
        assert "without encryption" in page.verify.toolTip()
        page.security.setCurrentIndex(page.security.findData("ssl"))
        assert page.verify.isEnabled() and page.ca_file.isEnabled()
        assert "recommended" in page.verify.toolTip()
        prefs.reject()
