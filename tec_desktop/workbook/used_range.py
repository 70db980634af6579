"""Measure how far a sheet's cells reach, from its XML, as python-calamine will place them.

calamine allocates rows x columns for a sheet's used range before reading a cell (32 bytes each), and
aborts the process when that is too much (see shared/RISKS.md): a single cell at XFD1048576 asks for
512 GiB. The declared dimension may lie, so the range is measured from the cells themselves: a big
sheet written the usual way is proven within bounds by a few C-speed counts (Tally), anything else
is walked tag by tag as calamine walks it (used_range_exact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

MAX_COLUMNS = 200
# What calamine may be asked to allocate (32 bytes a cell): the pre-flight's proven bound must stay under
# this, so that a stray far cell can never make calamine abort; the exact check comes after it.
MAX_CELLS = 20_000_000

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
SMALL_PART = 16 * 1024  # below this the exact walk is about as quick, and gives exact numbers


@dataclass
class _Counts:
    """What the quick pre-flight finds in one stretch of sheetData."""

    refless: bool = False  # a cell not starting with its reference (it may be placed after the previous one)
    columns: set = field(default_factory=set)  # the letters of quoted references beyond column Z
    eight_digits: int = 0  # quoted runs of 8 or more digits
    six_digit_row: int = 0  # the largest 6-digit row of a reference
    seven_digit_row: int = 0  # the largest 7-digit row of a reference
    filled: int = 0  # cells with content ('</c>'): a used range holds at least this many cells
    f: bool = False  # an 'f' anywhere: there may be formulas
    e: bool = False  # a quoted 'e' anywhere: there may be error values (t="e")

    def add(self, other: _Counts) -> None:
        self.refless = self.refless or other.refless
        self.columns |= other.columns
        self.eight_digits += other.eight_digits
        self.six_digit_row = max(self.six_digit_row, other.six_digit_row)
        self.seven_digit_row = max(self.seven_digit_row, other.seven_digit_row)
        self.filled += other.filled
        self.f = self.f or other.f
        self.e = self.e or other.e

    def count(self, chunk: bytes, classes: bytes, start: int, end: int) -> None:
        self.refless = self.refless or _REFLESS.search(chunk, start, end) is not None
        if _TWO_LETTERS.search(classes, start, end):  # columns beyond Z, or text such as 'iPhone15'
            self.columns.update(_LETTERS.findall(chunk, start, end))
        if classes.count(b'000000"', start, end):
            self.six_digit_row = max(self.six_digit_row, _largest_six_digit_row(chunk, classes, start, end))
            if classes.count(b'0000000"', start, end):
                self.eight_digits += classes.count(b'00000000"', start, end)
                self.seven_digit_row = max(self.seven_digit_row, _largest_seven_digit_row(chunk, classes, start, end))
        self.filled += chunk.count(b"</c>", start, end)
        self.f = self.f or chunk.find(b"f", start, end) >= 0
        self.e = self.e or chunk.find(b'"e"', start, end) >= 0 or chunk.find(b"'e'", start, end) >= 0


class Tally:
    """The counts of the quick pre-flight, fed a sheet's XML chunk by chunk (each cut just before a '<').

    They bound a sheet without parsing it. If every cell starts `<c r="` (so none is placed after
    another), every reference is a quoted run of letters and digits, whatever else the tag holds:
    so no cell lies beyond row 99,999 unless some quoted run has 6 or 7 digits after a letter (the
    largest such row is found), nor beyond column Z unless some quoted run starts with two letters
    (their columns are read). Anything else (another namespace prefix, a cell without a leading
    reference, a run of 8 digits) is left to the exact walk."""

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
        if self.odd or not self.started or t.refless or t.eight_digits:
            return None
        rows = max(t.six_digit_row, t.seven_digit_row, 99_999)
        return rows, max([26] + [_column(letters) for letters in t.columns])

    def filled(self) -> int:
        """How many cells with content were counted so far (a lower bound of the used range's cells)."""
        return self.done.filled + self.pending.filled

    def last_row(self) -> int:
        """The largest row of 6 or 7 digits seen so far (0 when every row is below 100,000)."""
        t = self._totals()
        return max(t.six_digit_row, t.seven_digit_row)

    def may_hold_formulas(self) -> bool:
        """Whether sheetData holds an 'f' at all (Excel writes none outside formulas)."""
        return self.odd or not self.started or self._totals().f

    def may_hold_errors(self) -> bool:
        """Whether sheetData holds a quoted 'e' at all (the type of a cell holding an error value)."""
        return self.odd or not self.started or self._totals().e


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


_SEVEN_DIGITS = int.from_bytes(b'0000000"', "little")
_LETTER = ord("A")


def _largest_seven_digit_row(chunk: bytes, classes: bytes, start: int, end: int) -> int:
    """The largest row of the references with 7 digits (`"A1048576"`) between start and end."""
    best = 0
    cls = np.frombuffer(classes, np.uint8)
    for offset in range(max(start, 1), min(start + 9, end)):
        count = (end - offset) // 8
        hits = np.flatnonzero(np.frombuffer(classes, "<u8", count, offset) == _SEVEN_DIGITS)
        if len(hits):
            hits = hits[cls[offset + 8 * hits - 1] == _LETTER]  # a letter before the digits: a reference
        if len(hits):
            best = max(best, int((np.frombuffer(chunk, ">u8", count, offset)[hits] >> 8).max()))
    return int(best.to_bytes(7, "big")) if best else 0


def largest_one_letter_column(chunks: list[bytes]) -> int:
    """The largest column (1-26) of any quoted one-letter reference (`"C17"`), in either case.

    Measured once for a sheet whose rows are many and whose columns the counts assumed to reach Z."""
    best, carry = 0, b""
    for chunk in chunks:
        data = carry + chunk
        classes = np.frombuffer(data.translate(_CLASSES), np.uint8)
        quotes = np.flatnonzero(classes[:-2] == ord('"'))
        one = quotes[(classes[quotes + 1] == _LETTER) & (classes[quotes + 2] == ord("0"))]
        if len(one):
            best = max(best, int((np.frombuffer(data, np.uint8)[one + 1] & 0xDF).max()))
        carry = data[-2:]
    return best - 64 if best else 0


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


def used_range_exact(data: bytes) -> tuple[int, int]:
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
    the usual way is proven within bounds by a few C-speed counts (see Tally); a small or
    unusual one is walked tag by tag as calamine walks it."""
    if len(data) >= SMALL_PART:
        tally = Tally()
        tally.feed(data)
        bound = tally.bound()
        if bound is not None and bound[1] <= MAX_COLUMNS and bound[0] * bound[1] <= MAX_CELLS:
            return bound
    return used_range_exact(data)
