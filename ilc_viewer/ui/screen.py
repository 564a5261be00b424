"""Screen size and density: how large text and pictures should be on this screen.

Qt already scales everything where the desktop asks for it (Windows at 200 %, macOS Retina,
``QT_SCALE_FACTOR``): those screens report a smaller logical size and a device pixel ratio
above 1. An unscaled 4K screen (common on Linux) reports 3840x2160 logical pixels at ratio
1, where the usual 11 pt text is a few millimetres tall; there the window's text is made
larger, and the on-image words and thumbnails follow the window's text.
"""

from __future__ import annotations

from PySide6.QtGui import QFontInfo, QGuiApplication
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

#: Fonts with Japanese glyphs, tried after the system font for any character it lacks
#: (menus, panels, phrases): Windows (Yu Gothic UI, Meiryo), macOS (Hiragino), Linux (Noto
#: Sans CJK JP, IPA, Takao, VL); each system skips the names it does not have. JP variants
#: come first so kanji take their Japanese shapes.
CJK_FAMILIES = ("Yu Gothic UI", "Meiryo UI", "Meiryo", "Yu Gothic", "Hiragino Sans",
                "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP",
                "Source Han Sans JP", "IPAexGothic", "IPAGothic", "TakaoGothic", "VL Gothic")
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


#: ui_text_scale by (font key, screen dpi): every overlay and label asks, often per paint, and
#: measuring the font (QFontInfo) costs far more than looking it up.
_SCALES: dict[tuple[str, float], float] = {}


def ui_text_scale() -> float:
    """How much larger than usual the application's text is now (1.0 at least)."""
    if QGuiApplication.instance() is None:
        return 1.0
    font = QGuiApplication.font()
    screen = QGuiApplication.primaryScreen()
    key = (font.key(), screen.logicalDotsPerInchY() if screen is not None else 0.0)
    scale = _SCALES.get(key)
    if scale is None:
        scale = _SCALES[key] = max(1.0, QFontInfo(font).pixelSize() / BASE_TEXT_PX)
    return scale


class ScaledStyle(QProxyStyle):
    """The platform style with every size (check boxes, arrows, scroll bars, margins)
    multiplied by ``factor``: on an unscaled 4K screen the larger text alone would sit in
    tiny controls. Qt's own high-DPI scaling does this where the desktop asks for it.
    """

    def __init__(self, factor: float) -> None:
        super().__init__()
        self.factor = factor

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        """The base style's size, scaled (negative values mean "none" and stay)."""
        value = super().pixelMetric(metric, option, widget)
        return round(value * self.factor) if value > 0 else value


def scale_style(app: QApplication, factor: float) -> None:
    """Give ``app`` a style scaled by ``factor`` (nothing to do at 1)."""
    if factor > 1.0:
        style = ScaledStyle(factor)
        style.setParent(app)  # one owner: the application
        app.setStyle(style)
