"""Workbooks with a very long sheet, written quickly (the sheet's XML generated as Excel writes it:
an r attribute on every row and cell), for the size limits of the reader and the annotated copy."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from zipedit import sheet_part

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _rows(first: int, last: int, columns: int, cell: str) -> bytes:
    """Rows first..last (all with the same number of digits), built with numpy: one template row,
    copied, its row numbers written in digit by digit."""
    digits = len(str(first))
    mark = "#" * digits
    template = f'<row r="{mark}">' + "".join(f'<c r="{_LETTERS[c]}{mark}">{cell}</c>' for c in range(columns))
    template += "</row>"
    raw = np.frombuffer(template.encode(), np.uint8)
    starts = [i for i in range(len(template) - digits + 1) if template[i : i + digits] == mark]
    numbers = np.arange(first, last + 1, dtype=np.int64)
    out = np.tile(raw, (len(numbers), 1))
    for k in range(digits):
        digit = (numbers // 10 ** (digits - 1 - k)) % 10 + ord("0")
        for s in starts:
            out[:, s + k] = digit
    return out.tobytes()


def _groups(first: int, last: int):
    """first..last cut where the number of digits changes."""
    while first <= last:
        end = min(last, 10 ** len(str(first)) - 1)
        yield first, end
        first = end + 1


def with_long_sheet(
    src: Path, dst: Path, sheet: str, rows: int, columns: int, cell: str = "<v>1</v>", header: bytes = b""
) -> Path:
    """A copy of `src` whose `sheet` is `header` (a first row's cells) then rows 2..rows+1 of `columns`
    cells holding `cell`."""
    part = sheet_part(src, sheet)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename != part:
                zout.writestr(info, zin.read(info))
                continue
            with zout.open(part, "w", force_zip64=True) as out:
                out.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    + (b'<row r="1">' + header + b"</row>" if header else b"")
                )
                for first, last in _groups(2, rows + 1):
                    for start in range(first, last + 1, 100_000):
                        out.write(_rows(start, min(start + 99_999, last), columns, cell))
                out.write(b"</sheetData></worksheet>")
    return dst
