"""styles.xml of the annotated copy: the workbook's own, with a few fills, fonts and cell formats appended.

A problem cell keeps its own format (a date stays a date) with our fill: its cell format is cloned
with another fillId. Nothing the workbook had is changed or renumbered.
"""

from __future__ import annotations

import re

from tec_desktop.workbook.ooxml import MAIN, XML_HEAD, prefix_of, set_attr

# Where a list goes when styles.xml lacks it, in CT_Stylesheet order.
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles")
_CHILD = {"fonts": "font", "fills": "fill", "borders": "border", "cellStyleXfs": "xf", "cellXfs": "xf"}
MINIMAL = (
    XML_HEAD
    + (
        f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
        '<family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
        '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
        '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ).encode()
)


class Styles:
    """Appends to styles.xml; every method returns the index of what it added (or found)."""

    def __init__(self, data: bytes | None):
        self.data = data or MINIMAL
        self.p = prefix_of(self.data, "styleSheet")
        self._clones: dict[tuple[int, str], int] = {}
        self._fills: dict[str, int] = {}

    def _list(self, tag: str) -> tuple[re.Match | None, int]:
        """The list's start tag, and where its content ends (-1 when the list is absent or empty)."""
        m = re.search(rb"<" + self.p + tag.encode() + rb"\b[^>]*?(/?)>", self.data)
        if m is None or m.group(1):
            return m, -1
        return m, self.data.index(b"</" + self.p + tag.encode() + b">", m.end())

    def items(self, tag: str) -> list[bytes]:
        """The elements of a list (fonts, fills, cellXfs...), as their XML."""
        m, end = self._list(tag)
        if m is None or end < 0:
            return []
        child = re.escape(self.p + _CHILD[tag].encode())
        pattern = rb"<" + child + rb"\b[^>]*?(?:/>|>.*?</" + child + rb">)"
        return re.findall(pattern, self.data[m.end() : end], re.S)

    def _append(self, tag: str, xml: bytes) -> int:
        m, end = self._list(tag)
        n = len(self.items(tag))
        if m is None:  # the list is missing: create it where the schema puts it
            later = _ORDER[_ORDER.index(tag) + 1 :]
            pos = min(
                [self.data.find(b"<" + self.p + t.encode()) for t in later if b"<" + self.p + t.encode() in self.data]
                or [self.data.rindex(b"</" + self.p + b"styleSheet>")]
            )
            new = b"<" + self.p + tag.encode() + b' count="1">' + xml + b"</" + self.p + tag.encode() + b">"
            self.data = self.data[:pos] + new + self.data[pos:]
            return 0
        head = set_attr(m.group(0).replace(b"/>", b">") if end < 0 else m.group(0), b"count", str(n + 1).encode())
        if end < 0:  # <fills count="0"/>
            body = head + xml + b"</" + self.p + tag.encode() + b">"
            self.data = self.data[: m.start()] + body + self.data[m.end() :]
        else:
            self.data = self.data[: m.start()] + head + self.data[m.end() : end] + xml + self.data[end:]
        return n

    def _el(self, name: str, inner: str = "", **attributes: str) -> bytes:
        p = self.p.decode()
        attrs_text = "".join(f' {k}="{v}"' for k, v in attributes.items())
        return (f"<{p}{name}{attrs_text}>{inner}</{p}{name}>" if inner else f"<{p}{name}{attrs_text}/>").encode()

    def solid_fill(self, rgb: str) -> int:
        """A solid fill of this colour ('FFC7CE')."""
        if rgb not in self._fills:
            p = self.p.decode()
            inner = f'<{p}fgColor rgb="00{rgb}"/><{p}bgColor indexed="64"/>'
            pattern = f'<{p}patternFill patternType="solid">{inner}</{p}patternFill>'
            self._fills[rgb] = self._append("fills", self._el("fill", pattern))
        return self._fills[rgb]

    def font(self, bold: bool = False, size: float | None = None, link: bool = False) -> int:
        """A font like the workbook's default one (its name and size), bold, bigger or as a link."""
        base = (self.items("fonts") or [b""])[0]
        p = self.p.decode()
        size_m = re.search(rb'<(?:[\w.-]+:)?sz\s+val="([^"]+)"', base)
        name_m = re.search(rb'<(?:[\w.-]+:)?name\s+val="([^"]+)"', base)
        inner = f"<{p}b/>" if bold else ""
        inner += f"<{p}u/>" if link else ""
        inner += f'<{p}sz val="{size or (size_m.group(1).decode() if size_m else "11")}"/>'
        inner += f'<{p}color rgb="FF0563C1"/>' if link else ""
        inner += f'<{p}name val="{name_m.group(1).decode() if name_m else "Calibri"}"/>'
        return self._append("fonts", self._el("font", inner))

    def with_fill(self, xf: int, rgb: str) -> int:
        """The cell format `xf` (an index into cellXfs) with this fill instead of its own."""
        key = (xf, rgb)
        if key not in self._clones:
            formats = self.items("cellXfs")
            own = formats[xf] if 0 <= xf < len(formats) else (formats[0] if formats else self._el("xf"))
            start = re.match(rb"<[^>]*?/?>", own)
            assert start is not None
            tag = set_attr(set_attr(start.group(0), b"fillId", str(self.solid_fill(rgb)).encode()), b"applyFill", b"1")
            self._clones[key] = self._append("cellXfs", tag + own[start.end() :])
        return self._clones[key]

    def cell_format(self, font: int = 0, fill: int = 0, wrap: bool = False) -> int:
        """A new cell format: this font and fill, text at the top of the cell (wrapped or not)."""
        align = self._el("alignment", vertical="top", **({"wrapText": "1"} if wrap else {}))
        tag = self._el(
            "xf",
            align.decode(),
            numFmtId="0",
            fontId=str(font),
            fillId=str(fill),
            borderId="0",
            xfId="0",
            applyFont="1",
            applyFill="1",
            applyAlignment="1",
        )
        return self._append("cellXfs", tag)
