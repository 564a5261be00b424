"""Colour, palette, VOI LUT and MONOCHROME1 pixels equal pydicom's own conversions.

pydicom's bundled colour, palette, ultrasound and multi-frame files and files built here
(RGB and YBR_FULL in both planar configurations, 8 and 16 bits; segmented palettes of 8 and
16 bits; CR and DX radiographs with a VOI LUT) are decoded by the viewer and compared, pixel
for pixel, with ``convert_color_space``, ``apply_color_lut`` and ``apply_voi_lut``.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file, get_testdata_files
from pydicom.pixels import (
    apply_color_lut,
    apply_modality_lut,
    apply_voi_lut,
    convert_color_space,
    pixel_array,
)

from ilc_viewer.dicom.headers import FileRecord, NotAnImage, read_header
from ilc_viewer.dicom.index import scan
from ilc_viewer.display import Window, window_to_uint8
from ilc_viewer.display.voi import voi_to_uint8
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.study.lookup_tables import voi_table
from ilc_viewer.study.model import ImageSource
from ilc_viewer.study.pixels import decode_image
from tests.core import picture_files as pf

COLOUR_KINDS = {"RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT", "PALETTE COLOR"}


def _image(path: Path):
    record = read_header(ImageSource(Path(path)))
    assert isinstance(record, FileRecord), getattr(record, "reason", record)
    return record.images


def _pydicom_colour_files() -> list[str]:
    out = []
    for path in sorted(get_testdata_files()):
        if not os.path.isfile(path):
            continue
        try:
            ds = dcmread(path, stop_before_pixels=True)
        except Exception:
            continue
        if str(ds.get("PhotometricInterpretation", "")) in COLOUR_KINDS:
            out.append(path)
    return out


PYDICOM_COLOUR = _pydicom_colour_files()


def test_pydicom_has_colour_files_of_every_kind() -> None:
    kinds = {str(dcmread(p, stop_before_pixels=True).PhotometricInterpretation)
             for p in PYDICOM_COLOUR}
    assert COLOUR_KINDS - {"YBR_ICT"} <= kinds
    assert len(PYDICOM_COLOUR) >= 30


@pytest.mark.parametrize("path", PYDICOM_COLOUR, ids=os.path.basename)
def test_pydicom_colour_file_is_shown_with_pydicoms_colours(path: str) -> None:
    record = read_header(ImageSource(Path(path)))
    assert not isinstance(record, NotAnImage), record.reason
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(path)
        expected = ds.pixel_array  # pydicom decodes and converts YBR to RGB itself
    if ds.PhotometricInterpretation == "PALETTE COLOR":
        expected = apply_color_lut(expected, ds)
    if int(ds.get("NumberOfFrames", 1) or 1) > 1:
        expected = expected[0]
    image = record.images[0]
    # SC_rgb_jpeg.dcm: an implicit VR data set under an explicit VR syntax, read whole
    assert image.read_whole == (os.path.basename(path) == "SC_rgb_jpeg.dcm")
    got = decode_image(image)
    assert got.shape == expected.shape and got.ndim == 3
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("planar", [0, 1])
@pytest.mark.parametrize(("photometric", "bits"), [("RGB", 8), ("RGB", 16), ("YBR_FULL", 8)])
def test_built_colour_equals_convert_color_space(tmp_path: Path, photometric: str, planar: int,
                                                 bits: int) -> None:
    path = pf.write_colour(tmp_path, photometric, planar, bits)
    (image,) = _image(path)
    assert image.is_colour and image.samples_per_pixel == 3
    raw = pixel_array(path, raw=True)  # as stored, planes joined into (rows, cols, 3)
    expected = raw if photometric == "RGB" else convert_color_space(raw, photometric, "RGB")
    got = decode_image(image)
    assert got.dtype == expected.dtype and np.array_equal(got, expected)
    if photometric == "RGB":
        assert np.array_equal(got, pf.rgb_pattern(bits=bits))  # channels in their places


def test_uncompressed_ybr_full_422_is_converted_like_pydicom() -> None:
    path = get_testdata_file("SC_ybr_full_422_uncompressed.dcm")
    (image,) = _image(path)
    raw = pixel_array(path, raw=True)
    assert np.array_equal(decode_image(image), convert_color_space(raw, "YBR_FULL", "RGB"))


@pytest.mark.parametrize("bits", [8, 16])
def test_segmented_palette_equals_apply_color_lut(tmp_path: Path, bits: int) -> None:
    path = pf.write_palette(tmp_path, bits)
    (image,) = _image(path)
    ds = dcmread(path)
    expected = apply_color_lut(ds.pixel_array, ds)
    got = decode_image(image)
    assert got.dtype == (np.uint8 if bits == 8 else np.uint16)
    assert np.array_equal(got, expected)
    # the palette really is a Doppler one: grey below 192, red at the top
    index = ds.pixel_array
    top = (1 << bits) - 1
    assert np.array_equal(got[index == 255][0], [top, 0, 0])
    grey = got[index < 192]
    assert np.array_equal(grey[:, 0], grey[:, 1]) and np.array_equal(grey[:, 1], grey[:, 2])


def test_a_colour_picture_keeps_its_colours_at_the_starting_window(tmp_path: Path) -> None:
    pf.write_colour(tmp_path, "RGB", 0, 16)
    opened = open_path(tmp_path)
    windowed = opened.picture(0)
    assert windowed is not None
    expected = window_to_uint8(pf.rgb_pattern(bits=16), Window.from_range(0, 65535))
    assert np.array_equal(windowed.pixels, expected)
    assert windowed.pixels[0, -1, 0] == 255 and windowed.pixels[0, 0, 0] == 0  # red ramp


# --- radiographs: VOI LUT, MONOCHROME1 and Presentation LUT Shape ---------------------------


def test_voi_lut_table_and_picture_equal_apply_voi_lut(tmp_path: Path) -> None:
    ap, _lat = pf.write_xray_pair(tmp_path)
    (image,) = _image(ap)
    assert image.voi_luts == ("LUT NORMAL",)
    ds = dcmread(ap)
    stored = ds.pixel_array
    table = voi_table(image, 0)
    expected = apply_voi_lut(stored, ds, index=0, prefer_lut=True)
    index = np.clip(stored.astype(np.int64) - table.first, 0, len(table.data) - 1)
    assert np.array_equal(table.data[index], expected)
    grey = voi_to_uint8(stored, table)
    assert np.array_equal(grey, np.rint(expected / table.top * 255).astype(np.uint8))


def test_the_x_ray_units_curve_is_a_preset_and_shows_inverted_once(tmp_path: Path) -> None:
    ap, _lat = pf.write_xray_pair(tmp_path)
    opened = open_path(tmp_path)
    pane = next(p for p in range(2) if opened.state.panes[p].image.view_position == "AP")
    presets = opened.presets(pane)
    curve = next(p for p in presets if p.voi_lut is not None)
    assert curve.name == "LUT NORMAL" and curve.source == "dicom"
    opened.state.set_window(pane, curve.window, curve.voi_lut)
    ds = dcmread(ap)
    table = voi_table(opened.state.panes[pane].image, 0)
    expected = 255 - np.rint(apply_voi_lut(ds.pixel_array, ds) / table.top * 255).astype(
        np.uint8)  # MONOCHROME1: low values white
    assert np.array_equal(opened.picture(pane).pixels, expected)


def _as_monochrome2(path: Path, out: Path) -> Path:
    ds = dcmread(path)
    ds.PhotometricInterpretation = "MONOCHROME2"
    if "PresentationLUTShape" in ds:
        ds.PresentationLUTShape = "IDENTITY"
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID + ".2"
    ds.StudyInstanceUID = ds.StudyInstanceUID + ".2"
    out.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(out, enforce_file_format=True)
    return out


@pytest.mark.parametrize("kind", ["CR", "DX"])
def test_monochrome1_is_inverted_exactly_once(tmp_path: Path, kind: str) -> None:
    # CR: MONOCHROME1. DX: MONOCHROME1 *and* Presentation LUT Shape INVERSE, which PS3.3
    # C.8.11.7 requires to say the same inversion: still one inversion, not two.
    ap, _ = pf.write_xray_pair(tmp_path / "one", kind)
    (image,) = _image(ap)
    assert image.inverted and image.photometric_interpretation == "MONOCHROME1"
    assert (image.presentation_lut_shape == "INVERSE") == (kind == "DX")
    plain = _as_monochrome2(ap, tmp_path / "two" / "plain.dcm")
    one, two = open_path(tmp_path / "one", layout=["#1"]), open_path(tmp_path / "two")
    for opened in (one, two):
        opened.state.set_window(0, Window(1500.0, 3000.0))
    assert not _image(plain)[0].inverted
    first = one.picture(0).pixels
    second = two.picture(0).pixels
    assert np.array_equal(first, 255 - second)
    # the user's invert on top of it shows the MONOCHROME2 grey levels again
    one.state.set_invert(0, True)
    assert np.array_equal(one.picture(0).pixels, second)


def test_presentation_lut_shape_inverse_inverts_a_monochrome2_image(tmp_path: Path) -> None:
    ap, _ = pf.write_xray_pair(tmp_path / "one", "DX")
    plain = _as_monochrome2(ap, tmp_path / "two" / "plain.dcm")
    ds = dcmread(plain)
    ds.PresentationLUTShape = "INVERSE"
    ds.save_as(plain, enforce_file_format=True)
    (image,) = _image(plain)
    assert image.photometric_interpretation == "MONOCHROME2" and image.inverted


def test_pydicom_cr_files_are_monochrome1_x_rays_measured_at_the_detector() -> None:
    root = Path(get_testdata_file("MR_small.dcm")).parent / "dicomdirtests" / "77654033"
    series = [s for s in scan(root).all_series() if s.modality == "CR"]
    assert len(series) == 3
    for s in series:
        image = s.images[0]
        assert s.sequence == "XR" and image.inverted and image.spacing_at == "detector"
        assert not s.warnings and s.geometry is None
        values = decode_image(image)
        ds = dcmread(image.source.path)
        expected = apply_modality_lut(ds.pixel_array, ds)  # these CRs rescale their values
        assert np.allclose(values, expected, rtol=1e-6)
