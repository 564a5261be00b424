"""The plain-language caption band of a panel: its lines wrapped and sized to fit.

Panes side by side share one text size and one set of lines (:func:`caption_fit`), so their
captions line up; lines wrap between words and Japanese phrases, as evenly as they can
(:func:`ilc_viewer.scene.text.wrap_balanced`: never a lone word on the last line).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ilc_viewer.scene import text as fonts
from ilc_viewer.words import overlay_text

#: The caption band covers at most this share of the pane's height: in a narrow pane (three
#: side by side on a 1366x768 screen) the full-screen caption would otherwise hide the spine.
CAPTION_SHARE = 0.3
#: ... and at most this share as a column beside the anatomy (a wide pane).
COLUMN_SHARE = 0.6


def lay_out_caption(lines: Sequence[str], width: float, base: float, scale: float
                    ) -> list[tuple[str, int, bool]]:
    """Each caption line wrapped to ``width`` with its size (the title larger and bold)."""
    return list(_laid_out(tuple(lines), round(width, 1), base, scale))


@lru_cache(maxsize=512)
def _laid_out(lines: tuple[str, ...], width: float, base: float, scale: float
              ) -> tuple[tuple[str, int, bool], ...]:
    out: list[tuple[str, int, bool]] = []
    for k, line in enumerate(lines):
        size = fonts.pixel_size(base * scale * (1.1 if k == 0 else 0.95))
        out += [(part, size, k == 0) for part in fonts.wrap_balanced(line, width, size)]
    return tuple(out)


@lru_cache(maxsize=64)
def caption_fit(width: float, height: float, base: float, margin: float,
                sequences: tuple[str, ...], lang: str, presentation: bool,
                share: float = CAPTION_SHARE) -> tuple[int, float]:
    """(lines to leave out, text scale) of the largest caption that fits every shown pane.

    Larger in presentation mode where there is room; in a narrow pane the text first goes
    back to the usual size, then the last lines (the picture, what it is good for) go; the
    title and what is white always stay. Panes side by side share one size.
    """
    captions = [overlay_text.caption_lines(s, lang, presentation) for s in sequences]
    most = max((len(lines) for lines in captions), default=0)
    room = height * share
    pad = base * 0.55
    inner = width - 2 * margin - 2 * pad
    largest = 1.25 if presentation else 1.0
    scales = sorted({largest, 1.0}, reverse=True)
    for drop in range(max(1, most - 1)):
        for scale in scales:
            if all(sum(fonts.line_height(size) for _, size, _ in lay_out_caption(
                    lines[:max(2, len(lines) - drop)], inner, base, scale)) + 2 * pad <= room
                   for lines in captions):
                return drop, scale
    return max(0, most - 2), 1.0
