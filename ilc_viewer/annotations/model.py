"""Annotations anchored in patient coordinates (mm), and the set that holds them.

An annotation is stored as patient positions (DICOM LPS, see
:mod:`ilc_viewer.study.geometry`), never as pixels: a sticker placed on the T2 panel then
lands on the same anatomical spot of T1 and STIR, whatever their pixel spacing, origin or
slice count, and stays put under zoom and pan.
Pixels exist only on the way in (:func:`from_pixels`) and out (:func:`to_pixels`).

Points by kind (``points[0]`` is always the *anchor*, the spot the annotation is about):

============  ======  ===============================================================
kind          points  meaning
============  ======  ===============================================================
``sticker``   2       the spot the arrow points at, then the label position
``text``      1       where the text sits
``arrow``     2       the tip (the spot), then the tail
``ellipse``   2       the centre, then one corner of the bounding box in the plane
``ruler``     2       the two ends
``angle``     3       one arm end, the vertex, the other arm end
``level``     1       a spine level label ("L4/5", "L5"): its name is ``text``
============  ======  ===============================================================

Level labels are drawn by their own rules (:mod:`ilc_viewer.annotations.levels`), not by
:func:`visible_on`; they live in the same set so one undo stack and one file hold both.

**Image-anchored annotations.** An X-ray, a fluoroscopy run or an ultrasound picture has no
patient coordinates. An annotation made on one is anchored to that picture instead:
``image_uid`` names the image (its SOP Instance UID) and the points are image coordinates
``(column, row, 0)`` in pixels (0-based pixel centres). It is drawn on that image alone (on
every frame of a clip), and a ruler measures with the image's own calibration
(:mod:`ilc_viewer.annotations.measure`).

:class:`AnnotationSet` holds immutable :class:`Annotation` values and reports every change as a
:class:`Change` (before / after), so the UI can wrap changes in undo commands and autosave.
"""

from __future__ import annotations

import logging
import math
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ilc_viewer.annotations.level_names import is_level_name

# What annotations measure and say lives in measure.py; kept importable from here.
from ilc_viewer.annotations.measure import angle_degrees as angle_degrees
from ilc_viewer.annotations.measure import display_text as display_text
from ilc_viewer.annotations.measure import ruler_length_mm as ruler_length_mm
from ilc_viewer.words.catalogue import Joined, _

if TYPE_CHECKING:
    from ilc_viewer.study.geometry import SeriesGeometry
    from ilc_viewer.study.model import Series

log = logging.getLogger(__name__)

Point = tuple[float, float, float]
#: Number of points of each kind (see the module docstring).
POINT_COUNTS = {"sticker": 2, "text": 1, "arrow": 2, "ellipse": 2, "ruler": 2, "angle": 3,
                "level": 1}
KINDS = tuple(POINT_COUNTS)
#: Kinds whose drawing *is* the anatomy: every point must lie on the slice shown. Stickers and
#: text only need their anchor there; the label position is layout and is drawn in-plane.
SHAPE_KINDS = ("arrow", "ellipse", "ruler", "angle")
DEFAULT_COLOR = "#ffd54f"  # yellow reads well on grey MR images
DEFAULT_FONT_SIZE = 14.0
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def now_iso() -> str:
    """The current UTC time as ISO 8601, to the second (timestamps in saved files)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CreatedOn:
    """The series an annotation was made on (for "show on this sequence only")."""

    series_key: str
    sequence: str = ""
    frame_of_reference_uid: str = ""


@dataclass(frozen=True)
class Annotation:
    """One annotation; immutable (change it with :meth:`AnnotationSet.update`)."""

    kind: str
    points: tuple[Point, ...]
    created_on: CreatedOn
    text: str = ""  # free text; on a sticker it replaces the phrase label when not empty
    phrase_id: str = ""  # stickers: the phrase in the library
    color: str = DEFAULT_COLOR
    font_size: float = DEFAULT_FONT_SIZE
    show_on_all_sequences: bool = True
    #: The image an image-anchored annotation belongs to ("" for patient coordinates).
    image_uid: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: str = field(default_factory=now_iso)
    modified: str = ""

    def __post_init__(self) -> None:
        # Normalise to plain float tuples so equality and JSON never see numpy types.
        points = tuple(tuple(float(v) for v in p) for p in self.points)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "font_size", float(self.font_size))
        if not self.modified:
            object.__setattr__(self, "modified", self.created)
        problems = annotation_problems(self)
        if problems:
            raise ValueError(_("invalid {kind} annotation: {problems}", kind=self.kind,
                               problems=Joined(problems)))

    @property
    def anchor(self) -> Point:
        """The spot the annotation is about (``points[0]``)."""
        return self.points[0]


def annotation_problems(a: Annotation) -> list[str]:
    """What is wrong with an annotation's fields (empty list when it is valid)."""
    problems = []
    if a.kind not in POINT_COUNTS:
        return [_("kind must be one of {kinds}", kinds=", ".join(KINDS))]
    if len(a.points) != POINT_COUNTS[a.kind]:
        problems.append(_("needs {count} points, has {given}", count=POINT_COUNTS[a.kind],
                          given=len(a.points)))
    if any(len(p) != 3 or not all(math.isfinite(v) for v in p) for p in a.points):
        problems.append(_("every point must be three finite numbers (x, y, z in mm)"))
    if a.kind == "sticker" and not (a.phrase_id or a.text):
        problems.append(_("a sticker needs a phrase_id or a text"))
    if a.kind == "level" and a.image_uid:
        problems.append(_("a level label needs patient coordinates, not an image's"))
    if a.kind == "level" and not is_level_name(a.text):
        problems.append(_("a level label needs a level name from T10 to S1 (e.g. L4/5 or L5) "
                          "as its text"))
    if not (isinstance(a.color, str) and _COLOUR.match(a.color)):
        problems.append(_('color must look like "#rrggbb"'))
    if not (math.isfinite(a.font_size) and a.font_size > 0):
        problems.append(_("font_size must be a positive number"))
    if not a.id:
        problems.append(_("id must not be empty"))
    return problems


def anchored_to_image(series: Series) -> bool:
    """True when annotations on ``series`` are anchored to its images (no patient geometry)."""
    return series.geometry is None


def anchoring_unavailable_reason(series: Series) -> str | None:
    """Why annotations cannot be placed on a series, or ``None``: any series with images
    takes them (patient coordinates, or the image's own without a patient position)."""
    if series.geometry is None and not series.images:
        return _("this series has no images")
    return None


def ruler_unavailable_reason(series: Series) -> str | None:
    """Why the ruler is disabled on a series (e.g. no Pixel Spacing), or ``None``."""
    reason = anchoring_unavailable_reason(series)
    if reason is not None:
        return reason
    if series.geometry is not None:
        if not series.geometry.spacing_known:
            return _("Pixel Spacing is missing in this series, so distances in mm are unknown")
        return None
    from ilc_viewer.annotations.measure import image_calibrated

    if not any(image_calibrated(image) for image in series.images):
        return _("this picture says nothing of its pixel size (no Pixel Spacing, Imager Pixel "
                 "Spacing or calibrated ultrasound region), so distances in mm are unknown")
    return None


def new_annotation(
    kind: str, points: Sequence[Sequence[float]], created_on: CreatedOn, **fields: Any
) -> Annotation:
    """A new annotation at patient positions (mm); ``fields`` are the other dataclass fields."""
    return Annotation(
        kind=kind,
        points=tuple(tuple(float(v) for v in p) for p in points),  # type: ignore[misc]
        created_on=created_on,
        **fields,
    )


def points_from_pixels(
    pixels: Iterable[tuple[float, float]], geometry: SeriesGeometry, slice_index: int
) -> tuple[Point, ...]:
    """Patient positions (mm) of (row, col) pixel positions on one slice."""
    return tuple(
        tuple(float(v) for v in geometry.pixel_to_patient(row, col, slice_index))  # type: ignore[misc]
        for row, col in pixels
    )


def from_pixels(
    kind: str,
    pixels: Sequence[tuple[float, float]],
    series: Series,
    slice_index: int,
    **fields: Any,
) -> Annotation:
    """A new annotation drawn at (row, col) pixels on a slice of ``series``.

    Raises ``ValueError`` with a plain reason when the series cannot carry it (a ruler
    without a pixel size). A series without patient geometry anchors it to the image.
    """
    reason = ruler_unavailable_reason(series) if kind == "ruler" else None
    reason = reason or anchoring_unavailable_reason(series)
    if reason:
        raise ValueError(reason)
    created_on = CreatedOn(series.key, series.sequence, series.frame_of_reference_uid)
    if anchored_to_image(series):
        fields["image_uid"] = series.images[slice_index].sop_instance_uid
    points = anchor_points(series, slice_index, pixels)
    return Annotation(kind=kind, points=points, created_on=created_on, **fields)


def anchor_points(series: Series, slice_index: int,
                  pixels: Iterable[tuple[float, float]]) -> tuple[Point, ...]:
    """Where (row, col) pixels of a slice are kept: patient mm, or image coordinates
    ``(col, row, 0)`` on a series without patient geometry."""
    if anchored_to_image(series):
        return tuple((float(col), float(row), 0.0) for row, col in pixels)
    assert series.geometry is not None
    return points_from_pixels(pixels, series.geometry, slice_index)


def to_pixels(annotation: Annotation, geometry: SeriesGeometry | None,
              slice_index: int | None = None) -> list[tuple[float, float]]:
    """The (row, col) pixel position of every point, projected onto the image plane.

    Pass the shown image's ``slice_index`` for series of angled blocks, so every point is
    projected onto that image's own plane. An image-anchored annotation needs no geometry.
    """
    if annotation.image_uid:
        return [(p[1], p[0]) for p in annotation.points]
    assert geometry is not None
    pixels = []
    for point in annotation.points:
        row, col, _ = geometry.patient_to_pixel(point, slice_index)
        pixels.append((row, col))
    return pixels


def shares_frame(annotation: Annotation, series: Series) -> bool:
    """True if the annotation's positions mean the same place in ``series``.

    Positions are comparable only inside one Frame of Reference. When either side does not
    know its frame, only the creating series is trusted.
    """
    if series.key == annotation.created_on.series_key:
        return True
    frame = annotation.created_on.frame_of_reference_uid
    return bool(frame) and frame == series.frame_of_reference_uid


def visible_on(annotation: Annotation, series: Series, slice_index: int) -> bool:
    """True if the annotation is drawn on this slice of this series.

    It is shown on the slice nearest its anchor, when the anchor lies inside the image and
    within half a slice spacing of that slice (shapes: every point), in any series of the same
    frame of reference, or only in the creating series when ``show_on_all_sequences`` is off.
    Level labels are never "visible" here: :mod:`ilc_viewer.annotations.levels` places them.
    """
    if annotation.image_uid:
        return (annotation.kind != "level" and 0 <= slice_index < len(series.images)
                and series.images[slice_index].sop_instance_uid == annotation.image_uid)
    geometry = series.geometry
    if annotation.kind == "level" or geometry is None or not shares_frame(annotation, series):
        return False
    if not annotation.show_on_all_sequences and series.key != annotation.created_on.series_key:
        return False
    points = annotation.points if annotation.kind in SHAPE_KINDS else annotation.points[:1]
    for point in points:
        nearest, _ = geometry.nearest_slice(point)
        if nearest != slice_index or not geometry.contains(point):
            return False
    return True


def slice_for(annotation: Annotation, series: Series) -> int | None:
    """The slice of ``series`` the annotation is shown on ("go to annotation"), or ``None``."""
    if annotation.image_uid:
        return next((k for k, image in enumerate(series.images)
                     if image.sop_instance_uid == annotation.image_uid), None)
    if series.geometry is None:
        return None
    index, _ = series.geometry.nearest_slice(annotation.anchor)
    return index if visible_on(annotation, series, index) else None


@dataclass(frozen=True)
class Change:
    """One change of an :class:`AnnotationSet`: ``add`` / ``update`` / ``remove``.

    ``before`` is ``None`` for an add, ``after`` is ``None`` for a remove. ``index`` is the
    position in the set (so undoing a remove puts the annotation back in the same z-order).
    """

    action: str
    before: Annotation | None
    after: Annotation | None
    index: int = -1

    @property
    def annotation_id(self) -> str:
        """The id of the annotation that changed."""
        return (self.after or self.before).id  # type: ignore[union-attr]

    def inverse(self) -> Change:
        """The change that undoes this one."""
        action = {"add": "remove", "remove": "add", "update": "update"}[self.action]
        return Change(action, self.after, self.before, self.index)


Listener = Callable[[Change], None]


class AnnotationSet:
    """The annotations of one study, in drawing order, with change listeners (no Qt).

    ``make_*`` build a :class:`Change` without applying it (a QUndoCommand applies it in its
    ``redo``); ``add`` / ``update`` / ``remove`` build and apply in one go. Every applied
    change is passed to the listeners (autosave, the view); a failing listener is logged and
    does not stop the others, because the change has already happened.
    """

    def __init__(self, annotations: Iterable[Annotation] = ()) -> None:
        self._items: dict[str, Annotation] = {}
        for annotation in annotations:
            self._items[annotation.id] = annotation
        self._listeners: list[Listener] = []

    def __iter__(self) -> Iterator[Annotation]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, annotation_id: object) -> bool:
        return annotation_id in self._items

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, or ``None``."""
        return self._items.get(annotation_id)

    def snapshot(self) -> list[Annotation]:
        """All annotations in drawing order (a copy: safe to keep or save)."""
        return list(self._items.values())

    def visible_on(self, series: Series, slice_index: int) -> list[Annotation]:
        """The annotations drawn on one slice of one series, in drawing order."""
        return [a for a in self._items.values() if visible_on(a, series, slice_index)]

    def make_add(self, annotation: Annotation) -> Change:
        """The change that adds ``annotation`` at the end (on top)."""
        if annotation.id in self._items:
            raise KeyError(f"an annotation with id {annotation.id} is already in the set")
        return Change("add", None, annotation, len(self._items))

    def make_update(self, annotation_id: str, **fields: Any) -> Change:
        """The change that sets ``fields`` (e.g. ``points=...``, ``text=...``) on an annotation.

        Raises ``KeyError`` for an unknown id and ``ValueError`` for invalid values.
        """
        before = self._require(annotation_id)
        if "id" in fields or "created" in fields:
            raise ValueError("id and created never change")
        fields.setdefault("modified", now_iso())
        if "points" in fields:
            fields["points"] = tuple(tuple(float(v) for v in p) for p in fields["points"])
        if "created_on" in fields and not isinstance(fields["created_on"], CreatedOn):
            raise ValueError("created_on must be a CreatedOn")
        after = replace(before, **fields)
        return Change("update", before, after, self._index(annotation_id))

    def make_remove(self, annotation_id: str) -> Change:
        """The change that removes an annotation (``KeyError`` if unknown)."""
        before = self._require(annotation_id)
        return Change("remove", before, None, self._index(annotation_id))

    def make_replace(self, annotations: Sequence[Annotation]) -> list[Change]:
        """The changes, applied in order, that turn this set into ``annotations``: removes of
        the ones not kept, updates of the ones that differ, adds of the new ones (on top)."""
        wanted = {a.id: a for a in annotations}
        items = self.snapshot()
        changes = [Change("remove", a, None, i) for i, a in reversed(list(enumerate(items)))
                   if a.id not in wanted]
        kept = [a for a in items if a.id in wanted]
        changes += [Change("update", a, wanted[a.id], i) for i, a in enumerate(kept)
                    if wanted[a.id] != a]
        changes += [Change("add", None, a, len(kept) + n)
                    for n, a in enumerate(a for a in annotations if a.id not in self._items)]
        return changes

    def add(self, annotation: Annotation) -> Change:
        """Add an annotation on top; returns the applied change."""
        return self.apply(self.make_add(annotation))

    def update(self, annotation_id: str, **fields: Any) -> Change:
        """Change fields of an annotation; returns the applied change."""
        return self.apply(self.make_update(annotation_id, **fields))

    def remove(self, annotation_id: str) -> Change:
        """Remove an annotation; returns the applied change."""
        return self.apply(self.make_remove(annotation_id))

    def apply(self, change: Change) -> Change:
        """Apply a change (redo); ``apply(change.inverse())`` undoes it. Returns ``change``."""
        if change.action == "add":
            assert change.after is not None
            if change.after.id in self._items:
                raise KeyError(f"an annotation with id {change.after.id} is already in the set")
            items = list(self._items.values())
            at = change.index if 0 <= change.index <= len(items) else len(items)
            items.insert(at, change.after)
            self._items = {a.id: a for a in items}
        elif change.action == "update":
            assert change.after is not None
            self._require(change.after.id)
            self._items[change.after.id] = change.after  # keeps its place in the dict order
        elif change.action == "remove":
            assert change.before is not None
            del self._items[self._require(change.before.id).id]
        else:
            raise ValueError(f"unknown change action {change.action!r}")
        self._notify(change)
        return change

    def replace_all(self, annotations: Iterable[Annotation]) -> None:
        """Replace the whole content (e.g. after loading a study); listeners see removes/adds."""
        for annotation in self.snapshot():
            self.remove(annotation.id)
        for annotation in annotations:
            self.add(annotation)

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` after every applied change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self.remove_listener(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener`` (no error if it was not registered)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:
                log.exception("annotation change listener %r failed", listener)

    def _require(self, annotation_id: str) -> Annotation:
        try:
            return self._items[annotation_id]
        except KeyError:
            raise KeyError(f"no annotation with id {annotation_id}") from None

    def _index(self, annotation_id: str) -> int:
        return list(self._items).index(annotation_id)
