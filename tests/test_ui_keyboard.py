"""Keyboard and small manners: Tab moves between controls, focus is visible everywhere, Esc clears the search,
files in natural order, recent folders as the header writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from ui.main_window import CHECKS, SCORECARDS, SEAMS

from builder import rows_copy, write_workbook
from ui_helpers import JOB, open_and_wait


def mixed(path: Path) -> Path:
    """Errors, a warning and a note: every control of the Checks view has something to do."""
    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = dt.datetime(2026, 10, 3, 9)
    rows["Handoffs"][1]["Reworked"] = "Yes"
    rows["People"][0]["Email"] = "not-an-email"
    return write_workbook(path, rows)


def tab_walk(qtbot, start: QWidget, presses: int) -> list[QWidget]:
    """Where the focus goes, press after press of Tab from `start`."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_moves_between_the_checks_controls_and_the_table_is_one_stop(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, mixed(tmp_path / "mixed.xlsx"))
    window.show_view(CHECKS)
    window.activateWindow()
    checks = window.checks
    assert checks.proxy.rowCount() >= 3
    walk = tab_walk(qtbot, checks.search, 12)
    table_at = [i for i, w in enumerate(walk) if w is checks.table]
    assert table_at, "Tab never reaches the findings table"
    assert all(walk[i + 1] is not checks.table for i in table_at if i + 1 < len(walk))  # one press leaves it
    reached = set(walk)
    for control in (checks.search, checks.sheet_filter, checks.annotate_button, checks.open_button):
        assert control in reached, control.accessibleName()
    # arrows move inside the table
    checks.table.setFocus()
    first = checks.selected_finding()
    qtbot.keyClick(checks.table, Qt.Key_Down)
    assert checks.selected_finding() != first


def focusable(view: QWidget) -> list[QWidget]:
    out = []
    for w in view.findChildren(QWidget):
        if (
            w.isVisible()
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not w.objectName().startswith("qt_")
            and w.width() > 4
            and (not isinstance(w.parent(), QAbstractItemView) or w is w.parent().viewport())
        ):
            out.append(w)
    return [w for w in out if not isinstance(w.parent(), QAbstractItemView)]


def looks_focused(qtbot, widget: QWidget, elsewhere: QWidget) -> bool:
    elsewhere.setFocus()
    qtbot.wait(20)
    without = widget.grab().toImage()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait(20)
    assert QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget())
    return widget.grab().toImage() != without


def test_every_control_shows_when_it_has_the_focus(qtbot, window, sample_copy):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    start = window.welcome
    window.store.add_recent(sample_copy)
    window.refresh_recent()
    for w in (start.open_button, start.template_button, start.sample_button, start.recent):
        assert looks_focused(qtbot, w, start.sample_button if w is not start.sample_button else start.open_button), (
            w.accessibleName()
        )
    open_and_wait(qtbot, window, sample_copy)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB):
        window.outputs.generate_scorecards()
    plain = []
    for index, view in ((CHECKS, window.checks), (SEAMS, window.seams), (SCORECARDS, window.scorecards)):
        window.show_view(index)
        qtbot.wait(50)
        controls = focusable(view)
        assert len(controls) >= 3
        for w in controls:
            other = next(c for c in controls if c is not w)
            if not looks_focused(qtbot, w, other):
                plain.append(f"{type(w).__name__} {w.accessibleName() or w.objectName()}")
    assert plain == []


def test_esc_clears_the_search_and_then_the_window_has_it_again(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, mixed(tmp_path / "mixed.xlsx"))
    checks = window.checks
    total = checks.proxy.rowCount()
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClicks(checks.search, "reason")
    qtbot.waitUntil(lambda: checks.proxy.rowCount() < total)
    qtbot.keyClick(checks.search, Qt.Key_Escape)
    assert checks.search.text() == "" and checks.proxy.rowCount() == total


def test_owner_files_are_listed_in_natural_order(qtbot, window, tmp_path):
    rows = rows_copy()
    template = rows["Seams"][0]
    for n in (10, 2, 100, 1):
        name = f"Person {n}"
        rows["People"].append({"Name": name, "Email": f"p{n}@example.com", "Team": "Sales", "Role": "Seam owner"})
        rows["People"][-1]["Active"] = "Yes"
        rows["Seams"].append(
            {**template, "Seam ID": f"S-{n + 10}", "Seam name": f"Seam {n}", "Accountable owner": name}
        )
    open_and_wait(qtbot, window, write_workbook(tmp_path / "people.xlsx", rows))
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB):
        window.outputs.generate_scorecards()
    names = [window.scorecards.files_model.index(r, 0).data() for r in range(window.scorecards.files_model.rowCount())]
    people = [n.rsplit("-", 1)[-1].removesuffix(".pdf") for n in names if "-Person-" in n]
    assert people == ["1", "2", "10", "100"]
    assert "Person" not in names[0]  # the pack first


def test_recent_workbooks_show_the_home_folder_as_the_header_does(qtbot, window, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Documents" / "Seams").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    book = write_workbook(home / "Documents" / "Seams" / "north.xlsx")
    open_and_wait(qtbot, window, book)
    assert "~/Documents/Seams" in window.header.file_meta.full_text().replace("\\", "/")
    row = window.welcome.recent_model.index(0, 0).data().replace("\\", "/")
    assert row.startswith("north.xlsx") and "~/Documents/Seams" in row and str(home) not in row
