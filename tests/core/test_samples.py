"""The bundled sample studies: contrast measured on the written files, validity, determinism.

The contrast tests read the committed files in ``sample_dicoms/`` back with pydicom, place the
truth ROIs with :mod:`ilc_viewer.study.geometry` and compare mean signals, as a reader with an ROI
tool would. Determinism regenerates a case twice into temporary folders.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest

from ilc_viewer.dicom.index import scan
from ilc_viewer.samples import CASES, generate
from ilc_viewer.samples.mri_physics import fat_null_ti, ir_signal
from ilc_viewer.samples.tissues import FAT
from ilc_viewer.storage.resources import samples_folder
from ilc_viewer.study.geometry import SeriesGeometry, build_geometry, direction_label, sort_images
from ilc_viewer.study.model import ImageRef, ImageSource

SAMPLES = samples_folder()
CASE_KEYS = sorted(CASES)


def _truth(case: str) -> dict:
    return json.loads((SAMPLES / case / "truth.json").read_text(encoding="utf-8"))


def _series(case_dir: Path, series_uid: str) -> tuple[SeriesGeometry, np.ndarray]:
    """Geometry and pixel volume (slice, row, col) of one series, sorted along the normal."""
    refs, pixels = [], {}
    for path in sorted(case_dir.rglob("*.dcm")):
        ds = pydicom.dcmread(path)
        if ds.SeriesInstanceUID != series_uid:
            continue
        ref = ImageRef(
            source=ImageSource(path), sop_instance_uid=ds.SOPInstanceUID, rows=ds.Rows,
            columns=ds.Columns, instance_number=int(ds.InstanceNumber),
            position=tuple(float(v) for v in ds.ImagePositionPatient),
            orientation=tuple(float(v) for v in ds.ImageOrientationPatient),
            pixel_spacing=tuple(float(v) for v in ds.PixelSpacing))
        refs.append(ref)
        pixels[ds.SOPInstanceUID] = ds.pixel_array.astype(np.float64)
    ordered, warnings = sort_images(refs)
    assert not warnings
    geometry = build_geometry(ordered)
    assert geometry is not None
    return geometry, np.stack([pixels[r.sop_instance_uid] for r in ordered])


def _roi_mean(geometry: SeriesGeometry, volume: np.ndarray, roi: dict) -> float:
    """Mean of the pixels whose centres lie inside an ROI box, on the ROI's slice."""
    centre = np.array(roi["center_mm"], dtype=float)
    half = np.array(roi["half_size_mm"], dtype=float)
    corners = [geometry.patient_to_pixel(centre + half * np.array([a, b, c]))
               for a in (-1, 1) for b in (-1, 1) for c in (-1, 1)]
    rows = [p[0] for p in corners]
    cols = [p[1] for p in corners]
    index, gap = geometry.nearest_slice(centre)
    assert gap < 0.5, "ROI centre not on a slice"
    r0, r1 = int(np.ceil(min(rows))), int(np.floor(max(rows)))
    c0, c1 = int(np.ceil(min(cols))), int(np.floor(max(cols)))
    assert r1 >= r0 and c1 >= c0, f"ROI {roi} covers no pixel"
    return float(volume[index, r0:r1 + 1, c0:c1 + 1].mean())


@pytest.fixture(scope="module", params=CASE_KEYS)
def sagittal_means(request) -> tuple[str, dict[str, dict[str, float]]]:
    """Mean signal of every truth ROI on the middle sagittal slice of T1, T2 and STIR."""
    case = request.param
    truth = _truth(case)
    means: dict[str, dict[str, float]] = {}
    for key in ("T1", "T2", "STIR"):
        geometry, volume = _series(SAMPLES / case, truth["series"][key])
        middle = geometry.slice_count // 2
        for roi in truth["rois"].values():
            assert geometry.nearest_slice(roi["center_mm"])[0] == middle
        means[key] = {name: _roi_mean(geometry, volume, roi)
                      for name, roi in truth["rois"].items()}
    return case, means


def test_t2_contrast(sagittal_means) -> None:
    case, m = sagittal_means
    assert m["T2"]["csf"] / m["T2"]["cord"] >= 2.0
    if case == "case_a":
        assert m["T2"]["healthy_nucleus"] / m["T2"]["degenerated_nucleus"] >= 2.0


def test_t1_contrast(sagittal_means) -> None:
    _, m = sagittal_means
    assert m["T1"]["subcutaneous_fat"] / m["T1"]["muscle"] >= 1.8
    assert m["T1"]["csf"] / m["T1"]["muscle"] <= 0.6


def test_stir_contrast(sagittal_means) -> None:
    _, m = sagittal_means
    assert m["STIR"]["subcutaneous_fat"] / m["STIR"]["muscle"] <= 0.5
    assert m["STIR"]["oedematous_marrow"] / m["STIR"]["normal_marrow"] >= 2.0


def test_modic_oedema_is_dark_on_t1(sagittal_means) -> None:
    _, m = sagittal_means
    assert m["T1"]["oedematous_marrow"] < m["T1"]["normal_marrow"]


@pytest.mark.parametrize("case", CASE_KEYS)
def test_truth_file_is_complete(case: str) -> None:
    truth = _truth(case)
    assert truth["case"] == case
    assert set(truth["series"]) == {"T1", "T2", "STIR", "AX_T2"}
    assert set(truth["levels"]) >= {"L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"}
    assert set(truth["vertebrae"]) >= {"T12", "L1", "L2", "L3", "L4", "L5"}
    needed = {"healthy_nucleus", "csf", "cord", "subcutaneous_fat", "muscle",
              "oedematous_marrow", "normal_marrow"}
    if case == "case_a":
        needed.add("degenerated_nucleus")
    assert needed <= set(truth["rois"])
    # Discs go down the spine from L1-L2 to L5-S1.
    heights = [truth["levels"][n][2] for n in ("L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")]
    assert heights == sorted(heights, reverse=True)
    phrases = {f["phrase_id"] for f in truth["findings"]}
    expected = ({"dark_disc", "healthy_disc", "herniation_nerve", "marrow_oedema"}
                if case == "case_a" else
                {"spondylolisthesis", "stenosis", "compression_fracture", "marrow_oedema"})
    assert expected <= phrases


@pytest.mark.parametrize("case", CASE_KEYS)
def test_headers_tell_the_truth(case: str) -> None:
    truth = _truth(case)
    seen = {}
    for path in sorted((SAMPLES / case).rglob("*.dcm")):
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        seen.setdefault(ds.SeriesInstanceUID, ds)
        assert ds.StudyInstanceUID == truth["study_uid"]
        assert ds.FrameOfReferenceUID == truth["frame_of_reference_uid"]
        assert float(ds.MagneticFieldStrength) == 1.5
    assert set(seen) == set(truth["series"].values())
    sag = seen[truth["series"]["T2"]]
    # Front of the patient on the left of the screen, head up (the clinic's convention).
    assert direction_label(sag.ImageOrientationPatient[:3]) == "P"
    assert direction_label(sag.ImageOrientationPatient[3:]) == "F"
    ax = seen[truth["series"]["AX_T2"]]
    # axial: patient's left to the right, the back down (tilted toward the head along a disc)
    assert direction_label(ax.ImageOrientationPatient[:3]) == "L"
    assert direction_label(ax.ImageOrientationPatient[3:])[0] == "P"
    stir = seen[truth["series"]["STIR"]]
    assert "IR" in list(stir.ScanningSequence)
    # The stored TI really nulls the phantom's fat at the stored TR.
    ti, tr = float(stir.InversionTime), float(stir.RepetitionTime)
    assert abs(ti - fat_null_ti(tr)) <= 0.5
    assert abs(ir_signal(FAT, tr, 0.0, ti)) < 0.01 * FAT.pd
    assert "InversionTime" not in seen[truth["series"]["T1"]]


@pytest.mark.parametrize("case", CASE_KEYS)
def test_patient_identity_is_obviously_fake(case: str) -> None:
    path = next((SAMPLES / case).rglob("*.dcm"))
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    assert str(ds.PatientName).startswith("SAMPLE^")
    assert ds.PatientID.startswith("ILC-DEMO-")


@pytest.mark.parametrize("case", CASE_KEYS)
def test_axial_t2_is_written_in_angled_blocks_as_a_scanner_does(case: str) -> None:
    truth = _truth(case)
    series = next(s for s in scan(SAMPLES / case).all_series()
                  if s.series_uid == truth["series"]["AX_T2"])
    assert series.plane == "axial" and series.warnings == [] and series.notes == []
    blocks = truth["axial_blocks"]
    assert [b["level"] for b in blocks] == ["L2-L3", "L3-L4", "L4-L5", "L5-S1"]
    assert [len(b) for b in series.blocks] == [b["images"] for b in blocks]
    assert {b["images"] for b in blocks} == {3, 4}
    geometry = series.geometry
    assert geometry is not None and geometry.is_multi_plane
    assert np.all(np.diff(geometry.slice_distances) > 0)  # head to foot, one scroll
    for block, expected in zip(series.blocks, blocks, strict=True):
        disc = np.array(truth["levels"][expected["level"]])
        tilt = np.degrees(np.arctan2(-geometry.image_normal(block.start)[1],
                                     -geometry.image_normal(block.start)[2]))
        assert abs(abs(tilt) - expected["tilt_deg"]) < 0.01
        distances = sorted(abs(geometry.plane(k).signed_distance(disc)) for k in block)
        assert distances[0] <= 2.0 + 1e-3  # the block is centred on its disc
    # files as a CD holds them: names say nothing about the order, instance numbers follow
    # the acquisition (from L5/S1 up), so neither is head to foot
    names = [int(im.source.path.stem[2:]) for im in series.images]
    numbers = [im.instance_number for im in series.images]
    assert names != sorted(names) and numbers == sorted(numbers, reverse=True)


def test_samples_stay_small() -> None:
    total = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert total < 30 * 1024 * 1024


@pytest.mark.parametrize("case", CASE_KEYS)
def test_info_cli_picks_the_sagittal_triple(case: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ilc_viewer", "info", str(SAMPLES / case), "--json"],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    truth = _truth(case)
    assert report["triple"] == {k: truth["series"][k] for k in ("T1", "T2", "STIR")}
    labels = {s["series_uid"]: (s["sequence"], s["plane"])
              for study in report["studies"] for s in study["series"]}
    for key in ("T1", "T2", "STIR"):
        assert labels[truth["series"][key]] == (key, "sagittal")
    assert labels[truth["series"]["AX_T2"]] == ("T2", "axial")


@pytest.mark.skipif(shutil.which("dciodvfy") is None,
                    reason="dciodvfy (Debian package dicom3tools) is not installed")
@pytest.mark.parametrize("case", CASE_KEYS)
def test_dciodvfy_reports_no_errors(case: str) -> None:
    files = sorted((SAMPLES / case).rglob("*.dcm"))
    assert files
    for path in files:
        result = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True,
                                timeout=60, check=False)
        output = result.stdout + result.stderr
        errors = [line for line in output.splitlines() if line.startswith("Error")]
        assert not errors, f"{path}: {errors}"


def test_generation_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    generate(first, ["case_a"])
    generate(second, ["case_a"])
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) > 40
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    # The committed truth (pure geometry) matches what the generator writes today.
    assert json.loads((first / "case_a" / "truth.json").read_text()) == _truth("case_a")


def test_command_line_rejects_unknown_case(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ilc_viewer.samples", str(tmp_path), "nope"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "unknown case 'nope'" in result.stderr
    assert not any(tmp_path.iterdir())
