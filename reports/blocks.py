"""Building blocks shared by the brief, the seam pages and the appendix: headings, status cells, seam links."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from reports import fonts, styles
from reports.cells import Line, cell, draw_pieces
from reports.shaping import Paragraph
from reports.tables import Column, Row, data_table, grid
from reports.text import clip, markup, plain
from tec_desktop.codes import CELL, SHEET
from tec_desktop.findings import Finding
from tec_desktop.metrics import formats


class Heading(Flowable):
    """A one-line section heading: its title, then a count or note in grey (drawn directly: a pack has
    thousands of headings, and a Paragraph each costs more than the rest of their line)."""

    def __init__(self, style: ParagraphStyle, parts: Sequence[tuple[str, float, bool, object]]):
        super().__init__()
        # The first part is the title (it may hold user text: cleaned); the others keep their spacing.
        self.style = style
        self.parts = [(plain(t) if i == 0 else t, size, bold, color) for i, (t, size, bold, color) in enumerate(parts)]
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.style.leading
        return self.width, self.height

    def draw(self):
        tx = self.canv.beginText()
        tx.setTextOrigin(0, self.height - self.style.fontSize)
        state: dict = {}
        for text, size, bold, color in self.parts:
            tx.setFillColor(color)
            draw_pieces(tx, fonts.pieces(text, bold), size, state)
        self.canv.drawText(tx)


def heading(
    st: styles.Styles,
    text: str,
    count: int | None = None,
    need: float = 90,
    none: str | None = None,
    suffix: str = "",
    style: ParagraphStyle | None = None,
    note: str = "",
) -> list[Flowable]:
    """A section heading, moved to the next page unless `need` points fit under it (no orphaned headings).

    A page break only when space is short, rather than keeping the heading with the whole section,
    so a long table starts under its heading instead of leaving half a page blank. An empty section
    (count 0 with a `none` text) is one line: the heading and what its emptiness means. `suffix` is
    shown like the count ('3 red · 2 amber'); `note` is a grey remark after the title.
    """
    style = style or st.h2
    shown = str(count) if count is not None else suffix
    parts = [(text, style.fontSize, True, style.textColor)]
    if note:  # a remark after the title, in grey: it must fit on the heading's one line
        parts.append((f"   ·   {plain(note)}", style.fontSize - 2, False, styles.MUTED))
    if (count == 0 or (count is None and not suffix)) and none:
        parts.append((f"   ·   {none}", style.fontSize - 3, False, styles.MUTED))
        return [CondPageBreak(30), Heading(style, parts)]
    if shown:
        parts.append((f"  {shown}", style.fontSize - 2.5, True, styles.MUTED))
    return [CondPageBreak(need), Heading(style, parts)]


def empty(st: styles.Styles, text: str) -> Paragraph:
    """The line shown where a list has nothing in it: saying so, rather than leaving a gap."""
    return Paragraph(markup(text), st.empty)


def status_label(key: str | None) -> str:
    """'● GREEN', '▲ AMBER', '■ RED', or '—' for no data."""
    s = styles.status(key)
    return f"{s.shape} {s.word}" if key in ("green", "amber", "red") else s.shape


def status_cell(st: styles.Styles, key: str | None, value_text: str | None = None, size: float = 7) -> Flowable:
    """A status as words in its ink colour, optionally under a value: readable without colour."""
    style = st.chip(key, size)
    word = status_label(key) if key in ("green", "amber", "red") else "no data"
    if value_text is None:
        return cell("— no data" if key not in ("green", "amber", "red") else word, style)
    coloured = key in ("green", "amber", "red")
    return cell(
        value_text,
        st.cell,
        color=styles.INK if coloured else styles.MUTED,
        below=[Line(word, size, bold=coloured, color=styles.status(key).ink)],
    )


def status_fill(key: str | None, col: int) -> dict:
    """The fill of one status cell in its colour (a Row's `fills`)."""
    return {col: styles.status(key).fill}


def flag_cell(st: styles.Styles, word: str, key: str = "red", detail: str = "", clip: int = 0) -> Flowable:
    """A warning flag such as '■ OVERDUE' with an optional grey detail under it (one line each with `clip`)."""
    s = styles.status(key)
    below = [Line(detail, 8, bold=False, color=styles.MUTED)] if detail else []
    return cell(f"{s.shape} {word}", st.chip(key, 7), below=below, clip=clip)


def box(st: styles.Styles, content: Sequence[Flowable], width: float, fill=styles.BAND, border=styles.RULE) -> Table:
    """A light panel around some flowables (the data-quality box)."""
    return grid(
        [[list(content)]],
        [width],
        [
            ("BOX", (0, 0), (-1, -1), 0.6, border),
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 9),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ],
    )


def warning_list(st: styles.Styles, findings: Sequence, width: float, limit: int | None = None) -> list[Flowable]:
    """Warnings as a compact table: where, and what to fix."""
    shown = list(findings if limit is None else findings[:limit])
    rows = [Row([cell(f.where, st.cell_muted), cell(_without_where(f), st.cell)]) for f in shown]
    out: list[Flowable] = [data_table(st, [Column("Where", 1.4), Column("Warning", 8.6)], rows, width, zebra=False)]
    if limit is not None and len(findings) > limit:
        more = len(findings) - limit
        out.append(Spacer(0, 3))
        out.append(
            Paragraph(
                markup(
                    f"… and {more} more warning{'s' if more != 1 else ''}. Run “tec check” on the "
                    "workbook, or write an annotated copy, to see every one at its cell."
                ),
                st.note,
            )
        )
    return out


def _without_where(f: Finding) -> str:
    """The message without a leading 'Sheet E17: ' (the Where column already says it)."""
    text = f.text if f.place in (CELL, SHEET) else f.message  # a TEXT message names its place in its words
    return text[:1].upper() + text[1:]


def legend(st: styles.Styles, settings) -> Paragraph:
    """What the status words mean, with this workbook's targets."""
    band = formats.pct(settings.amber_band).rstrip("%")
    parts = [
        f"{status_label('green')} on target",
        f"{status_label('amber')} within {band} points of target",
        f"{status_label('red')} beyond that",
        "— no data: nothing to measure this month",
    ]
    targets = (
        f"Targets: SLA adherence, decisions within SLA and dependencies on time ≥ "
        f"{formats.pct(settings.adherence_target)}; rework for missing requirements ≤ "
        f"{formats.pct(settings.rework_target)}; overdue decisions and actions: 0 is green, 1 amber, more red."
    )
    return Paragraph(markup("  ·  ".join(parts)) + "<br/>" + markup(targets), st.small)


class Deferred(Flowable):
    """A flowable made when it is laid out, not when the story is written.

    The data-quality box must list the characters no font could print, which are known only once
    every page's text has been prepared.
    """

    def __init__(self, make):
        super().__init__()
        self._make = make
        self._inner: Flowable | None = None

    def _flowable(self) -> Flowable:
        if self._inner is None:
            self._inner = self._make()
        return self._inner

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self._flowable().wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return self._flowable().split(availWidth, availHeight)

    def draw(self):
        self._flowable().drawOn(self.canv, 0, 0)


LIST_NAME = 48  # characters of a seam's name shown in lists (its own page has it whole)


def seam_ref(seam_id: str, name: str, limit: int = LIST_NAME) -> str:
    """'S-01 · Custom deal intake', the name cut short at a word in lists."""
    return f"{seam_id} · {clip(name, limit)}" if name else seam_id


def seam_cell(ctx, seam_id: str, name: str, below=(), fit: int = 0) -> Flowable:
    """A seam named in a list: its ID and name in bold navy, a link to its page when this PDF has it."""
    return cell(
        seam_ref(seam_id, name),
        ctx.st.cell_link,
        link=ctx.link(seam_id),
        below=below,
        clip=fit,
    )


def more_line(st: styles.Styles, shown: int, total: int, what: str, key: str | None, where: str) -> list[Flowable]:
    """'and 44 more decisions — all of them: Appendix › Decisions to make', linked; nothing when none are left."""
    if total <= shown:
        return []
    rest = total - shown
    text = markup(f"and {rest} more {what} — {where}")
    if key:
        text = f'<a href="#{key}">{text}</a>'
    return [Spacer(0, 2), Paragraph(text, st.more)]
