"""Generate large, valid workbooks for benchmarks (xlsxwriter: fast, constant memory)."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tec_desktop.workbook import schema  # noqa: E402


def make(path: Path, handoffs: int, seams: int = 50, months: int = 12, seed: int = 7) -> Path:
    """A workbook with `handoffs` rows over `months` months ending 2026-10, and `seams` seams."""
    rnd = random.Random(seed)
    people = [
        (f"Person {i}", f"p{i}@example.com", f"Team {i % 12}", "Seam owner" if i < seams else "Leadership")
        for i in range(seams + 5)
    ]
    seam_rows = [
        (
            f"S-{i:03d}",
            f"Seam {i}",
            f"Team {i % 12}",
            f"Team {(i + 1) % 12}",
            people[i][0],
            "",
            "",
            "",
            "",
            "Revenue",
            "Active",
            "v1",
            dt.datetime(2026, 10, 10),
        )
        for i in range(seams)
    ]
    types = ["Request", "Approval", "Change"]
    start = dt.datetime(2026, 11, 1) - dt.timedelta(days=30 * months)
    span = (dt.datetime(2026, 10, 31) - start).total_seconds()

    def handoff(i):
        sub = start + dt.timedelta(seconds=rnd.random() * span)
        st = sub + dt.timedelta(hours=rnd.random() * 96)
        co = st + dt.timedelta(hours=rnd.random() * 200)
        co = co if co < dt.datetime(2026, 10, 31) else None
        rw = rnd.random() < 0.1
        return (
            f"H-{i}",
            f"S-{rnd.randrange(seams):03d}",
            rnd.choice(types),
            sub,
            st,
            co,
            "Yes" if rnd.random() < 0.8 else "No",
            "Yes" if rw else "No",
            "Missing requirements" if rw else None,
            "No",
        )

    sheets = {
        "Settings": [("Organization", "Bench Co"), ("Reporting month", "2026-10")],
        "People": [p + ("Yes",) for p in people],
        "Seams": seam_rows,
        "SLAs": [
            (f"S-{i:03d}", t, "Queue time" if j % 2 else "Lead time", 3 + j)
            for i in range(seams)
            for j, t in enumerate(types)
        ],
        "Handoffs": (handoff(i) for i in range(handoffs)),
        "Misses": [
            (
                f"M-{i}",
                start + dt.timedelta(days=rnd.random() * 360),
                f"S-{rnd.randrange(seams):03d}",
                "Missed commitment",
                "Late",
                "Revenue",
                "High",
                "Cause",
                None,
            )
            for i in range(handoffs // 100)
        ],
        "Dependencies": [],
        "Decisions": [],
        "Actions": [],
        "Holidays": [(dt.datetime(2026, 12, 25), "Christmas")],
    }
    return write_sheets(path, sheets)


def write_sheets(path: Path, sheets: dict) -> Path:
    """Write every template sheet with its headers and the given rows (in template column order)."""
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for s in schema.SHEETS:
        ws = wb.add_worksheet(s.name)
        ws.write_row(0, 0, [c.header for c in s.columns])
        for r, row in enumerate(sheets[s.name], start=1):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, dt.datetime):
                    ws.write_datetime(r, c, v, date_fmt)
                else:
                    ws.write(r, c, v)
    wb.close()
    return path


def main(argv: list[str] | None = None) -> int:
    """`python bench/make_workbook.py OUT.xlsx [HANDOFFS] [--seams N] [--months N] [--seed N]`."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="make_workbook.py",
        description="Write a large, valid seam workbook for benchmarks and manual tests (Reporting month 2026-10).",
    )
    parser.add_argument("out", type=Path, help="the .xlsx file to write")
    parser.add_argument("handoffs", type=int, nargs="?", default=10_000, help="Handoffs rows (default 10000)")
    parser.add_argument("--seams", type=int, default=50, help="Active seams, one owner each (default 50)")
    parser.add_argument("--months", type=int, default=12, help="months of handoffs ending 2026-10 (default 12)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    if args.handoffs < 0 or args.seams < 1 or args.months < 1:
        parser.error("HANDOFFS must be 0 or more, --seams and --months 1 or more")
    path = make(args.out, args.handoffs, seams=args.seams, months=args.months, seed=args.seed)
    print(f"{path}: {args.handoffs} handoffs, {args.seams} seams")
    return 0


if __name__ == "__main__":
    sys.exit(main())
