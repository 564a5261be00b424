"""Per-sequence captions: what is white on this image, what it is good for, the clinic's picture.

Each image panel shows one caption for its sequence (T1 "the map", T2 "inflammation white like
a fracture on an X-ray", STIR "stars in the dark"), in the chosen language. The words are the
program's own, written from the clinic's content sheet: English here, the other languages in
the core's catalogue (:mod:`ilc_viewer.words.catalogue`). Any other sequence label gets the
generic caption with its label in the title.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilc_viewer.words.catalogue import N_, gettext

CAPTION_FIELDS = ("title", "white_means", "good_for", "picture")
#: Sequences with their own caption; everything else uses ``GENERIC``.
CAPTIONED_SEQUENCES = ("T1", "T2", "STIR")
GENERIC = "generic"


@dataclass(frozen=True)
class Caption:
    """The caption of one sequence in one language."""

    title: str
    white_means: str
    good_for: str
    picture: str


#: The captions in English, by sequence; ``{sequence}`` is the label of any other sequence.
CAPTIONS: dict[str, Caption] = {
    "T1": Caption(
        title=N_("T1: the map"),
        white_means=N_("Fat, and bone marrow that holds fat"),
        good_for=N_("Shapes and boundaries: how the spine is built"),
        picture=N_("Like a map that shows the layout of roads and buildings"),
    ),
    "T2": Caption(
        title=N_("T2: water and inflammation"),
        white_means=N_("Water, fluid and inflammation (fat is fairly bright too)"),
        good_for=N_("Discs, nerves, swelling and herniation"),
        picture=N_("An X-ray shows a broken bone in white; T2 shows inflammation in white"),
    ),
    "STIR": Caption(
        title=N_("STIR: stars in the dark"),
        white_means=N_("Water, swelling and hidden inflammation; fat is made black"),
        good_for=N_("Inflammation hidden in bone or soft tissue"),
        picture=N_("Switch off the bright lights (fat) and the faint stars (inflammation) "
                   "appear"),
    ),
    GENERIC: Caption(
        title=N_("{sequence} image"),
        white_means=N_("What looks white depends on how this image was taken"),
        good_for=N_("Your doctor will explain what this image shows"),
        picture=N_("One MRI machine, different camera filters: each shows other things in "
                   "white"),
    ),
}


def caption_for(sequence: str, lang: str = "en") -> Caption:
    """The caption for a sequence label ("T1", "t2", "STIR", "FLAIR", ...) in ``lang``.

    Unknown sequences get the generic caption with their label in the title; languages the
    program does not speak get English.
    """
    label = (sequence or "").strip().upper()
    key = label if label in CAPTIONED_SEQUENCES else GENERIC
    words = CAPTIONS[key]
    shown = label or "MRI"
    return Caption(**{name: gettext(getattr(words, name), lang, sequence=shown)
                      for name in CAPTION_FIELDS})
