"""Checks of the optional Commentary sheet: each comment names a month, and a seam has one comment a month.

Unknown Seam IDs and authors are found by the checks of every Seam ID and person column (refs).
"""

from __future__ import annotations

import numpy as np

from tec_desktop.checks.base import Context, cell_findings, filled, usable
from tec_desktop.months import month_label
from tec_desktop.workbook import schema
from tec_desktop.workbook.settings_sheet import parse_month


def _months(ctx: Context) -> list[str | None]:
    table = ctx.book["Commentary"]
    return [parse_month(v) if isinstance(v, str) else None for v in table.frame["month"]]


def check_comment_months(ctx: Context):
    """A comment's Month is a month: 2026-10, or a date in it."""
    table = ctx.book["Commentary"]
    if not usable(table, "month"):
        return []
    bad = filled(table, "month") & np.array([m is None for m in _months(ctx)], bool)
    values = table.frame["month"]
    return cell_findings(table, "month", bad, "comment-month-bad", lambda i: {"value": values.iat[i]})


def check_comment_duplicates(ctx: Context):
    """A seam has at most one comment for a month (which one would the scorecards print?)."""
    table = ctx.book["Commentary"]
    if not usable(table, "seam_id", "month"):
        return []
    months = _months(ctx)
    first: dict[tuple[str, str], int] = {}
    dup = np.zeros(len(table), bool)
    rows = table.frame["row"].to_numpy()
    seams = table.frame["seam_id"]
    earlier: dict[int, int] = {}
    for i, (sid, month) in enumerate(zip(seams, months)):
        if not isinstance(sid, str) or month is None:
            continue
        key = (schema.normalize_header(sid), month)
        if key in first:
            dup[i] = True
            earlier[i] = int(rows[first[key]])
        else:
            first[key] = i

    def describe(i: int) -> dict[str, object]:
        return {"seam": seams.iat[i], "month": month_label(months[i]), "first_row": earlier[i]}

    return cell_findings(table, "month", dup, "comment-duplicate", describe)
