"""The appendix at the end of the pack: the full seam × metric status matrix, the Pareto of misses, the
meeting's full lists (decisions to make, constraints to remove, overdue corrective actions) and the
data-quality notes. The brief on page 1 caps its lists; everything it leaves out is here.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from reports import charts, fonts, styles
from reports.blocks import (
    Deferred,
    box,
    empty,
    flag_cell,
    heading,
    legend,
    seam_cell,
    status_cell,
    status_fill,
    warning_list,
)
from reports.cells import Line, cell
from reports.context import ReportContext
from reports.document import Bookmark
from reports.list_cells import action_detail, constraint_cells, decide_by, decision_status
from reports.shaping import Paragraph
from reports.tables import Column, Row, data_table
from reports.text import clip, markup
from tec_desktop.metrics import agenda, formats
from tec_desktop.metrics.constraints import constraints_to_remove

MATRIX = (
    ("sla_adherence", "SLA\nadherence"),
    ("rework_rate", "Rework"),
    ("dependency_on_time", "Deps\non time"),
    ("decision_sla_adherence", "Decisions\nwithin SLA"),
    ("decisions_overdue", "Decisions\noverdue"),
    ("actions_overdue", "Actions\noverdue"),
)
_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}
TOP_WARNINGS = 40
MATRIX_NAME = 60
PARETO_ROWS = 15


def appendix_story(ctx: ReportContext) -> list[Flowable]:
    """The appendix, from a new page; build it after the brief and the seam pages.

    The pack's has every section. An owner's has only what adds to their brief: the matrix when they
    own more than one seam, the lists the brief had to cut short, and data-quality notes when there are
    any; with nothing to add there is no appendix. The data-quality notes, laid out last, name the
    characters that no bundled font could print anywhere in the PDF.
    """
    owner = ctx.owner is not None
    shown = ctx.brief_shown or (0, 0, 0)
    decisions = agenda.decisions_to_make(ctx.book, ctx.month, ctx.seam_ids)
    constraints = constraints_to_remove(ctx.book, ctx.metrics, ctx.seam_ids)
    actions = agenda.overdue_actions(ctx.book, ctx.month, ctx.seam_ids)
    story: list[Flowable] = []
    if not owner or len(ctx.seams) > 1:
        story += _section(ctx, "appendix-matrix", "Seam status matrix")
        story += _matrix(ctx)
    if not owner:
        story += _section(ctx, "appendix-pareto", "Where the misses are", need=330)
        story += _pareto(ctx)
    if not owner or len(decisions) > shown[1]:
        none = "no decision was waiting at month end"
        story += _section(ctx, "appendix-decisions", "Decisions to make", len(decisions), none)
        story += _decisions(ctx, decisions)
    if not owner or len(constraints) > shown[2]:
        story += _section(ctx, "appendix-constraints", "Constraints to remove", len(constraints), "none")
        story += _constraints(ctx, constraints)
    if not owner or actions:
        story += _section(ctx, "appendix-actions", "Overdue corrective actions", len(actions), "none at month end")
        story += _actions(ctx, actions)
    if not owner or ctx.warnings or fonts.unprintable_so_far():
        story += _section(ctx, "appendix-quality", "Data quality", need=120)
        story += _data_quality(ctx)
    if not story:
        return []
    story[0:0] = [PageBreak(), Bookmark("appendix", "Appendix", 0, closed=False, section=False)]
    return story


def _section(
    ctx: ReportContext,
    key: str,
    title: str,
    count: int | None = None,
    none: str | None = None,
    need: float = 90,
) -> list[Flowable]:
    """A heading with its outline entry (Appendix › title), a link destination for the brief."""
    parts = heading(ctx.st, title, count, need=need, none=none)
    return [parts[0], Bookmark(key, title, 1), parts[1]]


def _seam_label(ctx: ReportContext, seam) -> Flowable:
    return seam_cell(
        ctx,
        seam.seam_id,
        clip(seam.seam_name, MATRIX_NAME),
        below=[Line(seam.owner, 7.5, False, styles.INK)],
    )


def _matrix(ctx: ReportContext) -> list[Flowable]:
    st = ctx.st
    if not ctx.seams:
        return [empty(st, "No Active or Pilot seams.")]
    columns = [Column("Seam · accountable owner", 2.75), Column("Overall", 1.15)]
    columns += [Column(h, 1.0) for _, h in MATRIX] + [Column("Misses", 0.8, right=True)]
    rows = []
    order = sorted(enumerate(ctx.seams), key=lambda p: (_ORDER.get(p[1].status, 3), p[0]))
    band = ctx.book.settings.amber_band
    for _, seam in order:
        cells = [_seam_label(ctx, seam), status_cell(st, seam.status)]
        fills = status_fill(seam.status, 1)
        for i, (key, _) in enumerate(MATRIX, start=2):
            mv = seam.metrics[key]
            limits = (
                mv.target,
                None if mv.target is None else (mv.target + band if key == "rework_rate" else mv.target - band),
            )
            cells.append(status_cell(st, mv.status, formats.metric(key, mv.value, *limits)))
            fills.update(status_fill(mv.status, i))
        cells.append(cell(formats.count(seam.metrics["misses"].value), st.cell_right))
        rows.append(Row(cells, fills=fills))
    table = data_table(st, columns, rows, ctx.width, zebra=False, middle=True, gaps=True)
    note = (
        "Worst first, then in workbook order; each seam links to its page. Every cell carries its status in "
        "words, so the matrix reads the same in black and white."
    )
    return [table, Spacer(0, 4), legend(st, ctx.book.settings), Paragraph(markup(note), st.small)]


def _vital_count(ctx: ReportContext) -> int:
    sentence = ctx.metrics.pareto_sentence
    return int(sentence.split(" ", 1)[0]) if sentence[:1].isdigit() else 0


def _pareto(ctx: ReportContext) -> list[Flowable]:
    st, metrics = ctx.st, ctx.metrics
    if not metrics.pareto:
        return [empty(st, f"No misses recorded in {ctx.month_label}.")]
    vital = _vital_count(ctx)
    mine = {s.seam_id for s in ctx.seams}
    out: list[Flowable] = [
        Paragraph(markup(metrics.pareto_sentence + "."), st.lead),
        Spacer(0, 2),
        Paragraph(
            markup(
                f"{metrics.total_misses} misses in {ctx.month_label}, by seam, most first. Bars count misses "
                "(left axis); the line is the cumulative share (right axis); the dashed line marks 80%."
            ),
            st.note,
        ),
        Spacer(0, 6),
        charts.pareto(metrics.pareto, vital, width=ctx.width, height=190),
        Spacer(0, 8),
    ]
    rows = []
    shown = [r for r in metrics.pareto if ctx.owner is None or r.seam_id in mine][:PARETO_ROWS]
    for rank, r in enumerate(metrics.pareto, start=1):
        if r not in shown:
            continue
        listed = r.seam_id in {s.seam_id for s in ctx.metrics.seams}  # a Retired seam has misses but no page
        rows.append(
            Row(
                [
                    cell(f"#{rank}", st.cell_muted),
                    seam_cell(ctx, r.seam_id if listed else "", r.seam_name if listed else r.seam_id)
                    if listed
                    else cell(f"{r.seam_id} (not Active or Pilot)", st.cell),
                    cell(str(r.misses), st.cell_right),
                    cell(formats.pct(r.share), st.cell_right),
                    cell(formats.pct(r.cumulative_share), st.cell_bold_right if rank <= vital else st.cell_right),
                ]
            )
        )
    cols = [
        Column("Rank", 0.6),
        Column("Seam", 5.6),
        Column("Misses", 1.0, True),
        Column("Share", 1.0, True),
        Column("Cumulative", 1.2, True),
    ]
    out.append(data_table(st, cols, rows, ctx.width, zebra=False))
    rest = len([r for r in metrics.pareto if ctx.owner is None or r.seam_id in mine]) - len(shown)
    if rest > 0:
        out.append(Paragraph(markup(f"and {rest} more seams with fewer misses."), st.small))
    return out


def _decisions(ctx: ReportContext, decisions: list[agenda.Decision]) -> list[Flowable]:
    st = ctx.st
    if not decisions:
        return []
    rows = [
        Row(
            [
                cell(
                    d.decision,
                    st.cell,
                    lines=True,
                    below=[Line(f"{d.decision_id} · requested {formats.date(d.requested)}", 7, False, styles.MUTED)],
                ),
                seam_cell(ctx, d.seam_id, d.seam_name),
                cell(d.decider, st.cell),
                decide_by(ctx, d),
                decision_status(ctx, d),
            ]
        )
        for d in decisions
    ]
    cols = [
        Column("Decision", 3.3),
        Column("Seam", 2.0),
        Column("Decider", 1.5),
        Column("Decide by · waited", 1.55),
        Column("Status", 2.1),
    ]
    return [data_table(st, cols, rows, ctx.width)]


def _constraints(ctx: ReportContext, items) -> list[Flowable]:
    st = ctx.st
    if not items:
        return []
    rows = []
    for c in items:
        what, status = constraint_cells(ctx, c, fit=0)
        rows.append(Row([what, seam_cell(ctx, c.seam_id, c.seam_name), cell(c.owner, st.cell), status]))
    cols = [Column("Constraint", 3.9), Column("Seam", 2.0), Column("Owner", 1.5), Column("Status", 2.6)]
    return [data_table(st, cols, rows, ctx.width)]


def _actions(ctx: ReportContext, actions: list[agenda.Action]) -> list[Flowable]:
    st = ctx.st
    if not actions:
        return []
    rows = []
    for a in actions:
        detail, _ = action_detail(ctx, a)
        answers = [f"root cause: {a.root_cause}" if a.root_cause else "no root cause named"]
        if a.linked_misses:
            answers.append("answers " + ", ".join(a.linked_misses))
        rows.append(
            Row(
                [
                    cell(
                        f"{a.action_id} · {a.action}",
                        st.cell,
                        lines=True,
                        below=[Line(" · ".join(answers), 7, False, styles.MUTED)],
                    ),
                    seam_cell(ctx, a.seam_id, a.seam_name),
                    cell(a.owner, st.cell),
                    flag_due(ctx, a),
                    cell(a.status, st.cell),
                ]
            )
        )
    cols = [
        Column("Corrective action", 3.9),
        Column("Seam", 2.0),
        Column("Owner", 1.5),
        Column("Was due", 1.35),
        Column("Status at month end", 1.25),
    ]
    return [data_table(st, cols, rows, ctx.width)]


def flag_due(ctx: ReportContext, a: agenda.Action) -> Flowable:
    """The due date flagged red, with how many days overdue it was at month end."""
    detail, _ = action_detail(ctx, a)
    days = detail.rsplit(" · ", 1)[-1] if a.overdue else ""
    return flag_cell(ctx.st, formats.date(a.due), "red", days)


def _data_quality(ctx: ReportContext) -> list[Flowable]:
    st = ctx.st
    warns = ctx.warnings
    out: list[Flowable] = []
    if warns:
        n = len(warns)
        where = "in the workbook" if ctx.owner is None else "about your seams"
        shown = f" The first {TOP_WARNINGS}:" if n > TOP_WARNINGS else ""
        out.append(Paragraph(markup(f"{n} warning{'s' if n != 1 else ''} {where}", bold=True), st.cell_bold))
        out.append(
            Paragraph(
                markup(
                    "No errors (errors stop the scorecards). Warnings do not change the figures, but each one "
                    "marks a row to fix or confirm." + shown
                ),
                st.note,
            )
        )
        out.append(Spacer(0, 4))
        out += warning_list(st, warns, ctx.width, TOP_WARNINGS)
    else:
        text = "the workbook passed every check" if ctx.owner is None else "nothing to fix on your seams"
        out.append(Paragraph(markup(f"No warnings: {text}.", bold=True), st.cell_bold))
    out.append(Deferred(lambda: _unprintable(ctx, fonts.take_unprintable())))
    return out


def _unprintable(ctx: ReportContext, chars: list[str]) -> Flowable:
    """The characters that no bundled font could print anywhere in this PDF, known once all of it is laid out."""
    if not chars:
        return Spacer(0, 0)
    shown = ", ".join(f"U+{ord(ch):04X}" for ch in chars[:12])
    text = (
        f"{len(chars)} character{'s' if len(chars) != 1 else ''} in the workbook cannot be printed with the "
        f"bundled fonts and appear as {fonts.REPLACEMENT}: {shown}."
    )
    return box(ctx.st, [Paragraph(markup(text), ctx.st.note)], ctx.width)
