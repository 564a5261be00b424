"""Build the DICOM objects of one "Save to server" / "Save as DICOM": GSPS, KOS, SC.

One GSPS per shown series (plus the series an annotation was made on when it lies on none
of the shown ones), one Key Object Selection of the annotated images and the presentation
states, and one Secondary Capture of the view with the annotations burned in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset

from ilc_viewer.annotations.gsps import (
    HeaderSource,
    SeriesView,
    complete_header,
    presentation_states,
    read_header,
)
from ilc_viewer.annotations.key_objects import key_object_selection
from ilc_viewer.annotations.model import Annotation
from ilc_viewer.errors import ViewerError
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.viewer_state import ViewerState
from ilc_viewer.storage import atomic_file
from ilc_viewer.study.model import Series, Study
from ilc_viewer.words.catalogue import _, message_of


@dataclass
class SharedObjects:
    """The objects of one save, and plain notes for the user."""

    presentation_states: list[Dataset]
    key_objects: Dataset | None = None
    capture: Dataset | None = None
    notes: list[str] = field(default_factory=list)

    def all(self) -> list[Dataset]:
        """Every object, presentation states first."""
        extra = [ds for ds in (self.key_objects, self.capture) if ds is not None]
        return [*self.presentation_states, *extra]

    def write(self, folder: Path) -> list[Path]:
        """Save every object into ``folder`` (GSPS_1.dcm, ..., KOS.dcm, SC.dcm)."""
        folder.mkdir(parents=True, exist_ok=True)
        named = [(f"GSPS_{i}.dcm", ds) for i, ds in enumerate(self.presentation_states, 1)]
        named += [(n, ds) for n, ds in (("KOS.dcm", self.key_objects),
                                        ("SC.dcm", self.capture)) if ds is not None]
        paths = []
        for name, ds in named:
            paths.append(write_dataset(ds, folder / name))
        return paths


def write_dataset(ds: Dataset, path: Path) -> Path:
    """Write one object as a DICOM file, atomically."""
    from io import BytesIO

    buffer = BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    atomic_file.write_atomic(path, buffer.getvalue())
    return path


def shown_views(state: ViewerState, study: Study, annotations: Sequence[Annotation],
                panes: Sequence[int] | None = None) -> list[SeriesView]:
    """The shown series with their windows, then the series annotations were made on that
    are not shown (so no annotation is left out)."""
    views, keys = [], set()
    for pane in panes if panes is not None else state.visible_panes:
        s = state.panes[pane]
        if s.series is not None and s.series.key not in keys:
            views.append(SeriesView(s.series, s.window))
            keys.add(s.series.key)
    for annotation in annotations:
        key = annotation.created_on.series_key
        if key in keys:
            continue
        try:
            series: Series = study.series_by_key(key)
        except KeyError:
            continue
        views.append(SeriesView(series))
        keys.add(key)
    return views


def annotation_objects(opened: OpenStudy, *, annotations: Sequence[Annotation] | None = None,
                       panes: Sequence[int] | None = None, lang: str | None = None,
                       capture: bool = True, creator: str = "",
                       headers: HeaderSource = read_header,
                       now: datetime | None = None,
                       picture: np.ndarray | None = None) -> SharedObjects:
    """GSPS, KOS and SC of the view of ``opened`` (``capture=False`` leaves the SC out).

    ``annotations`` defaults to all of the study's annotations (shown or hidden); each
    shown pane's window goes into its GSPS. ``picture`` is the burned-in view when it was
    rendered already (the window renders it on its own thread, then builds the rest off it).
    """
    now = now or datetime.now()
    state, study, library = opened.state, opened.study, opened.library
    if annotations is None:
        annotations = opened.annotations.annotations.snapshot()
    shown = [p for p in (panes if panes is not None else state.visible_panes)
             if state.panes[p].series is not None]
    for pane in shown:
        opened.ensure_window(pane)
    views = shown_views(state, study, annotations, shown)
    if not views:
        raise ViewerError(_("nothing is shown, so there is nothing to save"))
    result = presentation_states(views, annotations, library, creator=creator, headers=headers,
                                 now=now)
    shared = SharedObjects(result.datasets, notes=list(result.notes))
    annotated = [result.headers[image.sop_instance_uid] for _, image in result.annotated
                 if image.sop_instance_uid in result.headers]
    if annotated:
        shared.key_objects = key_object_selection(annotated, result.datasets, now=now)
    if capture and shown:
        shared.capture = _capture(opened, shown, annotations, lang, headers, now, shared.notes,
                                  picture)
    return shared


def _capture(opened: OpenStudy, panes: list[int], annotations: Sequence[Annotation],
             lang: str | None, headers: HeaderSource, now: datetime, notes: list[str],
             picture: np.ndarray | None = None) -> Dataset | None:
    """The Secondary Capture of the view, or ``None`` with a note when it cannot be made."""
    from ilc_viewer.export import secondary_capture as sc

    try:
        pixels = picture if picture is not None else \
            sc.annotated_view(opened, panes, annotations, lang)
    except (ViewerError, RuntimeError, ValueError, OSError) as exc:
        # the picture is the extra for viewers without GSPS: never lose the rest for it
        notes.append(_("the burned-in picture could not be made ({reason}); saved without it",
                       reason=message_of(exc)))
        return None
    state = opened.state
    sources = [complete_header(headers(state.panes[p].image)) for p in panes  # type: ignore[arg-type]
               if state.panes[p].image is not None]
    return sc.secondary_capture(pixels, sources, orientation=sc.view_orientation(state, panes[0]),
                                now=now)
