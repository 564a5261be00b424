"""Colour images: brightness and contrast instead of window/level.

A colour image (RGB, YBR, PALETTE COLOR) has no grey values to window: its colours are the
picture. It goes through the same linear function as a grey image, applied to each of its
red, green and blue values (:func:`~ilc_viewer.display.window.window_to_uint8` takes
``(rows, cols, 3)`` arrays), starting from the window that leaves the colours as recorded.
People adjust it as *brightness* and *contrast*, in percent of that starting window:
brightness +20 % moves the centre down by a fifth of the full range (everything lighter),
contrast 150 % narrows the width to two thirds (colours further apart).
"""

from __future__ import annotations

import numpy as np

from ilc_viewer.display.window import Window, WindowPreset
from ilc_viewer.words.catalogue import N_, _

#: Presets: (name, brightness %, contrast %).
COLOUR_PRESETS = (
    (N_("Colours as recorded"), 0.0, 100.0),
    (N_("Brighter"), 20.0, 100.0),
    (N_("More contrast"), 0.0, 150.0),
)
#: Limits of the controls (percent).
BRIGHTNESS_RANGE = (-100.0, 100.0)
CONTRAST_RANGE = (10.0, 1000.0)


def full_range(values: np.ndarray) -> Window:
    """The window that shows a colour image's values as recorded (all of its bit depth)."""
    dtype = np.asarray(values).dtype
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        low, high = (0, int(info.max)) if dtype.kind == "u" else (int(info.min), int(info.max))
    else:
        finite = np.asarray(values)[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    return Window.from_range(low, high)


def brightness_contrast(window: Window, full: Window) -> tuple[float, float]:
    """(brightness %, contrast %) of ``window`` relative to ``full`` (0 %, 100 % as recorded)."""
    brightness = (full.center - window.center) / full.width * 100.0
    contrast = full.width / window.width * 100.0
    return brightness, contrast


def window_from(brightness: float, contrast: float, full: Window) -> Window:
    """The window of ``brightness`` % and ``contrast`` % (:func:`brightness_contrast` undone)."""
    contrast = float(np.clip(contrast, *CONTRAST_RANGE))
    brightness = float(np.clip(brightness, *BRIGHTNESS_RANGE))
    return Window(center=full.center - brightness / 100.0 * full.width,
                  width=max(full.width * 100.0 / contrast, 1.0))


def colour_presets(sample: np.ndarray) -> list[WindowPreset]:
    """The presets of a colour image: as recorded, brighter, more contrast."""
    full = full_range(sample)
    return [WindowPreset(_(name), window_from(b, c, full), "colour")
            for name, b, c in COLOUR_PRESETS]
