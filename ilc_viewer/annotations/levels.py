"""Spine level labels: placing them click by click, and which level an axial image is at.

A level label is an :class:`~ilc_viewer.annotations.model.Annotation` of kind ``"level"``:
one point in patient mm (on the disc or vertebral body), its name (``"L4/5"``, ``"L5"``) as
its ``text``. Labels live in the study's :class:`~ilc_viewer.annotations.model.AnnotationSet`,
so adding, moving, renaming and removing them are ordinary :class:`Change` objects: the
window's undo stack and the autosave treat them like any annotation.

The labelling tool (:class:`LevelTool`): the doctor picks a start (e.g. the L5/S1 disc, or
the L5 vertebra), the first click gets it, and every later click gets the next name in the
direction of the click: above the highest label the next level up, below the lowest the next
level down, between two labels the name that fits between them. Nothing is remembered but
the start, so undo, moves and renames never confuse it.

:func:`level_at_plane` says which level an image plane cuts (an axial image "at the L4/5
disc"), from where the plane crosses the line through the labels in name order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ilc_viewer.annotations import level_names as names
from ilc_viewer.annotations.model import (
    Annotation,
    AnnotationSet,
    Change,
    CreatedOn,
    new_annotation,
    shares_frame,
)
from ilc_viewer.words.catalogue import N_, _, gettext

if TYPE_CHECKING:
    from ilc_viewer.study.model import Series
    from ilc_viewer.study.planes import ImagePlane

KIND = "level"
LEVEL_COLOR = "#80deea"  # light cyan: apart from the yellow stickers
#: A click this close (mm) to a label gets no new one (it was meant for that label).
MIN_GAP_MM = 4.0
#: Typical distance (mm) between a disc and the next vertebral body's centre, used only when
#: fewer than two labels tell the real one.
HALF_STEP_MM = 17.5
#: Within this fraction of the way from a disc to the next vertebra, a plane is "at the disc".
DISC_ZONE = 0.4
#: A plane must cut the line of labels at least this steeply (cosine with its normal) to be
#: at a level: sagittal planes run along the spine and are at no level.
MIN_CROSSING_COSINE = 0.5
#: How far (in half steps) beyond the first or last label a level is still named.
EXTRAPOLATE = 1.5

#: What a level name is (English; other languages in the core's catalogue).
WORDS = {
    "disc": N_("{name} disc"),
    "vertebra": N_("{name} vertebra"),
}


@dataclass(frozen=True)
class LevelMark:
    """A level label as the level tools see it."""

    annotation_id: str
    name: str
    point: tuple[float, float, float]

    @property
    def is_disc(self) -> bool:
        """True for a disc label ("L4/5")."""
        return names.is_disc(self.name)


def level_marks(annotations: Iterable[Annotation], series: Series | None = None) -> list[LevelMark]:
    """The level labels among ``annotations`` (of ``series``' frame of reference when given),
    head to foot by name."""
    marks = [LevelMark(a.id, a.text, a.anchor) for a in annotations
             if a.kind == KIND and (series is None or shares_frame(a, series))]
    l6 = names.needs_l6(m.name for m in marks)
    return sorted(marks, key=lambda m: _index(m.name, l6))


def _index(name: str, l6: bool) -> int:
    try:
        return names.index_of(name, l6)
    except ValueError:  # an L5/S1 label on a spine whose other labels say L6: keep it in place
        return names.index_of(name, not l6)


def new_level(name: str, point: Sequence[float], created_on: CreatedOn,
              **fields: Any) -> Annotation:
    """A new level label (``ValueError`` for a name that is not a level)."""
    fields.setdefault("color", LEVEL_COLOR)
    return new_annotation(KIND, [point], created_on, text=name, **fields)


def level_words(name: str, lang: str = "en") -> str:
    """"L4/5 disc" / "L4/5 椎間板", "L4 vertebra" / "L4 椎体"."""
    return gettext(WORDS[names.kind_of(name)], lang, name=name)


# ----- the labelling tool -----------------------------------------------------------------
@dataclass
class LevelTool:
    """What the next click of the level tool gets (the window keeps one per study)."""

    #: The name the first click gets; its kind (disc or vertebra) is what later clicks get.
    start: str = "L5/S1"
    transitional_l6: bool = False
    #: True until the start has been placed (choosing a start sets it again).
    start_pending: bool = True

    def __post_init__(self) -> None:
        self.choose_start(self.start, self.transitional_l6)

    @property
    def kind(self) -> str:
        """``"disc"`` or ``"vertebra"``: what the clicks label."""
        return names.kind_of(self.start)

    def choose_start(self, start: str, transitional_l6: bool | None = None) -> None:
        """Pick the start (and the L6 option); the next click gets ``start``."""
        l6 = self.transitional_l6 if transitional_l6 is None else transitional_l6
        names.index_of(start, l6)  # ValueError for a name of neither scale
        self.start, self.transitional_l6, self.start_pending = start, l6, True

    def label_for(self, point: Sequence[float], marks: Sequence[LevelMark]) -> str | None:
        """The name a click at ``point`` gets, or ``None`` when none fits there."""
        if self.start_pending or not marks:
            return self.start
        p = np.asarray(point, dtype=float)
        if any(np.linalg.norm(p - np.asarray(m.point)) < MIN_GAP_MM for m in marks):
            return None
        l6 = self.transitional_l6 or names.needs_l6(m.name for m in marks)
        used = {m.name for m in marks}
        by_height = sorted(marks, key=lambda m: -m.point[2])  # head first
        above = [m for m in by_height if m.point[2] > p[2]]
        below = [m for m in by_height if m.point[2] <= p[2]]
        if not above:
            name = names.step(below[0].name, -1, self.kind, l6)
        elif not below:
            name = names.step(above[-1].name, +1, self.kind, l6)
        else:
            name = self._between(above[-1], below[0], float(p[2]), l6)
        return name if name is not None and name not in used else None

    def _between(self, upper: LevelMark, lower: LevelMark, z: float, l6: bool) -> str | None:
        a, b = _index(upper.name, l6), _index(lower.name, l6)
        fits = [n for n in names.scale(l6)[a + 1:b] if names.kind_of(n) == self.kind]
        if not fits:
            return None
        share = (upper.point[2] - z) / max(upper.point[2] - lower.point[2], 1e-9)
        wanted = a + share * (b - a)
        return min(fits, key=lambda n: abs(names.index_of(n, l6) - wanted))

    def make_click(self, point: Sequence[float], annotations: AnnotationSet,
                   created_on: CreatedOn) -> Change | None:
        """The change a click at ``point`` makes (not applied: the undo stack applies it).

        A new label, or, when the start is pending and already placed, that label moved to
        the click. ``None`` when no name fits there.
        """
        marks = [m for m in level_marks(annotations)
                 if _same_frame(annotations.get(m.annotation_id), created_on)]
        name = self.label_for(point, marks)
        if name is None:
            return None
        self.start_pending = False
        existing = next((m for m in marks if m.name == name), None)
        if existing is not None:
            return make_move(annotations, existing.annotation_id, point)
        return annotations.make_add(new_level(name, point, created_on))


def _same_frame(annotation: Annotation | None, created_on: CreatedOn) -> bool:
    if annotation is None:
        return False
    frame = created_on.frame_of_reference_uid
    if annotation.created_on.series_key == created_on.series_key:
        return True
    return bool(frame) and frame == annotation.created_on.frame_of_reference_uid


# ----- moving, renaming --------------------------------------------------------------------
def make_move(annotations: AnnotationSet, annotation_id: str, point: Sequence[float]) -> Change:
    """The change that moves a level label to ``point`` (patient mm)."""
    return annotations.make_update(annotation_id, points=(tuple(float(v) for v in point),))


def make_rename(annotations: AnnotationSet, annotation_id: str, name: str) -> Change:
    """The change that renames one level label.

    ``ValueError`` (one plain sentence) for a name that is not a level or is already used
    by another label of the same frame of reference.
    """
    label = _level(annotations, annotation_id)
    if not names.is_level_name(name):
        raise ValueError(_("{name} is not a spine level (T10 to S1, e.g. L4/5 or L5)",
                           name=repr(name)))
    for other in annotations:
        if (other.kind == KIND and other.id != annotation_id and other.text == name
                and _same_frame(other, label.created_on)):
            raise ValueError(_("{name} is already placed; rename or remove that label first",
                               name=name))
    return annotations.make_update(annotation_id, text=name)


def make_renumber(annotations: AnnotationSet, annotation_id: str, name: str,
                  transitional_l6: bool | None = None) -> list[Change]:
    """Rename one label and shift every label of its frame by the same number of levels.

    For a count that started one level off (a transitional vertebra): renaming the L5/S1
    label to L4/5 turns L4/5 into L3/4 and so on. The changes are meant for one undo macro.
    """
    label = _level(annotations, annotation_id)
    group = [a for a in annotations if a.kind == KIND and _same_frame(a, label.created_on)]
    l6 = (names.needs_l6([name, *(a.text for a in group)]) if transitional_l6 is None
          else transitional_l6)
    shift = names.index_of(name, l6) - _index(label.text, l6)
    scale = names.scale(l6)
    renamed = {}
    for a in group:
        k = _index(a.text, l6) + shift
        if not 0 <= k < len(scale):
            raise ValueError(_("{name} would move past the ends of T10 to S1", name=a.text))
        renamed[a.id] = scale[k]
    return [annotations.make_update(i, text=n) for i, n in renamed.items()
            if annotations.get(i).text != n]  # type: ignore[union-attr]


def _level(annotations: AnnotationSet, annotation_id: str) -> Annotation:
    label = annotations.get(annotation_id)
    if label is None or label.kind != KIND:
        raise KeyError(f"no level label with id {annotation_id}")
    return label


# ----- which level an image is at ---------------------------------------------------------
@dataclass(frozen=True)
class LevelPosition:
    """The level an image plane cuts."""

    name: str  # "L4/5" or "L4"
    #: Where on the scale it cuts, in half steps from ``name`` (+ toward the feet).
    offset: float

    @property
    def is_disc(self) -> bool:
        """True when the plane cuts a disc."""
        return names.is_disc(self.name)

    def words(self, lang: str = "en") -> str:
        """"L4/5 disc" / "L4/5 椎間板"."""
        return level_words(self.name, lang)


def level_at_plane(plane: ImagePlane, marks: Sequence[LevelMark]) -> LevelPosition | None:
    """The level a plane cuts, from where it crosses the line through the labels.

    ``None`` without labels, for planes running along the spine (sagittal), and beyond one
    and a half steps past the first or last label.
    """
    if not marks:
        return None
    l6 = names.needs_l6(m.name for m in marks)
    ordered = sorted(marks, key=lambda m: _index(m.name, l6))
    points = np.array([m.point for m in ordered], dtype=float)
    index = np.array([_index(m.name, l6) for m in ordered], dtype=float)
    normal = plane.normal
    d = (points - plane.origin) @ normal
    for i in range(len(ordered) - 1):
        if d[i] == 0 or d[i] * d[i + 1] < 0:
            seg = points[i + 1] - points[i]
            if abs(seg @ normal) < MIN_CROSSING_COSINE * np.linalg.norm(seg):
                return None
            t = d[i] / (d[i] - d[i + 1])
            crossing = points[i] + t * seg
            row, col, _ = plane.patient_to_pixel(crossing)
            if not plane.covers(row, col):
                continue
            return _position(index[i] + t * (index[i + 1] - index[i]), l6)
    return _extrapolated(plane, points, index, d, l6)


def _extrapolated(plane: ImagePlane, points: np.ndarray, index: np.ndarray, d: np.ndarray,
                  l6: bool) -> LevelPosition | None:
    """A level just beyond the first or last label (the line continued past it)."""
    normal = plane.normal
    ends = [(0, 1), (len(points) - 1, len(points) - 2)] if len(points) > 1 else [(0, None)]
    for end, neighbour in ends:
        if neighbour is None:
            direction = np.array([0.0, 0.0, -1.0])  # one label: assume the spine runs down
            mm_per_step = HALF_STEP_MM
            sense = 1.0
        else:
            seg = points[end] - points[neighbour]
            steps = abs(index[end] - index[neighbour])
            mm_per_step = float(np.linalg.norm(seg)) / steps
            direction = seg / np.linalg.norm(seg)
            sense = float(np.sign(index[end] - index[neighbour]))
        along = float(direction @ normal)
        if abs(along) < MIN_CROSSING_COSINE:
            return None
        u = -float(d[end]) / along  # mm beyond the end label along ``direction``
        if u < -1e-9 and neighbour is not None:
            continue  # the plane lies back toward the other labels, not beyond this end
        beyond = abs(u) / mm_per_step
        if beyond > EXTRAPOLATE:
            continue
        crossing = points[end] + u * direction
        row, col, _ = plane.patient_to_pixel(crossing)
        if not plane.covers(row, col):
            continue
        step = math.copysign(beyond, u) * sense
        return _position(float(index[end]) + step, l6)
    return None


def _position(s: float, l6: bool) -> LevelPosition | None:
    """Name a point of the scale: a disc within :data:`DISC_ZONE`, else the vertebra."""
    scale = names.scale(l6)
    k = round(s)
    if not -0.5 <= s <= len(scale) - 0.5:
        return None
    k = min(max(k, 0), len(scale) - 1)
    if names.is_disc(scale[k]) and abs(s - k) > DISC_ZONE:
        k += 1 if s > k else -1
    return LevelPosition(scale[k], s - k)


def image_level(series: Series, index: int,
                annotations: Iterable[Annotation]) -> LevelPosition | None:
    """The level image ``index`` of ``series`` is at (labels of its frame of reference)."""
    if series.geometry is None:
        return None
    return level_at_plane(series.geometry.plane(index), level_marks(annotations, series))


def block_levels(series: Series, annotations: Iterable[Annotation]) -> list[LevelPosition | None]:
    """The level of every block of ``series`` (its middle image), for naming axial blocks."""
    marks = level_marks(annotations, series)
    if series.geometry is None or not marks:
        return [None] * series.block_count
    return [level_at_plane(series.geometry.plane(block[len(block) // 2]), marks)
            for block in series.blocks]


def block_names(series: Iterable[Series], annotations: Iterable[Annotation]) -> dict[str, str]:
    """Series key -> its blocks named by level ("L3/4 · L4/5 · L5/S1"), for series of angled
    blocks once levels are labelled (others are left out)."""
    marks = list(annotations)
    out = {}
    for item in series:
        if item.block_count > 1:
            levels = block_levels(item, marks)
            if any(levels):
                out[item.key] = " · ".join(level.name if level else "?" for level in levels)
    return out


def marks_on_image(series: Series, index: int, annotations: Iterable[Annotation],
                   ) -> list[tuple[LevelMark, float, float]]:
    """Level labels to draw on image ``index`` (a plane along the spine): (mark, row, col).

    Every label of the frame is projected onto the image (a sagittal pane shows all levels
    whatever its slice); none on planes that cut across the spine (axial).
    """
    geometry = series.geometry
    marks = level_marks(annotations, series)
    if geometry is None or not marks:
        return []
    plane = geometry.plane(index)
    if abs(float(plane.normal[2])) >= MIN_CROSSING_COSINE:
        return []
    out = []
    for mark in marks:
        row, col, _ = plane.patient_to_pixel(mark.point)
        if plane.covers(row, col):
            out.append((mark, row, col))
    return out
