"""`tec report WORKBOOK [--month YYYY-MM] [--out DIR] [--per-owner]`: the month's PDF scorecards (spec §6).

Without --out the PDFs go to a `scorecards` folder next to the workbook: the same place whatever
folder the command is run from, and never mixed with the workbooks themselves.
"""

from __future__ import annotations

import argparse
import errno
import os
import tempfile
from pathlib import Path

from tec_desktop.cli.exit_codes import EXIT_FINDINGS, EXIT_OK
from tec_desktop.cli.output import checked_workbook, write
from tec_desktop.errors import TecError
from tec_desktop.files.atomic import TEMP_MARK, remove_stale
from tec_desktop.workbook.model import Workbook

DEFAULT_FOLDER = "scorecards"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments."""
    parser.add_argument("workbook", help="the .xlsx workbook")
    parser.add_argument("--month", help="the month to report, YYYY-MM (default: the Reporting month on Settings)")
    parser.add_argument(
        "--out", metavar="DIR", help=f"folder for the PDFs (default: a '{DEFAULT_FOLDER}' folder next to the workbook)"
    )
    parser.add_argument(
        "--per-owner", action="store_true", help="also write one PDF per accountable owner, with only their seams"
    )


def run(args: argparse.Namespace) -> int:
    """Write the pack (and the owners' PDFs) and print their paths; exit 1 listing the errors, if any."""
    checked = checked_workbook(args.workbook, args.month, "to get the scorecards")
    if checked is None:
        return EXIT_FINDINGS
    book, findings, month = checked
    out_dir = output_folder(book, args.out)
    from tec_desktop.scorecards.writing import write_scorecards

    for path in write_scorecards(book, month, out_dir, per_owner=args.per_owner, findings=findings):
        write(str(path))
    return EXIT_OK


def output_folder(book: Workbook, out: str | None) -> Path:
    """The folder to write to, created when missing; TecError (one line) when it cannot be written."""
    folder = Path(out) if out else Path(book.path).resolve().parent / DEFAULT_FOLDER
    if folder.exists() and not folder.is_dir():
        raise TecError("output-not-folder", folder=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TecError(
            "folder-not-created", form="output", folder=str(folder), reason=exc.strerror or str(exc)
        ) from None
    remove_stale(folder)  # temporary files of a run that was killed
    try:  # a real file, not os.access: that says yes to root and knows nothing of read-only shares
        fd, probe = tempfile.mkstemp(prefix=f".write-test{TEMP_MARK}", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise TecError("disk-full", folder=str(folder)) from None
        raise TecError("output-read-only", folder=str(folder)) from None
    return folder
