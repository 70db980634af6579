"""Every file we write appears whole or not at all."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tec_desktop.errors import TecError
from tec_desktop.files.atomic import atomic_path, write_bytes


def test_written_file_has_ordinary_document_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        target = write_bytes(tmp_path / "out.pdf", b"x")
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644


def test_overwrite_keeps_the_existing_files_permissions(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640


def test_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("renderer failed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_unwritable_folder_is_one_clear_message(tmp_path):
    with pytest.raises(TecError, match="does not exist"):
        write_bytes(tmp_path / "missing" / "out.pdf", b"x")


WRITER = r"""
import sys, time
from tec_desktop.files.atomic import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    with open(tmp, "wb") as fh:
        for _ in range(400):
            fh.write(b"n" * 65536)
            fh.flush()
            print("chunk", flush=True)
            time.sleep(0.01)
"""


@pytest.mark.parametrize("existing", [b"old complete file", None])
def test_killing_the_writer_part_way_leaves_old_file_or_none(tmp_path, existing):
    target = tmp_path / "report.pdf"
    if existing:
        target.write_bytes(existing)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    for _ in range(20):  # let it write about a megabyte, then kill it without warning
        proc.stdout.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.05)
    if existing:
        assert target.read_bytes() == existing
    else:
        assert not target.exists()
