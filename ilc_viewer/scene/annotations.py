"""Annotations of one panel as scene primitives, with their labels laid out once.

Given the annotations shown on a pane's slice in output pixels, this draws each one's shape
(arrow, ellipse, ruler, angle) and places its words on a plate:

- a sticker's or labelled arrow's plate sits on the side of its label point away from the
  spot it points at (the label point is placed off the anatomy), wrapped to stay there, and
  never over its own spot;
- a label too long for the pane gets slightly smaller on one line, else wraps, else gets
  smaller down to a minimum, else breaks anywhere: a label cut at the edge says nothing;
- plates stay inside the pane, above the caption band and clear of the scale bar, and are
  pushed apart in columns keeping the order of the spots their arrows point at
  (:func:`ilc_viewer.scene.label_layout.spread`), so arrows never cross.

Sizes are in output pixels and scale with ``k``: the text scale of the screen or export, less
where the words are smaller than 14 pixels (a picture exported at a small size).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ilc_viewer.annotations.model import DEFAULT_FONT_SIZE, Annotation
from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.contrast import readable_on
from ilc_viewer.scene.label_layout import columns, spread
from ilc_viewer.scene.primitives import (
    HALO,
    PLATE,
    WHITE,
    Box,
    Ellipse,
    Line,
    Point,
    Polygon,
    Rect,
    Scene,
    Tag,
    Text,
    rgba,
)

#: Screen pixels at text scale 1: line width, arrow head length, handle size.
LINE_PX, HEAD_PX, HANDLE_PX = 2.0, 12.0, 10.0
#: Labels keep this far from the pane's edges (more at the right: the scale bar).
LABEL_MARGIN_PX = 22.0
#: Pixels between two labels pushed apart.
LABEL_GAP_PX = 3.0
#: Smallest label text a label shrinks to when a word is wider than the pane.
MIN_LABEL_PX = 10
#: A label this much smaller would fit on one line: shrink it rather than wrap it.
ONE_LINE_SHRINK = 0.85
#: A sticker's words wrap to stay on their side of the label point when that side has room
#: for this many text heights across; else they may cross the point.
SIDE_ROOM_EMS = 4.0
POINTERS = ("sticker", "arrow")
#: Opacity (0-255) of the annotations Explain mode is not pointing at.
DIM_ALPHA = 70


@dataclass
class Shown:
    """One annotation on this panel: its points in output pixels and its words."""

    annotation: Annotation
    points: list[Point]
    text: str
    selected: bool = False
    #: Drawn faint: Explain mode points at another annotation.
    dimmed: bool = False


def faded(colour: tuple[int, int, int, int], dimmed: bool) -> tuple[int, int, int, int]:
    """``colour`` at the dimmed opacity when ``dimmed`` (never more opaque than it was)."""
    if not dimmed:
        return colour
    return colour[0], colour[1], colour[2], min(colour[3], DIM_ALPHA)


@dataclass
class Label:
    """A plate being laid out: where it wants to be and where it is."""

    shown: Shown
    size: int
    lines: list[str]
    side: str
    at: Point
    rect: Box
    room: Box | None
    clear_right: bool = False
    tail: Point | None = None
    line_sizes: list[int] = field(default_factory=list)

    @property
    def spot(self) -> Point:
        return self.shown.points[0]


@dataclass(frozen=True)
class Frame:
    """Where labels may go in the panel: the free area and the scale bar's box."""

    width: float
    height: float
    caption_band: float  # pixels the caption band takes at the bottom (0 for none)
    scale_bar: Box | None
    k: float  # the scale of margins, gaps and lines (see the module docstring)
    base: float  # the panel's base text size (pixels)
    #: Labels stay between these (the lanes of the letters beside the anatomy).
    left: float = 0.0
    right: float | None = None


def label_anchor(shown: Shown) -> tuple[Point, str]:
    """Where the label sits and which of its sides touches that point.

    Sides: "left"/"right" (the plate's edge facing the spot an arrow points at), "above"
    (bottom edge at the point), "below", "start" (left-middle, free text).
    """
    kind, pts = shown.annotation.kind, shown.points
    if kind in POINTERS:
        at, spot = pts[1], pts[0]
        if abs(spot[0] - at[0]) < 1e-6:
            return at, "above" if spot[1] > at[1] else "below"
        return at, "right" if spot[0] > at[0] else "left"
    if kind == "ellipse":
        ry = abs(pts[1][1] - pts[0][1])
        return (pts[0][0], pts[0][1] - ry), "above"
    if kind == "ruler":
        return ((pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2), "above"
    if kind == "angle":
        return pts[1], "above"
    return pts[0], "start"


def label_room(frame: Frame, clear_right: bool = True) -> Box | None:
    """The pane's free area for labels (None in a pane too small for any)."""
    if frame.width < 80 or frame.height < 80:
        return None
    margin = LABEL_MARGIN_PX * frame.k
    bottom = max(margin, frame.caption_band)
    if frame.height - bottom < 80:  # a squat pane: the caption may be covered
        bottom = margin
    right = frame.width - (2.2 if clear_right else 1.0) * margin
    if frame.right is not None:
        right = min(right, frame.right)
    left = max(margin, frame.left)
    if right - left < 80:  # too narrow between the lanes: over them then
        left, right = margin, frame.width - margin
    return left, margin, right, frame.height - bottom


def fit_text(text: str, size: int, max_width: float | None, k: float
             ) -> tuple[list[str], int, float, float]:
    """(lines, size, width, height) of ``text`` drawn at most ``max_width`` wide.

    One line when it fits; a little too long: slightly smaller on one line; else wrapped
    (between words, or between Japanese characters), smaller down to the minimum; else
    broken anywhere.
    """
    least = max(1, round(MIN_LABEL_PX * k))
    one = fonts.width(text, size)
    if max_width is None or one <= max_width:
        return [text], size, one, fonts.line_height(size)
    max_width = max(max_width, 1.0)
    if one * ONE_LINE_SHRINK <= max_width:
        smaller = max(least, int(size * max_width / one))
        if fonts.width(text, smaller) <= max_width:
            return [text], smaller, fonts.width(text, smaller), fonts.line_height(smaller)
    while True:
        lines = fonts.wrap_at(text, max_width, size)
        widest = max(fonts.width(line, size) for line in lines)
        if widest <= max_width or size <= least:
            break
        size = max(least, int(size * max_width / widest))
    if widest > max_width:
        lines = fonts.break_anywhere(text, max_width, size)
        widest = max(fonts.width(line, size) for line in lines)
    return lines, size, min(widest, max_width), len(lines) * fonts.line_height(size)


def _whole_words_fit(text: str, width: float, k: float) -> bool:
    """Every word of ``text`` fits ``width`` at the smallest label size: a narrow side can
    then take the label wrapped, without breaking a word. Japanese may break between any
    two characters (the line-breaking rules kept): three a line are enough."""
    least = max(1, round(MIN_LABEL_PX * k))
    if width <= 0:
        return False
    if fonts.JAPANESE.search(text):
        return width >= 3 * fonts.width("狭", least)
    return all(fonts.width(line, least) <= width for line in fonts.wrap_at(text, width, least))


def _inside(rect: Box, room: Box | None) -> Box:
    """``rect`` moved the least to lie inside ``room`` (left as is where it cannot fit)."""
    if room is None:
        return rect
    left, top, right, bottom = rect
    dx = dy = 0.0
    if right - left < room[2] - room[0]:
        dx = max(room[0] - left, min(0.0, room[2] - right))
    if bottom - top < room[3] - room[1]:
        dy = max(room[1] - top, min(0.0, room[3] - bottom))
    return left + dx, top + dy, right + dx, bottom + dy


def _grown(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _contains(box: Box, p: Point) -> bool:
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def _intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place(shown: Shown, size: int, frame: Frame, clear_right: bool = False) -> Label:
    """Lay out one annotation's label (see the module docstring)."""
    at, side = label_anchor(shown)
    k = frame.k
    pad = size * 0.3
    gap = 2.0 * k
    pointer = shown.annotation.kind in POINTERS
    room: Box | None = None
    max_width: float | None = None
    if side in ("left", "right") and pointer:
        room = label_room(frame, clear_right)
        beside = ((at[0] - room[0]) if side == "right" else (room[2] - at[0])) - gap \
            if room is not None else 0.0
        if room is not None and (beside >= SIDE_ROOM_EMS * size or
                                 _whole_words_fit(shown.text, beside - 2 * pad, k)):
            max_width = min(room[2] - room[0], beside)  # a narrow side: smaller words
        else:
            room = None
    if room is None:  # anywhere in the pane, clear of the scale bar's width
        room = label_room(frame)
        max_width = room[2] - room[0] if room is not None else None
    lines, size, text_w, text_h = fit_text(
        shown.text, size, max_width - 2 * pad if max_width is not None else None, k)
    pad = size * 0.3
    w, h = text_w + 2 * pad, text_h + 2 * pad
    x, y = at
    rect: Box
    if side == "right":
        rect = (x - w - gap, y - h / 2, x - gap, y + h / 2)
    elif side == "left":
        rect = (x + gap, y - h / 2, x + gap + w, y + h / 2)
    elif side == "above":
        rect = (x - w / 2, y - h - gap, x + w / 2, y - gap)
    elif side == "below":
        rect = (x - w / 2, y + gap, x + w / 2, y + gap + h)
    else:
        rect = (x, y - h / 2, x + w, y + h / 2)
    rect = _inside(rect, room)
    spot = shown.points[0]
    if pointer and room is not None and _contains(_grown(rect, 8 * k), spot):
        # pushed back into the pane over its own spot: go above or below the spot instead
        away = 16.0 * k
        middle = (rect[1] + rect[3]) / 2
        dy = spot[1] - away - rect[3] if spot[1] >= middle else spot[1] + away - rect[1]
        moved = _inside((rect[0], rect[1] + dy, rect[2], rect[3] + dy), room)
        if not _contains(_grown(moved, 4 * k), spot):
            rect = moved
    label = Label(shown, size, lines, side, at, rect, room, clear_right)
    _set_tail(label)
    return label


def _set_tail(label: Label) -> None:
    """A pointing label's line starts on the plate's edge nearest the spot."""
    if label.shown.annotation.kind in POINTERS:
        left, top, right, bottom = label.rect
        spot = label.spot
        label.tail = (min(max(spot[0], left), right), min(max(spot[1], top), bottom))


def shift(label: Label, dy: float) -> bool:
    """Move a plate ``dy`` pixels down (up if negative), inside its room; False if it could
    not move at all. The arrow follows."""
    left, top, right, bottom = label.rect
    moved = _inside((left, top + dy, right, bottom + dy), label.room)
    if abs(moved[1] - top) < 0.5:
        return False
    label.rect = moved
    _set_tail(label)
    return True


def separate(labels: list[Label], frame: Frame) -> None:
    """Plates must not cover each other nor the scale bar.

    Plates that overlap left-right form a column; down a column they keep the order of the
    spots their arrows point at and are moved apart the least (:func:`spread`). A column
    reaching over the scale bar stays above it; where it cannot, its plates that meet the bar
    are laid out narrower (clear of the bar's width) and the columns are spread again.
    """
    if not labels:
        return
    bar = frame.scale_bar
    for _ in range(3):
        _spread(labels, frame, bar)
        crowded = [k for k, lb in enumerate(labels)
                   if not lb.clear_right and bar is not None and _intersects(lb.rect, bar)]
        if not crowded:
            break
        for k in crowded:
            labels[k].clear_right = True
        for k, lb in enumerate(labels):  # back to where they want to be, then spread again
            labels[k] = place(lb.shown, label_size(lb.shown.annotation, frame), frame,
                              lb.clear_right)
    _push_apart(labels, frame)


def _spread(labels: list[Label], frame: Frame, bar: Box | None) -> None:
    room = label_room(frame)
    if room is None:
        return
    gap = LABEL_GAP_PX * frame.k
    order = [lb.spot[1] if lb.shown.annotation.kind in POINTERS else lb.rect[1] for lb in labels]
    boxes = [lb.rect for lb in labels]
    for group in columns(boxes):
        group.sort(key=lambda k: (order[k], boxes[k][1]))
        heights = [boxes[k][3] - boxes[k][1] for k in group]
        low, high = room[1], room[3]
        if bar is not None and max(boxes[k][2] for k in group) > bar[0]:
            above = bar[1] - gap  # stay above the scale bar when they fit
            if above - low >= sum(heights) + gap * (len(group) - 1):
                high = min(high, above)
        tops = spread([boxes[k][1] for k in group], heights, low, high, gap)
        for k, top in zip(group, tops, strict=True):
            if abs(top - boxes[k][1]) >= 0.5:
                shift(labels[k], top - boxes[k][1])


def _push_apart(labels: list[Label], frame: Frame) -> None:
    """Last resort where a column is taller than the pane: from the top down, a plate on an
    earlier one moves below it, or above it when the pane has no room below."""
    gap = LABEL_GAP_PX * frame.k
    placed: list[Box] = []
    for label in sorted(labels, key=lambda lb: lb.rect[1]):
        for _ in range(len(placed) + 1):
            near = gap - 1  # plates spread exactly a gap apart are fine
            hit = next((p for p in placed if _intersects(p, _grown(label.rect, near))), None)
            if hit is None:
                break
            if not shift(label, hit[3] + gap - label.rect[1]) or \
                    any(_intersects(p, label.rect) for p in placed):
                shift(label, hit[1] - gap - label.rect[3])
        placed.append(label.rect)


def label_size(annotation: Annotation, frame: Frame) -> int:
    """The text size of an annotation's label: the panel's base size times its font size."""
    return fonts.pixel_size(frame.base * annotation.font_size / DEFAULT_FONT_SIZE)


def draw(scene: Scene, shown: Sequence[Shown], frame: Frame) -> dict[str, Box]:
    """Add every annotation's shape and label to ``scene``; returns the plates by id."""
    k = frame.k
    labels = [place(s, label_size(s.annotation, frame), frame) for s in shown if s.text]
    separate(labels, frame)
    by_id = {lb.shown.annotation.id: lb for lb in labels}
    for s in shown:
        _shape(scene, s, by_id.get(s.annotation.id), k)
    for label in labels:
        _plate(scene, label, k)
    for s in shown:
        if s.selected:
            _handles(scene, s, k)
    return {annotation_id: label.rect for annotation_id, label in by_id.items()}


def _shape(scene: Scene, s: Shown, label: Label | None, k: float) -> None:
    a = s.annotation
    tag = Tag(a.id, "shape")
    colour = faded(rgba(a.color), s.dimmed)
    width = k * (LINE_PX + (1 if s.selected else 0))
    halo = 0.0 if s.dimmed else k * 2.5 - (1 if s.selected else 0) * k
    pts = s.points
    if a.kind in POINTERS:
        tail = label.tail if label is not None and label.tail is not None else pts[1]
        scene.add(Line((tail, pts[0]), colour, width, halo, tag=tag))
        head = arrow_head(tail, pts[0], HEAD_PX * k)
        if head:
            scene.add(Polygon(head, colour, None if s.dimmed else HALO, tag=tag))
    elif a.kind == "ellipse":
        rx, ry = abs(pts[1][0] - pts[0][0]), abs(pts[1][1] - pts[0][1])
        scene.add(Ellipse(pts[0], rx, ry, colour, width, halo, tag=tag))
    elif a.kind in ("ruler", "angle"):
        scene.add(Line(tuple(pts), colour, width, halo, tag=tag))
        if a.kind == "ruler":
            r = 3.5 * k
            for p in pts:
                scene.add(Ellipse(p, r, r, faded(HALO, s.dimmed), 1.0, fill=colour, tag=tag))


def arrow_head(tail: Point, tip: Point, length: float) -> tuple[Point, ...] | None:
    """The triangle of an arrow head at ``tip`` (None for a zero-length arrow)."""
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    norm = math.hypot(dx, dy)
    if norm < 1e-9:
        return None
    ux, uy = dx / norm, dy / norm
    head = min(length, norm * 0.6)
    base = (tip[0] - ux * head, tip[1] - uy * head)
    wing = head * 0.45
    return tip, (base[0] - uy * wing, base[1] + ux * wing), (base[0] + uy * wing,
                                                             base[1] - ux * wing)


def _plate(scene: Scene, label: Label, k: float) -> None:
    a = label.shown.annotation
    tag = Tag(a.id, "label")
    dimmed = label.shown.dimmed
    colour = faded(rgba(a.color), dimmed)
    size = label.size
    left, top, right, _ = label.rect
    pad = size * 0.3
    outline = 0.0
    words = colour
    if a.kind == "text":
        outline = 0.0 if dimmed else float(max(1, round(size / 12)))
    else:
        edge = (2.0 if label.shown.selected else 1.2) * k
        scene.add(Rect(label.rect, faded(PLATE, dimmed), colour, edge, size * 0.3, tag=tag))
        words = readable_on(colour, PLATE)  # the edge keeps the chosen colour
    y = top + pad
    height = fonts.line_height(size)
    for line in label.lines:
        w = fonts.width(line, size)
        x = (left + right) / 2 - w / 2
        baseline = y + fonts.ascent(size)
        box = (x - outline, y, x + w + outline, y + height)
        scene.add(Text(x, baseline, line, size, words, outline=outline, box=box, tag=tag))
        y += height
    scene.boxes[f"label:{a.id}"] = label.rect


def _handles(scene: Scene, s: Shown, k: float) -> None:
    h = HANDLE_PX * k / 2
    for index, (x, y) in enumerate(s.points):
        scene.add(Rect((x - h, y - h, x + h, y + h), WHITE, HALO, 1.0,
                       tag=Tag(s.annotation.id, "handle", index)))


def shown_on_panel(annotations: Sequence[Annotation], points_of, text_of,
                   selected: str = "", overrides: Mapping[str, Annotation] | None = None,
                   focus: str = "") -> list[Shown]:
    """:class:`Shown` records for the annotations given, with drag previews substituted;
    with a ``focus`` id, every other annotation is dimmed."""
    out = []
    for annotation in annotations:
        if overrides and annotation.id in overrides:
            annotation = overrides[annotation.id]
        out.append(Shown(annotation, points_of(annotation), text_of(annotation),
                         annotation.id == selected, bool(focus) and annotation.id != focus))
    return out
