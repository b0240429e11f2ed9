"""A small QPainter chart: Meta's EMQ (0-10) and event coverage (%) over time, with send markers.

Drawn by hand rather than with QtCharts (PySide6-Addons, ~hundreds of MB more in the packaged
app) or pyqtgraph (adds numpy): two lines and a few markers need no library, take their colours
from the active palette (dark mode for free), and render the same offscreen in tests.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from capi_desktop.domain.quality.trend import Trend
from capi_desktop.ui.theme import SEVERITY_COLORS

EMQ_COLOR = SEVERITY_COLORS["info"]
COVERAGE_COLOR = SEVERITY_COLORS["ok"]
SEND_COLOR = SEVERITY_COLORS["warning"]


class TrendChart(QWidget):
    """`set_trend(None)` shows the empty text; `drawn` tells tests what the last paint drew."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._trend: Trend | None = None
        self.empty_text = "No stored reads yet: refresh to start the trend."
        self.drawn: dict[str, int] = {"emq": 0, "coverage": 0, "sends": 0}
        self.setMinimumSize(240, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Trend of Meta's EMQ and event coverage")

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def set_trend(self, trend: Trend | None) -> None:
        self._trend = trend
        self.update()

    def trend(self) -> Trend | None:
        return self._trend

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(50)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        self.drawn = {"emq": 0, "coverage": 0, "sends": 0}
        trend = self._trend
        span = trend.span if trend else None
        if trend is None or span is None or not trend.points:
            painter.setPen(text)
            message = self.empty_text if trend is None or not trend.points else ""
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message
            )
            painter.end()
            return
        metrics = painter.fontMetrics()
        left, right = metrics.horizontalAdvance("10") + 14, metrics.horizontalAdvance("100 %") + 14
        top, bottom = metrics.height() + 10, metrics.height() + 12
        plot = QRectF(
            left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom)
        )
        start, end = span
        if end - start < 60:
            start, end = start - 1800, end + 1800  # one read: centre it in an hour

        def x_of(at: float) -> float:
            return plot.left() + (at - start) / (end - start) * plot.width()

        painter.setPen(QPen(grid, 1))
        for step in range(0, 11, 2):
            y = plot.bottom() - step / 10 * plot.height()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, str(step))
            painter.drawText(
                QRectF(plot.right() + 6, y - 8, right, 16),
                Qt.AlignmentFlag.AlignLeft,
                f"{step * 10} %",
            )
            painter.setPen(QPen(grid, 1))
        for at in trend.sends:
            pen = QPen(QColor(SEND_COLOR), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            x = x_of(at)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setBrush(QColor(SEND_COLOR))
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x - 4, plot.top() - 6),
                        QPointF(x + 4, plot.top() - 6),
                        QPointF(x, plot.top()),
                    ]
                )
            )
            self.drawn["sends"] += 1
        emq = [(p.at, p.emq / 10) for p in trend.points if p.emq is not None]
        coverage = [
            (p.at, p.coverage_pct / 100) for p in trend.points if p.coverage_pct is not None
        ]
        for key, series, color in (("coverage", coverage, COVERAGE_COLOR), ("emq", emq, EMQ_COLOR)):
            points = [
                QPointF(x_of(at), plot.bottom() - min(1.0, max(0.0, v)) * plot.height())
                for at, v in series
            ]
            painter.setPen(QPen(QColor(color), 2))
            painter.setBrush(QColor(color))
            if len(points) > 1:
                painter.drawPolyline(QPolygonF(points))
            for point in points:
                painter.drawEllipse(point, 3, 3)
            self.drawn[key] = len(points)
        painter.setPen(text)
        first = time.strftime("%d %b %H:%M", time.localtime(start))
        last = time.strftime("%d %b %H:%M", time.localtime(end))
        axis = QRectF(plot.left(), plot.bottom() + 2, plot.width(), bottom)
        painter.drawText(axis, Qt.AlignmentFlag.AlignLeft, first)
        painter.drawText(axis, Qt.AlignmentFlag.AlignRight, last)
        long_labels = ("● Meta EMQ (0–10)", "● Event coverage (%)", "▼ your sends")
        short_labels = ("● EMQ", "● Coverage", "▼ sends")
        labels = long_labels
        if sum(metrics.horizontalAdvance(t) + 16 for t in long_labels) > plot.width():
            labels = short_labels
        x = plot.left()
        for label, color in zip(labels, (EMQ_COLOR, COVERAGE_COLOR, SEND_COLOR), strict=True):
            painter.setPen(QColor(color))
            painter.drawText(QPointF(x, metrics.ascent() + 2), label)
            x += metrics.horizontalAdvance(label) + 16
        painter.end()
