"""Where the window puts files: each workbook's scorecards in a folder of their own per month, and a new
workbook proposed in Documents, never in the app's hidden data folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from tec_desktop.folders import data_dir, documents_dir, folder_name
from ui.main_window import MainWindow

from builder import rows_copy, write_workbook
from ui_helpers import JOB, LOAD_TIMEOUT, open_and_wait


def generate(qtbot, window) -> tuple[str, ...]:
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        assert window.outputs.generate_scorecards()
    assert isinstance(blocker.args[0], tuple), blocker.args[0]
    return blocker.args[0]


def fingerprints(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_each_workbook_writes_to_a_folder_of_its_own_and_month(qtbot, window, tmp_path):
    out = tmp_path / "out"
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
    first = write_workbook(tmp_path / "north" / "seams.xlsx")  # Organization 'Acme Test Co'
    rows = rows_copy()  # the same Organization, another owner: a copy someone made
    for seam in rows["Seams"]:
        seam["Accountable owner"] = "Łukasz Nowak"
    second = write_workbook(tmp_path / "south" / "seams copy.xlsx", rows)

    open_and_wait(qtbot, window, first)
    assert window.scorecards.destination == out / "Acme Test Co" / "2026-10"
    mine = Path(generate(qtbot, window)[0]).parent
    assert mine == out / "Acme Test Co" / "2026-10"
    before = fingerprints(mine)

    open_and_wait(qtbot, window, second)
    theirs_paths = generate(qtbot, window)
    theirs = Path(theirs_paths[0]).parent
    assert theirs == out / "Acme Test Co (seams copy)" / "2026-10"
    assert fingerprints(mine) == before  # nothing replaced, nothing added beside the first workbook's PDFs
    assert sorted(p.name for p in theirs.iterdir()) == sorted(Path(p).name for p in theirs_paths)

    # the first workbook again, for another month: its own folder, the month's subfolder
    open_and_wait(qtbot, window, first)
    assert window.scorecards.destination == mine  # its folder is still its own
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT):
        window.loads.choose_month("2026-09")
    assert window.scorecards.destination == out / "Acme Test Co" / "2026-09"
    assert "Acme Test Co/2026-09" in window.scorecards.folder_label.text().replace("\\", "/")


def test_a_moved_workbook_takes_its_folder_with_it(qtbot, window, tmp_path):
    (tmp_path / "a").mkdir()
    book = write_workbook(tmp_path / "a" / "seams.xlsx")
    open_and_wait(qtbot, window, book)
    folder = Path(generate(qtbot, window)[0]).parent
    moved = tmp_path / "b" / "seams.xlsx"
    moved.parent.mkdir()
    book.rename(moved)
    open_and_wait(qtbot, window, moved)
    assert window.scorecards.destination == folder


def test_folder_names_are_safe_on_every_system():
    assert folder_name("Acme Co.") == "Acme Co"  # Windows drops a trailing dot
    assert folder_name('R&D: "North/South"?') == "R&D North South"
    assert folder_name("con") == "con folder"
    assert folder_name("   ") == "Scorecards"
    assert len(folder_name("x" * 300)) == 60


def test_new_workbook_proposes_documents_created_if_missing_never_the_data_folder(qtbot, window, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    proposed = []

    def save_dialog(parent, caption, start, *args, **kwargs):  # the user cancels
        proposed.append(Path(start))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    # the sample is a copy in the data folder: opening it must not make that folder the proposal
    with qtbot.waitSignal(window.result_shown, timeout=LOAD_TIMEOUT):
        window.outputs.open_sample()
    assert Path(window.result.path).parent == data_dir()
    window.outputs.new_from_template()
    assert proposed[-1] == home / "Documents" / "Seam workbook.xlsx"
    assert (home / "Documents").is_dir()  # created, so the dialog opens there
    (home / "Documents" / "Seam workbook.xlsx").write_bytes(b"")
    window.outputs.new_from_template()
    assert proposed[-1] == home / "Documents" / "Seam workbook 2.xlsx"  # never proposes to replace a file

    # a profile whose Documents answer is empty, or that cannot have one: Documents in home, else home
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: "")
    assert documents_dir() == home / "Documents"
    (home / "Documents" / "Seam workbook.xlsx").unlink()
    (home / "Documents").rmdir()
    (home / "Documents").write_text("not a folder")
    assert documents_dir() == home


def test_the_folder_of_the_last_workbook_opened_is_proposed(qtbot, window, tmp_path, monkeypatch):
    proposed = []

    def save_dialog(parent, caption, start, *args, **kwargs):
        proposed.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    (tmp_path / "reviews").mkdir()
    book = write_workbook(tmp_path / "reviews" / "seams.xlsx")
    open_and_wait(qtbot, window, book)
    window.outputs.new_from_template()
    assert Path(proposed[-1]) == tmp_path / "reviews" / "Seam workbook.xlsx"
    # and the next session remembers it
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert Path(again.store.last_folder()) == tmp_path / "reviews"
    again.close()
