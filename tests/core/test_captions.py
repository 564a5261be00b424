"""Sequence captions: every sequence has its caption in both languages, others fall back."""

from __future__ import annotations

import re

import pytest

from ilc_viewer.words.captions import Caption, caption_for

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize("sequence", ["T1", "T2", "STIR"])
def test_each_sequence_has_its_own_caption_in_both_languages(sequence: str) -> None:
    en, ja = caption_for(sequence, "en"), caption_for(sequence, "ja")
    assert isinstance(en, Caption)
    for caption in (en, ja):
        assert all(caption.__dict__[f].strip() for f in ("title", "white_means", "good_for"))
        assert caption.picture.strip()
        assert sequence in caption.title
    assert all(_JAPANESE.search(v) for v in ja.__dict__.values())
    assert en != ja


def test_captions_carry_the_clinic_pictures() -> None:
    assert "map" in caption_for("T1", "en").picture.lower()
    assert "x-ray" in caption_for("T2", "en").picture.lower()
    assert "star" in caption_for("STIR", "en").picture.lower()
    assert "fat" in caption_for("T1", "en").white_means.lower()
    assert "black" in caption_for("STIR", "en").white_means.lower()


def test_sequences_differ_and_lookup_ignores_case() -> None:
    titles = {caption_for(s, "en").title for s in ("T1", "T2", "STIR")}
    assert len(titles) == 3
    assert caption_for("stir", "en") == caption_for("STIR", "en")
    assert caption_for(" t2 ", "ja") == caption_for("T2", "ja")


def test_other_sequences_get_the_generic_caption_with_their_label() -> None:
    flair = caption_for("FLAIR", "en")
    assert "FLAIR" in flair.title
    assert flair.white_means != caption_for("T2", "en").white_means
    assert "{sequence}" not in caption_for("", "ja").title
    assert "T2*" in caption_for("T2*", "ja").title


def test_unknown_language_falls_back_to_english() -> None:
    assert caption_for("T1", "fr") == caption_for("T1", "en")
