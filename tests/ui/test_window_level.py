"""Window/level: right-drag directions, presets, reset, invert, MONOCHROME1, fields, histogram."""

from __future__ import annotations

import dicom_study
import numpy as np
import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from ilc_viewer import display


def right_drag(view, dx: float, dy: float) -> None:
    """Press the right button in the middle of the view, move by (dx, dy), release."""
    viewport = view
    start = QPointF(viewport.width() / 2, viewport.height() / 2)
    end = start + QPointF(dx, dy)
    for kind, pos, buttons in (
        (QEvent.Type.MouseButtonPress, start, Qt.MouseButton.RightButton),
        (QEvent.Type.MouseMove, (start + end) / 2, Qt.MouseButton.RightButton),
        (QEvent.Type.MouseMove, end, Qt.MouseButton.RightButton),
        (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), Qt.MouseButton.RightButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)


def pixels(view) -> np.ndarray:
    """The pane's windowed grey levels (rows, cols), as its scene paints them."""
    return view.scene().picture.pixels.copy()


@pytest.fixture
def opened(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    return window


def test_right_drag_right_widens_and_down_raises_centre(opened):
    state, view = opened.state, opened.grid.panes[1].view
    before = state.panes[1].window
    right_drag(view, 60, 0)
    after = state.panes[1].window
    assert after.width > before.width and after.center == pytest.approx(before.center)
    right_drag(view, -120, 0)
    assert state.panes[1].window.width < after.width
    before = state.panes[1].window
    right_drag(view, 0, 50)
    assert state.panes[1].window.center > before.center
    assert state.panes[1].window.width == pytest.approx(before.width)
    right_drag(view, 0, -100)
    assert state.panes[1].window.center < before.center + 1e-9
    # the change applies to this pane only: T1 and STIR keep their own windows
    assert state.panes[0].window == state.panes[0].default_window
    assert state.panes[2].window == state.panes[2].default_window


def test_drag_changes_the_picture_and_the_fields(opened):
    view = opened.grid.panes[0].view
    opened.active.set(0)
    first = pixels(view)
    right_drag(view, -80, 0)  # narrower window: more contrast
    window = opened.state.panes[0].window
    assert opened.controls.width_spin.value() == pytest.approx(round(window.width))
    assert opened.controls.center_spin.value() == pytest.approx(round(window.center))
    assert not np.array_equal(first, pixels(view))


def test_typing_width_and_centre_sets_the_window(opened):
    opened.active.set(2)
    controls = opened.controls
    controls.width_spin.setValue(321)
    controls.center_spin.setValue(123)
    assert opened.state.panes[2].window == display.Window(center=123, width=321)


def test_presets_apply_and_reset_returns(opened):
    opened.active.set(1)
    controls = opened.controls
    names = [controls.preset.itemText(k) for k in range(controls.preset.count())]
    assert "Automatic" in names and len(names) >= 3  # DICOM, automatic, sequence-aware
    for k in range(controls.preset.count()):
        controls.preset.activated.emit(k)
        assert opened.state.panes[1].window == controls.presets[k].window
        assert controls.preset.currentIndex() == k
    opened.actions_by_name["next_preset"].trigger()
    assert opened.state.panes[1].window == controls.presets[0].window
    controls.reset.click()
    assert opened.state.panes[1].window == opened.state.panes[1].default_window


def test_invert_flips_grey_levels_and_back(opened):
    opened.active.set(0)
    view = opened.grid.panes[0].view
    normal = pixels(view).astype(int)
    opened.actions_by_name["invert"].trigger()
    assert opened.state.panes[0].invert and opened.controls.invert.isChecked()
    inverted = pixels(view).astype(int)
    assert np.array_equal(inverted, 255 - normal)
    opened.controls.invert.setChecked(False)
    assert np.array_equal(pixels(view).astype(int), normal)


def test_keyboard_nudges_move_width_and_centre(opened):
    opened.active.set(0)
    start = opened.state.panes[0].window
    opened.actions_by_name["wider"].trigger()
    assert opened.state.panes[0].window.width > start.width
    opened.actions_by_name["darker"].trigger()
    assert opened.state.panes[0].window.center > start.center


def test_link_windows_of_the_same_sequence(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    window.put_series(2, window.state.panes[1].series.key)  # T2 in panes 2 and 3
    window.controls.link.setChecked(True)
    window.active.set(1)
    right_drag(window.grid.panes[1].view, 50, 30)
    assert window.state.panes[2].window == window.state.panes[1].window
    assert window.state.panes[0].window == window.state.panes[0].default_window


def test_monochrome1_is_shown_with_bright_tissue_white(qtbot, window, tmp_path):
    folder = dicom_study.write_study(tmp_path / "mono1", labels=("T1",), photometric="MONOCHROME1")
    open_and_wait(qtbot, window, folder)
    picture = pixels(window.grid.panes[0].view)
    # the stamp at rows 2-5, cols 2-9 is the brightest tissue; air in the corner is black
    assert picture[3, 5] > 200 and picture[-1, -1] < 50


def test_histogram_shows_the_active_pane_and_its_window(opened):
    opened.active.set(2)
    histogram = opened.controls.histogram
    pane = opened.state.panes[2]
    values = opened.viewer.frames.frame(pane.series, pane.slice_index)
    assert histogram.counts is not None
    assert histogram.counts.sum() == np.count_nonzero(values > values.min())  # air left out
    opened.state.step(2, 1)  # another slice: the histogram follows
    values = opened.viewer.frames.frame(pane.series, pane.slice_index)
    assert histogram.edges[-1] == pytest.approx(values.max())
    assert histogram.window == opened.state.panes[2].window
    histogram.grab()  # paints without error
