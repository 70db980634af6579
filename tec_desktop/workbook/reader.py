"""Read a workbook from disk into typed tables (python-calamine), reporting what cannot be read.

Typing the tables needs pandas: about 0.2 s to import, every bit of it holding Python's lock. The
pre-flight and calamine's parse come first and need none of it, and calamine parses with that lock
released. So this module imports pandas (and the modules that need it) only inside the functions that
type the tables, and a read in a process that has not imported them yet imports them in a thread while
calamine parses: `tec check` starts that much sooner (docs/performance.md; tests/test_cli_startup.py).
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.findings import ERROR, INFO, WARNING, Finding
from tec_desktop.workbook import container, schema
from tec_desktop.workbook.cells import column_letter

if TYPE_CHECKING:
    import pandas as pd

    from tec_desktop.workbook.model import Table, Workbook
    from tec_desktop.workbook.values import Parsed

_WANTED = {schema.normalize_header(s.name) for s in schema.SHEETS}
_TYPING_MODULES = ("pandas", "tec_desktop.workbook.settings_sheet", "tec_desktop.workbook.values")  # and so model


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


@contextmanager
def paused_gc():
    """Keep the cyclic garbage collector out of a bulk load.

    A 100k-row sheet arrives as 100k row lists plus tuples and arrays made from them; each
    allocation burst triggers collections that walk every object created so far (measured: the
    transpose alone takes 3x longer). Nothing made here forms reference cycles that must be freed
    early, so collection waits until the load is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


MAX_READ_CELLS = container.MAX_READ_CELLS  # 300k handoff rows x 10 columns is 3 million


def _too_big(path: Path, name: str, rows: int, columns: int) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"{path.name}: the sheet {name} has {rows:,} rows x {columns:,} columns ({rows * columns:,} cells, up to "
        f"{column_letter(columns - 1)}{rows}); TEC Desktop reads at most {container.MAX_COLUMNS} columns and "
        f"{MAX_READ_CELLS:,} cells per sheet. "
        "Delete empty or unused rows and columns (extra columns can move to another workbook), or move old "
        "years to an archive workbook."
    )


def _calamine_rows(path: Path, names: list[str]) -> tuple[dict[str, list[list]], dict[str, list]]:
    """Rows (from A1) and merged ranges of the named sheets; calamine's errors become one message."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            rows, merges = {}, {}
            for name in names:
                sheet = book.get_sheet_by_name(name)  # bounded by the pre-flight (container.MAX_CELLS)
                end = sheet.end
                if end is not None and (
                    (end[0] + 1) * (end[1] + 1) > MAX_READ_CELLS or end[1] + 1 > container.MAX_COLUMNS
                ):
                    raise _too_big(path, name, end[0] + 1, end[1] + 1)
                rows[name] = sheet.to_python(skip_empty_area=False)
                merges[name] = sheet.merged_cell_ranges or []
            return rows, merges
        finally:
            book.close()
    except python_calamine.PasswordError:
        raise UnreadableWorkbook(f"{path.name} is password-protected. Save a copy without a password.") from None
    except (KeyboardInterrupt, SystemExit, UnreadableWorkbook):
        raise
    except BaseException:  # calamine's Rust panics are BaseException, not Exception
        raise UnreadableWorkbook(
            f"{path.name} is damaged and cannot be read. Open it in Excel, let Excel repair it, and save it again."
        ) from None


def _import_while_parsing() -> threading.Thread | None:
    """Start importing what typing the tables needs, in a thread, unless it is imported (or being) already."""
    if "pandas" in sys.modules:
        return None
    thread = threading.Thread(target=_import_quietly, name="tec-imports", daemon=True)
    thread.start()
    return thread


def _import_quietly() -> None:
    for name in _TYPING_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # typing imports it again, and reports the problem there
            return


def _take(values, take: np.ndarray, blank: np.ndarray):
    if not blank.any():
        return values
    if isinstance(values, np.ndarray):
        return values[take]
    return [values[i] for i in take]


def _map_headers(sheet: schema.Sheet, header: list) -> tuple[dict[str, int], list[Finding]]:
    from tec_desktop.workbook.values import as_text

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
    parsed: Parsed,
    formula_cells: frozenset[str] = frozenset(),
) -> list[Finding]:
    from tec_desktop.workbook.values import as_text

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
    import pandas as pd

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
    sheet: schema.Sheet, rows: list[list], merges: list, formula_cells: frozenset[str] = frozenset()
) -> tuple[Table, list[Finding]]:
    import pandas as pd

    from tec_desktop.workbook.model import Table
    from tec_desktop.workbook.values import Parsed, parse_column

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


def read_workbook(path: str | Path) -> Workbook:
    """Read and type every sheet of the template; raise UnreadableWorkbook when the file cannot be read."""
    with paused_gc():
        return _read_workbook(Path(path))


def _read_workbook(path: Path) -> Workbook:
    info = container.inspect(path, _WANTED)
    findings: list[Finding] = []
    by_norm: dict[str, container.SheetPart] = {}
    extra = []
    for part in info.sheets:
        norm = schema.normalize_header(part.name)
        if norm in _WANTED and norm not in by_norm:
            by_norm[norm] = part
        elif norm != schema.normalize_header(schema.README_SHEET):
            extra.append(part.name)
    names = [by_norm[n].name for n in by_norm]
    importing = _import_while_parsing()
    try:
        rows, merges = _calamine_rows(path, names)
    finally:
        if importing is not None:
            importing.join()  # typing needs them; and no import is left half done if the file is refused
    from tec_desktop.workbook.model import Table, Workbook
    from tec_desktop.workbook.settings_sheet import read_settings

    tables = {}
    for sheet in schema.SHEETS:
        part = by_norm.get(schema.normalize_header(sheet.name))
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
        formulas = info.formula_without_value.get(part.name, ())
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
        table, found = _build_table(sheet, rows[part.name], merges[part.name], frozenset(formulas))
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
    return Workbook(path, file_sha256(path), tables, settings, tuple(findings), tuple(extra))
