"""What a panel scene is made of: a picture and drawing primitives in output pixels.

A :class:`Scene` is plain data. Two thin painters draw it: QPainter on screen
(``ilc_viewer/ui/scene_painter.py``) and Pillow for PNG/JPEG/PDF
(``ilc_viewer/export/scene_painter.py``). Every overlay is decided once, by the scene
builder, so what staff export is what the doctor saw.

Coordinates are output pixels, x to the right and y down, (0, 0) the panel's top-left
corner. Colours are ``(r, g, b, a)`` tuples. Primitives carry an optional :class:`Tag` naming
the annotation (and part of it) they draw, which is how the window finds what was clicked.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ilc_viewer.scene.viewport import Viewport

RGBA = tuple[int, int, int, int]
Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom

WHITE: RGBA = (255, 255, 255, 255)
BLACK: RGBA = (0, 0, 0, 255)
HALO: RGBA = (0, 0, 0, 210)
NOTE: RGBA = (255, 190, 60, 255)
MARK: RGBA = (60, 220, 255, 255)
CAPTION_TEXT: RGBA = (235, 235, 235, 255)
BAND: RGBA = (0, 0, 0, 165)
PLATE: RGBA = (0, 0, 0, 190)


def rgba(colour: str, alpha: int = 255) -> RGBA:
    """``"#rrggbb"`` as an RGBA tuple; white for anything unreadable."""
    try:
        value = int(str(colour).lstrip("#"), 16)
    except ValueError:
        return WHITE
    return (value >> 16) & 255, (value >> 8) & 255, value & 255, alpha


@dataclass(frozen=True)
class Tag:
    """The annotation a primitive draws, and which part: "shape", "label" or "handle"."""

    annotation_id: str
    part: str = "shape"
    index: int = -1  # the point a handle moves


@dataclass(frozen=True)
class Text:
    """One line of text: its left end on the baseline, at an integer pixel size.

    ``outline`` is the width of a dark edge around the letters (0 for none), ``bold`` the
    width of a stroke in the text colour that thickens them; both painters draw these as
    strokes of the glyph outlines, so the letters take the same room on screen and on paper.
    """

    x: float
    baseline: float
    text: str
    size: int
    colour: RGBA = WHITE
    outline: float = 0.0
    bold: float = 0.0
    box: Box = (0.0, 0.0, 0.0, 0.0)
    tag: Tag | None = None


@dataclass(frozen=True)
class Line:
    """A polyline, optionally with a dark halo under it (``halo`` pixels wider)."""

    points: tuple[Point, ...]
    colour: RGBA
    width: float
    halo: float = 0.0
    dashed: bool = False
    tag: Tag | None = None


@dataclass(frozen=True)
class Polygon:
    """A filled polygon (arrow heads), with a thin dark edge."""

    points: tuple[Point, ...]
    fill: RGBA
    edge: RGBA | None = HALO
    tag: Tag | None = None


@dataclass(frozen=True)
class Ellipse:
    """An ellipse outline (or a filled disc with ``fill``), optionally with a dark halo."""

    centre: Point
    rx: float
    ry: float
    colour: RGBA
    width: float
    halo: float = 0.0
    fill: RGBA | None = None
    tag: Tag | None = None


@dataclass(frozen=True)
class Rect:
    """A (rounded) rectangle: a caption band, a label plate, a handle."""

    box: Box
    fill: RGBA | None
    edge: RGBA | None = None
    width: float = 1.0
    radius: float = 0.0
    tag: Tag | None = None


@dataclass(frozen=True)
class Picture:
    """The windowed image (uint8 grey ``(rows, cols)`` or RGB ``(rows, cols, 3)``).

    Image pixel ``(row, col)`` covers ``[col, col + 1) x [row, row + 1)`` in image units; it
    lands at output ``x = sx * u + tx``, ``y = sy * v + ty`` for image point ``(u, v)``.
    ``smooth`` asks for bilinear filtering (off when pixels are shown as blocks).
    """

    pixels: np.ndarray
    sx: float
    sy: float
    tx: float
    ty: float
    smooth: bool = True


Primitive = Text | Line | Polygon | Ellipse | Rect


@dataclass
class Scene:
    """One panel ready to paint: background, picture, then primitives in order."""

    width: int
    height: int
    picture: Picture | None = None
    items: list[Primitive] = field(default_factory=list)
    #: Named boxes of what was laid out (title, caption band, scale bar, letters, labels by
    #: annotation id): the facts tests and the window's hit tests read.
    boxes: dict[str, Box] = field(default_factory=dict)
    #: Plain sentences about what could not be shown (a slice that failed to decode).
    notes: list[str] = field(default_factory=list)
    background: RGBA = BLACK
    #: How the image lies in the panel (None for an empty pane): output <-> image pixels.
    view: Viewport | None = None

    def add(self, item: Primitive) -> Primitive:
        """Append a primitive (drawn over the ones before it); returns it."""
        self.items.append(item)
        return item

    def texts(self) -> Iterator[Text]:
        """Every text run, in drawing order."""
        return (item for item in self.items if isinstance(item, Text))

    def hit(self, x: float, y: float, tolerance: float = 6.0) -> Tag | None:
        """The tag of the topmost tagged primitive under a point (handles first, then
        labels, level labels, shapes, and last the reference lines of other panes)."""
        for part in ("handle", "label", "level", "shape", "reference"):
            for item in reversed(self.items):
                tag = item.tag
                if tag is not None and tag.part == part and _hits(item, x, y, tolerance):
                    return tag
        return None


def text_box(x: float, baseline: float, width: float, ascent: float, descent: float,
             stroke: float = 0.0) -> Box:
    """The box a line of text covers, strokes included."""
    return (x - stroke, baseline - ascent - stroke, x + width + stroke, baseline + descent + stroke)


def inside(box: Box, x: float, y: float, margin: float = 0.0) -> bool:
    """True if the point lies in the box grown by ``margin``."""
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """Shortest distance from ``p`` to the segment ``a``-``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy)
                                              / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _hits(item: Primitive, x: float, y: float, tolerance: float) -> bool:
    if isinstance(item, Text):
        return inside(item.box, x, y)
    if isinstance(item, Rect):
        return inside(item.box, x, y, 1.0)
    if isinstance(item, Line):
        return any(distance_to_segment((x, y), a, b) <= tolerance + item.width / 2
                   for a, b in zip(item.points, item.points[1:], strict=False))
    if isinstance(item, Polygon):
        xs, ys = [p[0] for p in item.points], [p[1] for p in item.points]
        return min(xs) - tolerance <= x <= max(xs) + tolerance and \
            min(ys) - tolerance <= y <= max(ys) + tolerance
    if isinstance(item, Ellipse):
        if item.rx <= 0 or item.ry <= 0:
            return math.hypot(x - item.centre[0], y - item.centre[1]) <= tolerance
        # distance from the outline, approximated through the normalised radius
        nx, ny = (x - item.centre[0]) / item.rx, (y - item.centre[1]) / item.ry
        r = math.hypot(nx, ny)
        if item.fill is not None and r <= 1:
            return True
        return abs(r - 1) * min(item.rx, item.ry) <= tolerance + item.width / 2
    return False


def bounds(points: Sequence[Point]) -> Box:
    """The box around some points."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)
