"""Invisible characters in typed IDs and names: the difference a user cannot see, named.

Text pasted from web pages and chat tools brings zero-width spaces, joiners and byte-order marks
(Unicode category Cf). calamine keeps them as stored, and str.strip() does not remove them, so
'S-01' followed by a ZERO WIDTH SPACE is not 'S-01'. They are kept (a zero-width non-joiner is
part of Persian spelling), and when one is all that stops a match, the message names it.
"""

from __future__ import annotations

import unicodedata


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def visible(text: str) -> str:
    """The text without its invisible (format) characters."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if not _invisible(ch))


def describe_invisible(text: str) -> str:
    """The first invisible character and where it is: "ZERO WIDTH SPACE (U+200B) after 'S-0'"; '' if none."""
    for i, ch in enumerate(text):
        if _invisible(ch):
            name = unicodedata.name(ch, "FORMAT CHARACTER")
            before = visible(text[:i])
            where = f"after '{before}'" if before else "at the start"
            return f"{name} (U+{ord(ch):04X}) {where}"
    return ""
