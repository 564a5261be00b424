"""Annotations as DICOM Grayscale Softcopy Presentation States (GSPS), written with highdicom.

One GSPS per shown series: it references every image of the series, carries the pane's
window as the Softcopy VOI LUT, and each annotation as graphic and text objects on the image
where it lies (the slice :func:`~ilc_viewer.annotations.model.slice_for` shows it on).
Specific Character Set is ISO_IR 192 (UTF-8), so Japanese survives.

Layers (PS3.3 C.10.7): :data:`LAYER_SHAPES` (lines, ellipses, arrow heads), then English text
(:data:`LAYER_EN`) and Japanese text (:data:`LAYER_JA`), so a viewer can show one language.
A Japanese text that differs from the English one sits one line lower, so viewers that show
every layer at once do not print one over the other.

So that the viewer's own presentation states come back as editable annotations, with no
private tags, each annotation is one Graphic Group (C.10.5.1.4): the objects carry the
annotation id as Tracking ID (and a UID made from it as Tracking UID), and the group's
description holds, after :data:`OWN_MARK`, a small JSON object with what DICOM has no
attribute for (kind, phrase id, colour, text size, the label point, created/modified).
Positions come from the standard graphic data itself. Spine level labels (being added in
``annotations/levels.py``) need no change here: they are text or sticker annotations.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.uid import generate_uid

from ilc_viewer import __version__
from ilc_viewer.annotations.model import Annotation, display_text, slice_for
from ilc_viewer.display import Window
from ilc_viewer.study.model import ImageRef, Series
from ilc_viewer.words.catalogue import _
from ilc_viewer.words.phrases import PhraseLibrary

LAYER_SHAPES, LAYER_EN, LAYER_JA = "ILC SHAPES", "ILC TEXT EN", "ILC TEXT JA"
OWN_MARK = "ILC Viewer annotation "
CONTENT_LABEL = "ILC_ANNOTATIONS"
MANUFACTURER = "International Lumbago Clinic"
MODEL = "ILC Viewer"
GSPS_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.11.1"
UTF8, JIS = "ISO_IR 192", "ISO 2022 IR 87"
#: Kinds with their own GSPS objects; any other kind is a polyline and text, its points kept.
MAPPED_KINDS = ("sticker", "text", "arrow", "ellipse", "ruler", "angle")
LEVEL_KIND = "level"
#: Series numbers of the objects the viewer writes (high, to sort after the scanner's).
GSPS_SERIES_NUMBER, KOS_SERIES_NUMBER, SC_SERIES_NUMBER = 9901, 9902, 9903
#: ST values (Unformatted Text Value, Graphic Group Description) hold at most 1024 characters.
MAX_TEXT = 1024
#: Arrow heads: length as a share of the shaft, at 25 degrees each side.
_HEAD_SHARE, _HEAD_ANGLE = 0.25, math.radians(25)

#: Reads the header (no pixels) of one image; tests and the window may pass a cached one.
HeaderSource = Callable[[ImageRef], Dataset]


def read_header(image: ImageRef) -> Dataset:
    """The data set of an image file without its pixel data."""
    with image.source.open() as stream:
        return dcmread(stream, stop_before_pixels=True)


@dataclass(frozen=True)
class SeriesView:
    """A shown series and its window (``None``: the images' own window)."""

    series: Series
    window: Window | None = None


@dataclass
class GspsResult:
    """The presentation states of one save and what the caller should know."""

    datasets: list[Dataset]
    #: (series, image) of every image that carries at least one annotation.
    annotated: list[tuple[Series, ImageRef]] = field(default_factory=list)
    headers: dict[str, Dataset] = field(default_factory=dict)  # by SOP Instance UID
    notes: list[str] = field(default_factory=list)


def tracking_uid(annotation_id: str) -> str:
    """A UID for an annotation id: ``2.25.<128-bit number>`` (PS3.5 B.2), stable per id."""
    digest = hashlib.sha256(annotation_id.encode("utf-8")).digest()[:16]
    return f"2.25.{int.from_bytes(digest, 'big')}"


def own_description(annotation: Annotation, label: tuple[float, float] | None,
                    depth: Sequence[float] = (),
                    points: Sequence[tuple[float, float]] | None = None) -> str:
    """The Graphic Group Description of one of our annotations (see the module docstring).

    ``depth`` is each point's distance from the image plane in mm (a sticker's label point
    may lie a little off the slice), so the reader puts the points back where they were.
    ``points`` (GSPS pixel coordinates) are kept for kinds the graphic objects do not map
    one to one (e.g. spine levels, once they are a kind): they then round-trip unchanged.
    """
    data: dict[str, object] = {
        "v": 1, "kind": annotation.kind, "phrase": annotation.phrase_id,
        "custom": bool(annotation.text), "color": annotation.color,
        "size": annotation.font_size, "all": annotation.show_on_all_sequences,
        "on": annotation.created_on.series_key, "seq": annotation.created_on.sequence,
        "created": annotation.created, "modified": annotation.modified,
    }
    if label is not None:
        data["label"] = [round(label[0], 4), round(label[1], 4)]
    if any(abs(d) > 1e-6 for d in depth):
        data["depth"] = [round(d, 4) for d in depth]
    if points is not None:
        data["points"] = [[round(x, 4), round(y, 4)] for x, y in points]
    return OWN_MARK + json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def image_point(point: Sequence[float], series: Series, index: int) -> tuple[float, float]:
    """GSPS pixel coordinates (column, row; 0\\0 = top-left corner of the first pixel) of a
    patient point on slice ``index`` (projected onto that slice's plane)."""
    geometry = series.geometry
    assert geometry is not None
    offset = np.asarray(point, dtype=float) - geometry.positions[index]
    row_spacing, col_spacing = geometry.pixel_spacing
    col = float(offset @ geometry.row_direction) / col_spacing
    row = float(offset @ geometry.col_direction) / row_spacing
    return col + 0.5, row + 0.5


def _label_texts(annotation: Annotation, library: PhraseLibrary | None) -> tuple[str, str]:
    return display_text(annotation, library, "en"), display_text(annotation, library, "ja")


class _Builder:
    """Graphic annotations of one series, grouped per image."""

    def __init__(self, series: Series, library: PhraseLibrary | None) -> None:
        import highdicom as hd

        self.hd = hd
        self.series = series
        self.library = library
        self.layers = {
            name: hd.pr.GraphicLayer(name, order, description)
            for order, (name, description) in enumerate((
                (LAYER_SHAPES, "Lines, ellipses and arrows"),
                (LAYER_EN, "Labels in English"),
                (LAYER_JA, "Labels in Japanese"),
            ), start=1)
        }
        self.groups: list[object] = []
        #: image index -> layer -> (graphic objects, text objects)
        #: the images an annotation is drawn on (one, or several for level labels)
        #: -> layer -> (graphic objects, text objects)
        self.objects: dict[tuple[int, ...], dict[str, tuple[list, list]]] = {}
        self.clamped = 0

    def _clamp(self, xy: tuple[float, float]) -> tuple[float, float]:
        x = min(max(xy[0], 0.0), float(self.series.columns))
        y = min(max(xy[1], 0.0), float(self.series.rows))
        if (x, y) != xy:
            self.clamped += 1
        return x, y

    def _slot(self, images: tuple[int, ...], layer: str) -> tuple[list, list]:
        return self.objects.setdefault(images, {}).setdefault(layer, ([], []))

    def add(self, annotation: Annotation, images: tuple[int, ...]) -> None:
        """Write ``annotation`` on the images ``images`` (positions taken on the first)."""
        hd = self.hd
        index = images[0]
        pts = [image_point(p, self.series, index) for p in annotation.points]
        label = pts[1] if annotation.kind == "sticker" else pts[0] if \
            annotation.kind == "text" else None
        geometry = self.series.geometry
        assert geometry is not None
        depth = [float((np.asarray(p) - geometry.positions[index]) @ geometry.normal)
                 for p in annotation.points]
        other = annotation.kind not in MAPPED_KINDS
        description = own_description(annotation, label, depth, pts if other else None)
        group = hd.pr.GraphicGroup(len(self.groups) + 1, annotation.kind,
                                   description[:MAX_TEXT])
        self.groups.append(group)
        ids = {"tracking_id": annotation.id[:64], "tracking_uid": tracking_uid(annotation.id),
               "graphic_group": group}
        shapes = self._slot(images, LAYER_SHAPES)[0]
        px = [self._clamp(p) for p in pts]

        def graphic(kind: str, points: Sequence[tuple[float, float]]) -> None:
            shapes.append(hd.pr.GraphicObject(kind, np.array(points, dtype=float), "PIXEL",
                                              **ids))

        kind = annotation.kind
        if kind == "arrow":
            graphic("POLYLINE", [px[1], px[0]])
            graphic("POLYLINE", self._head(px[1], px[0]))
        elif kind == "ellipse":
            graphic("ELLIPSE", _ellipse_points(px[0], px[1]))
        elif kind in ("ruler", "angle") or (other and len(px) >= 2):
            graphic("POLYLINE", px)
        if kind == "ruler":
            text_at = _middle(px[0], px[1])
        elif kind in ("angle", "sticker", "arrow"):
            text_at = px[1]  # the vertex, the label point, the tail
        else:
            text_at = px[0]
        english, japanese = _label_texts(annotation, self.library)
        if not english and not japanese:
            return
        anchor = px[0] if kind == "sticker" else None
        line = self._line_height()
        for layer, text, down in ((LAYER_EN, english, 0.0),
                                  (LAYER_JA, japanese, line if japanese != english else 0.0)):
            box = self._box(text, (text_at[0], text_at[1] + down), line)
            self._slot(images, layer)[1].append(hd.pr.TextObject(
                text[:MAX_TEXT], "PIXEL", bounding_box=box, anchor_point=anchor,
                anchor_point_visible=anchor is not None, **ids))

    def _line_height(self) -> float:
        return max(self.series.rows / 28.0, 4.0)

    def _box(self, text: str, centre: tuple[float, float], line: float
             ) -> tuple[float, float, float, float]:
        """A text box around ``centre`` (as the viewer centres labels), inside the image."""
        longest = max((len(part) for part in text.splitlines()), default=1)
        lines = max(text.count("\n") + 1, 1)
        half_w = max(longest * line * 0.3, line / 2)
        half_h = lines * line / 2
        cols, rows = float(self.series.columns), float(self.series.rows)
        left = min(max(centre[0] - half_w, 0.0), max(cols - 2 * half_w, 0.0))
        top = min(max(centre[1] - half_h, 0.0), max(rows - 2 * half_h, 0.0))
        return (left, top, min(left + 2 * half_w, cols), min(top + 2 * half_h, rows))

    @staticmethod
    def _head(tail: tuple[float, float], tip: tuple[float, float]) -> list[tuple[float, float]]:
        dx, dy = tail[0] - tip[0], tail[1] - tip[1]
        length = math.hypot(dx, dy) * _HEAD_SHARE
        base = math.atan2(dy, dx)
        wings = []
        for side in (-1, 1):
            angle = base + side * _HEAD_ANGLE
            wings.append((max(tip[0] + length * math.cos(angle), 0.0),
                          max(tip[1] + length * math.sin(angle), 0.0)))
        return [wings[0], tip, wings[1]]


def _middle(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2


def _ellipse_points(centre: tuple[float, float], corner: tuple[float, float]
                    ) -> list[tuple[float, float]]:
    """ELLIPSE data: major axis ends, then minor axis ends; the first end of each axis is on
    the side of ``corner``, so the corner can be read back exactly."""
    (cx, cy), (qx, qy) = centre, corner
    across = [(qx, cy), (2 * cx - qx, cy)]
    down = [(cx, qy), (cx, 2 * cy - qy)]
    points = across + down if abs(qx - cx) >= abs(qy - cy) else down + across
    return [(max(x, 0.0), max(y, 0.0)) for x, y in points]


def presentation_states(
    views: Sequence[SeriesView], annotations: Sequence[Annotation],
    library: PhraseLibrary | None, *, creator: str = "", description: str = "",
    series_uid: str | None = None, headers: HeaderSource = read_header,
    now: datetime | None = None, character_set: str = UTF8,
) -> GspsResult:
    """One GSPS per shown series holding its window and the annotations that lie on it.

    Annotations that lie on none of ``views`` are named in ``notes`` (the caller adds the
    series they were made on to ``views`` to keep them). ``character_set`` is UTF-8 unless a
    receiver needs ``"ISO 2022 IR 87"`` (the older Japanese encoding; dcmtk's checker
    ``dcmpschk`` 3.6.7 knows only single-byte text and flags UTF-8 Japanese, see the tests).
    """
    import highdicom as hd

    now = now or datetime.now()
    series_uid = series_uid or generate_uid()
    result = GspsResult([])
    cache: dict[tuple[object, object], Dataset] = {}

    def read(image: ImageRef) -> Dataset:  # a multi-frame file is read once, not per frame
        key = (image.source.path, image.source.member)
        if key not in cache:
            cache[key] = complete_header(headers(image))
        return cache[key]

    placed: set[str] = set()
    for number, view in enumerate(views, start=1):
        series = view.series
        if series.geometry is None or not series.images:
            result.notes.append(_("series {series}: no image positions, so no presentation "
                                  "state could be written for it", series=series.title))
            continue
        builder = _Builder(series, library)
        for annotation in annotations:
            groups = _images_of(annotation, series)
            for group in groups:
                builder.add(annotation, group)
            if groups:
                placed.add(annotation.id)
        images = [read(image) for image in series.images]
        for ds in images:
            result.headers[str(ds.SOPInstanceUID)] = ds
        graphic_annotations = []
        for indices, layers in sorted(builder.objects.items()):
            if len(indices) == 1:  # level labels on every sagittal slice are no key image
                result.annotated.append((series, series.images[indices[0]]))
            for refs, frames in _references(series, images, indices):
                frame = {"referenced_frame_number": frames} if frames else {}
                for layer_name in (LAYER_SHAPES, LAYER_EN, LAYER_JA):
                    graphics, texts = layers.get(layer_name, ([], []))
                    if graphics or texts:
                        graphic_annotations.append(hd.pr.GraphicAnnotation(
                            refs, builder.layers[layer_name],
                            graphic_objects=graphics or None, text_objects=texts or None,
                            **frame))
        voi = None
        if view.window is not None:
            voi = [hd.pr.SoftcopyVOILUTTransformation(
                window_center=float(view.window.center), window_width=float(view.window.width),
                window_explanation="ILC Viewer window")]
        ds = hd.pr.GrayscaleSoftcopyPresentationState(
            referenced_images=unique_instances(images), series_instance_uid=series_uid,
            series_number=GSPS_SERIES_NUMBER, sop_instance_uid=generate_uid(),
            instance_number=number, manufacturer=MANUFACTURER, manufacturer_model_name=MODEL,
            software_versions=__version__, device_serial_number="1",
            content_label=CONTENT_LABEL,
            content_description=(description or f"ILC Viewer annotations on {series.sequence} "
                                 f"{series.plane}")[:64],
            graphic_annotations=graphic_annotations or None,
            graphic_layers=list(builder.layers.values()) if graphic_annotations else None,
            graphic_groups=builder.groups or None,
            content_creator_name=creator or None, voi_lut_transformations=voi,
            specific_character_set=_character_set(character_set),
        )
        _stamp(ds, now)
        _series_body_part(ds, images[0])
        result.datasets.append(ds)
        if builder.clamped:
            result.notes.append(_("series {series}: {count} point(s) outside the image were "
                                  "moved to its edge", series=series.title,
                                  count=builder.clamped))
    left = [a for a in annotations if a.id not in placed]
    if left:
        result.notes.append(_("{count} annotation(s) lie on none of the shown series and were "
                              "not written", count=len(left)))
    return result


#: Patient and study attributes highdicom copies from a referenced image (Type 2: they must
#: be present, possibly empty); some images leave them out.
_TYPE2_COPIED = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex",
                 "AccessionNumber", "StudyID", "StudyDate", "StudyTime",
                 "ReferringPhysicianName")


def complete_header(ds: Dataset) -> Dataset:
    """The header with the Type 2 patient/study attributes present (empty when missing)."""
    for keyword in _TYPE2_COPIED:
        if keyword not in ds:
            setattr(ds, keyword, "")
    return ds


def _images_of(annotation: Annotation, series: Series) -> list[tuple[int, ...]]:
    """The images an annotation is drawn on, grouped by where it falls on them.

    Most annotations lie on one slice (:func:`slice_for`). A level label is drawn on every
    image along the spine (``levels.marks_on_image``); images where it falls on the same
    pixel (parallel slices) share one graphic annotation.
    """
    if annotation.kind != LEVEL_KIND:
        index = slice_for(annotation, series)
        return [] if index is None else [(index,)]
    from ilc_viewer.annotations.levels import marks_on_image

    groups: dict[tuple[float, float], list[int]] = {}
    for index in range(len(series.images)):
        if marks_on_image(series, index, [annotation]):
            x, y = image_point(annotation.anchor, series, index)
            groups.setdefault((round(x, 3), round(y, 3)), []).append(index)
    return [tuple(indices) for indices in groups.values()]


def _references(series: Series, images: list[Dataset], indices: tuple[int, ...]
                ) -> list[tuple[list[Dataset], list[int]]]:
    """(referenced images, frame numbers) for graphic annotations on ``indices``: frames of
    one multi-frame file go together; single-frame images all in one list."""
    singles = [images[i] for i in indices if series.images[i].frame is None]
    out: list[tuple[list[Dataset], list[int]]] = [(singles, [])] if singles else []
    by_file: dict[str, list[int]] = {}
    for i in indices:
        frame = series.images[i].frame
        if frame is not None:
            by_file.setdefault(series.images[i].sop_instance_uid, []).append(i)
    for members in by_file.values():
        out.append(([images[members[0]]], [series.images[i].frame + 1 for i in members]))
    return out


def _character_set(name: str) -> str | list[str]:
    if name not in (UTF8, JIS):
        raise ValueError(_("character set must be {utf8!r} or {jis!r}, not {name!r}",
                           utf8=UTF8, jis=JIS, name=name))
    return name if name == UTF8 else ["ISO 2022 IR 6", JIS]


def _series_body_part(ds: Dataset, source: Dataset) -> None:
    """Body Part Examined from the images; without it, Laterality is unknown (Type 2C)."""
    if source.get("BodyPartExamined"):
        ds.BodyPartExamined = source.BodyPartExamined
    else:
        ds.Laterality = ""


def unique_instances(datasets: Sequence[Dataset]) -> list[Dataset]:
    """``datasets`` without repeats of an SOP instance, in their order."""
    seen, out = set(), []
    for ds in datasets:
        if ds.SOPInstanceUID not in seen:
            seen.add(ds.SOPInstanceUID)
            out.append(ds)
    return out


def _stamp(ds: Dataset, now: datetime) -> None:
    """One creation date/time (to the microsecond, so saves in one second still sort)."""
    ds.PresentationCreationDate = now.strftime("%Y%m%d")
    ds.PresentationCreationTime = now.strftime("%H%M%S.%f")
    ds.InstanceCreationDate = ds.PresentationCreationDate
    ds.InstanceCreationTime = ds.PresentationCreationTime
    ds.SeriesDescription = "ILC Viewer annotations"
    ds.SeriesDate, ds.SeriesTime = ds.PresentationCreationDate, ds.PresentationCreationTime
