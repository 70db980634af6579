"""The engine: a child process that reads, checks, computes and writes, so the window never stalls.

Why a process and not a thread: reading a 100k-row workbook makes single library calls (calamine's
sheet parse, regex scans of the sheet XML, numpy conversions) that hold Python's GIL for up to half
a second, which would freeze a window in the same process however the work is threaded. In a child
process those calls cannot touch the window's event loop, and a library that aborts the process on
a hostile file (see RISKS.md) takes down the engine, not the app: the window says so and restarts it.

The engine answers the Calls of ui/engine/protocol.py: each request runs on the worker pool the
table (ui/engine/table.py) names for it, and its answer goes back as Finished or Failed. This module
and everything it imports must not import Qt: it is the child's entry point (see ui/launcher.py).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection

from ui.engine.failures import failure_of
from ui.engine.protocol import Call, Cancel, Failed, Finished, Job, Quit, Ready
from ui.engine.results import Failure
from ui.engine.state import EngineState
from ui.engine.table import POOLS, RequestType, request_type


def serve(conn: Connection) -> None:
    """The child's entry point: answer requests until told to quit or the window goes away."""
    Engine(conn).run()


class Engine:
    """Receives Calls on the pipe and runs them on worker threads of this process."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.state = EngineState()
        self._send_lock = threading.Lock()
        self._jobs: dict[int, Job] = {}  # running or queued, for Cancel
        self._pools = {name: ThreadPoolExecutor(1, thread_name_prefix=f"engine-{name}") for name in POOLS}

    def send(self, message: object) -> None:
        """Put one message on the pipe (from any thread)."""
        with self._send_lock:
            try:
                self.conn.send(message)
            except (OSError, EOFError, BrokenPipeError):
                pass  # the window is gone; the loop ends on its next recv

    def run(self) -> None:
        """Say Ready, then take Calls until Quit or until the window's end of the pipe closes."""
        threading.Thread(target=_warm_up, daemon=True).start()
        self.send(Ready(os.getpid()))
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                break
            if isinstance(message, Quit):
                break
            if isinstance(message, Cancel):
                job = self._jobs.get(message.id)
                if job is not None:
                    job.cancel_event.set()
            elif isinstance(message, Call):
                self.submit(message)
        # The window is closing or gone: a long job (the scorecards) stops at its next check, and its worker
        # processes with it, so that this process ends within the moment the window waits for it.
        for job in list(self._jobs.values()):
            job.cancel_event.set()
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)

    def submit(self, call: Call) -> None:
        """Queue a Call on its pool; an unknown request fails at once."""
        try:
            kind = request_type(call.request)
        except LookupError as exc:
            self.send(Failed(call.id, Failure("bug", str(exc))))
            return
        job = Job(call.id, self.send)
        self._jobs[call.id] = job
        self._pools[kind.pool].submit(self._answer, kind, call, job)

    def _answer(self, kind: RequestType, call: Call, job: Job) -> None:
        message: Finished | Failed
        try:
            message = Finished(call.id, kind.handler(self.state, call.request, job))
        except Exception as exc:
            message = Failed(call.id, failure_of(exc))
        finally:
            self._jobs.pop(call.id, None)
        try:
            self.send(message)
        except Exception as exc:  # an answer that cannot be pickled is a bug of ours, and still an answer
            self.send(Failed(call.id, failure_of(exc)))


def _warm_up() -> None:
    """Import the heavy libraries while the user looks at the window, so the first check is quick."""
    try:
        import pandas  # noqa: F401

        import tec_desktop.checks.registry  # noqa: F401
        import tec_desktop.metrics.compute  # noqa: F401
        import tec_desktop.workbook.reader  # noqa: F401
        from ui.engine import month_view  # noqa: F401
    except Exception:
        pass  # a real request will report the problem
