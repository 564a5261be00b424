"""Reference lines and spine level labels of a panel scene.

**Reference lines** show where the image of another pane cuts this one ("this is your L4/5
disc seen from below" on the sagittal image), in that pane's colour: computed in patient
coordinates by :func:`ilc_viewer.study.geometry.series_reference_line`, hidden for other
frames of reference and for planes within ~15 degrees of parallel. In the "all axial images"
mode every image of the other series is drawn, thin, grouped by block and named by level
where levels exist; the image shown stays thick.

**Level labels** (``"L4/5"``) are drawn where they lie on images along the spine (sagittal):
a dot on the disc or vertebra and its name on a small plate beside it.

Each pane has a colour: its header shows it, and its lines are drawn in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ilc_viewer.annotations.levels import LEVEL_COLOR, block_levels, marks_on_image
from ilc_viewer.annotations.model import Annotation
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.label_layout import Box, clip_segment
from ilc_viewer.scene.primitives import (
    HALO,
    PLATE,
    RGBA,
    Ellipse,
    Line,
    Rect,
    Scene,
    Tag,
    Text,
    rgba,
)
from ilc_viewer.scene.viewport import Viewport
from ilc_viewer.study.geometry import series_reference_line, series_reference_lines

#: Each pane's colour (reference lines, the mark in its header): T1, T2, STIR, the fourth.
PANE_COLOURS: tuple[RGBA, ...] = (
    (100, 181, 246, 255),  # blue
    (129, 199, 132, 255),  # green
    (255, 167, 38, 255),  # orange
    (240, 98, 146, 255),  # pink
)
#: Alpha of the thin lines of the other images in the "all axial images" mode.
FAINT = 150


def reference_tag(pane: int) -> Tag:
    """The tag of the line another pane's image draws here (dragging it moves that pane)."""
    return Tag(f"pane:{pane}", "reference", pane)


def line_room(size: tuple[float, float], image: Box, caption: Box | None) -> Box:
    """Where reference lines may run: on the image inside the panel, never through the caption
    (below the image, or in a column beside it; the image may reach under it)."""
    left, top = max(0.0, image[0]), max(0.0, image[1])
    right, bottom = min(size[0], image[2]), min(size[1], image[3])
    if caption is not None:
        if caption[1] >= (top + bottom) / 2:  # the band below the anatomy
            bottom = min(bottom, caption[1])
        elif caption[2] <= (left + right) / 2:  # the column left of it
            left = max(left, caption[2])
        else:  # a column right of it
            right = min(right, caption[0])
    return left, top, right, bottom


def draw_reference_lines(scene: Scene, opened: OpenStudy, pane: int, view: Viewport,
                         k: float, lang: str, room: Box | None = None) -> None:
    """Lines where the other shown panes' images cut this pane's image, inside ``room``
    (output pixels; see :func:`line_room`)."""
    state = opened.state
    own = state.panes[pane]
    if own.series is None or own.series.geometry is None or not state.reference_lines:
        return
    annotations = opened.annotations.annotations.snapshot()
    for other in state.visible_panes:
        shown = state.panes[other]
        if other == pane or shown.series is None or not shown.slice_count:
            continue
        colour = PANE_COLOURS[other % len(PANE_COLOURS)]
        if state.all_reference_lines and shown.series.block_count > 1:
            _every_image(scene, opened, own.series, own.slice_index, shown.series, view, colour,
                         k, lang, annotations, room)
        line = series_reference_line(own.series, own.slice_index, shown.series,
                                     shown.slice_index)
        ends = _inside(view, line, room) if line is not None else None
        if ends is None:
            continue
        scene.add(Line(ends, colour, 2.0 * k, 2.0 * k, tag=reference_tag(other)))
        scene.boxes[f"reference:{other}"] = _box(ends)


def _every_image(scene: Scene, opened: OpenStudy, series, index: int, other, view: Viewport,  # type: ignore[no-untyped-def]
                 colour: RGBA, k: float, lang: str, annotations: Sequence[Annotation],
                 room: Box | None) -> None:
    """Thin lines of every image of ``other``, each block named once (level or number)."""
    faint = (*colour[:3], FAINT)
    lines = series_reference_lines(series, index, other)
    levels = block_levels(other, annotations)
    named: set[int] = set()
    size = fonts.pixel_size(max(9.0 * k, 10.0))
    for _, block, line in lines:
        ends = _inside(view, line, room)
        if ends is None:
            continue
        scene.add(Line(ends, faint, 1.0 * k))
        if block in named:
            continue
        named.add(block)
        level = levels[block] if block < len(levels) else None
        words = level.words(lang) if level is not None else f"{block + 1}"
        right = max(ends, key=lambda p: p[0])
        x, y = right[0] + 3 * k, right[1] - fonts.line_height(size) / 2
        width = fonts.width(words, size)
        scene.add(Text(x, y + fonts.ascent(size), words, size, faint, 1.0, 0.0,
                       (x, y, x + width, y + fonts.line_height(size))))


def draw_level_marks(scene: Scene, opened: OpenStudy, pane: int, view: Viewport, k: float,
                     base: float, overrides: Mapping[str, Annotation] | None = None) -> None:
    """Spine level labels lying on this pane's image (sagittal images); ``overrides`` are
    labels being dragged, shown where the mouse is."""
    state = opened.state.panes[pane]
    if state.series is None or not opened.annotations.visible:
        return
    colour = rgba(LEVEL_COLOR)
    size = fonts.pixel_size(base * 0.9)
    pad = size * 0.25
    annotations = [overrides.get(a.id, a) if overrides else a
                   for a in opened.annotations.annotations.snapshot()]
    for mark, row, col in marks_on_image(state.series, state.slice_index, annotations):
        x, y = view.to_output(row, col)
        tag = Tag(mark.annotation_id, "level")
        r = 3.5 * k
        scene.add(Ellipse((x, y), r, r, HALO, 1.0, fill=colour, tag=tag))
        width = fonts.width(mark.name, size)
        height = fonts.line_height(size)
        left, top = x + r + 3 * k, y - height / 2 - pad
        plate = (left, top, left + width + 2 * pad, top + height + 2 * pad)
        scene.add(Rect(plate, PLATE, colour, 1.0 * k, pad, tag=tag))
        scene.add(Text(left + pad, top + pad + fonts.ascent(size), mark.name, size, colour,
                       box=(left + pad, top + pad, left + pad + width, top + pad + height),
                       tag=tag))
        scene.boxes[f"level:{mark.annotation_id}"] = plate


def pane_mark(scene: Scene, pane: int, x: float, top: float, height: float, k: float) -> float:
    """The pane's colour as a short bar left of its title; returns where the title starts."""
    colour = PANE_COLOURS[pane % len(PANE_COLOURS)]
    width = 4.0 * k
    scene.add(Rect((x, top + height * 0.15, x + width, top + height * 0.85), colour))
    return x + width + 4.0 * k


def _inside(view: Viewport, line: Sequence[tuple[float, float]], room: Box | None
            ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The ends of ``line`` (image row, col) in output pixels, cut to ``room``."""
    first, last = view.to_output(*line[0]), view.to_output(*line[-1])
    return (first, last) if room is None else clip_segment(first, last, room)


def _box(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)
