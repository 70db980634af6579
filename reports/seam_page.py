"""One seam's page: its contract, the metric table with trends, the SLAs by request type, then the
chain of the month (root causes → the actions answering them, misses, corrective actions), pending
decisions, open dependencies and the seam's data warnings.

Compact by design, so that a seam with an ordinary month takes one page: sections with nothing in
them collapse into one closing line, and a second page comes only when the lists really are long.
"""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from reports import charts, styles
from reports.blocks import flag_cell, heading, status_cell, status_fill, warning_list
from reports.cells import Line, cell
from reports.context import ReportContext
from reports.document import Bookmark, seam_key
from reports.list_cells import action_detail, decide_by, decision_status
from reports.seam_contract import comment_box, contract_strip, header, request_types
from reports.shaping import Paragraph
from reports.tables import Column, Row, data_table
from reports.text import markup
from tec_desktop.errors import Cancelled
from tec_desktop.metrics import agenda, chain, formats
from tec_desktop.metrics.commentary import month_comments
from tec_desktop.metrics.compute import METRIC_LABELS, SeamMonth
from tec_desktop.metrics.contract import contract
from tec_desktop.metrics.request_types import seam_request_types
from tec_desktop.months import month_abbr

SPARK_H = 10
SHORT_TABLE = 3  # rows: a table this short is kept with its heading
PAD = 2.4  # a seam page's lists are a little tighter than the appendix's


def seams_story(ctx: ReportContext, cancel=lambda: False) -> list[Flowable]:
    """Every seam's page, after the 'Seams' outline entry that holds them."""
    story: list[Flowable] = []
    comments = month_comments(ctx.book, ctx.month)
    for i, seam in enumerate(ctx.seams):
        if cancel():
            raise Cancelled("scorecards-cancelled")
        page = seam_story(ctx, seam, comments)
        if i == 0:  # the part's own entry, on the first seam's page
            page.insert(1, Bookmark("seams", "Seams", 0, closed=False, section=False))
        story += page
    return story


def _heading(ctx: ReportContext, text: str, count: int | None = None, need: float = 48) -> list[Flowable]:
    return heading(ctx.st, text, count, need=need, style=ctx.st.h3)


def _section(ctx: ReportContext, text: str, count: int, table: Flowable) -> list[Flowable]:
    """A heading and its table; a short table stays on the heading's page (it moves with it when it must)."""
    title = _heading(ctx, text, count)
    if count <= SHORT_TABLE:
        return [KeepTogether([title[1], table])]
    return title + [table]


def seam_story(ctx: ReportContext, seam: SeamMonth, comments=None) -> list[Flowable]:
    """The flowables of one seam's page(s), starting on a new page."""
    st, book, month = ctx.st, ctx.book, ctx.month
    terms = contract(book, seam.seam_id)
    story: list[Flowable] = [
        PageBreak(),
        Bookmark(seam_key(seam.seam_id), f"{seam.seam_id} · {seam.seam_name}", 1),
        header(ctx, seam, terms),
        Spacer(0, 5),
        contract_strip(ctx, seam, terms),
    ]
    comment = (comments if comments is not None else month_comments(book, month)).get(seam.seam_id)
    if comment is not None:
        story += [Spacer(0, 5), comment_box(ctx, comment)]
    quiet = all(mv.value is None for mv in seam.metrics.values())
    if quiet:
        story += [
            Spacer(0, 6),
            Paragraph(
                markup(
                    f"Nothing was recorded on this seam in {ctx.month_label}: no handoff, miss, dependency, "
                    "decision or corrective action. Every metric shows —; check that the logs use its Seam ID."
                ),
                st.note,
            ),
        ]
    links = chain.seam_chain(book, seam.seam_id, month)
    decisions = agenda.decisions_to_make(book, month, [seam.seam_id])
    deps = agenda.open_dependencies(book, month, [seam.seam_id])
    warns = ctx.seam_warnings(seam.seam_id)
    empty = [
        text
        for present, text in (
            (links.misses, f"no misses recorded in {ctx.month_label}"),
            (links.actions, "no corrective action in play"),
            (decisions, "no decision waiting"),
            (deps, "no open dependency"),
            (warns, "no data warnings"),
        )
        if not present
    ]
    # What has nothing this month is said up front, on the metrics' heading line: never alone on a page.
    note = ("This month: " + " · ".join(empty) + ".") if empty else ""
    story += heading(st, "Metrics", need=120, style=st.h3, note=note)
    story.append(_metrics(ctx, seam))
    types = seam_request_types(book, month, seam.seam_id)
    if types:
        story += _section(ctx, "SLAs by request type", len(types), request_types(ctx, types))
    if links.misses:
        title = f"Misses in {ctx.month_label} → root cause → owner-led action"
        story += _section(ctx, title, len(links.misses), _chain(ctx, links))
    if links.actions:
        story += _section(ctx, "Corrective actions", len(links.actions), _actions(ctx, links))
    if decisions:
        story += _section(ctx, "Pending decisions", len(decisions), _decisions(ctx, decisions))
    if deps:
        story += _section(ctx, "Open dependencies", len(deps), _dependencies(ctx, deps))
    if warns:
        story += _heading(ctx, "Data warnings for this seam", len(warns))
        story += warning_list(st, warns, ctx.width)
    return story


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
        change, sense = formats.change(key, mv.value, before, *limits)
        ink = styles.BETTER if sense > 0 else styles.WORSE if sense < 0 else styles.MUTED
        has_colour = mv.target is not None
        status = status_cell(st, mv.status) if has_colour else cell("no target", st.cell_muted)
        spark = charts.sparkline(history, mv.status, mv.target if key in formats.SHARE_KEYS else None, height=SPARK_H)
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
                    cell(change, st.cell_bold_right if sense else st.cell_right, color=ink),
                    spark,
                ],
                fills=status_fill(mv.status, 3) if has_colour else {},
            )
        )
    cols = [
        Column("Metric", 3.9),
        Column("Value", 1.05, True),
        Column("Target", 1.0, True),
        Column("Status", 1.2),
        Column("vs last month", 1.75, True),
        Column(f"6 months ({_trend_months(ctx.month)})", 1.75),
    ]
    return data_table(ctx.st, cols, rows, ctx.width, pad=1.2, middle=True)


def _action_ref(a: agenda.Action | None) -> str:
    return a.action_id if a is not None else ""


def _chain(ctx: ReportContext, links: chain.SeamChain) -> Table:
    """The month's misses grouped by root cause, each group headed by the action answering it (or NO ACTION)."""
    st = ctx.st
    rows = []
    for c in links.causes:
        count = f"{c.misses} miss{'es' if c.misses != 1 else ''}"
        title = f"Root cause: {c.cause} · {count}" if c.recorded else f"{c.cause} · {count}"
        if c.action is not None:
            detail, late = action_detail(ctx, c.action)
            answer = Line(
                f"→ {c.action.action_id} · {c.action.action} — {detail}",
                7.5,
                late,
                styles.WORSE if late else styles.INK,
            )
        elif c.recorded:
            answer = Line("→ ■ NO ACTION: no open corrective action answers this root cause", 7.5, True, styles.WORSE)
        else:
            answer = Line(
                "→ record the root cause on Misses, so that an action can answer it", 7.5, False, styles.MUTED
            )
        fill = styles.status("red").fill if c.unanswered else styles.BAND
        rows.append(
            Row(
                [
                    cell(title, st.cell_bold if c.recorded else st.cell_muted, below=[answer]),
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
                fill=fill,
                span=0,
            )
        )
        for link in (
            m for m in links.misses if chain.key(m.miss.root_cause) == chain.key(c.cause if c.recorded else "")
        ):
            rows.append(Row(_miss_cells(ctx, link)))
    cols = [
        Column("Date", 1.3),
        Column("ID", 0.8),
        Column("Type", 1.6),
        Column("What happened", 4.2),
        Column("Impact", 1.05),
        Column("Action", 1.05),
    ]
    return data_table(st, cols, rows, ctx.width, zebra=False, pad=PAD)


def _miss_cells(ctx: ReportContext, link: chain.MissLink) -> list[Flowable]:
    st = ctx.st
    m = link.miss
    impact = " · ".join(p for p in (m.impact, m.severity) if p) or formats.DASH
    if link.action is not None:
        how = "linked" if link.by_link else "same cause"
        answer = cell(link.action.action_id, st.cell, below=[Line(how, 6.5, False, styles.MUTED)])
    elif m.root_cause:
        answer = flag_cell(st, "NONE", "red")
    else:
        answer = cell(formats.DASH, st.cell_muted)
    return [
        cell(formats.date(m.date), st.cell),
        cell(m.miss_id, st.cell_muted),
        cell(m.type, st.cell),
        cell(m.description, st.cell, lines=True),
        cell(impact, st.cell),
        answer,
    ]


def _actions(ctx: ReportContext, links: chain.SeamChain) -> Table:
    st = ctx.st
    rows = []
    for a in links.actions:
        if a.overdue:
            status = flag_cell(st, "OVERDUE", "red", a.status)
        elif a.status in ("Done", "Dropped"):
            status = cell(f"{a.status} {formats.date(a.closed)}", st.cell_muted)
        else:
            status = cell(a.status, st.cell)
        answers = [f"root cause: {a.root_cause}" if a.root_cause else "no root cause named"]
        if a.linked_misses:
            answers.append("answers " + ", ".join(a.linked_misses))
        rows.append(
            Row(
                [
                    cell(a.action_id, st.cell_muted),
                    cell(a.action, st.cell, lines=True, below=[Line(" · ".join(answers), 7, False, styles.MUTED)]),
                    cell(a.owner, st.cell),
                    cell(formats.date(a.due), st.cell_bold if a.overdue else st.cell),
                    status,
                ],
                fill=styles.status("red").fill if a.overdue else None,
            )
        )
    cols = [
        Column("ID", 0.8),
        Column("Action", 5.75),
        Column("Owner", 1.4),
        Column("Due", 1.4),
        Column("Status", 1.35),
    ]
    return data_table(st, cols, rows, ctx.width, pad=PAD)


def _decisions(ctx: ReportContext, decisions: list[agenda.Decision]) -> Table:
    st = ctx.st
    rows = [
        Row(
            [
                cell(d.decision_id, st.cell_muted),
                cell(
                    d.decision,
                    st.cell,
                    lines=True,
                    below=[Line(f"requested {formats.date(d.requested)}", 7, False, styles.MUTED)],
                ),
                cell(d.decider, st.cell),
                decide_by(ctx, d),
                decision_status(ctx, d),
            ],
            fill=styles.status("red").fill if d.overdue else None,
        )
        for d in decisions
    ]
    cols = [
        Column("ID", 0.9),
        Column("Decision", 3.5),
        Column("Decider", 1.45),
        Column("Decide by · waited", 1.6),
        Column("Status", 2.55),
    ]
    return data_table(st, cols, rows, ctx.width, pad=PAD)


def _dependencies(ctx: ReportContext, deps: list[agenda.Dependency]) -> Table:
    st = ctx.st
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
    return data_table(st, cols, rows, ctx.width, pad=PAD)
