"""The check that every Active and Pilot seam has something recorded in the reporting month."""

from __future__ import annotations

import numpy as np

from tec_desktop.checks.base import Context, after_other_checks, cell_findings, live_seams, seam_label, usable


@after_other_checks
def check_seams_without_activity(ctx: Context):
    """An Active or Pilot seam with no handoff, miss, dependency, decision or action in play in the month:
    its scorecard would show — for every metric. Usually a Seam ID typed differently on the logs, or a
    seam no longer used."""
    seams = ctx.book["Seams"]
    metrics = ctx.metrics if ctx.month is not None else None
    if metrics is None or not usable(seams, "seam_id"):
        return []
    quiet = {s.seam_id for s in metrics.seams if all(mv.value is None for mv in s.metrics.values())}
    if not quiet:
        return []
    ids = seams.frame["seam_id"]
    mask = live_seams(seams) & np.array([sid in quiet for sid in ids], bool)
    return cell_findings(
        seams, "seam_id", mask, "seam-no-activity", lambda i: {"seam": seam_label(seams, i), "month": ctx.month_label}
    )
