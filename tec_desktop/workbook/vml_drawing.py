"""The VML drawing of a sheet, where Excel keeps the note shapes that show its comments.

VML is read as text: Excel's is not always well-formed XML, and its prefixes vary (Excel writes v:, o:
and x:; openpyxl ns0:, ns1:, ns2:). Shape ids come from the drawing's o:idmap blocks (block n holds
the ids n*1024+1 ... n*1024+1023), and a block belongs to one drawing of the workbook only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tec_desktop.workbook.sheet_marks import split_ref

_NS = {
    "v": b"urn:schemas-microsoft-com:vml",
    "o": b"urn:schemas-microsoft-com:office:office",
    "x": b"urn:schemas-microsoft-com:office:excel",
}
_BLOCK = 1024
_DECLARED = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']([^"']+)["']""")
_SPID = re.compile(rb"_x0000_s(\d+)")
_NEW = b"<xml></xml>"


def used_blocks(vml: bytes) -> set[int]:
    """The o:idmap blocks a VML drawing claims."""
    return set(VmlDrawing(vml).blocks())


class VmlDrawing:
    """One drawing's text, with the prefixes it gives VML (v), Office (o) and Excel (x)."""

    def __init__(self, data: bytes | None):
        data = data or _NEW
        declared = {ns: prefix for prefix, ns in _DECLARED.findall(data)}
        self.p: dict[str, bytes] = {}
        for key, ns in _NS.items():
            prefix = declared.get(ns)
            if prefix is None:
                prefix = key.encode() if key.encode() not in declared.values() else b"tec" + key.encode()
                data = re.sub(rb"<xml\b", b"<xml xmlns:" + prefix + b'="' + ns + b'"', data, count=1)
            self.p[key] = prefix
        self.data = data
        v, o, x = (re.escape(self.p[k]) for k in "vox")
        self._idmap = re.compile(rb"<" + o + rb""":idmap\b[^>]*?\sdata\s*=\s*["']([^"']*)["'][^>]*>""")
        self._note = re.compile(
            rb"<" + x + rb""":ClientData\b[^>]*ObjectType\s*=\s*["']Note["'][^>]*>.*?<""" + x
            + rb":Row>\s*(\d+)\s*</" + x + rb":Row>.*?<" + x + rb":Column>\s*(\d+)\s*</" + x + rb":Column>",
            re.S,
        )  # fmt: skip
        self._shape = re.compile(rb"<" + v + rb":shape\b.*?</" + v + rb":shape>", re.S)

    def _fill(self, template: str) -> bytes:
        return template.format(v=self.p["v"].decode(), o=self.p["o"].decode(), x=self.p["x"].decode()).encode()

    def blocks(self) -> list[int]:
        """The o:idmap blocks of this drawing, in order."""
        return [int(n) for m in self._idmap.finditer(self.data) for n in re.findall(rb"\d+", m.group(1))]

    def notes(self) -> set[tuple[int, int]]:
        """The cells (row, column; 1-based) that have a note shape."""
        return {(int(m.group(1)) + 1, int(m.group(2)) + 1) for m in self._note.finditer(self.data)}

    def drop_notes(self, cells: set[tuple[int, int]]) -> None:
        """Remove the note shapes of these cells."""

        def keep(m: re.Match) -> bytes:
            note = self._note.search(m.group(0))
            return b"" if note and (int(note.group(1)) + 1, int(note.group(2)) + 1) in cells else m.group(0)

        if cells:
            self.data = self._shape.sub(keep, self.data)

    def add_notes(self, texts: dict[str, str], free_blocks: Iterator[int]) -> None:
        """A hidden note shape for each cell ('D17' -> its comment text) that has none yet."""
        shown = self.notes()
        cells = [ref for ref in texts if split_ref(ref) not in shown]
        if not cells:
            return
        blocks = self.blocks()
        ids = _new_ids(len(cells), blocks, {int(n) for n in _SPID.findall(self.data)}, free_blocks)
        self._set_blocks(blocks)
        if b'id="_x0000_t202"' not in self.data:
            self._append(self._fill(_SHAPETYPE))
        self._append(b"".join(self._fill(_note_shape(ref, texts[ref], i)) for ref, i in zip(cells, ids)))

    def _append(self, xml: bytes) -> None:
        end = self.data.rindex(b"</xml>")
        self.data = self.data[:end] + xml + self.data[end:]

    def _set_blocks(self, blocks: list[int]) -> None:
        numbers = ",".join(map(str, blocks)).encode()
        if self._idmap.search(self.data):
            self.data = self._idmap.sub(
                lambda m: re.sub(rb"""data\s*=\s*["'][^"']*["']""", b'data="' + numbers + b'"', m.group(0)),
                self.data,
                count=1,
            )
            return
        layout = self._fill('<{o}:shapelayout {v}:ext="edit"><{o}:idmap {v}:ext="edit" data="') + numbers
        layout += self._fill('"/></{o}:shapelayout>')
        start = re.search(rb"<xml\b[^>]*>", self.data)
        at = start.end() if start else 0
        self.data = self.data[:at] + layout + self.data[at:]


_SHAPETYPE = (
    '<{v}:shapetype id="_x0000_t202" coordsize="21600,21600" {o}:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<{v}:stroke joinstyle="miter"/><{v}:path gradientshapeok="t" {o}:connecttype="rect"/></{v}:shapetype>'
)


def _new_ids(n: int, blocks: list[int], taken: set[int], free_blocks: Iterator[int]) -> list[int]:
    """n shape ids unused in the drawing's blocks, claiming new blocks (appended to `blocks`) when full."""
    ids: list[int] = []
    for b in blocks:
        ids += [i for i in range(b * _BLOCK + 1, b * _BLOCK + _BLOCK) if i not in taken]
        if len(ids) >= n:
            return ids[:n]
    while len(ids) < n:
        b = next(free_blocks)
        blocks.append(b)
        ids += range(b * _BLOCK + 1, b * _BLOCK + _BLOCK)
    return ids[:n]


def _note_shape(ref: str, message: str, shape_id: int) -> str:
    """The hidden note shape Excel shows when the pointer rests on the cell (openpyxl's, known to open)."""
    row, col = split_ref(ref)
    lines = sum(len(line) // 55 + 1 for line in message.split("\n"))
    height = min(600, 20 + 15 * lines)
    return (
        f'<{{v}}:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
        f'margin-top:1.5pt;width:360px;height:{height}px;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
        '{o}:insetmode="auto"><{v}:fill color2="#ffffe1"/><{v}:shadow on="t" color="black" obscured="t"/>'
        '<{v}:path {o}:connecttype="none"/><{v}:textbox style="mso-direction-alt:auto"><div style="text-align:left">'
        '</div></{v}:textbox><{x}:ClientData ObjectType="Note"><{x}:MoveWithCells/><{x}:SizeWithCells/>'
        f"<{{x}}:AutoFill>False</{{x}}:AutoFill><{{x}}:Row>{row - 1}</{{x}}:Row><{{x}}:Column>{col - 1}</{{x}}:Column>"
        "</{x}:ClientData></{v}:shape>"
    )
