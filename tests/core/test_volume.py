"""Lazy decoding, modality LUT, the bounded frame cache and compressed syntaxes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

from ilc_viewer.dicom.index import scan
from ilc_viewer.study.pixels import FrameCache, SeriesVolume, apply_modality_lut
from tests.core.dicom_factory import pixel_pattern, write_series


def test_frames_decode_lazily_to_stored_integers(tmp_path: Path) -> None:
    write_series(tmp_path, 4, instance_order=[4, 3, 2, 1])
    (series,) = scan(tmp_path).all_series()
    cache = FrameCache()
    volume = SeriesVolume(series, cache)
    assert len(volume) == 4 and len(cache) == 0  # nothing decoded before the first look
    frame = volume.frame(2)
    assert len(cache) == 1
    number = series.images[2].instance_number
    np.testing.assert_array_equal(frame, pixel_pattern(16, 16, number))
    assert frame.dtype == np.uint16  # identity LUT: no float copy
    assert frame.flags.c_contiguous and not frame.flags.writeable
    assert volume.frame(2) is frame  # second look comes from the cache
    with pytest.raises(IndexError):
        volume.frame(4)


def test_rescale_gives_float32_modality_values(tmp_path: Path) -> None:
    write_series(tmp_path, 2, slope=0.5, intercept=-100.0)
    (series,) = scan(tmp_path).all_series()
    frame = SeriesVolume(series, FrameCache()).frame(0)
    expected = pixel_pattern(16, 16, series.images[0].instance_number) * 0.5 - 100.0
    assert frame.dtype == np.float32
    np.testing.assert_allclose(frame, expected)


def test_apply_modality_lut_identity_keeps_array() -> None:
    stored = np.arange(6, dtype=np.int16).reshape(2, 3)
    assert apply_modality_lut(stored, 1.0, 0.0) is stored
    assert apply_modality_lut(stored, 1.0, 1024.0)[0, 0] == 1024.0


def test_monochrome1_is_flagged_not_inverted(tmp_path: Path) -> None:
    write_series(tmp_path, 1, photometric="MONOCHROME1")
    (series,) = scan(tmp_path).all_series()
    assert series.images[0].inverted
    frame = SeriesVolume(series, FrameCache()).frame(0)
    np.testing.assert_array_equal(frame, pixel_pattern(16, 16, 1))


def test_cache_is_bounded_by_bytes_and_least_recently_used() -> None:
    cache = FrameCache(max_bytes=3 * 100)
    frames = {k: np.zeros(100, dtype=np.uint8) for k in "abcd"}
    for key in "abc":
        cache.put(key, frames[key])
    assert cache.get("a") is frames["a"]  # "a" is now the most recently used
    cache.put("d", frames["d"])
    assert cache.get("b") is None and cache.get("a") is not None
    assert cache.nbytes == 300 and len(cache) == 3
    cache.put("huge", np.zeros(1000, dtype=np.uint8))
    assert cache.get("huge") is None and len(cache) == 3


def test_volumes_share_the_cache(tmp_path: Path) -> None:
    write_series(tmp_path, 2)
    (series,) = scan(tmp_path).all_series()
    cache = FrameCache()
    first = SeriesVolume(series, cache).frame(0)
    assert SeriesVolume(series, cache).frame(0) is first


def test_preload_decodes_all_in_threads(tmp_path: Path) -> None:
    write_series(tmp_path, 6)
    (series,) = scan(tmp_path).all_series()
    cache = FrameCache()
    seen: list[int] = []
    errors = SeriesVolume(series, cache).preload(workers=3, progress=lambda d, t: seen.append(d))
    assert errors == {} and len(cache) == 6 and sorted(seen) == list(range(1, 7))


@pytest.mark.parametrize(
    "name",
    [
        "MR_small_RLE.dcm",
        "MR_small_jpeg_ls_lossless.dcm",
        "MR_small_jp2klossless.dcm",
        "MR_small_bigendian.dcm",
        "MR_small_implicit.dcm",
    ],
)
def test_compressed_syntaxes_match_uncompressed(name: str) -> None:
    reference = dcmread(get_testdata_file("MR_small.dcm")).pixel_array
    (series,) = scan(get_testdata_file(name)).all_series()
    frame = SeriesVolume(series, FrameCache()).frame(0)
    np.testing.assert_array_equal(frame, reference)


def test_classic_multiframe_decodes_one_frame_at_a_time() -> None:
    path = get_testdata_file("rtdose.dcm")
    (series,) = scan(path).all_series()
    assert len(series.images) == 15
    full = dcmread(path).pixel_array
    volume = SeriesVolume(series, FrameCache())
    slope = series.images[0].rescale_slope
    for k in (0, 7, 14):
        frame_number = series.images[k].frame
        np.testing.assert_allclose(volume.frame(k), full[frame_number] * slope, rtol=1e-6)
