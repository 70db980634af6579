"""The consistency checks of SPEC §3: every problem in the workbook as one finding at the cell to fix.

A check is a function (Context) -> iterable of Finding, registered once in CHECKS. Checks never
repeat what the reader already reported: a cell that was empty or unreadable, or a sheet or
column that is missing, makes the checks that need it stay silent.
"""

from __future__ import annotations

import datetime as dt

from . import checks_actions, checks_dates, checks_refs, checks_rows, checks_slas
from .checks_base import Check, Context
from .errors import TecError
from .findings import Finding, sort_key
from .model import Workbook
from .settings import parse_month

CHECKS: tuple[Check, ...] = (
    checks_refs.check_duplicate_ids,
    checks_refs.check_duplicate_emails,
    checks_refs.check_seam_ids,
    checks_refs.check_people,
    checks_dates.check_date_order,
    checks_slas.check_sla_targets,
    checks_slas.check_sla_duplicates,
    checks_slas.check_handoffs_without_sla,
    checks_slas.check_seams_without_sla,
    checks_actions.check_corrective_actions,
    checks_rows.check_action_owners,
    checks_rows.check_rework_reason,
    checks_rows.check_completed_without_start,
    checks_rows.check_closed_date,
    checks_refs.check_linked_item,
    checks_refs.check_linked_misses,
    checks_dates.check_future_dates,
    checks_rows.check_inactive_owners,
    checks_rows.check_emails,
    checks_dates.check_contract_reviews,
)


def _is_month_setting(f: Finding, book: Workbook) -> bool:
    """The reader's finding that the Reporting month setting is missing, empty or bad."""
    if f.code in ("setting-bad", "setting-missing", "value-required") and f.cell:
        if f.sheet == "Settings" and f.cell == book.settings.cells.get("reporting_month"):
            return True
    return f.code == "setting-missing" and f.message.startswith("Settings: Reporting month ")


def run_checks(book: Workbook, month: str | None = None, today: dt.date | None = None) -> list[Finding]:
    """The reader's findings and every check's, sorted errors first, then by sheet and cell.

    `month` ('YYYY-MM', or any form parse_month accepts) overrides the workbook's Reporting month,
    so a missing or bad Reporting month is then not an error; `today` defaults to the real date.
    """
    findings = list(book.load_findings)
    if month is not None:
        chosen = parse_month(month)
        if chosen is None:
            raise TecError(f"'{month}' is not a month; write it like 2026-10.")
        findings = [f for f in findings if not _is_month_setting(f, book)]
    else:
        chosen = book.settings.reporting_month
    ctx = Context(book, chosen, today or dt.date.today(), found=findings)
    for check in sorted(CHECKS, key=lambda c: getattr(c, "after_others", False)):
        findings.extend(check(ctx))
    return sorted(set(findings), key=sort_key)
