"""Header facts of the pictures beyond MR: colour, projection (X-ray), cine and ultrasound.

:func:`colour_refusal` says why a file's colour layout cannot be shown (or ``None``);
:func:`picture_facts` reads, for :class:`~ilc_viewer.study.model.ImageRef`, what a projection
image, a colour image, a clip or an ultrasound image needs beyond the MR facts: Imager Pixel
Spacing (PS3.3 C.8.11.4), View Position, Patient Orientation, Presentation LUT Shape
(C.11.6), the VOI LUT Sequence's explanations (C.11.2), the frame timing (C.7.6.5, C.8.5.6)
and the Sequence of Ultrasound Regions (C.8.5.5). Both header views (the fast scan and
pydicom's) read them through the same tolerant value readers, so they give equal records.
:func:`decoder_missing` tells a transfer syntax no decoder here reads.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ilc_viewer.dicom.header_values import (
    View,
    as_float,
    as_floats,
    floats,
    integer,
    number,
    strings,
    text,
)
from ilc_viewer.study.model import CineTiming, UltrasoundRegion
from ilc_viewer.words.catalogue import _

#: Photometric Interpretations of three-sample colour images pydicom converts to RGB.
THREE_SAMPLE_COLOURS = frozenset({
    "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT", "YBR_PARTIAL_420",
    "YBR_PARTIAL_422",
})
PALETTE = "PALETTE COLOR"
#: The most regions and VOI LUTs read from one header (a damaged count must not run away).
MAX_ITEMS = 64


def colour_refusal(samples: int, photometric: str) -> str | None:
    """Why an image of ``samples`` samples and ``photometric`` cannot be shown, or ``None``."""
    kind = photometric or _("no Photometric Interpretation")
    if samples == 1:
        if photometric in THREE_SAMPLE_COLOURS:
            return _("damaged header: Samples per Pixel is 1 but the image is {kind}, which has "
                     "3 samples", kind=kind)
        return None
    if photometric.startswith("MONOCHROME") or samples < 1 or photometric == PALETTE:
        # Not a three-sample colour image: the header contradicts itself (issue 18).
        return _("damaged header: Samples per Pixel is {samples} but the image is grey-scale "
                 "({kind})", samples=samples, kind=kind) if photometric != PALETTE else \
            _("damaged header: Samples per Pixel is {samples} but the image is {kind}, which "
              "has 1 sample", samples=samples, kind=kind)
    if samples == 3 and (photometric in THREE_SAMPLE_COLOURS or not photometric):
        return None
    return _("colour image ({kind}, {samples} samples per pixel): a retired colour layout this "
             "viewer does not show", kind=kind, samples=samples)


def picture_facts(ds: View, samples: int) -> dict[str, Any]:
    """The ImageRef fields of colour, projection, cine and ultrasound images."""
    pixel_spacing = floats(ds, "PixelSpacing")
    imager = floats(ds, "ImagerPixelSpacing")
    facts: dict[str, Any] = {
        "samples_per_pixel": samples,
        "view_position": text(ds, "ViewPosition").upper(),
        "patient_orientation": strings(ds, "PatientOrientation")[:2],
        "presentation_lut_shape": text(ds, "PresentationLUTShape").upper(),
        "voi_luts": voi_lut_names(ds),
        "regions": ultrasound_regions(ds),
        "cine": cine_timing(ds),
    }
    if len(pixel_spacing) >= 2 and text(ds, "PixelSpacingCalibrationType"):
        facts["spacing_at"] = "calibrated"  # corrected to the patient (PS3.3 C.10.7.1.3)
    elif len(imager) >= 2:
        # Measured at the detector: larger than the body part, which lies nearer the X-ray
        # source (PS3.3 C.8.11.4.1.1); Pixel Spacing without a calibration type is the same.
        facts["spacing_at"] = "detector"
    return facts


def voi_lut_names(ds: View) -> tuple[str, ...]:
    """The explanation of each table of the VOI LUT Sequence ("" where none is given)."""
    if not ds.has("VOILUTSequence"):
        return ()
    names = []
    for k in range(MAX_ITEMS):
        item = ds.item("VOILUTSequence", k)
        if item is None:
            break
        if item.has("LUTDescriptor") and item.has("LUTData"):
            names.append(text(item, "LUTExplanation"))
    return tuple(names)


def ultrasound_regions(ds: View) -> tuple[UltrasoundRegion, ...]:
    """The Sequence of Ultrasound Regions, each with its pixel bounds and physical deltas."""
    if not ds.has("SequenceOfUltrasoundRegions"):
        return ()
    regions = []
    for k in range(MAX_ITEMS):
        item = ds.item("SequenceOfUltrasoundRegions", k)
        if item is None:
            break
        bounds = [integer(item, name) for name in (
            "RegionLocationMinX0", "RegionLocationMinY0", "RegionLocationMaxX1",
            "RegionLocationMaxY1")]
        if any(b is None for b in bounds):
            continue
        x0, y0, x1, y1 = bounds  # type: ignore[misc]
        regions.append(UltrasoundRegion(
            x0=x0, y0=y0, x1=x1, y1=y1,  # type: ignore[arg-type]
            spatial_format=integer(item, "RegionSpatialFormat") or 0,
            units_x=integer(item, "PhysicalUnitsXDirection") or 0,
            units_y=integer(item, "PhysicalUnitsYDirection") or 0,
            delta_x=number(item, "PhysicalDeltaX") or 0.0,
            delta_y=number(item, "PhysicalDeltaY") or 0.0,
        ))
    return tuple(regions)


def cine_timing(ds: View) -> CineTiming | None:
    """Frame Time, Frame Time Vector, Cine Rate and Recommended Display Frame Rate, if any."""
    frame_time = _positive(number(ds, "FrameTime"))
    vector = tuple(v for v in as_floats(ds.value("FrameTimeVector")) if v >= 0)
    cine_rate = _positive(number(ds, "CineRate"))
    display_rate = _positive(as_float(ds.value("RecommendedDisplayFrameRate")))
    if frame_time is None and not vector and cine_rate is None and display_rate is None:
        return None
    return CineTiming(frame_time, vector, cine_rate, display_rate)


def _positive(value: float | None) -> float | None:
    return value if value is not None and value > 0 else None


@lru_cache(maxsize=64)
def decoder_missing(syntax_uid: str) -> bool:
    """True when no pixel decoder here reads ``syntax_uid`` (video, JPEG XL, a private
    syntax): its images are listed, and say so in one line when shown."""
    from pydicom.pixels import get_decoder

    if not syntax_uid:
        return False
    try:
        decoder = get_decoder(syntax_uid)
        return not (decoder.is_available or decoder.is_native)
    except NotImplementedError:
        return True
    except Exception:  # an unreadable UID: pydicom's reading decides later
        return False
