"""Plain geometry for laying out annotation labels, shared by the screen and the export.

Labels are axis-aligned boxes ``(left, top, right, bottom)`` in one pixel space (y down).
:func:`spread_columns` takes boxes that want to sit at some height and moves them up or down
the least so that none covers another, keeping their top-to-bottom order (so the arrows of
a column of stickers never cross), and keeping them between two heights where they fit.
The rest (:func:`boxes_intersect`, :func:`segments_cross`) is what tests and callers check
layouts with.
"""

from __future__ import annotations

from collections.abc import Sequence

Box = tuple[float, float, float, float]
Point = tuple[float, float]


def spread(wanted: Sequence[float], heights: Sequence[float], low: float, high: float,
           gap: float = 0.0) -> list[float]:
    """New tops for boxes stacked in the given order, as near ``wanted`` as they can be.

    Box ``k`` starts at least ``gap`` below the bottom of box ``k - 1``; a run of boxes that
    would touch is moved as one block to the mean of where its members want to be (least
    squares), then kept between ``low`` and ``high`` (a block taller than that starts at
    ``low``). Boxes already apart do not move.
    """
    if len(wanted) != len(heights):
        raise ValueError("one height per box")
    # blocks: [first index, last index, top]; offsets of members inside their block
    offsets: list[float] = []
    blocks: list[list[float]] = []
    for k, top in enumerate(wanted):
        offsets.append(0.0)
        blocks.append([k, k, float(top)])
        _clamp(blocks[-1], heights, gap, low, high)
        while len(blocks) > 1:
            above, below = blocks[-2], blocks[-1]
            bottom = above[2] + _block_height(above, heights, gap)
            if below[2] >= bottom + gap:
                break
            # merge: members of ``below`` follow those of ``above``
            start = _block_height(above, heights, gap) + gap
            for j in range(int(below[0]), int(below[1]) + 1):
                offsets[j] += start  # the first member of a block has offset 0
            first, last = int(above[0]), int(below[1])
            mean = sum(wanted[j] - offsets[j] for j in range(first, last + 1)) / (last - first + 1)
            blocks[-2:] = [[first, last, mean]]
            _clamp(blocks[-1], heights, gap, low, high)
    tops = [0.0] * len(wanted)
    for first, last, top in blocks:
        for j in range(int(first), int(last) + 1):
            tops[j] = top + offsets[j]
    return tops


def _block_height(block: list[float], heights: Sequence[float], gap: float) -> float:
    first, last = int(block[0]), int(block[1])
    return sum(heights[first:last + 1]) + gap * (last - first)


def _clamp(block: list[float], heights: Sequence[float], gap: float, low: float,
           high: float) -> None:
    block[2] = max(low, min(block[2], high - _block_height(block, heights, gap)))


def columns(boxes: Sequence[Box]) -> list[list[int]]:
    """Indices of boxes grouped into columns: boxes that overlap left-right, even through
    others. Only boxes of one column can cover each other when moved up or down."""
    order = sorted(range(len(boxes)), key=lambda k: boxes[k][0])
    groups: list[list[int]] = []
    right = float("-inf")
    for k in order:
        if not groups or boxes[k][0] >= right:
            groups.append([k])
            right = boxes[k][2]
        else:
            groups[-1].append(k)
            right = max(right, boxes[k][2])
    return groups


def spread_columns(boxes: Sequence[Box], low: float, high: float, gap: float,
                   order: Sequence[float] | None = None) -> list[float]:
    """Vertical shifts that leave no two ``boxes`` covering each other (where the height
    between ``low`` and ``high`` allows). Inside a column, boxes keep the top-to-bottom order
    of ``order`` (default: their current tops), e.g. the heights of the spots they point at."""
    keys = list(order) if order is not None else [b[1] for b in boxes]
    shifts = [0.0] * len(boxes)
    for group in columns(boxes):
        group.sort(key=lambda k: (keys[k], boxes[k][1]))
        wanted = [boxes[k][1] for k in group]
        heights = [boxes[k][3] - boxes[k][1] for k in group]
        for k, top in zip(group, spread(wanted, heights, low, high, gap), strict=True):
            shifts[k] = top - boxes[k][1]
    return shifts


def boxes_intersect(a: Box, b: Box) -> bool:
    """Two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """The segments p1-p2 and q1-q2 cross at a point inside both (shared ends don't count)."""
    def side(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
    d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


def clip_segment(p1: Point, p2: Point, box: Box) -> tuple[Point, Point] | None:
    """The part of the segment p1-p2 inside ``box`` (None: it misses the box)."""
    left, top, right, bottom = box
    t0, t1 = 0.0, 1.0
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    for p, q in ((-dx, p1[0] - left), (dx, right - p1[0]), (-dy, p1[1] - top),
                 (dy, bottom - p1[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    if t1 - t0 <= 1e-9:
        return None
    return (p1[0] + t0 * dx, p1[1] + t0 * dy), (p1[0] + t1 * dx, p1[1] + t1 * dy)


def segment_hits_box(p1: Point, p2: Point, box: Box) -> bool:
    """The segment passes through the inside of ``box`` (a segment ending on its edge does not)."""
    left, top, right, bottom = box
    # Liang-Barsky clipping against the open box
    t0, t1 = 0.0, 1.0
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    for p, q in ((-dx, p1[0] - left), (dx, right - p1[0]), (-dy, p1[1] - top),
                 (dy, bottom - p1[1])):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    return t1 - t0 > 1e-9
