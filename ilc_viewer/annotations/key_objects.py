"""A Key Object Selection (KOS) document naming the images that carry annotations.

Written with highdicom next to the presentation states of a save, so viewers without GSPS
still find the annotated images ("For Patient", DCM 113007), and the presentation states
themselves are referenced too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydicom.dataset import Dataset
from pydicom.uid import generate_uid

from ilc_viewer.annotations.gsps import (
    KOS_SERIES_NUMBER,
    MANUFACTURER,
    UTF8,
    unique_instances,
)
from ilc_viewer.words.catalogue import _

TITLE_MEANING = "For Patient"


def key_object_selection(images: Sequence[Dataset], presentation_states: Sequence[Dataset],
                         *, description: str = "Images explained to the patient",
                         now: datetime | None = None) -> Dataset:
    """A KOS referencing ``images`` (headers are enough) and ``presentation_states``."""
    import highdicom as hd
    from pydicom.sr.codedict import codes

    if not images:
        raise ValueError(_("a key object selection needs at least one image"))
    referenced = unique_instances([*images, *presentation_states])
    content = hd.ko.KeyObjectSelection(document_title=codes.DCM.ForPatient,
                                       referenced_objects=referenced,
                                       description=description[:1024])
    ds = hd.ko.KeyObjectSelectionDocument(
        evidence=referenced, content=content, series_instance_uid=generate_uid(),
        series_number=KOS_SERIES_NUMBER, sop_instance_uid=generate_uid(), instance_number=1,
        manufacturer=MANUFACTURER, specific_character_set=UTF8,
    )
    now = now or datetime.now()
    ds.ContentDate, ds.ContentTime = now.strftime("%Y%m%d"), now.strftime("%H%M%S.%f")
    ds.SeriesDescription = "ILC Viewer key images"
    return ds

