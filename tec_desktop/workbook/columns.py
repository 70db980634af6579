"""The building blocks of the workbook's contract: the kinds of value a column holds, a column, a sheet,
a setting, the fixed vocabularies of the choice columns, and how headers are compared."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Column kinds.
TEXT = "text"  # free text
ID = "id"  # an identifier: text, even when Excel stored a number
DATE = "date"  # a date or a date and time
NUMBER = "number"
YESNO = "yesno"
CHOICE = "choice"  # one of Column.choices
SEAM = "seam"  # a Seam ID from the Seams sheet
PERSON = "person"  # a Name or Email from the People sheet
EMAIL = "email"
MONTH = "month"  # a month: 2026-10, or a date in it (kept as text: Excel would turn 2026-10 into a date)

YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, key, kind and what it means."""

    header: str
    key: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    example: str = ""
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    """One sheet of the template."""

    name: str
    columns: tuple[Column, ...]
    required: bool = True
    id_key: str | None = None  # the column whose values must be unique
    help: str = ""

    def column(self, key: str) -> Column:
        """The column with this key."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


def normalize_header(text: object) -> str:
    """Header text as compared: NFKC, non-breaking and surrounding spaces removed, casefolded."""
    s = unicodedata.normalize("NFKC", str(text)).replace("\xa0", " ")
    return " ".join(s.split()).casefold()


IMPACT_AREAS = ("Revenue", "Retention", "Cash", "Risk", "Cost")
ROLES = ("Seam owner", "Leadership", "Contributor")
SEAM_STATUSES = ("Pilot", "Active", "Retired")
MEASURES = ("Queue time", "Lead time")
REWORK_REASONS = ("Missing requirements", "Quality", "Scope change", "Other")
MISS_TYPES = ("Missed commitment", "Surprise escalation", "Dependency miss", "Rework", "Quality")
MISS_IMPACTS = ("Revenue", "Customer", "Cost", "Risk")
SEVERITIES = ("Low", "Medium", "High")
DEPENDENCY_STATUSES = ("Open", "Met", "Missed", "Cancelled")
DECISION_STATUSES = ("Pending", "Decided", "Escalated")
ACTION_STATUSES = ("Open", "In progress", "Done", "Dropped")
PAPER_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class SettingDef:
    """One row of the Settings sheet."""

    name: str
    key: str
    kind: str
    required: bool
    default: object
    help: str
    example: str
