"""What the checks report: one finding per problem, at the cell where the fix is typed."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the workbook.

    `cell` is an Excel reference ("E17"), the header cell of a missing column ("A1"), or "" when the
    problem is the whole sheet; `row` is the Excel row of the record it concerns (0 when none).
    """

    severity: str
    code: str
    sheet: str
    cell: str
    message: str
    row: int = 0

    def as_json(self) -> dict:
        """The spec §6 shape of one issue."""
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }

    @property
    def where(self) -> str:
        """'Handoffs E17', or just the sheet name."""
        return f"{self.sheet} {self.cell}".strip()


def count(findings, severity: str) -> int:
    """How many findings have this severity."""
    return sum(1 for f in findings if f.severity == severity)
