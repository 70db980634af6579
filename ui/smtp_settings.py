"""Preferences → Email → Mail server (SMTP): the server, sender, certificate check, and a password kept in the
system keyring.

A login with a password needs an encrypted connection: Security None with a user name is said at once,
and OK keeps the dialog open until it is fixed (the send would refuse it). The password field is
write-only: it shows whether a password is stored, never the password. Without a system keyring the
engine keeps a typed password until the app closes, and the page says so. Test connection and the
keyring calls run in the engine, so a silent server cannot freeze the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.banner import Banner
from ui.engine.requests import CheckConnection, FindPassword, ForgetPassword, StorePassword
from ui.engine.results import Failure, PasswordState
from ui.engine_client import Engine, Reply
from ui.preferences import Preferences

SECURITY_CHOICES = (
    ("starttls", "STARTTLS (usually port 587)"),
    ("ssl", "SSL/TLS (usually port 465)"),
    ("none", "None: a relay on the company network (port 25)"),
)
CERTIFICATE_FILTER = "Certificates (*.pem *.crt *.cer);;All files (*)"
NO_CHECK_WARNING = (
    "The server's certificate is not checked: anyone between this computer and the mail server "
    "could pose as the server and read the password and the scorecards."
)


def no_keyring_note(reason: str) -> str:
    """What the password line says when no system keyring can keep the password."""
    return (
        f"{reason[:1].upper()}{reason[1:]}, so TEC Desktop cannot remember the password: it will be asked "
        "for each session. A password typed here or in the Email window is kept until TEC Desktop closes."
    )


LOGIN_NEEDS_ENCRYPTION = (
    "A login sends the password, which TEC Desktop never does without encryption: choose STARTTLS or SSL/TLS "
    "as Security, or leave User name empty for a relay on the company network that needs no login."
)


class SmtpSettingsPage(QWidget):
    """Server, port, security, user, sender, password, certificate, Test connection."""

    def __init__(self, store: Preferences, engine: Engine, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.engine = engine
        self._lookup: Reply | None = None  # the newest question about the stored password
        self._state = PasswordState(False)
        values = store.smtp()

        self.host = QLineEdit(values["host"])
        self.host.setPlaceholderText("smtp.example.com")
        self.host.setAccessibleName("Mail server")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText("Automatic")
        self.port.setValue(values["port"])
        self.port.setAccessibleName("Port")
        self.security = QComboBox()
        self.security.setAccessibleName("Security")
        for key, text in SECURITY_CHOICES:
            self.security.addItem(text, key)
        self.security.setCurrentIndex(max(self.security.findData(values["security"]), 0))
        self.user = QLineEdit(values["user"])
        self.user.setPlaceholderText("ops@example.com (leave empty if the server needs no login)")
        self.user.setAccessibleName("User name")
        self.sender_line = QLineEdit(values["sender"])
        self.sender_line.setPlaceholderText("Operations <ops@example.com> (default: the user name)")
        self.sender_line.setAccessibleName("From address")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.forget = QPushButton("Forget")
        self.forget.setAccessibleName("Forget the stored password")
        self.forget.setToolTip("Remove the password from the system keyring")
        self.forget.clicked.connect(self._forget)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.forget)
        self.password_note = QLabel()
        self.password_note.setObjectName("subtle")
        self.password_note.setWordWrap(True)
        self.password_note.setAccessibleName("Password status")

        self.verify = QCheckBox("Verify the server's certificate")
        self.verify.setChecked(values["verify"])
        self.verify.setToolTip(
            "Check that the server really is the one named above before sending the password "
            "and the scorecards (recommended)"
        )
        self.verify.clicked.connect(self._verify_clicked)
        self.ca_file = QLineEdit(values["ca_file"])
        self.ca_file.setAccessibleName("Trusted certificate file")
        self.ca_file.setPlaceholderText("none: the computer's own trusted certificates are used")
        self.ca_file.setToolTip(
            "A certificate (PEM file) to trust besides the computer's own, for a company "
            "that signs its mail server's certificate itself; ask IT for it"
        )
        self.ca_browse = QPushButton("Choose…")
        self.ca_browse.setAccessibleName("Choose the trusted certificate file")
        self.ca_browse.clicked.connect(self.choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.ca_browse)
        self.verify_warning = Banner()
        self.verify_warning.setAccessibleName("Certificate check warning")
        self.security.currentIndexChanged.connect(self._update_certificate_rows)
        self.security.currentIndexChanged.connect(self._check_login)
        self.user.textChanged.connect(self._check_login)

        self.test_button = QPushButton("Test connection")
        self.test_button.setAccessibleName("Test connection")
        self.test_button.setToolTip("Connect, encrypt and log in, without sending anything")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName("Connection test result")
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("Mail server:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Security:", self.security)
        form.addRow("User name:", self.user)
        self.login_warning = Banner()
        self.login_warning.setAccessibleName("Login needs encryption")
        form.addRow("", self.login_warning)
        form.addRow("Password:", password_row)
        form.addRow("", self.password_note)
        form.addRow("From:", self.sender_line)
        self.ca_label = QLabel("Trusted certificate file (for a company certificate authority):")
        self.ca_label.setBuddy(self.ca_file)
        certificate = QVBoxLayout()
        certificate.setSpacing(6)
        certificate.addWidget(self.verify)
        certificate.addWidget(self.ca_label)
        certificate.addLayout(ca_row)
        certificate.addWidget(self.verify_warning)
        form.addRow("Certificate:", certificate)
        self._certificate_box = certificate
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addLayout(test_row)
        self.hint = QLabel(
            "The password is kept in your system's keyring (or taken from the TEC_SMTP_PASSWORD "
            "environment variable), never in TEC Desktop's settings file."
        )
        self.hint.setObjectName("subtle")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self._grown: dict[Banner, int] = {}  # pixels the dialog grew for each warning shown
        self._certificate_tips = {w: w.toolTip() for w in (self.verify, self.ca_file, self.ca_browse, self.ca_label)}
        self._update_certificate_rows()
        self._check_login()

        self.host.editingFinished.connect(self.lookup_password)
        self.user.editingFinished.connect(self.lookup_password)
        self.lookup_password()

    def values(self) -> dict:
        """The settings as typed (what Test connection and Save use)."""
        return {
            "host": self.host.text().strip(),
            "port": self.port.value(),
            "security": self.security.currentData(),
            "user": self.user.text().strip(),
            "sender": self.sender_line.text().strip(),
            "verify": self.verify.isChecked(),
            "ca_file": self.ca_file.text().strip(),
        }

    def problem(self) -> str:
        """Why these settings cannot send ('' when they can): a login without encryption."""
        values = self.values()
        return LOGIN_NEEDS_ENCRYPTION if values["user"] and values["security"] == "none" else ""

    def _check_login(self) -> None:
        problem = self.problem()
        if bool(problem) != self.login_warning.isHidden():
            return  # as it is
        if problem:
            self.login_warning.show_message(f"✕ {problem}", "error")
        else:
            self.login_warning.hide()
        QTimer.singleShot(0, self, self._fit_height)

    def save(self) -> None:
        """Store the settings; a typed password goes to the keyring (or is kept for the session without one)."""
        values = self.values()
        self.store.set_smtp(**values)
        if self.password.text() and values["host"] and values["user"]:
            reply = self.engine.request(StorePassword(values["host"], values["user"], self.password.text()))
            report_store_failure(reply, self.window().parentWidget())

    def choose_ca_file(self) -> None:
        start = self.ca_file.text() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Trusted certificate file", start, CERTIFICATE_FILTER)
        if path:
            self.ca_file.setText(path)

    def _verify_clicked(self, checked: bool) -> None:
        """Turning the check off asks first; the box stays ticked until the user confirms."""
        if checked:
            self._update_certificate_rows()
            return
        self.verify.setChecked(True)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Stop checking the certificate?",
            "Send without checking the mail server's certificate?\n\n"
            "Without the check, anyone between this computer and the server could pose as the "
            "server and read the password and the scorecards. Turn it off only for a test server "
            "or when IT tells you to.\n\nIf your company signs its own certificates, choose its "
            "certificate as Trusted certificate file instead, and keep the check on.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        off = box.addButton("Turn off the check", QMessageBox.ButtonRole.DestructiveRole)
        off.clicked.connect(self._turn_off_the_check)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.confirm_box = box

    def _turn_off_the_check(self) -> None:
        self.verify.setChecked(False)
        self._update_certificate_rows()

    def _update_certificate_rows(self) -> None:
        encrypted = self.security.currentData() != "none"
        for w, tip in self._certificate_tips.items():
            w.setEnabled(encrypted)
            w.setToolTip(
                tip
                if encrypted
                else "Only for SSL/TLS and STARTTLS: a connection without encryption has no certificate"
            )
        warn = encrypted and not self.verify.isChecked()
        if warn != self.verify_warning.isHidden():
            return
        if warn:
            self.verify_warning.show_message(f"⚠ {NO_CHECK_WARNING}", "warning")
        else:
            self.verify_warning.hide()
        QTimer.singleShot(0, self, self._fit_height)

    def _fit_height(self, passes: int = 3) -> None:
        """An open dialog does not grow by itself for a line that appears (a warning would be squeezed to
        nothing), nor shrink when it goes: resize by what the warnings need, and give it back after."""
        dialog = self.window()
        if dialog is self or not dialog.isVisible():
            return
        change = 0
        for banner, box in ((self.verify_warning, self._certificate_box), (self.login_warning, None)):
            grown = self._grown.get(banner, 0)
            if banner.isHidden():
                change -= grown
                self._grown[banner] = 0
                continue
            # The banner's own width may be stale until laid out: that of the column it sits in is not.
            width = box.geometry().width() if box is not None else self.user.width()
            needed = max(banner.heightForWidth(width) - banner.height(), 0)
            self._grown[banner] = grown + needed
            change += needed
        if change:
            dialog.resize(dialog.width(), dialog.height() + change)
            if change > 0 and passes > 1:  # once laid out, check it got all it needs (a screen may limit it)
                QTimer.singleShot(0, self, lambda: self._fit_height(passes - 1))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_height)

    def lookup_password(self) -> None:
        """Ask the engine whether a password is held for the server and user typed."""
        v = self.values()
        if v["host"] and v["user"]:
            self._ask(FindPassword(v["host"], v["user"]))
        else:
            self._show_state(PasswordState(False))

    def test_connection(self) -> None:
        """Connect, encrypt and log in with the settings as typed; the result shows beside the button."""
        self.test_button.setEnabled(False)
        self.test_result.setText("Connecting…")
        self.test_result.setStyleSheet("")
        reply = self.engine.request(CheckConnection(self.values(), self.password.text() or None))
        reply.finished.connect(self._tested)
        reply.failed.connect(self._test_failed)

    def _forget(self) -> None:
        v = self.values()
        if v["host"] and v["user"]:
            self._ask(ForgetPassword(v["host"], v["user"]))

    def _ask(self, request: FindPassword | ForgetPassword) -> None:
        if self._lookup is not None:
            self._lookup.discard()  # the server or user changed since: only the newest answer counts
        self._lookup = self.engine.request(request)
        self._lookup.finished.connect(self._show_state)
        self._lookup.failed.connect(self._lookup_failed)

    def _show_state(self, state: PasswordState) -> None:
        self._state = state
        if state.found and state.source == "environment":
            self.password.setPlaceholderText("taken from TEC_SMTP_PASSWORD")
            self.password_note.setText("The TEC_SMTP_PASSWORD environment variable is set and is used.")
        elif state.found and state.source == "session":
            self.password.setPlaceholderText("•••••••• (kept until TEC Desktop closes)")
            self.password_note.setText(
                no_keyring_note(state.keyring)
                if state.keyring
                else "The password typed earlier is kept until TEC Desktop closes."
            )
        elif state.found:
            self.password.setPlaceholderText("•••••••• (stored in the system keyring)")
            self.password_note.setText("A password is stored in the system keyring. Type a new one to replace it.")
        elif state.keyring:
            self.password.setPlaceholderText("type it to use it until TEC Desktop closes")
            self.password_note.setText(no_keyring_note(state.keyring))
        else:
            self.password.setPlaceholderText("type it to store it in the system keyring")
            self.password_note.setText(
                state.note[:1].upper() + state.note[1:] + "."
                if state.note
                else "No password is stored for this server and user."
            )
        self.forget.setEnabled(state.found and state.source in ("keyring", "session"))
        self.forget.setToolTip(
            "Remove the password from the system keyring"
            if not state.keyring
            else "Forget the password typed this session"
        )
        if state.keyring:
            self.hint.setText(
                "The password is never written to TEC Desktop's settings file, nor anywhere else on disk."
            )

    def _tested(self, line: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(f"✓ {line}")
        self.test_result.setStyleSheet("color: #23672A;")

    def _test_failed(self, failure: Failure) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(f"✕ {failure.message}")
        self.test_result.setStyleSheet("color: #B3261E;")

    def _lookup_failed(self, failure: Failure) -> None:
        self.password_note.setText(failure.message)


def report_store_failure(reply: Reply, parent: QWidget | None) -> None:
    """Show why a password could not be remembered, after Preferences closed (it answers later)."""
    from shiboken6 import isValid

    from ui.error_dialog import show_error

    def failed(failure: Failure) -> None:
        show_error(
            parent if parent is not None and isValid(parent) else None,
            "The password was not remembered",
            failure.message,
            warning=True,
        )

    reply.failed.connect(failed)
