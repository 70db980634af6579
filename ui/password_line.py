"""The Email window's password line: asked only when a login needs a password nothing else holds.

The engine says whether the environment, the system keyring or this session holds one (a
PasswordState, never the password); until it has said, Send waits. Without a system keyring the
box to remember it cannot be ticked, and says why.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.engine.results import PasswordState


class PasswordLine(QWidget):
    """'Password: [……] [✓] Remember in the system keyring', and a note under it."""

    changed = Signal()  # the text typed, or what is known about a stored password, changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.state: PasswordState | None = None  # None while the engine looks it up
        self._host = self._user = ""
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName("Mail server password")
        self.edit.textChanged.connect(self.changed)
        self.remember = QCheckBox("Remember in the system keyring")
        self.remember.setChecked(True)
        self.label = QLabel("Password:")
        self.label.setBuddy(self.edit)
        self.note = QLabel()
        self.note.setObjectName("subtle")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Password note")
        self.note.hide()
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self.edit, 1)
        row.addWidget(self.remember)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.show_state(None)

    def set_login(self, host: str, user: str) -> None:
        """The server and user the password is for ('' when no login is set up)."""
        self._host, self._user = host, user

    def show_state(self, state: PasswordState | None) -> None:
        """What the engine found: the line shows when a login needs a password and none is held."""
        self.state = state
        needed = state is not None and not state.found and self._has_login()
        for w in (self.label, self.edit, self.remember):
            w.setVisible(needed)
        if needed:
            self.edit.setPlaceholderText(self.hint())
            if state is not None and state.keyring:
                self.remember.setChecked(False)
                self.remember.setEnabled(False)
                self.remember.setToolTip(
                    f"The password cannot be remembered: {state.keyring}. TEC Desktop keeps "
                    "it until it is closed and asks for it again next time."
                )
            else:
                self.remember.setEnabled(True)
                self.remember.setToolTip("Keep the password in the system keyring, so that it is not asked again")
        self._fit()
        self.changed.emit()

    def hint(self) -> str:
        """What to type, and for whom."""
        return f"Type the password for {self._user} on {self._host}"

    def unknown(self) -> bool:
        """A login is set up and the engine has not said yet whether a password is held."""
        return self._has_login() and self.state is None

    def missing(self) -> bool:
        """A login is set up, no password is held, and none is typed."""
        return self._has_login() and (self.state is None or not self.state.found) and not self.edit.text()

    def typed(self) -> str | None:
        """The password typed, if any."""
        return self.edit.text() or None

    def keep(self) -> bool:
        """Hand a typed password to the engine to keep: in the keyring when ticked, else for this session."""
        return self.remember.isChecked() or bool(self.state is not None and self.state.keyring)

    def say(self, text: str) -> None:
        """A note under the line (why the password was not remembered); '' hides it."""
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self._fit()

    def _has_login(self) -> bool:
        return bool(self._host and self._user)

    def _fit(self) -> None:
        # Hidden altogether when it shows nothing, so the dialog keeps no gap for it.
        self.setVisible(not self.edit.isHidden() or not self.note.isHidden())
