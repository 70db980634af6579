"""The check that a Red seam's root causes of the month are each answered by an owner-led corrective action
(the chain miss → root cause → action of metrics.chain)."""

from __future__ import annotations

from tec_desktop.checks.base import Context, after_other_checks, usable
from tec_desktop.findings import Finding, finding
from tec_desktop.metrics.chain import seam_chain


@after_other_checks
def check_root_causes_answered(ctx: Context):
    """Each root cause of a Red seam's misses in the month has an open action answering it.

    A seam with no corrective action at all is reported once by the check of corrective actions, not
    once per root cause; Red is judged only on sound data, as there."""
    misses = ctx.book["Misses"]
    metrics = ctx.metrics if ctx.month is not None and ctx.data_is_sound() else None
    if metrics is None or not usable(misses, "root_cause", "seam_id", "date"):
        return []
    out: list[Finding] = []
    for seam in metrics.seams:
        if seam.status != "red":
            continue
        chain = seam_chain(ctx.book, seam.seam_id, metrics.month)
        if not any(a.status != "Dropped" for a in chain.actions):
            continue
        total = len(chain.misses)
        for cause in chain.unanswered:
            out.append(
                finding(
                    "cause-no-action",
                    "Misses",
                    misses.cell("root_cause", cause.first_row),
                    cause.first_row,
                    cause=cause.cause,
                    misses=cause.misses,
                    total=total,
                    seam=f"{seam.seam_id} ({seam.seam_name})",
                    month=ctx.month_label,
                    ids=tuple(cause.miss_ids),
                )
            )
    return out
