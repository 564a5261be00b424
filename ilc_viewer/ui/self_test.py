"""The window part of ``ilc-viewer --self-test``: the real window, watched until its first images.

The window is made by :func:`ilc_viewer.ui.app.build_window`, exactly as ``ilc-viewer`` makes
it, and shown; the self-test only listens to its signals (``studyShown``, ``loadFailed``,
``firstImagePainted``, each pane's ``painted``) and then looks at what is on the screen: for
each of the T1, T2 and STIR panels, whether it painted its scene with a picture, and whether
the window's painter draws that picture as the study holds it (the picture alone: on screen
the labels and stickers cover parts of it). It gathers facts only; the words and the verdicts
are the core's (:mod:`ilc_viewer.self_test.window_checks`).

The window runs with settings of its own in a temporary folder, so the self-test never
changes the user's recent studies or language.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ilc_viewer.open_study.early_scan import EarlyScan
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.pane_state import TRIPLE_ORDER
from ilc_viewer.self_test.window_checks import PaneFacts, WindowFacts
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.ui import i18n
from ilc_viewer.ui.app import build_window
from ilc_viewer.ui.main_window import MainWindow
from ilc_viewer.ui.scene_painter import scene_image

#: Seconds to wait for the study and its first image.
FIRST_IMAGE_TIMEOUT = 90.0
#: Seconds to wait, after the first image, for the other panels to paint theirs.
OTHER_PANELS_TIMEOUT = 15.0
#: Points sampled across a picture to compare it with the screen (per side).
SAMPLES = 24
#: Qt's offscreen platform says this of every window; it is no fault of the program's.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages go to stderr as usual, but for the offscreen platform's known remark."""
    if message != OFFSCREEN_NOISE:
        sys.stderr.write(message + "\n")


class WindowRun:
    """The window of one self-test: made, watched, and closed by :meth:`close`."""

    def __init__(self, path: str | None, lang: str | None, early: EarlyScan | None,
                 clock: Callable[[], tuple[float, bool]]) -> None:
        self._settings = tempfile.TemporaryDirectory(prefix="ilc-viewer-self-test-")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          self._settings.name)
        self.clock = clock
        qInstallMessageHandler(_qt_message)
        self.facts = WindowFacts(source=path or str(default_sample_study()))
        self.app, self.window = build_window(path, lang, early)
        self.window.opener.choose = lambda studies: 0  # several studies: the first
        self.facts.platform = QApplication.platformName()
        self._painted: set[int] = set()
        self._first_at: float | None = None
        self._connect(self.window)

    def _connect(self, window: MainWindow) -> None:
        window.loadFailed.connect(self._on_failed)
        window.firstImagePainted.connect(self._on_first_image)
        window.opener.indexed.connect(self._on_indexed)
        for pane in window.grid.panes[:len(TRIPLE_ORDER)]:
            pane.view.painted.connect(lambda k=pane.view.pane: self._painted.add(k))

    @property
    def opened(self) -> OpenStudy | None:
        """The study on screen, if any."""
        return self.window.viewer.opened

    def run(self) -> WindowFacts:
        """Show the window and wait for the first images (or a failure, or the time-out)."""
        self.window.showMaximized()
        started = time.monotonic()
        poll = QTimer()
        poll.setInterval(50)

        def check_done() -> None:
            waited = time.monotonic() - started
            if self.facts.load_error:
                self.app.quit()
            elif self._first_at is None:
                if waited > FIRST_IMAGE_TIMEOUT:
                    self.facts.timed_out = waited
                    self.app.quit()
            elif self._panes_settled() or (
                    time.monotonic() - self._first_at > OTHER_PANELS_TIMEOUT):
                self.app.quit()

        poll.timeout.connect(check_done)
        poll.start()
        self.app.exec()
        poll.stop()
        self.facts.qt_catalogues = qt_catalogues()
        self.facts.panes = [self._pane_facts(k) for k in range(len(TRIPLE_ORDER))]
        return self.facts

    def _on_indexed(self, index: object) -> None:
        self.facts.source = str(getattr(index, "source", ""))
        studies = getattr(index, "studies", [])
        self.facts.studies = len(studies)
        if studies:
            self.facts.series = len(studies[0].series)
            self.facts.images = sum(len(s.images) for s in studies[0].series)

    def _on_failed(self, message: str) -> None:
        self.facts.load_error = message or "?"

    def _on_first_image(self) -> None:
        seconds, from_start = self.clock()
        self.facts.first_image, self.facts.from_process_start = seconds, from_start
        self.facts.cpu = time.process_time()
        self._first_at = time.monotonic()

    def _panes_settled(self) -> bool:
        """Every T1 / T2 / STIR panel painted its picture or cannot have one."""
        opened = self.opened
        if opened is None:
            return False
        for pane in range(len(TRIPLE_ORDER)):
            if pane in self._painted or pane in opened.missing:
                continue
            if opened.state.panes[pane].series is None or opened.failure(pane):
                continue
            return False
        return True

    def _pane_facts(self, pane: int) -> PaneFacts:
        facts = PaneFacts(number=pane + 1, expected=TRIPLE_ORDER[pane])
        opened = self.opened
        if opened is None:
            facts.failure = "-"
            return facts
        series = opened.state.panes[pane].series
        facts.missing = pane in opened.missing or series is None
        if series is not None:
            facts.description, facts.sequence = series.description, series.sequence
        facts.failure = opened.failure(pane) or ""
        view = self.window.grid.panes[pane].view
        scene = view.scene()
        facts.painted = pane in self._painted and scene is not None and scene.picture is not None
        if facts.painted and scene is not None and scene.picture is not None:
            facts.spread = float(np.std(scene.picture.pixels))
            # the picture alone, drawn by the window's painter into an image of the pane's
            # size: the overlays (labels, stickers) would hide parts of it on the screen
            alone = scene_image(replace(scene, items=[]))
            facts.screen_match = screen_match(alone, scene.picture, alone.width())
        if scene is not None and scene.notes and not facts.failure:
            facts.failure = "; ".join(str(note) for note in scene.notes)
        return facts

    def close(self) -> None:
        """Close the window and forget the temporary settings."""
        self.window.close()
        QCoreApplication.processEvents()
        self._settings.cleanup()


def screen_match(image: QImage, picture: object, widget_width: int) -> float:
    """Correlation between a scene's picture and the grey levels on screen at the same points
    (sampled on a grid over the picture; 1.0: the screen shows exactly the picture)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    height, width = grey.height(), grey.width()
    if not height or not width:
        return 0.0
    screen = np.frombuffer(grey.constBits(), np.uint8).reshape(height, grey.bytesPerLine())
    ratio = width / max(1, widget_width)  # device pixels per widget pixel
    pixels = np.asarray(picture.pixels)  # type: ignore[attr-defined]
    if pixels.ndim == 3:
        pixels = pixels.mean(axis=2)
    rows, cols = pixels.shape[:2]
    grid_r, grid_c = np.meshgrid(np.linspace(0, rows - 1, SAMPLES).round().astype(int),
                                 np.linspace(0, cols - 1, SAMPLES).round().astype(int),
                                 indexing="ij")
    x = (picture.sx * (grid_c + 0.5) + picture.tx) * ratio  # type: ignore[attr-defined]
    y = (picture.sy * (grid_r + 0.5) + picture.ty) * ratio  # type: ignore[attr-defined]
    inside = (x >= 0) & (x < width) & (y >= 0) & (y < height)
    if inside.sum() < SAMPLES:
        return 0.0
    shown = screen[y[inside].astype(int), x[inside].astype(int)].astype(np.float64)
    wanted = pixels[grid_r[inside], grid_c[inside]].astype(np.float64)
    if shown.std() == 0 or wanted.std() == 0:
        return 0.0
    return float(np.corrcoef(shown, wanted)[0, 1])


def qt_catalogues() -> dict[str, bool]:
    """Whether Qt's catalogues of the window's Japanese words load (the program's and Qt's
    own standard buttons), without switching the window's language."""
    found = {}
    for name, folder in (
            ("ilc_viewer_ja.qm", str(i18n.QM_FOLDER)),
            ("qtbase_ja.qm", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        found[name] = QTranslator().load(name.removesuffix(".qm"), folder)
    return found
