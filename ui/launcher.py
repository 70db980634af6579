"""`tec-desktop [WORKBOOK]`: the program's entry point, free of Qt until main() runs.

The engine process is started with multiprocessing's spawn method, which runs the parent's main
script again in the child, as __mp_main__ (and a frozen app's executable again, which
freeze_support() turns into the engine). The installed `tec-desktop` script and the frozen app's
packaging/launch_gui.py import this module and nothing else, so an engine never loads Qt's
libraries: the window (ui.app) is imported inside main(), which only the real program runs.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Start the application (or, in a frozen app's engine process, the engine)."""
    multiprocessing.freeze_support()
    if getattr(sys, "frozen", False):
        _frozen_qt_paths()
    from ui.app import main as run_app

    return run_app(argv)


def _frozen_qt_paths() -> None:
    """Where a frozen app's Qt finds its plugins: the work of PyInstaller's PySide6 run-time hook, which the
    bundle leaves out (packaging/tec_desktop.spec) because it would import Qt in the engine process too."""
    bundle = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
    qt = os.path.join(bundle, "PySide6") if sys.platform.startswith("win") else os.path.join(bundle, "PySide6", "Qt")
    os.environ.setdefault("QT_PLUGIN_PATH", os.path.join(qt, "plugins"))


if __name__ == "__main__":
    sys.exit(main())
