"""Export rendering: sizes (native x scale), panel order, no left/right flip, annotations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ilc_viewer.annotations.model import CreatedOn, new_annotation
from ilc_viewer.dicom.damage import Damage, DamagedImage
from ilc_viewer.display import Window, window_to_uint8
from ilc_viewer.errors import DecodeError
from ilc_viewer.export import RenderOptions, default_name, native_size, output_size, render
from ilc_viewer.export.png import encode, save_image
from ilc_viewer.export.render import ExportError, native_panel_size
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.primitives import Line
from ilc_viewer.storage.resources import samples_folder
from ilc_viewer.study.pixels import SeriesVolume
from tests.core.test_export_support import COLUMNS, ROWS, STAMP_COLUMN, STAMP_ROWS, write_study

BARE = dict(captions=False, header=False, disclaimer=False)


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("study")
    write_study(folder)
    return folder


@pytest.fixture
def prepared(study: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    result = open_path(study)
    for pane in range(3):  # stamp white, background black (the automatic window would differ)
        result.state.set_window(pane, Window(center=600, width=600))
    return result


def expected_grey(prepared, pane: int) -> np.ndarray:
    """The pane's picture through the one display path, at native size."""
    state = prepared.state.panes[pane]
    values = prepared.frames.frame(state.series, state.slice_index)
    return window_to_uint8(values, state.window, state.display_invert)


def shown_part(rendering, k: int, rows: int = ROWS, columns: int = COLUMNS
               ) -> tuple[slice, slice, slice, slice]:
    """(panel rows, panel columns, image rows, image columns) of the part of the ``k``-th
    panel's image inside the panel (drawn at native size x scale, on whole pixels; black
    margins beyond the anatomy may fall outside)."""
    sx, sy, tx, ty = rendering.scenes[k].view.picture_transform()
    assert float(tx).is_integer() and float(ty).is_integer()
    h, w = rendering.panel_size
    top, left = max(0, int(ty)), max(0, int(tx))
    bottom, right = min(h, int(ty) + round(rows * sy)), min(w, int(tx) + round(columns * sx))
    return (slice(top, bottom), slice(left, right),
            slice(round((top - ty) / sy), round((bottom - ty) / sy)),
            slice(round((left - tx) / sx), round((right - tx) / sx)))


def image_of(rendering, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(shown pixels, the same pixels of the pane's picture, free of words) at scale 1."""
    pr, pc, ir, ic = shown_part(rendering, k)
    free = uncovered(rendering.scenes[k], rendering.panel_size)[pr, pc]
    return rendering.panel(k)[pr, pc, 0], (ir, ic), free


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_images_are_drawn_at_native_size_times_scale(prepared, scale: int,
                                                     tmp_path: Path) -> None:
    state = prepared.state
    assert native_size(state, [0, 1, 2]) == (ROWS, 3 * COLUMNS)
    rendering = render(prepared, options=RenderOptions(scale=scale))
    for k in range(3):
        sx, sy, tx, ty = rendering.scenes[k].view.picture_transform()
        assert (sx, sy) == (scale, scale) and float(tx).is_integer() and \
            float(ty).is_integer()
        pr, pc, ir, ic = shown_part(rendering, k)
        assert (pr.stop - pr.start, pc.stop - pc.start) == \
            ((ir.stop - ir.start) * scale, (ic.stop - ic.start) * scale)
    assert output_size(prepared, [0, 1, 2], RenderOptions(scale=scale)) == \
        rendering.pixels.shape[:2]
    h, w = rendering.panel_size
    assert rendering.pixels.shape == (h, 3 * w, 3) and h >= ROWS * scale and w >= COLUMNS * scale
    path = save_image(rendering.pixels, tmp_path / "view.png")
    with Image.open(path) as image:
        assert image.size == (3 * w, h)
    single = render(prepared, [1], RenderOptions(scale=scale))
    assert single.scenes[0].view.picture_transform()[:2] == (scale, scale)


def test_native_panel_keeps_millimetres_square(tmp_path: Path) -> None:
    write_study(tmp_path, sequences=("T2",), pixel_spacing=(1.0, 0.5))
    series = open_path(tmp_path, layout=["t2"]).state.panes[0]
    # rows are 1 mm apart, columns 0.5 mm: 48 rows x 1 mm = 96 columns' worth of 0.5 mm
    assert native_panel_size(series.series, series.geometry) == (2 * ROWS, COLUMNS)


def test_panels_of_different_sizes_share_the_largest(tmp_path: Path) -> None:
    write_study(tmp_path, sizes={"T1": (32, 32)})
    opened = open_path(tmp_path)
    assert native_size(opened.state, [0, 1, 2]) == (ROWS, 3 * COLUMNS)
    rendering = render(opened)
    h, w = rendering.panel_size
    assert rendering.pixels.shape == (h, 3 * w, 3)
    assert rendering.scenes[0].view.picture_transform()[:2] == (1.0, 1.0)
    assert rendering.scenes[1].view.picture_transform()[:2] == (1.0, 1.0)
    assert shown_part(rendering, 0, 32, 32)[2].stop <= 32


def uncovered(scene, shape: tuple[int, int]) -> np.ndarray:
    """Pixels of a panel that no overlay (orientation letter, scale bar, ...) is drawn over."""
    free = np.ones(shape, dtype=bool)
    boxes = [item.box for item in scene.texts()]
    for item in scene.items:  # the scale bar's lines may lie on the black around the anatomy
        if isinstance(item, Line):
            xs, ys = [p[0] for p in item.points], [p[1] for p in item.points]
            pad = item.width + item.halo
            boxes.append((min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad))
    for box in boxes:
        left, top, right, bottom = (int(np.floor(box[0])) - 1, int(np.floor(box[1])) - 1,
                                    int(np.ceil(box[2])) + 1, int(np.ceil(box[3])) + 1)
        free[max(top, 0):max(bottom, 0), max(left, 0):max(right, 0)] = False
    return free


def test_panels_in_order_and_not_flipped(prepared) -> None:
    """Each panel is its series' picture pixel for pixel, in T1, T2, STIR order."""
    rendering = render(prepared, options=RenderOptions(**BARE))
    out = rendering.pixels
    assert np.all(out[..., 0] == out[..., 1])  # grey stays grey
    for pane, sequence in enumerate(("T1", "T2", "STIR")):
        assert prepared.state.panes[pane].sequence == sequence
        panel, (ir, ic), free = image_of(rendering, pane)
        grey = expected_grey(prepared, pane)[ir, ic]
        assert free.mean() > 0.5  # most of the small picture is free of letters
        assert np.array_equal(panel[free], grey[free])
        mirrored = grey[:, ::-1]
        assert not np.array_equal(panel[free], mirrored[free])
        # the foot of the "L" points right: bright at the foot's far end, dark to the left
        left, foot = STAMP_COLUMN[sequence], STAMP_ROWS[1] - 2
        foot, left = foot - ir.start, left - ic.start
        assert panel[foot, left + 7] == 255 and panel[foot, left - 2] < 255


def test_zoom_and_centre_frame_the_picture_as_on_screen(prepared) -> None:
    state = prepared.state
    geometry = state.panes[1].geometry
    left = STAMP_COLUMN["T2"]
    foot = STAMP_ROWS[1] - 2  # the middle row of the foot
    spot = geometry.pixel_to_patient(foot, left + 5, state.panes[1].slice_index)
    state.set_zoom(1, 2.0)
    state.set_centre(1, spot)
    rendering = render(prepared, [1], RenderOptions(**BARE))
    out = rendering.pixels[..., 0]
    # at zoom 2 the foot (3 rows high) is 6 rows high and its centre is where the centre goes
    x, y = (int(v) for v in rendering.scenes[0].view.centre)
    assert rendering.scenes[0].view.picture_transform()[:2] == (2.0, 2.0)
    assert out[y, x] == 255
    assert out[y - 2, x] == 255 and out[y + 7, x] < 255


def test_window_and_invert_come_from_the_pane(prepared) -> None:
    state = prepared.state
    state.set_window(0, Window(center=301, width=2))  # background -> black, stamp -> white
    state.set_invert(0, True)
    rendering = render(prepared, [0], RenderOptions(**BARE))
    out, (ir, ic), free = image_of(rendering, 0)
    grey = expected_grey(prepared, 0)
    assert np.array_equal(out[free], grey[ir, ic][free])
    stamp = (STAMP_ROWS[1] - 2 - ir.start, STAMP_COLUMN["T1"] + 5 - ic.start)
    assert out[stamp] == 0  # inverted: the stamp is black
    assert out[STAMP_ROWS[0] - 2 - ir.start, STAMP_COLUMN["T1"] + 5 - ic.start] == 255


def test_annotation_is_burned_in_at_its_spot(prepared) -> None:
    state = prepared.state
    pane = state.panes[1]
    tip = pane.geometry.pixel_to_patient(30, 40, pane.slice_index)
    label = pane.geometry.pixel_to_patient(40, 20, pane.slice_index)
    sticker = new_annotation("sticker", [tip, label],
                             CreatedOn(pane.series.key, "T2", pane.series.frame_of_reference_uid),
                             phrase_id="dark_disc", color="#ff0000")
    options = RenderOptions(scale=2, annotations=(sticker,), **BARE)
    rendering = render(prepared, options=options)
    out = rendering.pixels.astype(int)
    # red: the plate's edge and the arrow in the chosen colour, the words lightened to read
    red = (out[..., 0] > 200) & (out[..., 1] < 140) & (out[..., 2] < 140)
    columns = np.nonzero(red.any(axis=0))[0]
    assert columns.size, "the sticker was not drawn"
    # drawn in every panel of the same frame of reference, near the same pixel
    width = rendering.panel_size[1]
    panels = {int(c) // width for c in columns}
    assert panels == {0, 1, 2}
    x, y = (round(v) for v in rendering.scenes[1].view.to_output(30, 40))
    tip_zone = red[y - 6:y + 6, width + x - 12:width + x + 2]
    assert tip_zone.any()
    bare = render(prepared, options=RenderOptions(scale=2, annotations=(), **BARE)
                  ).pixels.astype(int)
    assert not ((bare[..., 0] > 200) & (bare[..., 1] < 140) & (bare[..., 2] < 140)).any()


def test_overlays_match_the_language(prepared) -> None:
    en = render(prepared, options=RenderOptions(scale=2, lang="en")).pixels
    ja = render(prepared, options=RenderOptions(scale=2, lang="ja")).pixels
    assert en.shape == ja.shape and not np.array_equal(en, ja)


def test_decode_failure_is_a_panel_note_not_a_crash(prepared, monkeypatch) -> None:
    real = SeriesVolume.frame

    def frame(volume, index):
        if volume.series.sequence == "STIR":
            raise DamagedImage("IM0003", "JPEG 2000", Damage(
                "no_decoder", "no installed decoder supports it", (("syntax", "JPEG 2000"),)))
        return real(volume, index)

    monkeypatch.setattr(SeriesVolume, "frame", frame)
    prepared.frames.reset()
    rendering = render(prepared)
    assert len(rendering.notes) == 1
    # the plain sentence, not the decoder's words (issue 18)
    assert "stored in a format this viewer cannot read (JPEG 2000)" in rendering.notes[0]
    assert "no installed decoder" not in rendering.notes[0]
    assert rendering.pixels.shape[:2] == output_size(prepared, [0, 1, 2])
    assert rendering.scenes[2].picture is None and rendering.scenes[0].picture is not None
    assert "damaged" in rendering.scenes[2].boxes and "damaged" not in rendering.scenes[0].boxes


def test_any_decode_error_gets_a_plain_sentence(prepared, monkeypatch) -> None:
    def frame(volume, index):
        raise DecodeError("IM0003", "JPEG 2000", "libjpeg error code -1038")

    monkeypatch.setattr(SeriesVolume, "frame", frame)
    prepared.frames.reset()
    rendering = render(prepared, options=RenderOptions(lang="ja"))
    assert rendering.notes and all("libjpeg" not in note for note in rendering.notes)
    assert all("この画像をファイルから読み取れなかった" in note for note in rendering.notes)


def test_bad_scale_and_empty_state_are_refused(prepared) -> None:
    with pytest.raises(ExportError):
        render(prepared, options=RenderOptions(scale=0))
    prepared.state.clear()
    with pytest.raises(ExportError):
        render(prepared)


def test_png_and_jpeg_carry_only_our_metadata(prepared) -> None:
    pixels = render(prepared).pixels
    png = encode(pixels, "PNG")
    chunks = []
    at = 8
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        chunks.append(png[at + 4:at + 8].decode("ascii"))
        if chunks[-1] == "tEXt":
            key = png[at + 8:at + 8 + length].split(b"\0")[0]
            assert key in (b"Software", b"Comment")
        at += 12 + length
    assert set(chunks) <= {"IHDR", "IDAT", "IEND", "tEXt"}
    jpeg = encode(pixels, "JPEG")
    assert b"Exif" not in jpeg[:2000]


def test_default_name_is_date_sequences_and_slice(prepared) -> None:
    state = prepared.state
    name = default_name(state, [0, 1, 2], ".png", "20240312")
    assert name == f"ILC_20240312_T1-T2-STIR_slice{state.panes[0].slice_index + 1:02d}.png"
    assert default_name(state, [1], ".pdf", "", kind="handout").startswith("ILC_")


CASE_B = samples_folder() / "case_b"


@pytest.mark.skipif(not (CASE_B / "truth.json").is_file(), reason="case B not generated")
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_case_b_export_plates_keep_off_the_spine_and_each_other(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, scale: float) -> None:
    import json

    from ilc_viewer.scene.label_layout import boxes_intersect, segment_hits_box, segments_cross

    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    truth = json.loads((CASE_B / "truth.json").read_text(encoding="utf-8"))
    opened = open_path(CASE_B, lang=lang)
    assert sum(a.kind == "sticker" for a in opened.annotations.shown()) == 6
    state = opened.state
    rendering = render(opened, options=RenderOptions(scale=scale, lang=lang))
    height, width = rendering.panel_size
    for pane, scene in zip(rendering.panes, rendering.scenes, strict=True):
        plates = [box for key, box in scene.boxes.items() if key.startswith("label:")]
        assert len(plates) == 6
        arrows = [(item.points[0], item.points[-1]) for item in scene.items
                  if isinstance(item, Line) and item.tag is not None and item.tag.part == "shape"]
        assert len(arrows) == 6
        geometry = state.panes[pane].geometry
        view = scene.view

        def at(x: float, y: float, z: float) -> tuple[float, float]:
            row, col, _ = geometry.patient_to_pixel((x, y, z))  # noqa: B023
            return view.to_output(row, col)  # noqa: B023

        spine = []
        for group, half in (("vertebrae", 12.0), ("levels", 4.0)):
            for x, y, z in truth[group].values():
                (x0, y0), (x1, y1) = at(x, y - 17.0, z + half), at(x, y + 36.0, z - half)
                spine.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        for j, plate in enumerate(plates):
            assert min(plate[0], plate[1]) >= 0 and plate[2] <= width and plate[3] <= height
            assert not any(boxes_intersect(plate, bone) for bone in spine), (pane, j, plate)
            for other in plates[j + 1:]:
                assert not boxes_intersect(plate, other), (pane, plate, other)
            for i, seg in enumerate(arrows):
                if i != j:
                    assert not segment_hits_box(*seg, plate), (pane, j, i)
        for j, seg in enumerate(arrows):
            for other in arrows[j + 1:]:
                assert not segments_cross(*seg, *other), (pane, seg, other)
