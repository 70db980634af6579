"""The business-day clock and the reporting month's window (spec §4).

Business days between two moments a and b are exactly
`numpy.busday_count(a.date(), b.date(), weekmask=<Work week>, holidays=<Holidays>)`: the working days
in [a's date, b's date), so the same day is 0 and b before a is negative. Month M runs from its
first day 00:00 up to (not including) the first day 00:00 of the next month.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tec_desktop.errors import TecError
from tec_desktop.months import month_label
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.settings_sheet import month_bounds, parse_month

_MOMENT = "datetime64[us]"


@dataclass(frozen=True, eq=False)
class Clock:
    """Counts business days under one work week and holiday list."""

    weekmask: str = "1111100"  # numpy style, Monday first
    holidays: np.ndarray = field(default_factory=lambda: np.array([], dtype="datetime64[D]"))
    _calendar: np.busdaycalendar = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if "1" not in self.weekmask:  # numpy refuses a week with no working day
            raise TecError("work-week-empty")
        # A busdaycalendar is numpy's prepared form of the same weekmask and holidays: same counts, faster.
        object.__setattr__(self, "_calendar", np.busdaycalendar(weekmask=self.weekmask, holidays=self.holidays))

    def business_days(self, start, end) -> np.ndarray:
        """Business days from each start to each end (arrays or scalars), as floats; NaN where either is missing."""
        a = np.asarray(start, dtype=_MOMENT)
        b = np.asarray(end, dtype=_MOMENT)
        a, b = np.broadcast_arrays(a, b)
        known = ~(np.isnat(a) | np.isnat(b))
        out = np.full(a.shape, np.nan)
        out[known] = np.busday_count(
            a[known].astype("datetime64[D]"), b[known].astype("datetime64[D]"), busdaycal=self._calendar
        )
        return out

    def add_business_days(self, start, days) -> np.ndarray:
        """The last date each start's allowance of `days` business days covers: `days` (rounded down) business
        days after the start, rolled forward to a business day first; NaT where the start or the count is
        missing. A decision waiting past this date has waited longer than its SLA."""
        a = np.asarray(start, dtype=_MOMENT).astype("datetime64[D]")
        n = np.asarray(days, dtype=float)
        a, n = np.broadcast_arrays(a, n)
        known = ~np.isnat(a) & np.isfinite(n)
        out = np.full(a.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        offsets = np.floor(n[known]).astype(np.int64)
        out[known] = np.busday_offset(a[known], offsets, roll="forward", busdaycal=self._calendar)
        return out


def book_clock(book: Workbook) -> Clock:
    """The clock of a workbook: its Work week setting and its Holidays sheet."""
    return Clock(book.settings.weekmask, book.holidays)


@dataclass(frozen=True)
class Month:
    """A calendar month as a window of moments: start <= t < next_start."""

    key: str  # 'YYYY-MM'

    @property
    def start(self) -> np.datetime64:
        """Its first day, 00:00."""
        return np.datetime64(month_bounds(self.key)[0], "us")

    @property
    def next_start(self) -> np.datetime64:
        """The first day of the next month, 00:00: the first moment after the month."""
        return np.datetime64(month_bounds(self.key)[1], "us")

    @property
    def last_day(self) -> np.datetime64:
        """Its last day (the date of its last moment, 23:59:59)."""
        return self.next_start.astype("datetime64[D]") - np.timedelta64(1, "D")

    @property
    def label(self) -> str:
        """'October 2026'."""
        return month_label(self.key)

    def contains(self, moments: np.ndarray) -> np.ndarray:
        """Which moments fall in the month (NaT never does)."""
        return (moments >= self.start) & (moments < self.next_start)

    def shifted(self, months: int) -> Month:
        """The month `months` later (earlier when negative)."""
        return Month(str(np.datetime64(self.key, "M") + np.timedelta64(months, "M")))


def month_of(text: str) -> Month:
    """'2026-10' (or a date in that month) as a Month; TecError when it is not a month."""
    key = parse_month(text) if text is not None else None
    if key is None:
        raise TecError("month-bad", text=text)
    return Month(key)


def trailing_months(month: Month, count: int = 6) -> tuple[Month, ...]:
    """`count` months ending with `month`, oldest first."""
    return tuple(month.shifted(k) for k in range(1 - count, 1))
