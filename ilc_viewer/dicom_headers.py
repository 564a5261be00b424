"""Read one DICOM file's header and turn it into study-model records (no pixels).

:func:`read_header` reads a file (or zip member) without its pixel data and returns either a
:class:`FileRecord` (the images in the file plus the study/series facts needed to group them)
or a plain reason why the file is not an image. It never raises for a bad file: bad files
are normal on patients' CDs and must not stop the rest of the study from loading.

Classic images give one :class:`~ilc_viewer.study.ImageRef`; enhanced (multi-frame) MR files
give one per frame, with geometry from the per-frame / shared functional groups
(PS3.3 C.7.6.16).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pydicom import dcmread
from pydicom.datadict import dictionary_VR, tag_for_keyword
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.tag import Tag
from pydicom.uid import UID, DeflatedExplicitVRLittleEndian

from ilc_viewer.study import AcquisitionParams, ImageRef, ImageSource, PatientInfo, WindowValue

#: Bytes read first: enough for almost every header, so one read replaces hundreds of small
#: ones. Headers longer than this (big private blocks) are read again in full.
HEADER_CHUNK = 32 * 1024
DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10"
_PIXEL_TAGS = {0x7FE00010, 0x7FE00008, 0x7FE00009}
#: VRs whose raw bytes are plain ASCII whatever the character set (PS3.5 6.2).
_ASCII_VRS = {"CS", "DS", "IS", "UI", "DA", "TM", "DT", "AS"}
_BINARY_VRS = {"US": "H", "UL": "I", "SS": "h", "SL": "i", "FL": "f", "FD": "d"}
_TAGS: dict[str, Any] = {}


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
    try:
        return _to_record(ds, source, has_pixels)
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


def _to_record(ds: Dataset, source: ImageSource, has_pixels: bool) -> FileRecord | NotAnImage:
    sop_class = _text(ds, "SOPClassUID") or _text(
        ds.get("file_meta", Dataset()), "MediaStorageSOPClassUID"
    )
    if sop_class == DICOMDIR_SOP_CLASS or "DirectoryRecordSequence" in ds:
        return NotAnImage("DICOMDIR (an index of the disc, no image data)")
    if not (sop_class or _text(ds, "Modality") or "Rows" in ds or has_pixels):
        # Typical of random bytes after a valid 'DICM' marker: pydicom reads "something".
        return NotAnImage("damaged or empty DICOM header: no SOP Class, Modality or image size")
    if not has_pixels:
        kind = _sop_class_name(sop_class)
        if kind.endswith(" Image"):
            return NotAnImage(f"no pixel data ({kind} header only; the file may be truncated)")
        kind = kind or _text(ds, "Modality") or "no SOP Class UID"
        return NotAnImage(f"no image data ({kind})")
    rows, columns = _int(ds, "Rows"), _int(ds, "Columns")
    if not rows or not columns:
        return NotAnImage("image without Rows/Columns (0028,0010/0011): size unknown")
    samples = _int(ds, "SamplesPerPixel") or 1
    if samples != 1:
        photometric = _text(ds, "PhotometricInterpretation") or "colour"
        return NotAnImage(f"colour image ({photometric}): only grey-scale MR/CT images are shown")
    images = _image_refs(ds, source, rows, columns)
    params = _acquisition_params(ds)
    patient = PatientInfo(
        name=str(ds.get("PatientName", "") or ""),
        patient_id=_text(ds, "PatientID"),
        birth_date=_text(ds, "PatientBirthDate"),
        sex=_text(ds, "PatientSex"),
        age=_text(ds, "PatientAge"),
        accession_number=_text(ds, "AccessionNumber"),
    )
    study_uid = _text(ds, "StudyInstanceUID") or "unknown-study"
    return FileRecord(
        images=images,
        patient_key=f"{patient.patient_id}|{patient.name}",
        patient=patient,
        study_uid=study_uid,
        study_description=_text(ds, "StudyDescription"),
        study_date=_text(ds, "StudyDate"),
        study_time=_text(ds, "StudyTime"),
        # A file without a Series UID is its own series rather than joining strangers.
        series_uid=_text(ds, "SeriesInstanceUID") or f"no-series-uid:{source.display_name}",
        series_number=_int(ds, "SeriesNumber"),
        series_description=_text(ds, "SeriesDescription"),
        modality=_text(ds, "Modality") or "OT",
        frame_of_reference_uid=_text(ds, "FrameOfReferenceUID"),
        params=params,
    )


def _sop_class_name(uid: str) -> str:
    if not uid:
        return ""
    name = UID(uid).name
    if name == uid:
        return ""
    return name.removesuffix(" Storage")


def _image_refs(ds: Dataset, source: ImageSource, rows: int, columns: int) -> list[ImageRef]:
    """One ImageRef per displayable frame of the file."""
    frames = _int(ds, "NumberOfFrames") or 1
    shared = _first(ds, "SharedFunctionalGroupsSequence")
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    base = dict(
        source=source,
        sop_instance_uid=_text(ds, "SOPInstanceUID") or source.display_name,
        rows=rows,
        columns=columns,
        instance_number=_int(ds, "InstanceNumber"),
        acquisition_number=_int(ds, "AcquisitionNumber"),
        image_type=_strings(ds, "ImageType"),
        transfer_syntax_uid=_text(ds.get("file_meta", Dataset()), "TransferSyntaxUID"),
        photometric_interpretation=_text(ds, "PhotometricInterpretation") or "MONOCHROME2",
    )
    if frames == 1 and per_frame is None:
        return [ImageRef(frame=None, **base, **_classic_geometry(ds))]  # type: ignore[arg-type]
    refs = []
    offsets = _floats(ds, "GridFrameOffsetVector")
    for k in range(frames):
        groups = [g for g in (_seq_item(per_frame, k), shared) if g is not None]
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


def _classic_geometry(ds: Dataset) -> dict[str, Any]:
    spacing = _floats(ds, "PixelSpacing") or _floats(ds, "ImagerPixelSpacing")
    return dict(
        position=_vector(_floats(ds, "ImagePositionPatient"), 3),
        orientation=_vector(_floats(ds, "ImageOrientationPatient"), 6),
        pixel_spacing=_vector(spacing, 2),
        slice_thickness=_float(ds, "SliceThickness"),
        rescale_slope=_float(ds, "RescaleSlope") or 1.0,
        rescale_intercept=_float(ds, "RescaleIntercept") or 0.0,
        windows=_windows(ds),
    )


def _functional_geometry(groups: list[Dataset], ds: Dataset) -> dict[str, Any]:
    """Geometry of one enhanced frame: per-frame groups first, then shared, then top level."""
    position = _from_groups(groups, "PlanePositionSequence", "ImagePositionPatient")
    orientation = _from_groups(groups, "PlaneOrientationSequence", "ImageOrientationPatient")
    spacing = _from_groups(groups, "PixelMeasuresSequence", "PixelSpacing")
    thickness = _from_groups(groups, "PixelMeasuresSequence", "SliceThickness")
    slope = _from_groups(groups, "PixelValueTransformationSequence", "RescaleSlope")
    intercept = _from_groups(groups, "PixelValueTransformationSequence", "RescaleIntercept")
    voi = next(
        (_first(g, "FrameVOILUTSequence") for g in groups if "FrameVOILUTSequence" in g), None
    )
    classic = _classic_geometry(ds)
    return dict(
        position=_vector(_as_floats(position), 3) or classic["position"],
        orientation=_vector(_as_floats(orientation), 6) or classic["orientation"],
        pixel_spacing=_vector(_as_floats(spacing), 2) or classic["pixel_spacing"],
        slice_thickness=_as_float(thickness) or classic["slice_thickness"],
        rescale_slope=_as_float(slope) or classic["rescale_slope"],
        rescale_intercept=_as_float(intercept)
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


def _acquisition_params(ds: Dataset) -> AcquisitionParams:
    """Sequence-identifying values; enhanced MR keeps them inside functional groups."""
    groups = [
        g
        for g in (
            _seq_item(_value(ds, "PerFrameFunctionalGroupsSequence"), 0),
            _first(ds, "SharedFunctionalGroupsSequence"),
        )
        if g is not None
    ]

    def value(keyword: str, sequence: str, group_keyword: str) -> float | None:
        top = _float(ds, keyword)
        return top if top is not None else _as_float(_from_groups(groups, sequence, group_keyword))

    timing = "MRTimingAndRelatedParametersSequence"
    tr = value("RepetitionTime", timing, "RepetitionTime")
    flip = value("FlipAngle", timing, "FlipAngle")
    te = value("EchoTime", "MREchoSequence", "EffectiveEchoTime")
    ti = value("InversionTime", "MRModifierSequence", "InversionTimes")
    b_value = value("DiffusionBValue", "MRDiffusionSequence", "DiffusionBValue")
    image_type = _strings(ds, "ImageType")
    return AcquisitionParams(
        series_description=_text(ds, "SeriesDescription"),
        protocol_name=_text(ds, "ProtocolName"),
        sequence_name=_text(ds, "SequenceName"),
        manufacturer=_text(ds, "Manufacturer"),
        scanning_sequence=_strings(ds, "ScanningSequence"),
        sequence_variant=_strings(ds, "SequenceVariant"),
        scan_options=_strings(ds, "ScanOptions"),
        image_type=image_type,
        repetition_time=tr,
        echo_time=te,
        inversion_time=ti,
        flip_angle=flip,
        field_strength=_float(ds, "MagneticFieldStrength"),
        echo_train_length=_int(ds, "EchoTrainLength"),
        contrast_agent=_text(ds, "ContrastBolusAgent"),
        diffusion_b_value=b_value,
        pulse_sequence_name=_text(ds, "PulseSequenceName"),
        echo_pulse_sequence=_text(ds, "EchoPulseSequence"),
        inversion_recovery=_text(ds, "InversionRecovery"),
        spectrally_selected_suppression=_text(ds, "SpectrallySelectedSuppression"),
    )


def _windows(ds: Dataset) -> tuple[WindowValue, ...]:
    centers, widths = _floats(ds, "WindowCenter"), _floats(ds, "WindowWidth")
    explanations = _strings(ds, "WindowCenterWidthExplanation", upper=False)
    out = []
    for i, (c, w) in enumerate(zip(centers, widths, strict=False)):
        if w > 0:
            out.append(WindowValue(c, w, explanations[i] if i < len(explanations) else ""))
    return tuple(out)


# --- small tolerant value readers: a malformed value becomes "missing", never an exception ---


def _value(ds: Dataset, keyword: str) -> Any:
    """An element's value, or ``None`` when absent, empty or malformed.

    Plain ASCII and binary numbers are decoded straight from the raw bytes: pydicom's full
    conversion (with validation) costs more than reading the file, and a scan reads dozens
    of values from thousands of files. Everything else (sequences, names and descriptions
    in the study's character set) goes through pydicom.
    """
    tag = _TAGS.get(keyword)
    if tag is None:
        tag = _TAGS[keyword] = Tag(tag_for_keyword(keyword))
    try:
        # The dataset's own dict skips get_item's tag conversion (hot path, ~60 calls a file).
        elements = getattr(ds, "_dict", None)
        elem = elements.get(tag) if elements is not None else ds.get_item(tag)
        if elem is None:
            return None
        if isinstance(elem, RawDataElement):
            raw = elem.value
            if not raw:
                return None
            vr = elem.VR or dictionary_vr_or_none(tag)
            if vr in _ASCII_VRS:
                parts = raw.decode("ascii", "replace").split("\\")
                values = [v.strip(" \x00") for v in parts]
                return values[0] if len(values) == 1 else values
            code = _BINARY_VRS.get(vr or "")
            if code is not None:
                size = struct.calcsize(code)
                count = len(raw) // size
                order = "<" if elem.is_little_endian else ">"
                numbers = struct.unpack(f"{order}{count}{code}", raw[: count * size])
                return numbers[0] if count == 1 else list(numbers)
        return ds[tag].value
    except Exception:  # one bad element (wrong VR or length) must not lose the file
        return None


def dictionary_vr_or_none(tag: int) -> str | None:
    """The dictionary VR of a tag (implicit VR files do not store it), or ``None``."""
    try:
        return dictionary_VR(tag)
    except KeyError:
        return None


def _text(ds: Dataset, keyword: str) -> str:
    value = _value(ds, keyword)
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).strip().strip("\x00")


def _strings(ds: Dataset, keyword: str, upper: bool = True) -> tuple[str, ...]:
    value = _value(ds, keyword)
    if value is None or value == "":
        return ()
    items = [value] if isinstance(value, str | bytes) else list(value)
    out = tuple(str(v).strip() for v in items)
    return tuple(v.upper() for v in out) if upper else out


def _as_floats(value: Any) -> tuple[float, ...]:
    if value is None or value == "":
        return ()
    items = value if isinstance(value, Sequence) and not isinstance(value, str | bytes) else [value]
    try:
        return tuple(float(v) for v in items)
    except (TypeError, ValueError):
        return ()


def _as_float(value: Any) -> float | None:
    values = _as_floats(value)
    return values[0] if values else None


def _floats(ds: Dataset, keyword: str) -> tuple[float, ...]:
    return _as_floats(_value(ds, keyword))


def _float(ds: Dataset, keyword: str) -> float | None:
    return _as_float(_value(ds, keyword))


def _int(ds: Dataset, keyword: str) -> int | None:
    value = _float(ds, keyword)
    return int(value) if value is not None else None


def _vector(values: tuple[float, ...], n: int) -> tuple[float, ...] | None:
    return values[:n] if len(values) >= n else None


def _first(ds: Dataset, keyword: str) -> Dataset | None:
    return _seq_item(_value(ds, keyword), 0)


def _seq_item(seq: Any, k: int) -> Dataset | None:
    try:
        return seq[k] if seq is not None and len(seq) > k else None
    except Exception:
        return None


def _from_groups(groups: list[Dataset], sequence: str, keyword: str) -> Any:
    """A value from the first functional group that has it (per-frame wins over shared)."""
    for group in groups:
        item = _first(group, sequence)
        if item is not None:
            value = _value(item, keyword)
            if value is not None and value != "":
                return value
    return None
