"""Private temporary folders (the PDFs `tec send` attaches) that a killed run does not leave behind.

A folder holds a locked marker file while it is in use; the next run removes the folders of its
kind whose marker nobody holds any more (their process was killed, even with kill -9).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tec_desktop.files.locks import lock, unlocked

MARKER = ".in-use"
_UNMARKED_AGE = 24 * 3600  # a folder without its marker (killed while being made) is left a day


def remove_stale_folders(prefix: str, parent: str | Path | None = None) -> None:
    """Remove the folders named `prefix`* in `parent` (the system's temporary folder) left by killed runs."""
    parent = Path(parent or tempfile.gettempdir())
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for folder in candidates:
        try:
            if folder.is_symlink() or not folder.is_dir():
                continue
            marker = folder / MARKER
            stale = unlocked(marker) if marker.exists() else time.time() - folder.stat().st_mtime > _UNMARKED_AGE
        except OSError:
            continue  # another user's, or gone meanwhile
        if stale:
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def private_folder(prefix: str) -> Iterator[Path]:
    """A new folder in the system's temporary folder, removed afterwards, even after Ctrl+C or SIGTERM;
    one left by a killed run is removed the next time a folder of the same prefix is made."""
    remove_stale_folders(prefix)
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    held = lock(os.open(folder / MARKER, os.O_CREAT | os.O_RDWR, 0o600))
    try:
        yield folder
    finally:
        held.close()
        shutil.rmtree(folder, ignore_errors=True)
