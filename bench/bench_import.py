"""Import + all checks of a 100k-handoff workbook, against a bare python-calamine parse of it.

Run: .venv/bin/python bench/bench_import.py [ROWS]. After one warm-up of each, prints seconds (best
of 3) and the ratio measured in this one run (the target is at most 2x), then where the import's
time goes: the pre-flight (container.inspect), calamine (open, parse, to_python), typing the
tables, the checks, and the rest. Uses the cached workbook of bench/run.py when there is one.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import python_calamine  # noqa: E402
from run import workbook  # noqa: E402

from tec_desktop.checks.registry import run_checks  # noqa: E402
from tec_desktop.workbook import container, reader  # noqa: E402

STAGES = {
    "pre-flight": (container, "inspect"),
    "calamine": (reader, "_calamine_rows"),
    "tables": (reader, "_build_table"),
    "checks": (sys.modules[__name__], "run_checks"),
}


def bare_parse(path: Path) -> None:
    """What calamine alone costs: open, every sheet to Python lists."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    book.close()


def ours(path: Path) -> int:
    """Pre-flight, read, type, and every check."""
    book = reader.read_workbook(path)
    return len(run_checks(book))


SECONDS: dict[str, float] = defaultdict(float)  # per stage, for the call being timed


def time_stages() -> None:
    """Wrap each stage's function so that every call adds its time to SECONDS[stage]."""
    for stage, (module, name) in STAGES.items():
        fn = getattr(module, name)

        def wrapper(*args, fn=fn, stage=stage, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                SECONDS[stage] += time.perf_counter() - start

        setattr(module, name, wrapper)


def best(fn, path: Path, runs: int = 3) -> tuple[float, dict[str, float]]:
    """The fastest of `runs` calls after a warm-up, with that call's stage times."""
    fn(path)
    results = []
    for _ in range(runs):
        SECONDS.clear()
        start = time.perf_counter()
        fn(path)
        results.append((time.perf_counter() - start, dict(SECONDS)))
    return min(results, key=lambda r: r[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000, help="handoff rows (default 100000)")
    rows = parser.parse_args(argv).rows
    path = workbook(rows, 50)
    time_stages()
    calamine_s, _ = best(bare_parse, path)
    ours_s, stages = best(ours, path)
    size = path.stat().st_size / 1e6
    print(f"workbook: {rows:,} handoff rows, {size:.1f} MB ({path.name})")
    print(f"bare python-calamine parse : {calamine_s:6.3f} s")
    print(f"import + all checks        : {ours_s:6.3f} s")
    print(f"ratio                      : {ours_s / calamine_s:6.2f}x  (target <= 2x)")
    for stage in STAGES:
        print(f"  {stage:<24} : {stages.get(stage, 0.0):6.3f} s")
    print(f"  {'rest':<24} : {ours_s - sum(stages.values()):6.3f} s")


if __name__ == "__main__":
    main()
