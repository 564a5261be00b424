"""Presentation states found with a study (in its folder, or its retrieve-cache folder).

They are small files next to the images. The study index lists them while it reads the
headers (:attr:`StudyIndex.presentation_states`), so opening a study reads only those files
(:func:`saves_in_index`); :func:`annotation_saves` looks through a folder instead (the command
line, tests). Unreadable files are passed over with a note, never fatal.
"""

from __future__ import annotations

from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from ilc_viewer.annotations.gsps import GSPS_SOP_CLASS
from ilc_viewer.annotations.gsps_read import SavedAnnotations, saves
from ilc_viewer.study.model import ImageSource, Study, StudyIndex
from ilc_viewer.words.catalogue import _, message_of

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
            found.append(_complete(dcmread(path)))
        except (OSError, InvalidDicomError, ValueError, EOFError, KeyError, TypeError):
            continue
    return found


def annotation_saves(folder: Path, study: Study) -> list[SavedAnnotations]:
    """The saves of annotations for ``study`` found under ``folder``, newest first."""
    return saves(presentation_state_files(folder), study)


def saves_in_index(index: StudyIndex, study: Study) -> tuple[list[SavedAnnotations], list[str]]:
    """The saves of annotations for ``study`` among the presentation states the index found,
    newest first, and one sentence per file that could not be read."""
    found, problems = [], []
    for source in index.presentation_states:
        try:
            found.append(_read(source))
        except (OSError, InvalidDicomError, ValueError, EOFError, KeyError, TypeError,
                AttributeError) as exc:
            problems.append(_("{file}: the saved annotations could not be read ({reason}); "
                              "left out", file=source.display_name, reason=message_of(exc)))
    return saves(found, study), problems


def _read(source: ImageSource) -> Dataset:
    with source.open() as stream:
        if source.member is None and source.path.stat().st_size > MAX_GSPS_BYTES:
            raise ValueError(_("larger than a presentation state can be"))
        return _complete(dcmread(stream))


def _complete(ds: Dataset) -> Dataset:
    """``ds`` when it holds the Presentation LUT every GSPS carries (group 2050, the last of
    its attributes); pydicom reads a file cut short without a word, so a file cut anywhere
    before its end lacks it and is refused here rather than shown with annotations missing."""
    if "PresentationLUTShape" not in ds and "PresentationLUTSequence" not in ds:
        raise ValueError(_("it ends early: the Presentation LUT (2050,0010/0020) every "
                           "presentation state has is missing, so the file was cut short"))
    return ds
