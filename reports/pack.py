"""The month's scorecard PDFs: the leadership pack and one per accountable owner."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from tec_desktop.files import atomic
from tec_desktop.errors import Cancelled, TecError
from tec_desktop.findings import ERROR, Finding, count
from tec_desktop.workbook.model import Workbook

from reports import fonts

from reports import styles
from reports.context import ReportContext
from reports.document import PageInfo, render
from reports.seam_page import seam_story
from reports.summary import summary_story

Progress = Callable[[int, int, str], None]

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME = 60


def safe_name(text: str, fallback: str = "owner") -> str:
    """Text usable in a file name on Windows, macOS and Linux: Unicode letters kept, spaces -> '-'."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub(" ", text)
    text = "-".join(text.split()).strip(".-")
    return text[:MAX_NAME].rstrip(".-") or fallback


def pack_name(book: Workbook, month: str, owner: str | None = None) -> str:
    """'Seam-scorecards-2026-10.pdf', or with '-<owner>' for an owner's PDF."""
    title = safe_name(book.settings.report_title or "Seam scorecards", "Seam-scorecards")
    return f"{title}-{month}.pdf" if owner is None else f"{title}-{month}-{safe_name(owner)}.pdf"


def owner_files(book: Workbook, month: str, owners: list[str]) -> dict[str, str]:
    """Each owner's file name; two owners whose names clash once made safe get -2, -3 …"""
    taken: set[str] = {pack_name(book, month).casefold()}
    out = {}
    for owner in owners:
        name = pack_name(book, month, owner)
        stem, n = name[:-4], 2
        while name.casefold() in taken:
            name, n = f"{stem}-{n}.pdf", n + 1
        taken.add(name.casefold())
        out[owner] = name
    return out


def scorecard_owners(metrics) -> list[str]:
    """The accountable owners who get their own PDF, in the order their files are written."""
    return sorted({s.owner for s in metrics.seams if s.owner}, key=lambda o: (o.casefold(), o))


def write_scorecards(book: Workbook, month: str, out_dir: str | Path, per_owner: bool = True,
                     progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None,
                     findings: list[Finding] | None = None) -> list[Path]:
    """Write the pack (then one PDF per owner) into out_dir; return their paths, pack first.

    Refuses a workbook with errors (TecError). `findings` saves re-running the checks when the caller
    has just run them. Raises Cancelled when should_cancel() turns true; no partial file is left.
    """
    from tec_desktop.checks.registry import run_checks
    from tec_desktop.metrics.compute import compute_month

    findings = run_checks(book, month) if findings is None else findings
    errors = count(findings, ERROR)
    if errors:
        raise TecError(f"{book.name} has {errors} error{'s' if errors != 1 else ''}; fix "
                       f"{'them' if errors != 1 else 'it'} before writing the scorecards (tec check lists them).")
    metrics = compute_month(book, month)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TecError(f"Cannot create the folder {out_dir}: {exc.strerror or exc}.") from None
    owners = scorecard_owners(metrics) if per_owner else []
    files = owner_files(book, month, owners)
    total = 1 + len(owners)
    cancel = should_cancel or (lambda: False)
    paper = book.settings.paper_size or "A4"
    width = styles.PAGE_SIZES.get(paper, styles.PAGE_SIZES["A4"])[0] - 2 * styles.MARGIN_X
    base = ReportContext(book, metrics, findings, styles.Styles(), width)
    written: list[Path] = []
    jobs = [(None, pack_name(book, month), "Leadership pack")] + [(o, files[o], o) for o in owners]
    for done, (owner, name, label) in enumerate(jobs):
        if cancel():
            raise Cancelled("Writing the scorecards was cancelled.")
        if progress:
            progress(done, total, label)
        ctx = base if owner is None else base.for_owner(owner)
        data = build_pdf(ctx, paper, cancel)
        written.append(atomic.write_bytes(out_dir / name, data))
    if progress:
        progress(total, total, "Done")
    return written


def build_pdf(ctx: ReportContext, paper: str = "A4", cancel: Callable[[], bool] = lambda: False) -> bytes:
    """One PDF: the summary, then a page per seam."""
    fonts.take_unprintable()  # forget characters seen while building an earlier PDF
    seams = []
    for seam in ctx.seams:
        if cancel():
            raise Cancelled("Writing the scorecards was cancelled.")
        seams += seam_story(ctx, seam)
    summary = summary_story(ctx)
    settings = ctx.book.settings
    title = settings.report_title or "Seam scorecards"
    doc_title = f"{title} — {ctx.month_label}" + (f" — {ctx.owner}" if ctx.owner else "")
    info = PageInfo(title=title, doc_title=doc_title, organization=settings.organization or "",
                    month_label=ctx.month_label, month=ctx.month, workbook_sha256=ctx.book.sha256,
                    identity="pack" if ctx.owner is None else f"owner:{ctx.owner}")
    return render(summary + seams, info, paper, cancel)
