"""A VOI LUT (a non-linear curve stored by an X-ray unit) from modality values to grey levels.

An X-ray unit often stores its picture's grey curve as a table rather than a window
(VOI LUT Sequence, PS3.3 C.11.2.1.1): input values ``first .. first + n - 1`` map to the
table's entries, lower inputs to the first entry and higher ones to the last, and the
entries run from 0 (black) to ``top`` (white, 2**bits - 1). :func:`voi_to_uint8` does that
with one table lookup per pixel, like the linear window, and inverts for MONOCHROME1.
The table itself is pydicom's (:func:`ilc_viewer.study.lookup_tables.voi_table`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import numpy as np


class Table(Protocol):
    """What a VOI LUT gives: its first mapped input value, its entries and their top."""

    first: int
    data: np.ndarray
    top: int


def voi_to_uint8(values: np.ndarray, table: Table, invert: bool = False) -> np.ndarray:
    """Grey levels 0..255 of modality values through a VOI LUT (new C-contiguous uint8)."""
    values = np.asarray(values)
    if values.dtype in (np.uint8, np.uint16):
        # one lookup: a table over every value the image type can hold
        return np.ascontiguousarray(_full_table(table, invert, values.dtype.itemsize)[values])
    grey = _grey_levels(table, invert)
    index = np.clip(np.rint(values.astype(np.float64)) - table.first, 0, grey.size - 1)
    return np.ascontiguousarray(grey[index.astype(np.intp)])


# Tables are hashed by identity (a VoiTable is made once per file and LUT and kept).
@lru_cache(maxsize=32)
def _grey_levels(table: Table, invert: bool) -> np.ndarray:
    data = np.asarray(table.data, dtype=np.float64)
    grey = np.rint(np.clip(data / max(table.top, 1), 0.0, 1.0) * 255.0).astype(np.uint8)
    if invert:
        grey = 255 - grey
    grey.setflags(write=False)
    return grey


@lru_cache(maxsize=8)
def _full_table(table: Table, invert: bool, itemsize: int) -> np.ndarray:
    grey = _grey_levels(table, invert)
    inputs = np.arange(1 << (8 * itemsize), dtype=np.int64)
    full = grey[np.clip(inputs - table.first, 0, grey.size - 1)]
    full.setflags(write=False)
    return full
