"""Numbers a newcomer can trust: what the figures leave out is said, counts count records, lists are as of the
month chosen, and the Checks headline says what will and will not be printed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ui.main_window import CHECKS, SEAMS

from builder import rows_copy, write_workbook
from ui_helpers import LOAD_TIMEOUT, book_with_errors, open_and_wait


def test_figures_left_incomplete_by_errors_say_so_on_the_seams_view(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, book_with_errors(tmp_path / "errors.xlsx"))
    window.show_view(SEAMS)
    note = window.seams.figures_note()
    assert "2 errors" in note and "these figures leave out the rows with errors" in note and "see Checks" in note
    assert window.seams.errors_note.isVisible()
    window.seams.errors_note.label.linkActivated.emit("checks")
    assert window.views.currentIndex() == CHECKS
    # a clean workbook has no such note
    open_and_wait(qtbot, window, write_workbook(tmp_path / "clean.xlsx"))
    assert window.seams.figures_note() == ""


def test_detail_tabs_count_the_records_not_the_line_that_says_there_are_none(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, write_workbook(tmp_path / "book.xlsx"))  # no misses, no actions
    window.show_view(SEAMS)
    assert window.seams.select_seam("S-01")
    tabs = [window.seams.tabs.tabText(i) for i in range(window.seams.tabs.count())]
    assert "Misses (0)" in tabs and "Corrective actions (0)" in tabs and "Open dependencies (0)" in tabs
    assert "Decisions waiting (0)" in tabs
    misses = window.seams.lists["misses"][0]
    assert misses.rowCount() == 1 and "No misses" in misses.index(0, 0).data()  # the line is still there


def test_open_dependencies_show_their_status_at_the_end_of_the_month_chosen(qtbot, window, tmp_path):
    d = dt.datetime
    rows = rows_copy()
    dependency = {"Seam ID": "S-02", "Description": "Pen-test report", "Owner": "王芳"}
    rows["Dependencies"] += [
        {**dependency, "Dependency ID": "D-JULY", "Due": d(2026, 7, 15), "Status": "Missed"},  # missed later
        {**dependency, "Dependency ID": "D-LATE", "Due": d(2026, 6, 20), "Met": d(2026, 7, 3), "Status": "Met"},
        {**dependency, "Dependency ID": "D-DONE", "Due": d(2026, 6, 10), "Met": d(2026, 6, 9), "Status": "Met"},
    ]
    result = open_and_wait(qtbot, window, write_workbook(tmp_path / "deps.xlsx", rows))
    assert "2026-06" in result.months
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        window.loads.choose_month("2026-06")
    assert blocker.args[0].month == "2026-06"
    window.show_view(SEAMS)
    assert window.seams.select_seam("S-02")
    model = window.seams.lists["dependencies"][0]
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    status = {model.index(r, 0).data(): model.index(r, headers.index("Status")).data() for r in range(model.rowCount())}
    # due in July (or October): still open at the end of June; met only in July: missed then; met in June: gone
    assert status == {"D-JULY": "Open", "D-LATE": "Missed", "D-1": "Open"}
    assert "Open dependencies (3)" in [window.seams.tabs.tabText(i) for i in range(window.seams.tabs.count())]


def test_the_open_in_excel_note_is_not_said_to_be_printed(qtbot, window, tmp_path):
    book = write_workbook(tmp_path / "open.xlsx")
    (tmp_path / "~$open.xlsx").write_bytes(b"lock")  # Excel's lock file: the workbook is open there
    result = open_and_wait(qtbot, window, book)
    assert result.count("warning") == 1 and result.printed_warnings == 0
    headline = window.checks.headline.text()
    assert "will be printed" not in headline
    assert "ready for the scorecards" in headline and "not printed" in headline
    # with a warning about the data as well, the headline tells them apart
    rows = rows_copy()
    rows["Handoffs"][1]["Reworked"] = "Yes"  # a warning: rework without a reason
    write_workbook(tmp_path / "open.xlsx", rows)
    result = open_and_wait(qtbot, window, book)
    assert result.count("warning") == 2 and result.printed_warnings == 1
    assert "1 of the 2 warnings below will be printed" in window.checks.headline.text()
    assert "the one about the file itself will not" in window.checks.headline.text()
