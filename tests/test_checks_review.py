"""The checks behind the monthly review: the optional Commentary sheet, a Red seam's root cause that no open
action answers, a seam with nothing recorded in the month, and the Language setting."""

from __future__ import annotations

import datetime as dt

from tec_desktop.checks.registry import run_checks
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook
from report_rows import report_rows

TODAY = dt.date(2026, 11, 5)
d = dt.datetime


def found(tmp_path, rows, month="2026-10"):
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    return [(f.severity, f.code, f.sheet, f.cell, f.message) for f in run_checks(book, month, today=TODAY)]


def comment(**changes):
    row = {"Seam ID": "S-01", "Month": "2026-10", "Comment": "On track", "Author": "Zoë Ødegård"}
    row.update(changes)
    return row


def test_a_workbook_without_commentary_or_with_good_comments_checks_clean(tmp_path):
    assert found(tmp_path, rows_copy()) == []
    rows = rows_copy()
    rows["Commentary"] = [comment(), comment(**{"Seam ID": "S-02", "Author": "wang.fang@example.com"})]
    rows["Commentary"].append(comment(Month="2026-09-15"))  # a date in a month is that month
    assert found(tmp_path, rows) == []


def test_a_comment_month_that_is_not_a_month_is_an_error_at_its_cell(tmp_path):
    rows = rows_copy()
    rows["Commentary"] = [comment(Month="October")]
    assert found(tmp_path, rows) == [
        (
            "error",
            "comment-month-bad",
            "Commentary",
            "B2",
            "Commentary B2: Month 'October' is not a month; write it like 2026-10.",
        )
    ]


def test_two_comments_for_one_seam_and_month_are_an_error_at_the_second(tmp_path):
    rows = rows_copy()
    rows["Commentary"] = [comment(), comment(Comment="Second thoughts")]
    [(severity, code, sheet, cell, message)] = found(tmp_path, rows)
    assert (severity, code, sheet, cell) == ("error", "comment-duplicate", "Commentary", "B3")
    assert "already has a comment for October 2026 on row 2" in message


def test_a_comment_on_an_unknown_seam_or_by_an_unknown_person_is_an_error(tmp_path):
    rows = rows_copy()
    rows["Commentary"] = [comment(**{"Seam ID": "S-99"}), comment(Author="Nobody Known", Month="2026-09")]
    codes = {(code, cell) for _, code, _, cell, _ in found(tmp_path, rows)}
    assert codes == {("seam-unknown", "A2"), ("person-unknown", "D3")}


def test_a_red_seams_root_cause_without_an_action_answering_it_is_a_warning(tmp_path):
    rows = report_rows()
    warnings = [f for f in found(tmp_path, rows) if f[1] == "cause-no-action"]
    # S-01 is Red; 'No status updates' (M-3, row 4) has no action; 'Scope not agreed' has A-1 (linked).
    assert [(sheet, cell) for _, _, sheet, cell, _ in warnings] == [("Misses", "H4")]
    assert "'No status updates' explains 1 of 3 misses of Red seam S-01 (Custom deal intake)" in warnings[0][4]
    # An action naming the same root cause answers it: the warning goes.
    rows["Actions"].append(
        {
            "Action ID": "A-9",
            "Seam ID": "S-01",
            "Action": "Weekly status note to the customer",
            "Owner": "Zoë Ødegård",
            "Opened": d(2026, 10, 21),
            "Due": d(2026, 11, 20),
            "Status": "Open",
            "Root cause": "no STATUS updates",
        }
    )
    assert [f for f in found(tmp_path, rows) if f[1] == "cause-no-action"] == []


def test_a_dropped_action_answers_nothing(tmp_path):
    rows = report_rows()
    rows["Actions"][0].update({"Status": "Dropped", "Closed": d(2026, 10, 20)})
    codes = [code for _, code, _, _, _ in found(tmp_path, rows)]
    # S-01 has no action left at all: that is said once for the seam, not once per root cause.
    assert "action-missing" in codes and "cause-no-action" not in codes


def test_a_seam_with_nothing_recorded_in_the_month_is_a_warning(tmp_path):
    rows = rows_copy()
    rows["Seams"].append(
        {
            "Seam ID": "S-03",
            "Seam name": "Quiet seam",
            "From team": "Sales",
            "To team": "Product",
            "Accountable owner": "Zoë Ødegård",
            "Status": "Pilot",
            "Last reviewed": d(2026, 10, 2),
        }
    )
    rows["SLAs"].append({"Seam ID": "S-03", "Request type": "Any", "Measure": "Lead time", "Target (business days)": 5})
    [(severity, code, sheet, cell, message)] = found(tmp_path, rows)
    assert (severity, code, sheet, cell) == ("warning", "seam-no-activity", "Seams", "A4")
    assert message.startswith("Seams A4: S-03 (Quiet seam) has nothing recorded for October 2026")


def test_language_setting_takes_a_language_code(tmp_path):
    rows = rows_copy()
    rows["Settings"].append({"Setting": "Language", "Value": "pt_br"})
    assert read_workbook(write_workbook(tmp_path / "a.xlsx", rows)).settings.language == "pt-BR"
    assert read_workbook(write_workbook(tmp_path / "b.xlsx", rows_copy())).settings.language == "en"
    rows["Settings"][-1]["Value"] = "Portuguese"
    [(severity, code, sheet, _, message)] = found(tmp_path, rows)
    assert (severity, code, sheet) == ("error", "setting-bad", "Settings")
    assert message.endswith("Language 'Portuguese' is not a language code like en, en-GB, de or fr.")
