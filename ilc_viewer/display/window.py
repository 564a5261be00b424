"""Window / level: the one path from stored pixel values to the grey levels people see.

The screen and every export call :func:`window_to_uint8`, so what staff export is what the
doctor saw. Values are those after the modality LUT (rescale slope / intercept), which is the
space DICOM Window Center / Width live in (PS3.3 C.11.2.1.2).

Integer images (nearly all MR) go through a lookup table built once per window and dtype,
as pyqtgraph does for 16-bit images: one table lookup per pixel instead of float arithmetic.
Float images use the same formula directly. Both paths give identical results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ilc_viewer.study.model import ImageRef, Series
from ilc_viewer.words.catalogue import N_, _

#: Integer images whose value span is at most this use a lookup table (entries).
MAX_LUT_SIZE = 1 << 20
#: Auto window: percentiles of the foreground that become black and white.
AUTO_LOW_PERCENTILE = 1.0
AUTO_HIGH_PERCENTILE = 99.5
#: Pixels darker than this fraction of the bright end (above the padding value) count as air.
AIR_FRACTION = 0.05
#: Dragging this many screen pixels changes the centre by one current width, and doubles
#: (right) or halves (left) the width.
DRAG_PIXELS_PER_WIDTH = 256.0


@dataclass(frozen=True)
class Window:
    """A linear VOI window (PS3.3 C.11.2.1.2): centre and width in modality-LUT units."""

    center: float
    width: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.center) and math.isfinite(self.width)):
            raise ValueError(f"window centre/width must be finite, got {self.center}/{self.width}")
        if self.width < 1:
            raise ValueError(f"window width must be at least 1, got {self.width}")

    @classmethod
    def from_range(cls, low: float, high: float) -> Window:
        """The window that maps ``low`` to black and ``high`` to white (width at least 1)."""
        width = max(float(high) - float(low) + 1.0, 1.0)
        return cls(center=float(low) + 0.5 + (width - 1.0) / 2.0, width=width)

    @property
    def low(self) -> float:
        """Values at or below this are black (the formula's lower bound)."""
        return self.center - 0.5 - (self.width - 1.0) / 2.0

    @property
    def high(self) -> float:
        """Values above this are white."""
        return self.center - 0.5 + (self.width - 1.0) / 2.0


@dataclass(frozen=True)
class WindowPreset:
    """A named window the user can pick: from the file, automatic, or for the sequence."""

    name: str
    window: Window
    source: str  # "dicom" | "auto" | "sequence" | "colour"
    #: A table of the image's VOI LUT Sequence (by position) instead of the linear window;
    #: ``window`` is then its linear stand-in (where a drag starts from).
    voi_lut: int | None = None


def _linear(x: np.ndarray, window: Window, invert: bool) -> np.ndarray:
    """PS3.3 C.11.2.1.2.1 linear function on float64 ``x``, to 0..255 as uint8."""
    c, w = window.center - 0.5, window.width - 1.0
    # Width 1 is a hard threshold at c. Otherwise the formula is continuous: exactly 0 at the
    # lower bound c - w/2 and 255 at the upper bound c + w/2, so clipping gives the standard's
    # two end cases.
    y = (np.where(x > c, 255.0, 0.0) if w <= 0
         else np.clip(((x - c) / w + 0.5) * 255.0, 0.0, 255.0))
    y[np.isnan(x)] = 0.0  # NaN (undecodable / masked) shows black, never white
    out = np.rint(y).astype(np.uint8)
    return 255 - out if invert else out


@lru_cache(maxsize=64)
def _signed_lut(center: float, width: float, invert: bool, bits: int) -> np.ndarray:
    """Table indexed by the *unsigned* reading of signed ``bits``-bit values.

    Reading signed values as unsigned turns -1 into 2**bits - 1: rolling the table makes
    entry u hold the grey of the signed value with the same bits, so no copy of the image
    is needed to index it.
    """
    half = 1 << (bits - 1)
    table = np.roll(_lut(center, width, invert, -half, 1 << bits), -half)
    table.setflags(write=False)
    return table


@lru_cache(maxsize=64)
def _lut(center: float, width: float, invert: bool, first: int, size: int) -> np.ndarray:
    """Grey level of every integer value ``first .. first + size - 1``."""
    values = np.arange(first, first + size, dtype=np.float64)
    table = _linear(values, Window(center, width), invert)
    table.setflags(write=False)  # shared through the cache
    return table


def window_to_uint8(values: np.ndarray, window: Window, invert: bool = False) -> np.ndarray:
    """Map stored (modality-LUT) values to 0..255 with the DICOM linear window.

    ``invert`` flips black and white: for MONOCHROME1 images or the user's invert toggle.
    Returns a new C-contiguous ``uint8`` array of the same shape.
    """
    values = np.asarray(values)
    if values.dtype == np.bool_:
        values = values.view(np.uint8)
    key = (float(window.center), float(window.width), bool(invert))
    if values.dtype in (np.uint8, np.uint16):
        table = _lut(*key, 0, 1 << (8 * values.dtype.itemsize))
        return np.ascontiguousarray(table[values])
    if values.dtype in (np.int8, np.int16):
        bits = 8 * values.dtype.itemsize
        table = _signed_lut(*key, bits)
        return np.ascontiguousarray(table[values.view(f"uint{bits}")])
    if values.dtype.kind in "iu" and values.size:
        low, high = int(values.min()), int(values.max())
        if high - low < MAX_LUT_SIZE:
            table = _lut(*key, low, high - low + 1)
            return np.ascontiguousarray(table[values - low])
    return np.ascontiguousarray(_linear(values.astype(np.float64), window, invert))


#: Windows are chosen from at most this many pixels (an even spread over the image): the
#: percentiles of a 512x512 slice move by well under a grey level, and a window is chosen
#: in a few milliseconds instead of tens, which the first picture waits for.
MAX_SAMPLES = 1 << 16


def _sample(values: np.ndarray) -> np.ndarray:
    """Up to MAX_SAMPLES finite values of the image, evenly spread, as float64 (1-D)."""
    flat = np.asarray(values).ravel()
    step = max(1, -(-flat.size // MAX_SAMPLES))
    flat = flat[::step].astype(np.float64)
    return flat[np.isfinite(flat)]


def _foreground(values: np.ndarray) -> np.ndarray:
    """Finite pixels that are neither the minimum-valued padding nor dark air (1-D sample)."""
    flat = _sample(values)
    if flat.size == 0:
        return flat
    inside = flat[flat > flat.min()]  # scanners pad with the minimum value
    if inside.size == 0:
        return flat
    floor = float(inside.min())
    bright = float(np.percentile(inside, AUTO_HIGH_PERCENTILE))
    tissue = inside[inside > floor + AIR_FRACTION * (bright - floor)]
    # A mostly-empty image may leave too few tissue pixels for stable percentiles
    return tissue if tissue.size >= max(16, inside.size // 50) else inside


def _window_from_percentiles(tissue: np.ndarray, low_pct: float, high_pct: float) -> Window:
    low, high = np.percentile(tissue, [low_pct, high_pct])
    return Window.from_range(float(low), float(high))


def auto_window(values: np.ndarray) -> Window:
    """A window from robust percentiles of the tissue, ignoring black padding and air.

    MR images are often mostly background; using all pixels would put the whole window in
    the noise. The 1st..99.5th percentiles of the pixels above the air level are used.
    """
    tissue = _foreground(values)
    if tissue.size == 0:
        return Window(0.5, 1.0)
    return _window_from_percentiles(tissue, AUTO_LOW_PERCENTILE, AUTO_HIGH_PERCENTILE)


def histogram(values: np.ndarray, bins: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """Counts and bin edges of the finite pixels (a sample of at most MAX_SAMPLES on large
    images), leaving out the minimum-valued padding."""
    flat = _sample(values)
    if flat.size == 0:
        return np.zeros(bins, dtype=np.int64), np.linspace(0.0, 1.0, bins + 1)
    inside = flat[flat > flat.min()]
    data = inside if inside.size else flat
    return np.histogram(data, bins=bins)


#: Sequence-aware presets: (name, low percentile, high percentile) of the tissue pixels.
#: On T2 a high lower bound darkens soft tissue so fluid stands out; a lower upper bound
#: spends the grey levels on the disc's mid tones. On STIR, fat is already dark, so a high
#: lower bound leaves only fluid and oedema bright.
SEQUENCE_PRESETS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "T1": ((N_("Anatomy"), 1.0, 99.0), (N_("Soft contrast"), 0.2, 99.9)),
    "T2": ((N_("Fluid bright"), 30.0, 99.8), (N_("Disc detail"), 5.0, 95.0)),
    "STIR": ((N_("Oedema (high contrast)"), 50.0, 99.5), (N_("Soft contrast"), 0.5, 99.9)),
}
_GENERAL_PRESETS = ((N_("Soft contrast"), 0.2, 99.9),)


def dicom_presets(series: Series) -> list[WindowPreset]:
    """The sane Window Center/Width pairs stored in the series' middle image, named, then
    the tables of its VOI LUT Sequence (their window a placeholder: the open study gives
    them the table's range)."""
    if not series.images:
        return []
    image = series.images[len(series.images) // 2]
    presets = _linear_presets(image)
    for number, explanation in enumerate(image.voi_luts, start=1):
        name = explanation.strip() or _("Scanner curve {number}", number=number)
        presets.append(WindowPreset(name, Window(0.5, 1.0), "dicom", voi_lut=number - 1))
    return presets


def _linear_presets(image: ImageRef) -> list[WindowPreset]:
    presets: list[WindowPreset] = []
    seen: set[tuple[float, float]] = set()
    for number, value in enumerate(image.windows, start=1):
        try:
            window = Window(float(value.center), float(value.width))
        except (TypeError, ValueError):
            continue  # a width below 1 or a non-number: unusable, not an error for the user
        if (window.center, window.width) in seen:
            continue
        seen.add((window.center, window.width))
        name = value.explanation.strip() or _("Scanner {number}", number=number)
        presets.append(WindowPreset(name, window, "dicom"))
    return presets


def series_presets(series: Series, sample: np.ndarray) -> list[WindowPreset]:
    """DICOM presets, then "Automatic", then presets named for the series' sequence; a
    colour image's brightness/contrast presets."""
    if series.images and series.images[0].is_colour:
        from ilc_viewer.display.colour import colour_presets

        return colour_presets(sample)
    presets = dicom_presets(series)
    presets.append(WindowPreset(_("Automatic"), auto_window(sample), "auto"))
    tissue = _foreground(sample)
    if tissue.size == 0:
        return presets
    seen = {p.window for p in presets}
    for name, low, high in SEQUENCE_PRESETS.get(series.sequence, _GENERAL_PRESETS):
        window = _window_from_percentiles(tissue, low, high)
        if window not in seen:
            seen.add(window)
            presets.append(WindowPreset(_(name), window, "sequence"))
    return presets


def _plausible(window: Window, sample: np.ndarray) -> bool:
    """False for stored windows that miss the image's values (wrong units, stale values)."""
    tissue = _foreground(sample)
    if tissue.size == 0:
        return True
    low, high = (float(v) for v in np.percentile(tissue, [AUTO_LOW_PERCENTILE,
                                                          AUTO_HIGH_PERCENTILE]))
    span = max(high - low, 1.0)
    overlap = min(window.high, high) - max(window.low, low)
    return overlap >= 0.25 * min(span, window.width) and window.width <= 20 * span


def default_window(series: Series, sample: np.ndarray) -> Window:
    """The window a pane starts with: the file's first sane window, else automatic; a colour
    image's colours as recorded."""
    if series.images and series.images[0].is_colour:
        from ilc_viewer.display.colour import full_range

        return full_range(sample)
    for preset in dicom_presets(series):
        if preset.voi_lut is None and _plausible(preset.window, sample):
            return preset.window
    return auto_window(sample)


def window_from_drag(window: Window, dx: float, dy: float) -> Window:
    """Right-mouse drag on the image, in screen pixels (``dy`` grows downwards, as in Qt).

    Follows the common viewers (Horos / Weasis): horizontal movement changes the width,
    vertical movement the centre. Dragging right widens the window (softer contrast), left
    narrows it; dragging down raises the centre (darker image), up lowers it (brighter).
    Speed is proportional to the current width so fine and coarse windows feel the same:
    ``DRAG_PIXELS_PER_WIDTH`` pixels move the centre by one width and double the width.
    """
    width = max(window.width * 2.0 ** (dx / DRAG_PIXELS_PER_WIDTH), 1.0)
    center = window.center + dy * window.width / DRAG_PIXELS_PER_WIDTH
    return Window(center=center, width=width)
