"""What a sheet's XML says about saved formula results that python-calamine cannot tell us.

calamine 0.9.1 returns '' for a formula with no saved result, for an empty text result, and for a
saved error value (#N/A, #DIV/0!...; python-calamine issue #105), and raises for the whole sheet on
the newer error values (#SPILL!, #CALC!...). So the pre-flight, which holds the sheet's bytes anyway,
finds those cells itself: one C-speed search each, over sheets that almost never hold them.
"""

from __future__ import annotations

import re

MAX_FORMULA_CELLS = 10_000  # enough to silence their "empty" findings; the message gives the first
MAX_ERROR_CELLS = 10_000

# The error values calamine maps to a cell error (read as ''); any other error text (#SPILL!, #CALC!,
# #BLOCKED!, '#n/a'...) makes get_sheet_by_name raise "Unsupported cell error value" for the whole sheet.
CALAMINE_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"})

_P = rb"(?:[^\s/>:!?]+:)?"  # any namespace prefix (<x:c>)
# A formula, then no <v> or an empty one (group 1), then the end of the cell.
_FORMULA_NO_VALUE = re.compile(
    rb"<" + _P + rb"f\b[^>]*(?:/>|>[^<]*</" + _P + rb"f>)\s*"
    rb"(<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>"
)
_CELL_START = re.compile(rb"<" + _P + rb"c[\s>]")
_TEXT_RESULT = re.compile(rb"""\st\s*=\s*(?:"str"|'str')""")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*(?:"e"|'e')""")
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]*)</" + _P + rb"v>|</" + _P + rb"c>")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3}\d{1,7})["']""")


def _cell_tag(data: bytes, before: int) -> tuple[int, bytes]:
    """The start and the start tag (`<c ...>`) of the cell that holds position `before`."""
    start = data.rfind(b"<", 0, before)
    while start > 0 and not _CELL_START.match(data, start):
        start = data.rfind(b"<", 0, start)
    return start, data[start : data.find(b">", start) + 1]


def _ref(tag: bytes) -> str:
    m = _REF.search(tag)
    return m.group(1).decode().upper() if m else "?"


def formulas_without_value(data: bytes) -> tuple[str, ...]:
    """The cells holding a formula with no saved result (files written by scripts), in sheet order.

    No <v> at all, or an empty one on a cell whose result is not text. Excel (<v/>) and LibreOffice
    (<v></v>) save the empty text result of =IF(G2="High","check","") as an empty <v> in a t="str"
    cell: that is a saved value, ''."""
    if b"<f" not in data and (b"<sheetData" in data or b":f" not in data):
        return ()
    cells = []
    for m in _FORMULA_NO_VALUE.finditer(data):
        _, tag = _cell_tag(data, m.start())
        if m.group(1) is not None and _TEXT_RESULT.search(tag):
            continue
        cells.append(_ref(tag))
        if len(cells) >= MAX_FORMULA_CELLS:
            break
    return tuple(cells)


def cached_errors(data: bytes) -> tuple[tuple[str, str], ...]:
    """(cell, error text) of every cell whose saved value is an error value (t="e"), in sheet order."""
    out = []
    for m in _ERROR_TYPE.finditer(data):
        start = data.rfind(b"<", 0, m.start())
        if start < 0 or not _CELL_START.match(data, start):
            continue  # t="e" on another element, or inside text
        end = data.find(b">", m.end())
        if end < 0 or data[end - 1 : end] == b"/":
            continue  # <c t="e"/>: no value at all
        v = _VALUE.search(data, end)
        text = v.group(1).decode("utf-8", "replace").strip() if v and v.group(1) is not None else ""
        if not text:
            continue  # an error type with no error value: calamine reads it as empty, and so do we
        out.append((_ref(data[start : end + 1]), text))
        if len(out) >= MAX_ERROR_CELLS:
            break
    return tuple(out)


_UNSUPPORTED_VALUE = re.compile(
    rb"(<" + _P + rb"c\b[^>]*\st\s*=\s*[\"']e[\"'][^>]*>(?:(?!</" + _P + rb"c>).)*?<" + _P + rb"v>)([^<]*)(</)",
    re.S,
)


def readable_errors(data: bytes) -> bytes:
    """The sheet XML with every error value calamine cannot read (#SPILL!...) saved as #VALUE! instead.

    calamine then reads the sheet (the cell as ''), and the real text, found by cached_errors(), goes
    into the message."""

    def swap(m: re.Match) -> bytes:
        text = m.group(2).decode("utf-8", "replace").strip()
        return m.group(0) if text in CALAMINE_ERRORS else m.group(1) + b"#VALUE!" + m.group(3)

    return _UNSUPPORTED_VALUE.sub(swap, data)
