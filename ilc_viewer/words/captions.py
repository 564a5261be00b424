"""Per-sequence captions: what is white on this image, what it is good for, the clinic's picture.

Each image panel shows one caption for its sequence (T1 "the map", T2 "inflammation white like
a fracture on an X-ray", STIR "stars in the dark"), in English or Japanese. The words live in
``resources/captions.json``; any other sequence label gets the generic caption.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.storage.json_files import read_json
from ilc_viewer.storage.resources import resource_file

CAPTIONS_FILE = resource_file("captions.json")
CAPTION_FIELDS = ("title", "white_means", "good_for", "picture")
#: Sequences with their own caption; everything else uses ``GENERIC``.
CAPTIONED_SEQUENCES = ("T1", "T2", "STIR")
GENERIC = "generic"
LANGUAGES = ("en", "ja")


@dataclass(frozen=True)
class Caption:
    """The caption of one sequence in one language."""

    title: str
    white_means: str
    good_for: str
    picture: str


def caption_for(sequence: str, lang: str = "en") -> Caption:
    """The caption for a sequence label ("T1", "t2", "STIR", "FLAIR", ...) in ``lang``.

    Unknown sequences get the generic caption with their label in the title; languages other
    than "en" and "ja" get English.
    """
    label = (sequence or "").strip().upper()
    key = label if label in CAPTIONED_SEQUENCES else GENERIC
    lang = lang if lang in LANGUAGES else "en"
    fields = _captions()[key][lang]
    shown = label or "MRI"
    return Caption(**{name: fields[name].replace("{sequence}", shown) for name in CAPTION_FIELDS})


@lru_cache(maxsize=1)
def _captions() -> dict[str, Any]:
    return load_captions(CAPTIONS_FILE)


def load_captions(path: Path) -> dict[str, Any]:
    """Read and check a captions file; raises :class:`AnnotationFileError` naming what is wrong."""
    data = read_json(path, "captions")
    captions = data.get("captions") if isinstance(data, dict) else None
    if not isinstance(captions, dict):
        raise AnnotationFileError(f'{path}: expected an object with a "captions" object')
    problems = [
        f"{key}.{lang}.{name}"
        for key in (*CAPTIONED_SEQUENCES, GENERIC)
        for lang in LANGUAGES
        for name in CAPTION_FIELDS
        if not _text_at(captions, key, lang, name)
    ]
    if problems:
        raise AnnotationFileError(f"{path}: missing or empty caption text: {', '.join(problems)}")
    return captions


def _text_at(captions: dict[str, Any], key: str, lang: str, name: str) -> bool:
    value = captions.get(key, {})
    value = value.get(lang, {}) if isinstance(value, dict) else {}
    text = value.get(name) if isinstance(value, dict) else None
    return isinstance(text, str) and bool(text.strip())
