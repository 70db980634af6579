"""Property: any value of any type in any cell of any column yields findings, never an exception."""

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tec_desktop.checks.registry import run_checks
from tec_desktop.workbook import schema
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook

CELLS = [(s.name, c.header) for s in schema.SHEETS for c in s.columns]
values = st.one_of(
    st.none(),
    st.text(max_size=40).filter(lambda s: not ILLEGAL_CHARACTERS_RE.search(s)),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.sampled_from(["Yes", "no", "2026-10-05", "2026-10", "S-01", "Zoë Ødegård", "=1+1", "90%", "Active"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell=st.sampled_from(CELLS), value=values, row=st.integers(0, 1))
def test_any_value_anywhere_gives_findings_not_exceptions(cell, value, row):
    sheet, header = cell
    rows = rows_copy()
    if not rows.get(sheet):  # an optional sheet (Commentary) is absent from the base workbook
        rows[sheet] = [{c.header: c.example for c in schema.SHEETS_BY_NAME[sheet].columns}]
    rows[sheet][min(row, len(rows[sheet]) - 1)][header] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "any.xlsx", rows)
        findings = run_checks(read_workbook(path), today=dt.date(2026, 11, 27))
    assert all(f.message and f.sheet is not None for f in findings)
