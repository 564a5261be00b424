"""The window's pixels: the core frame source, with its events turned into Qt signals.

Decoding, caching and background prefetch are the core's
(:class:`~ilc_viewer.open_study.frames.FrameSource`); this adapter only re-emits its events
(which come from the background thread) as Qt signals, delivered on the GUI thread.
"""

from __future__ import annotations

import contextlib

import numpy as np
from PySide6.QtCore import QObject, Signal

from ilc_viewer.open_study.frames import THUMBNAIL_SIZE, FrameSource
from ilc_viewer.study.model import Series

__all__ = ["THUMBNAIL_SIZE", "FrameProvider"]


class FrameProvider(QObject):
    """The open study's frame source as seen by the widgets."""

    #: series key whose thumbnail is ready in :attr:`thumbnails`.
    thumbnailReady = Signal(str)
    #: (file name, reason) of a slice that could not be decoded.
    decodeFailed = Signal(str, object)  # file name, reason (a core message)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = FrameSource()
        self.source.thumbnail_ready.connect(lambda key: self._emit(self.thumbnailReady, key))
        self.source.failed.connect(lambda name, reason: self._emit(self.decodeFailed, name,
                                                                   reason))

    @property
    def thumbnails(self) -> dict[str, np.ndarray]:
        """Thumbnails made so far, by series key."""
        return self.source.thumbnails

    def frame(self, series: Series, index: int) -> np.ndarray | None:
        """Modality values of one slice, decoded now if needed; None if it cannot be decoded."""
        return self.source.try_frame(series, index)

    def failure(self, series: Series, index: int) -> str | None:
        """Why a slice could not be decoded, if it could not."""
        return self.source.failure(series, index)

    def prefetch(self, series: Series, around: int, limit: int = 64, ahead: bool = False
                 ) -> None:
        """Decode the slices near ``around`` in the background, nearest first (``ahead``:
        the frames after it first, for a clip playing)."""
        self.source.prefetch(series, around, limit, ahead)

    def request_thumbnails(self, series: list[Series]) -> None:
        """Make one thumbnail per series in the background."""
        self.source.request_thumbnails(series)

    def stop(self) -> None:
        """End the background thread (on window close)."""
        self.source.stop()

    @staticmethod
    def _emit(signal, *args) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(RuntimeError):  # the Qt object is gone while closing
            signal.emit(*args)
