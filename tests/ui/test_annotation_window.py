"""Annotations in the window: placed once on T2, shown on T1 and STIR, moved, undone, kept.

Uses the bundled sample study (``sample_dicoms/case_a``) and its ``truth.json`` positions;
every test gets its own ILC_VIEWER_DATA_DIR, so nothing touches the user's saved annotations.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import dicom_study
import pydicom
import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from ilc_viewer.annotations.demo import demo_annotations, load_truth
from ilc_viewer.annotations.model import from_pixels
from ilc_viewer.annotations.store import AnnotationStore
from ilc_viewer.storage import user_data
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.ui.main_window import MainWindow
from ilc_viewer.words.phrases import placement_warning

CASE = default_sample_study()
pytestmark = pytest.mark.skipif(not (CASE / "truth.json").is_file(),
                                reason="sample study not generated")
T1, T2, STIR = 0, 1, 2


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder for saved annotations and the clinic's phrases."""
    folder = tmp_path / "data"
    monkeypatch.setenv(user_data.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def truth() -> dict:
    return load_truth(CASE / "truth.json")


@pytest.fixture
def opened(qtbot, window):  # type: ignore[no-untyped-def]
    open_and_wait(qtbot, window, CASE)
    return window


def finding(truth: dict, phrase_id: str) -> tuple[float, float, float]:
    return next(tuple(f["center_mm"]) for f in truth["findings"] if f["phrase_id"] == phrase_id)


def view_of(window, pane):  # type: ignore[no-untyped-def]
    return window.grid.panes[pane].view


def show_spot(window, pane: int, spot) -> QPointF:  # type: ignore[no-untyped-def]
    """Scroll ``pane`` to the slice through ``spot``; its viewport point."""
    geometry = window.state.panes[pane].geometry
    index, _ = geometry.nearest_slice(spot)
    window.state.set_slice(pane, index)
    return viewport_point(window, pane, spot)


def viewport_point(window, pane: int, point) -> QPointF:  # type: ignore[no-untyped-def]
    view = view_of(window, pane)
    row, col, _ = window.state.panes[pane].geometry.patient_to_pixel(point)
    return view.viewportTransform().map(view.pixel_to_scene(row, col))


def expected_scene(window, pane: int, point) -> QPointF:  # type: ignore[no-untyped-def]
    row, col, _ = window.state.panes[pane].geometry.patient_to_pixel(point)
    return view_of(window, pane).pixel_to_scene(row, col)


def send(view, kind, point: QPointF, buttons=Qt.MouseButton.LeftButton):  # type: ignore[no-untyped-def]
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = buttons if kind != QEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
    global_point = QPointF(view.viewport().mapToGlobal(point.toPoint()))
    event = QMouseEvent(kind, point, global_point, button, held, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def click(view, point: QPointF) -> None:  # type: ignore[no-untyped-def]
    send(view, QEvent.Type.MouseButtonPress, point)
    send(view, QEvent.Type.MouseButtonRelease, point)


def drag(view, start: QPointF, end: QPointF) -> None:  # type: ignore[no-untyped-def]
    send(view, QEvent.Type.MouseButtonPress, start)
    for k in range(1, 6):
        send(view, QEvent.Type.MouseMove, start + (end - start) * (k / 5))
    send(view, QEvent.Type.MouseButtonRelease, end)


def place_sticker(qtbot, window, pane: int, phrase_id: str, spot) -> str:  # type: ignore[no-untyped-def]
    window.annotation_panel.choose_phrase(phrase_id)
    assert window.annotation_tools.tool == "sticker"
    before = {a.id for a in window.annotations.annotations}
    click(view_of(window, pane), show_spot(window, pane, spot))
    added = [a.id for a in window.annotations.annotations if a.id not in before]
    assert len(added) == 1
    return added[0]


def close_to(a: QPointF, b: QPointF, tolerance: float) -> bool:
    return abs(a.x() - b.x()) <= tolerance and abs(a.y() - b.y()) <= tolerance


# ----- placed once, shown on all three ----------------------------------------------------
def test_sticker_placed_on_t2_shows_on_t1_and_stir_at_the_same_spot(qtbot, opened, truth):
    spot = finding(truth, "dark_disc")
    new = place_sticker(qtbot, opened, T2, "dark_disc", spot)
    annotation = opened.annotations.annotations.get(new)
    assert annotation.kind == "sticker" and annotation.phrase_id == "dark_disc"
    assert annotation.created_on.sequence == "T2"
    mm_per_px = 1 / view_of(opened, T2).scale()
    assert max(abs(a - b) for a, b in zip(annotation.anchor, spot, strict=True)) < 2 * mm_per_px + 1
    shown = 0
    for pane in (T1, T2, STIR):
        item = opened.layers[pane].items.get(new)
        assert item is not None, f"not shown on {opened.state.panes[pane].sequence}"
        # the item sits where this pane's own geometry puts the patient point ...
        assert close_to(item.pos(), expected_scene(opened, pane, annotation.anchor), 1e-6)
        # ... which is the truth spot of this series (the same anatomy)
        assert close_to(item.pos(), expected_scene(opened, pane, spot), 2 * mm_per_px + 1)
        shown += 1
    assert shown == 3


def test_sticker_stays_put_under_zoom_pan_and_window_and_hides_on_other_slices(
        qtbot, opened, truth):
    spot = finding(truth, "dark_disc")
    new = place_sticker(qtbot, opened, T2, "dark_disc", spot)
    item = opened.layers[T1].items[new]
    scene = QPointF(item.pos())
    state = opened.state
    state.set_zoom(T1, 2.5)
    state.set_centre(T1, spot)
    window = state.panes[T1].window
    state.set_window(T1, type(window)(window.center + 100, window.width * 0.5))
    item = opened.layers[T1].items[new]
    assert close_to(item.pos(), scene, 1e-9)
    assert close_to(view_of(opened, T1).viewportTransform().map(item.pos()),
                    viewport_point(opened, T1, opened.annotations.annotations.get(new).anchor),
                    1e-6)
    index = state.panes[T1].slice_index
    state.set_slice(T1, 0 if index > 3 else state.panes[T1].slice_count - 1)
    assert new not in opened.layers[T1].items  # another slice: not this spot
    state.set_slice(T1, index)
    assert new in opened.layers[T1].items


# ----- move, undo, redo, reopen -----------------------------------------------------------
def test_move_label_and_spot_then_undo_redo_and_find_it_after_reopening(
        qtbot, opened, truth, settings, data_dir):
    spot = finding(truth, "dark_disc")
    new = place_sticker(qtbot, opened, T2, "dark_disc", spot)
    opened.set_tool("select")
    model = opened.annotations.annotations
    placed = model.get(new).points
    view = view_of(opened, T2)
    label = opened.layers[T2].items[new].label
    centre = label.deviceTransform(view.viewportTransform()).map(label.plate_rect().center())
    drag(view, centre, centre + QPointF(40, -30))
    qtbot.waitUntil(lambda: model.get(new).points != placed)
    moved = model.get(new).points
    assert moved[0] == placed[0]  # the label moves alone; the spot stays
    mm_per_px = 1 / view.scale()
    layer = opened.layers[T2]
    shift = layer.scene_points(model.get(new))[1] - \
        layer.scene_points(replace(model.get(new), points=placed))[1]
    assert close_to(shift, QPointF(40 * mm_per_px, -30 * mm_per_px), 1.5 * mm_per_px)

    # the spot moves with its handle (shown on the selected sticker)
    assert opened.annotations.selected == new
    anchor = viewport_point(opened, T2, moved[0])
    drag(view, anchor, anchor + QPointF(12, 16))
    qtbot.waitUntil(lambda: model.get(new).points[0] != moved[0])
    final = model.get(new).points
    assert final[1] == moved[1]
    # every pane follows the model
    assert close_to(opened.layers[T1].items[new].pos(),
                    expected_scene(opened, T1, final[0]), 1e-6)

    opened.actions_by_name["undo"].trigger()
    assert model.get(new).points == moved
    opened.actions_by_name["undo"].trigger()
    assert model.get(new).points == placed
    opened.actions_by_name["redo"].trigger()
    opened.actions_by_name["redo"].trigger()
    assert model.get(new).points == final
    assert close_to(opened.layers[STIR].items[new].pos(),
                    expected_scene(opened, STIR, final[0]), 1e-6)

    # saved after every change, in the data folder; nothing written beside the images
    saved = AnnotationStore(user_data.annotations_dir()).path_for(opened.study.study_uid)
    assert saved.is_file() and saved.is_relative_to(data_dir)
    opened.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    again.resize(1280, 720)
    again.show()
    open_and_wait(qtbot, again, CASE)
    found = again.annotations.annotations.get(new)
    assert found is not None and found.points == final
    assert len(again.annotations.annotations) == len(model)
    again.close()


def test_sample_folder_is_never_written(qtbot, opened, truth):
    before = sorted(p.name for p in CASE.rglob("*"))
    place_sticker(qtbot, opened, T2, "dark_disc", finding(truth, "dark_disc"))
    assert sorted(p.name for p in CASE.rglob("*")) == before


def test_demo_stickers_shown_at_first_launch_and_saved_with_the_first_change(
        qtbot, opened, truth):
    demos = demo_annotations(truth, opened.annotations.library)
    model = opened.annotations.annotations
    assert sorted(a.phrase_id for a in model) == sorted(a.phrase_id for a in demos)
    path = AnnotationStore(user_data.annotations_dir()).path_for(opened.study.study_uid)
    assert not path.exists()  # opening a sample writes nothing
    shown = sum(len(layer.items) for layer in opened.layers[:3])
    assert shown >= 3  # the dark disc and the healthy disc are on the middle slices
    first = next(iter(model))
    opened.annotations.update(first.id, color="#ffffff")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert len(saved["annotations"]) == len(demos)


# ----- never lost -------------------------------------------------------------------------
def test_corrupt_annotation_file_is_set_aside_with_a_message_and_work_goes_on(
        qtbot, window, truth):
    store = AnnotationStore(user_data.annotations_dir())
    path = store.path_for(truth["study_uid"])
    path.parent.mkdir(parents=True)
    path.write_text('{"format_version": 1, "annotations": [', encoding="utf-8")
    open_and_wait(qtbot, window, CASE)
    assert len(window.annotations.annotations) == 0
    assert all(not layer.items for layer in window.layers)
    aside = list(path.parent.glob("*.corrupt-*.json"))
    assert len(aside) == 1 and not path.exists()
    assert window.banner.isVisible()
    assert str(aside[0]) in window.banner.text() and "could not be read" in window.banner.text()
    # work goes on: a new sticker is saved in a fresh file
    place_sticker(qtbot, window, T2, "dark_disc", finding(truth, "dark_disc"))
    assert len(json.loads(path.read_text(encoding="utf-8"))["annotations"]) == 1


def test_save_failure_shows_in_the_banner_and_the_sticker_stays(qtbot, opened, truth, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "annotations").write_text("a file where the folder should be")
    new = place_sticker(qtbot, opened, T2, "dark_disc", finding(truth, "dark_disc"))
    assert "could not be saved" in opened.banner.text() and opened.banner.isVisible()
    assert new in opened.annotations.annotations and new in opened.layers[T2].items


def test_broken_clinic_phrase_file_is_reported_and_builtin_phrases_work(qtbot, window, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "phrases.json").write_text('{"phrases": [\n  {"id": "Bad Id"}\n]}')
    fresh = MainWindow(settings=window.settings)
    qtbot.addWidget(fresh)
    fresh.show()
    open_and_wait(qtbot, fresh, CASE)
    assert "phrases.json" in fresh.banner.text()
    assert "dark_disc" in fresh.annotation_panel.visible_phrase_ids()
    fresh.close()


# ----- tools ------------------------------------------------------------------------------
def test_each_tool_creates_its_kind(qtbot, opened, truth):
    opened.ask_text = lambda title, label, current: "Look here"
    view = view_of(opened, T2)
    centre = show_spot(opened, T2, finding(truth, "dark_disc"))
    model = opened.annotations.annotations
    gestures = {
        "text": [("click", centre)],
        "arrow": [("drag", centre + QPointF(-60, -40), centre)],
        "ellipse": [("drag", centre - QPointF(20, 15), centre + QPointF(20, 15))],
        "ruler": [("drag", centre - QPointF(30, 0), centre + QPointF(30, 0))],
        "angle": [("click", centre + QPointF(-40, -30)), ("click", centre),
                  ("click", centre + QPointF(40, -30))],
    }
    opened.annotation_panel.choose_phrase("healthy_disc")
    gestures["sticker"] = [("click", centre)]
    for tool, steps in gestures.items():
        opened.set_tool(tool)
        before = len(model)
        for step in steps:
            if step[0] == "click":
                click(view, step[1])
            else:
                drag(view, step[1], step[2])
        assert len(model) == before + 1, tool
        made = list(model)[-1]
        assert made.kind == tool and made.created_on.sequence == "T2"
        assert made.id in opened.layers[T2].items
    ruler = next(a for a in model if a.kind == "ruler")
    mm = 60 / view.scale()
    words = opened.layers[T2].items[ruler.id].text.split()
    assert words[1] == "mm" and abs(float(words[0]) - mm) < 0.2  # 60 screen pixels in mm
    assert next(a for a in model if a.kind == "text").text == "Look here"


def test_a_click_without_drag_draws_no_arrow(qtbot, opened):
    opened.set_tool("arrow")
    before = len(opened.annotations.annotations)
    view = view_of(opened, T2)
    click(view, QPointF(view.viewport().width() / 2, view.viewport().height() / 2))
    assert len(opened.annotations.annotations) == before


def test_t2_phrase_placed_on_t1_gets_a_gentle_warning(qtbot, opened, truth):
    new = place_sticker(qtbot, opened, T1, "dark_disc", finding(truth, "dark_disc"))
    phrase = opened.annotations.library["dark_disc"]
    assert new in opened.annotations.annotations  # placed all the same
    assert opened.statusBar().currentMessage() == placement_warning(phrase, "T1", "en")


def test_ruler_is_disabled_with_the_reason_when_pixel_spacing_is_missing(qtbot, window, tmp_path):
    folder = dicom_study.write_study(tmp_path / "nospacing")
    for path in folder.rglob("*.dcm"):
        ds = pydicom.dcmread(path)
        del ds.PixelSpacing
        ds.save_as(path)
    open_and_wait(qtbot, window, folder)
    ruler = window.actions_by_name["tool_ruler"]
    assert not ruler.isEnabled()
    assert "Pixel Spacing" in ruler.toolTip()
    # even when asked directly, the ruler refuses with the reason and draws nothing
    window.annotation_tools.set_tool("ruler")
    view = view_of(window, T2)
    middle = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    drag(view, middle - QPointF(20, 0), middle + QPointF(20, 0))
    assert len(window.annotations.annotations) == 0
    assert "Pixel Spacing" in window.statusBar().currentMessage()
    # other tools still work there
    window.set_tool("arrow")
    drag(view, middle - QPointF(20, 20), middle)
    assert [a.kind for a in window.annotations.annotations] == ["arrow"]


def test_ruler_is_enabled_on_the_sample(qtbot, opened):
    assert opened.actions_by_name["tool_ruler"].isEnabled()


# ----- delete, show / hide, language, export ----------------------------------------------
def test_delete_and_undo_brings_it_back_in_place(qtbot, opened):
    model = opened.annotations.annotations
    order = [a.id for a in model]
    victim = order[1]
    opened.annotations.select(victim)
    opened.actions_by_name["delete_annotation"].trigger()
    assert victim not in model
    assert all(victim not in layer.items for layer in opened.layers)
    assert opened.annotation_panel.list.count() == len(order) - 1
    opened.actions_by_name["undo"].trigger()
    assert [a.id for a in model] == order
    opened.actions_by_name["redo"].trigger()
    assert victim not in model


def test_show_hide_all_annotations(qtbot, opened):
    action = opened.actions_by_name["show_annotations"]
    assert any(layer.items for layer in opened.layers)
    action.trigger()
    assert not opened.annotations.visible
    assert all(not layer.items for layer in opened.layers)
    assert opened.export_context().annotations == []  # the export follows the screen
    assert len(opened.annotations.annotations) > 0  # hidden, not deleted
    action.trigger()
    assert any(layer.items for layer in opened.layers)


def test_language_switch_changes_sticker_words(qtbot, opened):
    phrase = opened.annotations.library["dark_disc"]
    sticker = next(a for a in opened.annotations.annotations if a.phrase_id == "dark_disc")
    item = next(layer.items[sticker.id] for layer in opened.layers if sticker.id in layer.items)
    assert item.text == phrase.label.en
    opened.actions_by_name["japanese"].trigger()
    item = next(layer.items[sticker.id] for layer in opened.layers if sticker.id in layer.items)
    assert item.text == phrase.label.ja
    rows = [opened.annotation_panel.list.item(k).text()
            for k in range(opened.annotation_panel.list.count())]
    assert any(phrase.label.ja in row and phrase.explanation.ja in row for row in rows)


def test_export_carries_the_stickers_and_the_library(qtbot, opened):
    context = opened.export_context()
    assert [a.id for a in context.annotations] == [a.id for a in opened.annotations.annotations]
    assert context.library is opened.annotations.library


def test_show_on_all_sequences_switch_and_colour_from_the_panel(qtbot, opened, truth):
    new = place_sticker(qtbot, opened, T2, "dark_disc", finding(truth, "dark_disc"))
    panel = opened.annotation_panel
    assert panel.on_all.isChecked()
    panel.on_all.setChecked(False)
    assert new in opened.layers[T2].items
    assert new not in opened.layers[T1].items and new not in opened.layers[STIR].items
    index = panel.colour.findText("Cyan")
    panel.colour.setCurrentIndex(index)
    panel.colour.activated.emit(index)
    assert opened.annotations.annotations.get(new).color == "#4fc3f7"
    opened.actions_by_name["undo"].trigger()
    opened.actions_by_name["undo"].trigger()
    assert new in opened.layers[T1].items


def test_double_click_edits_the_text(qtbot, opened, truth):
    new = place_sticker(qtbot, opened, T2, "dark_disc", finding(truth, "dark_disc"))
    opened.set_tool("select")
    opened.ask_text = lambda title, label, current: "Your L4/5 disc"
    view = view_of(opened, T2)
    label = opened.layers[T2].items[new].label
    centre = label.deviceTransform(view.viewportTransform()).map(label.plate_rect().center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre.toPoint())
    qtbot.waitUntil(lambda: opened.annotations.annotations.get(new).text == "Your L4/5 disc")
    assert opened.layers[T2].items[new].text == "Your L4/5 disc"
    assert opened.state.maximised is None  # the double-click edited, it did not maximise


def test_annotation_made_by_the_core_on_t2_is_on_t1(qtbot, opened, truth):
    """The core's from_pixels and the window agree (no screen gesture involved)."""
    spot = finding(truth, "marrow_oedema")
    t2 = opened.state.panes[T2]
    row, col, index = t2.geometry.patient_to_pixel(spot)
    made = from_pixels("arrow", [(row, col), (row - 10, col - 10)], t2.series, round(index))
    opened.annotations.add(made)
    show_spot(opened, T1, spot)
    assert close_to(opened.layers[T1].items[made.id].pos(),
                    expected_scene(opened, T1, made.anchor), 1e-6)


# ----- overlays tidy-up (same words as the export; bar clear of the side letter) ----------
def test_scale_bar_stays_below_the_right_orientation_letter(qtbot, opened):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from ilc_viewer.ui.overlays import OverlayPainter

    image = QImage(300, 600, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    opened.state.set_captions_visible(True)
    overlay = OverlayPainter(painter, QRectF(0, 0, 300, 600), opened.state, T2)
    texts: list[tuple[str, QPointF]] = []
    lines: list[tuple[QPointF, QPointF]] = []
    real_text = overlay.text

    class Recorder:
        def __init__(self, inner):  # type: ignore[no-untyped-def]
            self.inner = inner

        def drawLine(self, a, b):  # type: ignore[no-untyped-def]
            lines.append((a, b))
            self.inner.drawLine(a, b)

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(self.inner, name)

    overlay.p = Recorder(painter)  # type: ignore[assignment]
    overlay.text = lambda point, text, *a, **k: (texts.append((text, point)),  # type: ignore[method-assign]
                                                 real_text(point, text, *a, **k))
    overlay.orientation_letters()
    overlay.scale_bar(2.1)  # a 10 cm bar would be 35 % of the pane's height
    painter.end()
    right = max((point for _, point in texts), key=lambda p: p.x())
    letter_bottom = right.y() + overlay.line_height(1.2)
    bar = [(a, b) for a, b in lines if a.x() == b.x()]
    assert bar, "no scale bar drawn"
    assert min(min(a.y(), b.y()) for a, b in bar) >= letter_bottom
