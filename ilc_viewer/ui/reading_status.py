"""What the window says while a path is read and once a study is open: the progress bar in
the status bar, the banner, the skipped files, the recent studies, the study's counts.

It listens to the main window's :class:`~ilc_viewer.ui.study_opener.StudyOpener` and speaks
through the window's parts; nothing of the study is kept here but the counts it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QProgressBar

from ilc_viewer.study.model import Study, StudyIndex
from ilc_viewer.ui import i18n
from ilc_viewer.ui.recent import recent_studies, remember

if TYPE_CHECKING:
    from ilc_viewer.ui.main_window import MainWindow


class ReadingStatus(QObject):
    """The main window's reading progress and study status."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.counts: tuple[int, int, int] | None = None
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)
        #: The open study's counts: a widget of the status bar, so a passing message (a menu
        #: entry's tip, a note) covers it for a moment and it comes back, never blanked.
        self.counts_label = QLabel()
        window.statusBar().addWidget(self.counts_label, 1)
        opener = window.opener
        opener.started.connect(self.started)
        opener.progress.connect(self.advanced)
        opener.indexed.connect(self.indexed)
        opener.failed.connect(self.failed)

    def started(self, path: str) -> None:
        """Reading begins: say what, and a busy bar."""
        self.window.banner.say(i18n.translate("MainWindow", "Reading {path} ...").format(
            path=path))
        self.progress.setRange(0, 0)
        self.progress.show()

    def advanced(self, done: int, total: int) -> None:
        """``done`` files of ``total`` read."""
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def indexed(self, index: StudyIndex) -> None:
        """Everything at the path is known: remember it, list what was skipped."""
        window = self.window
        self.progress.hide()
        remember(window.settings, index.source)
        self.refresh_recent()
        window.skips.set_skipped(index.skipped)
        window.docks.show_skipped(len(index.skipped))

    def failed(self, message: str) -> None:
        """Nothing could be shown: the reason, and the skipped files on top."""
        window = self.window
        self.progress.hide()
        window.banner.say(message)
        if window.skips.entries():
            window.docks.skipped.raise_()  # nothing else to look at: the reasons on top
        window.loadFailed.emit(i18n.say(message))

    def study_opened(self, study: Study, skipped: int) -> None:
        """A study is on screen: its counts in the status bar."""
        self.counts = (len(study.series), sum(len(s.images) for s in study.series), skipped)
        self.show_counts()

    def show_counts(self) -> None:
        """The open study's counts in the window's language (again after a switch)."""
        if self.counts is not None:
            series, images, skipped = self.counts
            self.counts_label.setText(i18n.translate(
                "MainWindow", "{series} series, {images} images; files skipped: {skipped}")
                .format(series=series, images=images, skipped=skipped))

    def refresh_recent(self) -> None:
        """File > Open recent as remembered."""
        window = self.window
        menu = window.menus.recent
        menu.clear()
        for path in recent_studies(window.settings):
            menu.addAction(path, lambda p=path: window.open_path(p))
        menu.setEnabled(not menu.isEmpty())
