"""The size targets of issue 16 item 21: the annotated copy of big workbooks, and refusing a huge sheet.

Run: .venv/bin/python bench/bench_annotate.py [--quick]

Each measure runs in a fresh child process and reports its own seconds and peak memory (VmHWM, the
interpreter included), against the issue's figures before the change and its targets:

- annotate a 390,000-row workbook (bench/make_workbook.py, cached in bench/.cache) with 10,000 findings
  on Handoffs: was 117 s and 2.17 GB; target under 15 s and 600 MB;
- annotate a 28 MB workbook whose bulk is an extra sheet the tool ignores: was 82 s; same target;
- refuse a sheet of 1,000,000 rows x 10 cells: was 5.5 s and 1.17 GB, with the wrong reason.

--quick uses 100,000 rows (the cached bench workbook of bench/run.py) and a 7 MB extra sheet.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

CHILD = r"""
import json, random, resource, sys, time
from pathlib import Path
kind, path, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
if kind == "annotate":
    from tec_desktop.findings import finding
    from tec_desktop.workbook.annotate import write_annotated
    rows = int(sys.argv[4])
    rnd = random.Random(7)
    findings = [finding("value-required", "Handoffs", f"{'ABCDEFGHIJ'[rnd.randrange(10)]}{r}", r, column="x")
                for r in (rnd.randrange(2, rows + 2) for _ in range(10_000))]
    start = time.perf_counter()
    write_annotated(path, findings, out)
    result = "written"
else:
    from tec_desktop.errors import UnreadableWorkbook
    from tec_desktop.workbook.reader import read_workbook
    try:
        read_workbook(path)
        result = "read"
    except UnreadableWorkbook as exc:
        result = str(exc)
seconds = time.perf_counter() - start
try:  # this process's own peak (ru_maxrss keeps the parent's peak across exec on Linux)
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "result": result}))
"""


def child(kind: str, path: Path, *extra: object) -> dict:
    out = CACHE / "annotated.xlsx"
    run = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), str(out), *map(str, extra)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if run.returncode:
        raise SystemExit(f"benchmark child failed:\n{run.stderr[-3000:]}")
    out.unlink(missing_ok=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def with_extra_sheet(src: Path, dst: Path, megabytes: int) -> Path:
    """`src` plus a sheet 'Extra' of random numbers about `megabytes` MB compressed, listed in the workbook."""
    if dst.exists():
        return dst
    rnd = np.random.default_rng(7)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b'<sheet name="Extra" sheetId="99" r:id="rIdExtra"/></sheets>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                rel = (
                    b'<Relationship Id="rIdExtra" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/worksheet" Target="worksheets/extra.xml"/></Relationships>'
                )
                data = data.replace(b"</Relationships>", rel)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/worksheets/extra.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                                    b"</Types>")  # fmt: skip
            zout.writestr(info, data)
        with zout.open("xl/worksheets/extra.xml", "w", force_zip64=True) as out:
            out.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            row = 1
            while out._compress_size < megabytes * 1_000_000:  # type: ignore[attr-defined]
                block = []
                for _ in range(2000):
                    numbers = rnd.integers(0, 10**9, 20)
                    cells = "".join(f'<c r="{chr(65 + i)}{row}"><v>{n}</v></c>' for i, n in enumerate(numbers))
                    block.append(f'<row r="{row}">{cells}</row>')
                    row += 1
                out.write("".join(block).encode())
            out.write(b"</sheetData></worksheet>")
    return dst


def huge(dst: Path) -> Path:
    """The bench's small workbook with a Handoffs sheet of 1,000,000 rows x 10 cells."""
    from big_sheet import with_long_sheet

    from builder import write_workbook

    if not dst.exists():
        small = write_workbook(CACHE / "small.xlsx")
        with_long_sheet(small, dst, "Handoffs", 1_000_000, 10)
    return dst


def line(label: str, m: dict, before: str, target: str) -> None:
    print(f"{label:<52} {m['seconds']:7.2f} s {m['peak_mb']:7.0f} MB   before: {before:<16} target: {target}")


def main() -> None:
    import argparse

    from run import workbook

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 rows and a 7 MB extra sheet")
    quick = parser.parse_args().quick
    rows = 100_000 if quick else 390_000
    CACHE.mkdir(parents=True, exist_ok=True)
    big = workbook(rows, 50)
    extra = with_extra_sheet(workbook(1000, 10), CACHE / f"extra-{7 if quick else 28}mb.xlsx", 7 if quick else 28)
    print(f"{'measure':<52} {'time':>9} {'peak':>10}")
    m = child("annotate", big, rows)
    line(
        f"annotate {rows:,} rows, 10,000 findings ({big.stat().st_size / 1e6:.0f} MB)",
        m,
        "117 s, 2.17 GB",
        "< 15 s, < 600 MB",
    )
    m = child("annotate", extra, 1000)
    line(f"annotate {extra.stat().st_size / 1e6:.0f} MB, bulk in an ignored sheet", m, "82 s", "< 15 s, < 600 MB")
    m = child("read", huge(CACHE / "handoffs-1000000x10.xlsx"))
    line("refuse 1,000,000 rows x 10 cells", m, "5.5 s, 1.17 GB", "the size message")
    print(f"    said: {m['result']}")


if __name__ == "__main__":
    main()
