"""The meeting's lists (tec_desktop.metrics.agenda, constraints, seam_warnings) agree with the metrics and with
the workbook."""

from __future__ import annotations

import datetime as dt

import pytest

from tec_desktop.checks.registry import run_checks
from tec_desktop.metrics import agenda, chain, seam_warnings
from tec_desktop.metrics.compute import compute_month
from tec_desktop.metrics.constraints import DEPENDENCY, ROOT_CAUSE, constraints_to_remove
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook
from report_rows import report_rows

MONTH = "2026-10"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return read_workbook(write_workbook(tmp_path_factory.mktemp("agenda") / "book.xlsx", report_rows()))


def books_to_compare(book, sample_path):
    yield book, MONTH
    if sample_path.exists():
        sample = read_workbook(sample_path)
        yield sample, sample.settings.reporting_month


def test_lists_count_what_the_metrics_count(book, sample_path):
    for wb, month in books_to_compare(book, sample_path):
        metrics = compute_month(wb, month)
        for seam in metrics.seams:
            actions = agenda.overdue_actions(wb, month, [seam.seam_id])
            decisions = [d for d in agenda.decisions_to_make(wb, month, [seam.seam_id]) if d.overdue]
            misses = agenda.seam_misses(wb, seam.seam_id, month)
            assert len(actions) == (seam.metrics["actions_overdue"].value or 0), seam.seam_id
            assert len(decisions) == (seam.metrics["decisions_overdue"].value or 0), seam.seam_id
            assert len(misses) == (seam.metrics["misses"].value or 0), seam.seam_id
            assert all(a.overdue for a in agenda.seam_actions(wb, seam.seam_id, month)[: len(actions)])


def test_decisions_to_make(book):
    decisions = agenda.decisions_to_make(book, MONTH)
    assert [d.decision_id for d in decisions] == ["DEC-2"]
    d = decisions[0]
    # Requested Mon 21 Sep; business days up to the month's last day, Sat 31 Oct: 8 in September + 22 in October.
    assert d.waited == 30 and d.sla == 5 and d.overdue and not d.escalated
    # Decide by: Requested + 5 business days, Mon 28 Sep; waiting past it is what makes it overdue.
    assert d.decide_by == dt.datetime(2026, 9, 28)
    assert d.decider == "Łukasz Nowak" and d.seam_name == "Security sign-off"
    # In September it had waited 7 business days (21-29 Sep) against an SLA of 5.
    assert agenda.decisions_to_make(book, "2026-09")[0].waited == 7
    assert agenda.decisions_to_make(book, "2026-08") == []


def test_actions(book):
    overdue = agenda.overdue_actions(book, MONTH)
    assert [(a.action_id, a.owner, a.status) for a in overdue] == [("A-1", "Zoë Ødegård", "In progress")]
    s03 = agenda.seam_actions(book, "S-03", MONTH)
    assert [(a.action_id, a.status, a.overdue) for a in s03] == [("A-3", "Done", False)]
    assert agenda.seam_actions(book, "S-03", "2026-11") == []  # closed in October


def test_open_dependencies_and_constraints(book):
    deps = agenda.open_dependencies(book, MONTH)
    assert [(d.dependency_id, d.owner, d.late) for d in deps] == [("D-2", "김민준", True)]
    assert agenda.open_dependencies(book, "2026-09") == [] or not agenda.open_dependencies(book, "2026-09")[0].late
    metrics = compute_month(book, MONTH)
    constraints = constraints_to_remove(book, metrics)
    # S-01 and S-02 are Red: the root cause no action answers comes first (owned by the seam's owner), then
    # the dependency past due, then the root causes A-1 (links M-1, M-2) and A-2 (links M-4) answer.
    assert [(c.kind, c.text, c.owner) for c in constraints] == [
        (ROOT_CAUSE, "No status updates", "Zoë Ødegård"),
        (DEPENDENCY, "Threat model for Acme SSO", "김민준"),
        (ROOT_CAUSE, "Scope not agreed", "Zoë Ødegård"),
        (ROOT_CAUSE, "Booked late", "王芳"),
    ]
    assert constraints[0].action is None and constraints[2].action.action_id == "A-1"
    assert constraints[2].reference == "M-1, M-2" and constraints[2].misses == 2


def test_root_causes_merge_spellings_and_name_the_blank_ones(tmp_path):
    rows = report_rows()
    rows["Misses"][1]["Root cause"] = "  scope NOT agreed "
    rows["Misses"][2]["Root cause"] = None
    wb = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    causes = chain.seam_chain(wb, "S-01", MONTH).causes
    assert [(c.cause, c.misses, c.recorded) for c in causes] == [
        ("Scope not agreed", 2, True),
        (chain.NO_ROOT_CAUSE, 1, False),
    ]


def test_retired_seams_are_not_listed(tmp_path):
    rows = report_rows()
    rows["Actions"].append(
        {
            "Action ID": "A-9",
            "Seam ID": "S-04",
            "Action": "Close out vendor",
            "Owner": "Дмитрий Иванов",
            "Opened": dt.datetime(2026, 9, 1),
            "Due": dt.datetime(2026, 9, 30),
            "Status": "Open",
        }
    )
    wb = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    assert "A-9" not in [a.action_id for a in agenda.overdue_actions(wb, MONTH)]


def test_warnings_belong_to_the_seam_on_their_row(tmp_path):
    rows = report_rows()
    rows["Handoffs"][1]["Reworked"] = "Yes"  # H-2, seam S-02, no rework reason: a warning on Handoffs
    rows["Seams"][2]["Last reviewed"] = dt.datetime(2026, 8, 1)  # S-03: contract review overdue, on Seams
    wb = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    findings = run_checks(wb, MONTH, today=dt.date(2026, 11, 5))
    warns = [f for f in seam_warnings.warnings(findings) if f.code != "cause-no-action"]
    assert len(warns) == 2
    assert [f.sheet for f in seam_warnings.seam_warnings(wb, findings, "S-02")] == ["Handoffs"]
    assert [f.sheet for f in seam_warnings.seam_warnings(wb, findings, " s-03 ")] == ["Seams"]
    # S-01's only warning: its root cause 'No status updates' (M-3) has no action answering it.
    assert [f.code for f in seam_warnings.seam_warnings(wb, findings, "S-01")] == ["cause-no-action"]
