"""The lookup tables a file carries in its header: colour palettes and VOI LUTs.

Both are applied through pydicom's own functions, so the colours and grey levels are
exactly pydicom's: a PALETTE COLOR image through
:func:`pydicom.pixels.apply_color_lut` (plain and segmented palettes, 8 and 16 bits), a VOI
LUT (the non-linear curve an X-ray unit stores for its picture, PS3.3 C.11.2.1.1) through
:func:`pydicom.pixels.apply_voi_lut`. The header is read once per file (no pixel data) and
kept in a small cache: a palette clip needs it for every frame.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from pydicom import Dataset, dcmread
from pydicom.pixels import apply_color_lut, apply_voi_lut

from ilc_viewer.study.model import ImageRef, ImageSource

#: Headers kept (a study's palette clips and X-rays; each a few kB to a few hundred).
HEADERS_KEPT = 16
_headers: OrderedDict[ImageSource, Dataset] = OrderedDict()
_tables: OrderedDict[tuple[ImageSource, int], VoiTable] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class VoiTable:
    """One VOI LUT: input values ``first .. first + len(data) - 1`` map to ``data``; values
    below and above take the first and last entries. Output runs from 0 to ``top``."""

    first: int
    data: np.ndarray
    top: int
    explanation: str = ""


def header(source: ImageSource) -> Dataset:
    """The file's header without its pixel data, read once (an ``OSError`` or pydicom's
    error when it cannot be read)."""
    with _lock:
        ds = _headers.get(source)
        if ds is not None:
            _headers.move_to_end(source)
            return ds
    with source.open() as fh:
        ds = dcmread(fh, stop_before_pixels=True)
    with _lock:
        _headers[source] = ds
        while len(_headers) > HEADERS_KEPT:
            _headers.popitem(last=False)
    return ds


def apply_palette(indices: np.ndarray, image: ImageRef) -> np.ndarray:
    """RGB of a PALETTE COLOR frame (uint8 or uint16, as the palette's entries)."""
    rgb = apply_color_lut(indices, header(image.source))
    return np.ascontiguousarray(rgb[..., :3])  # an alpha palette's fourth channel is not shown


def voi_table(image: ImageRef, index: int) -> VoiTable:
    """Table ``index`` of the image's VOI LUT Sequence, built by pydicom's ``apply_voi_lut``
    over every input value it maps (raises ``IndexError`` for a table the file lacks)."""
    key = (image.source, index)
    with _lock:
        table = _tables.get(key)
        if table is not None:
            return table
    ds = header(image.source)
    items = ds.get("VOILUTSequence") or []
    if not 0 <= index < len(items):
        raise IndexError(f"{image.display_name} has no VOI LUT {index + 1}")
    descriptor = [int(v) for v in items[index].LUTDescriptor]
    # pydicom reads the first mapped value as signed when Pixel Representation says so
    count, first, bits = descriptor[0] or 1 << 16, descriptor[1], descriptor[2]
    inputs = np.arange(first, first + count, dtype=np.int64)
    data = np.asarray(apply_voi_lut(inputs, ds, index=index, prefer_lut=True))
    top = max((1 << bits) - 1 if 1 <= bits <= 16 else 0, int(data.max(initial=0)), 1)
    table = VoiTable(first, data, top, str(items[index].get("LUTExplanation", "") or ""))
    with _lock:
        _tables[key] = table
        while len(_tables) > HEADERS_KEPT:
            _tables.popitem(last=False)
    return table


def clear() -> None:
    """Forget every header and table (tests; another study)."""
    with _lock:
        _headers.clear()
        _tables.clear()
