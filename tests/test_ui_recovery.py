"""Recovery that never needs F5: the engine killed mid-job or mid-read, quick month presses, Esc right after a run.

The engine process is really killed (SIGKILL, what an abort or the out-of-memory killer does), at a
known moment: on the first progress step of the job or of the read.
"""

from __future__ import annotations

import datetime as dt
import os
import signal

import pytest
from PySide6.QtCore import Qt

from ui.engine.results import Failure
from ui.main_window import SCORECARDS

from builder import rows_copy, write_workbook
from ui_helpers import JOB, LOAD_TIMEOUT, open_and_wait, visible_error_dialogs

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills the engine with SIGKILL")


def big_workbook(path, rows: int = 20_000):
    data = rows_copy()
    template = data["Handoffs"][0]
    start = dt.datetime(2026, 5, 4, 9)
    data["Handoffs"] = [
        {
            **template,
            "Item ID": f"H-{i + 1}",
            "Submitted": start + dt.timedelta(hours=(i * 7) % (24 * 170)),
            "Started": start + dt.timedelta(hours=(i * 7) % (24 * 170), days=1),
            "Completed": start + dt.timedelta(hours=(i * 7) % (24 * 170), days=2),
        }
        for i in range(rows)
    ]
    return write_workbook(path, data, writer="xlsxwriter")


def kill_engine_on_first_step(window, signal_source) -> list[int]:
    """Kill the engine when `signal_source` reports its first step; the pids killed."""
    killed: list[int] = []

    def kill(*_args) -> None:
        if not killed:
            killed.append(window.engine.pid)
            os.kill(killed[0], signal.SIGKILL)

    signal_source.connect(kill)
    return killed


def test_engine_killed_during_generate_is_restarted_rechecked_and_generate_works_again(qtbot, window, sample_copy):
    first = open_and_wait(qtbot, window, sample_copy)
    killed = kill_engine_on_first_step(window, window.jobs.progress)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        assert window.outputs.generate_scorecards()
    failure = blocker.args[0]
    assert isinstance(failure, Failure) and failure.kind == "crashed" and killed
    said = window.scorecards.outcome.label.text()
    assert "stopped unexpectedly while writing the scorecards" in said and "restarted" in said
    assert "Open the workbook again" not in said and "generate again" in said.lower()
    assert visible_error_dialogs(window) == []  # said in the view, not in a dialog on top of it
    # the workbook is checked again by itself, in the new engine: no F5
    qtbot.waitUntil(lambda: window.loads.current() and window.result.book_id != first.book_id, timeout=LOAD_TIMEOUT)
    assert window.engine.pid != killed[0]
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        qtbot.keyClick(window, Qt.Key_G, Qt.ControlModifier)
    assert isinstance(blocker.args[0], tuple) and len(blocker.args[0]) > 1
    assert "PDFs written" in window.scorecards.outcome.label.text()


def test_ctrl_g_pressed_while_the_workbook_is_checked_again_waits_for_it(qtbot, window, sample_copy):
    open_and_wait(qtbot, window, sample_copy)
    kill_engine_on_first_step(window, window.jobs.progress)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB):
        window.outputs.generate_scorecards()
    assert not window.loads.current()  # the re-check runs
    qtbot.keyClick(window, Qt.Key_G, Qt.ControlModifier)  # at once: it waits for the check, then writes
    assert window.views.currentIndex() == SCORECARDS
    assert "Waiting for sample.xlsx to be checked" in window.scorecards.progress_label.text()
    assert window.commands.cancel.isEnabled()
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        pass
    assert isinstance(blocker.args[0], tuple), blocker.args[0]
    assert visible_error_dialogs(window) == []


def test_engine_killed_while_reading_says_so_without_blaming_the_file_and_retries(qtbot, window, tmp_path):
    path = big_workbook(tmp_path / "big200.xlsx")
    qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)
    killed = kill_engine_on_first_step(window, window.loads.progress)
    window.open_path(path)
    qtbot.waitUntil(lambda: bool(visible_error_dialogs(window)), timeout=LOAD_TIMEOUT)
    dialog = visible_error_dialogs(window)[0]
    text = dialog.message_label.text()
    assert killed and "TEC Desktop's reader stopped while reading big200.xlsx" in text
    assert "damaged" not in text and "save it again" not in text.lower()
    assert "Retry" in dialog.action_buttons
    window.loads.progress.disconnect()
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.action_buttons["Retry"], Qt.LeftButton)
    assert blocker.args[0].name == "big200.xlsx" and blocker.args[0].count("error") == 0


def test_a_file_that_stops_the_reader_twice_is_then_named_as_the_likely_cause(qtbot, window, tmp_path):
    path = big_workbook(tmp_path / "twice.xlsx")
    qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)
    for attempt in (1, 2):
        kill_engine_on_first_step(window, window.loads.progress)
        window.open_path(path)
        qtbot.waitUntil(lambda: bool(visible_error_dialogs(window)), timeout=LOAD_TIMEOUT)
        dialog = visible_error_dialogs(window)[0]
        assert ("stopped again on this file" in dialog.message_label.text()) == (attempt == 2)
        window.loads.progress.disconnect()
        dialog.close()
        qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)


def test_quick_month_presses_are_never_lost(qtbot, window, sample_copy):
    result = open_and_wait(qtbot, window, sample_copy)
    months = list(result.months)  # newest first: Ctrl+[ goes down the list (older), Ctrl+] up
    start = months.index(result.month)
    assert len(months) >= start + 4

    def settled():
        return not window.loads.busy() and window.result.month == window.header.month_picker.currentData()

    # back and forth before the first check comes back: the month shown at the start again
    qtbot.keyClick(window, Qt.Key_BracketLeft, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_BracketRight, Qt.ControlModifier)
    qtbot.waitUntil(settled, timeout=LOAD_TIMEOUT)
    assert window.result.month == months[start]
    # three older, one newer, 12 ms apart (results come back in between): two older in the end
    for key in (Qt.Key_BracketLeft, Qt.Key_BracketLeft, Qt.Key_BracketLeft, Qt.Key_BracketRight):
        qtbot.keyClick(window, key, Qt.ControlModifier)
        qtbot.wait(12)
    qtbot.waitUntil(settled, timeout=LOAD_TIMEOUT)
    assert window.result.month == months[start + 2]
    assert window.seams.title.full_text().startswith(window.header.month_picker.currentText().split("  ")[0])


@pytest.mark.parametrize("focus", ["files table", "preview", "generate button", "month picker"])
def test_esc_cancels_a_generation_started_right_after_one_finished(qtbot, window, sample_copy, focus):
    open_and_wait(qtbot, window, sample_copy)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        window.outputs.generate_scorecards()
    assert isinstance(blocker.args[0], tuple)
    view = window.scorecards
    widget = {
        "files table": view.files_table,
        "preview": view.preview.pdf_view,
        "generate button": view.generate_button,
        "month picker": window.header.month_picker,
    }[focus]
    window.activateWindow()
    widget.setFocus()
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        qtbot.keyClick(window.focusWidget() or window, Qt.Key_G, Qt.ControlModifier)
        qtbot.keyClick(window.focusWidget() or window, Qt.Key_Escape)
    outcome = blocker.args[0]
    assert isinstance(outcome, Failure) and outcome.kind == "cancelled", outcome
    assert "Cancelled" in view.outcome.label.text()
