"""The windowed pictures of the open study's panes: grey, colour, VOI LUT, large images.

:class:`Pictures` turns a pane's current modality values into the uint8 picture the scene
shows, the one path for the window and every export: the linear window (brightness and
contrast on colour images), or a table of the image's VOI LUT Sequence, inverted once for
MONOCHROME1 / INVERSE images. A large image (a detector X-ray) seen zoomed out is windowed
on a reduced level of its :class:`~ilc_viewer.display.pyramid.Pyramid` (the picture says how
many image pixels each of its pixels stands for). Recent pictures and pyramids are kept.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ilc_viewer.display import Window, window_to_uint8
from ilc_viewer.display.pyramid import Pyramid, level_for
from ilc_viewer.display.voi import voi_to_uint8
from ilc_viewer.open_study.pane_state import PaneState
from ilc_viewer.study.lookup_tables import VoiTable, voi_table
from ilc_viewer.study.model import ImageRef

log = logging.getLogger(__name__)

#: Windowed pictures kept per open study (the panes shown, a few slices each way).
PICTURE_CACHE = 24
#: Pyramids kept (the large images on screen now).
PYRAMID_CACHE = 4


@dataclass(frozen=True)
class Windowed:
    """A pane's picture: uint8 grey ``(r, c)`` or RGB ``(r, c, 3)``, and how many image
    pixels (along each side) each of its pixels stands for (1 at full resolution)."""

    pixels: np.ndarray
    factor: int = 1


class Pictures:
    """Windowed pictures and pyramids of the open study (forget them with :meth:`clear`)."""

    def __init__(self) -> None:
        self._pictures: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._pyramids: OrderedDict[tuple, Pyramid] = OrderedDict()

    def clear(self) -> None:
        """Drop every picture and pyramid."""
        self._pictures.clear()
        self._pyramids.clear()

    def picture(self, state: PaneState, values: np.ndarray, window: Window,
                magnification: float = 1.0) -> Windowed:
        """The pane's current image windowed, at the level ``magnification`` (output pixels
        per image pixel) needs."""
        assert state.series is not None
        image = state.series.images[state.slice_index]
        level = level_for(values.shape, magnification)
        table = self.table(image, state.voi_lut)
        key = (state.series.key, state.slice_index, window, state.voi_lut if table else None,
               state.display_invert, level)
        picture = self._pictures.get(key)
        if picture is None:
            source = self._level(state, values, level)
            if table is not None:
                picture = voi_to_uint8(source, table, state.display_invert)
            else:
                picture = window_to_uint8(source, window, state.display_invert)
            self._pictures[key] = picture
            while len(self._pictures) > PICTURE_CACHE:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(key)
        return Windowed(picture, 1 << level)

    def _level(self, state: PaneState, values: np.ndarray, level: int) -> np.ndarray:
        if level == 0:
            return values
        assert state.series is not None
        key = (state.series.key, state.slice_index)
        pyramid = self._pyramids.get(key)
        if pyramid is None or pyramid.levels[0] is not values:
            pyramid = self._pyramids[key] = Pyramid(values)
            while len(self._pyramids) > PYRAMID_CACHE:
                self._pyramids.popitem(last=False)
        else:
            self._pyramids.move_to_end(key)
        return pyramid.level(level)

    @staticmethod
    def table(image: ImageRef, index: int | None) -> VoiTable | None:
        """The VOI LUT ``index`` of an image, or ``None`` (none chosen, or unreadable: the
        linear window is shown instead, and the reason logged)."""
        if index is None or not 0 <= index < len(image.voi_luts):
            return None
        try:
            return voi_table(image, index)
        except Exception as exc:  # a damaged table must not lose the picture
            log.warning("%s: VOI LUT %d cannot be used: %s", image.display_name, index + 1, exc)
            return None


def table_window(table: VoiTable) -> Window:
    """The linear window over the inputs a VOI LUT maps (its stand-in for drags)."""
    return Window.from_range(table.first, table.first + max(len(table.data) - 1, 0))
