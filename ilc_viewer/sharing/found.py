"""Presentation states found with a study (in its folder, or its retrieve-cache folder).

They are small files next to the images; the study index skips them (no pixels), so they
are looked for here: every file whose SOP Class is GSPS and whose Study Instance UID is the
study's. Unreadable files are passed over, never fatal.
"""

from __future__ import annotations

from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from ilc_viewer.annotations.gsps import GSPS_SOP_CLASS
from ilc_viewer.annotations.gsps_read import SavedAnnotations, saves
from ilc_viewer.study.model import Study

#: Presentation states are small; bigger files are images and are not opened.
MAX_GSPS_BYTES = 16 << 20


def presentation_state_files(folder: Path) -> list[Dataset]:
    """Every GSPS under ``folder`` (a file counts too)."""
    folder = Path(folder)
    paths = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*")
                                                     if p.is_file())
    found = []
    for path in paths:
        try:
            if path.stat().st_size > MAX_GSPS_BYTES:
                continue
            head = dcmread(path, stop_before_pixels=True, specific_tags=["SOPClassUID"])
            if str(head.get("SOPClassUID", "")) != GSPS_SOP_CLASS:
                continue
            found.append(dcmread(path))
        except (OSError, InvalidDicomError, ValueError, EOFError, KeyError, TypeError):
            continue
    return found


def annotation_saves(folder: Path, study: Study) -> list[SavedAnnotations]:
    """The saves of annotations for ``study`` found under ``folder``, newest first."""
    return saves(presentation_state_files(folder), study)
