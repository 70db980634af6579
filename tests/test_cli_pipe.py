"""`tec … | head`: when the program reading the output stops early, `tec` stops quietly (status 0 or 141, as
a shell tool stopped by SIGPIPE), without a crash log or an "unexpected internal error"."""

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tec_desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def tec() -> list[str]:
    """The installed command, as users run it (the module when the venv has no script)."""
    script = Path(sys.executable).with_name("tec")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tec_desktop.cli"]


def run_into_closed_pipe(args: list[str], data: Path) -> subprocess.CompletedProcess:
    """Run `tec args` with its output going to a pipe whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: every write meets a closed pipe
    try:
        return subprocess.run(
            tec() + args,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "TEC_DATA_DIR": str(data)},
            timeout=180,
        )
    finally:
        os.close(write_end)


def run_into_head(args: list[str], data: Path, lines: int) -> tuple[subprocess.CompletedProcess, str]:
    """Run `tec args | head -LINES` as a shell would; returns tec's outcome and what head printed."""
    producer = subprocess.Popen(
        tec() + args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TEC_DATA_DIR": str(data)},
    )
    head = subprocess.run(["head", f"-{lines}"], stdin=producer.stdout, capture_output=True, text=True, timeout=180)
    producer.stdout.close()  # only head holds the read end now: when it exits, the pipe is closed
    err = producer.stderr.read().decode()
    producer.stderr.close()
    code = producer.wait(timeout=180)
    return subprocess.CompletedProcess(producer.args, code, None, err), head.stdout


def assert_quiet(done: subprocess.CompletedProcess, data: Path) -> None:
    assert done.returncode in (0, 141), done.stderr
    assert done.stderr == ""
    assert not (data / "crash.log").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{sample}"],
        ["check", "{sample}", "--format", "json"],
        ["metrics", "{sample}"],
        ["--help"],
    ],
    ids=["check", "check-json", "metrics", "help"],
)
def test_a_closed_pipe_ends_quietly(tmp_path, sample_path, args):
    done = run_into_closed_pipe([a.format(sample=sample_path) for a in args], tmp_path / "data")
    assert_quiet(done, tmp_path / "data")


def test_send_dry_run_into_a_closed_pipe_ends_quietly(tmp_path, sample_path):
    args = ["send", str(sample_path), "--smtp", "127.0.0.1:2525", "--from", "ops@example.com", "--dry-run"]
    done = run_into_closed_pipe(args, tmp_path / "data")
    assert_quiet(done, tmp_path / "data")


def test_send_dry_run_piped_to_head_prints_its_first_lines(tmp_path, sample_path):
    """The user's own pipeline: head shows the first two lines, tec stops quietly after them."""
    args = ["send", str(sample_path), "--smtp", "127.0.0.1:2525", "--from", "ops@example.com", "--dry-run"]
    done, shown = run_into_head(args, tmp_path / "data", 2)
    assert_quiet(done, tmp_path / "data")
    assert shown.startswith("Dry run for ") and len(shown.splitlines()) == 2


def test_a_reader_that_takes_everything_still_gets_exit_0(tmp_path, sample_path):
    done, shown = run_into_head(["check", str(sample_path)], tmp_path / "data", 1000)
    assert (done.returncode, done.stderr) == (0, "")
    assert shown.strip().endswith("No problems found in sample.xlsx")


class WindowsClosedPipe(io.TextIOBase):
    """Standard output as Windows gives it once the reader of the pipe has gone: EINVAL, not EPIPE."""

    encoding = "utf-8"

    def write(self, text):
        raise OSError(errno.EINVAL, "Invalid argument")

    def flush(self):
        raise OSError(errno.EINVAL, "Invalid argument")


def test_a_closed_pipe_as_windows_reports_it_ends_quietly(sample_path, monkeypatch, tmp_path):
    monkeypatch.setenv("TEC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "stdout", WindowsClosedPipe())
    assert main(["check", str(sample_path)]) == 141
    assert not (tmp_path / "crash.log").exists()


class FullDisk(io.TextIOBase):
    """Standard output redirected to a file on a full disk: what cannot be written stays buffered."""

    encoding = "utf-8"

    def write(self, text):
        return len(text)

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("command", ["check", "template"])  # check flushes each line, template at the end
def test_output_to_a_full_disk_is_one_line(command, sample_path, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("TEC_DATA_DIR", str(tmp_path / "data"))
    argv = ["check", str(sample_path)] if command == "check" else ["template", str(tmp_path / "t.xlsx")]
    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert main(argv) == 2
    assert capsys.readouterr().err == "tec: could not write the output: No space left on device\n"
    assert not (tmp_path / "data" / "crash.log").exists()
