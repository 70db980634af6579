"""The benchmark scripts answer --help and refuse bad arguments with one line, as any command does
(they run on demand, never in the suite: only their command lines are tested here)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tec_desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p.name for p in (ROOT / "bench").glob("*.py"))


def bench(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        env={**os.environ, "TEC_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"},
        cwd=tmp_path,
        timeout=120,
    )


def test_every_script_is_listed():
    assert "make_workbook.py" in SCRIPTS and "run.py" in SCRIPTS and "bench_startup.py" in SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_help(script, tmp_path):
    done = bench(script, "--help", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: ") and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        ([], "the following arguments are required: out"),
        (["out.xlsx", "ten"], "'ten' is not a whole number"),
        (["out.xlsx", "0"], "0 is less than 1"),
        (["out.xlsx", "10", "--seams", "-1"], "-1 is less than 1"),
        (["out.csv"], "does not end in .xlsx"),
    ],
)
def test_make_workbook_refuses_bad_arguments_in_one_line(args, says, tmp_path):
    done = bench("make_workbook.py", *args, tmp_path=tmp_path)
    assert done.returncode == 2
    assert says in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.glob("out.*"))


def test_make_workbook_writes_a_workbook_that_checks(tmp_path, capsys):
    done = bench("make_workbook.py", "small.xlsx", "300", "--seams", "4", "--months", "3", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "small.xlsx: 300 handoffs, 4 seams, 3 months"
    assert main(["check", str(tmp_path / "small.xlsx")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 errors")
