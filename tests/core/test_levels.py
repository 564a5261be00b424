"""Spine level labels: names, click-by-click labelling both ways, undo, rename, saving, and
which level an axial image is at."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ilc_viewer.annotations import level_names as names
from ilc_viewer.annotations.levels import (
    LevelTool,
    block_levels,
    image_level,
    level_at_plane,
    level_marks,
    level_words,
    make_move,
    make_rename,
    make_renumber,
    marks_on_image,
    new_level,
)
from ilc_viewer.annotations.model import AnnotationSet, CreatedOn, new_annotation, visible_on
from ilc_viewer.annotations.store import FORMAT_VERSION, AnnotationStore
from ilc_viewer.study.geometry import build_geometry, sort_images
from ilc_viewer.study.model import Series
from tests.core.lumbar_protocol import DISCS, VERTEBRAE, _sagittal_images, axial_images

FRAME = "1.2.3.4"
SAG = CreatedOn("sag-t2", "T2", FRAME)
STUDY = "1.2.826.0.1.3680043.8.498.777"


def disc(name: str) -> tuple[float, float, float]:
    y, z = DISCS[name][0]
    return (0.0, y, z)


def body(name: str) -> tuple[float, float, float]:
    y, z = VERTEBRAE[name]
    return (0.0, y, z)


def click(tool: LevelTool, annotations: AnnotationSet, point) -> str | None:
    change = tool.make_click(point, annotations, SAG)
    if change is None:
        return None
    annotations.apply(change)
    return change.after.text  # type: ignore[union-attr]


def test_level_names_from_t10_to_s1_with_an_optional_l6() -> None:
    assert names.scale()[:5] == ("T10", "T10/11", "T11", "T11/12", "T12")
    assert names.scale()[-4:] == ("L4/5", "L5", "L5/S1", "S1") and "T12/L1" in names.scale()
    assert len(names.scale()) == 17
    assert names.scale(True)[-5:] == ("L5", "L5/6", "L6", "L6/S1", "S1")
    assert names.step("L5/S1", -1) == "L4/5" and names.step("L4", +1) == "L5"
    assert names.step("L4", +1, "disc") == "L4/5" and names.step("S1", +1) is None
    assert names.step("T10", -1) is None
    assert names.is_level_name("L6/S1") and not names.is_level_name("L7")


def test_clicks_upward_from_l5_s1_name_the_discs_in_turn() -> None:
    annotations = AnnotationSet()
    tool = LevelTool("L5/S1")
    got = [click(tool, annotations, disc(n)) for n in ("L5/S1", "L4/5", "L3/4", "L2/3", "L1/2")]
    assert got == ["L5/S1", "L4/5", "L3/4", "L2/3", "L1/2"]
    # below L5/S1 there is no disc left to name
    assert tool.make_click((0.0, 30.0, -110.0), annotations, SAG) is None


def test_clicks_go_both_ways_from_a_vertebra_start() -> None:
    annotations = AnnotationSet()
    tool = LevelTool("L3")
    order = ["L3", "L4", "L5", "L2", "S1", "L1"]
    got = [click(tool, annotations, body(n)) for n in order]
    assert got == order
    marks = level_marks(annotations)
    assert [m.name for m in marks] == ["L1", "L2", "L3", "L4", "L5", "S1"]  # head to foot


def test_a_click_between_two_labels_gets_the_name_between() -> None:
    annotations = AnnotationSet()
    tool = LevelTool("L3/4")
    click(tool, annotations, disc("L3/4"))
    annotations.add(new_level("L5/S1", disc("L5/S1"), SAG))
    assert click(tool, annotations, disc("L4/5")) == "L4/5"
    # nothing fits between L4/5 and L5/S1 any more, nor right on a label
    assert tool.make_click((0.0, 16.0, -65.0), annotations, SAG) is None
    assert tool.make_click(disc("L4/5"), annotations, SAG) is None


def test_undo_and_redo_of_a_click_and_the_next_click_after_undo() -> None:
    annotations = AnnotationSet()
    tool = LevelTool("L5/S1")
    first = tool.make_click(disc("L5/S1"), annotations, SAG)
    annotations.apply(first)  # type: ignore[arg-type]
    second = tool.make_click(disc("L4/5"), annotations, SAG)
    annotations.apply(second)  # type: ignore[arg-type]
    annotations.apply(second.inverse())  # type: ignore[union-attr]  # undo
    assert [m.name for m in level_marks(annotations)] == ["L5/S1"]
    annotations.apply(second)  # type: ignore[arg-type]  # redo
    assert [m.name for m in level_marks(annotations)] == ["L4/5", "L5/S1"]
    annotations.apply(second.inverse())  # type: ignore[union-attr]
    assert click(tool, annotations, disc("L4/5")) == "L4/5"  # the same name again


def test_choosing_the_start_again_moves_that_label() -> None:
    annotations = AnnotationSet()
    tool = LevelTool("L5/S1")
    click(tool, annotations, (0.0, 20.0, -85.0))
    tool.choose_start("L5/S1")
    change = tool.make_click(disc("L5/S1"), annotations, SAG)
    assert change is not None and change.action == "update"
    annotations.apply(change)
    assert [m.point for m in level_marks(annotations)] == [disc("L5/S1")]


def test_move_rename_and_renumber_are_undoable_changes() -> None:
    annotations = AnnotationSet()
    tool = LevelTool("L5/S1")
    for n in ("L5/S1", "L4/5", "L3/4"):
        click(tool, annotations, disc(n))
    l45 = next(m for m in level_marks(annotations) if m.name == "L4/5")
    move = annotations.apply(make_move(annotations, l45.annotation_id, (1.0, 10.0, -51.0)))
    assert annotations.get(l45.annotation_id).anchor == (1.0, 10.0, -51.0)  # type: ignore[union-attr]
    annotations.apply(move.inverse())
    assert annotations.get(l45.annotation_id).anchor == disc("L4/5")  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="already placed"):
        make_rename(annotations, l45.annotation_id, "L3/4")
    with pytest.raises(ValueError, match="not a spine level"):
        make_rename(annotations, l45.annotation_id, "L9/10")
    rename = annotations.apply(make_rename(annotations, l45.annotation_id, "L2/3"))
    assert {m.name for m in level_marks(annotations)} == {"L5/S1", "L2/3", "L3/4"}
    annotations.apply(rename.inverse())
    # counted from the wrong end: the lowest disc is really L5/6 of a spine with L6
    lowest = next(m for m in level_marks(annotations) if m.name == "L5/S1")
    changes = make_renumber(annotations, lowest.annotation_id, "L6/S1")
    for change in changes:
        annotations.apply(change)
    assert [m.name for m in level_marks(annotations)] == ["L4/5", "L5/6", "L6/S1"]
    for change in reversed(changes):
        annotations.apply(change.inverse())
    assert [m.name for m in level_marks(annotations)] == ["L3/4", "L4/5", "L5/S1"]


def test_transitional_l6_option() -> None:
    annotations = AnnotationSet()
    tool = LevelTool("L6/S1", transitional_l6=True)
    got = [click(tool, annotations, disc(n)) for n in ("L5/S1", "L4/5", "L3/4")]
    assert got == ["L6/S1", "L5/6", "L4/5"]
    with pytest.raises(ValueError):
        LevelTool("L6/S1")  # no L6 without the option


def test_levels_are_not_stickers_and_need_a_level_name() -> None:
    label = new_level("L4/5", disc("L4/5"), SAG)
    images = _sagittal_images(11)
    series = Series(key="sag-t2", series_uid="sag-t2", study_uid="s", modality="MR",
                    images=images, geometry=build_geometry(images), frame_of_reference_uid=FRAME)
    assert not visible_on(label, series, 5)
    with pytest.raises(ValueError, match="level name"):
        new_annotation("level", [disc("L4/5")], SAG, text="hello")


def test_levels_are_saved_as_version_2_and_old_files_still_load(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    sticker = new_annotation("sticker", [(0, 0, 0), (0, 10, 0)], SAG, phrase_id="dark_disc")
    labels = [new_level(n, disc(n), SAG) for n in ("L4/5", "L5/S1")]
    store.save(STUDY, [sticker, *labels])
    data = json.loads(store.path_for(STUDY).read_text("utf-8"))
    # still version 2: version 3 (image-anchored annotations) is written only when needed
    assert data["format_version"] == 2 and FORMAT_VERSION == 3
    assert [a["text"] for a in data["annotations"] if a["kind"] == "level"] == ["L4/5", "L5/S1"]
    assert store.load(STUDY).annotations == [sticker, *labels]
    old = {"format_version": 1, "annotations": [json.loads(json.dumps(data["annotations"][0]))]}
    store.path_for(STUDY).write_text(json.dumps(old), "utf-8")
    loaded = store.load(STUDY)
    assert loaded.message is None and loaded.annotations == [sticker]
    store.path_for(STUDY).write_text(json.dumps({**old, "format_version": FORMAT_VERSION + 1}),
                                     "utf-8")
    refused = store.load(STUDY)
    assert refused.annotations == [] and "newer" in refused.message  # type: ignore[operator]


@pytest.fixture(scope="module")
def axial_series() -> Series:
    ordered, _ = sort_images(axial_images().images)
    return Series(key="ax", series_uid="ax", study_uid="s", modality="MR", images=ordered,
                  geometry=build_geometry(ordered), frame_of_reference_uid=FRAME, plane="axial")


@pytest.mark.parametrize("labelled", ["discs", "vertebrae", "both"])
def test_axial_blocks_are_named_by_level(axial_series: Series, labelled: str) -> None:
    labels = []
    if labelled in ("discs", "both"):
        labels += [new_level(n, disc(n), SAG) for n in ("L2/3", "L3/4", "L4/5", "L5/S1")]
    if labelled in ("vertebrae", "both"):
        labels += [new_level(n, body(n), SAG) for n in ("L2", "L3", "L4", "L5", "S1")]
    levels = block_levels(axial_series, labels)
    assert [lv.name if lv else None for lv in levels] == ["L2/3", "L3/4", "L4/5", "L5/S1"]
    assert [lv.words("ja") for lv in levels if lv][2] == "L4/5 椎間板"
    # every image of a block is at its disc (the blocks span 8-12 mm around it)
    for k in range(len(axial_series.images)):
        level = image_level(axial_series, k, labels)
        block = axial_series.block_of(k)
        assert level is not None and level.name == ["L2/3", "L3/4", "L4/5", "L5/S1"][block]


def test_a_plane_through_a_vertebral_body_is_at_that_vertebra() -> None:
    labels = [new_level(n, disc(n), SAG) for n in ("L3/4", "L4/5", "L5/S1")]
    marks = level_marks(labels)
    ordered, _ = sort_images(axial_images().images)
    geometry = build_geometry(ordered)
    assert geometry is not None
    plane = geometry.plane(5)
    through_l4 = type(plane)(np.array(body("L4")) - plane.centre + plane.origin,
                             plane.row_direction, plane.col_direction, plane.pixel_spacing,
                             plane.rows, plane.columns)
    level = level_at_plane(through_l4, marks)
    assert level is not None and (level.name, level.is_disc) == ("L4", False)
    assert level.words() == "L4 vertebra" and level.words("ja") == "L4 椎体"
    # past the last label by one step: S1 (below L5/S1) is still named, far beyond is not
    below = type(plane)(np.array(body("S1")) - plane.centre + plane.origin,
                        plane.row_direction, plane.col_direction, plane.pixel_spacing,
                        plane.rows, plane.columns)
    assert level_at_plane(below, marks).name == "S1"  # type: ignore[union-attr]
    far = type(plane)(plane.origin + np.array([0, 0, 200.0]), plane.row_direction,
                      plane.col_direction, plane.pixel_spacing, plane.rows, plane.columns)
    assert level_at_plane(far, marks) is None


def test_sagittal_images_show_every_label_and_are_at_no_level() -> None:
    images = _sagittal_images(11)
    series = Series(key="sag-t2", series_uid="sag-t2", study_uid="s", modality="MR",
                    images=images, geometry=build_geometry(images), frame_of_reference_uid=FRAME)
    labels = [new_level(n, disc(n), SAG) for n in ("L3/4", "L4/5", "L5/S1")]
    assert image_level(series, 5, labels) is None
    for k in (0, 5, 10):  # on every sagittal slice, projected into its plane
        shown = marks_on_image(series, k, labels)
        assert [m.name for m, _, _ in shown] == ["L3/4", "L4/5", "L5/S1"]
    other_frame = [new_level("L4/5", disc("L4/5"), CreatedOn("x", "T2", "9.9.9"))]
    assert marks_on_image(series, 5, other_frame) == []


def test_level_words_in_both_languages() -> None:
    assert level_words("L4/5") == "L4/5 disc" and level_words("L4/5", "ja") == "L4/5 椎間板"
    assert level_words("T12") == "T12 vertebra" and level_words("S1", "ja") == "S1 椎体"
