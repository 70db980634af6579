"""What the tool writes (issue 16, items 9, 11, 13 and Windows' file behaviour, emulated on Linux): never over
the workbook, one line for a full disk, a file held open or a path too long, nothing half-written left,
and no debris after a kill."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tec_desktop.cli.main import main
from tec_desktop.errors import TecError
from tec_desktop.files import atomic
from tec_desktop.files.atomic import remove_stale, write_bytes
from tec_desktop.files.temporary import private_folder, remove_stale_folders

from builder import write_workbook
from mail_fixtures import mail_rows
from report_rows import report_rows
from smtp_server import silent_server

ROOT = Path(__file__).resolve().parents[1]
PACK = "Seam-scorecards-2026-10.pdf"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("wb") / "seams.xlsx", report_rows())


def _tec(*args, env=None, **kwargs) -> subprocess.Popen:
    env = {**os.environ, **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "tec_desktop.cli", *map(str, args)], env=env, text=True, **kwargs)


# ---------------------------------------------------------------- item 9: never over the workbook


def test_a_workbook_named_like_the_pack_in_the_output_folder_is_never_overwritten(workbook, tmp_path, capsys):
    book = tmp_path / PACK  # a workbook saved under the pack's name (it is read by its content)
    shutil.copy(workbook, book)
    before = book.read_bytes()
    for spelled in (book, tmp_path / "sub" / ".." / PACK):
        (tmp_path / "sub").mkdir(exist_ok=True)
        assert main(["report", str(spelled), "--out", str(tmp_path), "--per-owner"]) == 2
        err = capsys.readouterr().err
        assert f"Cannot write {tmp_path / PACK}: that is the workbook {PACK} itself, which is never changed." in err
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [PACK, "sub"]  # no owner PDF written either


def test_an_owners_pdf_named_like_the_workbook_stops_the_run_before_anything_is_written(workbook, tmp_path, capsys):
    book = tmp_path / "Seam-scorecards-2026-10-王芳.pdf"
    shutil.copy(workbook, book)
    assert main(["report", str(book), "--out", str(tmp_path), "--per-owner"]) == 2
    assert "that is the workbook Seam-scorecards-2026-10-王芳.pdf itself" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == [book.name]


def test_a_link_to_the_workbook_is_the_workbook(workbook, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / PACK).symlink_to(workbook)
    assert main(["report", str(workbook), "--out", str(out)]) == 2
    (out / PACK).unlink()
    os.link(workbook, out / PACK)
    assert main(["report", str(workbook), "--out", str(out)]) == 2
    assert capsys.readouterr().err.count("which is never changed") == 2


# ---------------------------------------------------------------- item 11: a full disk


def test_a_full_disk_is_one_line_and_leaves_nothing(workbook, tmp_path):
    """A real full disk: a 64 KB tmpfs in a private mount namespace (unshare -Urm), where `tec report` writes."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-Urm", "true"]).returncode:
        pytest.skip("no user namespaces here to mount a small file system in")
    out = tmp_path / "small-disk"
    out.mkdir()
    script = (
        f'mount -t tmpfs -o size=64k tmpfs "{out}" || exit 9; "{sys.executable}" -m tec_desktop.cli "$@"; rc=$?; '
        f'echo "left:"; ls -A "{out}"; exit $rc'
    )
    run = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script, "sh", "report", str(workbook), "--out", str(out), "--per-owner"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 2, run.stderr
    assert run.stdout.split("left:")[1].split() == []  # no PDF, no temporary file on the full disk
    assert run.stderr.strip().splitlines() == [
        f"tec: The disk holding {out} is full. Free some space there (or choose another folder) and try again; "
        "nothing half-written was left."
    ]


def test_a_disk_that_fills_while_a_file_is_flushed_is_the_same_line(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(TecError, match=f"The disk holding {tmp_path} is full"):
        write_bytes(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"] and target.read_bytes() == b"old"


# ---------------------------------------------------------------- Windows: a file held open, long paths


def _held_open(times: int):
    """os.replace as on Windows while a PDF viewer holds the target: PermissionError `times` times."""
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real(src, dst)

    return replace, calls


def test_a_file_held_open_for_a_moment_is_replaced_after_a_retry(tmp_path, monkeypatch):
    replace, calls = _held_open(3)
    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.01)
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_a_file_held_open_all_along_is_one_line_naming_it(workbook, tmp_path, monkeypatch, capsys):
    replace, _ = _held_open(10**6)
    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.01)
    (tmp_path / PACK).write_bytes(b"the PDF the viewer shows")
    assert main(["report", str(workbook), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"tec: Cannot replace {tmp_path / PACK}: another program has {PACK} open (a PDF viewer, Excel, a mail "
        "program) or it is read-only. Close it there and try again; the old file was left as it was.\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == [PACK]
    assert (tmp_path / PACK).read_bytes() == b"the PDF the viewer shows"


def test_a_path_beyond_260_characters_is_one_line_on_windows(tmp_path, monkeypatch):
    """Windows without the long-path setting answers 'path not found' for such a path; the message says why."""
    deep = tmp_path / ("d" * 100) / ("e" * 100)
    deep.mkdir(parents=True)
    target = deep / ("f" * 60 + ".pdf")
    assert len(str(target)) > 260

    def windows_replace(src, dst):
        raise FileNotFoundError(errno.ENOENT, "The system cannot find the path specified")

    monkeypatch.setattr(atomic, "WINDOWS", True)
    monkeypatch.setattr(atomic.os, "replace", windows_replace)
    with pytest.raises(TecError, match=r"the path is longer than Windows allows \(260 characters\)"):
        write_bytes(target, b"x")
    assert list(deep.iterdir()) == []


# ---------------------------------------------------------------- item 13: no debris after a kill

WRITER = r"""
import sys, time
from tec_desktop.files.atomic import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    with open(tmp, "wb") as fh:
        fh.write(b"half")
        fh.flush()
        print("writing", flush=True)
        time.sleep(60)
"""


def _writer(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "writing\n"
    return proc


def test_a_killed_writers_temporary_file_goes_at_the_next_write_and_a_live_ones_stays(tmp_path):
    live = _writer(tmp_path / "other.pdf")
    killed = _writer(tmp_path / "annotated.xlsx")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    try:
        temps = sorted(p.name for p in tmp_path.iterdir())
        assert len(temps) == 2 and all(n.endswith(".tmp") and ".tec-" in n for n in temps)
        remove_stale(tmp_path)
        [left] = [p.name for p in tmp_path.iterdir()]
        assert left.startswith(".other.pdf.tec-")  # still being written: left alone
        write_bytes(tmp_path / "pack.pdf", b"x")
        assert sorted(p.name for p in tmp_path.iterdir()) == [left, "pack.pdf"]
    finally:
        live.kill()
        live.wait(timeout=10)
    write_bytes(tmp_path / "pack.pdf", b"y")
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_a_private_folder_is_removed_after_its_process_is_killed(tmp_path):
    code = (
        "import sys, time; from tec_desktop.files.temporary import private_folder\n"
        "with private_folder('tec-send-') as f:\n (f / 'a.pdf').write_bytes(b'%PDF'); print(f, flush=True)"
        "; time.sleep(60)\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    folder = Path(proc.stdout.readline().strip())
    assert folder.parent == tmp_path and (folder / "a.pdf").exists()
    remove_stale_folders("tec-send-", tmp_path)
    assert folder.exists()  # its process is alive
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    remove_stale_folders("tec-send-", tmp_path)
    assert not folder.exists()


def test_sigterm_stops_tec_send_like_ctrl_c_and_removes_its_pdfs(tmp_path):
    """Once: tec send exited silently on SIGTERM and left its temporary folder of PDFs."""
    book = write_workbook(tmp_path / "seams.xlsx", mail_rows())
    temp = tmp_path / "temp"
    temp.mkdir()
    with silent_server() as port:
        args = ["send", book, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--from", "ops@example.com"]
        proc = _tec(*args, "--timeout", "60", env={"TMPDIR": str(temp)}, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not list(temp.glob("tec-send-*/*.pdf")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(temp.glob("tec-send-*/*.pdf")), "the PDFs were never written"
        time.sleep(0.5)  # now waiting for the silent server
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "tec: stopped: the process was asked to end" in err
    assert list(temp.iterdir()) == []


def test_a_private_folder_goes_after_ctrl_c(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    with pytest.raises(KeyboardInterrupt), private_folder("tec-send-") as folder:
        (folder / "a.pdf").write_bytes(b"%PDF")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
