"""Paint a panel scene with QPainter: the window's panes and the clipboard.

The file painter (``ilc_viewer/export/scene_painter.py``) draws the same
:class:`~ilc_viewer.scene.primitives.Scene` with Pillow. Text is drawn here as the outline of
its glyphs in the same font file the scene measured with (registered once with Qt), at the
same integer pixel sizes, stroked for the dark edge and for bold exactly as Pillow strokes
them, so label boxes computed by the scene fit the words on screen and in exports alike.
The picture's QImage wraps the numpy buffer (``bytesPerLine = strides[0]``), as pyqtgraph does;
the buffer outlives the paint.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from ilc_viewer.scene.fonts import japanese_font
from ilc_viewer.scene.primitives import (
    HALO,
    RGBA,
    Ellipse,
    Line,
    Picture,
    Polygon,
    Rect,
    Scene,
    Text,
)

#: Dashes of a dashed line, in multiples of its width (on, off), as the file painter.
DASH = (4.0, 3.0)


@lru_cache(maxsize=1)
def scene_font_family() -> str:
    """The family name of the scene's font, registered with Qt on first use."""
    font_id = QFontDatabase.addApplicationFont(str(japanese_font()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else QFont().family()


@lru_cache(maxsize=64)
def scene_font(size: int) -> QFont:
    """The scene's font at an integer pixel size, unhinted like the scene's measurements."""
    font = QFont(scene_font_family())
    font.setPixelSize(max(1, size))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def qcolor(colour: RGBA) -> QColor:
    """An RGBA tuple as a QColor."""
    return QColor(colour[0], colour[1], colour[2], colour[3])


def to_qimage(pixels: np.ndarray) -> tuple[QImage, np.ndarray]:
    """Wrap a uint8 grey or RGB array in a QImage without copying; returns it with its buffer."""
    buffer = np.ascontiguousarray(pixels, dtype=np.uint8)
    rows, cols = buffer.shape[:2]
    fmt = QImage.Format.Format_Grayscale8 if buffer.ndim == 2 else QImage.Format.Format_RGB888
    image = QImage(buffer.data, cols, rows, buffer.strides[0], fmt)
    return image, buffer  # the caller keeps `buffer` alive as long as `image` is used


def paint(painter: QPainter, scene: Scene, overlays: OverlayCache | None = None) -> None:
    """Draw ``scene`` with its top-left corner at the painter's origin.

    With ``overlays``, the primitives are drawn once into a transparent image and reused
    while they stay the same (a window/level drag changes only the picture).
    """
    painter.save()
    painter.fillRect(QRectF(0, 0, scene.width, scene.height), qcolor(scene.background))
    if scene.picture is not None:
        _picture(painter, scene.picture)
    if overlays is not None:
        painter.drawImage(0, 0, overlays.image(scene, painter.device().devicePixelRatioF()))
    else:
        draw_items(painter, scene)
    painter.restore()


class OverlayCache:
    """The primitives of the last scene painted, as a transparent image (one per pane)."""

    def __init__(self) -> None:
        self._key: tuple | None = None  # type: ignore[type-arg]
        self._image: QImage | None = None

    def image(self, scene: Scene, ratio: float = 1.0) -> QImage:
        """The scene's primitives drawn on transparency (again only when they changed)."""
        key = (scene.width, scene.height, ratio, tuple(scene.items))
        if key != self._key or self._image is None:
            image = QImage(round(scene.width * ratio), round(scene.height * ratio),
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(0)
            painter = QPainter(image)
            draw_items(painter, scene)
            painter.end()
            self._key, self._image = key, image
        return self._image


def draw_items(painter: QPainter, scene: Scene) -> None:
    """Draw the scene's primitives (text, lines, shapes) in order."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for item in scene.items:
        if isinstance(item, Text):
            _text(painter, item)
        elif isinstance(item, Line):
            _line(painter, item)
        elif isinstance(item, Polygon):
            painter.setPen(_pen(item.edge, 1.0) if item.edge else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(qcolor(item.fill)))
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in item.points]))
        elif isinstance(item, Ellipse):
            _ellipse(painter, item)
        elif isinstance(item, Rect):
            painter.setPen(_pen(item.edge, item.width) if item.edge else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(qcolor(item.fill)) if item.fill else Qt.BrushStyle.NoBrush)
            left, top, right, bottom = item.box
            painter.drawRoundedRect(QRectF(left, top, right - left, bottom - top),
                                    item.radius, item.radius)
    painter.restore()


def _picture(painter: QPainter, picture: Picture) -> None:
    image, buffer = to_qimage(picture.pixels)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, picture.smooth)
    painter.setTransform(QTransform(picture.sx, 0, 0, picture.sy, picture.tx, picture.ty),
                         combine=True)
    rows, cols = buffer.shape[:2]
    painter.drawImage(QRectF(0, 0, cols, rows), image)
    painter.restore()
    del buffer  # kept alive until here: the QImage reads from it


def _pen(colour: RGBA, width: float, dashed: bool = False) -> QPen:
    pen = QPen(qcolor(colour), width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dashed:
        pen.setDashPattern(list(DASH))
    return pen


def _text(painter: QPainter, item: Text) -> None:
    path = QPainterPath()
    path.addText(QPointF(item.x, item.baseline), scene_font(item.size), item.text)
    outline, bold = round(item.outline), round(item.bold)
    if outline:
        painter.strokePath(path, _round_pen((0, 0, 0, 255), 2 * (outline + bold)))
    if bold:
        painter.strokePath(path, _round_pen(item.colour, 2 * bold))
    painter.fillPath(path, qcolor(item.colour))


def _round_pen(colour: RGBA, width: float) -> QPen:
    pen = QPen(qcolor(colour), width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _line(painter: QPainter, item: Line) -> None:
    path = QPainterPath(QPointF(*item.points[0]))
    for x, y in item.points[1:]:
        path.lineTo(x, y)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if item.halo:
        painter.strokePath(path, _pen(HALO, item.width + item.halo, item.dashed))
    painter.strokePath(path, _pen(item.colour, item.width, item.dashed))


def _ellipse(painter: QPainter, item: Ellipse) -> None:
    centre = QPointF(*item.centre)
    if item.halo:
        painter.setPen(_pen(HALO, item.width + item.halo))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, item.rx, item.ry)
    painter.setPen(_pen(item.colour, item.width))
    painter.setBrush(QBrush(qcolor(item.fill)) if item.fill else Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, item.rx, item.ry)


def scene_image(scene: Scene) -> QImage:
    """The scene painted into a new RGB QImage of its size (the clipboard, tests)."""
    image = QImage(scene.width, scene.height, QImage.Format.Format_RGB888)
    painter = QPainter(image)
    paint(painter, scene)
    painter.end()
    return image
