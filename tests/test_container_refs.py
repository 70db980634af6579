"""The pre-flight's used range against every way calamine accepts a cell reference (shared/RISKS.md).

calamine places a cell by its own r attribute in any XML syntax: whitespace of any kind before it
or around '=', single quotes, no space after the previous value, column letters in either case,
the last of two r attributes, any namespace prefix on the element. Each case is checked on a small
sheet (walked tag by tag) and inside a big one (proven by the quick counts), and end to end in a
child process: one of these cells at XFD1048576 made calamine abort the process.
"""

import subprocess
import sys

import pytest

from tec_desktop.workbook.used_range import MAX_CELLS, used_range

from builder import write_workbook
from zipedit import rewrite, sheet_part

FAR = {
    "tab before r": b'<row r="2"><c\tr="XFD1048576"><v>1</v></c></row>',
    "newline before r": b'<row r="2"><c\nr="XFD1048576"><v>1</v></c></row>',
    "lower-case letters": b'<row r="2"><c r="xfd1048576"><v>1</v></c></row>',
    "spaces around =": b'<row r="2"><c r = "XFD1048576"><v>1</v></c></row>',
    "no space after a value": b'<row r="2"><c s="0"r="XFD1048576"><v>1</v></c></row>',
    "single quotes": b"<row r='2'><c r='XFD1048576'><v>1</v></c></row>",
    "second r wins": b'<row r="2"><c r="A2" r="XFD1048576"><v>1</v></c></row>',
    "prefixed cell": b'<row r="2"><x:c r="XFD1048576"><x:v>1</x:v></x:c></row>',
    "reference after a cell without one": b'<row r="2"><c><v>1</v></c><c r="XFD1048576"><v>1</v></c></row>',
}


def _rows(first: int, count: int) -> bytes:
    """`count` ordinary rows from row `first`, 10 numeric cells each, as xlsxwriter writes them."""
    return b"".join(
        b'<row r="%d" spans="1:10">' % r
        + b"".join(b'<c r="%s%d" s="1"><v>%d</v></c>' % (bytes([col]), r, r) for col in b"ABCDEFGHIJ")
        + b"</row>"
        for r in range(first, first + count)
    )


def _sheet(cells: bytes, rows: int = 0) -> bytes:
    """Sheet XML with `rows` ordinary rows and then `cells`, between the parts Excel writes around sheetData."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:J2"/><cols><col min="1" max="1" width="9"/></cols><sheetData>'
        + _rows(1, rows)
        + cells
        + b'</sheetData><pageMargins header="0.3"/><conditionalFormatting sqref="A1">'
        b'<cfRule type="expression" priority="1"/></conditionalFormatting></worksheet>'
    )


@pytest.mark.parametrize("case", FAR)
@pytest.mark.parametrize("rows", [0, 2000])
def test_every_reference_syntax_counts(case, rows):
    used = used_range(_sheet(FAR[case], rows))
    assert used == (1048576, 16384), case


def test_cells_after_an_unprefixed_sheet_data_with_prefixed_rows_without_references():
    cells = b'<row r="300000"><c r="A300000"><v>1</v></c></row><x:row>' + b"<x:c><x:v>1</x:v></x:c>" * 900 + b"</x:row>"
    assert used_range(_sheet(cells)) == (300001, 900)
    assert used_range(_sheet(cells, 2000)) == (300001, 900)


def test_cells_without_references_follow_the_previous_cell_and_row():
    cells = b'<row r="5"><c r="B5"><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row><row><c><v>1</v></c></row>'
    assert used_range(_sheet(cells)) == (6, 4)


def test_comments_and_empty_elements_place_no_cell():
    cells = b'<!-- <row r="9"><c r="XFD1048576"> --><row r="3"><c r="ZZ3"/><c r="C3"><v>1</v></c></row>'
    assert used_range(_sheet(cells)) == (3, 3)


def test_a_big_sheet_written_the_usual_way_is_bounded_by_its_references():
    rows, cols = used_range(_sheet(b"", 2000))
    assert rows * cols <= MAX_CELLS and rows >= 2000 and cols >= 10
    six_digits = b'<row r="150000"><c r="J150000" t="s"><v>1</v></c></row>'
    assert used_range(_sheet(six_digits, 2000)) == (150000, 26)


def test_prefixed_sheet_is_read_as_if_unprefixed():
    xml = _sheet(b"", 2000).replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?", b"<?")
    rows, cols = used_range(xml)
    assert rows >= 2000 and rows * cols <= MAX_CELLS
    far = xml.replace(b"</x:sheetData>", b'<x:row r="9"><x:c r="xfd9"><x:v>1</x:v></x:c></x:row></x:sheetData>')
    assert used_range(far)[1] == 16384


CHILD = r"""
import sys
from tec_desktop.workbook.reader import read_workbook
from tec_desktop.errors import TecError
for path in sys.argv[1:]:
    try:
        read_workbook(path)
        print("READ", path, flush=True)
    except TecError as exc:
        print("REFUSED", path, str(exc).split(";")[0], flush=True)
"""


def test_far_cells_in_any_syntax_are_refused_without_crashing(tmp_path):
    good = write_workbook(tmp_path / "good.xlsx")
    part = sheet_part(good, "Handoffs")
    paths = []
    for i, cells in enumerate(FAR.values()):
        for rows in (0, 2000):  # the far cell after the workbook's rows, in a small sheet and in a big one

            def edit(d, cells=cells, rows=rows):
                return d.replace(b"</sheetData>", _rows(1001, rows) + cells + b"</sheetData>")

            paths.append(rewrite(good, tmp_path / f"far-{i}-{rows}.xlsx", {part: edit}))
    proc = subprocess.run([sys.executable, "-c", CHILD, *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"the reader crashed after: {proc.stdout.splitlines()[-1:]}\n{proc.stderr[-2000:]}"
    lines = proc.stdout.splitlines()
    assert len(lines) == len(paths)
    assert all(line.startswith("REFUSED") and "XFD1048576" in line for line in lines), lines


def test_columns_beyond_z_are_read_from_their_letters():
    cells = b'<row r="7"><c r="AB7"><v>1</v></c><c r="c7"><v>1</v></c></row>'
    assert used_range(_sheet(cells)) == (7, 28)
    rows, cols = used_range(_sheet(cells, 2000))
    assert cols == 28 and rows >= 2000
    assert used_range(_sheet(b'<row r="7"><c r="HZZ7"><v>1</v></c></row>', 2000)) == (2000, 6110)
