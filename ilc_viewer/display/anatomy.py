"""Where the anatomy lies in an image: the box of what is not dark background.

Panels frame this box, not the whole image, so a sagittal lumbar image whose body fills the
middle of the field of view is drawn as large as the panel allows; the black margins around
it may lie under the panel's words (issue 17: words may cover black margin, never anatomy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ilc_viewer.study.model import Series

#: Share of the image's brightness range above which a pixel counts as anatomy (MR background
#: noise stays well below; the faint edge of fat under the skin stays above).
LEVEL = 0.08
#: Share of a row or column that must be anatomy for the row or column to count (isolated
#: noise, a stray bright pixel, a thin ghost line do not widen the box).
SHARE = 0.05
#: Gaps narrower than this share of the image join two bright runs (the legs of one body);
#: a wider gap leaves the lesser run out (a ghost line, a marker, a stray bright edge).
JOIN = 0.1
#: Margin added on every side, as a share of the image size.
MARGIN = 0.02
#: Largest side looked at: a larger image is sampled every n-th pixel.
SAMPLE_SIDE = 256


def anatomy_box(values: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) in image pixels, bottom and right exclusive, of the part
    of ``values`` that is not background; None when the whole image is background, or the
    bright part is too small to be anatomy (then the whole image is framed)."""
    image = np.asarray(values)
    if image.ndim == 3:  # colour: its brightness
        image = image.mean(axis=2)
    if image.ndim != 2 or min(image.shape) < 8:
        return None
    rows, columns = image.shape
    step = max(1, -(-max(rows, columns) // SAMPLE_SIDE))
    sample = image[::step, ::step].astype(np.float32, copy=False)
    finite = sample[np.isfinite(sample)]
    if finite.size == 0:
        return None
    low, high = np.percentile(finite, (1.0, 99.5))
    if not high > low:
        return None
    bright = np.nan_to_num(sample, nan=float(low)) > low + LEVEL * (high - low)
    found_rows = _main_run(bright.mean(axis=1))
    found_columns = _main_run(bright.mean(axis=0))
    if found_rows is None or found_columns is None:
        return None
    pad_r, pad_c = round(rows * MARGIN), round(columns * MARGIN)
    top = max(0, found_rows[0] * step - pad_r)
    bottom = min(rows, found_rows[1] * step + pad_r)
    left = max(0, found_columns[0] * step - pad_c)
    right = min(columns, found_columns[1] * step + pad_c)
    if bottom - top < rows * 0.1 or right - left < columns * 0.1:
        return None
    return top, left, bottom, right


def _main_run(shares: np.ndarray) -> tuple[int, int] | None:
    """(first, last + 1) of the run of rows (or columns) counted as anatomy that holds the
    most bright pixels, runs closer than :data:`JOIN` joined."""
    counted = np.flatnonzero(shares > SHARE)
    if counted.size == 0:
        return None
    join = max(1, round(shares.size * JOIN))
    breaks = np.flatnonzero(np.diff(counted) > join)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [counted.size - 1]))
    mass = [shares[counted[a]:counted[b] + 1].sum() for a, b in zip(starts, ends, strict=True)]
    best = int(np.argmax(mass))
    return int(counted[starts[best]]), int(counted[ends[best]]) + 1


def same_image_grid(a: Series, b: Series, tolerance_mm: float = 2.0) -> bool:
    """True when the pixels of ``a`` and ``b`` lie on one in-plane grid: same size, spacing,
    directions and in-plane origin (a box of pixels then means the same anatomy in both)."""
    ga, gb = a.geometry, b.geometry
    if ga is None or gb is None or (ga.rows, ga.columns) != (gb.rows, gb.columns):
        return False
    if not np.allclose(ga.pixel_spacing, gb.pixel_spacing, rtol=0.01):
        return False
    if float(np.dot(ga.row_direction, gb.row_direction)) < 0.999 or \
            float(np.dot(ga.col_direction, gb.col_direction)) < 0.999:
        return False
    offset = gb.positions[0] - ga.positions[0]
    return abs(float(np.dot(offset, ga.row_direction))) <= tolerance_mm and \
        abs(float(np.dot(offset, ga.col_direction))) <= tolerance_mm
