"""Paths as the window shows them."""

from __future__ import annotations

from pathlib import Path


def shown(path: str | Path) -> str:
    """'~/Documents/Seams' for a path in the home folder, else the full path."""
    path = Path(path)
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)
