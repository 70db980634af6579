"""Run the frozen programs as a user would: the CLI checks and reports the sample (the PDF renderer found
through the bundled package metadata), stops quietly when its reader goes away (`tec check | head`), the
window starts offscreen, checks the sample and quits. Prints the bundle's size and the window's start-up
time."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    print(f"$ {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}  -> exit {proc.returncode}")
    print("  " + (proc.stdout.strip() or proc.stderr.strip()).replace("\n", "\n  ")[:1500])
    return proc


def renderer_registered(bundle: Path) -> bool:
    """Whether tec-desktop's package metadata in the bundle names the PDF renderer (`tec report` needs it)."""
    # .dist-info from the installed package, or .egg-info when the build ran in the checkout (which pip's
    # editable install leaves there and which comes first on the build's path).
    found = [f for f in bundle.rglob("tec_desktop*/entry_points.txt") if f.parent.suffix in (".dist-info", ".egg-info")]
    ok = any("[tec_desktop.renderers]" in f.read_text(encoding="utf-8") for f in found)
    print(
        f"entry points: {', '.join(str(f.relative_to(bundle)) for f in found) or 'none'} -> {'ok' if ok else 'MISSING'}"
    )
    return ok


def quiet_into_closed_pipe(cmd: list[str], env: dict, tmp: Path) -> bool:
    """`cmd | head -0`: the reader is gone before the first line; the program must stop quietly."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(cmd, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=180, env=env)
    finally:
        os.close(write_end)
    ok = proc.returncode in (0, 141) and proc.stderr == "" and not (tmp / "crash.log").exists()
    said = proc.stderr.strip()
    print(f"$ {Path(cmd[0]).name} {cmd[1]} … into a closed pipe -> exit {proc.returncode} {said}")
    return ok


def main(bundle: Path) -> int:
    exe = ".exe" if sys.platform == "win32" else ""
    tec, gui = bundle / f"tec{exe}", bundle / f"tec-desktop{exe}"
    sample = bundle / "_internal" / "workbook_templates" / "sample.xlsx"
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TEC_DATA_DIR=tmp)
        if run([str(tec), "check", str(sample)], env).returncode != 0:
            failures.append("tec check")
        if not renderer_registered(bundle):
            failures.append("the PDF renderer's entry point (tec_desktop.renderers) is not in the bundle")
        out = Path(tmp) / "pdfs"
        report = run([str(tec), "report", str(sample), "--out", str(out), "--per-owner"], env)
        pdfs = sorted(out.glob("*.pdf"))
        if report.returncode != 0 or not pdfs or not all(p.read_bytes().startswith(b"%PDF-") for p in pdfs):
            failures.append("tec report")
        if not quiet_into_closed_pipe([str(tec), "check", str(sample)], env, Path(tmp)):
            failures.append("tec check into a closed pipe")
        start = time.perf_counter()
        self_test = run([str(gui), "--self-test"], env)
        took = time.perf_counter() - start
        if self_test.returncode != 0 or "0 errors" not in self_test.stdout:
            failures.append("tec-desktop --self-test")
        if not (bundle / "_internal" / "docs" / "user-guide.md").is_file():
            failures.append("the user guide (Help > User guide) is not in the bundle")
    size = sum(f.lstat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6
    print(
        f"\nbundle: {bundle} ({size:.0f} MB); {len(pdfs)} PDFs from the frozen tec; "
        f"window start, check of the sample and quit: {took:.1f} s"
    )
    if failures:
        print("FAILED: " + ", ".join(failures))
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "TEC Desktop"))
