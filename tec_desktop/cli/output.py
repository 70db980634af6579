"""What every `tec` subcommand prints: text that survives any console, and the list of errors."""

from __future__ import annotations

import sys

from tec_desktop.findings import Finding


def write(text: str, stream=None) -> None:
    """Print a line; a console that cannot show a character (a CJK name on cp1252) gets '?', not a crash."""
    stream = stream or sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, errors="replace").decode(encoding) + "\n")
    stream.flush()


def print_errors(workbook_name: str, errors: list[Finding], purpose: str) -> None:
    """'tec: book.xlsx has 2 errors; fix them in Excel <purpose>:' then one line per error, on stderr."""
    one = len(errors) == 1
    lines = [
        f"tec: {workbook_name} has {len(errors)} error{'' if one else 's'}; "
        f"fix {'it' if one else 'them'} in Excel {purpose}:"
    ]
    # Messages name their place already ("Handoffs E17: ...", "Settings: ..."); the others get it in front.
    lines += [f.message if f.placed or not f.where else f"{f.where}: {f.message}" for f in errors]
    write("\n".join(lines), sys.stderr)


def checked_workbook(workbook: str, month_arg: str | None, purpose: str):
    """Read and check the workbook for `tec metrics/report/send`: (book, findings, month), or None after
    listing its errors (the caller then exits 1). month_arg is --month as given (None: the Settings one)."""
    from tec_desktop.checks.registry import run_checks
    from tec_desktop.findings import ERROR
    from tec_desktop.metrics.clock import month_of
    from tec_desktop.metrics.compute import resolve_month
    from tec_desktop.workbook.reader import read_workbook

    month = month_of(month_arg).key if month_arg is not None else None
    book = read_workbook(workbook)
    findings = run_checks(book, month)
    errors = [f for f in findings if f.severity == ERROR]
    if errors:
        print_errors(book.name, errors, purpose)
        return None
    return book, findings, resolve_month(book, month)
