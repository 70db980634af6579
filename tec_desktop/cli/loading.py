"""Reading the workbook for a `tec` command, with the start-up's heaviest imports hidden behind the read."""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tec_desktop.workbook.model import Workbook

# Typing the tables and checking them need pandas: about 0.2 s of imports, every one holding Python's
# lock. The pre-flight and calamine's parse come first and need none of it (the reader imports pandas
# only after them), and calamine parses with that lock released: so the imports run in a thread
# meanwhile. bench/bench_startup.py measures what it saves; docs/performance.md has the figures.
_NEEDED_AFTER_READING = ("pandas", "tec_desktop.workbook.model", "tec_desktop.checks.registry")


def _import_meanwhile() -> None:
    for name in _NEEDED_AFTER_READING:
        try:
            importlib.import_module(name)
        except Exception:  # the main thread imports it again and reports the problem
            return


def load_workbook(path: str | Path) -> Workbook:
    """tec_desktop.workbook.reader.read_workbook, with pandas and the checks imported while the file is read."""
    importer = threading.Thread(target=_import_meanwhile, name="tec-imports", daemon=True)
    importer.start()
    try:
        from tec_desktop.workbook.reader import read_workbook

        return read_workbook(path)
    finally:
        importer.join()  # never exit with an import half done, even when the file is refused
