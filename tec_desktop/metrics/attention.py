"""The seams that need leadership's attention this month: every Red, then Amber seam, worst first, each
with its worst metric, the month's top root cause, and the owner-led corrective action answering it,
or the plain fact that no action does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tec_desktop.metrics import agenda, chain
from tec_desktop.metrics.commentary import Comment, month_comments
from tec_desktop.metrics.compute import MetricValue, MonthMetrics, SeamMonth
from tec_desktop.metrics.status import HIGHER_IS_BETTER, LOWER_IS_BETTER, OVERDUE_COUNTS
from tec_desktop.workbook.model import Workbook

_RANK = {"red": 0, "amber": 1}


@dataclass(frozen=True)
class Attention:
    """One Red or Amber seam's line on the brief."""

    seam: SeamMonth
    worst: str | None  # the key of its worst metric
    cause: chain.CauseLink | None  # the month's top root cause; None without misses
    action: agenda.Action | None  # the action answering that cause, else (no recorded cause) one still open
    no_action: bool  # a root cause no action answers, or a Red seam with no action open at all
    comment: Comment | None
    chain: chain.SeamChain

    @property
    def worst_value(self) -> MetricValue | None:
        """The worst metric's value, target and status."""
        return self.seam.metrics[self.worst] if self.worst else None


def shortfall(key: str, mv: MetricValue, band: float) -> float:
    """How far a metric is from its target, in amber bands (overdue counts: the count itself)."""
    if mv.value is None or mv.target is None:
        return 0.0
    step = max(band, 0.01)
    if key in HIGHER_IS_BETTER:
        return (mv.target - mv.value) / step
    if key in LOWER_IS_BETTER:
        return (mv.value - mv.target) / step
    if key in OVERDUE_COUNTS:
        return float(mv.value)
    return 0.0


def worst_metric(seam: SeamMonth, band: float) -> str | None:
    """The metric that makes the seam its colour, and among those the furthest from target."""
    keys = [k for k, mv in seam.metrics.items() if mv.status is not None and mv.status == seam.status]
    if not keys:
        return None
    return max(keys, key=lambda k: (shortfall(k, seam.metrics[k], band), -list(seam.metrics).index(k)))


def _line(book: Workbook, month: str, seam: SeamMonth, comments: dict[str, Comment]) -> Attention:
    links = chain.seam_chain(book, seam.seam_id, month)
    cause = chain.top_cause(links)
    if cause is not None and cause.recorded:
        action, no_action = cause.action, cause.action is None
    else:
        action = (cause.action if cause else None) or next(iter(links.open_actions), None)
        no_action = action is None and seam.status == "red"
    return Attention(
        seam,
        worst_metric(seam, book.settings.amber_band),
        cause,
        action,
        no_action,
        comments.get(seam.seam_id),
        links,
    )


def attention(book: Workbook, metrics: MonthMetrics, seam_ids: Iterable[str] | None = None) -> list[Attention]:
    """Red seams, then Amber ones; within each, the furthest from target first, then most misses."""
    chosen = None if seam_ids is None else set(seam_ids)
    comments = month_comments(book, metrics.month)
    band = book.settings.amber_band
    order = {s.seam_id: i for i, s in enumerate(metrics.seams)}
    lines = [
        _line(book, metrics.month, s, comments)
        for s in metrics.seams
        if s.status in _RANK and (chosen is None or s.seam_id in chosen)
    ]

    def rank(a: Attention) -> tuple:
        worst = shortfall(a.worst, a.seam.metrics[a.worst], band) if a.worst else 0.0
        return (_RANK[a.seam.status or ""], -worst, -(a.seam.metrics["misses"].value or 0), order[a.seam.seam_id])

    return sorted(lines, key=rank)
