"""The engine process: the window keeps ticking while it works, it loads no Qt, and one that dies is replaced."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from ui.engine.requests import DescribeEngine, Load

from builder import rows_copy, write_workbook
from ui_helpers import LOAD_TIMEOUT, open_and_wait, visible_error_dialogs

ROOT = Path(__file__).resolve().parents[1]
ROWS = 20_000  # a real read; its length comes from HOLD, not from how fast the reader is
HOLD = 0.6  # seconds the engine is kept stopped in the middle of the read
QT_LIBRARIES = ("libQt6", "/PySide6/", "shiboken6")
on_linux = pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc (Linux)")


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


def _mapped(pid: int) -> str:
    """The files a process has mapped (its shared libraries among them)."""
    return Path(f"/proc/{pid}/maps").read_text(errors="replace")


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="stops the engine with SIGSTOP")
def test_event_loop_keeps_ticking_while_the_engine_reads(qtbot, window, tmp_path):
    """A 10 ms heartbeat in the window's event loop from the open until the result is on screen, with the
    engine held in the middle of its read for HOLD seconds: the read is long however fast the reader gets."""
    path = _big_workbook(tmp_path / "big.xlsx", ROWS)
    qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)
    pid = window.engine.pid
    steps = []

    def hold_the_read(progress) -> None:
        steps.append(progress.label)
        if len(steps) == 1:  # the engine has begun reading: stop it there for a while
            os.kill(pid, signal.SIGSTOP)
            QTimer.singleShot(int(HOLD * 1000), lambda: os.kill(pid, signal.SIGCONT))

    window.loads.progress.connect(hold_the_read)
    gaps, last = [], [0.0]

    def beat():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    try:
        last[0] = time.perf_counter()
        heartbeat.start(10)
        started = time.perf_counter()
        result = open_and_wait(qtbot, window, path)
        elapsed = time.perf_counter() - started
        after = time.perf_counter() + 0.3  # keep measuring: showing the result must not stall either
        qtbot.waitUntil(lambda: time.perf_counter() > after, timeout=5000)
    finally:
        heartbeat.stop()
        os.kill(pid, signal.SIGCONT)  # never leave a stopped engine behind a failed assertion
    assert steps[0] == "Reading big.xlsx…" and any(s.startswith("Checking") for s in steps)
    assert window.seams.model.rowCount() == 2 and result.count("error") == 0
    assert elapsed >= HOLD
    assert len(gaps) >= elapsed / 0.01 * 0.5  # at least half the ticks a 10 ms timer should give
    assert max(gaps) < 0.25, f"the event loop stalled {max(gaps) * 1000:.0f} ms during the import"


@on_linux
def test_the_engine_process_has_no_qt_loaded(qtbot, window, sample_copy):
    open_and_wait(qtbot, window, sample_copy)  # the engine has read, checked and computed by now
    with qtbot.waitSignal(window.engine.request(DescribeEngine()).finished, timeout=LOAD_TIMEOUT) as blocker:
        pass
    facts = blocker.args[0]
    assert facts.pid == window.engine.pid != os.getpid()
    assert {"pandas", "python_calamine", "tec_desktop", "ui"} <= set(facts.packages)  # it did the work
    assert "PySide6" not in facts.packages and "shiboken6" not in facts.packages
    mapped = _mapped(facts.pid)
    assert "calamine" in mapped  # the maps are the engine's, with its libraries
    assert not [line for line in mapped.splitlines() if any(q in line for q in QT_LIBRARIES)]


def _installed_program() -> Path:
    """The `tec-desktop` script pip wrote for the gui-scripts entry point, beside this Python."""
    folder = Path(sys.executable).parent
    found = [folder / name for name in ("tec-desktop", "tec-desktop.exe") if (folder / name).exists()]
    assert found, f"no tec-desktop in {folder}: install the project (make .venv/.installed)"
    return found[0]


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                child = int(stat.parent.name)
                out[child] = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
    return out


@on_linux
def test_the_installed_program_starts_its_engine_without_qt(tmp_path, sample_path):
    """The real entry point, as a user starts it: spawn runs it again in the engine, which must not load Qt."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TEC_DATA_DIR=str(tmp_path))
    app = subprocess.Popen(
        [str(_installed_program()), str(sample_path)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    engine = None
    try:
        deadline = time.monotonic() + 60
        mapped = ""
        while time.monotonic() < deadline and app.poll() is None:
            engine = next((p for p, cmd in _children(app.pid).items() if "spawn_main" in cmd), None)
            if engine is not None:
                try:
                    mapped = _mapped(engine)
                except OSError:
                    mapped = ""
                if "calamine" in mapped:  # it has imported its libraries (and read the sample)
                    break
            time.sleep(0.1)
        assert app.poll() is None, app.stderr.read().decode(errors="replace") if app.stderr else ""
        assert engine is not None and "calamine" in mapped, "the engine did not start within a minute"
        assert "libQt6Core" in _mapped(app.pid)  # the window's process does load Qt: the check can see it
        qt = sorted({line.split()[-1] for line in mapped.splitlines() if any(q in line for q in QT_LIBRARIES)})
        assert qt == [], f"the engine process loaded Qt: {qt}"
    finally:
        app.terminate()
        app.wait(10)
        if engine is not None and Path(f"/proc/{engine}").exists():
            time.sleep(1)  # it ends by itself when its pipe closes
            if Path(f"/proc/{engine}").exists():
                os.kill(engine, signal.SIGKILL)


def test_an_engine_that_dies_is_reported_and_replaced(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "ok.xlsx")
    open_and_wait(qtbot, window, path)
    qtbot.waitUntil(lambda: window.engine.is_ready, timeout=LOAD_TIMEOUT)
    old_pid = window.engine.pid
    reply = window.engine.request(Load(str(path)))
    failures = []
    reply.failed.connect(failures.append)
    os.kill(old_pid, signal.SIGKILL)  # what a library abort (SIGABRT) looks like from here
    qtbot.waitUntil(lambda: bool(failures), timeout=LOAD_TIMEOUT)
    assert failures[0].kind == "crashed" and not reply.is_running()
    assert "reader stopped while reading ok.xlsx" in failures[0].message
    assert "damaged" not in failures[0].message  # the app's own failure is never blamed on the file
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
