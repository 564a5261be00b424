"""The teaching cards are drawings the program makes: scene primitives, any size, any language,
every word inside the card and said in the language asked for."""

from __future__ import annotations

import re

import pytest

from ilc_viewer.annotations.tour import CARDS, FILTERS
from ilc_viewer.scene.cards import PICTURES, WORDS, card_scene, word
from ilc_viewer.scene.primitives import Ellipse, Line, Polygon, Rect, Text

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_card_of_the_tour_has_a_picture() -> None:
    assert set(PICTURES) == {FILTERS, *CARDS}
    assert set(CARDS) == {"growth_rings", "old_house", "rusty_pipe", "self_care"}


@pytest.mark.parametrize("card", PICTURES)
@pytest.mark.parametrize("size", [(1600, 992), (700, 900), (400, 200)])
def test_a_card_is_a_drawing_whose_words_stay_on_the_card(card: str, size) -> None:  # type: ignore[no-untyped-def]
    for lang in ("en", "ja"):
        scene = card_scene(card, lang, size)
        shapes = [i for i in scene.items if isinstance(i, (Line, Polygon, Ellipse, Rect))]
        assert len(shapes) >= 8  # a picture, not a stock image: there is no Picture at all
        assert scene.picture is None
        left, top, right, bottom = scene.boxes["card"]
        for text in scene.texts():
            x0, y0, x1, y1 = text.box
            assert left <= x0 and x1 <= right + 1 and top <= y0 and y1 <= bottom + 1, text.text


@pytest.mark.parametrize("card", PICTURES)
def test_only_the_words_change_with_the_language(card: str) -> None:
    english, japanese = (card_scene(card, lang, (1000, 620)) for lang in ("en", "ja"))
    drawing = [[i for i in scene.items if not isinstance(i, Text)]
               for scene in (english, japanese)]
    assert drawing[0] == drawing[1]
    words_en = " ".join(t.text for t in english.texts())
    words_ja = "".join(t.text for t in japanese.texts())
    assert words_en != words_ja and JAPANESE.search(words_ja)


def test_every_word_on_the_cards_has_its_japanese() -> None:
    for key in WORDS:
        assert JAPANESE.search(word(key, "ja")), key
        assert not JAPANESE.search(word(key, "en")), key
