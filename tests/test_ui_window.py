"""The main window on real workbooks: opening, findings at their cells, seams, months, drag and drop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tec_desktop.checks.registry import run_checks
from tec_desktop.findings import ERROR, WARNING, count
from tec_desktop.metrics.compute import compute_month
from tec_desktop.workbook.reader import read_workbook
from ui.findings_model import FINDING_ROLE
from ui.main_window import CHECKS, SCORECARDS, SEAMS

from builder import write_workbook
from ui_helpers import LOAD_TIMEOUT, book_with_errors, open_and_wait, visible_error_dialogs


def test_sample_shows_its_seams_and_findings_counts(qtbot, window, sample_copy):
    result = open_and_wait(qtbot, window, sample_copy)
    book = read_workbook(sample_copy)
    findings = run_checks(book)
    metrics = compute_month(book, book.settings.reporting_month)

    assert result.month == book.settings.reporting_month
    assert window.seams.model.rowCount() == len(metrics.seams) > 0
    shown = {
        window.seams.model.seam(r).seam_id: window.seams.model.seam(r).status
        for r in range(window.seams.model.rowCount())
    }
    assert shown == {s.seam_id: s.status for s in metrics.seams}
    assert window.checks.model.rowCount() == len(findings)
    counts = window.status.counts.text()
    assert f"{count(findings, ERROR)} error" in counts and f"{count(findings, WARNING)} warning" in counts
    assert window.windowTitle().startswith("sample.xlsx")
    assert "Reporting month" in window.header.month_picker.currentText()
    # every status word is shown with the colour: 'Red', 'Amber', 'Green' in the Status column
    words = {window.seams.proxy.index(r, 3).data() for r in range(window.seams.proxy.rowCount())}
    assert words <= {"Red", "Amber", "Green", "No data"} and words & {"Red", "Amber", "Green"}


def test_seam_detail_shows_metrics_targets_trend_and_lists(qtbot, window, sample_copy):
    open_and_wait(qtbot, window, sample_copy)
    window.show_view(SEAMS)
    seams = window.seams
    assert seams.select_seam("S-01")
    seam = seams.selected_seam()
    assert seams.detail_title.full_text().startswith("S-01")
    assert seams.metrics_model.rowCount() == 12
    labels = [seams.metrics_model.index(r, 0).data() for r in range(12)]
    assert "SLA adherence" in labels
    sla = labels.index("SLA adherence")
    assert seams.metrics_model.index(sla, 2).data().startswith("≥")  # target
    trend, _status = seams.metrics_model.index(sla, 5).data(Qt.UserRole + 3)
    assert len(trend) == 6
    misses_model = seams.lists["misses"][0]
    assert misses_model.rowCount() == len(seam.misses.rows) or seam.misses.rows == ()
    # sortable: sorting by Status puts the worst first
    seams.table.sortByColumn(3, Qt.AscendingOrder)
    first = seams.proxy.index(0, 3).data()
    assert first == "Red"


def test_workbook_with_errors_shows_them_at_their_cells(qtbot, window, tmp_path):
    path = book_with_errors(tmp_path / "errors.xlsx")
    result = open_and_wait(qtbot, window, path)
    cells = {(f.sheet, f.cell) for f in result.findings if f.severity == ERROR}
    assert ("Handoffs", "E2") in cells and ("Handoffs", "F3") in cells
    table = window.checks.table
    model = table.model()
    rows = {(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())}
    assert ("Handoffs", "E2") in rows and ("Handoffs", "F3") in rows
    assert "2 errors must be fixed" in window.checks.headline.text()
    assert window.commands.checks.text() == "Checks (2)"

    # selecting F3 shows the row as typed, the bad cell marked
    for r in range(table.model().rowCount()):
        if table.model().index(r, 2).data() == "F3":
            table.selectRow(r)
            break
    row_model = window.checks.row_model
    qtbot.waitUntil(lambda: row_model.rowCount() == 1, timeout=LOAD_TIMEOUT)
    column = row_model.column_of("F")
    assert row_model.index(0, column).data() == "soon"
    assert row_model.index(0, column).data(Qt.BackgroundRole) is not None
    assert row_model.headerData(column, Qt.Horizontal) == "F  Completed"
    assert "Handoffs row 3" in window.checks.row_title.text()

    # the scorecards are blocked, and say why
    window.show_view(SCORECARDS)
    assert not window.scorecards.generate_button.isEnabled()
    assert "2 errors" in window.scorecards.blocking_reason()


def test_filters_by_severity_sheet_and_text(qtbot, window, tmp_path):
    from builder import rows_copy

    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = dt.datetime(2026, 10, 3, 9)
    rows["Handoffs"][1]["Reworked"] = "Yes"  # warning: no reason
    rows["People"][0]["Email"] = "not-an-email"
    result = open_and_wait(qtbot, window, write_workbook(tmp_path / "mixed.xlsx", rows))
    checks = window.checks
    total = checks.proxy.rowCount()
    assert total == len(result.findings) >= 3
    checks.chips["error"].setChecked(False)
    assert all(checks.proxy.index(r, 0).data(FINDING_ROLE).severity != "error" for r in range(checks.proxy.rowCount()))
    checks.chips["error"].setChecked(True)
    checks.sheet_filter.setCurrentIndex(checks.sheet_filter.findData("People"))
    assert {checks.proxy.index(r, 1).data() for r in range(checks.proxy.rowCount())} == {"People"}
    checks.sheet_filter.setCurrentIndex(0)
    checks.search.setText("reason")
    qtbot.waitUntil(lambda: checks.proxy.rowCount() < total)
    assert all("reason" in checks.proxy.index(r, 3).data().lower() for r in range(checks.proxy.rowCount()))
    checks.search.setText("no such words anywhere")
    qtbot.waitUntil(lambda: checks.table_stack.currentWidget() is checks.empty)
    assert "No findings match" in checks.empty.message()


def test_drag_and_drop_a_file_opens_it(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "dropped.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPointF(200, 200), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    assert window.drop_overlay.isVisible()
    drop = QDropEvent(QPointF(200, 200), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        QApplication.sendEvent(window, drop)
    assert Path(blocker.args[0].path) == path.resolve()
    assert not window.drop_overlay.isVisible()


def test_dragging_something_that_is_not_a_file_is_refused(qtbot, window):
    mime = QMimeData()
    mime.setText("just text")
    enter = QDragEnterEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_month_picker_checks_another_month(qtbot, window, sample_copy):
    result = open_and_wait(qtbot, window, sample_copy)
    picker = window.header.month_picker
    earlier = next(m for m in result.months if m < result.month)
    index = picker.findData(earlier)
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        picker.setCurrentIndex(index)
        picker.activated.emit(index)
    assert blocker.args[0].month == earlier
    assert window.seams.title.full_text().startswith(window.header.month_picker.currentText().split("  ")[0])
    # Ctrl+] goes back towards the newer months
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT):
        window.header.step_month(-1)


def test_not_a_workbook_is_one_plain_dialog(qtbot, window, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("Item ID,Seam ID\nH-1,S-01\n")
    window.open_path(path)
    qtbot.waitUntil(lambda: bool(visible_error_dialogs(window)), timeout=LOAD_TIMEOUT)
    dialog = visible_error_dialogs(window)[0]
    assert "text (CSV) file" in dialog.message_label.text()
    assert "Traceback" not in dialog.message_label.text()
    assert window.result is None and window.showing_start_page()
    dialog.close()


def test_missing_file_is_said_plainly_and_dropped_from_recent(qtbot, window, tmp_path):
    gone = tmp_path / "gone.xlsx"
    assert not window.open_path(gone)
    dialog = visible_error_dialogs(window)[0]
    assert "does not exist" in dialog.message_label.text()
    dialog.close()


def test_command_line_opens_the_workbook(qtbot, qapp, sample_copy):
    from ui.app import build

    app, w = build(["tec-desktop", str(sample_copy)])
    qtbot.addWidget(w)
    assert app is qapp and w.isVisible()
    qtbot.waitUntil(lambda: w.result is not None, timeout=LOAD_TIMEOUT)
    assert Path(w.result.path) == sample_copy.resolve()
    w.close()


def test_recent_files_and_geometry_are_remembered(qtbot, qapp, tmp_path):
    from ui.main_window import MainWindow

    path = write_workbook(tmp_path / "recent.xlsx")
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(first.minimumSizeHint().width() + 20, first.minimumSizeHint().height() + 20)
    open_and_wait(qtbot, first, path)
    first.show_view(SEAMS)
    size = first.size()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.store.recent_files()[0] == str(path.resolve())
    assert second.store.geometry() is not None
    assert second.size().height() == size.height()  # (the offscreen screen is 800 wide: the width is clamped)
    assert second.views.currentIndex() == SEAMS
    assert second.welcome.recent_model.rowCount() == 1
    second.close()


def test_every_main_action_has_a_shortcut_and_they_work(qtbot, window, sample_copy):
    for action in (
        window.commands.open,
        window.commands.new,
        window.commands.sample,
        window.commands.reload,
        window.commands.annotate,
        window.commands.open_in_app,
        window.commands.prefs,
        window.commands.checks,
        window.commands.seams,
        window.commands.scorecards,
        window.commands.find,
        window.commands.month,
        window.commands.generate,
        window.commands.cancel,
        window.commands.output,
        window.commands.email,
        window.commands.shortcuts,
        window.commands.quit,
    ):
        assert not action.shortcut().isEmpty(), action.text()
    open_and_wait(qtbot, window, sample_copy)
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert window.views.currentIndex() == SEAMS
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    assert window.views.currentIndex() == SCORECARDS
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    assert window.views.currentIndex() == CHECKS
    assert window.checks.search.hasFocus()


def test_controls_have_accessible_names(qtbot, window, sample_copy):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    open_and_wait(qtbot, window, sample_copy)
    missing = []
    for kind in (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView):
        for w in window.findChildren(kind):
            name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
            if not name.strip() and w.isVisibleTo(window) and w.parent() is not None:
                if type(w).__name__ in ("QToolBarExtension",) or w.objectName().startswith("qt_"):
                    continue
                missing.append(f"{type(w).__name__} {w.objectName()}")
    assert missing == []


def test_findings_sort_by_any_column_and_keep_the_selection(qtbot, window, tmp_path):
    from builder import rows_copy

    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = dt.datetime(2026, 10, 3, 9)
    rows["Handoffs"][1]["Reworked"] = "Yes"
    rows["People"][0]["Email"] = "not-an-email"
    open_and_wait(qtbot, window, write_workbook(tmp_path / "sort.xlsx", rows))
    checks = window.checks
    severities = [checks.proxy.index(r, 0).data(FINDING_ROLE).severity for r in range(checks.proxy.rowCount())]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)  # errors first by default
    checks.table.selectRow(checks.proxy.rowCount() - 1)
    chosen = checks.selected_finding()
    checks.table.sortByColumn(3, Qt.DescendingOrder)
    messages = [checks.proxy.index(r, 3).data() for r in range(checks.proxy.rowCount())]
    assert messages == sorted(messages, key=str.casefold, reverse=True)
    assert checks.selected_finding() == chosen
    checks.table.sortByColumn(0, Qt.AscendingOrder)
    assert checks.proxy.index(0, 0).data(FINDING_ROLE).severity == "error"


def test_recent_files_menu_and_start_page_list_open_the_workbook(qtbot, window, tmp_path):
    first = write_workbook(tmp_path / "first.xlsx")
    second = book_with_errors(tmp_path / "second.xlsx")
    open_and_wait(qtbot, window, first)
    open_and_wait(qtbot, window, second)
    window.commands.recent_menu.aboutToShow.emit()
    items = [a for a in window.commands.recent_menu.actions() if a.text().lstrip("&").startswith(("1", "2"))]
    assert [a.toolTip() for a in items] == [str(second.resolve()), str(first.resolve())]
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        items[1].trigger()
    assert Path(blocker.args[0].path) == first.resolve()
    # the start page's list does the same
    model = window.welcome.recent_model
    assert model.rowCount() == 2 and model.index(0, 0).data().startswith("first.xlsx")
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        window.welcome.recent.clicked.emit(model.index(1, 0))
    assert Path(blocker.args[0].path) == second.resolve()
