"""The registry of codes: every finding and every failure TEC Desktop reports, one entry per code.

In the manner of frictionless-py's error classes, an entry (codes.model.Code) has a stable code, a
severity, a title and message templates with named parameters (codes.template). Findings
(tec_desktop.findings.Finding) and failures (tec_desktop.errors.TecError and its kinds) carry a code
and its parameters, never text: their messages are rendered from here, in the command line's
wording, or in the desktop app's (`app=True`) where an entry has one. docs/codes.md is generated
from this registry: `python -m tec_desktop.codes --markdown > docs/codes.md`.

To add a code: add its entry to the section it belongs to, report or raise it with its parameters
(`finding("my-code", sheet, cell, row, value=...)`, `TecError("my-code", path=...)`), and regenerate
docs/codes.md (a test compares it with the registry).
"""

from __future__ import annotations

from collections.abc import Mapping

from tec_desktop.codes import checks, desktop, mail, outputs, services, signin, workbook
from tec_desktop.codes.model import (
    CELL,
    ERROR,
    FAILURE,
    FINDING,
    INFO,
    NONE,
    SEVERITIES,
    SHEET,
    TEXT,
    WARNING,
    Code,
    Wording,
)

__all__ = [
    "CELL",
    "CODES",
    "ERROR",
    "FAILURE",
    "FINDING",
    "INFO",
    "NONE",
    "SECTIONS",
    "SEVERITIES",
    "SHEET",
    "TEXT",
    "WARNING",
    "Code",
    "Wording",
    "lookup",
    "render",
]

# (title, entries) in the order docs/codes.md lists them.
SECTIONS: tuple[tuple[str, tuple[Code, ...]], ...] = (
    ("Findings: sheets and columns", workbook.SHEETS),
    ("Findings: the Settings sheet", workbook.SETTINGS),
    ("Findings: references between sheets", checks.REFERENCES),
    ("Findings: dates", checks.DATES),
    ("Findings: service levels", checks.SLAS),
    ("Findings: rows, owners and corrective actions", checks.ROWS),
    ("Findings: the monthly review", checks.REVIEW),
    ("Failures: the workbook file", workbook.FILE),
    ("Failures: the month", outputs.MONTHS),
    ("Failures: writing files", outputs.FILES),
    ("Failures: scorecards and the annotated copy", outputs.SCORECARDS),
    ("Failures: the template", outputs.TEMPLATE),
    ("Failures: the messages to send", mail.PLAN),
    ("Failures: the mail server", mail.SERVER),
    ("Failures: one message", mail.MESSAGES),
    ("Failures: passwords", mail.PASSWORDS),
    ("Failures: the send log", mail.SEND_LOG),
    ("Failures: signing in", signin.SIGN_IN),
    ("Failures: Microsoft 365 and Gmail", services.SERVICES),
    ("Failures: the desktop app", desktop.ENGINE),
)


def _index() -> dict[str, Code]:
    index: dict[str, Code] = {}
    for _, entries in SECTIONS:
        for entry in entries:
            if entry.code in index:
                raise ValueError(f"the code {entry.code!r} is registered twice")
            index[entry.code] = entry
    return index


CODES: Mapping[str, Code] = _index()


def lookup(code: str) -> Code:
    """The entry of a code; KeyError names a code that is not registered."""
    try:
        return CODES[code]
    except KeyError:
        raise KeyError(f"the code {code!r} is not registered in tec_desktop.codes") from None


def render(code: str, params: Mapping[str, object], form: str = "", *, app: bool = False) -> str:
    """The message of a code with these parameters, as the command line (or the app) says it."""
    return lookup(code).wording(form).template(app).render(params)
