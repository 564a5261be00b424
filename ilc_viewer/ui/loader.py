"""Reads a study index in a background thread so the window stays responsive."""

from __future__ import annotations

import contextlib
import threading
import time

from PySide6.QtCore import QObject, Signal

from ilc_viewer.dicom import index as dicom_index
from ilc_viewer.errors import ViewerError
from ilc_viewer.open_study.early_scan import EarlyScan
from ilc_viewer.ui.i18n import translate
from ilc_viewer.words.catalogue import message_of

#: Seconds between two progress signals (the first and the last always go).
PROGRESS_INTERVAL = 0.04


class StudyLoader(QObject):
    """Runs :func:`dicom_index.scan` on a worker thread; reports through Qt signals."""

    progress = Signal(int, int)  # files done, files total
    loaded = Signal(object, str)  # StudyIndex, the path asked for
    failed = Signal(object, str)  # message (a core message), the path asked for

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    @property
    def busy(self) -> bool:
        """True while a scan runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, path: str, early: EarlyScan | None = None) -> None:
        """Scan ``path`` (or take ``early``, a scan of it already running); a scan still
        running is cancelled first."""
        self.cancel()
        self._cancel = threading.Event()
        cancel = self._cancel
        self._thread = threading.Thread(
            target=self._run, args=(path, cancel, early), name="ilc-scan", daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        """Stop the running scan (its result is dropped)."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def _run(self, path: str, cancel: threading.Event, early: EarlyScan | None) -> None:
        last = [-1.0]

        def progress(done: int, total: int) -> None:
            # one signal per file repainted the bar per file (~0.15 ms each on the GUI thread
            # while it draws the first picture): the start, the end and ~25 a second suffice
            now = time.monotonic()
            if cancel.is_set() or (0 < done < total and now - last[0] < PROGRESS_INTERVAL):
                return
            last[0] = now
            self._emit(self.progress, done, total)

        try:
            if early is not None:
                index = early.wait(progress, cancel)
            else:
                index = dicom_index.scan(path, progress=progress, cancel=cancel)
        except dicom_index.ScanCancelled:
            return
        except (ViewerError, OSError) as error:
            if not cancel.is_set():
                self._emit(self.failed, message_of(error) or type(error).__name__, path)
            return
        except Exception as error:  # a bug must become a message, not a dead window
            if not cancel.is_set():
                message = translate("StudyLoader", "{path}: unexpected error: {error}").format(
                    path=path, error=repr(error))
                self._emit(self.failed, message, path)
            return
        if not cancel.is_set():
            self._emit(self.loaded, index, path)

    @staticmethod
    def _emit(signal, *args) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            signal.emit(*args)
