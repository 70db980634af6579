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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
from defusedxml import ElementTree

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.workbook.cells import column_letter

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 512 * 1024 * 1024  # one decompressed part
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # all parts, decompressed
MAX_RATIO = 200  # a compression ratio above this on a big part is a zip bomb
MAX_COLUMNS = 200
# What a user may have: the reader refuses a sheet whose exact used range (from calamine) holds more,
# before turning it into Python objects (about 180 bytes and 2 microseconds a cell: 1 GB, 20 s at most).
MAX_READ_CELLS = 4_000_000
# What calamine may be asked to allocate (32 bytes a cell): the pre-flight's proven bound must stay under
# this, so that a stray far cell can never make calamine abort; the exact check comes after it.
MAX_CELLS = 20_000_000
# Sheets the counts cannot bound are walked tag by tag (about 7 microseconds a cell): only this many.
MAX_WALKED_CELLS = 2_000_000

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
    formula_without_value: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sheet -> cells, in order


def describe_foreign(head: bytes, path: Path) -> str | None:
    """Say what a file that is not an .xlsx really is, from its first bytes."""
    if not head:
        return f"{path.name} is empty (0 bytes). Save the workbook again from Excel."
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with open(path, "rb") as fh:
            blob = fh.read(4 * 1024 * 1024)
        if "EncryptedPackage".encode("utf-16-le") in blob or b"EncryptedPackage" in blob:
            return (
                f"{path.name} is password-protected. Open it in Excel and save a copy without a "
                "password (File > Info > Protect Workbook > Encrypt with Password, clear it)."
            )
        return (
            f"{path.name} is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it as "
            "Excel Workbook (.xlsx)."
        )
    if head.startswith(b"%PDF"):
        return f"{path.name} is a PDF document, not an Excel workbook."
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype", b"<?xml", b"<")):
        return (
            f"{path.name} is a web page or XML file, not an Excel workbook. Open it in Excel and "
            "save it as Excel Workbook (.xlsx)."
        )
    if b"\x00" not in head:
        return (
            f"{path.name} is a text (CSV) file, not an Excel workbook. Start from the template "
            "(File > New workbook from template) and paste the data in."
        )
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
        raise UnreadableWorkbook(
            f"{path.name} is {size / 1e6:.0f} MB; TEC Desktop reads workbooks up to "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB. Move old years to an archive workbook."
        )
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
        raise UnreadableWorkbook(
            f"{path.name} is damaged (it looks cut short or corrupted). "
            "Open it in Excel, let Excel repair it, and save it again."
        ) from None


def _check_parts(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    names = [i.filename for i in infos]
    if "mimetype" in names:
        mime = zf.read("mimetype")[:100]
        if b"opendocument" in mime:
            raise UnreadableWorkbook(
                f"{name} is an OpenDocument spreadsheet (.ods). Open it in LibreOffice "
                "or Excel and save it as Excel 2007-365 (.xlsx)."
            )
    lowered = [n.lower().lstrip("/") for n in names]
    if len(set(lowered)) != len(lowered):
        raise UnreadableWorkbook(
            f"{name} is damaged: it holds two copies of the same part. Open it in Excel and save it again."
        )
    if "xl/workbook.bin" in lowered:
        raise UnreadableWorkbook(
            f"{name} is an Excel binary workbook (.xlsb). In Excel, save it as Excel Workbook (.xlsx)."
        )
    if "xl/workbook.xml" not in lowered:
        raise UnreadableWorkbook(f"{name} is a zip archive but not an Excel workbook.")
    total = 0
    for info in infos:
        total += info.file_size
        bomb = info.file_size > 20 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or bomb:
            raise UnreadableWorkbook(
                f"{name} is not safe to open: it would expand to more than "
                f"{max(total, info.file_size) / 1e6:.0f} MB. Save it again from Excel."
            )
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook(f"{name} is password-protected. Save a copy without a password.")


@contextmanager
def _damage_reported(part: str, name: str):
    """zipfile's and zlib's errors while reading a part, as one message for the user."""
    try:
        yield
    except KeyError:
        raise UnreadableWorkbook(
            f"{name} is damaged: the part {part} is missing. Open it in Excel and save it again."
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise UnreadableWorkbook(
            f"{name} is damaged (a part fails its checksum). Open it in Excel, let Excel repair it, and save it again."
        ) from None
    except UnreadableWorkbook:
        raise
    except Exception:  # zlib.error and friends from a corrupted stream
        raise UnreadableWorkbook(
            f"{name} is damaged (a part cannot be decompressed). "
            "Open it in Excel, let Excel repair it, and save it again."
        ) from None


def _refuse_declarations(head: bytes, name: str) -> None:
    """Refuse DTDs (entity expansion, external entities), looking at a part's first bytes."""
    if b"<!DOCTYPE" in head[:4096] or b"<!ENTITY" in head[:65536] or b"<!DOCTYPE" in head[:65536]:
        raise UnreadableWorkbook(
            f"{name} contains XML declarations that Excel never writes (possible attack). It was not read."
        )


def _read_part(zf: zipfile.ZipFile, part: str, name: str) -> bytes:
    """A part's bytes, checksum verified, refusing DTDs (entity expansion, external entities)."""
    with _damage_reported(part, name):
        data = zf.read(part)
    _refuse_declarations(data[:65536], name)
    return data


_CHUNK = 1 << 20


def _scan_sheet(zf: zipfile.ZipFile, part: str, name: str) -> tuple[list[bytes], _Tally]:
    """A sheet part's bytes (in chunks), checksum verified and DTDs refused, tallied as they arrive.

    Reading and counting 1 MB at a time keeps each chunk in the CPU cache for the counts and
    needs no second pass over the part."""
    chunks: list[bytes] = []
    tally = _Tally()
    tail = b""
    with _damage_reported(part, name), zf.open(part) as fh:
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
    return chunks, tally


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
        raise UnreadableWorkbook(
            f"{name} is damaged: its list of sheets cannot be read. Open it in Excel and save it again."
        ) from None
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


_FORMULA_NO_VALUE = re.compile(
    rb"<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)

# How calamine places a cell (read from its source and checked against it): the local name of an
# element decides (<x:c> is a cell), a cell's own r attribute gives its position whatever the
# attribute syntax (any whitespace, either quote, no space after the previous value, letters in
# either case, the last of several r attributes wins), and a cell without one goes after the
# previous cell of its row. Only cells inside the first sheetData count.
_PREFIXED = re.compile(rb":(?:c|row|sheetData)[\s/>]")
_SHEET_DATA_PREFIX = re.compile(rb"<([^\s/>:!?]+):sheetData[\s/>]")
# Letters and digits reduced to one class each, so that one count finds every quoted reference of a
# given shape: a reference calamine accepts is a quoted run of letters then digits.
_CLASSES = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'", b"0" * 10 + b"A" * 52 + b'"'
)
_TWO_LETTERS = re.compile(rb"AA0")  # as a regex, a literal search is quicker than bytes.count
_LETTERS = re.compile(rb'["\']([A-Za-z]{2,})[0-9]')  # the letters of a reference beyond column Z
# A cell element whose first attribute is not its reference (a regex search skips along '<' faster
# than two bytes.count could compare '<c' with '<c r="').
_REFLESS = re.compile(rb'<c(?! r=")(?=[\s/>])')
_SMALL_PART = 16 * 1024  # below this the exact walk is about as quick, and gives exact numbers


@dataclass
class _Counts:
    """What the quick pre-flight finds in one stretch of sheetData."""

    refless: bool = False  # a cell not starting with its reference (it may be placed after the previous one)
    columns: set = field(default_factory=set)  # the letters of quoted references beyond column Z
    seven_digits: int = 0  # quoted runs of 7 or more digits
    six_digit_row: int = 0  # the largest 6-digit row of a reference
    f: bool = False  # an 'f' anywhere: there may be formulas

    def add(self, other: _Counts) -> None:
        self.refless = self.refless or other.refless
        self.columns |= other.columns
        self.seven_digits += other.seven_digits
        self.six_digit_row = max(self.six_digit_row, other.six_digit_row)
        self.f = self.f or other.f

    def count(self, chunk: bytes, classes: bytes, start: int, end: int) -> None:
        self.refless = self.refless or _REFLESS.search(chunk, start, end) is not None
        if _TWO_LETTERS.search(classes, start, end):  # columns beyond Z, or text such as 'iPhone15'
            self.columns.update(_LETTERS.findall(chunk, start, end))
        if classes.count(b'000000"', start, end):
            self.seven_digits += classes.count(b'0000000"', start, end)
            self.six_digit_row = max(self.six_digit_row, _largest_six_digit_row(chunk, classes, start, end))
        self.f = self.f or chunk.find(b"f", start, end) >= 0


class _Tally:
    """The counts of the quick pre-flight, fed a sheet's XML chunk by chunk (each cut just before a '<').

    They bound a sheet without parsing it. If every cell starts `<c r="` (so none is placed after
    another), every reference is a quoted run of letters and digits, whatever else the tag holds:
    so no cell lies beyond row 99,999 unless some quoted run has 6 digits (the largest such row
    is found), nor beyond column Z unless some quoted run starts with two letters (their columns
    are read). Anything else (another namespace prefix, a cell without a leading reference, a
    run of 7 digits) is left to the exact walk."""

    def __init__(self):
        self.prefix = b""  # the namespace prefix of sheetData, read as if there were none
        self.odd = False  # a cell, row or sheetData with another prefix
        self.started = self.ended = False
        self.done = _Counts()  # up to the latest '</sheetData'
        self.pending = _Counts()  # since then

    def feed(self, chunk: bytes) -> None:
        """Count one chunk; chunks arrive in order and each ends just before a '<'."""
        if not self.started:
            m = _SHEET_DATA_PREFIX.search(chunk)
            if m and not 0 <= chunk.find(b"<sheetData") < m.start():
                self.prefix = m.group(1)
        if self.prefix:
            chunk = chunk.replace(b"<" + self.prefix + b":", b"<").replace(b"</" + self.prefix + b":", b"</")
        if _PREFIXED.search(chunk):
            self.odd = True
        start = 0
        if not self.started:
            start = chunk.find(b"<sheetData")
            if start < 0:
                return
            self.started = True
        # Canonical rows and cells hold no 'h': one memchr usually spares the search for the end tag.
        end = chunk.rfind(b"</sheetData", start) if b"h" in chunk else -1
        classes = chunk.translate(_CLASSES)
        if end < 0:
            self.pending.count(chunk, classes, start, len(chunk))
            return
        self.pending.count(chunk, classes, start, end)
        self.done.add(self.pending)
        self.pending = _Counts()
        self.pending.count(chunk, classes, end, len(chunk))
        self.ended = True

    def _totals(self) -> _Counts:
        total = _Counts()
        total.add(self.done)
        if not self.ended:  # no '</sheetData': calamine reads to the end
            total.add(self.pending)
        return total

    def bound(self) -> tuple[int, int] | None:
        """(rows, columns) no cell exceeds, or None when the counts cannot tell."""
        t = self._totals()
        if self.odd or not self.started or t.refless or t.seven_digits:
            return None
        return max(t.six_digit_row, 99_999), max([26] + [_column(letters) for letters in t.columns])

    def may_hold_formulas(self) -> bool:
        """Whether sheetData holds an 'f' at all (Excel writes none outside formulas)."""
        return self.odd or not self.started or self._totals().f


_SIX_DIGITS = int.from_bytes(b'A000000"', "little")
_DIGITS_OF = 0x00FFFFFFFFFFFF00  # the same 8 bytes of the XML read big-endian: the 6 digits alone


def _largest_six_digit_row(chunk: bytes, classes: bytes, start: int, end: int) -> int:
    """The largest row of the one-letter, 6-digit references (`"A123456"`) between start and end."""
    # 8 bytes compared as one integer, at each of the 8 alignments: a few vectorized compares per
    # megabyte; where they match, the raw bytes read big-endian order as the row numbers do.
    best = 0
    for offset in range(start, min(start + 8, end)):
        count = (end - offset) // 8
        hits = np.flatnonzero(np.frombuffer(classes, "<u8", count, offset) == _SIX_DIGITS)
        if len(hits):
            best = max(best, int((np.frombuffer(chunk, ">u8", count, offset)[hits] & _DIGITS_OF).max()))
    return int((best >> 8).to_bytes(6, "big")) if best else 0


_PREFIX = rb"(?:[^\s/>:!?]+:)?"
_TAG = re.compile(
    rb"<(?:/" + _PREFIX + rb"(row|sheetData)\s*>|" + _PREFIX + rb"(c|row|sheetData)(?=[\s/>])"
    rb'((?:[^>"\']|"[^"]*"|\'[^\']*\')*)>)'
)
_ATTR = re.compile(rb'([^\s=/>]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_FIRST_REF = re.compile(rb' r="([A-Za-z]{1,3})([1-9]\d{0,6})"')
_NOT_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)


def _column(letters: bytes) -> int:
    """'AB' -> 28, as calamine reads column letters (either case)."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


def _reference(value: bytes, cell: bool) -> tuple[int, int] | None:
    """(row, column), 1-based, as calamine reads an r attribute; None where calamine refuses it."""
    m = re.fullmatch(rb"([A-Za-z]*)(\d+)", value)
    if not m or int(m.group(2)) == 0 or (cell and not m.group(1)):
        return None
    return int(m.group(2)), _column(m.group(1))


def _references(attrs: bytes, cell: bool) -> list[tuple[int, int]]:
    """Every (row, column) the r attributes of one tag give (a cell uses the last, a row the first)."""
    if b"r" not in attrs:
        return []
    m = _FIRST_REF.match(attrs)  # the usual ' r="B7"', and no other attribute with an r
    if m and b"r" not in attrs[m.end() :]:
        return [(int(m.group(2)), _column(m.group(1)))]
    return [ref for key, v1, v2 in _ATTR.findall(attrs) if key == b"r" for ref in [_reference(v1 or v2, cell)] if ref]


def _used_range_exact(data: bytes) -> tuple[int, int]:
    """Walk the cell and row tags as calamine does: the largest (row, column) any cell gets."""
    data = _NOT_MARKUP.sub(b"", data)  # comments and CDATA hold no elements
    inside = False
    row = col = 0  # where a cell without a reference goes (0-based)
    max_row = max_col = 0
    for ended, name, attrs in _TAG.findall(data):
        if ended == b"row":
            if inside:
                row, col = row + 1, 0
            continue
        if ended or name == b"sheetData":
            if inside and ended:
                break
            inside = inside or (name == b"sheetData" and not attrs.rstrip().endswith(b"/"))
            continue
        if not inside or attrs.rstrip().endswith(b"/"):
            continue  # an empty <c/> or <row/> places nothing and moves nothing
        refs = _references(attrs, name == b"c")
        if name == b"row":
            if refs:
                row = max(r for r, _ in refs) - 1  # several r attributes: the largest, to be safe
        else:
            cell = (max(r for r, _ in refs) - 1, max(c for _, c in refs) - 1) if refs else (row, col)
            max_row, max_col = max(max_row, cell[0] + 1), max(max_col, cell[1] + 1)
            col = cell[1] + 1
    return max_row, max_col


def used_range(data: bytes) -> tuple[int, int]:
    """An upper bound of the (rows, columns) calamine will allocate for this sheet XML.

    Measured from the cells themselves, never from the declared dimension: a big sheet written
    the usual way is proven within bounds by a few C-speed counts (see _Tally); a small or
    unusual one is walked tag by tag as calamine walks it."""
    if len(data) >= _SMALL_PART:
        tally = _Tally()
        tally.feed(data)
        bound = tally.bound()
        if bound is not None and bound[1] <= MAX_COLUMNS and bound[0] * bound[1] <= MAX_CELLS:
            return bound
    return _used_range_exact(data)


MAX_FORMULA_CELLS = 10_000  # enough to silence their "empty" findings; the message gives the first


def _formulas_without_value(data: bytes) -> tuple[str, ...]:
    """The cells holding a formula with no saved result (files written by scripts), in sheet order."""
    if b"<f" not in data and (b"<sheetData" in data or b":f" not in data):
        return ()
    cells = []
    for m in _FORMULA_NO_VALUE.finditer(data):
        start = data.rfind(b"<", 0, m.start())
        while start > 0 and not re.match(rb"<(?:\w+:)?c[\s>]", data[start : start + 8]):
            start = data.rfind(b"<", 0, start)
        ref = re.search(rb'\sr\s*=\s*["\']([A-Za-z]+\d+)', data[start : m.start()])
        cells.append(ref.group(1).decode().upper() if ref else "?")
        if len(cells) >= MAX_FORMULA_CELLS:
            break
    return tuple(cells)


def inspect(path: Path, wanted: set[str]) -> Container:
    """Check the file and the sheets named in `wanted` (normalized names); raise UnreadableWorkbook."""
    zf = _open_zip(path)
    try:
        with zf:
            return _inspect(zf, path.name, wanted)
    except UnreadableWorkbook:
        raise
    except Exception:  # anything else a mangled archive provokes in zipfile or the XML parser
        raise UnreadableWorkbook(
            f"{path.name} is damaged and cannot be read. Open it in Excel, let Excel repair it, and save it again."
        ) from None


def _inspect(zf: zipfile.ZipFile, name: str, wanted: set[str]) -> Container:
    from tec_desktop.workbook.schema import normalize_header

    _check_parts(zf, name)
    sheets = _sheet_parts(zf, name)
    formula_cells: dict[str, tuple[str, ...]] = {}
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels")) and not info.filename.lower().startswith("xl/worksheets/"):
            _read_part(zf, info.filename, name)
    for sheet in sheets:
        if normalize_header(sheet.name) not in wanted:
            continue
        chunks, tally = _scan_sheet(zf, sheet.part, name)
        size = sum(map(len, chunks))
        bound = tally.bound() if size >= _SMALL_PART else None
        within = bound and bound[1] <= MAX_COLUMNS and bound[0] * bound[1] <= MAX_CELLS
        if not within:
            data = b"".join(chunks)
            tags = data.count(b"<c") + data.count(b":c")  # every cell, and a few other tags: a bound
            if tags > MAX_WALKED_CELLS:
                raise UnreadableWorkbook(
                    f"{name}: the sheet {sheet.name} holds more than {MAX_WALKED_CELLS:,} cells written in a way "
                    "Excel does not write them, too many to check safely. Open the workbook in Excel, save it, "
                    "and try again."
                )
            rows, cols = _used_range_exact(data)
            if cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
                corner = f"{column_letter(max(cols - 1, 0))}{rows}"
                raise UnreadableWorkbook(
                    f"{name}: the sheet {sheet.name} uses cells up to {corner} ({rows:,} row{'s' * (rows != 1)} x "
                    f"{cols:,} columns); TEC Desktop reads at most {MAX_COLUMNS} columns and {MAX_READ_CELLS:,} "
                    "cells per sheet. Delete the empty rows and columns after your data and save."
                )
        cells = _formulas_without_value(b"".join(chunks)) if tally.may_hold_formulas() else ()
        if cells:
            formula_cells[sheet.name] = cells
    return Container(tuple(sheets), formula_cells)
