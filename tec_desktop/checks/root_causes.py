"""The check that a Red seam's root causes of the month are each answered by an owner-led corrective action
(the chain miss → root cause → action of metrics.chain)."""

from __future__ import annotations

from tec_desktop.checks.base import Context, after_other_checks, usable
from tec_desktop.findings import WARNING, Finding
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
    out = []
    for seam in metrics.seams:
        if seam.status != "red":
            continue
        chain = seam_chain(ctx.book, seam.seam_id, metrics.month)
        if not any(a.status != "Dropped" for a in chain.actions):
            continue
        total = len(chain.misses)
        for cause in chain.unanswered:
            cell = misses.cell("root_cause", cause.first_row)
            shown = ", ".join(cause.miss_ids[:5]) + (f" and {len(cause.miss_ids) - 5} more" if cause.misses > 5 else "")
            out.append(
                Finding(
                    WARNING,
                    "cause-no-action",
                    "Misses",
                    cell,
                    f"Misses {cell}: the root cause '{cause.cause}' explains {cause.misses} of {total} "
                    f"misses of Red seam {seam.seam_id} ({seam.seam_name}) in {ctx.month_label} ({shown}), but no "
                    "open corrective action answers it. On Actions, give an action this Root cause or list "
                    "these misses in its Linked miss IDs.",
                    cause.first_row,
                )
            )
    return out
