"""The consistency checks of spec §3: every problem in the workbook as one finding at the cell to fix.

A check is a function (Context) -> iterable of Finding, registered once in CHECKS. Checks never
repeat what the reader already reported: a cell that was empty or unreadable, or a sheet or
column that is missing, makes the checks that need it stay silent.
"""

from __future__ import annotations

import datetime as dt

from tec_desktop.checks import actions, activity, commentary, dates, long_text, refs, root_causes, rows, slas
from tec_desktop.checks.base import Check, Context, runs_last
from tec_desktop.errors import TecError
from tec_desktop.findings import Finding
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.schema import SETTING_DEFS, reading_order
from tec_desktop.workbook.settings_sheet import parse_month

REPORTING_MONTH = next(d.name for d in SETTING_DEFS if d.key == "reporting_month")

CHECKS: tuple[Check, ...] = (
    refs.check_duplicate_ids,
    refs.check_duplicate_emails,
    refs.check_seam_ids,
    refs.check_people,
    dates.check_date_order,
    slas.check_sla_targets,
    slas.check_sla_duplicates,
    slas.check_handoffs_without_sla,
    slas.check_seams_without_sla,
    actions.check_corrective_actions,
    rows.check_action_owners,
    rows.check_rework_reason,
    rows.check_completed_without_start,
    rows.check_closed_date,
    refs.check_linked_item,
    refs.check_linked_misses,
    dates.check_future_dates,
    rows.check_inactive_owners,
    rows.check_emails,
    dates.check_contract_reviews,
    commentary.check_comment_months,
    commentary.check_comment_duplicates,
    root_causes.check_root_causes_answered,
    activity.check_seams_without_activity,
    long_text.check_long_text,
)


def _is_month_setting(f: Finding, book: Workbook) -> bool:
    """The reader's finding that the Reporting month setting is missing, empty or bad."""
    if f.code in ("setting-bad", "setting-missing", "value-required") and f.cell:
        if f.sheet == "Settings" and f.cell == book.settings.cells.get("reporting_month"):
            return True
    return f.code == "setting-missing" and f.args.get("setting") == REPORTING_MONTH


def run_checks(book: Workbook, month: str | None = None, today: dt.date | None = None) -> list[Finding]:
    """The reader's findings and every check's, sorted errors first, then by sheet and cell.

    `month` ('YYYY-MM', or any form parse_month accepts) overrides the workbook's Reporting month,
    so a missing or bad Reporting month is then not an error; `today` defaults to the real date.
    """
    findings = list(book.load_findings)
    if month is not None:
        chosen = parse_month(month)
        if chosen is None:
            raise TecError("month-bad", text=month)
        findings = [f for f in findings if not _is_month_setting(f, book)]
    else:
        chosen = book.settings.reporting_month
    ctx = Context(book, chosen, today or dt.date.today(), found=findings)
    for check in sorted(CHECKS, key=runs_last):
        findings.extend(check(ctx))
    # Each finding once, in a sort that does not depend on hashing: equal places keep the order found.
    return sorted(dict.fromkeys(findings), key=reading_order)
