"""Every metric of spec §4 on a small workbook whose values were computed by hand.

October 2026 (the reporting month), work week Mon-Fri, holiday Mon 12 Oct:

    Mo Tu We Th Fr Sa Su
              1  2  3  4
     5  6  7  8  9 10 11
    12 13 14 15 16 17 18      12 = holiday
    19 20 21 22 23 24 25
    26 27 28 29 30 31

Business days a -> b = busday_count(a.date(), b.date()): the working days in [a, b).
Targets: Adherence 0.90, Rework 0.10, Amber band 0.10 (the defaults).

Seams: S-01 Active (Custom integration: Queue time <= 3), S-02 Active (Sign-off: Lead time <= 5),
S-03 Pilot with no data at all, S-04 Retired (one miss in October: in the Pareto, not in the seams).
"""

import datetime as dt
import math

import pytest

from tec_desktop.checks.registry import run_checks
from tec_desktop.errors import TecError
from tec_desktop.metrics.compute import METRIC_KEYS, NOT_RECORDED, compute_month, resolve_month
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook

d = dt.datetime
CI, DX, SO = "Custom integration", "Data extract", "Sign-off"


def _handoff(item, seam, kind, submitted, started=None, completed=None, ready=None, reworked=None, reason=None):
    return {
        "Item ID": item,
        "Seam ID": seam,
        "Request type": kind,
        "Submitted": submitted,
        "Started": started,
        "Completed": completed,
        "Ready at first submit": ready,
        "Reworked": reworked,
        "Rework reason": reason,
    }


def hand_rows() -> dict[str, list[dict]]:
    """The workbook; each row's business days are worked out beside it."""
    return {
        "Settings": [
            {"Setting": "Organization", "Value": "Hand Count Ltd"},
            {"Setting": "Reporting month", "Value": "2026-10"},
            {"Setting": "Work week", "Value": "Mon Tue Wed Thu Fri"},
        ],
        "People": [
            {"Name": "Zoë Ødegård", "Email": "zoe@example.com", "Team": "Sales", "Role": "Seam owner"},
            {"Name": "Łukasz Nowak", "Email": "lukasz@example.com", "Team": "Product", "Role": "Leadership"},
            {"Name": "王芳", "Email": "wang.fang@example.com", "Team": "Security", "Role": "Seam owner"},
        ],
        "Seams": [
            {
                "Seam ID": "S-01",
                "Seam name": "Custom deal intake",
                "From team": "Sales",
                "To team": "Product",
                "Accountable owner": "Zoë Ødegård",
                "Status": "Active",
                "Last reviewed": d(2026, 10, 2),
            },
            {
                "Seam ID": "S-02",
                "Seam name": "Security sign-off",
                "From team": "Product",
                "To team": "Security",
                # the owner given by email: shown by name
                "Accountable owner": "wang.fang@example.com",
                "Status": "Active",
                "Last reviewed": d(2026, 10, 2),
            },
            {
                "Seam ID": "S-03",
                "Seam name": "Budget change",
                "From team": "Finance",
                "To team": "Sales",
                "Accountable owner": "Zoë Ødegård",
                "Status": "Pilot",
                "Last reviewed": d(2026, 10, 2),
            },
            {
                "Seam ID": "S-04",
                "Seam name": "Old intake",
                "From team": "Sales",
                "To team": "Product",
                "Accountable owner": "Zoë Ødegård",
                "Status": "Retired",
                "Last reviewed": d(2026, 10, 2),
            },
        ],
        "SLAs": [
            {"Seam ID": "S-01", "Request type": CI, "Measure": "Queue time", "Target (business days)": 3},
            {"Seam ID": "S-02", "Request type": SO, "Measure": "Lead time", "Target (business days)": 5},
        ],
        "Handoffs": [
            # S-01, Custom integration (Queue time SLA <= 3)               queue          lead
            # Thu 1 -> Mon 5 (weekend skipped); Thu 1 -> Thu 8              2 (Thu,Fri)    5
            _handoff("H-01", "S-01", CI, d(2026, 10, 1, 9), d(2026, 10, 5, 10), d(2026, 10, 8, 15), "Yes", "No"),
            # Fri 9 -> Tue 13 (weekend and holiday skipped); Fri 9 -> Fri 16  1 (Fri)     4 (Fri,Tue,Wed,Thu)
            _handoff(
                "H-02",
                "S-01",
                CI,
                d(2026, 10, 9, 16),
                d(2026, 10, 13, 9),
                d(2026, 10, 16, 12),
                "No",
                "Yes",
                "Missing requirements",
            ),
            # same day, all three moments on Wed 14                          0              0
            _handoff("H-03", "S-01", CI, d(2026, 10, 14, 8), d(2026, 10, 14, 11), d(2026, 10, 14, 17), "Yes", "No"),
            # Mon 19 -> Mon 26; completed Sat 31 at 23:59 (in October)       5 (> 3: late)  10
            _handoff(
                "H-04",
                "S-01",
                CI,
                d(2026, 10, 19, 9),
                d(2026, 10, 26, 9),
                d(2026, 10, 31, 23, 59),
                "Yes",
                "Yes",
                "Quality",
            ),
            # Tue 20 -> Wed 21; completed Sun 1 Nov 00:00 (not October)     1              -
            _handoff("H-05", "S-01", CI, d(2026, 10, 20, 9), d(2026, 10, 21, 9), d(2026, 11, 1, 0, 0)),
            # still open at month end: submitted Tue 27, not started          -              -
            _handoff("H-06", "S-01", CI, d(2026, 10, 27, 10), None, None, "Yes"),
            # Queue-time SLA but no Started: queue time unknown, out of the   -              4 (Mon..Thu)
            # SLA adherence; still completed (Mon 5 -> Fri 9)
            _handoff("H-07", "S-01", CI, d(2026, 10, 5, 9), None, d(2026, 10, 9, 12), "Yes"),
            # submitted and started in September, completed Fri 2 Oct         1 (Sep)        4 (28,29,30,1)
            _handoff("H-08", "S-01", CI, d(2026, 9, 28, 9), d(2026, 9, 29, 9), d(2026, 10, 2, 9), "Yes", "No"),
            # a request type with no SLA: Mon 19 -> Mon 19 -> Wed 21         0              2
            _handoff("H-09", "S-01", DX, d(2026, 10, 19, 9), d(2026, 10, 19, 15), d(2026, 10, 21, 9), "Yes", "No"),
            # S-02, Sign-off (Lead time SLA <= 5)
            # Thu 1 -> Fri 2; Thu 1 -> Thu 15 (1,2,5,6,7,8,9,13,14)         1              9 (> 5: late)
            _handoff("H-10", "S-02", SO, d(2026, 10, 1, 9), d(2026, 10, 2, 9), d(2026, 10, 15, 9), "Yes", "No"),
            # Mon 19 09:00 -> Mon 19 14:00 -> Thu 22                         0              3
            _handoff("H-11", "S-02", SO, d(2026, 10, 19, 9), d(2026, 10, 19, 14), d(2026, 10, 22, 9), "Yes", "No"),
            # Fri 23 -> Mon 26 -> Fri 30 (23,26,27,28,29)                    1              5 (= 5: on time)
            _handoff("H-12", "S-02", SO, d(2026, 10, 23, 9), d(2026, 10, 26, 9), d(2026, 10, 30, 17), "No", "No"),
        ],
        "Misses": [
            {
                "Miss ID": "M-1",
                "Date": d(2026, 10, 2),
                "Seam ID": "S-01",
                "Type": "Missed commitment",
                "Description": "Go-live slipped",
                "Impact": "Revenue",
            },
            {
                "Miss ID": "M-2",
                "Date": d(2026, 10, 15),
                "Seam ID": "S-01",
                "Type": "Surprise escalation",
                "Description": "CEO escalation",
                "Impact": "Customer",
            },
            {
                "Miss ID": "M-3",
                "Date": d(2026, 10, 31, 23, 59),
                "Seam ID": "S-01",
                "Type": "Dependency miss",
                "Description": "Environment late",
                "Impact": "Revenue",
            },
            {
                "Miss ID": "M-4",
                "Date": d(2026, 10, 20),
                "Seam ID": "S-02",
                "Type": "Quality",
                "Description": "Review redone",
                "Impact": "Cost",
            },
            {
                "Miss ID": "M-5",
                "Date": d(2026, 10, 7),
                "Seam ID": "S-04",
                "Type": "Rework",
                "Description": "Old form used",
            },  # no Impact: 'Not recorded'
            {
                "Miss ID": "M-6",
                "Date": d(2026, 11, 1, 0, 0),
                "Seam ID": "S-01",
                "Type": "Quality",
                "Description": "November, not October",
                "Impact": "Risk",
            },
            {
                "Miss ID": "M-7",
                "Date": d(2026, 9, 30),
                "Seam ID": "S-02",
                "Type": "Quality",
                "Description": "September",
                "Impact": "Risk",
            },
        ],
        "Dependencies": [
            # S-01: D-1 met the day before, D-2 met on the due day, D-4 met later on the due day: all on time;
            # D-3 Cancelled: not counted.
            {
                "Dependency ID": "D-1",
                "Seam ID": "S-01",
                "Description": "Sandbox",
                "Owner": "王芳",
                "Due": d(2026, 10, 14),
                "Met": d(2026, 10, 13),
                "Status": "Met",
            },
            {
                "Dependency ID": "D-2",
                "Seam ID": "S-01",
                "Description": "Pricing",
                "Owner": "王芳",
                "Due": d(2026, 10, 20),
                "Met": d(2026, 10, 20),
                "Status": "Met",
            },
            {
                "Dependency ID": "D-3",
                "Seam ID": "S-01",
                "Description": "Legal text",
                "Owner": "王芳",
                "Due": d(2026, 10, 23),
                "Status": "Cancelled",
            },
            {
                "Dependency ID": "D-4",
                "Seam ID": "S-01",
                "Description": "SSO keys",
                "Owner": "王芳",
                "Due": d(2026, 10, 26),
                "Met": d(2026, 10, 26, 17),
                "Status": "Met",
            },
            # S-02: D-5 due Fri 30 and not met: late; D-6 due in November: not counted.
            {
                "Dependency ID": "D-5",
                "Seam ID": "S-02",
                "Description": "Pen test",
                "Owner": "王芳",
                "Due": d(2026, 10, 30),
                "Status": "Open",
            },
            {
                "Dependency ID": "D-6",
                "Seam ID": "S-02",
                "Description": "Audit",
                "Owner": "王芳",
                "Due": d(2026, 11, 2),
                "Status": "Open",
            },
        ],
        "Decisions": [
            # S-01: Mon 5 -> Wed 7 = 2 <= 5; Thu 1 -> Tue 13 = 7 (1,2,5,6,7,8,9) <= 7. Both in SLA.
            {
                "Decision ID": "DEC-1",
                "Seam ID": "S-01",
                "Decision": "Approve SSO",
                "Decider": "Łukasz Nowak",
                "Requested": d(2026, 10, 5),
                "Decided": d(2026, 10, 7),
                "SLA (business days)": 5,
                "Status": "Decided",
            },
            {
                "Decision ID": "DEC-2",
                "Seam ID": "S-01",
                "Decision": "Discount",
                "Decider": "Łukasz Nowak",
                "Requested": d(2026, 10, 1),
                "Decided": d(2026, 10, 13),
                "SLA (business days)": 7,
                "Status": "Decided",
            },
            # S-02, pending at month end; waited = Requested -> Sat 31 Oct (the month's last day):
            # DEC-3 Mon 19 -> 31: 10 > 3: overdue (pending past its SLA)
            {
                "Decision ID": "DEC-3",
                "Seam ID": "S-02",
                "Decision": "Accept risk",
                "Decider": "Łukasz Nowak",
                "Requested": d(2026, 10, 19),
                "SLA (business days)": 3,
                "Status": "Pending",
            },
            # DEC-4 Wed 28 -> 31: 3 <= 5: not overdue
            {
                "Decision ID": "DEC-4",
                "Seam ID": "S-02",
                "Decision": "Vendor",
                "Decider": "Łukasz Nowak",
                "Requested": d(2026, 10, 28),
                "SLA (business days)": 5,
                "Status": "Pending",
            },
            # DEC-5 decided after month end: pending at month end, Mon 19 -> 31: 10 > 9: overdue
            {
                "Decision ID": "DEC-5",
                "Seam ID": "S-02",
                "Decision": "Scope",
                "Decider": "Łukasz Nowak",
                "Requested": d(2026, 10, 19),
                "Decided": d(2026, 11, 3),
                "SLA (business days)": 9,
                "Status": "Decided",
            },
        ],
        "Actions": [
            # A-1 due Fri 16, closed Mon 2 Nov (after month end): overdue
            {
                "Action ID": "A-1",
                "Seam ID": "S-01",
                "Action": "Intake form",
                "Owner": "Zoë Ødegård",
                "Opened": d(2026, 10, 5),
                "Due": d(2026, 10, 16),
                "Status": "Done",
                "Closed": d(2026, 11, 2),
            },
            # A-2 due in November: not overdue
            {
                "Action ID": "A-2",
                "Seam ID": "S-01",
                "Action": "Checklist",
                "Owner": "Zoë Ødegård",
                "Opened": d(2026, 10, 15),
                "Due": d(2026, 11, 30),
                "Status": "Open",
            },
            # A-3 closed before it was due: not overdue
            {
                "Action ID": "A-3",
                "Seam ID": "S-01",
                "Action": "Template",
                "Owner": "Zoë Ødegård",
                "Opened": d(2026, 10, 1),
                "Due": d(2026, 10, 9),
                "Status": "Done",
                "Closed": d(2026, 10, 8),
            },
            # A-4 due Wed 28, In progress, no Closed: overdue
            {
                "Action ID": "A-4",
                "Seam ID": "S-02",
                "Action": "Book reviews",
                "Owner": "王芳",
                "Opened": d(2026, 10, 5),
                "Due": d(2026, 10, 28),
                "Status": "In progress",
            },
            # A-5 September, Dropped, no Closed date: finished (when is unknown), not overdue
            {
                "Action ID": "A-5",
                "Seam ID": "S-02",
                "Action": "Old idea",
                "Owner": "王芳",
                "Opened": d(2026, 9, 1),
                "Due": d(2026, 9, 30),
                "Status": "Dropped",
            },
        ],
        "Holidays": [{"Date": d(2026, 10, 12), "Name": "Company day"}],
    }


G, A, R = "green", "amber", "red"

EXPECTED = {
    "S-01": {
        # completed in October: H-01,02,03,04 (Sat 31 23:59),07,08,09; not H-05 (1 Nov 00:00) nor H-06 (open)
        "items_completed": (7, None),
        # with an SLA and a known queue time: H-01 2, H-02 1, H-03 0, H-04 5 (late), H-08 1 -> 4/5 = 0.8;
        # H-07 (no Started) and H-09 (no SLA) are not counted. 0.8 = 0.90 - 0.10 exactly: amber, not red.
        "sla_adherence": (0.8, A),
        # started in October: H-01 2, H-02 1, H-03 0, H-04 5, H-05 1, H-09 0 -> sorted 0 0 1 1 2 5
        "queue_time_median": (1.0, None),  # (1 + 1) / 2
        "queue_time_p85": (2.75, None),  # index 5 * 0.85 = 4.25 -> 2 + (5 - 2) * 0.25
        # completed in October: 5, 4, 0, 10, 4, 4, 2 -> sorted 0 2 4 4 4 5 10
        "lead_time_median": (4.0, None),
        "rework_rate": (1 / 7, A),  # H-02 only, of 7 completed; 0.143 <= 0.10 + 0.10
        # submitted in October with the column filled: H-01 Y, H-02 N, H-03 Y, H-04 Y, H-06 Y, H-07 Y, H-09 Y
        # (H-05 blank, H-08 submitted in September) -> 6/7
        "first_pass_ready": (6 / 7, None),
        "misses": (3, None),  # M-1, M-2, M-3 (31 Oct 23:59); not M-6 (1 Nov 00:00)
        "dependency_on_time": (1.0, G),  # D-1, D-2, D-4 on time; D-3 Cancelled
        "decision_sla_adherence": (1.0, G),  # DEC-1 2 <= 5, DEC-2 7 <= 7
        "decisions_overdue": (0, G),
        "actions_overdue": (1, A),  # A-1 closed after month end
    },
    "S-02": {
        "items_completed": (3, None),  # H-10, H-11, H-12
        "sla_adherence": (2 / 3, R),  # lead 9 (late), 3, 5 -> 2/3 < 0.80
        "queue_time_median": (1.0, None),  # 1, 0, 1 -> sorted 0 1 1
        "queue_time_p85": (1.0, None),  # index 2 * 0.85 = 1.7 -> 1 + (1 - 1) * 0.7
        "lead_time_median": (5.0, None),  # 9, 3, 5 -> sorted 3 5 9
        "rework_rate": (0.0, G),  # none reworked
        "first_pass_ready": (2 / 3, None),  # H-10 Y, H-11 Y, H-12 N
        "misses": (1, None),  # M-4; not M-7 (September)
        "dependency_on_time": (0.0, R),  # D-5 not met; D-6 due in November
        "decision_sla_adherence": (None, None),  # nothing decided in October
        "decisions_overdue": (2, R),  # DEC-3 and DEC-5
        "actions_overdue": (1, A),
    },
    # no handoff, miss, dependency, decision or action: every metric has no data, even the counts
    "S-03": {key: (None, None) for key in METRIC_KEYS},
}
OVERALL = {"S-01": A, "S-02": R, "S-03": None}
TARGETS = {
    "sla_adherence": 0.9,
    "decision_sla_adherence": 0.9,
    "dependency_on_time": 0.9,
    "rework_rate": 0.1,
    "decisions_overdue": 0,
    "actions_overdue": 0,
}


@pytest.fixture(scope="module")
def hand_book(tmp_path_factory):
    return read_workbook(write_workbook(tmp_path_factory.mktemp("hand") / "hand.xlsx", hand_rows()))


@pytest.fixture(scope="module")
def october(hand_book):
    return compute_month(hand_book, "2026-10")


def test_the_hand_built_workbook_has_no_errors(hand_book):
    assert [f.message for f in run_checks(hand_book, "2026-10") if f.severity == "error"] == []


def test_active_and_pilot_seams_in_workbook_order(october):
    assert [s.seam_id for s in october.seams] == ["S-01", "S-02", "S-03"]
    s2 = october.seam("S-02")
    assert (s2.seam_name, s2.from_team, s2.to_team, s2.owner, s2.seam_status) == (
        "Security sign-off",
        "Product",
        "Security",
        "王芳",
        "Active",
    )
    assert october.seam("S-03").seam_status == "Pilot"
    with pytest.raises(KeyError):
        october.seam("S-04")  # Retired


@pytest.mark.parametrize("seam_id", ["S-01", "S-02", "S-03"])
def test_every_metric_value_target_and_status(october, seam_id):
    seam = october.seam(seam_id)
    assert list(seam.metrics) == list(METRIC_KEYS)
    for key, (value, status) in EXPECTED[seam_id].items():
        got = seam.metrics[key]
        if value is None:
            assert got.value is None, key
        else:
            assert got.value == pytest.approx(value, abs=1e-12), key
            assert type(got.value) is (int if isinstance(value, int) else float), key
        assert got.status == status, key
        assert got.target == TARGETS.get(key), key
    assert seam.status == OVERALL[seam_id]


def test_lead_time_per_request_type(october):
    # S-01 Custom integration: 5 4 0 10 4 4 -> sorted 0 4 4 4 5 10 -> 4; Data extract: H-09 2
    assert october.seam("S-01").lead_time_by_type == {CI: 4.0, DX: 2.0}
    assert october.seam("S-02").lead_time_by_type == {SO: 5.0}
    assert october.seam("S-03").lead_time_by_type == {}


def test_misses_by_type_and_impact(october):
    s1 = october.seam("S-01")
    assert s1.misses_by_type == {
        "Missed commitment": 1,
        "Surprise escalation": 1,
        "Dependency miss": 1,
        "Rework": 0,
        "Quality": 0,
    }
    assert s1.misses_by_impact == {"Revenue": 2, "Customer": 1, "Cost": 0, "Risk": 0}
    assert october.seam("S-02").misses_by_type["Quality"] == 1
    # the month: S-01's three, S-02's M-4 and the Retired S-04's M-5 (no Impact)
    assert october.total_misses == 5
    assert october.misses_by_type == {
        "Missed commitment": 1,
        "Surprise escalation": 1,
        "Dependency miss": 1,
        "Rework": 1,
        "Quality": 1,
    }
    assert october.misses_by_impact == {"Revenue": 2, "Customer": 1, "Cost": 1, "Risk": 0, NOT_RECORDED: 1}


def test_pareto_and_sentence(october):
    rows = [(p.seam_id, p.seam_name, p.misses, p.share, p.cumulative_share) for p in october.pareto]
    # S-01 3 of 5; S-02 and S-04 1 each, tie broken by Seam ID; the Retired seam is listed
    assert rows == [
        ("S-01", "Custom deal intake", 3, 0.6, 0.6),
        ("S-02", "Security sign-off", 1, 0.2, 0.8),
        ("S-04", "Old intake", 1, 0.2, 1.0),
    ]
    assert october.pareto_sentence == "2 seams explain 80% of misses"  # 4/5 reaches 80% exactly


def test_trends_six_months_oldest_first(october):
    s1, s2 = october.trend["S-01"], october.trend["S-02"]
    assert set(october.trend) == {"S-01", "S-02", "S-03"}
    assert all(len(v) == 6 for t in october.trend.values() for v in t.values())
    # September: S-01 has H-08 in flight (submitted 28 Sep, completed 2 Oct): nothing completed, queue 1,
    # first pass 1/1; May-August: nothing at all.
    assert s1["items_completed"] == (None, None, None, None, 0, 7)
    assert s1["queue_time_median"] == (None, None, None, None, 1.0, 1.0)
    assert s1["first_pass_ready"][-2:] == (1.0, pytest.approx(6 / 7))
    assert s1["lead_time_median"] == (None, None, None, None, None, 4.0)
    # S-02 in September: only M-7 (A-5 was Dropped): misses 1, overdue counts 0
    assert s2["misses"] == (None, None, None, None, 1, 1)
    assert s2["actions_overdue"] == (None, None, None, None, 0, 1)
    assert s2["decisions_overdue"] == (None, None, None, None, 0, 2)
    assert october.trend["S-03"]["misses"] == (None,) * 6


def test_november_sees_what_october_does_not(hand_book):
    nov = compute_month(hand_book, "2026-11")
    s1 = nov.seam("S-01")
    # H-05 (1 Nov 00:00) completed; M-6 (1 Nov 00:00) missed; A-2 due 30 Nov still Open: overdue
    assert s1.metrics["items_completed"].value == 1
    assert s1.metrics["misses"].value == 1
    assert s1.metrics["actions_overdue"].value == 1
    # still pending at the end of November: DEC-3 (19 Oct -> 30 Nov = 10 + 20 = 30 > 3) and DEC-4
    # (28 Oct -> 30 Nov = 3 + 20 = 23 > 5); DEC-5 was decided on 3 Nov
    assert nov.seam("S-02").metrics["decisions_overdue"].value == 2
    assert nov.trend["S-01"]["items_completed"][-2:] == (7, 1)


def test_month_with_no_data_is_a_clear_error(hand_book):
    with pytest.raises(TecError, match=r"No data for 2027-03 in hand\.xlsx: .*March 2027.*Reporting month"):
        compute_month(hand_book, "2027-03")


def test_month_must_be_a_month(hand_book):
    with pytest.raises(TecError, match="not a month"):
        compute_month(hand_book, "2026-13")


def test_resolve_month(hand_book):
    assert resolve_month(hand_book, None) == "2026-10"
    assert resolve_month(hand_book, "2026-09") == "2026-09"
    assert resolve_month(hand_book, "2026-09-15") == "2026-09"
    with pytest.raises(TecError, match="not a month"):
        resolve_month(hand_book, "Sept")


def test_no_reporting_month_anywhere(tmp_path):
    rows = hand_rows()
    rows["Settings"] = [r for r in rows["Settings"] if r["Setting"] != "Reporting month"]
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    with pytest.raises(TecError, match="Reporting month on the Settings sheet"):
        resolve_month(book, None)


def test_a_seven_day_week_counts_weekends(tmp_path):
    rows = hand_rows()
    rows["Settings"][2]["Value"] = "Mon Tue Wed Thu Fri Sat Sun"
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    s1 = compute_month(book, "2026-10").seam("S-01")
    # queue: H-01 Thu 1 -> Mon 5 = 4, H-02 Fri 9 -> Tue 13 = 3 (the holiday still skipped), H-03 0,
    # H-04 7, H-05 1, H-09 0 -> sorted 0 0 1 3 4 7 -> median 2
    assert s1.metrics["queue_time_median"].value == 2.0


def test_a_share_equal_to_its_target_is_green(tmp_path):
    rows = hand_rows()
    rows["Settings"].append({"Setting": "Adherence target", "Value": "80%"})  # S-01's SLA adherence is 4/5
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    assert compute_month(book, "2026-10").seam("S-01").metrics["sla_adherence"].status == G


def test_the_workbook_frames_are_not_changed(hand_book):
    before = {name: t.frame.copy() for name, t in hand_book.tables.items()}
    compute_month(hand_book, "2026-10")
    for name, t in hand_book.tables.items():
        assert t.frame.equals(before[name]), name


def test_bad_values_and_backward_dates_are_missing_data_never_a_crash(tmp_path):
    rows = hand_rows()
    h = {r["Item ID"]: r for r in rows["Handoffs"]}
    h["H-01"]["Started"] = "next week"  # bad value: queue time unknown, out of queue times and SLA adherence
    h["H-02"]["Completed"] = d(2026, 10, 8)  # before it was started or submitted: lead time unknown
    h["H-03"]["Reworked"] = "maybe"  # bad: out of the rework rate
    h["H-04"]["Seam ID"] = "S-99"  # not on Seams: counted nowhere per seam
    rows["Dependencies"][0]["Status"] = "Gone"  # bad: unknown whether cancelled -> not counted
    rows["Decisions"][0]["SLA (business days)"] = "soon"
    book = read_workbook(write_workbook(tmp_path / "bad.xlsx", rows))
    assert any(f.severity == "error" for f in run_checks(book, "2026-10"))
    s1 = compute_month(book, "2026-10").seam("S-01")
    m = {k: v.value for k, v in s1.metrics.items()}
    # completed: H-01, H-02 (8 Oct), H-03, H-07, H-08, H-09 (H-04 moved away) = 6
    assert m["items_completed"] == 6
    # SLA: H-01 unknown, H-02 queue 1 (Started is fine) ok, H-03 ok, H-08 ok -> 3/3
    assert m["sla_adherence"] == 1.0
    # queue, started in October: H-02 1, H-03 0, H-05 1, H-09 0 -> 0 0 1 1
    assert m["queue_time_median"] == 0.5
    # lead: H-01 5, H-02 unknown, H-03 0, H-07 4, H-08 4, H-09 2 -> 0 2 4 4 5 -> 4
    assert m["lead_time_median"] == 4.0
    # rework: of H-01, H-02 (MR), H-07, H-08, H-09 (H-03 unknown) -> 1/5
    assert m["rework_rate"] == pytest.approx(0.2)
    assert m["dependency_on_time"] == 1.0  # D-2, D-4
    assert m["decision_sla_adherence"] == 1.0  # DEC-2 only
    assert all(v is None or math.isfinite(v) for v in m.values())


def test_a_missing_sheet_or_column_is_no_data_not_zero(tmp_path):
    rows = hand_rows()
    del rows["Misses"]  # a deleted sheet must not mean "no misses"
    handoff_headers = [h for h in rows["Handoffs"][0] if h != "Completed"]
    book = read_workbook(write_workbook(tmp_path / "gaps.xlsx", rows, headers={"Handoffs": handoff_headers}))
    october = compute_month(book, "2026-10")
    s1 = october.seam("S-01").metrics
    assert s1["misses"].value is None and s1["items_completed"].value is None
    assert s1["lead_time_median"].value is None and s1["sla_adherence"].value is None  # both need Completed
    assert s1["queue_time_median"].value == 1.0  # Started is still there
    assert october.pareto == () and october.pareto_sentence == "" and october.total_misses == 0


def test_a_workbook_of_nothing_but_settings_is_a_clear_error(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "empty.xlsx", {"Settings": hand_rows()["Settings"]}))
    with pytest.raises(TecError, match="No data for 2026-10"):
        compute_month(book, "2026-10")


def test_a_decision_sla_of_zero_means_the_same_day(tmp_path):
    rows = hand_rows()
    rows["Decisions"][0]["SLA (business days)"] = 0  # DEC-1 took 2 business days: late
    rows["Decisions"].append(
        {
            "Decision ID": "DEC-6",
            "Seam ID": "S-01",
            "Decision": "Same day",
            "Decider": "Łukasz Nowak",
            "Requested": d(2026, 10, 30, 9),
            "SLA (business days)": 0,
            "Status": "Pending",
        }
    )
    book = read_workbook(write_workbook(tmp_path / "zero.xlsx", rows))
    assert [f.message for f in run_checks(book, "2026-10") if f.severity == "error"] == []
    s1 = compute_month(book, "2026-10").seam("S-01").metrics
    assert s1["decision_sla_adherence"].value == 0.5  # DEC-1 2 > 0, DEC-2 7 <= 7
    assert s1["decisions_overdue"].value == 1  # DEC-6: Fri 30 -> Sat 31 = 1 > 0
