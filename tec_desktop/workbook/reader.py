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
import io
import sys
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.findings import Finding, finding
from tec_desktop.workbook import container, schema
from tec_desktop.workbook.cached_values import readable_errors
from tec_desktop.workbook.cells import column_letter
from tec_desktop.workbook.zip_copy import copy_member

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
        "sheet-too-large",
        file=path.name,
        sheet=name,
        rows=rows,
        columns=columns,
        cells=rows * columns,
        corner=f"{column_letter(columns - 1)}{rows}",
        max_columns=container.MAX_COLUMNS,
        max_cells=MAX_READ_CELLS,
    )


def _calamine_rows(
    path: Path, names: list[str], info: container.Container | None = None
) -> tuple[dict[str, list[list]], dict[str, list]]:
    """Rows (from A1) and merged ranges of the named sheets; calamine's errors become one message.

    `info` (the pre-flight's) says which sheets hold error values calamine cannot read (#SPILL!...)."""
    import python_calamine

    try:
        unreadable = info.unreadable_errors(names) if info is not None else {}
        if info is not None and unreadable:
            book = python_calamine.CalamineWorkbook.from_filelike(_readable_copy(path, info, set(unreadable)))
        else:
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
        raise UnreadableWorkbook("file-password", file=path.name) from None
    except (KeyboardInterrupt, SystemExit, UnreadableWorkbook):
        raise
    except BaseException:  # calamine's Rust panics are BaseException, not Exception
        raise UnreadableWorkbook("file-damaged", form="unreadable", file=path.name) from None


def _readable_copy(path: Path, info: container.Container, sheets: set[str]) -> io.BytesIO:
    """The workbook in memory, with the error values calamine cannot read (#SPILL!...) as #VALUE! in
    these sheets: the cells read as empty, and their real text comes from the pre-flight."""
    parts = {s.part: s.name for s in info.sheets if s.name in sheets}
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, open(path, "rb") as raw, zipfile.ZipFile(buf, "w") as zout:
        for member in zin.infolist():
            if member.filename in parts:
                zout.writestr(member.filename, readable_errors(zin.read(member)))
            else:
                copy_member(raw, member, zout)
    buf.seek(0)
    return buf


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
            findings.append(finding("column-extra", sheet.name, cell, 1, header=as_text(text)))
        elif col.key in found:
            first = f"{column_letter(found[col.key])}1"
            findings.append(finding("column-duplicate", sheet.name, cell, 1, column=col.header, first_cell=first))
        else:
            found[col.key] = idx
    return found, findings


def _missing_columns(sheet: schema.Sheet, found: dict[str, int], width: int) -> list[Finding]:
    findings = []
    free = max(list(found.values()) + [width - 1, -1]) + 1
    for col in sheet.columns:
        if col.required and col.key not in found:
            findings.append(finding("column-missing", sheet.name, f"{column_letter(free)}1", 1, column=col.header))
            free += 1
    return findings


def _merge_findings(sheet: schema.Sheet, merges: list) -> list[Finding]:
    findings = []
    for (r0, c0), (r1, c1) in merges:
        ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        first = f"{column_letter(c0)}{r0 + 1}"
        form = "header" if r0 == 0 else ""
        findings.append(finding("cells-merged", sheet.name, first, r0 + 1, form=form, range=ref))
    return findings


def _cell_findings(
    sheet: schema.Sheet,
    col: schema.Column,
    letter: str,
    rows: np.ndarray,
    raw: list,
    parsed: Parsed,
    formula_cells: frozenset[str] = frozenset(),
    errors: dict[str, str] | None = None,
) -> list[Finding]:
    from tec_desktop.workbook.values import as_text

    findings = []
    errors = errors or {}
    for i in np.flatnonzero(parsed.bad):
        cell = f"{letter}{rows[i]}"
        if cell in errors:
            findings.append(
                finding("value-error", sheet.name, cell, int(rows[i]), column=col.header, error=errors[cell])
            )
            continue
        findings.append(
            finding(
                "value-bad",
                sheet.name,
                cell,
                int(rows[i]),
                column=col.header,
                value=as_text(raw[i]),
                expected=parsed.expected,
            )
        )
    if col.required:
        for i in np.flatnonzero(parsed.empty):
            cell = f"{letter}{rows[i]}"
            if cell in formula_cells:
                continue  # a formula with no saved result: reported once for the sheet, not as empty
            findings.append(finding("value-required", sheet.name, cell, int(rows[i]), column=col.header))
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


def _in_columns(cells, letters: dict[str, str]) -> set[str]:
    """The cells (as 'D17') that lie in the template's columns; extra columns are ignored."""
    used = set(letters.values())
    return {c for c in cells if c.rstrip("0123456789") in used}


def _mark_errors(parsed: dict[str, Parsed], letters: dict[str, str], errors: dict[str, str]) -> None:
    """A cell holding an error value is a bad value (never an empty cell, nor a 'not completed')."""
    key_of = {letter: key for key, letter in letters.items()}
    for cell in errors:
        p = parsed.get(key_of[cell.rstrip("0123456789")])
        i = _row_of(cell) - 2  # row 2 is the first data row
        if p is not None and 0 <= i < len(p.bad):
            p.empty[i], p.bad[i] = False, True


def _build_table(
    sheet: schema.Sheet,
    rows: list[list],
    merges: list,
    formula_cells: tuple[str, ...] = (),
    errors: tuple[tuple[str, str], ...] = (),
    epoch: np.datetime64 | None = None,
) -> tuple[Table, list[Finding]]:
    """One sheet's rows as a typed Table; `epoch` is the date system's day 0 (None: Excel's 1900 system)."""
    import pandas as pd

    from tec_desktop.workbook.model import Table
    from tec_desktop.workbook.values import EXCEL_EPOCH, Parsed, parse_column

    epoch = EXCEL_EPOCH if epoch is None else epoch
    header = rows[0] if rows else []
    found, findings = _map_headers(sheet, header)
    findings += _missing_columns(sheet, found, len(header))
    findings += _merge_findings(sheet, merges)
    letters = {key: column_letter(idx) for key, idx in found.items()}
    formulas = _in_columns(formula_cells, letters)
    if formulas:
        first = min(formulas, key=lambda c: (_row_of(c), len(c), c))
        findings.append(finding("formula-no-value", sheet.name, first, _row_of(first), more=len(formulas) - 1))
    in_columns = _in_columns((cell for cell, _ in errors), letters)
    cell_errors = {cell: text for cell, text in errors if cell in in_columns}
    # calamine rows are rectangular: one transpose gives every column at C speed.
    columns = list(zip(*rows[1:])) if len(rows) > 1 else []
    parsed = {
        key: parse_column(columns[idx], sheet.column(key), epoch) for key, idx in found.items() if idx < len(columns)
    }
    _mark_errors(parsed, letters, cell_errors)
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
        findings += _cell_findings(sheet, col, letters[col.key], excel_rows, raw, p, frozenset(formulas), cell_errors)
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
    for listed in info.sheets:
        norm = schema.normalize_header(listed.name)
        if norm in _WANTED and norm not in by_norm:
            by_norm[norm] = listed
    names = [by_norm[n].name for n in by_norm]
    importing = _import_while_parsing()
    try:
        rows, merges = _calamine_rows(path, names, info)
    finally:
        if importing is not None:
            importing.join()  # typing needs them; and no import is left half done if the file is refused
    from tec_desktop.workbook.model import Table, Workbook
    from tec_desktop.workbook.settings_sheet import read_settings
    from tec_desktop.workbook.values import EXCEL_EPOCH, EXCEL_EPOCH_1904

    epoch = EXCEL_EPOCH_1904 if info.date1904 else EXCEL_EPOCH
    tables = {}
    for sheet in schema.SHEETS:
        part = by_norm.get(schema.normalize_header(sheet.name))
        if part is None:
            tables[sheet.name] = Table(sheet, _empty_frame(sheet), {}, False)
            if sheet.required:
                findings.append(finding("sheet-missing", sheet.name, ""))
            continue
        if part.hidden:
            findings.append(finding("sheet-hidden", sheet.name, "", name=part.name))
        table, found = _build_table(
            sheet,
            rows[part.name],
            merges[part.name],
            info.formula_without_value.get(part.name, ()),
            info.errors.get(part.name, ()),
            epoch,
        )
        tables[sheet.name] = table
        findings += found
    settings, setting_findings = read_settings(tables["Settings"], epoch)
    findings += setting_findings
    lock = lock_file(path)
    if lock is not None:
        findings.append(finding("workbook-open", "", "", workbook=path.name, lock=lock.name))
    return Workbook(path, file_sha256(path), tables, settings, tuple(findings))
