"""Positions a doctor can read: "R 12 mm" / "L 5 mm", "L4/5 disc", "block 2 of 4"."""

from __future__ import annotations

import pytest

from ilc_viewer.annotations.levels import image_level, new_level
from ilc_viewer.annotations.model import CreatedOn
from ilc_viewer.open_study.viewer_state import PaneState
from ilc_viewer.study.geometry import build_geometry, sort_images
from ilc_viewer.study.model import Series
from ilc_viewer.words import overlay_text
from tests.core.lumbar_protocol import DISCS, _sagittal_images, axial_images

FRAME = "1.2.3"


def series_of(images, plane: str) -> Series:
    ordered, _ = sort_images(images)
    return Series(key=plane, series_uid=plane, study_uid="s", modality="MR", images=ordered,
                  geometry=build_geometry(ordered), frame_of_reference_uid=FRAME, plane=plane,
                  sequence="T2")


@pytest.fixture
def sagittal() -> Series:
    return series_of(_sagittal_images(11), "sagittal")  # x = +20 (left) ... -20 (right)


@pytest.fixture
def axial() -> Series:
    return series_of(axial_images().images, "axial")


def x_of(series: Series, k: int) -> float:
    return float(series.geometry.slice_centre(k)[0])  # type: ignore[union-attr]


def test_sagittal_position_says_right_or_left_of_the_centre(sagittal: Series) -> None:
    left = max(range(11), key=lambda k: x_of(sagittal, k))
    right = min(range(11), key=lambda k: x_of(sagittal, k))
    middle = next(k for k in range(11) if abs(x_of(sagittal, k)) < 1e-6)
    text = overlay_text.slice_position_text
    assert text(sagittal, left, "en") == "L 20 mm" and text(sagittal, left, "ja") == "左 20 mm"
    assert text(sagittal, right, "en") == "R 20 mm" and text(sagittal, right, "ja") == "右 20 mm"
    assert text(sagittal, middle) == "midline" and text(sagittal, middle, "ja") == "正中"
    # measured from a given centre (e.g. the study's), not the series' own
    assert text(sagittal, middle, centre=(4.0, 0.0, 0.0)) == "R 4 mm"


def test_axial_position_by_level_when_levels_exist(axial: Series) -> None:
    on = CreatedOn("sag", "T2", FRAME)
    labels = [new_level(n, (0.0, *DISCS[n][0]), on) for n in ("L3/4", "L4/5", "L5/S1")]
    k = 8  # the L4/5 block
    level = image_level(axial, k, labels)
    assert overlay_text.slice_position_text(axial, k, "en", level=level) == "L4/5 disc"
    assert overlay_text.slice_position_text(axial, k, "ja", level=level) == "L4/5 椎間板"
    # without levels: head or foot of the centre
    first, last = (overlay_text.slice_position_text(axial, i) for i in (0, 13))
    assert first.startswith("H ") and last.startswith("F ")
    assert overlay_text.slice_position_text(axial, 13, "ja").startswith("足側 ")


def test_block_words_and_slice_line(axial: Series, sagittal: Series) -> None:
    assert overlay_text.block_text(axial, 4, "en") == "block 2 of 4"
    assert overlay_text.block_text(axial, 13, "ja") == "ブロック 4/4"
    assert overlay_text.block_text(sagittal, 3) == ""
    pane = PaneState(series=sagittal, slice_index=0)
    assert overlay_text.slice_line(pane) == "Slice 1 / 11   L 20 mm"
    pane = PaneState(series=axial, slice_index=4)
    assert overlay_text.slice_line(pane, "en").startswith("Slice 5 / 14   block 2 of 4   H ")
    assert overlay_text.slice_line(PaneState(), "en") == "Slice 1 / 0"


def test_orientation_letters_follow_each_images_tilt(axial: Series) -> None:
    geometry = axial.geometry
    assert geometry is not None
    flat = overlay_text.orientation_letters(geometry, "en", 0)  # L2/3: 3.5 degrees
    tilted = overlay_text.orientation_letters(geometry, "en", 13)  # L5/S1: 27.5 degrees
    assert (flat.top, flat.bottom) == ("A", "P")
    assert (tilted.top, tilted.bottom) == ("AF", "PH")
