"""One worksheet of the annotated copy, streamed: its tab coloured, its problem cells filled, the drawing
that shows its comments linked.

sheetData passes through as it is, except the rows that hold a problem cell, where only that cell's
style attribute changes (or an empty cell is added): saved formula results, CR characters, rich text
and everything this program does not know stay byte for byte.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from tec_desktop.workbook.cells import column_index, column_letter
from tec_desktop.workbook.ooxml import REL, attrs, insert_before_first, set_attr
from tec_desktop.workbook.styles_part import Styles

_BLOCK = 1 << 20
_START = re.compile(rb"<([\w.-]+:)?sheetData\b[^>]*?(/?)>")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})(\d+)["']""")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_RANGE = re.compile(r"([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?")
# CT_Worksheet children after legacyDrawing, in schema order: where a new legacyDrawing goes before.
_AFTER_LEGACY = ["legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems"]
_AFTER_LEGACY += ["tableParts", "extLst"]
# CT_Worksheet children after sheetPr, in order: where a missing sheetPr goes before.
_AFTER_SHEETPR = ["dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData"]
_SELECTED = re.compile(rb"""\stabSelected\s*=\s*["'](?:1|true)["']""")


def split_ref(ref: str) -> tuple[int, int]:
    """'D17' -> (17, 4): row and column, 1-based."""
    m = _RANGE.fullmatch(ref)
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)), column_index(m.group(1)) + 1


@dataclass
class SheetFacts:
    """What the first pass over a sheet finds: its prefix, the parts around sheetData, its merges."""

    prefix: bytes
    head: bytes
    tail: bytes
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), 1-based

    @property
    def legacy_drawing(self) -> str | None:
        """The relationship Id of the sheet's legacy drawing (its comments' shapes), if it has one."""
        m = re.search(rb"<" + re.escape(self.prefix) + rb"legacyDrawing\b([^>]*)>", self.tail)
        if m is None:
            return None
        for name, value in attrs(m.group(1)).items():
            if name.endswith(b":id"):
                return value.decode()
        return None

    def target(self, ref: str) -> str:
        """The cell that carries a finding at `ref`: the top-left one when `ref` lies inside merged cells."""
        row, col = split_ref(ref)
        for r0, c0, r1, c1 in self.merges:
            if r0 <= row <= r1 and c0 <= col <= c1:
                return f"{column_letter(c0 - 1)}{r0}"
        return ref


class _Stream:
    """A sheet part read block by block: the head, then sheetData in pieces of whole rows, then the tail."""

    def __init__(self, fh):
        self.fh = fh
        buf = b""
        while (m := _START.search(buf)) is None:
            block = fh.read(_BLOCK)
            if not block:
                raise ValueError("no sheetData")
            buf += block
        self.prefix = m.group(1) or b""
        self.head, self.start_tag, self.closed = buf[: m.start()], m.group(0), bool(m.group(2))
        self.rest = buf[m.end() :]
        self.end_tag = b"</" + self.prefix + b"sheetData>"
        self.row_start = b"<" + self.prefix + b"row"
        self.tail = b""

    def pieces(self) -> Iterator[bytes]:
        """sheetData's content in pieces that end between two rows; then self.tail holds the rest."""
        if self.closed:
            self.tail = self.rest + self.fh.read()
            return
        buf = self.rest
        while True:
            end = buf.find(self.end_tag)
            if end >= 0:
                yield buf[:end]
                self.tail = buf[end + len(self.end_tag) :] + self.fh.read()
                return
            block = self.fh.read(_BLOCK)
            if not block:
                raise ValueError("no end of sheetData")
            cut = buf.rfind(self.row_start)
            if cut > 0:
                yield buf[:cut]
                buf = buf[cut:]
            buf += block


def read_facts(zin: zipfile.ZipFile, part: str) -> SheetFacts:
    """The first pass: decompress the sheet once to learn its head, tail and merged cells."""
    with zin.open(part) as fh:
        stream = _Stream(fh)
        for _ in stream.pieces():
            pass
    p = stream.prefix
    merges = []
    for m in re.finditer(rb"<" + re.escape(p) + rb"mergeCell\b[^>]*?\sref\s*=\s*[\"']([^\"']+)", stream.tail):
        rng = _RANGE.fullmatch(m.group(1).decode())
        if rng and rng.group(3):
            r0, c0 = int(rng.group(2)), column_index(rng.group(1)) + 1
            r1, c1 = int(rng.group(4)), column_index(rng.group(3)) + 1
            merges.append((min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))
    return SheetFacts(p, stream.head, stream.tail, merges)


@dataclass
class Marks:
    """What to change in one sheet: fills by cell, the tab colour, the legacy drawing to link."""

    fills: dict[int, dict[int, str]]  # row -> column -> fill colour ('FFC7CE'), 1-based
    tab: str | None = None  # tab colour, or None to leave it
    legacy_drawing: str | None = None  # the relationship Id of a new legacy drawing to link
    unselect: bool = True  # drop tabSelected: the Issues sheet is the one selected


def write_marked(zin: zipfile.ZipFile, part: str, zout: zipfile.ZipFile, marks: Marks, styles: Styles) -> None:
    """The second pass: stream the sheet into `zout` with the marks made."""
    info = zin.getinfo(part)
    entry = zipfile.ZipInfo(part, info.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = info.external_attr
    # Level 1: a sheet of 100 MB recompresses in about a second (level 6 takes three), files ~15% larger.
    entry._compresslevel = 1  # type: ignore[attr-defined]  # what ZipFile.open reads for the level
    with zin.open(part) as fh, zout.open(entry, "w", force_zip64=info.file_size > 1 << 30) as out:
        stream = _Stream(fh)
        p = stream.prefix
        defaults = _column_styles(stream.head, p)
        out.write(_edit_head(stream.head, p, marks))
        pending = sorted(marks.fills)
        editor = _RowEditor(p, marks.fills, styles, defaults)
        if stream.closed:
            rows = b"".join(editor.new_row(r) for r in pending)
            out.write(stream.start_tag[:-2].rstrip() + b">" + rows + stream.end_tag if rows else stream.start_tag)
            pending = []
        else:
            out.write(stream.start_tag)
        for piece in stream.pieces():
            out.write(editor.edit(piece, pending) if pending else piece)
        if not stream.closed:
            out.write(b"".join(editor.new_row(r) for r in pending) + stream.end_tag)
        out.write(_edit_tail(stream.tail, p, marks))


def _edit_head(head: bytes, p: bytes, marks: Marks) -> bytes:
    head = _grown_dimension(head, p, marks)
    if marks.unselect:
        head = re.sub(rb"<" + re.escape(p) + rb"sheetView\b[^>]*>", lambda m: _SELECTED.sub(b"", m.group(0)), head)
    if marks.tab is None:
        return head
    tab = b"<" + p + b'tabColor rgb="00' + marks.tab.encode() + b'"/>'
    head = re.sub(rb"<" + re.escape(p) + rb"tabColor\b[^>]*?(?:/>|>.*?</" + re.escape(p) + rb"tabColor>)", b"", head)
    pr = re.search(rb"<" + re.escape(p) + rb"sheetPr\b[^>]*?(/?)>", head)
    if pr is None:
        new = b"<" + p + b"sheetPr>" + tab + b"</" + p + b"sheetPr>"
        return insert_before_first(head + b"<" + p + b"sheetData>", p, _AFTER_SHEETPR, new, b"")[: -len(p) - 11]
    if pr.group(1):  # <sheetPr filterMode="0"/>
        opened = pr.group(0)[:-2].rstrip() + b">"
        return head[: pr.start()] + opened + tab + b"</" + p + b"sheetPr>" + head[pr.end() :]
    return head[: pr.end()] + tab + head[pr.end() :]


def _grown_dimension(head: bytes, p: bytes, marks: Marks) -> bytes:
    """The declared used range, grown to the cells added (readers such as openpyxl's trust it)."""
    m = re.search(rb"<" + re.escape(p) + rb"""dimension\b[^>]*?\sref\s*=\s*["']([^"']*)["']""", head)
    if m is None or not marks.fills:
        return head
    rng = _RANGE.fullmatch(m.group(1).decode())
    if rng is None:
        return head
    r0, c0 = int(rng.group(2)), column_index(rng.group(1)) + 1
    r1, c1 = (int(rng.group(4)), column_index(rng.group(3)) + 1) if rng.group(3) else (r0, c0)
    rows, cols = list(marks.fills), [c for cells in marks.fills.values() for c in cells]
    r0, c0, r1, c1 = min([r0, *rows]), min([c0, *cols]), max([r1, *rows]), max([c1, *cols])
    ref = f"{column_letter(c0 - 1)}{r0}:{column_letter(c1 - 1)}{r1}".encode()
    return head[: m.start(1)] + ref + head[m.end(1) :]


def _edit_tail(tail: bytes, p: bytes, marks: Marks) -> bytes:
    if marks.legacy_drawing is None:
        return tail
    link = f'<{p.decode()}legacyDrawing xmlns:r="{REL}" r:id="{marks.legacy_drawing}"/>'.encode()
    return insert_before_first(tail, p, _AFTER_LEGACY, link, b"</" + p + b"worksheet>")


def _column_styles(head: bytes, p: bytes) -> dict[int, int]:
    """The style of each column that has one (from <cols>): what a new cell in it takes."""
    out = {}
    for m in re.finditer(rb"<" + re.escape(p) + rb"col\b([^>]*)>", head):
        a = attrs(m.group(1))
        if b"style" in a and a.get(b"min", b"").isdigit() and a.get(b"max", b"").isdigit():
            for col in range(int(a[b"min"]), min(int(a[b"max"]), 16384) + 1):
                out[col] = int(a[b"style"]) if a[b"style"].isdigit() else 0
    return out


class _RowEditor:
    """Finds the rows with marks in pieces of sheetData and edits them."""

    def __init__(self, p: bytes, fills: dict[int, dict[int, str]], styles: Styles, defaults: dict[int, int]):
        self.p, self.fills, self.styles, self.defaults = p, fills, styles, defaults
        e = re.escape(p)
        self.row_tag = re.compile(rb"<" + e + rb"row\b([^>]*?)(/?)>")
        self.cell_tag = re.compile(rb"<" + e + rb"c\b([^>]*?)(/?)>")
        self.row_end, self.cell_end = b"</" + p + b"row>", b"</" + p + b"c>"
        self.last = 0  # the number of the last row seen

    def edit(self, piece: bytes, pending: list[int]) -> bytes:
        """The piece with its marked rows edited and missing ones added; `pending` loses what was done."""
        numbered = piece.count(b"<" + self.p + b"row") == piece.count(b"<" + self.p + b'row r="')
        if numbered:  # every row says its number: skip a piece that ends before the next mark
            last = piece.rfind(b"<" + self.p + b'row r="')
            if last >= 0:
                m = _ROW_NUMBER.match(piece, last + len(self.p) + 4)
                if m and int(m.group(1)) < pending[0]:
                    self.last = int(m.group(1))
                    return piece
        out, pos = [], 0
        for m in self.row_tag.finditer(piece):
            number = _ROW_NUMBER.search(m.group(1))
            self.last = int(number.group(1)) if number else self.last + 1
            while pending and pending[0] < self.last:
                out += [piece[pos : m.start()], self.new_row(pending.pop(0))]
                pos = m.start()
            if pending and pending[0] == self.last:
                end = m.end() if m.group(2) else piece.index(self.row_end, m.end()) + len(self.row_end)
                out += [piece[pos : m.start()], self._edit_row(piece[m.start() : end], pending.pop(0), m)]
                pos = end
            if not pending:
                break
        out.append(piece[pos:])
        return b"".join(out)

    def _style(self, row_tag: bytes, col: int) -> int:
        a = attrs(row_tag)
        if a.get(b"customFormat") in (b"1", b"true") and a.get(b"s", b"").isdigit():
            return int(a[b"s"])
        return self.defaults.get(col, 0)

    def _new_cell(self, row: int, col: int, row_tag: bytes = b"") -> bytes:
        style = self.styles.with_fill(self._style(row_tag, col), self.fills[row][col])
        return b"<" + self.p + f'c r="{column_letter(col - 1)}{row}" s="{style}"/>'.encode()

    def new_row(self, row: int) -> bytes:
        """A row that was not in the sheet, holding only the marked cells."""
        cells = b"".join(self._new_cell(row, col) for col in sorted(self.fills[row]))
        return b"<" + self.p + f'row r="{row}">'.encode() + cells + self.row_end

    def _edit_row(self, xml: bytes, row: int, m: re.Match) -> bytes:
        tag = set_attr(m.group(0), b"spans", None)  # a hint of the columns used, which may now grow
        if m.group(2):
            tag, body = tag[:-2].rstrip() + b">", b""
        else:
            body = xml[len(m.group(0)) : -len(self.row_end)]
        todo = sorted(self.fills[row])
        out, pos, col = [], 0, 0
        for c in self.cell_tag.finditer(body):
            ref = _REF.search(c.group(1))
            col = column_index(ref.group(1).decode()) + 1 if ref else col + 1
            while todo and todo[0] < col:
                out += [body[pos : c.start()], self._new_cell(row, todo.pop(0), tag)]
                pos = c.start()
            if todo and todo[0] == col:
                todo.pop(0)
                own = attrs(c.group(1)).get(b"s", b"0")
                style = self.styles.with_fill(int(own) if own.isdigit() else 0, self.fills[row][col])
                out += [body[pos : c.start()], set_attr(c.group(0), b"s", str(style).encode())]
                pos = c.end()
            if not todo:
                break
        out.append(body[pos:])
        out += [self._new_cell(row, col, tag) for col in todo]
        return tag + b"".join(out) + self.row_end
