"""Reading the workbook for a `tec` command, with the start-up's heaviest imports hidden behind the read."""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing it would import pandas here, before the read
    from tec_desktop.workbook.model import Workbook

# Typing the tables and checking them need pandas and numpy: about 0.25 s of imports, every one holding
# Python's lock. Reading the sheets needs neither, and calamine parses with that lock released, so the
# imports run in a thread meanwhile; on two cores a 100k-row `tec check` pays nothing for them
# (bench/bench_startup.py measures it, docs/performance.md has the figures).
_NEEDED_AFTER_READING = ("tec_desktop.workbook.reader", "tec_desktop.checks.registry")


def _import_meanwhile() -> None:
    for name in _NEEDED_AFTER_READING:
        try:
            importlib.import_module(name)
        except Exception:  # the main thread imports it again and reports the problem
            return


def load_workbook(path: str | Path) -> Workbook:
    """The workbook read and typed (as tec_desktop.workbook.reader.read_workbook), its libraries imported
    while the file is read; raises UnreadableWorkbook when it cannot be read."""
    importer = threading.Thread(target=_import_meanwhile, name="tec-imports", daemon=True)
    importer.start()
    from tec_desktop.workbook.raw_sheets import paused_gc, read_raw_sheets

    try:
        with paused_gc():
            raw = read_raw_sheets(Path(path))
    finally:
        importer.join()  # never exit with an import half done, even when the file is refused
    from tec_desktop.workbook.reader import read_workbook

    return read_workbook(path, raw)
