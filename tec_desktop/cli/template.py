"""`tec template OUT.xlsx [--sample] [--force]`: write the blank template, or the filled sample."""

from __future__ import annotations

import argparse
from pathlib import Path

from tec_desktop.cli.exit_codes import EXIT_OK
from tec_desktop.errors import TecError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments."""
    parser.add_argument("out", metavar="OUT.xlsx", help="the workbook to write")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="write a filled sample (Northwind Logistics, May to October 2026) instead of a blank template",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT.xlsx if it already exists")


def check_target(path: Path, force: bool) -> None:
    """Refuse a name Excel would not open, and never replace someone's workbook unless asked to."""
    if path.suffix.casefold() != ".xlsx":
        raise TecError("template-not-xlsx", path=str(path), stem=path.stem)
    if path.is_dir():
        raise TecError("template-is-folder", path=str(path), example=str(path / "seams.xlsx"))
    if path.exists() and not force:
        raise TecError("template-exists", path=str(path))


def run(args: argparse.Namespace) -> int:
    """Write the workbook and print its path."""
    path = Path(args.out)
    check_target(path, args.force)
    if args.sample:
        from tec_desktop.workbook.sample import write_sample

        written = write_sample(path)
    else:
        from tec_desktop.workbook.template import write_template

        written = write_template(path)
    print(written)
    return EXIT_OK
