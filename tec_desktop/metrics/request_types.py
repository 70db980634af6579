"""Each seam's SLAs by request type for the month: the measure and target, how many items were
completed, the share within target, and the median and 85th percentile of the measured time.

The measured time is the SLA's Measure (Queue time: Submitted → Started; Lead time: Submitted →
Completed) in business days, over the handoffs completed in the month, as `sla_adherence` counts them
(spec §4). A request type without an SLA is measured on its lead time and has no target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tec_desktop.metrics.clock import month_of
from tec_desktop.metrics.data import MetricsData, prepare
from tec_desktop.metrics.per_book import per_book
from tec_desktop.metrics.stats import group_count, group_median, group_percentile, group_share
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook


@dataclass(frozen=True)
class RequestTypeMonth:
    """One request type of a seam in the month."""

    request_type: str
    measure: str  # 'Queue time', 'Lead time'; 'Lead time' too for a type without an SLA
    target: float | None  # business days; None without an SLA
    items: int  # handoffs completed in the month
    adherence: float | None  # share of those measured within the target; None without an SLA or items
    median: float | None  # business days, None without items
    p85: float | None


def _slas(book: Workbook, d: MetricsData) -> dict[tuple[int, int], tuple[str, float]]:
    """(seam code, request type code) -> (measure, target) of each valid SLA row (the first, if two)."""
    slas = book["SLAs"]
    if not len(slas) or not all(slas.has(k) for k in ("seam_id", "request_type", "measure", "target_days")):
        return {}
    codes = {schema.normalize_header(name): i for i, name in enumerate(d.handoffs.type_names)}
    out: dict[tuple[int, int], tuple[str, float]] = {}
    seam_codes = d.seams.codes(slas)
    frame = slas.frame
    for seam, rtype, measure, target in zip(seam_codes, frame["request_type"], frame["measure"], frame["target_days"]):
        if seam < 0 or not isinstance(rtype, str) or measure not in schema.MEASURES:
            continue
        try:
            value = float(target)
        except (TypeError, ValueError):
            continue
        if not np.isfinite(value) or value <= 0:
            continue
        code = codes.get(schema.normalize_header(rtype))
        if code is not None:
            out.setdefault((int(seam), code), (str(measure), value))
    return out


def _value(values: np.ndarray, i: int) -> float | None:
    return None if np.isnan(values[i]) else float(values[i])


def _month(book: Workbook, month: str) -> dict[str, tuple[RequestTypeMonth, ...]]:
    d = per_book(book, prepare)
    m = month_of(month)
    h = d.handoffs
    n, k = len(d.seams.ids), max(len(h.type_names), 1)
    pair = np.where((h.seam >= 0) & (h.type_code >= 0), h.seam * k + h.type_code, -1)
    done = m.contains(h.completed)
    has_sla = ~np.isnan(h.sla_target)
    measured = np.where(has_sla, h.sla_days, h.lead_days)
    items = group_count(pair, done, n * k)
    adherence = group_share(pair, done & ~np.isnan(h.sla_days), h.sla_days <= h.sla_target, n * k)
    median = group_median(pair, measured, done, n * k)
    p85 = group_percentile(pair, measured, done, n * k, 85)
    slas = _slas(book, d)
    seen = set(np.unique(pair[done & (pair >= 0)]).tolist()) | {s * k + t for s, t in slas}
    out: dict[str, list[RequestTypeMonth]] = {}
    for p in sorted(seen, key=lambda p: (p // k, h.type_names[p % k].casefold())):
        seam, rtype = divmod(p, k)
        measure, target = slas.get((seam, rtype), ("Lead time", None))

        out.setdefault(d.seams.ids[seam], []).append(
            RequestTypeMonth(
                h.type_names[rtype],
                measure,
                target,
                int(items[p]),
                _value(adherence, p) if target is not None else None,
                _value(median, p),
                _value(p85, p),
            )
        )
    return {sid: tuple(rows) for sid, rows in out.items()}


def seam_request_types(book: Workbook, month: str, seam_id: str) -> tuple[RequestTypeMonth, ...]:
    """A seam's request types that have an SLA or were completed in the month, by name."""
    months = per_book(book, _months)
    if month not in months:
        months[month] = _month(book, month)
    return months[month].get(seam_id, ())


def _months(book: Workbook) -> dict[str, dict[str, tuple[RequestTypeMonth, ...]]]:
    """A workbook's request-type tables by month, filled as they are asked for (never holding the workbook)."""
    return {}
