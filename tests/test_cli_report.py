"""`tec report`: files written, paths printed, errors refused, bad folders explained in one line."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tec_desktop.cli.main import main

from builder import write_workbook
from report_rows import report_rows


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("wb") / "seams.xlsx", report_rows())


def copy_to(workbook: Path, folder: Path) -> Path:
    target = folder / workbook.name
    shutil.copy(workbook, target)
    return target


def test_default_folder_is_scorecards_next_to_the_workbook(workbook, tmp_path, capsys, monkeypatch):
    book = copy_to(workbook, tmp_path)
    monkeypatch.chdir(tmp_path.parent)  # not where the workbook is
    assert main(["report", str(book)]) == 0
    out = capsys.readouterr().out.splitlines()
    pack = tmp_path / "scorecards" / "Seam-scorecards-2026-10.pdf"
    assert out == [str(pack)]
    assert len(PdfReader(pack).pages) >= 4


def test_out_and_per_owner(workbook, tmp_path, capsys):
    out_dir = tmp_path / "new" / "folder"  # does not exist yet: created
    assert main(["report", str(workbook), "--out", str(out_dir), "--per-owner"]) == 0
    printed = capsys.readouterr().out.splitlines()
    names = [Path(p).name for p in printed]
    assert names == [
        "Seam-scorecards-2026-10.pdf",
        "Seam-scorecards-2026-10-Zoë-Ødegård.pdf",
        "Seam-scorecards-2026-10-Ελένη-Παπαδοπούλου.pdf",
        "Seam-scorecards-2026-10-王芳.pdf",
    ]
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(names)  # and nothing else, no temporary file


def test_month_option_names_the_files(workbook, tmp_path, capsys):
    assert main(["report", str(workbook), "--month", "2026-09", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip().endswith("Seam-scorecards-2026-09.pdf")
    assert PdfReader(tmp_path / "Seam-scorecards-2026-09.pdf").metadata.subject == "2026-09"


def test_workbook_with_errors_is_refused_with_the_errors_listed(tmp_path, capsys):
    rows = report_rows()
    rows["Misses"][0]["Seam ID"] = "S-99"
    rows["Actions"][0]["Owner"] = "Nobody Known"
    book = write_workbook(tmp_path / "bad.xlsx", rows)
    assert main(["report", str(book), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "bad.xlsx has 2 errors" in captured.err
    assert "S-99" in captured.err and "Nobody Known" in captured.err
    assert not (tmp_path / "out").exists()


def test_output_path_that_is_a_file(workbook, tmp_path, capsys):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    assert main(["report", str(workbook), "--out", str(blocker)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"tec: Cannot write the scorecards to {blocker}: it is a file, not a folder."]


@pytest.mark.skipif(sys.platform != "linux" or not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs")
def test_read_only_folder_is_one_line_and_exit_2(workbook, capsys):
    # /sys/kernel refuses new files even to root, unlike a chmod'ed folder.
    assert main(["report", str(workbook), "--out", "/sys/kernel"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "tec: Cannot write the scorecards to /sys/kernel: the folder is read-only. Choose another with --out."
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write to a read-only folder")
def test_chmod_read_only_folder(workbook, tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert main(["report", str(workbook), "--out", str(folder)]) == 2
    finally:
        folder.chmod(0o755)
    assert "the folder is read-only" in capsys.readouterr().err


def test_unreadable_workbook_and_bad_month(tmp_path, workbook, capsys):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    assert main(["report", str(junk)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["report", str(workbook), "--month", "2026-13"]) == 2
    assert "2026-13" in capsys.readouterr().err


def test_a_second_run_replaces_the_files_with_the_same_bytes(workbook, tmp_path, capsys):
    assert main(["report", str(workbook), "--out", str(tmp_path)]) == 0
    first = (tmp_path / "Seam-scorecards-2026-10.pdf").read_bytes()
    assert main(["report", str(workbook), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "Seam-scorecards-2026-10.pdf").read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["Seam-scorecards-2026-10.pdf"]


def test_sample_workbook(sample_path, tmp_path, capsys):
    if not sample_path.exists():
        pytest.skip("the sample workbook is not built yet")
    assert main(["report", str(sample_path), "--out", str(tmp_path), "--per-owner"]) == 0
    files = [Path(p) for p in capsys.readouterr().out.splitlines()]
    reader = PdfReader(files[0])
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles == ["Brief", "Seams", "Appendix"]
    text = "\n".join(p.extract_text() for p in reader.pages)
    for name in ("Zoë Ødegård", "王芳"):
        assert name in text
    assert len(files) > 2
