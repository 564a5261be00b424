"""What kind of picture a series is beyond MR: X-ray, fluoroscopy, ultrasound, photographs.

The clinic takes MRI, X-ray and fluoroscopy on site and adds ultrasound. Only MR (and CT)
images lie in the patient's 3-D coordinates; the others have no slice position: an X-ray
is a shadow of the whole body part on a detector, an ultrasound image a view from a probe
held by hand. They are shown as they are, never linked to other panes, and that is normal,
not a fault (:func:`without_position_is_normal`). :func:`classify_picture` gives their
label: ``XR`` (radiographs: CR, DX, ...), ``FLUORO`` (XA, RF: real-time X-ray, usually a
clip) and ``US``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ilc_viewer.words.catalogue import _

if TYPE_CHECKING:
    from ilc_viewer.study.model import Series

#: Radiographs: computed and digital radiography, mammography, intra-oral, panoramic.
XRAY = frozenset({"CR", "DX", "RG", "MG", "IO", "PX", "DF"})
#: Real-time X-ray: angiography and radiofluoroscopy.
FLUOROSCOPY = frozenset({"XA", "RF"})
ULTRASOUND = frozenset({"US", "IVUS"})
#: Pictures without a place in the patient's coordinates: the above, photographs and
#: secondary captures (screenshots of other programs, scanned documents).
NO_PATIENT_POSITION = XRAY | FLUOROSCOPY | ULTRASOUND | frozenset(
    {"XC", "ES", "GM", "OP", "SM", "OT", "DOC", "SC"})
#: Labels of these kinds (also sequence labels: captions and presets key on them).
LABELS = {"XR": XRAY, "FLUORO": FLUOROSCOPY, "US": ULTRASOUND}
PROJECTION_LABELS = ("XR", "FLUORO")


def picture_label(modality: str) -> str | None:
    """``XR``, ``FLUORO`` or ``US`` for those modalities; ``None`` for any other."""
    modality = (modality or "").strip().upper()
    return next((label for label, kinds in LABELS.items() if modality in kinds), None)


def classify_picture(series: Series) -> tuple[str, str] | None:
    """(label, plain reason) of an X-ray, fluoroscopy or ultrasound series, else ``None``."""
    modality = (series.modality or "").strip().upper()
    label = picture_label(modality)
    if label == "XR":
        return label, _("modality {modality}: an X-ray picture (a projection, no slices)",
                        modality=modality)
    if label == "FLUORO":
        return label, _("modality {modality}: fluoroscopy, real-time X-ray (a projection, no "
                        "slices)", modality=modality)
    if label == "US":
        return label, _("modality {modality}: an ultrasound picture", modality=modality)
    return None


def without_position_is_normal(modality: str) -> bool:
    """True when images of this modality normally carry no patient position (no warning)."""
    return (modality or "").strip().upper() in NO_PATIENT_POSITION


def is_projection(series: Series) -> bool:
    """True for X-ray and fluoroscopy series: sizes are measured at the detector."""
    return picture_label(series.modality) in PROJECTION_LABELS


def is_clip(series: Series) -> bool:
    """True for a series of the frames of one multi-frame file without positions: a cine
    clip (fluoroscopy run, ultrasound loop) played frame by frame."""
    images = series.images
    return (len(images) > 1 and series.geometry is None
            and all(im.frame is not None for im in images)
            and len({im.sop_instance_uid for im in images}) == 1)
