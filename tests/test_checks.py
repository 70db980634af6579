"""Each consistency check of spec §3: a workbook with one thing wrong gives exactly one finding at the
cell to fix, and a near miss gives none. The base workbook (tests/builder.py) checks clean."""

import datetime as dt

import pytest

from tec_desktop.checks.registry import CHECKS, run_checks
from tec_desktop.errors import TecError
from tec_desktop.workbook import schema
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook

TODAY = dt.date(2026, 11, 27)
d = dt.datetime


def check(tmp_path, rows, month=None, writer="openpyxl"):
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows, writer))
    return run_checks(book, month=month, today=TODAY)


def action(**changes):
    row = {
        "Action ID": "A-1",
        "Seam ID": "S-01",
        "Action": "Book security review at intake",
        "Owner": "Zoë Ødegård",
        "Opened": d(2026, 10, 15),
        "Due": d(2026, 11, 15),
        "Status": "In progress",
    }
    row.update(changes)
    return row


def miss(**changes):
    row = {
        "Miss ID": "M-1",
        "Date": d(2026, 10, 12),
        "Seam ID": "S-02",
        "Type": "Missed commitment",
        "Description": "Sign-off slipped a week",
    }
    row.update(changes)
    return row


def person(**changes):
    row = {"Name": "Ann Lee", "Email": "ann@example.com", "Team": "Finance", "Role": "Contributor", "Active": "Yes"}
    row.update(changes)
    return row


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_base_workbook_checks_clean(tmp_path, writer):
    assert check(tmp_path, rows_copy(), writer=writer) == []


def _set(sheet, i, **values):
    def change(rows):
        rows[sheet][i].update({k.replace("_", " "): v for k, v in values.items()})

    return change


def _add(sheet, row):
    return lambda rows: rows[sheet].append(row)


def _also(*changes):
    def change(rows):
        for c in changes:
            c(rows)

    return change


def _drop_sla(i):
    return lambda rows: rows["SLAs"].pop(i)


# (change, code, severity, sheet, cell, words in the message)
FAILING = {
    "duplicate item id ignoring case": (
        _set("Handoffs", 1, **{"Item ID": "h-1"}),
        "id-duplicate",
        "error",
        "Handoffs",
        "A3",
        "Item ID 'h-1' is also on row 2",
    ),
    "duplicate person name": (
        _add("People", person(Name="zoë ødegård")),
        "id-duplicate",
        "error",
        "People",
        "A5",
        "also on row 2",
    ),
    "duplicate email": (
        _add("People", person(Email="ZOE@example.com")),
        "email-duplicate",
        "error",
        "People",
        "B5",
        "also on row 2",
    ),
    "duplicate action id": (
        _also(_add("Actions", action()), _add("Actions", action(Status="Open"))),
        "id-duplicate",
        "error",
        "Actions",
        "A3",
        "Action ID 'A-1' is also on row 2",
    ),
    "unknown seam": (
        _set("Handoffs", 0, Seam_ID="S-09"),
        "seam-unknown",
        "error",
        "Handoffs",
        "B2",
        "Seam ID 'S-09' is not on the Seams sheet",
    ),
    "seam id in wrong case": (
        _set("Decisions", 0, Seam_ID="s-01"),
        "seam-unknown",
        "error",
        "Decisions",
        "B2",
        "Did you mean 'S-01'?",
    ),
    "unknown person": (
        _set("Decisions", 0, Decider="Nobody"),
        "person-unknown",
        "error",
        "Decisions",
        "D2",
        "Decider 'Nobody' is not on the People sheet",
    ),
    "unknown seam owner": (
        _set("Seams", 1, Accountable_owner="wang@example.com"),
        "person-unknown",
        "error",
        "Seams",
        "E3",
        "Accountable owner 'wang@example.com'",
    ),
    "started before submitted": (
        _set("Handoffs", 0, Started=d(2026, 10, 3)),
        "date-order",
        "error",
        "Handoffs",
        "E2",
        "Handoffs E2: Started (3 Oct 2026) is before Submitted (5 Oct 2026 09:00).",
    ),
    "completed before started": (
        _set("Handoffs", 1, Completed=d(2026, 10, 12, 17)),
        "date-order",
        "error",
        "Handoffs",
        "F3",
        "Completed (12 Oct 2026 17:00) is before Started (13 Oct 2026 09:00)",
    ),
    "started same day but earlier hour": (
        _set("Handoffs", 0, Started=d(2026, 10, 5, 8)),
        "date-order",
        "error",
        "Handoffs",
        "E2",
        "Started (5 Oct 2026 08:00) is before",
    ),
    "decided before requested": (
        _set("Decisions", 0, Decided=d(2026, 10, 1)),
        "date-order",
        "error",
        "Decisions",
        "F2",
        "Decided (1 Oct 2026) is before Requested (5 Oct 2026)",
    ),
    "closed before opened": (
        _add("Actions", action(Status="Done", Closed=d(2026, 10, 1))),
        "date-order",
        "error",
        "Actions",
        "H2",
        "Closed (1 Oct 2026) is before Opened (15 Oct 2026)",
    ),
    "submitted typed as 2062": (
        _set("Handoffs", 0, Submitted=d(2062, 10, 5, 9)),
        "date-order",
        "error",
        "Handoffs",
        "D2",
        "Submitted (5 Oct 2062 09:00) is later than today and after Started (6 Oct 2026 09:00). Is the year a typo?",
    ),
    "sla target zero": (
        _set("SLAs", 0, **{"Target (business days)": 0}),
        "sla-target",
        "error",
        "SLAs",
        "D2",
        "Target (business days) is 0; it must be more than 0.",
    ),
    "decision sla negative": (
        _set("Decisions", 0, **{"SLA (business days)": -2}),
        "sla-target",
        "error",
        "Decisions",
        "G2",
        "cannot be negative",
    ),
    "two slas for one seam and type": (
        _add(
            "SLAs",
            {
                "Seam ID": "S-01",
                "Request type": "custom integration ",
                "Measure": "Lead time",
                "Target (business days)": 8,
            },
        ),
        "sla-duplicate",
        "error",
        "SLAs",
        "B4",
        "seam S-01 already has an SLA for 'custom integration' on row 2",
    ),
    "handoff type without sla": (
        _set("Handoffs", 0, Request_type="Rush"),
        "sla-missing-for-handoff",
        "warning",
        "Handoffs",
        "C2",
        "no SLA for seam S-01 and request type 'Rush' (1 handoff, row 2)",
    ),
    "active seam without sla": (
        _drop_sla(1),
        "sla-missing-for-seam",
        "warning",
        "Seams",
        "A3",
        "S-02 (Security sign-off) is Active but has no SLA",
    ),
    "miss with no corrective action": (
        _add("Misses", miss()),
        "action-missing",
        "warning",
        "Seams",
        "A3",
        "S-02 (Security sign-off) has 1 miss in October 2026 but no owner-led corrective action",
    ),
    "miss whose action closed before month end": (
        _also(
            _add("Misses", miss()),
            _add(
                "Actions",
                action(
                    **{
                        "Seam ID": "S-02",
                        "Owner": "王芳",
                        "Opened": d(2026, 9, 1),
                        "Status": "Done",
                        "Closed": d(2026, 10, 10),
                    }
                ),
            ),
        ),
        "action-missing",
        "warning",
        "Seams",
        "A3",
        "no owner-led corrective action",
    ),
    "miss whose action was dropped": (
        _also(
            _add("Misses", miss()),
            _add(
                "Actions",
                action(**{"Seam ID": "S-02", "Owner": "王芳", "Status": "Dropped", "Closed": d(2026, 10, 20)}),
            ),
        ),
        "action-missing",
        "warning",
        "Seams",
        "A3",
        "no owner-led corrective action",
    ),
    "action owned outside the seam": (
        _add("Actions", action(Owner="王芳")),
        "action-owner-outside",
        "warning",
        "Actions",
        "D2",
        "Owner 王芳 (Security) is neither the accountable owner of S-01 (Zoë Ødegård) "
        "nor on its teams (Sales, Product)",
    ),
    "reworked without reason": (
        _set("Handoffs", 0, Reworked="yes"),
        "rework-reason-missing",
        "warning",
        "Handoffs",
        "I2",
        "Reworked is Yes but Rework reason is empty",
    ),
    "completed without start": (
        _set("Handoffs", 0, Started=None),
        "completed-without-start",
        "warning",
        "Handoffs",
        "E2",
        "Completed is 9 Oct 2026 17:00 but Started is empty",
    ),
    "done action without closed date": (
        _add("Actions", action(Status="Done")),
        "closed-date-missing",
        "warning",
        "Actions",
        "H2",
        "Status is Done but Closed is empty",
    ),
    "unknown linked item": (
        _also(
            _add("Misses", miss(**{"Linked item ID": "H-99"})),
            _add("Actions", action(**{"Seam ID": "S-02", "Owner": "王芳"})),
        ),
        "link-unknown",
        "warning",
        "Misses",
        "I2",
        "Linked item ID 'H-99' is not on the Handoffs sheet",
    ),
    "unknown linked miss": (
        _add("Actions", action(**{"Linked miss IDs": "M-404"})),
        "link-unknown",
        "warning",
        "Actions",
        "J2",
        "Linked miss ID M-404 is not on the Misses sheet",
    ),
    "event date in the future": (
        _set("Seams", 0, Last_reviewed=d(2062, 10, 2)),
        "date-in-future",
        "warning",
        "Seams",
        "M2",
        "Last reviewed (2 Oct 2062) is later than today (27 Nov 2026)",
    ),
    "miss dated in the future": (
        _add("Misses", miss(Date=d(2062, 10, 12))),
        "date-in-future",
        "warning",
        "Misses",
        "B2",
        "Date (12 Oct 2062) is later than today",
    ),
    "inactive seam owner": (
        _set("People", 0, Active="No"),
        "person-inactive",
        "warning",
        "Seams",
        "E2",
        "Accountable owner Zoë Ødegård is marked inactive on People (row 2). Hand the seam",
    ),
    "inactive dependency owner": (
        _also(
            _add("People", person(Active="N")),
            _set("Dependencies", 0, Owner="ann@example.com", Due=d(2026, 11, 20), Met=None, Status="Open"),
        ),
        "person-inactive",
        "warning",
        "Dependencies",
        "D2",
        "Owner Ann Lee is marked inactive",
    ),
    "invalid email": (
        _set("People", 1, Email="lukasz@example"),
        "email-invalid",
        "warning",
        "People",
        "B3",
        "'lukasz@example' is not a valid email address",
    ),
    "contract not reviewed in 35 days": (
        _set("Seams", 0, Last_reviewed=d(2026, 9, 25)),
        "contract-review-stale",
        "warning",
        "Seams",
        "M2",
        "last reviewed on 25 Sep 2026, more than 35 days before the end of October 2026",
    ),
    "contract never reviewed": (
        _set("Seams", 1, Last_reviewed=None),
        "contract-review-stale",
        "warning",
        "Seams",
        "M3",
        "Last reviewed is empty for S-02",
    ),
}


@pytest.mark.parametrize("name", FAILING)
def test_each_problem_gives_one_finding_at_the_cell_to_fix(tmp_path, name):
    change, code, severity, sheet, cell, words = FAILING[name]
    rows = rows_copy()
    change(rows)
    findings = check(tmp_path, rows)
    assert len(findings) == 1, findings
    f = findings[0]
    assert (f.code, f.severity, f.sheet, f.cell) == (code, severity, sheet, cell)
    assert words in f.message
    assert f.message.startswith(f"{sheet} {cell}: ")
    assert f.row == int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


# Near misses: each looks like a FAILING case but is fine.
PASSING = {
    "same item id on another sheet": _add("Misses", miss(**{"Miss ID": "H-1", "Date": d(2026, 9, 2)})),
    "person named by email in any case": _set("Decisions", 0, Decider="LUKASZ@Example.com"),
    "person name with other spacing": _set("Seams", 0, Accountable_owner=" zoë  ødegård "),
    "started on the day submitted, no time": _set("Handoffs", 0, Started=d(2026, 10, 5)),
    "completed same day as started": _set("Handoffs", 1, Completed=d(2026, 10, 13)),
    "decided the day requested": _set("Decisions", 0, Decided=d(2026, 10, 5, 16)),
    "decision sla zero days": _set("Decisions", 0, **{"SLA (business days)": 0, "Decided": d(2026, 10, 5, 16)}),
    "sla target of a day and a half": _set("SLAs", 0, **{"Target (business days)": 1.5}),
    "same request type on two seams": _add(
        "SLAs",
        {"Seam ID": "S-02", "Request type": "Custom integration", "Measure": "Lead time", "Target (business days)": 8},
    ),
    "request type in other case": _set("Handoffs", 0, Request_type="custom INTEGRATION"),
    "retired seam without sla": _also(_drop_sla(1), _set("Seams", 1, Status="Retired")),
    "miss with action opened in month": _also(
        _add("Misses", miss()), _add("Actions", action(**{"Seam ID": "S-02", "Owner": "王芳"}))
    ),
    "miss with action done in month": _also(
        _add("Misses", miss()),
        _add("Actions", action(**{"Seam ID": "S-02", "Owner": "王芳", "Status": "Done", "Closed": d(2026, 10, 30)})),
    ),
    "miss with older action still open": _also(
        _add("Misses", miss()), _add("Actions", action(**{"Seam ID": "S-02", "Owner": "王芳", "Opened": d(2026, 8, 3)}))
    ),
    "miss with older action closed after month": _also(
        _add("Misses", miss()),
        _add(
            "Actions",
            action(
                **{
                    "Seam ID": "S-02",
                    "Owner": "王芳",
                    "Opened": d(2026, 8, 3),
                    "Status": "Done",
                    "Closed": d(2026, 11, 3),
                }
            ),
        ),
    ),
    "miss outside the month": _add("Misses", miss(Date=d(2026, 9, 30, 23, 59))),
    "miss on a retired seam": _also(_add("Misses", miss()), _set("Seams", 1, Status="Retired")),
    "action owned by someone on the seam's team": _add("Actions", action(Owner="Łukasz Nowak")),
    "action owned by the seam owner's email": _add("Actions", action(Owner="ZOE@example.com")),
    "finished action owned outside": _add("Actions", action(Owner="王芳", Status="Done", Closed=d(2026, 10, 20))),
    "reworked with reason": _set("Handoffs", 0, Reworked="Y", Rework_reason="Quality"),
    "not completed, not started": _set("Handoffs", 0, Started=None, Completed=None),
    "open action without closed date": _add("Actions", action(Status="Open")),
    "linked ids in other case": _also(
        _add("Misses", miss(**{"Linked item ID": "h-2"})),
        _add("Actions", action(**{"Seam ID": "S-02", "Owner": "王芳", "Linked miss IDs": "m-1;  M-1 ,"})),
    ),
    "due date next year": _set("Dependencies", 0, Due=d(2027, 3, 1), Met=None, Status="Open"),
    "event today": _set("Seams", 0, Last_reviewed=d(2026, 11, 27, 18)),
    "inactive decider only": _set("People", 1, Active="No"),
    "inactive owner of a met dependency and a retired seam": _also(
        _set("People", 2, Active="No"), _set("Seams", 1, Status="Retired")
    ),
    "reviewed exactly 35 days before month end": _set("Seams", 0, Last_reviewed=d(2026, 9, 26)),
    "retired seam reviewed long ago": _set("Seams", 1, Status="Retired", Last_reviewed=d(2025, 1, 1)),
}


@pytest.mark.parametrize("name", PASSING)
def test_near_misses_check_clean(tmp_path, name):
    rows = rows_copy()
    PASSING[name](rows)
    assert check(tmp_path, rows) == []


def test_handoffs_missing_one_sla_give_one_warning_for_the_pair(tmp_path):
    rows = rows_copy()
    for i in range(3):
        rows["Handoffs"].append({**rows["Handoffs"][0], "Item ID": f"R-{i}", "Request type": "rush" if i else "Rush"})
    [f] = check(tmp_path, rows)
    assert (f.code, f.cell) == ("sla-missing-for-handoff", "C4")
    assert "(3 handoffs, rows 4, 5 and 6)" in f.message


def test_active_seam_without_sla_does_not_also_warn_per_handoff(tmp_path):
    rows = rows_copy()
    rows["SLAs"].pop(0)
    assert [f.code for f in check(tmp_path, rows)] == ["sla-missing-for-seam"]


def test_pilot_seam_without_sla_warns_for_its_handoffs_only(tmp_path):
    rows = rows_copy()
    rows["SLAs"].pop(1)
    rows["Seams"][1]["Status"] = "Pilot"
    [f] = check(tmp_path, rows)
    assert (f.code, f.cell) == ("sla-missing-for-handoff", "C3")


def test_completed_before_submitted_when_never_started(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0].update(Started=None, Completed=d(2026, 10, 2))
    findings = check(tmp_path, rows)
    assert [(f.code, f.cell) for f in findings] == [("date-order", "F2"), ("completed-without-start", "E2")]
    assert "Completed (2 Oct 2026) is before Submitted (5 Oct 2026 09:00)" in findings[0].message


def test_date_typed_in_the_future_and_out_of_order_is_one_finding(tmp_path):
    rows = rows_copy()
    rows["Actions"].append(action(Opened=d(2062, 10, 15), Status="Done", Closed=d(2026, 10, 20)))
    [f] = check(tmp_path, rows)
    assert (f.code, f.cell, f.severity) == ("date-order", "E2", "error")


def test_two_future_typos_in_one_row_are_two_findings(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0].update(Submitted=d(2063, 10, 5), Started=d(2062, 10, 6))
    assert sorted((f.code, f.cell) for f in check(tmp_path, rows)) == [("date-order", "D2"), ("date-order", "E2")]


def test_person_in_three_inactive_roles_is_named_at_each(tmp_path):
    rows = rows_copy()
    rows["People"][2]["Active"] = "No"
    rows["Dependencies"][0].update(Met=None, Status="Open")
    rows["Actions"].append(action(**{"Seam ID": "S-02", "Owner": "wang.fang@example.com"}))
    findings = check(tmp_path, rows)
    assert [(f.code, f.sheet, f.cell) for f in findings] == [
        ("person-inactive", "Seams", "E3"),
        ("person-inactive", "Dependencies", "D2"),
        ("person-inactive", "Actions", "D2"),
    ]


def test_three_copies_of_an_id_report_the_second_and_third(tmp_path):
    rows = rows_copy()
    rows["Handoffs"] += [{**rows["Handoffs"][0]}, {**rows["Handoffs"][0]}]
    findings = check(tmp_path, rows)
    assert [(f.code, f.cell) for f in findings] == [("id-duplicate", "A4"), ("id-duplicate", "A5")]
    assert all("also on row 2" in f.message for f in findings)


def test_stale_review_is_judged_against_the_month_asked_for(tmp_path):
    findings = check(tmp_path, rows_copy(), month="2026-11")
    assert [(f.code, f.cell) for f in findings] == [("contract-review-stale", "M2"), ("contract-review-stale", "M3")]


# -- no cascades: one problem, one finding ---------------------------------------------------------


def test_bad_started_date_is_one_finding(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = "yesterday"
    [f] = check(tmp_path, rows)
    assert (f.code, f.cell) == ("value-bad", "E2")


def test_bad_rework_reason_and_closed_date_are_one_finding_each(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0].update(Reworked="Yes", **{"Rework reason": "Gremlins"})
    rows["Actions"].append(action(Status="Done", Closed="last week"))
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("value-bad", "I2"), ("value-bad", "H2")]


@pytest.mark.parametrize(
    "sheet", ["People", "Seams", "SLAs", "Handoffs", "Misses", "Dependencies", "Decisions", "Actions"]
)
def test_missing_sheet_is_one_error(tmp_path, sheet):
    rows = rows_copy()
    rows["Misses"].append(miss(**{"Linked item ID": "H-1"}))
    rows["Actions"].append(action(**{"Seam ID": "S-02", "Owner": "王芳", "Linked miss IDs": "M-1"}))
    del rows[sheet]
    findings = check(tmp_path, rows)
    if sheet == "Actions":  # the miss now lacks its action, which is a problem of its own
        findings = [f for f in findings if f.code != "action-missing"]
    assert [(f.code, f.sheet) for f in findings] == [("sheet-missing", sheet)]


@pytest.mark.parametrize(
    "sheet, header",
    [
        ("Handoffs", "Seam ID"),
        ("Seams", "Seam ID"),
        ("People", "Email"),
        ("SLAs", "Request type"),
        ("Seams", "Status"),
        ("Actions", "Opened"),
    ],
)
def test_missing_column_is_one_error(tmp_path, sheet, header):
    rows = rows_copy()
    rows["Actions"].append(action())
    headers = {sheet: [c.header for c in schema.SHEETS_BY_NAME[sheet].columns if c.header != header]}
    findings = run_checks(read_workbook(write_workbook(tmp_path / "b.xlsx", rows, headers=headers)), today=TODAY)
    assert [(f.code, f.sheet) for f in findings] == [("column-missing", sheet)]


def test_missing_rework_reason_column_warns_once_when_items_were_reworked(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0]["Reworked"] = "Yes"
    rows["Handoffs"][1]["Reworked"] = "Yes"
    headers = {"Handoffs": [c.header for c in schema.HANDOFFS.columns if c.header != "Rework reason"]}
    [f] = run_checks(read_workbook(write_workbook(tmp_path / "b.xlsx", rows, headers=headers)), today=TODAY)
    assert (f.code, f.severity, f.cell) == ("rework-reason-missing", "warning", "J1")
    assert "2 handoffs are Reworked" in f.message


def test_missing_started_column_means_starts_are_not_tracked(tmp_path):
    headers = {"Handoffs": [c.header for c in schema.HANDOFFS.columns if c.header != "Started"]}
    assert (
        run_checks(read_workbook(write_workbook(tmp_path / "b.xlsx", rows_copy(), headers=headers)), today=TODAY) == []
    )


def test_duplicate_seam_is_reported_once(tmp_path):
    rows = rows_copy()
    rows["Seams"].append({**rows["Seams"][0], "Seam name": "Copy of intake", "Last reviewed": None})
    rows["Misses"].append(miss(**{"Seam ID": "S-01"}))
    rows["Actions"].append(action())
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("id-duplicate", "A4")]


def test_unknown_owner_is_not_also_outside_or_inactive(tmp_path):
    rows = rows_copy()
    rows["Actions"].append(action(Owner="Mystery Person"))
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("person-unknown", "D2")]


def test_bad_sla_target_still_counts_as_an_sla(tmp_path):
    rows = rows_copy()
    rows["SLAs"][0]["Target (business days)"] = "three"
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("value-bad", "D2")]


def test_empty_team_is_not_also_an_owner_outside_the_seam(tmp_path):
    rows = rows_copy()
    rows["People"][2]["Team"] = None
    rows["Actions"].append(action(Owner="王芳"))
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("value-required", "C4")]


# -- reporting month ---------------------------------------------------------------------------------


def test_month_on_the_command_line_replaces_a_missing_reporting_month(tmp_path):
    rows = rows_copy()
    rows["Settings"].pop(1)
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    assert [f.code for f in run_checks(book, today=TODAY)] == ["setting-missing"]
    assert run_checks(book, month="2026-10", today=TODAY) == []


def test_month_on_the_command_line_replaces_a_bad_reporting_month(tmp_path):
    rows = rows_copy()
    rows["Settings"][1]["Value"] = "Octember"
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    assert [(f.code, f.cell) for f in run_checks(book, today=TODAY)] == [("setting-bad", "B3")]
    assert run_checks(book, month="2026-10-15", today=TODAY) == []


def test_month_argument_keeps_other_setting_errors(tmp_path):
    rows = rows_copy()
    rows["Settings"].pop(0)
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    assert [f.code for f in run_checks(book, month="2026-10", today=TODAY)] == ["setting-missing"]


def test_bad_month_argument_is_a_clear_error(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows_copy()))
    with pytest.raises(TecError, match="'2026-13' is not a month"):
        run_checks(book, month="2026-13", today=TODAY)


def test_without_any_month_the_month_checks_stay_silent(tmp_path):
    rows = rows_copy()
    rows["Settings"].pop(1)
    rows["Seams"][0]["Last reviewed"] = d(2020, 1, 1)
    rows["Misses"].append(miss())
    assert [f.code for f in check(tmp_path, rows)] == ["setting-missing"]


def test_every_check_is_documented_and_registered_once():
    assert len(set(CHECKS)) == len(CHECKS)
    assert all(c.__doc__ for c in CHECKS)


def test_findings_are_sorted_errors_first(tmp_path):
    rows = rows_copy()
    rows["People"][1]["Email"] = "bad"
    rows["Handoffs"][1]["Seam ID"] = "S-77"
    findings = check(tmp_path, rows)
    assert [f.code for f in findings] == ["seam-unknown", "email-invalid"]


# -- the check that needs metrics ---------------------------------------------------------------------


def test_red_seam_without_corrective_action_is_warned(tmp_path):
    pytest.importorskip("tec_desktop.metrics.compute")
    rows = rows_copy()
    rows["Handoffs"][1]["Completed"] = d(2026, 10, 30)  # 13 business days against a 5-day lead time: Red
    [f] = check(tmp_path, rows)
    assert (f.code, f.severity, f.sheet, f.cell) == ("action-missing", "warning", "Seams", "A3")
    assert "S-02 (Security sign-off) is Red but no owner-led corrective action" in f.message


def test_red_seam_with_misses_names_both_reasons(tmp_path):
    pytest.importorskip("tec_desktop.metrics.compute")
    rows = rows_copy()
    rows["Handoffs"][1]["Completed"] = d(2026, 10, 30)
    rows["Misses"] += [miss(), miss(**{"Miss ID": "M-2"})]
    [f] = check(tmp_path, rows)
    assert "is Red and has 2 misses in October 2026 but no owner-led corrective action" in f.message


def test_red_seam_with_an_open_action_is_fine(tmp_path):
    pytest.importorskip("tec_desktop.metrics.compute")
    rows = rows_copy()
    rows["Handoffs"][1]["Completed"] = d(2026, 10, 30)
    rows["Actions"].append(action(**{"Seam ID": "S-02", "Owner": "王芳", "Opened": d(2026, 9, 20), "Status": "Open"}))
    assert check(tmp_path, rows) == []


def test_red_status_is_judged_for_the_month_asked_for(tmp_path):
    pytest.importorskip("tec_desktop.metrics.compute")
    rows = rows_copy()
    rows["Handoffs"][1]["Completed"] = d(2026, 10, 30)
    for seam in rows["Seams"]:  # November is quiet; keep its contract reviews fresh
        seam["Last reviewed"] = d(2026, 11, 2)
    assert check(tmp_path, rows, month="2026-11") == []


# -- speed ---------------------------------------------------------------------------------------------


def test_hundred_thousand_handoffs_check_in_well_under_half_a_second(tmp_path):
    import dataclasses
    import time

    import numpy as np
    import pandas as pd

    rows = rows_copy()
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    small = book["Handoffs"]
    n = 100_000
    frame = small.frame.iloc[np.arange(n) % 2].reset_index(drop=True)
    ids = [f"H-{i}" for i in range(n)]
    for i in range(0, n, 1000):  # 1% of problems: duplicate IDs, unknown seams, starts before submits
        ids[i + 1] = ids[i]
    frame["item_id"] = pd.Series(ids, dtype=small.frame["item_id"].dtype)
    frame.loc[frame.index % 1000 == 2, "seam_id"] = "S-99"
    shift = pd.to_timedelta(frame.index % 120, unit="D")
    for key in ("submitted", "started", "completed"):
        frame[key] = (frame[key] - shift).astype("datetime64[us]")
    bad_order = frame.index % 1000 == 3
    frame.loc[bad_order, "started"] = frame.loc[bad_order, "submitted"] - pd.Timedelta(days=2)
    frame["row"] = np.arange(2, n + 2)
    big = dataclasses.replace(small, frame=frame, bad={k: np.zeros(n, bool) for k in small.bad})
    book = dataclasses.replace(book, tables={**book.tables, "Handoffs": big})
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        findings = run_checks(book, today=TODAY)
        best = min(best, time.perf_counter() - start)
    codes = {c: sum(f.code == c for f in findings) for c in ("id-duplicate", "seam-unknown", "date-order")}
    assert codes == {"id-duplicate": 100, "seam-unknown": 1, "date-order": 100}  # one unknown seam, named once
    print(f"run_checks on {n} handoffs: {best:.3f} s")
    assert best < 0.5, best


def test_empty_reporting_month_value_is_one_error_and_month_option_covers_it(tmp_path):
    rows = rows_copy()
    rows["Settings"][1]["Value"] = None
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    found = run_checks(book, today=TODAY)
    assert [(f.code, f.cell) for f in found] == [("setting-missing", "B3")]
    assert found[0].message.startswith("Settings B3: Reporting month is empty")
    assert run_checks(book, month="2026-10", today=TODAY) == []


def test_month_option_covers_only_the_missing_reporting_month_row(tmp_path):
    """--month stands in for the Reporting month, found by the finding's parameter, not its wording."""
    rows = rows_copy()
    rows["Settings"] = [r for r in rows["Settings"] if r["Setting"] not in ("Reporting month", "Organization")]
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    missing = [(f.code, f.form, f.args["setting"]) for f in run_checks(book, today=TODAY)]
    assert missing == [("setting-missing", "no-row", "Organization"), ("setting-missing", "no-row", "Reporting month")]
    assert [f.args["setting"] for f in run_checks(book, month="2026-10", today=TODAY)] == ["Organization"]


def test_setting_row_without_a_name_is_one_error(tmp_path):
    rows = rows_copy()
    rows["Settings"].append({"Setting": None, "Value": "Mon Tue"})
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("value-required", "A4")]


def test_an_unknown_seam_used_on_many_rows_is_one_finding_naming_them(tmp_path):
    rows = rows_copy()
    for i in range(7):
        rows["Handoffs"].append({**rows["Handoffs"][0], "Item ID": f"X-{i}", "Seam ID": "S-07"})
    rows["Handoffs"][1]["Seam ID"] = "S-08"
    findings = check(tmp_path, rows)
    assert [(f.code, f.cell) for f in findings] == [("seam-unknown", "B3"), ("seam-unknown", "B4")]
    assert findings[1].message == (
        "Handoffs B4: Seam ID 'S-07' is not on the Seams sheet. Use a Seam ID from Seams, "
        "or add the seam there. Also on rows 5, 6, 7, 8, 9 and 1 more."
    )


def test_an_unknown_person_is_grouped_ignoring_case(tmp_path):
    rows = rows_copy()
    rows["Actions"] += [action(Owner="Bob"), action(**{"Action ID": "A-2", "Owner": "BOB "})]
    [f] = check(tmp_path, rows)
    assert (f.code, f.cell) == ("person-unknown", "D2")
    assert f.message.endswith("Also on row 3.")


def test_person_row_without_a_name_is_one_error(tmp_path):
    rows = rows_copy()
    rows["People"][0]["Name"] = None
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("value-required", "A2")]


def test_seam_row_without_an_id_is_one_error(tmp_path):
    rows = rows_copy()
    rows["Seams"][0]["Seam ID"] = None
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("value-required", "A2")]


@pytest.mark.parametrize(
    "column, value, code",
    [("Seam ID", None, "value-required"), ("Seam ID", "S-9", "seam-unknown"), ("Request type", None, "value-required")],
)
def test_incomplete_sla_row_is_one_error_not_also_a_missing_sla(tmp_path, column, value, code):
    rows = rows_copy()
    rows["SLAs"][0][column] = value
    assert [f.code for f in check(tmp_path, rows)] == [code]


def test_typo_that_makes_a_seam_red_is_reported_once(tmp_path):
    pytest.importorskip("tec_desktop.metrics.compute")
    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = d(2062, 10, 6)  # after Completed: an error; queue time would be Red
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("date-order", "E2")]
    rows = rows_copy()
    rows["Dependencies"][0]["Met"] = d(2062, 10, 19)  # late by decades: a warning; on-time share would be Red
    assert [(f.code, f.cell) for f in check(tmp_path, rows)] == [("date-in-future", "F2")]
