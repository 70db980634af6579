"""Everything one scorecard PDF is built from, gathered once."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports import styles
from reports.document import seam_key
from tec_desktop.findings import Finding
from tec_desktop.metrics import seam_warnings
from tec_desktop.metrics.compute import MonthMetrics, SeamMonth
from tec_desktop.months import month_label
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook


@dataclass
class ReportContext:
    """The workbook, its month's metrics and findings, and the page geometry."""

    book: Workbook
    metrics: MonthMetrics
    findings: list[Finding]
    st: styles.Styles
    width: float  # the text column, in points
    height: float  # the text column's height, in points
    owner: str | None = None  # set for an owner's PDF: only their seams
    brief_shown: tuple[int, int, int] | None = None  # how many seam lines, decisions, constraints the brief holds
    brief_lines: int = 2  # lines a field of the brief's lists may take
    _by_seam: dict | None = field(default=None, repr=False)
    _pages: set[str] | None = field(default=None, repr=False)
    _mine: tuple[SeamMonth, ...] | None = field(default=None, repr=False)

    @property
    def month(self) -> str:
        """'2026-10'."""
        return self.metrics.month

    @property
    def month_label(self) -> str:
        """'October 2026'."""
        return month_label(self.metrics.month)

    @property
    def seams(self) -> tuple[SeamMonth, ...]:
        """The seams this PDF covers: all Active and Pilot seams, or the owner's."""
        if self.owner is None:
            return self.metrics.seams
        if self._mine is None:
            self._mine = tuple(s for s in self.metrics.seams if s.owner == self.owner)
        return self._mine

    @property
    def seam_ids(self) -> list[str] | None:
        """The Seam IDs to list, or None for all of them."""
        return None if self.owner is None else [s.seam_id for s in self.seams]

    @property
    def warnings(self) -> list[Finding]:
        """The workbook's warnings (an owner's PDF: those about their seams)."""
        if self.owner is None:
            return seam_warnings.warnings(self.findings)
        return [f for s in self.seams for f in self.seam_warnings(s.seam_id)]

    def link(self, seam_id: str) -> str | None:
        """The destination of a seam's page in this PDF; None when the PDF has no page for it."""
        if self._pages is None:
            self._pages = {s.seam_id for s in self.seams}
        return seam_key(seam_id) if seam_id in self._pages else None

    def seam_warnings(self, seam_id: str) -> list[Finding]:
        """Warnings about one seam."""
        if self._by_seam is None:
            self._by_seam = seam_warnings.warnings_by_seam(self.book, self.findings)
        return self._by_seam.get(schema.normalize_header(seam_id), [])

    def for_owner(self, owner: str) -> ReportContext:
        """The same report narrowed to one accountable owner's seams."""
        if self._by_seam is None:  # worked out once for every owner's PDF
            self._by_seam = seam_warnings.warnings_by_seam(self.book, self.findings)
        return ReportContext(
            self.book,
            self.metrics,
            self.findings,
            self.st,
            self.width,
            self.height,
            owner=owner,
            _by_seam=self._by_seam,
        )
