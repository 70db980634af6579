"""Preferences: where the PDFs go, their paper size, per-owner PDFs; how the email goes (ui/email_settings.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.preferences import Preferences, default_output_folder


class PreferencesDialog(QDialog):
    """Edits the Preferences; nothing is saved until OK."""

    def __init__(self, store: Preferences, engine=None, parent=None, tab: str = ""):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(620)

        self.folder = QLineEdit(str(store.output_folder()))
        self.folder.setAccessibleName("Output folder")
        self.folder.setToolTip("The PDFs are written here; the folder is created when needed")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Browse for output folder")
        browse.clicked.connect(self._browse)
        reset = QPushButton("Default")
        reset.setToolTip(str(default_output_folder()))
        reset.setAccessibleName("Use the default output folder")
        reset.clicked.connect(lambda: self.folder.setText(str(default_output_folder())))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        folder_row.addWidget(reset)

        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        self.paper.addItem("As set in the workbook (Settings sheet)", "workbook")
        self.paper.addItem("A4", "A4")
        self.paper.addItem("Letter", "Letter")
        self.paper.setCurrentIndex(max(self.paper.findData(store.paper_size()), 0))
        self.per_owner = QCheckBox("Also write one PDF per accountable owner")
        self.per_owner.setChecked(store.per_owner())

        general = QWidget()
        form = QFormLayout(general)
        form.setContentsMargins(16, 16, 16, 16)
        form.setVerticalSpacing(12)
        form.addRow("Output folder:", folder_row)
        form.addRow("Paper size:", self.paper)
        form.addRow("", self.per_owner)
        hint = QLabel(
            "Each workbook's PDFs go in a folder of their own inside it, named for the Organization on its "
            "Settings sheet, with one folder per month: for example Northwind Logistics/2026-10/"
            "Seam-scorecards-2026-10.pdf. Generating a month again replaces that month's PDFs; another "
            "workbook's are never touched."
        )
        hint.setObjectName("subtle")
        hint.setWordWrap(True)
        form.addRow("", hint)

        self.tabs = QTabWidget()
        self.tabs.addTab(general, "Scorecards")
        self.email = None
        if engine is not None:
            from ui.email_settings import EmailSettingsPage

            self.email = EmailSettingsPage(store, engine)
            self.tabs.addTab(self.email, "Email")
            if tab == "email":
                self.tabs.setCurrentWidget(self.email)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Output folder for the scorecards", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def accept(self) -> None:
        """Save and close; settings that cannot send stay open on the Email tab, saying why."""
        if self.email is not None and self.email.problem():
            self.tabs.setCurrentWidget(self.email)
            self.email.smtp.security.setFocus()
            return
        self.store.set_output_folder(self.folder.text().strip() or str(default_output_folder()))
        self.store.set_paper_size(self.paper.currentData())
        self.store.set_per_owner(self.per_owner.isChecked())
        if self.email is not None:
            self.email.save()
        self.store.sync()
        super().accept()

    def done(self, result: int) -> None:
        if self.email is not None:
            self.email.stop()  # closed while the browser waits for a sign-in: stop waiting
        super().done(result)
