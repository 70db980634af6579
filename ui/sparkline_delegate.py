"""Draws a metric's six-month trend as a small line, the current month as a dot in its status colour."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from ui import theme
from ui.metrics_model import TREND_ROLE


class SparklineDelegate(QStyledItemDelegate):
    """Paints TREND_ROLE = (values, status): a line through the months with data, gaps where none."""

    def paint(self, painter: QPainter, option, index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        data = index.data(TREND_ROLE)
        if not data:
            return
        values, status = data
        known = [v for v in values if v is not None]
        if not known:
            return
        rect = QRectF(option.rect).adjusted(8, 6, -10, -6)
        lo, hi = min(known), max(known)
        span = hi - lo or 1.0
        n = max(len(values) - 1, 1)

        def point(i: int, v: float) -> QPointF:
            y = rect.bottom() - (v - lo) / span * rect.height() if hi != lo else rect.center().y()
            return QPointF(rect.left() + i * rect.width() / n, y)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        pen_down = False
        for i, v in enumerate(values):
            if v is None:
                pen_down = False
                continue
            if pen_down:
                path.lineTo(point(i, v))
            else:
                path.moveTo(point(i, v))
                pen_down = True
        painter.setPen(QPen(QColor(theme.INK_FAINT), 1.6))
        painter.drawPath(path)
        for i, v in enumerate(values[:-1]):
            if v is not None:
                painter.setBrush(QColor(theme.INK_FAINT))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(point(i, v), 1.8, 1.8)
        if values[-1] is not None:
            painter.setBrush(theme.status_colour(status) if status else QColor(theme.INK))
            painter.setPen(QPen(QColor("white"), 1))
            painter.drawEllipse(point(len(values) - 1, values[-1]), 3.6, 3.6)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return QSize(120, 26)
