"""A small histogram of a panel's intensities with its window drawn on it (QPainter)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ilc_viewer import display
from ilc_viewer.ui.i18n import bind, translate
from ilc_viewer.ui.screen import ui_text_scale


class HistogramWidget(QWidget):
    """Bars of log counts; the window is a shaded band with the grey ramp line over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: np.ndarray | None = None
        self.edges: np.ndarray | None = None
        self.window: display.Window | None = None
        scale = ui_text_scale()  # not squat beside larger text on an unscaled 4K screen
        self.setMinimumSize(round(160 * scale), round(70 * scale))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        bind(self, toolTip=translate(
            "Histogram", "Intensities of this slice; the shaded band is the window shown"))

    def sizeHint(self) -> QSize:
        """Wide and short."""
        return QSize(round(200 * ui_text_scale()), round(90 * ui_text_scale()))

    def set_values(self, values: np.ndarray | None) -> None:
        """Count the intensities of a slice (``None`` clears)."""
        if values is None:
            self.counts = self.edges = None
        else:
            self.counts, self.edges = display.histogram(values)
        self.update()

    def set_window(self, window: display.Window | None) -> None:
        """Draw this window."""
        self.window = window
        self.update()

    def value_range(self) -> tuple[float, float]:
        """The intensity range on the x axis (the histogram's, widened to show the window)."""
        if self.edges is None:
            return 0.0, 1.0
        low, high = float(self.edges[0]), float(self.edges[-1])
        if self.window is not None:
            low = min(low, self.window.center - self.window.width / 2)
            high = max(high, self.window.center + self.window.width / 2)
        return low, high if high > low else low + 1.0

    def paintEvent(self, event: QPaintEvent) -> None:
        """Bars, then the window band and ramp."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.fillRect(rect, QColor(25, 25, 25))
        if self.counts is None or self.edges is None:
            return
        low, high = self.value_range()

        def x_of(value: float) -> float:
            return rect.left() + (value - low) / (high - low) * rect.width()

        heights = np.log1p(self.counts.astype(float))
        top = heights.max() if heights.size and heights.max() > 0 else 1.0
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(150, 150, 150))
        for count, left, right in zip(heights, self.edges[:-1], self.edges[1:], strict=True):
            h = count / top * rect.height()
            width = max(1.0, x_of(right) - x_of(left))
            painter.drawRect(QRectF(x_of(left), rect.bottom() - h, width, h))
        if self.window is None:
            return
        w0 = x_of(self.window.center - self.window.width / 2)
        w1 = x_of(self.window.center + self.window.width / 2)
        painter.setBrush(QColor(61, 174, 233, 60))
        painter.drawRect(QRectF(w0, rect.top(), w1 - w0, rect.height()))
        painter.setPen(QPen(QColor(61, 174, 233), 2))
        ramp = QPolygonF([QPointF(rect.left(), rect.bottom()), QPointF(w0, rect.bottom()),
                          QPointF(w1, rect.top()), QPointF(rect.right(), rect.top())])
        painter.drawPolyline(ramp)
