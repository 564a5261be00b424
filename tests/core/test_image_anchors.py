"""Annotations on pictures without patient geometry are anchored to the image itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ilc_viewer.annotations.model import (
    Annotation,
    CreatedOn,
    anchor_points,
    from_pixels,
    slice_for,
    to_pixels,
    visible_on,
)
from ilc_viewer.annotations.store import FORMAT_VERSION, AnnotationStore
from ilc_viewer.dicom.index import scan
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.panel import SceneOptions, build_scene
from tests.core import picture_files as pf


@pytest.fixture
def xray(tmp_path: Path):
    pf.write_xray_pair(tmp_path, size=(200, 150))
    return scan(tmp_path).all_series()  # AP, LAT


def test_a_sticker_on_an_x_ray_keeps_its_image_and_pixels(xray) -> None:
    ap, lateral = xray
    sticker = from_pixels("sticker", [(50.0, 40.5), (20.0, 100.0)], ap, 0,
                          phrase_id="spine_alignment")
    assert sticker.image_uid == ap.images[0].sop_instance_uid
    assert sticker.points == ((40.5, 50.0, 0.0), (100.0, 20.0, 0.0))  # (column, row, 0)
    assert to_pixels(sticker, None) == [(50.0, 40.5), (20.0, 100.0)]
    assert visible_on(sticker, ap, 0)
    assert not visible_on(sticker, lateral, 0)  # the other view: another picture
    assert slice_for(sticker, ap) == 0 and slice_for(sticker, lateral) is None
    assert anchor_points(ap, 0, [(1.0, 2.0)]) == ((2.0, 1.0, 0.0),)


def test_a_sticker_on_a_clip_shows_on_every_frame(tmp_path: Path) -> None:
    pf.write_fluoroscopy(tmp_path, count=5)
    (run,) = scan(tmp_path).all_series()
    arrow = from_pixels("arrow", [(10.0, 10.0), (20.0, 30.0)], run, 3)
    assert all(visible_on(arrow, run, k) for k in range(5))


def test_a_level_label_cannot_be_anchored_to_an_image() -> None:
    with pytest.raises(ValueError, match="patient coordinates"):
        Annotation("level", ((1.0, 2.0, 0.0),), CreatedOn("s"), text="L4/5", image_uid="1.2")


def test_image_anchored_annotations_are_saved_as_version_3_and_old_files_load(
        xray, tmp_path: Path) -> None:
    ap, _ = xray
    store = AnnotationStore(tmp_path / "store")
    patient = Annotation("text", ((0.0, 0.0, 0.0),), CreatedOn("mr"), text="disc")
    store.save("study", [patient])
    data = json.loads(store.path_for("study").read_text("utf-8"))
    assert data["format_version"] == 1 and "image_uid" not in data["annotations"][0]
    on_image = from_pixels("text", [(5.0, 6.0)], ap, 0, text="here")
    store.save("study", [patient, on_image])
    data = json.loads(store.path_for("study").read_text("utf-8"))
    assert data["format_version"] == FORMAT_VERSION == 3
    assert data["annotations"][1]["image_uid"] == ap.images[0].sop_instance_uid
    assert store.load("study").annotations == [patient, on_image]


def test_the_x_ray_panel_draws_its_own_sticker_and_not_the_others(xray, tmp_path: Path
                                                                  ) -> None:
    folder = xray[0].images[0].source.path.parent
    opened = open_path(folder)
    panes = {opened.state.panes[p].image.view_position: p for p in (0, 1)}
    sticker = from_pixels("sticker", [(100.0, 75.0), (40.0, 40.0)],
                          opened.state.panes[panes["AP"]].series, 0, text="Here")
    options = SceneOptions(annotations=(sticker,))
    shown = build_scene(opened, panes["AP"], (400, 500), options)
    other = build_scene(opened, panes["LAT"], (400, 500), options)
    key = f"label:{sticker.id}"
    assert key in shown.boxes and "Here" in [t.text for t in shown.texts()]
    assert key not in other.boxes
    # the arrow points at the picture pixel it was put on
    view = shown.view
    x, y = view.to_output(100.0, 75.0)
    assert view.image_box()[0] < x < view.image_box()[2]
    assert view.image_box()[1] < y < view.image_box()[3]
