"""The window's annotations: one :class:`AnnotationSet` per open study, undo, autosave, demos.

Every gesture on the image ends here as a core :class:`~ilc_viewer.annotations.model.Change`
wrapped in a :class:`ChangeCommand` on a :class:`QUndoStack`, so Ctrl+Z / Ctrl+Shift+Z undo
and redo every change the same way. The set's listener saves after every applied change
(through :class:`AnnotationStore` in :func:`ilc_viewer.storage.user_data.annotations_dir`,
the folder the command-line export reads too) and then tells the views, which redraw from the model.

Demo stickers: a study opened with no saved annotation file whose folder holds a sample case's
``truth.json`` (same Study Instance UID) gets the stickers of
:func:`~ilc_viewer.annotations.demo.demo_annotations`. They are shown at once but saved only
with the first change the user makes, so opening a sample never writes anything, and the
headless export (which places the same demos when nothing is saved) shows the same picture.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ilc_viewer.annotations.demo import sample_stickers
from ilc_viewer.annotations.model import Annotation, AnnotationSet, Change, display_text
from ilc_viewer.annotations.store import AnnotationStore
from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.storage import user_data
from ilc_viewer.study.model import Study
from ilc_viewer.words.phrases import PhraseLibrary, load_phrase_library

#: A sample case's answer file, beside its series folders.
#: Undo text per action, shown in the Edit menu ("Undo move sticker").
VERBS = {"add": "add", "update": "change", "remove": "delete"}


class ChangeCommand(QUndoCommand):
    """One annotation change on the undo stack: ``redo`` applies it, ``undo`` its inverse."""

    def __init__(self, annotations: AnnotationSet, change: Change, text: str) -> None:
        super().__init__(text)
        self.annotations, self.change = annotations, change

    def redo(self) -> None:
        """Apply the change (also runs when the command is pushed)."""
        self.annotations.apply(self.change)

    def undo(self) -> None:
        """Apply the inverse change."""
        self.annotations.apply(self.change.inverse())


class AnnotationController(QObject):
    """Holds the open study's annotations and the phrase library; the views listen to it."""

    changed = Signal(object)  # the applied Change, or None when the whole set was replaced
    message = Signal(str)  # something the user must read (banner): save or load problems
    selectionChanged = Signal(str)  # the selected annotation id ("" for none)
    visibilityChanged = Signal(bool)  # show / hide all annotations

    def __init__(self, parent: QObject | None = None,
                 phrases_file: Path | None = None) -> None:
        super().__init__(parent)
        self.annotations = AnnotationSet()
        self.undo_stack = QUndoStack(self)
        self.library: PhraseLibrary
        self.library, self.library_warnings = load_phrase_library(
            phrases_file if phrases_file is not None else user_data.phrases_file())
        self.store: AnnotationStore | None = None
        self.study_uid: str | None = None
        self.visible = True
        self.selected = ""
        self._loading = False
        self.annotations.add_listener(self._on_change)

    # ----- opening a study ----------------------------------------------------------------
    def open_study(self, study: Study, source: Path | None = None) -> list[str]:
        """Load the study's saved annotations (or the sample's demos); returns user messages.

        The folder is asked from :mod:`ilc_viewer.storage.user_data` at every opening, so a changed
        ``ILC_VIEWER_DATA_DIR`` (tests, portable installs) is honoured.
        """
        self.store = AnnotationStore(user_data.annotations_dir())
        self.study_uid = study.study_uid
        self.undo_stack.clear()
        self.select("")
        messages: list[str] = []
        saved = self.store.path_for(study.study_uid).exists()
        result = self.store.load(study.study_uid)
        if result.message:
            messages.append(result.message)
        annotations = list(result.annotations)
        if not saved and source is not None:
            annotations = sample_stickers(source, study.study_uid, self.library)
        self._replace(annotations)
        for text in messages:
            self.message.emit(text)
        return messages

    def close_study(self) -> None:
        """Forget the study (nothing is saved: every change was saved when it was made)."""
        self.store, self.study_uid = None, None
        self.undo_stack.clear()
        self.select("")
        self._replace([])

    def _replace(self, annotations: list[Annotation]) -> None:
        self._loading = True
        try:
            self.annotations.replace_all(annotations)
        finally:
            self._loading = False
        self.changed.emit(None)

    # ----- changes (all undoable) ---------------------------------------------------------
    def push(self, change: Change, what: str = "") -> None:
        """Apply a change through the undo stack."""
        kind = (change.after or change.before).kind  # type: ignore[union-attr]
        text = what or f"{VERBS.get(change.action, change.action)} {kind}"
        self.undo_stack.push(ChangeCommand(self.annotations, change, text))

    def add(self, annotation: Annotation) -> None:
        """Add an annotation (undoable) and select it."""
        self.push(self.annotations.make_add(annotation))
        self.select(annotation.id)

    def update(self, annotation_id: str, what: str = "", **fields: Any) -> None:
        """Change fields of an annotation (undoable); nothing happens when nothing changes."""
        current = self.annotations.get(annotation_id)
        if current is None:
            return
        if all(getattr(current, name) == value for name, value in fields.items()):
            return
        self.push(self.annotations.make_update(annotation_id, **fields), what)

    def remove(self, annotation_id: str) -> None:
        """Delete an annotation (undoable)."""
        if annotation_id in self.annotations:
            self.push(self.annotations.make_remove(annotation_id))
            if self.selected == annotation_id:
                self.select("")

    def remove_selected(self) -> None:
        """Delete the selected annotation, if any."""
        if self.selected:
            self.remove(self.selected)

    # ----- selection and visibility -------------------------------------------------------
    def select(self, annotation_id: str) -> None:
        """Make one annotation the selected one ("" for none)."""
        if annotation_id and annotation_id not in self.annotations:
            annotation_id = ""
        if annotation_id != self.selected:
            self.selected = annotation_id
            self.selectionChanged.emit(annotation_id)

    def set_visible(self, visible: bool) -> None:
        """Show or hide every annotation (the model is untouched; exports follow the screen)."""
        if visible != self.visible:
            self.visible = visible
            self.visibilityChanged.emit(visible)

    def shown(self) -> list[Annotation]:
        """The annotations the screen shows now (and so the export carries)."""
        return self.annotations.snapshot() if self.visible else []

    def text_of(self, annotation: Annotation, lang: str) -> str:
        """The words drawn with an annotation in ``lang``."""
        return display_text(annotation, self.library, lang)

    def explanation_of(self, annotation: Annotation, lang: str) -> str:
        """The longer explanation of a sticker's phrase ("" for other kinds)."""
        phrase = self.library.get(annotation.phrase_id) if annotation.phrase_id else None
        return phrase.explanation.get(lang) if phrase is not None else ""

    # ----- autosave -----------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if self._loading:
            return
        self._save()
        self.changed.emit(change)

    def _save(self) -> None:
        if self.store is None or self.study_uid is None:
            return
        try:
            note = self.store.save(self.study_uid, self.annotations.snapshot())
        except AnnotationFileError as exc:
            self.message.emit(f"The annotations could not be saved: {exc}. They stay on "
                              "screen; the next change tries again.")
            return
        if note:
            self.message.emit(note)


#: Asks the user for a text: (title, label, current text) -> new text or None to cancel.
AskText = Callable[[str, str, str], "str | None"]
