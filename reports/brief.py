"""Page 1: the exception brief that runs the monthly seam review.

The headline counts, the Pareto statement, one line per Red then Amber seam (its worst metric, the
month's top root cause and the owner-led action answering it, or NO ACTION), and the meeting's two
lists: decisions to make and constraints to remove. It always fits on one page, on A4 or Letter, at
any number of seams: the lists are capped ("and 44 more") at the longest lengths that fit, and
everything they leave out is in the appendix. Every seam named links to its page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table

from reports import styles
from reports.blocks import flag_cell, heading, more_line, seam_cell, status_label
from reports.cells import Line, cell
from reports.context import ReportContext
from reports.document import Bookmark
from reports.fitting import fit_caps, item_heights, story_height
from reports.list_cells import action_detail, constraint_cells, decide_by, decision_status
from reports.shaping import Paragraph
from reports.tables import Column, Row, data_table, grid
from reports.text import clip, markup
from tec_desktop.metrics import agenda, formats
from tec_desktop.metrics.attention import Attention, attention
from tec_desktop.metrics.compute import METRIC_LABELS
from tec_desktop.metrics.constraints import Constraint, constraints_to_remove

# The longest lists the brief shows (seam lines, decisions, constraints); fewer when the page is full.
MAX_CAPS = (12, 8, 8)
COMPACT_BELOW = (8, 3, 3)  # when two lines a field would leave fewer than these, fields take one line
APPENDIX = "appendix"
# The brief's narrow column names a metric in a few words.
SHORT_LABELS = {
    "sla_adherence": "SLA adherence",
    "rework_rate": "Rework (reqs)",
    "dependency_on_time": "Deps on time",
    "decision_sla_adherence": "Decisions in SLA",
    "decisions_overdue": "Decisions overdue",
    "actions_overdue": "Actions overdue",
}
PARETO_NAMES = 2  # seams named in the Pareto statement
PARETO_NAME = 32  # characters of each name


def brief_title(ctx: ReportContext) -> str:
    """The brief's outline entry and running header."""
    return "Brief" if ctx.owner is None else f"Brief for {ctx.owner}"


def brief_story(ctx: ReportContext) -> list[Flowable]:
    """Page 1, laid out to fit its page: the longest lists that do (see fit_caps)."""
    lists: tuple[list, list, list] = (
        attention(ctx.book, ctx.metrics, ctx.seam_ids),
        agenda.decisions_to_make(ctx.book, ctx.month, ctx.seam_ids),
        constraints_to_remove(ctx.book, ctx.metrics, ctx.seam_ids),
    )
    story, caps = _fitted(ctx, lists, 2)
    wanted = [min(len(items), cap) for items, cap in zip(lists, COMPACT_BELOW)]
    if any(c < w for c, w in zip(caps, wanted)):  # two lines a field cost too many lines: one line a field
        story, caps = _fitted(ctx, lists, 1)
    ctx.brief_shown = (caps[0], caps[1], caps[2])
    return [Bookmark("brief", brief_title(ctx), 0)] + story


def _fitted(ctx: ReportContext, lists, lines: int) -> tuple[list[Flowable], list[int]]:
    """The brief with each field in at most `lines` lines, and the longest lists that then fit."""
    ctx.brief_lines = lines
    caps = [min(len(items), cap) for items, cap in zip(lists, MAX_CAPS)]
    story, tables = _content(ctx, lists, caps)
    total = story_height(story, ctx.width)
    room = ctx.height - 2
    if total > room:
        # Tables' rows are independent: measure each listed item once, then work out the caps.
        heights = [item_heights(table, rows) for table, rows in tables]
        more = story_height(more_line(ctx.st, 0, 1, "x", None, "x"), ctx.width)
        fixed = total - sum(sum(h) for h in heights) - more * sum(c < len(x) for c, x in zip(caps, lists))
        caps = fit_caps(heights, [len(x) for x in lists], fixed, more, room)
        story, _ = _content(ctx, lists, caps)
    return story, caps


def _content(ctx: ReportContext, lists, caps) -> tuple[list[Flowable], list[tuple]]:
    """The brief with these caps, and each list's (table, rows per item) for measuring."""
    st = ctx.st
    lines, decisions, constraints = lists
    tables: list[tuple] = []
    out = _title(ctx) + [_kpis(ctx), Spacer(0, 8)] + _pareto_line(ctx)
    red = sum(1 for a in lines if a.seam.status == "red")
    counts = f"{red} red · {len(lines) - red} amber" if lines else None
    out += _heading(st, "Seams needing attention", counts, "no seam is Red or Amber this month" if not lines else None)
    if lines:
        table, rows = _attention(ctx, lines[: caps[0]])
        tables.append((table, rows))
        out.append(table)
        out += more_line(
            st, caps[0], len(lines), "Red or Amber seams", "appendix-matrix", "every seam is in the status matrix"
        )
    else:
        tables.append((None, []))
    out += _heading(
        st, "Decisions to make", len(decisions), "no decision was waiting at month end" if not decisions else None
    )
    if decisions:
        table = _decisions(ctx, decisions[: caps[1]])
        tables.append((table, [1] * min(caps[1], len(decisions))))
        out.append(table)
        out += more_line(st, caps[1], len(decisions), "decisions", "appendix-decisions", "all of them in the appendix")
    else:
        tables.append((None, []))
    out += _heading(st, "Constraints to remove", len(constraints), _no_constraints(ctx) if not constraints else None)
    if constraints:
        table = _constraints(ctx, constraints[: caps[2]])
        tables.append((table, [1] * min(caps[2], len(constraints))))
        out.append(table)
        out += more_line(
            st, caps[2], len(constraints), "constraints", "appendix-constraints", "all of them in the appendix"
        )
    else:
        tables.append((None, []))
    out += [Spacer(0, 8), _quality_line(ctx)]
    return out, tables


def _heading(st: styles.Styles, text: str, count, none: str | None) -> list[Flowable]:
    """A brief's section heading: never moved to another page (the brief is one page by construction)."""
    number = count if isinstance(count, int) else None
    words = count if isinstance(count, str) else ""
    return heading(st, text, number, none=none, suffix=words, style=st.h2_brief)[1:]


def _title(ctx: ReportContext) -> list[Flowable]:
    st = ctx.st
    settings = ctx.book.settings
    org = settings.organization or ""
    count = len(ctx.seams)
    kinds = ("" if ctx.owner else "Active and Pilot ") + "seam" + ("" if count == 1 else "s")
    what = "Monthly seam review" if ctx.owner is None else f"Your seams, {ctx.owner}"
    sub = f"{what} · {count} {kinds} · workbook {ctx.book.name}"
    return [
        Paragraph(markup(org.upper()), st.kpi_label) if org else Spacer(0, 0),
        Spacer(0, 1),
        Paragraph(
            markup(f"{settings.report_title or 'Seam scorecards'} — {ctx.month_label}", bold=True), st.title_brief
        ),
        Spacer(0, 2),
        Paragraph(markup(sub), st.subtitle),
        Spacer(0, 7),
    ]


def _kpis(ctx: ReportContext) -> Table:
    st = ctx.st
    counts = {k: sum(1 for s in ctx.seams if s.status == k) for k in ("red", "amber", "green")}
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
    row: list = []
    widths: list[float] = []
    cmds: list[tuple] = []
    for value, text, key in tiles:
        if row:
            row.append("")
            widths.append(gap)
        ink = styles.NAVY if key == "plain" else styles.status(key).ink
        fill = styles.BAND if key == "plain" else styles.status(key).fill
        cmds.append(("BACKGROUND", (len(row), 0), (len(row), 0), fill))
        row.append([cell(value, st.kpi_value_small, color=ink), cell(text, st.kpi_label, color=ink)])
        widths.append(width)
    return grid(
        [row],
        widths,
        cmds
        + [
            ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ],
    )


def _seam_link(ctx: ReportContext, seam_id: str, name: str) -> str:
    inner = markup(f"{seam_id} {name}".strip(), bold=True)
    key = ctx.link(seam_id)
    return f'<a href="#{key}"><b>{inner}</b></a>' if key else f"<b>{inner}</b>"


def _vital(ctx: ReportContext) -> int:
    sentence = ctx.metrics.pareto_sentence
    return int(sentence.split(" ", 1)[0]) if sentence[:1].isdigit() else 0


def _pareto_line(ctx: ReportContext) -> list[Flowable]:
    """'3 seams explain 88% of misses: S-01 Custom deal intake (7), …' with each seam linked."""
    st, metrics = ctx.st, ctx.metrics
    if not metrics.pareto:
        return [Paragraph(markup(f"No misses recorded in {ctx.month_label}."), st.lead_small)]
    names = []
    vital = metrics.pareto[: _vital(ctx)]
    for r in vital[:PARETO_NAMES]:
        short = clip(r.seam_name, PARETO_NAME)
        name = _seam_link(ctx, r.seam_id, short)
        names.append(f"{name} ({r.misses})")
    more = f" and {len(vital) - PARETO_NAMES} more" if len(vital) > PARETO_NAMES else ""
    text = f"{markup(metrics.pareto_sentence)}: " + ", ".join(names) + more + "."
    if ctx.owner is not None:  # an owner's PDF names only their own seams
        mine = {s.seam_id for s in ctx.seams}
        own = sum(r.misses for r in metrics.pareto if r.seam_id in mine)
        share = own / metrics.total_misses if metrics.total_misses else 0
        text = markup(
            f"Your seams had {own} of the organization's {metrics.total_misses} misses in {ctx.month_label} "
            f"({formats.pct(share)}). Across the organization, {metrics.pareto_sentence}."
        )
    return [Paragraph(text, st.lead_small)]


def _attention(ctx: ReportContext, lines: list[Attention]) -> tuple[Table, list[int]]:
    st = ctx.st
    band = ctx.book.settings.amber_band
    rows = []
    per_item = []
    for a in lines:
        seam = a.seam
        owner = Line(seam.owner, 8, bold=False, color=styles.INK)
        worst = a.worst_value
        if a.worst and worst is not None:
            limits = (
                worst.target,
                None
                if worst.target is None
                else (worst.target + band if a.worst == "rework_rate" else worst.target - band),
            )
            shown = f"{formats.metric(a.worst, worst.value, *limits)} vs {formats.target(a.worst, worst.target)}"
            ink = styles.status(worst.status).ink
            label = SHORT_LABELS.get(a.worst, METRIC_LABELS[a.worst])
            metric = cell(label, st.cell, clip=ctx.brief_lines, below=[Line(shown, 8, True, ink)])
        else:
            metric = cell(formats.DASH, st.cell_muted)
        rows.append(
            Row(
                [
                    seam_cell(ctx, seam.seam_id, seam.seam_name, below=[owner], fit=ctx.brief_lines),
                    cell(status_label(seam.status), st.chip(seam.status, 7)),
                    metric,
                    _cause_cell(ctx, a),
                    _action_cell(ctx, a),
                ],
                fills={1: styles.status(seam.status).fill},
            )
        )
        per_item.append(1)
        if a.comment is not None and a.comment.first_line:
            per_item[-1] += 1
            who = f" — {a.comment.author}" if a.comment.author else ""
            rows.append(
                Row(
                    ["", cell(f"Owner's comment: “{a.comment.first_line}”{who}", st.cell_note, clip=1), "", "", ""],
                    span=1,
                    joined=True,
                )
            )
    cols = [
        Column("Seam · accountable owner", 2.45),
        Column("Status", 0.95),
        Column("Worst metric", 1.5),
        Column("Top root cause this month", 2.0),
        Column("Owner-led corrective action", 3.1),
    ]
    return data_table(st, cols, rows, ctx.width, zebra=False), per_item


def _cause_cell(ctx: ReportContext, a: Attention) -> Flowable:
    st = ctx.st
    cause = a.cause
    if cause is None:
        return cell("no misses this month", st.cell_muted)
    total = int(a.seam.metrics["misses"].value or 0)
    detail = (
        f"{cause.misses} of {total} misses"
        if total > cause.misses
        else f"{cause.misses} miss{'es' if cause.misses != 1 else ''}"
    )
    style = st.cell if cause.recorded else st.cell_muted
    return cell(cause.cause, style, clip=ctx.brief_lines, below=[Line(detail, 7.5, False, styles.MUTED)])


def _action_cell(ctx: ReportContext, a: Attention) -> Flowable:
    st = ctx.st
    if a.action is not None:
        detail, late = action_detail(ctx, a.action, short=True)
        ink = styles.WORSE if late else styles.MUTED
        return cell(
            f"{a.action.action_id} · {a.action.action}",
            st.cell,
            clip=ctx.brief_lines,
            below=[Line(detail, 8, late, ink)],
        )
    if a.no_action:
        recorded = a.cause is not None and a.cause.recorded
        why = "no open action answers this root cause" if recorded else "no corrective action is open"
        return flag_cell(st, "NO ACTION", "red", why, clip=ctx.brief_lines)
    return cell("none open", st.cell_muted)


def _decisions(ctx: ReportContext, decisions: list[agenda.Decision]) -> Table:
    st = ctx.st
    rows = [
        Row(
            [
                cell(
                    d.decision,
                    st.cell,
                    clip=ctx.brief_lines,
                    below=[Line(f"{d.decision_id} · requested {formats.date(d.requested)}", 7.5, False, styles.MUTED)],
                ),
                seam_cell(ctx, d.seam_id, d.seam_name, fit=ctx.brief_lines),
                cell(d.decider, st.cell, clip=ctx.brief_lines),
                decide_by(ctx, d, ctx.brief_lines),
                decision_status(ctx, d, clip=ctx.brief_lines),
            ]
        )
        for d in decisions
    ]
    cols = [
        Column("Decision", 2.8),
        Column("Seam", 1.8),
        Column("Decider", 1.3),
        Column("Decide by · waited", 1.85),
        Column("Status", 2.25),
    ]
    return data_table(st, cols, rows, ctx.width, zebra=False)


def _constraints(ctx: ReportContext, items: list[Constraint]) -> Table:
    st = ctx.st
    rows = []
    for c in items:
        what, status = constraint_cells(ctx, c, ctx.brief_lines)
        rows.append(
            Row(
                [
                    what,
                    seam_cell(ctx, c.seam_id, c.seam_name, fit=ctx.brief_lines),
                    cell(c.owner, st.cell, clip=ctx.brief_lines),
                    status,
                ]
            )
        )
    cols = [Column("Constraint", 3.9), Column("Seam", 2.0), Column("Owner", 1.45), Column("Status", 2.65)]
    return data_table(st, cols, rows, ctx.width, zebra=False)


def _no_constraints(ctx: ReportContext) -> str:
    red = any(s.status == "red" for s in ctx.seams)
    return "no dependency past due" + ("; the Red seams had no misses" if red else "; no seam is Red")


def _quality_line(ctx: ReportContext) -> Flowable:
    st = ctx.st
    n = len(ctx.warnings)
    if n:
        where = "in the workbook" if ctx.owner is None else "about your seams"
        text = markup(f"Data quality: {n} warning{'s' if n != 1 else ''} {where} — listed in the appendix.")
        text = f'<a href="#appendix-quality">{text}</a>'
    else:
        text = markup(
            "Data quality: "
            + ("the workbook passed every check." if ctx.owner is None else "nothing to fix on your seams.")
        )
    text += " " + markup(
        "Statuses are words as well as colours (● GREEN on target, ▲ AMBER within the amber band, ■ RED beyond it), "
        "so the pack reads the same printed in black and white."
    )
    return Paragraph(text, st.small)
