"""`python -m tec_desktop.codes --markdown`: print docs/codes.md, the table of codes, from the registry."""

from __future__ import annotations

import argparse
import sys

from tec_desktop.codes.markdown import markdown


def main(argv: list[str] | None = None) -> int:
    """Print the registry as Markdown; the only output there is."""
    parser = argparse.ArgumentParser(prog="python -m tec_desktop.codes", description=__doc__)
    parser.add_argument("--markdown", action="store_true", required=True, help="print docs/codes.md")
    parser.parse_args(argv)
    sys.stdout.buffer.write(markdown().encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
