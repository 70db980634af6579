"""Open a folder or a file with the computer's own programs, and say so plainly when none answers.

QDesktopServices.openUrl returns False when no file manager (or no program for PDFs) is set up, as
on a bare Linux desktop or a locked-down Windows profile; the user then gets the path to copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from ui.error_dialog import Action, ErrorDialog, show_error


def open_folder(parent: QWidget | None, folder: str | Path) -> bool:
    """Show a folder in the file manager; False (and a dialog with Copy path) when that cannot be done."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    _cannot(parent, "folder", Path(folder), "file manager")
    return False


def open_file(parent: QWidget | None, path: str | Path) -> bool:
    """Open a file with the program set up for its kind (a PDF viewer, Excel); False and a dialog when none is."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    _cannot(parent, "file", Path(path), f"program for {Path(path).suffix or 'such'} files")
    return False


def _cannot(parent: QWidget | None, what: str, path: Path, program: str) -> ErrorDialog:
    def copy() -> None:
        QGuiApplication.clipboard().setText(str(path))
        dialog.action_buttons["Copy path"].setText("Copied")

    dialog = show_error(
        parent,
        f"Could not open the {what}",
        f"Could not open the {what}: {path}\n\nNo {program} is set up on this computer to open it. Copy the "
        f"path and paste it into your file manager's address bar (or open it from there yourself).",
        warning=True,
        actions=(Action("Copy path", copy, closes=False),),
    )
    return dialog
