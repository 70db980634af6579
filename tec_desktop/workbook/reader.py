"""Read a workbook from disk into typed tables (python-calamine), reporting what cannot be read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from tec_desktop.findings import ERROR, INFO, WARNING, Finding
from tec_desktop.workbook import schema
from tec_desktop.workbook.cells import column_letter
from tec_desktop.workbook.model import Table, Workbook
from tec_desktop.workbook.raw_sheets import RawSheets, paused_gc, read_raw_sheets
from tec_desktop.workbook.settings_sheet import read_settings
from tec_desktop.workbook.values import Parsed, as_text, parse_column


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file's bytes, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def lock_file(path: Path) -> Path | None:
    """The lock file Excel or LibreOffice keeps beside a workbook that is open, if any."""
    for candidate in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")):
        if candidate.exists():
            return candidate
    return None


def _take(values, take: np.ndarray, blank: np.ndarray):
    if not blank.any():
        return values
    if isinstance(values, np.ndarray):
        return values[take]
    return [values[i] for i in take]


def _map_headers(sheet: schema.Sheet, header: list) -> tuple[dict[str, int], list[Finding]]:
    by_norm = {schema.normalize_header(c.header): c for c in sheet.columns}
    found: dict[str, int] = {}
    findings = []
    for idx, text in enumerate(header):
        if text is None or text == "" or not str(text).strip():
            continue
        norm = schema.normalize_header(as_text(text))
        col = by_norm.get(norm)
        cell = f"{column_letter(idx)}1"
        if col is None:
            findings.append(
                Finding(
                    INFO,
                    "column-extra",
                    sheet.name,
                    cell,
                    f"{sheet.name} {cell}: the column '{as_text(text)}' is not part of the template and is ignored.",
                    1,
                )
            )
        elif col.key in found:
            findings.append(
                Finding(
                    ERROR,
                    "column-duplicate",
                    sheet.name,
                    cell,
                    f"{sheet.name} {cell}: the column '{col.header}' appears twice "
                    f"(also in {column_letter(found[col.key])}1). Delete or rename one of them.",
                    1,
                )
            )
        else:
            found[col.key] = idx
    return found, findings


def _missing_columns(sheet: schema.Sheet, found: dict[str, int], width: int) -> list[Finding]:
    findings = []
    free = max(list(found.values()) + [width - 1, -1]) + 1
    for col in sheet.columns:
        if col.required and col.key not in found:
            cell = f"{column_letter(free)}1"
            findings.append(
                Finding(
                    ERROR,
                    "column-missing",
                    sheet.name,
                    cell,
                    f"{sheet.name}: the required column '{col.header}' is missing. "
                    f"Add it as a header in row 1 (for example in {cell}).",
                    1,
                )
            )
            free += 1
    return findings


def _merge_findings(sheet: schema.Sheet, merges: list) -> list[Finding]:
    findings = []
    for (r0, c0), (r1, c1) in merges:
        ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        first = f"{column_letter(c0)}{r0 + 1}"
        what = "header cells" if r0 == 0 else "cells"
        findings.append(
            Finding(
                ERROR,
                "cells-merged",
                sheet.name,
                first,
                f"{sheet.name} {ref}: these {what} are merged, so only {first} holds a value. "
                "Unmerge them and type the value in every cell.",
                r0 + 1,
            )
        )
    return findings


def _cell_findings(
    sheet: schema.Sheet,
    col: schema.Column,
    letter: str,
    rows: np.ndarray,
    raw: list,
    parsed,
    formula_cells: set[str] = frozenset(),
) -> list[Finding]:
    findings = []
    for i in np.flatnonzero(parsed.bad):
        cell = f"{letter}{rows[i]}"
        findings.append(
            Finding(
                ERROR,
                "value-bad",
                sheet.name,
                cell,
                f"{sheet.name} {cell}: {col.header} '{as_text(raw[i])}' is not {parsed.expected}.",
                int(rows[i]),
            )
        )
    if col.required:
        for i in np.flatnonzero(parsed.empty):
            cell = f"{letter}{rows[i]}"
            if cell in formula_cells:
                continue  # a formula with no saved result: reported once for the sheet, not as empty
            findings.append(
                Finding(
                    ERROR,
                    "value-required",
                    sheet.name,
                    cell,
                    f"{sheet.name} {cell}: {col.header} is empty; every row needs one.",
                    int(rows[i]),
                )
            )
    return findings


def _empty_frame(sheet: schema.Sheet) -> pd.DataFrame:
    data = {}
    for col in sheet.columns:
        if col.kind == schema.DATE:
            data[col.key] = np.array([], dtype="datetime64[us]")
        elif col.kind in (schema.NUMBER, schema.YESNO):
            data[col.key] = np.array([], dtype=float)
        else:
            data[col.key] = np.array([], dtype=object)
    data["row"] = np.array([], dtype=np.int64)
    return pd.DataFrame(data)


def _row_of(cell: str) -> int:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0


def _build_table(
    sheet: schema.Sheet, rows: list[list], merges: list, formula_cells: set[str] = frozenset()
) -> tuple[Table, list[Finding]]:
    header = rows[0] if rows else []
    found, findings = _map_headers(sheet, header)
    findings += _missing_columns(sheet, found, len(header))
    findings += _merge_findings(sheet, merges)
    # calamine rows are rectangular: one transpose gives every column at C speed.
    columns = list(zip(*rows[1:])) if len(rows) > 1 else []
    letters = {key: column_letter(idx) for key, idx in found.items()}
    parsed = {key: parse_column(columns[idx], sheet.column(key)) for key, idx in found.items() if idx < len(columns)}
    # A row whose template columns are all blank (empty, spaces, or a note in an extra column) is skipped.
    blank = np.logical_and.reduce([p.empty for p in parsed.values()]) if parsed else np.ones(len(rows[1:]), bool)
    take = np.flatnonzero(~blank)
    excel_rows = take + 2  # rows[1] is Excel row 2
    frame = _empty_frame(sheet)
    data, bad = {}, {}
    for col in sheet.columns:
        p = parsed.get(col.key)
        if p is None:
            data[col.key] = pd.Series([None] * len(take), dtype=frame[col.key].dtype) if len(take) else frame[col.key]
            continue
        if len(take) < len(blank):
            p = Parsed(_take(p.values, take, blank), p.empty[take], p.bad[take], p.expected)
        data[col.key] = p.values
        bad[col.key] = p.bad
        raw = [columns[found[col.key]][i] for i in take] if (p.bad.any() or (col.required and p.empty.any())) else []
        findings += _cell_findings(sheet, col, letters[col.key], excel_rows, raw, p, formula_cells)
    data["row"] = excel_rows
    frame = pd.DataFrame(data) if len(take) else frame
    for col in sheet.columns:
        if col.kind == schema.DATE and frame[col.key].dtype == object:
            frame[col.key] = pd.to_datetime(frame[col.key]).astype("datetime64[us]")
    return Table(sheet, frame.reset_index(drop=True), letters, True, bad), findings


def read_workbook(path: str | Path, raw: RawSheets | None = None) -> Workbook:
    """Read and type every sheet of the template; raise UnreadableWorkbook when the file cannot be read.

    `raw`: the file's sheets already read by read_raw_sheets (a caller that overlaps it with imports)."""
    with paused_gc():
        return _read_workbook(Path(path), raw or read_raw_sheets(Path(path)))


def _read_workbook(path: Path, raw: RawSheets) -> Workbook:
    findings: list[Finding] = []
    tables = {}
    for sheet in schema.SHEETS:
        part = raw.parts.get(schema.normalize_header(sheet.name))
        if part is None:
            tables[sheet.name] = Table(sheet, _empty_frame(sheet), {}, False)
            if sheet.required:
                findings.append(
                    Finding(
                        ERROR,
                        "sheet-missing",
                        sheet.name,
                        "",
                        f"The sheet '{sheet.name}' is missing. Add it back from the template "
                        f"(File > New workbook from template) with its headers in row 1.",
                    )
                )
            continue
        if part.hidden:
            findings.append(
                Finding(
                    WARNING,
                    "sheet-hidden",
                    sheet.name,
                    "",
                    f"The sheet '{part.name}' is hidden; its data is read anyway. Unhide it so that "
                    "everyone sees what the scorecards are built from.",
                )
            )
        formulas = raw.info.formula_without_value.get(part.name, ())
        if formulas:
            more = len(formulas) - 1
            also = f" (and {more} more cell{'s' * (more != 1)} of this sheet)" if more else ""
            findings.append(
                Finding(
                    ERROR,
                    "formula-no-value",
                    sheet.name,
                    formulas[0],
                    f"{sheet.name} {formulas[0]}: this formula{also} has no saved result (the file was "
                    "written by a program, not Excel). Open it in Excel and save it first.",
                    _row_of(formulas[0]),
                )
            )
        table, found = _build_table(sheet, raw.rows[part.name], raw.merges[part.name], set(formulas))
        tables[sheet.name] = table
        findings += found
    settings, setting_findings = read_settings(tables["Settings"])
    findings += setting_findings
    lock = lock_file(path)
    if lock is not None:
        findings.append(
            Finding(
                WARNING,
                "workbook-open",
                "",
                "",
                f"{path.name} seems to be open in Excel or LibreOffice (the lock file {lock.name} is beside it). "
                "Its last saved version was read; save it to include recent edits.",
            )
        )
    return Workbook(path, file_sha256(path), tables, settings, tuple(findings), raw.extra)
