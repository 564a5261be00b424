"""Start reading the study before the window's modules are loaded.

Loading Qt and the window takes a good part of a second; reading a study's headers takes as
long or longer. :class:`EarlyScan` starts the scan on a worker thread as soon as the path is
known (the command line does it before importing the window), and the window then takes its
result instead of scanning again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from ilc_viewer.study.model import StudyIndex

Progress = Callable[[int, int], None]


class EarlyScan:
    """A scan of ``path`` running on a worker thread from the moment it is made."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = str(path)
        self.cancelled = threading.Event()
        self._done = threading.Event()
        self._index: StudyIndex | None = None
        self._error: BaseException | None = None
        self._progress: Progress | None = None
        self._thread = threading.Thread(target=self._run, name="ilc-early-scan", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from ilc_viewer.dicom.index import scan

        try:
            self._index = scan(self.path, progress=self._relay, cancel=self.cancelled)
        except BaseException as error:  # handed to whoever waits, never lost in the thread
            self._error = error
        finally:
            self._done.set()

    def _relay(self, done: int, total: int) -> None:
        progress = self._progress
        if progress is not None:
            progress(done, total)

    def is_for(self, path: str | os.PathLike) -> bool:
        """True if this scan reads ``path``."""
        return Path(self.path) == Path(path)

    def wait(self, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> StudyIndex:
        """The index, once read (re-raises the scan's error); reports progress meanwhile.

        Setting ``cancel`` stops the scan (then :class:`ScanCancelled` is raised).
        """
        self._progress = progress
        while True:
            if cancel is not None and cancel.is_set():
                self.cancelled.set()
            if self._done.wait(0.05):
                break
        if self._error is not None:
            raise self._error
        assert self._index is not None
        return self._index

    def cancel(self) -> None:
        """Stop the scan (its result is not wanted any more)."""
        self.cancelled.set()


def start_early_scan(path: str | os.PathLike | None) -> EarlyScan | None:
    """Start scanning ``path`` (or the bundled sample) now; None if it does not exist."""
    from ilc_viewer.storage.resources import default_sample_study

    target = Path(path) if path else Path(default_sample_study())
    return EarlyScan(target) if target.exists() else None
