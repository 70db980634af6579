"""Which workbook is checked, and when: one check at a time, again when the file is saved, retried mid-save.

The window asks (open, reload, another month); the controller sends Load or Recheck to the engine,
keeps the latest request waiting while a check runs, watches the file it shows (ui/file_watcher.py)
and checks it again when it is saved. A save caught half-way reads as an unreadable file: that check
is tried again a few times before anything is said. What happened comes back as signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ui.engine.requests import Load, Recheck
from ui.engine.results import Failure, LoadResult
from ui.engine_client import Engine, Reply
from ui.file_watcher import WorkbookWatcher

WATCH_RETRIES = 6  # a workbook caught mid-save is read again up to this many times (about 5 s in all)
RETRY_STEP_MS = 250  # the n-th retry waits n times this


@dataclass(frozen=True)
class Check:
    """A check asked for: which file, why, for which month."""

    path: Path
    reason: str  # 'open' (the user asked), 'watch' (saved on disk), 'month', 'reload'
    month: str | None  # None: the workbook's Reporting month


class LoadController(QObject):
    """The checks of the workbook shown: `started`, `progress`, then `loaded` or `failed`; `waiting`, `missing`."""

    started = Signal(object)  # Check
    progress = Signal(object)  # Progress of the running check: reading, checking, computing the month
    loaded = Signal(object, object)  # LoadResult, Check
    failed = Signal(object, object)  # Check, Failure (after the retries a save calls for)
    waiting = Signal(object)  # Check: the file was caught mid-save, it is read again shortly
    missing = Signal(object)  # Path: the workbook shown was moved, renamed or deleted

    def __init__(self, engine: Engine, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine
        self.watcher = WorkbookWatcher(self)
        self.watcher.changed.connect(self._file_changed)
        self.watcher.missing.connect(self._file_missing)
        self.result: LoadResult | None = None  # the last check that succeeded: what the window shows
        self.path: Path | None = None  # its workbook
        self.month: str | None = None  # the month the user chose; None = the workbook's Reporting month
        self._check: Check | None = None
        self._reply: Reply | None = None
        self._queued: Check | None = None
        self._retries = 0

    def busy(self) -> bool:
        """A check is running."""
        return self._check is not None

    def open(self, path: Path, reason: str = "open") -> None:
        """Check a workbook (the month chosen stays when it is the one shown)."""
        self._start(Check(path, reason, self.month if path == self.path else None))

    def reload(self) -> None:
        """Check the workbook shown again."""
        if self.path is not None:
            self._start(Check(self.path, "reload", self.month))

    def choose_month(self, month: str) -> None:
        """Check the workbook shown for another month ('2026-09')."""
        if self.result is None or month == self.result.month:
            return
        self.month = None if month == self.result.reporting_month else month
        self._start(Check(Path(self.result.path), "month", self.month))

    def stop(self) -> None:
        """Watch nothing and forget the check running (the window is closing)."""
        self.watcher.stop()
        self._queued = None
        if self._reply is not None:
            self._reply.discard()

    def _start(self, check: Check) -> None:
        if self._check is not None:
            self._queued = check  # one check at a time; the latest request wins
            return
        result = self.result
        if check.reason == "month" and result is not None and Path(result.path) == check.path:
            reply = self.engine.request(Recheck(result.book_id, check.month))
        else:
            reply = self.engine.request(Load(str(check.path), check.month))
        reply.progress.connect(self.progress)
        reply.finished.connect(self._loaded)
        reply.failed.connect(self._failed)
        self._check, self._reply = check, reply
        self.started.emit(check)

    def _loaded(self, result: LoadResult) -> None:
        check = self._end()
        path = Path(result.path)
        if path != self.path:
            self.watcher.watch(path, result.signature)
        else:
            self.watcher.set_baseline(result.signature)
        self.result, self.path, self.month = result, path, check.month
        self._retries = 0
        self.loaded.emit(result, check)
        self._next()

    def _failed(self, failure: Failure) -> None:
        check = self._end()
        if check.reason == "watch" and failure.kind == "unreadable" and self._retries < WATCH_RETRIES:
            # Caught mid-save (a half-written zip): try again shortly rather than alarm the user.
            self._retries += 1
            self.waiting.emit(check)
            QTimer.singleShot(RETRY_STEP_MS * self._retries, self, lambda: self._start(check))
        else:
            self._retries = 0
            self.failed.emit(check, failure)
        self._next()

    def _end(self) -> Check:
        check, self._check, self._reply = self._check, None, None
        assert check is not None  # only the running check's reply is connected
        return check

    def _next(self) -> None:
        if self._queued is not None and self._check is None:
            queued, self._queued = self._queued, None
            self._start(queued)

    def _file_changed(self) -> None:
        if self.path is not None:
            self._retries = 0
            self._start(Check(self.path, "watch", self.month))

    def _file_missing(self) -> None:
        if self.path is not None and self.result is not None:
            self.missing.emit(self.path)
