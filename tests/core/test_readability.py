"""Words patients can read: every English text a patient sees at grade 6 or below.

Measured with textstat 0.7.3 (pinned in the test extras: it works offline; later versions
fetch NLTK data at run time): the Flesch-Kincaid grade of each text of the phrase library
(label, short form, fuller explanation), of each sequence caption as a whole, of the words on
the teaching cards, of the tour's own words and of "How common is this?". Sentences stay
short in both languages, and every phrase has its short form in both.
"""

from __future__ import annotations

import re

import pytest
import textstat

from ilc_viewer.annotations import tour_words
from ilc_viewer.export import tour_handout
from ilc_viewer.scene import cards
from ilc_viewer.words import how_common
from ilc_viewer.words.captions import CAPTIONED_SEQUENCES, caption_for
from ilc_viewer.words.phrases import load_builtin_library

#: The highest reading grade allowed (US school grade; the advice for patient materials).
MOST_GRADE = 6.0
#: Words in an English sentence, characters in a Japanese one.
MOST_WORDS, MOST_CHARACTERS = 25, 90

LIBRARY = load_builtin_library()


def grade(text: str) -> float:
    """Flesch-Kincaid grade of ``text``."""
    return float(textstat.flesch_kincaid_grade(text))


def sample(word: str) -> str:
    """A word of a table with its values filled in as a patient would see them."""
    return word.format(number=3, count=8, name="L4/5", age=50)


def patient_texts() -> dict[str, str]:
    """Every English text a patient reads, by where it comes from."""
    texts = {}
    for phrase in LIBRARY:
        texts[f"phrase {phrase.id} label"] = phrase.label.en
        texts[f"phrase {phrase.id} short"] = phrase.brief.en
        texts[f"phrase {phrase.id} explanation"] = phrase.explanation.en
    for sequence in (*CAPTIONED_SEQUENCES, "FLAIR"):
        caption = caption_for(sequence, "en")
        texts[f"caption {sequence}"] = ". ".join(
            [caption.title, caption.white_means, caption.good_for, caption.picture]) + "."
    for table, words in (("card", cards.WORDS), ("tour", tour_words.WORDS),
                         ("how common", how_common.WORDS), ("handout", tour_handout.WORDS)):
        for key, word in words.items():
            texts[f"{table} {key}"] = sample(word)
    return texts


TEXTS = patient_texts()


@pytest.mark.parametrize("where", sorted(TEXTS))
def test_every_english_text_a_patient_reads_is_at_grade_6_or_below(where: str) -> None:
    assert grade(TEXTS[where]) <= MOST_GRADE, (where, TEXTS[where], grade(TEXTS[where]))


def test_the_whole_phrase_library_is_measured() -> None:
    assert sum(1 for where in TEXTS if where.startswith("phrase ")) == 3 * len(LIBRARY)
    assert len(LIBRARY) >= 20


def test_sentences_are_short_in_english_and_japanese() -> None:
    for phrase in LIBRARY:
        for text in (phrase.brief.en, phrase.explanation.en):
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                assert len(sentence.split()) <= MOST_WORDS, (phrase.id, sentence)
        for text in (phrase.brief.ja, phrase.explanation.ja):
            for sentence in filter(None, text.split("。")):
                assert len(sentence) <= MOST_CHARACTERS, (phrase.id, sentence)


def test_every_phrase_has_a_short_form_and_a_fuller_one_in_both_languages() -> None:
    for phrase in LIBRARY:
        assert phrase.short is not None, phrase.id  # written, not taken from the explanation
        for lang in ("en", "ja"):
            short, full = phrase.short.get(lang), phrase.explanation.get(lang)
            assert short and full and len(short) < len(full), (phrase.id, lang)
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", phrase.short.ja)


def test_the_grade_measure_tells_hard_text_from_plain_text() -> None:
    """The measure itself: a radiology report sentence fails, the clinic's words pass."""
    report = ("Multilevel degenerative spondylosis with posterior disc osteophyte complex "
              "resulting in moderate central canal stenosis and bilateral neuroforaminal "
              "narrowing.")
    assert grade(report) > 12
    assert grade(LIBRARY["dark_disc"].short.en) <= MOST_GRADE
