"""Put hand-written cell XML into a workbook's sheet, to reproduce exactly what another program writes
(LibreOffice's `<v></v>`, an error value, a Strict date) in a file built by openpyxl."""

from __future__ import annotations

import re
from pathlib import Path

from zipedit import rewrite, sheet_part

_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _cell_span(row: bytes, ref: bytes) -> tuple[int, int] | None:
    """Where the cell `ref` is inside a row's XML, or None."""
    m = re.search(rb'<c r="' + ref + rb'"[^>]*?(?:/>|>.*?</c>)', row, re.S)
    return (m.start(), m.end()) if m else None


def put_cell(data: bytes, xml: bytes) -> bytes:
    """The sheet XML with the cell `xml` (it names its own r="K2") replacing or joining its row."""
    letters, digits = _REF.search(xml).groups()
    ref, row_no = letters + digits, int(digits)
    for m in re.finditer(rb'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', data, re.S):
        number = int(m.group(1))
        if number < row_no:
            continue
        if number > row_no:  # no such row yet: a new one here
            return data[: m.start()] + b'<row r="' + digits + b'">' + xml + b"</row>" + data[m.start() :]
        row = m.group(0)
        if row.endswith(b"/>"):
            row = row[:-2] + b"></row>"
        span = _cell_span(row, ref)
        if span:
            row = row[: span[0]] + xml + row[span[1] :]
        else:
            place = len(row) - len(b"</row>")
            for c in re.finditer(rb'<c r="([A-Z]+)\d+"', row):
                if _column(c.group(1)) > _column(letters):
                    place = c.start()
                    break
            row = row[:place] + xml + row[place:]
        return data[: m.start()] + row + data[m.end() :]
    return data.replace(b"</sheetData>", b'<row r="' + digits + b'">' + xml + b"</row></sheetData>")


def with_cells(src: Path, dst: Path, sheet: str, *cells: bytes, edits: dict | None = None) -> Path:
    """A copy of the workbook with these cells written into the sheet as given."""
    part = sheet_part(src, sheet)

    def edit(data: bytes) -> bytes:
        for xml in cells:
            data = put_cell(data, xml)
        return data

    return rewrite(src, dst, {part: edit, **(edits or {})})
