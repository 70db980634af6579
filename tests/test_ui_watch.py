"""The window re-checks by itself when the workbook is saved, however it is saved."""

from __future__ import annotations

import os
import time

from builder import rows_copy, write_workbook
from ui_helpers import LOAD_TIMEOUT, book_with_errors, open_and_wait, visible_error_dialogs


def _save_like_excel(path, build) -> None:
    """Write the new version beside the file and rename it over the original, as Excel does."""
    tmp = path.with_name("~$tmp" + path.name[:4] + ".xlsx")
    build(tmp)
    os.replace(tmp, path)


def test_saving_the_workbook_rechecks_without_a_click(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "live.xlsx")
    first = open_and_wait(qtbot, window, path)
    assert first.count("error") == 0
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        _save_like_excel(path, book_with_errors)
    assert blocker.args[0].count("error") == 2
    assert "Checks (2)" == window.commands.checks.text()
    # and again: the watch survives the rename (the watched file was replaced)
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        _save_like_excel(path, lambda p: write_workbook(p, rows_copy()))
    assert blocker.args[0].count("error") == 0


def test_saving_in_place_is_also_seen(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "inplace.xlsx")
    open_and_wait(qtbot, window, path)
    data = book_with_errors(tmp_path / "other.xlsx").read_bytes()
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        with open(path, "r+b") as fh:  # LibreOffice style: same file, new bytes
            fh.write(data)
            fh.truncate()
    assert blocker.args[0].count("error") == 2


def test_a_workbook_caught_half_saved_is_read_again_not_reported(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "halfway.xlsx")
    good = book_with_errors(tmp_path / "next.xlsx").read_bytes()
    open_and_wait(qtbot, window, path)
    path.write_bytes(good[: len(good) // 3])  # the save has only begun: a cut-off zip
    qtbot.waitUntil(lambda: "saved completely" in window.statusBar().currentMessage(), timeout=LOAD_TIMEOUT)
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        path.write_bytes(good)  # the save finishes
    assert blocker.args[0].count("error") == 2
    assert visible_error_dialogs(window) == []
    assert not window.banner.isVisible()


def test_a_file_that_stays_broken_is_a_banner_not_a_dialog(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "broken.xlsx")
    open_and_wait(qtbot, window, path)
    path.write_bytes(b"PK\x03\x04 this is not a complete zip")
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=LOAD_TIMEOUT)
    assert "could not be checked again" in window.banner.label.text()
    assert visible_error_dialogs(window) == []
    assert window.result is not None  # the last good check stays on screen


def test_opening_in_excel_is_not_a_change(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "opened.xlsx")
    result = open_and_wait(qtbot, window, path)
    shown = []
    window.result_shown.connect(shown.append)
    (tmp_path / "~$opened.xlsx").write_bytes(b"lock")  # Excel's lock file appears beside the workbook
    (tmp_path / "Seam-scorecards-2026-10.pdf").write_bytes(b"%PDF")  # a PDF written to the same folder
    deadline = time.monotonic() + 1.2
    qtbot.waitUntil(lambda: time.monotonic() > deadline, timeout=5000)
    assert shown == []
    assert window.result is result


def test_a_deleted_workbook_is_said_in_a_banner(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "deleted.xlsx")
    open_and_wait(qtbot, window, path)
    path.unlink()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=LOAD_TIMEOUT)
    assert "moved, renamed or deleted" in window.banner.label.text()
