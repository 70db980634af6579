"""One month's value of every spec §4 metric for every seam, computed column-wise.

Each function returns one float per seam (in Seams order), NaN for "no data". Counts are NaN for a
seam with nothing recorded in the month (see `seam_has_data`) and when the sheet or a column they
count is absent from the workbook; otherwise 0 is a real zero.
"""

from __future__ import annotations

import numpy as np

from tec_desktop.metrics.clock import Month
from tec_desktop.metrics.data import MetricsData
from tec_desktop.metrics.stats import group_count, group_median, group_percentile, group_share


def seam_has_data(d: MetricsData, m: Month) -> np.ndarray:
    """Seams with anything in play in the month.

    A handoff submitted by month end and not completed before it; a miss in the month; a dependency
    due or met in it; a decision requested by month end and not decided before it; an action opened by
    month end and not finished before it.
    """
    n = len(d.seams.ids)
    h, dec, act = d.handoffs, d.decisions, d.actions
    rows = [
        (h.seam, (h.submitted < m.next_start) & ~(h.completed < m.start)),
        (d.misses.seam, m.contains(d.misses.date)),
        (d.dependencies.seam, m.contains(d.dependencies.due) | m.contains(d.dependencies.met)),
        (dec.seam, (dec.requested < m.next_start) & dec.date_known & ~(dec.decided < m.start)),
        (act.seam, (act.opened < m.next_start) & act.closed_known & ((act.closed >= m.start) | act.open_undated)),
    ]
    return np.sum([group_count(codes, mask, n) for codes, mask in rows], axis=0) > 0


def month_has_data(d: MetricsData, m: Month) -> bool:
    """Anything at all dated in the month: a handoff submitted, started or completed, a miss, a dependency
    due, a decision requested or decided, an action opened or due."""
    h, dec, act = d.handoffs, d.decisions, d.actions
    dated = (
        h.submitted,
        h.started,
        h.completed,
        d.misses.date,
        d.dependencies.due,
        dec.requested,
        dec.decided,
        act.opened,
        act.due,
    )
    return any(m.contains(column).any() for column in dated)


def _counted(values: np.ndarray, has_data: np.ndarray, known: bool = True) -> np.ndarray:
    out = values.astype(float)
    out[~has_data] = np.nan
    return out if known else np.full_like(out, np.nan)


def handoff_metrics(d: MetricsData, m: Month, has_data: np.ndarray) -> dict[str, np.ndarray]:
    """items_completed, sla_adherence, queue and lead times, rework_rate, first_pass_ready."""
    h, n = d.handoffs, len(d.seams.ids)
    done = m.contains(h.completed)
    started = m.contains(h.started)
    with_sla = done & ~np.isnan(h.sla_days)
    ready_known = m.contains(h.submitted) & ~np.isnan(h.ready_first)
    return {
        "items_completed": _counted(group_count(h.seam, done, n), has_data, h.has_completed),
        "sla_adherence": group_share(h.seam, with_sla, h.sla_days <= h.sla_target, n),
        "queue_time_median": group_median(h.seam, h.queue_days, started, n),
        "queue_time_p85": group_percentile(h.seam, h.queue_days, started, n, 85),
        "lead_time_median": group_median(h.seam, h.lead_days, done, n),
        "rework_rate": group_share(h.seam, done & ~np.isnan(h.rework_mr), h.rework_mr == 1, n),
        "first_pass_ready": group_share(h.seam, ready_known, h.ready_first == 1, n),
    }


def misses_count(d: MetricsData, m: Month, has_data: np.ndarray) -> np.ndarray:
    """Misses dated in the month."""
    return _counted(group_count(d.misses.seam, m.contains(d.misses.date), len(d.seams.ids)), has_data, d.misses.known)


def dependency_on_time(d: MetricsData, m: Month) -> np.ndarray:
    """Of dependencies due in the month and not Cancelled: the share met on or before their Due date."""
    dep = d.dependencies
    return group_share(dep.seam, m.contains(dep.due) & dep.counted, dep.on_time, len(d.seams.ids))


def decision_metrics(d: MetricsData, m: Month, has_data: np.ndarray) -> dict[str, np.ndarray]:
    """decision_sla_adherence and decisions_overdue.

    Overdue: requested by month end, not decided by then, and more business days from Requested to the
    month's last day than its SLA. A decision whose Decided date is unknown is left out.
    """
    dec, n = d.decisions, len(d.seams.ids)
    judged = m.contains(dec.decided) & ~np.isnan(dec.days) & ~np.isnan(dec.sla)
    open_at_end = (dec.requested < m.next_start) & dec.date_known & ~(dec.decided < m.next_start)
    waited = d.clock.business_days(dec.requested, m.last_day)
    overdue = open_at_end & (waited > dec.sla)  # NaN SLA compares False
    return {
        "decision_sla_adherence": group_share(dec.seam, judged, dec.days <= dec.sla, n),
        "decisions_overdue": _counted(group_count(dec.seam, overdue, n), has_data, dec.known),
    }


def actions_overdue(d: MetricsData, m: Month, has_data: np.ndarray) -> np.ndarray:
    """Actions opened by month end, due by its last day and not finished by its end.

    Not finished: Closed after month end, or no Closed date while Status is Open or In progress.
    """
    a = d.actions
    unfinished = a.closed_known & ((a.closed >= m.next_start) | a.open_undated)
    overdue = (a.opened < m.next_start) & (a.due < m.next_start) & unfinished
    return _counted(group_count(a.seam, overdue, len(d.seams.ids)), has_data, a.known)


def month_values(d: MetricsData, m: Month) -> dict[str, np.ndarray]:
    """Every metric for every seam in one month (NaN: no data)."""
    has_data = seam_has_data(d, m)
    values = handoff_metrics(d, m, has_data)
    values["misses"] = misses_count(d, m, has_data)
    values["dependency_on_time"] = dependency_on_time(d, m)
    values.update(decision_metrics(d, m, has_data))
    values["actions_overdue"] = actions_overdue(d, m, has_data)
    return values
