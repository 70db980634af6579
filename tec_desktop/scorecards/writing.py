"""Write the month's scorecards: refuse a workbook with errors, then render and write each PDF safely.

The renderer is a plug-in: `prepare(book, metrics, findings, paper)` returns `render(owner, cancel)`,
which gives one PDF's bytes (owner None = the leadership pack). TEC Desktop's own is the `reports`
package, registered under the entry point group `tec_desktop.renderers`; the desktop's engine hands
it over directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from tec_desktop.errors import Cancelled, TecError
from tec_desktop.files import atomic
from tec_desktop.files.targets import guard_outputs
from tec_desktop.findings import ERROR, Finding, count
from tec_desktop.metrics.compute import MonthMetrics
from tec_desktop.scorecards.files import owner_files, pack_name, scorecard_owners
from tec_desktop.scorecards.parallel import render_all, worker_count
from tec_desktop.workbook.model import Workbook

Progress = Callable[[int, int, str], None]
RENDERERS = "tec_desktop.renderers"


class Render(Protocol):
    def __call__(self, owner: str | None, cancel: Callable[[], bool]) -> bytes: ...


class Prepare(Protocol):
    def __call__(self, book: Workbook, metrics: MonthMetrics, findings: Sequence[Finding], paper: str) -> Render: ...


def pdf_renderer() -> Prepare:
    """The installed PDF renderer (entry point 'pdf' of the group tec_desktop.renderers)."""
    found = entry_points(group=RENDERERS, name="pdf")
    if not found:
        raise TecError("renderer-missing")
    return next(iter(found)).load()


def write_scorecards(
    book: Workbook,
    month: str,
    out_dir: str | Path,
    per_owner: bool = True,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    findings: list[Finding] | None = None,
    prepare: Prepare | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write the pack (then one PDF per owner) into out_dir; return their paths, pack first.

    Refuses a workbook with errors (TecError). `findings` saves re-running the checks when the caller
    has just run them. Raises Cancelled when should_cancel() turns true; no partial file is left.
    Owners' PDFs are rendered in `workers` more processes (None: as many as pay off, see parallel).
    """
    from tec_desktop.checks.registry import run_checks
    from tec_desktop.metrics.compute import compute_month

    findings = run_checks(book, month) if findings is None else findings
    errors = count(findings, ERROR)
    if errors:
        raise TecError("scorecards-blocked", workbook=book.name, errors=errors)
    metrics = compute_month(book, month)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TecError("folder-not-created", folder=str(out_dir), reason=exc.strerror or str(exc)) from None
    owners = scorecard_owners(metrics) if per_owner else []
    files = owner_files(book, month, owners)
    total = 1 + len(owners)
    cancel = should_cancel or (lambda: False)
    paper = book.settings.paper_size or "A4"
    prepare = prepare or pdf_renderer()
    render = prepare(book, metrics, findings, paper)
    names: dict[str | None, str] = {None: pack_name(book, month)}
    names.update(files)
    guard_outputs([out_dir / name for name in names.values()], book.path)  # never over the workbook itself
    n_workers = worker_count(len(owners), prepare) if workers is None else workers
    written: dict[str | None, Path] = {}
    if progress:
        progress(0, total, "Leadership pack")
    if cancel():
        raise Cancelled("scorecards-cancelled")
    for owner, pdf in render_all(render, (prepare, book, metrics, findings, paper), owners, n_workers, cancel):
        if cancel():
            raise Cancelled("scorecards-cancelled")
        written[owner] = atomic.write_bytes(out_dir / names[owner], pdf)
        if progress and len(written) < total:  # what is being written next, in the files' order
            progress(len(written), total, next(o for o in owners if o not in written))
    if progress:
        progress(total, total, "Done")
    return [written[None]] + [written[o] for o in owners]
