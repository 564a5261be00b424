"""Screen size and density: how large text and pictures should be on this screen.

Qt already scales everything where the desktop asks for it (Windows at 200 %, macOS Retina,
``QT_SCALE_FACTOR``): those screens report a smaller logical size and a device pixel ratio
above 1. An unscaled 4K screen (common on Linux) reports 3840x2160 logical pixels at ratio
1, where the usual 11 pt text is a few millimetres tall; there the window's text is made
larger, and the on-image words and thumbnails follow the window's text.
"""

from __future__ import annotations

from PySide6.QtGui import QFontInfo, QGuiApplication

#: Base text size in points at the usual desktop density.
BASE_POINTS = 11.0
#: Pixel height of that text at 96 dpi: the unit :func:`ui_text_scale` compares with.
BASE_TEXT_PX = 15.0
#: Logical screen height of a full-HD screen; screens up to QHD_HEIGHT are used as they are.
FULL_HD_HEIGHT = 1080
QHD_HEIGHT = 1440
MAX_TEXT_SCALE = 2.0


def text_scale(screen_height: int) -> float:
    """How much larger than usual the window's text should be on a screen this tall.

    ``screen_height`` is in logical pixels; up to 1440 (a 27-inch QHD read at arm's length)
    nothing changes, above it text grows with the height, at most twice.
    """
    if screen_height <= QHD_HEIGHT:
        return 1.0
    return min(MAX_TEXT_SCALE, screen_height / FULL_HD_HEIGHT)


def ui_text_scale() -> float:
    """How much larger than usual the application's text is now (1.0 at least)."""
    if QGuiApplication.instance() is None:
        return 1.0
    return max(1.0, QFontInfo(QGuiApplication.font()).pixelSize() / BASE_TEXT_PX)
