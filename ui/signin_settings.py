"""Preferences → Email for Microsoft 365 and Google Workspace: the organization's app registration or OAuth client,
and Sign in / Sign out.

TEC Desktop has no app registered with Microsoft or Google: the organization's IT gives the Application
(client) ID and tenant (Microsoft 365) or an OAuth client file (Google Workspace); the page says so and
where the user guide shows IT how. A successful sign-in keeps the settings it was made with at once
(they are proven), whatever the dialog's OK or Cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.engine.results import SignInInfo
from ui.engine_client import Engine
from ui.preferences import Preferences
from ui.sign_in_control import SignInControl

MICROSOFT_NOTE = (
    "TEC Desktop has no app registered with Microsoft: your IT registers one for your organization and gives you "
    "its <b>Application (client) ID</b> and your <b>tenant</b> (user guide §7, <i>What IT does once</i>). "
    "Messages go from your own mailbox and are kept in its Sent Items."
)
GOOGLE_NOTE = (
    "TEC Desktop has no app registered with Google: your Workspace admin makes an <i>Internal</i> OAuth client "
    "of type <b>Desktop app</b> and gives you its downloaded JSON file (user guide §7, <i>What the Workspace "
    "admin does once</i>). Messages go from your own Gmail account."
)
CLIENT_FILE_FILTER = "Google OAuth client file (*.json);;All files (*)"


class SignInPage(QWidget):
    """One sign-in way's settings ('microsoft' or 'google') and its SignInControl."""

    def __init__(self, store: Preferences, engine: Engine, way: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.way = way
        values = store.sign_in_settings(way)
        self.fields: dict[str, QLineEdit] = {}

        note = QLabel(MICROSOFT_NOTE if way == "microsoft" else GOOGLE_NOTE)
        note.setObjectName("subtle")
        note.setWordWrap(True)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        if way == "microsoft":
            self._field("client_id", values, "from your IT, e.g. 1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90")
            self._field("tenant", values, "your organization's domain, e.g. contoso.com (empty: any work account)")
            form.addRow("Application (client) ID:", self.fields["client_id"])
            form.addRow("Tenant:", self.fields["tenant"])
            self._field("login_url", values, "https://login.microsoftonline.com")
            self._field("graph_url", values, "https://graph.microsoft.com/v1.0")
            addresses: tuple[tuple[str, str], ...] = (
                ("Sign-in address:", "login_url"),
                ("Microsoft Graph:", "graph_url"),
            )
            cloud = "Addresses for a national cloud (US Government, China): ask IT; leave empty otherwise"
        else:
            self._field("client_file", values, "client_secret_….json from your Workspace admin")
            browse = QPushButton("Choose…")
            browse.setAccessibleName("Choose the OAuth client file")
            browse.clicked.connect(self.choose_client_file)
            row = QHBoxLayout()
            row.addWidget(self.fields["client_file"], 1)
            row.addWidget(browse)
            form.addRow("OAuth client file:", row)
            self._field("gmail_url", values, "https://gmail.googleapis.com")
            addresses = (("Gmail API address:", "gmail_url"),)
            cloud = "The Gmail API's address: leave it empty unless IT tells you otherwise"

        self.control = SignInControl(engine, way, self.values)
        self.control.signed_in.connect(self._signed)
        form.addRow("Sign-in:", self.control)

        self.more = QToolButton()
        self.more.setText("Service addresses")
        self.more.setCheckable(True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.setArrowType(Qt.ArrowType.RightArrow)
        self.more.setAutoRaise(True)
        self.more.setAccessibleName("Show the service addresses")
        self.more.setToolTip(cloud)
        self.more.toggled.connect(self._show_addresses)
        self.address_box = QWidget()
        address_form = QFormLayout(self.address_box)
        address_form.setContentsMargins(18, 0, 0, 0)
        for label, key in addresses:
            address_form.addRow(label, self.fields[key])
        hint = QLabel(cloud + ".")
        hint.setObjectName("subtle")
        hint.setWordWrap(True)
        address_form.addRow("", hint)
        self.address_box.hide()
        self.more.setChecked(any(values[key] for _, key in addresses))  # shown when one is set

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.more)
        layout.addWidget(self.address_box)
        layout.addStretch(1)
        for edit in self.fields.values():
            edit.editingFinished.connect(self.control.refresh)

    def _field(self, key: str, values: dict, placeholder: str) -> None:
        edit = QLineEdit(values.get(key, ""))
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(
            {
                "client_id": "Application (client) ID",
                "tenant": "Tenant",
                "login_url": "Microsoft sign-in address",
                "graph_url": "Microsoft Graph address",
                "client_file": "OAuth client file",
                "gmail_url": "Gmail API address",
            }[key]
        )
        self.fields[key] = edit

    def values(self) -> dict:
        """The settings as typed."""
        return {key: edit.text().strip() for key, edit in self.fields.items()}

    def save(self) -> None:
        """Keep the settings (OK)."""
        self.store.set_sign_in_settings(self.way, **self.values())

    def choose_client_file(self) -> None:
        start = self.fields["client_file"].text() or str(Path.home() / "Downloads")
        path, _ = QFileDialog.getOpenFileName(self, "Google OAuth client file", start, CLIENT_FILE_FILTER)
        if path:
            self.fields["client_file"].setText(path)
            self.control.refresh()

    def _signed(self, info: SignInInfo) -> None:
        self.save()  # the settings a sign-in was made with are kept at once: they work
        self.store.sync()

    def _show_addresses(self, shown: bool) -> None:
        self.more.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.address_box.setVisible(shown)
