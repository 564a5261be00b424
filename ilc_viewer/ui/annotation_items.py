"""Graphics items that draw one annotation on a pane's scene (scene units are millimetres).

An :class:`AnnotationItem` is a *view* of one core annotation on one slice: its position is
the anchor's scene point, its shapes are drawn with cosmetic pens (same thickness at every
zoom), and its label and point handles ignore the view's scale, so words stay legible. A drag
only previews; on release the item asks its :class:`ItemHost` (the pane's layer) to turn the
gesture into a core change, and the item is then redrawn from the model like every other view.
"""

from __future__ import annotations

import math
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ilc_viewer.annotations.model import Annotation
from ilc_viewer.ui.screen import ui_text_scale

#: Fonts with Japanese glyphs, tried after the system font (stickers switch language).
CJK_FAMILIES = ("Noto Sans CJK JP", "IPAexGothic", "IPAGothic", "Hiragino Sans", "Yu Gothic",
                "Meiryo", "TakaoGothic", "VL Gothic")
HALO = QColor(0, 0, 0, 210)
PLATE = QColor(0, 0, 0, 190)
#: Screen pixels: line width, arrow head length, handle size, how far a drag must go to count.
LINE_PX, HEAD_PX, HANDLE_PX, DRAG_PX = 2.0, 12.0, 10.0, 3.0
#: Smallest label text (pixels) a label shrinks to when a word is wider than the pane.
MIN_LABEL_PX = 10
#: A label this much smaller would fit on one line: shrink it rather than wrap it.
ONE_LINE_SHRINK = 0.85
#: A sticker's words wrap to stay on their side of the label point (off the spine) when that
#: side has room for this many text heights across; else they may cross the point.
SIDE_ROOM_EMS = 5.0
CENTRE = Qt.AlignmentFlag.AlignCenter


def label_font(pixel_size: float) -> QFont:
    """The system font at ``pixel_size`` with Japanese-capable fallbacks."""
    font = QFont()
    families = [font.family(), *[f for f in CJK_FAMILIES if f != font.family()]]
    font.setFamilies(families)
    font.setPixelSize(max(10, round(pixel_size)))
    return font


class ItemHost(Protocol):
    """What an item needs from its pane (implemented by ``AnnotationLayer``)."""

    def px_to_mm(self) -> float: ...
    def label_room(self, scene_point: QPointF, clear_right: bool = True) -> QRectF | None: ...
    def item_pressed(self, annotation_id: str) -> None: ...
    def item_moved(self, annotation_id: str, delta: QPointF) -> None: ...
    def point_moved(self, annotation_id: str, index: int, scene_point: QPointF) -> None: ...
    def item_double_clicked(self, annotation_id: str) -> None: ...


class _Dragging:
    """Shared press / move / release bookkeeping of the draggable parts."""

    def __init__(self) -> None:
        self.press: QPointF | None = None
        self.moved = False

    def start(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.press, self.moved = event.scenePos(), False
        return True

    def delta(self, event: QGraphicsSceneMouseEvent, px_to_mm: float) -> QPointF | None:
        if self.press is None:
            return None
        delta = event.scenePos() - self.press
        if not self.moved and math.hypot(delta.x(), delta.y()) < DRAG_PX * px_to_mm:
            return None
        self.moved = True
        return delta

    def finish(self) -> bool:
        moved, self.press, self.moved = self.moved, None, False
        return moved


class AnnotationItem(QGraphicsItem):
    """One annotation on one pane; ``pos()`` is the anchor's scene point."""

    def __init__(self, host: ItemHost, annotation: Annotation) -> None:
        super().__init__()
        self.host, self.annotation = host, annotation
        self.annotation_id = annotation.id
        self.points: list[QPointF] = []  # every point, relative to pos() (drags preview here)
        self.model_pos = QPointF()  # pos() and points as the model has them
        self.model_points: list[QPointF] = []
        self.text = ""
        self.label_px = 14.0
        self.selected = False
        self.label: LabelItem | None = None
        #: How far the label plate was pushed to stay inside the pane (mm); the arrow follows.
        self.label_shift = QPointF()
        self.handles: list[HandleItem] = []
        self._drag = _Dragging()
        self.setZValue(10)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    # ----- model -> item ------------------------------------------------------------------
    def present(self, annotation: Annotation, scene_points: list[QPointF], text: str,
                label_px: float, selected: bool) -> None:
        """Draw ``annotation`` at ``scene_points`` (its points on this pane) with ``text``."""
        self.prepareGeometryChange()
        self.annotation, self.text, self.label_px = annotation, text, label_px
        self.setPos(scene_points[0])
        self.model_pos = QPointF(scene_points[0])
        self.points = [p - scene_points[0] for p in scene_points]
        self.model_points = [QPointF(p) for p in self.points]
        self.selected = selected
        self._build_children()
        self.update()

    def colour(self) -> QColor:
        """The annotation's colour."""
        return QColor(self.annotation.color)

    def _build_children(self) -> None:
        """Label and handles, reused when they exist (a drag may still be inside one)."""
        if self.text:
            if self.label is None:
                self.label = LabelItem(self)
            else:
                self.label.refresh()
        elif self.label is not None:
            self._drop(self.label)
            self.label = None
        if self.label is None:
            self.label_shift = QPointF()
        wanted = len(self.points) if self.selected else 0
        while len(self.handles) > wanted:
            self._drop(self.handles.pop())
        while len(self.handles) < wanted:
            self.handles.append(HandleItem(self, len(self.handles)))
        for handle in self.handles:
            handle.setPos(self.points[handle.index])

    def _drop(self, child: QGraphicsItem) -> None:
        scene = self.scene()
        child.setParentItem(None)
        if scene is not None:
            scene.removeItem(child)

    def label_anchor(self) -> tuple[QPointF, str]:
        """Where the label sits (item coordinates) and which of its sides touches that point.

        Sides: "left"/"right" (the plate's edge faces the spot an arrow points at), "above"
        (bottom edge at the point), "start" (left-middle, free text).
        """
        kind, pts = self.annotation.kind, self.points
        if kind in ("sticker", "arrow"):
            at, spot = pts[1], pts[0]
            if abs(spot.x() - at.x()) < 1e-6:
                return at, "above" if spot.y() > at.y() else "below"
            return at, "right" if spot.x() > at.x() else "left"
        if kind == "ellipse":
            ry = abs(pts[1].y() - pts[0].y())
            return pts[0] - QPointF(0, ry), "above"
        if kind == "ruler":
            return (pts[0] + pts[1]) / 2, "above"
        if kind == "angle":
            return pts[1], "above"
        return pts[0], "start"

    # ----- geometry and painting ----------------------------------------------------------
    def tail(self) -> QPointF:
        """Where a sticker's or arrow's line starts: the label point, moved with its plate."""
        return self.points[1] + self.label_shift

    def _path(self) -> QPainterPath:
        """The shape's outline in item coordinates (no label, no head)."""
        path = QPainterPath()
        kind, pts = self.annotation.kind, self.points
        if kind in ("sticker", "arrow"):
            path.moveTo(self.tail())
            path.lineTo(pts[0])
        elif kind == "ellipse":
            rx, ry = abs(pts[1].x() - pts[0].x()), abs(pts[1].y() - pts[0].y())
            path.addEllipse(pts[0], rx, ry)
        elif kind in ("ruler", "angle"):
            path.moveTo(pts[0])
            for p in pts[1:]:
                path.lineTo(p)
        return path

    def boundingRect(self) -> QRectF:
        """The shape plus room for the head and halo at the current zoom."""
        rect = self._path().boundingRect()
        for p in self.points:
            rect = rect.united(QRectF(p, p))
        margin = (HEAD_PX + 4) * ui_text_scale() * self.host.px_to_mm()
        return rect.adjusted(-margin, -margin, margin, margin)

    def shape(self) -> QPainterPath:
        """What a click hits: the drawn lines, widened to a comfortable target."""
        stroker = QPainterPathStroker()
        stroker.setWidth(10 * ui_text_scale() * self.host.px_to_mm())
        return stroker.createStroke(self._path())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Lines with a dark halo, and the arrow head, at constant screen thickness."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.colour()
        path = self._path()
        # lines, heads and handles grow with the text on an unscaled 4K screen
        k = ui_text_scale()
        line = LINE_PX + (1 if self.selected else 0)
        widths = ((HALO, k * (LINE_PX + 2.5)), (colour, k * line))
        for pen_colour, width in widths:
            pen = QPen(pen_colour, width)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        kind = self.annotation.kind
        if kind in ("sticker", "arrow"):
            self._head(painter, self.tail(), self.points[0], colour)
        elif kind == "ruler":
            for p in self.points:
                self._tick(painter, p, colour)

    def _head(self, painter: QPainter, tail: QPointF, tip: QPointF, colour: QColor) -> None:
        dx, dy = tip.x() - tail.x(), tip.y() - tail.y()
        length = math.hypot(dx, dy)
        if length < 1e-9:
            return
        ux, uy = dx / length, dy / length
        head = min(HEAD_PX * ui_text_scale() * self.host.px_to_mm(), length * 0.6)
        base = QPointF(tip.x() - ux * head, tip.y() - uy * head)
        wing = head * 0.45
        polygon = QPolygonF([tip, QPointF(base.x() - uy * wing, base.y() + ux * wing),
                             QPointF(base.x() + uy * wing, base.y() - ux * wing)])
        pen = QPen(HALO, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(polygon)

    def _tick(self, painter: QPainter, at: QPointF, colour: QColor) -> None:
        r = 3.5 * ui_text_scale() * self.host.px_to_mm()
        pen = QPen(HALO, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(at, r, r)

    # ----- gestures -----------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Select, and start moving the whole annotation."""
        self.host.item_pressed(self.annotation_id)
        if self._drag.start(event):
            event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Preview the move (nothing changes in the model until release)."""
        delta = self._drag.delta(event, self.host.px_to_mm())
        if delta is not None:
            self.setPos(self.model_pos + delta)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Commit the move as one undoable change."""
        start = self._drag.press
        if self._drag.finish() and start is not None:
            self.host.item_moved(self.annotation_id, event.scenePos() - start)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Edit the text."""
        self.host.item_double_clicked(self.annotation_id)

    # ----- preview of one point (handles, sticker labels) ---------------------------------
    def preview_point(self, index: int, scene_point: QPointF) -> None:
        """Draw point ``index`` at ``scene_point`` until the model says otherwise."""
        self.prepareGeometryChange()
        self.points[index] = scene_point - self.pos()
        if self.label is not None:
            self.label.place()
        for handle in self.handles:
            handle.setPos(self.points[handle.index])
        self.update()


class LabelItem(QGraphicsItem):
    """The words of an annotation on a dark plate, in screen pixels (ignores zoom)."""

    def __init__(self, owner: AnnotationItem) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.font = label_font(owner.label_px)
        #: The font and text flags the plate is drawn with (smaller / wrapped in narrow panes).
        self.draw_font = self.font
        self.flags = int(CENTRE)
        self._drag = _Dragging()
        self._rect = QRectF()
        self._room: QRectF | None = None
        #: Keep clear of the scale bar at the pane's right edge (set by the layer).
        self.clear_right = False
        self.place()

    def refresh(self) -> None:
        """Take the owner's current text, size and points."""
        self.font = label_font(self.owner.label_px)
        self.place()
        self.update()

    def place(self) -> None:
        """Position the plate at the owner's label point, facing the spot."""
        self.prepareGeometryChange()
        at, side = self.owner.label_anchor()
        self.setPos(at)
        host, scene_at = self.owner.host, self.owner.mapToScene(at)
        pad = self.font.pixelSize() * 0.3
        gap = 2.0
        room = None
        if side in ("left", "right") and self.owner.annotation.kind in ("sticker", "arrow"):
            # words wrap to stay on the label's side of its point: a sticker's label point
            # is placed off the anatomy, and pushing the plate back over it would cover it.
            # Up to the pane's right edge unless the layer finds the plate at the scale bar.
            room = host.label_room(scene_at, self.clear_right)
            beside = (-room.left() if side == "right" else room.right()) - gap \
                if room is not None else 0.0
            if room is not None and beside >= SIDE_ROOM_EMS * self.font.pixelSize():
                width: float | None = min(room.width(), beside)
            else:
                room = None
        if room is None:  # anywhere in the pane, clear of the scale bar's width
            room = host.label_room(scene_at)
            width = room.width() if room is not None else None
        size = self.fit_text(width - 2 * pad if width is not None else None)
        w, h = size.width() + 2 * pad, size.height() + 2 * pad
        if side == "right":
            rect = QRectF(-w - gap, -h / 2, w, h)
        elif side == "left":
            rect = QRectF(gap, -h / 2, w, h)
        elif side == "above":
            rect = QRectF(-w / 2, -h - gap, w, h)
        elif side == "below":
            rect = QRectF(-w / 2, gap, w, h)
        else:
            rect = QRectF(0, -h / 2, w, h)
        rect = _inside(rect, room)
        pointer = self.owner.annotation.kind in ("sticker", "arrow")
        px_to_mm = self.owner.host.px_to_mm()
        if pointer and room is not None:
            # pushed back into the pane over its own spot: go above or below the spot instead
            spot = (self.owner.points[0] - at) / px_to_mm
            if rect.adjusted(-8, -8, 8, 8).contains(spot):
                gap = 16.0
                dy = (spot.y() - gap - rect.bottom() if spot.y() >= rect.center().y()
                      else spot.y() + gap - rect.top())
                moved = _inside(rect.translated(0, dy), room)
                if not moved.adjusted(-4, -4, 4, 4).contains(spot):
                    rect = moved
        self._room = room
        self._set_rect(rect)

    def _set_rect(self, rect: QRectF) -> None:
        self._rect = rect
        if self.owner.annotation.kind in ("sticker", "arrow"):
            # the line starts on the plate's edge nearest the spot
            px_to_mm = self.owner.host.px_to_mm()
            at, _ = self.owner.label_anchor()
            spot = (self.owner.points[0] - at) / px_to_mm
            tail = QPointF(min(max(spot.x(), rect.left()), rect.right()),
                           min(max(spot.y(), rect.top()), rect.bottom()))
            self.owner.label_shift = tail * px_to_mm

    def shift(self, dy: float) -> bool:
        """Move the plate ``dy`` pixels down (up if negative), staying inside the pane;
        False if it could not move at all. The arrow follows."""
        moved = _inside(self._rect.translated(0, dy), self._room)
        if abs(moved.top() - self._rect.top()) < 0.5:
            return False
        self.prepareGeometryChange()
        self.owner.prepareGeometryChange()  # the arrow's tail moves with the plate
        self._set_rect(moved)
        self.owner.update()
        return True

    def fit_text(self, width: float | None) -> QSizeF:
        """Choose how the words are drawn to be at most ``width`` pixels wide; their size.

        One line when it fits; else wrapped at spaces (or between Japanese characters); a
        word still too wide makes the text smaller, down to MIN_LABEL_PX, then breaks anywhere.
        A label cut at the pane's edge ("ion in the bone") says nothing to the patient.
        """
        text, font = self.owner.text, QFont(self.font)
        self.draw_font, self.flags = font, int(CENTRE)
        one_line = QFontMetricsF(font).boundingRect(QRectF(0, 0, 1e6, 1e6), self.flags, text)
        if width is None or one_line.width() <= width:
            return one_line.size()
        width = max(width, 1.0)
        if one_line.width() * ONE_LINE_SHRINK <= width:
            # a little too long: slightly smaller on one line reads better than two lines
            # (and stays as short as the stickers around it)
            font.setPixelSize(max(MIN_LABEL_PX, int(font.pixelSize() * width / one_line.width())))
            self.draw_font = font
            one_line = QFontMetricsF(font).boundingRect(QRectF(0, 0, 1e6, 1e6), self.flags, text)
            if one_line.width() <= width:
                return one_line.size()
        self.flags = int(CENTRE | Qt.TextFlag.TextWordWrap)
        while True:
            bound = QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), self.flags, text)
            if bound.width() <= width or font.pixelSize() <= MIN_LABEL_PX:
                break
            font = QFont(font)
            font.setPixelSize(max(MIN_LABEL_PX, int(font.pixelSize() * width / bound.width())))
            self.draw_font = font
        if bound.width() > width:
            self.flags = int(CENTRE | Qt.TextFlag.TextWrapAnywhere)
            bound = QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), self.flags, text)
        return QSizeF(min(bound.width(), width), bound.height())

    def boundingRect(self) -> QRectF:
        """The plate."""
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Plate edged in the annotation's colour, words in that colour (free text: outlined)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        colour = self.owner.colour()
        painter.setFont(self.draw_font)
        if self.owner.annotation.kind == "text":
            painter.setPen(HALO)
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1)):
                painter.drawText(self._rect.translated(dx, dy), self.flags, self.owner.text)
        else:
            pen = QPen(colour, (2.0 if self.owner.selected else 1.2) * ui_text_scale())
            painter.setPen(pen)
            painter.setBrush(PLATE)
            radius = self.font.pixelSize() * 0.3
            painter.drawRoundedRect(self._rect, radius, radius)
        painter.setPen(colour)
        painter.drawText(self._rect, self.flags, self.owner.text)

    def plate_rect(self) -> QRectF:
        """The plate in its own (screen pixel) coordinates."""
        return QRectF(self._rect)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Select; a sticker's label moves on its own, other labels move the whole item."""
        self.owner.host.item_pressed(self.owner.annotation_id)
        if self._drag.start(event):
            event.accept()

    def _moves_alone(self) -> bool:
        return self.owner.annotation.kind in ("sticker", "arrow")

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Preview the label (sticker, arrow tail) or the whole item."""
        delta = self._drag.delta(event, self.owner.host.px_to_mm())
        if delta is None or self._drag.press is None:
            return
        if self._moves_alone():
            self.owner.preview_point(1, self._model_label() + delta)
        else:
            self.owner.setPos(self.owner.model_pos + delta)

    def _model_label(self) -> QPointF:
        """The label point (scene) as the model has it."""
        return self.owner.model_pos + self.owner.model_points[1]

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Commit the move as one undoable change."""
        start = self._drag.press
        if not self._drag.finish() or start is None:
            return
        delta = event.scenePos() - start
        host, item_id = self.owner.host, self.owner.annotation_id
        if self._moves_alone():
            host.point_moved(item_id, 1, self._model_label() + delta)
        else:
            host.item_moved(item_id, delta)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Edit the text."""
        self.owner.host.item_double_clicked(self.owner.annotation_id)


def _inside(rect: QRectF, room: QRectF | None) -> QRectF:
    """``rect`` moved the least to lie inside ``room`` (left as is where it cannot fit)."""
    if room is None:
        return rect
    dx = dy = 0.0
    if rect.width() < room.width():
        dx = max(room.left() - rect.left(), min(0.0, room.right() - rect.right()))
    if rect.height() < room.height():
        dy = max(room.top() - rect.top(), min(0.0, room.bottom() - rect.bottom()))
    return rect.translated(dx, dy)


class HandleItem(QGraphicsItem):
    """A small square on one point of the selected annotation; drag it to move that point."""

    def __init__(self, owner: AnnotationItem, index: int) -> None:
        super().__init__(owner)
        self.owner, self.index = owner, index
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setZValue(2)
        self.setPos(owner.points[index])
        self._drag = _Dragging()

    def boundingRect(self) -> QRectF:
        """A square of HANDLE_PX screen pixels around the point."""
        h = HANDLE_PX * ui_text_scale() / 2 + 1
        return QRectF(-h, -h, 2 * h, 2 * h)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """White square with a dark edge."""
        h = HANDLE_PX * ui_text_scale() / 2
        painter.setPen(QPen(HALO, 1.0))
        painter.setBrush(QColor(255, 255, 255))
        painter.drawRect(QRectF(-h, -h, 2 * h, 2 * h))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Start moving this point."""
        if self._drag.start(event):
            event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Preview the point under the mouse."""
        if self._drag.delta(event, self.owner.host.px_to_mm()) is not None:
            self.owner.preview_point(self.index, event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Commit the point's new place."""
        if self._drag.finish():
            self.owner.host.point_moved(self.owner.annotation_id, self.index, event.scenePos())
