"""Build small workbooks for tests, with openpyxl or xlsxwriter, from plain Python rows.

`base_rows()` is a tiny valid workbook (one person of each role, two seams, an SLA each);
tests copy it, change what they test, and write it with `write_workbook`.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from tec_desktop.workbook import schema


def base_rows() -> dict[str, list[dict]]:
    """Rows per sheet, keyed by header, for a small workbook that checks clean for 2026-10."""
    d = dt.datetime
    return {
        "Settings": [
            {"Setting": "Organization", "Value": "Acme Test Co"},
            {"Setting": "Reporting month", "Value": "2026-10"},
        ],
        "People": [
            {"Name": "Zoë Ødegård", "Email": "zoe@example.com", "Team": "Sales", "Role": "Seam owner", "Active": "Yes"},
            {
                "Name": "Łukasz Nowak",
                "Email": "lukasz@example.com",
                "Team": "Product",
                "Role": "Leadership",
                "Active": "Yes",
            },
            {
                "Name": "王芳",
                "Email": "wang.fang@example.com",
                "Team": "Security",
                "Role": "Seam owner",
                "Active": "Yes",
            },
        ],
        "Seams": [
            {
                "Seam ID": "S-01",
                "Seam name": "Custom deal intake",
                "From team": "Sales",
                "To team": "Product",
                "Accountable owner": "Zoë Ødegård",
                "Decider": "Łukasz Nowak",
                "Status": "Active",
                "Contract version": "v1",
                "Last reviewed": d(2026, 10, 2),
            },
            {
                "Seam ID": "S-02",
                "Seam name": "Security sign-off",
                "From team": "Product",
                "To team": "Security",
                "Accountable owner": "王芳",
                "Decider": "Łukasz Nowak",
                "Status": "Active",
                "Contract version": "v2",
                "Last reviewed": d(2026, 10, 9),
            },
        ],
        "SLAs": [
            {
                "Seam ID": "S-01",
                "Request type": "Custom integration",
                "Measure": "Queue time",
                "Target (business days)": 3,
            },
            {"Seam ID": "S-02", "Request type": "Sign-off", "Measure": "Lead time", "Target (business days)": 5},
        ],
        "Handoffs": [
            {
                "Item ID": "H-1",
                "Seam ID": "S-01",
                "Request type": "Custom integration",
                "Submitted": d(2026, 10, 5, 9),
                "Started": d(2026, 10, 6, 9),
                "Completed": d(2026, 10, 9, 17),
                "Ready at first submit": "Yes",
                "Reworked": "No",
            },
            {
                "Item ID": "H-2",
                "Seam ID": "S-02",
                "Request type": "Sign-off",
                "Submitted": d(2026, 10, 12, 9),
                "Started": d(2026, 10, 13, 9),
                "Completed": d(2026, 10, 15, 12),
                "Ready at first submit": "Yes",
                "Reworked": "No",
            },
        ],
        "Misses": [],
        "Dependencies": [
            {
                "Dependency ID": "D-1",
                "Seam ID": "S-02",
                "Description": "Pen-test report",
                "Owner": "王芳",
                "Due": d(2026, 10, 20),
                "Met": d(2026, 10, 19),
                "Status": "Met",
            },
        ],
        "Decisions": [
            {
                "Decision ID": "DEC-1",
                "Seam ID": "S-01",
                "Decision": "Approve SSO",
                "Decider": "Łukasz Nowak",
                "Requested": d(2026, 10, 5),
                "Decided": d(2026, 10, 7),
                "SLA (business days)": 5,
                "Status": "Decided",
            },
        ],
        "Actions": [],
        "Holidays": [],
    }


def rows_copy() -> dict[str, list[dict]]:
    """A deep copy of base_rows(), ready to change."""
    return copy.deepcopy(base_rows())


def write_workbook(
    path: str | Path,
    rows: dict[str, list[dict]] | None = None,
    writer: str = "openpyxl",
    headers: dict[str, list[str]] | None = None,
) -> Path:
    """Write sheets with template headers (or `headers[sheet]`) and the given rows; return the path."""
    rows = base_rows() if rows is None else rows
    path = Path(path)
    tables = {}
    for name, records in rows.items():
        sheet = schema.SHEETS_BY_NAME.get(name)
        cols = (headers or {}).get(name) or (
            [c.header for c in sheet.columns] if sheet else sorted({k for r in records for k in r})
        )
        norm = {schema.normalize_header(k): k for r in records for k in r}
        keys = [norm.get(schema.normalize_header(h)) for h in cols]
        tables[name] = [cols] + [[r.get(k) if k else None for k in keys] for r in records]
    if writer == "openpyxl":
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, table in tables.items():
            ws = wb.create_sheet(name)
            for r in table:
                ws.append(r)
        wb.save(path)
    elif writer == "xlsxwriter":
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(path))
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for name, table in tables.items():
            ws = wb.add_worksheet(name)
            for r_i, r in enumerate(table):
                for c_i, v in enumerate(r):
                    if v is None:
                        continue
                    if isinstance(v, (dt.datetime, dt.date)):
                        ws.write_datetime(r_i, c_i, v, date_fmt)
                    else:
                        ws.write(r_i, c_i, v)
        wb.close()
    else:
        raise ValueError(writer)
    return path
