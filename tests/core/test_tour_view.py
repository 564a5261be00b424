"""Where the tour puts the panes (slice, centre, zoom on every pane) and the dimmed stickers."""

from __future__ import annotations

import numpy as np
import pytest

from ilc_viewer.annotations.model import visible_on
from ilc_viewer.annotations.tour import FINDING_STEP, Step, tour_steps
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.open_study.tour_view import (
    MOST_PANES,
    TOUR_ZOOM,
    apply_targets,
    cover_zoom,
    frame_between,
    restore_view,
    save_view,
    start_frame,
    step_targets,
)
from ilc_viewer.scene.annotations import DIM_ALPHA
from ilc_viewer.scene.panel import SceneOptions, build_scene
from ilc_viewer.scene.primitives import Text
from ilc_viewer.storage.resources import default_sample_study

CASE = default_sample_study()


@pytest.fixture
def opened():  # type: ignore[no-untyped-def]
    study = open_path(CASE)
    study.show_axial(True)
    return study


def finding_steps(opened) -> list[Step]:  # type: ignore[no-untyped-def]
    steps = tour_steps(opened.annotations.tour(), opened.annotations.annotations.snapshot())
    return [s for s in steps if s.kind == FINDING_STEP]


def test_each_finding_step_puts_every_pane_on_the_sticker_zoomed_in(opened) -> None:  # type: ignore[no-untyped-def]
    state = opened.state
    steps = finding_steps(opened)
    assert len(steps) == 4
    for step in steps:
        annotation = opened.annotations.annotations.get(step.annotation_id)
        targets = step_targets(opened, step)
        assert 1 <= len(targets) <= MOST_PANES
        apply_targets(state, targets)
        for target in targets:
            pane = state.panes[target.pane]
            geometry = pane.series.geometry
            assert pane.slice_index == geometry.nearest_image(annotation.anchor).index
            assert visible_on(annotation, pane.series, pane.slice_index)
            assert pane.centre == pytest.approx(annotation.anchor)
            assert pane.zoom == pytest.approx(TOUR_ZOOM)


def test_the_pane_a_sticker_was_made_on_is_always_shown(opened) -> None:  # type: ignore[no-untyped-def]
    for step in finding_steps(opened):
        annotation = opened.annotations.annotations.get(step.annotation_id)
        shown = [opened.state.panes[t.pane].series.key for t in step_targets(opened, step)]
        assert annotation.created_on.series_key in shown


def test_the_filters_step_shows_the_three_sequences_whole_at_one_position(opened) -> None:  # type: ignore[no-untyped-def]
    state = opened.state
    targets = step_targets(opened, Step("filters"))
    assert [t.pane for t in targets] == [0, 1, 2]
    apply_targets(state, targets)
    assert all(state.panes[k].zoom == 1.0 and state.panes[k].centre is None for k in range(3))
    points = [state.slice_point(k) for k in range(3)]
    assert max(abs(float(p[0] - points[0][0])) for p in points) < 2.0  # one sagittal position
    assert step_targets(opened, Step("card", card="old_house")) == []


def test_a_tall_panel_zooms_until_the_image_fills_it(opened) -> None:  # type: ignore[no-untyped-def]
    step = finding_steps(opened)[0]
    cover = cover_zoom(opened.state, 0, (300, 900))
    assert cover == pytest.approx(3.0, rel=0.05)  # square images in a 1:3 panel
    tall = step_targets(opened, step, panel=(300, 900))
    assert all(t.zoom == pytest.approx(max(TOUR_ZOOM, cover)) for t in tall)


def test_the_zoom_goes_smoothly_from_the_view_before_to_the_target(opened) -> None:  # type: ignore[no-untyped-def]
    state = opened.state
    targets = step_targets(opened, finding_steps(opened)[1])
    start = start_frame(state, targets)
    frame_between(state, start, targets, 0.0)
    assert all(state.panes[t.pane].zoom == pytest.approx(1.0) for t in targets)
    frame_between(state, start, targets, 0.5)
    half = state.panes[targets[0].pane]
    assert half.zoom == pytest.approx(np.sqrt(TOUR_ZOOM))  # equal ratios
    between = np.asarray(half.centre)
    assert np.linalg.norm(between - np.asarray(start[0].centre)) > 0
    assert np.linalg.norm(between - np.asarray(targets[0].centre)) > 0
    frame_between(state, start, targets, 1.0)
    assert all(state.panes[t.pane].zoom == pytest.approx(t.zoom) for t in targets)


def test_the_view_before_the_tour_comes_back(opened) -> None:  # type: ignore[no-untyped-def]
    state = opened.state
    state.set_zoom(0, 1.5)
    before = save_view(state)
    for step in finding_steps(opened):
        apply_targets(state, step_targets(opened, step))
    restore_view(state, before)
    assert save_view(state) == before


def test_the_other_stickers_are_dimmed_and_the_focus_is_not(opened) -> None:  # type: ignore[no-untyped-def]
    state = opened.state
    step = finding_steps(opened)[1]  # the dark disc: other stickers on the same slice
    apply_targets(state, step_targets(opened, step))
    scene = build_scene(opened, 1, (600, 800), SceneOptions(focus=step.annotation_id))
    stickers = {a.id for a in opened.annotations.annotations if a.kind == "sticker"}
    alphas: dict[str, set[int]] = {}
    for item in scene.items:
        if isinstance(item, Text) and item.tag is not None and item.tag.annotation_id in stickers:
            alphas.setdefault(item.tag.annotation_id, set()).add(item.colour[3])
    assert alphas[step.annotation_id] == {255}
    others = [i for i in alphas if i != step.annotation_id]
    assert others and all(alphas[i] == {DIM_ALPHA} for i in others)
    plain = build_scene(opened, 1, (600, 800))
    assert all(t.colour[3] == 255 for t in plain.texts() if t.tag is not None)


def test_with_the_panels_filled_a_finding_does_not_zoom_twice(opened) -> None:  # type: ignore[no-untyped-def]
    assert cover_zoom(opened.state, 0, (300.0, 800.0)) > 1.5  # fit: zoom to cover
    opened.state.set_fill_panels(True)
    try:
        assert cover_zoom(opened.state, 0, (300.0, 800.0)) == 1.0  # filled already
    finally:
        opened.state.set_fill_panels(False)
