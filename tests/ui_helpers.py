"""Helpers shared by the tests of the desktop window (its fixtures are in conftest.py).

The window is the real one, with its real engine process; settings, logs and PDFs go to the
test's temporary folders (TEC_DATA_DIR is set by conftest for every test).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tec_desktop.mail.passwords import MemoryKeyring

from builder import rows_copy, write_workbook

LOAD_TIMEOUT = 60_000  # ms: the first check also starts the engine and imports pandas
NO_KEYRING = "keyring.backends.fail.Keyring"  # keyring's own 'there is none' backend
MEMORY_KEYRING = "tec_desktop.mail.passwords.MemoryKeyring"


class RefusingKeyring(MemoryKeyring):
    """A keyring that is there but will not take a password, like a locked one."""

    def set_password(self, service, username, password):
        from keyring.errors import PasswordSetError

        raise PasswordSetError("the keyring is locked")


REFUSING_KEYRING = "ui_helpers.RefusingKeyring"


def given(request, name: str, default):
    """A value the test gives by parametrizing `name` (keyring_backend, smtp_password_env), else `default`."""
    try:
        return request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        return default


def open_and_wait(qtbot, window, path) -> object:
    """Open a workbook in the window and return the LoadResult it shows."""
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        assert window.open_path(path)
    return blocker.args[0]


def book_with_errors(path: Path) -> Path:
    """The builder's small workbook with an out-of-order date (Handoffs E2) and a bad date (Handoffs F3)."""
    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = dt.datetime(2026, 10, 3, 9)  # before Submitted (5 Oct)
    rows["Handoffs"][1]["Completed"] = "soon"
    return write_workbook(path, rows)


def visible_error_dialogs(widget):
    """The ErrorDialogs open over a window."""
    from ui.error_dialog import ErrorDialog

    return [d for d in widget.findChildren(ErrorDialog) if d.isVisible()]


JOB = 120_000  # ms: writing every PDF, or sending every message


def generate(qtbot, window, path) -> None:
    """Open a workbook and write its scorecards (what the Email window needs)."""
    open_and_wait(qtbot, window, path)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB):
        window.outputs.generate_scorecards()


def email_dialog(qtbot, window):
    """Email…: the dialog, once it lists the messages."""
    from ui.engine.results import MailPreview

    window.email_scorecards()
    dialog = window.email_dialog
    qtbot.waitUntil(lambda: isinstance(dialog.preview, MailPreview), timeout=LOAD_TIMEOUT)
    return dialog


def send_and_wait(qtbot, dialog, start):
    """Start sending (or drafting) and return the SendSummary once the dialog shows it."""
    dialog.summary = None
    assert start()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=JOB)
    return dialog.summary
