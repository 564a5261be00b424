"""The axial pane, reference lines and spine levels in the window, on the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from ilc_viewer.annotations.levels import image_level, level_marks
from ilc_viewer.scene.primitives import Line
from ilc_viewer.storage import user_data
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.ui.main_window import MainWindow

CASE = default_sample_study()
pytestmark = pytest.mark.skipif(not (CASE / "truth.json").is_file(),
                                reason="sample study not generated")
T2, AXIAL = 1, 3


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(user_data.ENV_VAR, str(tmp_path / "data"))


@pytest.fixture
def opened(qtbot, window):  # type: ignore[no-untyped-def]
    window.resize(1600, 900)
    open_and_wait(qtbot, window, CASE)
    return window


def send(view, kind, point: QPointF) -> None:  # type: ignore[no-untyped-def]
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease \
        else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, point, QPointF(view.mapToGlobal(point.toPoint())), button, held,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, event)


def click(view, point: QPointF) -> None:  # type: ignore[no-untyped-def]
    send(view, QEvent.Type.MouseButtonPress, point)
    send(view, QEvent.Type.MouseButtonRelease, point)


def screen_of(window, pane: int, point) -> QPointF:  # type: ignore[no-untyped-def]
    state = window.state.panes[pane]
    row, col, _ = state.geometry.patient_to_pixel(point, state.slice_index)
    return window.grid.panes[pane].view.to_screen(row, col)


def test_the_sample_opens_with_its_axial_pane_and_the_choice_is_remembered(
        qtbot, opened, settings):
    state = opened.state
    assert state.layout == "1x4" and state.panes[AXIAL].series.plane == "axial"
    assert opened.actions_by_name["axial"].isChecked()
    scene = opened.grid.panes[T2].view.scene()
    assert "reference:3" in scene.boxes  # the axial image's line on the T2 pane
    opened.actions_by_name["axial"].trigger()
    assert state.layout == "1x3"
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    again.show()
    open_and_wait(qtbot, again, CASE)
    assert again.state.layout == "1x3"  # the last choice
    again.close()


def test_dragging_the_axial_line_on_the_sagittal_brings_the_axial_image_there(qtbot, opened):
    view = opened.grid.panes[T2].view
    line = next(item for item in view.scene().items if isinstance(item, Line)
                and item.tag is not None and item.tag.part == "reference" and item.tag.index == 3)
    (x0, y0), (x1, y1) = line.points
    # a point of the line away from the stickers (they sit in front of the spine)
    start = next(QPointF(x0 + (x1 - x0) * s, y0 + (y1 - y0) * s) for s in (0.85, 0.7, 0.95, 0.15)
                 if view.scene().hit(x0 + (x1 - x0) * s, y0 + (y1 - y0) * s).part == "reference")
    before = opened.state.panes[AXIAL].slice_index
    send(view, QEvent.Type.MouseButtonPress, start)
    for k in range(1, 6):
        send(view, QEvent.Type.MouseMove, start + QPointF(0, -12 * k))
    send(view, QEvent.Type.MouseButtonRelease, start + QPointF(0, -60))
    after = opened.state.panes[AXIAL].slice_index
    assert after != before
    # the image it went to is the one whose plane passes nearest the point let go
    point = view.to_patient(start + QPointF(0, -60))
    axial = opened.state.panes[AXIAL].series.geometry
    assert after == axial.nearest_image(point).index


def test_the_same_spot_on_a_sagittal_pane_moves_the_axial_pane(qtbot, opened, truth=None):
    opened.actions_by_name["crosshair"].trigger()
    marks = level_marks(opened.viewer.annotations.annotations)
    disc = next(mark for mark in marks if mark.name == "L4/5")
    click(opened.grid.panes[T2].view, screen_of(opened, T2, disc.point))
    axial = opened.state.panes[AXIAL]
    level = image_level(axial.series, axial.slice_index, opened.viewer.annotations.annotations)
    assert level is not None and level.name == "L4/5"


def test_the_level_tool_names_each_click_and_undo_and_rename_work(qtbot, opened):
    controller = opened.viewer.annotations
    for annotation in controller.annotations:  # start afresh: no stickers, no labels
        controller.remove(annotation.id)
    truth_levels = {mark.name: mark.point for mark in
                    level_marks(opened.viewer.opened.annotations.annotations)}
    assert truth_levels == {}
    from ilc_viewer.annotations.demo import demo_levels, load_truth

    points = {a.text: a.anchor for a in demo_levels(load_truth(CASE / "truth.json"))}
    asked = []
    opened.viewer.tools.ask_choice = lambda title, label, items, current: (
        asked.append(items), "L4/5")[1]
    opened.actions_by_name["tool_level"].trigger()
    assert opened.viewer.tools.tool == "level" and asked
    view = opened.grid.panes[T2].view
    for name in ("L4/5", "L3/4", "L5/S1"):  # the start, then one up, then below the first
        click(view, screen_of(opened, T2, points[name]))
    names = [mark.name for mark in level_marks(controller.annotations)]
    assert names == ["L3/4", "L4/5", "L5/S1"]
    opened.actions_by_name["undo"].trigger()
    assert [m.name for m in level_marks(controller.annotations)] == ["L3/4", "L4/5"]
    # double-click a label: rename it
    opened.viewer.tools.set_tool("select")
    top = next(m for m in level_marks(controller.annotations) if m.name == "L3/4")
    opened.viewer.tools.ask_choice = lambda title, label, items, current: "L2/3"
    box = view.scene().boxes[f"level:{top.annotation_id}"]
    centre = QPointF((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    qtbot.waitUntil(lambda: controller.annotations.get(top.annotation_id).text == "L2/3")
    opened.actions_by_name["undo"].trigger()
    assert controller.annotations.get(top.annotation_id).text == "L3/4"
