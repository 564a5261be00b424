"""Opening a study in the window: read the path in the background, choose, open, prefetch.

:class:`StudyOpener` runs the folder scan off the GUI thread (:class:`StudyLoader`), asks
which study when the path holds several, hands the chosen one to the core through the
:class:`~ilc_viewer.ui.viewer.Viewer` (which decides panes, windows and annotations exactly as
the command line does), and starts the background decoding once the first picture is on the
screen. It reports through signals; the window frame turns them into banners and panels.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ilc_viewer.open_study.early_scan import EarlyScan
from ilc_viewer.study.model import Study, StudyIndex
from ilc_viewer.ui.i18n import translate
from ilc_viewer.ui.loader import StudyLoader
from ilc_viewer.ui.viewer import Viewer

#: Chooses one of several studies (index) or None to cancel; tests replace the dialog.
StudyChoice = Callable[[list[Study]], "int | None"]
#: Milliseconds to wait for a first picture before starting the background work anyway.
BACKGROUND_FALLBACK_MS = 1000


class StudyOpener(QObject):
    """Loads paths into the viewer; one at a time (a new path cancels the one being read)."""

    started = Signal(str)  # the path being read
    progress = Signal(int, int)  # files done, files total
    indexed = Signal(object)  # the StudyIndex read (skipped files included)
    opened = Signal()  # a study is on screen
    failed = Signal(object)  # nothing could be shown; the message (window or core words)
    notChosen = Signal(int)  # several studies, none chosen (how many)

    def __init__(self, viewer: Viewer, choose: StudyChoice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewer, self.choose = viewer, choose
        self.loader = StudyLoader(self)
        self.loader.progress.connect(self.progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(lambda message, _path: self.failed.emit(message))
        self._painted = False
        #: Background work (prefetch, thumbnails, presets) waiting for the first picture.
        self._after_paint: list[Callable[[], None]] = []

    def open_path(self, path: str | os.PathLike, early: EarlyScan | None = None) -> None:
        """Read a folder, file, DICOMDIR or zip in the background and show it.

        ``early`` is a scan of that path already running: its result is taken.
        """
        path = str(path)
        self.loader.cancel()
        self.started.emit(path)
        self.loader.start(path, early if early is not None and early.is_for(path) else None)

    def ask_folder(self, parent: QWidget) -> None:
        """File > Open folder: choose a folder, then open it."""
        path = QFileDialog.getExistingDirectory(
            parent, translate("StudyOpener", "Open a folder of DICOM images"))
        if path:
            self.open_path(path)

    def ask_file(self, parent: QWidget) -> None:
        """File > Open file: a DICOM file, DICOMDIR or zip."""
        path, _ = QFileDialog.getOpenFileName(
            parent, translate("StudyOpener", "Open a DICOM file, DICOMDIR or zip"), "",
            translate("StudyOpener", "DICOM, DICOMDIR or zip") + " (*.dcm *.DCM DICOMDIR *.zip "
            "*.ima *.IMA *);;" + translate("StudyOpener", "All files") + " (*)")
        if path:
            self.open_path(path)

    def cancel(self) -> None:
        """Stop reading (the window closes)."""
        self.loader.cancel()

    def _on_loaded(self, index: StudyIndex, path: str) -> None:
        self.indexed.emit(index)
        if not index.studies:
            if index.skipped:
                message = translate("StudyOpener", "No images to show in {path}. {count} file(s) "
                                    "skipped: see 'Skipped files'.").format(
                                        path=path, count=len(index.skipped))
            else:
                message = translate("StudyOpener", "No images to show in {path}.").format(path=path)
            self.failed.emit(message)
            return
        choice = 0 if len(index.studies) == 1 else self.choose(index.studies)
        if choice is None:
            self.notChosen.emit(len(index.studies))
            return
        self.show_study(index, index.studies[choice])

    def choose_again(self) -> None:
        """Pick another study of the open path (when it holds several)."""
        index = self.viewer.index
        if index is not None and len(index.studies) > 1:
            choice = self.choose(index.studies)
            if choice is not None:
                self.show_study(index, index.studies[choice])

    def show_study(self, index: StudyIndex, study: Study) -> None:
        """Open ``study`` in the viewer and schedule its background decoding."""
        opened = self.viewer.open(index, study)
        self.after_first_paint(lambda: self._background(opened.study))
        self.opened.emit()

    # ----- after the first picture -------------------------------------------------------------
    @property
    def has_painted(self) -> bool:
        """True once an image was painted."""
        return self._painted

    def painted(self) -> None:
        """A pane painted an image: run the work that waited for the first picture."""
        self._painted = True
        if self._after_paint:
            # after this paint, not inside it: the other panes are still to be drawn and the
            # frame to reach the screen; the presets, histogram and prefetch can wait for that
            QTimer.singleShot(0, self._flush)

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """Run now if a picture is already up, else right after the next image paint.

        Start-up matters in the consultation room: decoding other slices, thumbnails and
        presets would compete with the first picture for the interpreter.
        """
        if self._painted:
            work()
        else:
            self._after_paint.append(work)
            QTimer.singleShot(BACKGROUND_FALLBACK_MS, self._flush)  # in case nothing paints

    def _flush(self) -> None:
        pending, self._after_paint = self._after_paint, []
        for work in pending:
            work()

    def _background(self, study: Study) -> None:
        if self.viewer.study is not study:
            return  # another study was opened meanwhile
        state = self.viewer.state
        for pane in state.visible_panes:
            series = state.panes[pane].series
            if series is not None:
                self.viewer.frames.prefetch(series, state.panes[pane].slice_index)
        self.viewer.frames.request_thumbnails(study.series)
