"""`tec check` starts quickly: it loads only what checking needs (the timings are bench/bench_startup.py's)."""

import json
import os
import subprocess
import sys

from tec_desktop import __version__

# Loaded by other commands only: the package metadata (the version), the Excel writer, the PDF and mail
# libraries, the keyring, the send log's database, the desktop app.
NOT_FOR_CHECKING = (
    "importlib.metadata",
    "openpyxl",
    "reportlab",
    "PySide6",
    "keyring",
    "sqlite3",
    "email",
    "smtplib",
    "ssl",
    "socket",
    "platformdirs",
    "tec_desktop.mail",
    "tec_desktop.scorecards",
    "reports",
    "ui",
)

PROBE = """
import json, sys
from tec_desktop.cli.main import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)
"""


def modules_loaded(args: list[str], data) -> tuple[int, set[str]]:
    """The exit code of `tec ARGS` run in a fresh interpreter, and every module it had loaded by the end."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TEC_DATA_DIR": str(data)},
        timeout=120,
    )
    code, modules = json.loads(done.stderr.strip().splitlines()[-1])
    return code, set(modules)


def test_check_loads_nothing_it_does_not_need(tmp_path, sample_path):
    code, modules = modules_loaded(["check", str(sample_path)], tmp_path)
    assert code == 0
    assert "python_calamine" in modules and "tec_desktop.checks.registry" in modules  # it did check
    loaded = [name for name in NOT_FOR_CHECKING if name in modules]
    assert loaded == []


def test_check_json_too(tmp_path, sample_path):
    code, modules = modules_loaded(["check", str(sample_path), "--format", "json"], tmp_path)
    assert code == 0
    assert [name for name in NOT_FOR_CHECKING if name in modules] == []


def test_version_is_still_shown_when_asked_for(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tec_desktop.cli", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "TEC_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"tec {__version__}\n", "")
    assert __version__ != "0.0.0"  # the installed package's version, read from its metadata


def test_the_reader_imports_pandas_only_when_it_types_the_tables():
    """The reader imports pandas in a thread while calamine parses; that overlap is lost, silently, if
    the reader (or what `tec check` imports before reading) ever imports pandas up front."""
    probe = "import sys, tec_desktop.cli.check, tec_desktop.workbook.reader; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


WHO_IMPORTS_PANDAS = """
import json, sys, threading
from tec_desktop.cli.main import main

class Watch:  # notes which thread first asks for pandas, then lets the usual finders find it
    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            seen.append(threading.current_thread().name)
        return None

seen = []
sys.meta_path.insert(0, Watch())
code = main(sys.argv[1:])
print(json.dumps([code, seen]), file=sys.stderr)
"""


def test_check_imports_pandas_in_its_own_thread_while_reading(tmp_path, sample_path):
    done = subprocess.run(
        [sys.executable, "-c", WHO_IMPORTS_PANDAS, "check", str(sample_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "TEC_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    code, seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert code == 0
    assert seen[0] == "tec-imports"  # the first to want pandas is the importing thread, not the reader
