"""The window's handle on the engine process: each request returns a reply object whose signals report it.

    reply = engine.request(Load(path))           # a record of ui/engine/requests.py
    reply.finished.connect(show)                 # the answer (here a LoadResult)
    reply.failed.connect(explain)                # or a Failure; exactly one of the two, once
    reply.progress.connect(step)                 # Progress on the way (long jobs)
    reply.cancel()                               # ask it to stop: it then fails as 'cancelled'

as QNetworkReply does for a download. The reply's kind comes from the one table of requests
(ui/engine/table.py): SendMail and SaveDrafts give an OutcomesReply, whose `outcome` signal reports
each message as it is sent. A receiver thread blocks on the pipe and turns each message into a Qt
signal delivered in the window's thread, so the window only ever receives finished, immutable
records. If the engine process dies (a library aborted on a hostile file, or it was killed), every
reply still waiting fails as 'crashed' with a message that says what was being done, a fresh engine
is started, and `restarted` tells the window, which checks its workbook again (the new engine holds
none of the workbooks the old one had read).

The engine is not a daemon process, so that it may start worker processes of its own (the owners'
PDFs render beside the pack: tec_desktop/scorecards/parallel.py). What a daemon flag would do for it
is done here: the window shuts the engine down when it closes, and an engine still running when the
program exits is ended at exit, before multiprocessing would wait for it. Its workers end with it.
"""

from __future__ import annotations

import atexit
import dataclasses
import itertools
import multiprocessing
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import cast, overload

from PySide6.QtCore import QObject, QThread, Signal

from tec_desktop.findings import Finding
from ui.engine import process as engine_process
from ui.engine.protocol import Call, Cancel, Chunk, Failed, Finished, Quit, Ready, Update
from ui.engine.requests import CreateOutlookDrafts, Load, SaveDrafts, SendMail
from ui.engine.results import Failure, LoadResult, Progress
from ui.engine.table import Streams, request_type

CRASH_MESSAGE = (
    "TEC Desktop's reader stopped while reading {name}. It has been restarted; your workbook was not changed."
)
RESTARTED_MESSAGE = "TEC Desktop's engine stopped unexpectedly while {doing}. It has been restarted."
DOING = {  # what each request was doing, for the message of one caught by a crash
    "Recheck": "checking the workbook",
    "ReadRow": "reading a row of the workbook",
    "WriteScorecards": "writing the scorecards",
    "WriteAnnotatedCopy": "writing the annotated copy",
    "WriteTemplate": "writing the new workbook",
    "PlanMail": "preparing the emails",
    "SendMail": "sending the emails",
    "SaveDrafts": "saving the drafts",
    "CheckConnection": "testing the connection",
}


_RUNNING: set[BaseProcess] = set()  # engine processes started and not yet seen to end


def _end(proc: BaseProcess, wait: float) -> None:
    """Wait up to `wait` seconds for an engine to end by itself, then terminate it (kill it if it must)."""
    proc.join(wait)
    if proc.is_alive():
        proc.terminate()
        proc.join(2)
    if proc.is_alive():
        proc.kill()
        proc.join(1)
    _RUNNING.discard(proc)


@atexit.register  # runs before multiprocessing's own exit handler, which would wait for a live engine
def _end_engines_at_exit() -> None:
    for proc in list(_RUNNING):
        _end(proc, 0)


class Reply(QObject):
    """One request on its way: `finished(result)` or `failed(Failure)`, once; `progress(Progress)` meanwhile."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(object)

    def __init__(self, engine: Engine, request_id: int, request: object):
        super().__init__()
        self.request = request
        self._engine = engine
        self._id = request_id
        self._running = True
        self._discarded = False

    def is_running(self) -> bool:
        """Neither finished nor failed yet."""
        return self._running

    def cancel(self) -> None:
        """Ask the engine to stop this request; it fails as 'cancelled' (or finishes, if it was done)."""
        if self._running:
            self._engine._send(Cancel(self._id))

    def discard(self) -> None:
        """Nobody waits for this answer any more (a newer request replaced it): its signals stay silent."""
        self._discarded = True

    def _progress(self, progress: Progress) -> None:
        if not self._discarded:
            self.progress.emit(progress)

    def _items(self, items: list) -> None:
        pass  # a request that streams nothing the window hears

    def _finish(self, result: object) -> None:
        self._running = False
        if not self._discarded:
            self.finished.emit(result)

    def _fail(self, failure: Failure) -> None:
        self._running = False
        if not self._discarded:
            self.failed.emit(failure)


class OutcomesReply(Reply):
    """Sending or drafting messages: `outcome(SendOutcome)` for each message as it happens, then `finished`."""

    outcome = Signal(object)

    def _items(self, items: list) -> None:
        if not self._discarded:
            for item in items:
                self.outcome.emit(item)


class _Receiver(QThread):
    """Blocks on the pipe; emits each message, and `lost` when the engine is gone.

    Findings arrive as tuples in chunks ahead of their LoadResult; they are made into Finding records
    here, off the window's thread, and put into the result before it is handed on.
    """

    message = Signal(object)
    lost = Signal()

    def __init__(self, conn: Connection, gathering: set[int], parent: QObject | None = None):
        super().__init__(parent)
        self._conn = conn
        self._gathering = gathering  # ids of the requests whose findings are gathered (the window adds them)
        self.setObjectName("tec-engine-receiver")

    def run(self) -> None:
        gathered: dict[int, list[Finding]] = {}
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError, TypeError, ValueError):
                self.lost.emit()
                return
            if isinstance(message, Chunk) and message.id in self._gathering:
                gathered.setdefault(message.id, []).extend(Finding(*t) for t in message.items)
                continue
            if isinstance(message, Finished) and message.id in self._gathering:
                result = cast(LoadResult, message.result)  # what the requests that gather findings answer
                message = Finished(
                    message.id, dataclasses.replace(result, findings=tuple(gathered.pop(message.id, ())))
                )
            elif isinstance(message, Failed):
                gathered.pop(message.id, None)
            self.message.emit(message)


class Engine(QObject):
    """Start the engine process and talk to it: `request(record)` sends one request and returns its reply."""

    ready = Signal()
    restarted = Signal(object)  # tuple of the requests the engine that died was answering (they fail next)

    _ids = itertools.count(1)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._replies: dict[int, Reply] = {}
        self._gathering: set[int] = set()
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._receiver: _Receiver | None = None
        self._stopping = False
        self.is_ready = False
        self.start()

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start a fresh engine process (quick: it imports its libraries after saying it is ready)."""
        ctx = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        # Not a daemon: a daemon may not start the workers that render owners' PDFs (see the module's docstring).
        self._proc = ctx.Process(target=engine_process.serve, args=(child_conn,), name="tec-engine", daemon=False)
        self._proc.start()
        _RUNNING.add(self._proc)
        child_conn.close()
        self._conn = parent_conn
        self.is_ready = False
        receiver = _Receiver(parent_conn, self._gathering)
        receiver.message.connect(self._on_message)
        receiver.lost.connect(self._on_lost)
        receiver.start()
        self._receiver = receiver

    def shutdown(self) -> None:
        """Ask the engine to quit and wait briefly; a stuck engine is terminated."""
        self._stopping = True
        proc, conn, receiver = self._proc, self._conn, self._receiver
        self._proc = self._conn = self._receiver = None
        if conn is not None:
            try:
                conn.send(Quit())
            except (OSError, EOFError, BrokenPipeError):
                pass
        if proc is not None:
            _end(proc, 3)
        if conn is not None:
            conn.close()
        if receiver is not None:
            receiver.wait(3000)

    @property
    def pid(self) -> int | None:
        """The engine process's id (for tests and the self-test)."""
        return self._proc.pid if self._proc is not None else None

    # ------------------------------------------------------------------ requests
    @overload
    def request(self, request: SendMail | SaveDrafts | CreateOutlookDrafts) -> OutcomesReply: ...
    @overload
    def request(self, request: object) -> Reply: ...
    def request(self, request: object) -> Reply:
        """Send a request record (ui/engine/requests.py); its reply reports the answer."""
        kind = request_type(request)  # LookupError: not a request, a bug of the caller
        rid = next(self._ids)
        reply = (OutcomesReply if kind.streams is Streams.OUTCOMES else Reply)(self, rid, request)
        self._replies[rid] = reply
        if kind.streams is Streams.FINDINGS:
            self._gathering.add(rid)
        self._send(Call(rid, request))
        return reply

    def _send(self, message: object) -> None:
        try:
            if self._conn is not None:
                self._conn.send(message)
        except (OSError, EOFError, BrokenPipeError):
            pass  # the receiver reports the lost engine and fails the waiting replies

    # ------------------------------------------------------------------ answers
    def _on_message(self, message: object) -> None:
        if isinstance(message, Ready):
            self.is_ready = True
            self.ready.emit()
        elif isinstance(message, Update):
            if (reply := self._replies.get(message.id)) is not None:
                reply._progress(message.progress)
        elif isinstance(message, Chunk):
            if (reply := self._replies.get(message.id)) is not None:
                reply._items(message.items)
        elif isinstance(message, Finished):
            self._gathering.discard(message.id)
            if (reply := self._replies.pop(message.id, None)) is not None:
                reply._finish(message.result)
        elif isinstance(message, Failed):
            self._gathering.discard(message.id)
            if (reply := self._replies.pop(message.id, None)) is not None:
                reply._fail(message.failure)

    def _on_lost(self) -> None:
        if self._stopping:
            return
        waiting, self._replies = self._replies, {}
        self._gathering.clear()
        old, old_conn = self._proc, self._conn
        if old is not None:
            _end(old, 0.2)  # it closed its end of the pipe: it is gone or going (an unreadable answer: ended here)
        if old_conn is not None:
            old_conn.close()
        self.start()
        # Said before the replies fail, so that whoever hears a failure already knows the workbooks are gone.
        self.restarted.emit(tuple(reply.request for reply in waiting.values()))
        for reply in waiting.values():
            reply._fail(_crash_failure(reply.request))


def _crash_failure(request: object) -> Failure:
    """What a request still waiting when the engine died says: the file read is named, for a load."""
    if isinstance(request, Load):
        name = request.path.replace("\\", "/").rsplit("/", 1)[-1]
        return Failure("crashed", CRASH_MESSAGE.format(name=name))
    doing = DOING.get(type(request).__name__, "working")
    return Failure("crashed", RESTARTED_MESSAGE.format(doing=doing))
