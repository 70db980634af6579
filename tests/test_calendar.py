"""The business-day clock and month windows."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tec_desktop.errors import TecError
from tec_desktop.metrics.clock import Clock, Month, book_clock, month_of, trailing_months
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook

NaT = np.datetime64("NaT")


def moments(*texts):
    return np.array(texts, dtype="datetime64[us]")


def test_same_day_is_zero_and_a_weekend_is_skipped():
    clock = Clock()
    # Fri 2 Oct 2026 17:00 -> Mon 5 Oct 09:00: only Friday counts
    got = clock.business_days(
        moments("2026-10-02T08:00", "2026-10-02T17:00", "2026-10-05T09:00"),
        moments("2026-10-02T17:00", "2026-10-05T09:00", "2026-10-02T17:00"),
    )
    assert got.tolist() == [0.0, 1.0, -1.0]


def test_holidays_and_work_week():
    holiday = np.array(["2026-10-12"], dtype="datetime64[D]")
    a, b = moments("2026-10-09T16:00"), moments("2026-10-13T09:00")  # Fri -> Tue over a holiday Monday
    assert Clock("1111100", holiday).business_days(a, b).tolist() == [1.0]
    assert Clock("1111100").business_days(a, b).tolist() == [2.0]
    assert Clock("1111111", holiday).business_days(a, b).tolist() == [3.0]  # Fri, Sat, Sun
    assert Clock("0111110").business_days(a, b).tolist() == [2.0]  # Tue-Sat week: Fri, Sat


def test_missing_moments_are_unknown_not_zero():
    got = Clock().business_days(moments("2026-10-01", "NaT", "2026-10-01"), moments("NaT", "2026-10-05", "2026-10-05"))
    assert np.isnan(got[:2]).all() and got[2] == 2.0


def test_scalar_end_broadcasts():
    got = Clock().business_days(moments("2026-10-01", "2026-10-30"), np.datetime64("2026-10-31", "D"))
    assert got.tolist() == [22.0, 1.0]


def test_a_week_without_working_days_is_refused():
    with pytest.raises(TecError, match="no working day"):
        Clock("0000000")


day = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.tuples(day, day), min_size=1, max_size=30),
    mask=st.lists(st.booleans(), min_size=7, max_size=7).filter(any),
    holidays=st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), max_size=10),
)
def test_clock_is_exactly_numpy_busday_count(pairs, mask, holidays):
    weekmask = "".join("1" if m else "0" for m in mask)
    hol = np.array(sorted(set(holidays)), dtype="datetime64[D]")
    got = Clock(weekmask, hol).business_days(
        np.array([a for a, _ in pairs], dtype="datetime64[us]"), np.array([b for _, b in pairs], dtype="datetime64[us]")
    )
    want = [np.busday_count(a.date(), b.date(), weekmask=weekmask, holidays=hol) for a, b in pairs]
    assert got.tolist() == want


def test_book_clock_reads_work_week_and_holidays(tmp_path):
    rows = rows_copy()
    rows["Settings"].append({"Setting": "Work week", "Value": "Mon Tue Wed Thu"})
    rows["Holidays"] = [{"Date": dt.datetime(2026, 10, 6), "Name": "Day off"}]
    clock = book_clock(read_workbook(write_workbook(tmp_path / "b.xlsx", rows)))
    assert clock.weekmask == "1111000"
    # Mon 5 -> Mon 12: Mon, Wed, Thu (Tue is a holiday, Fri-Sun are not work days)
    assert clock.business_days(moments("2026-10-05"), moments("2026-10-12")).tolist() == [3.0]


def test_month_window():
    m = month_of("2026-10")
    assert (m.key, m.label) == ("2026-10", "October 2026")
    assert m.start == np.datetime64("2026-10-01T00:00")
    assert m.next_start == np.datetime64("2026-11-01T00:00")
    assert m.last_day == np.datetime64("2026-10-31")
    inside = m.contains(
        moments("2026-09-30T23:59:59.999999", "2026-10-01T00:00", "2026-10-31T23:59:59", "2026-11-01T00:00", "NaT")
    )
    assert inside.tolist() == [False, True, True, False, False]


def test_december_and_february():
    assert Month("2026-12").next_start == np.datetime64("2027-01-01T00:00")
    assert Month("2028-02").last_day == np.datetime64("2028-02-29")


def test_months_before():
    assert Month("2026-02").shifted(-3).key == "2025-11"
    assert [m.key for m in trailing_months(Month("2026-03"))] == [
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
    ]


@pytest.mark.parametrize("text, key", [("2026-10", "2026-10"), ("2026-1", "2026-01"), ("2026-10-15", "2026-10")])
def test_month_of_accepts_a_month_or_a_date(text, key):
    assert month_of(text).key == key


@pytest.mark.parametrize("text", ["2026-13", "October", "", "2026-00"])
def test_month_of_refuses_what_is_not_a_month(text):
    with pytest.raises(TecError, match="not a month"):
        month_of(text)
