"""The fuzzer in CI size, and the damaged files it found, kept as regression tests."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

from ilc_viewer.dicom.damage import DamagedImage
from ilc_viewer.dicom.index import scan
from ilc_viewer.study.pixels import FrameCache, SeriesVolume
from tests.fuzz.mutate import huge_count
from tests.fuzz.run import ROOT, run

SAMPLE = ROOT / "sample_dicoms" / "case_a" / "01_t1_tse_sag" / "IM0001.dcm"


def test_ci_fuzz_run_finds_no_crash_hang_or_traceback() -> None:
    # info --decode and export on every case: the export must exit 1 when it shows a slice
    # that cannot be shown ("silent export")
    summary = run(cases=240, seed=1, timeout=60.0, export=True)
    assert summary.cases >= 200
    for kind in ("crash", "hang", "traceback", "bad exit", "silent export"):
        assert summary.classes[kind] == 0, summary.text()
    # Structural damage to uncompressed data is always found (issue 18).
    for family in ("insert_pixels", "remove_pixels", "truncate", "huge_count"):
        assert summary.by_family[family]["silent wrong image"] == 0, summary.text()


def _with_frames(tmp_path: Path, frames: int) -> Path:
    data = SAMPLE.read_bytes()
    text = str(frames).encode()
    text += b" " * (len(text) % 2)
    rows = data.find(struct.pack("<HH", 0x0028, 0x0010) + b"US")
    element = struct.pack("<HH2sH", 0x0028, 0x0008, b"IS", len(text)) + text
    out = tmp_path / f"frames_{frames}"
    out.mkdir()
    (out / "IM.dcm").write_bytes(data[:rows] + element + data[rows:])
    return out


@pytest.mark.parametrize(
    ("frames", "reason"),
    [
        (-1, "damaged header: Number of Frames is -1"),
        (0, "damaged header: Number of Frames is 0"),
        (100_000, "damaged header: Number of Frames is 100,000 but the pixel data holds 1"),
        (2_147_483_647, "damaged header: Number of Frames is 2,147,483,647 but the pixel "
                        "data holds 1"),
    ],
)
def test_absurd_frame_counts_are_skipped_with_a_reason(
    tmp_path: Path, frames: int, reason: str
) -> None:
    # Before: -1 ended `info` with an IndexError, 2,147,483,647 hung at ~1 GB.
    index = scan(_with_frames(tmp_path, frames))
    assert not index.all_series()
    assert [s.reason for s in index.skipped] == [reason]


def test_info_on_absurd_frame_count_prints_one_line_not_a_traceback(tmp_path: Path) -> None:
    folder = _with_frames(tmp_path, -1)
    result = subprocess.run(
        [sys.executable, "-m", "ilc_viewer", "info", "--decode", str(folder)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Number of Frames is -1" in result.stderr


def _one_file(tmp_path: Path, data: bytes, name: str = "IM.dcm") -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / name).write_bytes(data)
    return folder


def test_corrupt_rle_run_is_damaged_not_a_panic(tmp_path: Path, capfd) -> None:
    # A run that overflows its segment made the Rust RLE decoder panic.
    data = bytearray(Path(get_testdata_file("MR_small_RLE.dcm")).read_bytes())
    first_segment = data.index(struct.pack("<I", 64), data.index(b"\xe0\x7f\x10\x00")) + 60
    data[first_segment + 10 : first_segment + 40] = b"\x81\x05" * 15  # long repeat runs
    (series,) = scan(_one_file(tmp_path, bytes(data))).all_series()
    with pytest.raises(DamagedImage) as caught:
        SeriesVolume(series, FrameCache()).frame(0)
    assert caught.value.damage.kind == "compressed_damaged"
    assert "panicked" not in capfd.readouterr().err


def test_bytes_inserted_in_native_pixels_mark_the_image_damaged(tmp_path: Path) -> None:
    # Before: the image was shown shifted into noise with no error (69 of 69).
    data = SAMPLE.read_bytes()
    at = len(data) - 5000
    (series,) = scan(_one_file(tmp_path, data[:at] + b"\x01\x02\x03" + data[at:])).all_series()
    (image,) = series.images
    assert image.damage is not None and image.damage.kind == "shifted"
    with pytest.raises(DamagedImage):
        SeriesVolume(series, FrameCache()).frame(0)
    assert "added or lost" in image.damage.sentence("en")
    assert image.damage.sentence("ja")


def test_truncated_jpeg_ls_is_damaged_not_shown(tmp_path: Path) -> None:
    # Before: 30 of 35 cut JPEG-LS files "decoded" into noise without an error.
    data = Path(get_testdata_file("MR_small_jpeg_ls_lossless.dcm")).read_bytes()
    cut = data[: len(data) - 300]
    index = scan(_one_file(tmp_path, cut))
    if not index.all_series():  # skipped at once is fine too: never shown
        assert index.skipped
        return
    (series,) = index.all_series()
    with pytest.raises(DamagedImage) as caught:
        SeriesVolume(series, FrameCache()).frame(0)
    assert caught.value.damage.sentence("en")


def test_huge_count_mutation_applies_to_the_sample() -> None:
    import random

    assert huge_count(SAMPLE.read_bytes(), random.Random(3)) is not None


def test_jpeg_ls_stream_that_aborts_gdcm_is_a_listed_failure(tmp_path: Path) -> None:
    # Found by the 10,000-case run: GDCM's JPEG-LS decoder aborted the process (SIGABRT).
    folder = _one_file(tmp_path, (ROOT / "tests/fuzz/cases/jpegls_bitflip_gdcm_abort.dcm")
                       .read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "ilc_viewer", "info", "--decode", str(folder)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "Decode failures: 1" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("case", "detail"), [
    # a flipped bit inside the deflated data: it still inflates, the gzip trailer's CRC fails
    ("deflate_crc_mismatch.dcm", "fails its CRC-32"),
    # a damaged length inflates into an element after the pixel data
    ("deflate_element_after_pixels.dcm", "after the inflated pixel data"),
])
def test_damaged_deflated_file_is_not_shown(tmp_path: Path, case: str, detail: str) -> None:
    # Found by the 10,000-case run: shown as a normal image, 12% and 56% of pixels wrong.
    folder = _one_file(tmp_path, (ROOT / "tests/fuzz/cases" / case).read_bytes())
    (series,) = scan(folder).all_series()
    with pytest.raises(DamagedImage) as caught:
        SeriesVolume(series, FrameCache()).frame(0)
    assert detail in caught.value.damage.detail


def test_parallel_orientation_is_no_orientation_not_a_traceback(tmp_path: Path) -> None:
    # Found by the 10,000-case run: a flipped header bit made Image Orientation (Patient)'s
    # row and column parallel, and the index ended with a ValueError traceback.
    folder = _one_file(tmp_path, (ROOT / "tests/fuzz/cases/orientation_parallel_bitflip.dcm")
                       .read_bytes())
    (series,) = scan(folder).all_series()
    assert series.images[0].orientation is None
    assert any("Orientation" in str(w) for w in series.warnings)


def test_export_of_a_ten_pixel_image_is_written(tmp_path: Path) -> None:
    # Found by the first fuzz run with --export: the caption band of a 10 x 10 RT dose
    # picture turned inside out and Pillow raised "x1 must be greater than or equal to x0".
    from ilc_viewer.cli import main

    folder = _one_file(tmp_path, Path(get_testdata_file("rtdose_1frame.dcm")).read_bytes())
    out = tmp_path / "dose.png"
    assert main(["export", str(folder), "--out", str(out)]) == 0
    assert out.stat().st_size > 0
