"""One pane's picture: paints the pane's scene and turns gestures into calls on the core.

The picture and every overlay come from the core scene (:func:`ilc_viewer.scene.panel.
build_scene`), painted by :mod:`ilc_viewer.ui.scene_painter`; this widget draws nothing of its
own. Gestures: wheel scrolls slices, Ctrl+wheel zooms, left-drag pans (or marks the same spot
with the crosshair tool, or draws with an annotation tool), middle-drag pans, right-drag sets
width (horizontal) and centre (vertical), double-click maximises. An annotation is selected
by a click on it and moved by dragging it (a sticker's label alone, a handle its point): the
drag is previewed in the scene and becomes one undoable change on release.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ilc_viewer import display
from ilc_viewer.annotations.model import Annotation, anchor_points
from ilc_viewer.open_study.viewer_state import PaneState
from ilc_viewer.scene.annotations import POINTERS
from ilc_viewer.scene.panel import build_scene, picture_of
from ilc_viewer.scene.primitives import Scene, Tag
from ilc_viewer.ui.annotation_controller import MOVE, MOVE_LABEL, RESHAPE
from ilc_viewer.ui.annotation_tools import DRAG_PX, Drawing
from ilc_viewer.ui.i18n import translate
from ilc_viewer.ui.scene_painter import OverlayCache, paint
from ilc_viewer.ui.viewer import Viewer

#: One wheel notch zooms by this factor.
ZOOM_STEP = 1.2
#: Where a clicked sticker's label goes, in screen pixels from the spot.
LABEL_OFFSET_PX = (90.0, -50.0)


class PaneView(QWidget):
    """Shows pane ``pane`` of the viewer's open study."""

    activated = Signal(int)  # the user touched this pane
    painted = Signal()  # an image was painted (the first one matters for start-up time)
    annotationMenu = Signal(str, QPoint)  # right-click on an annotation: its id, global point
    editText = Signal(str)  # double-click on an annotation

    def __init__(self, viewer: Viewer, pane: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer, self.pane = viewer, pane
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # the angle tool previews its next arm under the mouse
        self._scene: Scene | None = None
        self._overlays = OverlayCache()
        self._drag: tuple[Qt.MouseButton, QPointF] | None = None
        self._wheel_rest = 0
        self._drawing: Drawing | None = None
        #: An annotation being dragged: (tag grabbed, press point, annotation as saved).
        self._moving: tuple[Tag, QPointF, Annotation] | None = None
        self._preview: Annotation | None = None
        #: The other pane whose reference line is being dragged.
        self._reference: int | None = None
        self._menu_for: tuple[str, QPointF] | None = None

    # ----- model -> view ------------------------------------------------------------------
    @property
    def state(self) -> PaneState:
        """The core state of this pane."""
        return self.viewer.state.panes[self.pane]

    def invalidate(self) -> None:
        """Something the picture depends on changed: build the scene again on the next paint."""
        self._scene = None
        self.update()

    def refresh_picture(self) -> None:
        """Only the window/level changed: new grey levels, the same overlays."""
        scene, opened = self._scene, self.viewer.opened
        if scene is None or scene.view is None or opened is None or scene.picture is None:
            self.invalidate()
            return
        scene.picture = picture_of(opened, self.pane, scene.view)
        self.update()

    def scene(self) -> Scene | None:
        """The scene shown now (built if needed); None before a study is open."""
        if self._scene is None and self.viewer.opened is not None and self.width() > 0:
            options = self.viewer.scene_options(
                overrides={self._preview.id: self._preview} if self._preview else None,
                drawing=self._drawing.preview() if self._drawing is not None else None)
            self._scene = build_scene(self.viewer.opened, self.pane,
                                      (self.width(), self.height()), options)
        return self._scene

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the scene (black before a study is open)."""
        painter = QPainter(self)
        scene = self.scene()
        if scene is None:
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
            painter.end()
            return
        paint(painter, scene, self._overlays)
        painter.end()
        if scene.picture is not None:
            self.painted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Another size: lay the scene out again."""
        super().resizeEvent(event)
        self._scene = None

    # ----- coordinates --------------------------------------------------------------------
    def to_pixel(self, point: QPointF) -> tuple[float, float] | None:
        """(row, col) of the image under a widget point (None without an image)."""
        scene = self.scene()
        if scene is None or scene.view is None:
            return None
        return scene.view.to_image(point.x(), point.y())

    def to_screen(self, row: float, col: float) -> QPointF | None:
        """Widget point of the centre of image pixel (row, col)."""
        scene = self.scene()
        if scene is None or scene.view is None:
            return None
        return QPointF(*scene.view.to_output(row, col))

    def to_patient(self, point: QPointF) -> np.ndarray | None:
        """Patient point (mm) under a widget point on the current slice (None on a picture
        without patient positions: an X-ray, an ultrasound image)."""
        pixel = self.to_pixel(point)
        series = self.state.series
        if pixel is None or series is None or series.geometry is None:
            return None
        return series.geometry.pixel_to_patient(pixel[0], pixel[1], self.state.slice_index)

    def to_anchor(self, point: QPointF) -> np.ndarray | None:
        """Where annotations keep a widget point: patient mm, or the picture's own
        ``(column, row, 0)`` on a series without patient positions."""
        pixel = self.to_pixel(point)
        if pixel is None or self.state.series is None:
            return None
        return np.asarray(anchor_points(self.state.series, self.state.slice_index, [pixel])[0])

    def fit_scale(self) -> float:
        """Screen pixels per mm when the whole image fits."""
        scene = self.scene()
        if scene is None or scene.view is None:
            return 1.0
        return scene.view.px_per_mm / max(self.state.zoom, 1e-9)

    # ----- gestures -----------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Wheel: next/previous slice; Ctrl+wheel: zoom."""
        self.activated.emit(self.pane)
        self._wheel_rest += event.angleDelta().y()
        steps = int(self._wheel_rest / 120)
        if steps == 0:
            return
        self._wheel_rest -= steps * 120
        state = self.viewer.state
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            state.set_zoom(self.pane, self.state.zoom * ZOOM_STEP ** steps)
        else:
            state.step(self.pane, -steps)  # wheel towards you = next slice

    def annotation_at(self, point: QPointF) -> str:
        """The id of the annotation drawn under a widget point ("" for none)."""
        tag = self._tag_at(point)
        return tag.annotation_id if tag is not None else ""

    def _tag_at(self, point: QPointF) -> Tag | None:
        scene = self.scene()
        return scene.hit(point.x(), point.y()) if scene is not None else None

    def _drawing_tool(self) -> bool:
        return self.viewer.tools.tool != "select"

    def cancel_drawing(self) -> None:
        """Drop an unfinished drawing (another slice, a right click)."""
        if self._drawing is not None:
            self._drawing = None
            self.invalidate()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Draw with the annotation tool, move an annotation, window drag, pan, or same spot."""
        self.activated.emit(self.pane)
        self.setFocus()
        button, position = event.button(), event.position()
        left = button == Qt.MouseButton.LeftButton
        if left and self._drawing_tool():
            self._press_drawing(position)
            return
        if button == Qt.MouseButton.RightButton and self._drawing is not None:
            self.cancel_drawing()
            return
        if left and self.viewer.crosshair_tool:
            point = self.to_patient(position)
            if point is not None:
                self.viewer.state.set_crosshair(point)
            return
        tag = self._tag_at(position)
        controller = self.viewer.annotations
        if left and tag is not None and tag.part == "reference":
            self._reference = tag.index  # dragging the line moves that pane's image
            return
        if left and tag is not None:
            controller.select(tag.annotation_id)
            annotation = controller.annotations.get(tag.annotation_id)
            if annotation is not None:
                self._moving = (tag, position, annotation)
            return
        if left:
            controller.select("")  # a click beside every annotation selects none
        self._menu_for = (tag.annotation_id, position) \
            if button == Qt.MouseButton.RightButton and tag is not None else None
        self._drag = (button, position)

    def _press_drawing(self, position: QPointF) -> None:
        tools = self.viewer.tools
        reason = tools.refusal(self.state.series)
        pixel = self.to_pixel(position)
        if reason or pixel is None:
            tools.status.emit(reason or translate("Tools", "Show a series in this panel first."))
            return
        if tools.tool == "level":
            point = self.to_patient(position)
            if point is not None and self.state.series is not None:
                tools.place_level(self.state.series, tuple(float(v) for v in point))
            return
        if self._drawing is None:
            self._drawing = Drawing(tools.tool)
        self._drawing.press((position.x(), position.y()), pixel)
        self.invalidate()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Right-drag: width/centre; left or middle drag: pan; tools and moves: preview."""
        position = event.position()
        if self._drawing is not None:
            pixel = self.to_pixel(position)
            if pixel is not None:
                self._drawing.move(pixel)
                self.invalidate()
            return
        if self._moving is not None:
            self._preview_move(position)
            return
        if self._reference is not None:
            point = self.to_patient(position)
            if point is not None:
                self.viewer.state.bring_to(self._reference, point)
            return
        if self._drag is None:
            return
        button, last = self._drag
        delta = position - last
        self._drag = (button, position)
        if button == Qt.MouseButton.RightButton:
            if self.state.window is not None:
                window = display.window_from_drag(self.state.window, delta.x(), delta.y())
                self.viewer.state.set_window(self.pane, window)
        elif button in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._pan(delta)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a drag; finish a drawing or a move; a right click on an annotation: its menu."""
        position = event.position()
        if self._drawing is not None and event.button() == Qt.MouseButton.LeftButton:
            self._release_drawing(position)
            return
        if self._reference is not None:
            self._reference = None
            return
        if self._moving is not None:
            moved = self._preview
            tag = self._moving[0]
            self._moving, self._preview = None, None
            self.invalidate()
            if moved is not None:
                what = MOVE_LABEL if tag.part == "label" and moved.kind in POINTERS \
                    else RESHAPE if tag.part == "handle" else MOVE
                # applied once the mouse event is over: the change redraws every pane
                QTimer.singleShot(0, lambda: self.viewer.annotations.update(
                    moved.id, what=what, points=moved.points))
            return
        menu_for, self._menu_for = self._menu_for, None
        if menu_for is not None and event.button() == Qt.MouseButton.RightButton:
            annotation_id, pressed = menu_for
            moved_by = position - pressed
            if abs(moved_by.x()) + abs(moved_by.y()) < DRAG_PX:
                self.annotationMenu.emit(annotation_id, self.mapToGlobal(position.toPoint()))
        self._drag = None

    def _release_drawing(self, position: QPointF) -> None:
        drawing = self._drawing
        pixel = self.to_pixel(position)
        if drawing is None or pixel is None:
            return
        points = drawing.release((position.x(), position.y()), pixel, self._label_beside)
        if points is None:
            self.invalidate()
            return
        self._drawing = None
        self.invalidate()
        self.viewer.tools.finish(self.state.series, self.state.slice_index, drawing.kind, points)

    def _label_beside(self, screen: tuple[float, float]) -> tuple[float, float]:
        """A clicked sticker's label: beside the spot, towards the middle of the pane."""
        dx, dy = LABEL_OFFSET_PX
        if screen[0] > self.width() / 2:
            dx = -dx
        pixel = self.to_pixel(QPointF(screen[0] + dx, screen[1] + dy))
        return pixel if pixel is not None else (0.0, 0.0)

    def _preview_move(self, position: QPointF) -> None:
        """Show where the grabbed annotation (or its label or point) would go."""
        assert self._moving is not None
        tag, pressed, annotation = self._moving
        delta = position - pressed
        if self._preview is None and abs(delta.x()) + abs(delta.y()) < DRAG_PX:
            return
        start, here = self.to_anchor(pressed), self.to_anchor(position)
        if start is None or here is None:
            return
        shift = here - start
        points = [np.asarray(p, dtype=float) for p in annotation.points]
        if tag.part == "handle" and 0 <= tag.index < len(points):
            points[tag.index] = points[tag.index] + shift
        elif tag.part == "label" and annotation.kind in POINTERS:
            points[1] = points[1] + shift  # a sticker's label moves on its own
        else:
            points = [p + shift for p in points]
        self._preview = replace(annotation, points=tuple(tuple(p) for p in points))
        self.invalidate()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click an annotation: edit its text; elsewhere: this pane alone, or back."""
        if event.button() != Qt.MouseButton.LeftButton or self._drawing_tool():
            return
        annotation_id = self.annotation_at(event.position())
        if annotation_id:
            self._moving = None
            self.viewer.annotations.select(annotation_id)
            QTimer.singleShot(0, lambda: self.editText.emit(annotation_id))
            return
        self.viewer.state.toggle_maximised(self.pane)

    def contextMenuEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """The right button is for window/level, not a menu."""
        event.accept()

    def _pan(self, delta: QPointF) -> None:
        geometry = self.state.geometry
        scene = self.scene()
        if scene is None or scene.view is None:
            return
        centre = QPointF(*scene.view.centre) - delta  # the point shown where the centre goes
        pixel = self.to_pixel(centre)
        if geometry is None or pixel is None:
            return
        point = geometry.pixel_to_patient(pixel[0], pixel[1], self.state.slice_index)
        self.viewer.state.set_centre(self.pane, point)
