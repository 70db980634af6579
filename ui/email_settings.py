"""Preferences > Email: the mail server, sender, and a password kept in the system keyring (never here).

The password field is write-only: it shows whether a password is stored, never the password. Test
connection and the keyring calls run in the engine, so a silent server cannot freeze the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from .results import Failure, PasswordState
from .settings_store import SettingsStore

SECURITY_CHOICES = (("starttls", "STARTTLS (usually port 587)"), ("ssl", "SSL/TLS (usually port 465)"),
                    ("none", "None: a relay on the company network (port 25)"))


class EmailSettingsPage(QWidget):
    """Server, port, security, user, sender, password, Test connection."""

    def __init__(self, store: SettingsStore, engine, parent=None):
        super().__init__(parent)
        self.store = store
        self.engine = engine
        self._test_rid = 0
        self._lookup_rid = 0
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
        self.sender = QLineEdit(values["sender"])
        self.sender.setPlaceholderText("Operations <ops@example.com> (default: the user name)")
        self.sender.setAccessibleName("From address")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
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

        self.test_button = QPushButton("Test connection")
        self.test_button.setAccessibleName("Test connection")
        self.test_button.setToolTip("Connect, encrypt and log in, without sending anything")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName("Connection test result")
        self.test_result.setTextInteractionFlags(Qt.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("Mail server:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Security:", self.security)
        form.addRow("User name:", self.user)
        form.addRow("Password:", password_row)
        form.addRow("", self.password_note)
        form.addRow("From:", self.sender)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addLayout(test_row)
        hint = QLabel("The password is kept in your system's keyring (or taken from the TEC_SMTP_PASSWORD "
                      "environment variable), never in TEC Desktop's settings file.")
        hint.setObjectName("subtle")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)

        engine.done.connect(self._on_done)
        engine.failed.connect(self._on_failed)
        self.host.editingFinished.connect(self.lookup_password)
        self.user.editingFinished.connect(self.lookup_password)
        self.lookup_password()

    def values(self) -> dict:
        """The settings as typed (what Test connection and Save use)."""
        return {"host": self.host.text().strip(), "port": self.port.value(), "security": self.security.currentData(),
                "user": self.user.text().strip(), "sender": self.sender.text().strip()}

    def save(self) -> None:
        """Store the settings; a typed password goes to the keyring."""
        values = self.values()
        self.store.set_smtp(**values)
        if self.password.text() and values["host"] and values["user"]:
            self.engine.password("store", values["host"], values["user"], self.password.text())

    def lookup_password(self) -> None:
        v = self.values()
        if v["host"] and v["user"]:
            self._lookup_rid = self.engine.password("lookup", v["host"], v["user"])
        else:
            self._show_state(PasswordState(False))

    def test_connection(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setText("Connecting…")
        self.test_result.setStyleSheet("")
        self._test_rid = self.engine.smtp_test(self.values(), self.password.text() or None)

    def _forget(self) -> None:
        v = self.values()
        if v["host"] and v["user"]:
            self._lookup_rid = self.engine.password("forget", v["host"], v["user"])

    def _show_state(self, state: PasswordState) -> None:
        self._state = state
        if state.found and state.source == "environment":
            self.password.setPlaceholderText("taken from TEC_SMTP_PASSWORD")
            self.password_note.setText("The TEC_SMTP_PASSWORD environment variable is set and is used.")
        elif state.found:
            self.password.setPlaceholderText("•••••••• (stored in the system keyring)")
            self.password_note.setText("A password is stored in the system keyring. Type a new one to replace it.")
        else:
            self.password.setPlaceholderText("type it to store it in the system keyring")
            self.password_note.setText(state.note[:1].upper() + state.note[1:] + "." if state.note else
                                       "No password is stored for this server and user.")
        self.forget.setEnabled(state.found and state.source == "keyring")

    def _on_done(self, rid: int, payload) -> None:
        if rid == self._test_rid:
            self.test_button.setEnabled(True)
            self.test_result.setText(f"✓ {payload}")
            self.test_result.setStyleSheet("color: #23672A;")
        elif rid == self._lookup_rid and isinstance(payload, PasswordState):
            self._show_state(payload)

    def _on_failed(self, rid: int, failure: Failure) -> None:
        if rid == self._test_rid:
            self.test_button.setEnabled(True)
            self.test_result.setText(f"✕ {failure.message}")
            self.test_result.setStyleSheet("color: #B3261E;")
        elif rid == self._lookup_rid:
            self.password_note.setText(failure.message)
