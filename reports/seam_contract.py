"""The top of a seam's page: its name and overall status, the contract strip (who owns, decides and
escalates, what ready and done mean, which version), the owner's comment, and the SLAs by request type."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable, Spacer, Table

from reports import styles
from reports.blocks import status_label
from reports.cells import cell
from reports.context import ReportContext
from reports.shaping import Paragraph
from reports.tables import Column, Row, data_table, grid
from reports.text import markup
from tec_desktop.checks.long_text import TITLE_CHARS
from tec_desktop.metrics import formats
from tec_desktop.metrics.commentary import Comment
from tec_desktop.metrics.compute import SeamMonth
from tec_desktop.metrics.contract import Contract
from tec_desktop.metrics.request_types import RequestTypeMonth
from tec_desktop.metrics.status import status_for

CHIP_W = 100
NOT_SET = "not set on Seams"


def header(ctx: ReportContext, seam: SeamMonth, contract: Contract | None) -> Table:
    """Name, route and overall status."""
    st = ctx.st
    route = f"{seam.from_team}  →  {seam.to_team}"
    facts = [seam.seam_id, route, f"{seam.seam_status} seam"]
    if contract is not None and contract.impact_area:
        facts.insert(2, f"impact area: {contract.impact_area}")
    left = [
        Paragraph(markup(seam.seam_name, bold=True, limit=TITLE_CHARS), st.seam_title),
        Spacer(0, 3),
        Paragraph(markup("   ·   ".join(facts)), st.body),
    ]
    s = styles.status(seam.status)
    word = status_label(seam.status) if seam.status else "— no data"
    chip = [
        Paragraph(f'<font color="{styles.hexcolor(s.ink)}">{markup("OVERALL")}</font>', st.kpi_label),
        Spacer(0, 1),
        Paragraph(markup(word), st.chip(seam.status, 12)),
    ]
    return grid(
        [[left, chip]],
        [ctx.width - CHIP_W, CHIP_W],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 10),
            ("TOPPADDING", (0, 0), (0, 0), 0),
            ("BOTTOMPADDING", (0, 0), (0, 0), 0),
            ("BACKGROUND", (1, 0), (1, 0), s.fill),
            ("LEFTPADDING", (1, 0), (1, 0), 8),
            ("TOPPADDING", (1, 0), (1, 0), 5),
            ("BOTTOMPADDING", (1, 0), (1, 0), 6),
        ],
    )


def _field(ctx: ReportContext, label: str, value: str, lines: bool = False) -> list[Flowable]:
    st = ctx.st
    shown = cell(value, st.cell, lines=lines) if value else cell(NOT_SET, st.cell_muted)
    return [cell(label.upper(), st.kpi_label), shown]


def contract_strip(ctx: ReportContext, seam: SeamMonth, contract: Contract | None) -> Table:
    """The seam's contract in one panel: the five micro-ownership fields and its version."""
    c = contract
    version = " · ".join(
        p
        for p in (
            c.version if c and c.version else "",
            f"reviewed {formats.date(c.last_reviewed)}" if c is not None and not _nat(c.last_reviewed) else "",
        )
        if p
    )
    top = [
        _field(ctx, "Accountable owner", seam.owner),
        _field(ctx, "Decider", c.decider if c else ""),
        _field(ctx, "Escalation path", c.escalation_path if c else ""),
        _field(ctx, "Contract", version),
    ]
    bottom = [
        _field(ctx, "Definition of ready", c.definition_of_ready if c else ""),
        "",
        _field(ctx, "Done means", c.done_means if c else ""),
        "",
    ]
    w = ctx.width
    widths = [w * 0.22, w * 0.2, w * 0.33, w * 0.25]
    return grid(
        [top, bottom],
        widths,
        [
            ("SPAN", (0, 1), (1, 1)),
            ("SPAN", (2, 1), (3, 1)),
            ("BACKGROUND", (0, 0), (-1, -1), styles.BAND),
            ("BOX", (0, 0), (-1, -1), 0.5, styles.RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, 0), 4),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
            ("TOPPADDING", (0, 1), (-1, 1), 1),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 4),
        ],
    )


def _nat(value) -> bool:
    return value is None or pd.isna(value)


def comment_box(ctx: ReportContext, comment: Comment) -> Table:
    """The owner's comment on the month, as a quotation with its author."""
    st = ctx.st
    who = f" — {comment.author}" if comment.author else ""
    content = [
        cell(f"OWNER'S COMMENT · {ctx.month_label.upper()}{who.upper()}", st.kpi_label),
        cell(comment.text, st.quote, lines=True),
    ]
    return grid(
        [[content]],
        [ctx.width],
        [
            ("LINEBEFORE", (0, 0), (0, 0), 2.2, styles.NAVY),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ],
    )


def request_types(ctx: ReportContext, rows: tuple[RequestTypeMonth, ...]) -> Table:
    """SLA measure and target, items, adherence, median and p85 of the measured time, per request type."""
    st = ctx.st
    target = ctx.book.settings.adherence_target
    band = ctx.book.settings.amber_band
    out = []
    for r in rows:
        sla = f"{r.measure} ≤ {formats.days(r.target).removesuffix('.0')} bd" if r.target is not None else "no SLA"
        if r.adherence is None:
            adherence = cell(formats.DASH if r.target is not None else "no target", st.cell_muted_right)
        else:
            key = status_for("sla_adherence", r.adherence, ctx.book.settings)
            adherence = cell(
                f"{formats.pct(r.adherence, target, target - band)}  {status_label(key)}",
                st.cell_bold_right,
                color=styles.status(key).ink,
            )
        out.append(
            Row(
                [
                    cell(r.request_type, st.cell),
                    cell(sla, st.cell if r.target is not None else st.cell_muted),
                    cell(formats.count(r.items), st.cell_right),
                    adherence,
                    cell(formats.days(r.median), st.cell_right),
                    cell(formats.days(r.p85), st.cell_right),
                ]
            )
        )
    cols = [
        Column("Request type", 2.75),
        Column("SLA (measure ≤ target)", 2.5),
        Column("Completed", 1.1, True),
        Column("Within SLA", 1.75, True),
        Column("Median, bd", 1.1, True),
        Column("85th pct, bd", 1.15, True),
    ]
    return data_table(st, cols, out, ctx.width, pad=2.4)
