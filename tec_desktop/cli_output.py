"""What every `tec` subcommand prints: text that survives any console, and the list of errors."""

from __future__ import annotations

import sys

from .findings import Finding


def write(text: str, stream=None) -> None:
    """Print a line; a console that cannot show a character (a CJK name on cp1252) gets '?', not a crash."""
    stream = stream or sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, errors="replace").decode(encoding) + "\n")
    stream.flush()


def print_errors(workbook_name: str, errors: list[Finding], purpose: str) -> None:
    """'tec: book.xlsx has 2 errors; fix them in Excel <purpose>:' then one line per error, on stderr."""
    one = len(errors) == 1
    lines = [f"tec: {workbook_name} has {len(errors)} error{'' if one else 's'}; "
             f"fix {'it' if one else 'them'} in Excel {purpose}:"]
    # Messages name their place already ("Handoffs E17: ...", "Settings: ..."); the others get it in front.
    lines += [f.message if not f.where or f.message.startswith(f.sheet) else f"{f.where}: {f.message}"
              for f in errors]
    write("\n".join(lines), sys.stderr)
