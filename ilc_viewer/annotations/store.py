"""Saving annotations per study, so they are never lost (format: ``docs/annotations-format.md``).

One JSON file per study in a data folder the caller chooses (the UI passes Qt's
AppDataLocation; the core never picks it, and never writes next to the DICOM files, which may
be on a CD). The file name is a hash of the Study Instance UID: no patient data in names.

Writes are atomic: a temp file in the same folder, flushed and fsynced, then ``os.replace``.
A crash at any point leaves either the old file or the new one, never half a file. A file that
cannot be read is renamed aside (``<name>.corrupt-<timestamp>.json``), never deleted, and the
caller gets one sentence for the user saying what happened and where the file went.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ilc_viewer import __version__
from ilc_viewer.annotations.model import Annotation, CreatedOn
from ilc_viewer.annotations.tour import Tour, tour_from_dict, tour_to_dict
from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.storage.atomic_file import FileWriteError, write_atomic
from ilc_viewer.storage.json_files import parse_json
from ilc_viewer.words.catalogue import Joined, _, message_of

#: Version of the file layout this program reads. Bump it when a reader of the old version
#: would misread a file. Version 2 added level labels (kind "level"); version 3 the Explain
#: tour and annotations anchored to an image (``image_uid``: points in the image's pixels,
#: not patient mm). A file is written in the lowest version that holds it, so older programs
#: keep reading it.
FORMAT_VERSION = 3
#: The first version that can hold a tour.
TOUR_VERSION = 3
#: The first version that can hold each kind (kinds not listed: version 1).
KIND_VERSIONS = {"level": 2}
#: The first version that holds image-anchored annotations.
IMAGE_ANCHOR_VERSION = 3
FILE_PREFIX = "study-"


class FutureFormatError(AnnotationFileError):
    """The file was written by a newer program; it must not be overwritten."""


@dataclass
class LoadResult:
    """What :meth:`AnnotationStore.load` found: the annotations and a message for the user."""

    annotations: list[Annotation] = field(default_factory=list)
    #: ``None`` when all went well; otherwise one plain paragraph for a message box.
    message: str | None = None
    #: Where a damaged or too-new file was moved to, if it was.
    set_aside: Path | None = None
    #: The Explain tour staff saved, if any.
    tour: Tour | None = None


def annotation_to_dict(a: Annotation) -> dict[str, Any]:
    """The JSON object of one annotation (``image_uid`` only when it is image-anchored)."""
    data = {
        "id": a.id,
        "kind": a.kind,
        "points": [list(p) for p in a.points],
        "text": a.text,
        "phrase_id": a.phrase_id,
        "color": a.color,
        "font_size": a.font_size,
        "show_on_all_sequences": a.show_on_all_sequences,
        "created_on": {
            "series_key": a.created_on.series_key,
            "sequence": a.created_on.sequence,
            "frame_of_reference_uid": a.created_on.frame_of_reference_uid,
        },
        "created": a.created,
        "modified": a.modified,
    }
    if a.image_uid:
        data["image_uid"] = a.image_uid
    return data


def annotation_from_dict(data: Any) -> Annotation:
    """One annotation from its JSON object; ``ValueError`` says which field is wrong."""
    if not isinstance(data, Mapping):
        raise ValueError(_("an annotation must be a JSON object"))
    try:
        created_on = data["created_on"]
        if not isinstance(created_on, Mapping):
            raise ValueError(_("created_on must be an object"))
        points = data["points"]
        if not isinstance(points, list) or not all(isinstance(p, list) for p in points):
            raise ValueError(_("points must be a list of [x, y, z] lists"))
        return Annotation(
            id=_text(data, "id"),
            kind=_text(data, "kind"),
            points=tuple(tuple(_number(v, "points") for v in p) for p in points),  # type: ignore[misc]
            text=_text(data, "text", ""),
            phrase_id=_text(data, "phrase_id", ""),
            color=_text(data, "color"),
            font_size=_number(data.get("font_size", 14.0), "font_size"),
            show_on_all_sequences=bool(data.get("show_on_all_sequences", True)),
            created_on=CreatedOn(
                series_key=_text(created_on, "series_key"),
                sequence=_text(created_on, "sequence", ""),
                frame_of_reference_uid=_text(created_on, "frame_of_reference_uid", ""),
            ),
            created=_text(data, "created", ""),
            modified=_text(data, "modified", ""),
            image_uid=_text(data, "image_uid", ""),
        )
    except KeyError as exc:
        raise ValueError(_("field {name} is missing", name=exc.args[0])) from None


def _text(data: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = data[key] if default is None else data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(_("{name} must be a text", name=key))
    return value


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("{name} must hold numbers", name=key))
    return float(value)


def format_version_for(annotations: Iterable[Annotation], tour: Tour | None = None) -> int:
    """The lowest format version that holds these annotations (1; 2 with level labels; 3
    with image-anchored ones) and tour (3)."""
    kinds = max((IMAGE_ANCHOR_VERSION if a.image_uid else KIND_VERSIONS.get(a.kind, 1)
                 for a in annotations), default=1)
    return max(kinds, TOUR_VERSION if tour is not None else 1)


def document(annotations: Iterable[Annotation], study_uid: str | None = None,
             tour: Tour | None = None) -> dict[str, Any]:
    """The whole JSON document for a list of annotations (and the study's tour)."""
    annotations = list(annotations)
    doc: dict[str, Any] = {"format_version": format_version_for(annotations, tour),
                           "app": f"ILC Viewer {__version__}"}
    if study_uid is not None:
        doc["study_uid"] = study_uid
    doc["annotations"] = [annotation_to_dict(a) for a in annotations]
    if tour is not None:
        doc["tour"] = tour_to_dict(tour)
    return doc


def parse_document(text: str, path: Path) -> tuple[list[Annotation], list[str]]:
    """Annotations of a document and the problems of entries that could not be read.

    Raises :class:`AnnotationFileError` (naming file and line) for broken JSON, a wrong layout
    or a format version newer than this program knows.
    """
    annotations, problems, _tour = read_document(text, path)
    return annotations, problems


def read_document(text: str, path: Path
                  ) -> tuple[list[Annotation], list[str], Tour | None]:
    """:func:`parse_document` and the document's tour (``None`` when it has none, or a
    broken one: then a problem says why)."""
    data = parse_json(text, path)
    if not isinstance(data, dict) or not isinstance(data.get("annotations"), list):
        raise AnnotationFileError(_('{path}: not an annotation file (no "annotations" list)',
                                    path=path))
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise AnnotationFileError(_("{path}: format_version is missing or not a whole number",
                                    path=path))
    if version > FORMAT_VERSION:
        raise FutureFormatError(
            _("{path}: written by a newer ILC Viewer (format version {version}; this program "
              "reads up to {known})", path=path, version=version, known=FORMAT_VERSION)
        )
    annotations: list[Annotation] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["annotations"], start=1):
        try:
            annotation = annotation_from_dict(entry)
        except ValueError as exc:
            problems.append(_("annotation {number}: {problem}", number=number,
                              problem=message_of(exc)))
            continue
        if annotation.id in seen:
            problems.append(_("annotation {number}: id {id} is used twice", number=number,
                              id=annotation.id))
            continue
        seen.add(annotation.id)
        annotations.append(annotation)
    tour = None
    if "tour" in data:
        try:
            tour = tour_from_dict(data["tour"])
        except ValueError as exc:
            problems.append(_("tour: {problem}", problem=message_of(exc)))
    return annotations, problems, tour


def _save_text(path: Path, text: str) -> None:
    """Write an annotation file atomically, making its folder first.

    Raises :class:`AnnotationFileError` naming the file when it cannot be written.
    """
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(path), text)
    except OSError as exc:  # the folder
        raise AnnotationFileError(_("{path}: could not save the annotations ({reason})",
                                    path=path, reason=exc)) from exc
    except FileWriteError as exc:
        raise AnnotationFileError(_("{path}: could not save the annotations ({reason})",
                                    path=path, reason=exc.reason)) from exc


def set_aside(path: Path, tag: str = "corrupt") -> Path:
    """Rename a file to ``<stem>.<tag>-<timestamp>.json`` beside it and return the new path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{tag}-{stamp}.json")
    counter = 2
    while target.exists():  # two failures within a second must not overwrite each other
        target = path.with_name(f"{path.stem}.{tag}-{stamp}-{counter}.json")
        counter += 1
    os.replace(path, target)
    return target


class AnnotationStore:
    """The annotation files of all studies in one data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path_for(self, study_uid: str) -> Path:
        """The file of a study: a hash of its UID, so names carry no patient data."""
        digest = hashlib.sha256(study_uid.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{FILE_PREFIX}{digest}.json"

    def save(self, study_uid: str, annotations: Iterable[Annotation],
             tour: Tour | None = None) -> str | None:
        """Save a study's annotations atomically (autosave after every change).

        Returns ``None``, or a message when a file in the way had to be set aside first (it
        was written meanwhile by a newer program, or damaged). Raises
        :class:`AnnotationFileError` when the folder cannot be written.
        """
        path = self.path_for(study_uid)
        message = self._clear_the_way(path)
        text = json.dumps(document(annotations, study_uid, tour), ensure_ascii=False, indent=1)
        _save_text(path, text + "\n")
        return message

    def load(self, study_uid: str) -> LoadResult:
        """The saved annotations of a study; never raises for a bad file (see the module doc)."""
        path = self.path_for(study_uid)
        if not path.exists():
            return LoadResult()
        try:
            text = path.read_text(encoding="utf-8")
            annotations, problems, tour = read_document(text, path)
        except FutureFormatError as exc:
            return self._aside(path, "newer-version", _("{reason}.", reason=message_of(exc)), [])
        except (OSError, UnicodeDecodeError, AnnotationFileError) as exc:
            return self._aside(path, "corrupt", _("The saved annotations could not be read: "
                                                  "{reason}.", reason=message_of(exc)))
        if problems:
            # Keep what could be read, but keep the original whole too: the next autosave
            # would otherwise drop the unreadable entries for good.
            what = _("{count} saved annotation(s) could not be read ({problems}).",
                     count=len(problems), problems=Joined(problems))
            result = self._aside(path, "corrupt", what, annotations)
            result.tour = tour
            return result
        return LoadResult(annotations, tour=tour)

    def _aside(
        self, path: Path, tag: str, what: str, annotations: list[Annotation] | None = None
    ) -> LoadResult:
        try:
            target = set_aside(path, tag)
        except OSError as exc:
            return LoadResult(
                annotations or [],
                _("{what} The file could not be moved aside ({reason}); it stays at {path}, and "
                  "annotations made now will not be saved over it.", what=what, reason=exc,
                  path=path),
            )
        kept = (
            _("The {count} readable annotation(s) are shown.", count=len(annotations))
            if annotations else _("You can go on with no annotations for this study.")
        )
        return LoadResult(
            annotations or [],
            _("{what} The file was kept, not deleted, as {target}. {kept}", what=what,
              target=target, kept=kept),
            target,
        )

    def _clear_the_way(self, path: Path) -> str | None:
        """Set aside a file that must not be overwritten (newer format, or unreadable)."""
        if not path.exists():
            return None
        try:
            parse_document(path.read_text(encoding="utf-8"), path)
        except FutureFormatError as exc:
            tag, what = "newer-version", _("{reason}.", reason=message_of(exc))
        except (OSError, UnicodeDecodeError, AnnotationFileError) as exc:
            tag, what = "corrupt", _("The old annotation file could not be read ({reason}).",
                                   reason=message_of(exc))
        else:
            return None
        try:
            target = set_aside(path, tag)
        except OSError as exc:
            # Refuse to overwrite what we cannot keep: losing it silently is the worse failure.
            raise AnnotationFileError(
                _("{what} It could not be moved aside ({reason}), so nothing was saved over it.",
                  what=what, reason=exc)
            ) from exc
        return _("{what} It was kept as {target}; the current annotations were saved anew.",
                 what=what, target=target)


def export_json(
    path: Path, annotations: Iterable[Annotation], study_uid: str | None = None,
    tour: Tour | None = None,
) -> None:
    """Write annotations (and a tour) to a file of the user's choice (same format, atomic)."""
    text = json.dumps(document(annotations, study_uid, tour), ensure_ascii=False, indent=1)
    _save_text(Path(path), text + "\n")


def import_json(path: Path) -> list[Annotation]:
    """Read an annotation file (``--annotations FILE.json``); strict.

    Raises :class:`AnnotationFileError` naming the file and the line or annotation number.
    """
    return import_document(path)[0]


def import_document(path: Path) -> tuple[list[Annotation], Tour | None]:
    """:func:`import_json` and the file's tour (``None`` when it has none)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationFileError(_("{path}: cannot read the annotation file ({reason})",
                                    path=path, reason=exc)) from exc
    annotations, problems, tour = read_document(text, path)
    if problems:
        raise AnnotationFileError(_("{path}: {problems}", path=path, problems=Joined(problems)))
    return annotations, tour
