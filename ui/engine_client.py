"""The window's handle on the engine process: requests go out by pipe, answers come back as signals.

A receiver thread blocks on the pipe and turns each message into a Qt signal, which Qt delivers in
the window's thread. The window therefore only ever receives finished, immutable results. If the
engine process dies (a library aborted on a hostile file), every request in flight fails with a
plain message and a fresh engine is started.
"""

from __future__ import annotations

import itertools
import multiprocessing

from PySide6.QtCore import QObject, QThread, Signal

from tec_desktop.findings import Finding
from ui.engine import process as engine_process
from ui.engine.results import Failure, LoadResult

CRASH_MESSAGE = (
    "Reading {name} made TEC Desktop's reader stop unexpectedly. The file may be damaged or built "
    "in a way Excel would not write. Open it in Excel, save it again, and reopen it here."
)


class _Receiver(QThread):
    """Blocks on the pipe; emits each message, and `lost` when the engine is gone."""

    message = Signal(str, int, object)
    lost = Signal()

    def __init__(self, conn, parent=None):
        super().__init__(parent)
        self._conn = conn
        self.setObjectName("tec-engine-receiver")

    def run(self) -> None:
        chunks: dict[int, list] = {}
        while True:
            try:
                kind, rid, payload = self._conn.recv()
            except (EOFError, OSError, TypeError, ValueError):
                self.lost.emit()
                return
            if kind == "chunk":
                chunks.setdefault(rid, []).extend(Finding(*t) for t in payload)
                continue
            if kind == "loaded":
                payload = _with_findings(payload, chunks.pop(rid, []))
            elif kind == "failed":
                chunks.pop(rid, None)
            self.message.emit(kind, rid, payload)


def _with_findings(result: LoadResult, findings: list[Finding]) -> LoadResult:
    import dataclasses

    return dataclasses.replace(result, findings=tuple(findings))


class Engine(QObject):
    """Start the engine process and talk to it. Each request returns its id; answers carry it."""

    ready = Signal()
    loaded = Signal(int, object)  # request id, LoadResult
    row_ready = Signal(int, object)  # request id, RowValues
    progress = Signal(int, object)  # request id, Progress
    done = Signal(int, object)  # request id, Files
    failed = Signal(int, object)  # request id, Failure
    outcome = Signal(int, object)  # request id, SendOutcome (one per message, as it happens)

    _ids = itertools.count(1)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pending: dict[int, tuple[str, dict]] = {}
        self._proc = None
        self._conn = None
        self._receiver = None
        self._stopping = False
        self.is_ready = False
        self.start()

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start a fresh engine process (quick: it imports its libraries after saying it is ready)."""
        ctx = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        self._proc = ctx.Process(target=engine_process.serve, args=(child_conn,), name="tec-engine", daemon=True)
        self._proc.start()
        child_conn.close()
        self._conn = parent_conn
        self.is_ready = False
        receiver = _Receiver(parent_conn)
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
                conn.send(("quit", 0, {}))
            except (OSError, EOFError, BrokenPipeError):
                pass
        if proc is not None:
            proc.join(3)
            if proc.is_alive():
                proc.terminate()
                proc.join(2)
        if conn is not None:
            conn.close()
        if receiver is not None:
            receiver.wait(3000)

    @property
    def pid(self) -> int | None:
        """The engine process's id (for tests and the About box)."""
        return self._proc.pid if self._proc is not None else None

    # ------------------------------------------------------------------ requests
    def load(self, path: str, month: str | None = None) -> int:
        """Read, check and compute a workbook; answers `loaded` or `failed`."""
        return self._request("load", path=str(path), month=month)

    def recheck(self, book_id: int, month: str | None) -> int:
        """Check an already read workbook for another month; answers `loaded` or `failed`."""
        return self._request("recheck", book_id=book_id, month=month)

    def row(self, book_id: int, sheet: str, row: int) -> int:
        """The cells of a workbook row; answers `row_ready` or `failed`."""
        return self._request("row", book_id=book_id, sheet=sheet, row=row)

    def scorecards(self, book_id: int, month: str, out_dir: str, paper: str, per_owner: bool) -> int:
        """Write the pack and per-owner PDFs; answers `progress`..., then `done` or `failed`."""
        return self._request(
            "scorecards", book_id=book_id, month=month, out_dir=str(out_dir), paper=paper, per_owner=per_owner
        )

    def annotate(self, book_id: int, month: str | None, out_path: str) -> int:
        """Write the annotated copy; answers `done` or `failed`."""
        return self._request("annotate", book_id=book_id, month=month, out_path=str(out_path))

    def template(self, path: str, sample: bool = False) -> int:
        """Write a blank template (or the filled sample) to `path`; answers `done` or `failed`."""
        return self._request("template", path=str(path), sample=sample)

    def mail_plan(self, book_id: int, month: str, paths, sender: str) -> int:
        """The month's messages for PDFs already written; answers `done` with a MailPreview."""
        return self._request("mail_plan", book_id=book_id, month=month, paths=[str(p) for p in paths], sender=sender)

    def send_mail(
        self, plan_id: int, smtp: dict, indices=None, password: str | None = None, resend: bool = False
    ) -> int:
        """Send a plan's messages; answers `progress` and `outcome`..., then `done` with a SendSummary."""
        return self._request(
            "send", plan_id=plan_id, smtp=dict(smtp), indices=indices, password=password, resend=resend
        )

    def drafts(self, plan_id: int, folder: str, indices=None) -> int:
        """Save a plan's messages as .eml drafts; answers `outcome`..., then `done` with a SendSummary."""
        return self._request("drafts", plan_id=plan_id, folder=str(folder), indices=indices)

    def smtp_test(self, smtp: dict, password: str | None = None) -> int:
        """Connect, encrypt and log in; answers `done` with one line, or `failed`."""
        return self._request("smtp_test", smtp=dict(smtp), password=password)

    def password(self, action: str, host: str, user: str, password: str = "") -> int:
        """'lookup', 'store' or 'forget' the keyring password; answers `done` with a PasswordState."""
        return self._request("password", action=action, host=host, user=user, password=password)

    def cancel(self, request_id: int) -> None:
        """Ask a long job to stop; it answers `failed` with kind 'cancelled' (or `done` if it had finished)."""
        self._send(("cancel", 0, {"request": request_id}))

    def _request(self, kind: str, **args) -> int:
        rid = next(self._ids)
        self._pending[rid] = (kind, args)
        self._send((kind, rid, args))
        return rid

    def _send(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except (OSError, EOFError, BrokenPipeError, AttributeError):
            pass  # the receiver reports the lost engine and fails the pending requests

    # ------------------------------------------------------------------ answers
    def _on_message(self, kind: str, rid: int, payload) -> None:
        if kind == "ready":
            self.is_ready = True
            self.ready.emit()
            return
        if kind in ("loaded", "row", "done", "failed"):
            self._pending.pop(rid, None)
        signal = {
            "loaded": self.loaded,
            "row": self.row_ready,
            "progress": self.progress,
            "done": self.done,
            "failed": self.failed,
            "outcome": self.outcome,
        }.get(kind)
        if signal is not None:
            signal.emit(rid, payload)

    def _on_lost(self) -> None:
        if self._stopping:
            return
        pending, self._pending = self._pending, {}
        old = self._proc
        if old is not None:
            old.join(0.2)  # it closed its end of the pipe: it is gone or going
        self.start()
        for rid, (kind, args) in pending.items():
            name = str(args.get("path", "the workbook")).replace("\\", "/").rsplit("/", 1)[-1]
            if kind == "load":
                failure = Failure("crashed", CRASH_MESSAGE.format(name=name))
            else:
                failure = Failure(
                    "crashed",
                    "TEC Desktop's engine stopped unexpectedly and was restarted. Open the workbook again and retry.",
                )
            self.failed.emit(rid, failure)
