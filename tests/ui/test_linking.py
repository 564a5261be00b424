"""Linked scrolling by patient position, zoom/pan sync, and the same-spot crosshair."""

from __future__ import annotations

import numpy as np
import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from ilc_viewer.storage.resources import default_sample_study


def wheel(view, notches: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Turn the mouse wheel over a view (positive = away from the user)."""
    viewport = view
    pos = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(pos, viewport.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


def check_linked(state, source: int) -> None:
    """Every other filled pane shows its slice nearest (along its normal) to the source's."""
    point = state.slice_point(source)
    for pane in range(3):
        series = state.panes[pane].series
        if pane == source or series is None:
            continue
        geometry = series.geometry
        gaps = np.abs(geometry.slice_distances - point @ geometry.normal)
        assert state.panes[pane].slice_index == int(np.argmin(gaps))
        far = gaps.min() > max(geometry.slice_spacing / 2, 0.5) + 1e-6
        assert (state.panes[pane].link_gap is not None) == far


def test_keys_scroll_all_panes_by_position_not_index(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    state = window.state
    view = window.grid.panes[0].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert state.panes[0].slice_index == 0
    check_linked(state, 0)
    assert state.panes[2].link_gap == pytest.approx(6.0)  # STIR starts 6 mm further on
    seen_notes = set()
    for k in range(1, 9):
        qtbot.keyClick(view, Qt.Key.Key_Down)
        assert state.panes[0].slice_index == k
        check_linked(state, 0)
        seen_notes.add(state.panes[2].link_gap is None)
        # the slider of every pane follows the model
        for pane in range(3):
            assert window.grid.panes[pane].slider.value() == state.panes[pane].slice_index
    assert seen_notes == {True, False}
    assert state.panes[1].slice_index != state.panes[0].slice_index  # really not by index
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert state.panes[0].slice_index == 8
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert state.panes[0].slice_index == 3
    check_linked(state, 0)


def test_wheel_and_slider_scroll_and_linking_can_be_switched_off(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    state = window.state
    start = state.panes[1].slice_index
    wheel(window.grid.panes[1].view, -2)  # towards the user: two slices on
    assert state.panes[1].slice_index == start + 2
    check_linked(state, 1)
    window.grid.panes[2].slider.setValue(0)
    assert state.panes[2].slice_index == 0
    check_linked(state, 2)
    window.actions_by_name["link"].trigger()  # off
    assert not state.linked
    before = [p.slice_index for p in state.panes[:3]]
    wheel(window.grid.panes[0].view, 1)
    assert [p.slice_index for p in state.panes[1:3]] == before[1:]
    assert state.panes[0].slice_index == before[0] - 1


def test_ctrl_wheel_zooms_all_panes_and_fit_restores(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    views = [window.grid.panes[k].view for k in range(3)]
    before = [v.scene().view.px_per_mm for v in views]
    wheel(views[0], 2, Qt.KeyboardModifier.ControlModifier)
    zooms = [window.state.panes[k].zoom for k in range(3)]
    assert zooms[0] == pytest.approx(1.44) and zooms == [zooms[0]] * 3
    assert all(v.scene().view.px_per_mm > b for v, b in zip(views, before, strict=True))
    window.active.set(0)
    window.actions_by_name["fit"].trigger()
    assert [window.state.panes[k].zoom for k in range(3)] == [1.0] * 3
    window.actions_by_name["actual"].trigger()
    view = views[0]
    spacing = min(window.state.panes[0].geometry.pixel_spacing)
    assert view.scene().view.px_per_mm * spacing * view.devicePixelRatioF() == \
        pytest.approx(1.0)


def test_left_drag_pans_panes_together(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    view = window.grid.panes[0].view
    centre = QPoint(view.width() // 2, view.height() // 2)
    before = view.to_pixel(QPointF(centre))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view, centre + QPoint(30, 0))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=centre + QPoint(30, 0))
    state = window.state
    assert state.panes[0].centre is not None
    after = view.to_pixel(QPointF(centre))
    assert after[1] < before[1]  # the image moved right, so the centre shows a point left
    assert state.panes[1].centre == state.panes[0].centre


def test_crosshair_marks_the_same_spot_on_every_pane(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    window.actions_by_name["crosshair"].trigger()
    view = window.grid.panes[1].view
    target = QPoint(view.width() // 2, view.height() // 3)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=target)
    state = window.state
    assert state.crosshair is not None
    row, col = state.crosshair_pixel(1)
    clicked = view.to_pixel(QPointF(target))
    assert (row, col) == (pytest.approx(clicked[0]), pytest.approx(clicked[1]))
    marked = [state.crosshair_pixel(k) is not None for k in range(3)]
    assert marked[0] and marked[1]  # T1 and T2 have a slice through the point
    window.actions_by_name["clear_crosshair"].trigger()
    assert state.crosshair is None


SAMPLE = default_sample_study()


@pytest.mark.skipif(not SAMPLE.is_dir() or not any(SAMPLE.rglob("*")),
                    reason="the bundled sample study has not been generated yet")
def test_sample_study_scrolls_linked_by_position(qtbot, window):
    open_and_wait(qtbot, window, SAMPLE)
    state = window.state
    assert [p.sequence for p in state.panes[:3]] == ["T1", "T2", "STIR"]
    view = window.grid.panes[1].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(state.panes[1].slice_count):
        check_linked(state, 1)
        qtbot.keyClick(view, Qt.Key.Key_Down)
