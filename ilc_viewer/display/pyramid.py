"""Reduced copies of a large image, so a window change costs what the screen shows.

A detector image (3000 x 3000 at 16 bits) shown zoomed out in a panel of 800 pixels puts
about four image pixels on each screen pixel: windowing all nine million values, and then
scaling them down on screen, spends most of the time on pixels nobody sees. A
:class:`Pyramid` keeps halved copies of the modality values (each pixel the mean of a 2 x 2
block, so no detail flickers in and out as with skipping pixels), made once per image;
the window is applied to the level that still has at least one value per screen pixel,
and to the full image when zoomed in (:func:`level_for`).
"""

from __future__ import annotations

import math

import numpy as np

#: Images with fewer pixels than this are always windowed whole (an MR slice: no gain).
MIN_PIXELS = 1 << 20
#: The smallest level kept (pixels along its shorter side).
MIN_SIDE = 256


def halve(values: np.ndarray) -> np.ndarray:
    """The image at half size: each value the mean of a 2 x 2 block (an odd last row or
    column dropped), in the image's own type (integers rounded down)."""
    rows, cols = (values.shape[0] // 2) * 2, (values.shape[1] // 2) * 2
    v = values[:rows, :cols]
    if values.dtype.kind in "iu":
        wide = np.int64 if values.dtype.kind == "i" else np.uint64 \
            if values.dtype.itemsize > 2 else np.uint32
        total = v[0::2, 0::2].astype(wide)
        total += v[1::2, 0::2]
        total += v[0::2, 1::2]
        total += v[1::2, 1::2]
        out = (total // 4).astype(values.dtype)
    else:
        out = ((v[0::2, 0::2] + v[1::2, 0::2] + v[0::2, 1::2] + v[1::2, 1::2]) / 4).astype(
            values.dtype)
    out.setflags(write=False)
    return out


def level_for(shape: tuple[int, ...], magnification: float) -> int:
    """The pyramid level to window for output pixels per image pixel ``magnification``:
    ``k`` halvings (factor ``2**k``) still leaving at least one value per output pixel;
    0 (the full image) for small images or when zoomed in."""
    if shape[0] * shape[1] < MIN_PIXELS or magnification <= 0 or magnification >= 0.5:
        return 0
    level = math.floor(math.log2(1.0 / magnification))
    while level > 0 and min(shape[0], shape[1]) >> level < MIN_SIDE:
        level -= 1
    return max(level, 0)


class Pyramid:
    """The full image and its halved levels, made when first asked for."""

    def __init__(self, values: np.ndarray) -> None:
        self.levels = [values]

    def level(self, k: int) -> np.ndarray:
        """Level ``k`` (``k`` halvings of the full image)."""
        while len(self.levels) <= k:
            self.levels.append(halve(self.levels[-1]))
        return self.levels[k]

    @property
    def nbytes(self) -> int:
        """Bytes of the reduced levels (the full image belongs to the frame cache)."""
        return sum(level.nbytes for level in self.levels[1:])
