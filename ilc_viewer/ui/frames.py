"""Pixels for the window: the visible slice now, the rest of the series in the background.

The visible slice of each pane is decoded on the spot (so the first image appears before the
study is decoded); a background thread then decodes neighbouring slices (nearest first) and
one thumbnail per series. pydicom decoding is not made thread-safe here by assumption: one lock
guards every call into the volumes.
"""

from __future__ import annotations

import contextlib
import itertools
import queue
import threading

import numpy as np
from PySide6.QtCore import QObject, Signal

from ilc_viewer import display
from ilc_viewer.errors import ViewerError
from ilc_viewer.study.model import Series
from ilc_viewer.study.pixels import FrameCache, SeriesVolume

THUMBNAIL_SIZE = 72
_STOP = (-1.0, -1, -1, "", -1)


def thumbnail_of(values: np.ndarray, size: int = THUMBNAIL_SIZE) -> np.ndarray:
    """A small auto-windowed uint8 picture of a slice (every n-th pixel: quick, good enough)."""
    step = max(1, int(np.ceil(max(values.shape) / size)))
    small = values[::step, ::step]
    return display.window_to_uint8(small, display.auto_window(small))


class FrameProvider(QObject):
    """Decoded slices of the open study, shared by all panes."""

    #: (series key, slice index) now decoded in the cache.
    frameReady = Signal(str, int)
    #: series key whose thumbnail is ready in :attr:`thumbnails`.
    thumbnailReady = Signal(str)
    #: (file name, reason) of a slice that could not be decoded.
    decodeFailed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.RLock()
        self._cache = FrameCache()
        self._volumes: dict[str, SeriesVolume] = {}
        self._series: dict[str, Series] = {}
        self._failed: dict[tuple[str, int], str] = {}
        self.thumbnails: dict[str, np.ndarray] = {}
        self._generation = 0
        self._order = itertools.count()
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._thread = threading.Thread(target=self._work, name="ilc-prefetch", daemon=True)
        self._thread.start()

    def set_series(self, series: list[Series]) -> None:
        """Forget the previous study and get ready for these series."""
        with self._lock:
            self._generation += 1
            self._cache = FrameCache()
            self._volumes = {}
            self._series = {s.key: s for s in series}
            self._failed = {}
            self.thumbnails = {}

    def _volume(self, series: Series) -> SeriesVolume:
        volume = self._volumes.get(series.key)
        if volume is None:
            self._series.setdefault(series.key, series)
            volume = self._volumes[series.key] = SeriesVolume(series, cache=self._cache)
        return volume

    def frame(self, series: Series, index: int) -> np.ndarray | None:
        """Modality values of one slice, decoded now if needed; ``None`` if it cannot be decoded."""
        key = (series.key, index)
        with self._lock:
            if key in self._failed:
                return None
            try:
                return self._volume(series).frame(index)
            except (ViewerError, OSError, ValueError) as error:
                reason = str(error)
                self._failed[key] = reason
        self.decodeFailed.emit(series.images[index].display_name, reason)
        return None

    def failure(self, series: Series, index: int) -> str | None:
        """Why a slice could not be decoded, if it could not."""
        return self._failed.get((series.key, index))

    def prefetch(self, series: Series, around: int, limit: int = 64) -> None:
        """Decode the slices near ``around`` in the background, nearest first."""
        count = len(series.images)
        order = sorted(range(count), key=lambda k: abs(k - around))[:limit]
        generation = self._generation
        for k in order:
            self._queue.put((float(abs(k - around)), next(self._order), generation, series.key, k))

    def request_thumbnails(self, series: list[Series]) -> None:
        """Make one thumbnail per series in the background (after the nearest slices)."""
        generation = self._generation
        for s in series:
            self._queue.put((2.5, next(self._order), generation, s.key, -1))

    def stop(self) -> None:
        """End the background thread (on window close)."""
        self._queue.put(_STOP)
        self._thread.join(timeout=2)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item == _STOP:
                return
            _, _, generation, key, index = item
            with self._lock:
                if generation != self._generation or key not in self._series:
                    continue
                series = self._series[key]
            if index >= 0:
                if self.frame(series, index) is not None:
                    self._emit(self.frameReady, key, index)
                continue
            values = self.frame(series, len(series.images) // 2) if series.images else None
            if values is not None:
                # twice the size shown: sharp on a 2x (high-DPI) screen as well
                picture = thumbnail_of(values, 2 * THUMBNAIL_SIZE)
                with self._lock:
                    if generation != self._generation:
                        continue
                    self.thumbnails[key] = picture
                self._emit(self.thumbnailReady, key)

    @staticmethod
    def _emit(signal, *args) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(RuntimeError):  # the Qt object is gone while closing
            signal.emit(*args)
