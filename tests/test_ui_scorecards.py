"""One click writes the pack and the per-owner PDFs without freezing the window; Cancel leaves no half file."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer

from ui.engine.results import Failure
from ui.main_window import CHECKS, SCORECARDS

from builder import rows_copy, write_workbook
from ui_helpers import open_and_wait

JOB_TIMEOUT = 120_000


def test_generate_writes_the_pack_and_owner_pdfs_and_previews_the_pack(qtbot, window, sample_copy, tmp_path):
    result = open_and_wait(qtbot, window, sample_copy)
    window.show_view(SCORECARDS)
    view = window.scorecards
    assert view.generate_button.isEnabled()
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB_TIMEOUT) as blocker:
        qtbot.mouseClick(view.generate_button, Qt.LeftButton)
        assert view.progress_box.isVisible() and view.cancel_button.isEnabled()
    paths = blocker.args[0]
    out = tmp_path / "out" / result.organization / result.month  # the workbook's own folder for the month
    assert view.destination == out and Path(paths[0]).parent == out
    owners = {s.owner for s in result.month_view.seams}
    assert len(paths) == 1 + len(owners)
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(p.rsplit("/", 1)[-1] for p in paths)
    assert paths[0].endswith(f"-{result.month}.pdf")
    for p in paths:
        assert len(PdfReader(p).pages) >= 1
    assert view.preview.page_count() == len(PdfReader(paths[0]).pages)
    assert view.preview.title() == paths[0].rsplit("/", 1)[-1]
    assert view.files_model.rowCount() == len(paths)
    assert not view.progress_box.isVisible()
    assert "PDFs written" in view.outcome.label.text()
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    # the workbook itself was not touched
    assert hashlib.sha256(sample_copy.read_bytes()).hexdigest() == result.sha256


def test_cancel_stops_the_generation_and_leaves_no_half_written_file(qtbot, window, sample_copy, tmp_path):
    open_and_wait(qtbot, window, sample_copy)
    cancelled_at = []

    def cancel_on_first_step(job, progress):
        if not cancelled_at:
            cancelled_at.append(progress.done)
            window.outputs.cancel_scorecards()

    window.jobs.progress.connect(cancel_on_first_step)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB_TIMEOUT) as blocker:
        assert window.outputs.generate_scorecards()
    outcome = blocker.args[0]
    assert isinstance(outcome, Failure) and outcome.kind == "cancelled"
    out = window.scorecards.destination
    assert out.is_relative_to(tmp_path / "out")
    leftovers = [p.name for p in out.iterdir() if not p.name.endswith(".pdf")] if out.exists() else []
    assert leftovers == []  # no temporary or partial file
    for pdf in out.glob("*.pdf") if out.exists() else []:
        assert len(PdfReader(pdf).pages) >= 1  # whatever is there is complete
    assert "Cancelled" in window.scorecards.outcome.label.text()
    assert window.scorecards.generate_button.isEnabled()
    assert not window.jobs.running("scorecards")


def test_the_window_stays_responsive_while_generating(qtbot, window, sample_copy):
    open_and_wait(qtbot, window, sample_copy)
    gaps, last = [], [time.perf_counter()]

    def beat():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(beat)
    timer.start(10)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB_TIMEOUT):
        window.outputs.generate_scorecards()
        last[0] = time.perf_counter()
    timer.stop()
    assert len(gaps) > 20
    assert max(gaps) < 0.5, f"the event loop stalled {max(gaps) * 1000:.0f} ms"


def test_ctrl_g_with_errors_says_why_rather_than_nothing(qtbot, window, tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0]["Seam ID"] = "S-77"
    open_and_wait(qtbot, window, write_workbook(tmp_path / "bad.xlsx", rows))
    window.show_view(CHECKS)
    assert window.commands.generate.isEnabled()  # a disabled action's shortcut does nothing, silently
    qtbot.keyClick(window, Qt.Key_G, Qt.ControlModifier)
    assert window.views.currentIndex() == SCORECARDS
    assert window.scorecards.blocked.isVisible()
    assert "1 error" in window.scorecards.blocked.label.text()
    assert "cannot be made yet: 1 error must be fixed first" in window.statusBar().currentMessage()
    assert not window.scorecards.generate_button.isEnabled() and not window.jobs.running("scorecards")


def test_an_unwritable_output_folder_is_a_plain_message(qtbot, window, sample_copy, tmp_path):
    from ui_helpers import visible_error_dialogs

    open_and_wait(qtbot, window, sample_copy)
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    window.store.set_output_folder(blocker_file / "sub")
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB_TIMEOUT) as blocker:
        window.outputs.generate_scorecards()
    assert isinstance(blocker.args[0], Failure) and blocker.args[0].kind == "user"
    dialogs = visible_error_dialogs(window)
    assert dialogs and "output folder" in dialogs[0].message_label.text()
    assert "Traceback" not in dialogs[0].message_label.text()
