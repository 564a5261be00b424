"""Drawing primitives for burned-in overlays: outlined text, arrows, boxes, word wrap (Pillow).

Pillow draws with FreeType straight into the RGB buffer, which is far quicker than a
matplotlib figure for a few dozen labels on a large picture and keeps the PNG export fast.
Text gets a dark outline so it reads on white bone marrow and black air alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from ilc_viewer.export.fonts import japanese_font

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
NOTE: RGB = (255, 190, 60)
MARK: RGB = (60, 220, 255)
MUTED: RGB = (200, 200, 200)

#: Characters that must not start a line (Japanese line-breaking rules, kinsoku).
NO_LINE_START = set(
    "、。，．・：；？！）」』】〕〉》ー"
    "ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
    ",.;:!?)]"
)
TOKEN = re.compile(r"[A-Za-z0-9À-ɏ'’.,:;!?%()\[\]/+\-–—°]+|\s+|.", re.UNICODE)


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont:
    """The Japanese-capable font at a pixel size (cached: loading the file costs time)."""
    return ImageFont.truetype(str(japanese_font()), max(6, int(size)))


def hex_rgb(colour: str) -> RGB:
    """``"#rrggbb"`` as an (r, g, b) tuple; white for anything unreadable."""
    try:
        value = int(colour.lstrip("#"), 16)
    except (ValueError, AttributeError):
        return WHITE
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def wrap_text(text: str, max_width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` (by ``measure``), greedily.

    Latin words are kept whole; Japanese breaks between characters, but never before a
    closing mark such as 。 or 」. A single word wider than the line gets a line of its own.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for token in TOKEN.findall(paragraph):
            candidate = current + token
            fits = measure(candidate.rstrip()) <= max_width
            if fits or not current.strip() or token[0] in NO_LINE_START:
                current = candidate
                continue
            lines.append(current.rstrip())
            current = token.lstrip()
        lines.append(current.rstrip())
    return lines


class Painter:
    """Draws on one RGB Pillow image; sizes are in output pixels."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image
        # "RGBA" drawing mode blends translucent fills onto the RGB picture
        self.draw = ImageDraw.Draw(image, "RGBA")

    def text(self, xy: tuple[float, float], text: str, size: float, fill: RGB = WHITE,
             anchor: str = "lt", outline: bool = True) -> tuple[float, float, float, float]:
        """Outlined text; ``anchor`` is Pillow's (e.g. "lt" left-top, "rm" right-middle).

        Returns the bounding box drawn.
        """
        face = font(round(size))
        stroke = max(1, round(size / 9)) if outline else 0
        self.draw.text(xy, text, font=face, fill=fill, anchor=anchor,
                       stroke_width=stroke, stroke_fill=BLACK)
        return self.draw.textbbox(xy, text, font=face, anchor=anchor, stroke_width=stroke)

    def measure(self, text: str, size: float) -> float:
        """Width of a line of text in pixels."""
        return font(round(size)).getlength(text)

    def line_height(self, size: float) -> float:
        """Distance between two lines of text at ``size``."""
        ascent, descent = font(round(size)).getmetrics()
        return (ascent + descent) * 1.08

    def box(self, rect: tuple[float, float, float, float], fill: tuple[int, int, int, int],
            radius: float = 0.0, outline: RGB | None = None, width: int = 1) -> None:
        """A (rounded) rectangle, translucent when the fill's alpha is below 255."""
        self.draw.rounded_rectangle(rect, radius=radius, fill=fill, outline=outline, width=width)

    def line(self, points: list[tuple[float, float]], fill: RGB, width: float,
             halo: bool = True) -> None:
        """A polyline with a dark halo under it, so it stands out on any grey."""
        if halo:
            self.draw.line(points, fill=BLACK, width=max(1, round(width + 2)), joint="curve")
        self.draw.line(points, fill=fill, width=max(1, round(width)), joint="curve")

    def arrow(self, tail: tuple[float, float], tip: tuple[float, float], fill: RGB,
              width: float) -> None:
        """A line from tail to tip with a filled head at the tip."""
        dx, dy = tip[0] - tail[0], tip[1] - tail[1]
        length = math.hypot(dx, dy)
        if length < 1e-6:
            return
        ux, uy = dx / length, dy / length
        head = min(max(4.0 * width, 7.0), length * 0.6)
        base = (tip[0] - ux * head, tip[1] - uy * head)
        wing = head * 0.45
        left = (base[0] - uy * wing, base[1] + ux * wing)
        right = (base[0] + uy * wing, base[1] - ux * wing)
        self.line([tail, base], fill, width)
        self.draw.polygon([tip, left, right], fill=fill, outline=BLACK)

    def ellipse(self, centre: tuple[float, float], rx: float, ry: float, fill: RGB,
                width: float) -> None:
        """An unfilled ellipse with a dark halo."""
        rect = (centre[0] - rx, centre[1] - ry, centre[0] + rx, centre[1] + ry)
        self.draw.ellipse(rect, outline=BLACK, width=max(1, round(width + 2)))
        self.draw.ellipse(rect, outline=fill, width=max(1, round(width)))

    def label(self, xy: tuple[float, float], text: str, size: float, fill: RGB,
              anchor: str = "mm") -> tuple[float, float, float, float]:
        """Text on a dark rounded plate edged in ``fill`` (annotation labels)."""
        face = font(round(size))
        left, top, right, bottom = self.draw.textbbox(xy, text, font=face, anchor=anchor)
        pad = size * 0.3
        rect = (left - pad, top - pad, right + pad, bottom + pad)
        self.box(rect, (0, 0, 0, 190), radius=pad, outline=fill, width=max(1, round(size / 10)))
        self.draw.text(xy, text, font=face, fill=fill, anchor=anchor)
        return rect

    def plate_lines(self, rect: tuple[float, float, float, float], lines: list[str],
                    size: float, fill: RGB) -> None:
        """Lines of text centred on a dark rounded plate filling ``rect`` (wrapped labels)."""
        pad = size * 0.3
        self.box(rect, (0, 0, 0, 190), radius=pad, outline=fill, width=max(1, round(size / 10)))
        face = font(round(size))
        y = rect[1] + pad
        for line in lines:
            self.draw.text(((rect[0] + rect[2]) / 2, y), line, font=face, fill=fill, anchor="mt")
            y += self.line_height(size)

    def plate_size(self, lines: list[str], size: float) -> tuple[float, float]:
        """(width, height) of a plate holding ``lines`` at ``size``, padding included."""
        pad = size * 0.3
        width = max((self.measure(line, size) for line in lines), default=0.0)
        return width + 2 * pad, len(lines) * self.line_height(size) + 2 * pad
