"""Presentation states (GSPS) read back as annotation layers.

The viewer's own (groups whose description starts with :data:`gsps.OWN_MARK`) come back as
the editable annotations they were: same ids, kinds, texts, phrases and colours, positions
from the graphic data on the referenced image (within float precision). GSPS made by other
programs are turned into the nearest drawable kinds: text objects into text (or stickers
when their anchor is shown), ellipses and circles into ellipses, two-point lines into
rulers, three-point lines into angles; what has no counterpart is named in ``notes``. Their
annotations are shown on the series they were drawn on only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydicom.dataset import Dataset

from ilc_viewer.annotations.gsps import GSPS_SOP_CLASS, LAYER_JA, OWN_MARK
from ilc_viewer.annotations.model import DEFAULT_COLOR, Annotation, CreatedOn
from ilc_viewer.display import Window
from ilc_viewer.study.model import Series, Study
from ilc_viewer.words.catalogue import _

_MEASURE = {"ruler": re.compile(r"^-?[\d.]+ mm(?: |$)"),
            "angle": re.compile(r"^(?:-?[\d.]+|-)°(?: |$)")}


@dataclass
class PresentationLayer:
    """One presentation state found in a study, as annotations the viewer can draw."""

    sop_instance_uid: str
    series_instance_uid: str
    label: str
    description: str
    creator: str
    #: ``YYYYMMDDHHMMSS.ffffff`` from Presentation Creation Date / Time (sorts in time).
    created: str
    own: bool
    annotations: list[Annotation] = field(default_factory=list)
    #: The window for each referenced image (by SOP Instance UID).
    windows: dict[str, Window] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Annotation id -> key of the series whose image it was read from.
    placed_on: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Target:
    series: Series
    index: int


def _targets(study: Study) -> dict[tuple[str, int | None], _Target]:
    out = {}
    for series in study.series:
        for index, image in enumerate(series.images):
            out[(image.sop_instance_uid, image.frame)] = _Target(series, index)
    return out


def is_presentation_state(ds: Dataset) -> bool:
    """True for a Grayscale Softcopy Presentation State."""
    return str(ds.get("SOPClassUID", "")) == GSPS_SOP_CLASS


def read_presentation_state(ds: Dataset, study: Study) -> PresentationLayer:
    """The annotations of one GSPS on the images of ``study`` (see the module docstring)."""
    layer = PresentationLayer(
        sop_instance_uid=str(ds.get("SOPInstanceUID", "")),
        series_instance_uid=str(ds.get("SeriesInstanceUID", "")),
        label=str(ds.get("ContentLabel", "") or ""),
        description=str(ds.get("ContentDescription", "") or ""),
        creator=str(ds.get("ContentCreatorName", "") or ""),
        created=f"{ds.get('PresentationCreationDate', '') or ''}"
                f"{ds.get('PresentationCreationTime', '') or ''}",
        own=False,
    )
    targets = _targets(study)
    groups = {int(g.GraphicGroupID): g for g in ds.get("GraphicGroupSequence", [])
              if "GraphicGroupID" in g}
    own = {gid: _own_data(g) for gid, g in groups.items()}
    layer.own = any(v is not None for v in own.values())
    _windows(ds, targets, layer)
    collected: dict[int, dict] = {}  # our groups: gathered objects
    for item in ds.get("GraphicAnnotationSequence", []):
        images = [_target(ref, targets) for ref in item.get("ReferencedImageSequence", [])]
        images = [t for t in images if t is not None]
        if not images:
            layer.notes.append(_("a graphic annotation refers to images not in this study; "
                                 "left out"))
            continue
        target = images[0]
        area = _displayed_area(ds, item, target)
        layer_name = str(item.get("GraphicLayer", ""))
        for kind, objects in (("graphic", item.get("GraphicObjectSequence", [])),
                              ("text", item.get("TextObjectSequence", []))):
            for obj in objects:
                gid = obj.get("GraphicGroupID")
                data = own.get(int(gid)) if gid is not None else None
                if data is not None:
                    slot = collected.setdefault(int(gid), {"data": data, "target": target,
                                                           "graphics": [], "texts": [],
                                                           "id": obj.get("TrackingID", "")})
                    if kind == "graphic":
                        slot["graphics"].append(_points(obj, "GraphicData", area))
                    elif layer_name != LAYER_JA:
                        slot["texts"].append(obj)
                else:
                    _foreign(layer, obj, kind, target, area)
    for gid, slot in collected.items():
        try:
            annotation = _own_annotation(slot, area_of(ds, slot["target"]))
            layer.annotations.append(annotation)
            layer.placed_on[annotation.id] = slot["target"].series.key
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            layer.notes.append(_("annotation group {number} could not be read back "
                                 "({reason}); left out", number=gid, reason=str(exc)))
    return layer


def _own_data(group: Dataset) -> dict | None:
    text = str(group.get("GraphicGroupDescription", "") or "")
    if not text.startswith(OWN_MARK):
        return None
    try:
        data = json.loads(text[len(OWN_MARK):])
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("v") == 1 else None


def _target(ref: Dataset, targets: dict) -> _Target | None:
    uid = str(ref.get("ReferencedSOPInstanceUID", ""))
    frames = ref.get("ReferencedFrameNumber")
    if frames is not None:
        first = frames[0] if isinstance(frames, Sequence) and not isinstance(frames, str) \
            else frames
        return targets.get((uid, int(first) - 1))
    return targets.get((uid, None))


def _windows(ds: Dataset, targets: dict, layer: PresentationLayer) -> None:
    referenced = [str(r.ReferencedSOPInstanceUID)
                  for s in ds.get("ReferencedSeriesSequence", [])
                  for r in s.get("ReferencedImageSequence", [])]
    for item in ds.get("SoftcopyVOILUTSequence", []):
        if "WindowCenter" not in item or "WindowWidth" not in item:
            continue
        center, width = item.WindowCenter, item.WindowWidth
        center = float(center[0] if isinstance(center, Sequence) else center)
        width = float(width[0] if isinstance(width, Sequence) else width)
        try:
            window = Window(center, max(width, 1.0))
        except ValueError:
            continue
        refs = [str(r.ReferencedSOPInstanceUID)
                for r in item.get("ReferencedImageSequence", [])] or referenced
        for uid in refs:
            layer.windows[uid] = window


@dataclass(frozen=True)
class _Area:
    """Maps DISPLAY units (0..1 of the displayed area) to GSPS pixel units."""

    left: float
    top: float
    width: float
    height: float


def area_of(ds: Dataset, target: _Target) -> _Area:
    """The displayed area of an image (the whole image when the GSPS does not say)."""
    return _displayed_area(ds, None, target)


def _displayed_area(ds: Dataset, item: Dataset | None, target: _Target) -> _Area:
    image = target.series.images[target.index]
    for area in ds.get("DisplayedAreaSelectionSequence", []):
        refs = [str(r.ReferencedSOPInstanceUID)
                for r in area.get("ReferencedImageSequence", [])]
        if refs and image.sop_instance_uid not in refs:
            continue
        try:
            (x0, y0), (x1, y1) = (area.DisplayedAreaTopLeftHandCorner,
                                  area.DisplayedAreaBottomRightHandCorner)
        except AttributeError:
            break
        return _Area(float(x0) - 1, float(y0) - 1, float(x1) - float(x0) + 1,
                     float(y1) - float(y0) + 1)
    return _Area(0.0, 0.0, float(image.columns), float(image.rows))


def _xy(values: Iterable[float], units: str, area: _Area) -> list[tuple[float, float]]:
    flat = [float(v) for v in values]
    pairs = list(zip(flat[0::2], flat[1::2], strict=False))
    if units == "DISPLAY":
        return [(area.left + x * area.width, area.top + y * area.height) for x, y in pairs]
    return pairs


def _points(obj: Dataset, attribute: str, area: _Area) -> list[tuple[float, float]]:
    units = str(obj.get("GraphicAnnotationUnits", "PIXEL"))
    return _xy(obj.get(attribute, []), units, area)


def _mm(target: _Target, xy: tuple[float, float]) -> tuple[float, float, float]:
    """Patient position of GSPS pixel coordinates (column, row) on the target image."""
    geometry = target.series.geometry
    assert geometry is not None
    point = geometry.pixel_to_patient(xy[1] - 0.5, xy[0] - 0.5, target.index)
    return (float(point[0]), float(point[1]), float(point[2]))


def _own_annotation(slot: dict, area: _Area) -> Annotation:
    data, target = slot["data"], slot["target"]
    kind = data["kind"]
    graphics, texts = slot["graphics"], slot["texts"]
    english = str(texts[0].get("UnformattedTextValue", "")) if texts else ""
    text_points = [_xy(t.AnchorPoint, str(t.get("AnchorPointAnnotationUnits", "PIXEL")), area)
                   [0] for t in texts if "AnchorPoint" in t]
    label = tuple(data["label"]) if "label" in data else None
    if "points" in data:  # a kind without its own GSPS objects (see gsps.MAPPED_KINDS)
        points = [tuple(float(v) for v in p) for p in data["points"]]
        text = english
    elif kind == "sticker":
        points = [text_points[0], label]
        text = english if data.get("custom") else ""
    elif kind == "text":
        points, text = [label], english
    elif kind == "arrow":
        tail, tip = graphics[0][0], graphics[0][1]
        points, text = [tip, tail], english
    elif kind == "ellipse":
        p = graphics[0]
        centre = ((p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2)
        corner = (p[0][0] + p[2][0] - centre[0], p[0][1] + p[2][1] - centre[1])
        points, text = [centre, corner], english
    else:  # ruler, angle: the text starts with the measure
        points = graphics[0]
        match = _MEASURE[kind].match(english)
        text = english[match.end():] if match else english
    created_on = CreatedOn(str(data.get("on", "")) or target.series.key, str(data.get("seq", "")),
                           target.series.frame_of_reference_uid)
    depth = [float(d) for d in data.get("depth", [])] or [0.0] * len(points)
    normal = target.series.geometry.normal  # type: ignore[union-attr]
    placed = tuple(tuple(float(v) for v in np.add(_mm(target, p), d * normal))
                   for p, d in zip(points, depth, strict=True))
    return Annotation(
        kind=kind, points=placed, created_on=created_on,  # type: ignore[arg-type]
        text=text, phrase_id=str(data.get("phrase", "")),
        color=str(data.get("color", DEFAULT_COLOR)), font_size=float(data.get("size", 14.0)),
        show_on_all_sequences=bool(data.get("all", True)), id=str(slot["id"]),
        created=str(data.get("created", "")), modified=str(data.get("modified", "")),
    )


def _foreign(layer: PresentationLayer, obj: Dataset, kind: str, target: _Target,
             area: _Area) -> None:
    """Turn another program's graphic or text object into the nearest annotation kind."""
    series = target.series
    if series.geometry is None:
        layer.notes.append(_("series {series} has no image positions; an object was left out",
                             series=series.title))
        return
    number = len(layer.annotations) + len(layer.notes) + 1
    fields = {"created_on": CreatedOn(series.key, series.sequence,
                                      series.frame_of_reference_uid),
              "show_on_all_sequences": False, "id": f"{layer.sop_instance_uid}#{number}"}
    if kind == "text":
        text = str(obj.get("UnformattedTextValue", "")).strip()
        if not text:
            return
        box = _xy(list(obj.get("BoundingBoxTopLeftHandCorner", [])) +
                  list(obj.get("BoundingBoxBottomRightHandCorner", [])),
                  str(obj.get("BoundingBoxAnnotationUnits", "PIXEL")), area)
        anchor = _xy(obj.get("AnchorPoint", []),
                     str(obj.get("AnchorPointAnnotationUnits", "PIXEL")), area)
        centre = ((box[0][0] + box[1][0]) / 2, (box[0][1] + box[1][1]) / 2) \
            if len(box) == 2 else None
        if anchor and centre and obj.get("AnchorPointVisibility", "N") == "Y":
            layer.annotations.append(Annotation("sticker", (_mm(target, anchor[0]),
                                                            _mm(target, centre)),
                                                text=text, **fields))
        elif centre or anchor:
            layer.annotations.append(Annotation("text", (_mm(target, centre or anchor[0]),),
                                                text=text, **fields))
        return
    graphic_type = str(obj.get("GraphicType", ""))
    points = _points(obj, "GraphicData", area)
    if str(obj.get("GraphicAnnotationUnits", "PIXEL")) == "MATRIX":
        layer.notes.append(_("a graphic in MATRIX units was left out"))
        return
    if graphic_type == "ELLIPSE" and len(points) == 4:
        centre = ((points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2)
        half = [math.dist(points[0], points[1]) / 2, math.dist(points[2], points[3]) / 2]
        corner = (centre[0] + half[0], centre[1] + half[1])
        if abs(points[0][1] - points[1][1]) > abs(points[0][0] - points[1][0]):
            corner = (centre[0] + half[1], centre[1] + half[0])
        shape = ("ellipse", [centre, corner])
    elif graphic_type == "CIRCLE" and len(points) == 2:
        r = math.dist(points[0], points[1])
        shape = ("ellipse", [points[0], (points[0][0] + r, points[0][1] + r)])
    elif graphic_type in ("POLYLINE", "INTERPOLATED") and len(points) in (2, 3):
        shape = ("ruler" if len(points) == 2 else "angle", points)
    else:
        layer.notes.append(
            _("a {kind} of {count} point(s) has no counterpart in the viewer and was left out",
              kind=graphic_type, count=len(points)) if graphic_type else
            _("a graphic of {count} point(s) has no counterpart in the viewer and was left out",
              count=len(points)))
        return
    layer.annotations.append(Annotation(shape[0], tuple(_mm(target, p) for p in shape[1]),
                                        **fields))


@dataclass
class SavedAnnotations:
    """One save: the presentation states written together (one GSPS series), newest first."""

    series_instance_uid: str
    created: str
    creator: str
    layers: list[PresentationLayer]

    @property
    def own(self) -> bool:
        """True when the viewer wrote it (its annotations are editable)."""
        return any(layer.own for layer in self.layers)

    def annotations(self) -> list[Annotation]:
        """Every annotation once (one annotation may lie on several shown series)."""
        out: dict[str, Annotation] = {}
        for layer in self.layers:
            for annotation in layer.annotations:
                # the copy read from the series it was made on is the one to keep: the
                # others were projected onto another plane
                home = layer.placed_on.get(annotation.id) == annotation.created_on.series_key
                if annotation.id not in out or home:
                    out[annotation.id] = annotation
        return list(out.values())


def saves(datasets: Iterable[Dataset], study: Study) -> list[SavedAnnotations]:
    """The presentation states among ``datasets`` that belong to ``study``, grouped by
    series (one save each), newest first. The newest is the one to show; list the rest."""
    by_series: dict[str, SavedAnnotations] = {}
    for ds in datasets:
        if not is_presentation_state(ds) or str(ds.get("StudyInstanceUID", "")) != \
                study.study_uid:
            continue
        layer = read_presentation_state(ds, study)
        save = by_series.setdefault(layer.series_instance_uid, SavedAnnotations(
            layer.series_instance_uid, layer.created, layer.creator, []))
        save.layers.append(layer)
        save.created = max(save.created, layer.created)
    return sorted(by_series.values(), key=lambda s: s.created, reverse=True)
