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
#: Sequences (and picture kinds) with their own caption; everything else uses ``GENERIC``.
CAPTIONED_SEQUENCES = ("T1", "T2", "STIR", "XR", "FLUORO", "US")
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
    # The clinic's other pictures (X-ray and fluoroscopy on site, ultrasound added to the
    # diagnosis): what each shows, from the clinic's content sheet.
    "XR": Caption(
        title=N_("X-ray: bones and how they line up"),
        white_means=N_("Bone is white, soft tissue grey, air black"),
        good_for=N_("The shape and height of the bones and the alignment of the spine"),
        picture=N_("A shadow picture: X-rays pass through the body and bone stops them most"),
    ),
    "FLUORO": Caption(
        title=N_("Fluoroscopy: X-ray in real time"),
        white_means=N_("Dense things stand out: bone, the needle, contrast dye"),
        good_for=N_("Watching during a procedure, such as guiding an injection"),
        picture=N_("Like an X-ray video: the doctor watches while working"),
    ),
    "US": Caption(
        title=N_("Ultrasound: muscles, fascia and nerves in motion"),
        white_means=N_("Echoes: fascia, tendons and bone surfaces bright, fluid black"),
        good_for=N_("Muscles, fascia and nerves, seen live as you move"),
        picture=N_("Like sonar: sound waves bounce back from each layer"),
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
