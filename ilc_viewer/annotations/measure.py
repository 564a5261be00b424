"""What annotations measure and say: ruler lengths, angles, the words drawn with each.

Patient-anchored annotations measure in patient mm. An image-anchored one (an X-ray, a clip,
an ultrasound picture; see :mod:`ilc_viewer.annotations.model`) is measured with its own
image's calibration: Pixel Spacing, or a projection image's Imager Pixel Spacing, which is
the size *at the detector* (the body part, nearer the X-ray source, is a little smaller:
the length says so), or, on ultrasound, the calibrated region the ruler lies in (a ruler
leaving its region, or lying in no calibrated one, has no length).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ilc_viewer.words.catalogue import N_, gettext

if TYPE_CHECKING:
    from ilc_viewer.annotations.model import Annotation
    from ilc_viewer.study.model import ImageRef, Series
    from ilc_viewer.words.phrases import PhraseLibrary

#: The words of an image-anchored ruler's length.
WORDS = {
    "mm": N_("{mm:.1f} mm"),
    # Translators: a length measured on an X-ray, where the film or detector is
    "detector": N_("{mm:.1f} mm at the detector"),
    "outside": N_("outside the measured area"),
    "unknown": N_("size unknown"),
}


def image_calibrated(image: ImageRef) -> bool:
    """True if distances on the image can be given in mm somewhere."""
    return _spacing(image) is not None or any(r.mm_per_pixel for r in image.regions)


def _spacing(image: ImageRef) -> tuple[float, float] | None:
    spacing = image.pixel_spacing
    if spacing is None or len(spacing) < 2 or min(spacing) <= 0:
        return None
    return float(spacing[0]), float(spacing[1])


def image_distance(image: ImageRef, a: tuple[float, float], b: tuple[float, float]
                   ) -> tuple[float | None, str]:
    """(mm, how) between image points ``a`` and ``b`` (each ``(row, col)``); ``how`` is
    "mm", "detector" (a projection's size at the detector), "outside" (ultrasound: not in
    one calibrated region) or "unknown" (no calibration), the mm ``None`` for the last two."""
    if image.regions:
        for region in image.regions:
            scale = region.mm_per_pixel
            if scale and region.contains(*a) and region.contains(*b):
                return math.hypot((a[0] - b[0]) * scale[0], (a[1] - b[1]) * scale[1]), "mm"
        if _spacing(image) is None:
            return None, "outside" if any(r.mm_per_pixel for r in image.regions) else "unknown"
    spacing = _spacing(image)
    if spacing is None:
        return None, "unknown"
    mm = math.hypot((a[0] - b[0]) * spacing[0], (a[1] - b[1]) * spacing[1])
    return mm, "detector" if image.spacing_at == "detector" else "mm"


def image_of(annotation: Annotation, series: Series | None) -> ImageRef | None:
    """The image an image-anchored annotation belongs to in ``series``, if there."""
    if series is None:
        return None
    return next((im for im in series.images if im.sop_instance_uid == annotation.image_uid),
                None)


def ruler_text(annotation: Annotation, series: Series | None, lang: str = "en") -> str:
    """The length of an image-anchored ruler in ``lang`` ("34.5 mm at the detector")."""
    image = image_of(annotation, series)
    if image is None:
        return gettext(WORDS["unknown"], lang)
    (c0, r0, _z0), (c1, r1, _z1) = annotation.points
    mm, how = image_distance(image, (r0, c0), (r1, c1))
    return gettext(WORDS[how], lang, mm=mm) if mm is not None else gettext(WORDS[how], lang)


def ruler_length_mm(annotation: Annotation) -> float:
    """Distance between the two ends of a ruler, in mm (3-D, so any plane measures true).

    Only for patient coordinates: an image-anchored ruler is measured with its image's
    calibration (:func:`ruler_text`).
    """
    if annotation.kind != "ruler":
        raise ValueError(f"a {annotation.kind} has no length; only a ruler does")
    if annotation.image_uid:
        raise ValueError("an image-anchored ruler is measured with its image's calibration")
    a, b = annotation.points
    return math.dist(a, b)


def angle_degrees(annotation: Annotation, image: ImageRef | None = None) -> float:
    """The angle at the vertex (``points[1]``) of an angle annotation, 0-180 degrees.

    An image-anchored angle is measured in mm of its ``image`` when given (pixels may not
    be square), else in pixels.
    """
    if annotation.kind != "angle":
        raise ValueError(f"a {annotation.kind} has no angle; only an angle annotation does")
    points = annotation.points
    if annotation.image_uid and image is not None and _spacing(image) is not None:
        rows, cols = _spacing(image)  # type: ignore[misc]
        points = tuple((x * cols, y * rows, z) for x, y, z in points)
    end1, vertex, end2 = points
    u = [p - v for p, v in zip(end1, vertex, strict=True)]
    w = [p - v for p, v in zip(end2, vertex, strict=True)]
    nu, nw = math.hypot(*u), math.hypot(*w)
    if nu == 0 or nw == 0:
        raise ValueError("an arm of the angle has zero length")
    cosine = sum(x * y for x, y in zip(u, w, strict=True)) / (nu * nw)
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def display_text(annotation: Annotation, library: PhraseLibrary | None, lang: str = "en",
                 series: Series | None = None) -> str:
    """The text drawn with an annotation in ``lang``.

    Stickers show their own text if edited, else the phrase label (the phrase id when the
    phrase is no longer in the library); rulers show mm, angles degrees; others their text.
    An image-anchored ruler or angle is measured on its image in ``series``.
    """
    if annotation.kind == "sticker":
        if annotation.text:
            return annotation.text
        phrase = library.get(annotation.phrase_id) if library is not None else None
        return phrase.label.get(lang) if phrase else annotation.phrase_id
    if annotation.kind == "ruler":
        measure = ruler_text(annotation, series, lang) if annotation.image_uid \
            else f"{ruler_length_mm(annotation):.1f} mm"
        return f"{measure} {annotation.text}" if annotation.text else measure
    if annotation.kind == "angle":
        try:
            image = image_of(annotation, series) if annotation.image_uid else None
            measure = f"{angle_degrees(annotation, image):.1f}°"
        except ValueError:
            measure = "-°"
        return f"{measure} {annotation.text}" if annotation.text else measure
    return annotation.text
