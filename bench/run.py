"""The benchmark suite: one command, every size, every stage, in one run.

    make bench                      # or: .venv/bin/python bench/run.py [--quick]

For each workbook (1k, 10k, 100k and 300k handoff rows; 10, 50 and 200 seams) a fresh child process
measures: a bare python-calamine parse, import + all checks, the month's metrics, the pack and the
per-owner PDFs, and its own peak memory. Prints a table, the ratio of import + checks to the bare
parse, the growth factor per 10x rows, and which targets hold. Then the whole process, start-up
included (bench/bench_startup.py): `tec check` of the sample, and `tec check` of the 100k-row
workbook against a bare calamine parse in a fresh interpreter, best of --runs. Generated workbooks
are cached in bench/.cache (delete it to regenerate).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT / "bench"))

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
import python_calamine
path = Path(sys.argv[1])
out = {}
t = time.perf_counter()
book = python_calamine.CalamineWorkbook.from_path(str(path))
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
book.close()
out["calamine"] = time.perf_counter() - t
from tec_desktop.workbook.reader import read_workbook
from tec_desktop.checks.registry import run_checks
from tec_desktop.metrics.compute import compute_month
t = time.perf_counter()
wb = read_workbook(path)
findings = run_checks(wb)
out["import_checks"] = time.perf_counter() - t
t = time.perf_counter()
compute_month(wb, wb.settings.reporting_month)
out["metrics"] = time.perf_counter() - t
from tec_desktop.scorecards.writing import write_scorecards
with tempfile.TemporaryDirectory() as tmp:
    t = time.perf_counter()
    # As `tec report` and the app do: the findings of the check just made, not a second check run.
    pdfs = write_scorecards(wb, wb.settings.reporting_month, Path(tmp), per_owner=False, findings=findings)
    out["pack"] = time.perf_counter() - t
    t = time.perf_counter()
    pdfs = write_scorecards(wb, wb.settings.reporting_month, Path(tmp), per_owner=True, findings=findings)
    out["pack_and_owners"] = time.perf_counter() - t
    out["pdfs"] = len(pdfs)
out["errors"] = sum(f.severity == "error" for f in findings)
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""

ROWS = (1_000, 10_000, 100_000, 300_000)
SEAMS = (10, 50, 200)


def workbook(rows: int, seams: int) -> Path:
    """The cached benchmark workbook for this size."""
    from make_workbook import make

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"handoffs-{rows}-seams-{seams}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".tmp.xlsx")
        make(tmp, rows, seams)
        tmp.replace(path)
    return path


def measure(path: Path) -> dict:
    """Run the stages in a fresh interpreter, so that peak memory is this workbook's alone."""
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"benchmark child failed on {path.name}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three sizes only (1k, 10k and 100k rows)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each whole process (best is kept)")
    args = parser.parse_args(argv)
    grid = [(r, s) for r in ROWS for s in SEAMS] if not args.quick else [(1_000, 10), (10_000, 50), (100_000, 50)]
    results = {}
    print(
        f"{'rows':>8} {'seams':>5} {'calamine':>9} {'import+checks':>14} {'ratio':>6} {'metrics':>8} "
        f"{'pack':>6} {'pack+owners':>12} {'pdfs':>5} {'peak MB':>8}"
    )
    for rows, seams in grid:
        path = workbook(rows, seams)
        r = measure(path)
        results[(rows, seams)] = r
        print(
            f"{rows:>8,} {seams:>5} {r['calamine']:>8.2f}s {r['import_checks']:>13.2f}s "
            f"{r['import_checks'] / r['calamine']:>5.2f}x {r['metrics']:>7.2f}s {r['pack']:>5.2f}s "
            f"{r['pack_and_owners']:>11.2f}s {r['pdfs']:>5} {r['peak_mb']:>8.0f}",
            flush=True,
        )
    print("\ngrowth of import + checks per 10x rows (50 seams):")
    for a, b in zip(ROWS, ROWS[1:]):
        if (a, 50) in results and (b, 50) in results:
            factor = results[(b, 50)]["import_checks"] / results[(a, 50)]["import_checks"]
            print(f"  {a:>7,} -> {b:>7,} rows ({b / a:.0f}x): {factor:.1f}x time")
    whole = whole_process_target(args.runs)
    print("\ntargets:")
    check = []
    if (100_000, 50) in results:
        r = results[(100_000, 50)]
        check.append(
            (
                "import + checks <= 2x bare calamine at 100k rows",
                r["import_checks"] / r["calamine"] <= 2,
                f"{r['import_checks'] / r['calamine']:.2f}x",
            )
        )
        check.append(("metrics for 100k rows < 0.5 s", r["metrics"] < 0.5, f"{r['metrics']:.2f}s"))
    for seams, limit in ((50, 3), (200, 10)):
        packs = [r["pack"] for (rows, s), r in results.items() if s == seams]
        if packs:
            check.append((f"{seams}-seam pack < {limit} s", max(packs) < limit, f"worst {max(packs):.2f}s"))
    if (100_000, 200) in results:  # issue 12: the pack and 200 owners' PDFs, owners in worker processes
        r = results[(100_000, 200)]
        check.append(
            (
                "200-seam pack + per-owner PDFs <= 6 s at 100k rows",
                r["pack_and_owners"] <= 6,
                f"{r['pack_and_owners']:.2f}s",
            )
        )
    if (300_000, 50) in results:
        peak = max(r["peak_mb"] for (rows, s), r in results.items() if rows == 300_000)
        check.append(("peak memory < 600 MB at 300k rows", peak < 600, f"{peak:.0f} MB"))
    check.append(whole)
    for label, ok, figure in check:
        print(f"  [{'holds' if ok else 'MISSED'}] {label}: {figure}")


def whole_process_target(runs: int) -> tuple[str, bool, str]:
    """`tec check` as a user runs it (a process: start-up, imports, output) against a bare parse."""
    from bench_startup import TARGET, child_env, startup, whole_process

    with tempfile.TemporaryDirectory(prefix="tec-bench-") as tmp:
        env = child_env(Path(tmp))
        start = startup(runs, env)
        r = whole_process(workbook(100_000, 50), runs, env)
    ratio = r["tec_check"] / r["bare_parse"]
    print(
        f"\nwhole process, best of {runs}: tec check of the sample {start['tec_check_sample']:.2f} s "
        f"(the interpreter alone {start['python']:.2f} s); 100,000 rows: tec check {r['tec_check']:.2f} s, "
        f"bare calamine parse {r['bare_parse']:.2f} s: {ratio:.2f}x (imports first, not during the read: "
        f"{r['imports_first'] / r['bare_parse']:.2f}x)"
    )
    return (
        f"whole-process tec check <= {TARGET:g}x a bare calamine parse at 100k rows",
        ratio <= TARGET,
        f"{ratio:.2f}x",
    )


if __name__ == "__main__":
    main()
