"""Group image records into studies and series: split what cannot share one series, sort
each series along the body, attach its geometry and label its sequence.

:func:`build_studies` is called by :func:`ilc_viewer.dicom.index.scan` with every image record
read from a path. A series is split only where its images really are separate pictures (image
size, localizer or derived image type, echo time, sagittal and axial views, repeated
acquisitions); every split is said in a neutral series note. Angled blocks of one view (lumbar
axials, one block per disc) are never split: they stay one series, each image with its plane.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from ilc_viewer.dicom.headers import FileRecord
from ilc_viewer.study.geometry import build_geometry, plane_of, plane_of_normal, sort_images
from ilc_viewer.study.modality import without_position_is_normal
from ilc_viewer.study.model import ImageRef, Series, Study
from ilc_viewer.words.catalogue import N_, _

#: Image normals closer than ~70 degrees look along the same body axis: angled lumbar blocks
#: differ by up to ~50 degrees, a sagittal and an axial image by 90.
SAME_VIEW_MIN_COSINE = 0.34
#: An image of another acquisition this close (mm, every coordinate) repeats a place.
REPEAT_MM = 1.0


def build_studies(images: list[tuple[FileRecord, ImageRef]]) -> list[Study]:
    """Group images into studies and series, split and sort the series, label sequences."""
    by_study: dict[str, list[tuple[FileRecord, ImageRef]]] = defaultdict(list)
    for record, image in images:
        by_study[record.study_uid].append((record, image))
    studies = []
    for study_uid, members in by_study.items():
        first = members[0][0]
        study = Study(
            study_uid=study_uid,
            description=first.study_description,
            date=first.study_date,
            time=first.study_time,
            patient=first.patient,
        )
        by_series: dict[str, list[tuple[FileRecord, ImageRef]]] = defaultdict(list)
        for record, image in members:
            by_series[record.series_uid].append((record, image))
        for series_members in by_series.values():
            study.series.extend(_make_series(series_members))
        study.series.sort(key=lambda s: (s.number is None, s.number or 0, s.key))
        studies.append(study)
    # Patient first so one patient's studies sit together, then the oldest study first.
    studies.sort(key=lambda s: (s.patient.patient_id, s.patient.name, s.date, s.time, s.study_uid))
    return studies


def _make_series(members: list[tuple[FileRecord, ImageRef]]) -> list[Series]:
    """One series, or several when its images are really separate pictures."""
    record_of = {id(image): record for record, image in members}
    groups, reasons = split_images([image for _, image in members],
                                   lambda image: record_of[id(image)].params.echo_time)
    out = []
    for n, group in enumerate(groups, start=1):
        record = record_of[id(group[0])]
        key = record.series_uid if n == 1 else f"{record.series_uid}#{n}"
        series = Series(
            key=key,
            series_uid=record.series_uid,
            study_uid=record.study_uid,
            modality=record.modality,
            number=record.series_number,
            description=record.series_description,
            frame_of_reference_uid=record.frame_of_reference_uid,
            params=record.params,
        )
        if len(groups) > 1:
            series.notes.append(
                _("shown as {count} series because its images differ in {what} (this is part "
                  "{n})", count=len(groups), what=reasons, n=n)
            )
        _finish_series(series, group)
        out.append(series)
    return out


def split_images(
    images: list[ImageRef], echo_of: Callable[[ImageRef], float | None] | None = None
) -> tuple[list[list[ImageRef]], str]:
    """Split images that are really separate pictures; return groups (largest first) and why.

    Separate are: different image sizes, image types (localizer, derived), echo times
    (``echo_of``), views looking along different body axes (sagittal and axial images in one
    series; never angled blocks of one view) and repeated acquisitions of the same places.
    """
    groups: dict[tuple, list[ImageRef]] = {}
    for image in images:
        echo = echo_of(image) if echo_of is not None else None
        # Pictures without a plane: each View Position (AP, LAT) is its own picture, and each
        # multi-frame file (a fluoroscopy run, an ultrasound loop) its own clip.
        view = image.view_position if image.orientation is None else ""
        clip = image.sop_instance_uid if image.frame is not None and image.position is None \
            else ""
        key = (image.rows, image.columns, _type_key(image.image_type),
               None if echo is None else round(echo, 2), view, clip)
        groups.setdefault(key, []).append(image)
    split: list[tuple[tuple, list[ImageRef]]] = []
    for key, members in groups.items():
        views = [(None, members)] if "LOCALIZER" in key[2] else _split_views(members)
        for view, part in views:
            split.extend(((*key, view, acq), p) for acq, p in _split_acquisitions(part))
    split.sort(key=lambda g: (-len(g[1]) if not g[0][5] else 0,
                              min(_instance(im) for im in g[1])))
    return [members for _, members in split], _split_reasons([key for key, _ in split])


def _split_views(members: list[ImageRef]) -> list[tuple[int | None, list[ImageRef]]]:
    """Images grouped by the body axis they look along (angled blocks stay together)."""
    views: list[tuple[np.ndarray, list[ImageRef]]] = []
    unplaced: list[ImageRef] = []
    for image in members:
        normal = _normal(image.orientation)
        if normal is None:
            unplaced.append(image)
            continue
        for reference, part in views:
            if abs(float(normal @ reference)) >= SAME_VIEW_MIN_COSINE:
                part.append(image)
                break
        else:
            views.append((normal, [image]))
    if not views:
        return [(None, members)]
    views[0][1].extend(unplaced)
    return [(i if len(views) > 1 else None, part) for i, (_, part) in enumerate(views)]


def _normal(orientation: tuple[float, ...] | None) -> np.ndarray | None:
    if orientation is None or len(orientation) != 6:
        return None
    normal = np.cross(orientation[:3], orientation[3:])
    length = float(np.linalg.norm(normal))
    return normal / length if length > 0 else None


def _type_key(image_type: tuple[str, ...]) -> tuple[str, ...]:
    # Only the values that mean a different kind of picture; vendors vary the rest per slice.
    return tuple(v for v in image_type[:3] if v) + (
        ("LOCALIZER",) if any("LOCALIZER" in v or "SCOUT" in v for v in image_type) else ()
    )


def _split_acquisitions(members: list[ImageRef]) -> list[tuple[int | None, list[ImageRef]]]:
    """Split repeated acquisitions of the same places (a repeat after movement, say).

    Acquisitions at different places stay together: some scanners number every slice, or
    every angled block, as its own acquisition, and those are parts of one picture series.
    """
    numbers = {im.acquisition_number for im in members}
    if len(numbers) < 2 or len(numbers) >= len(members):
        return [(None, members)]
    parts: dict[int | None, list[ImageRef]] = defaultdict(list)
    for image in members:
        parts[image.acquisition_number].append(image)
    if any(len(part) < 2 for part in parts.values()) or not _repeats(list(parts.values())):
        return [(None, members)]
    return sorted(parts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def _repeats(parts: list[list[ImageRef]]) -> bool:
    """True if some image of one part lies where an image of another part lies."""
    seen: list[tuple[int, tuple[float, ...], tuple[float, ...]]] = []
    for n, part in enumerate(parts):
        for image in part:
            if image.position is None or image.orientation is None:
                return True  # nothing tells the parts apart: keep the old, cautious split
            for other, position, orientation in seen:
                if (other != n and _same_orientation(orientation, image.orientation)
                        and max(abs(a - b) for a, b in zip(position, image.position,
                                                           strict=True)) < REPEAT_MM):
                    return True
        seen.extend((n, im.position, im.orientation) for im in part)  # type: ignore[misc]
    return False


def _split_reasons(keys: list[tuple]) -> str:
    names = (N_("image sizes"), N_("image sizes"), N_("image types"), N_("echo times"),
             N_("views"), N_("clips"), N_("views"), N_("repeated acquisitions"))
    reasons: list[str] = []
    for i, name in enumerate(names):
        values = {key[i] for key in keys}
        if len(values) > 1 and name not in reasons:
            reasons.append(name)
    return _and(reasons) if reasons else _("images")


def _and(words: list[str]) -> str:
    """``a and b and c``, each word said in the reader's language."""
    if len(words) == 1:
        return _(words[0])
    return _("{first} and {second}", first=_(words[0]), second=_and(words[1:]))


def _same_orientation(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    # ordering.same_orientation, kept local: called for pairs of images.
    return all(abs(x - y) <= 1e-3 for x, y in zip(a, b, strict=True))


def _instance(image: ImageRef) -> int:
    return image.instance_number if image.instance_number is not None else 1 << 30


def _finish_series(series: Series, images: list[ImageRef]) -> None:
    """Sort, attach geometry, name the plane, add warnings and label the sequence."""
    if without_position_is_normal(series.modality) and \
            any(im.position is None or im.orientation is None for im in images):
        _finish_picture_series(series, images)
        return
    ordered, sort_warnings = sort_images(images)
    series.images = ordered
    series.warnings.extend(sort_warnings)
    series.geometry = build_geometry(ordered)
    if series.geometry is not None and series.geometry.is_multi_plane:
        series.plane = plane_of_normal(series.geometry.normal)
    else:
        series.plane = plane_of(ordered[0].orientation)
    if series.geometry is None and len(ordered) == 1:
        series.warnings.append(
            _("Image Position/Orientation (Patient) missing: this image cannot be linked "
              "to the others by patient position")
        )
    if series.geometry is not None and not series.geometry.spacing_known:
        series.warnings.append(
            _("Pixel Spacing missing: sizes in mm are unknown (1 mm assumed)"))
    series.sequence, series.sequence_reason = _classify(series)


def _finish_picture_series(series: Series, images: list[ImageRef]) -> None:
    """X-ray, fluoroscopy, ultrasound and other pictures without a patient position: in
    instance and frame order, never linked, and no warning (nothing is missing)."""
    series.images = sorted(images, key=lambda im: (_instance(im), im.sop_instance_uid,
                                                   im.frame or 0))
    series.geometry = None
    series.plane = "unknown"
    series.notes.append(_("no position in the patient (normal for this kind of picture): "
                          "shown on its own, not linked to other panels"))
    series.sequence, series.sequence_reason = _classify(series)


def _classify(series: Series) -> tuple[str, str]:
    # Imported here so the index keeps working while sequence rules are being loaded/edited.
    from ilc_viewer.study.sequences import classify_series

    return classify_series(series)
