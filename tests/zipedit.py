"""Rewrite the parts of an .xlsx to make hostile or damaged variants for tests."""

from __future__ import annotations

import zipfile
from pathlib import Path


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part name of a sheet, as openpyxl writes it (sheet order)."""
    import openpyxl

    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def rewrite(
    src: Path, dst: Path, edits: dict | None = None, extra: list | None = None, drop: set | None = None
) -> Path:
    """Copy `src` to `dst`, passing each part named in `edits` through its function."""
    edits, extra, drop = edits or {}, extra or [], drop or set()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data)
            zout.writestr(info.filename, data)
        for name, data in extra:
            zout.writestr(name, data)
    return dst
