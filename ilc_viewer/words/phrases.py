"""The plain-language phrase library: the clinic's explanations that stickers put on images.

The phrases are data, not code: the built-in library is ``resources/phrases.json`` and a
clinic may keep its own file with the same layout (see ``docs/annotations-format.md``). The
clinic file is merged over the built-in one: an entry with a known id overrides it field by
field (and language by language inside ``label`` / ``explanation``), an entry with a new id
is added. A clinic file that cannot be used never takes the built-in library down with it:
:func:`load_phrase_library` returns the problems as plain sentences that name the file and
the line, and keeps every phrase it could use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.storage.json_files import parse_json, read_text
from ilc_viewer.storage.resources import resource_file
from ilc_viewer.words.catalogue import N_, Joined, _, gettext, message_of

BUILTIN_PHRASES = resource_file("phrases.json")
#: Categories in the order the UI lists them.
CATEGORIES = ("sequence", "disc", "nerve_canal", "bone", "reassurance")
#: The sequences a phrase can be true on (an empty list means "true on any sequence").
PHRASE_SEQUENCES = ("T1", "T2", "STIR", "XR", "FLUORO", "US")
LANGUAGES = ("en", "ja")
#: Labels sit on the image next to the spot: longer ones cover the anatomy.
MAX_LABEL_WORDS_EN = 6
MAX_LABEL_CHARS_JA = 20
LOCALISED_FIELDS = ("label", "short", "explanation")
REQUIRED_FIELDS = ("id", "category", "sequences", "color", "label", "explanation")
#: Fields an entry may leave out: ``short`` is then the explanation's first sentence.
OPTIONAL_FIELDS = ("short",)
_FIRST_SENTENCE = re.compile(r"^.*?(?:[.!?](?=\s|$)|。)", re.S)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PHRASE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class LocalText:
    """One text in English and Japanese."""

    en: str
    ja: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("en" or "ja"); English for any other language."""
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class Phrase:
    """One explanation the doctor can put on an image."""

    id: str
    label: LocalText  # short, on the image (<= 6 English words)
    explanation: LocalText  # 2-4 sentences ("a little more", 少し詳しく): panel and handout
    sequences: tuple[str, ...]  # where the sentence is true; empty = on any sequence
    category: str
    color: str  # "#rrggbb"
    #: One or two short sentences ("first things first", まずこれだけは): Explain mode's big
    #: words. An entry without one gets the explanation's first sentence.
    short: LocalText | None = None

    @property
    def brief(self) -> LocalText:
        """The short form, or the first sentence of the explanation when there is none."""
        if self.short is not None:
            return self.short
        return LocalText(en=first_sentence(self.explanation.en),
                         ja=first_sentence(self.explanation.ja))

    def fits_sequence(self, sequence: str) -> bool:
        """True if the phrase is true on images of this sequence label (e.g. "T2")."""
        return not self.sequences or sequence.strip().upper() in self.sequences


class PhraseLibrary:
    """The phrases by id, in file order (built-in first, then the clinic's additions)."""

    def __init__(self, phrases: Iterable[Phrase] = ()) -> None:
        self._phrases: dict[str, Phrase] = {}
        for phrase in phrases:
            self._phrases[phrase.id] = phrase

    def get(self, phrase_id: str) -> Phrase | None:
        """The phrase with this id, or ``None`` (e.g. a saved sticker whose phrase was removed)."""
        return self._phrases.get(phrase_id)

    def __getitem__(self, phrase_id: str) -> Phrase:
        return self._phrases[phrase_id]

    def __contains__(self, phrase_id: object) -> bool:
        return phrase_id in self._phrases

    def __iter__(self) -> Iterator[Phrase]:
        return iter(self._phrases.values())

    def __len__(self) -> int:
        return len(self._phrases)

    def ids(self) -> list[str]:
        """All phrase ids in library order."""
        return list(self._phrases)

    def by_category(self) -> dict[str, list[Phrase]]:
        """Phrases grouped by category, in :data:`CATEGORIES` order (empty ones left out)."""
        groups: dict[str, list[Phrase]] = {category: [] for category in CATEGORIES}
        for phrase in self._phrases.values():
            groups.setdefault(phrase.category, []).append(phrase)
        return {category: items for category, items in groups.items() if items}


def first_sentence(text: str) -> str:
    """The first sentence of a text (all of it when it has no sentence end)."""
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(0).strip() if match else text.strip()


def placement_warning(phrase: Phrase, sequence: str, lang: str = "en") -> str | None:
    """A gentle note when a phrase is placed on a sequence it does not describe, else ``None``.

    "Dark disc" means nothing on T1: the doctor may still place it (on purpose, to compare),
    so this is a hint for the status bar, not a refusal.
    """
    if phrase.fits_sequence(sequence):
        return None
    from ilc_viewer.words.overlay_text import sequence_name  # "XR" said as "X-ray"

    return gettext(
        N_('"{label}" describes {where} images; on this {sequence} image the spot may look '
           "different. Consider placing it on the {where} panel."),
        lang, label=phrase.label.get(lang),
        where=" / ".join(sequence_name(s, lang) for s in phrase.sequences),
        sequence=sequence_name(sequence, lang))


def validate_entry(entry: Any, *, partial: bool = False) -> list[str]:
    """Schema problems of one phrase entry as ``"field: reason"`` strings (empty list = fine).

    With ``partial=True`` (a clinic entry overriding a built-in one) only the fields present
    are checked, and ``label`` / ``explanation`` may give just one language.
    """
    if not isinstance(entry, Mapping):
        return [_("entry: must be an object with the fields {fields}",
                  fields=", ".join(REQUIRED_FIELDS))]
    problems = []
    for field in REQUIRED_FIELDS:
        if field not in entry and not partial:
            problems.append(_("{field}: missing", field=field))
    known = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS)
    problems += [_("{field}: unknown field", field=field) for field in entry if field not in known]
    if "id" in entry and not (isinstance(entry["id"], str) and _PHRASE_ID.match(entry["id"])):
        problems.append(_("id: must be lower-case letters, digits and _ (e.g. dark_disc)"))
    if "category" in entry and entry["category"] not in CATEGORIES:
        problems.append(_("category: must be one of {names}", names=", ".join(CATEGORIES)))
    if "sequences" in entry:
        seqs = entry["sequences"]
        if not isinstance(seqs, list) or any(s not in PHRASE_SEQUENCES for s in seqs):
            problems.append(_("sequences: must be a list of {names} (or [])",
                              names=", ".join(PHRASE_SEQUENCES)))
    if "color" in entry and not (isinstance(entry["color"], str) and _COLOUR.match(entry["color"])):
        problems.append(_('color: must look like "#rrggbb"'))
    for field in LOCALISED_FIELDS:
        if field in entry:
            problems += _check_local_text(field, entry[field],
                                          partial or field in OPTIONAL_FIELDS)
    return problems


def _check_local_text(field: str, value: Any, partial: bool) -> list[str]:
    if not isinstance(value, Mapping):
        return [_("{field}: must be an object with en and ja texts", field=field)]
    problems = []
    for lang in LANGUAGES:
        if lang not in value:
            if not partial:
                problems.append(_("{field}.{lang}: missing", field=field, lang=lang))
            continue
        text = value[lang]
        if not isinstance(text, str) or not text.strip():
            problems.append(_("{field}.{lang}: must be a non-empty text", field=field,
                                      lang=lang))
            continue
        if field == "label" and lang == "en" and len(text.split()) > MAX_LABEL_WORDS_EN:
            problems.append(_("label.en: {count} words, at most {most}",
                                      count=len(text.split()), most=MAX_LABEL_WORDS_EN))
        if field == "label" and lang == "ja" and len(text) > MAX_LABEL_CHARS_JA:
            problems.append(_("label.ja: {count} characters, at most {most}", count=len(text),
                                      most=MAX_LABEL_CHARS_JA))
    problems += [_("{field}.{lang}: unknown language", field=field, lang=lang)
                 for lang in value if lang not in LANGUAGES]
    return problems


def phrase_from_entry(entry: Mapping[str, Any]) -> Phrase:
    """Build a :class:`Phrase` from a complete, valid entry (see :func:`validate_entry`)."""
    return Phrase(
        id=entry["id"],
        label=LocalText(en=entry["label"]["en"], ja=entry["label"]["ja"]),
        explanation=LocalText(en=entry["explanation"]["en"], ja=entry["explanation"]["ja"]),
        sequences=tuple(entry["sequences"]),
        category=entry["category"],
        color=entry["color"].lower(),
        short=_short_of(entry),
    )


def _short_of(entry: Mapping[str, Any]) -> LocalText | None:
    """An entry's short form; a language it leaves out gets the explanation's first sentence."""
    short = entry.get("short")
    if not isinstance(short, Mapping):
        return None
    return LocalText(
        en=short.get("en") or first_sentence(entry["explanation"]["en"]),
        ja=short.get("ja") or first_sentence(entry["explanation"]["ja"]))


def entry_from_phrase(phrase: Phrase) -> dict[str, Any]:
    """The JSON entry of a phrase (the inverse of :func:`phrase_from_entry`)."""
    return {
        "id": phrase.id,
        "category": phrase.category,
        "sequences": list(phrase.sequences),
        "color": phrase.color,
        "label": {"en": phrase.label.en, "ja": phrase.label.ja},
        **({"short": {"en": phrase.short.en, "ja": phrase.short.ja}} if phrase.short else {}),
        "explanation": {"en": phrase.explanation.en, "ja": phrase.explanation.ja},
    }


def read_phrase_file(path: Path) -> tuple[list[Any], str]:
    """The raw entries of a phrase file and its text; raises :class:`AnnotationFileError`.

    The error message names the file and, for broken JSON, the line and column.
    """
    text = read_text(path, N_("phrase file"))
    data = parse_json(text, path)
    entries = data.get("phrases") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise AnnotationFileError(
            _('{path}: expected an object with a "phrases" list, as in resources/phrases.json',
              path=path)
        )
    return entries, text


def load_builtin_library() -> PhraseLibrary:
    """The library shipped with the program; raises :class:`AnnotationFileError` if it is broken."""
    entries, text = read_phrase_file(BUILTIN_PHRASES)
    phrases = []
    for entry in entries:
        problems = validate_entry(entry)
        if problems:
            raise AnnotationFileError(_entry_message(BUILTIN_PHRASES, text, entry, problems))
        phrases.append(phrase_from_entry(entry))
    return PhraseLibrary(phrases)


def load_phrase_library(user_file: Path | None = None) -> tuple[PhraseLibrary, list[str]]:
    """The built-in library merged with a clinic file, and the problems found (plain sentences).

    A missing ``user_file`` is normal (the clinic has not added phrases) and gives no warning.
    A broken file, or a broken entry in it, is reported and left out; everything else works.
    """
    library = load_builtin_library()
    if user_file is None or not Path(user_file).exists():
        return library, []
    path = Path(user_file)
    try:
        entries, text = read_phrase_file(path)
    except AnnotationFileError as exc:
        return library, [_("{reason}. The clinic's phrases were not loaded; the built-in ones "
                           "work.", reason=message_of(exc))]
    return merge_entries(library, entries, path, text)


def merge_entries(
    library: PhraseLibrary, entries: list[Any], path: Path, text: str = ""
) -> tuple[PhraseLibrary, list[str]]:
    """Merge clinic entries over a library; return the new library and a warning per bad entry."""
    merged = {phrase.id: entry_from_phrase(phrase) for phrase in library}
    warnings = []
    for entry in entries:
        entry_id = entry.get("id") if isinstance(entry, Mapping) else None
        base = merged.get(entry_id) if isinstance(entry_id, str) else None
        problems = validate_entry(entry, partial=base is not None)
        if problems:
            message = _entry_message(path, text, entry, problems)
            warnings.append(_("{problem} This entry was skipped.", problem=message))
            continue
        merged[entry["id"]] = _override(base, entry) if base else dict(entry)
    return PhraseLibrary(phrase_from_entry(e) for e in merged.values()), warnings


def _override(base: dict[str, Any], entry: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with the fields of ``entry`` laid over it, language by language for texts."""
    out = dict(base)
    for field, value in entry.items():
        out[field] = {**base.get(field, {}), **value} if field in LOCALISED_FIELDS else value
    # The clinic's own explanation without its own short form: the short form is then its
    # first sentence (never our words beside theirs)
    rewritten = set(entry.get("explanation", {})) - set(entry.get("short", {}))
    if rewritten and "short" in out:
        out["short"] = {lang: text for lang, text in out["short"].items()
                        if lang not in rewritten}
    return out


def _entry_message(path: Path, text: str, entry: Any, problems: list[str]) -> str:
    """``file, line N, phrase "id": field: reason; ...`` for a schema problem."""
    phrase_id = entry.get("id") if isinstance(entry, Mapping) else None
    line = _line_of_id(text, phrase_id) if isinstance(phrase_id, str) else None
    where = _("{path}, line {line}", path=path, line=line) if line is not None else str(path)
    name = _('phrase "{id}"', id=phrase_id) if isinstance(phrase_id, str) \
        else _("a phrase without an id")
    return _("{where}, {name}: {problems}.", where=where, name=name, problems=Joined(problems))


def _line_of_id(text: str, phrase_id: str) -> int | None:
    """Line number (1-based) where ``"id": "<phrase_id>"`` appears in the file text, if found."""
    match = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(phrase_id)), text)
    return text.count("\n", 0, match.start()) + 1 if match else None
