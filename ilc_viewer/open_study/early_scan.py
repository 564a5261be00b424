"""Start reading the study before the window's modules are loaded.

Loading Qt and the window takes a good part of a second; reading a study's headers takes as
long or longer, and both are pure Python: in one process they take turns on one core (the
GIL). :class:`EarlyScan` starts the scan as soon as the path is known (the command line does
it before importing the window), and the window then takes its result instead of scanning
again. Where a process can be forked cheaply and safely (Linux, no other thread running yet:
the command line's case) the scan runs in a forked child on another core and hands back the
index through a pipe; otherwise, or if the child fails in any way, on a thread here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ilc_viewer.study.model import StudyIndex

Progress = Callable[[int, int], None]
#: Seconds between two progress messages of the child.
PROGRESS_EVERY = 0.05


class EarlyScan:
    """A scan of ``path`` running from the moment it is made (in a child process when
    ``fork`` allows, else on a worker thread)."""

    def __init__(self, path: str | os.PathLike, *, fork: bool | None = None) -> None:
        self.path = str(path)
        self.cancelled = threading.Event()
        self._done = threading.Event()
        self._index: StudyIndex | None = None
        self._error: BaseException | None = None
        self._progress: Progress | None = None
        #: The child's process id while it scans (None: scanning on the thread).
        self.child: int | None = None
        self._pipe = -1
        if fork if fork is not None else can_fork():
            self._fork()  # here, on the calling thread: a fork copies only this thread
        self._thread = threading.Thread(target=self._collect if self.child else self._run,
                                        name="ilc-early-scan", daemon=True)
        self._thread.start()

    # ----- in this process ---------------------------------------------------------------------
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

    # ----- in a child process ------------------------------------------------------------------
    def _fork(self) -> None:
        # the reader is imported before the fork: this process needs it anyway, and the
        # child then starts reading at once instead of importing it again
        import ilc_viewer.dicom.index  # noqa: F401

        try:
            read_end, write_end = os.pipe()
            child = os.fork()
        except OSError:
            return  # no process to be had: the thread scans
        if child == 0:  # the child: scan, send, leave without running the parent's exit code
            try:
                os.close(read_end)
                _scan_in_child(self.path, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        self.child, self._pipe = child, read_end

    def _collect(self) -> None:
        """Read the child's messages; any failure of the child falls back to this thread."""
        from ilc_viewer.dicom.index import ScanCancelled

        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                while True:
                    kind, *payload = pickle.load(pipe)
                    if kind == "progress":
                        self._relay(*payload)
                        if self.cancelled.is_set():
                            self._stop_child()
                            self._error = ScanCancelled("cancelled")
                            self._done.set()
                            return
                    elif kind == "index":
                        self._index = payload[0]
                        break
                    else:  # "error": the scan's own error, raised as a scan here raises it
                        self._error = payload[0]
                        break
        except Exception:  # the child died or sent what cannot be read: scan here instead
            self._stop_child()
            if not self.cancelled.is_set():
                self._run()
                return
            self._error = ScanCancelled("cancelled")
        self._reap()
        self._done.set()

    def _stop_child(self) -> None:
        if self.child:
            with contextlib.suppress(OSError):
                os.kill(self.child, 9)
            self._reap()

    def _reap(self) -> None:
        child, self.child = self.child, None
        if child:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)

    # ----- for the window ----------------------------------------------------------------------
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
                self.cancel()
            if self._done.wait(0.05):
                break
        if self._error is not None:
            raise self._error
        assert self._index is not None
        return self._index

    def cancel(self) -> None:
        """Stop the scan (its result is not wanted any more)."""
        self.cancelled.set()
        child = self.child
        if child:  # the collecting thread sees the pipe close and reaps it
            with contextlib.suppress(OSError):
                os.kill(child, 9)


def can_fork() -> bool:
    """True where a forked child is cheap and safe: Linux, no other Python thread running and
    Qt not loaded yet (a fork copies only the calling thread; locks that other threads hold,
    Qt's included, would stay locked in the child)."""
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and "PySide6" not in sys.modules)


def _scan_in_child(path: str, write_end: int) -> None:
    """The child's work: scan ``path``, sending progress, then the index or the error. If the
    program that started it has gone, its next progress message finds the pipe closed and
    the child ends there (measured: within 0.01 s of the parent's exit on 1,200 files)."""
    import time

    with os.fdopen(write_end, "wb") as pipe:
        def send(message: tuple) -> None:
            pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            pipe.flush()

        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY or done == total:
                last[0] = now
                send(("progress", done, total))

        try:
            from ilc_viewer.dicom.index import scan

            send(("index", scan(path, progress=progress)))
        except BaseException as error:  # every error goes to the parent; one that cannot be
            with contextlib.suppress(Exception):  # pickled leaves the parent to scan itself
                send(("error", error))


def start_early_scan(path: str | os.PathLike | None) -> EarlyScan | None:
    """Start scanning ``path`` (or the bundled sample) now; None if it does not exist."""
    from ilc_viewer.storage.resources import default_sample_study

    target = Path(path) if path else Path(default_sample_study())
    return EarlyScan(target) if target.exists() else None
