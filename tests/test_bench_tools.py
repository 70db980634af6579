"""The benchmark helpers a tester runs by hand say how to use them, and make what they say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tec_desktop.checks.registry import run_checks
from tec_desktop.findings import ERROR, count
from tec_desktop.workbook.reader import read_workbook

MAKE = Path(__file__).resolve().parents[1] / "bench" / "make_workbook.py"


def test_make_workbook_help_says_how_to_use_it():
    run = subprocess.run([sys.executable, str(MAKE), "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "usage: make_workbook.py" in run.stdout and "--seams" in run.stdout and "Traceback" not in run.stderr


def test_make_workbook_writes_the_seams_asked_for(tmp_path):
    out = tmp_path / "big.xlsx"
    run = subprocess.run(
        [sys.executable, str(MAKE), str(out), "500", "--seams", "12"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    book = read_workbook(out)
    assert len(book["Seams"].frame) == 12 and len(book["Handoffs"].frame) == 500
    assert count(run_checks(book), ERROR) == 0


def test_make_workbook_refuses_nonsense_plainly():
    run = subprocess.run([sys.executable, str(MAKE), "x.xlsx", "--seams", "0"], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "--seams" in run.stderr
