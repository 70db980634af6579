"""Where a workbook's scorecards go: a folder of its own per organization (or workbook) and month.

    Documents/TEC Scorecards/Northwind Logistics/2026-10/Seam-scorecards-2026-10.pdf …

The folder is named after the Organization on the workbook's Settings sheet (the file's name when it
has none), so that leadership recognizes it. It is remembered as that workbook's (ui/preferences.py):
another workbook with the same Organization — a copy, a test file — gets a folder of its own,
'Northwind Logistics (copy of seams)', and never overwrites the first one's PDFs nor leaves its owner
PDFs beside them. A folder whose workbook no longer exists (moved or renamed) is taken over.
"""

from __future__ import annotations

import os
from pathlib import Path

from tec_desktop.folders import folder_name, scorecards_folder
from ui.preferences import Preferences


def destination(store: Preferences, root: Path, organization: str, workbook: str | Path, month: str) -> Path:
    """The folder this workbook's scorecards of `month` are written to, inside the output folder `root`."""
    workbook = Path(workbook)
    owners = {_key(folder): Path(owner) for folder, owner in store.folder_owners().items()}
    base = organization.strip() or workbook.stem
    names = [base] + ([f"{base} ({workbook.stem})"] if workbook.stem.casefold() != base.casefold() else [])
    names += [f"{base} ({n})" for n in range(2, 100)]
    for name in names:
        folder = Path(root) / folder_name(name)
        owner = owners.get(_key(folder))
        if owner is None or _key(owner) == _key(workbook) or not owner.exists():
            return scorecards_folder(root, name, month)
    return scorecards_folder(root, f"{base} ({workbook.stem} {os.getpid()})", month)  # 100 namesakes: unheard of


def claim(store: Preferences, month_folder: Path, workbook: str | Path) -> None:
    """Remember that the folder around `month_folder` holds this workbook's scorecards."""
    store.set_folder_owner(_key(month_folder.parent), _key(Path(workbook)))


def _key(path: str | Path) -> str:
    """A path as remembered: absolute, and compared without case where the file system ignores it."""
    return os.path.normcase(os.path.abspath(path))
