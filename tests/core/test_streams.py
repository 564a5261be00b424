"""The stream checks of compressed frames: JPEG Lossless proved by re-encoding, JPEG 2000
tile-part lengths, RLE segment bookkeeping, the JPEG marker walk (ilc_viewer.dicom.streams,
lossless, dct_walk)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.encaps import generate_frames

from ilc_viewer.dicom.lossless import NotTheStream, _predictions, verify
from ilc_viewer.dicom.streams import (
    StreamDamaged,
    check_j2k,
    check_jpeg,
    check_rle_segments,
)

SEEDS = Path(__file__).resolve().parents[1] / "fuzz" / "seeds"
LOSSLESS = ["sample_t2_jpeg_lossless_sv1.dcm", "sample_stir_jpeg_lossless_sv6.dcm",
            "CT_small_jpeg_lossless_p14.dcm", "MR_small_jpeg_lossless_sv1.dcm"]


def frame_of(path: Path) -> tuple[bytes, np.ndarray]:
    ds = dcmread(path)
    return next(generate_frames(ds.PixelData, number_of_frames=1)), ds.pixel_array


def _reference_prediction(x: np.ndarray, predictor: int, first: int) -> np.ndarray:
    """T.81 Table H.1 sample by sample (the slow, obvious way)."""
    out = np.zeros_like(x)
    for r in range(x.shape[0]):
        for c in range(x.shape[1]):
            if r == 0 and c == 0:
                out[r, c] = first
            elif r == 0:
                out[r, c] = x[r, c - 1]
            elif c == 0:
                out[r, c] = x[r - 1, c]
            else:
                a, b, cc = int(x[r, c - 1]), int(x[r - 1, c]), int(x[r - 1, c - 1])
                out[r, c] = {1: a, 2: b, 3: cc, 4: a + b - cc, 5: a + ((b - cc) >> 1),
                             6: b + ((a - cc) >> 1), 7: (a + b) >> 1}[predictor]
    return out


@pytest.mark.parametrize("predictor", range(1, 8))
def test_predictions_follow_table_h1(predictor: int) -> None:
    x = np.random.default_rng(predictor).integers(0, 4096, (9, 7)).astype(np.int32)
    assert np.array_equal(_predictions(x, predictor, 2048),
                          _reference_prediction(x, predictor, 2048))


@pytest.mark.parametrize("name", LOSSLESS)
def test_lossless_stream_is_proved_to_be_its_picture(name: str) -> None:
    data, picture = frame_of(SEEDS / name)
    scan = check_jpeg(data, ls=False)
    assert scan is not None
    verify(scan, picture)  # undamaged: no exception
    changed = picture.copy()
    changed[5, 7] += 1
    with pytest.raises(NotTheStream):
        verify(scan, changed)


def test_lossless_stream_with_data_left_over_is_refused() -> None:
    data, picture = frame_of(SEEDS / LOSSLESS[0])
    end = data.rindex(b"\xff\xd9")
    while data[end - 1] == 0xFF:  # fill bytes before the marker
        end -= 1
    scan = check_jpeg(data[:end] + b"\x12\x34" + data[end:], ls=False)
    with pytest.raises(NotTheStream, match="bits"):
        verify(scan, picture)


def test_jpeg_marker_walk_refuses_a_segment_length_that_overruns() -> None:
    data, _ = frame_of(SEEDS / "sample_t1_jpeg_extended.dcm")
    check_jpeg(data, ls=False)
    at = data.index(b"\xff\xc4")  # a Huffman table: its length made too long
    broken = data[: at + 2] + struct.pack(">H", 0xFFF0) + data[at + 4 :]
    with pytest.raises(StreamDamaged, match="declares"):
        check_jpeg(broken, ls=False)


def test_jpeg_extended_blocks_must_use_up_the_data() -> None:
    data, _ = frame_of(SEEDS / "sample_t1_jpeg_extended.dcm")
    sos = data.index(b"\xff\xda")
    at = sos + 2000
    with pytest.raises(StreamDamaged):
        check_jpeg(data[:at] + data[at + 24 :], ls=False)


def test_j2k_tile_part_lengths_must_add_up() -> None:
    data, _ = frame_of(SEEDS / "sample_t2_axial_j2k_lossless.dcm")
    check_j2k(data)
    middle = len(data) // 2
    with pytest.raises(StreamDamaged, match="tile-part"):
        check_j2k(data[:middle] + b"\x00" * 10 + data[middle:])
    with pytest.raises(StreamDamaged, match="tile-part"):
        check_j2k(data[:middle] + data[middle + 10 :])


def _rle(path: Path) -> tuple[bytes, list[int], int]:
    ds = dcmread(path)
    data = next(generate_frames(ds.PixelData, number_of_frames=int(ds.get("NumberOfFrames",
                                                                            1) or 1)))
    count = struct.unpack_from("<I", data)[0]
    offsets = list(struct.unpack_from(f"<{count}I", data, 4))
    return data, offsets, ds.Rows * ds.Columns


@pytest.mark.parametrize("path", [SEEDS / "sample_t1_rle.dcm",
                                  Path(get_testdata_file("MR_small_RLE.dcm"))])
def test_rle_segments_must_decode_to_the_picture_and_end_where_the_next_begins(
        path: Path) -> None:
    data, offsets, expected = _rle(path)
    check_rle_segments(data, offsets, expected)
    with pytest.raises(StreamDamaged, match="decodes to"):
        check_rle_segments(data, offsets, expected + 5)
    with pytest.raises(StreamDamaged):  # bytes added to the last segment
        check_rle_segments(data + b"\x00\x11\x22\x33", offsets, expected)
    cut = offsets[-1] + (len(data) - offsets[-1]) // 2
    with pytest.raises(StreamDamaged):
        check_rle_segments(data[:cut], offsets, expected)
