"""Issue 18: every kind of damage is reported as damaged, with its plain sentence, and never
shown as a normal image. Built from the bundled samples, pydicom's test files and the
fuzzer's compressed seeds (tests/fuzz/seeds): truncated and padded JPEG Lossless, JPEG-LS,
JPEG 2000, RLE and JPEG Extended frames, padded and cut native pixel data, inconsistent
Samples per Pixel, compressed data under an uncompressed transfer syntax."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.pixels import pixel_array

from ilc_viewer.dicom.damage import DamagedImage
from ilc_viewer.dicom.index import scan
from ilc_viewer.study.pixels import FrameCache, SeriesVolume

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fuzz" / "seeds"
SAMPLE = ROOT / "sample_dicoms" / "case_a" / "01_t1_tse_sag" / "IM0001.dcm"
_PIXEL_TAG = b"\xe0\x7f\x10\x00"
_ITEM = b"\xfe\xff\x00\xe0"

COMPRESSED = {
    "JPEG Lossless SV1": SEEDS / "sample_t2_jpeg_lossless_sv1.dcm",
    "JPEG Lossless P14": SEEDS / "CT_small_jpeg_lossless_p14.dcm",
    "JPEG Extended": SEEDS / "sample_t1_jpeg_extended.dcm",
    "JPEG-LS lossless": SEEDS / "sample_t2_jpeg_ls_lossless.dcm",
    "JPEG-LS near-lossless": Path(get_testdata_file("JPEGLSNearLossless_16.dcm")),
    "JPEG 2000": SEEDS / "sample_t2_axial_j2k_lossless.dcm",
    "JPEG 2000 (pydicom)": Path(get_testdata_file("MR_small_jp2klossless.dcm")),
    "RLE": SEEDS / "sample_t1_rle.dcm",
    "RLE (pydicom)": Path(get_testdata_file("MR_small_RLE.dcm")),
    # colour pictures are shown since issue 13: their scans interleave the components
    "JPEG baseline colour": Path(get_testdata_file("SC_rgb_jpeg_dcmtk.dcm")),
    "JPEG baseline colour 4:2:2": Path(get_testdata_file("SC_rgb_dcmtk_+eb+cy+np.dcm")),
}


def with_fragment(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The file with its first (only) frame's fragment changed, its item length fixed."""
    at = data.rfind(_PIXEL_TAG)
    bot = data.index(_ITEM, at)
    start = bot + 8 + struct.unpack_from("<I", data, bot + 4)[0]
    assert data[start : start + 4] == _ITEM
    length = struct.unpack_from("<I", data, start + 4)[0]
    body = change(data[start + 8 : start + 8 + length])
    body += b"\x00" * (len(body) % 2)
    return data[:start] + _ITEM + struct.pack("<I", len(body)) + body + \
        data[start + 8 + length :]


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    # cut: the stream's last 40% gone (its end marker with it)
    "truncated": lambda body: body[: len(body) * 6 // 10],
    # bytes lost from the middle, the end kept: only the stream's own bookkeeping tells
    "bytes removed inside": lambda body: body[: len(body) // 2] + body[len(body) // 2 + 200 :],
    # padded inside: bytes added in the middle of the data
    "padded inside": lambda body: body[: len(body) // 2] + bytes(range(1, 65)) +
    body[len(body) // 2 :],
    # padded at the end: data after the end of the stream
    "padded at the end": lambda body: body.rstrip(b"\x00") + b"\x00" * 16,
}


def _one_file(tmp_path: Path, data: bytes, name: str = "IM.dcm") -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / name).write_bytes(data)
    return folder


def _decode(folder: Path):
    (series,) = scan(folder).all_series()
    return SeriesVolume(series, FrameCache()).frame(0)


@pytest.mark.parametrize("syntax", sorted(COMPRESSED))
def test_undamaged_compressed_seeds_decode_as_pydicom_does(tmp_path: Path, syntax: str) -> None:
    source = COMPRESSED[syntax]
    shown = _decode(_one_file(tmp_path, source.read_bytes(), source.name))
    ds = dcmread(source)
    expected = ds.pixel_array * float(ds.get("RescaleSlope", 1)) + \
        float(ds.get("RescaleIntercept", 0))
    assert np.array_equal(shown, expected)


@pytest.mark.parametrize("how", sorted(DAMAGE))
@pytest.mark.parametrize("syntax", sorted(COMPRESSED))
def test_damaged_compressed_frame_is_reported_never_shown(tmp_path: Path, syntax: str,
                                                          how: str) -> None:
    data = with_fragment(COMPRESSED[syntax].read_bytes(), DAMAGE[how])
    folder = _one_file(tmp_path, data)
    index = scan(folder)
    if not index.all_series():  # refused when the header was read: never shown either
        assert index.skipped
        return
    with pytest.raises(DamagedImage) as caught:
        _decode(folder)
    damage = caught.value.damage
    english, japanese = damage.sentence("en"), damage.sentence("ja")
    assert english.endswith(".") and japanese.endswith("。")
    assert "error" not in english.lower() and damage.detail


def test_inserted_bytes_that_decoders_accept_are_damaged(tmp_path: Path) -> None:
    # Before: pylibjpeg's libjpeg and GDCM both "decoded" this into a picture of noise.
    data = with_fragment((SEEDS / "sample_t2_jpeg_lossless_sv1.dcm").read_bytes(),
                         lambda body: body[:20000] + b"\x5a" + body[20000:])
    folder = _one_file(tmp_path, data)
    wrong = pixel_array(folder / "IM.dcm", decoding_plugin="pylibjpeg")
    assert wrong.shape == (256, 256)  # the decoder says nothing
    with pytest.raises(DamagedImage) as caught:
        _decode(folder)
    assert caught.value.damage.kind == "compressed_damaged"
    assert "stream" in caught.value.damage.detail  # found by re-encoding the picture


def test_jpeg_ls_damage_is_refused_by_its_decoder(tmp_path: Path) -> None:
    # Before: pylibjpeg turned 30 of 35 damaged JPEG-LS streams into noise; CharLS refuses.
    data = with_fragment(Path(get_testdata_file("MR_small_jpeg_ls_lossless.dcm")).read_bytes(),
                         lambda body: body[:1500] + b"\x33\x44" + body[1500:])
    folder = _one_file(tmp_path, data)
    assert pixel_array(folder / "IM.dcm", decoding_plugin="pylibjpeg").shape == (64, 64)
    with pytest.raises(DamagedImage):
        _decode(folder)


def _native(data: bytes) -> tuple[int, int]:
    at = data.rfind(_PIXEL_TAG)
    return at, struct.unpack_from("<I", data, at + 8)[0]


def test_padded_native_pixel_data_is_damaged_with_how_much_extra(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    at, length = _native(data)
    padded = data[: at + 8] + struct.pack("<I", length + 512) + data[at + 12 :] + bytes(512)
    folder = _one_file(tmp_path, padded)
    (series,) = scan(folder).all_series()
    (image,) = series.images
    assert image.damage is not None and image.damage.kind == "extra_data"
    assert image.damage.sentence("en") == ("This image has 512 bytes more data than it "
                                           "should; it may be shifted.")
    with pytest.raises(DamagedImage):
        _decode(folder)


def test_cut_native_pixel_data_is_never_a_slice(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    index = scan(_one_file(tmp_path, data[: len(data) - 40_000]))
    assert not index.all_series()
    (skipped,) = index.skipped
    assert skipped.reason.startswith("truncated: ")


def test_a_byte_lost_where_only_the_pad_byte_was_spare_is_damaged(tmp_path: Path) -> None:
    # Found by the fuzzer: a 3 x 3 RGB picture holds 27 bytes and a pad byte; one byte lost
    # in the middle left exactly 27, its pixels shifted, shown as a normal picture.
    data = Path(get_testdata_file("SC_rgb_small_odd.dcm")).read_bytes()
    at, length = _native(data)
    assert length == 28 and at + 12 + length == len(data)  # the pixel data ends the file
    cut = data[: at + 12 + 10] + data[at + 12 + 11 :]
    (series,) = scan(_one_file(tmp_path, cut)).all_series()
    (image,) = series.images
    assert image.damage is not None and image.damage.kind == "shifted"
    with pytest.raises(DamagedImage):
        _decode(tmp_path / "case")


def test_colour_samples_on_a_grey_scale_image_are_said_plainly(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    tag = struct.pack("<HH", 0x0028, 0x0002) + b"US" + struct.pack("<H", 2)
    at = data.index(tag)
    data = data[: at + 8] + struct.pack("<H", 3) + data[at + 10 :]
    index = scan(_one_file(tmp_path, data))
    assert not index.all_series()
    assert index.skipped[0].reason == ("damaged header: Samples per Pixel is 3 but the image "
                                       "is grey-scale (MONOCHROME2)")


def test_compressed_data_under_an_uncompressed_syntax_is_damaged(tmp_path: Path) -> None:
    # Found by the fuzzer: RLE frames read as uncompressed pixels were shown as noise.
    data = Path(get_testdata_file("MR_small_RLE.dcm")).read_bytes()
    old, new = b"1.2.840.10008.1.2.5\x00", b"1.2.840.10008.1.2.1\x00"
    folder = _one_file(tmp_path, data.replace(old, new, 1))
    (series,) = scan(folder).all_series()
    assert series.images[0].damage is not None
    assert series.images[0].damage.kind == "syntax"
    with pytest.raises(DamagedImage):
        _decode(folder)


def _sequential_jpeg_files() -> list[Path]:
    """pydicom's own JPEG baseline and extended files (grey-scale and colour, subsampled)."""
    import pydicom

    found = []
    for path in sorted((Path(pydicom.data.__file__).parent / "test_files").rglob("*.dcm")):
        try:
            syntax = dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID
        except Exception:  # pydicom's deliberately broken files
            continue
        if syntax in ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"):
            found.append(path)
    return found


@pytest.mark.parametrize("source", _sequential_jpeg_files(), ids=lambda path: path.name)
def test_every_sequential_jpeg_of_pydicom_walks_clean(source: Path) -> None:
    """The block walk (grey-scale, interleaved colour, 4:2:2) never calls a good file damaged."""
    from pydicom.encaps import generate_frames

    from ilc_viewer.dicom.streams import check_jpeg

    ds = dcmread(source)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    for frame in generate_frames(ds.PixelData, number_of_frames=frames):
        assert check_jpeg(frame, ls=False) is None


def test_a_colour_still_is_walked_and_the_frames_of_a_colour_clip_are_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Walking a 640 x 480 colour frame's blocks in Python takes 0.1-0.6 s: a still pays it
    once, a clip would pay it for every frame it plays, so its frames get the marker and
    size checks only."""
    from pydicom.encaps import encapsulate, generate_frames

    from ilc_viewer.dicom import streams

    walked: list[int] = []
    real = streams.walk_mcus
    monkeypatch.setattr(streams, "walk_mcus",
                        lambda *args, **kw: (walked.append(1), real(*args, **kw))[1])
    source = COMPRESSED["JPEG baseline colour"]
    still = _decode(_one_file(tmp_path, source.read_bytes(), "still.dcm"))
    assert walked and still.shape[-1] == 3
    walked.clear()
    ds = dcmread(source)
    frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    ds.PixelData = encapsulate([frame, frame])
    ds.NumberOfFrames = 2
    clip_folder = tmp_path / "clip"
    clip_folder.mkdir()
    ds.save_as(clip_folder / "clip.dcm")
    (series,) = scan(clip_folder).all_series()
    shown = SeriesVolume(series, FrameCache()).frame(1)
    assert np.array_equal(shown, still) and walked == []
