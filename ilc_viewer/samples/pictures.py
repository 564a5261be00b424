"""Write X-ray, fluoroscopy and ultrasound files the way the clinic's modalities write them.

The tests and the screenshots need pictures beside the MRI; these writers make them from
any pixel array, with the headers real equipment gives:

- :func:`radiograph`: CR Image Storage (computed radiography) or Digital X-Ray Image Storage
  - For Presentation: MONOCHROME1 (low values white, as CR readers store them), 12 of 16
  bits, Imager Pixel Spacing (sizes at the detector), View Position, Patient Orientation,
  the unit's window with its explanation and its non-linear VOI LUT; a DX also says
  Presentation LUT Shape INVERSE, the same inversion once more in other words (PS3.3
  C.8.11.7).
- :func:`fluoroscopy_run`: X-Ray Angiographic Image Storage (how fluoroscopy units store a
  run): 8-bit MONOCHROME2 frames, Frame Time with the Frame Increment Pointer, Cine Rate and
  Recommended Display Frame Rate.
- :func:`ultrasound`: Ultrasound (Multi-frame) Image Storage, JPEG Baseline YBR_FULL_422 as
  most ultrasound machines write it (encoded here with Pillow, 4:2:2), with a Sequence of
  Ultrasound Regions giving the calibrated area in cm; or PALETTE COLOR, uncompressed, with
  a segmented palette (:func:`segmented_palette`).

Everything is synthetic: no patient data. UIDs come from fixed names when a ``key`` is given.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence as DicomSequence
from pydicom.uid import (
    PYDICOM_IMPLEMENTATION_UID,
    ComputedRadiographyImageStorage,
    DigitalXRayImageStorageForPresentation,
    ExplicitVRLittleEndian,
    JPEGBaseline8Bit,
    UltrasoundImageStorage,
    UltrasoundMultiFrameImageStorage,
    XRayAngiographicImageStorage,
)

from ilc_viewer.samples.dicom_writer import uid

#: (0018,1063) Frame Time: the attribute a multi-frame file steps its frames by.
FRAME_TIME_TAG = 0x00181063


@dataclass(frozen=True)
class Patient:
    """The study the pictures belong to (give an MR study's to show them beside it)."""

    study_uid: str
    name: str = "Sample^Pictures"
    patient_id: str = "ILC-SAMPLE-P"
    birth_date: str = "19700101"
    sex: str = "F"
    study_date: str = "20250301"
    study_time: str = "100000"
    description: str = "Lumbar spine pictures (simulated sample)"


@dataclass(frozen=True)
class UsRegion:
    """One calibrated ultrasound region: pixel bounds and cm per pixel (PS3.3 C.8.5.5)."""

    x0: int
    y0: int
    x1: int
    y1: int
    cm_per_pixel: float


def _base(sop_class: str, patient: Patient, modality: str, series_uid: str,
          series_number: int, instance: int, key: str, description: str) -> Dataset:
    sop_uid = uid(key, "image", instance) if key else uid(series_uid, instance)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = patient.study_date
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = patient.study_time
    ds.AccessionNumber = ""
    ds.Modality = modality
    ds.Manufacturer = "ILC Viewer simulation"
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = patient.description
    ds.SeriesDescription = description
    ds.PatientName = patient.name
    ds.PatientID = patient.patient_id
    ds.PatientBirthDate = patient.birth_date
    ds.PatientSex = patient.sex
    ds.BodyPartExamined = "LSPINE"
    ds.StudyInstanceUID = patient.study_uid
    ds.SeriesInstanceUID = series_uid
    ds.StudyID = "1"
    ds.SeriesNumber = str(series_number)
    ds.InstanceNumber = str(instance)
    return ds


def _grey_pixels(ds: Dataset, pixels: np.ndarray, bits_stored: int, photometric: str) -> None:
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.Rows, ds.Columns = pixels.shape[-2:]
    allocated = 8 if bits_stored <= 8 else 16
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = allocated, bits_stored, bits_stored - 1
    ds.PixelRepresentation = 0
    dtype = "u1" if allocated == 8 else "<u2"
    ds.PixelData = np.ascontiguousarray(pixels, dtype=dtype).tobytes()


def voi_lut_curve(bits: int = 12, entries: int = 4096, first: int = 0,
                  explanation: str = "LUT NORMAL") -> Dataset:
    """A VOI LUT item of the S-shaped kind X-ray units store (PS3.3 C.11.2.1.1)."""
    x = np.linspace(-5.0, 5.0, entries)
    curve = np.rint((1 / (1 + np.exp(-x)) - 1 / (1 + np.exp(5))) /
                    (1 / (1 + np.exp(-5)) - 1 / (1 + np.exp(5))) * ((1 << bits) - 1))
    item = Dataset()
    item.LUTDescriptor = [entries, first, bits]
    item.LUTExplanation = explanation
    item.LUTData = [int(v) for v in curve]
    item["LUTDescriptor"].VR = "US"
    item["LUTData"].VR = "US"
    return item


def radiograph(pixels: np.ndarray, patient: Patient, *, view: str, orientation: Sequence[str],
               spacing_mm: float = 0.2, series_uid: str, series_number: int = 1,
               instance: int = 1, kind: str = "CR", key: str = "",
               window: tuple[float, float] = (2048.0, 4096.0),
               lut_inputs: tuple[int, int] = (0, 4096)) -> Dataset:
    """One radiograph: ``pixels`` are 12-bit stored values, low where the body stopped the
    most X-rays (bone), as a CR reader stores them (MONOCHROME1: shown white). The unit's
    window is ``window`` (centre, width), its curve maps ``lut_inputs`` (first value,
    count) as a reader fits it to the exposure of each picture."""
    sop = ComputedRadiographyImageStorage if kind == "CR" else \
        DigitalXRayImageStorageForPresentation
    ds = _base(sop, patient, kind, series_uid, series_number, instance, key,
               f"L-spine {view}")
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.ViewPosition = view
    ds.PatientOrientation = list(orientation)
    ds.ImagerPixelSpacing = [f"{spacing_mm:g}", f"{spacing_mm:g}"]
    ds.KVP = "85"
    ds.DistanceSourceToDetector = "1150"
    if kind != "CR":
        ds.PresentationIntentType = "FOR PRESENTATION"
        ds.PresentationLUTShape = "INVERSE"  # the same inversion as MONOCHROME1 (C.8.11.7)
        ds.PixelIntensityRelationship = "LOG"
        ds.PixelIntensityRelationshipSign = -1
    ds.WindowCenter = f"{window[0]:g}"
    ds.WindowWidth = f"{window[1]:g}"
    ds.WindowCenterWidthExplanation = "STANDARD"
    ds.VOILUTSequence = DicomSequence([voi_lut_curve(first=lut_inputs[0],
                                                     entries=lut_inputs[1])])
    _grey_pixels(ds, pixels, 12, "MONOCHROME1")
    return ds


def fluoroscopy_run(frames: np.ndarray, patient: Patient, *, fps: float = 15.0,
                    spacing_mm: float = 0.3, series_uid: str, series_number: int = 1,
                    instance: int = 1, key: str = "", modality: str = "XA") -> Dataset:
    """A fluoroscopy run: ``frames`` ``(n, rows, cols)`` of 8-bit values, played at ``fps``."""
    ds = _base(XRayAngiographicImageStorage, patient, modality, series_uid, series_number,
               instance, key, "Fluoroscopy L4/5")
    ds.ImageType = ["ORIGINAL", "PRIMARY", "SINGLE PLANE"]
    ds.NumberOfFrames = str(len(frames))
    ds.FrameIncrementPointer = FRAME_TIME_TAG
    ds.FrameTime = f"{1000.0 / fps:.4g}"
    ds.CineRate = str(round(fps))
    ds.RecommendedDisplayFrameRate = str(round(fps))
    ds.ImagerPixelSpacing = [f"{spacing_mm:g}", f"{spacing_mm:g}"]
    ds.PositionerPrimaryAngle = "0"
    ds.PositionerSecondaryAngle = "0"
    ds.KVP = "75"
    ds.RadiationSetting = "GR"
    ds.PixelIntensityRelationship = "LIN"
    _grey_pixels(ds, frames, 8, "MONOCHROME2")
    return ds


def _region_sequence(regions: Sequence[UsRegion]) -> DicomSequence:
    items = []
    for r in regions:
        item = Dataset()
        item.RegionSpatialFormat = 1  # 2-D (tissue or flow)
        item.RegionDataType = 1  # tissue
        item.RegionFlags = 0
        item.RegionLocationMinX0, item.RegionLocationMinY0 = r.x0, r.y0
        item.RegionLocationMaxX1, item.RegionLocationMaxY1 = r.x1, r.y1
        item.PhysicalUnitsXDirection = item.PhysicalUnitsYDirection = 3  # cm
        item.PhysicalDeltaX = item.PhysicalDeltaY = float(r.cm_per_pixel)
        item.ReferencePixelX0 = item.ReferencePixelY0 = 0
        items.append(item)
    return DicomSequence(items)


def ultrasound(frames: np.ndarray, patient: Patient, *, regions: Sequence[UsRegion] = (),
               fps: float = 30.0, series_uid: str, series_number: int = 1, instance: int = 1,
               key: str = "", description: str = "Lumbar muscles", quality: int = 90) -> Dataset:
    """Ultrasound as JPEG Baseline YBR_FULL_422: ``frames`` ``(n, rows, cols, 3)`` RGB uint8
    (a clip when n > 1, written multi-frame with its Frame Time) or one ``(rows, cols, 3)``."""
    clip = frames.ndim == 4 and len(frames) > 1
    frames = frames if frames.ndim == 4 else frames[None]
    sop = UltrasoundMultiFrameImageStorage if clip else UltrasoundImageStorage
    ds = _base(sop, patient, "US", series_uid, series_number, instance, key, description)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "ABDOMINAL"]
    ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    if clip:
        ds.NumberOfFrames = str(len(frames))
        ds.FrameIncrementPointer = FRAME_TIME_TAG
        ds.FrameTime = f"{1000.0 / fps:.4g}"
    if regions:
        ds.SequenceOfUltrasoundRegions = _region_sequence(regions)
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "YBR_FULL_422"
    ds.PlanarConfiguration = 0
    ds.Rows, ds.Columns = frames.shape[1:3]
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.LossyImageCompression = "01"
    ds.LossyImageCompressionMethod = "ISO_10918_1"
    ds.PixelData = encapsulate([_jpeg(frame, quality) for frame in frames])
    ds["PixelData"].VR = "OB"
    return ds


def _jpeg(rgb: np.ndarray, quality: int) -> bytes:
    """One frame as a baseline JPEG in YCbCr with 4:2:2 chroma, as ultrasound machines write."""
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8), "RGB").save(
        out, "JPEG", quality=quality, subsampling=1)  # Pillow's 1 is 4:2:2
    return out.getvalue()


def segmented_palette(points: Sequence[tuple[int, tuple[int, int, int]]], bits: int = 8,
                      entries: int = 256) -> dict[str, list[int]]:
    """Segmented Red/Green/Blue Palette Color LUT Data (PS3.3 C.7.9.2) through colour points
    ``(index, (r, g, b))`` (the first at index 0): a discrete first entry, then linear
    segments between points, values scaled to ``bits``."""
    scale = (1 << bits) - 1
    out: dict[str, list[int]] = {}
    for channel, name in enumerate(("Red", "Green", "Blue")):
        first = points[0]
        data = [0, 1, round(first[1][channel] / 255 * scale)]  # discrete: one value
        last = first[0]
        for index, colour in points[1:]:
            data += [1, index - last, round(colour[channel] / 255 * scale)]  # linear
            last = index
        if last < entries - 1:
            data += [1, entries - 1 - last, data[-1]]
        if bits == 8 and len(data) % 2:
            data += [1, 0, data[-1]]  # bytes fill whole words: an empty segment evens them
        out[name] = data
    return out


def palette_ultrasound(indices: np.ndarray, patient: Patient, *,
                       palette: dict[str, list[int]], bits: int = 8, series_uid: str,
                       series_number: int = 1, instance: int = 1, key: str = "",
                       regions: Sequence[UsRegion] = ()) -> Dataset:
    """An uncompressed PALETTE COLOR ultrasound still (8-bit indices, segmented palette)."""
    ds = _base(UltrasoundImageStorage, patient, "US", series_uid, series_number, instance, key,
               "Colour Doppler")
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    if regions:
        ds.SequenceOfUltrasoundRegions = _region_sequence(regions)
    _grey_pixels(ds, indices, 8, "PALETTE COLOR")
    descriptor = [256, 0, bits]
    for name, data in palette.items():
        setattr(ds, f"{name}PaletteColorLookupTableDescriptor", descriptor)
        ds[f"{name}PaletteColorLookupTableDescriptor"].VR = "US"
        # 8-bit palettes keep one byte a value, 16-bit ones a word, as DICOM's well-known
        # palettes do (pydicom's apply_color_lut reads them so)
        raw = np.asarray(data, dtype="<u2" if bits > 8 else "u1").tobytes()
        setattr(ds, f"Segmented{name}PaletteColorLookupTableData", raw)
        ds[f"Segmented{name}PaletteColorLookupTableData"].VR = "OW"
    return ds


def write(ds: Dataset, path: Path) -> Path:
    """Save one file (with preamble and file meta)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path
