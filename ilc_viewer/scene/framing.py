"""Where a pane's image and the words around it go: the anatomy as large as the words allow.

A panel has words at its edges: the title lines (sequence, slice) at the top left, the
caption band, an orientation letter at each side of the image, the scale bar at the right.
The words may lie over the black margin of the image, never over the anatomy
(:func:`ilc_viewer.display.anatomy.anatomy_box`). Four arrangements are tried and the one
that draws the anatomy largest wins (the first unless another gains more than
:data:`WORTH`):

- **stacked** (tall panels: three or four sequences side by side): the title lines above
  the anatomy, the caption band below it across the panel, the side letters at the panel's
  edges, or, where the image is width-bound and leaves black room above or below it, in
  that room. Stacked, the image keeps its full width: the black beside the body is where
  the labels of the stickers go in a narrow panel;
- **title beside**: the title lines left of the anatomy's top, the caption below it;
- **caption beside**: the title lines above, the caption in a column left of the anatomy;
- **both beside** (wide panels: one panel maximised): the anatomy the panel's full height,
  the title lines and the caption in a column on its left.

Beside the anatomy the orientation letters stand in a lane left of it (the side letter at
its mid-height, the top and bottom letters level with its top and bottom edges) and at the
panel's right edge. "Fill" (the user's choice) stacks the words and lets the anatomy cover the room
between them (the words then lie on it). The arrangement is chosen for the unzoomed view,
so zooming and panning never move a word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ilc_viewer.scene.viewport import Box, Viewport
from ilc_viewer.study.geometry import SeriesGeometry

#: Growth of the anatomy (linear) worth another arrangement of the words.
WORTH = 1.03
#: ... worth moving the words beside the anatomy: it takes the room left of the body where
#: sticker labels go, so only a clear gain (a wide panel, one panel maximised) is.
WORTH_BESIDE = 1.15
#: A caption column narrower than this many base text sizes is not tried.
MIN_COLUMN = 9.0
#: Caption column widths tried, as shares of the panel's width.
COLUMN_SHARES = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


@dataclass(frozen=True)
class Words:
    """The sizes of the words at a panel's edges (output pixels)."""

    header: tuple[float, float]  # width and height of the title and slice lines
    #: The caption band's height (its margins included) at a given band width; 0: none.
    caption: Callable[[float], float]
    letter: tuple[float, float]  # width of the widest letter, height of a letter
    scale_width: float  # the scale bar with its label
    margin: float
    base: float  # the base text size


@dataclass(frozen=True)
class Place:
    """Where one word goes: its reference point and how it aligns there."""

    x: float
    y: float  # the top of the line
    align: str = "left"


@dataclass(frozen=True)
class Framing:
    """The image's placement and the places of the words around it."""

    view: Viewport
    letters: dict[str, Place]  # "left", "right", "top", "bottom"
    #: (x, top, bottom) of the scale bar's room at the right (bottom: the bar's lower end).
    scale_room: tuple[float, float, float]
    #: Where the caption band goes (None: nowhere, or no caption).
    caption_box: Box | None
    #: True when the title lines stand beside the anatomy (the patient's identity then goes
    #: under them, not at the top right).
    title_beside: bool = False
    arrangement: str = "stacked"
    #: Annotation labels stay between these (beside the anatomy: clear of the letters' lanes).
    label_left: float = 0.0
    label_right: float | None = None


@dataclass(frozen=True)
class _Arrangement:
    name: str
    area: Box
    view: Viewport  # unzoomed
    letters: dict[str, Place]
    bar: tuple[float, float, float]
    caption: Box | None
    title_beside: bool = False
    label_left: float = 0.0
    label_right: float | None = None


def frame_image(geometry: SeriesGeometry, size: tuple[int, int], words: Words, *,
                zoom: float = 1.0, centre: tuple[float, float, float] | None = None,
                slice_index: int | None = None,
                content: tuple[int, int, int, int] | None = None,
                fill: bool = False, native: float | None = None) -> Framing:
    """Frame ``content`` (the anatomy, image pixels; None: the whole image) in a panel of
    ``size`` with room for ``words`` (see the module docstring). ``native`` (output pixels
    per mm) draws the image at exactly that size, pixel edges on whole pixels, when the
    arrangement has room for it (an export sized for its images)."""
    box = content if content is not None else (0, 0, geometry.rows, geometry.columns)

    def view(area: Box, z: float = 1.0, c: tuple[float, float, float] | None = None,
             cover: bool = False) -> Viewport:
        return Viewport.fit(geometry, size, z, c, slice_index, area=area, content=content,
                            fill=cover)

    # stacked, the anatomy keeps the image's full width: in a tall, narrow panel the black
    # beside the body is where the labels of the stickers go
    full_width = (box[0], 0, box[2], geometry.columns)

    def stacked_view(area: Box, z: float = 1.0, c: tuple[float, float, float] | None = None,
                     cover: bool = False) -> Viewport:
        return Viewport.fit(geometry, size, z, c, slice_index, area=area,
                            content=content if cover else full_width, fill=cover)

    best = _stacked(size, words, box if fill else full_width, stacked_view, fill)
    if not fill:
        for other in _beside(size, words, box, view):
            if other.view.px_per_mm > best.view.px_per_mm * (
                    WORTH_BESIDE if best.name == "stacked" else 1.0):
                best = other
    framed = full_width if best.name == "stacked" else content
    if native is not None and not fill and best.view.px_per_mm >= native * 0.999:
        final = Viewport.fit(geometry, size, zoom, centre, slice_index, area=best.area,
                             content=framed, exact=native)
    else:
        final = Viewport.fit(geometry, size, zoom, centre, slice_index, area=best.area,
                             content=framed if not fill else content, fill=fill)
    return Framing(final, best.letters, best.bar, best.caption, best.title_beside, best.name,
                   best.label_left, best.label_right)


def _stacked(size: tuple[int, int], words: Words, content: tuple[int, int, int, int],
             view: Callable[..., Viewport], fill: bool) -> _Arrangement:
    width, height = size
    m, (letter_w, letter_h) = words.margin, words.letter
    gap = m * 0.3
    band = words.caption(width - 2 * m)
    caption_top = height - band if band else height
    header_bottom = m * 0.5 + words.header[1]
    # the top letter shares the title's row when the title ends before the panel's middle
    top_in_header = m + words.header[0] + gap < width / 2 - letter_w / 2
    top_letter_y = m * 0.5 if top_in_header else header_bottom + m * 0.2
    top = header_bottom + gap if top_in_header else header_bottom + letter_h + gap
    bottom = caption_top - letter_h - m * 0.5 - gap
    side = m * 0.5 + letter_w + gap
    at_edges: Box = (side, top, width - side, bottom)
    inner: Box = (gap, top, width - gap, bottom)
    middle = (top + bottom) / 2 - letter_h / 2
    bar_x = width - m * 1.2
    usual_bar = (bar_x, middle + letter_h + m * 0.5, bottom - m * 0.5)
    caption = (m, caption_top, width - m, height - m * 0.5) if band else None

    def letters(side_top: float) -> dict[str, Place]:
        return {"left": Place(m * 0.5, side_top),
                "right": Place(width - m * 0.5, side_top, "right"),
                "top": Place(width / 2, top_letter_y, "centre"),
                "bottom": Place(width / 2, caption_top - letter_h - m * 0.5, "centre")}

    if fill:
        return _Arrangement("fill", inner, view(inner, cover=True), letters(middle),
                            usual_bar, caption)
    at_side, inside = view(at_edges), view(inner)
    if inside.px_per_mm > at_side.px_per_mm * WORTH:
        placed = _letters_in_black(inside, content, top, bottom, words, bar_x)
        if placed is not None:
            letter_top, bar = placed
            return _Arrangement("stacked", inner, inside, letters(letter_top), bar, caption)
    return _Arrangement("stacked", at_edges, at_side, letters(middle), usual_bar, caption)


def _letters_in_black(view: Viewport, content: tuple[int, int, int, int], top: float,
                      bottom: float, words: Words, bar_x: float
                      ) -> tuple[float, tuple[float, float, float]] | None:
    """(side letter top, scale bar room) in the black room above and below the anatomy, or
    None when neither has room for a letter. The bar takes the other room, or, when that is
    too small, the letters' room left of the right-hand letter."""
    letter_h, gap = words.letter[1], words.margin * 0.3
    anatomy_top = view.to_output(content[0] - 0.5, 0)[1]
    anatomy_bottom = view.to_output(content[2] - 0.5, 0)[1]
    above, below = (top, anatomy_top - gap), (anatomy_bottom + gap, bottom)
    # below when it has room, so panes side by side agree; else above
    letters, other = (below, above) if below[1] - below[0] >= letter_h else (above, below)
    if letters[1] - letters[0] < letter_h:
        return None
    letter_top = (letters[0] + letters[1]) / 2 - letter_h / 2
    # the bar's label hangs below its lower end: keep a letter's height for it
    if other[1] - other[0] >= letter_h * 3:
        return letter_top, (bar_x, other[0], other[1] - letter_h)
    beside_letter = bar_x - words.letter[0] - words.margin
    return letter_top, (beside_letter, letters[0], letters[1] - letter_h)


def _beside(size: tuple[int, int], words: Words, content: tuple[int, int, int, int],
            view: Callable[..., Viewport]) -> list[_Arrangement]:
    """The arrangements with the title lines, the caption or both left of the anatomy."""
    width, height = size
    m, (letter_w, letter_h) = words.margin, words.letter
    gap = m * 0.3
    header_w, header_h = words.header
    header_bottom = m * 0.5 + header_h
    lane = 2 * gap + letter_w  # a letter with a gap on each side
    right = width - (lane + words.scale_width + m * 0.5)
    found = []

    def arranged(name: str, left: float, top: float, bottom: float, caption: Box | None,
                 title_beside: bool, words_right: float) -> None:
        if right - left < 4 * lane or bottom - top < 4 * letter_h:
            return
        area: Box = (left, top, right, bottom)
        placed = view(area)
        x0, y0 = placed.to_output(content[0] - 0.5, content[1] - 0.5)
        _x1, y1 = placed.to_output(content[2] - 0.5, content[3] - 0.5)
        middle = (y0 + y1) / 2 - letter_h / 2
        letters = {"left": Place(x0 - gap, middle, "right"),
                   "right": Place(width - m * 0.5, middle, "right"),
                   "top": Place(x0 - gap, y0, "right"),
                   "bottom": Place(x0 - gap, y1 - letter_h, "right")}
        bar = (width - m * 1.2, max(top, middle + letter_h + m * 0.5), bottom - letter_h)
        # labels may use the lane (the letters are drawn over them), never the words' column
        found.append(_Arrangement(name, area, placed, letters, bar, caption, title_beside,
                                  words_right + gap))

    # the title lines beside the anatomy's top, the caption below across the panel
    band = words.caption(width - 2 * m)
    caption_top = height - band if band else height - m * 0.5
    arranged("title beside", m + header_w + lane, m * 0.5, caption_top - gap,
             (m, caption_top, width - m, height - m * 0.5) if band else None, True,
             m + header_w)
    for share in COLUMN_SHARES:
        column = width * share
        if column < MIN_COLUMN * words.base:
            continue
        band = words.caption(column)
        if not band:
            break
        column_box = (m, height - band, m + column, height - m * 0.5)
        # the title lines above, the caption in a column beside the anatomy
        if height - band >= header_bottom + gap:
            arranged("caption beside", m + column + lane, header_bottom + gap,
                     height - m * 0.5, column_box, False, m + column)
        # both in the column (the title lines at its top)
        if column >= header_w and height - band >= header_bottom + m:
            arranged("both beside", m + column + lane, m * 0.5, height - m * 0.5, column_box,
                     True, m + column)
    if not words.caption(width - 2 * m):  # no caption: the title lines beside, full height
        arranged("title beside", m + header_w + lane, m * 0.5, height - m * 0.5, None, True,
                 m + header_w)
    return found
