"""`python -m tec_desktop.cli`: the `tec` command."""

import sys

from tec_desktop.cli.main import main

sys.exit(main())
