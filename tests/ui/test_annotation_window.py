"""Annotations in the window: placed once on T2, shown on T1 and STIR, moved, undone, kept.

Uses the bundled sample study (``sample_dicoms/case_a``) and its ``truth.json`` positions;
every test gets its own ILC_VIEWER_DATA_DIR, so nothing touches the user's saved annotations.
"""

from __future__ import annotations

import json
from pathlib import Path

import dicom_study
import pydicom
import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from ilc_viewer.annotations.demo import demo_annotations, demo_levels, load_truth
from ilc_viewer.annotations.model import from_pixels
from ilc_viewer.annotations.store import AnnotationStore
from ilc_viewer.export import RenderOptions, render
from ilc_viewer.scene.primitives import Line
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
    """Where a patient point lies on a pane's widget, by the pane's own geometry."""
    row, col, _ = window.state.panes[pane].geometry.patient_to_pixel(point)
    return view_of(window, pane).to_screen(row, col)


def drawn(window, pane: int) -> set[str]:  # type: ignore[no-untyped-def]
    """Ids of the annotations the pane's scene draws now (not other panes' reference lines)."""
    scene = view_of(window, pane).scene()
    return {item.tag.annotation_id for item in scene.items
            if item.tag is not None and item.tag.part != "reference"}


def tip(window, pane: int, annotation_id: str) -> QPointF:  # type: ignore[no-untyped-def]
    """Where the pane draws the end of a sticker's or arrow's line (its spot)."""
    scene = view_of(window, pane).scene()
    line = next(item for item in scene.items if isinstance(item, Line) and item.tag is not None
                and item.tag.annotation_id == annotation_id and item.tag.part == "shape")
    return QPointF(*line.points[-1])


def label_centre(window, pane: int, annotation_id: str) -> QPointF:  # type: ignore[no-untyped-def]
    """The middle of an annotation's label plate on a pane."""
    left, top, right, bottom = view_of(window, pane).scene().boxes[f"label:{annotation_id}"]
    return QPointF((left + right) / 2, (top + bottom) / 2)


def label_words(window, pane: int, annotation_id: str) -> str:  # type: ignore[no-untyped-def]
    """The words of an annotation's label on a pane (its lines joined by spaces)."""
    scene = view_of(window, pane).scene()
    return " ".join(item.text for item in scene.texts() if item.tag is not None
                    and item.tag.annotation_id == annotation_id)


def px_per_mm(window, pane: int) -> float:  # type: ignore[no-untyped-def]
    return view_of(window, pane).scene().view.px_per_mm


def send(view, kind, point: QPointF, buttons=Qt.MouseButton.LeftButton):  # type: ignore[no-untyped-def]
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = buttons if kind != QEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
    global_point = QPointF(view.mapToGlobal(point.toPoint()))
    event = QMouseEvent(kind, point, global_point, button, held, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, event)


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
    assert window.viewer.tools.tool == "sticker"
    model = window.viewer.annotations.annotations
    before = {a.id for a in model}
    click(view_of(window, pane), show_spot(window, pane, spot))
    added = [a.id for a in model if a.id not in before]
    assert len(added) == 1
    return added[0]


def close_to(a: QPointF, b: QPointF, tolerance: float) -> bool:
    return abs(a.x() - b.x()) <= tolerance and abs(a.y() - b.y()) <= tolerance


# ----- placed once, shown on all three ----------------------------------------------------
def test_sticker_placed_on_t2_shows_on_t1_and_stir_at_the_same_spot(qtbot, opened, truth):
    spot = finding(truth, "dark_disc")
    new = place_sticker(qtbot, opened, T2, "dark_disc", spot)
    annotation = opened.viewer.annotations.annotations.get(new)
    assert annotation.kind == "sticker" and annotation.phrase_id == "dark_disc"
    assert annotation.created_on.sequence == "T2"
    mm_per_px = 1 / px_per_mm(opened, T2)
    assert max(abs(a - b) for a, b in zip(annotation.anchor, spot, strict=True)) < 2 * mm_per_px + 1
    for pane in (T1, T2, STIR):
        assert new in drawn(opened, pane), f"not shown on {opened.state.panes[pane].sequence}"
        # the arrow ends where this pane's own geometry puts the patient point ...
        assert close_to(tip(opened, pane, new), viewport_point(opened, pane, annotation.anchor),
                        1e-6)
        # ... which is the truth spot of this series (the same anatomy)
        assert close_to(tip(opened, pane, new), viewport_point(opened, pane, spot), 3)


def test_sticker_stays_put_under_zoom_pan_and_window_and_hides_on_other_slices(
        qtbot, opened, truth):
    spot = finding(truth, "dark_disc")
    new = place_sticker(qtbot, opened, T2, "dark_disc", spot)
    anchor = opened.viewer.annotations.annotations.get(new).anchor
    assert new in drawn(opened, T1)
    state = opened.state
    state.set_zoom(T1, 2.5)
    state.set_centre(T1, spot)
    window = state.panes[T1].window
    state.set_window(T1, type(window)(window.center + 100, window.width * 0.5))
    view = view_of(opened, T1)
    centre = QPointF(*view.scene().view.centre)  # the middle of the room the words leave
    assert close_to(viewport_point(opened, T1, spot), centre, 1.0)  # zoomed in on the spot
    assert close_to(tip(opened, T1, new), viewport_point(opened, T1, anchor), 1e-6)
    index = state.panes[T1].slice_index
    state.set_slice(T1, 0 if index > 3 else state.panes[T1].slice_count - 1)
    assert new not in drawn(opened, T1)  # another slice: not this spot
    state.set_slice(T1, index)
    assert new in drawn(opened, T1)


# ----- move, undo, redo, reopen -----------------------------------------------------------
def test_move_label_and_spot_then_undo_redo_and_find_it_after_reopening(
        qtbot, opened, truth, settings, data_dir):
    spot = finding(truth, "dark_disc")
    new = place_sticker(qtbot, opened, T2, "dark_disc", spot)
    opened.viewer.tools.set_tool("select")
    model = opened.viewer.annotations.annotations
    placed = model.get(new).points
    view = view_of(opened, T2)
    centre = label_centre(opened, T2, new)
    drag(view, centre, centre + QPointF(40, -30))
    qtbot.waitUntil(lambda: model.get(new).points != placed)
    moved = model.get(new).points
    assert moved[0] == placed[0]  # the label moves alone; the spot stays
    shift = viewport_point(opened, T2, moved[1]) - viewport_point(opened, T2, placed[1])
    assert close_to(shift, QPointF(40, -30), 1.5)  # moved as far as the mouse, on screen

    # the spot moves with its handle (shown on the selected sticker)
    assert opened.viewer.annotations.selected == new
    anchor = viewport_point(opened, T2, moved[0])
    drag(view, anchor, anchor + QPointF(12, 16))
    qtbot.waitUntil(lambda: model.get(new).points[0] != moved[0])
    final = model.get(new).points
    assert final[1] == moved[1]
    # every pane follows the model
    assert close_to(tip(opened, T1, new), viewport_point(opened, T1, final[0]), 1e-6)

    opened.actions_by_name["undo"].trigger()
    assert model.get(new).points == moved
    opened.actions_by_name["undo"].trigger()
    assert model.get(new).points == placed
    opened.actions_by_name["redo"].trigger()
    opened.actions_by_name["redo"].trigger()
    assert model.get(new).points == final
    assert close_to(tip(opened, STIR, new), viewport_point(opened, STIR, final[0]), 1e-6)

    # saved after every change, in the data folder; nothing written beside the images
    saved = AnnotationStore(user_data.annotations_dir()).path_for(opened.study.study_uid)
    assert saved.is_file() and saved.is_relative_to(data_dir)
    opened.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    again.resize(1280, 720)
    again.show()
    open_and_wait(qtbot, again, CASE)
    found = again.viewer.annotations.annotations.get(new)
    assert found is not None and found.points == final
    assert len(again.viewer.annotations.annotations) == len(model)
    again.close()


def test_sample_folder_is_never_written(qtbot, opened, truth):
    before = sorted(p.name for p in CASE.rglob("*"))
    place_sticker(qtbot, opened, T2, "dark_disc", finding(truth, "dark_disc"))
    assert sorted(p.name for p in CASE.rglob("*")) == before


def test_demo_stickers_shown_at_first_launch_and_saved_with_the_first_change(
        qtbot, opened, truth):
    controller = opened.viewer.annotations
    demos = demo_annotations(truth, controller.library) + demo_levels(truth)
    model = controller.annotations
    assert sorted(a.phrase_id for a in model) == sorted(a.phrase_id for a in demos)
    assert sum(a.kind == "level" for a in model) == len(demo_levels(truth)) > 0
    path = AnnotationStore(user_data.annotations_dir()).path_for(opened.study.study_uid)
    assert not path.exists()  # opening a sample writes nothing
    shown = sum(len(drawn(opened, pane)) for pane in (T1, T2, STIR))
    assert shown >= 3  # the dark disc and the healthy disc are on the middle slices
    first = next(iter(model))
    controller.update(first.id, color="#ffffff")
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
    assert len(window.viewer.annotations.annotations) == 0
    assert all(not drawn(window, pane) for pane in (T1, T2, STIR))
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
    assert new in opened.viewer.annotations.annotations and new in drawn(opened, T2)


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
    model = opened.viewer.annotations.annotations
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
        opened.viewer.tools.set_tool(tool)
        before = len(model)
        for step in steps:
            if step[0] == "click":
                click(view, step[1])
            else:
                drag(view, step[1], step[2])
        assert len(model) == before + 1, tool
        made = list(model)[-1]
        assert made.kind == tool and made.created_on.sequence == "T2"
        assert made.id in drawn(opened, T2)
    ruler = next(a for a in model if a.kind == "ruler")
    mm = 60 / px_per_mm(opened, T2)
    words = label_words(opened, T2, ruler.id).split()
    assert words[1] == "mm" and abs(float(words[0]) - mm) < 0.2  # 60 screen pixels in mm
    assert next(a for a in model if a.kind == "text").text == "Look here"


def test_a_click_without_drag_draws_no_arrow(qtbot, opened):
    opened.viewer.tools.set_tool("arrow")
    before = len(opened.viewer.annotations.annotations)
    view = view_of(opened, T2)
    click(view, QPointF(view.width() / 2, view.height() / 2))
    assert len(opened.viewer.annotations.annotations) == before


def test_t2_phrase_placed_on_t1_gets_a_gentle_warning(qtbot, opened, truth):
    new = place_sticker(qtbot, opened, T1, "dark_disc", finding(truth, "dark_disc"))
    phrase = opened.viewer.annotations.library["dark_disc"]
    assert new in opened.viewer.annotations.annotations  # placed all the same
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
    window.viewer.tools.set_tool("ruler")
    view = view_of(window, T2)
    middle = QPointF(view.width() / 2, view.height() / 2)
    drag(view, middle - QPointF(20, 0), middle + QPointF(20, 0))
    assert len(window.viewer.annotations.annotations) == 0
    assert "Pixel Spacing" in window.statusBar().currentMessage()
    # other tools still work there
    window.viewer.tools.set_tool("arrow")
    drag(view, middle - QPointF(20, 20), middle)
    assert [a.kind for a in window.viewer.annotations.annotations] == ["arrow"]


def test_ruler_is_enabled_on_the_sample(qtbot, opened):
    assert opened.actions_by_name["tool_ruler"].isEnabled()


# ----- delete, show / hide, language, export ----------------------------------------------
def test_delete_and_undo_brings_it_back_in_place(qtbot, opened):
    model = opened.viewer.annotations.annotations
    order = [a.id for a in model]
    victim = order[1]
    opened.viewer.annotations.select(victim)
    opened.actions_by_name["delete_annotation"].trigger()
    assert victim not in model
    assert all(victim not in drawn(opened, pane) for pane in (T1, T2, STIR))
    assert opened.annotation_panel.list.count() == len(order) - 1
    opened.actions_by_name["undo"].trigger()
    assert [a.id for a in model] == order
    opened.actions_by_name["redo"].trigger()
    assert victim not in model


def test_show_hide_all_annotations(qtbot, opened):
    action = opened.actions_by_name["show_annotations"]
    assert any(drawn(opened, pane) for pane in (T1, T2, STIR))
    action.trigger()
    assert not opened.viewer.annotations.visible
    assert all(not drawn(opened, pane) for pane in (T1, T2, STIR))
    exported = render(opened.export_context().opened, options=RenderOptions())
    assert all(not any(item.tag and item.tag.part != "reference" for item in scene.items)
               for scene in exported.scenes)
    assert len(opened.viewer.annotations.annotations) > 0  # hidden, not deleted
    action.trigger()
    assert any(drawn(opened, pane) for pane in (T1, T2, STIR))


def test_language_switch_changes_sticker_words(qtbot, opened):
    phrase = opened.viewer.annotations.library["dark_disc"]
    sticker = next(a for a in opened.viewer.annotations.annotations
                   if a.phrase_id == "dark_disc")
    pane = next(pane for pane in (T1, T2, STIR) if sticker.id in drawn(opened, pane))
    assert label_words(opened, pane, sticker.id).replace(" ", "") == \
        phrase.label.en.replace(" ", "")
    opened.actions_by_name["japanese"].trigger()
    assert label_words(opened, pane, sticker.id).replace(" ", "") == \
        phrase.label.ja.replace(" ", "")
    rows = [opened.annotation_panel.list.item(k).text()
            for k in range(opened.annotation_panel.list.count())]
    assert any(phrase.label.ja in row and phrase.explanation.ja in row for row in rows)


def test_export_carries_the_stickers_and_the_library(qtbot, opened):
    exported = render(opened.export_context().opened, options=RenderOptions())
    for scene, pane in zip(exported.scenes, exported.panes, strict=True):
        written = {item.tag.annotation_id for item in scene.items
                   if item.tag is not None and item.tag.part != "reference"}
        assert drawn(opened, pane) == written
    assert any(key.startswith("label:") for scene in exported.scenes for key in scene.boxes)
    assert any(key.startswith("level:") for scene in exported.scenes for key in scene.boxes)


def test_show_on_all_sequences_switch_and_colour_from_the_panel(qtbot, opened, truth):
    new = place_sticker(qtbot, opened, T2, "dark_disc", finding(truth, "dark_disc"))
    panel = opened.annotation_panel
    assert panel.on_all.isChecked()
    panel.on_all.setChecked(False)
    assert new in drawn(opened, T2)
    assert new not in drawn(opened, T1) and new not in drawn(opened, STIR)
    index = panel.colour.findText("Cyan")
    panel.colour.setCurrentIndex(index)
    panel.colour.activated.emit(index)
    assert opened.viewer.annotations.annotations.get(new).color == "#4fc3f7"
    opened.actions_by_name["undo"].trigger()
    opened.actions_by_name["undo"].trigger()
    assert new in drawn(opened, T1)


def test_double_click_edits_the_text(qtbot, opened, truth):
    new = place_sticker(qtbot, opened, T2, "dark_disc", finding(truth, "dark_disc"))
    opened.viewer.tools.set_tool("select")
    opened.ask_text = lambda title, label, current: "Your L4/5 disc"
    view = view_of(opened, T2)
    centre = label_centre(opened, T2, new)
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    model = opened.viewer.annotations.annotations
    qtbot.waitUntil(lambda: model.get(new).text == "Your L4/5 disc")
    assert label_words(opened, T2, new) == "Your L4/5 disc"
    assert opened.state.maximised is None  # the double-click edited, it did not maximise


def test_annotation_made_by_the_core_on_t2_is_on_t1(qtbot, opened, truth):
    """The core's from_pixels and the window agree (no screen gesture involved)."""
    spot = finding(truth, "marrow_oedema")
    t2 = opened.state.panes[T2]
    row, col, index = t2.geometry.patient_to_pixel(spot)
    made = from_pixels("arrow", [(row, col), (row - 10, col - 10)], t2.series, round(index))
    opened.viewer.annotations.add(made)
    show_spot(opened, T1, spot)
    assert close_to(tip(opened, T1, made.id), viewport_point(opened, T1, made.anchor), 1e-6)


# ----- overlays tidy-up (same words as the export; bar clear of the side letter) ----------
def test_scale_bar_stays_clear_of_the_right_orientation_letter(qtbot, opened):
    from ilc_viewer.scene.panel import SceneOptions, build_scene

    opened.state.set_captions_visible(True)
    opened.state.set_zoom(T2, 2.1)  # a 10 cm bar would be 35 % of the pane's height
    scene = build_scene(opened.viewer.opened, T2, (300, 600), SceneOptions())
    letter = scene.boxes["letter_right"]
    bar = scene.boxes["scale_bar"]
    assert bar[1] >= letter[3] or bar[3] <= letter[1]  # below it, or above it: never on it
