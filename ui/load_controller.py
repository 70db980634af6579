"""Which workbook is checked, and when: one check at a time, again when the file is saved, retried mid-save.

The window asks (open, reload, another month); the controller sends Load or Recheck to the engine,
keeps the latest request waiting while a check runs, watches the file it shows (ui/file_watcher.py)
and checks it again when it is saved. A save caught half-way reads as an unreadable file: that check
is tried again a few times before anything is said. What happened comes back as signals.

When the engine process dies it is restarted without the workbooks it had read: the workbook shown
is then checked again by itself (reason 'restart'), and what the window wanted to do with it (write
the scorecards, say) waits for that check with `when_checked`. A check that itself made the engine
stop is not repeated by itself (the file might do it again): the window offers Retry.
"""

from __future__ import annotations

from collections.abc import Callable
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
    reason: str  # 'open' (the user asked), 'watch' (saved on disk), 'month', 'reload', 'restart' (engine restarted)
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
        self._current = False  # the engine holds the workbook of `result` (not after it was restarted)
        self._crashes: dict[Path, int] = {}  # checks of a file that made the engine stop, in a row
        self._after: list[tuple[Path, Callable[[], object]]] = []  # what waits for the shown workbook's check
        engine.restarted.connect(self._engine_restarted)

    def busy(self) -> bool:
        """A check is running."""
        return self._check is not None

    def current(self) -> bool:
        """The result shown can be worked from: no check of its workbook is under way, and the engine holds it."""
        return self._current and self.result is not None and not self._checking(self.path)

    def crashes(self, path: Path) -> int:
        """How many checks of `path` in a row made the engine stop (0 once one succeeds)."""
        return self._crashes.get(path, 0)

    def wanted_month(self) -> str | None:
        """The month the user asked for last ('2026-09'), even when its check has not finished yet."""
        for check in (self._queued, self._check):
            if check is not None and check.path == self.path and check.reason in ("month", "reload", "watch"):
                return check.month or (self.result.reporting_month if self.result else None)
        return self.result.month if self.result is not None else None

    def when_checked(self, action: Callable[[], object]) -> None:
        """Run `action` once the workbook shown is checked and held by the engine (at once when it is)."""
        if self.path is None:
            return
        if self.current():
            action()
            return
        self._after.append((self.path, action))
        if not self._checking(self.path):
            self._start(Check(self.path, "restart", self.month))

    def set_stale(self) -> None:
        """The engine no longer holds the workbook shown (it said so): the next `when_checked` checks it again."""
        self._current = False

    def forget_waiting(self) -> bool:
        """Drop what waits for the check (Cancel); True when something was waiting."""
        waiting, self._after = bool(self._after), []
        return waiting

    def open(self, path: Path, reason: str = "open") -> None:
        """Check a workbook (the month chosen stays when it is the one shown)."""
        self._start(Check(path, reason, self.month if path == self.path else None))

    def reload(self) -> None:
        """Check the workbook shown again."""
        if self.path is not None:
            self._start(Check(self.path, "reload", self.month))

    def choose_month(self, month: str) -> None:
        """Check the workbook shown for another month ('2026-09'); the latest month asked for wins."""
        if self.result is None or month == self.wanted_month():
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
        if check.reason == "month" and result is not None and Path(result.path) == check.path and self._current:
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
        self._current = True
        self._crashes.pop(path, None)
        self.loaded.emit(result, check)
        self._next()
        if not self._checking(path):
            waiting = [action for p, action in self._after if p == path]
            self._after = [(p, a) for p, a in self._after if p != path]
            for action in waiting:
                action()

    def _failed(self, failure: Failure) -> None:
        check = self._end()
        if check.reason == "watch" and failure.kind == "unreadable" and self._retries < WATCH_RETRIES:
            # Caught mid-save (a half-written zip): try again shortly rather than alarm the user.
            self._retries += 1
            self.waiting.emit(check)
            QTimer.singleShot(RETRY_STEP_MS * self._retries, self, lambda: self._start(check))
        else:
            self._retries = 0
            if failure.kind == "crashed":
                self._crashes[check.path] = self._crashes.get(check.path, 0) + 1
            self._after = [(p, a) for p, a in self._after if p != check.path]  # the failure is said instead
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

    def _checking(self, path: Path | None) -> bool:
        """A check of `path` is running or waiting to run."""
        return any(c is not None and c.path == path for c in (self._check, self._queued))

    def _engine_restarted(self, _lost: tuple) -> None:
        """The new engine holds no workbook: check the one shown again, unless reading it is what stopped it."""
        self._current = False
        if self.path is not None and self.result is not None and not self._checking(self.path):
            if not self.crashes(self.path):
                self._start(Check(self.path, "restart", self.month))

    def _file_changed(self) -> None:
        if self.path is not None:
            self._retries = 0
            self._start(Check(self.path, "watch", self.month))

    def _file_missing(self) -> None:
        if self.path is not None and self.result is not None:
            self.missing.emit(self.path)
