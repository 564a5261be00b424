"""Where each step of the Explain tour puts the panes: slices, centre and zoom.

A finding step shows every pane whose images reach the sticker's spot (T1, T2, STIR of one
frame of reference, and the axial pane when it passes through the spot): each moves to the
image through the spot, centres on it and zooms in. The filters step shows the three
sequences whole, at the middle slice. The window animates from the view before to the
targets (:func:`frame_between`); the handout jumps straight to them. Nothing here knows Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ilc_viewer.annotations.tour import FILTERS_STEP, FINDING_STEP, Step
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.viewer_state import PANE_COUNT, TRIPLE_ORDER, ViewerState

#: Magnification (relative to fit) a finding step zooms to.
TOUR_ZOOM = 2.2
#: A finding is shown on at most this many panes (wide enough to read the words on them).
MOST_PANES = 3
Point = tuple[float, float, float]


@dataclass(frozen=True)
class PaneTarget:
    """Where one pane goes for a step: its image, the patient point at its centre, zoom."""

    pane: int
    slice_index: int
    centre: Point | None
    zoom: float


@dataclass(frozen=True)
class SavedView:
    """The window's view before the tour, given back when it ends."""

    layout: str
    maximised: int | None
    panes: tuple[tuple[int, Point | None, float], ...]  # slice, centre, zoom per pane


def step_targets(opened: OpenStudy, step: Step, zoom: float = TOUR_ZOOM,
                 panel: tuple[float, float] | None = None) -> list[PaneTarget]:
    """The panes a step shows and where each goes (none for a card step).

    ``panel`` = (width, height) of each pane's panel: a finding zooms in at least ``zoom``
    times, and at least enough for the image to fill a panel taller (or wider) than it.
    """
    if step.kind == FILTERS_STEP:
        return filters_targets(opened.state)
    if step.kind == FINDING_STEP:
        annotation = opened.annotations.annotations.get(step.annotation_id)
        if annotation is not None:
            return spot_targets(opened.state, annotation.anchor, zoom, panel,
                                annotation.created_on.series_key)
    return []


def cover_zoom(state: ViewerState, pane: int, panel: tuple[float, float] | None) -> float:
    """The zoom at which a pane's image fills a panel of ``panel`` = (width, height)
    (1.0 when it fits it exactly, or when the size is not known)."""
    geometry = state.panes[pane].geometry
    if panel is None or geometry is None or min(panel) <= 0 or state.fill_panels:
        return 1.0  # (with "fill the panels", zoom 1 covers the panel already)
    rs, cs = geometry.pixel_spacing
    width_mm, height_mm = geometry.columns * cs, geometry.rows * rs
    across, down = panel[0] / width_mm, panel[1] / height_mm
    return max(across, down) / min(across, down)


def filters_targets(state: ViewerState) -> list[PaneTarget]:
    """The three sequences whole, side by side, at the middle slice of the first one (the
    others at the same position)."""
    panes = [k for k in range(len(TRIPLE_ORDER)) if state.panes[k].slice_count]
    if not panes:
        return []
    first = state.panes[panes[0]]
    point = None
    if first.series is not None and first.series.geometry is not None:
        point = first.series.geometry.slice_centre(first.slice_count // 2)
    targets = []
    for pane in panes:
        index = state.panes[pane].slice_count // 2
        geometry = state.panes[pane].series.geometry  # type: ignore[union-attr]
        if point is not None and geometry is not None:
            index = geometry.nearest_image(point).index
        targets.append(PaneTarget(pane, index, None, 1.0))
    return targets


def spot_targets(state: ViewerState, point: Sequence[float], zoom: float = TOUR_ZOOM,
                 panel: tuple[float, float] | None = None, made_on: str = ""
                 ) -> list[PaneTarget]:
    """The panes whose images reach ``point`` (at most :data:`MOST_PANES`, the pane of the
    series ``made_on`` among them), each at the image through it, centred and zoomed (see
    :func:`step_targets` for ``panel``)."""
    reach = []
    for pane in range(PANE_COUNT):
        series = state.panes[pane].series
        geometry = series.geometry if series is not None else None
        if geometry is None:
            continue
        nearest = geometry.nearest_image(point)
        if nearest.inside:
            reach.append((pane, nearest.index))
    own = [item for item in reach if state.panes[item[0]].series.key == made_on]  # type: ignore[union-attr]
    chosen = own[:1] + [item for item in reach if item not in own[:1]]
    chosen = sorted(chosen[:MOST_PANES])
    return [PaneTarget(pane, index, _point(point), max(zoom, cover_zoom(state, pane, panel)))
            for pane, index in chosen]


def apply_targets(state: ViewerState, targets: Sequence[PaneTarget]) -> None:
    """Put each pane where its target says, at once (the handout, the end of an animation)."""
    for target in targets:
        _set_slice(state, target.pane, target.slice_index)
    for target in targets:
        _set_view(state, target.pane, target.centre, target.zoom)


def start_frame(state: ViewerState, targets: Sequence[PaneTarget]) -> list[PaneTarget]:
    """Each target pane's view now, at the target's image (where an animation starts): the
    centre shown now, or the middle of the image when the pane shows it whole."""
    start = []
    for target in targets:
        pane = state.panes[target.pane]
        centre = pane.centre
        geometry = pane.series.geometry if pane.series is not None else None
        if centre is None and geometry is not None:
            middle = geometry.pixel_to_patient((geometry.rows - 1) / 2,
                                               (geometry.columns - 1) / 2, target.slice_index)
            centre = _point(middle)
        start.append(PaneTarget(target.pane, target.slice_index, centre, pane.zoom))
    return start


def frame_between(state: ViewerState, start: Sequence[PaneTarget],
                  targets: Sequence[PaneTarget], t: float) -> None:
    """The view a fraction ``t`` (0 to 1) of the way from ``start`` to ``targets``: images
    at once, centre in a straight line, zoom by equal ratios. ``t`` = 1 is the target."""
    t = min(max(float(t), 0.0), 1.0)
    if t >= 1.0:
        apply_targets(state, targets)
        return
    for begin, end in zip(start, targets, strict=True):
        _set_slice(state, end.pane, end.slice_index)
        zoom = begin.zoom * (end.zoom / begin.zoom) ** t if begin.zoom > 0 else end.zoom
        centre = begin.centre
        if begin.centre is not None and end.centre is not None:
            centre = _point(np.asarray(begin.centre) + (np.asarray(end.centre)
                                                        - np.asarray(begin.centre)) * t)
        elif end.centre is not None:
            centre = end.centre
        _set_view(state, end.pane, centre, zoom)


def save_view(state: ViewerState) -> SavedView:
    """The view to give back after the tour."""
    return SavedView(state.layout, state.maximised, tuple(
        (p.slice_index, p.centre, p.zoom) for p in state.panes))


def restore_view(state: ViewerState, saved: SavedView) -> None:
    """Give back the view :func:`save_view` kept (slices, framing, layout)."""
    if (state.layout, state.maximised) != (saved.layout, saved.maximised):
        state.set_layout(saved.layout)
        if saved.maximised is not None:
            state.toggle_maximised(saved.maximised)
    for pane, (index, centre, zoom) in enumerate(saved.panes):
        _set_slice(state, pane, index)
        _set_view(state, pane, centre, zoom)


def _set_slice(state: ViewerState, pane: int, index: int) -> None:
    """One pane to one image, without moving the others (they get their own targets)."""
    linked = state.linked
    state.linked = False  # plain attribute: no event, the panes keep their own images
    try:
        state.set_slice(pane, index)
    finally:
        state.linked = linked


def _set_view(state: ViewerState, pane: int, centre: Point | None, zoom: float) -> None:
    """One pane's centre and zoom, whether or not the panes zoom together."""
    sync = state.sync_zoom
    state.sync_zoom = False
    try:
        if state.panes[pane].centre != centre:
            state.set_centre(pane, centre)
        state.set_zoom(pane, zoom)
    finally:
        state.sync_zoom = sync


def _point(value: Sequence[float]) -> Point:
    return (float(value[0]), float(value[1]), float(value[2]))
