"""The annotated view burned into a Secondary Capture image, for viewers without GSPS.

The picture comes from :func:`annotated_view`, the one place that renders it, so it can be
swapped for the panel-scene painter. The image keeps the patient and study of the source
images (it goes back to the same PACS), says it is derived (Image Type DERIVED\\SECONDARY,
Burned In Annotation YES, a Derivation Description and the Source Image Sequence) and, like
every export, shows no patient name on the pixels unless asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import generate_uid

from ilc_viewer.annotations.gsps import (
    MANUFACTURER,
    SC_SERIES_NUMBER,
    UTF8,
    unique_instances,
)
from ilc_viewer.annotations.model import Annotation
from ilc_viewer.export.render import RenderOptions, render
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.viewer_state import ViewerState
from ilc_viewer.study.geometry import direction_label
from ilc_viewer.words.catalogue import _


def annotated_view(opened: OpenStudy, panes: Sequence[int], annotations: Sequence[Annotation],
                   lang: str | None = None) -> np.ndarray:
    """The panes as shown, annotations burned in: (height, width, 3) uint8 RGB."""
    options = RenderOptions(scale=1.0, lang=lang, annotations=tuple(annotations))
    return render(opened, list(panes), options).pixels


def secondary_capture(pixels: np.ndarray, sources: Sequence[Dataset], *,
                      description: str = "ILC Viewer annotated view",
                      orientation: tuple[str, str] = ("", ""),
                      now: datetime | None = None) -> Dataset:
    """A Secondary Capture of ``pixels`` (RGB) derived from the ``sources`` image headers."""
    import highdicom as hd

    if not sources:
        raise ValueError(_("a secondary capture needs the images it was made from"))
    first = sources[0]
    ds = hd.sc.SCImage.from_ref_dataset(
        ref_dataset=first, pixel_array=np.ascontiguousarray(pixels, dtype=np.uint8),
        photometric_interpretation="RGB", bits_allocated=8, coordinate_system="PATIENT",
        series_instance_uid=generate_uid(), series_number=SC_SERIES_NUMBER,
        sop_instance_uid=generate_uid(), instance_number=1, manufacturer=MANUFACTURER,
        patient_orientation=orientation, specific_character_set=UTF8,
    )
    ds.ImageType = ["DERIVED", "SECONDARY", "OTHER"]
    ds.BurnedInAnnotation = "YES"
    ds.DerivationDescription = "Annotated view rendered by ILC Viewer from the source images"
    ds.SeriesDescription = description[:64]
    ds.SourceImageSequence = [_reference(src) for src in unique_instances(sources)]
    if first.get("BodyPartExamined"):
        ds.BodyPartExamined = first.BodyPartExamined
    else:  # Type 2C: unknown without the body part
        ds.Laterality = ""
    now = now or datetime.now()
    ds.ContentDate, ds.ContentTime = now.strftime("%Y%m%d"), now.strftime("%H%M%S.%f")
    return ds


def view_orientation(state: ViewerState, pane: int) -> tuple[str, str]:
    """Patient Orientation letters (rows, columns) of a pane's images, e.g. ``("P", "F")``."""
    geometry = state.panes[pane].geometry
    if geometry is None or state.panes[pane].series is None or \
            state.panes[pane].series.geometry is None:  # type: ignore[union-attr]
        return ("", "")
    return (direction_label(geometry.row_direction), direction_label(geometry.col_direction))


def _reference(ds: Dataset) -> Dataset:
    item = Dataset()
    item.ReferencedSOPClassUID = ds.SOPClassUID
    item.ReferencedSOPInstanceUID = ds.SOPInstanceUID
    return item

