"""What each step of the Explain tour says, for the screen and the handout alike.

A step's words come from the phrase library (the clinic may override any of them): its label
as the title, the short form ("first things first", まずこれだけは) in large letters and the
fuller explanation ("a little more", 少し詳しく). A spine level label speaks for itself; a free
text sticker says its own text. With "How common is this?" on, a disc finding also gets the
share of people of the patient's age without pain who have it
(:mod:`ilc_viewer.words.how_common`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ilc_viewer.annotations import level_names
from ilc_viewer.annotations.model import Annotation, display_text
from ilc_viewer.annotations.tour import CARD_STEP, FILTERS, FILTERS_STEP, Step
from ilc_viewer.words.catalogue import N_, gettext
from ilc_viewer.words.how_common import HowCommon, how_common
from ilc_viewer.words.phrases import PhraseLibrary

#: The tour's own words (English; other languages in the core's catalogue).
WORDS = {
    "counter": N_("Step {number} of {count}"),
    "first": N_("First things first"),
    "more": N_("A little more"),
    "disc_title": N_("The {name} disc"),
    "disc_short": N_("This is the {name} disc. It is a cushion between two bones of your "
                     "lower back."),
    "bone_title": N_("The {name} bone"),
    "bone_short": N_("This is the {name} bone of your lower back."),
    "levels_more": N_("Doctors name the bones of the lower back L1 to L5, from the top down. "
                      "A disc is named after the two bones it sits between, like L4/5."),
    "keys": N_("Page Down: next · Page Up: back · Esc: leave"),
}
#: Colour of a step that has no colour of its own (the filters, level labels).
ACCENT = "#4fc3f7"


def word(key: str, lang: str, **values: object) -> str:
    """One of the tour's own words in ``lang``."""
    return gettext(WORDS[key], lang, **values)


@dataclass(frozen=True)
class StepText:
    """What one step says: a title, the short form, the fuller one, and maybe a figure."""

    title: str
    short: str
    detail: str
    color: str = ACCENT
    how_common: HowCommon | None = None


def step_text(step: Step, annotations: Sequence[Annotation], library: PhraseLibrary,
              lang: str, age: int | None = None, with_how_common: bool = False) -> StepText:
    """The words of ``step`` in ``lang``; ``age`` (whole years) only for "How common"."""
    if step.kind in (FILTERS_STEP, CARD_STEP):
        return _phrase_text(library, FILTERS if step.kind == FILTERS_STEP else step.card, lang)
    annotation = next((a for a in annotations if a.id == step.annotation_id), None)
    if annotation is None:
        return StepText("", "", "")
    if annotation.kind == "level":
        return _level_text(annotation.text, lang)
    phrase = library.get(annotation.phrase_id) if annotation.phrase_id else None
    if phrase is None or annotation.text:
        words = display_text(annotation, library, lang)
        detail = phrase.explanation.get(lang) if phrase is not None else ""
        return StepText(words, words, detail, annotation.color)
    figure = how_common(phrase.id, age) if with_how_common else None
    return StepText(phrase.label.get(lang), phrase.brief.get(lang),
                    phrase.explanation.get(lang), annotation.color, figure)


def _phrase_text(library: PhraseLibrary, phrase_id: str, lang: str) -> StepText:
    phrase = library.get(phrase_id)
    if phrase is None:
        return StepText(phrase_id, "", "")
    return StepText(phrase.label.get(lang), phrase.brief.get(lang),
                    phrase.explanation.get(lang), phrase.color)


def _level_text(name: str, lang: str) -> StepText:
    disc = level_names.is_disc(name)
    title = word("disc_title" if disc else "bone_title", lang, name=name)
    short = word("disc_short" if disc else "bone_short", lang, name=name)
    return StepText(title, short, word("levels_more", lang))
