"""`python -m tec_desktop.cli`: the `tec` command."""

import sys

from tec_desktop.cli.main import main

if __name__ == "__main__":  # a worker process started by spawn imports this module too
    sys.exit(main())
