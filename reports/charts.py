"""Vector drawings: the Pareto of misses by seam and the 6-month sparklines."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String

from . import fonts, styles
from .formats import missing
from .text import plain

MAX_BARS = 12


def _drawing(width: float, height: float) -> Drawing:
    # The renderer starts each drawing in its initial font; the default is Helvetica, never embedded.
    return Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=7)


def label(x: float, y: float, text: str, size: float, color=styles.INK, bold: bool = False,
          anchor: str = "start", max_width: float | None = None) -> Group:
    """Text as drawing shapes, one String per font run so CJK prints through the fallback font."""
    text = plain(text)
    if max_width is not None:
        text = fit(text, size, max_width, bold)
    width = fonts.string_width(text, size, bold)
    x0 = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    group = Group()
    for font, run in fonts.runs(text, bold):
        group.add(String(x0, y, run, fontName=font, fontSize=size, fillColor=color))
        x0 += fonts.string_width(run, size, bold)
    return group


def fit(text: str, size: float, width: float, bold: bool = False) -> str:
    """Text cut with '…' so that it is at most `width` points wide."""
    if fonts.string_width(text, size, bold) <= width:
        return text
    while text and fonts.string_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text + "…"


def sparkline(values: Sequence[float | None], status: str | None = None, target: float | None = None,
              width: float = 78, height: float = 16) -> Drawing:
    """Six months, oldest first: a line through the months with data, the last point in its status colour."""
    d = _drawing(width, height)
    pad = 3
    known = [v for v in values if not missing(v)]
    if not known:
        d.add(Line(pad, height / 2, width - pad, height / 2, strokeColor=styles.HAIRLINE, strokeWidth=0.8,
                   strokeDashArray=[1.5, 1.5]))
        return d
    scale = known + ([target] if not missing(target) else [])
    low, high = min(scale), max(scale)
    if math.isclose(low, high):
        low, high = low - 1, high + 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(v: float) -> float:
        return pad + (v - low) / (high - low) * (height - 2 * pad)

    if not missing(target):
        d.add(Line(pad, y(target), width - pad, y(target), strokeColor=styles.RULE, strokeWidth=0.6,
                   strokeDashArray=[2, 1.5]))
    segment: list[float] = []
    for i, v in enumerate(values):
        if missing(v):
            _flush(d, segment)
            segment = []
            continue
        segment += [pad + i * step, y(v)]
    _flush(d, segment)
    for i, v in enumerate(values[:-1]):
        if not missing(v):
            d.add(Circle(pad + i * step, y(v), 0.9, fillColor=styles.MUTED, strokeColor=None))
    last = values[-1]
    if not missing(last):
        d.add(Circle(pad + (len(values) - 1) * step, y(last), 2.1, strokeColor=None,
                     fillColor=styles.status(status).strong if status else styles.NAVY))
    return d


def _flush(d: Drawing, points: list[float]) -> None:
    if len(points) >= 4:
        d.add(PolyLine(points, strokeColor=styles.MUTED, strokeWidth=0.9, strokeLineJoin=1, strokeLineCap=1))


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
    head, tail = bars[:MAX_BARS - 1], bars[MAX_BARS - 1:]
    other = Bar(f"{len(tail)} others", sum(b.misses for b in tail), tail[-1].cumulative, False)
    return head + [other]


def pareto(rows: Sequence, vital_count: int, width: float = 300, height: float = 160) -> Drawing:
    """Bars of misses per seam, most first, with the cumulative share line on a 0–100% right axis."""
    bars = pareto_bars(rows, vital_count)
    d = _drawing(width, height)
    left, right, bottom, top = 26, 30, 26, 10
    plot_w, plot_h = width - left - right, height - bottom - top
    peak = max((b.misses for b in bars), default=1)
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
    points = []
    for i, b in enumerate(bars):
        cx = left + slot * (i + 0.5)
        h = b.misses / y_max * plot_h
        d.add(Rect(cx - bar_w / 2, bottom, bar_w, h, fillColor=styles.NAVY if b.vital else styles.BAR,
                   fillOpacity=1 if b.vital else 0.45, strokeColor=None))
        d.add(label(cx, bottom + h + 2, str(b.misses), 6.5, styles.INK, anchor="middle"))
        d.add(label(cx, bottom - 9, b.label, 6.5, styles.INK, anchor="middle", max_width=slot - 2))
        points += [cx, bottom + b.cumulative * plot_h]
    d.add(PolyLine(points, strokeColor=styles.LINE, strokeWidth=1.2, strokeLineJoin=1))
    for i in range(0, len(points), 2):
        d.add(Circle(points[i], points[i + 1], 1.8, fillColor=styles.LINE, strokeColor=None))
    return d


def _nice_step(peak: float) -> float:
    raw = max(peak / 4, 1)
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
