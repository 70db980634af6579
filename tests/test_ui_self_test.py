"""`tec-desktop --self-test`: the installed (or frozen) app starts, checks the sample and quits."""

import os
import subprocess
import sys
from pathlib import Path


def test_self_test_opens_the_sample_checks_it_and_quits(tmp_path):
    folder = Path(sys.executable).parent
    program = next((folder / n for n in ("tec-desktop", "tec-desktop.exe") if (folder / n).exists()), None)
    assert program is not None, f"no tec-desktop in {folder}: install the project (make .venv/.installed)"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TEC_DATA_DIR=str(tmp_path))
    proc = subprocess.run(
        [str(program), "--self-test"], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sample.xlsx checked, 0 errors, 0 warnings, 11 seams for 2026-10" in proc.stdout
    assert "runs without Qt" in proc.stdout  # the engine process says it has not imported PySide6
