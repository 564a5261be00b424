"""Colours that read: WCAG 2 contrast, and a colour made light enough to reach it.

Words on a plate must reach AA (4.5:1) against that plate laid over a white image, the worst
case for a see-through plate; a phrase's own colour (chosen by the clinic) is lightened, its
hue kept, until it does. Both painters draw the result, so screen and paper agree.
"""

from __future__ import annotations

from ilc_viewer.scene.primitives import RGBA

#: WCAG 2 AA for normal text.
AA = 4.5


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over_white(fill: RGBA) -> tuple[float, float, float]:
    """A see-through fill laid over white."""
    alpha = fill[3] / 255
    return (fill[0] * alpha + 255 * (1 - alpha), fill[1] * alpha + 255 * (1 - alpha),
            fill[2] * alpha + 255 * (1 - alpha))


def readable_on(colour: RGBA, fill: RGBA, ratio: float = AA) -> RGBA:
    """``colour``, mixed with white just enough to reach ``ratio`` against ``fill`` over
    white (unchanged when it already does)."""
    ground = over_white(fill)
    mix = 0.0
    while mix < 1.0:
        mixed = tuple(round(c + (255 - c) * mix) for c in colour[:3])
        if contrast(mixed, ground) >= ratio:
            return (mixed[0], mixed[1], mixed[2], colour[3])
        mix += 0.05
    return (255, 255, 255, colour[3])
