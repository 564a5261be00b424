"""The Explain tour of one study: the story of the patient's scan, step by step.

Staff prepare it in the Annotations panel; the doctor walks through it in Explain mode; the
handout follows it. A :class:`Tour` is plain data saved with the study's annotations
(``docs/annotations-format.md``, format version 3):

- ``findings``: annotation ids (stickers and spine level labels) in the order they are shown;
- ``cards``: the teaching cards that follow, in order (:data:`CARDS`);
- ``lang``: the language it starts in ("en", "ja"; the handout also "both");
- ``how_common``: show "How common is this?" on disc findings (off unless staff turn it on).

:func:`tour_steps` turns a tour into the steps shown: first the three camera filters, then
each finding still in the study, then the cards. A study without a saved tour gets
:func:`default_tour`: its stickers from head to foot and the cards that fit them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ilc_viewer.annotations.model import Annotation
from ilc_viewer.words.catalogue import _

#: The teaching cards in their usual order; each is a phrase of the library with a drawing.
CARDS = ("growth_rings", "old_house", "rusty_pipe", "self_care")
#: The first step's phrase: one MRI, three camera filters.
FILTERS = "three_filters"
#: Languages a tour starts in (and the handout is written in).
TOUR_LANGUAGES = ("en", "ja", "both")
#: Kinds of annotation that can be a step of their own.
STEP_KINDS = ("sticker", "level")
#: Phrases of narrowing findings: the rusty pipe card fits them.
NARROWING = ("stenosis", "spondylolisthesis")

FILTERS_STEP, FINDING_STEP, CARD_STEP = "filters", "finding", "card"


@dataclass(frozen=True)
class Tour:
    """What Explain mode shows and in which order (see the module docstring)."""

    findings: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    lang: str = "en"
    how_common: bool = False
    #: True once staff have saved it (a default tour is made up afresh each time).
    saved: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Step:
    """One step of Explain mode: the filters, a finding (its annotation) or a card."""

    kind: str
    annotation_id: str = ""
    card: str = ""

    @property
    def key(self) -> str:
        """A name for the step that stays the same between runs ("finding:<id>")."""
        return f"{self.kind}:{self.annotation_id or self.card}".rstrip(":")


def can_be_step(annotation: Annotation) -> bool:
    """Stickers and spine level labels can be tour steps; shapes and rulers cannot."""
    return annotation.kind in STEP_KINDS


def head_to_foot(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Annotations from the head down (patient z falls toward the feet in LPS)."""
    return sorted(annotations, key=lambda a: -a.anchor[2])


def default_tour(annotations: Sequence[Annotation], lang: str = "en") -> Tour:
    """The tour of a study nobody prepared: its stickers from head to foot, then the cards
    (the rusty pipe only when a sticker shows a narrowing)."""
    stickers = [a for a in annotations if a.kind == "sticker"]
    phrases = {a.phrase_id for a in stickers}
    cards = tuple(c for c in CARDS if c != "rusty_pipe" or phrases & set(NARROWING))
    return Tour(tuple(a.id for a in head_to_foot(stickers)), cards,
                lang if lang in TOUR_LANGUAGES else "en")


def tour_steps(tour: Tour, annotations: Sequence[Annotation]) -> list[Step]:
    """The steps shown: the filters, each finding still in the study, then the cards."""
    present = {a.id for a in annotations if can_be_step(a)}
    steps = [Step(FILTERS_STEP)]
    steps += [Step(FINDING_STEP, annotation_id=i) for i in tour.findings if i in present]
    steps += [Step(CARD_STEP, card=c) for c in tour.cards if c in CARDS]
    return steps


# ----- saving ------------------------------------------------------------------------------
def tour_to_dict(tour: Tour) -> dict[str, Any]:
    """The JSON object of a tour (the ``"tour"`` of an annotation file)."""
    return {"findings": list(tour.findings), "cards": list(tour.cards), "lang": tour.lang,
            "how_common": tour.how_common}


def tour_from_dict(data: Any) -> Tour:
    """A tour from its JSON object; ``ValueError`` names the field that is wrong.

    Unknown cards are left out (a newer program may have more), so are ids used twice.
    """
    if not isinstance(data, Mapping):
        raise ValueError(_("the tour must be a JSON object"))
    findings = data.get("findings", [])
    cards = data.get("cards", [])
    if not isinstance(findings, list) or not all(isinstance(i, str) for i in findings):
        raise ValueError(_("tour.findings must be a list of annotation ids"))
    if not isinstance(cards, list) or not all(isinstance(c, str) for c in cards):
        raise ValueError(_("tour.cards must be a list of card names"))
    lang = data.get("lang", "en")
    if lang not in TOUR_LANGUAGES:
        raise ValueError(_("tour.lang must be one of {names}", names=", ".join(TOUR_LANGUAGES)))
    how_common = data.get("how_common", False)
    if not isinstance(how_common, bool):
        raise ValueError(_("tour.how_common must be true or false"))
    return Tour(tuple(dict.fromkeys(findings)), tuple(dict.fromkeys(c for c in cards
                                                                    if c in CARDS)),
                lang, how_common, saved=True)
