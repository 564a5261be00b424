"""The words of an Explain step, large, beside the images: a scene of their own.

Top to bottom: the step counter, the title in the step's colour, the short form ("first things
first") in large letters, then "a little more" with the fuller explanation, then "How common
is this?" when the tour shows it, and the keys at the foot. Everything is as large as fits:
the sizes start from the panel's size and shrink together until the words fit. Japanese
breaks between phrases (:func:`ilc_viewer.scene.text.wrap_at`), as on the images.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilc_viewer.annotations.tour_words import StepText, word
from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.primitives import RGBA, WHITE, Rect, Scene, Text, rgba

BACKGROUND: RGBA = (16, 20, 24, 255)
MUTED: RGBA = (150, 160, 170, 255)
DETAIL: RGBA = (215, 222, 228, 255)
FIGURE_BOX: RGBA = (30, 52, 40, 255)
FIGURE_TITLE: RGBA = (174, 213, 129, 255)
#: The largest short-form size: a share of the panel's width (read from the patient's chair).
LARGEST_SHARE = 1 / 13
SMALLEST_PX = 12


@dataclass
class _Block:
    """Lines of one size and colour, with room above them."""

    lines: list[str]
    size: int
    colour: RGBA
    bold: bool = False
    above: float = 0.0
    key: str = ""


def explanation_scene(words: StepText, lang: str, size: tuple[int, int], counter: str = "",
                      hint: bool = True) -> Scene:
    """The panel of one step at ``size`` = (width, height) pixels."""
    width, height = int(size[0]), int(size[1])
    scene = Scene(width, height)
    scene.background = BACKGROUND
    margin = max(12.0, width * 0.06)
    inner = width - 2 * margin
    base = max(float(SMALLEST_PX), min(width * LARGEST_SHARE, height / 11))
    hint_size = fonts.pixel_size(max(SMALLEST_PX, min(width / 34, 20)))
    foot = fonts.line_height(hint_size) + margin * 0.5 if hint else 0.0
    while True:
        blocks, figure = _lay_out(words, lang, counter, inner, base)
        needed = _height(blocks) + (_height(figure) + base * 1.2 if figure else 0.0)
        if needed <= height - 2 * margin - foot or base <= SMALLEST_PX:
            break
        base *= 0.93
    y = margin
    y = _draw(scene, blocks, margin, y)
    if figure:
        pad = base * 0.45
        top = y + base * 0.6
        box = (margin - pad, top, width - margin + pad, top + _height(figure) + 2 * pad)
        scene.add(Rect(box, FIGURE_BOX, None, 1.0, pad))
        scene.boxes["how_common"] = box
        _draw(scene, figure, margin, top + pad)
    if hint:
        line = word("keys", lang)
        advance = fonts.width(line, hint_size)
        top = height - margin * 0.5 - fonts.line_height(hint_size)
        scene.add(Text(margin, top + fonts.ascent(hint_size), line, hint_size, MUTED,
                       box=(margin, top, margin + advance, top + fonts.line_height(hint_size))))
        scene.boxes["keys"] = (margin, top, margin + advance, height - margin * 0.5)
    return scene


def _lay_out(words: StepText, lang: str, counter: str, width: float, base: float
             ) -> tuple[list[_Block], list[_Block]]:
    """The blocks of the panel and of the "How common" box at one base size."""
    def block(text: str, scale: float, colour: RGBA, bold: bool = False, above: float = 0.0,
              key: str = "") -> _Block:
        px = fonts.pixel_size(max(SMALLEST_PX, base * scale))
        return _Block(fonts.wrap_at(text, width, px) if text else [], px, colour, bold,
                      above * base, key)

    blocks = []
    if counter:
        blocks.append(block(counter, 0.55, MUTED, key="counter"))
    blocks.append(block(words.title, 0.95, rgba(words.color), True, 0.5, "title"))
    if words.short:
        blocks.append(block(word("first", lang), 0.5, MUTED, True, 0.7, "first"))
        blocks.append(block(words.short, 1.0, WHITE, above=0.2, key="short"))
    if words.detail:
        blocks.append(block(word("more", lang), 0.5, MUTED, True, 0.9, "more"))
        blocks.append(block(words.detail, 0.62, DETAIL, above=0.25, key="detail"))
    figure = []
    if words.how_common is not None:
        figure.append(block(words.how_common.title(lang), 0.6, FIGURE_TITLE, True,
                            key="how_common_title"))
        figure.append(block(words.how_common.text(lang), 0.58, WHITE, above=0.2,
                            key="how_common_text"))
    return blocks, figure


def _height(blocks: list[_Block]) -> float:
    return sum(b.above + len(b.lines) * fonts.line_height(b.size) for b in blocks)


def _draw(scene: Scene, blocks: list[_Block], left: float, y: float) -> float:
    for b in blocks:
        y += b.above
        top = y
        for line in b.lines:
            thick = fonts.bold_stroke(line, b.size) if b.bold else 0.0
            advance = fonts.width(line, b.size)
            scene.add(Text(left, y + fonts.ascent(b.size), line, b.size, b.colour, 0.0,
                           float(thick), (left, y, left + advance, y + fonts.line_height(b.size))))
            y += fonts.line_height(b.size)
        if b.key and b.lines:
            scene.boxes[b.key] = (left, top, left + max(fonts.width(line, b.size)
                                                         for line in b.lines), y)
    return y
