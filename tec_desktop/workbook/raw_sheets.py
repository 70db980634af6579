"""The template's sheets as python-calamine reads them, after the safety pre-flight: rows of plain values.

The reader types these rows into tables (with pandas); this stage needs neither, so a caller may import
pandas in another thread meanwhile (`tec check` does: calamine parses with Python's lock released).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.workbook import container, schema
from tec_desktop.workbook.cells import column_letter

WANTED = {schema.normalize_header(s.name) for s in schema.SHEETS}
MAX_READ_CELLS = container.MAX_READ_CELLS  # 300k handoff rows x 10 columns is 3 million


@dataclass(frozen=True)
class RawSheets:
    """What the pre-flight learned, and the rows of the template's sheets found in the file."""

    info: container.Container
    parts: dict[str, container.SheetPart]  # normalized template sheet name -> the file's sheet (the first)
    extra: tuple[str, ...]  # the file's other sheets, README aside
    rows: dict[str, list[list]]  # the file's sheet name -> its rows from A1
    merges: dict[str, list]  # the file's sheet name -> its merged ranges


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


def read_raw_sheets(path: Path) -> RawSheets:
    """Pre-flight the file, then read the template's sheets; raise UnreadableWorkbook when it cannot be read."""
    info = container.inspect(path, WANTED)
    parts: dict[str, container.SheetPart] = {}
    extra = []
    for part in info.sheets:
        norm = schema.normalize_header(part.name)
        if norm in WANTED and norm not in parts:
            parts[norm] = part
        elif norm != schema.normalize_header(schema.README_SHEET):
            extra.append(part.name)
    rows, merges = calamine_rows(path, [part.name for part in parts.values()])
    return RawSheets(info, parts, tuple(extra), rows, merges)


def _too_big(path: Path, name: str, rows: int, columns: int) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"{path.name}: the sheet {name} has {rows:,} rows x {columns:,} columns ({rows * columns:,} cells, up to "
        f"{column_letter(columns - 1)}{rows}); TEC Desktop reads at most {container.MAX_COLUMNS} columns and "
        f"{MAX_READ_CELLS:,} cells per sheet. "
        "Delete empty or unused rows and columns (extra columns can move to another workbook), or move old "
        "years to an archive workbook."
    )


def calamine_rows(path: Path, names: list[str]) -> tuple[dict[str, list[list]], dict[str, list]]:
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
