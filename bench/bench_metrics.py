"""Time the month's metrics on 50 seams and 100k handoffs over 12 months (target: under 0.5 s after import).

    .venv/bin/python bench/bench_metrics.py [HANDOFFS] [SEAMS]

Builds the workbook with bench/make_workbook.py, reads it once (the import, timed for reference),
adds 5,000 each of dependencies, decisions and actions (that generator leaves those sheets empty),
then times compute_month for the reporting month: every metric for every seam for that month and
the five before it, the Pareto and the per-type lead times.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_workbook import make  # noqa: E402

from tec_desktop.metrics.compute import compute_month  # noqa: E402
from tec_desktop.metrics.data import prepare  # noqa: E402
from tec_desktop.workbook import schema  # noqa: E402
from tec_desktop.workbook.reader import _build_table, read_workbook  # noqa: E402

TARGET_SECONDS = 0.5


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def with_more_sheets(book, seams: int, rows: int = 5_000, seed: int = 3):
    """The book with `rows` dependencies, decisions and actions over its 12 months, typed by the reader."""
    rnd = random.Random(seed)
    start = dt.datetime(2025, 11, 1)

    def when(days: float = 365) -> dt.datetime:
        return start + dt.timedelta(days=rnd.random() * days)

    def maybe(value, p=0.8):
        return value if rnd.random() < p else ""

    owner = book["People"].frame["name"].iloc[0]
    made = {
        "Dependencies": [
            [
                f"D-{i}",
                f"S-{rnd.randrange(seams):03d}",
                "x",
                owner,
                due := when(),
                maybe(due + dt.timedelta(days=rnd.randint(-5, 5))),
                rnd.choice(schema.DEPENDENCY_STATUSES),
            ]
            for i in range(rows)
        ],
        "Decisions": [
            [
                f"DEC-{i}",
                f"S-{rnd.randrange(seams):03d}",
                "x",
                owner,
                asked := when(),
                maybe(asked + dt.timedelta(days=rnd.random() * 15)),
                rnd.randint(1, 8),
                rnd.choice(schema.DECISION_STATUSES),
            ]
            for i in range(rows)
        ],
        "Actions": [
            [
                f"A-{i}",
                f"S-{rnd.randrange(seams):03d}",
                "x",
                owner,
                opened := when(),
                opened + dt.timedelta(days=rnd.randint(5, 40)),
                rnd.choice(schema.ACTION_STATUSES),
                maybe(opened + dt.timedelta(days=rnd.randint(1, 60)), 0.5),
                "",
                "",
            ]
            for i in range(rows)
        ],
    }
    tables = dict(book.tables)
    for name, body in made.items():
        sheet = schema.SHEETS_BY_NAME[name]
        tables[name], _ = _build_table(sheet, [[c.header for c in sheet.columns]] + body, [])
    return dataclasses.replace(book, tables=tables)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handoffs", nargs="?", type=int, default=100_000, help="handoff rows (default 100000)")
    parser.add_argument("seams", nargs="?", type=int, default=50, help="seams (default 50)")
    args = parser.parse_args(argv)
    handoffs, seams = args.handoffs, args.seams
    with tempfile.TemporaryDirectory() as tmp:
        path = make(Path(tmp) / "bench.xlsx", handoffs, seams=seams, months=12)
        start = time.perf_counter()
        book = read_workbook(path)
        read_s = time.perf_counter() - start
    book = with_more_sheets(book, seams)
    month = book.settings.reporting_month
    first = timed(lambda: compute_month(book, month), 1)[0]
    runs = timed(lambda: compute_month(book, month), 7)
    prep = min(timed(lambda: prepare(book), 5))
    result = compute_month(book, month)
    rows = {name: len(t) for name, t in book.tables.items() if len(t)}
    print(f"workbook: {rows}")
    print(f"import (read_workbook), for reference: {read_s:.2f} s")
    print(
        f"compute_month({month}): first call {first * 1000:.0f} ms; best {min(runs) * 1000:.0f} ms, "
        f"median {statistics.median(runs) * 1000:.0f} ms of {len(runs)} "
        f"(of which preparing rows and business days {prep * 1000:.0f} ms)"
    )
    print(
        f"{len(result.seams)} seams x 6 months; {result.total_misses} misses; {result.pareto_sentence or 'no misses'}"
    )
    verdict = "OK" if max(first, statistics.median(runs)) < TARGET_SECONDS else "OVER TARGET"
    print(f"target < {TARGET_SECONDS} s: {verdict}")


if __name__ == "__main__":
    main()
