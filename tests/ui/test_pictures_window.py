"""The window with X-ray, fluoroscopy, ultrasound and colour pictures: the clip player,
brightness/contrast for colour, stickers on an X-ray, and the Space key."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.core import picture_files as pf


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    folder = tmp_path / "pictures"
    pf.write_xray_pair(folder, size=(200, 150))
    pf.write_fluoroscopy(folder, count=8, fps=60.0)
    return folder


def _clip_pane(window) -> int:  # type: ignore[no-untyped-def]
    return next(p for p in window.state.visible_panes
                if window.state.panes[p].sequence == "FLUORO")


def test_a_clip_gets_the_player_and_space_plays_its_frames_in_order(qtbot, window, pictures):
    open_and_wait(qtbot, window, pictures)
    pane = _clip_pane(window)
    bars = [window.grid.panes[p].cine for p in window.state.visible_panes]
    assert [bar.isVisible() for bar in bars] == [p == pane for p in window.state.visible_panes]
    bar = window.grid.panes[pane].cine
    assert bar.rate.text() == "60 frames/s"
    window.state.set_slice(pane, 0)
    seen: list[int] = []
    window.state.panes[pane].changed.connect(
        lambda event: event == "slice" and seen.append(window.state.panes[pane].slice_index))
    window.active.set(pane)
    window.grid.panes[pane].view.setFocus()
    qtbot.keyClick(window.grid.panes[pane].view, Qt.Key.Key_Space)
    assert bar.playing and bar.play.text() == "Pause"
    qtbot.waitUntil(lambda: len(seen) >= 10, timeout=5000)
    qtbot.keyClick(window.grid.panes[pane].view, Qt.Key.Key_Space)
    assert not bar.playing
    frames = seen[:10]
    assert all(b == (a + 1) % 8 for a, b in pairwise(frames))
    assert 0 in frames[1:]  # it looped round


def test_without_loop_the_clip_stops_on_its_last_frame(qtbot, window, pictures):
    open_and_wait(qtbot, window, pictures)
    pane = _clip_pane(window)
    bar = window.grid.panes[pane].cine
    bar.loop.setChecked(False)
    window.state.set_slice(pane, 5)
    bar.set_playing(True)
    qtbot.waitUntil(lambda: not bar.playing, timeout=5000)
    assert window.state.panes[pane].slice_index == 7


def test_a_colour_picture_gets_brightness_and_contrast(qtbot, window, tmp_path):
    pf.write_colour(tmp_path / "colour", "RGB", 0, 8)
    open_and_wait(qtbot, window, tmp_path / "colour")
    window.active.release()
    controls = window.controls
    assert controls.coloured() and controls.colour_note.isVisible()
    assert controls.brightness_spin.isVisible() and not controls.width_spin.isVisible()
    assert controls.brightness_spin.value() == 0 and controls.contrast_spin.value() == 100
    assert [controls.preset.itemText(k) for k in range(controls.preset.count())] == [
        "Colours as recorded", "Brighter", "More contrast"]
    start = window.state.panes[0].window
    controls.brightness_spin.setValue(20)
    window_now = window.state.panes[0].window
    assert window_now.center < start.center and window_now.width == start.width
    controls.contrast_spin.setValue(200)
    assert window.state.panes[0].window.width == pytest.approx(start.width / 2)


def _press(view, point: QPointF, kind=QEvent.Type.MouseButtonPress):  # type: ignore[no-untyped-def]
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease \
        else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, point, QPointF(view.mapToGlobal(point.toPoint())),
                        Qt.MouseButton.LeftButton, held, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, event)


def test_a_sticker_on_an_x_ray_is_anchored_to_it_and_moves_in_its_pixels(
        qtbot, window, pictures):
    open_and_wait(qtbot, window, pictures)
    pane = next(p for p in window.state.visible_panes
                if window.state.panes[p].image.view_position == "AP")
    view = window.grid.panes[pane].view
    window.annotation_panel.choose_phrase("spine_alignment")
    box = view.scene().view.image_box()
    spot = QPointF((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    model = window.viewer.annotations.annotations
    _press(view, spot)
    _press(view, spot, QEvent.Type.MouseButtonRelease)
    (sticker,) = list(model)
    image = window.state.panes[pane].image
    assert sticker.image_uid == image.sop_instance_uid
    row, col = view.to_pixel(spot)
    assert sticker.points[0][:2] == pytest.approx((col, row))
    # the crosshair tool marks nothing on a picture without positions
    window.set_crosshair_tool(True)
    _press(view, spot)
    _press(view, spot, QEvent.Type.MouseButtonRelease)
    assert window.state.crosshair is None
    window.set_crosshair_tool(False)
    # the level tool refuses, saying why
    window.viewer.tools.tool = "level"
    assert "MRI" in window.viewer.tools.refusal(window.state.panes[pane].series)
