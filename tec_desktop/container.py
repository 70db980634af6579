"""Make sure a file is a workbook we can read safely before any spreadsheet library touches it.

python-calamine aborts the whole process on some inputs (see shared/RISKS.md): a single cell at
XFD1048576 makes it allocate 512 GiB. So the zip is opened with the standard library first, its
parts checked (names, sizes, checksums, no DTDs), and the used range of every sheet we are about
to read measured from the XML itself, never from the declared dimension.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from .cells import column_index, column_letter
from .errors import UnreadableWorkbook

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 512 * 1024 * 1024  # one decompressed part
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # all parts, decompressed
MAX_RATIO = 200  # a compression ratio above this on a big part is a zip bomb
MAX_COLUMNS = 200
MAX_CELLS = 10_000_000  # used rows x used columns of one sheet (an upper bound: see used_range)

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class SheetPart:
    """A worksheet as listed in the workbook: its name, zip part and visibility."""

    name: str
    part: str
    hidden: bool


@dataclass(frozen=True)
class Container:
    """What the pre-flight learned about the file."""

    sheets: tuple[SheetPart, ...]
    formula_without_value: dict[str, str] = field(default_factory=dict)  # sheet -> first cell


def describe_foreign(head: bytes, path: Path) -> str | None:
    """Say what a file that is not an .xlsx really is, from its first bytes."""
    if not head:
        return f"{path.name} is empty (0 bytes). Save the workbook again from Excel."
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with open(path, "rb") as fh:
            blob = fh.read(4 * 1024 * 1024)
        if "EncryptedPackage".encode("utf-16-le") in blob or b"EncryptedPackage" in blob:
            return (f"{path.name} is password-protected. Open it in Excel and save a copy without a "
                    "password (File > Info > Protect Workbook > Encrypt with Password, clear it).")
        return (f"{path.name} is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it as "
                "Excel Workbook (.xlsx).")
    if head.startswith(b"%PDF"):
        return f"{path.name} is a PDF document, not an Excel workbook."
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype", b"<?xml", b"<")):
        return (f"{path.name} is a web page or XML file, not an Excel workbook. Open it in Excel and "
                "save it as Excel Workbook (.xlsx).")
    if b"\x00" not in head:
        return (f"{path.name} is a text (CSV) file, not an Excel workbook. Start from the template "
                "(File > New workbook from template) and paste the data in.")
    return None


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableWorkbook(f"{path} does not exist. Check the name and the folder.") from None
    except OSError as exc:
        raise UnreadableWorkbook(f"{path} cannot be opened: {exc.strerror}.") from None
    if path.is_dir():
        raise UnreadableWorkbook(f"{path} is a folder, not a workbook.")
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(f"{path.name} is {size / 1e6:.0f} MB; TEC Desktop reads workbooks up to "
                                 f"{MAX_FILE_BYTES / 1e6:.0f} MB. Move old years to an archive workbook.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError:
        raise UnreadableWorkbook(f"{path.name} cannot be read: you do not have permission to open it.") from None
    except OSError as exc:
        raise UnreadableWorkbook(f"{path.name} cannot be read: {exc.strerror}.") from None
    if not head.startswith(b"PK"):
        raise UnreadableWorkbook(describe_foreign(head, path) or f"{path.name} is not an Excel workbook (.xlsx).")
    try:
        return zipfile.ZipFile(path)
    except Exception:  # zipfile raises many kinds on mangled headers (NotImplementedError, struct.error...)
        raise UnreadableWorkbook(f"{path.name} is damaged (it looks cut short or corrupted). "
                                 "Open it in Excel, let Excel repair it, and save it again.") from None


def _check_parts(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    names = [i.filename for i in infos]
    if "mimetype" in names:
        mime = zf.read("mimetype")[:100]
        if b"opendocument" in mime:
            raise UnreadableWorkbook(f"{name} is an OpenDocument spreadsheet (.ods). Open it in LibreOffice "
                                     "or Excel and save it as Excel 2007-365 (.xlsx).")
    lowered = [n.lower().lstrip("/") for n in names]
    if len(set(lowered)) != len(lowered):
        raise UnreadableWorkbook(f"{name} is damaged: it holds two copies of the same part. "
                                 "Open it in Excel and save it again.")
    if "xl/workbook.bin" in lowered:
        raise UnreadableWorkbook(f"{name} is an Excel binary workbook (.xlsb). In Excel, save it as "
                                 "Excel Workbook (.xlsx).")
    if "xl/workbook.xml" not in lowered:
        raise UnreadableWorkbook(f"{name} is a zip archive but not an Excel workbook.")
    total = 0
    for info in infos:
        total += info.file_size
        bomb = info.file_size > 20 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or bomb:
            raise UnreadableWorkbook(f"{name} is not safe to open: it would expand to more than "
                                     f"{max(total, info.file_size) / 1e6:.0f} MB. Save it again from Excel.")
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook(f"{name} is password-protected. Save a copy without a password.")


def _read_part(zf: zipfile.ZipFile, part: str, name: str) -> bytes:
    """A part's bytes, checksum verified, refusing DTDs (entity expansion, external entities)."""
    try:
        data = zf.read(part)
    except KeyError:
        raise UnreadableWorkbook(f"{name} is damaged: the part {part} is missing. "
                                 "Open it in Excel and save it again.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise UnreadableWorkbook(f"{name} is damaged (a part fails its checksum). "
                                 "Open it in Excel, let Excel repair it, and save it again.") from None
    except Exception:  # zlib.error and friends from a corrupted stream
        raise UnreadableWorkbook(f"{name} is damaged (a part cannot be decompressed). "
                                 "Open it in Excel, let Excel repair it, and save it again.") from None
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data[:65536] or b"<!DOCTYPE" in data[:65536]:
        raise UnreadableWorkbook(f"{name} contains XML declarations that Excel never writes (possible "
                                 "attack). It was not read.")
    return data


def _find_part(zf: zipfile.ZipFile, target: str) -> str:
    wanted = target.lower()
    for n in zf.namelist():
        if n.lower().lstrip("/") == wanted:
            return n
    return target


def _sheet_parts(zf: zipfile.ZipFile, name: str) -> list[SheetPart]:
    try:
        wb = ElementTree.fromstring(_read_part(zf, _find_part(zf, "xl/workbook.xml"), name))
        rels_name = _find_part(zf, "xl/_rels/workbook.xml.rels")
        rels = ElementTree.fromstring(_read_part(zf, rels_name, name)) if rels_name in zf.namelist() else None
    except UnreadableWorkbook:
        raise
    except Exception:
        raise UnreadableWorkbook(f"{name} is damaged: its list of sheets cannot be read. "
                                 "Open it in Excel and save it again.") from None
    targets = {}
    if rels is not None:
        for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
            targets[rel.get("Id")] = rel.get("Target", "")
    sheets = []
    for el in wb.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(el.get(f"{_NS_REL}id"), "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = str(PurePosixPath("xl") / target)
        part = os.path.normpath(part).replace("\\", "/")
        hidden = el.get("state", "visible") != "visible"
        sheets.append(SheetPart(el.get("name", ""), _find_part(zf, part), hidden))
    return sheets


_ROW_SPLIT = re.compile(rb'<(?:\w+:)?row\b')
_CELL_TAG = re.compile(rb'<(?:\w+:)?c[\s/>]')
_CELL_REF = re.compile(rb'\sr=["\']([A-Z]*)(\d+)["\']')
_ROW_R = re.compile(rb'<row r="(\d+)"')
_FORMULA_NO_VALUE = re.compile(rb'<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')


def _refs_beyond(data: bytes, row: int) -> list[tuple[bytes, bytes]]:
    """References beyond column Z or whose row number may exceed `row` (a superset; one C-speed scan)."""
    digits = str(row)
    n, lead = len(digits), int(digits[0])
    beyond = rb"\d{%d,}" % (n + 1)
    if lead < 9:
        beyond = rb"(?:%s|[%d-9]\d{%d})" % (beyond, lead + 1, n - 1)
    return re.findall(rb' r="([A-Z]{2,}|[A-Z]*(?=' + beyond + rb'"))(\d+)"', data)


def used_range(data: bytes) -> tuple[int, int]:
    """An upper bound of the (rows, columns) calamine will allocate for this sheet XML.

    Measured from the cells themselves, never from the declared dimension, with a handful of
    C-speed scans: rows and cells without a reference are counted (calamine places each one after
    the previous), references beyond the last row or beyond column Z are listed exactly, and
    columns A..Z are otherwise assumed in full. A sheet written with namespace prefixes or
    single-quoted attributes takes the slow, exact path.
    """
    if b"<sheetData" not in data:  # namespace-prefixed XML (<x:sheetData>)
        return _used_range_exact(data)
    row_refs = _ROW_R.findall(data)
    refless_rows = max(data.count(b"<row") - len(row_refs), 0)
    refless_cells = max(data.count(b"<c") - data.count(b'<c r="'), 0)  # <col>, <cfRule> count too: a bound
    if refless_rows > 1000 or refless_cells > 1000:  # single-quoted or reordered attributes, or no references
        return _used_range_exact(data)
    max_row = max(map(int, row_refs), default=0)
    max_col = 26
    for letters, digits in _refs_beyond(data, max(max_row, 1)):
        max_row = max(max_row, int(digits))
        max_col = max(max_col, column_index(letters.decode()) + 1)
    return max_row + refless_rows, max_col + refless_cells


def _used_range_exact(data: bytes) -> tuple[int, int]:
    max_row = max_col = 0
    for letters, digits in set(_CELL_REF.findall(data)):
        max_row = max(max_row, int(digits))
        if letters:
            max_col = max(max_col, column_index(letters.decode()) + 1)
    chunks = _ROW_SPLIT.split(data)[1:]
    max_row = max(max_row, len(chunks))
    for chunk in chunks:
        # Cells without a reference are placed one after another: a row is as wide as its cells.
        max_col = max(max_col, len(_CELL_TAG.findall(chunk)))
    return max_row, max_col


def _first_formula_without_value(data: bytes) -> str | None:
    if b"<f" not in data and (b"<sheetData" in data or b":f" not in data):
        return None
    m = _FORMULA_NO_VALUE.search(data)
    if not m:
        return None
    start = data.rfind(b"<", 0, m.start())
    while start > 0 and not re.match(rb'<(?:\w+:)?c[\s>]', data[start:start + 8]):
        start = data.rfind(b"<", 0, start)
    ref = re.search(rb'\sr=["\']([A-Z]+\d+)', data[start:m.start()])
    return ref.group(1).decode() if ref else "?"


def inspect(path: Path, wanted: set[str]) -> Container:
    """Check the file and the sheets named in `wanted` (normalized names); raise UnreadableWorkbook."""
    zf = _open_zip(path)
    try:
        with zf:
            return _inspect(zf, path.name, wanted)
    except UnreadableWorkbook:
        raise
    except Exception:  # anything else a mangled archive provokes in zipfile or the XML parser
        raise UnreadableWorkbook(f"{path.name} is damaged and cannot be read. "
                                 "Open it in Excel, let Excel repair it, and save it again.") from None


def _inspect(zf: zipfile.ZipFile, name: str, wanted: set[str]) -> Container:
    from .schema import normalize_header

    _check_parts(zf, name)
    sheets = _sheet_parts(zf, name)
    formula_cells: dict[str, str] = {}
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels")) and not info.filename.lower().startswith("xl/worksheets/"):
            _read_part(zf, info.filename, name)
    for sheet in sheets:
        if normalize_header(sheet.name) not in wanted:
            continue
        data = _read_part(zf, sheet.part, name)
        rows, cols = used_range(data)
        if cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
            corner = f"{column_letter(max(cols - 1, 0))}{rows}"
            raise UnreadableWorkbook(
                f"{name}: the sheet {sheet.name} uses cells up to {corner} ({rows:,} row{'s' * (rows != 1)} x {cols:,} columns); "
                f"TEC Desktop reads at most {MAX_COLUMNS} columns and {MAX_CELLS:,} cells per sheet. "
                "Delete the empty rows and columns after your data and save.")
        cell = _first_formula_without_value(data)
        if cell:
            formula_cells[sheet.name] = cell
    return Container(tuple(sheets), formula_cells)
