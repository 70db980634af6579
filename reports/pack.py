"""The month's scorecard PDFs: the leadership pack and one per accountable owner, as bytes.

Which files there are and writing them is the core's (tec_desktop.scorecards); this draws them. Every
PDF has three parts, each an outline entry: the Brief (page 1), the Seams (a page each), the Appendix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reports import fonts, styles
from reports.appendix import appendix_story
from reports.brief import brief_story
from reports.context import ReportContext
from reports.document import PageInfo, render
from reports.seam_page import seams_story
from tec_desktop.findings import Finding
from tec_desktop.metrics.compute import MonthMetrics
from tec_desktop.workbook.model import Workbook


def prepare(book: Workbook, metrics: MonthMetrics, findings: Sequence[Finding], paper: str = "A4"):
    """The renderer of one month (tec_desktop.scorecards.writing.Prepare): render(owner, cancel) -> PDF bytes.

    What every PDF of the month shares (the context, its lists) is worked out once, here.
    """
    width, height = styles.frame_size(paper)
    base = ReportContext(book, metrics, list(findings), styles.Styles(), width, height)

    def render(owner: str | None, cancel: Callable[[], bool]) -> bytes:
        return build_pdf(base if owner is None else base.for_owner(owner), paper, cancel)

    return render


def build_pdf(ctx: ReportContext, paper: str = "A4", cancel: Callable[[], bool] = lambda: False) -> bytes:
    """One PDF: the brief, a page per seam, the appendix."""
    fonts.take_unprintable()  # forget characters seen while building an earlier PDF
    seams = seams_story(ctx, cancel)
    brief = brief_story(ctx)
    appendix = appendix_story(ctx)
    settings = ctx.book.settings
    title = settings.report_title or "Seam scorecards"
    doc_title = f"{title} — {ctx.month_label}" + (f" — {ctx.owner}" if ctx.owner else "")
    info = PageInfo(
        title=title,
        doc_title=doc_title,
        organization=settings.organization or "",
        month_label=ctx.month_label,
        month=ctx.month,
        workbook_sha256=ctx.book.sha256,
        identity="pack" if ctx.owner is None else f"owner:{ctx.owner}",
        lang=getattr(settings, "language", "en") or "en",
    )
    return render(brief + seams + appendix, info, paper, cancel)
