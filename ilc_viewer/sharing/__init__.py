"""Annotations shared between workstations as standard DICOM objects.

- :func:`annotation_objects` builds the GSPS, KOS and Secondary Capture of the view
  (``build.py``); :meth:`SharedObjects.write` saves them as files, and
  :func:`ilc_viewer.dicom.network.store` sends them to the clinic server.
- :func:`annotation_saves` finds the presentation states stored with a study
  (``found.py``); the newest save is the one to show, the others can be listed.
"""

from ilc_viewer.sharing.build import SharedObjects, annotation_objects, shown_views
from ilc_viewer.sharing.found import annotation_saves, presentation_state_files, saves_in_index

__all__ = [
    "SharedObjects",
    "annotation_objects",
    "annotation_saves",
    "presentation_state_files",
    "saves_in_index",
    "shown_views",
]
