"""Import + all checks of a 100k-handoff workbook, against a bare python-calamine parse of it.

Run: .venv/bin/python bench/bench_import.py [ROWS]. Prints seconds (best of 3) and the ratio
measured in this one run; the target is at most 2x.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import python_calamine  # noqa: E402

from make_workbook import make  # noqa: E402
from tec_desktop.checks import run_checks  # noqa: E402
from tec_desktop.reader import read_workbook  # noqa: E402


def bare_parse(path: Path) -> None:
    """What calamine alone costs: open, every sheet to Python lists."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    book.close()


def ours(path: Path) -> int:
    """Pre-flight, read, type, and every check."""
    book = read_workbook(path)
    return len(run_checks(book))


def best(fn, path: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = make(Path(tmp) / f"bench-{rows}.xlsx", rows)
        size = path.stat().st_size / 1e6
        calamine_s = best(bare_parse, path)
        ours_s = best(ours, path)
    print(f"workbook: {rows:,} handoff rows, {size:.1f} MB")
    print(f"bare python-calamine parse : {calamine_s:6.3f} s")
    print(f"import + all checks        : {ours_s:6.3f} s")
    print(f"ratio                      : {ours_s / calamine_s:6.2f}x  (target <= 2x)")


if __name__ == "__main__":
    main()
