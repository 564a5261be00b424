"""Build small DICOM datasets and studies in temporary folders for the loading tests.

Everything here is synthetic: no patient data. Pixel values are a simple ramp plus the slice
number, so a test can tell frames apart after decoding.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence as DicomSequence
from pydicom.uid import (
    ExplicitVRLittleEndian,
    MRImageStorage,
    generate_uid,
)

SAGITTAL = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)
AXIAL = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
CORONAL = (1.0, 0.0, 0.0, 0.0, 0.0, -1.0)
ENHANCED_MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4.1"


def new_dataset(sop_class: str) -> Dataset:
    """An empty data set of ``sop_class`` with its file meta (Explicit VR Little Endian)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    return ds


def pixel_pattern(rows: int, columns: int, slice_number: int = 0) -> np.ndarray:
    """A uint16 ramp whose first pixel tells which slice it came from."""
    ramp = (np.arange(rows * columns, dtype=np.uint32) % 1000).reshape(rows, columns)
    out = (ramp + 10 * slice_number).astype(np.uint16)
    out[0, 0] = slice_number
    return out


def mr_dataset(
    *,
    study_uid: str,
    series_uid: str,
    instance: int = 1,
    rows: int = 16,
    columns: int = 16,
    position: Sequence[float] | None = (0.0, 0.0, 0.0),
    orientation: Sequence[float] | None = SAGITTAL,
    pixel_spacing: Sequence[float] | None = (0.5, 0.5),
    pixels: np.ndarray | None = None,
    series_number: int = 1,
    description: str = "t2_tse_sag",
    acquisition: int | None = 1,
    image_type: Sequence[str] = ("ORIGINAL", "PRIMARY", "M", "ND"),
    slope: float | None = None,
    intercept: float | None = None,
    photometric: str = "MONOCHROME2",
) -> Dataset:
    """One classic MR image (Explicit VR Little Endian) with the given geometry."""
    ds = new_dataset(MRImageStorage)
    ds.PatientName = "Test^Phantom"
    ds.PatientID = "PHANTOM-1"
    ds.PatientBirthDate = "19700101"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.StudyDate = "20240102"
    ds.StudyTime = "093000"
    ds.StudyID = "1"
    ds.StudyDescription = "L-SPINE"
    ds.SeriesDescription = description
    ds.ProtocolName = description
    ds.SeriesNumber = series_number
    ds.InstanceNumber = instance
    ds.Modality = "MR"
    ds.Manufacturer = "SIEMENS"
    ds.ImageType = list(image_type)
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = ["SK", "SP"]
    ds.RepetitionTime = 3500.0
    ds.EchoTime = 100.0
    ds.MagneticFieldStrength = 1.5
    ds.FrameOfReferenceUID = _frame_of_reference(study_uid)
    if acquisition is not None:
        ds.AcquisitionNumber = acquisition
    if position is not None:
        ds.ImagePositionPatient = [float(v) for v in position]
    if orientation is not None:
        ds.ImageOrientationPatient = [float(v) for v in orientation]
    if pixel_spacing is not None:
        ds.PixelSpacing = [float(v) for v in pixel_spacing]
    ds.SliceThickness = 4.0
    if slope is not None:
        ds.RescaleSlope = slope
    if intercept is not None:
        ds.RescaleIntercept = intercept
    ds.WindowCenter = 500
    ds.WindowWidth = 1000
    data = pixels if pixels is not None else pixel_pattern(rows, columns, instance)
    ds.Rows, ds.Columns = data.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.PixelData = np.ascontiguousarray(data, dtype="<u2").tobytes()
    return ds


_FRAMES_OF_REFERENCE: dict[str, str] = {}


def _frame_of_reference(study_uid: str) -> str:
    """One frame of reference per study (a UID of its own: UIDs are at most 64 characters)."""
    return _FRAMES_OF_REFERENCE.setdefault(study_uid, generate_uid())


def write(ds: Dataset, path: Path) -> Path:
    """Save a dataset as a DICOM file (with preamble and file meta)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def write_series(
    folder: Path,
    count: int = 5,
    *,
    spacing: float = 4.0,
    orientation: Sequence[float] = SAGITTAL,
    study_uid: str | None = None,
    series_uid: str | None = None,
    instance_order: Sequence[int] | None = None,
    name: str = "IM",
    **kwargs,
) -> list[Path]:
    """Write a stack of slices along the orientation's normal, one file per slice.

    ``instance_order`` gives the Instance Number of each slice (slice k lies at
    ``k * spacing`` along the normal), so tests can make instance numbers disagree with
    geometry. Returns the paths in geometric order.
    """
    study_uid = study_uid or generate_uid()
    series_uid = series_uid or generate_uid()
    normal = np.cross(orientation[:3], orientation[3:])
    numbers = list(instance_order) if instance_order is not None else list(range(1, count + 1))
    paths = []
    for k in range(count):
        position = tuple(float(v) for v in np.array([-20.0, -30.0, 40.0]) + k * spacing * normal)
        ds = mr_dataset(
            study_uid=study_uid,
            series_uid=series_uid,
            instance=numbers[k],
            position=position,
            orientation=orientation,
            **kwargs,
        )
        paths.append(write(ds, folder / f"{name}{numbers[k]:04d}"))
    return paths


def enhanced_mr(
    path: Path,
    frames: int = 4,
    *,
    rows: int = 12,
    columns: int = 10,
    spacing: float = 3.0,
    frame_order: Sequence[int] | None = None,
) -> Path:
    """An Enhanced MR Image file whose frames lie ``spacing`` mm apart along x (sagittal).

    ``frame_order[k]`` is the slice position index stored for frame ``k``, so frames can be
    stored out of geometric order. Pixel value at [0, 0] of frame k is its position index.
    """
    order = list(frame_order) if frame_order is not None else list(range(frames))
    ds = new_dataset(ENHANCED_MR_STORAGE)
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = generate_uid()
    ds.Modality = "MR"
    ds.SeriesNumber = 7
    ds.SeriesDescription = "SAG STIR"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "NONE"]
    ds.InstanceNumber = 1
    ds.NumberOfFrames = frames
    ds.EchoPulseSequence = "SPIN"
    ds.InversionRecovery = "YES"
    shared = Dataset()
    measures = Dataset()
    measures.PixelSpacing = [0.8, 0.7]
    measures.SliceThickness = 3.0
    shared.PixelMeasuresSequence = DicomSequence([measures])
    plane = Dataset()
    plane.ImageOrientationPatient = list(SAGITTAL)
    shared.PlaneOrientationSequence = DicomSequence([plane])
    timing = Dataset()
    timing.RepetitionTime = 4000.0
    timing.FlipAngle = 150.0
    shared.MRTimingAndRelatedParametersSequence = DicomSequence([timing])
    echo = Dataset()
    echo.EffectiveEchoTime = 60.0
    shared.MREchoSequence = DicomSequence([echo])
    modifier = Dataset()
    modifier.InversionTimes = [150.0]
    shared.MRModifierSequence = DicomSequence([modifier])
    transform = Dataset()
    transform.RescaleSlope = 2.0
    transform.RescaleIntercept = -5.0
    transform.RescaleType = "US"
    shared.PixelValueTransformationSequence = DicomSequence([transform])
    ds.SharedFunctionalGroupsSequence = DicomSequence([shared])
    per_frame = []
    stack = np.zeros((frames, rows, columns), dtype=np.uint16)
    for k, slot in enumerate(order):
        item = Dataset()
        position = Dataset()
        position.ImagePositionPatient = [slot * spacing, -50.0, 60.0]
        item.PlanePositionSequence = DicomSequence([position])
        per_frame.append(item)
        stack[k] = pixel_pattern(rows, columns, slot)
    ds.PerFrameFunctionalGroupsSequence = DicomSequence(per_frame)
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.PixelData = stack.astype("<u2").tobytes()
    return write(ds, path)
