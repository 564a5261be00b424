"""Write small synthetic lumbar-like MR studies (T1, T2, STIR) for the window tests.

No patient data: the name is a placeholder that tests look for to prove it stays hidden.
Each series has its own slice count and spacing, as real T1/T2/STIR series often do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import MRImageStorage, generate_uid

from tests.core.dicom_factory import new_dataset

#: Rows run posterior (+y), columns run down (-z): the usual sagittal orientation.
SAGITTAL = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)
PATIENT_NAME = "Placeholder^Hidden"
PATIENT_ID = "ID-424242"

#: label -> (description, TR, TE, TI, slice count, spacing mm, first slice x mm, bright value)
SERIES = {
    "T1": ("t1_tse_sag", 550.0, 10.0, None, 9, 4.0, -16.0, 900),
    "T2": ("t2_tse_sag", 3500.0, 100.0, None, 13, 3.0, -18.0, 1400),
    "STIR": ("stir_sag", 4000.0, 60.0, 150.0, 5, 5.0, -10.0, 600),
}


def phantom(rows: int, cols: int, slice_number: int, bright: int, inverted: bool) -> np.ndarray:
    """A body-like ellipse with a column of 'vertebrae' and an asymmetric mark (top-left)."""
    y, x = np.mgrid[0:rows, 0:cols]
    body = ((x - cols / 2) / (cols * 0.42)) ** 2 + ((y - rows / 2) / (rows * 0.47)) ** 2 < 1
    image = np.where(body, bright * 0.35, 0.0)
    for k in range(5):
        cy = rows * (0.18 + 0.16 * k)
        block = (abs(y - cy) < rows * 0.06) & (abs(x - cols * 0.45) < cols * 0.12)
        image[block] = bright * 0.8
    image[2:6, 2:10] = bright  # asymmetric stamp: catches flips
    image *= 0.8 + 0.4 * y / rows  # a smooth gradient, as coil sensitivity gives
    rng = np.random.default_rng(slice_number)
    image += np.where(body, rng.normal(0, bright * 0.04, image.shape), 0) + slice_number * 3
    if inverted:
        image = bright - image
    return np.clip(image, 0, 65535).astype(np.uint16)


def dataset(study_uid: str, series_uid: str, label: str, k: int, number: int,
            rows: int, cols: int, photometric: str = "MONOCHROME2",
            frame_uid: str = "1.2.826.0.1.3680043.10.1010.1") -> Dataset:
    """Slice ``k`` of one series of the study."""
    description, tr, te, ti, _count, spacing, first_x, bright = SERIES[label]
    ds = new_dataset(MRImageStorage)
    ds.PatientName = PATIENT_NAME
    ds.PatientID = PATIENT_ID
    ds.PatientBirthDate = "19700101"
    ds.StudyInstanceUID = study_uid
    ds.StudyDate = "20240102"
    ds.StudyDescription = "L-SPINE test"
    ds.SeriesInstanceUID = series_uid
    ds.SeriesDescription = description
    ds.ProtocolName = description
    ds.SeriesNumber = number
    ds.InstanceNumber = k + 1
    ds.Modality = "MR"
    ds.Manufacturer = "SIEMENS"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "ND"]
    ds.ScanningSequence = ["SE", "IR"] if ti else "SE"
    ds.SequenceVariant = ["SK", "SP"]
    ds.RepetitionTime = tr
    ds.EchoTime = te
    if ti:
        ds.InversionTime = ti
    ds.MagneticFieldStrength = 1.5
    ds.FrameOfReferenceUID = frame_uid
    ds.ImagePositionPatient = [first_x + k * spacing, -60.0, 80.0]
    ds.ImageOrientationPatient = list(SAGITTAL)
    ds.PixelSpacing = [160.0 / rows, 120.0 / cols]
    ds.SliceThickness = spacing
    data = phantom(rows, cols, k, bright, photometric == "MONOCHROME1")
    ds.Rows, ds.Columns = data.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.PixelData = np.ascontiguousarray(data, dtype="<u2").tobytes()
    return ds


def write_study(folder: Path, rows: int = 64, cols: int = 48, labels=("T1", "T2", "STIR"),
                photometric: str = "MONOCHROME2") -> Path:
    """Write a study with the given series into ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    study_uid, frame_uid = generate_uid(), generate_uid()
    for number, label in enumerate(labels, start=1):
        series_uid = generate_uid()
        for k in range(SERIES[label][4]):
            ds = dataset(study_uid, series_uid, label, k, number, rows, cols, photometric,
                         frame_uid)
            ds.save_as(folder / f"{label}_{k:03d}.dcm", enforce_file_format=True)
    return folder


def write_broken_folder(folder: Path) -> Path:
    """A folder with only bad files: text, a truncated DICOM, an empty file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("not an image\n")
    (folder / "empty.dcm").write_bytes(b"")
    good = folder.parent / "_one_good"
    write_study(good, labels=("T1",))
    data = (good / "T1_000.dcm").read_bytes()
    (folder / "truncated.dcm").write_bytes(data[:300])
    return folder


def open_and_wait(qtbot, window, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Open a path in a MainWindow and wait until its study is on screen."""
    with qtbot.waitSignal(window.studyShown, timeout=20000):
        window.open_path(path)
