"""The application bundle: PyInstaller builds it, and its frozen programs work on the sample."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(900)
def test_frozen_bundle_checks_reports_and_starts(tmp_path):
    pytest.importorskip("PyInstaller")
    icons = ROOT / "build" / "icons"
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(icons)],
        check=True,
        cwd=ROOT,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(ROOT / "packaging" / "tec_desktop.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = tmp_path / "dist" / "TEC Desktop"
    smoke = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(bundle)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(smoke.stdout)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "smoke test passed" in smoke.stdout
    shutil.rmtree(tmp_path / "work", ignore_errors=True)
