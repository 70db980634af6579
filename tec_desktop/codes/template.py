"""The message templates of the codes: str.format fields with named parameters, plus a little English.

    {name}            the value
    {name:spec}       the value through format(): {size:.0f}, {cells:,}, {timeout:g}
    {name:one|other}  `one` when the value is 1 (or holds one item), else `other`:
                      "{count} {count:handoff is|handoffs are}"
    {name:rows}       Excel rows: "row 7", "rows 7, 9 and 12", "rows 1, 2, 3, 4, 5 and 4 more"
    {name:list}       values: "H-1, H-2, H-3 and 4 more" (five at most)
    [ ... ]           an optional part, left out when a value inside it is empty: None, "", 0 or no items

Templates are parsed once; rendering one is a few dictionary look-ups (the checks of a 100k-row
workbook may say tens of thousands of things).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LIST_LIMIT = 5

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")

# One piece: literal text, then the field after it (None at the end) and the field's spec.
_Piece = tuple[str, str | None, str]


def rows_list(rows: Iterable[int], limit: int = LIST_LIMIT) -> str:
    """'rows 7, 9 and 12', 'row 7'."""
    shown = [str(r) for r in rows]
    if len(shown) == 1:
        return f"row {shown[0]}"
    if len(shown) <= limit:
        return "rows " + ", ".join(shown[:-1]) + " and " + shown[-1]
    return "rows " + ", ".join(shown[:limit]) + f" and {len(shown) - limit} more"


def quoted_list(values: Iterable[object], limit: int = LIST_LIMIT) -> str:
    """'H-1, H-2, H-3 and 4 more'."""
    items = [str(v) for v in values]
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _format(value: object, spec: str) -> str:
    if not spec:
        return value if isinstance(value, str) else format(value)
    if "|" in spec:
        one, other = spec.split("|", 1)
        return one if (len(value) if isinstance(value, tuple | list) else value) == 1 else other
    if spec == "rows":
        return rows_list(value)  # type: ignore[arg-type]  # a template's contract: rows are a sequence of ints
    if spec == "list":
        return quoted_list(value)  # type: ignore[arg-type]  # a template's contract: a sequence of values
    return format(value, spec)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == 0 or (isinstance(value, tuple | list) and not value)


def _pieces(text: str) -> tuple[_Piece, ...]:
    pieces = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None and (not _NAME.fullmatch(name) or conversion):
            raise ValueError(f"template field {{{name}}} must be a plain lower-case name: {text!r}")
        pieces.append((literal, name, spec or ""))
    return tuple(pieces)


@dataclass(frozen=True)
class Template:
    """A parsed message template; `fields` are the parameter names it needs."""

    text: str
    parts: tuple[tuple[bool, tuple[_Piece, ...]], ...]  # (optional, pieces), in order
    fields: frozenset[str]
    plain: bool  # no optional part and no spec of our own: str.format_map does it all

    @classmethod
    def parse(cls, text: str) -> Template:
        """The template of this text; ValueError when it is malformed."""
        parts: list[tuple[bool, tuple[_Piece, ...]]] = []
        at = 0
        for m in _OPTIONAL.finditer(text):
            parts.append((False, _pieces(text[at : m.start()])))
            parts.append((True, _pieces(m.group(1))))
            at = m.end()
        parts.append((False, _pieces(text[at:])))
        pieces = [p for _, ps in parts for p in ps]
        if any(ch in literal for literal, _, _ in pieces for ch in "[]"):
            raise ValueError(f"unbalanced [ ] in template: {text!r}")
        custom = any("|" in spec or spec in ("rows", "list") for _, _, spec in pieces)
        fields = frozenset(name for _, name, _ in pieces if name is not None)
        return cls(text, tuple(parts), fields, plain=len(parts) == 1 and not custom)

    def render(self, params: Mapping[str, object]) -> str:
        """The text with every field filled in; KeyError names a parameter that was not given."""
        if self.plain:
            return self.text.format_map(params)
        out: list[str] = []
        for optional, pieces in self.parts:
            said: list[str] = []
            for literal, name, spec in pieces:
                said.append(literal)
                if name is None:
                    continue
                value = params[name]
                if optional and _empty(value):
                    break
                said.append(_format(value, spec))
            else:
                out.extend(said)
        return "".join(out)
