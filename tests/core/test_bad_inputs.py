"""Bad files on a patient's disc: each gets a clear reason; the rest of the study still loads."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import numpy as np
import pytest
from pydicom.dataset import Dataset
from pydicom.encaps import encapsulate
from pydicom.uid import JPEGBaseline8Bit, JPEGLSLossless, generate_uid

from ilc_viewer.dicom import header_files
from ilc_viewer.dicom.index import scan
from ilc_viewer.errors import DecodeError, StudyLoadError
from ilc_viewer.study.pixels import FrameCache, SeriesVolume
from tests.core.dicom_factory import mr_dataset, new_dataset, write, write_series


def reasons(tmp_path: Path) -> dict[str, str]:
    index = scan(tmp_path)
    return {Path(s.path).name: s.reason for s in index.skipped}


@pytest.fixture
def good_series(tmp_path: Path) -> list[Path]:
    return write_series(tmp_path / "good", 3)


def test_broken_files_are_skipped_with_reasons(tmp_path: Path, good_series) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "zero.dcm").write_bytes(b"")
    (bad / "notes.DCM").write_text("Patient CD\r\nOpen the viewer on this disc.\r\n")
    (bad / "random.dcm").write_bytes(np.random.default_rng(3).bytes(4000))
    whole = good_series[0].read_bytes()
    (bad / "truncated_header.dcm").write_bytes(whole[:200])
    (bad / "garbage_after_preamble.dcm").write_bytes(
        b"\x00" * 128 + b"DICM" + np.random.default_rng(4).bytes(300)
    )
    found = reasons(tmp_path)
    assert found["zero.dcm"] == "empty file (0 bytes)"
    assert found["notes.DCM"] == "not a DICOM file (plain text)"
    assert found["random.dcm"].startswith("not a DICOM file")
    assert "truncated" in found["truncated_header.dcm"]
    assert "damaged" in found["garbage_after_preamble.dcm"]
    index = scan(tmp_path)
    assert len(index.all_series()[0].images) == 3
    assert index.image_count + len(index.skipped) == 3 + 5


def test_truncated_pixel_data_is_skipped_with_how_much_is_there(tmp_path: Path) -> None:
    # Issue 10: a cut file is never counted as a slice; the reason says how much is left.
    paths = write_series(tmp_path, 3)
    data = paths[1].read_bytes()
    paths[1].write_bytes(data[: len(data) - 100])
    index = scan(tmp_path)
    (series,) = index.all_series()
    assert paths[1] not in [im.source.path for im in series.images]
    assert len(series.images) == 2
    (skipped,) = index.skipped
    assert skipped.path == str(paths[1])
    assert skipped.reason == "truncated: 412 of 512 bytes of pixel data"
    volume = SeriesVolume(series, FrameCache())
    assert [volume.frame(k).shape for k in range(2)] == [(16, 16)] * 2


def test_pixel_data_cut_inside_its_element_header_is_skipped(tmp_path: Path) -> None:
    paths = write_series(tmp_path, 2)
    data = paths[0].read_bytes()
    paths[0].write_bytes(data[: len(data) - 512 - 6])
    index = scan(tmp_path)
    assert len(index.all_series()[0].images) == 1
    assert [s.path for s in index.skipped] == [str(paths[0])]


def _no_pixel_object(sop_class: str, modality: str) -> Dataset:
    ds = new_dataset(sop_class)
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = modality
    return ds


@pytest.mark.parametrize(
    ("sop_class", "modality", "expected"),
    [
        ("1.2.840.10008.5.1.4.1.1.88.33", "SR", "no image data (Comprehensive SR)"),
        ("1.2.840.10008.5.1.4.1.1.481.3", "RTSTRUCT", "no image data (RT Structure Set)"),
        (
            "1.2.840.10008.5.1.4.1.1.4",
            "MR",
            "no pixel data (MR Image header only; the file may be truncated)",
        ),
    ],
)
def test_objects_without_pixels(tmp_path: Path, sop_class: str, modality: str, expected) -> None:
    write(_no_pixel_object(sop_class, modality), tmp_path / "object")
    assert reasons(tmp_path) == {"object": expected}


def test_a_presentation_state_is_listed_apart_not_skipped(tmp_path: Path) -> None:
    """Annotations saved with the study are not a bad file: read when the study opens."""
    write(_no_pixel_object("1.2.840.10008.5.1.4.1.1.11.1", "PR"), tmp_path / "object")
    index = scan(tmp_path)
    assert index.skipped == []
    assert [s.path for s in index.presentation_states] == [tmp_path / "object"]


def test_dicomdir_file_alone_is_not_an_image(tmp_path: Path) -> None:
    ds = _no_pixel_object("1.2.840.10008.1.3.10", "")
    ds.DirectoryRecordSequence = []
    write(ds, tmp_path / "sub" / "DICOMDIR")
    assert "DICOMDIR" in reasons(tmp_path / "sub")["DICOMDIR"]


def test_missing_orientation_and_spacing_give_warnings(tmp_path: Path) -> None:
    study = generate_uid()
    write_series(tmp_path / "nospacing", 3, study_uid=study, pixel_spacing=None, name="N")
    write(
        mr_dataset(study_uid=study, series_uid=generate_uid(), orientation=None),
        tmp_path / "noorient",
    )
    index = scan(tmp_path)
    by_len = {len(s.images): s for s in index.all_series()}
    assert any("Pixel Spacing missing" in w for w in by_len[3].warnings)
    assert by_len[3].geometry is not None and not by_len[3].geometry.spacing_known
    assert by_len[1].geometry is None and by_len[1].plane == "unknown"
    assert any("Orientation" in w for w in by_len[1].warnings)


def _compressed(tmp_path: Path, syntax: str, fragment: bytes, name: str, good: Path) -> Path:
    from pydicom import dcmread

    ds = dcmread(good)
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.InstanceNumber = 99
    ds.ImagePositionPatient = [v + 100.0 for v in ds.ImagePositionPatient]
    ds.file_meta.TransferSyntaxUID = syntax
    ds.PixelData = encapsulate([fragment])
    ds["PixelData"].VR = "OB"
    return write(ds, tmp_path / name)


@pytest.mark.parametrize(
    ("syntax", "name"),
    [
        (JPEGLSLossless, "JPEG-LS Lossless Image Compression"),
        (JPEGBaseline8Bit, "JPEG Baseline (Process 1)"),
        ("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
    ],
)
def test_undecodable_image_names_its_transfer_syntax(tmp_path: Path, syntax, name) -> None:
    paths = write_series(tmp_path, 3)
    bad = _compressed(tmp_path, syntax, b"\xff\xd8\xff\xf7 not really compressed", "bad", paths[0])
    (series,) = scan(tmp_path).all_series()
    assert len(series.images) == 4
    volume = SeriesVolume(series, FrameCache())
    bad_index = [im.source.path for im in series.images].index(bad)
    with pytest.raises(DecodeError) as info:
        volume.frame(bad_index)
    assert name in str(info.value) and "bad" in str(info.value)
    good = [volume.frame(k) for k in range(4) if k != bad_index]
    assert all(f.shape == (16, 16) for f in good)
    assert set(volume.decode_errors()) == {bad_index}


def test_unreadable_file_is_skipped(tmp_path: Path, good_series, monkeypatch) -> None:
    # Tests run as root, where chmod 000 does not stop reads: simulate the refusal.
    locked = good_series[1]
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(header_files, "open", guarded_open, raising=False)
    index = scan(tmp_path, workers=1)
    assert len(index.all_series()[0].images) == 2
    assert {s.path: s.reason for s in index.skipped} == {
        str(locked): "cannot be read: permission denied"
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_by_permissions(tmp_path: Path, good_series) -> None:
    good_series[0].chmod(0)
    index = scan(tmp_path)
    assert any("permission denied" in s.reason for s in index.skipped)


def test_missing_path_raises_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(StudyLoadError, match="no such file or folder"):
        scan(tmp_path / "nowhere")


def test_empty_folder_gives_empty_index(tmp_path: Path) -> None:
    index = scan(tmp_path)
    assert index.studies == [] and index.skipped == []


def test_symlink_loops_do_not_hang(tmp_path: Path, good_series) -> None:
    (tmp_path / "good" / "back_to_top").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "dangling.dcm").symlink_to(tmp_path / "gone.dcm")
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(index=scan(tmp_path)), daemon=True)
    worker.start()
    worker.join(120)  # a hang guard, not a timing test: the scan must end at all
    assert not worker.is_alive(), "scan did not finish: a link loop was followed"
    index = result["index"]
    assert len(index.all_series()[0].images) == 3  # each file once, even through the loop
    skipped = {Path(s.path).name: s.reason for s in index.skipped}
    assert skipped["self"] == "broken link or link loop"
    assert skipped["dangling.dcm"] == "broken link or link loop"


def test_source_folder_is_never_written(tmp_path: Path) -> None:
    source = tmp_path / "cd"
    write_series(source / "SERIES1", 4)
    shutil.copy(source / "SERIES1" / "IM0001", source / "duplicate")
    (source / "README.TXT").write_text("disc")

    def snapshot() -> dict:
        return {
            str(p.relative_to(tmp_path)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in tmp_path.rglob("*")
        }

    for path in source.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        path.chmod(mode & ~0o222)
    source.chmod(0o555)
    before = snapshot()
    try:
        index = scan(source)
        volume = SeriesVolume(index.all_series()[0], FrameCache())
        assert all(volume.frame(k).shape == (16, 16) for k in range(len(volume)))
        assert snapshot() == before
    finally:
        for path in [source, *source.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
