"""The window's long jobs (the scorecards, an annotated copy, a new workbook): which run, their replies, cancel.

At most one job of each kind runs; the window asks `running(kind)` before starting one. Each job's
answer comes back as a signal carrying the job, so the window knows what it was and how long it took.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ui.engine.results import Failure, Progress
from ui.engine_client import Reply

SCORECARDS_JOB, ANNOTATE_JOB, TEMPLATE_JOB = "scorecards", "annotate", "template"


@dataclass(frozen=True)
class RunningJob:
    """A job and what the window wants back with its answer."""

    kind: str  # SCORECARDS_JOB, ANNOTATE_JOB or TEMPLATE_JOB
    reply: Reply
    started: float  # time.monotonic()
    made_from: tuple[str, str | None] | None = None  # (workbook sha256, month) of the check it writes from

    def seconds(self) -> float:
        """How long it has run."""
        return time.monotonic() - self.started


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
        job = RunningJob(kind, reply, time.monotonic(), made_from)
        self._jobs[kind] = job
        reply.progress.connect(lambda p: self._progress(job, p))
        reply.finished.connect(lambda result: self._finished(job, result))
        reply.failed.connect(lambda failure: self._failed(job, failure))
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

    def _progress(self, job: RunningJob, progress: Progress) -> None:
        if self._jobs.get(job.kind) is job:
            self.progress.emit(job, progress)

    def _finished(self, job: RunningJob, result: object) -> None:
        if self._end(job):
            self.finished.emit(job, result)

    def _failed(self, job: RunningJob, failure: Failure) -> None:
        if self._end(job):
            self.failed.emit(job, failure)

    def _end(self, job: RunningJob) -> bool:
        """Forget a job that answered; False when it was no longer followed."""
        if self._jobs.get(job.kind) is not job:
            return False
        del self._jobs[job.kind]
        self.changed.emit()
        return True
