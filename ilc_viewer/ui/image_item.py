"""The picture of one slice on the scene: stored values -> uint8 (core) -> QImage, drawn in mm.

Follows pyqtgraph's ImageItem: a window change only marks the item stale; the uint8 buffer and
QImage are rebuilt on the next paint, so a burst of window changes costs one render per frame.
The QImage wraps the numpy buffer (``bytesPerLine = strides[0]``), which is kept alive here.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ilc_viewer import display


def to_qimage(pixels: np.ndarray) -> tuple[QImage, np.ndarray]:
    """Wrap a 2-D uint8 array in a grey QImage without copying; returns it with its buffer."""
    buffer = np.ascontiguousarray(pixels, dtype=np.uint8)
    rows, cols = buffer.shape
    image = QImage(buffer.data, cols, rows, buffer.strides[0], QImage.Format.Format_Grayscale8)
    return image, buffer  # the caller keeps `buffer` alive as long as `image` is used


def render(values: np.ndarray, window: display.Window, invert: bool) -> tuple[QImage, np.ndarray]:
    """The one display path for the screen: core windowing, then a QImage on its buffer."""
    return to_qimage(display.window_to_uint8(values, window, invert))


class ImageItem(QGraphicsItem):
    """One slice, scaled so that scene units are millimetres (pixel (r, c) covers its area)."""

    def __init__(self) -> None:
        super().__init__()
        self._values: np.ndarray | None = None
        self._window: display.Window | None = None
        self._invert = False
        self._spacing = (1.0, 1.0)
        self._qimage: QImage | None = None
        self._buffer: np.ndarray | None = None
        self._stale = True
        self.render_count = 0  # how many times the buffer was rebuilt (tests, benchmark)

    def set_image(
        self, values: np.ndarray | None, spacing: tuple[float, float],
        window: display.Window | None, invert: bool,
    ) -> None:
        """Show another slice (``values`` are modality values, rows x columns)."""
        self.prepareGeometryChange()
        self._values, self._spacing = values, spacing
        self._window, self._invert = window, invert
        self._stale = True
        self.update()

    def set_window(self, window: display.Window | None, invert: bool) -> None:
        """Change the window; the picture is rebuilt lazily on the next paint."""
        if window == self._window and invert == self._invert:
            return
        self._window, self._invert = window, invert
        self._stale = True
        self.update()

    @property
    def has_image(self) -> bool:
        """True when there are pixels to show."""
        return self._values is not None

    def qimage(self) -> QImage | None:
        """The current picture (rendered now if stale)."""
        self._ensure_rendered()
        return self._qimage

    def boundingRect(self) -> QRectF:
        """The image area in mm."""
        if self._values is None:
            return QRectF()
        rows, cols = self._values.shape[:2]
        return QRectF(0.0, 0.0, cols * self._spacing[1], rows * self._spacing[0])

    def _ensure_rendered(self) -> None:
        if not self._stale:
            return
        self._stale = False
        if self._values is None or self._window is None:
            self._qimage = self._buffer = None
            return
        self._qimage, self._buffer = render(self._values, self._window, self._invert)
        self.render_count += 1

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None,
    ) -> None:
        self._ensure_rendered()
        if self._qimage is None:
            return
        # Smooth when shrinking or enlarging a little; pixels stay visible at high zoom.
        scale = painter.worldTransform().m11() * max(self._spacing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale < 4.0)
        painter.drawImage(self.boundingRect(), self._qimage)
