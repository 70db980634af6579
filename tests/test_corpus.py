"""Every malformed workbook of the corpus gives findings or one clear error: never a traceback,
never a crash, never a changed input (issue: reliability)."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from corpus import build

CHILD = r"""
import json, sys, time, traceback, datetime
from tec_desktop.workbook.reader import read_workbook
from tec_desktop.checks.registry import run_checks
from tec_desktop.errors import TecError
for path in sys.argv[1:]:
    print(json.dumps({"start": path}), flush=True)
    t = time.perf_counter()
    try:
        findings = run_checks(read_workbook(path), today=datetime.date(2026, 11, 27))
        result = {"findings": len(findings), "messages": [f.message for f in findings]}
    except TecError as exc:
        result = {"error": str(exc)}
    except BaseException:
        result = {"traceback": traceback.format_exc()}
    result.update(path=path, seconds=time.perf_counter() - t)
    print(json.dumps(result), flush=True)
"""


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_corpus_of_malformed_workbooks(tmp_path):
    paths = build(tmp_path / "corpus")
    assert len(paths) >= 200
    before = {p: _digest(p) for p in paths}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).resolve().parents[1],
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    results = [r for r in lines if "start" not in r]
    last_started = [r["start"] for r in lines if "start" in r][-1:]
    assert proc.returncode == 0, f"the reader crashed on {last_started}: {proc.stderr[-2000:]}"
    assert len(results) == len(paths)
    tracebacks = [r for r in results if "traceback" in r]
    assert tracebacks == [], tracebacks[:3]
    for r in results:
        text = r.get("error") or " ".join(r["messages"])
        assert "Traceback" not in text and "Error:" not in text, r
        if "error" in r:
            assert r["error"].strip() and "\n" not in r["error"], r
    assert {p: _digest(p) for p in paths} == before
    slowest = max(results, key=lambda r: r["seconds"])
    print(
        f"\ncorpus: {len(results)} files, tracebacks 0, inputs changed 0, "
        f"errors {sum('error' in r for r in results)}, slowest {Path(slowest['path']).name} {slowest['seconds']:.2f}s"
    )
