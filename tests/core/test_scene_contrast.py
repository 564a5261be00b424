"""Every word on a panel reads with WCAG AA contrast (4.5:1), on screen and in exports alike.

A word on a plate or the caption band is checked against that plate laid over a white image
(the worst case: the plates are see-through); a word straight on the image must carry a
dark outline, which gives it contrast over any image.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.panel import SceneOptions, build_scene
from ilc_viewer.scene.primitives import Rect, inside
from ilc_viewer.scene.text import JOINER, keep_phrases, pieces

CASES = Path(__file__).resolve().parents[2] / "sample_dicoms"
AA = 4.5


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over_white(fill: tuple[int, int, int, int]) -> tuple[float, float, float]:
    alpha = fill[3] / 255
    return tuple(c * alpha + 255 * (1 - alpha) for c in fill[:3])  # type: ignore[return-value]


@pytest.mark.parametrize("case", ["case_a", "case_b"])
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("size", [(289, 800), (1100, 640)], ids=["tall", "wide"])
def test_every_word_has_aa_contrast(case: str, lang: str, size) -> None:
    opened = open_path(CASES / case)
    checked = 0
    for pane in opened.state.visible_panes:
        scene = build_scene(opened, pane, size, SceneOptions(lang=lang))
        plates = [item for item in scene.items if isinstance(item, Rect) and item.fill]
        for text in scene.texts():
            cx, cy = (text.box[0] + text.box[2]) / 2, (text.box[1] + text.box[3]) / 2
            under = [r for r in plates if inside(r.box, cx, cy) and
                     scene.items.index(r) < scene.items.index(text)]
            if under:
                ground = over_white(under[-1].fill)  # the topmost plate under the word
                assert contrast(text.colour[:3], ground) >= AA, (text.text, text.colour)
            else:
                assert text.outline > 0, text.text  # straight on the image: outlined
            checked += 1
    assert checked > 20


def test_japanese_breaks_only_between_phrases() -> None:
    text = "STIR：隠れた炎症が白く写ります"
    joined = keep_phrases(text)
    assert joined.replace(JOINER, "") == text
    # a break may fall only where no joiner stands: exactly between the phrases
    free = "".join(JOINER.join(piece) for piece in pieces(text))
    assert joined == free and "隠" + JOINER + "れ" in joined  # inside a phrase: joined
    assert "が" + JOINER + "白" not in joined and "が白" in joined  # between two: free
    assert keep_phrases("Healthy disc: full of water") == "Healthy disc: full of water"
