"""What is wrong with a damaged image: one plain sentence (en/ja) plus technical detail.

The core API for showing damage: :class:`Damage` names the kind of damage and its numbers;
:meth:`Damage.sentence` gives the plain sentence for the window, exports and ``info``;
:attr:`Damage.detail` keeps the technical reason for ``--json`` and logs. A frame that fails
a check or a decode raises :class:`DamagedImage` (a :class:`~ilc_viewer.errors.DecodeError`,
so every existing handler still catches it) carrying its :class:`Damage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ilc_viewer.errors import DecodeError
from ilc_viewer.words.catalogue import LANGUAGES, Message, gettext
from ilc_viewer.words.damage_text import WORDS


@dataclass(frozen=True)
class Damage:
    """One image's damage: a ``kind`` from :data:`WORDS`, its numbers, the technical detail."""

    kind: str
    detail: str
    #: The numbers of the sentence, as (name, value) pairs (hashable: ImageRef holds it).
    values: tuple[tuple[str, Any], ...] = ()

    def sentence(self, lang: str = "en") -> str:
        """The plain sentence in ``lang`` ("en" or "ja")."""
        try:
            return self.message().say(lang)
        except (KeyError, ValueError, IndexError):
            return gettext(WORDS["header"], lang)

    def message(self) -> Message:
        """The plain sentence as a message, to be said in the reader's language."""
        return Message(WORDS.get(self.kind, WORDS["compressed_damaged"]), dict(self.values))

    def as_dict(self) -> dict[str, Any]:
        """For ``--json``: kind, both sentences and the technical detail."""
        return {
            "kind": self.kind,
            "sentence": {lang: self.sentence(lang) for lang in LANGUAGES},
            "detail": self.detail,
        }


def incomplete(present: int, expected: int, detail: str) -> Damage:
    """Less data than the image needs (``present`` of ``expected`` bytes)."""
    percent = 0 if expected <= 0 else min(99, int(100 * present / expected))
    values = (("percent", percent), ("present", present), ("expected", expected))
    return Damage("incomplete", detail, values)


def extra_data(extra: int, detail: str) -> Damage:
    """More data than the image holds (``extra`` bytes)."""
    return Damage("extra_data", detail, (("extra", extra),))


def shifted(detail: str) -> Damage:
    """Pixel data that does not end where the file says (bytes added or lost inside)."""
    return Damage("shifted", detail)


class DamagedImage(DecodeError):
    """A frame that failed a check or its decode; ``damage`` says what is wrong."""

    def __init__(self, path: str, transfer_syntax: str, damage: Damage) -> None:
        self.damage = damage
        super().__init__(path, transfer_syntax, damage.detail)


def damage_of(error: DecodeError) -> Damage:
    """What is wrong with an image that could not be decoded, as a :class:`Damage`."""
    if isinstance(error, DamagedImage):
        return error.damage
    return Damage("unreadable", error.reason)
