"""Vector drawings: the Pareto of misses by seam and the 6-month sparklines."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.platypus import Flowable

from reports import fonts, shaping, styles
from reports.text import plain
from tec_desktop.metrics.formats import missing

MAX_BARS = 12


def _drawing(width: float, height: float) -> Drawing:
    # The renderer starts each drawing in its initial font; the default is Helvetica, never embedded.
    return Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=7)


def label(
    x: float,
    y: float,
    text: str,
    size: float,
    color=styles.INK,
    bold: bool = False,
    anchor: str = "start",
    max_width: float | None = None,
) -> Group:
    """Text as drawing shapes, one String per font run so CJK prints through the fallback font."""
    text = plain(text)
    if max_width is not None:
        text = fit(text, size, max_width, bold)
    width = fonts.string_width(text, size, bold)
    x0 = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    group = Group()
    for font, piece in fonts.pieces(text, bold):
        group.add(String(x0, y, piece, fontName=font, fontSize=size, fillColor=color))
        x0 += shaping.shaped_width(piece, font, size)
    return group


def fit(text: str, size: float, width: float, bold: bool = False) -> str:
    """Text cut with '…' so that it is at most `width` points wide."""
    if fonts.string_width(text, size, bold) <= width:
        return text
    while text and fonts.string_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text + "…"


class Sparkline(Flowable):
    """Six months, oldest first: a line through the months with data, the last point in its status colour.

    Drawn straight on the canvas: a pack has hundreds of these, and a graphics Drawing each costs
    far more than the few strokes it holds.
    """

    def __init__(
        self,
        values: Sequence[float | None],
        status: str | None = None,
        target: float | None = None,
        width: float = 78,
        height: float = 15,
    ):
        super().__init__()
        self.values, self.status, self.target = list(values), status, target
        self.width, self.height = width, height

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        c, w, h, pad = self.canv, self.width, self.height, 3
        values = self.values
        known = [v for v in values if not missing(v)]
        c.saveState()
        c.setLineCap(1)
        c.setLineJoin(1)
        if not known:
            c.setStrokeColor(styles.HAIRLINE)
            c.setLineWidth(0.8)
            c.setDash(1.5, 1.5)
            c.line(pad, h / 2, w - pad, h / 2)
            c.restoreState()
            return
        scale = [float(v) for v in known if v is not None]
        if self.target is not None and not missing(self.target):
            scale.append(self.target)
        low, high = min(scale), max(scale)
        if math.isclose(low, high):
            low, high = low - 1, high + 1
        step = (w - 2 * pad) / max(len(values) - 1, 1)

        def y(v: float) -> float:
            return pad + (v - low) / (high - low) * (h - 2 * pad)

        if self.target is not None and not missing(self.target):
            c.setStrokeColor(styles.RULE)
            c.setLineWidth(0.6)
            c.setDash(2, 1.5)
            c.line(pad, y(self.target), w - pad, y(self.target))
            c.setDash()
        c.setStrokeColor(styles.MUTED)
        c.setLineWidth(0.9)
        points = [(pad + i * step, y(v)) if v is not None and not missing(v) else None for i, v in enumerate(values)]
        for a, b in zip(points, points[1:]):
            if a and b:
                c.line(a[0], a[1], b[0], b[1])
        c.setFillColor(styles.MUTED)
        for i, p in enumerate(points[:-1]):  # a month between two without data would be invisible as a line
            if p and not (i and points[i - 1]) and not points[i + 1]:
                c.circle(p[0], p[1], 0.9, stroke=0, fill=1)
        if points[-1]:
            c.setFillColor(styles.status(self.status).strong if self.status else styles.NAVY)
            c.circle(points[-1][0], points[-1][1], 2.1, stroke=0, fill=1)
        c.restoreState()


def sparkline(
    values: Sequence[float | None],
    status: str | None = None,
    target: float | None = None,
    width: float = 78,
    height: float = 15,
) -> Sparkline:
    """The 6-month trend of one metric (see Sparkline)."""
    return Sparkline(values, status, target, width, height)


@dataclass(frozen=True)
class Bar:
    """One bar of the Pareto."""

    label: str
    misses: int
    cumulative: float
    vital: bool


def pareto_bars(rows: Sequence, vital_count: int) -> list[Bar]:
    """The Pareto's bars: the top seams, then one 'Other' bar for the rest so the line still reaches 100%."""
    bars = [Bar(r.seam_id, int(r.misses), float(r.cumulative_share), i < vital_count) for i, r in enumerate(rows)]
    if len(bars) <= MAX_BARS:
        return bars
    head, tail = bars[: MAX_BARS - 1], bars[MAX_BARS - 1 :]
    other = Bar(f"{len(tail)} others", sum(b.misses for b in tail), tail[-1].cumulative, False)
    return head + [other]


def pareto(rows: Sequence, vital_count: int, width: float = 300, height: float = 160) -> Drawing:
    """Bars of misses per seam, most first, with the cumulative share line on a 0–100% right axis.

    The left axis is scaled to the named seams' bars: an 'others' bar taller than that is cut at the top
    (two white strokes) with its count written on it, so that 82 small seams do not flatten the rest.
    Counts sit on a white ground above their bars, drawn after the line, so the line never crosses them.
    """
    bars = pareto_bars(rows, vital_count)
    d = _drawing(width, height)
    left, right, bottom, top = 26, 30, 26, 10
    plot_w, plot_h = width - left - right, height - bottom - top
    named = [b for b in bars if not b.label.endswith(" others")] or bars
    peak = max((b.misses for b in named), default=1)
    tick = _nice_step(peak)
    y_max = max(tick * math.ceil(peak / tick), 1)
    # Grid and axes.
    for i in range(int(y_max / tick) + 1):
        v = i * tick
        yy = bottom + v / y_max * plot_h
        d.add(Line(left, yy, left + plot_w, yy, strokeColor=styles.HAIRLINE if v else styles.RULE, strokeWidth=0.5))
        d.add(label(left - 4, yy - 2.3, f"{v:g}", 6.5, styles.MUTED, anchor="end"))
    for share in (0, 0.5, 0.8, 1.0):
        yy = bottom + share * plot_h
        d.add(label(left + plot_w + 4, yy - 2.3, f"{share:.0%}", 6.5, styles.MUTED))
    yy80 = bottom + 0.8 * plot_h
    d.add(Line(left, yy80, left + plot_w, yy80, strokeColor=styles.LINE, strokeWidth=0.5, strokeDashArray=[2, 2]))
    if not bars:
        return d
    slot = plot_w / len(bars)
    bar_w = min(slot * 0.62, 34)
    points: list[float] = []
    counts = []
    for i, b in enumerate(bars):
        cx = left + slot * (i + 0.5)
        cut = b.misses > y_max
        h = min(b.misses, y_max) / y_max * plot_h
        fill = styles.NAVY if b.vital else styles.BAR
        d.add(
            Rect(cx - bar_w / 2, bottom, bar_w, h, fillColor=fill, fillOpacity=1 if b.vital else 0.45, strokeColor=None)
        )
        if cut:
            for dy in (8, 12):
                y0 = bottom + h - dy
                d.add(
                    Line(
                        cx - bar_w / 2, y0 - 2, cx + bar_w / 2, y0 + 2, strokeColor=styles.colors.white, strokeWidth=1.5
                    )
                )
            counts.append((cx, bottom + h - 26))
        else:
            counts.append((cx, bottom + h + 2))
        d.add(label(cx, bottom - 9, b.label, 6.5, styles.INK, anchor="middle", max_width=slot - 2))
        points += [cx, bottom + b.cumulative * plot_h]
    d.add(PolyLine(points, strokeColor=styles.LINE, strokeWidth=1.2, strokeLineJoin=1))
    for i in range(0, len(points), 2):
        d.add(Circle(points[i], points[i + 1], 1.8, fillColor=styles.LINE, strokeColor=None))
    for b, (cx, y) in zip(bars, counts):
        text = str(b.misses)
        w = fonts.string_width(text, 6.5) + 3
        d.add(Rect(cx - w / 2, y - 1.5, w, 8, fillColor=styles.colors.white, strokeColor=None))
        d.add(label(cx, y, text, 6.5, styles.INK, anchor="middle"))
    return d


def _nice_step(peak: float) -> float:
    raw = max(peak / 4, 1)
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
