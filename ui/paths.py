"""Paths as the window shows them."""

from __future__ import annotations

import re
from pathlib import Path

_NUMBER = re.compile(r"(\d+)")


def shown(path: str | Path) -> str:
    """'~/Documents/Seams' for a path in the home folder, else the full path."""
    path = Path(path)
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def natural_key(name: str) -> tuple:
    """Sort key that puts 'Person-2' before 'Person-10', ignoring case."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in _NUMBER.split(name))
