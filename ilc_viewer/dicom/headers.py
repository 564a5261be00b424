"""Read one DICOM file's header and turn it into study-model records (no pixels).

:func:`read_header` reads a file (or zip member) without its pixel data and returns either a
:class:`FileRecord` (the images in the file plus the study/series facts needed to group them)
or a plain reason why the file is not an image. It never raises for a bad file: bad files
are normal on patients' CDs and must not stop the rest of the study from loading.

Plain files (the vast majority) are read by the strict fast scan of
:mod:`ilc_viewer.dicom.header_scan`, several times quicker than ``dcmread``; anything it is unsure
of, and files whose functional groups or directory records are needed, go through pydicom.
Both give the same record (tests compare them).

Classic images give one :class:`~ilc_viewer.study.model.ImageRef`; enhanced (multi-frame) MR files
give one per frame, with geometry from the per-frame / shared functional groups
(PS3.3 C.7.6.16).
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.uid import UID, DeflatedExplicitVRLittleEndian

from ilc_viewer.dicom.header_scan import HeaderIncomplete, scan_header
from ilc_viewer.dicom.header_values import (
    DatasetView,
    ScanView,
    View,
    as_float,
    as_floats,
    floats,
    integer,
    number,
    seq_item,
    strings,
    text,
)
from ilc_viewer.study.model import (
    AcquisitionParams,
    ImageRef,
    ImageSource,
    PatientInfo,
    WindowValue,
)

#: Bytes read first: enough for almost every header, so one read replaces hundreds of small
#: ones. Headers longer than this (big private blocks) are read again in full.
HEADER_CHUNK = 32 * 1024
DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10"
_PIXEL_TAGS = {0x7FE00010, 0x7FE00008, 0x7FE00009}
#: Sequences the record reads: files holding them (enhanced MR, DICOMDIR) are read by pydicom.
_SCAN_REFUSED = {0x52009229, 0x52009230, 0x00041220}


@dataclass
class FileRecord:
    """What one image file holds: its images and the facts to group them by."""

    images: list[ImageRef]
    patient_key: str
    patient: PatientInfo
    study_uid: str
    study_description: str
    study_date: str
    study_time: str
    series_uid: str
    series_number: int | None
    series_description: str
    modality: str
    frame_of_reference_uid: str
    params: AcquisitionParams


@dataclass(frozen=True)
class NotAnImage:
    """A file that is readable but holds no image we can show, and why."""

    reason: str


def read_header(
    source: ImageSource, archive: zipfile.ZipFile | None = None
) -> FileRecord | NotAnImage:
    """Read the header of one file or zip member; a :class:`NotAnImage` for anything unusable."""
    try:
        head, whole = _read_start(source, archive)
    except PermissionError:
        return NotAnImage("cannot be read: permission denied")
    except OSError as exc:
        return NotAnImage(f"cannot be read: {exc.strerror or exc}")
    except (zipfile.BadZipFile, KeyError, RuntimeError, EOFError) as exc:
        return NotAnImage(f"cannot be read from the zip archive: {exc}")
    if not head:
        return NotAnImage("empty file (0 bytes)")
    try:
        scanned = scan_header(head, whole)
    except HeaderIncomplete:
        # The header goes on past the first chunk: read it all and scan again.
        try:
            head, whole = _read_start(source, archive, size=-1)
        except OSError as exc:
            return NotAnImage(f"cannot be read: {exc.strerror or exc}")
        except (zipfile.BadZipFile, KeyError, RuntimeError, EOFError) as exc:
            return NotAnImage(f"cannot be read from the zip archive: {exc}")
        scanned = scan_header(head, whole)
    if scanned is not None and not (_SCAN_REFUSED & scanned.elements.keys()):
        return _record_or_reason(ScanView(scanned), source, scanned.has_pixels)
    # Anything unusual: pydicom's forgiving reader (and its words for what is wrong).
    try:
        ds, has_pixels = _parse(head)
        complete = whole or has_pixels
    except Exception:
        if whole:
            return _parse_failure(head)
        complete = False
    if not complete:
        # The header goes on past the first chunk (or there is no pixel data): read it all.
        try:
            head, _ = _read_start(source, archive, size=-1)
            ds, has_pixels = _parse(head)
        except OSError as exc:
            return NotAnImage(f"cannot be read: {exc.strerror or exc}")
        except Exception:
            return _parse_failure(head)
    return dataset_to_record(ds, source, has_pixels)


def dataset_to_record(
    ds: Dataset, source: ImageSource, has_pixels: bool
) -> FileRecord | NotAnImage:
    """Convert a header-only dataset to a :class:`FileRecord`, or say why it is not an image."""
    return _record_or_reason(DatasetView(ds), source, has_pixels)


def _record_or_reason(
    view: View, source: ImageSource, has_pixels: bool
) -> FileRecord | NotAnImage:
    try:
        return _to_record(view, source, has_pixels)
    except Exception as exc:
        return NotAnImage(f"unreadable header value: {_short(exc)}")


def _read_start(
    source: ImageSource, archive: zipfile.ZipFile | None, size: int = HEADER_CHUNK
) -> tuple[bytes, bool]:
    """The first ``size`` bytes of a file (all for ``-1``) and whether that is the whole file."""
    if source.member is not None:
        if archive is None:
            with zipfile.ZipFile(source.path) as own:
                return _read_member(own, source.member, size)
        return _read_member(archive, source.member, size)
    with open(source.path, "rb") as fh:
        data = fh.read(size) if size > 0 else fh.read()
    return data, size <= 0 or len(data) < size


def _read_member(archive: zipfile.ZipFile, member: str, size: int) -> tuple[bytes, bool]:
    with archive.open(member) as fh:
        data = fh.read(size) if size > 0 else fh.read()
    return data, size <= 0 or len(data) < size


def _parse(data: bytes) -> tuple[Dataset, bool]:
    """Parse a header from bytes; also tell whether parsing stopped at pixel data."""
    fp = BytesIO(data)
    try:
        ds = dcmread(fp, stop_before_pixels=True)
    except InvalidDicomError:
        if not _looks_like_raw_dataset(data):
            raise
        # Old files (ACR-NEMA style, some CDs) have no preamble: read them as a bare dataset.
        fp = BytesIO(data)
        ds = dcmread(fp, stop_before_pixels=True, force=True)
    transfer_syntax = getattr(ds.get("file_meta"), "TransferSyntaxUID", None)
    if transfer_syntax == DeflatedExplicitVRLittleEndian:
        # The stream position is inside the inflated copy: parse it all to see the pixels.
        return ds, "PixelData" in dcmread(BytesIO(data), force=True)
    return ds, _pixel_tag_at(data, fp.tell())


def _pixel_tag_at(data: bytes, offset: int) -> bool:
    """True if a Pixel Data tag (either byte order) starts at ``offset``."""
    if offset + 4 > len(data):
        return False
    little = struct.unpack_from("<HH", data, offset)
    big = struct.unpack_from(">HH", data, offset)
    return any((g << 16 | e) in _PIXEL_TAGS for g, e in (little, big))


def _parse_failure(head: bytes) -> NotAnImage:
    """The reason for a file pydicom could not parse."""
    try:
        _parse(head)
    except InvalidDicomError:
        return NotAnImage(_not_dicom_reason(head))
    except Exception as exc:
        return NotAnImage(f"damaged DICOM header: {_short(exc)}")
    return NotAnImage("damaged DICOM header")


def _looks_like_raw_dataset(data: bytes) -> bool:
    """A cheap test for a preamble-less dataset: it starts with a group 0002/0008 tag."""
    if len(data) < 8:
        return False
    for fmt in ("<HH", ">HH"):
        group, element = struct.unpack_from(fmt, data, 0)
        if group in (0x0002, 0x0008) and element < 0x0100:
            return True
    return False


def _not_dicom_reason(head: bytes) -> str:
    if len(head) >= 132 and head[128:132] == b"DICM":
        return "damaged DICOM file: the header after the 'DICM' marker cannot be read"
    sample = head[:512]
    if sample and all(32 <= b < 127 or b in (9, 10, 13) for b in sample):
        return "not a DICOM file (plain text)"
    return "not a DICOM file (no 'DICM' marker and no DICOM header)"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _to_record(ds: View, source: ImageSource, has_pixels: bool) -> FileRecord | NotAnImage:
    sop_class = text(ds, "SOPClassUID") or text(ds.file_meta(), "MediaStorageSOPClassUID")
    if sop_class == DICOMDIR_SOP_CLASS or ds.has("DirectoryRecordSequence"):
        return NotAnImage("DICOMDIR (an index of the disc, no image data)")
    if not (sop_class or text(ds, "Modality") or ds.has("Rows") or has_pixels):
        # Typical of random bytes after a valid 'DICM' marker: pydicom reads "something".
        return NotAnImage("damaged or empty DICOM header: no SOP Class, Modality or image size")
    if not has_pixels:
        kind = _sop_class_name(sop_class)
        if kind.endswith(" Image"):
            return NotAnImage(f"no pixel data ({kind} header only; the file may be truncated)")
        kind = kind or text(ds, "Modality") or "no SOP Class UID"
        return NotAnImage(f"no image data ({kind})")
    rows, columns = integer(ds, "Rows"), integer(ds, "Columns")
    if not rows or not columns:
        return NotAnImage("image without Rows/Columns (0028,0010/0011): size unknown")
    samples = integer(ds, "SamplesPerPixel") or 1
    if samples != 1:
        photometric = text(ds, "PhotometricInterpretation") or "colour"
        return NotAnImage(f"colour image ({photometric}): only grey-scale MR/CT images are shown")
    images = _image_refs(ds, source, rows, columns)
    params = _acquisition_params(ds)
    patient = PatientInfo(
        name=ds.person_name(),
        patient_id=text(ds, "PatientID"),
        birth_date=text(ds, "PatientBirthDate"),
        sex=text(ds, "PatientSex"),
        age=text(ds, "PatientAge"),
        accession_number=text(ds, "AccessionNumber"),
    )
    study_uid = text(ds, "StudyInstanceUID") or "unknown-study"
    return FileRecord(
        images=images,
        patient_key=f"{patient.patient_id}|{patient.name}",
        patient=patient,
        study_uid=study_uid,
        study_description=text(ds, "StudyDescription"),
        study_date=text(ds, "StudyDate"),
        study_time=text(ds, "StudyTime"),
        # A file without a Series UID is its own series rather than joining strangers.
        series_uid=text(ds, "SeriesInstanceUID") or f"no-series-uid:{source.display_name}",
        series_number=integer(ds, "SeriesNumber"),
        series_description=text(ds, "SeriesDescription"),
        modality=text(ds, "Modality") or "OT",
        frame_of_reference_uid=text(ds, "FrameOfReferenceUID"),
        params=params,
    )


def _sop_class_name(uid: str) -> str:
    if not uid:
        return ""
    name = UID(uid).name
    if name == uid:
        return ""
    return name.removesuffix(" Storage")


def _image_refs(ds: View, source: ImageSource, rows: int, columns: int) -> list[ImageRef]:
    """One ImageRef per displayable frame of the file."""
    frames = integer(ds, "NumberOfFrames") or 1
    shared = ds.item("SharedFunctionalGroupsSequence")
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    base = dict(
        source=source,
        sop_instance_uid=text(ds, "SOPInstanceUID") or source.display_name,
        rows=rows,
        columns=columns,
        instance_number=integer(ds, "InstanceNumber"),
        acquisition_number=integer(ds, "AcquisitionNumber"),
        image_type=strings(ds, "ImageType"),
        transfer_syntax_uid=text(ds.file_meta(), "TransferSyntaxUID"),
        photometric_interpretation=text(ds, "PhotometricInterpretation") or "MONOCHROME2",
    )
    if frames == 1 and per_frame is None:
        return [ImageRef(frame=None, **base, **_classic_geometry(ds))]  # type: ignore[arg-type]
    refs = []
    offsets = floats(ds, "GridFrameOffsetVector")
    for k in range(frames):
        groups = [g for g in (seq_item(per_frame, k), shared) if g is not None]
        if groups:
            geometry = _functional_geometry(groups, ds)
            frame_type = _from_groups(groups, "MRImageFrameTypeSequence", "FrameType")
            if frame_type:
                base["image_type"] = tuple(str(v).upper() for v in frame_type)
        else:
            geometry = _classic_geometry(ds)
            # Classic multi-frame: only a Grid Frame Offset Vector says where frames lie.
            geometry["position"] = _offset_position(geometry, offsets, k) if frames > 1 else None
        refs.append(ImageRef(frame=k, **base, **geometry))  # type: ignore[arg-type]
    return refs


def _classic_geometry(ds: View) -> dict[str, Any]:
    spacing = floats(ds, "PixelSpacing") or floats(ds, "ImagerPixelSpacing")
    return dict(
        position=_vector(floats(ds, "ImagePositionPatient"), 3),
        orientation=_vector(floats(ds, "ImageOrientationPatient"), 6),
        pixel_spacing=_vector(spacing, 2),
        slice_thickness=number(ds, "SliceThickness"),
        rescale_slope=number(ds, "RescaleSlope") or 1.0,
        rescale_intercept=number(ds, "RescaleIntercept") or 0.0,
        windows=_windows(ds),
    )


def _functional_geometry(groups: list[DatasetView], ds: View) -> dict[str, Any]:
    """Geometry of one enhanced frame: per-frame groups first, then shared, then top level."""
    position = _from_groups(groups, "PlanePositionSequence", "ImagePositionPatient")
    orientation = _from_groups(groups, "PlaneOrientationSequence", "ImageOrientationPatient")
    spacing = _from_groups(groups, "PixelMeasuresSequence", "PixelSpacing")
    thickness = _from_groups(groups, "PixelMeasuresSequence", "SliceThickness")
    slope = _from_groups(groups, "PixelValueTransformationSequence", "RescaleSlope")
    intercept = _from_groups(groups, "PixelValueTransformationSequence", "RescaleIntercept")
    voi = next(
        (g.item("FrameVOILUTSequence") for g in groups if g.has("FrameVOILUTSequence")), None
    )
    classic = _classic_geometry(ds)
    return dict(
        position=_vector(as_floats(position), 3) or classic["position"],
        orientation=_vector(as_floats(orientation), 6) or classic["orientation"],
        pixel_spacing=_vector(as_floats(spacing), 2) or classic["pixel_spacing"],
        slice_thickness=as_float(thickness) or classic["slice_thickness"],
        rescale_slope=as_float(slope) or classic["rescale_slope"],
        rescale_intercept=as_float(intercept)
        if intercept is not None
        else classic["rescale_intercept"],
        windows=_windows(voi) if voi is not None else classic["windows"],
    )


def _offset_position(geometry: dict[str, Any], offsets: tuple[float, ...], k: int) -> tuple | None:
    position, orientation = geometry["position"], geometry["orientation"]
    if position is None or orientation is None or len(offsets) <= k:
        return None
    r, c = orientation[:3], orientation[3:]
    normal = (r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0])
    return tuple(p + offsets[k] * n for p, n in zip(position, normal, strict=True))


def _acquisition_params(ds: View) -> AcquisitionParams:
    """Sequence-identifying values; enhanced MR keeps them inside functional groups."""
    groups = [
        g
        for g in (
            ds.item("PerFrameFunctionalGroupsSequence"),
            ds.item("SharedFunctionalGroupsSequence"),
        )
        if g is not None
    ]

    def value(keyword: str, sequence: str, group_keyword: str) -> float | None:
        top = number(ds, keyword)
        return top if top is not None else as_float(_from_groups(groups, sequence, group_keyword))

    timing = "MRTimingAndRelatedParametersSequence"
    tr = value("RepetitionTime", timing, "RepetitionTime")
    flip = value("FlipAngle", timing, "FlipAngle")
    te = value("EchoTime", "MREchoSequence", "EffectiveEchoTime")
    ti = value("InversionTime", "MRModifierSequence", "InversionTimes")
    b_value = value("DiffusionBValue", "MRDiffusionSequence", "DiffusionBValue")
    image_type = strings(ds, "ImageType")
    return AcquisitionParams(
        series_description=text(ds, "SeriesDescription"),
        protocol_name=text(ds, "ProtocolName"),
        sequence_name=text(ds, "SequenceName"),
        manufacturer=text(ds, "Manufacturer"),
        scanning_sequence=strings(ds, "ScanningSequence"),
        sequence_variant=strings(ds, "SequenceVariant"),
        scan_options=strings(ds, "ScanOptions"),
        image_type=image_type,
        repetition_time=tr,
        echo_time=te,
        inversion_time=ti,
        flip_angle=flip,
        field_strength=number(ds, "MagneticFieldStrength"),
        echo_train_length=integer(ds, "EchoTrainLength"),
        contrast_agent=text(ds, "ContrastBolusAgent"),
        diffusion_b_value=b_value,
        pulse_sequence_name=text(ds, "PulseSequenceName"),
        echo_pulse_sequence=text(ds, "EchoPulseSequence"),
        inversion_recovery=text(ds, "InversionRecovery"),
        spectrally_selected_suppression=text(ds, "SpectrallySelectedSuppression"),
    )


def _windows(ds: View) -> tuple[WindowValue, ...]:
    centers, widths = floats(ds, "WindowCenter"), floats(ds, "WindowWidth")
    explanations = strings(ds, "WindowCenterWidthExplanation", upper=False)
    out = []
    for i, (c, w) in enumerate(zip(centers, widths, strict=False)):
        if w > 0:
            out.append(WindowValue(c, w, explanations[i] if i < len(explanations) else ""))
    return tuple(out)


# --- helpers over the tolerant value readers of ilc_viewer.dicom.header_values ---


def _vector(values: tuple[float, ...], n: int) -> tuple[float, ...] | None:
    return values[:n] if len(values) >= n else None


def _from_groups(groups: list[DatasetView], sequence: str, keyword: str) -> Any:
    """A value from the first functional group that has it (per-frame wins over shared)."""
    for group in groups:
        item = group.item(sequence)
        if item is not None:
            value = item.value(keyword)
            if value is not None and value != "":
                return value
    return None
