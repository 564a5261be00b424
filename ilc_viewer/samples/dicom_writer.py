"""Write the simulated images as MR Image Storage objects (PS3.3 A.4), explicit VR little endian.

Every mandatory module of the MR Image IOD is filled: Patient, General Study, Patient Study,
General Series, Frame of Reference, General Equipment, General Image, Image Plane, Image
Pixel, MR Image, VOI LUT and SOP Common. The acquisition attributes tell the truth about the
simulation (TR, TE, TI, sequence, echo train, field strength, geometry), so the program reads
the samples exactly as it reads a real scan. UIDs are derived from fixed names, so writing
twice gives identical files.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, ExplicitVRLittleEndian, MRImageStorage

from ilc_viewer.samples.cases import CaseSpec
from ilc_viewer.samples.mri_physics import Protocol
from ilc_viewer.samples.render import Stack

IMAGING_FREQUENCY_MHZ = 63.87  # 1H at 1.5 T
IMPLEMENTATION_VERSION = "ILCVIEWER_SIM1"
#: Namespace of the name-based UUIDs behind the sample UIDs.
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ilc-viewer:sample-studies")


def uid(*parts: object) -> str:
    """A deterministic UUID-derived UID (``2.25.<uuid as integer>``, PS3.5 B.2) from names.

    (pydicom's ``generate_uid(prefix=None)`` ignores its entropy sources and is random.)
    """
    name = "/".join(map(str, parts))
    return f"2.25.{uuid.uuid5(UID_NAMESPACE, name).int}"


@dataclass(frozen=True)
class StudyUids:
    """The UIDs every series of a case shares."""

    study: str
    frame_of_reference: str

    @classmethod
    def for_case(cls, case: CaseSpec) -> StudyUids:
        """The fixed UIDs of a case."""
        return cls(uid(case.key, "study"), uid(case.key, "frame-of-reference"))


def series_uid(case: CaseSpec, protocol: Protocol) -> str:
    """The fixed Series Instance UID of a case's series."""
    return uid(case.key, "series", protocol.key)


def _later(hhmmss: str, minutes: int) -> str:
    """A DICOM time ``minutes`` after another (series are acquired one after the other)."""
    total = int(hhmmss[:2]) * 60 + int(hhmmss[2:4]) + minutes
    return f"{total // 60 % 24:02d}{total % 60:02d}{hhmmss[4:6]}"


def _letters(vector: tuple[float, float, float]) -> str:
    """Patient Orientation letters of a direction (PS3.3 C.7.6.1.1.1): strongest first, a
    second letter for a component of at least 0.3 of the strongest (as the viewer's)."""
    names = (("L", "R"), ("P", "A"), ("H", "F"))
    order = sorted(range(3), key=lambda i: -abs(vector[i]))
    strongest = abs(vector[order[0]])
    return "".join(names[i][0] if vector[i] > 0 else names[i][1] for i in order[:2]
                   if abs(vector[i]) >= 0.3 * strongest and abs(vector[i]) > 1e-6)


def _patient_orientation(stack: Stack) -> list[str]:
    return [_letters(stack.row_direction), _letters(stack.col_direction)]


def build_dataset(case: CaseSpec, protocol: Protocol, stack: Stack, series_number: int,
                  index: int, pixels: np.ndarray, window: tuple[float, float],
                  instance: int | None = None) -> Dataset:
    """One image (``stack.positions[index]``) of a series as a complete dataset with its file
    meta information; ``instance`` is its Instance Number (default ``index + 1``)."""
    instance = index + 1 if instance is None else instance
    uids = StudyUids.for_case(case)
    sop_uid = uid(case.key, "image", protocol.key, instance - 1)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    meta.ImplementationVersionName = IMPLEMENTATION_VERSION

    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    ds.InstanceCreationDate = case.study_date
    ds.InstanceCreationTime = case.study_time
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = case.study_date
    ds.StudyTime = case.study_time
    ds.SeriesTime = ds.AcquisitionTime = ds.ContentTime = _later(case.study_time, 4 * series_number)
    ds.AccessionNumber = case.accession
    ds.Modality = "MR"
    ds.Manufacturer = case.vendor.manufacturer
    ds.InstitutionName = case.vendor.institution
    ds.ReferringPhysicianName = ""
    ds.StationName = case.vendor.station
    ds.StudyDescription = f"Lumbar spine MRI (simulated sample: {case.title})"
    ds.SeriesDescription = protocol.description
    ds.ManufacturerModelName = case.vendor.model
    ds.PatientName = case.patient_name
    ds.PatientID = case.patient_id
    ds.PatientBirthDate = case.birth_date
    ds.PatientSex = case.sex
    ds.PatientAge = f"{int(case.study_date[:4]) - int(case.birth_date[:4]):03d}Y"
    ds.BodyPartExamined = "LSPINE"
    ds.ScanningSequence = ["SE", "IR"] if protocol.kind == "IR" else "SE"
    ds.SequenceVariant = ["SK", "SP", "MP"] if protocol.kind == "IR" else ["SK", "SP"]
    ds.ScanOptions = ""  # "IR" is not a defined term (PS3.3 C.8.3.1); Scanning Sequence says it
    ds.MRAcquisitionType = "2D"
    ds.SequenceName = protocol.sequence_name
    ds.AngioFlag = "N"
    ds.SliceThickness = f"{stack.thickness:g}"
    ds.RepetitionTime = f"{protocol.tr:g}"
    ds.EchoTime = f"{protocol.te:g}"
    if protocol.ti is not None:
        ds.InversionTime = f"{protocol.ti:g}"
    ds.NumberOfAverages = f"{protocol.averages:g}"
    ds.ImagingFrequency = f"{IMAGING_FREQUENCY_MHZ:g}"
    ds.ImagedNucleus = "1H"
    ds.EchoNumbers = "1"
    ds.MagneticFieldStrength = "1.5"
    ds.SpacingBetweenSlices = f"{stack.spacing_between:g}"
    ds.EchoTrainLength = str(protocol.etl)
    ds.PercentSampling = "100"
    ds.PercentPhaseFieldOfView = "100"
    ds.PixelBandwidth = f"{protocol.bandwidth:g}"
    ds.ProtocolName = protocol.description
    ds.ReceiveCoilName = "Spine+Body"
    ds.TransmitCoilName = "Body"
    ds.InPlanePhaseEncodingDirection = "ROW" if stack.plane == "sagittal" else "COL"
    ds.FlipAngle = f"{protocol.flip_angle:g}"
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = uids.study
    ds.SeriesInstanceUID = series_uid(case, protocol)
    ds.StudyID = "1"
    ds.SeriesNumber = str(series_number)
    ds.AcquisitionNumber = "1"
    ds.InstanceNumber = str(instance)
    ds.PatientOrientation = _patient_orientation(stack)
    position = stack.positions[index]
    ds.ImagePositionPatient = [f"{v:.4f}" for v in position]
    ds.ImageOrientationPatient = [f"{v:g}" for v in stack.orientation]
    ds.FrameOfReferenceUID = uids.frame_of_reference
    ds.PositionReferenceIndicator = ""
    ds.SliceLocation = f"{float(np.dot(position, stack.normal)):.4f}"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = pixels.shape
    spacing = f"{stack.pixel_spacing:.6g}"
    ds.PixelSpacing = [spacing, spacing]
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = f"{window[0]:g}"
    ds.WindowWidth = f"{window[1]:g}"
    ds.WindowCenterWidthExplanation = "SOFT TISSUE"
    ds.PixelData = np.ascontiguousarray(pixels, dtype="<u2").tobytes()
    return ds


def write_series(folder: Path, case: CaseSpec, protocol: Protocol, stack: Stack,
                 series_number: int, images: np.ndarray, window: tuple[float, float]) -> list[Path]:
    """Write one stack (one file per slice, ``IM0001.dcm`` ...) into ``folder``; return paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(images.shape[0]):
        ds = build_dataset(case, protocol, stack, series_number, index, images[index], window)
        path = folder / f"IM{index + 1:04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def write_blocks(folder: Path, case: CaseSpec, protocol: Protocol, blocks: Sequence[Stack],
                 series_number: int, images: Sequence[np.ndarray], window: tuple[float, float],
                 acquisition: Sequence[int]) -> list[Path]:
    """Write a series of angled blocks the way a scanner and a CD do.

    Instance numbers follow the acquisition: blocks in the order ``acquisition`` gives, each
    from its lowest image up; file names are a seeded shuffle, unrelated to geometry or to
    instance numbers. Returns the paths in instance-number order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    order = [(b, j) for b in acquisition for j in reversed(range(len(blocks[b].positions)))]
    names = np.random.default_rng(case.seed).permutation(len(order)) + 1
    paths = []
    for number, ((b, j), name) in enumerate(zip(order, names, strict=True), start=1):
        ds = build_dataset(case, protocol, blocks[b], series_number, j, images[b][j], window,
                           instance=number)
        path = folder / f"IM{int(name):04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths
