"""The annotations of one pane: items rebuilt from the model, gestures turned into changes.

:meth:`AnnotationLayer.sync` asks the core which annotations belong on the pane's slice
(:func:`ilc_viewer.annotations.model.visible_on`, so a sticker made on T2 shows on the matching
slice of T1 and STIR and nowhere else) and places one :class:`AnnotationItem` per annotation at
:func:`~ilc_viewer.annotations.model.to_pixels` of this pane's own geometry. Zoom, pan and window
changes only move the view over the scene, so the items stay on their anatomy.

Moves are made in the plane of the slice shown: the patient-space shift between two scene
points of this slice is added to the stored points, so a point keeps its depth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QTimer
from PySide6.QtGui import QFontMetricsF, QPainter

from ilc_viewer.annotations.model import DEFAULT_FONT_SIZE, Annotation, to_pixels
from ilc_viewer.scene.label_layout import columns, spread
from ilc_viewer.ui.annotation_controller import AnnotationController
from ilc_viewer.ui.annotation_items import AnnotationItem, LabelItem
from ilc_viewer.ui.overlays import OverlayPainter, base_pixel_size, caption_band_height
from ilc_viewer.words.overlay_text import scale_bar_cm

if TYPE_CHECKING:
    from ilc_viewer.ui.image_view import ImageView

#: Labels keep this far (screen pixels) from the pane's edges (more at the right: scale bar).
LABEL_MARGIN_PX = 22.0
#: Screen pixels between two labels pushed apart.
LABEL_GAP_PX = 3.0


class AnnotationLayer:
    """Keeps the annotation items of one :class:`ImageView` in step with the controller."""

    def __init__(self, view: ImageView, controller: AnnotationController) -> None:
        self.view, self.controller = view, controller
        self.items: dict[str, AnnotationItem] = {}
        #: Asks for a new text on double-click; set by the window (tests replace it).
        self.edit_text = lambda annotation_id: None

    # ----- model -> items -----------------------------------------------------------------
    def shown_annotations(self) -> list[Annotation]:
        """The annotations that belong on the pane's current slice (none when hidden)."""
        pane = self.view.state.panes[self.view.pane]
        series = pane.series
        if not self.controller.visible or series is None or series.geometry is None:
            return []
        if not pane.slice_count:
            return []
        return self.controller.annotations.visible_on(series, pane.slice_index)

    def sync(self) -> None:
        """Create, update and remove items so they show the model on the current slice."""
        scene = self.view.scene()
        wanted = self.shown_annotations()
        keep = {a.id for a in wanted}
        for annotation_id in [k for k in self.items if k not in keep]:
            item = self.items.pop(annotation_id)
            scene.removeItem(item)
        lang = self.view.state.language
        base = base_pixel_size(QRectF(self.view.viewport().rect()), self.view.state.full_screen)
        for annotation in wanted:
            item = self.items.get(annotation.id)
            if item is None:
                item = AnnotationItem(self, annotation)
                scene.addItem(item)
                self.items[annotation.id] = item
            item.present(annotation, self.scene_points(annotation),
                         self.controller.text_of(annotation, lang),
                         base * annotation.font_size / DEFAULT_FONT_SIZE,
                         annotation.id == self.controller.selected)
        self.separate_labels()
        self.view.viewport().update()

    def rescale(self) -> None:
        """Zoom or pan changed: heads, halos and hit areas are sized in screen pixels, and
        labels are kept inside the pane."""
        for item in self.items.values():
            item.prepareGeometryChange()
            if item.label is not None:
                item.label.place()
            item.update()
        self.separate_labels()

    def label_rect(self, label: LabelItem) -> QRectF:
        """A label's plate in viewport pixels."""
        origin = self.view.viewportTransform().map(label.scenePos())
        return label.plate_rect().translated(origin)

    def separate_labels(self) -> None:
        """Plates must not cover each other nor the scale bar.

        Plates that overlap left-right form a column; down a column they keep the order of
        the spots their arrows point at (so arrows never cross) and are moved apart the
        least, as blocks about where they want to be (:func:`spread`). A column reaching
        over the scale bar stays above it; where it cannot, its plates that meet the bar
        are wrapped narrower and the columns are laid out again.
        """
        labels = [item.label for item in self.items.values() if item.label is not None]
        if not labels:
            return
        for label in labels:
            if label.clear_right:  # the last layout's choice; the pane may have changed
                label.clear_right = False
                label.place()
        bar = self.scale_bar_rect()
        for _ in range(3):
            self._spread(labels, bar)
            crowded = [lb for lb in labels if not lb.clear_right and bar is not None
                       and self.label_rect(lb).intersects(bar)]
            if not crowded:
                break
            for label in crowded:
                label.clear_right = True
            for label in labels:  # back to where they want to be, then spread again
                label.place()
        self._push_apart(labels)

    def _spread(self, labels: list[LabelItem], bar: QRectF | None) -> None:
        origin = self.view.mapToScene(0, 0)
        room = self.label_room(origin)
        if room is None:
            return
        room = room.translated(self.view.viewportTransform().map(origin))
        rects = [self.label_rect(lb) for lb in labels]
        order = [self._spot_y(lb, rect) for lb, rect in zip(labels, rects, strict=True)]
        boxes = [(r.left(), r.top(), r.right(), r.bottom()) for r in rects]
        for group in columns(boxes):
            group.sort(key=lambda k: (order[k], boxes[k][1]))
            heights = [boxes[k][3] - boxes[k][1] for k in group]
            low, high = room.top(), room.bottom()
            if bar is not None and max(boxes[k][2] for k in group) > bar.left():
                above = bar.top() - LABEL_GAP_PX  # stay above the scale bar when they fit
                if above - low >= sum(heights) + LABEL_GAP_PX * (len(group) - 1):
                    high = min(high, above)
            tops = spread([boxes[k][1] for k in group], heights, low, high, LABEL_GAP_PX)
            for k, top in zip(group, tops, strict=True):
                if abs(top - boxes[k][1]) >= 0.5:
                    labels[k].shift(top - boxes[k][1])

    def _spot_y(self, label: LabelItem, rect: QRectF) -> float:
        """Height (viewport) of the spot a pointing label's arrow ends on, else its plate's."""
        item = label.owner
        if item.annotation.kind not in ("sticker", "arrow"):
            return rect.top()
        return self.view.viewportTransform().map(item.mapToScene(item.points[0])).y()

    def _push_apart(self, labels: list[LabelItem]) -> None:
        """Last resort where a column is taller than the pane: from the top down, a plate on
        an earlier one moves below it, or above it when the pane has no room below."""
        placed: list[QRectF] = []
        for label in sorted(labels, key=lambda lb: self.label_rect(lb).top()):
            for _ in range(len(placed) + 1):
                rect = self.label_rect(label)
                near = LABEL_GAP_PX - 1  # plates spread exactly LABEL_GAP_PX apart are fine
                grown = rect.adjusted(-near, -near, near, near)
                hit = next((p for p in placed if p.intersects(grown)), None)
                if hit is None:
                    break
                if not label.shift(hit.bottom() + LABEL_GAP_PX - rect.top()) or \
                        any(p.intersects(self.label_rect(label)) for p in placed):
                    label.shift(hit.top() - LABEL_GAP_PX - self.label_rect(label).bottom())
            placed.append(self.label_rect(label))

    def scale_bar_rect(self) -> QRectF | None:
        """Where the scale bar and its "10 cm" may be drawn (viewport pixels), as
        :meth:`OverlayPainter.scale_bar` lays it out; None when no bar is shown."""
        scale = self.view.scale()
        if scale <= 0:
            return None
        viewport = QRectF(self.view.viewport().rect())
        overlay = OverlayPainter(cast(QPainter, None), viewport, self.view.state, self.view.pane)
        m = overlay.margin
        band = caption_band_height(viewport, self.view.state, self.view.pane)
        caption = band - m * 0.5 if band else 0.0
        bottom = viewport.bottom() - m - caption - overlay.line_height() * 1.5
        letter_bottom = viewport.center().y() + overlay.line_height(1.2) / 2
        length = scale_bar_cm(scale, min(viewport.height() * 0.35,
                                         bottom - letter_bottom - m * 0.5)) * 10 * scale
        if length <= 0:
            return None
        words = QFontMetricsF(overlay.font(0.9)).horizontalAdvance("10 cm") + 8
        right = viewport.right()
        return QRectF(QPointF(right - m * 1.2 - max(words, 12.0), bottom - length - 6),
                      QPointF(right, bottom + 6 + overlay.line_height(0.9)))

    def scene_points(self, annotation: Annotation) -> list[QPointF]:
        """Scene points (mm) of every point of an annotation on this pane's image plane."""
        geometry = self.view.state.panes[self.view.pane].geometry
        assert geometry is not None  # only called for shown annotations
        return [self.view.pixel_to_scene(r, c) for r, c in to_pixels(annotation, geometry)]

    def patient_point(self, scene_point: QPointF) -> np.ndarray:
        """Patient position (mm) of a scene point on the current slice."""
        pane = self.view.state.panes[self.view.pane]
        assert pane.geometry is not None
        row, col = self.view.scene_to_pixel(scene_point)
        return pane.geometry.pixel_to_patient(row, col, pane.slice_index)

    # ----- ItemHost: item gestures -> changes ---------------------------------------------
    def px_to_mm(self) -> float:
        """Millimetres per screen pixel at the current zoom."""
        scale = self.view.scale()
        return 1.0 / scale if scale > 0 else 1.0

    def label_room(self, scene_point: QPointF, clear_right: bool = True) -> QRectF | None:
        """The pane's free area around a label at ``scene_point``, in pixels from that point.

        Clear of the orientation letters at the left and right edges and the caption band
        at the bottom (a label under the caption cannot be read); with ``clear_right`` also
        of the scale bar's width at the right edge. Only plates at the bar's height need
        that, so a sticker's words kept beside their point ask without it first.
        """
        viewport = QRectF(self.view.viewport().rect())
        if viewport.width() < 80 or viewport.height() < 80:
            return None
        here = self.view.viewportTransform().map(scene_point)
        caption = caption_band_height(viewport, self.view.state, self.view.pane)
        bottom = max(LABEL_MARGIN_PX, caption)
        if viewport.height() - bottom < 80:  # a squat pane: the caption may be covered
            bottom = LABEL_MARGIN_PX
        right = (2.2 if clear_right else 1.0) * LABEL_MARGIN_PX
        room = viewport.adjusted(LABEL_MARGIN_PX, LABEL_MARGIN_PX, -right, -bottom)
        return room.translated(-here.x(), -here.y())

    def item_pressed(self, annotation_id: str) -> None:
        """A click on an annotation selects it."""
        self.view.activated.emit(self.view.pane)
        self.controller.select(annotation_id)

    def item_moved(self, annotation_id: str, delta: QPointF) -> None:
        """A finished drag of a whole annotation (applied once the mouse event is over)."""
        QTimer.singleShot(0, lambda: self.move(annotation_id, delta))

    def point_moved(self, annotation_id: str, index: int, scene_point: QPointF) -> None:
        """A finished drag of one point (a handle, a sticker's label)."""
        QTimer.singleShot(0, lambda: self.move_point(annotation_id, index, scene_point))

    def item_double_clicked(self, annotation_id: str) -> None:
        """Double-click edits the text."""
        self.controller.select(annotation_id)
        QTimer.singleShot(0, lambda: self.edit_text(annotation_id))

    def move(self, annotation_id: str, delta: QPointF) -> None:
        """Shift every point of an annotation by a scene vector (mm) in this slice's plane."""
        annotation = self.controller.annotations.get(annotation_id)
        if annotation is None:
            return
        shift = self.patient_point(delta) - self.patient_point(QPointF(0, 0))
        points = [tuple(np.asarray(p) + shift) for p in annotation.points]
        self.controller.update(annotation_id, what=f"move {annotation.kind}", points=points)

    def move_point(self, annotation_id: str, index: int, scene_point: QPointF) -> None:
        """Move one point of an annotation to a scene point, keeping its depth."""
        annotation = self.controller.annotations.get(annotation_id)
        if annotation is None or not 0 <= index < len(annotation.points):
            return
        old = self.scene_points(annotation)[index]
        shift = self.patient_point(scene_point) - self.patient_point(old)
        points = list(annotation.points)
        points[index] = tuple(np.asarray(points[index]) + shift)
        what = "move label" if annotation.kind == "sticker" and index == 1 else "reshape"
        self.controller.update(annotation_id, what=f"{what} ({annotation.kind})", points=points)
