"""Desktop app benchmarks (on demand): `.venv/bin/python bench/bench_ui.py [--rows 100000] [--runs 5]`.

1. Launch: from starting the process to the main window shown (and to the sample checked).
   Target: window shown in under 1.5 s.
2. Responsiveness: the longest gap between ticks of a 5 ms heartbeat timer in the window's event loop
   while a workbook of 100k handoff rows is imported and checked. Target: no stall over 100 ms.

Runs offscreen unless a display is set (QT_QPA_PLATFORM is respected). Exit status 1 when a target
is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook_templates" / "sample.xlsx"
LAUNCH_TARGET = 1.5
STALL_TARGET = 0.100


def _child_launch(sample: str) -> None:
    """Inside the measured process: start the app and report when the window is shown and checked."""
    from PySide6.QtCore import QTimer

    from ui.app import build

    app, window = build(["tec-desktop", sample])
    QTimer.singleShot(0, lambda: print(f"shown {time.time()!r}", flush=True))
    window.result_shown.connect(lambda _r: (print(f"checked {time.time()!r}", flush=True), app.quit()))
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    window.close()


def launch_times(runs: int, data_dir: Path) -> list[tuple[float, float]]:
    """(seconds to window shown, seconds to sample checked) per run, measured from process start."""
    env = dict(os.environ, TEC_DATA_DIR=str(data_dir))
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    out = []
    for _ in range(runs):
        started = time.time()
        proc = subprocess.run(
            [sys.executable, __file__, "--child-launch", str(SAMPLE)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        marks = dict(line.split() for line in proc.stdout.splitlines() if line.startswith(("shown", "checked")))
        if "shown" not in marks:
            raise SystemExit(f"the app did not start:\n{proc.stderr[-2000:]}")
        out.append((float(marks["shown"]) - started, float(marks.get("checked", "nan")) - started))
    return out


def import_stall(rows: int, folder: Path) -> dict:
    """Open a `rows`-row workbook in the window and measure the event loop's longest gap meanwhile."""
    sys.path.insert(0, str(ROOT / "bench"))
    from make_workbook import make
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.app import create_application
    from ui.main_window import MainWindow

    book = folder / f"bench-{rows}.xlsx"
    if not book.exists():
        print(f"writing a {rows:,}-row workbook…", flush=True)
        make(book, rows)
    _app = create_application(["tec-desktop"])  # kept alive for the window
    window = MainWindow()
    window.show()
    loop = QEventLoop()
    window.engine.ready.connect(loop.quit)
    if not window.engine.is_ready:
        loop.exec()
    QTimer.singleShot(1500, loop.quit)  # let the engine import its libraries first, as a user would wait
    loop.exec()

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(heartbeat.timerType().PreciseTimer)
    heartbeat.timeout.connect(beat)
    results = []
    # After the result is shown the heartbeat runs 300 ms more, so that a stall while showing it is counted.
    window.result_shown.connect(lambda r: (results.append(r), QTimer.singleShot(300, loop.quit)))
    window.loads.failed.connect(lambda _check, f: (results.append(f), QTimer.singleShot(300, loop.quit)))
    last[0] = time.perf_counter()
    heartbeat.start(5)
    started = time.perf_counter()
    window.open_path(book)
    loop.exec()
    elapsed = time.perf_counter() - started - 0.3
    heartbeat.stop()
    window.close()
    ordered = sorted(gaps)
    return {
        "rows": rows,
        "seconds": elapsed,
        "ticks": len(gaps),
        "max_gap": max(gaps),
        "p99_gap": ordered[int(len(ordered) * 0.99) - 1],
        "result": results[0] if results else None,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="handoff rows of the imported workbook")
    parser.add_argument("--runs", type=int, default=5, help="launches to time")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated workbook in DIR (reused next time)")
    parser.add_argument("--child-launch", metavar="WORKBOOK", help=argparse.SUPPRESS)  # the measured process
    args = parser.parse_args(argv[1:])
    if args.child_launch:
        _child_launch(args.child_launch)
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    with tempfile.TemporaryDirectory(prefix="tec-bench-ui-") as tmp:
        data = Path(tmp) / "data"
        os.environ["TEC_DATA_DIR"] = str(data)
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)

        times = launch_times(args.runs, data)
        shown = [t[0] for t in times]
        checked = [t[1] for t in times]
        print(
            f"launch to window shown: median {statistics.median(shown):.2f} s, worst {max(shown):.2f} s "
            f"({args.runs} runs; target < {LAUNCH_TARGET} s)"
        )
        print(f"launch to sample checked: median {statistics.median(checked):.2f} s, worst {max(checked):.2f} s")

        stall = import_stall(args.rows, folder)
        ok_result = hasattr(stall["result"], "findings")
        print(
            f"import of {stall['rows']:,} rows: {stall['seconds']:.2f} s to checked "
            f"({'ok' if ok_result else stall['result']}); event loop: {stall['ticks']} ticks of a 5 ms timer, "
            f"longest gap {stall['max_gap'] * 1000:.0f} ms, 99th percentile {stall['p99_gap'] * 1000:.0f} ms "
            f"(target < {STALL_TARGET * 1000:.0f} ms)"
        )
    missed = max(shown) >= LAUNCH_TARGET or stall["max_gap"] >= STALL_TARGET or not ok_result
    print("FAIL: a target was missed" if missed else "PASS: both targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
