"""Reference lines, level labels and the axial pane in the panel scene (no window)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ilc_viewer.annotations.levels import image_level
from ilc_viewer.cli import main
from ilc_viewer.errors import ViewerError
from ilc_viewer.export import RenderOptions, render
from ilc_viewer.open_study.choosing import parse_entry
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.panel import build_scene
from ilc_viewer.scene.primitives import Line
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.study.geometry import series_reference_line

CASE = default_sample_study()
pytestmark = pytest.mark.skipif(not (CASE / "truth.json").is_file(),
                                reason="sample study not generated")
SIZE = (420, 700)


@pytest.fixture
def opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    study = open_path(CASE)
    assert study.show_axial(True)
    return study


def reference_lines(scene, pane: int) -> list[Line]:  # type: ignore[no-untyped-def]
    return [item for item in scene.items if isinstance(item, Line) and item.tag is not None
            and item.tag.part == "reference" and item.tag.index == pane]


def test_the_axial_image_is_drawn_where_its_plane_cuts_each_sagittal_image(opened) -> None:
    state = opened.state
    axial = state.panes[3]
    assert state.layout == "1x4" and axial.series.plane == "axial"
    for pane in range(3):
        scene = build_scene(opened, pane, SIZE)
        lines = reference_lines(scene, 3)
        assert len(lines) == 1, pane
        sagittal = state.panes[pane]
        expected = series_reference_line(sagittal.series, sagittal.slice_index, axial.series,
                                         axial.slice_index)
        ends = [scene.view.to_output(row, col) for row, col in expected]
        assert np.allclose(lines[0].points, ends)
        # parallel images (the other sagittal panes) draw no line here
        assert all(not reference_lines(scene, other) for other in range(3))


def test_moving_the_axial_image_moves_its_line(opened) -> None:
    first = reference_lines(build_scene(opened, 1, SIZE), 3)[0].points
    opened.state.step(3, 4)
    second = reference_lines(build_scene(opened, 1, SIZE), 3)[0].points
    assert not np.allclose(first, second)


def test_lines_hide_when_switched_off_and_every_image_shows_in_the_all_mode(opened) -> None:
    state = opened.state
    state.set_reference_lines(False)
    assert not reference_lines(build_scene(opened, 0, SIZE), 3)
    state.set_reference_lines(True, every_image=True)
    scene = build_scene(opened, 0, SIZE)
    faint = [item for item in scene.items if isinstance(item, Line) and item.tag is None
             and item.colour[3] < 255]
    assert len(faint) == len(state.panes[3].series.images)  # every axial image cuts the spine
    words = {item.text for item in scene.texts()}
    assert {"L2/3 disc", "L3/4 disc", "L4/5 disc", "L5/S1 disc"} <= words  # blocks by level


def test_level_labels_show_on_sagittal_images_and_name_the_axial_image(opened) -> None:
    sagittal = build_scene(opened, 1, SIZE)
    levels = {key for key in sagittal.boxes if key.startswith("level:")}
    names = {item.text for item in sagittal.texts() if item.tag and item.tag.part == "level"}
    assert {"L3/4", "L4/5", "L5/S1"} <= names and len(levels) == len(names)
    axial = build_scene(opened, 3, SIZE)
    assert not any(key.startswith("level:") for key in axial.boxes)
    pane = opened.state.panes[3]
    level = image_level(pane.series, pane.slice_index, opened.annotations.shown())
    slice_line = next(item.text for item in axial.texts() if item.box == axial.boxes["slice"])
    assert level is not None and level.words("en") in slice_line


def test_go_to_a_level_picks_the_axial_image_at_that_disc(opened) -> None:
    opened.go_to(level="L4/5", pane=3)
    pane = opened.state.panes[3]
    assert image_level(pane.series, pane.slice_index, opened.annotations.shown()).name == "L4/5"
    with pytest.raises(ViewerError):
        opened.go_to(level="T10/11", pane=3)


def test_bring_to_a_point_shows_the_nearest_axial_image_and_how_far_it_is(opened) -> None:
    state = opened.state
    axial = state.panes[3]
    geometry = axial.series.geometry
    on_image = geometry.slice_centre(5)
    assert state.bring_to(3, on_image) == pytest.approx(0.0, abs=1e-6)
    assert axial.slice_index == 5 and axial.link_gap is None
    top = geometry.slice_centre(0)  # the image nearest the head
    beyond = top - geometry.image_normal(0) * 40.0  # 40 mm further up: no image there
    distance = state.bring_to(3, beyond)
    assert axial.slice_index == 0
    assert distance == pytest.approx(40.0, abs=1.0)
    assert axial.link_gap == pytest.approx(distance)


def test_layout_entries_name_a_plane_or_a_series_number() -> None:
    assert parse_entry("t2:axial") == ("T2", "axial", None)
    assert parse_entry("STIR") == ("STIR", None, None)
    assert parse_entry("#8") == ("", None, 8)
    with pytest.raises(ViewerError):
        parse_entry("t2:sideways")
    with pytest.raises(ViewerError):
        parse_entry("#eight")


def test_export_draws_the_axial_line_on_the_sagittal_panels(opened, tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    assert main(["export", str(CASE), "--layout", "t1,t2,stir,t2:axial", "--out", str(out),
                 "--position", "t2:axial=L4/5"]) == 0
    assert out.is_file()
    rendering = render(opened, options=RenderOptions())
    for k in range(3):
        assert "reference:3" in rendering.scenes[k].boxes
    assert main(["export", str(CASE), "--out", str(out), "--slice", "nowhere=3"]) == 2


@pytest.mark.parametrize("fill", [False, True], ids=["fit", "fill"])
@pytest.mark.parametrize("size", [(240, 700), (323, 777), (420, 700), (600, 400)])
def test_no_reference_line_runs_through_the_caption(opened, size: tuple[int, int],
                                                    fill: bool) -> None:
    """The image may reach under the caption (its black margin, or the anatomy when the panels
    are filled): the lines of the other panes stop where the caption starts, in the thick and
    the thin ("all") modes."""
    from ilc_viewer.scene.label_layout import segment_hits_box

    opened.state.set_fill_panels(fill)
    for every_image in (False, True):
        opened.state.set_reference_lines(True, every_image=every_image)
        crossed = []
        for pane in range(4):
            scene = build_scene(opened, pane, size)
            caption = scene.boxes.get("caption")
            assert caption is not None, (pane, size)
            lines = [item for item in scene.items if isinstance(item, Line)
                     and (item.tag is None or item.tag.part == "reference")]
            assert lines, pane
            crossed += [(pane, line.points) for line in lines
                        if segment_hits_box(line.points[0], line.points[-1], caption)]
        assert crossed == [], (size, every_image)
