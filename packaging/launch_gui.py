"""Frozen entry point of the desktop app (PyInstaller runs this file as __main__)."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
