"""One seam's scorecard: header, metric table with trends, misses, actions, decisions, dependencies, warnings."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from reports import charts, styles
from reports.blocks import flag_cell, heading, status_cell, status_fill, status_label, warning_list
from reports.context import ReportContext
from reports.document import Bookmark
from reports.tables import Column, Row, cell, data_table, grid
from reports.text import markup
from tec_desktop.metrics import agenda, formats
from tec_desktop.metrics.compute import METRIC_LABELS, SeamMonth
from tec_desktop.months import month_abbr

CHIP_W = 104


def seam_story(ctx: ReportContext, seam: SeamMonth) -> list[Flowable]:
    """The flowables of one seam's page(s), starting on a new page."""
    st, book, month = ctx.st, ctx.book, ctx.month
    story: list[Flowable] = [
        PageBreak(),
        Bookmark(f"seam-{seam.seam_id.encode().hex()}", f"{seam.seam_id} · {seam.seam_name}"),
    ]
    story.append(_header(ctx, seam))
    story += heading(st, "Metrics")
    story.append(_metrics(ctx, seam))
    misses = agenda.seam_misses(book, seam.seam_id, month)
    story += heading(st, f"Misses in {ctx.month_label}", len(misses), none="none recorded")
    story += _misses(ctx, misses)
    actions = agenda.seam_actions(book, seam.seam_id, month)
    story += heading(st, "Corrective actions", len(actions), none="none open in the month")
    story += _actions(ctx, actions)
    decisions = agenda.decisions_to_make(book, month, [seam.seam_id])
    story += heading(st, "Pending decisions", len(decisions), none="none waiting at month end")
    story += _decisions(ctx, decisions)
    deps = agenda.open_dependencies(book, month, [seam.seam_id])
    story += heading(st, "Open dependencies", len(deps), none="none open at month end")
    story += _dependencies(ctx, deps)
    warns = ctx.seam_warnings(seam.seam_id)
    story += heading(st, "Data warnings for this seam", len(warns), none="none")
    story += warning_list(st, warns, ctx.width) if warns else []
    return story


def _seam_row(ctx: ReportContext, seam_id: str) -> dict:
    frame = ctx.book["Seams"].frame
    hit = frame[frame["seam_id"] == seam_id]
    return hit.iloc[0].to_dict() if len(hit) else {}


def _header(ctx: ReportContext, seam: SeamMonth) -> Table:
    st = ctx.st
    rec = _seam_row(ctx, seam.seam_id)
    route = f"{markup(seam.seam_id, bold=True)}   ·   {markup(seam.from_team)}  →  {markup(seam.to_team)}"
    decider = rec.get("decider")
    version = rec.get("contract_version")
    facts = [
        ("Accountable owner", seam.owner, 2.3),
        ("Decider", decider if isinstance(decider, str) and decider.strip() else formats.DASH, 2.0),
        ("Contract", version if isinstance(version, str) and version.strip() else formats.DASH, 1.1),
        ("Last reviewed", formats.date(rec.get("last_reviewed")), 1.4),
        ("Seam status", seam.seam_status, 1.1),
    ]
    left_w = ctx.width - CHIP_W - 12
    total = sum(w for *_, w in facts)
    fact_table = grid(
        [[cell(k.upper(), st.kpi_label) for k, _, _ in facts], [cell(v, st.body) for _, v, _ in facts]],
        [left_w * w / total for *_, w in facts],
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ],
    )
    left = [
        Paragraph(markup(seam.seam_name, bold=True), st.seam_title),
        Spacer(0, 4),
        Paragraph(route, st.body),
        Spacer(0, 8),
        fact_table,
    ]
    s = styles.status(seam.status)
    word = status_label(seam.status) if seam.status else "— no data"
    chip = [
        Paragraph(f'<font color="{styles.hexcolor(s.ink)}">{markup("OVERALL")}</font>', st.kpi_label),
        Spacer(0, 2),
        Paragraph(markup(word), st.chip(seam.status, 13)),
        Spacer(0, 3),
        Paragraph(
            markup("the worst of its metrics' statuses" if seam.status else "no metric could be measured"), st.small
        ),
    ]
    return grid(
        [[left, chip]],
        [ctx.width - CHIP_W, CHIP_W],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 12),
            ("TOPPADDING", (0, 0), (0, 0), 0),
            ("BOTTOMPADDING", (0, 0), (0, 0), 0),
            ("BACKGROUND", (1, 0), (1, 0), s.fill),
            ("LEFTPADDING", (1, 0), (1, 0), 9),
            ("TOPPADDING", (1, 0), (1, 0), 7),
            ("BOTTOMPADDING", (1, 0), (1, 0), 8),
        ],
    )


def _trend_months(month: str) -> str:
    end = pd.Period(month, "M")
    first = end - 5
    return f"{month_abbr(first.month)}–{month_abbr(end.month)}"


def _metrics(ctx: ReportContext, seam: SeamMonth) -> Table:
    st = ctx.st
    trend = ctx.metrics.trend.get(seam.seam_id, {})
    band = ctx.book.settings.amber_band
    rows = []
    for key, mv in seam.metrics.items():
        history = trend.get(key, ())
        before = history[-2] if len(history) >= 2 else None
        limits = (
            mv.target,
            None if mv.target is None else (mv.target + band if key == "rework_rate" else mv.target - band),
        )
        change, sense = formats.change(key, mv.value, before)
        ink = styles.BETTER if sense > 0 else styles.WORSE if sense < 0 else styles.MUTED
        has_colour = mv.target is not None
        status = status_cell(st, mv.status) if has_colour else cell("no target", st.cell_muted)
        spark = charts.sparkline(history, mv.status, mv.target if key in formats.SHARE_KEYS else None, height=13)
        rows.append(
            Row(
                [
                    cell(METRIC_LABELS.get(key, key), st.cell),
                    cell(
                        formats.metric(key, mv.value, *limits),
                        st.cell_right if mv.value is None else st.cell_bold_right,
                    ),
                    cell(formats.target(key, mv.target), st.cell_right),
                    status,
                    cell(change, st.cell_right, color=ink),
                    spark,
                ],
                extra=[status_fill(mv.status, 3)] if has_colour else [],
            )
        )
    cols = [
        Column("Metric", 4.1),
        Column("Value", 1.25, True),
        Column("Target", 1.15, True),
        Column("Status", 1.35),
        Column("vs last month", 1.45, True),
        Column(f"6 months ({_trend_months(ctx.month)})", 2.0),
    ]
    table = data_table(ctx.st, cols, rows, ctx.width)
    table.setStyle(TableStyle([("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    return table


def _misses(ctx: ReportContext, misses: list[agenda.Miss]) -> list[Flowable]:
    st = ctx.st
    if not misses:
        return []
    rows = []
    for m in misses:
        impact = " · ".join(p for p in (m.impact, m.severity) if p) or formats.DASH
        rows.append(
            Row(
                [
                    cell(formats.date(m.date), st.cell),
                    cell(m.miss_id, st.cell_muted),
                    cell(m.type, st.cell),
                    cell(m.description, st.cell, lines=True),
                    cell(impact, st.cell),
                    cell(m.root_cause or formats.DASH, st.cell, lines=True),
                ]
            )
        )
    cols = [
        Column("Date", 1.32),
        Column("ID", 0.85),
        Column("Type", 1.55),
        Column("What happened", 3.85),
        Column("Impact", 1.35),
        Column("Root cause", 2.1),
    ]
    return [data_table(st, cols, rows, ctx.width)]


def _actions(ctx: ReportContext, actions: list[agenda.Action]) -> list[Flowable]:
    st = ctx.st
    if not actions:
        return []
    rows = []
    for a in actions:
        if a.overdue:
            status = flag_cell(st, "OVERDUE", "red", a.status)
        elif a.status in ("Done", "Dropped"):
            status = cell(f"{a.status} {formats.date(a.closed)}", st.cell_muted)
        else:
            status = cell(a.status, st.cell)
        rows.append(
            Row(
                [
                    cell(a.action_id, st.cell_muted),
                    cell(a.action, st.cell, lines=True),
                    cell(a.owner, st.cell),
                    cell(formats.date(a.due), st.cell_bold if a.overdue else st.cell),
                    status,
                ],
                fill=styles.status("red").fill if a.overdue else None,
            )
        )
    cols = [Column("ID", 0.9), Column("Action", 4.85), Column("Owner", 1.9), Column("Due", 1.35), Column("Status", 1.6)]
    return [data_table(st, cols, rows, ctx.width)]


def _decisions(ctx: ReportContext, decisions: list[agenda.Decision]) -> list[Flowable]:
    st = ctx.st
    if not decisions:
        return []
    rows = []
    for d in decisions:
        sla = f"SLA {formats.days(d.sla).removesuffix('.0')}" if d.sla is not None else "no SLA"
        flag = (
            flag_cell(st, "OVERDUE", "red")
            if d.overdue
            else flag_cell(st, "ESCALATED", "amber")
            if d.escalated
            else cell("within SLA", st.cell_muted)
        )
        rows.append(
            Row(
                [
                    cell(d.decision_id, st.cell_muted),
                    cell(d.decision, st.cell, lines=True),
                    cell(d.decider, st.cell),
                    cell(formats.date(d.requested), st.cell),
                    cell(f"{formats.bdays(d.waited)} ({sla})", st.cell),
                    flag,
                ],
                fill=styles.status("red").fill if d.overdue else None,
            )
        )
    cols = [
        Column("ID", 0.9),
        Column("Decision", 3.85),
        Column("Decider", 1.6),
        Column("Requested", 1.35),
        Column("Waiting", 1.6),
        Column("", 1.2),
    ]
    return [data_table(st, cols, rows, ctx.width)]


def _dependencies(ctx: ReportContext, deps: list[agenda.Dependency]) -> list[Flowable]:
    st = ctx.st
    if not deps:
        return []
    rows = []
    for d in deps:
        flag = flag_cell(st, "PAST DUE", "red", d.status) if d.late else cell(d.status, st.cell)
        rows.append(
            Row(
                [
                    cell(d.dependency_id, st.cell_muted),
                    cell(d.description, st.cell, lines=True),
                    cell(d.owner, st.cell),
                    cell(formats.date(d.due), st.cell),
                    flag,
                ],
                fill=styles.status("red").fill if d.late else None,
            )
        )
    cols = [
        Column("ID", 0.9),
        Column("Dependency", 4.85),
        Column("Owner", 1.9),
        Column("Due", 1.35),
        Column("Status", 1.6),
    ]
    return [data_table(st, cols, rows, ctx.width)]
