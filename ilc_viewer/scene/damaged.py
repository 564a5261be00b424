"""A damaged slice on a panel: the image's place hatched, with what is wrong in plain words.

A slice that cannot be shown must never look like an empty or a normal panel (issue 18): the
rectangle the image would take is crossed by diagonal amber lines and framed, and a dark plate
in the middle says "Damaged image" and the plain sentence of its
:class:`~ilc_viewer.dicom.damage.Damage`, in the reader's language. Everything here is scene
primitives, so the window and every export show the same.
"""

from __future__ import annotations

import math

from ilc_viewer.dicom.damage import Damage
from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.primitives import NOTE, WHITE, Box, Line, Point, Rect, Scene, Text
from ilc_viewer.words import overlay_text

HATCH = (255, 190, 60, 110)
FRAME = (255, 190, 60, 220)
PLATE = (0, 0, 0, 215)


def hatch_lines(box: Box, spacing: float) -> list[tuple[Point, Point]]:
    """Diagonal lines (bottom-left to top-right) ``spacing`` apart, clipped to ``box``."""
    left, top, right, bottom = box
    if right - left <= 0 or bottom - top <= 0 or spacing <= 0:
        return []
    lines = []
    # Each line is x + y = c; c runs over the box's range of x + y.
    first = math.ceil((left + top) / spacing) * spacing
    c = first
    while c < right + bottom:
        x0, y0 = max(left, c - bottom), min(bottom, c - left)
        x1, y1 = min(right, c - top), max(top, c - right)
        if x1 > x0:
            lines.append(((x0, y0), (x1, y1)))
        c += spacing
    return lines


def sentence_of(damage: Damage | None, lang: str) -> str:
    """The plain sentence of ``damage`` in ``lang`` (a general one when nothing is known)."""
    if damage is None:
        return overlay_text.tr("damaged_unknown", lang)
    return damage.sentence(lang)


def draw_hatching(scene: Scene, box: Box, panel: tuple[float, float], base: float,
                  scale: float) -> Box:
    """Hatch and frame the image's place (within the panel); returns the box drawn."""
    width, height = panel
    clipped = (max(0.0, box[0]), max(0.0, box[1]), min(width, box[2]), min(height, box[3]))
    for a, b in hatch_lines(clipped, base * 1.4):
        scene.add(Line((a, b), HATCH, max(1.0, 1.5 * scale)))
    scene.add(Rect(clipped, None, FRAME, max(1.0, 2.0 * scale)))
    scene.boxes["damaged"] = clipped
    return clipped


def draw_message(scene: Scene, box: Box, base: float, lang: str, damage: Damage | None
                 ) -> str:
    """The plate with "Damaged image" and the sentence, centred on ``box``; the sentence."""
    sentence = sentence_of(damage, lang)
    title = overlay_text.tr("damaged_title", lang)
    title_size = fonts.pixel_size(base * 1.1)
    size = fonts.pixel_size(base * 0.9)
    room = max(base * 6, (box[2] - box[0]) * 0.8)
    lines = [(part, title_size, True) for part in fonts.wrap_at(title, room, title_size)]
    lines += [(part, size, False) for part in fonts.wrap_at(sentence, room, size)]
    widest = max(fonts.width(line, s) for line, s, _ in lines)
    height = sum(fonts.line_height(s) for _, s, _ in lines)
    pad = base * 0.6
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    plate = (cx - widest / 2 - pad, cy - height / 2 - pad, cx + widest / 2 + pad,
             cy + height / 2 + pad)
    scene.add(Rect(plate, PLATE, FRAME, max(1.0, base / 14), radius=pad * 0.6))
    scene.boxes["message"] = plate
    y = plate[1] + pad
    for line, s, bold in lines:
        advance = fonts.width(line, s)
        x = cx - advance / 2
        thick = fonts.bold_stroke(line, s) if bold else 0.0
        scene.add(Text(x, y + fonts.ascent(s), line, s, NOTE if bold else WHITE, 0.0,
                       float(thick), (x, y, x + advance, y + fonts.line_height(s))))
        y += fonts.line_height(s)
    return sentence
