"""One pane's picture: a QGraphicsView showing an ImageItem, with the pane's gestures.

Scene units are millimetres, so zoom and pan are stored in the core state (zoom relative to
fit, centre as a patient point) and this view only applies them. Gestures: wheel scrolls
slices, Ctrl+wheel zooms, left-drag pans (or marks the same spot with the crosshair tool),
middle-drag pans, right-drag sets width (horizontal) and centre (vertical), double-click
maximises. Overlays are painted in viewport pixels in :meth:`drawForeground`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QTransform, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QWidget

from ilc_viewer import display
from ilc_viewer.open_study.viewer_state import ViewerState
from ilc_viewer.ui import texts
from ilc_viewer.ui.annotation_items import DRAG_PX, AnnotationItem, HandleItem, LabelItem
from ilc_viewer.ui.annotation_layer import AnnotationLayer
from ilc_viewer.ui.annotation_tools import AnnotationTools, Drawing
from ilc_viewer.ui.frames import FrameProvider
from ilc_viewer.ui.image_item import ImageItem
from ilc_viewer.ui.overlays import OverlayPainter

#: Fit leaves this share of the pane free around the image.
FIT_MARGIN = 0.97
#: One wheel notch zooms by this factor.
ZOOM_STEP = 1.2


class ImageView(QGraphicsView):
    """Shows pane ``pane`` of a :class:`ViewerState`."""

    activated = Signal(int)  # the user touched this pane
    painted = Signal()  # an image was painted (the first one matters for start-up time)
    annotationMenu = Signal(str, QPoint)  # right-click on an annotation: its id, global point

    def __init__(self, state: ViewerState, pane: int, frames: FrameProvider,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.pane, self.frames = state, pane, frames
        self.crosshair_tool = False
        self.setScene(QGraphicsScene(self))
        self.item = ImageItem()
        self.scene().addItem(self.item)
        self.setBackgroundBrush(QColor(0, 0, 0))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(False)  # the pane frame takes drops
        self._drag: tuple[Qt.MouseButton, QPointF] | None = None
        self._wheel_rest = 0
        self.shown_key: tuple[str, int] | None = None
        #: The sequence this pane should have shown but the study lacks ("STIR"), if any.
        self.missing: str | None = None
        self.layer: AnnotationLayer | None = None
        self.tools: AnnotationTools | None = None
        self._drawing: Drawing | None = None
        self._item_drag = False
        self._menu_for: tuple[str, QPointF] | None = None
        self.setMouseTracking(True)  # the angle tool previews its next arm under the mouse

    def attach_annotations(self, layer: AnnotationLayer, tools: AnnotationTools) -> None:
        """Show the study's annotations in this pane and draw new ones with ``tools``."""
        self.layer, self.tools = layer, tools
        layer.sync()

    # ----- model -> view ------------------------------------------------------------------
    def refresh_image(self) -> None:
        """Show the pane's current slice (decoding it now if needed)."""
        pane = self.state.panes[self.pane]
        series = pane.series
        if series is None or pane.slice_count == 0:
            self.shown_key = None
            self.item.set_image(None, (1.0, 1.0), None, False)
            self.refresh_view()
            return
        values = self.frames.frame(series, pane.slice_index)
        geometry = pane.geometry
        spacing = geometry.pixel_spacing if geometry is not None else (1.0, 1.0)
        if values is not None and pane.default_window is None:
            self.state.set_default_window(self.pane, display.default_window(series, values))
        self.shown_key = (series.key, pane.slice_index) if values is not None else None
        self.item.set_image(values, spacing, pane.window, pane.display_invert)
        self.cancel_drawing()
        self.refresh_view()
        if self.layer is not None:
            self.layer.sync()  # another slice or series: other annotations belong here

    def refresh_window(self) -> None:
        """Apply the pane's window and inversion (rendered on the next paint)."""
        pane = self.state.panes[self.pane]
        self.item.set_window(pane.window, pane.display_invert)
        self.viewport().update()

    def fit_scale(self) -> float:
        """Viewport pixels per mm when the whole image fits."""
        rect = self.item.boundingRect()
        if rect.isEmpty():
            geometry = self.state.panes[self.pane].geometry
            if geometry is None:
                return 1.0
            rect = QRectF(0, 0, geometry.columns * geometry.pixel_spacing[1],
                          geometry.rows * geometry.pixel_spacing[0])
        size = self.viewport().size()
        return FIT_MARGIN * min(size.width() / rect.width(), size.height() / rect.height())

    def scale(self) -> float:  # type: ignore[override]
        """Current viewport pixels per mm."""
        return self.fit_scale() * self.state.panes[self.pane].zoom

    def refresh_view(self) -> None:
        """Apply the pane's zoom and centre."""
        pane = self.state.panes[self.pane]
        geometry = pane.geometry
        if geometry is None:
            self.viewport().update()
            return
        width = geometry.columns * geometry.pixel_spacing[1]
        height = geometry.rows * geometry.pixel_spacing[0]
        # Generous scene so the image can be panned off-centre in every direction.
        self.setSceneRect(QRectF(-4 * width, -4 * height, 9 * width, 9 * height))
        s = self.scale()
        self.setTransform(QTransform.fromScale(s, s))
        if pane.centre is None:
            centre = QPointF(width / 2, height / 2)
        else:
            row, col, _ = geometry.patient_to_pixel(pane.centre)
            centre = self.pixel_to_scene(row, col)
        self.centerOn(centre)
        if self.layer is not None:
            self.layer.rescale()
        self.viewport().update()

    def pixel_to_scene(self, row: float, col: float) -> QPointF:
        """Scene point (mm) of the centre of image pixel (row, col)."""
        geometry = self.state.panes[self.pane].geometry
        rs, cs = geometry.pixel_spacing if geometry is not None else (1.0, 1.0)
        return QPointF((col + 0.5) * cs, (row + 0.5) * rs)

    def scene_to_pixel(self, point: QPointF) -> tuple[float, float]:
        """(row, col) of a scene point."""
        geometry = self.state.panes[self.pane].geometry
        rs, cs = geometry.pixel_spacing if geometry is not None else (1.0, 1.0)
        return point.y() / rs - 0.5, point.x() / cs - 0.5

    def view_to_scene(self, point: QPointF) -> QPointF:
        """Scene point under a viewport point (exact; mapToScene rounds to whole pixels)."""
        inverse, _ = self.viewportTransform().inverted()
        return inverse.map(point)

    def view_to_patient(self, point: QPointF):  # type: ignore[no-untyped-def]
        """Patient point (mm) under a viewport point on the current slice."""
        pane = self.state.panes[self.pane]
        geometry = pane.geometry
        if geometry is None:
            return None
        row, col = self.scene_to_pixel(self.view_to_scene(point))
        return geometry.pixel_to_patient(row, col, pane.slice_index)

    # ----- gestures -----------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Wheel: next/previous slice; Ctrl+wheel: zoom."""
        self.activated.emit(self.pane)
        self._wheel_rest += event.angleDelta().y()
        steps = int(self._wheel_rest / 120)
        if steps == 0:
            return
        self._wheel_rest -= steps * 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.state.set_zoom(self.pane, self.state.panes[self.pane].zoom * ZOOM_STEP ** steps)
        else:
            self.state.step(self.pane, -steps)  # wheel towards you = next slice

    def annotation_at(self, point: QPointF) -> str:
        """The id of the annotation drawn under a viewport point ("" for none)."""
        for item in self.items(point.toPoint()):
            if isinstance(item, LabelItem | HandleItem):
                return item.owner.annotation_id
            if isinstance(item, AnnotationItem):
                return item.annotation_id
        return ""

    def _drawing_tool(self) -> bool:
        return self.tools is not None and self.tools.tool != "select"

    def cancel_drawing(self) -> None:
        """Drop an unfinished drawing (another slice, a right click)."""
        if self._drawing is not None:
            self._drawing.close()
            self._drawing = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Draw with the annotation tool, move an annotation, window drag, pan, or same spot."""
        self.activated.emit(self.pane)
        self.setFocus()
        button = event.button()
        position = event.position()
        if button == Qt.MouseButton.LeftButton and self._drawing_tool():
            assert self.tools is not None
            reason = self.tools.refusal(self)
            if reason:
                self.tools.status.emit(reason)
                return
            if self._drawing is None:
                self._drawing = Drawing(self, self.tools.tool)
            self._drawing.press(position)
            return
        if button == Qt.MouseButton.RightButton and self._drawing is not None:
            self.cancel_drawing()
            return
        if button == Qt.MouseButton.LeftButton and self.crosshair_tool:
            point = self.view_to_patient(position)
            if point is not None:
                self.state.set_crosshair(point)
            return
        under = self.annotation_at(position) if self.layer is not None else ""
        if button == Qt.MouseButton.LeftButton and under:
            self._item_drag = True
            super().mousePressEvent(event)
            return
        if button == Qt.MouseButton.LeftButton and self.layer is not None:
            self.layer.controller.select("")  # a click beside every annotation selects none
        self._menu_for = (under, position) if button == Qt.MouseButton.RightButton and under \
            else None
        self._drag = (button, position)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Right-drag: width/centre; left or middle drag: pan; tools: preview."""
        if self._drawing is not None:
            self._drawing.move(event.position())
            return
        if self._item_drag:
            super().mouseMoveEvent(event)
            return
        if self._drag is None:
            return
        button, last = self._drag
        delta = event.position() - last
        self._drag = (button, event.position())
        pane = self.state.panes[self.pane]
        if button == Qt.MouseButton.RightButton:
            if pane.window is not None:
                window = display.window_from_drag(pane.window, delta.x(), delta.y())
                self.state.set_window(self.pane, window)
        elif button in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._pan(delta)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a drag; finish a drawing; a right click on an annotation opens its menu."""
        if self._drawing is not None and event.button() == Qt.MouseButton.LeftButton:
            points = self._drawing.release(event.position())
            if points is not None and self.tools is not None:
                drawing, self._drawing = self._drawing, None
                drawing.close()
                self.tools.finish(self, drawing.kind, points)
            return
        if self._item_drag:
            self._item_drag = False
            super().mouseReleaseEvent(event)
            return
        menu_for, self._menu_for = self._menu_for, None
        if menu_for is not None and event.button() == Qt.MouseButton.RightButton:
            annotation_id, pressed = menu_for
            moved = event.position() - pressed
            if abs(moved.x()) + abs(moved.y()) < DRAG_PX:
                self.annotationMenu.emit(annotation_id,
                                         self.viewport().mapToGlobal(event.position().toPoint()))
        self._drag = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click an annotation: edit its text; elsewhere: this pane alone, or back."""
        if event.button() != Qt.MouseButton.LeftButton or self._drawing_tool():
            return
        if self.layer is not None and self.annotation_at(event.position()):
            super().mouseDoubleClickEvent(event)
            return
        self.state.toggle_maximised(self.pane)

    def contextMenuEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """The right button is for window/level, not a menu."""
        event.accept()

    def _pan(self, delta: QPointF) -> None:
        pane = self.state.panes[self.pane]
        geometry = pane.geometry
        if geometry is None:
            return
        centre_view = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        new_centre = self.view_to_scene(centre_view - delta)
        row, col = self.scene_to_pixel(new_centre)
        self.state.set_centre(self.pane, geometry.pixel_to_patient(row, col, pane.slice_index))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Keep the fit when the pane changes size."""
        super().resizeEvent(event)
        self.refresh_view()
        if self.layer is not None:
            self.layer.sync()  # label sizes follow the pane's size

    # ----- overlays -----------------------------------------------------------------------
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """Overlays in viewport pixels: legible at every zoom."""
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        view_rect = QRectF(self.viewport().rect())
        pane = self.state.panes[self.pane]
        overlay = OverlayPainter(painter, view_rect, self.state, self.pane)
        if pane.series is None:
            message = texts.tr("empty_pane", self.state.language)
            if self.missing:
                message = texts.tr("no_sequence", self.state.language, sequence=self.missing)
                message += "\n" + texts.tr("empty_pane", self.state.language)
            lines = message.split("\n")
            y = view_rect.center().y() - overlay.line_height(1.1) * len(lines) / 2
            for line in lines:
                overlay.text(QPointF(view_rect.center().x(), y), line, scale=1.1,
                             align=Qt.AlignmentFlag.AlignHCenter)
                y += overlay.line_height(1.1)
        elif not self.item.has_image:
            reason = self.frames.failure(pane.series, pane.slice_index) or ""
            message = texts.tr("decode_failed", self.state.language, reason=reason)
            font = overlay.font()
            painter.setFont(font)
            painter.setPen(QColor(255, 190, 60))
            painter.drawText(view_rect.adjusted(20, 80, -20, -20),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), message)
        overlay.paint(self._to_view if self.item.has_image else None, self.scale())
        painter.restore()
        if self.item.has_image:
            self.painted.emit()

    def _to_view(self, row: float, col: float) -> QPointF:
        return self.viewportTransform().map(self.pixel_to_scene(row, col))
