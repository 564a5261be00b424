"""Pixels of the open study: the slice asked for now, the rest of the series in the background.

:class:`FrameSource` decodes a slice when it is first looked at (so the first image appears
before the study is decoded) and keeps it in a bounded cache; a background thread then decodes
neighbouring slices, nearest first, and one thumbnail per series. There is no lock around
decoding: a slice asked for now never waits for another slice being decoded in the background;
only a request for the very slice being decoded waits for that decode to finish.

Events (plain callbacks, called on the thread that decoded): :attr:`FrameSource.failed`
``(file name, plain sentence)`` for a slice that cannot be decoded,
:attr:`FrameSource.thumbnail_ready` ``(series key)``.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable

import numpy as np

from ilc_viewer.dicom.damage import Damage, damage_of
from ilc_viewer.display import auto_window, window_to_uint8
from ilc_viewer.display.colour import full_range
from ilc_viewer.errors import DecodeError, ViewerError
from ilc_viewer.events import Event
from ilc_viewer.study.model import Series
from ilc_viewer.study.pixels import FrameCache, SeriesVolume, transfer_syntax_name

THUMBNAIL_SIZE = 72
_STOP = (-1.0, -1, -1, "", -1)


def thumbnail_of(values: np.ndarray, size: int = THUMBNAIL_SIZE, invert: bool = False
                 ) -> np.ndarray:
    """A small auto-windowed uint8 picture of a slice (every n-th pixel: quick, good enough).

    ``invert`` shows MONOCHROME1 images (low values white) the way the panes do; a colour
    image keeps its colours (RGB ``(rows, cols, 3)``).
    """
    step = max(1, int(np.ceil(max(values.shape[:2]) / size)))
    small = values[::step, ::step]
    window = full_range(small) if small.ndim == 3 else auto_window(small)
    return window_to_uint8(small, window, invert)


class FrameSource:
    """Decoded slices of the open study, shared by the panes, the export and the thumbnails."""

    def __init__(self, cache: FrameCache | None = None) -> None:
        self._cache = cache if cache is not None else FrameCache()
        self._lock = threading.Lock()  # guards the dictionaries below, never a decode
        self._volumes: dict[str, SeriesVolume] = {}
        self._failed: dict[tuple[str, int], DecodeError] = {}
        self._inflight: dict[tuple[str, int], threading.Event] = {}
        self.thumbnails: dict[str, np.ndarray] = {}
        self.failed = Event()
        self.thumbnail_ready = Event()
        self._series: dict[str, Series] = {}
        self._generation = 0
        self._order = itertools.count()
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._thread: threading.Thread | None = None

    # ----- the slice asked for now ----------------------------------------------------------
    def frame(self, series: Series, index: int) -> np.ndarray:
        """Modality values of one slice, decoded now if needed.

        Raises :class:`DecodeError` (also on later calls, without decoding again) when the
        slice cannot be decoded; the first failure is announced through :attr:`failed`.
        """
        key = (series.key, index)
        while True:
            with self._lock:
                failed = self._failed.get(key)
                if failed is not None:
                    raise failed
                volume = self._volume(series)
                waiting = self._inflight.get(key)
                if waiting is None:
                    done = self._inflight[key] = threading.Event()
                    break
            waiting.wait()  # the same slice is being decoded: take its result
        try:
            values = volume.frame(index)
        except (ViewerError, OSError, ValueError, MemoryError) as error:
            image = series.images[index]
            failed = error if isinstance(error, DecodeError) else DecodeError(
                image.display_name, transfer_syntax_name(image.transfer_syntax_uid),
                str(error) or type(error).__name__)
            with self._lock:
                self._failed[key] = failed
            self.failed.emit(image.display_name, damage_of(failed).message())
            raise failed from error
        finally:
            with self._lock:
                self._inflight.pop(key, None)
            done.set()
        return values

    def try_frame(self, series: Series, index: int) -> np.ndarray | None:
        """:meth:`frame`, or ``None`` when the slice cannot be decoded."""
        try:
            return self.frame(series, index)
        except DecodeError:
            return None

    def failure(self, series: Series, index: int) -> Damage | None:
        """What is wrong with a slice that could not be decoded (None if it was, or was not
        tried yet): its plain sentence and technical detail."""
        with self._lock:
            failed = self._failed.get((series.key, index))
        return damage_of(failed) if failed is not None else None

    def damaged_count(self, series: Series) -> int:
        """How many images of ``series`` are known to be damaged: found when the headers
        were read, or when a slice failed to decode."""
        with self._lock:
            failed = {index for key, index in self._failed if key == series.key}
        found = {k for k, image in enumerate(series.images) if image.damage is not None}
        return len(failed | found)

    def failures(self) -> dict[tuple[str, int], DecodeError]:
        """Every slice that failed so far, by (series key, slice index)."""
        with self._lock:
            return dict(self._failed)

    def _volume(self, series: Series) -> SeriesVolume:
        volume = self._volumes.get(series.key)
        if volume is None or volume.series is not series:
            volume = self._volumes[series.key] = SeriesVolume(series, cache=self._cache)
            self._series[series.key] = series
        return volume

    # ----- background work --------------------------------------------------------------------
    def prefetch(self, series: Series, around: int, limit: int = 64, ahead: bool = False
                 ) -> None:
        """Decode the slices near ``around`` in the background, nearest first; ``ahead``
        (a clip playing) takes the frames after it first, wrapping round to the start."""
        self._start()
        count = len(series.images)
        if ahead:
            order = [(around + k) % count for k in range(min(limit, count))]
        else:
            order = sorted(range(count), key=lambda k: abs(k - around))[:limit]
        with self._lock:
            self._series.setdefault(series.key, series)
            generation = self._generation
        for rank, k in enumerate(order):
            priority = float(rank) if ahead else float(abs(k - around))
            self._queue.put((priority, next(self._order), generation, series.key, k))

    def request_thumbnails(self, series: list[Series]) -> None:
        """Make one thumbnail per series in the background (after the nearest slices)."""
        self._start()
        with self._lock:
            generation = self._generation
            for s in series:
                self._series.setdefault(s.key, s)
        for s in series:
            self._queue.put((2.5, next(self._order), generation, s.key, -1))

    def reset(self) -> None:
        """Forget the previous study: its frames, failures, thumbnails and queued work."""
        with self._lock:
            self._generation += 1
            self._cache.clear()
            self._volumes = {}
            self._series = {}
            self._failed = {}
            self.thumbnails = {}

    def stop(self) -> None:
        """End the background thread (when the window closes)."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=2)
            self._thread = None

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="ilc-prefetch", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item == _STOP:
                return
            _, _, generation, key, index = item
            with self._lock:
                series = self._series.get(key)
                if generation != self._generation or series is None:
                    continue
            if index >= 0:
                self.try_frame(series, index)
                continue
            self._thumbnail(series, generation)

    def _thumbnail(self, series: Series, generation: int) -> None:
        if not series.images:
            return
        count = len(series.images)
        # the middle slice, or the nearest one that is not damaged
        for middle in sorted(range(count), key=lambda k: abs(k - count // 2))[:5]:
            values = self.try_frame(series, middle)
            if values is not None:
                break
        else:
            return
        # twice the size shown: sharp on a 2x (high-DPI) screen as well
        picture = thumbnail_of(values, 2 * THUMBNAIL_SIZE, series.images[middle].inverted)
        with self._lock:
            if generation != self._generation:
                return
            self.thumbnails[series.key] = picture
        self.thumbnail_ready.emit(series.key)


#: Gives the modality values of slice ``index`` of a series (raises DecodeError on failure).
FrameGetter = Callable[[Series, int], np.ndarray]
