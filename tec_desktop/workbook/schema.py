"""Template version 1: the sheets and columns of the workbook (spec §2).

This is the one place that says what a column is called, whether it is required, what kind of
value it holds and how to explain it to an operations person. The importer, the checks, the
template writer and the README sheet all read it. The definitions live by concept: the building
blocks in columns.py, the Settings sheet in setting_defs.py, the sheets set up once in
setup_sheets.py, the monthly logs in log_sheets.py; this module puts them in workbook order.
"""

from __future__ import annotations

from tec_desktop.findings import SEVERITY_ORDER, Finding
from tec_desktop.workbook.columns import (
    ACTION_STATUSES,
    CHOICE,
    DATE,
    DECISION_STATUSES,
    DEPENDENCY_STATUSES,
    EMAIL,
    ID,
    IMPACT_AREAS,
    MEASURES,
    MISS_IMPACTS,
    MISS_TYPES,
    MONTH,
    NO_WORDS,
    NUMBER,
    PAPER_SIZES,
    PERSON,
    REWORK_REASONS,
    ROLES,
    SEAM,
    SEAM_STATUSES,
    SEVERITIES,
    TEXT,
    YES_WORDS,
    YESNO,
    Column,
    SettingDef,
    Sheet,
    normalize_header,
)
from tec_desktop.workbook.log_sheets import ACTIONS, COMMENTARY, DECISIONS, DEPENDENCIES, HANDOFFS, HOLIDAYS, MISSES
from tec_desktop.workbook.setting_defs import SETTING_DEFS, SETTINGS
from tec_desktop.workbook.setup_sheets import PEOPLE, SEAMS, SLAS

__all__ = [
    "ACTION_STATUSES",
    "ACTIONS",
    "CHOICE",
    "COMMENTARY",
    "DATE",
    "DECISION_STATUSES",
    "DECISIONS",
    "DEPENDENCIES",
    "DEPENDENCY_STATUSES",
    "EMAIL",
    "HANDOFFS",
    "HOLIDAYS",
    "ID",
    "IMPACT_AREAS",
    "MEASURES",
    "MISS_IMPACTS",
    "MISS_TYPES",
    "MISSES",
    "MONTH",
    "NO_WORDS",
    "NUMBER",
    "PAPER_SIZES",
    "PEOPLE",
    "PERSON",
    "README_SHEET",
    "REWORK_REASONS",
    "ROLES",
    "SEAM",
    "SEAM_STATUSES",
    "SEAMS",
    "SETTING_DEFS",
    "SETTINGS",
    "SEVERITIES",
    "SHEETS",
    "SHEETS_BY_NAME",
    "SLAS",
    "TEMPLATE_VERSION",
    "TEXT",
    "YES_WORDS",
    "YESNO",
    "Column",
    "SettingDef",
    "Sheet",
    "normalize_header",
    "reading_order",
]

TEMPLATE_VERSION = 1

SHEETS: tuple[Sheet, ...] = (
    SETTINGS,
    PEOPLE,
    SEAMS,
    SLAS,
    HANDOFFS,
    MISSES,
    DEPENDENCIES,
    DECISIONS,
    ACTIONS,
    COMMENTARY,
    HOLIDAYS,
)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}
_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}


def reading_order(f: Finding) -> tuple:
    """Sort key of findings: errors first, then by sheet order in the workbook, then row and column."""
    col = "".join(ch for ch in f.cell if ch.isalpha())
    return (SEVERITY_ORDER.get(f.severity, 3), _SHEET_ORDER.get(f.sheet, 99), f.sheet, f.row, len(col), col, f.code)


README_SHEET = "README"
