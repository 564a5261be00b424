"""The annotations of one pane: items rebuilt from the model, gestures turned into changes.

:meth:`AnnotationLayer.sync` asks the core which annotations belong on the pane's slice
(:func:`ilc_viewer.annotations.visible_on`, so a sticker made on T2 shows on the matching
slice of T1 and STIR and nowhere else) and places one :class:`AnnotationItem` per annotation at
:func:`~ilc_viewer.annotations.to_pixels` of this pane's own geometry. Zoom, pan and window
changes only move the view over the scene, so the items stay on their anatomy.

Moves are made in the plane of the slice shown: the patient-space shift between two scene
points of this slice is added to the stored points, so a point keeps its depth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QTimer

from ilc_viewer.annotations import DEFAULT_FONT_SIZE, Annotation, to_pixels
from ilc_viewer.ui.annotation_controller import AnnotationController
from ilc_viewer.ui.annotation_items import AnnotationItem, LabelItem
from ilc_viewer.ui.overlays import base_pixel_size, caption_band_height

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
        """Plates must not cover each other (longer words wrap onto two lines in narrow
        panes): from the top down, a plate on an earlier one moves below it, or above it
        when the pane has no room below."""
        labels = [item.label for item in self.items.values() if item.label is not None]
        placed: list[QRectF] = []
        for label in sorted(labels, key=lambda lb: self.label_rect(lb).top()):
            for _ in range(len(placed) + 1):
                rect = self.label_rect(label)
                grown = rect.adjusted(-LABEL_GAP_PX, -LABEL_GAP_PX, LABEL_GAP_PX, LABEL_GAP_PX)
                hit = next((p for p in placed if p.intersects(grown)), None)
                if hit is None:
                    break
                if not label.shift(hit.bottom() + LABEL_GAP_PX - rect.top()) or \
                        any(p.intersects(self.label_rect(label)) for p in placed):
                    label.shift(hit.top() - LABEL_GAP_PX - self.label_rect(label).bottom())
            placed.append(self.label_rect(label))

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

    def label_room(self, scene_point: QPointF) -> QRectF | None:
        """The pane's free area around a label at ``scene_point``, in pixels from that point.

        Clear of the orientation letters at the left and right edges, the scale bar and
        the caption band at the bottom (a label under the caption cannot be read).
        """
        viewport = QRectF(self.view.viewport().rect())
        if viewport.width() < 80 or viewport.height() < 80:
            return None
        here = self.view.viewportTransform().map(scene_point)
        caption = caption_band_height(viewport, self.view.state, self.view.pane)
        bottom = max(LABEL_MARGIN_PX, caption)
        if viewport.height() - bottom < 80:  # a squat pane: the caption may be covered
            bottom = LABEL_MARGIN_PX
        room = viewport.adjusted(LABEL_MARGIN_PX, LABEL_MARGIN_PX, -2.2 * LABEL_MARGIN_PX,
                                 -bottom)
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
