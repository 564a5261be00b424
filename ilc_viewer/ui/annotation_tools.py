"""Drawing new annotations with the mouse: the tool in use, the gesture, the finished change.

Gestures (left button, on the pane where the annotation belongs):

- sticker: click the spot (the label goes beside it), or press on the spot and drag to where
  the label should sit; the phrase is the one picked in the Annotations panel
- text: click where the text goes, then type it
- arrow: drag from the tail to the spot; circle / ellipse: drag across the box;
  ruler: drag from one end to the other
- angle: click one arm's end, the vertex, then the other arm's end

A finished gesture becomes one core annotation made with
:func:`ilc_viewer.annotations.model.from_pixels` on the pane's series and slice, pushed through the
controller (so it is undoable and saved at once).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ilc_viewer.annotations.model import (
    DEFAULT_COLOR,
    anchoring_unavailable_reason,
    from_pixels,
    ruler_unavailable_reason,
)
from ilc_viewer.ui.annotation_controller import AnnotationController, AskText
from ilc_viewer.ui.annotation_items import DRAG_PX
from ilc_viewer.words.phrases import placement_warning

if TYPE_CHECKING:
    from ilc_viewer.ui.image_view import ImageView

#: Tools in menu order: name -> (menu text, shortcut, what the status bar says).
TOOLS: dict[str, tuple[str, str, str]] = {
    "select": ("&Select / move", "V", "Click an annotation to select it; drag to move it"),
    "sticker": ("S&ticker (explanation)", "S",
                "Click the spot for the phrase chosen in the Annotations panel "
                "(or drag from the spot to where the label goes)"),
    "text": ("Free &text", "T", "Click where the text goes"),
    "arrow": ("&Arrow", "A", "Drag from the tail to the spot"),
    "ellipse": ("&Circle / ellipse", "O", "Drag across the area to circle"),
    "ruler": ("&Ruler (mm)", "D", "Drag from one end to the other"),
    "angle": ("An&gle", "G", "Click one end, the vertex, then the other end"),
}
#: Clicks (or presses) each drawing takes; kinds drawn by dragging take a press and a release.
DRAGGED = ("sticker", "arrow", "ellipse", "ruler")
#: Where a clicked sticker's label goes, in screen pixels from the spot.
LABEL_OFFSET_PX = (90.0, -50.0)
PREVIEW = QColor(255, 255, 255, 220)


class Drawing:
    """One annotation being drawn on a pane: the scene points so far and a dashed preview."""

    def __init__(self, view: ImageView, kind: str) -> None:
        self.view, self.kind = view, kind
        self.points: list[QPointF] = []
        self.press_view: QPointF | None = None
        self.preview = QGraphicsPathItem()
        pen = QPen(PREVIEW, 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.preview.setPen(pen)
        self.preview.setZValue(20)
        view.scene().addItem(self.preview)

    def press(self, view_point: QPointF) -> None:
        """Mouse down: a new point (or the start of a drag)."""
        self.press_view = view_point
        self.points.append(self.view.view_to_scene(view_point))
        self.move(view_point)

    def move(self, view_point: QPointF) -> None:
        """Mouse moved: redraw the preview to the mouse."""
        if not self.points:
            return
        path = QPainterPath(self.points[0])
        here = self.view.view_to_scene(view_point)
        if self.kind == "ellipse":
            path.addEllipse(_box(self.points[0], here))
        else:
            for p in [*self.points[1:], here]:
                path.lineTo(p)
        self.preview.setPath(path)

    def release(self, view_point: QPointF) -> list[QPointF] | None:
        """Mouse up: the finished points, or ``None`` while the drawing goes on."""
        dragged = self.press_view is not None and _distance(view_point, self.press_view) >= DRAG_PX
        here = self.view.view_to_scene(view_point)
        if self.kind == "text":
            return self.points[:1]
        if self.kind == "sticker":
            spot = self.points[0]
            return [spot, here if dragged else self._label_beside(spot, view_point)]
        if self.kind in ("arrow", "ruler"):
            if not dragged:
                return []
            # an arrow's first point is its tip: where the drag ends
            return [here, self.points[0]] if self.kind == "arrow" else [self.points[0], here]
        if self.kind == "ellipse":
            box = _box(self.points[0], here)
            return [box.center(), box.bottomRight()] if dragged else []
        if self.kind == "angle" and len(self.points) == 3:
            return list(self.points)
        return None

    def _label_beside(self, spot: QPointF, view_point: QPointF) -> QPointF:
        """A clicked sticker's label: beside the spot, towards the middle of the pane."""
        dx, dy = LABEL_OFFSET_PX
        if view_point.x() > self.view.viewport().width() / 2:
            dx = -dx
        return self.view.view_to_scene(view_point + QPointF(dx, dy))

    def close(self) -> None:
        """Remove the preview."""
        if self.preview.scene() is not None:
            self.preview.scene().removeItem(self.preview)


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


def _box(a: QPointF, b: QPointF) -> QRectF:
    return QRectF(a, b).normalized()


class AnnotationTools(QObject):
    """The tool in use for every pane and what a finished drawing becomes."""

    toolChanged = Signal(str)
    status = Signal(str)  # a hint or a gentle warning for the status bar

    def __init__(self, controller: AnnotationController, ask_text: AskText,
                 language: Callable[[], str]) -> None:
        super().__init__(controller)
        self.controller, self.ask_text, self.language = controller, ask_text, language
        self.tool = "select"
        self.phrase_id = ""

    def set_tool(self, tool: str) -> None:
        """Choose a tool ("select", "sticker", ...)."""
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}")
        if tool != self.tool:
            self.tool = tool
            self.toolChanged.emit(tool)
        self.status.emit(TOOLS[tool][2])

    def set_phrase(self, phrase_id: str) -> None:
        """The phrase the sticker tool places; choosing one switches to the sticker tool."""
        self.phrase_id = phrase_id
        if phrase_id:
            self.set_tool("sticker")

    def refusal(self, view: ImageView) -> str | None:
        """Why the current tool cannot draw on this pane, or ``None``."""
        series = view.state.panes[view.pane].series
        if series is None:
            return "Show a series in this panel first."
        if self.tool == "ruler":
            return ruler_unavailable_reason(series)
        reason = anchoring_unavailable_reason(series)
        if reason is None and self.tool == "sticker" and not self.controller.library.get(
                self.phrase_id):
            reason = "Choose a phrase in the Annotations panel first, then click the spot."
        return reason

    def finish(self, view: ImageView, kind: str, scene_points: list[QPointF]) -> None:
        """Turn a finished drawing into an annotation on the pane's slice."""
        pane = view.state.panes[view.pane]
        series = pane.series
        if series is None or not scene_points:
            if kind in DRAGGED and kind != "sticker":
                self.status.emit(TOOLS[kind][2])  # a click without a drag draws nothing
            return
        fields: dict[str, object] = {"color": DEFAULT_COLOR}
        lang = self.language()
        if kind == "sticker":
            phrase = self.controller.library.get(self.phrase_id)
            if phrase is None:
                return
            fields = {"phrase_id": phrase.id, "color": phrase.color}
            warning = placement_warning(phrase, series.sequence, lang)
            if warning:
                self.status.emit(warning)
        elif kind == "text":
            text = self.ask_text("Free text", "Text on the image:", "")
            if not text or not text.strip():
                return
            fields["text"] = text.strip()
        pixels = [view.scene_to_pixel(p) for p in scene_points]
        try:
            annotation = from_pixels(kind, pixels, series, pane.slice_index, **fields)
        except ValueError as exc:
            self.status.emit(str(exc))
            return
        self.controller.add(annotation)
