"""Group image records into studies and series: split what cannot share one series, sort
each series along the body, attach its geometry and label its sequence.

:func:`build_studies` is called by :func:`ilc_viewer.dicom.index.scan` with every image record
read from a path. A series is split only where its images really are separate (image size,
image type, acquisition, orientation); every split is said in a series warning.
"""

from __future__ import annotations

from collections import defaultdict

from ilc_viewer.dicom.headers import FileRecord
from ilc_viewer.study.geometry import build_geometry, plane_of, sort_images
from ilc_viewer.study.model import ImageRef, Series, Study


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
    """One series, or several when its images cannot form one stack."""
    groups, reasons = split_images([image for _, image in members])
    record_of = {id(image): record for record, image in members}
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
            series.warnings.append(
                f"series split into {len(groups)} parts because it mixes {reasons} "
                f"(this is part {n})"
            )
        _finish_series(series, group)
        out.append(series)
    return out


def split_images(images: list[ImageRef]) -> tuple[list[list[ImageRef]], str]:
    """Split images that cannot share one stack; return groups (largest first) and why."""
    groups: list[tuple[tuple, list[ImageRef]]] = []
    orientations: list[tuple[float, ...]] = []
    for image in images:
        orientation_id = -1
        if image.orientation is not None:
            for i, known in enumerate(orientations):
                if _same_orientation(known, image.orientation):
                    orientation_id = i
                    break
            else:
                orientations.append(image.orientation)
                orientation_id = len(orientations) - 1
        key = (orientation_id, image.rows, image.columns, _type_key(image.image_type))
        for existing_key, members in groups:
            if existing_key == key:
                members.append(image)
                break
        else:
            groups.append((key, [image]))
    split: list[tuple[tuple, list[ImageRef]]] = []
    for key, members in groups:
        split.extend(((*key, acq), part) for acq, part in _split_acquisitions(members))
    split.sort(key=lambda g: (-len(g[1]), min(_instance(im) for im in g[1])))
    return [members for _, members in split], _split_reasons([key for key, _ in split])


def _same_orientation(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    # geometry.same_orientation in plain Python: called once per image, numpy is slower here.
    return all(abs(x - y) <= 1e-3 for x, y in zip(a, b, strict=True))


def _type_key(image_type: tuple[str, ...]) -> tuple[str, ...]:
    # Only the values that mean a different kind of picture; vendors vary the rest per slice.
    return tuple(v for v in image_type[:3] if v) + (
        ("LOCALIZER",) if any("LOCALIZER" in v or "SCOUT" in v for v in image_type) else ()
    )


def _split_acquisitions(members: list[ImageRef]) -> list[tuple[int | None, list[ImageRef]]]:
    """Split repeated acquisitions of the same stack.

    Some scanners number every slice as its own acquisition; splitting those would give
    one-slice series, so images are only split when acquisitions hold several images each.
    """
    numbers = {im.acquisition_number for im in members}
    if len(numbers) < 2 or len(numbers) >= len(members):
        return [(None, members)]
    parts: dict[int | None, list[ImageRef]] = defaultdict(list)
    for image in members:
        parts[image.acquisition_number].append(image)
    if any(len(part) < 2 for part in parts.values()):
        return [(None, members)]
    return sorted(parts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def _split_reasons(keys: list[tuple]) -> str:
    names = ("orientations", "image sizes", "image sizes", "image types", "acquisitions")
    reasons: list[str] = []
    for i, name in enumerate(names):
        values = {key[i] for key in keys}
        if len(values) > 1 and name not in reasons:
            reasons.append(name)
    return " and ".join(reasons) or "images"


def _instance(image: ImageRef) -> int:
    return image.instance_number if image.instance_number is not None else 1 << 30


def _finish_series(series: Series, images: list[ImageRef]) -> None:
    """Sort, attach geometry, name the plane, add warnings and label the sequence."""
    ordered, sort_warnings = sort_images(images)
    series.images = ordered
    series.warnings.extend(sort_warnings)
    series.plane = plane_of(ordered[0].orientation)
    series.geometry = build_geometry(ordered)
    if series.geometry is None and len(ordered) == 1:
        series.warnings.append(
            "Image Position/Orientation (Patient) missing: this image cannot be linked "
            "to the others by patient position"
        )
    if series.geometry is not None and not series.geometry.spacing_known:
        series.warnings.append("Pixel Spacing missing: sizes in mm are unknown (1 mm assumed)")
    series.sequence, series.sequence_reason = _classify(series)


def _classify(series: Series) -> tuple[str, str]:
    # Imported here so the index keeps working while sequence rules are being loaded/edited.
    from ilc_viewer.study.sequences import classify_series

    return classify_series(series)
