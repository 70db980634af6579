"""What the checks report: one finding per problem, at the cell where the fix is typed.

A finding carries its code (tec_desktop.codes) and the parameters of its message, never the text:
the message is the registry's, rendered when it is first asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tec_desktop.codes import CELL, CODES, ERROR, INFO, NONE, SHEET, WARNING, lookup

__all__ = ["ERROR", "INFO", "SEVERITY_ORDER", "WARNING", "Finding", "count", "finding"]

SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

Params = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Finding:
    """One problem in the workbook.

    `cell` is an Excel reference ("E17"), the header cell of a missing column ("A1"), or "" when the
    problem is the whole sheet; `row` is the Excel row of the record it concerns (0 when none).
    `params` are the values its message names, `form` which of the code's messages it is ('' the usual).
    """

    code: str
    sheet: str
    cell: str
    row: int = 0
    params: Params = ()
    form: str = ""

    def __post_init__(self) -> None:
        entry = CODES.get(self.code)
        if entry is None or self.form not in entry.wordings:  # our bug, e.g. a finding made the old way
            lookup(self.code).wording(self.form)  # raises, naming the code or form

    @property
    def severity(self) -> str:
        """'error', 'warning' or 'info': the code's."""
        return CODES[self.code].severity

    @property
    def args(self) -> dict[str, object]:
        """The parameters by name."""
        return dict(self.params)

    @property
    def place(self) -> str:
        """How the message says where the problem is (codes.CELL, SHEET, TEXT or NONE)."""
        return CODES[self.code].wordings[self.form].place

    def says(self, app: bool = False) -> str:
        """What the problem is, without where: the command line's wording, or the desktop app's."""
        params = {"sheet": self.sheet, "cell": self.cell, "row": self.row, **dict(self.params)}
        return CODES[self.code].wordings[self.form].template(app).render(params)

    @property
    def text(self) -> str:
        """What the problem is, without 'Handoffs E17: ' in front."""
        return self.says()

    @property
    def message(self) -> str:
        """The whole message: 'Handoffs E17: Started (3 Oct 2026) is before Submitted (5 Oct 2026).'"""
        # Rendered once, when first asked for (a frozen dataclass keeps it in its __dict__ all the same).
        message = self.__dict__.get("_message")
        if message is None:
            message = self.__dict__["_message"] = self._placed(self.says())
        return message

    def app_message(self) -> str:
        """The whole message as the desktop app says it."""
        if CODES[self.code].wordings[self.form].app is None:
            return self.message
        return self._placed(self.says(app=True))

    def _placed(self, text: str) -> str:
        place = self.place
        if place == CELL:
            return f"{self.sheet} {self.cell}: {text}"
        if place == SHEET:
            return f"{self.sheet}: {text}"
        return text

    @property
    def where(self) -> str:
        """'Handoffs E17', or just the sheet name."""
        return f"{self.sheet} {self.cell}".strip()

    @property
    def placed(self) -> bool:
        """The message itself says where the problem is (otherwise a list of problems puts it in front)."""
        return self.place != NONE

    def as_json(self) -> dict:
        """The spec §6 shape of one issue."""
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }


def finding(code: str, sheet: str, cell: str, row: int = 0, *, form: str = "", **params: object) -> Finding:
    """A finding of this code with its message's parameters: finding("value-required", "Handoffs", "E17", 17,
    column="Started")."""
    return Finding(code, sheet, cell, row, tuple(params.items()), form)


def count(findings: Iterable[Finding], severity: str) -> int:
    """How many findings have this severity."""
    return sum(1 for f in findings if f.severity == severity)
