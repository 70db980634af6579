"""The workbook as the rest of the program sees it: typed tables, settings and load findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tec_desktop.findings import Finding
from tec_desktop.workbook import schema


@dataclass(frozen=True)
class Table:
    """One sheet's rows, typed.

    `frame` has one column per schema key (null where the sheet lacks the column or the cell was
    empty or unreadable) and `row`, the Excel row number. Dates are datetime64, numbers and
    Yes/No float (1.0 = Yes), everything else str or None.
    """

    sheet: schema.Sheet
    frame: pd.DataFrame
    letters: dict[str, str] = field(default_factory=dict)  # key -> column letter, present columns only
    present: bool = True  # the sheet exists in the workbook
    bad: dict[str, np.ndarray] = field(default_factory=dict)  # key -> mask of cells holding a bad value

    @property
    def name(self) -> str:
        """The sheet's name."""
        return self.sheet.name

    def has(self, key: str) -> bool:
        """The sheet has this column (so a check on it can run)."""
        return self.present and key in self.letters

    def cell(self, key: str, row: int) -> str:
        """The Excel reference of a column's cell on a row, e.g. 'E17'."""
        letter = self.letters.get(key)
        return f"{letter}{row}" if letter else f"{self.header_cell_for(key)}"

    def header_cell_for(self, key: str) -> str:
        """Where the column's header is, or the first free header cell when it is missing."""
        if key in self.letters:
            return f"{self.letters[key]}1"
        from tec_desktop.workbook.cells import column_index, column_letter

        used = [column_index(letter) for letter in self.letters.values()]
        return f"{column_letter(max(used) + 1 if used else 0)}1"

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class Settings:
    """The Settings sheet, typed, with defaults applied."""

    organization: str | None = None
    reporting_month: str | None = None  # 'YYYY-MM'
    work_week: str = "Mon Tue Wed Thu Fri"
    weekmask: str = "1111100"  # numpy busday weekmask, Monday first
    adherence_target: float = 0.90
    rework_target: float = 0.10
    amber_band: float = 0.10
    report_title: str = "Seam scorecards"
    paper_size: str = "A4"
    language: str = "en"  # BCP 47 tag, the PDFs' /Lang
    cells: dict[str, str] = field(default_factory=dict)  # setting key -> value cell ('B3')


@dataclass(frozen=True)
class Workbook:
    """A workbook read from disk: every sheet of the template, typed, and what reading it found."""

    path: Path
    sha256: str
    tables: dict[str, Table]
    settings: Settings
    load_findings: tuple[Finding, ...] = ()

    def __getitem__(self, sheet_name: str) -> Table:
        return self.tables[sheet_name]

    @property
    def name(self) -> str:
        """The file name, as shown to the user."""
        return self.path.name

    @property
    def holidays(self) -> np.ndarray:
        """Holiday dates as datetime64[D], for the business-day clock."""
        dates = self.tables["Holidays"].frame["date"].dropna()
        return np.unique(dates.to_numpy(dtype="datetime64[D]"))
