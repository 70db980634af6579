"""The check that a seam in trouble has an owner-led corrective action (spec §3)."""

from __future__ import annotations

import numpy as np

from tec_desktop.checks.base import Context, after_other_checks, cell_findings, filled, live_seams, seam_label, usable
from tec_desktop.findings import Finding, finding


def _red_seams(ctx: Context) -> tuple[set[str], list[Finding]]:
    """Seam IDs whose overall status is Red in the month (none when metrics cannot be computed)."""
    try:
        month = ctx.metrics
    except Exception as exc:  # the check must still list the workbook's problems when metrics fail
        from tec_desktop.crashlog import write_crash_log

        log = write_crash_log(exc)
        return set(), [finding("metrics-unavailable", "Seams", "", log=str(log))]
    if month is None:
        return set(), []
    return {s.seam_id for s in month.seams if s.status == "red"}, []


Window = tuple[np.datetime64, np.datetime64]  # the month: its first moment and the next month's


def _misses_in_month(ctx: Context, window: Window) -> dict[str, int]:
    misses = ctx.book["Misses"]
    if not usable(misses, "seam_id", "date"):
        return {}
    start, nxt = window
    dates = misses.frame["date"].to_numpy(dtype="datetime64[us]")
    inside = (dates >= start) & (dates < nxt)
    return misses.frame["seam_id"][inside].value_counts().to_dict()


def _covered_seams(ctx: Context, window: Window) -> set[str]:
    """Seams with an action opened in the month (not dropped) or still open at the month's end."""
    actions = ctx.book["Actions"]
    start, nxt = window
    f = actions.frame
    opened = f["opened"].to_numpy(dtype="datetime64[us]")
    status = f["status"].to_numpy(dtype=object, na_value=None)
    closed = f["closed"].to_numpy(dtype="datetime64[us]")  # all NaT when the optional column is absent
    finished = np.isin(status, ("Done", "Dropped"))
    # An action whose Status is unreadable counts as open: its status is reported, not a missing action.
    open_at_end = (opened < nxt) & np.where(np.isnat(closed), ~finished, closed >= nxt)
    opened_in_month = (opened >= start) & (opened < nxt) & (status != "Dropped")
    return set(f["seam_id"][(open_at_end | opened_in_month) & filled(actions, "seam_id")])


@after_other_checks
def check_corrective_actions(ctx: Context):
    """A Pilot or Active seam that is Red, or has misses in the month, has an owner-led corrective action.

    Red is judged only on sound data: a typo that makes a seam look Red is reported itself, once."""
    seams, actions = ctx.book["Seams"], ctx.book["Actions"]
    window = ctx.month_range
    if window is None or not usable(seams, "seam_id") or not usable(actions, "seam_id", "opened", "status"):
        return []
    ids = seams.frame["seam_id"]
    wanted = live_seams(seams) & filled(seams, "seam_id") & ~ids.isin(_covered_seams(ctx, window)).to_numpy()
    if not wanted.any():
        return []  # every seam has a corrective action: no need to work out which are Red
    red, notes = _red_seams(ctx) if ctx.data_is_sound() else (set(), [])
    misses = _misses_in_month(ctx, window)
    is_red = ids.map(lambda s: s in red).to_numpy(dtype=bool)
    missed = ids.map(lambda s: misses.get(s, 0) > 0).to_numpy(dtype=bool)

    def describe(i):
        return {"seam": seam_label(seams, i), "misses": misses.get(ids.iat[i], 0), "month": ctx.month_label}

    out = notes
    for form, mask in (("", ~is_red & missed), ("red", is_red & ~missed), ("red-and-misses", is_red & missed)):
        out += cell_findings(seams, "seam_id", wanted & mask, "action-missing", describe, form)
    return out
