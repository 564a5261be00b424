"""Scanning folders, zips, DICOMDIRs and enhanced MR into sorted, split, labelled series."""

from __future__ import annotations

import random
import shutil
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.fileset import FileSet
from pydicom.uid import generate_uid

from ilc_viewer.dicom.index import ScanCancelled, scan
from ilc_viewer.errors import StudyLoadError
from ilc_viewer.study.pixels import FrameCache, SeriesVolume
from tests.core.dicom_factory import AXIAL, SAGITTAL, enhanced_mr, mr_dataset, write, write_series


def distances(series) -> list[float]:
    normal = np.cross(series.images[0].orientation[:3], series.images[0].orientation[3:])
    return [float(np.dot(im.position, normal)) for im in series.images]


def test_slices_sort_along_normal_not_instance_number(tmp_path: Path) -> None:
    order = [3, 5, 1, 4, 2]  # instance numbers that disagree with geometry
    write_series(tmp_path, 5, instance_order=order)
    index = scan(tmp_path)
    (series,) = index.all_series()
    d = distances(series)
    assert d == sorted(d) and len(set(d)) == 5
    assert [im.instance_number for im in series.images] == order
    assert series.plane == "sagittal"
    assert series.geometry is not None and series.geometry.slice_count == 5
    assert series.geometry.slice_spacing == pytest.approx(4.0)
    assert series.warnings == []
    assert index.skipped == []


def test_missing_positions_fall_back_to_instance_number_with_warning(tmp_path: Path) -> None:
    study, uid = generate_uid(), generate_uid()
    for n in (3, 1, 2):
        write(
            mr_dataset(study_uid=study, series_uid=uid, instance=n, position=None),
            tmp_path / f"f{n}.dcm",
        )
    (series,) = scan(tmp_path).all_series()
    assert [im.instance_number for im in series.images] == [1, 2, 3]
    assert series.geometry is None
    assert any("instance number" in w for w in series.warnings)


def test_uneven_spacing_is_reported(tmp_path: Path) -> None:
    paths = write_series(tmp_path, 6, spacing=4.0)
    paths[-1].unlink()  # leave a ...4, 4, 4, 4 series, then move one slice to make a gap
    paths[2].unlink()
    (series,) = scan(tmp_path).all_series()
    assert len(series.images) == 4
    assert any("uneven slice spacing" in w for w in series.warnings)


def test_series_mixing_views_sizes_and_types_is_split_with_a_neutral_note(tmp_path: Path) -> None:
    study, uid = generate_uid(), generate_uid()
    write_series(tmp_path / "sag", 4, study_uid=study, series_uid=uid, name="S")
    write_series(
        tmp_path / "ax",
        3,
        study_uid=study,
        series_uid=uid,
        orientation=AXIAL,
        name="A",
        instance_order=[11, 12, 13],
    )
    write_series(
        tmp_path / "big",
        2,
        study_uid=study,
        series_uid=uid,
        rows=20,
        columns=20,
        name="B",
        instance_order=[21, 22],
    )
    write_series(
        tmp_path / "loc",
        2,
        study_uid=study,
        series_uid=uid,
        name="L",
        image_type=("ORIGINAL", "PRIMARY", "LOCALIZER"),
        instance_order=[31, 32],
    )
    index = scan(tmp_path)
    series = index.all_series()
    keys = sorted(s.key for s in series)
    assert keys == sorted([uid] + [f"{uid}#{n}" for n in (2, 3, 4)])
    main = index.studies[0].series_by_key(uid)
    assert len(main.images) == 4 and main.plane == "sagittal"  # the largest part keeps the UID
    planes = sorted(s.plane for s in series)
    assert planes == ["axial", "sagittal", "sagittal", "sagittal"]
    sizes = sorted((s.rows, len(s.images)) for s in series)
    assert (20, 2) in sizes
    # Separate pictures are a fact of the series, not a problem: a note, never a warning.
    assert all(any("shown as 4 series" in n for n in s.notes) for s in series)
    assert all(s.warnings == [] for s in series)
    assert sum(len(s.images) for s in series) == 11


def test_repeated_acquisitions_split_but_per_slice_numbers_do_not(tmp_path: Path) -> None:
    study, uid = generate_uid(), generate_uid()
    write_series(tmp_path / "a1", 3, study_uid=study, series_uid=uid, acquisition=1, name="X")
    write_series(
        tmp_path / "a2",
        3,
        study_uid=study,
        series_uid=uid,
        acquisition=2,
        name="Y",
        instance_order=[4, 5, 6],
    )
    assert len(scan(tmp_path).all_series()) == 2
    other = tmp_path / "per_slice"
    uid2 = generate_uid()
    for k in range(4):  # some scanners number every slice as its own acquisition
        write(
            mr_dataset(
                study_uid=study,
                series_uid=uid2,
                instance=k + 1,
                acquisition=k + 1,
                position=(k * 3.0, 0, 0),
            ),
            other / f"s{k}",
        )
    (series,) = scan(other).all_series()
    assert len(series.images) == 4


def test_progress_goes_up_to_total(tmp_path: Path) -> None:
    write_series(tmp_path, 7)
    (tmp_path / "notes.txt").write_text("not an image")
    calls: list[tuple[int, int]] = []
    lock = threading.Lock()

    def progress(done: int, total: int) -> None:
        with lock:
            calls.append((done, total))

    scan(tmp_path, progress=progress, workers=3)
    assert calls[0] == (0, 8)
    assert calls[-1] == (8, 8)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_process_pool_path_gives_same_index_as_serial(tmp_path: Path, monkeypatch) -> None:
    write_series(tmp_path, 12, instance_order=random.Random(1).sample(range(1, 13), 12))
    (tmp_path / "junk.dcm").write_bytes(b"\x00" * 10)
    serial = scan(tmp_path, workers=1)
    monkeypatch.setattr("ilc_viewer.dicom.index.PROCESS_MIN_FILES", 4)
    parallel = scan(tmp_path, workers=2)
    assert [im.source for im in parallel.all_series()[0].images] == [
        im.source for im in serial.all_series()[0].images
    ]
    assert parallel.skipped == serial.skipped


def test_cancel_stops_the_scan(tmp_path: Path) -> None:
    write_series(tmp_path, 6)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ScanCancelled):
        scan(tmp_path, cancel=cancel, workers=2)


def test_zip_members_are_read_in_memory(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_series(src / "Series1", 4)
    archive = tmp_path / "study.ZIP"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(src.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(src).as_posix())
        zf.writestr("readme.txt", "hello")
    before = sorted(p.name for p in tmp_path.iterdir())
    index = scan(archive)
    (series,) = index.all_series()
    assert len(series.images) == 4
    assert all(im.source.member and im.source.path == archive for im in series.images)
    assert [s.path for s in index.skipped] == [f"{archive}!readme.txt"]
    frame = SeriesVolume(series, FrameCache()).frame(0)
    assert frame.shape == (16, 16)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing extracted


def test_corrupt_zip_raises_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(StudyLoadError, match=r"broken\.zip"):
        scan(bad)


def _fileset(tmp_path: Path, count: int = 4) -> Path:
    study, uid = generate_uid(), generate_uid()
    fs = FileSet()
    for k in range(count):
        fs.add(
            mr_dataset(
                study_uid=study, series_uid=uid, instance=count - k, position=(k * 5.0, 0.0, 0.0)
            )
        )
    out = tmp_path / "cd"
    fs.write(out)
    return out


def test_dicomdir_is_used_and_reported(tmp_path: Path) -> None:
    cd = _fileset(tmp_path)
    for index in (scan(cd), scan(cd / "DICOMDIR")):
        (series,) = index.all_series()
        assert len(series.images) == 4
        d = distances(series)
        assert d == sorted(d)
        (entry,) = index.skipped
        assert entry.path.endswith("DICOMDIR") and "lists 4 files" in entry.reason


def test_dicomdir_with_other_case_names_and_missing_file(tmp_path: Path) -> None:
    cd = _fileset(tmp_path)
    files = sorted(p for p in cd.rglob("*") if p.is_file() and p.name != "DICOMDIR")
    files[0].unlink()
    # An ISO 9660 disc mounted with lower-case names: the DICOMDIR still finds them.
    for path in sorted(cd.rglob("*"), key=lambda p: -len(p.parts)):
        if path.name != "DICOMDIR":
            path.rename(path.with_name(path.name.lower()))
    index = scan(cd)
    assert len(index.all_series()[0].images) == 3
    reasons = {s.reason for s in index.skipped}
    assert "listed in the DICOMDIR but missing from the disc" in reasons
    assert any("lists 3 files" in r for r in reasons)


def test_broken_dicomdir_falls_back_to_folder_scan(tmp_path: Path) -> None:
    cd = _fileset(tmp_path)
    (cd / "DICOMDIR").write_bytes(b"\x00" * 128 + b"DICM" + b"\xff" * 50)
    index = scan(cd)
    assert len(index.all_series()[0].images) == 4
    (entry,) = index.skipped
    assert "searched instead" in entry.reason


def test_enhanced_mr_frames_become_sorted_slices(tmp_path: Path) -> None:
    path = enhanced_mr(tmp_path / "enhanced.dcm", frames=4, frame_order=[2, 0, 3, 1])
    (series,) = scan(path).all_series()
    assert len(series.images) == 4
    # Sagittal normal is cross(+y, -z) = -x: the stack runs from patient left to right.
    assert [im.position[0] for im in series.images] == [9.0, 6.0, 3.0, 0.0]
    assert [im.frame for im in series.images] == [2, 0, 3, 1]
    d = distances(series)
    assert d == sorted(d)
    assert series.images[0].pixel_spacing == (0.8, 0.7)
    assert series.images[0].rescale_slope == 2.0
    assert series.params.repetition_time == 4000.0
    assert series.params.echo_time == 60.0
    assert series.params.inversion_time == 150.0
    assert series.params.inversion_recovery == "YES"
    assert series.plane == "sagittal"
    volume = SeriesVolume(series, FrameCache())
    for k in range(4):
        frame = volume.frame(k)
        assert frame.dtype == np.float32
        slot = 3 - k  # the factory stores the slot number in pixel [0, 0]
        assert frame[0, 0] == pytest.approx(2.0 * slot - 5.0)  # slope 2, intercept -5


def test_copies_of_the_same_image_are_shown_once(tmp_path: Path) -> None:
    paths = write_series(tmp_path / "a", 3)
    shutil.copy(paths[0], tmp_path / "copy_of_first")
    index = scan(tmp_path)
    assert len(index.all_series()[0].images) == 3
    (entry,) = index.skipped
    assert "a copy of" in entry.reason


def test_studies_group_by_study_uid_and_series_number_order(tmp_path: Path) -> None:
    study = generate_uid()
    write_series(tmp_path / "s2", 2, study_uid=study, series_number=2, name="B")
    write_series(tmp_path / "s1", 2, study_uid=study, series_number=1, name="A")
    write_series(tmp_path / "other", 2, name="C")
    index = scan(tmp_path)
    assert len(index.studies) == 2
    study_one = next(s for s in index.studies if s.study_uid == study)
    assert [s.number for s in study_one.series] == [1, 2]
    assert index.image_count == 6


def test_every_series_is_labelled_by_the_sequence_rules(tmp_path: Path) -> None:
    write_series(tmp_path, 3, description="SAG STIR")
    (series,) = scan(tmp_path).all_series()
    assert series.sequence in (
        "T1",
        "T2",
        "STIR",
        "PD",
        "FLAIR",
        "T2*",
        "DWI",
        "ADC",
        "EPI",
        "LOCALIZER",
        "OTHER",
    )
    assert series.sequence_reason


def test_dicom_dataset_is_read_back_the_same(tmp_path: Path) -> None:
    (path,) = write_series(tmp_path, 1, orientation=SAGITTAL)
    ds = dcmread(path)
    (series,) = scan(path).all_series()
    image = series.images[0]
    assert image.sop_instance_uid == ds.SOPInstanceUID
    assert image.orientation == tuple(float(v) for v in ds.ImageOrientationPatient)
    assert image.windows[0].center == 500 and image.windows[0].width == 1000
