"""The engine: a child process that reads, checks, computes and writes, so the window never stalls.

Why a process and not a thread: reading a 100k-row workbook makes single library calls (calamine's
sheet parse, regex scans of the sheet XML, numpy conversions) that hold Python's GIL for up to half
a second, which would freeze a window in the same process however the work is threaded. In a child
process those calls cannot touch the window's event loop, and a library that aborts the process on
a hostile file (see RISKS.md) takes down the engine, not the app: the window says so and restarts it.

Protocol over a multiprocessing Pipe, one tuple per message:
  window -> engine: (kind, request_id, kwargs), kind in load / recheck / row / scorecards / annotate /
                    cancel / quit
  engine -> window: ("ready", 0, pid), ("chunk", id, [finding tuples]) then ("loaded", id, LoadResult),
                    ("row", id, RowValues), ("progress", id, Progress), ("done", id, Files),
                    ("failed", id, Failure)
Findings travel as plain tuples in chunks, so that no single unpickle in the window takes long.
This module must not import Qt: it is the child's entry point.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
import traceback
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ui.engine.results import Failure, Files, LoadResult, Progress, RowValues

CHUNK = 2000  # findings per message
KEEP_BOOKS = 3  # workbooks kept for rows, scorecards and annotated copies of recent results


def serve(conn) -> None:
    """The child's entry point: answer requests until told to quit or the window goes away."""
    Engine(conn).run()


def file_signature(path: str | Path) -> tuple:
    """(size, mtime_ns): what changes when Excel saves the file."""
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns)


class Engine:
    """Holds the workbooks read so far and runs requests on worker threads of this process."""

    def __init__(self, conn):
        self.conn = conn
        self._send_lock = threading.Lock()
        self._books: OrderedDict[int, object] = OrderedDict()  # book_id -> Workbook
        self._findings: dict[tuple[int, str | None], list] = {}  # (book_id, month) -> findings
        self._raw: tuple[tuple[int, str], list] | None = None  # last sheet read as typed, for rows
        self._cancel: dict[int, threading.Event] = {}
        # Loads in order, one at a time; long jobs apart so a re-check is never stuck behind a PDF.
        self._pools = {
            name: ThreadPoolExecutor(1, thread_name_prefix=name) for name in ("load", "job", "quick", "mail")
        }
        self._plans: OrderedDict[int, object] = OrderedDict()  # mail plans shown in the Email dialog

    def send(self, *message) -> None:
        with self._send_lock:
            try:
                self.conn.send(message)
            except (OSError, EOFError, BrokenPipeError):
                pass  # the window is gone; the loop ends on its next recv

    def run(self) -> None:
        threading.Thread(target=_warm_up, daemon=True).start()
        self.send("ready", 0, os.getpid())
        while True:
            try:
                kind, rid, args = self.conn.recv()
            except (EOFError, OSError):
                break
            if kind == "quit":
                break
            if kind == "cancel":
                event = self._cancel.get(args["request"])
                if event is not None:
                    event.set()
                continue
            handler = getattr(self, f"_do_{kind}", None)
            if handler is None:
                self.send("failed", rid, Failure("bug", f"Unknown request {kind!r}."))
                continue
            if kind in ("scorecards", "annotate", "send"):
                self._cancel[rid] = threading.Event()
            pool = {
                "load": "load",
                "recheck": "load",
                "row": "quick",
                "template": "quick",
                "mail_plan": "quick",
                "send": "mail",
                "drafts": "mail",
                "smtp_test": "mail",
                "password": "mail",
            }.get(kind, "job")
            self._pools[pool].submit(self._guarded, handler, rid, args)
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)

    def _guarded(self, handler, rid: int, args: dict) -> None:
        from tec_desktop.errors import Cancelled, TecError, UnreadableWorkbook
        from ui.engine.wording import for_app

        try:
            handler(rid, **args)
        except Cancelled as exc:
            self.send("failed", rid, Failure("cancelled", for_app(str(exc)) or "Cancelled."))
        except UnreadableWorkbook as exc:
            self.send("failed", rid, Failure("unreadable", for_app(str(exc))))
        except TecError as exc:
            self.send("failed", rid, Failure("user", for_app(str(exc))))
        except FileNotFoundError as exc:
            self.send(
                "failed",
                rid,
                Failure(
                    "unreadable",
                    f"{exc.filename or 'The file'} does not exist (any more). "
                    "It may have been moved, renamed or deleted.",
                ),
            )
        except Exception as exc:  # a bug of ours: the details go to the log and to the dialog
            from tec_desktop.crashlog import write_crash_log

            log = write_crash_log(exc)
            details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            self.send("failed", rid, Failure("bug", f"{type(exc).__name__}: {exc}", details, str(log)))
        finally:
            self._cancel.pop(rid, None)

    # ------------------------------------------------------------------ requests
    def _do_load(self, rid: int, path: str, month: str | None = None, today=None) -> None:
        from tec_desktop.workbook.reader import read_workbook

        started = time.perf_counter()
        signature = file_signature(path)
        book = read_workbook(path)
        self._raw = None  # the cells of an older version of the file are of no more use
        self._books[rid] = book
        while len(self._books) > KEEP_BOOKS:
            old, _ = self._books.popitem(last=False)
            for key in [k for k in self._findings if k[0] == old]:
                del self._findings[key]
        self._check(rid, rid, book, month, signature, today, started)

    def _do_recheck(self, rid: int, book_id: int, month: str | None = None, today=None) -> None:
        book = self._book(book_id)
        self._check(rid, book_id, book, month, file_signature(book.path), today, time.perf_counter())

    def _check(self, rid: int, book_id: int, book, month: str | None, signature: tuple, today, started: float) -> None:
        from tec_desktop.checks.registry import run_checks
        from tec_desktop.errors import TecError
        from tec_desktop.metrics.compute import compute_month
        from ui.engine import month_view
        from ui.engine.wording import for_app

        findings = run_checks(book, month, today)
        self._findings[(book_id, month)] = findings
        chosen = month or book.settings.reporting_month
        view, why = None, ""
        if chosen is None:
            why = (
                "The workbook has no valid Reporting month. Pick a month at the top of the window, or set "
                "Reporting month on the Settings sheet (for example 2026-10)."
            )
        else:
            try:
                view = month_view.build(book, compute_month(book, chosen), findings)
            except TecError as exc:
                why = for_app(str(exc))
        for i in range(0, len(findings), CHUNK):
            self.send("chunk", rid, [dataclasses.astuple(f) for f in findings[i : i + CHUNK]])
        s = book.settings
        result = LoadResult(
            rid,
            book_id,
            str(book.path),
            book.sha256,
            signature,
            s.organization or "",
            s.report_title,
            s.paper_size,
            s.reporting_month,
            chosen,
            months_with_data(book),
            (),
            view,
            why,
            time.time(),
            time.perf_counter() - started,
        )
        self.send("loaded", rid, result)

    def _do_row(self, rid: int, book_id: int, sheet: str, row: int) -> None:
        book = self._book(book_id)
        self.send("row", rid, row_values(book, sheet, row, self._raw_rows(book_id, book, sheet)))

    def _do_scorecards(
        self, rid: int, book_id: int, month: str, out_dir: str, paper: str = "workbook", per_owner: bool = True
    ) -> None:
        from reports.pack import prepare
        from tec_desktop.errors import TecError
        from tec_desktop.scorecards.writing import write_scorecards

        book = self._book(book_id)
        if paper in ("A4", "Letter") and paper != book.settings.paper_size:
            book = dataclasses.replace(book, settings=dataclasses.replace(book.settings, paper_size=paper))
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TecError(
                f"Cannot create the output folder {out}: {exc.strerror or exc}. Choose another folder in Preferences."
            ) from None
        cancel = self._cancel[rid]

        def progress(done: int, total: int, label: str) -> None:
            self.send("progress", rid, Progress(done, total, label))

        findings = self._findings.get((book_id, month))
        if findings is None and month == book.settings.reporting_month:
            findings = self._findings.get((book_id, None))
        paths = write_scorecards(
            book,
            month,
            out,
            per_owner=per_owner,
            progress=progress,
            should_cancel=cancel.is_set,
            findings=findings,
            prepare=prepare,
        )
        self.send("done", rid, Files(tuple(str(p) for p in paths)))

    def _do_annotate(self, rid: int, book_id: int, month: str | None, out_path: str) -> None:
        from tec_desktop.errors import TecError
        from tec_desktop.workbook.annotate import write_annotated
        from tec_desktop.workbook.reader import file_sha256

        book = self._book(book_id)
        if Path(out_path).resolve() == Path(book.path).resolve():
            raise TecError("The annotated copy cannot replace the workbook itself. Choose another name.")
        if file_sha256(book.path) != book.sha256:
            raise TecError(
                f"{book.name} changed since it was checked. Wait for the new check to finish, "
                "then save the annotated copy again."
            )
        findings = self._findings.get((book_id, month))
        if findings is None:
            from tec_desktop.checks.registry import run_checks

            findings = run_checks(book, month)
        self.send("progress", rid, Progress(0, 1, f"Writing {Path(out_path).name}…"))
        written = write_annotated(book.path, findings, out_path)
        self.send("done", rid, Files((str(written or out_path),)))

    def _do_template(self, rid: int, path: str, sample: bool = False) -> None:
        import workbook_templates
        from tec_desktop.files import atomic

        shipped = Path(workbook_templates.__file__).resolve().parent / ("sample.xlsx" if sample else "template.xlsx")
        if shipped.is_file():
            atomic.write_bytes(path, shipped.read_bytes())
        elif sample:
            from tec_desktop.workbook.sample import write_sample

            write_sample(path)
        else:
            from tec_desktop.workbook.template import write_template

            write_template(path)
        self.send("done", rid, Files((str(path),)))

    # ------------------------------------------------------------------ email (see engine_mail)
    def _do_mail_plan(self, rid: int, book_id: int, month: str, paths: list, sender: str = "") -> None:
        from ui.engine import mail_jobs

        the_plan, rows = mail_jobs.plan(self._book(book_id), month, paths, sender)
        self._plans[rid] = the_plan
        while len(self._plans) > KEEP_BOOKS:
            self._plans.popitem(last=False)
        self.send("done", rid, mail_jobs.preview(rid, the_plan, rows))

    def _do_send(self, rid: int, plan_id: int, smtp: dict, indices=None, password=None, resend=False) -> None:
        from ui.engine import mail_jobs

        summary = mail_jobs.send(
            self._plan(plan_id),
            indices,
            smtp,
            password,
            resend,
            lambda outcome: self.send("outcome", rid, outcome),
            lambda done, total, label: self.send("progress", rid, Progress(done, total, label)),
            self._cancel[rid].is_set,
        )
        self.send("done", rid, summary)

    def _do_drafts(self, rid: int, plan_id: int, folder: str, indices=None) -> None:
        from ui.engine import mail_jobs

        summary = mail_jobs.drafts(
            self._plan(plan_id), indices, folder, lambda outcome: self.send("outcome", rid, outcome)
        )
        self.send("done", rid, summary)

    def _do_smtp_test(self, rid: int, smtp: dict, password=None) -> None:
        from ui.engine import mail_jobs

        self.send("done", rid, mail_jobs.test_connection(smtp, password))

    def _do_password(self, rid: int, action: str, host: str, user: str, password: str = "") -> None:
        from ui.engine import mail_jobs

        if action == "store":
            state = mail_jobs.store_password(host, user, password)
        elif action == "forget":
            state = mail_jobs.forget_password(host, user)
        else:
            state = mail_jobs.password_state(host, user)
        self.send("done", rid, state)

    def _plan(self, plan_id: int):
        from tec_desktop.errors import TecError

        the_plan = self._plans.get(plan_id)
        if the_plan is None:
            raise TecError("This list of messages is out of date. Close the Email window and open it again.")
        return the_plan

    # ------------------------------------------------------------------ helpers
    def _book(self, book_id: int):
        from tec_desktop.errors import TecError

        book = self._books.get(book_id)
        if book is None:
            raise TecError("That check is out of date; the workbook is being checked again. Try again in a moment.")
        return book

    def _raw_rows(self, book_id: int, book, sheet: str) -> list | None:
        """The sheet's cells as typed (calamine rows), cached for the last sheet asked about.

        None when the file changed since it was read: then the values read earlier are shown.
        """
        from tec_desktop.workbook import reader

        if self._raw is not None and self._raw[0] == (book_id, sheet):
            return self._raw[1]
        try:
            if reader.file_sha256(book.path) != book.sha256:
                return None
            table = book.tables.get(sheet)
            if table is None or not table.present:
                return None
            name = _sheet_name(book.path, sheet)
            rows = reader._calamine_rows(Path(book.path), [name])[0][name]
        except Exception:
            return None
        self._raw = ((book_id, sheet), rows)
        return rows


def _sheet_name(path, wanted: str) -> str:
    """The sheet's name as spelled in the file (sheet names match case-insensitively)."""
    import python_calamine

    from tec_desktop.workbook import schema

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        names = list(book.sheet_names)
    finally:
        book.close()
    for name in names:
        if schema.normalize_header(name) == schema.normalize_header(wanted):
            return name
    return wanted


def row_values(book, sheet: str, row: int, raw: list | None) -> RowValues:
    """The cells of an Excel row: as typed when the raw rows are known, else as read."""
    from tec_desktop.workbook.cells import column_letter
    from tec_desktop.workbook.values import as_text

    if raw is not None and 0 < row <= len(raw):
        header = raw[0] if raw else []
        values = raw[row - 1]
        width = max(len(header), len(values))
        last = max(
            [
                i
                for i in range(width)
                if (i < len(header) and as_text(header[i])) or (i < len(values) and as_text(values[i]))
            ]
            + [-1]
        )
        cells = tuple(
            (
                column_letter(i),
                as_text(header[i]) if i < len(header) else "",
                as_text(values[i]) if i < len(values) else "",
            )
            for i in range(last + 1)
        )
        return RowValues(sheet, row, cells, True)
    table = book.tables.get(sheet)
    if table is None or not table.present:
        return RowValues(sheet, row, (), False)
    frame = table.frame
    hits = frame.index[frame["row"] == row]
    cells = []
    for col in table.sheet.columns:
        letter = table.letters.get(col.key)
        if letter is None:
            continue
        value = frame.at[hits[0], col.key] if len(hits) else None
        cells.append((letter, col.header, _shown(value, col.kind)))
    from tec_desktop.workbook.cells import column_index

    cells.sort(key=lambda c: column_index(c[0]))
    return RowValues(sheet, row, tuple(cells), False)


def _shown(value, kind: str) -> str:
    import pandas as pd

    from tec_desktop.workbook import schema
    from tec_desktop.workbook.values import as_text, show_date

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == schema.DATE:
        return show_date(value)
    if kind == schema.YESNO:
        return "Yes" if value == 1.0 else "No"
    return as_text(value)


def months_with_data(book) -> tuple[str, ...]:
    """Months in which something is dated, newest first, up to this month (or the Reporting month)."""
    import datetime as dt

    import numpy as np

    columns = {
        "Handoffs": ("submitted", "started", "completed"),
        "Misses": ("date",),
        "Dependencies": ("due", "met"),
        "Decisions": ("requested", "decided"),
        "Actions": ("opened", "closed"),
    }
    found: set[str] = set()
    for sheet, keys in columns.items():
        frame = book[sheet].frame
        for key in keys:
            if key in frame:
                values = frame[key].to_numpy(dtype="datetime64[us]")
                found.update(str(m) for m in np.unique(values[~np.isnat(values)].astype("datetime64[M]")))
    today = dt.date.today()
    limit = max(f"{today.year:04d}-{today.month:02d}", book.settings.reporting_month or "")
    found = {m for m in found if "1990-01" <= m <= limit}
    if book.settings.reporting_month:
        found.add(book.settings.reporting_month)
    return tuple(sorted(found, reverse=True))


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
