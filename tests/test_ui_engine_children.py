"""The engine may start worker processes (it is not a daemon) and none outlives it: closing the window ends the
engine and its workers, even in the middle of writing the scorecards, and an engine that dies takes its workers
with it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tec_desktop.scorecards.parallel import MIN_OWNERS
from ui.engine.requests import WriteScorecards

from builder import write_workbook
from many_seams import many_seam_rows
from ui_helpers import LOAD_TIMEOUT, open_and_wait

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)"),
    pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="owners' PDFs render in workers only on 2+ cores"),
]
OWNERS = MIN_OWNERS + 4
WORKING = 1.5  # CPU seconds after which a worker has started, read what it renders from, and renders


def _state(pid: int) -> str | None:
    """The process's state letter ('R', 'S', 'Z' ...), None when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z", "X")  # a zombie has ended; only its exit status is left


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
    return out


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


def _workers(pid: int) -> set[int]:
    """The worker processes under `pid` (not multiprocessing's resource tracker, which is there too)."""
    out = set()
    for child in _descendants(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                out.add(child)
        except OSError:
            continue
    return out


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _many_owners(path: Path) -> Path:
    """60 seams owned by more people than the workers' threshold: the engine renders owners' PDFs in workers."""
    rows = many_seam_rows(60)
    owners = [f"Owner {k:02d}" for k in range(OWNERS)]
    rows["People"] += [
        {"Name": o, "Email": f"o{k}@example.com", "Team": "Ops", "Role": "Seam owner"} for k, o in enumerate(owners)
    ]
    for i, seam in enumerate(rows["Seams"]):
        seam["Accountable owner"] = owners[i % OWNERS]
    return write_workbook(path, rows)


def _writing_with_workers(qtbot, window, tmp_path) -> tuple[int, set[int]]:
    """Open the workbook, start writing its scorecards, and wait until the engine's workers run: the engine's
    pid and every process under it (its workers, and multiprocessing's resource tracker)."""
    result = open_and_wait(qtbot, window, _many_owners(tmp_path / "many.xlsx"))
    engine = window.engine.pid
    assert engine is not None and not _descendants(engine)
    window.engine.request(WriteScorecards(result.book_id, "2026-10", str(tmp_path / "out")))
    # Started, set up and rendering (a worker the engine leaves while it still starts would end anyway).
    busy = lambda: any(_cpu_seconds(w) >= WORKING for w in _workers(engine))  # noqa: E731
    assert _wait_until(busy, LOAD_TIMEOUT / 1000), "no worker process rendered"
    workers = _descendants(engine)
    assert any(_alive(w) for w in _workers(engine)), "the scorecards were written before the test could stop them"
    return engine, workers


def test_closing_the_window_while_workers_render_leaves_no_process(qtbot, window, tmp_path):
    before = _children(os.getpid())
    engine, workers = _writing_with_workers(qtbot, window, tmp_path)
    assert engine in before
    started = time.monotonic()
    window.close()  # the engine is told to quit in the middle of the scorecards
    assert not _alive(engine) and _state(engine) is None  # ended and reaped by the window: no zombie either
    assert time.monotonic() - started < 6
    assert _wait_until(lambda: not any(_alive(p) for p in workers), 10), [(p, _state(p)) for p in workers]
    assert engine not in _children(os.getpid())
    assert not list((tmp_path / "out").glob("*.tmp"))  # and nothing half-written was left


def test_an_engine_that_dies_while_workers_render_takes_them_with_it(qtbot, window, tmp_path):
    engine, workers = _writing_with_workers(qtbot, window, tmp_path)
    os.kill(engine, signal.SIGKILL)  # what a library abort looks like from here
    qtbot.waitUntil(lambda: window.engine.pid not in (None, engine), timeout=LOAD_TIMEOUT)
    assert _wait_until(lambda: not any(_alive(p) for p in workers), 10), [(p, _state(p)) for p in workers]
    assert _state(engine) is None  # the window reaped it
    replacement = window.engine.pid
    window.close()
    assert replacement is not None and not _alive(replacement)
