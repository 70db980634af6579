"""Fixtures and helpers shared by the tests of the desktop window (imported by tests/test_ui_*.py).

The window is the real one, with its real engine process; settings, logs and PDFs go to the
test's temporary folders (TEC_DATA_DIR is set by conftest for every test).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from builder import rows_copy, write_workbook

LOAD_TIMEOUT = 60_000  # ms: the first check also starts the engine and imports pandas


@pytest.fixture
def window(qtbot, qapp, tmp_path):
    """A shown main window whose PDFs go to tmp_path/out."""
    from ui import theme
    from ui.main_window import MainWindow
    theme.apply(qapp)
    w = MainWindow()
    w.store.set_output_folder(tmp_path / "out")
    w.scorecards.set_options(tmp_path / "out", w.store.paper_size(), w.store.per_owner())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def open_and_wait(qtbot, window, path) -> object:
    """Open a workbook in the window and return the LoadResult it shows."""
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        assert window.open_path(path)
    return blocker.args[0]


@pytest.fixture
def sample_copy(tmp_path, sample_path) -> Path:
    """The bundled sample, copied so that a test may change it."""
    dst = tmp_path / "book" / "sample.xlsx"
    dst.parent.mkdir()
    shutil.copy(sample_path, dst)
    return dst


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
