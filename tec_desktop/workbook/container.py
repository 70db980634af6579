"""Make sure a file is a workbook we can read safely before any spreadsheet library touches it.

python-calamine aborts the whole process on some inputs (see shared/RISKS.md): a single cell at
XFD1048576 makes it allocate 512 GiB. So the zip is opened with the standard library first, its
parts checked (names, sizes, checksums, no DTDs), and the used range of every sheet we are about
to read measured from the XML itself, never from the declared dimension.
"""

from __future__ import annotations

import os
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.workbook.cached_values import CALAMINE_ERRORS, cached_errors, formulas_without_value
from tec_desktop.workbook.cells import column_letter
from tec_desktop.workbook.used_range import (
    MAX_CELLS,
    MAX_COLUMNS,
    SMALL_PART,
    Tally,
    largest_one_letter_column,
    used_range_exact,
)

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 512 * 1024 * 1024  # one decompressed part
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # all parts, decompressed
MAX_RATIO = 200  # a compression ratio above this on a big part is a zip bomb
# What a user may have: the reader refuses a sheet whose exact used range (from calamine) holds more,
# before turning it into Python objects (about 180 bytes and 2 microseconds a cell: 1 GB, 20 s at most).
MAX_READ_CELLS = 4_000_000
# Sheets the counts cannot bound are walked tag by tag (about 7 microseconds a cell): only this many.
MAX_WALKED_CELLS = 2_000_000

# Transitional and Strict ("Strict Open XML Spreadsheet" in Excel's Save As) names of the same things;
# the package's own relationships are the same in both.
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_MAIN_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_NS_RELS = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
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
    formula_without_value: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sheet -> cells, in order
    errors: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # sheet -> ((cell, '#N/A'), ...)
    date1904: bool = False  # workbookPr date1904: serial numbers count days from 1904-01-01
    strict: bool = False  # saved as Strict Open XML

    def unreadable_errors(self, sheets: list[str]) -> dict[str, tuple[tuple[str, str], ...]]:
        """The error values calamine cannot read (#SPILL!...), by sheet, among these sheets."""
        out = {}
        for name in sheets:
            odd = tuple((cell, text) for cell, text in self.errors.get(name, ()) if text not in CALAMINE_ERRORS)
            if odd:
                out[name] = odd
        return out


def describe_foreign(head: bytes, path: Path) -> UnreadableWorkbook:
    """What a file that is not an .xlsx really is, from its first bytes, as the error to raise."""
    file = path.name
    if not head:
        return UnreadableWorkbook("file-empty", file=file)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with open(path, "rb") as fh:
            blob = fh.read(4 * 1024 * 1024)
        if "EncryptedPackage".encode("utf-16-le") in blob or b"EncryptedPackage" in blob:
            return UnreadableWorkbook("file-password", form="encrypted", file=file)
        return UnreadableWorkbook("file-xls", file=file)
    if head.startswith(b"%PDF"):
        return UnreadableWorkbook("file-pdf", file=file)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype", b"<?xml", b"<")):
        return UnreadableWorkbook("file-web-page", file=file)
    if b"\x00" not in head:
        return UnreadableWorkbook("file-csv", file=file)
    return UnreadableWorkbook("file-not-xlsx", file=file)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableWorkbook("file-not-found", path=str(path)) from None
    except OSError as exc:
        raise UnreadableWorkbook("file-cannot-open", path=str(path), reason=exc.strerror) from None
    if path.is_dir():
        raise UnreadableWorkbook("file-is-folder", path=str(path))
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook("file-too-large", file=path.name, mb=size / 1e6, limit_mb=MAX_FILE_BYTES / 1e6)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError:
        raise UnreadableWorkbook("file-no-permission", file=path.name) from None
    except OSError as exc:
        raise UnreadableWorkbook("file-unreadable", file=path.name, reason=exc.strerror) from None
    if not head.startswith(b"PK"):
        raise describe_foreign(head, path)
    try:
        return zipfile.ZipFile(path)
    except Exception:  # zipfile raises many kinds on mangled headers (NotImplementedError, struct.error...)
        raise UnreadableWorkbook("file-damaged", file=path.name) from None


def _check_parts(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    names = [i.filename for i in infos]
    if "mimetype" in names:
        mime = zf.read("mimetype")[:100]
        if b"opendocument" in mime:
            raise UnreadableWorkbook("file-ods", file=name)
    lowered = [n.lower().lstrip("/") for n in names]
    if len(set(lowered)) != len(lowered):
        raise UnreadableWorkbook("file-damaged", form="duplicate-part", file=name)
    if "xl/workbook.bin" in lowered:
        raise UnreadableWorkbook("file-xlsb", file=name)
    if "xl/workbook.xml" not in lowered:
        raise UnreadableWorkbook("file-zip-not-workbook", file=name)
    total = 0
    for info in infos:
        total += info.file_size
        bomb = info.file_size > 20 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or bomb:
            raise UnreadableWorkbook("file-unsafe-size", file=name, mb=max(total, info.file_size) / 1e6)
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook("file-password", file=name)


@contextmanager
def _damage_reported(part: str, name: str):
    """zipfile's and zlib's errors while reading a part, as one message for the user."""
    try:
        yield
    except KeyError:
        raise UnreadableWorkbook("file-damaged", form="part-missing", file=name, part=part) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise UnreadableWorkbook("file-damaged", form="checksum", file=name) from None
    except UnreadableWorkbook:
        raise
    except Exception:  # zlib.error and friends from a corrupted stream
        raise UnreadableWorkbook("file-damaged", form="compression", file=name) from None


def _refuse_declarations(head: bytes, name: str) -> None:
    """Refuse DTDs (entity expansion, external entities), looking at a part's first bytes."""
    if b"<!DOCTYPE" in head[:4096] or b"<!ENTITY" in head[:65536] or b"<!DOCTYPE" in head[:65536]:
        raise UnreadableWorkbook("file-xml-declarations", file=name)


def _read_part(zf: zipfile.ZipFile, part: str, name: str) -> bytes:
    """A part's bytes, checksum verified, refusing DTDs (entity expansion, external entities)."""
    with _damage_reported(part, name):
        data = zf.read(part)
    _refuse_declarations(data[:65536], name)
    return data


_CHUNK = 1 << 20


def _scan_sheet(zf: zipfile.ZipFile, sheet: SheetPart, name: str) -> tuple[list[bytes], Tally]:
    """A sheet part's bytes (in chunks), checksum verified and DTDs refused, tallied as they arrive.

    Reading and counting 1 MB at a time keeps each chunk in the CPU cache for the counts and
    needs no second pass over the part. A sheet with more filled cells than any sheet may hold is
    refused as soon as they are counted, before the rest is even decompressed."""
    chunks: list[bytes] = []
    tally = Tally()
    tail = b""
    with _damage_reported(sheet.part, name), zf.open(sheet.part) as fh:
        while True:
            block = fh.read(_CHUNK)
            if not chunks:
                _refuse_declarations(block, name)
            chunks.append(block)
            if not block:
                tally.feed(tail)
                break
            tail += block
            cut = tail.rfind(b"<")
            if cut > 0:  # a chunk ends just before a tag, so no pattern straddles two chunks
                tally.feed(tail[:cut])
                tail = tail[cut:]
                if tally.filled() > MAX_READ_CELLS:
                    raise _too_many_filled(name, sheet.name)
    if tally.filled() > MAX_READ_CELLS:
        raise _too_many_filled(name, sheet.name)
    return chunks, tally


def _too_many_filled(name: str, sheet: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "sheet-too-large", form="filled", file=name, sheet=sheet, max_columns=MAX_COLUMNS, max_cells=MAX_READ_CELLS
    )


def _find_part(zf: zipfile.ZipFile, target: str) -> str:
    wanted = target.lower()
    for n in zf.namelist():
        if n.lower().lstrip("/") == wanted:
            return n
    return target


def _sheet_parts(zf: zipfile.ZipFile, name: str) -> tuple[list[SheetPart], bool, bool]:
    """The sheets in workbook order, whether dates count from 1904, and whether the file is Strict."""
    try:
        wb = ElementTree.fromstring(_read_part(zf, _find_part(zf, "xl/workbook.xml"), name))
        rels_name = _find_part(zf, "xl/_rels/workbook.xml.rels")
        rels = ElementTree.fromstring(_read_part(zf, rels_name, name)) if rels_name in zf.namelist() else None
    except UnreadableWorkbook:
        raise
    except Exception:
        raise UnreadableWorkbook("file-damaged", form="sheet-list", file=name) from None
    ns = wb.tag[1:].partition("}")[0] if wb.tag.startswith("{") else ""
    if ns not in (NS_MAIN, NS_MAIN_STRICT):
        raise UnreadableWorkbook("file-damaged", form="sheet-list", file=name)
    main = "{" + ns + "}"
    targets = {}
    if rels is not None:
        for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
            targets[rel.get("Id")] = rel.get("Target", "")
    sheets = []
    for el in wb.iter(f"{main}sheet"):
        rid = next((el.get(attr) for attr in _NS_RELS if el.get(attr) is not None), None)
        target = targets.get(rid, "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = str(PurePosixPath("xl") / target)
        part = os.path.normpath(part).replace("\\", "/")
        hidden = el.get("state", "visible") != "visible"
        sheets.append(SheetPart(el.get("name", ""), _find_part(zf, part), hidden))
    pr = wb.find(f"{main}workbookPr")
    date1904 = pr is not None and (pr.get("date1904") or "").strip().lower() in ("1", "true")
    return sheets, date1904, ns == NS_MAIN_STRICT


def inspect(path: Path, wanted: set[str]) -> Container:
    """Check the file and the sheets named in `wanted` (normalized names); raise UnreadableWorkbook."""
    zf = _open_zip(path)
    try:
        with zf:
            return _inspect(zf, path.name, wanted)
    except UnreadableWorkbook:
        raise
    except Exception:  # anything else a mangled archive provokes in zipfile or the XML parser
        raise UnreadableWorkbook("file-damaged", form="unreadable", file=path.name) from None


def _inspect(zf: zipfile.ZipFile, name: str, wanted: set[str]) -> Container:
    from tec_desktop.workbook.schema import normalize_header

    _check_parts(zf, name)
    sheets, date1904, strict = _sheet_parts(zf, name)
    formula_cells: dict[str, tuple[str, ...]] = {}
    errors: dict[str, tuple[tuple[str, str], ...]] = {}
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels")) and not info.filename.lower().startswith("xl/worksheets/"):
            _read_part(zf, info.filename, name)
    for sheet in sheets:
        if normalize_header(sheet.name) not in wanted:
            continue
        chunks, tally = _scan_sheet(zf, sheet, name)
        _refuse_oversized(chunks, tally, name, sheet.name)
        data = b"".join(chunks) if tally.may_hold_formulas() or tally.may_hold_errors() else b""
        cells = formulas_without_value(data) if tally.may_hold_formulas() else ()
        if cells:
            formula_cells[sheet.name] = cells
        found = cached_errors(data) if tally.may_hold_errors() else ()
        if found:
            errors[sheet.name] = found
    return Container(tuple(sheets), formula_cells, errors, date1904, strict)


def _refuse_oversized(chunks: list[bytes], tally: Tally, name: str, sheet: str) -> None:
    """Refuse a sheet whose cells reach further than calamine may be asked to allocate."""
    size = sum(map(len, chunks))
    bound = tally.bound() if size >= SMALL_PART else None
    if bound is not None and bound[1] == 26 and bound[0] * 26 > MAX_CELLS:
        # Written the usual way, but so many rows that the assumed 26 columns are too many: measure them.
        bound = bound[0], largest_one_letter_column(chunks)
    if bound and bound[1] <= MAX_COLUMNS and bound[0] * bound[1] <= MAX_CELLS:
        return
    data = b"".join(chunks)
    tags = data.count(b"<c") + data.count(b":c")  # every cell, and a few other tags: a bound
    if tags > MAX_WALKED_CELLS:
        raise UnreadableWorkbook("sheet-too-large", form="unusual", file=name, sheet=sheet, max_cells=MAX_WALKED_CELLS)
    rows, cols = used_range_exact(data)
    if cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        raise UnreadableWorkbook(
            "sheet-too-large",
            form="used-range",
            file=name,
            sheet=sheet,
            corner=f"{column_letter(max(cols - 1, 0))}{rows}",
            rows=rows,
            columns=cols,
            max_columns=MAX_COLUMNS,
            max_cells=MAX_READ_CELLS,
        )
