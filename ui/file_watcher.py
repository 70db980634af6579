"""Notice when the open workbook is saved, however the spreadsheet app saves it.

Excel saves by writing a temporary file and renaming it over the workbook, so a watch on the file
alone goes quiet after the first save (the watched file is gone). We watch the file and its folder,
re-add the file whenever it reappears, wait until events stop for a moment (debounce), and report a
change only when the file's size or modification time really differs: opening the workbook in
Excel (which creates a lock file beside it) or writing PDFs into the same folder is not a change.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

DEBOUNCE_MS = 300
MISSING_TRIES = 10  # × DEBOUNCE_MS: how long a file may be gone (mid-rename) before we say it is missing


def signature(path: Path) -> tuple | None:
    """(size, mtime_ns), or None when the file is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class WorkbookWatcher(QObject):
    """Emits `changed` once per settled save of the watched file, `missing` when it goes away for good."""

    changed = Signal()
    missing = Signal()

    def __init__(self, parent=None, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_event)
        self._watcher.directoryChanged.connect(self._on_event)
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self._settled)
        self.path: Path | None = None
        self._baseline: tuple | None = None
        self._gone = 0
        self._reported_missing = False

    def watch(self, path: str | Path, baseline: tuple | None = None) -> None:
        """Watch this file (and its folder) instead of any earlier one."""
        self.stop()
        self.path = Path(path)
        self._baseline = baseline if baseline is not None else signature(self.path)
        self._gone = 0
        self._reported_missing = False
        self._arm()

    def stop(self) -> None:
        """Watch nothing."""
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._timer.stop()
        self.path = None

    def set_baseline(self, sig: tuple | None) -> None:
        """The signature of the version just checked: only a different one is a change."""
        self._baseline = tuple(sig) if sig is not None else None
        self._arm()
        if self.path is not None and signature(self.path) != self._baseline:
            self._timer.start()  # it changed again while being read

    def _arm(self) -> None:
        if self.path is None:
            return
        folder = str(self.path.parent)
        if folder not in self._watcher.directories() and os.path.isdir(folder):
            self._watcher.addPath(folder)
        if str(self.path) not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(str(self.path))

    def _on_event(self, _path: str) -> None:
        if self.path is None:
            return
        self._arm()  # after a rename-over-save the file watch is gone: take it up again
        self._timer.start()

    def _settled(self) -> None:
        if self.path is None:
            return
        self._arm()
        sig = signature(self.path)
        if sig is None:
            self._gone += 1
            if self._gone < MISSING_TRIES:
                self._timer.start()
            elif not self._reported_missing:
                self._reported_missing = True
                self.missing.emit()
            return
        self._gone = 0
        self._reported_missing = False
        if sig != self._baseline:
            self._baseline = sig
            self.changed.emit()
