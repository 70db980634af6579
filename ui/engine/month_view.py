"""Turn the core's MonthMetrics and agenda lists into the window's SeamView records (engine side).

Runs in the engine process, where pandas lives. Numbers are written with tec_desktop.metrics.formats, so the
window shows exactly what the PDF prints ('92%', '2.5', '▲ +5 pts').
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tec_desktop.findings import Finding
from tec_desktop.metrics import agenda, formats
from tec_desktop.metrics.clock import Month, trailing_months
from tec_desktop.metrics.compute import METRIC_KEYS, METRIC_LABELS, TREND_MONTHS, MonthMetrics, SeamMonth
from tec_desktop.months import month_abbr
from tec_desktop.workbook.model import Workbook
from ui.engine.results import DetailList, MetricCell, MonthView, SeamView


def build(book: Workbook, metrics: MonthMetrics, findings: Sequence[Finding]) -> MonthView:
    """The month as the Seams view shows it."""
    seams = tuple(_seam_view(book, metrics, s, findings) for s in metrics.seams)
    return MonthView(
        metrics.month,
        seams,
        METRIC_KEYS,
        tuple(METRIC_LABELS[k] for k in METRIC_KEYS),
        metrics.pareto_sentence,
        metrics.total_misses,
    )


def _seam_view(book: Workbook, metrics: MonthMetrics, seam: SeamMonth, findings: Sequence[Finding]) -> SeamView:
    month = metrics.month
    trend = metrics.trend.get(seam.seam_id, {})
    months = [m.key for m in trailing_months(Month(month), TREND_MONTHS)]
    cells = []
    for key in METRIC_KEYS:
        mv = seam.metrics[key]
        history = tuple(trend.get(key, ()))
        before = history[-2] if len(history) >= 2 else None
        change, sense = formats.change(key, mv.value, before)
        trend_text = " · ".join(f"{month_abbr(int(k[5:7]))} {formats.metric(key, v)}" for k, v in zip(months, history))
        cells.append(
            MetricCell(
                key,
                METRIC_LABELS[key],
                mv.value,
                mv.target,
                mv.status,
                formats.metric(key, mv.value, mv.target),
                formats.target(key, mv.target) if mv.target is not None else "",
                "" if change == formats.DASH else change,
                history,
                trend_text,
                sense if change != formats.DASH else 0,
            )
        )
    lead = tuple((kind, formats.days(v)) for kind, v in seam.lead_time_by_type.items())
    return SeamView(
        seam.seam_id,
        seam.seam_name,
        seam.from_team,
        seam.to_team,
        seam.owner,
        seam.seam_status,
        seam.status,
        _contract(book, seam.seam_id),
        tuple(cells),
        _misses(book, seam.seam_id, month),
        _actions(book, seam.seam_id, month),
        _decisions(book, seam.seam_id, month),
        _dependencies(book, seam.seam_id, month),
        lead,
    )


def _contract(book: Workbook, seam_id: str) -> str:
    frame = book["Seams"].frame
    hits = frame[frame["seam_id"] == seam_id]
    if hits.empty:
        return ""
    rec = hits.iloc[0]
    version = rec.get("contract_version")
    reviewed = rec.get("last_reviewed")
    parts = []
    if isinstance(version, str) and version.strip():
        parts.append(f"contract {version.strip()}")
    if reviewed is not None and not pd.isna(reviewed):
        parts.append(f"reviewed {formats.date(reviewed)}")
    return ", ".join(parts)


def _misses(book: Workbook, seam_id: str, month: str) -> DetailList:
    rows = agenda.seam_misses(book, seam_id, month)
    return DetailList(
        ("Miss ID", "Date", "Type", "Impact", "Severity", "Description", "Root cause"),
        tuple(
            (m.miss_id, formats.date(m.date), m.type, m.impact, m.severity, m.description, m.root_cause) for m in rows
        ),
        tuple("red" if m.severity == "High" else None for m in rows),
        "No misses this month.",
    )


def _actions(book: Workbook, seam_id: str, month: str) -> DetailList:
    rows = agenda.seam_actions(book, seam_id, month)
    return DetailList(
        ("Action ID", "Action", "Owner", "Opened", "Due", "Status", "Root cause"),
        tuple(
            (
                a.action_id,
                a.action,
                a.owner,
                formats.date(a.opened),
                formats.date(a.due) + (" (overdue)" if a.overdue else ""),
                a.status,
                a.root_cause,
            )
            for a in rows
        ),
        tuple("red" if a.overdue else None for a in rows),
        "No corrective actions were open this month.",
    )


def _decisions(book: Workbook, seam_id: str, month: str) -> DetailList:
    rows = agenda.decisions_to_make(book, month, [seam_id])
    return DetailList(
        ("Decision ID", "Decision", "Decider", "Requested", "Waiting", "SLA", "Status"),
        tuple(
            (
                d.decision_id,
                d.decision,
                d.decider,
                formats.date(d.requested),
                formats.bdays(d.waited) + (" (overdue)" if d.overdue else ""),
                formats.bdays(d.sla),
                "Escalated" if d.escalated else "Pending",
            )
            for d in rows
        ),
        tuple("red" if d.overdue else None for d in rows),
        "No decisions waiting at month end.",
    )


def _dependencies(book: Workbook, seam_id: str, month: str) -> DetailList:
    rows = agenda.open_dependencies(book, month, [seam_id])
    return DetailList(
        ("Dependency ID", "Description", "Owner", "Due", "Status"),
        tuple(
            (d.dependency_id, d.description, d.owner, formats.date(d.due) + (" (late)" if d.late else ""), d.status)
            for d in rows
        ),
        tuple("red" if d.late else None for d in rows),
        "No open dependencies at month end.",
    )
