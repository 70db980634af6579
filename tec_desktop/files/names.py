"""File names made from what users type (owner names, report titles), safe on Windows, macOS and Linux.

A name is at most 255 bytes in UTF-8 (the limit of ext4 and APFS; NTFS counts 255 UTF-16 units, which
UTF-8 bytes never undercount) and 150 characters, so that Windows' 260-character paths leave a folder
of about a hundred characters room. Windows' device names (CON, NUL, COM1...) and names ending in a
dot or a space (which Windows drops) never come out. Emulated on Linux in tests/test_file_names.py.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME = 60  # characters of one piece (a title, an owner's name)
MAX_NAME_BYTES = 255
MAX_NAME_UNITS = 150  # UTF-16 code units, as Windows counts a path's length
_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³"]
}


def safe_name(text: str, fallback: str = "owner") -> str:
    """A piece of a file name from typed text: Unicode letters kept, spaces -> '-', at most MAX_NAME characters."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub(" ", text)
    text = "-".join(text.split()).strip(".-")
    return _cut(text, MAX_NAME).rstrip(".-") or fallback


def _units(text: str) -> int:
    """The length of text as Windows counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, chars: int, max_bytes: int | None = None, max_units: int | None = None) -> str:
    """At most `chars` characters (and bytes, and UTF-16 units), never splitting a letter from its accents."""
    out = text[:chars]
    while out and (
        (max_bytes is not None and len(out.encode("utf-8")) > max_bytes)
        or (max_units is not None and _units(out) > max_units)
    ):
        out = out[:-1]
    while out and len(out) < len(text) and unicodedata.combining(text[len(out)]):
        out = out[:-1]  # the next character is an accent of the last one: cut before both
    return out


def cut_to_bytes(text: str, max_bytes: int) -> str:
    """The longest start of `text` that is at most `max_bytes` in UTF-8, cut between letters."""
    return _cut(text, len(text), max_bytes)


def fit_name(stem: str, suffix: str) -> str:
    """`stem` + `suffix` ('.pdf') as a file name every system accepts, shortened if it must be.

    Characters no system allows become '_', a trailing dot or space goes, a Windows device name
    (CON.pdf, nul.eml) gets an '_' in front; the name is cut to MAX_NAME_BYTES and MAX_NAME_UNITS."""
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", stem))
    budget_bytes = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    budget_units = MAX_NAME_UNITS - _units(suffix)
    stem = _cut(stem, len(stem), budget_bytes, budget_units).rstrip(". -") or "_"
    if stem.split(".")[0].rstrip(" ").upper() in _DEVICES:
        stem = _cut("_" + stem, len(stem) + 1, budget_bytes, budget_units)
    return stem + suffix


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or 'stem-2.pdf', 'stem-3.pdf'... so that it differs from every name in `taken` ignoring case
    (as Windows and macOS compare names); the name chosen is added to `taken` (casefolded)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = dot + suffix
    chosen, n = name, 2
    while chosen.casefold() in taken:
        tag = f"-{n}"
        room = MAX_NAME_BYTES - len((tag + suffix).encode()), MAX_NAME_UNITS - _units(tag + suffix)
        chosen = fit_name(_cut(stem, len(stem), *room).rstrip(". -") + tag, suffix)
        n += 1
    taken.add(chosen.casefold())
    return chosen
