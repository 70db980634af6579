"""Reading and editing the text of Office Open XML parts, without parsing and re-serialising them.

The annotated copy changes a few elements of a few parts and must keep every other byte: namespace
prefixes, mc:Ignorable lists and extension elements that an XML library would rename or drop. So
parts are edited as text, knowing the one prefix the part gives SpreadsheetML (usually none; 'x:'
from some .NET writers).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_WORKSHEET = REL + "/worksheet"
REL_COMMENTS = REL + "/comments"
REL_VML = REL + "/vmlDrawing"
REL_THREADED = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")


def prefix_of(data: bytes, root: str) -> bytes:
    """The prefix the part gives its root element (b'' or b'x:'), the one its SpreadsheetML elements use."""
    m = re.search(rb"<([\w.-]+:)?" + root.encode() + rb"[\s>/]", data)
    return m.group(1) or b"" if m else b""


def attrs(tag: bytes) -> dict[bytes, bytes]:
    """The attributes of a start tag, by qualified name (values still escaped)."""
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}


def set_attr(tag: bytes, name: bytes, value: bytes | None) -> bytes:
    """The start tag with the attribute set (or removed when value is None)."""
    pattern = re.compile(rb"""\s""" + re.escape(name) + rb"""\s*=\s*(?:"[^"]*"|'[^']*')""")
    tag = pattern.sub(b"", tag)
    if value is None:
        return tag
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end].rstrip() + b" " + name + b'="' + value + b'"' + tag[end:]


def text(value: str) -> str:
    """Text for element content, with control characters as Excel writes them (_x000D_), so a CR survives."""
    value = _CONTROL.sub(
        lambda m: "_x005F" + m.group(0) if m.group(0).startswith("_x") else f"_x{ord(m.group(0)):04X}_", value
    )
    return escape(value)


def unescape(value: bytes) -> str:
    """An attribute value or element text as the characters it stands for."""
    from xml.sax.saxutils import unescape as sax_unescape

    out = sax_unescape(value.decode("utf-8"), {"&quot;": '"', "&apos;": "'"})
    return re.sub(
        r"&#(x[0-9A-Fa-f]+|\d+);",
        lambda m: chr(int(m.group(1)[1:], 16) if m.group(1)[0] == "x" else int(m.group(1))),
        out,
    )


def attr(value: str) -> str:
    """An attribute value, quoted."""
    return quoteattr(value)


def rels_path(part: str) -> str:
    """'xl/worksheets/sheet1.xml' -> 'xl/worksheets/_rels/sheet1.xml.rels'."""
    p = PurePosixPath(part)
    return str(p.parent / "_rels" / (p.name + ".rels"))


def resolve(base: str, target: str) -> str:
    """A relationship's target as a part name, relative to the part that holds the relationship."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for seg in (str(PurePosixPath(base).parent) + "/" + target).split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg not in ("", "."):
            parts.append(seg)
    return "/".join(parts)


def relative(base: str, part: str) -> str:
    """The target that names `part` from a relationship of `base` (both part names)."""
    up = PurePosixPath(base).parent.parts
    down = PurePosixPath(part).parts
    common = 0
    while common < min(len(up), len(down)) and up[common] == down[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + list(down[common:]))


class Relationships:
    """A .rels part: read its relationships, add new ones, drop some, write it back."""

    _ONE = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*?/?>(?:\s*</(?:[\w.-]+:)?Relationship>)?")

    def __init__(self, data: bytes | None, owner: str):
        self.data = data or XML_HEAD + f'<Relationships xmlns="{PKG_REL}"></Relationships>'.encode()
        self.owner = owner  # the part these relationships belong to
        self.changed = data is None

    def all(self) -> list[dict[bytes, bytes]]:
        """Every relationship's attributes (Id, Type, Target, TargetMode)."""
        return [attrs(m.group(0)) for m in self._ONE.finditer(self.data)]

    def targets(self, rel_type: str) -> dict[str, str]:
        """Id -> part name of the internal relationships of this type."""
        out = {}
        for r in self.all():
            if r.get(b"Type", b"").decode() == rel_type and r.get(b"TargetMode") != b"External":
                out[r.get(b"Id", b"").decode()] = resolve(self.owner, unescape(r.get(b"Target", b"")))
        return out

    def add(self, rel_type: str, part: str) -> str:
        """Add a relationship to `part`; its new Id."""
        taken = {r.get(b"Id", b"").decode() for r in self.all()}
        rid = next(f"rIdTec{i}" for i in range(1, len(taken) + 2) if f"rIdTec{i}" not in taken)
        target = escape(relative(self.owner, part), {'"': "&quot;"})
        new = f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"/>'.encode()
        end = self.data.rfind(b"</")
        if re.search(rb"<(?:[\w.-]+:)?Relationships\b[^>]*/>\s*$", self.data):  # <Relationships .../>
            self.data = re.sub(rb"/>\s*$", b">" + new + b"</Relationships>", self.data)
        else:
            self.data = self.data[:end] + new + self.data[end:]
        self.changed = True
        return rid

    def drop(self, rid: str) -> None:
        """Remove the relationship with this Id."""
        self.data = self._ONE.sub(
            lambda m: b"" if attrs(m.group(0)).get(b"Id") == rid.encode() else m.group(0), self.data
        )
        self.changed = True


def free_name(taken: set[str], pattern: str) -> str:
    """The first pattern.format(n), n = 1, 2 ..., whose lower case is not in `taken` (and take it)."""
    n = 1
    while pattern.format(n).lower() in taken:
        n += 1
    taken.add(pattern.format(n).lower())
    return pattern.format(n)


def insert_before_first(data: bytes, prefix: bytes, names: list[str], what: bytes, end: bytes) -> bytes:
    """`what` inserted before the first element named in `names` (schema order), else before `end`."""
    best = -1
    for name in names:
        m = re.search(rb"<" + re.escape(prefix) + name.encode() + rb"[\s/>]", data)
        if m and (best < 0 or m.start() < best):
            best = m.start()
    if best < 0:
        best = data.rindex(end)
    return data[:best] + what + data[best:]
