"""The application bundle: PyInstaller builds it, and its frozen programs work on the sample.

Minutes long, so marked slow: `make test` runs it, `make test-fast` skips it. Everything it makes (icons,
PyInstaller's work files, the bundle) goes to a temporary folder, never into the checkout.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Written by other means while the suite runs (bytecode, caches), not by the build.
NOT_THE_BUILDS = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"}


def checkout_files() -> dict[Path, int]:
    """Every file of the checkout with its modification time, leaving out caches."""
    found = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [
            d for d in dirs if d not in NOT_THE_BUILDS and not (Path(folder) == ROOT / "bench" and d == ".cache")
        ]
        for name in files:
            path = Path(folder, name)
            found[path] = path.lstat().st_mtime_ns
    return found


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_frozen_bundle_checks_reports_and_starts(tmp_path):
    pytest.importorskip("PyInstaller")
    before = checkout_files()
    icons = tmp_path / "icons"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TEC_ICONS_DIR": str(icons)}
    subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(icons)], check=True, env=env)
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
        cwd=tmp_path,
        env=env,
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
    after = checkout_files()
    assert sorted(set(after) - set(before)) == []  # nothing new in the checkout
    assert sorted(p for p in before if p in after and after[p] != before[p]) == []  # nothing rewritten
