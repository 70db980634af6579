"""The window's long jobs (the scorecards, an annotated copy, a new workbook): which run, their replies, cancel.

At most one job of each kind runs; the window asks `running(kind)` before starting one. Each job's
answer comes back as a signal carrying the job, so the window knows what it was and what it wrote from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Signal

from ui.engine.results import Failure, Progress
from ui.engine_client import Reply

SCORECARDS_JOB, ANNOTATE_JOB, TEMPLATE_JOB = "scorecards", "annotate", "template"


@dataclass(frozen=True)
class RunningJob:
    """A job and what the window wants back with its answer."""

    kind: str  # SCORECARDS_JOB, ANNOTATE_JOB or TEMPLATE_JOB
    reply: Reply
    made_from: tuple[str, str | None] | None = None  # (workbook sha256, month) of the check it writes from


class JobTracker(QObject):
    """Keeps the running jobs' replies; reports each job's progress and end with the job."""

    changed = Signal()  # a job started or ended
    progress = Signal(object, object)  # RunningJob, Progress
    finished = Signal(object, object)  # RunningJob, the reply's result
    failed = Signal(object, object)  # RunningJob, Failure

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs: dict[str, RunningJob] = {}

    def start(self, kind: str, reply: Reply, made_from: tuple[str, str | None] | None = None) -> RunningJob:
        """Follow a job just requested (none of its kind may be running)."""
        if kind in self._jobs:
            raise RuntimeError(f"a {kind} job is running already")
        job = RunningJob(kind, reply, made_from)
        self._jobs[kind] = job
        # By kind, not by job: a slot that held the job would hold its reply, which holds the slot.
        reply.progress.connect(partial(self._progress, kind))
        reply.finished.connect(partial(self._finished, kind))
        reply.failed.connect(partial(self._failed, kind))
        self.changed.emit()
        return job

    def running(self, kind: str) -> bool:
        """A job of this kind is running."""
        return kind in self._jobs

    def busy(self) -> bool:
        """Any job is running."""
        return bool(self._jobs)

    def cancel(self, kind: str) -> bool:
        """Ask the running job of this kind to stop (it then fails as 'cancelled'); False when none runs."""
        job = self._jobs.get(kind)
        if job is None:
            return False
        job.reply.cancel()
        return True

    def _progress(self, kind: str, progress: Progress) -> None:
        if kind in self._jobs:
            self.progress.emit(self._jobs[kind], progress)

    def _finished(self, kind: str, result: object) -> None:
        job = self._jobs.pop(kind)  # a reply answers once, and only the running job's are connected
        self.changed.emit()
        self.finished.emit(job, result)

    def _failed(self, kind: str, failure: Failure) -> None:
        job = self._jobs.pop(kind)
        self.changed.emit()
        self.failed.emit(job, failure)
