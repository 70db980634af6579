"""Never write over the file a command reads: the same path by any spelling, a link to it, a hard link."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tec_desktop.errors import TecError


def same_file(target: Path, protected: Path) -> bool:
    """Whether writing `target` would replace `protected`: the same path once '..' and symbolic links are
    resolved, or the same file under another name (a hard link, another case on Windows and macOS)."""
    try:
        if target.resolve() == protected.resolve():
            return True
    except (OSError, RuntimeError):  # a symbolic link loop
        pass
    try:
        return os.path.samefile(target, protected)
    except (OSError, ValueError):  # either is missing: nothing to replace
        return False


def refuse_overwriting(target: Path, protected: Path, error: TecError) -> None:
    """Raise `error` when writing `target` would replace `protected`."""
    if same_file(Path(target), Path(protected)):
        raise error


def guard_outputs(targets: Iterable[Path], workbook: Path) -> None:
    """Refuse, before anything is written, a set of outputs of which one would replace the workbook."""
    for target in targets:
        error = TecError("output-is-workbook", path=str(target), workbook=Path(workbook).name)
        refuse_overwriting(target, workbook, error)
