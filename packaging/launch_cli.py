"""Frozen entry point of the `tec` command (PyInstaller runs this file as __main__)."""

import multiprocessing
import sys

from tec_desktop.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the scorecards' worker processes start this executable
    sys.exit(main())
