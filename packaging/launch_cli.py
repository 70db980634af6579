"""Frozen entry point of the `tec` command (PyInstaller runs this file as __main__)."""

import sys

from tec_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
