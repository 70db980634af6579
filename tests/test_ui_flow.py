"""An obvious next step: Generate from a clean Checks page, 'out of date' after a save, the user guide on F1,
and a folder that cannot be opened says where it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from ui.main_window import CHECKS, SCORECARDS

from builder import rows_copy, write_workbook
from ui_helpers import JOB, LOAD_TIMEOUT, book_with_errors, open_and_wait, visible_error_dialogs


def test_a_clean_checks_page_leads_on_to_generate(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, write_workbook(tmp_path / "clean.xlsx"))
    window.show_view(CHECKS)
    checks = window.checks
    assert "No problems found" in checks.empty.message()
    assert checks.next_step() == "Generate scorecards" and checks.empty.button.isVisible()
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        qtbot.mouseClick(checks.empty.button, Qt.LeftButton)
    assert isinstance(blocker.args[0], tuple) and window.views.currentIndex() == SCORECARDS


def test_warnings_only_still_lead_on_and_errors_do_not(qtbot, window, tmp_path):
    rows = rows_copy()
    rows["Handoffs"][1]["Reworked"] = "Yes"  # a warning
    open_and_wait(qtbot, window, write_workbook(tmp_path / "warned.xlsx", rows))
    window.show_view(CHECKS)
    assert window.checks.next_step() == "Generate scorecards" and window.checks.generate_button.isVisible()
    open_and_wait(qtbot, window, book_with_errors(tmp_path / "errors.xlsx"))
    assert window.checks.next_step() == "" and not window.checks.generate_button.isVisible()


def test_scorecards_say_they_are_out_of_date_after_a_save_and_generate_again(qtbot, window, tmp_path):
    path = write_workbook(tmp_path / "book.xlsx")
    open_and_wait(qtbot, window, path)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB):
        window.outputs.generate_scorecards()
    view = window.scorecards
    assert view.staleness() == "" and "PDFs written" in view.outcome.label.text()
    rows = rows_copy()
    rows["Handoffs"][0]["Completed"] = rows["Handoffs"][0]["Completed"].replace(day=12)  # saved in Excel
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT):
        write_workbook(path, rows)
    assert view.is_out_of_date()
    assert "Out of date" in view.staleness() and "Generate again" in view.staleness()
    assert view.stale.isVisible() and not view.outcome.isVisible()
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        view.stale.label.linkActivated.emit("generate")
    assert isinstance(blocker.args[0], tuple)
    assert view.staleness() == "" and not view.is_out_of_date()


def test_f1_opens_the_user_guide_with_working_contents_links(qtbot, window):
    qtbot.keyClick(window, Qt.Key_F1)
    guide = window.user_guide
    assert guide is not None and guide.isVisible()
    assert guide.document_title() == "TEC Desktop — user guide"
    guide.follow(QUrl("#4-checks-what-to-fix"))
    qtbot.wait(20)
    assert guide.heading_at_top() == "4. Checks: what to fix"
    guide.follow(QUrl("#11-troubleshooting-every-message-and-what-to-do"))
    assert guide.heading_at_top().startswith("11. Troubleshooting")
    assert guide.find_next("annotated copy") and "annotated copy" in guide.browser.textCursor().selectedText().lower()
    # the pictures are there, and no wider than the window
    width = guide.browser.viewport().width()
    images = guide.image_sizes()
    assert len(images) >= 10 and all(0 < w <= width for w, _h in images)
    # Ctrl+/ is the shortcuts list, which names F1 for the guide
    guide.close()
    assert window.commands.shortcuts.shortcut().toString() == "Ctrl+/"
    window.commands.shortcuts.trigger()
    from ui.shortcuts_dialog import ShortcutsDialog

    shortcuts = next(d for d in window.findChildren(ShortcutsDialog) if d.isVisible())
    rows = {
        shortcuts.model.index(r, 0).data(): shortcuts.model.index(r, 1).data()
        for r in range(shortcuts.model.rowCount())
    }
    assert rows["User guide"] == "F1" and rows["Keyboard shortcuts"] == "Ctrl+/"
    shortcuts.close()


def test_open_folder_without_a_file_manager_says_where_the_folder_is(qtbot, window, sample_copy):
    # The offscreen platform of the tests, like a desktop without a file manager, opens no folder.
    open_and_wait(qtbot, window, sample_copy)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        window.outputs.generate_scorecards()
    folder = Path(blocker.args[0][0]).parent
    qtbot.mouseClick(window.scorecards.open_folder_button, Qt.LeftButton)
    dialog = visible_error_dialogs(window)[0]
    assert dialog.windowTitle() == "Could not open the folder"
    assert f"Could not open the folder: {folder}" in dialog.message_label.text()
    qtbot.mouseClick(dialog.action_buttons["Copy path"], Qt.LeftButton)
    assert QGuiApplication.clipboard().text() == str(folder)
    assert dialog.isVisible() and dialog.action_buttons["Copy path"].text() == "Copied"
    dialog.close()
