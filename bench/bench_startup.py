"""What a whole `tec check` process costs beyond the work itself: start-up, imports, output.

    .venv/bin/python bench/bench_startup.py [--rows 100000] [--runs 5]

Times, as separate processes (best of --runs after one warm-up, the commands taking turns so that a
noisy neighbour hurts them alike): `tec check` of the bundled sample, the bare interpreter, and
`tec check` of a generated workbook against a bare python-calamine parse of the same file in a fresh
interpreter (the target: at most 2x), and against the same check with its imports done first rather
than during calamine's parse (what the reader's importing thread saves). Then where the start-up
goes: `python -X importtime` of the modules `tec check` imports, summed per top-level package.

Bytecode is cached (in bench/.cache/pycache, outside the source tree) as an installed program's is,
even when PYTHONDONTWRITEBYTECODE is set in the shell.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
SAMPLE = ROOT / "workbook_templates" / "sample.xlsx"
TARGET = 2.0

# `tec check` as it ran before its imports overlapped the read: everything imported first, then read and check.
IMPORTS_FIRST = """
import sys
from tec_desktop.checks.registry import run_checks
from tec_desktop.workbook.reader import read_workbook
from tec_desktop.cli.check import format_text
from tec_desktop.cli.output import write
book = read_workbook(sys.argv[1])
write(format_text(run_checks(book), book.name))
"""

BARE_PARSE = """
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python(skip_empty_area=False)
book.close()
"""


def tec_command() -> list[str]:
    """`tec` as installed beside this interpreter (the console script), else the module."""
    script = Path(sys.executable).with_name("tec.exe" if os.name == "nt" else "tec")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tec_desktop.cli"]


def child_env(data: Path) -> dict[str, str]:
    """The environment of a measured process: cached bytecode, a private data folder."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    env["TEC_DATA_DIR"] = str(data)
    return env


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of one process; its output is discarded, a failure stops the bench."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # tec check: 1 means the workbook has errors, which is fine here
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
    return took


def best_of(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """The fastest of `runs` timings of each command after a warm-up, taking turns."""
    for cmd in commands.values():
        run_once(cmd, env)
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(run_once(cmd, env))
    return {name: min(t) for name, t in times.items()}


def whole_process(path: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    """`tec check PATH`, the same with its imports first (no overlap), and a bare calamine parse of PATH,
    each a whole process: best seconds of each."""
    return best_of(
        {
            "tec_check": [*tec_command(), "check", str(path)],
            "imports_first": [sys.executable, "-c", IMPORTS_FIRST, str(path)],
            "bare_parse": [sys.executable, "-c", BARE_PARSE, str(path)],
        },
        runs,
        env,
    )


def startup(runs: int, env: dict[str, str]) -> dict[str, float]:
    """`tec check` of the bundled sample, and the bare interpreter: best seconds of each."""
    return best_of(
        {"tec_check_sample": [*tec_command(), "check", str(SAMPLE)], "python": [sys.executable, "-c", "pass"]},
        runs,
        env,
    )


# What `tec check` imports, here in one thread: the reader imports pandas in a thread of its own while
# calamine parses, and -X importtime's figures of two threads at once would mix.
CHECK_IMPORTS = (
    "tec_desktop.cli.main",
    "tec_desktop.cli.check",
    "python_calamine",
    "tec_desktop.workbook.reader",
    "tec_desktop.checks.registry",
)


def import_times(env: dict[str, str], top: int = 10) -> tuple[float, list[tuple[str, float]]]:
    """Seconds of the imports `tec check` needs (python -X importtime): the total, and the packages costing
    most (each module's own time, summed per top-level package)."""
    code = f"import importlib\nfor name in {CHECK_IMPORTS!r}: importlib.import_module(name)"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if proc.returncode:
        raise SystemExit(f"importing what tec check needs failed:\n{proc.stderr[-2000:]}")
    totals: dict[str, float] = defaultdict(float)
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \| \s*(\S+)", line)
        if m:
            totals[m.group(2).split(".")[0]] += int(m.group(1)) / 1e6
    return sum(totals.values()), sorted(totals.items(), key=lambda kv: -kv[1])[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="handoff rows of the generated workbook")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (best is kept)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "bench"))
    from run import workbook

    path = workbook(args.rows, 50)
    with tempfile.TemporaryDirectory(prefix="tec-bench-startup-") as tmp:
        env = child_env(Path(tmp))
        start = startup(args.runs, env)
        print(
            f"tec check of the sample: {start['tec_check_sample']:.2f} s "
            f"(the interpreter alone: {start['python']:.2f} s)"
        )
        total, packages = import_times(env)
        print(f"its imports: {total:.2f} s (python -X importtime, which slows them a little; by package:)")
        for package, seconds in packages:
            print(f"  {package:<20} {seconds:6.3f} s")
        r = whole_process(path, args.runs, env)
    ratio = r["tec_check"] / r["bare_parse"]
    print(
        f"{args.rows:,} rows, whole process: tec check {r['tec_check']:.2f} s, bare calamine parse "
        f"{r['bare_parse']:.2f} s: {ratio:.2f}x (target <= {TARGET:g}x); with the imports first instead of "
        f"during the read: {r['imports_first']:.2f} s, {r['imports_first'] / r['bare_parse']:.2f}x"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
