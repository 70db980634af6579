"""Time `tec report` on a realistic pack: read, check, compute and write the pack (and with --per-owner each
owner's PDF, rendered in worker processes as `tec report` does). Targets: a 50-seam pack under 3 s; 200 seams
with every owner's PDF under 6 s of rendering.

    .venv/bin/python bench/bench_report.py [SEAMS] [--per-owner] [--keep DIR]

Builds a realistic workbook (every sheet filled, names in several scripts, six months of history),
then times the same path as `tec report`: read_workbook -> run_checks -> write_scorecards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_workbook import write_sheets  # noqa: E402

from tec_desktop.workbook import schema  # noqa: E402

NAMES = [
    "Zoë Ødegård",
    "Łukasz Nowak",
    "王芳",
    "Ελένη Παπαδοπούλου",
    "Дмитрий Иванов",
    "Amélie Dubois",
    "José García",
    "田中 裕子",
    "Ayşe Yılmaz",
    "Søren Kierkegaard",
    "Olga Kovalenko",
    "Nikos Georgiou",
]
TEAMS = [
    "Sales",
    "Product",
    "Security",
    "Finance",
    "Operations",
    "Legal",
    "Customer Success",
    "Data",
    "Engineering",
    "Procurement",
    "HR",
    "Marketing",
]
TYPES = ["Custom integration", "Sign-off", "Budget change", "Data request"]
CAUSES = [
    "Definition of ready not met",
    "Security review not booked",
    "Decider unavailable",
    "Scope changed after intake",
    "Capacity",
    "",
]
MISS_TYPES = list(schema.MISS_TYPES)


def make_workbook(path: Path, seams: int = 50, seed: int = 11, month: str = "2026-10") -> Path:
    """A filled workbook with `seams` Active/Pilot seams and activity over the six months to `month`."""
    rnd = random.Random(seed)
    year, mon = (int(p) for p in month.split("-"))
    end = dt.datetime(year, mon, 1) + dt.timedelta(days=32)
    end = dt.datetime(end.year, end.month, 1)
    start = end - dt.timedelta(days=190)
    people = [
        (n, f"person{i}@example.com", TEAMS[i % len(TEAMS)], "Seam owner" if i != 1 else "Leadership", "Yes")
        for i, n in enumerate(NAMES)
    ]
    owners = [p[0] for p in people if p[3] == "Seam owner"]

    def when(lo=start, hi=end):
        return lo + dt.timedelta(seconds=rnd.random() * (hi - lo).total_seconds())

    seam_rows, sla_rows, handoffs, misses, deps, decisions, actions = [], [], [], [], [], [], []
    for s in range(seams):
        sid = f"S-{s + 1:02d}"
        a, b = TEAMS[s % len(TEAMS)], TEAMS[(s * 5 + 1) % len(TEAMS)]
        owner = owners[s % len(owners)]
        seam_rows.append(
            [
                sid,
                f"{a} → {b}: {rnd.choice(TYPES).lower()} handoff",
                a,
                b,
                owner,
                NAMES[1],
                "Scope, owner and target date agreed",
                "Live in production",
                "Owner, then COO",
                rnd.choice(schema.IMPACT_AREAS),
                "Pilot" if s % 7 == 3 else "Active",
                f"v1.{s % 4}",
                dt.datetime(year, mon, 1) + dt.timedelta(days=rnd.randrange(-50, 20)),
            ]
        )
        quality = rnd.random()
        for j, t in enumerate(TYPES[:2]):
            sla_rows.append([sid, t, "Queue time" if j == 0 else "Lead time", 2 + 3 * j])
        for k in range(rnd.randrange(15, 40)):
            sub = when()
            st = sub + dt.timedelta(hours=rnd.random() * (30 + 150 * quality))
            co = st + dt.timedelta(hours=rnd.random() * (60 + 200 * quality))
            co = co if co < end else None
            rw = rnd.random() < 0.25 * quality
            handoffs.append(
                [
                    f"H-{s + 1:02d}-{k:03d}",
                    sid,
                    rnd.choice(TYPES[:2]),
                    sub,
                    st,
                    co,
                    "Yes" if rnd.random() > 0.3 * quality else "No",
                    "Yes" if rw else "No",
                    "Missing requirements" if rw else None,
                    "Yes" if rnd.random() < 0.05 else "No",
                ]
            )
        for k in range(int(rnd.random() * 8 * quality**2)):
            misses.append(
                [
                    f"M-{s + 1:02d}-{k:02d}",
                    when(end - dt.timedelta(days=31)),
                    sid,
                    rnd.choice(MISS_TYPES),
                    f"Commitment to customer <{k}> & partner slipped by {rnd.randrange(2, 15)} days",
                    rnd.choice(schema.MISS_IMPACTS),
                    rnd.choice(schema.SEVERITIES),
                    rnd.choice(CAUSES),
                    None,
                ]
            )
        for k in range(rnd.randrange(0, 3)):
            due = when(end - dt.timedelta(days=45), end + dt.timedelta(days=20))
            met = due + dt.timedelta(days=rnd.randrange(-3, 6)) if rnd.random() < 0.6 else None
            met = met if met and met < end else None
            deps.append(
                [
                    f"D-{s + 1:02d}-{k}",
                    sid,
                    f"Test environment #{k} for the rollout",
                    rnd.choice(owners),
                    due,
                    met,
                    "Met" if met else "Open",
                ]
            )
        for k in range(rnd.randrange(0, 3)):
            req = when(end - dt.timedelta(days=40))
            dec = req + dt.timedelta(days=rnd.randrange(1, 12)) if rnd.random() < 0.5 else None
            dec = dec if dec and dec < end else None
            decisions.append(
                [
                    f"DEC-{s + 1:02d}-{k}",
                    sid,
                    f"Approve exception {k} for the {TYPES[k % 4].lower()}",
                    NAMES[1],
                    req,
                    dec,
                    5,
                    "Decided" if dec else ("Escalated" if k % 2 else "Pending"),
                ]
            )
        for k in range(rnd.randrange(1, 5)):
            opened = when(end - dt.timedelta(days=80), end - dt.timedelta(days=3))
            due = opened + dt.timedelta(days=rnd.randrange(7, 40))
            done = rnd.random() < 0.4
            closed = min(due + dt.timedelta(days=rnd.randrange(-5, 5)), end - dt.timedelta(days=1)) if done else None
            if closed and closed < opened:
                closed = opened
            actions.append(
                [
                    f"A-{s + 1:02d}-{k}",
                    sid,
                    f"Add {rnd.choice(['intake checklist', 'weekly triage', 'decision log'])} to the contract",
                    owner,
                    opened,
                    due,
                    "Done" if done else rnd.choice(["Open", "In progress"]),
                    closed,
                    rnd.choice(CAUSES),
                    None,
                ]
            )
    sheets = {
        "Settings": [["Organization", "Northwind Logistics"], ["Reporting month", month]],
        "People": people,
        "Seams": seam_rows,
        "SLAs": sla_rows,
        "Handoffs": handoffs,
        "Misses": misses,
        "Dependencies": deps,
        "Decisions": decisions,
        "Actions": actions,
        "Holidays": [[dt.datetime(2026, 12, 25), "Christmas Day"]],
    }
    return write_sheets(path, sheets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seams", nargs="?", type=int, default=50)
    parser.add_argument("--per-owner", action="store_true", help="also write one PDF per owner")
    parser.add_argument("--keep", type=Path, help="write the workbook and PDFs here instead of a temporary folder")
    args = parser.parse_args(argv)
    from tec_desktop.checks.registry import run_checks
    from tec_desktop.scorecards.writing import write_scorecards
    from tec_desktop.workbook.reader import read_workbook

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = make_workbook(folder / f"bench-{args.seams}-seams.xlsx", args.seams)
        import reports.fonts

        reports.fonts.register()  # one-off per process, as in the app
        t0 = time.perf_counter()
        book = read_workbook(path)
        month = book.settings.reporting_month
        findings = run_checks(book, month)
        t1 = time.perf_counter()
        files = write_scorecards(book, month, folder, per_owner=args.per_owner, findings=findings)
        t2 = time.perf_counter()
        from pypdf import PdfReader

        pages = sum(len(PdfReader(f).pages) for f in files)
        print(
            f"{args.seams} seams: {len(files)} PDF(s), {pages} pages; read+check {t1 - t0:.2f} s, "
            f"metrics+PDF {t2 - t1:.2f} s, total {t2 - t0:.2f} s"
        )
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            print(f"(workbook had {len(errors)} errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
