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
from ilc_viewer.words.catalogue import Joined, _

if TYPE_CHECKING:
    from ilc_viewer.study.geometry import SeriesGeometry
    from ilc_viewer.study.model import Series
    from ilc_viewer.words.phrases import PhraseLibrary

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


def anchoring_unavailable_reason(series: Series) -> str | None:
    """Why annotations cannot be placed on a series (no patient geometry), or ``None``."""
    if series.geometry is None:
        return _("this series has no Image Position/Orientation (Patient), so annotations "
                 "cannot be anchored to the patient")
    return None


def ruler_unavailable_reason(series: Series) -> str | None:
    """Why the ruler is disabled on a series (e.g. no Pixel Spacing), or ``None``."""
    reason = anchoring_unavailable_reason(series)
    if reason is None and series.geometry is not None and not series.geometry.spacing_known:
        reason = _("Pixel Spacing is missing in this series, so distances in mm are unknown")
    return reason


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

    Raises ``ValueError`` with a plain reason when the series cannot carry it (no geometry;
    a ruler without Pixel Spacing).
    """
    reason = ruler_unavailable_reason(series) if kind == "ruler" else None
    reason = reason or anchoring_unavailable_reason(series)
    if reason:
        raise ValueError(reason)
    assert series.geometry is not None  # checked just above
    created_on = CreatedOn(series.key, series.sequence, series.frame_of_reference_uid)
    points = points_from_pixels(pixels, series.geometry, slice_index)
    return Annotation(kind=kind, points=points, created_on=created_on, **fields)


def to_pixels(annotation: Annotation, geometry: SeriesGeometry,
              slice_index: int | None = None) -> list[tuple[float, float]]:
    """The (row, col) pixel position of every point, projected onto the image plane.

    Pass the shown image's ``slice_index`` for series of angled blocks, so every point is
    projected onto that image's own plane.
    """
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
    if series.geometry is None:
        return None
    index, _ = series.geometry.nearest_slice(annotation.anchor)
    return index if visible_on(annotation, series, index) else None


def ruler_length_mm(annotation: Annotation) -> float:
    """Distance between the two ends of a ruler, in mm (3-D, so any plane measures true)."""
    if annotation.kind != "ruler":
        raise ValueError(f"a {annotation.kind} has no length; only a ruler does")
    a, b = annotation.points
    return math.dist(a, b)


def angle_degrees(annotation: Annotation) -> float:
    """The angle at the vertex (``points[1]``) of an angle annotation, 0-180 degrees."""
    if annotation.kind != "angle":
        raise ValueError(f"a {annotation.kind} has no angle; only an angle annotation does")
    end1, vertex, end2 = annotation.points
    u = [p - v for p, v in zip(end1, vertex, strict=True)]
    w = [p - v for p, v in zip(end2, vertex, strict=True)]
    nu, nw = math.hypot(*u), math.hypot(*w)
    if nu == 0 or nw == 0:
        raise ValueError("an arm of the angle has zero length")
    cosine = sum(x * y for x, y in zip(u, w, strict=True)) / (nu * nw)
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def display_text(annotation: Annotation, library: PhraseLibrary | None, lang: str = "en") -> str:
    """The text drawn with an annotation in ``lang``.

    Stickers show their own text if edited, else the phrase label (the phrase id when the
    phrase is no longer in the library); rulers show mm, angles degrees; others their text.
    """
    if annotation.kind == "sticker":
        if annotation.text:
            return annotation.text
        phrase = library.get(annotation.phrase_id) if library is not None else None
        return phrase.label.get(lang) if phrase else annotation.phrase_id
    if annotation.kind == "ruler":
        measure = f"{ruler_length_mm(annotation):.1f} mm"
        return f"{measure} {annotation.text}" if annotation.text else measure
    if annotation.kind == "angle":
        try:
            measure = f"{angle_degrees(annotation):.1f}°"
        except ValueError:
            measure = "-°"
        return f"{measure} {annotation.text}" if annotation.text else measure
    return annotation.text


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
