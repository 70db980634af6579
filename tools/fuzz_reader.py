"""Coverage-guided fuzzing of the workbook reader with atheris.

    .venv/bin/pip install atheris
    .venv/bin/python tools/fuzz_reader.py -max_total_time=300 tools/fuzz-corpus

Seeds: a valid workbook and a few variants (written into the corpus folder on first run). Each
input is written to a temporary .xlsx and read; anything other than a finished read or a
TecError (the user-facing refusal) is a crash that atheris reports with the input that caused it.
A process abort inside python-calamine shows up as the fuzzer dying: that input is a guard we miss.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import atheris  # noqa: E402

with atheris.instrument_imports():
    from tec_desktop.checks.registry import run_checks
    from tec_desktop.errors import TecError
    from tec_desktop.workbook.reader import read_workbook

_TMP = Path(tempfile.mkdtemp(prefix="tec-fuzz-")) / "input.xlsx"


def one_input(data: bytes) -> None:
    """Read one fuzzed file; only TecError may come out."""
    _TMP.write_bytes(data)
    try:
        run_checks(read_workbook(_TMP))
    except TecError:
        pass


def _seed(folder: Path) -> None:
    from builder import write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.iterdir()):
        write_workbook(folder / "valid.xlsx")
        sample = ROOT / "workbook_templates" / "sample.xlsx"
        if sample.exists():
            (folder / "sample.xlsx").write_bytes(sample.read_bytes())


if __name__ == "__main__":
    folders = [a for a in sys.argv[1:] if not a.startswith("-")]
    for f in folders:
        _seed(Path(f))
    os.environ.setdefault("TEC_DATA_DIR", tempfile.mkdtemp(prefix="tec-fuzz-data-"))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
