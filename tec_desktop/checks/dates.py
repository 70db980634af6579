"""Checks on dates: order within a row, dates later than today, contracts not reviewed lately."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from tec_desktop.checks.base import Context, Params, blank, cell_findings, header, live_seams, usable
from tec_desktop.workbook.model import Table
from tec_desktop.workbook.values import show_date

# (sheet, earlier column, later column, only when this column is empty): the later may not precede the earlier.
# Dependencies have no start date, so their Met date has nothing to be compared with.
ORDER = (
    ("Handoffs", "submitted", "started", None),
    ("Handoffs", "started", "completed", None),
    ("Handoffs", "submitted", "completed", "started"),
    ("Decisions", "requested", "decided", None),
    ("Actions", "opened", "closed", None),
)

# Dates of things that happened, so they cannot be later than today (Due dates and holidays can).
EVENT_DATES = {
    "Seams": ("last_reviewed",),
    "Handoffs": ("submitted", "started", "completed"),
    "Misses": ("date",),
    "Dependencies": ("met",),
    "Decisions": ("requested", "decided"),
    "Actions": ("opened", "closed"),
}

REVIEW_DAYS = 35


def _dates(table: Table, key: str) -> np.ndarray:
    return table.frame[key].to_numpy(dtype="datetime64[us]")


def _future(ctx: Context, values: np.ndarray) -> np.ndarray:
    tomorrow = np.datetime64(ctx.today + dt.timedelta(days=1), "us")
    return ~np.isnat(values) & (values >= tomorrow)


def _before(late: np.ndarray, early: np.ndarray) -> np.ndarray:
    """late < early, by day when either has no time of day (a date typed without a time means 'that day')."""
    both = ~np.isnat(late) & ~np.isnat(early)
    late_day, early_day = late.astype("datetime64[D]"), early.astype("datetime64[D]")
    by_day = (late == late_day) | (early == early_day)
    return both & np.where(by_day, late_day < early_day, late < early)


@dataclass(frozen=True)
class OrderProblem:
    """Rows of one sheet where `late` precedes `early`; `at_early` marks those where the earlier date is
    later than today (a typo such as 2062), so the fix belongs in the earlier cell."""

    table: Table
    early: str
    late: str
    mask: np.ndarray
    at_early: np.ndarray


def order_problems(ctx: Context) -> list[OrderProblem]:
    """Every out-of-order pair of valid dates (computed once per run; the future-date check needs it too)."""
    out = []
    for sheet, early, late, unless in ORDER:
        table = ctx.book[sheet]
        if not usable(table, early, late):
            continue
        a, b = _dates(table, early), _dates(table, late)
        mask = _before(b, a)
        if unless is not None and table.has(unless):
            mask &= np.isnat(_dates(table, unless))
        if mask.any():
            # An earlier date later than today is the typo (2062 for 2026): point at it, not at the later date.
            at_early = mask & _future(ctx, a)
            out.append(OrderProblem(table, early, late, mask, at_early))
    return out


def check_date_order(ctx: Context):
    """Started after Submitted, Completed after Started, Decided after Requested, Closed after Opened."""
    out = []
    for p in ctx.shared(order_problems):
        a, b = _dates(p.table, p.early), _dates(p.table, p.late)
        eh, lh = header(p.table, p.early), header(p.table, p.late)

        def describe(i: int, a=a, b=b, eh=eh, lh=lh) -> Params:
            return {"later": lh, "later_date": show_date(b[i]), "earlier": eh, "earlier_date": show_date(a[i])}

        out += cell_findings(p.table, p.late, p.mask & ~p.at_early, "date-order", describe)
        out += cell_findings(p.table, p.early, p.at_early, "date-order", describe, form="typo")
    return out


def check_future_dates(ctx: Context):
    """Dates of events (not Due dates) that are later than today, such as 2062 typed for 2026."""
    reported: dict[tuple[str, str], np.ndarray] = {}
    for p in ctx.shared(order_problems):
        pair = (p.table.name, p.early)
        reported[pair] = reported[pair] | p.at_early if pair in reported else p.at_early
    today = show_date(np.datetime64(ctx.today))
    out = []
    for sheet, keys in EVENT_DATES.items():
        table = ctx.book[sheet]
        for key in keys:
            if not usable(table, key):
                continue
            values = _dates(table, key)
            mask = _future(ctx, values)
            if (sheet, key) in reported:
                mask &= ~reported[(sheet, key)]

            def describe(i: int, values=values, head=header(table, key)) -> Params:
                return {"column": head, "date": show_date(values[i]), "today": today}

            out += cell_findings(table, key, mask, "date-in-future", describe)
    return out


def check_contract_reviews(ctx: Context):
    """Pilot and Active seams whose contract was reviewed within 35 days of the month's end."""
    seams = ctx.book["Seams"]
    if ctx.month_range is None or not usable(seams, "seam_id", "last_reviewed"):
        return []
    month_end = (ctx.month_range[1] - np.timedelta64(1, "D")).astype("datetime64[D]")
    reviewed = _dates(seams, "last_reviewed")
    live = live_seams(seams) & seams.frame["seam_id"].notna().to_numpy()
    stale = (
        live & ~np.isnat(reviewed) & (month_end - reviewed.astype("datetime64[D]") > np.timedelta64(REVIEW_DAYS, "D"))
    )
    never = live & blank(seams, "last_reviewed")
    ids = seams.frame["seam_id"]
    end = show_date(month_end)
    return cell_findings(
        seams,
        "last_reviewed",
        stale,
        "contract-review-stale",
        lambda i: {
            "seam": ids.iat[i],
            "reviewed": show_date(reviewed[i]),
            "days": REVIEW_DAYS,
            "month": ctx.month_label,
            "month_end": end,
        },
    ) + cell_findings(seams, "last_reviewed", never, "contract-review-stale", lambda i: {"seam": ids.iat[i]}, "never")
