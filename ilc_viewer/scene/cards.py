"""The clinic's teaching pictures, drawn by the program: one scene per card, in any language.

Each card is a simple vector drawing made of scene primitives, so the screen (Explain mode)
and the handout paint exactly the same picture: the three camera filters, growth rings, the
old house, the rusty pipe, and self-care (keep warm, keep swaying, take in sunlight). No
stock images: shapes and the card's few words, said in the chosen language through the
core's catalogue. The card's own text (title, short and fuller explanation) comes from the
phrase library, like every other step of the tour.
"""

from __future__ import annotations

from collections.abc import Callable

from ilc_viewer.annotations.tour import CARDS, FILTERS
from ilc_viewer.scene.drawing_kit import (
    INK,
    PAPER,
    UNITS,
    Canvas,
    arc,
    arrow,
    hex_rgba,
    person,
    star,
    sun,
    wave,
)
from ilc_viewer.scene.primitives import Rect, Scene
from ilc_viewer.words.catalogue import N_, gettext

#: The words drawn on the pictures (English; other languages in the core's catalogue).
WORDS = {
    "t1": N_("T1: the map"),
    "t1_white": N_("Fat is white"),
    "t2": N_("T2: water"),
    "t2_white": N_("Water and swelling are white"),
    "stir": N_("STIR: stars in the dark"),
    "stir_white": N_("Fat is black, swelling shines"),
    "one_camera": N_("One MRI"),
    "roof": N_("Roof and posts: what the MRI sees"),
    "air": N_("Fresh air: blood flow"),
    "warm_room": N_("Warm rooms: soft muscles"),
    "owner": N_("A calm owner: the mind"),
    "flows": N_("Warm and moving: it flows"),
    "slow": N_("Cold and still: it gets slow"),
    "rings": N_("Each ring: years of work"),
    "medal": N_("A medal of honour"),
    "warm": N_("Keep warm"),
    "warm_how": N_("A long, warm bath"),
    "sway": N_("Keep swaying"),
    "sway_how": N_("Sway your hips like a goldfish"),
    "sun": N_("Take in sunlight"),
    "sun_how": N_("A short walk outside"),
}
#: The three things to do today: (what, how) word keys.
TODAY = (("warm", "warm_how"), ("sway", "sway_how"), ("sun", "sun_how"))
#: Every picture the tour can show.
PICTURES = (FILTERS, *CARDS)

BLUE = hex_rgba("#3a86c8")
WATER = hex_rgba("#8ecae6")
RED = hex_rgba("#d64545")
RUST = hex_rgba("#b5651d")
WOOD = hex_rgba("#c8a27a")
GOLD = hex_rgba("#e9b949")
GREEN = hex_rgba("#5b9e5f")


def word(key: str, lang: str) -> str:
    """One word of the pictures in ``lang``."""
    return gettext(WORDS[key], lang)


def card_scene(card: str, lang: str, size: tuple[int, int],
               background: tuple[int, int, int, int] = (0, 0, 0, 255)) -> Scene:
    """The picture of ``card`` (:data:`PICTURES`) on a card filling ``size`` = (w, h), on
    ``background`` (black on screen, white on paper)."""
    width, height = size
    scene = Scene(int(width), int(height))
    scene.background = background
    margin = min(width, height) * 0.02
    box = (margin, margin, width - margin, height - margin)
    scene.add(Rect(box, PAPER, None, 1.0, min(width, height) * 0.03))
    inner = (box[0] + margin, box[1] + margin, box[2] - margin, box[3] - margin)
    scene.boxes["card"] = box
    DRAWINGS[card](Canvas(scene, inner), lang)
    return scene


def three_filters(c: Canvas, lang: str) -> None:
    """One camera, three filters: T1 the map, T2 water, STIR stars in the dark."""
    grey = hex_rgba("#4a5563")
    c.rect((70, 230, 380, 430), grey, INK, 4, 30)
    c.rect((110, 195, 200, 232), grey, INK, 4, 8)
    c.circle((225, 330), 78, fill=hex_rgba("#27313c"), colour=INK, width=5)
    c.circle((225, 330), 46, fill=hex_rgba("#6c8fb3"))
    c.circle((205, 312), 12, fill=hex_rgba("#dbe7f3"))
    c.text(225, 450, word("one_camera", lang), 30, INK, bold=True)
    filters = ((120, hex_rgba("#f3d9a4"), "t1", "t1_white"),
               (310, hex_rgba("#9cc9ec"), "t2", "t2_white"),
               (500, hex_rgba("#1c2541"), "stir", "stir_white"))
    for y, tint, name, white in filters:
        c.line([(303, 330), (545, y)], grey, 3, dashed=True)
        c.circle((610, y), 66, fill=tint, colour=INK, width=5)
        if name == "t1":  # a map: roads and blocks
            c.line([(560, y - 20), (660, y - 20)], INK, 5)
            c.line([(590, y - 60), (600, y + 60)], INK, 5)
            for bx, by in ((615, y - 5), (555, y + 5), (615, y + 30)):
                c.rect((bx, by, bx + 28, by + 22), hex_rgba("#e8a33d"), None, 1)
        elif name == "t2":  # a drop of water
            c.poly([(610, y - 45), (640, y + 5), *arc((610, y + 12), 32, 32, 0, 180, 14)[1:],
                    (580, y + 5)], hex_rgba("#1f78c1"))
        else:  # stars in the dark
            for sx, sy, r in ((585, y - 25, 14), (640, y - 10, 10), (605, y + 28, 12)):
                star(c, (sx, sy), r, hex_rgba("#fff3b0"))
        bottom = c.text(700, y - 40, word(name, lang), 30, INK, align="left", bold=True,
                        width=290)
        c.text(700, bottom + 4, word(white, lang), 24, hex_rgba("#3c4a5a"), align="left",
               width=290)


def old_house(c: Canvas, lang: str) -> None:
    """A house lived in for years: the roof and posts outside, comfort inside."""
    c.line([(40, 560), (960, 560)], hex_rgba("#7a8a5a"), 6)
    c.rect((250, 250, 750, 560), hex_rgba("#f0d9b5"), INK, 4)
    c.poly([(210, 262), (500, 80), (790, 262)], hex_rgba("#b5533c"), INK)
    for k in range(1, 5):  # rows of roof tiles
        y = 80 + k * 36
        half = (y - 80) / 182 * 290
        c.line([(500 - half, y), (500 + half, y)], hex_rgba("#7d3626"), 3)
    c.poly([(430, 158), (478, 150), (486, 176), (438, 184)], hex_rgba("#d97a5f"), INK)
    c.circle((460, 167), 40, colour=RED, width=4)
    c.line([(772, 560), (800, 256)], hex_rgba("#8a6a4a"), 12)  # a porch post, a bit crooked
    c.circle((784, 430), 44, colour=RED, width=4)
    c.text(870, 60, word("roof", lang), 24, RED, bold=True, width=230)
    c.line([(800, 150), (505, 167)], RED, 3, dashed=True)
    c.line([(870, 175), (800, 385)], RED, 3, dashed=True)
    # inside: air through a window, a warm room, a calm owner
    c.rect((285, 300, 385, 390), hex_rgba("#cfe8f7"), INK, 4)
    for k in range(3):
        c.line(wave((300, 320 + k * 25), 150, 7, 1.5), BLUE, 4)
    c.text(335, 410, word("air", lang), 21, INK, width=150)
    c.rect((440, 330, 540, 420), hex_rgba("#f4a259"), INK, 4, 10)
    for k in range(3):
        c.line(wave((460 + k * 30, 325), 70, 6, 1.5, vertical=True), hex_rgba("#e07a2d"), 4)
    c.text(490, 430, word("warm_room", lang), 21, INK, width=150)
    person(c, (640, 420), 120)
    c.text(640, 430, word("owner", lang), 21, INK, width=150)


def rusty_pipe(c: Canvas, lang: str) -> None:
    """A narrow pipe: warm and moving it flows, cold and still it gets slow."""
    for y, warm in ((170, True), (450, False)):
        wall = hex_rgba("#9aa5b1") if warm else hex_rgba("#b9c9d6")
        top = [(120, y - 70), (380, y - 70), (460, y - 38), (560, y - 38), (640, y - 70),
               (900, y - 70)]
        bottom = [(x, 2 * y - yy) for x, yy in reversed(top)]
        c.poly([*top, *bottom], wall, INK)
        inner_top = [(x, yy + 14) for x, yy in top]
        inner_bottom = [(x, yy - 14) for x, yy in bottom]
        c.poly([*inner_top, *inner_bottom], hex_rgba("#fbeeee") if warm else hex_rgba("#eef3f8"))
        for x, yy in ((430, y - 50), (600, y + 48), (250, y + 62)):
            c.circle((x, yy), 11, fill=RUST)
        if warm:
            for x in (170, 270, 520, 760, 850):
                c.circle((x, y), 14, fill=RED)
            arrow(c, (300, y), (420, y), RED, 6)
            arrow(c, (600, y), (720, y), RED, 6)
            sun(c, (70, y - 95), 26)
        else:
            for k, x in enumerate((400, 425, 448, 470, 492, 515, 538, 560, 585, 610)):
                c.circle((x, y + (k % 3 - 1) * 12), 13, fill=hex_rgba("#9b4a5a"))
            for x in (180, 820):
                c.circle((x, y), 13, fill=hex_rgba("#9b4a5a"))
            for k in range(3):  # a snowflake
                angle = 60 * k
                ends = arc((70, y - 100), 26, 26, angle, angle + 180, 1)
                c.line(ends, BLUE, 5)
        c.text(500, y + 85, word("flows" if warm else "slow", lang), 26,
               RED if warm else BLUE, bold=True, width=700)


def growth_rings(c: Canvas, lang: str) -> None:
    """A tree's growth rings beside a medal of honour."""
    centre = (330, 290)
    c.ellipse(centre, 250, 225, fill=hex_rgba("#8a5a35"), colour=INK, width=4)
    for k in range(9, 0, -1):
        shade = hex_rgba("#e9c99b") if k % 2 else hex_rgba("#dcb27e")
        c.ellipse((centre[0] + k * 2, centre[1] - k), 24 * k, 21.5 * k, fill=shade,
                  colour=WOOD, width=3)
    c.circle((centre[0] + 4, centre[1] - 2), 10, fill=hex_rgba("#a0703f"))
    c.text(330, 540, word("rings", lang), 28, INK, bold=True, width=520)
    c.poly([(700, 60), (760, 60), (800, 250), (760, 260)], hex_rgba("#3a6ea5"), INK)
    c.poly([(860, 60), (920, 60), (860, 260), (820, 250)], hex_rgba("#c0392b"), INK)
    c.circle((810, 330), 95, fill=GOLD, colour=hex_rgba("#a67c00"), width=6)
    c.circle((810, 330), 70, colour=hex_rgba("#a67c00"), width=3)
    star(c, (810, 332), 48, hex_rgba("#fff1b8"))
    c.text(810, 450, word("medal", lang), 28, INK, bold=True, width=300)


def self_care(c: Canvas, lang: str) -> None:
    """Three things to do today: keep warm, keep swaying, take in sunlight."""
    columns = (170.0, 500.0, 830.0)
    for x, (what, how) in zip(columns, TODAY, strict=True):
        c.rect((x - 150, 20, x + 150, 600), hex_rgba("#fffaf0"), hex_rgba("#d9cdb8"), 3, 24)
        c.text(x, 45, word(what, lang), 32, hex_rgba("#1f6f8b"), bold=True, width=280)
        c.text(x, 480, word(how, lang), 24, INK, width=270)
    x = columns[0]  # a warm bath
    c.circle((x - 20, 312), 34, fill=PAPER, colour=INK, width=4)
    c.line(arc((x - 20, 314), 16, 12, 20, 160, 8), INK, 3)
    for dx in (-32, -8):
        c.circle((x + dx, 304), 3.5, fill=INK)
    c.rect((x - 120, 345, x + 120, 440), WATER, INK, 4, 30)
    c.rect((x - 130, 330, x + 130, 350), hex_rgba("#f7f7f7"), INK, 4, 8)
    for k in range(3):
        c.line(wave((x - 60 + k * 55, 280), 120, 9, 1.5, vertical=True),
               hex_rgba("#e07a2d"), 4)
    x = columns[1]  # a goldfish swaying
    c.line(wave((x - 120, 400), 240, 18, 1.0), BLUE, 4)
    c.ellipse((x - 10, 290), 75, 45, fill=hex_rgba("#f28c28"), colour=INK, width=4)
    c.poly([(x + 55, 290), (x + 125, 240), (x + 110, 290), (x + 125, 340)],
           hex_rgba("#f6b26b"), INK)
    c.circle((x - 50, 280), 8, fill=INK)
    for k in range(3):
        c.line(arc((x + 20, 290), 150 + k * 18, 100 + k * 14, 150, 210, 8),
               hex_rgba("#8aa9c7"), 3)
    x = columns[2]  # a walk in the sun
    sun(c, (x + 60, 180), 42)
    c.line([(x - 130, 440), (x + 130, 440)], GREEN, 8)
    person(c, (x - 30, 438), 190, walking=True)


DRAWINGS: dict[str, Callable[[Canvas, str], None]] = {
    FILTERS: three_filters,
    "old_house": old_house,
    "rusty_pipe": rusty_pipe,
    "growth_rings": growth_rings,
    "self_care": self_care,
}
#: The drawing's proportions (width / height), for laying cards out.
ASPECT = UNITS[0] / UNITS[1]
