"""How numbers, dates and changes are written on the scorecards.

Shares as whole percentages, business days with one decimal, counts as integers, '—' for no
data. Month and day names are spelled here rather than by strftime, whose output follows the
process locale (the desktop app sets one) and would make two runs differ.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import pandas as pd

from tec_desktop.metrics import compute, status
from tec_desktop.months import month_abbr

if TYPE_CHECKING:  # typing.TypeIs arrives with Python 3.13
    from typing_extensions import TypeIs

DASH = "—"

SHARE_KEYS = frozenset(compute.SHARE_KEYS)
DAY_KEYS = frozenset(compute.DAYS_KEYS)
# Which way is better, for the change vs last month (the targets say it only for the coloured metrics).
LOWER_IS_BETTER = frozenset(
    {
        "rework_rate",
        "queue_time_median",
        "queue_time_p85",
        "lead_time_median",
        "misses",
        "decisions_overdue",
        "actions_overdue",
    }
)
NEUTRAL = frozenset({"items_completed"})


def missing(value: object) -> TypeIs[None]:
    """No value: None or NaN (typed as None, so that a value that is not missing is a float)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _round(value: float, places: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _places(value: float, thresholds: tuple[float | None, ...]) -> int:
    """Decimals a share needs so that rounding does not hide which side of a threshold it is on (at most 2)."""
    places = 0
    for limit in thresholds:
        if limit is not None and not missing(limit):
            while places < 2 and _differs(value, limit, places):
                places += 1
    return places


def pct(value: float | None, *thresholds: float | None) -> str:
    """0.923 -> '92%'. Adds decimals when rounding would hide which side of a threshold the value is on."""
    if value is None or missing(value):
        return DASH
    return f"{_round(value * 100, _places(value, thresholds))}%"


def _differs(value: float, target: float, places: int) -> bool:
    # The same margin as the status rules, so float noise (0.8999999999999999) is not 'below 90%'.
    side = 0 if abs(value - target) <= status.EPSILON else (1 if value > target else -1)
    shown, goal = _round(value * 100, places), _round(target * 100, places)
    return side != (shown > goal) - (shown < goal)


def days(value: float | None) -> str:
    """Business days with one decimal: 2.5."""
    return DASH if value is None or missing(value) else f"{_round(value, 1)}"


def count(value: float | None) -> str:
    """A whole number: 12."""
    return DASH if value is None or missing(value) else f"{int(round(value)):,}"


def metric(key: str, value: float | None, *thresholds: float | None) -> str:
    """A metric value written the way its kind is read (thresholds: see pct)."""
    if key in SHARE_KEYS:
        return pct(value, *thresholds)
    if key in DAY_KEYS:
        return days(value)
    return count(value)


def target(key: str, value: float | None) -> str:
    """A target with its comparison: '≥ 90%', '≤ 10%', '0'."""
    if missing(value):
        return DASH
    if key in SHARE_KEYS:
        return f"{'≤' if key in LOWER_IS_BETTER else '≥'} {pct(value)}"
    if key in DAY_KEYS:
        return f"≤ {days(value)}"
    return f"{'≤ ' if value else ''}{count(value)}"


BETTER, WORSE = "better", "worse"


def change(key: str, now: float | None, before: float | None, *thresholds: float | None) -> tuple[str, int]:
    """Change vs last month in words that survive grey print: '+5 pts better', '−0.5 worse', 'no change'.

    Worked out from the values as printed (rounded as `metric` rounds them, with the same thresholds),
    so 57% after 62% reads '−5 pts', never '−4 pts'. The sense: 1 better, -1 worse, 0 neither (a
    metric with no better direction, such as items completed, says only how much it moved).
    """
    if now is None or before is None or missing(now) or missing(before):
        return DASH, 0
    if key in SHARE_KEYS:
        places = max(_places(now, thresholds), _places(before, thresholds))
        delta = _round(now * 100, places) - _round(before * 100, places)
        unit = " pts"
    elif key in DAY_KEYS:
        delta = _round(now, 1) - _round(before, 1)
        unit = ""
    else:
        delta = _round(now, 0) - _round(before, 0)
        unit = ""
    if delta == 0:
        return "no change", 0
    sign = "+" if delta > 0 else "−"
    text = f"{sign}{abs(delta)}{unit}"
    if key in NEUTRAL:
        return text, 0
    sense = 1 if (delta < 0) == (key in LOWER_IS_BETTER) else -1
    return f"{text} {BETTER if sense > 0 else WORSE}", sense


def date(value) -> str:
    """'3 Oct 2026'; '—' for no date."""
    if value is None:
        return DASH
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return DASH
    return f"{ts.day} {month_abbr(ts.month)} {ts.year}"


def bdays(value: float | None) -> str:
    """A business-day age: '1 business day', '12 business days'."""
    if value is None or missing(value):
        return DASH
    n = int(value)
    return f"{n} business day{'' if n == 1 else 's'}"
