"""The core's words in every language: one catalogue shared by the CLI, the exports and the window.

English is written in the code; the other languages live in one gettext catalogue per
language, ``resources/i18n/core_<lang>.po`` (compiled to ``.mo`` by ``scripts/translations.py``).
The window's own words (menus, dialogs) are Qt's (``.ts`` files); a word lives in one of the
two, never in both. Two markers, both found by the extractor:

- ``_("{path}: no such file or folder.", path=root)`` makes a :class:`Message`: a ``str`` that
  reads in English (so logs, tests and ``str(exc)`` keep working) and remembers its words and
  values, so that it can be said later in another language with :func:`say`. A skip reason
  made while a folder is read shows in Japanese in the window after a language switch.
- ``N_("Slice {index} / {count}")`` only marks a word kept in a table; :func:`gettext` says it.

Values are filled with ``str.format``; a value that is itself a :class:`Message` is said in the
same language. Never pass an f-string to ``_``: the extractor cannot see its words.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

#: The languages the program speaks; the first is the language of the code.
LANGUAGES = ("en", "ja")
#: Names of the languages, each in its own words (menus, dialogs, ``--help``).
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}
#: The catalogues' folder inside the bundled resources, and their name.
CATALOGUE_FOLDER = "i18n"
DOMAIN = "core"


class Message(str):
    """A sentence of the program: English as a ``str``, any language through :func:`say`."""

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, values: Mapping[str, Any] | None = None) -> Message:
        """The message ``msgid`` with ``values`` filled in, reading in English."""
        values = dict(values or {})
        text = msgid.format(**values) if values else msgid
        message = super().__new__(cls, text)
        message.msgid = msgid
        message.values = values
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled between the header-reading processes: keep the words, not only English
        return (Message, (self.msgid, self.values))

    def say(self, lang: str) -> str:
        """These words in ``lang`` ("en", "ja"; English for any other)."""
        return gettext(self.msgid, lang, **{k: v.say(lang) if isinstance(v, Message) else v
                                            for k, v in self.values.items()})


class Joined(Message):
    """Several messages one after the other (``"; "`` between them), each said in its turn."""

    items: tuple[str, ...]
    separator: str

    def __new__(cls, items: Sequence[str], separator: str = "; ") -> Joined:
        """The ``items`` joined by ``separator``."""
        message = str.__new__(cls, separator.join(items))
        message.msgid, message.values = "", {}
        message.items, message.separator = tuple(items), separator
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.items, self.separator))

    def say(self, lang: str) -> str:
        """Each item in ``lang``."""
        return self.separator.join(say(item, lang) for item in self.items)


def _(msgid: str, **values: Any) -> Message:
    """Mark ``msgid`` for translation and fill in ``values``: a :class:`Message`."""
    return Message(msgid, values)


def N_(msgid: str) -> str:
    """Mark a word kept in a table for translation; say it later with :func:`gettext`."""
    return msgid


def check_language(lang: str) -> str:
    """``lang`` if the program speaks it; raises ``ValueError`` with one sentence otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English and unknown languages: the code's words)."""
    if lang == LANGUAGES[0] or lang not in LANGUAGES:
        return _gettext.NullTranslations()
    from ilc_viewer.storage.resources import resource_file  # not at import: errors import this

    path = resource_file(f"{CATALOGUE_FOLDER}/{DOMAIN}_{lang}.mo")
    try:
        with open(path, "rb") as file:
            return _gettext.GNUTranslations(file)
    except OSError:  # a broken install speaks English rather than failing
        return _gettext.NullTranslations()


def gettext(msgid: str, lang: str, **values: Any) -> str:
    """The words of ``msgid`` in ``lang`` with ``values`` filled in."""
    text = catalogue(lang).gettext(msgid) if msgid else msgid
    return text.format(**values) if values else text


def say(text: object, lang: str) -> str:
    """Anything the core says, in ``lang``: a :class:`Message` is translated, other text
    (a file name, a number, the user's own words) is kept as it is."""
    if isinstance(text, Message):
        return text.say(lang)
    return str(text)


def message_of(error: BaseException) -> str:
    """The sentence of an exception: its :class:`Message` when it was made with one (to be
    said in any language, e.g. as a value of another message), else its English text."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Message) else str(error)


def say_error(error: BaseException, lang: str) -> str:
    """The one sentence of an exception in ``lang``."""
    return say(message_of(error), lang)
