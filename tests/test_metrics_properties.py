"""Invariants of the metrics on random workbooks (hypothesis).

Workbooks are built in memory through the reader's own table builder (the cells as calamine hands
them over), so that each example takes milliseconds; the hand-counted workbook in test_metrics.py
goes through a real .xlsx file.
"""

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tec_desktop.errors import TecError
from tec_desktop.metrics.compute import COUNT_KEYS, DAYS_KEYS, METRIC_KEYS, SHARE_KEYS, compute_month
from tec_desktop.metrics.pareto import pareto_rows, pareto_sentence
from tec_desktop.metrics.stats import group_median, group_percentile
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.reader import _build_table
from tec_desktop.workbook.settings_sheet import read_settings

SEAMS = ("S-01", "S-02", "S-03")
TYPES = ("Custom integration", "Sign-off", "Data extract")
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def book_from(records: dict[str, list[dict]]) -> Workbook:
    """A Workbook from rows keyed by header, typed by the reader's table builder."""
    tables = {}
    for sheet in schema.SHEETS:
        header = [c.header for c in sheet.columns]
        rows = [header] + [["" if r.get(h) is None else r[h] for h in header] for r in records.get(sheet.name, [])]
        tables[sheet.name], _ = _build_table(sheet, rows, [])
    book_settings, _ = read_settings(tables["Settings"])
    return Workbook(Path("random.xlsx"), "0" * 64, tables, book_settings)


# ---------------------------------------------------------------- strategies

moment = st.datetimes(min_value=dt.datetime(2026, 8, 20), max_value=dt.datetime(2026, 11, 10)).map(
    lambda t: t.replace(second=0, microsecond=0)
)
gap = st.one_of(st.none(), st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=20)))
maybe_yes = st.sampled_from([None, "Yes", "No"])


@st.composite
def handoff(draw, i):
    submitted = draw(moment)
    started_gap, done_gap = draw(gap), draw(gap)
    started = submitted + started_gap if started_gap is not None else None
    completed = (started or submitted) + done_gap if done_gap is not None else None
    reworked = draw(maybe_yes)
    return {
        "Item ID": f"H-{i}",
        "Seam ID": draw(st.sampled_from(SEAMS)),
        "Request type": draw(st.sampled_from(TYPES)),
        "Submitted": submitted,
        "Started": started,
        "Completed": completed,
        "Ready at first submit": draw(maybe_yes),
        "Reworked": reworked,
        "Rework reason": draw(st.sampled_from(schema.REWORK_REASONS)) if reworked == "Yes" else None,
    }


@st.composite
def workbook_rows(draw):
    n = draw(st.integers(0, 25))
    handoffs = [draw(handoff(i)) for i in range(n)]
    # one handoff in October, so that the month always has data
    handoffs.append(
        {"Item ID": "H-oct", "Seam ID": "S-01", "Request type": TYPES[0], "Submitted": dt.datetime(2026, 10, 5)}
    )
    slas = [
        {
            "Seam ID": s,
            "Request type": t,
            "Measure": draw(st.sampled_from(schema.MEASURES)),
            "Target (business days)": draw(st.integers(1, 6)),
        }
        for s in SEAMS
        for t in TYPES
        if draw(st.booleans())
    ]
    misses = [
        {
            "Miss ID": f"M-{i}",
            "Date": draw(moment),
            "Seam ID": draw(st.sampled_from(SEAMS + ("S-09",))),
            "Type": draw(st.sampled_from(schema.MISS_TYPES)),
            "Description": "x",
            "Impact": draw(st.sampled_from((None,) + schema.MISS_IMPACTS)),
        }
        for i in range(draw(st.integers(0, 12)))
    ]
    deps = []
    for i in range(draw(st.integers(0, 8))):
        due = draw(moment)
        met_gap = draw(st.one_of(st.none(), st.integers(-5, 5)))
        deps.append(
            {
                "Dependency ID": f"D-{i}",
                "Seam ID": draw(st.sampled_from(SEAMS)),
                "Description": "x",
                "Owner": "Ann",
                "Due": due,
                "Met": due + dt.timedelta(days=met_gap) if met_gap is not None else None,
                "Status": draw(st.sampled_from((None,) + schema.DEPENDENCY_STATUSES)),
            }
        )
    decisions = []
    for i in range(draw(st.integers(0, 8))):
        requested, wait = draw(moment), draw(gap)
        decisions.append(
            {
                "Decision ID": f"DEC-{i}",
                "Seam ID": draw(st.sampled_from(SEAMS)),
                "Decision": "x",
                "Decider": "Ann",
                "Requested": requested,
                "Decided": requested + wait if wait is not None else None,
                "SLA (business days)": draw(st.integers(1, 8)),
            }
        )
    actions = []
    for i in range(draw(st.integers(0, 8))):
        opened, due_gap, closed_gap = draw(moment), draw(st.integers(0, 30)), draw(gap)
        actions.append(
            {
                "Action ID": f"A-{i}",
                "Seam ID": draw(st.sampled_from(SEAMS)),
                "Action": "x",
                "Owner": "Ann",
                "Opened": opened,
                "Due": opened + dt.timedelta(days=due_gap),
                "Status": draw(st.sampled_from(schema.ACTION_STATUSES)),
                "Closed": opened + closed_gap if closed_gap is not None else None,
            }
        )
    return {
        "Settings": [
            {"Setting": "Organization", "Value": "Random"},
            {"Setting": "Reporting month", "Value": "2026-10"},
        ],
        "People": [{"Name": "Ann", "Email": "ann@example.com", "Team": "Ops", "Role": "Seam owner"}],
        "Seams": [
            {
                "Seam ID": s,
                "Seam name": f"Seam {s}",
                "From team": "A",
                "To team": "B",
                "Accountable owner": "Ann",
                "Status": "Active",
            }
            for s in SEAMS
        ],
        "SLAs": slas,
        "Handoffs": handoffs,
        "Misses": misses,
        "Dependencies": deps,
        "Decisions": decisions,
        "Actions": actions,
        "Holidays": [{"Date": dt.datetime(2026, 10, 12)}] if draw(st.booleans()) else [],
    }


# ---------------------------------------------------------------- invariants


@PROPS
@given(rows=workbook_rows())
def test_values_are_in_range_and_statuses_follow_values(rows):
    result = compute_month(book_from(rows), "2026-10")
    for seam in result.seams:
        for key, mv in seam.metrics.items():
            v = mv.value
            if key in SHARE_KEYS and v is not None:
                assert 0.0 <= v <= 1.0, key
            if key in COUNT_KEYS and v is not None:
                assert type(v) is int and v >= 0, key
            if key in DAYS_KEYS and v is not None:
                assert v >= 0 and math.isfinite(v), key
            assert (mv.status is None) == (v is None or mv.target is None), key
        qm, qp = seam.metrics["queue_time_median"].value, seam.metrics["queue_time_p85"].value
        assert (qm is None) == (qp is None)
        assert qm is None or qp >= qm
        for key in METRIC_KEYS:
            assert result.trend[seam.seam_id][key][-1] == seam.metrics[key].value
        assert sum(seam.misses_by_type.values()) == sum(seam.misses_by_impact.values())
        if seam.metrics["misses"].value is not None:
            assert sum(seam.misses_by_type.values()) == seam.metrics["misses"].value


@PROPS
@given(rows=workbook_rows())
def test_pareto_adds_up_to_every_miss(rows):
    result = compute_month(book_from(rows), "2026-10")
    october = [m for m in rows["Misses"] if dt.datetime(2026, 10, 1) <= m["Date"] < dt.datetime(2026, 11, 1)]
    assert result.total_misses == len(october) == sum(p.misses for p in result.pareto)
    assert sum(result.misses_by_type.values()) == len(october)
    if result.pareto:
        assert result.pareto[-1].cumulative_share == 1.0
        cum = [p.cumulative_share for p in result.pareto]
        assert cum == sorted(cum)
        order = [(-p.misses, p.seam_id) for p in result.pareto]
        assert order == sorted(order)
    else:
        assert result.pareto_sentence == ""


def _same_day_handoff(seam, kind):
    t = dt.datetime(2026, 10, 14, 9)
    return {
        "Item ID": "H-new",
        "Seam ID": seam,
        "Request type": kind,
        "Submitted": t,
        "Started": t,
        "Completed": t + dt.timedelta(hours=2),
        "Ready at first submit": "Yes",
        "Reworked": "No",
    }


def _at_least(after, before):
    return before is None and after is not None or before is None and after is None or after >= before - 1e-12


@PROPS
@given(rows=workbook_rows(), seam=st.sampled_from(SEAMS), kind=st.sampled_from(TYPES))
def test_an_on_time_handoff_never_lowers_sla_adherence_nor_raises_rework(rows, seam, kind):
    before = compute_month(book_from(rows), "2026-10").seam(seam).metrics
    rows["Handoffs"].append(_same_day_handoff(seam, kind))
    after = compute_month(book_from(rows), "2026-10").seam(seam).metrics
    assert _at_least(after["sla_adherence"].value, before["sla_adherence"].value)
    assert after["items_completed"].value == (before["items_completed"].value or 0) + 1
    assert after["rework_rate"].value <= (before["rework_rate"].value if before["rework_rate"].value is not None else 1)
    has_sla = any(s["Seam ID"] == seam and s["Request type"] == kind for s in rows["SLAs"])
    if has_sla:
        assert after["sla_adherence"].value is not None


@PROPS
@given(rows=workbook_rows(), seam=st.sampled_from(SEAMS))
def test_an_on_time_decision_or_dependency_never_lowers_its_share(rows, seam):
    before = compute_month(book_from(rows), "2026-10").seam(seam).metrics
    rows["Decisions"].append(
        {
            "Decision ID": "DEC-new",
            "Seam ID": seam,
            "Decision": "x",
            "Decider": "Ann",
            "Requested": dt.datetime(2026, 10, 6),
            "Decided": dt.datetime(2026, 10, 7),
            "SLA (business days)": 1,
        }
    )
    rows["Dependencies"].append(
        {
            "Dependency ID": "D-new",
            "Seam ID": seam,
            "Description": "x",
            "Owner": "Ann",
            "Due": dt.datetime(2026, 10, 20),
            "Met": dt.datetime(2026, 10, 20),
            "Status": "Met",
        }
    )
    after = compute_month(book_from(rows), "2026-10").seam(seam).metrics
    for key in ("decision_sla_adherence", "dependency_on_time"):
        assert after[key].value is not None
        assert _at_least(after[key].value, before[key].value), key


@settings(max_examples=300, deadline=None)
@given(counts=st.lists(st.integers(1, 40), min_size=1, max_size=15))
def test_pareto_sentence_names_the_fewest_seams_reaching_80_percent(counts):
    ids = np.array([f"S-{i:02d}" for i, c in enumerate(counts) for _ in range(c)], dtype=object)
    rows = pareto_rows(ids, {})
    total = sum(counts)
    assert rows[-1].cumulative_share == 1.0
    assert all(0 < r.share <= 1 for r in rows)
    sentence = pareto_sentence(rows)
    n, percent = int(sentence.split()[0]), int(sentence.split()[-3].rstrip("%"))
    covered = sum(r.misses for r in rows[:n])
    assert covered * 5 >= total * 4  # n seams reach 80%...
    assert n == 1 or sum(r.misses for r in rows[: n - 1]) * 5 < total * 4  # ...and n - 1 do not
    assert 80 <= percent <= 100
    assert abs(percent - 100 * covered / total) <= 1
    assert percent < 100 or covered == total
    assert ("1 seam explains" in sentence) == (n == 1)


@settings(max_examples=300, deadline=None)
@given(
    groups=st.lists(st.lists(st.integers(0, 60), max_size=12), min_size=1, max_size=6),
    q=st.sampled_from([85, 50, 90, 10, 99]),
)
def test_group_median_and_percentile_match_numpy_bit_for_bit(groups, q):
    codes = np.array([g for g, values in enumerate(groups) for _ in values], dtype=np.int64)
    values = np.array([v for values in groups for v in values], dtype=float)
    rng = np.random.default_rng(len(values))
    order = rng.permutation(len(values))
    codes, values = codes[order], values[order]
    mask = np.ones(len(values), bool)
    med = group_median(codes, values, mask, len(groups))
    pct = group_percentile(codes, values, mask, len(groups), q)
    for g, vals in enumerate(groups):
        if vals:
            assert med[g] == np.median(vals)
            assert pct[g] == np.percentile(vals, q)
        else:
            assert np.isnan(med[g]) and np.isnan(pct[g])


def test_group_stats_skip_unknown_seams_masked_rows_and_nan():
    codes = np.array([0, 0, -1, 1, 0, 1])
    values = np.array([1.0, 3.0, 100.0, np.nan, 7.0, 2.0])
    mask = np.array([True, True, True, True, False, True])
    assert group_median(codes, values, mask, 3).tolist()[:2] == [2.0, 2.0]
    assert np.isnan(group_median(codes, values, mask, 3)[2])
    assert group_percentile(codes, values, mask, 2, 85).tolist() == [pytest.approx(2.7), 2.0]


junk = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10, 50_000),
    st.booleans(),
    moment,
)


@PROPS
@given(rows=workbook_rows(), data=st.data())
def test_junk_in_any_cell_is_missing_data_never_a_crash(rows, data):
    for sheet in ("Seams", "SLAs", "Handoffs", "Misses", "Dependencies", "Decisions", "Actions", "Holidays"):
        for row in rows[sheet]:
            if row and data.draw(st.booleans()):
                row[data.draw(st.sampled_from(sorted(row)))] = data.draw(junk)
    book = book_from(rows)
    try:
        result = compute_month(book, "2026-10")
    except TecError as exc:
        assert "No data for 2026-10" in str(exc)
        return
    for seam in result.seams:
        for mv in seam.metrics.values():
            assert mv.value is None or math.isfinite(mv.value)
    assert not result.pareto or result.pareto[-1].cumulative_share == 1.0
