"""Paint a panel scene into an RGB picture with Pillow (PNG, JPEG and the PDF handout).

The window paints the same :class:`~ilc_viewer.scene.primitives.Scene` with QPainter
(``ilc_viewer/ui/scene_painter.py``); both draw text with the same font file at the same pixel
sizes, strokes of the glyph outlines for the dark edge and for bold, so the two agree up to
antialiasing. Pillow draws with FreeType straight into the RGB buffer, far quicker than a
matplotlib figure for a few dozen labels on a large picture.
"""

from __future__ import annotations

import itertools
import math

from PIL import Image, ImageDraw

from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.primitives import (
    BLACK,
    HALO,
    Ellipse,
    Line,
    Picture,
    Point,
    Polygon,
    Rect,
    Scene,
    Text,
)

#: Dashes of a dashed line, in multiples of its width (on, off).
DASH = (4.0, 3.0)


def paint(scene: Scene) -> Image.Image:
    """The scene as an RGB Pillow image of its size."""
    image = Image.new("RGB", (scene.width, scene.height), scene.background[:3])
    if scene.picture is not None:
        image.paste(_picture(scene.picture, scene.width, scene.height), (0, 0))
    draw = ImageDraw.Draw(image, "RGBA")  # RGBA mode blends translucent fills
    for item in scene.items:
        if isinstance(item, Text):
            _text(draw, item)
        elif isinstance(item, Line):
            _line(draw, item)
        elif isinstance(item, Polygon):
            draw.polygon(list(item.points), fill=item.fill, outline=item.edge)
        elif isinstance(item, Ellipse):
            _ellipse(draw, item)
        elif isinstance(item, Rect):
            _rect(draw, item)
    return image


def _picture(picture: Picture, width: int, height: int) -> Image.Image:
    pixels = picture.pixels
    mode = "L" if pixels.ndim == 2 else "RGB"
    source = Image.fromarray(pixels, mode)
    # Pillow's AFFINE data maps output coordinates to input coordinates
    data = (1 / picture.sx, 0.0, -picture.tx / picture.sx,
            0.0, 1 / picture.sy, -picture.ty / picture.sy)
    resample = Image.Resampling.BILINEAR if picture.smooth else Image.Resampling.NEAREST
    placed = source.transform((width, height), Image.Transform.AFFINE, data, resample=resample,
                              fillcolor=0)
    return placed.convert("RGB")


def _px(width: float) -> int:
    return max(1, round(width))


def _text(draw: ImageDraw.ImageDraw, item: Text) -> None:
    face = fonts.face(item.size)
    xy = (item.x, item.baseline)
    outline, bold = round(item.outline), round(item.bold)
    if outline:  # the dark edge, as wide as the edge plus the bold stroke
        draw.text(xy, item.text, font=face, fill=item.colour, anchor="ls",
                  stroke_width=outline + bold, stroke_fill=BLACK)
    if bold:  # thickened letters: a stroke in their own colour
        draw.text(xy, item.text, font=face, fill=item.colour, anchor="ls",
                  stroke_width=bold, stroke_fill=item.colour)
    elif not outline:
        draw.text(xy, item.text, font=face, fill=item.colour, anchor="ls")


def _line(draw: ImageDraw.ImageDraw, item: Line) -> None:
    segments = _dashes(item.points, item.width) if item.dashed else [list(item.points)]
    for points in segments:
        if item.halo:
            draw.line(points, fill=HALO, width=_px(item.width + item.halo),
                      joint="curve")
        draw.line(points, fill=item.colour, width=_px(item.width), joint="curve")


def _grown(box: tuple[float, float, float, float], by: float) -> tuple[float, ...]:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


# Pillow strokes an outline inside the shape's box, QPainter centred on its edge: the box is
# grown by half a stroke of 2 pixels or more so both painters put it in the same place (a
# thinner one lands on the same pixels either way).
CENTRED_FROM = 2
def _ellipse(draw: ImageDraw.ImageDraw, item: Ellipse) -> None:
    cx, cy = item.centre
    box = (cx - item.rx, cy - item.ry, cx + item.rx, cy + item.ry)
    if item.halo:
        width = _px(item.width + item.halo)
        draw.ellipse(_grown(box, _half(width)), outline=HALO, width=width)
    if item.fill is not None:
        draw.ellipse(box, fill=item.fill)
    width = _px(item.width)
    draw.ellipse(_grown(box, _half(width)), outline=item.colour, width=width)


def _rect(draw: ImageDraw.ImageDraw, item: Rect) -> None:
    left, top, right, bottom = item.box
    if right < left or bottom < top:
        # a box turned inside out (a caption band on a 10-pixel image) is nothing to draw:
        # QPainter draws nothing, Pillow would raise
        return
    if item.fill is not None:
        radius = max(0.0, min(item.radius, (right - left) / 2, (bottom - top) / 2))
        draw.rounded_rectangle(item.box, radius=radius, fill=item.fill)
    if item.edge is not None:
        width = _px(item.width)
        draw.rounded_rectangle(_grown(item.box, _half(width)),
                               radius=item.radius + _half(width), outline=item.edge, width=width)


def _half(width: int) -> float:
    return width / 2 if width >= CENTRED_FROM else 0.0


def _dashes(points: tuple[Point, ...], width: float) -> list[list[Point]]:
    on, off = DASH[0] * max(width, 1.0), DASH[1] * max(width, 1.0)
    out: list[list[Point]] = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        t = 0.0
        while t < length:
            end = min(t + on, length)
            out.append([(x0 + (x1 - x0) * t / length, y0 + (y1 - y0) * t / length),
                        (x0 + (x1 - x0) * end / length, y0 + (y1 - y0) * end / length)])
            t = end + off
    return out
