"""Load and Recheck: read a workbook, check it, compute its month, and hand the window a LoadResult.

Findings travel ahead of the result as plain tuples in chunks (Job.stream), so that no single
unpickle in the window takes long; the window puts them back into the result before showing it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ui.engine.protocol import Job
from ui.engine.requests import Load, Recheck
from ui.engine.results import LoadResult
from ui.engine.state import EngineState

if TYPE_CHECKING:
    from tec_desktop.workbook.model import Workbook

CHUNK = 2000  # findings per message
NO_REPORTING_MONTH = (
    "The workbook has no valid Reporting month. Pick a month at the top of the window, or set "
    "Reporting month on the Settings sheet (for example 2026-10)."
)


def file_signature(path: str | Path) -> tuple[int, int]:
    """(size, mtime_ns): what changes when Excel saves the file."""
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns)


def load(state: EngineState, request: Load, job: Job) -> LoadResult:
    """Read the file, keep the workbook under this request's id, check it and compute its month."""
    from tec_desktop.workbook.reader import read_workbook

    started = time.perf_counter()
    signature = file_signature(request.path)
    job.progress(0, 3, f"Reading {Path(request.path).name}…")
    book = read_workbook(request.path)
    state.add_book(job.id, book)
    return _check(state, job, job.id, book, request.month, signature, started)


def recheck(state: EngineState, request: Recheck, job: Job) -> LoadResult:
    """The same workbook, checked for another month."""
    book = state.book(request.book_id)
    signature = file_signature(book.path)
    return _check(state, job, request.book_id, book, request.month, signature, time.perf_counter())


def _check(
    state: EngineState,
    job: Job,
    book_id: int,
    book: Workbook,
    month: str | None,
    signature: tuple[int, int],
    started: float,
) -> LoadResult:
    from tec_desktop.checks.registry import run_checks
    from tec_desktop.errors import TecError
    from tec_desktop.metrics.compute import compute_month
    from tec_desktop.metrics.seam_warnings import warnings
    from ui.engine import month_view
    from ui.engine.wording import for_app

    job.progress(1, 3, f"Checking {book.name}…")
    findings = run_checks(book, month)
    state.keep_findings(book_id, month, findings)
    chosen = month or book.settings.reporting_month
    view, why = None, ""
    if chosen is None:
        why = NO_REPORTING_MONTH
    else:
        job.progress(2, 3, f"Computing {chosen}…")
        try:
            view = month_view.build(book, compute_month(book, chosen), findings)
        except TecError as exc:
            why = for_app(exc)
    for i in range(0, len(findings), CHUNK):
        job.stream([dataclasses.astuple(f) for f in findings[i : i + CHUNK]])
    s = book.settings
    return LoadResult(
        job.id,
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
        len(warnings(findings)),
    )


def months_with_data(book: Workbook) -> tuple[str, ...]:
    """Months in which something is dated, newest first, up to this month (or the Reporting month)."""
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
