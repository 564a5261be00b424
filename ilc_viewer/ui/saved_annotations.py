"""Annotations saved with the study (presentation states) in the window.

When a study opens, the presentation states its index found are read off the GUI thread;
the core decides what they change (:func:`ilc_viewer.sharing.adopt.review_saves`): a newer
save of this viewer replaces this computer's annotations as one undoable step (Ctrl+Z goes
back), another program's newest save is drawn as a read-only layer, and a banner line says
so. File ▸ Annotations saved with the study lists every save and shows an older one on
request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.annotations.gsps_read import SavedAnnotations
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.sharing.adopt import SavesReview, review_saves, save_label
from ilc_viewer.ui.background import Task
from ilc_viewer.ui.i18n import say, translate

if TYPE_CHECKING:
    from ilc_viewer.ui.viewer import Viewer


class SavedAnnotationsReader(QObject):
    """Reads the saves found with each study opened and applies the core's review."""

    reviewed = Signal(object)  # the SavesReview applied (tests and the window listen)
    message = Signal(object)  # a line for the banner

    def __init__(self, viewer: Viewer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewer = viewer
        #: The saves found with the open study, newest first.
        self.saves: list[SavedAnnotations] = []
        #: The series UIDs of the saves on screen: this viewer's loaded, another's layer.
        self.shown: dict[str, str] = {}
        self._task: Task | None = None

    def study_opened(self) -> None:
        """Start reading the open study's presentation states (nothing when it has none)."""
        self.saves = []
        self.shown = {}
        if self._task is not None:
            self._task.cancel()
            self._task = None
        opened = self.viewer.opened
        if opened is None or not opened.index.presentation_states:
            return
        from ilc_viewer.sharing.found import saves_in_index

        index, study = opened.index, opened.study
        task = Task(lambda cancel, report: saves_in_index(index, study))
        task.succeeded.connect(lambda found, o=opened, t=task: self._read(o, t, *found))
        task.failed.connect(lambda text, t=task: self._failed(t, text))
        self._task = task.start()

    def _failed(self, task: Task, text: str) -> None:
        if task is self._task:
            self._task = None
            self.message.emit(text)

    def _read(self, opened: OpenStudy, task: Task, saves: list[SavedAnnotations],
              problems: list[str]) -> None:
        if task is not self._task or self.viewer.opened is not opened:
            return  # another study was opened meanwhile
        self._task = None
        session = opened.annotations
        review = review_saves(saves, session.annotations.snapshot(),
                              local_changed=session.last_saved())
        review.messages[:0] = problems
        self.apply(review)

    def apply(self, review: SavesReview) -> None:
        """Show what the review decided: the adopted save (undoable), the read-only layer."""
        self.saves = review.saves
        controller = self.viewer.annotations
        controller.session.layer = review.layer.annotations() if review.layer else []
        self.shown = {kind: save.series_instance_uid for kind, save in
                      (("own", review.adopt), ("layer", review.layer)) if save is not None}
        if review.adopt is not None:
            controller.replace_all(review.adopt.annotations(), translate(
                "SavedAnnotations", "show saved annotations"))
        controller.changed.emit(None)
        for line in review.messages:
            self.message.emit(line)
        if review.adopt is not None:
            self.message.emit(translate("SavedAnnotations", "Ctrl+Z goes back to the "
                                        "annotations shown before."))
        self.reviewed.emit(review)

    def show_save(self, save: SavedAnnotations) -> None:
        """Show one save: this viewer's replace the annotations (undoable), another
        program's become the read-only layer."""
        controller = self.viewer.annotations
        self.shown["own" if save.own else "layer"] = save.series_instance_uid
        if save.own:
            controller.replace_all(save.annotations(), translate(
                "SavedAnnotations", "show annotations saved {when}").format(
                when=save_label(save)))
        else:
            controller.session.layer = save.annotations()
            controller.changed.emit(None)


class SavedAnnotationsDialog(QDialog):
    """Every save found with the study, newest first; "Show" puts the chosen one on screen."""

    def __init__(self, reader: SavedAnnotationsReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.setWindowTitle(translate("SavedAnnotations", "Annotations saved with the study"))
        headers = [translate("SavedAnnotations", "Saved"),
                   translate("SavedAnnotations", "Made with"),
                   translate("SavedAnnotations", "Annotations"),
                   translate("SavedAnnotations", "On screen"),
                   translate("SavedAnnotations", "Notes")]
        self.table = QTableWidget(len(reader.saves), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for row, save in enumerate(reader.saves):
            notes = [note for layer in save.layers for note in layer.notes]
            made = translate("SavedAnnotations", "ILC Viewer (editable)") if save.own else \
                translate("SavedAnnotations", "another program (read only)")
            shown = translate("SavedAnnotations", "shown") \
                if save.series_instance_uid in reader.shown.values() else ""
            for column, value in enumerate((save_label(save), made,
                                            str(len(save.annotations())), shown,
                                            "; ".join(say(n) for n in notes))):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if reader.saves:
            self.table.selectRow(0)
        explain = QLabel(translate(
            "SavedAnnotations", "The newest save is shown when the study opens, unless this "
            "computer's annotations are newer. Ctrl+Z undoes showing a save."))
        explain.setWordWrap(True)
        self.show_button = QPushButton(translate("SavedAnnotations", "Show this save"))
        self.show_button.setEnabled(bool(reader.saves))
        self.show_button.clicked.connect(self.show_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not reader.saves:
            layout.addWidget(QLabel(translate(
                "SavedAnnotations", "No annotations were saved with this study (as DICOM "
                "presentation states).")))
        layout.addWidget(self.table)
        layout.addWidget(explain)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def show_selected(self) -> None:
        """Show the chosen save and close."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.reader.show_save(self.reader.saves[rows[0].row()])
            self.accept()
