"""Measuring and wrapping the words drawn on images, with the one font both painters use.

The panel scene lays text out here, in output pixels, with FreeType's metrics of the bundled
Japanese-capable font (:func:`ilc_viewer.scene.fonts.japanese_font`), read through Pillow.
The window's QPainter and the file painter draw with the same font file at the same integer
pixel sizes, so a label box computed here fits the words on screen and in an export alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from PIL import ImageFont

from ilc_viewer.scene.fonts import japanese_font

#: Characters that must not start a line (Japanese line-breaking rules, kinsoku).
NO_LINE_START = frozenset(
    "、。，．・：；？！）」』】〕〉》ー"
    "ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
    ",.;:!?)]"
)
#: Characters that must not end a line.
NO_LINE_END = frozenset("（「『【〔〈《([")
#: Latin words (kept whole), runs of spaces, or any other single character (Japanese).
TOKEN = re.compile(r"[A-Za-z0-9À-ɏ'’.,:;!?%()\[\]/+\-–—°]+|\s+|.", re.UNICODE)
#: Smallest text size the scene draws (pixels).
MIN_SIZE = 6
#: Distance between two lines as a multiple of the font's ascent + descent.
LEADING = 1.08


def bold_stroke(text: str, size: int) -> float:
    """Width of the stroke that makes ``text`` bold (the font has no bold face).

    Japanese characters get none: their strokes are dense, and thickening them at the sizes
    on images fills them in; they stand out by size instead.
    """
    if any(ord(char) >= 0x3000 for char in text):
        return 0.0
    return float(max(1, round(size / 24)))


def pixel_size(size: float) -> int:
    """The integer pixel size text of nominal ``size`` is drawn at (both painters agree)."""
    return max(MIN_SIZE, round(size))


@lru_cache(maxsize=64)
def face(size: int) -> ImageFont.FreeTypeFont:
    """The font at an integer pixel size (cached: loading the file costs time)."""
    return ImageFont.truetype(str(japanese_font()), pixel_size(size))


@lru_cache(maxsize=8192)
def _width(text: str, size: int) -> float:
    return float(face(size).getlength(text))


def width(text: str, size: float) -> float:
    """Advance width of one line of ``text`` at ``size`` pixels."""
    return _width(text, pixel_size(size))


def ascent(size: float) -> float:
    """Pixels from the top of a line to its baseline."""
    return float(face(pixel_size(size)).getmetrics()[0])


def descent(size: float) -> float:
    """Pixels from the baseline to the bottom of a line."""
    return float(face(pixel_size(size)).getmetrics()[1])


def line_height(size: float) -> float:
    """Distance between the tops of two lines of text at ``size``."""
    return (ascent(size) + descent(size)) * LEADING


def wrap(text: str, max_width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` (by ``measure``), greedily.

    Latin words are kept whole; Japanese breaks between characters, but never before a
    closing mark such as 。 or 」 nor after an opening one. A word wider than the line gets a
    line of its own. Newlines in ``text`` always break.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for token in TOKEN.findall(paragraph):
            candidate = current + token
            fits = measure(candidate.rstrip()) <= max_width
            if fits or not current.strip() or token[0] in NO_LINE_START \
                    or current.rstrip()[-1:] in NO_LINE_END:
                current = candidate
                continue
            lines.append(current.rstrip())
            current = token.lstrip()
        lines.append(current.rstrip())
    return lines


def wrap_at(text: str, max_width: float, size: float) -> list[str]:
    """:func:`wrap` with the scene font at ``size``."""
    return wrap(text, max_width, lambda t: width(t, size))


def break_anywhere(text: str, max_width: float, size: float) -> list[str]:
    """Lines of ``text`` cut between any two characters to fit ``max_width`` (last resort)."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and width(current + char, size) > max_width:
            lines.append(current.rstrip())
            current = char.lstrip()
        else:
            current += char
    lines.append(current.rstrip())
    return [line for line in lines if line] or [""]
