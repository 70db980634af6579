"""Errors never kill the app; annotated copies, templates, the sample, preferences and About."""

from __future__ import annotations

import hashlib
import os
import sys

import openpyxl
from PySide6.QtGui import QGuiApplication, QKeySequence

from builder import write_workbook
from ui_helpers import LOAD_TIMEOUT, book_with_errors, open_and_wait, visible_error_dialogs


def test_an_unexpected_exception_is_logged_and_shown_with_copy_details(qtbot, qapp, monkeypatch):
    from ui.app import install_exception_hooks
    from ui.error_dialog import ErrorDialog

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    reporter = install_exception_hooks(qapp)
    try:
        raise ZeroDivisionError("a bug of ours")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    dialog: ErrorDialog = reporter.dialog
    log = os.path.join(os.environ["TEC_DATA_DIR"], "crash.log")
    assert "ZeroDivisionError: a bug of ours" in open(log, encoding="utf-8").read()
    assert "Your workbook was not changed" in dialog.message_label.text()
    assert dialog.details_box is not None and not dialog.details_box.isVisible()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "ZeroDivisionError: a bug of ours" in copied and "Traceback" in copied and log in copied
    dialog.close()


def test_an_exception_in_a_thread_is_reported_too(qtbot, qapp, monkeypatch):
    import threading

    from ui.app import install_exception_hooks

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reporter = install_exception_hooks(qapp)
    thread = threading.Thread(target=lambda: 1 / 0)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=5000)
    assert "ZeroDivisionError" in reporter.dialog.details
    reporter.dialog.close()


def test_annotated_copy_is_written_and_the_workbook_untouched(qtbot, window, tmp_path):
    path = book_with_errors(tmp_path / "errors.xlsx")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    open_and_wait(qtbot, window, path)
    out = tmp_path / "errors (annotated).xlsx"
    assert window.outputs.write_annotated_copy(out)
    qtbot.waitUntil(lambda: out.exists() and not window.jobs.running("annotate"), timeout=LOAD_TIMEOUT)
    wb = openpyxl.load_workbook(out)
    assert "Issues" in wb.sheetnames
    assert wb["Handoffs"]["E2"].comment is not None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    # never over the workbook itself
    assert not window.outputs.write_annotated_copy(path)
    assert "cannot replace the workbook" in visible_error_dialogs(window)[0].message_label.text()


def test_new_workbook_from_template_is_created_and_opened(qtbot, window, tmp_path):
    target = tmp_path / "My seams"
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        window.outputs.create_from_template(target)
    assert (tmp_path / "My seams.xlsx").exists()
    result = blocker.args[0]
    assert result.name == "My seams.xlsx"
    wb = openpyxl.load_workbook(tmp_path / "My seams.xlsx")
    assert {"README", "Settings", "Handoffs", "Seams"} <= set(wb.sheetnames)


def test_open_sample_uses_a_copy_in_the_data_folder(qtbot, window, sample_path):
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        window.outputs.open_sample()
    copy = blocker.args[0].path
    assert copy.startswith(os.environ["TEC_DATA_DIR"])
    assert open(copy, "rb").read() == sample_path.read_bytes()
    assert window.seams.model.rowCount() > 0


def test_preferences_change_the_output_folder_and_paper(qtbot, window, tmp_path):
    from ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(window.store, window.engine, window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "pdfs"))
    dialog.paper.setCurrentIndex(dialog.paper.findData("Letter"))
    dialog.accept()
    assert window.store.output_folder() == tmp_path / "pdfs"
    assert window.store.paper_size() == "Letter"
    assert "password" not in window.store.path.read_text(encoding="utf-8").lower()


def test_letter_paper_from_preferences_reaches_the_pdf(qtbot, window, sample_copy, tmp_path):
    from pypdf import PdfReader

    window.store.set_paper_size("Letter")
    open_and_wait(qtbot, window, sample_copy)
    with qtbot.waitSignal(window.scorecards_finished, timeout=120_000) as blocker:
        window.outputs.generate_scorecards()
    box = PdfReader(blocker.args[0][0]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) in ((612, 792), (792, 612))


def test_about_lists_version_and_licences(qtbot, window):
    from tec_desktop import __version__
    from ui.about_dialog import AboutDialog

    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    rows = [dialog.model.row_values(r) for r in range(dialog.model.rowCount())]
    names = {r[0]: r for r in rows}
    assert names["Qt for Python (PySide6)"][2] == "LGPL-3.0"
    assert names["ReportLab"][1] not in ("", "not installed")
    # the parts the bundle contains besides the direct dependencies, Python itself first
    assert rows[0] == ("Python", sys.version.split()[0], "PSF-2.0")
    expected = {
        "Pillow": "HPND / MIT-CMU",
        "cryptography": "Apache-2.0 OR BSD-3-Clause",
        "jeepney (keyring on Linux)": "MIT",
        "SecretStorage (keyring on Linux)": "BSD-3-Clause",
    }
    for name, licence in expected.items():
        assert names[name][2] == licence
        assert names[name][1]  # a version, or 'not installed' where this machine lacks it
    from PySide6.QtWidgets import QLabel

    version = [label for label in dialog.findChildren(QLabel) if label.accessibleName() == "Version"]
    assert version and __version__ in version[0].text()


def test_about_says_not_installed_for_a_missing_part(qtbot, window, monkeypatch):
    from ui import about_dialog

    monkeypatch.setattr(about_dialog, "COMPONENTS", about_dialog.COMPONENTS + (("Nothing", "no-such-dist-tec", "MIT"),))
    dialog = about_dialog.AboutDialog(window)
    qtbot.addWidget(dialog)
    last = dialog.model.row_values(dialog.model.rowCount() - 1)
    assert last == ("Nothing", "not installed", "MIT")


def test_keyboard_shortcuts_dialog_lists_the_actions(qtbot, window):
    from ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window.actions(), window)
    qtbot.addWidget(dialog)
    actions = [dialog.model.row_values(r)[0] for r in range(dialog.model.rowCount())]
    assert "Generate scorecards" in actions and "Open" in actions and "Check again" in actions


def test_keyboard_shortcuts_name_checks_without_its_error_count(qtbot, window, tmp_path):
    from ui.shortcuts_dialog import ShortcutsDialog

    open_and_wait(qtbot, window, book_with_errors(tmp_path / "errors.xlsx"))
    assert window.commands.checks.text() == "Checks (2)"  # the sidebar shows the count
    window.show_shortcuts()
    dialog = next(d for d in window.findChildren(ShortcutsDialog) if d.isVisible())
    rows = {dialog.model.row_values(r)[0]: dialog.model.row_values(r)[1] for r in range(dialog.model.rowCount())}
    assert "Checks" in rows and rows["Checks"] == window.commands.checks.shortcut().toString(QKeySequence.NativeText)
    assert not [name for name in rows if "(" in name]
    dialog.reject()


def test_a_workbook_without_reporting_month_asks_for_a_month(qtbot, window, tmp_path):
    from builder import rows_copy

    rows = rows_copy()
    rows["Settings"] = [r for r in rows["Settings"] if r["Setting"] != "Reporting month"]
    result = open_and_wait(qtbot, window, write_workbook(tmp_path / "nomonth.xlsx", rows))
    assert result.month is None and result.month_view is None
    assert window.header.month_picker.itemData(0) is None  # 'Choose a month…'
    assert "Reporting month" in window.seams.empty.message()
    index = window.header.month_picker.findData("2026-10")
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT) as blocker:
        window.header.month_picker.setCurrentIndex(index)
        window.header.month_picker.activated.emit(index)
    assert blocker.args[0].month == "2026-10" and blocker.args[0].month_view is not None
