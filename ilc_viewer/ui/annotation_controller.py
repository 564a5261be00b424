"""The window's annotations: the core's study annotations with undo, selection and Qt signals.

What a study's annotations are, where they are saved and when (after every applied change)
is decided by the core (:class:`~ilc_viewer.annotations.session.StudyAnnotations`), for the
window and the command line alike. This adds what only a window has: every gesture ends as a
core :class:`~ilc_viewer.annotations.model.Change` wrapped in a :class:`ChangeCommand` on a
:class:`QUndoStack` (Ctrl+Z / Ctrl+Shift+Z), the selected annotation, and signals the views
and panels redraw on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ilc_viewer.annotations.model import Annotation, AnnotationSet, Change
from ilc_viewer.annotations.session import StudyAnnotations
from ilc_viewer.storage import user_data
from ilc_viewer.ui.i18n import translate
from ilc_viewer.words.phrases import PhraseLibrary, load_phrase_library

#: Undo text per action, shown in the Edit menu ("Undo add sticker").
VERBS = {"add": QT_TRANSLATE_NOOP("AnnotationController", "add {kind}"),
         "update": QT_TRANSLATE_NOOP("AnnotationController", "change {kind}"),
         "remove": QT_TRANSLATE_NOOP("AnnotationController", "delete {kind}")}
#: Other undo texts, given to :meth:`AnnotationController.push` as ``what``.
EDIT_TEXT = QT_TRANSLATE_NOOP("AnnotationController", "edit {kind} text")
MOVE_LABEL = QT_TRANSLATE_NOOP("AnnotationController", "move label ({kind})")
RESHAPE = QT_TRANSLATE_NOOP("AnnotationController", "reshape ({kind})")
MOVE = QT_TRANSLATE_NOOP("AnnotationController", "move ({kind})")
#: The kinds of annotation as people call them.
KIND_NAMES = {"sticker": QT_TRANSLATE_NOOP("AnnotationController", "sticker"),
              "text": QT_TRANSLATE_NOOP("AnnotationController", "text"),
              "arrow": QT_TRANSLATE_NOOP("AnnotationController", "arrow"),
              "ellipse": QT_TRANSLATE_NOOP("AnnotationController", "circle"),
              "ruler": QT_TRANSLATE_NOOP("AnnotationController", "ruler"),
              "angle": QT_TRANSLATE_NOOP("AnnotationController", "angle"),
              "level": QT_TRANSLATE_NOOP("AnnotationController", "level label")}


def kind_name(kind: str) -> str:
    """An annotation kind in the window's language ("sticker", "circle", ...)."""
    return translate("AnnotationController", KIND_NAMES.get(kind, kind))


class ChangeCommand(QUndoCommand):
    """One annotation change on the undo stack: ``redo`` applies it, ``undo`` its inverse."""

    def __init__(self, annotations: AnnotationSet, change: Change, what: str, kind: str) -> None:
        super().__init__()
        self.annotations, self.change = annotations, change
        self.what, self.kind = what, kind
        self.retranslate()

    def retranslate(self) -> None:
        """The undo text in the window's language."""
        self.setText(translate("AnnotationController", self.what).format(kind=kind_name(self.kind)))

    def redo(self) -> None:
        """Apply the change (also runs when the command is pushed)."""
        self.annotations.apply(self.change)

    def undo(self) -> None:
        """Apply the inverse change."""
        self.annotations.apply(self.change.inverse())


class AnnotationController(QObject):
    """The open study's annotations for the window; the views listen to it."""

    changed = Signal(object)  # the applied Change, or None when the whole set was replaced
    message = Signal(object)  # a core message the user must read (banner): save, load
    selectionChanged = Signal(str)  # the selected annotation id ("" for none)
    visibilityChanged = Signal(bool)  # show / hide all annotations

    def __init__(self, parent: QObject | None = None,
                 phrases_file: Path | None = None) -> None:
        super().__init__(parent)
        library, self.library_warnings = load_phrase_library(
            phrases_file if phrases_file is not None else user_data.phrases_file())
        #: The core's annotations of the open study (shared with the open study).
        self.session = StudyAnnotations(library)
        self.annotations = self.session.annotations
        self.undo_stack = QUndoStack(self)
        self.selected = ""
        self.annotations.add_listener(self._on_change)
        self.session.message.connect(self.message.emit)

    @property
    def library(self) -> PhraseLibrary:
        """The phrase library stickers take their words from."""
        return self.session.library

    @property
    def visible(self) -> bool:
        """Whether annotations are shown."""
        return self.session.visible

    def study_opened(self) -> None:
        """A study's annotations were loaded into :attr:`session`: start afresh."""
        self.undo_stack.clear()
        self.select("")
        self.changed.emit(None)

    # ----- changes (all undoable) ---------------------------------------------------------
    def push(self, change: Change, what: str = "") -> None:
        """Apply a change through the undo stack."""
        kind = (change.after or change.before).kind  # type: ignore[union-attr]
        what = what or VERBS.get(change.action, "{kind}")
        self.undo_stack.push(ChangeCommand(self.annotations, change, what, kind))

    def retranslate(self) -> None:
        """Every undo text in the window's language (after a language switch)."""
        for k in range(self.undo_stack.count()):
            command = self.undo_stack.command(k)
            if isinstance(command, ChangeCommand):
                command.retranslate()

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

    def replace_all(self, annotations: Sequence[Annotation], what: str) -> None:
        """Turn the set into ``annotations`` as one undoable step named ``what`` (already in
        the window's language)."""
        changes = self.annotations.make_replace(annotations)
        if not changes:
            return
        self.undo_stack.beginMacro(what)
        for change in changes:
            self.push(change)
        self.undo_stack.endMacro()
        if self.selected not in self.annotations:
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
        if visible != self.session.visible:
            self.session.visible = visible
            self.visibilityChanged.emit(visible)

    def shown(self) -> list[Annotation]:
        """The annotations the screen shows now (and so the export carries)."""
        return self.session.shown()

    def text_of(self, annotation: Annotation, lang: str) -> str:
        """The words drawn with an annotation in ``lang``."""
        return self.session.text_of(annotation, lang)

    def explanation_of(self, annotation: Annotation, lang: str) -> str:
        """The longer explanation of a sticker's phrase ("" for other kinds)."""
        return self.session.explanation_of(annotation, lang)

    def _on_change(self, change: Change) -> None:
        if not self.session.loading:
            self.changed.emit(change)


#: Asks the user for a text: (title, label, current text) -> new text or None to cancel.
AskText = Callable[[str, str, str], "str | None"]
