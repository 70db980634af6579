"""How an action, a decision and a constraint are said in a list's cells, the same on the brief, the seam
pages and the appendix: who, by when, how late, escalated to whom."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable

from reports import styles
from reports.blocks import flag_cell
from reports.cells import Line, cell
from reports.context import ReportContext
from tec_desktop.metrics import agenda, formats
from tec_desktop.metrics.constraints import DEPENDENCY, Constraint
from tec_desktop.metrics.contract import contracts


def action_detail(ctx: ReportContext, action: agenda.Action, short: bool = False) -> tuple[str, bool]:
    """'Zoë Ødegård · due 14 Oct 2026 · In progress · 17 days overdue' (at month end), and whether it is
    overdue; `short` leaves out the year of a date in the reporting month's year (the brief's narrow cells)."""
    due = formats.date(action.due)
    if short and due.endswith(f" {ctx.month[:4]}"):
        due = due[:-5]
    parts = [action.owner, f"due {due}", action.status]
    if action.overdue and not pd.isna(action.due):
        days = (pd.Timestamp(ctx.month + "-01") + pd.offsets.MonthEnd(0) - action.due.normalize()).days
        parts.append(f"{days} day{'s' if days != 1 else ''} overdue")
    return " · ".join(p for p in parts if p), action.overdue


def decision_status(ctx: ReportContext, d: agenda.Decision, clip: int = 0) -> Flowable:
    """OVERDUE, ESCALATED and to whom (the seam's escalation path), or pending within its SLA."""
    st = ctx.st
    found = contracts(ctx.book).get(d.seam_id)
    path = found.escalation_path if found else ""
    if d.escalated:
        words = "OVERDUE · ESCALATED" if d.overdue else "ESCALATED"
        to = f"to {path}" if path else "no escalation path on Seams"
        return flag_cell(st, words, "red" if d.overdue else "amber", to, clip=clip)
    if d.overdue:
        return flag_cell(st, "OVERDUE", "red", f"escalate to {path}" if path else "not escalated", clip=clip)
    return cell("Pending", st.cell, below=[Line("within its SLA", 7, False, styles.MUTED)], clip=clip)


def decide_by(ctx: ReportContext, d: agenda.Decision, clip: int = 0) -> Flowable:
    """The decide-by date (Requested + SLA business days) over how long the decision has waited."""
    st = ctx.st
    detail = ""
    if d.waited is not None:
        sla = f" of {formats.days(d.sla).removesuffix('.0')}" if d.sla is not None else ""
        detail = f"{int(d.waited)}{sla} business days"
    return cell(
        formats.date(d.decide_by) if d.sla is not None else "no SLA",
        st.cell_bold if d.overdue else st.cell,
        below=[Line(detail, 7.5, False, styles.WORSE if d.overdue else styles.MUTED)] if detail else [],
        clip=clip,
    )


def constraint_cells(ctx: ReportContext, c: Constraint, fit: int = 0) -> tuple[Flowable, Flowable]:
    """The constraint (with what it is) and its status; `fit` keeps each to that many lines (the brief)."""
    st = ctx.st
    if c.kind == DEPENDENCY:
        what = cell(c.text, st.cell, clip=fit, below=[Line(f"Dependency {c.reference}", 7.5, False, styles.MUTED)])
        status = flag_cell(st, "PAST DUE", "red", f"due {formats.date(c.due)}", clip=min(fit, 1))
        return what, status
    misses = f"{c.misses} miss{'es' if c.misses != 1 else ''}: {c.reference}"
    what = cell(c.text, st.cell, clip=fit, below=[Line(f"Root cause · {misses}", 7.5, False, styles.MUTED)])
    if c.action is None:
        return what, flag_cell(st, "NO ACTION", "red", "no open action answers it", clip=min(fit, 1))
    detail, late = action_detail(ctx, c.action, short=fit > 0)
    return what, cell(
        f"{c.action.action_id} · {c.action.status}",
        st.cell,
        clip=fit,
        below=[Line(detail, 8, late, styles.WORSE if late else styles.MUTED)],
    )
