"""The leadership summary: status matrix, Pareto of misses, and the meeting's two lists."""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from reports import charts, fonts, styles
from reports.blocks import (
    Deferred,
    box,
    empty,
    flag_cell,
    heading,
    legend,
    status_cell,
    status_fill,
    status_label,
    warning_list,
)
from reports.context import ReportContext
from reports.document import Bookmark
from reports.tables import Column, Row, cell, cell_markup, data_table, grid
from reports.text import clip, markup
from tec_desktop.metrics import agenda, formats

MATRIX = (
    ("sla_adherence", "SLA\nadherence"),
    ("rework_rate", "Rework"),
    ("dependency_on_time", "Deps\non time"),
    ("decision_sla_adherence", "Decisions\nwithin SLA"),
    ("decisions_overdue", "Decisions\noverdue"),
    ("actions_overdue", "Actions\noverdue"),
)
_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}
TOP_WARNINGS = 8
LIST_NAME = 48  # characters of a seam's name shown in the summary's lists
MATRIX_NAME = 60


def summary_story(ctx: ReportContext) -> list[Flowable]:
    """The summary pages, ending where the first seam page begins.

    Build it after the seam pages' stories: its data-quality box, laid out last, names the characters
    that no bundled font could print anywhere in the PDF.
    """
    st, title = ctx.st, ctx.book.settings.report_title
    label = "Leadership summary" if ctx.owner is None else f"Summary for {ctx.owner}"
    story: list[Flowable] = [Bookmark("summary", label)]
    story += _title(ctx, title, label)
    story.append(_kpis(ctx))
    story += heading(st, "Seam status")
    story += _matrix(ctx)
    story += heading(st, "Where the misses are", need=215)
    story += _pareto(ctx)
    decisions = agenda.decisions_to_make(ctx.book, ctx.month, ctx.seam_ids)
    story += heading(st, "Decisions to make", len(decisions), none="no decision was waiting at month end")
    story += _decisions(ctx, decisions)
    constraints = agenda.constraints_to_remove(ctx.book, ctx.month, ctx.metrics, ctx.seam_ids)
    story += heading(st, "Constraints to remove", len(constraints.dependencies) + len(constraints.root_causes))
    story += _constraints(ctx, constraints)
    actions = agenda.overdue_actions(ctx.book, ctx.month, ctx.seam_ids)
    story += heading(st, "Overdue corrective actions", len(actions), none="none at month end")
    story += _actions(ctx, actions)
    story += heading(st, "Data quality", need=150)
    story.append(Deferred(lambda: _data_quality(ctx, fonts.take_unprintable())))
    return story


def _title(ctx: ReportContext, title: str, label: str) -> list[Flowable]:
    st = ctx.st
    org = ctx.book.settings.organization or ""
    count = len(ctx.seams)
    kinds = ("" if ctx.owner else "Active and Pilot ") + "seam" + ("" if count == 1 else "s")
    sub = f"{label} · {count} {kinds} · workbook {ctx.book.name}"
    return [
        Paragraph(markup(org.upper()), st.kpi_label) if org else Spacer(0, 0),
        Spacer(0, 2),
        Paragraph(markup(f"{title} — {ctx.month_label}", bold=True), st.title),
        Spacer(0, 3),
        Paragraph(markup(sub), st.subtitle),
        Spacer(0, 12),
    ]


def _kpis(ctx: ReportContext) -> Table:
    st = ctx.st
    counts = {k: sum(1 for s in ctx.seams if s.status == k) for k in ("red", "amber", "green", None)}
    totals = {
        k: sum(int(s.metrics[k].value or 0) for s in ctx.seams)
        for k in ("misses", "decisions_overdue", "actions_overdue")
    }
    if ctx.owner is None:  # every miss of the month, as the Pareto counts them (a Retired seam's too)
        totals["misses"] = ctx.metrics.total_misses
    tiles = [(str(counts[k]), f"{status_label(k)} seams", k) for k in ("red", "amber", "green")]
    tiles += [
        (str(totals["misses"]), "Misses this month", "plain"),
        (str(totals["decisions_overdue"]), "Decisions overdue", "plain"),
        (str(totals["actions_overdue"]), "Actions overdue", "plain"),
    ]
    gap = 5  # tiles are separated by empty columns, so each reads as its own card
    width = (ctx.width - gap * (len(tiles) - 1)) / len(tiles)
    row, widths, cmds = [], [], []
    for value, text, key in tiles:
        if row:
            row.append("")
            widths.append(gap)
        ink = styles.NAVY if key == "plain" else styles.status(key).ink
        fill = styles.BAND if key == "plain" else styles.status(key).fill
        cmds.append(("BACKGROUND", (len(row), 0), (len(row), 0), fill))
        row.append([cell(value, st.kpi_value, color=ink), cell(text, st.kpi_label, color=ink)])
        widths.append(width)
    return grid(
        [row],
        widths,
        cmds
        + [
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ],
    )


def _seam_label(st: styles.Styles, seam) -> Paragraph:
    return cell_markup(
        f"<b>{markup(clip(seam.seam_name, MATRIX_NAME), bold=True)}</b><br/>"
        f'<font size="6.5" color="{styles.hexcolor(styles.MUTED)}">'
        f"{markup(seam.seam_id)} · {markup(seam.owner)}</font>",
        st.cell,
    )


def _matrix(ctx: ReportContext) -> list[Flowable]:
    st = ctx.st
    if not ctx.seams:
        return [empty(st, "No Active or Pilot seams.")]
    columns = [Column("Seam\nID · accountable owner", 2.75), Column("Overall", 1.15)]
    columns += [Column(h, 1.0) for _, h in MATRIX] + [Column("Misses", 0.8, right=True)]
    rows = []
    order = sorted(enumerate(ctx.seams), key=lambda p: (_ORDER.get(p[1].status, 3), p[0]))
    for _, seam in order:
        cells = [_seam_label(st, seam), status_cell(st, seam.status)]
        extra = [status_fill(seam.status, 1)]
        for i, (key, _) in enumerate(MATRIX, start=2):
            mv = seam.metrics[key]
            band = ctx.book.settings.amber_band
            limits = (
                mv.target,
                None if mv.target is None else (mv.target + band if key == "rework_rate" else mv.target - band),
            )
            cells.append(status_cell(st, mv.status, formats.metric(key, mv.value, *limits)))
            extra.append(status_fill(mv.status, i))
        cells.append(cell(formats.count(seam.metrics["misses"].value), st.cell_right))
        rows.append(Row(cells, extra=extra + [("VALIGN", (0, 0), (-1, 0), "MIDDLE")]))
    table = data_table(st, columns, rows, ctx.width, zebra=False)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 1), (-1, -1), 1.2, styles.colors.white),
                ("LINEAFTER", (1, 1), (-2, -1), 1.2, styles.colors.white),
            ]
        )
    )
    note = (
        "Worst first, then in workbook order. Every cell carries its status in words, so the matrix reads "
        "the same in black and white."
    )
    return [table, Spacer(0, 4), legend(st, ctx.book.settings), Paragraph(markup(note), st.small)]


def _vital_count(sentence: str) -> int:
    m = re.match(r"(\d+) seams? explains?", sentence)
    return int(m.group(1)) if m else 0


def _pareto(ctx: ReportContext) -> list[Flowable]:
    st, metrics = ctx.st, ctx.metrics
    if not metrics.pareto:
        return [empty(st, f"No misses recorded in {ctx.month_label}.")]
    if ctx.owner is not None:
        return _owner_pareto(ctx)
    vital = _vital_count(metrics.pareto_sentence)
    chart_w = ctx.width * 0.56
    chart = charts.pareto(metrics.pareto, vital, width=chart_w, height=170)
    side = [
        Paragraph(markup(metrics.pareto_sentence + "."), st.lead),
        Spacer(0, 3),
        Paragraph(
            markup(
                f"{metrics.total_misses} misses in {ctx.month_label}, by seam, most first. "
                "The line is the cumulative share; the dashed line marks 80%."
            ),
            st.note,
        ),
        Spacer(0, 6),
    ]
    rows = []
    for i, r in enumerate(metrics.pareto[:8]):
        label = _seam_ref(r.seam_id, r.seam_name)
        rows.append(
            Row(
                [
                    cell(label, st.cell_bold if i < vital else st.cell),
                    cell(str(r.misses), st.cell_right),
                    cell(formats.pct(r.cumulative_share), st.cell_right),
                ]
            )
        )
    side.append(
        data_table(
            st,
            [Column("Seam", 4.4), Column("Misses", 1.2, True), Column("Cumul.", 1.3, True)],
            rows,
            ctx.width - chart_w - 14,
            zebra=False,
        )
    )
    if len(metrics.pareto) > 8:
        side.append(Paragraph(markup(f"and {len(metrics.pareto) - 8} more seams with misses."), st.small))
    return [
        grid(
            [[chart, side]],
            [chart_w + 14, ctx.width - chart_w - 14],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ],
        )
    ]


def _owner_pareto(ctx: ReportContext) -> list[Flowable]:
    st, metrics = ctx.st, ctx.metrics
    mine = {s.seam_id for s in ctx.seams}
    own = sum(r.misses for r in metrics.pareto if r.seam_id in mine)
    share = own / metrics.total_misses if metrics.total_misses else 0
    text = (
        f"Your seams had {own} of the organization's {metrics.total_misses} misses in {ctx.month_label} "
        f"({formats.pct(share)}). Across the organization: {metrics.pareto_sentence}."
    )
    rows = [
        Row(
            [
                cell(_seam_ref(r.seam_id, r.seam_name), st.cell),
                cell(str(r.misses), st.cell_right),
                cell(f"#{rank}", st.cell_right),
            ]
        )
        for rank, r in enumerate(metrics.pareto, start=1)
        if r.seam_id in mine
    ]
    out: list[Flowable] = [Paragraph(markup(text), st.body), Spacer(0, 5)]
    if rows:
        out.append(
            data_table(
                st,
                [Column("Your seam", 6), Column("Misses", 1.2, True), Column("Rank", 1, True)],
                rows,
                ctx.width * 0.6,
                zebra=False,
            )
        )
    return out


def _seam_ref(seam_id: str, name: str) -> str:
    """'S-01 · Custom deal intake', the name cut short in lists (the seam's own page has it whole)."""
    return f"{seam_id} · {clip(name, LIST_NAME)}" if name else seam_id


def _decisions(ctx: ReportContext, decisions: list[agenda.Decision]) -> list[Flowable]:
    st = ctx.st
    if not decisions:
        return []
    rows = []
    for d in decisions:
        waited = formats.bdays(d.waited)
        sla = f"SLA {formats.days(d.sla).removesuffix('.0')}" if d.sla is not None else "no SLA"
        if d.overdue:
            flag = flag_cell(st, "OVERDUE", "red")
        elif d.escalated:
            flag = flag_cell(st, "ESCALATED", "amber")
        else:
            flag = cell("within SLA", st.cell_muted)
        rows.append(
            Row(
                [
                    cell(d.decision, st.cell, lines=True),
                    cell(_seam_ref(d.seam_id, d.seam_name), st.cell),
                    cell(d.decider, st.cell),
                    cell(formats.date(d.requested), st.cell),
                    cell(f"{waited} ({sla})", st.cell),
                    flag,
                ]
            )
        )
    cols = [
        Column("Decision", 3.3),
        Column("Seam", 1.9),
        Column("Decider", 1.5),
        Column("Requested", 1.15),
        Column("Waiting at month end", 1.55),
        Column("", 1.15),
    ]
    return [data_table(st, cols, rows, ctx.width)]


def _constraints(ctx: ReportContext, c: agenda.Constraints) -> list[Flowable]:
    st = ctx.st
    out: list[Flowable] = [
        Paragraph(markup("Dependencies past due and not met at month end"), st.cell_bold),
        Spacer(0, 3),
    ]
    if c.dependencies:
        rows = [
            Row(
                [
                    cell(d.description, st.cell, lines=True),
                    cell(_seam_ref(d.seam_id, d.seam_name), st.cell),
                    cell(d.owner, st.cell),
                    cell(formats.date(d.due), st.cell),
                    flag_cell(st, "PAST DUE", "red", d.status),
                ]
            )
            for d in c.dependencies
        ]
        cols = [
            Column("Dependency", 3.6),
            Column("Seam", 1.9),
            Column("Owner", 1.5),
            Column("Due", 1.1),
            Column("", 1.3),
        ]
        out.append(data_table(st, cols, rows, ctx.width))
    else:
        out.append(empty(st, "None: every dependency due by month end was met or cancelled."))
    out += [
        Spacer(0, 8),
        Paragraph(markup("Top root causes on red seams (misses this month)"), st.cell_bold),
        Spacer(0, 3),
    ]
    if c.root_causes:
        # The seam is named once above its causes, as a group.
        rows = [
            Row(
                [
                    cell(
                        _seam_ref(r.seam_id, r.seam_name)
                        if i == 0 or c.root_causes[i - 1].seam_id != r.seam_id
                        else "",
                        st.cell,
                    ),
                    cell(r.cause, st.cell),
                    cell(str(r.misses), st.cell_right),
                ]
            )
            for i, r in enumerate(c.root_causes)
        ]
        out.append(
            data_table(
                st,
                [Column("Red seam", 3), Column("Root cause", 6), Column("Misses", 1, True)],
                rows,
                ctx.width,
                zebra=False,
            )
        )
    else:
        red = any(s.status == "red" for s in ctx.seams)
        out.append(empty(st, "Red seams had no misses this month." if red else "No seam is red."))
    return out


def _actions(ctx: ReportContext, actions: list[agenda.Action]) -> list[Flowable]:
    st = ctx.st
    if not actions:
        return []
    rows = [
        Row(
            [
                cell(a.action, st.cell, lines=True),
                cell(_seam_ref(a.seam_id, a.seam_name), st.cell),
                cell(a.owner, st.cell),
                flag_cell(st, formats.date(a.due), "red"),
                cell(a.status, st.cell),
            ]
        )
        for a in actions
    ]
    cols = [
        Column("Corrective action", 3.6),
        Column("Seam", 1.9),
        Column("Owner", 1.5),
        Column("Was due", 1.25),
        Column("Status at month end", 1.25),
    ]
    return [data_table(st, cols, rows, ctx.width)]


def _data_quality(ctx: ReportContext, unprintable: list[str]) -> Flowable:
    st = ctx.st
    warns = ctx.warnings
    inner_w = ctx.width - 18
    content: list[Flowable] = []
    if warns:
        n = len(warns)
        where = "in the workbook" if ctx.owner is None else "about your seams"
        content.append(Paragraph(markup(f"{n} warning{'s' if n != 1 else ''} {where}", bold=True), st.cell_bold))
        content.append(
            Paragraph(
                markup(
                    "No errors (errors stop the scorecards). Warnings do not change the figures "
                    "above, but each one marks a row to fix or confirm. The first "
                    f"{min(n, TOP_WARNINGS)}:"
                ),
                st.note,
            )
        )
        content.append(Spacer(0, 4))
        content += warning_list(st, warns, inner_w, TOP_WARNINGS)
    else:
        text = "the workbook passed every check" if ctx.owner is None else "nothing to fix on your seams"
        content.append(Paragraph(markup(f"No warnings: {text}.", bold=True), st.cell_bold))
    if unprintable:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in unprintable[:12])
        content += [
            Spacer(0, 5),
            Paragraph(
                markup(
                    f"{len(unprintable)} character{'s' if len(unprintable) != 1 else ''} in the workbook "
                    f"cannot be printed with the bundled fonts and appear as {fonts.REPLACEMENT}: {shown}."
                ),
                st.note,
            ),
        ]
    return box(st, content, ctx.width)
