"""The annotations of the open study: loaded once, saved after every change, demos for samples.

:class:`StudyAnnotations` decides, for the window and the command line alike, what a study's
annotations are when it is opened:

- the study's saved file (per Study Instance UID, in the user's data folder), or
- for a bundled sample case never annotated by the user, the sample's demo stickers
  (:func:`ilc_viewer.annotations.demo.sample_stickers`), shown at once but saved only with the
  user's first change, so opening a sample never writes anything.

Opened for writing (the window), every applied change is saved at once with an atomic write;
opened read-only (the export), the saved file is only read: a damaged file is reported, never
set aside. Messages for the user (a file set aside, a save that failed) go to :attr:`message`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ilc_viewer.annotations.demo import sample_stickers
from ilc_viewer.annotations.model import Annotation, AnnotationSet, Change, display_text
from ilc_viewer.annotations.store import AnnotationStore, import_document, read_document
from ilc_viewer.annotations.tour import Tour, default_tour
from ilc_viewer.errors import AnnotationFileError, ViewerError
from ilc_viewer.events import Event
from ilc_viewer.storage import user_data
from ilc_viewer.study.model import Study
from ilc_viewer.words.catalogue import _, message_of
from ilc_viewer.words.phrases import PhraseLibrary

if TYPE_CHECKING:
    from ilc_viewer.sharing.adopt import SavesReview


class StudyAnnotations:
    """One study's annotation set, its phrase library, autosave and visibility."""

    def __init__(self, library: PhraseLibrary) -> None:
        self.annotations = AnnotationSet()
        self.library = library
        self.store: AnnotationStore | None = None
        self.study_uid: str | None = None
        #: This computer's file of the study's annotations (None: read from a given file).
        self.saved_path: Path | None = None
        #: True while the shown annotations are a sample's demos that were never saved.
        self.demo = False
        #: Show every annotation (the model is untouched when hidden; exports follow).
        self.visible = True
        #: Annotations of another program saved with the study: drawn, never edited or saved.
        self.layer: list[Annotation] = []
        #: ``message.emit(text)``: something the user must read (banner, stderr).
        self.message = Event()
        #: Every message so far (the command line prints them).
        self.messages: list[str] = []
        #: True while a study's annotations are being loaded (no saves, no undo entries).
        self.loading = False
        #: The Explain tour staff saved for this study (``None``: none yet, see :meth:`tour`).
        self.saved_tour: Tour | None = None
        #: ``tour_changed.emit(tour)`` after the tour was set (and saved).
        self.tour_changed = Event()
        self.annotations.add_listener(self._on_change)
        self.message.connect(self.messages.append)

    # ----- opening -------------------------------------------------------------------------
    def open(self, study: Study, source: Path | None, *, writable: bool = True,
             folder: Path | None = None, from_file: Path | None = None) -> None:
        """Load the annotations of ``study`` (opened from ``source``).

        ``writable`` saves every later change in ``folder`` (default: the user's data folder);
        ``from_file`` replaces the study's own annotations with those of a JSON file
        (the command line's ``--annotations``), read-only.
        """
        folder = folder if folder is not None else user_data.annotations_dir()
        store = AnnotationStore(folder)
        self.study_uid = study.study_uid
        self.layer = []
        self.saved_path = None if from_file is not None else store.path_for(study.study_uid)
        self.store = store if writable and from_file is None else None
        self.saved_tour = None
        if from_file is not None:
            annotations, self.saved_tour = import_document(Path(from_file))
            self._replace(annotations)
            self.demo = False
            return
        path = store.path_for(study.study_uid)
        saved = path.exists()
        if not saved:
            demos = sample_stickers(source, study.study_uid, self.library) if source else []
            self._replace(demos)
            self.demo = bool(demos)
            return
        self.demo = False
        if writable:
            result = store.load(study.study_uid)
            self.saved_tour = result.tour
            self._replace(list(result.annotations))
            if result.message:
                self.message.emit(result.message)
            return
        self._replace(self._read_only(path))

    def _read_only(self, path: Path) -> list[Annotation]:
        try:
            annotations, problems, self.saved_tour = read_document(
                path.read_text(encoding="utf-8"), path)
        except (OSError, UnicodeDecodeError, ViewerError) as exc:
            self.message.emit(_("the saved annotations could not be read ({reason}); shown "
                                "without them", reason=message_of(exc)))
            return []
        for problem in problems:
            self.message.emit(_("{path}: {problem}; left out", path=path, problem=problem))
        return annotations

    def take(self, review: SavesReview) -> None:
        """Show what the review of the saves found with the study decided, at once and without
        undo (the command line; the window wraps the replacement in an undo command)."""
        self.layer = review.layer.annotations() if review.layer is not None else []
        for message in review.messages:
            self.message.emit(message)
        if review.adopt is not None:
            self._replace(review.adopt.annotations())
            self.demo = False
            self.save()

    def _replace(self, annotations: Sequence[Annotation]) -> None:
        self.loading = True
        try:
            self.annotations.replace_all(annotations)
        finally:
            self.loading = False

    # ----- reading -------------------------------------------------------------------------
    def shown(self) -> list[Annotation]:
        """The annotations drawn now (none while hidden), in drawing order: another program's
        layer first, this viewer's over it."""
        return [*self.layer, *self.annotations.snapshot()] if self.visible else []

    def last_saved(self) -> datetime | None:
        """When this computer last saved the study's annotations (local time); None when it
        has none of its own (never saved, or a sample's demos shown unsaved)."""
        if self.saved_path is None or self.demo:
            return None
        try:
            return datetime.fromtimestamp(self.saved_path.stat().st_mtime)
        except OSError:
            return None

    def text_of(self, annotation: Annotation, lang: str) -> str:
        """The words drawn with an annotation in ``lang``."""
        return display_text(annotation, self.library, lang)

    def explanation_of(self, annotation: Annotation, lang: str) -> str:
        """The longer explanation of a sticker's phrase ("" for other kinds)."""
        phrase = self.library.get(annotation.phrase_id) if annotation.phrase_id else None
        return phrase.explanation.get(lang) if phrase is not None else ""

    # ----- the Explain tour -----------------------------------------------------------------
    def tour(self, lang: str = "en") -> Tour:
        """The study's tour: the one staff saved, else the default (stickers head to foot)."""
        if self.saved_tour is not None:
            return self.saved_tour
        return default_tour(self.annotations.snapshot(), lang)

    def set_tour(self, tour: Tour) -> bool:
        """Keep ``tour`` as the study's tour and save it with the annotations at once."""
        self.saved_tour = Tour(tour.findings, tour.cards, tour.lang, tour.how_common,
                               saved=True)
        self.demo = False
        saved = self.save()
        self.tour_changed.emit(self.saved_tour)
        return saved

    # ----- autosave --------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if self.loading:
            return
        self.demo = False  # the demos become the user's own with their first change
        self.save()

    def save(self) -> bool:
        """Save the whole set now (done after every change); False when it failed."""
        if self.store is None or self.study_uid is None:
            return False
        try:
            note = self.store.save(self.study_uid, self.annotations.snapshot(),
                                   self.saved_tour)
        except AnnotationFileError as exc:
            self.message.emit(_("The annotations could not be saved: {reason}. They stay on "
                                "screen; the next change tries again.", reason=message_of(exc)))
            return False
        if note:
            self.message.emit(note)
        return True
