"""File names made from what users type (owner names, report titles)."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME = 60


def safe_name(text: str, fallback: str = "owner") -> str:
    """Text usable in a file name on Windows, macOS and Linux: Unicode letters kept, spaces -> '-'."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub(" ", text)
    text = "-".join(text.split()).strip(".-")
    return text[:MAX_NAME].rstrip(".-") or fallback
