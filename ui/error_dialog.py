"""Errors in plain words: what happened and what to do, with the technical details one click away.

Dialogs are opened with open(), never exec(): the window keeps running (a re-check after a save
still happens) and tests are never stuck on a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Action:
    """A button of the dialog beside Close: 'Retry', 'Copy path'."""

    text: str
    run: Callable[[], object]
    closes: bool = True  # the dialog closes when it is pressed (Retry); Copy path keeps it open


BUG_TEXT = (
    "TEC Desktop ran into an unexpected problem and stopped what it was doing. Your workbook was not "
    "changed. The details were written to the log file; please send them to your TEC Desktop contact."
)


class ErrorDialog(QDialog):
    """A message with an icon; for unexpected problems also the details, Copy details and the log folder."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        message: str,
        details: str = "",
        log_path: str = "",
        warning: bool = False,
        actions: Sequence[Action] = (),
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("errorDialog")
        self.setAccessibleName(title)
        self.setMinimumWidth(520)
        self.details = details
        self.log_path = log_path

        icon = QLabel()
        pixmap = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if warning or not details
            else QStyle.StandardPixmap.SP_MessageBoxCritical
        )
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(40, 40))
        icon.setFixedWidth(52)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        heading.setWordWrap(True)
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setMinimumWidth(420)  # so the layout wraps it at its real width, not a narrow guess
        self.message_label.setAccessibleName("Message")

        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(heading)
        text.addWidget(self.message_label)
        if log_path:
            where = QLabel(f"Log file: {log_path}")
            where.setObjectName("subtle")
            where.setWordWrap(True)
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.addWidget(where)

        text.addStretch(1)  # the words stay together at the top, however tall the dialog
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addLayout(top)

        self.details_box = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        if details:
            self.details_box = QPlainTextEdit(details)
            self.details_box.setReadOnly(True)
            self.details_box.setAccessibleName("Technical details")
            mono = QFont("DejaVu Sans Mono")
            mono.setStyleHint(QFont.StyleHint.Monospace)
            mono.setPointSizeF(9)
            self.details_box.setFont(mono)
            self.details_box.setMinimumHeight(170)
            self.details_box.setVisible(False)
            layout.addWidget(self.details_box, 1)
            self.toggle = QPushButton("Show details")
            self.toggle.setAccessibleName("Show details")
            self.toggle.setCheckable(True)
            self.toggle.toggled.connect(self._toggle)
            buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
            self.copy_button = QPushButton("Copy details")
            self.copy_button.setAccessibleName("Copy details")
            self.copy_button.setToolTip("Copy the message and technical details, to paste into an email")
            self.copy_button.clicked.connect(self.copy_details)
            buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        if log_path:
            folder = QPushButton("Open log folder")
            folder.setAccessibleName("Open log folder")
            folder.clicked.connect(lambda: _open_folder(self, Path(log_path).parent))
            buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.action_buttons: dict[str, QPushButton] = {}
        for action in actions:
            button = QPushButton(action.text)
            button.setAccessibleName(action.text)
            button.clicked.connect(action.run)
            if action.closes:
                button.clicked.connect(self.accept)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.action_buttons[action.text] = button
        layout.addWidget(buttons)
        default = next((self.action_buttons[a.text] for a in actions if a.closes), None)
        (default or buttons.button(QDialogButtonBox.StandardButton.Close)).setDefault(True)

    def _toggle(self, shown: bool) -> None:
        if self.details_box is not None:
            self.details_box.setVisible(shown)
        self.toggle.setText("Hide details" if shown else "Show details")
        self.adjustSize()

    def copy_text(self) -> str:
        """What Copy details puts on the clipboard."""
        from tec_desktop import __version__

        parts = [self.windowTitle(), self.message_label.text(), f"TEC Desktop {__version__}"]
        if self.log_path:
            parts.append(f"Log file: {self.log_path}")
        if self.details:
            parts.append(self.details)
        return "\n\n".join(parts)

    def copy_details(self) -> None:
        """Put the message and the traceback on the clipboard."""
        QGuiApplication.clipboard().setText(self.copy_text())
        self.copy_button.setText("Copied")


def show_error(
    parent: QWidget | None, title: str, message: str, warning: bool = False, actions: Sequence[Action] = ()
) -> ErrorDialog:
    """A plain-language error (the user can fix it), with buttons for what can be done; returns at once."""
    dialog = ErrorDialog(parent, title, message, warning=warning, actions=actions)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_bug(parent: QWidget | None, summary: str, details: str, log_path: str) -> ErrorDialog:
    """An unexpected problem of ours: the plain message, the details and Copy details."""
    dialog = ErrorDialog(parent, "Something went wrong", BUG_TEXT, details or summary, log_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _open_folder(parent: QWidget, folder: Path) -> None:
    from ui.desktop_open import open_folder  # it shows its failures with this module's dialog

    open_folder(parent, folder)
