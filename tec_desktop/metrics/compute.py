"""The month's seam metrics (spec §4): values, targets, statuses, the Pareto of misses and 6-month trends.

`compute_month` never raises on a workbook with errors: a cell with a bad value, an empty date or a
duration that runs backwards is missing data, left out of the metrics that need it (see
metrics_data). Refusing a workbook with errors is the caller's decision (`tec metrics` does).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tec_desktop.errors import TecError
from tec_desktop.metrics.clock import Month, month_of, trailing_months
from tec_desktop.metrics.data import MetricsData, prepare
from tec_desktop.metrics.month import month_has_data, month_values
from tec_desktop.metrics.pareto import ParetoRow, pareto_rows, pareto_sentence
from tec_desktop.metrics.stats import group_median
from tec_desktop.metrics.status import status_for, target_for, worst
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Settings, Workbook

__all__ = [
    "METRIC_KEYS",
    "METRIC_LABELS",
    "COUNT_KEYS",
    "SHARE_KEYS",
    "DAYS_KEYS",
    "TREND_MONTHS",
    "NOT_RECORDED",
    "MetricValue",
    "SeamMonth",
    "ParetoRow",
    "MonthMetrics",
    "resolve_month",
    "compute_month",
]

METRIC_KEYS = (
    "items_completed",
    "sla_adherence",
    "queue_time_median",
    "queue_time_p85",
    "lead_time_median",
    "rework_rate",
    "first_pass_ready",
    "misses",
    "dependency_on_time",
    "decision_sla_adherence",
    "decisions_overdue",
    "actions_overdue",
)
METRIC_LABELS = {
    "items_completed": "Items completed",
    "sla_adherence": "SLA adherence",
    "queue_time_median": "Queue time (median, business days)",
    "queue_time_p85": "Queue time (85th percentile, business days)",
    "lead_time_median": "Lead time (median, business days)",
    "rework_rate": "Rework for missing requirements",
    "first_pass_ready": "Ready at first submit",
    "misses": "Misses",
    "dependency_on_time": "Dependencies met on time",
    "decision_sla_adherence": "Decisions within SLA",
    "decisions_overdue": "Decisions overdue",
    "actions_overdue": "Corrective actions overdue",
}
COUNT_KEYS = ("items_completed", "misses", "decisions_overdue", "actions_overdue")  # whole numbers
SHARE_KEYS = ("sla_adherence", "rework_rate", "first_pass_ready", "dependency_on_time", "decision_sla_adherence")
DAYS_KEYS = ("queue_time_median", "queue_time_p85", "lead_time_median")  # business days
TREND_MONTHS = 6  # the reporting month and the five before it
NOT_RECORDED = "Not recorded"  # the bucket of misses whose Type or Impact is empty or unreadable


@dataclass(frozen=True)
class MetricValue:
    """A metric's value (None: no data), the target its status is judged against, and its status."""

    value: float | None
    target: float | None
    status: str | None  # 'green' | 'amber' | 'red' | None


@dataclass(frozen=True)
class SeamMonth:
    """One Active or Pilot seam's month."""

    seam_id: str
    seam_name: str
    from_team: str
    to_team: str
    owner: str
    seam_status: str  # Pilot/Active
    status: str | None  # overall: the worst metric status; None when no metric has a colour
    metrics: dict[str, MetricValue]  # every METRIC_KEYS entry, in order
    lead_time_by_type: dict[str, float | None]  # request types with an SLA or completed in the month
    misses_by_type: dict[str, int]
    misses_by_impact: dict[str, int]


@dataclass(frozen=True)
class MonthMetrics:
    """The month's metrics for every Active and Pilot seam, the Pareto of misses and the trends."""

    month: str
    seams: tuple[SeamMonth, ...]  # Active and Pilot seams, workbook order
    pareto: tuple[ParetoRow, ...]
    pareto_sentence: str  # "2 seams explain 83% of misses", "" when none
    misses_by_type: dict[str, int]
    misses_by_impact: dict[str, int]
    total_misses: int
    trend: dict[str, dict[str, tuple[float | None, ...]]]  # seam_id -> key -> 6 values, oldest first, M last

    def seam(self, seam_id: str) -> SeamMonth:
        """The seam with this Seam ID; KeyError when it is not listed."""
        for s in self.seams:
            if s.seam_id == seam_id:
                return s
        raise KeyError(seam_id)


def resolve_month(book: Workbook, month: str | None) -> str:
    """The month to report: `month` ('2026-10') when given, else the Reporting month on Settings."""
    if month is not None:
        return month_of(month).key
    if book.settings.reporting_month:
        return book.settings.reporting_month
    raise TecError("month-missing", workbook=book.name)


def _plain(key: str, value: float) -> float | int | None:
    if np.isnan(value):
        return None
    return int(value) if key in COUNT_KEYS else float(value)


def _metric_values(values: dict[str, np.ndarray], code: int, settings: Settings) -> dict[str, MetricValue]:
    out = {}
    for key in METRIC_KEYS:
        value = _plain(key, values[key][code])
        out[key] = MetricValue(value, target_for(key, settings), status_for(key, value, settings))
    return out


def _tally(seam_codes: np.ndarray, labels: np.ndarray, choices: tuple[str, ...], n: int) -> np.ndarray:
    """Counts per seam (rows) and choice (columns, the last one NOT_RECORDED)."""
    k = len(choices) + 1
    cat = np.full(len(labels), len(choices))
    for i, choice in enumerate(choices):
        cat[labels == choice] = i
    keep = seam_codes >= 0
    return np.bincount(seam_codes[keep] * k + cat[keep], minlength=n * k).reshape(n, k)


def _as_dict(counts: np.ndarray, choices: tuple[str, ...]) -> dict[str, int]:
    out = {c: int(v) for c, v in zip(choices, counts)}
    if counts[-1]:
        out[NOT_RECORDED] = int(counts[-1])
    return out


def _lead_time_by_type(d: MetricsData, m: Month) -> dict[int, dict[str, float | None]]:
    """Per seam code: the median lead time of each request type completed in the month or with an SLA."""
    h = d.handoffs
    n, k = len(d.seams.ids), max(len(h.type_names), 1)
    pair = np.where((h.seam >= 0) & (h.type_code >= 0), h.seam * k + h.type_code, -1)
    done = m.contains(h.completed)
    medians = group_median(pair, h.lead_days, done, n * k)
    seen = np.unique(pair[done & (pair >= 0)]).tolist() + [seam * k + t for seam, t in h.sla_pairs]
    out: dict[int, dict[str, float | None]] = {code: {} for code in range(n)}
    for p in sorted(set(seen), key=lambda p: (p // k, h.type_names[p % k].casefold())):
        value = medians[p]
        out[p // k][h.type_names[p % k]] = None if np.isnan(value) else float(value)
    return out


def _no_data(book: Workbook, m: Month) -> TecError:
    return TecError("month-no-data", month=m.key, workbook=book.name, month_label=m.label)


@dataclass(frozen=True)
class _MissBreakdown:
    by_type: np.ndarray  # seams x (types + not recorded)
    by_impact: np.ndarray
    month_type: dict[str, int]
    month_impact: dict[str, int]
    pareto: tuple[ParetoRow, ...]


def _misses(d: MetricsData, m: Month) -> _MissBreakdown:
    """The month's misses by seam, Type and Impact, and their Pareto.

    The month's totals count every miss tagged to a Seam ID, as the Pareto does, so they add up to it.
    """
    mi, n = d.misses, len(d.seams.ids)
    tagged = m.contains(mi.date) & (mi.seam_id != None)  # noqa: E711 (element-wise on an object array)
    everyone = np.zeros(int(tagged.sum()), np.int64)
    names = dict(zip(d.seams.ids, (r["seam_name"] for r in d.seams.rows)))
    return _MissBreakdown(
        _tally(mi.seam[tagged], mi.type[tagged], schema.MISS_TYPES, n),
        _tally(mi.seam[tagged], mi.impact[tagged], schema.MISS_IMPACTS, n),
        _as_dict(_tally(everyone, mi.type[tagged], schema.MISS_TYPES, 1)[0], schema.MISS_TYPES),
        _as_dict(_tally(everyone, mi.impact[tagged], schema.MISS_IMPACTS, 1)[0], schema.MISS_IMPACTS),
        pareto_rows(mi.seam_id[tagged], names),
    )


def _seam_month(
    d: MetricsData,
    code: int,
    values: dict[str, np.ndarray],
    settings: Settings,
    misses: _MissBreakdown,
    lead_by_type: dict[str, float | None],
) -> SeamMonth:
    row = d.seams.rows[code]
    metrics = _metric_values(values, code, settings)
    return SeamMonth(
        d.seams.ids[code],
        row["seam_name"],
        row["from_team"],
        row["to_team"],
        row["owner"],
        row["status"],
        worst(v.status for v in metrics.values()),
        metrics,
        lead_by_type,
        _as_dict(misses.by_type[code], schema.MISS_TYPES),
        _as_dict(misses.by_impact[code], schema.MISS_IMPACTS),
    )


def compute_month(book: Workbook, month: str) -> MonthMetrics:
    """Every metric of the month for every Active and Pilot seam, the Pareto of misses and 6-month trends.

    Raises TecError when `month` is not a month or nothing at all is dated in it.
    """
    m = month_of(month)
    d = prepare(book)
    if not month_has_data(d, m):
        raise _no_data(book, m)
    history = [month_values(d, k) for k in trailing_months(m, TREND_MONTHS)]
    misses = _misses(d, m)
    lead_by_type = _lead_time_by_type(d, m)
    seams = tuple(
        _seam_month(d, code, history[-1], book.settings, misses, lead_by_type[code]) for code in d.seams.listed
    )
    trend = {
        d.seams.ids[code]: {key: tuple(_plain(key, values[key][code]) for values in history) for key in METRIC_KEYS}
        for code in d.seams.listed
    }
    return MonthMetrics(
        m.key,
        seams,
        misses.pareto,
        pareto_sentence(misses.pareto),
        misses.month_type,
        misses.month_impact,
        sum(r.misses for r in misses.pareto),
        trend,
    )
