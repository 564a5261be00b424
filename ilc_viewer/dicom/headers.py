"""Read one DICOM file's header and turn it into study-model records (no pixels).

:func:`read_header` reads a file (or zip member) without its pixel data and returns either a
:class:`FileRecord` (the images in the file plus the study/series facts needed to group them)
or a plain reason why the file is not an image. It never raises for a bad file: bad files
are normal on patients' CDs and must not stop the rest of the study from loading.

Plain files (the vast majority) are read by the strict fast scan of
:mod:`ilc_viewer.dicom.header_scan`, several times quicker than ``dcmread``; anything it is unsure
of, and files whose per-frame groups or directory records are needed, go through pydicom
(:mod:`ilc_viewer.dicom.header_files`). Both give the same record (tests compare them). The
image size is checked against what the file holds (:mod:`ilc_viewer.dicom.pixel_checks`).

Classic images give one :class:`~ilc_viewer.study.model.ImageRef`; enhanced (multi-frame) MR files
give one per frame, with geometry from the per-frame / shared functional groups
(PS3.3 C.7.6.16).
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass
from typing import Any

from pydicom.uid import UID, DeflatedExplicitVRLittleEndian

from ilc_viewer.dicom.damage import Damage
from ilc_viewer.dicom.header_files import HeaderRead, Unreadable, read_view, short
from ilc_viewer.dicom.header_scan import PixelElement
from ilc_viewer.dicom.header_values import (
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
from ilc_viewer.dicom.picture_facts import colour_refusal, decoder_missing, picture_facts
from ilc_viewer.dicom.pixel_checks import BadPixelHeader, frames_the_file_holds, native_damage
from ilc_viewer.study.model import (
    AcquisitionParams,
    ImageRef,
    ImageSource,
    PatientInfo,
    WindowValue,
)
from ilc_viewer.words.catalogue import _, message_of

DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10"


@dataclass
class FileRecord:
    """What one image file holds: its images and the facts to group them by."""

    images: list[ImageRef]
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
    #: True for a presentation state (annotations saved with the study): not an image, but
    #: read when the study opens (:mod:`ilc_viewer.sharing.found`), never listed as skipped.
    presentation_state: bool = False


def read_header(
    source: ImageSource, archive: zipfile.ZipFile | None = None
) -> FileRecord | NotAnImage:
    """Read the header of one file or zip member; a :class:`NotAnImage` for anything unusable."""
    try:
        read = read_view(source, archive)
    except Unreadable as exc:
        return NotAnImage(message_of(exc))
    try:
        return _to_record(read.view, source, read)
    except BadPixelHeader as exc:
        return NotAnImage(message_of(exc))
    except Exception as exc:
        return NotAnImage(_("unreadable header value: {reason}", reason=short(exc)))


def _to_record(ds: View, source: ImageSource, read: HeaderRead) -> FileRecord | NotAnImage:
    pixel = read.pixel
    has_pixels = pixel is not None
    sop_class = text(ds, "SOPClassUID") or text(ds.file_meta(), "MediaStorageSOPClassUID")
    if sop_class == DICOMDIR_SOP_CLASS or ds.has("DirectoryRecordSequence"):
        return NotAnImage(_("DICOMDIR (an index of the disc, no image data)"))
    if not (sop_class or text(ds, "Modality") or ds.has("Rows") or has_pixels):
        # Typical of random bytes after a valid 'DICM' marker: pydicom reads "something".
        return NotAnImage(
            _("damaged or empty DICOM header: no SOP Class, Modality or image size"))
    if not has_pixels:
        kind = _sop_class_name(sop_class)
        if kind.endswith(" Image"):
            return NotAnImage(_("no pixel data ({kind} header only; the file may be truncated)",
                                kind=kind))
        kind = kind or text(ds, "Modality") or _("no SOP Class UID")
        return NotAnImage(_("no image data ({kind})", kind=kind),
                          presentation_state=sop_class == PRESENTATION_STATE_SOP_CLASS)
    rows, columns = integer(ds, "Rows"), integer(ds, "Columns")
    if not rows or not columns:
        return NotAnImage(_("image without Rows/Columns (0028,0010/0011): size unknown"))
    samples = integer(ds, "SamplesPerPixel") or 1
    refusal = colour_refusal(samples, text(ds, "PhotometricInterpretation").upper())
    if refusal is not None:
        return NotAnImage(refusal)
    # No decoder reads it (video, JPEG XL): one image that says so when shown. A video's
    # frames share one stream, so its frame count is not checked against the fragments.
    undecodable = pixel.encapsulated and decoder_missing(  # type: ignore[union-attr]
        text(ds.file_meta(), "TransferSyntaxUID"))
    layout = frames_the_file_holds(
        pixel,  # type: ignore[arg-type]
        read.file_size,
        rows=rows,
        columns=columns,
        samples=_stored_samples(ds, samples, pixel),  # type: ignore[arg-type]
        frames=integer(ds, "NumberOfFrames") if ds.has("NumberOfFrames") and not undecodable
        else None,
        bits_allocated=integer(ds, "BitsAllocated"),
    )
    # An implicit VR data set under an explicit VR syntax (pydicom reads it, warning): its
    # pixel element is implicit too, and only a whole-file read finds the pixels.
    mismatch = pixel.vr is None and not read.implicit  # type: ignore[union-attr]
    damage = native_damage(layout, read.tail, implicit=read.implicit or mismatch,
                           little=read.little)
    images = _image_refs(ds, source, rows, columns, layout.frames, damage, samples)
    if mismatch:
        for image in images:
            image.read_whole = True
    if damage is None and _compressed_under_native_syntax(ds, pixel):  # type: ignore[arg-type]
        for image in images:
            # read as uncompressed, compressed fragments become a picture of noise (fuzzer)
            image.damage = Damage("syntax", "the file says its pixel data is uncompressed, "
                                            "but it is compressed (encapsulated)")
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


#: Grayscale Softcopy Presentation State Storage (PS3.4 B.5).
PRESENTATION_STATE_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.11.1"


def _compressed_under_native_syntax(ds: View, pixel: PixelElement) -> bool:
    """True when the pixel data is encapsulated but the transfer syntax is a native one (a
    damaged or rewritten file meta): read as native, the compressed bytes would be noise."""
    syntax = text(ds.file_meta(), "TransferSyntaxUID")
    if not pixel.encapsulated or not syntax or syntax == DeflatedExplicitVRLittleEndian:
        return False
    uid = UID(syntax)
    return uid.is_transfer_syntax and not uid.is_encapsulated


def _stored_samples(ds: View, samples: int, pixel: PixelElement) -> int:
    """Samples a pixel takes in the file: uncompressed YBR_FULL_422 keeps one Cb and one Cr
    per two pixels, so two samples a pixel on average (PS3.3 C.7.6.3.1.2)."""
    if samples == 3 and not pixel.encapsulated and \
            text(ds, "PhotometricInterpretation").upper() == "YBR_FULL_422":
        return 2
    return samples


def _sop_class_name(uid: str) -> str:
    if not uid:
        return ""
    name = UID(uid).name
    if name == uid:
        return ""
    return name.removesuffix(" Storage")


def _image_refs(
    ds: View, source: ImageSource, rows: int, columns: int, frames: int, damage: Damage | None,
    samples: int = 1,
) -> list[ImageRef]:
    """One ImageRef per displayable frame of the file."""
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    facts = picture_facts(ds, samples)
    base = dict(
        source=source,
        sop_instance_uid=text(ds, "SOPInstanceUID") or source.display_name,
        rows=rows,
        columns=columns,
        instance_number=integer(ds, "InstanceNumber"),
        acquisition_number=integer(ds, "AcquisitionNumber"),
        image_type=strings(ds, "ImageType"),
        transfer_syntax_uid=text(ds.file_meta(), "TransferSyntaxUID"),
        photometric_interpretation=(text(ds, "PhotometricInterpretation").upper()
                                    or ("RGB" if samples == 3 else "MONOCHROME2")),
        damage=damage,
        **facts,
    )
    if frames == 1 and per_frame is None:
        return [ImageRef(frame=None, **base, **_classic_geometry(ds))]  # type: ignore[arg-type]
    shared = ds.item("SharedFunctionalGroupsSequence")
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
        orientation=_orientation(floats(ds, "ImageOrientationPatient")),
        pixel_spacing=_vector(spacing, 2),
        slice_thickness=number(ds, "SliceThickness"),
        rescale_slope=number(ds, "RescaleSlope") or 1.0,
        rescale_intercept=number(ds, "RescaleIntercept") or 0.0,
        windows=_windows(ds),
    )


def _functional_geometry(groups: list[View], ds: View) -> dict[str, Any]:
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
        orientation=_orientation(as_floats(orientation)) or classic["orientation"],
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
    groups: list[View] = []
    looked = False

    def value(keyword: str, sequence: str, group_keyword: str) -> float | None:
        nonlocal looked
        top = number(ds, keyword)
        if top is not None:
            return top
        if not looked:  # the functional groups are read only when a value is missing
            looked = True
            for name in ("PerFrameFunctionalGroupsSequence", "SharedFunctionalGroupsSequence"):
                if ds.has(name):
                    group = ds.item(name)
                    if group is not None:
                        groups.append(group)
        return as_float(_from_groups(groups, sequence, group_keyword))

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


def _orientation(values: tuple[float, ...]) -> tuple[float, ...] | None:
    """Image Orientation (Patient), or None when it cannot be one: not six finite numbers,
    a zero direction, or row and column along the same line (a damaged header: the image
    is then treated as having no orientation, never a traceback)."""
    six = _vector(values, 6)
    if six is None or not all(math.isfinite(v) for v in six):
        return None
    row, col = six[:3], six[3:]
    cross = (row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2],
             row[0] * col[1] - row[1] * col[0])
    if math.hypot(*cross) < 1e-6 * max(1e-12, math.hypot(*row) * math.hypot(*col)):
        return None
    return six


def _from_groups(groups: list[View], sequence: str, keyword: str) -> Any:
    """A value from the first functional group that has it (per-frame wins over shared)."""
    for group in groups:
        item = group.item(sequence)
        if item is not None:
            value = item.value(keyword)
            if value is not None and value != "":
                return value
    return None
