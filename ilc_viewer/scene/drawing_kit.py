"""Drawing simple pictures as scene primitives: a canvas in its own units, and a few shapes.

The teaching cards (:mod:`ilc_viewer.scene.cards`) are drawn on a :class:`Canvas` of
1000 x 620 units placed in the middle of any output box, so one drawing serves the screen
(QPainter) and the handout (Pillow) at any size. Words on a drawing are wrapped between
words (between BudouX phrases in Japanese) to a width in units.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.primitives import RGBA, Box, Ellipse, Line, Polygon, Rect, Scene, Text

#: The drawing's own size in units (width, height).
UNITS = (1000.0, 620.0)
Pt = tuple[float, float]

INK: RGBA = (29, 39, 51, 255)
PAPER: RGBA = (246, 241, 231, 255)


def hex_rgba(colour: str, alpha: int = 255) -> RGBA:
    """``"#rrggbb"`` as RGBA."""
    value = int(colour.lstrip("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255, alpha


class Canvas:
    """Units -> output pixels for one drawing in ``box`` of a scene (kept in proportion)."""

    def __init__(self, scene: Scene, box: Box, units: Pt = UNITS) -> None:
        left, top, right, bottom = box
        self.scene = scene
        self.scale = min((right - left) / units[0], (bottom - top) / units[1])
        self.x0 = left + ((right - left) - units[0] * self.scale) / 2
        self.y0 = top + ((bottom - top) - units[1] * self.scale) / 2
        self.units = units

    def xy(self, x: float, y: float) -> Pt:
        """The output point of a point in units."""
        return self.x0 + x * self.scale, self.y0 + y * self.scale

    def pts(self, points: Iterable[Pt]) -> tuple[Pt, ...]:
        return tuple(self.xy(x, y) for x, y in points)

    def poly(self, points: Sequence[Pt], fill: RGBA, edge: RGBA | None = None) -> None:
        """A filled polygon (with a thin edge when given)."""
        self.scene.add(Polygon(self.pts(points), fill, edge))

    def line(self, points: Sequence[Pt], colour: RGBA = INK, width: float = 4.0,
             dashed: bool = False) -> None:
        """A polyline ``width`` units wide."""
        self.scene.add(Line(self.pts(points), colour, max(1.0, width * self.scale),
                            dashed=dashed))

    def ellipse(self, centre: Pt, rx: float, ry: float, fill: RGBA | None = None,
                colour: RGBA | None = None, width: float = 4.0) -> None:
        """An ellipse: filled, outlined or both."""
        outline = colour if colour is not None else (fill or INK)
        self.scene.add(Ellipse(self.xy(*centre), rx * self.scale, ry * self.scale, outline,
                               max(1.0, width * self.scale) if colour is not None else 1.0,
                               fill=fill))

    def circle(self, centre: Pt, r: float, fill: RGBA | None = None,
               colour: RGBA | None = None, width: float = 4.0) -> None:
        self.ellipse(centre, r, r, fill, colour, width)

    def rect(self, box: Box, fill: RGBA | None, edge: RGBA | None = None, width: float = 3.0,
             radius: float = 0.0) -> None:
        """A (rounded) rectangle in units."""
        (x0, y0), (x1, y1) = self.xy(box[0], box[1]), self.xy(box[2], box[3])
        self.scene.add(Rect((x0, y0, x1, y1), fill, edge, max(1.0, width * self.scale),
                            radius * self.scale))

    def text(self, x: float, y: float, words: str, size: float = 24.0, colour: RGBA = INK,
             align: str = "centre", bold: bool = False, width: float | None = None) -> float:
        """Words with their first line's top at ``y`` (units), wrapped to ``width`` units;
        returns the bottom of the last line in units."""
        px = fonts.pixel_size(size * self.scale)
        lines = fonts.wrap_at(words, width * self.scale, px) if width else [words]
        top = self.xy(x, y)[1]
        for line in lines:
            advance = fonts.width(line, px)
            left = self.xy(x, y)[0] - (advance / 2 if align == "centre" else
                                       advance if align == "right" else 0.0)
            thick = fonts.bold_stroke(line, px) if bold else 0.0
            height = fonts.line_height(px)
            self.scene.add(Text(left, top + fonts.ascent(px), line, px, colour, 0.0,
                                float(thick), (left, top, left + advance, top + height)))
            top += height
        return (top - self.y0) / self.scale


# ----- shapes -------------------------------------------------------------------------------
def arc(centre: Pt, rx: float, ry: float, start: float, end: float, steps: int = 24
        ) -> list[Pt]:
    """Points along an elliptical arc, angles in degrees (0 = right, 90 = down)."""
    return [(centre[0] + rx * math.cos(math.radians(start + (end - start) * k / steps)),
             centre[1] + ry * math.sin(math.radians(start + (end - start) * k / steps)))
            for k in range(steps + 1)]


def wave(start: Pt, length: float, height: float, waves: float = 2.0, vertical: bool = False,
         steps: int = 30) -> list[Pt]:
    """A wavy line (steam, air, a swaying path) from ``start``, across or upward."""
    out = []
    for k in range(steps + 1):
        along = length * k / steps
        side = height * math.sin(2 * math.pi * waves * k / steps)
        out.append((start[0] + side, start[1] - along) if vertical
                   else (start[0] + along, start[1] + side))
    return out


def arrow(canvas: Canvas, tail: Pt, tip: Pt, colour: RGBA, width: float = 5.0,
          head: float = 18.0) -> None:
    """A straight arrow in units."""
    canvas.line([tail, tip], colour, width)
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    base = (tip[0] - ux * head, tip[1] - uy * head)
    canvas.poly([tip, (base[0] - uy * head * 0.55, base[1] + ux * head * 0.55),
                 (base[0] + uy * head * 0.55, base[1] - ux * head * 0.55)], colour)


def star(canvas: Canvas, centre: Pt, r: float, colour: RGBA) -> None:
    """A five-pointed star."""
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = math.radians(-90 + 36 * k)
        points.append((centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)))
    canvas.poly(points, colour)


def sun(canvas: Canvas, centre: Pt, r: float) -> None:
    """A sun with rays."""
    gold = hex_rgba("#f6b93b")
    for k in range(12):
        dx, dy = math.cos(math.radians(30 * k)), math.sin(math.radians(30 * k))
        canvas.line([(centre[0] + r * 1.25 * dx, centre[1] + r * 1.25 * dy),
                     (centre[0] + r * 1.7 * dx, centre[1] + r * 1.7 * dy)], gold, 6)
    canvas.circle(centre, r, fill=gold)


def person(canvas: Canvas, feet: Pt, height: float, colour: RGBA = INK, walking: bool = False,
           smile: bool = True) -> None:
    """A simple figure standing (or walking) with its feet at ``feet``."""
    x, y = feet
    head = height * 0.13
    neck = y - height + 2 * head
    hip = y - height * 0.45
    canvas.circle((x, y - height + head), head, fill=PAPER, colour=colour, width=4)
    if smile:
        canvas.line(arc((x, y - height + head * 1.05), head * 0.5, head * 0.4, 20, 160, 8),
                    colour, 3)
    canvas.line([(x, neck), (x, hip)], colour, 6)
    spread = height * (0.22 if walking else 0.14)
    canvas.line([(x - spread, y), (x, hip), (x + spread, y)], colour, 6)
    arm = neck + height * 0.1
    canvas.line([(x - spread * 0.9, arm + height * 0.22), (x, arm),
                 (x + spread * 0.9, arm + height * 0.22)], colour, 5)
