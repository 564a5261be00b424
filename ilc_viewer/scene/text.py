"""Measuring and wrapping the words drawn on images, with the one font both painters use.

The panel scene lays text out here, in output pixels, with FreeType's metrics of the bundled
Japanese-capable font (:func:`ilc_viewer.scene.fonts.japanese_font`), read through Pillow.
The window's QPainter and the file painter draw with the same font file at the same integer
pixel sizes, so a label box computed here fits the words on screen and in an export alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from PIL import ImageFont

from ilc_viewer.scene.fonts import japanese_font

if TYPE_CHECKING:
    from budoux import Parser

#: Characters that must not start a line (Japanese line-breaking rules, kinsoku).
NO_LINE_START = frozenset(
    "、。，．・：；？！）」』】〕〉》”’ー〜々ゝゞヽヾ゛゜…‥"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ",.;:!?)]"
)
#: Characters that must not end a line.
NO_LINE_END = frozenset("（「『【〔〈《“‘([")
#: Text with Japanese in it (kana, kanji, full-width forms): cut into phrases by BudouX.
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
#: A word and the spaces after it, or spaces alone.
SPACED = re.compile(r"\S+\s*|\s+")
#: Inside a phrase, a line may also break after Japanese punctuation (健康な椎間板： / 水分).
BREAK_AFTER = re.compile(r"[^、。，．：；！？＝]+[、。，．：；！？＝]*\s*|[、。，．：；！？＝]+\s*")
#: Smallest text size the scene draws (pixels).
MIN_SIZE = 6
#: Distance between two lines as a multiple of the font's ascent + descent.
LEADING = 1.08


def bold_stroke(text: str, size: int) -> float:
    """Width of the stroke that makes ``text`` bold (the font has no bold face).

    Japanese characters get none: their strokes are dense, and thickening them at the sizes
    on images fills them in; they stand out by size instead.
    """
    if any(ord(char) >= 0x3000 for char in text):
        return 0.0
    return float(max(1, round(size / 24)))


def pixel_size(size: float) -> int:
    """The integer pixel size text of nominal ``size`` is drawn at (both painters agree)."""
    return max(MIN_SIZE, round(size))


@lru_cache(maxsize=64)
def face(size: int) -> ImageFont.FreeTypeFont:
    """The font at an integer pixel size (cached: loading the file costs time)."""
    return ImageFont.truetype(str(japanese_font()), pixel_size(size))


@lru_cache(maxsize=8192)
def _width(text: str, size: int) -> float:
    return float(face(size).getlength(text))


def width(text: str, size: float) -> float:
    """Advance width of ``text`` at ``size`` pixels: of its widest line when it has several
    (Pillow's layout engine refuses a newline in the text it measures)."""
    return max(_width(line, pixel_size(size)) for line in text.split("\n"))


def ascent(size: float) -> float:
    """Pixels from the top of a line to its baseline."""
    return float(face(pixel_size(size)).getmetrics()[0])


def descent(size: float) -> float:
    """Pixels from the baseline to the bottom of a line."""
    return float(face(pixel_size(size)).getmetrics()[1])


def line_height(size: float) -> float:
    """Distance between the tops of two lines of text at ``size``."""
    return (ascent(size) + descent(size)) * LEADING


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import budoux  # its model loads in ~15 ms: only when Japanese is first wrapped

    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=4096)
def pieces(paragraph: str) -> tuple[str, ...]:
    """The pieces of one paragraph that a line may break between (never inside one).

    Japanese is cut into phrases by BudouX (a phrase keeps its particles: 骨の / 中の / 隠れた /
    炎症); spaces break too, so English breaks between words, and so does Japanese punctuation
    inside a phrase (椎間板： / 水分). Then the line-breaking rules
    (kinsoku) join pieces: one that starts with a closing mark, 。、ー or a small kana goes with
    the piece before it, one that ends with an opening bracket with the piece after it.
    """
    chunks = _parser().parse(paragraph) if JAPANESE.search(paragraph) else [paragraph]
    found: list[str] = []
    for chunk in chunks:
        for word in (w for part in SPACED.findall(chunk) for w in BREAK_AFTER.findall(part)):
            if found and (not word.strip() or word[0] in NO_LINE_START
                          or found[-1].rstrip()[-1:] in NO_LINE_END):
                found[-1] += word
            else:
                found.append(word)
    return tuple(found)


#: U+2060 WORD JOINER: no line break here (layout engines that break Japanese anywhere obey it).
JOINER = "\u2060"


def keep_phrases(text: str) -> str:
    """``text`` with a word joiner between the characters of each :func:`pieces` phrase, so a
    layout engine that breaks Japanese between any two characters (Qt's labels and lists)
    breaks it only between phrases. Text without Japanese is returned as it is."""
    if not JAPANESE.search(text):
        return text
    return "\n".join("".join(JOINER.join(piece) for piece in pieces(paragraph))
                     for paragraph in text.split("\n"))


def wrap(text: str, max_width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` (by ``measure``), greedily.

    Lines break only between the :func:`pieces` of the text: between English words and
    between Japanese phrases, never inside a word, never against the line-breaking rules.
    A piece wider than the line gets a line of its own (the caller may shrink the text).
    Newlines in ``text`` always break.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for piece in pieces(paragraph):
            candidate = current + piece
            if not current.strip() or measure(candidate.rstrip()) <= max_width:
                current = candidate
                continue
            lines.append(current.rstrip())
            current = piece.lstrip()
        lines.append(current.rstrip())
    return lines


def wrap_at(text: str, max_width: float, size: float) -> list[str]:
    """:func:`wrap` with the scene font at ``size``."""
    return wrap(text, max_width, lambda t: width(t, size))


def wrap_balanced(text: str, max_width: float, size: float) -> list[str]:
    """:func:`wrap_at`, then each paragraph's lines made as even as they can be without one
    more line (the narrowest width that keeps the count), so no line ends up holding a lone
    word ("fairly bright / too)" becomes "fairly / bright too)")."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        greedy = wrap_at(paragraph, max_width, size)
        if len(greedy) < 2:
            lines += greedy
            continue
        low, high = max_width * 0.4, max_width
        for _ in range(12):  # to within 0.02 % of the width
            middle = (low + high) / 2
            if len(wrap_at(paragraph, middle, size)) > len(greedy):
                low = middle
            else:
                high = middle
        lines += wrap_at(paragraph, high, size)
    return lines


def break_anywhere(text: str, max_width: float, size: float) -> list[str]:
    """Lines of ``text`` cut between any two characters to fit ``max_width`` (last resort,
    when a single word is wider than the line at the smallest size); still no line starts
    with a closing mark or ends with an opening one."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and width(current + char, size) > max_width and char not in NO_LINE_START \
                and current[-1] not in NO_LINE_END:
            lines.append(current.rstrip())
            current = char.lstrip()
        else:
            current += char
    lines.append(current.rstrip())
    return [line for line in lines if line] or [""]
