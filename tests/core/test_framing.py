"""Images framed by their anatomy: as large as the words around them allow, never under them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ilc_viewer.display.anatomy import anatomy_box
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.panel import SceneOptions, build_scene
from ilc_viewer.scene.viewport import Viewport

CASE_A = Path(__file__).resolve().parents[2] / "sample_dicoms" / "case_a"
#: Panel sizes: four side by side at 1600x900 and 1366x768, one wide, one square.
SIZES = [(289, 800), (267, 668), (1100, 640), (500, 500)]
WORDS = ("title", "slice", "letter_left", "letter_right", "letter_top", "letter_bottom",
         "scale_label", "caption")


def _body(rows: int = 200, columns: int = 160, noise: float = 0.01) -> np.ndarray:
    rng = np.random.default_rng(3)
    image = np.abs(rng.normal(0, noise * 1000, (rows, columns)))
    image[40:160, 30:110] = 800 + rng.normal(0, 30, (120, 80))
    return image


def test_the_anatomy_box_is_the_bright_part_with_a_small_margin() -> None:
    top, left, bottom, right = anatomy_box(_body())
    assert 30 <= top <= 40 and 150 <= bottom <= 170 and 22 <= left <= 30 and 110 <= right <= 118


def test_noise_stray_pixels_and_nan_do_not_widen_the_box() -> None:
    image = _body(noise=0.03)
    image[5, 150] = 5000  # one hot pixel far out
    image[190, :] = 60  # a faint ghost line, below the level that counts
    image[:, 5] = 900  # a bright line, but one column only
    image[0, 0] = np.nan
    assert anatomy_box(image) == anatomy_box(_body())


@pytest.mark.parametrize("image", [np.zeros((64, 64)), np.full((64, 64), np.nan),
                                   np.pad(np.ones((3, 3)) * 900, 30), np.zeros((4, 4))],
                         ids=["black", "nan", "a dot", "tiny"])
def test_nothing_to_frame_frames_the_whole_image(image: np.ndarray) -> None:
    assert anatomy_box(image) is None


def test_a_colour_image_is_framed_by_its_brightness() -> None:
    grey = _body()
    assert anatomy_box(np.stack([grey] * 3, axis=2)) == anatomy_box(grey)


@pytest.fixture(scope="module")
def case_a():
    return open_path(CASE_A)


def _anatomy_on_output(opened, pane: int, view: Viewport) -> tuple[float, ...]:
    top, left, bottom, right = opened.anatomy(pane)
    x0, y0 = view.to_output(top - 0.5, left - 0.5)
    x1, y1 = view.to_output(bottom - 0.5, right - 0.5)
    return x0, y0, x1, y1


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_word_at_the_panel_edges_lies_over_the_anatomy(case_a, size, lang) -> None:
    for pane in case_a.state.visible_panes:
        scene = build_scene(case_a, pane, size, SceneOptions(lang=lang))
        anatomy = _anatomy_on_output(case_a, pane, scene.view)
        for key in WORDS:
            if key in scene.boxes:
                assert _overlap(scene.boxes[key], anatomy) == 0, (pane, key)
        placed = [key for key in (*WORDS, "scale_bar") if key in scene.boxes]
        for k, key in enumerate(placed):  # nor over each other
            for other in placed[k + 1:]:
                if {key, other} not in ({"scale_bar", "scale_label"},):
                    assert _overlap(scene.boxes[key], scene.boxes[other]) == 0, (key, other)


@pytest.mark.parametrize("size", [(289, 800), (267, 668)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_tall_panels_keep_the_image_width_and_fill_makes_it_larger(case_a, size) -> None:
    """Before: the whole image fitted the whole panel, words over it. Now the words go into
    the black above and below it, the width stays for the stickers' labels; "fill" covers."""
    for pane in case_a.state.visible_panes[:3]:
        whole = Viewport.fit(case_a.state.panes[pane].geometry, size)
        fitted = build_scene(case_a, pane, size).view
        assert whole.px_per_mm * 0.97 < fitted.px_per_mm <= whole.px_per_mm, pane
        case_a.state.set_fill_panels(True)
        try:
            filled = build_scene(case_a, pane, size).view
        finally:
            case_a.state.set_fill_panels(False)
        assert filled.px_per_mm > whole.px_per_mm * 1.5, pane


@pytest.mark.parametrize("size", [(1100, 640), (1366, 700)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_wide_panels_put_the_words_beside_the_anatomy_and_lose_little(case_a, size) -> None:
    scene = build_scene(case_a, 0, size)
    whole = Viewport.fit(case_a.state.panes[0].geometry, size)
    assert scene.view.px_per_mm > whole.px_per_mm * 0.95
    anatomy = _anatomy_on_output(case_a, 0, scene.view)
    assert scene.boxes["caption"][2] < anatomy[0] and scene.boxes["title"][2] < anatomy[0]


def test_fill_covers_the_free_area_with_anatomy(case_a) -> None:
    case_a.state.set_fill_panels(True)
    try:
        scene = build_scene(case_a, 0, (289, 800))
        x0, y0, x1, y1 = _anatomy_on_output(case_a, 0, scene.view)
        title_bottom = scene.boxes["slice"][3]
        caption_top = scene.boxes["caption"][1]
        assert x0 <= 0 and x1 >= 289  # cropped at both sides
        assert y0 <= title_bottom + 60 and y1 >= caption_top - 60
        fitted = scene.view.px_per_mm
    finally:
        case_a.state.set_fill_panels(False)
    assert fitted > build_scene(case_a, 0, (289, 800)).view.px_per_mm * 1.5


def test_sequences_on_one_grid_are_framed_alike(case_a) -> None:
    views = [build_scene(case_a, pane, (289, 800)).view for pane in (0, 1, 2)]
    assert len({round(v.px_per_mm, 6) for v in views}) == 1
    assert len({tuple(round(x, 3) for x in v.image_box()) for v in views}) == 1


def test_a_pan_centre_is_shown_at_the_free_areas_centre(case_a) -> None:
    state = case_a.state
    geometry = state.panes[0].geometry
    spot = geometry.pixel_to_patient(100.0, 60.0, state.panes[0].slice_index)
    state.set_centre(0, spot)
    try:
        view = build_scene(case_a, 0, (289, 800)).view
        assert np.allclose(view.to_output(100.0, 60.0), view.centre)
        assert np.allclose(view.to_image(*view.to_output(12.5, 40.25)), (12.5, 40.25))
    finally:
        state.fit(0)
