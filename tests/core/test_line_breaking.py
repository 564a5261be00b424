"""Japanese breaks between phrases, never inside a word, by the line-breaking rules (kinsoku).

Checked on every Japanese text the scene and the handout wrap: the phrase library (labels and
explanations), the sequence captions and the handout's words, at many widths. A break is
allowed only where BudouX puts a phrase boundary, at a space, or after Japanese punctuation
(、。：＝...); no line starts with a closing mark, 。、ー or a small kana, and no line ends with
an opening bracket. English breaks only at spaces.
"""

from __future__ import annotations

import budoux
import pytest

from ilc_viewer.export import handout
from ilc_viewer.scene import text
from ilc_viewer.scene.annotations import fit_text
from ilc_viewer.words import captions
from ilc_viewer.words.catalogue import gettext
from ilc_viewer.words.phrases import load_builtin_library

PARSER = budoux.load_default_japanese_parser()
#: Widths (in characters of 20 px text) from a narrow label to a handout column.
WIDTHS = (3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 40)
SIZE = 20
PUNCTUATION = "、。，．：；！？＝"


def japanese_texts() -> list[str]:
    library = load_builtin_library()
    texts = [p.label.ja for p in library] + [p.explanation.ja for p in library]
    for key in (*captions.CAPTIONED_SEQUENCES, captions.GENERIC):
        caption = captions.caption_for(key, "ja")
        texts += [caption.title, caption.white_means, caption.good_for, caption.picture]
    texts += [gettext(words, "ja", date="2024年3月12日", name="山田") for words
              in handout.WORDS.values()]
    return texts


def allowed_breaks(paragraph: str) -> set[int]:
    """Offsets where a line may end: BudouX boundaries, after spaces and punctuation."""
    allowed, at = set(), 0
    for phrase in PARSER.parse(paragraph):
        at += len(phrase)
        allowed.add(at)
    allowed |= {k + 1 for k, char in enumerate(paragraph) if char.isspace() or char in
                PUNCTUATION}
    return allowed


def break_offsets(paragraph: str, lines: list[str]) -> list[int]:
    """Where, in ``paragraph``, each line but the last ends (spaces at the break dropped)."""
    offsets, at = [], 0
    for line in lines[:-1]:
        at = paragraph.index(line, at) + len(line)
        offsets.append(at)
    return offsets


def _width_of(chars: int) -> float:
    return chars * text.width("あ", SIZE)


@pytest.mark.parametrize("paragraph", japanese_texts())
def test_japanese_breaks_only_between_phrases_and_by_the_rules(paragraph: str) -> None:
    allowed = allowed_breaks(paragraph)
    for chars in WIDTHS:
        lines = text.wrap_at(paragraph, _width_of(chars), SIZE)
        assert "".join(lines).replace(" ", "") == paragraph.replace(" ", "")
        for offset in break_offsets(paragraph, lines):
            assert offset in allowed or paragraph[offset:offset + 1].isspace(), \
                (paragraph, chars, lines)
        for line in lines[1:]:
            assert line[:1] not in text.NO_LINE_START, (chars, lines)
        for line in lines[:-1]:
            assert line[-1:] not in text.NO_LINE_END, (chars, lines)


def test_no_word_of_the_phrase_library_is_split() -> None:
    """Each BudouX phrase of a label stays on one line whenever it fits on one."""
    for phrase in load_builtin_library():
        label = phrase.label.ja
        for chars in WIDTHS:
            width = _width_of(chars)
            lines = text.wrap_at(label, width, SIZE)
            for piece in PARSER.parse(label):
                if text.width(piece.strip(), SIZE) <= width and not any(
                        mark in piece for mark in PUNCTUATION):
                    assert any(piece.strip() in line for line in lines), (label, chars, lines)


def test_the_labels_of_the_issue_keep_their_words() -> None:
    """Issue 12: "骨の中の隠れ / た炎症" and "水分 / が減ったサイ / ン" must not happen."""
    for label, words in (("骨の中の隠れた炎症", ("隠れた", "炎症")),
                         ("黒い椎間板＝水分が減ったサイン", ("水分が", "減った", "サイン")),
                         ("つぶれた骨（圧迫骨折）", ("つぶれた", "（圧迫骨折）")),
                         ("健康な椎間板：水分たっぷり", ("健康な", "水分", "たっぷり"))):
        for chars in range(3, 12):
            lines = text.wrap_at(label, _width_of(chars), SIZE)
            for word in words:
                if len(word) <= chars:
                    assert any(word in line for line in lines), (label, chars, lines)


@pytest.mark.parametrize("label", [p.label.ja for p in load_builtin_library()])
def test_sticker_labels_fitted_to_a_plate_follow_the_rules(label: str) -> None:
    for chars in (2, 3, 4, 6, 9):
        lines, _size, _width, _height = fit_text(label, SIZE, _width_of(chars), 1.0)
        for line in lines[1:]:
            assert line[:1] not in text.NO_LINE_START, lines
        for line in lines[:-1]:
            assert line[-1:] not in text.NO_LINE_END, lines


def test_english_breaks_only_at_spaces() -> None:
    for phrase in load_builtin_library():
        words = phrase.explanation.en.split()
        for chars in (8, 20, 40):
            lines = text.wrap_at(phrase.explanation.en, chars * text.width("n", SIZE), SIZE)
            assert " ".join(lines).split() == words
            assert all(word in words for line in lines for word in line.split())


def test_the_handout_wraps_with_the_same_breaker() -> None:
    fonts = handout._Fonts()
    paragraph = load_builtin_library()["dark_disc"].explanation.ja
    for width_mm in (30.0, 60.0, 120.0):
        expected = text.wrap(paragraph, width_mm, lambda line: fonts.width_mm(line, 9))
        assert fonts.wrap(paragraph, 9, width_mm) == [line for line in expected if line]


def test_kinsoku_holds_even_in_the_last_resort_break() -> None:
    lines = text.break_anywhere("「サ」ー。ッ、", text.width("あ", SIZE) * 1.2, SIZE)
    for line in lines[1:]:
        assert line[:1] not in text.NO_LINE_START, lines
    for line in lines[:-1]:
        assert line[-1:] not in text.NO_LINE_END, lines
