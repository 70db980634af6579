"""The window's event loop keeps ticking during a long import; an engine that dies is replaced."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

from PySide6.QtCore import QTimer

from builder import rows_copy, write_workbook
from ui_helpers import LOAD_TIMEOUT, open_and_wait, visible_error_dialogs

# A read of about a second here (20k rows took under 0.3 s once the reader got faster); bench/bench_ui.py measures 100k.
ROWS = 60_000


def _big_workbook(path, rows: int):
    data = rows_copy()
    template = data["Handoffs"][0]
    start = dt.datetime(2026, 5, 4, 9)
    handoffs = []
    for i in range(rows):
        sub = start + dt.timedelta(hours=(i * 7) % (24 * 170))
        handoffs.append(
            {
                **template,
                "Item ID": f"H-{i + 1}",
                "Submitted": sub,
                "Started": sub + dt.timedelta(days=1),
                "Completed": sub + dt.timedelta(days=2),
            }
        )
    data["Handoffs"] = handoffs
    return write_workbook(path, data, writer="xlsxwriter")


def test_event_loop_keeps_ticking_during_a_long_import(qtbot, window, tmp_path):
    """A 10 ms heartbeat in the window's event loop, from the open until the result is on screen."""
    path = _big_workbook(tmp_path / "big.xlsx", ROWS)
    qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)
    gaps, last = [], [0.0]

    def beat():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    last[0] = time.perf_counter()
    heartbeat.start(10)
    started = time.perf_counter()
    result = open_and_wait(qtbot, window, path)
    elapsed = time.perf_counter() - started
    after = time.perf_counter() + 0.3  # keep measuring: showing the result must not stall either
    qtbot.waitUntil(lambda: time.perf_counter() > after, timeout=5000)
    heartbeat.stop()
    assert window.seams.model.rowCount() == 2 and result.count("error") == 0
    assert elapsed > 0.3  # it was a long import
    assert len(gaps) >= elapsed / 0.01 * 0.5  # at least half the ticks a 10 ms timer should give
    assert max(gaps) < 0.25, f"the event loop stalled {max(gaps) * 1000:.0f} ms during the import"


def test_an_engine_that_dies_is_reported_and_replaced(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "ok.xlsx")
    open_and_wait(qtbot, window, path)
    qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)
    old_pid = window.engine.pid
    rid = window.engine.load(str(path))
    failures = []
    window.engine.failed.connect(lambda r, f: failures.append((r, f)))
    os.kill(old_pid, signal.SIGKILL)  # what a library abort (SIGABRT) looks like from here
    qtbot.waitUntil(lambda: any(r == rid for r, _ in failures), timeout=LOAD_TIMEOUT)
    assert dict(failures)[rid].kind == "crashed"
    assert "stop unexpectedly" in dict(failures)[rid].message
    qtbot.waitUntil(lambda: window.engine.pid not in (None, old_pid), timeout=LOAD_TIMEOUT)
    # the new engine works
    result = open_and_wait(qtbot, window, path)
    assert result.count("error") == 0


def test_a_crash_during_open_becomes_a_plain_dialog(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "crashy.xlsx")
    qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)
    pid = window.engine.pid
    window.open_path(path)
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: bool(visible_error_dialogs(window)) or window.result is not None, timeout=LOAD_TIMEOUT)
    if window.result is None:  # the kill won the race with the read
        dialog = visible_error_dialogs(window)[0]
        assert "crashy.xlsx" in dialog.message_label.text()
        assert "Traceback" not in dialog.message_label.text()
        dialog.close()
    result = open_and_wait(qtbot, window, path)
    assert result.count("error") == 0
