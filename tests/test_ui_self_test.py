"""`tec-desktop --self-test`: the installed (or frozen) app starts, checks the sample and quits."""

import os
import subprocess
import sys
from pathlib import Path


def test_self_test_opens_the_sample_checks_it_and_quits(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TEC_DATA_DIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sample.xlsx checked, 0 errors, 0 warnings, 11 seams for 2026-10" in proc.stdout
