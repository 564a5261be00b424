"""Every word of the program has its Japanese, and the compiled catalogues match their sources.

Two catalogues (``docs/architecture.md``): the core's gettext ``.po`` (``_()`` / ``N_()``) and
the window's Qt ``.ts`` (``translate()``). These tests fail when a word is added to the code
and not translated, when a translation loses a ``{value}``, when a compiled file is older
than its source, and when a call is written so the extractors cannot see its words.
"""

from __future__ import annotations

import ast
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import translations  # noqa: E402  (the project's catalogue script)

PACKAGE = ROOT / "ilc_viewer"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
#: Words that stay as they are in Japanese text (names, units, DICOM and file terms).
KEPT_WORDS = {"ilc", "viewer", "international", "lumbago", "clinic", "dicom", "dicomdir", "zip",
              "mm", "pt", "uid", "image", "type", "dwi"}


def _fields(text: str) -> set[str]:
    """The ``{name:spec}`` fields of a format string."""
    return {f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text) if name}


def _untranslated(source: str, translation: str) -> bool:
    """True when a Japanese translation is missing or is the English left as it was."""
    if not translation.strip():
        return True
    if JAPANESE.search(translation):
        return False
    words = re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", translation))
    return any(word.lower() not in KEPT_WORDS for word in words)


# ----- the core's catalogue ---------------------------------------------------------------


@pytest.fixture(scope="module")
def core_template():
    return translations.core_template()


@pytest.fixture(scope="module")
def core_ja():
    with translations.po_file("ja").open("rb") as file:
        return read_po(file, locale="ja")


def test_every_core_word_in_the_code_is_in_the_japanese_catalogue(core_template, core_ja):
    in_code = {m.id for m in core_template if m.id}
    in_catalogue = {m.id for m in core_ja if m.id}
    assert not in_code - in_catalogue, "run scripts/translations.py update and translate"
    assert not in_catalogue - in_code, "words no longer in the code: run ... update"
    assert len(in_code) > 300


def test_every_core_word_has_japanese_text_with_the_same_values(core_ja):
    problems = []
    for message in core_ja:
        if not message.id:
            continue
        if message.fuzzy or _untranslated(message.id, message.string):
            problems.append(f"untranslated: {message.id!r}")
        elif _fields(message.id) != _fields(message.string):
            problems.append(f"values differ: {message.id!r} -> {message.string!r}")
    assert not problems


def test_compiled_core_catalogue_matches_its_source(core_ja):
    compiled = translations.po_file("ja").with_suffix(".mo").read_bytes()
    assert compiled == translations.mo_bytes(core_ja), "run scripts/translations.py compile"


def test_core_markers_take_literal_words_only():
    """``_(f"...")`` or ``_(variable)`` for a new word would hide it from the extractor."""
    problems = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] in translations.NOT_CORE:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_") and node.args
                    and isinstance(node.args[0], ast.JoinedStr)):
                problems.append(f"{path.name}:{node.lineno}")
    assert not problems


# ----- the window's catalogue -------------------------------------------------------------


def _ts_messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {(context.findtext("name") or "", message.findtext("source") or ""): message
            for context in root.iter("context") for message in context.iter("message")}


def test_window_catalogue_has_no_unfinished_or_obsolete_entries():
    messages = _ts_messages(translations.ts_file("ja"))
    assert len(messages) > 200
    problems = []
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in ("unfinished", "obsolete", "vanished"):
            problems.append(f"{context}: {source!r} is {translation.get('type')}")
        elif _untranslated(source, translation.text or ""):
            problems.append(f"{context}: {source!r} has no Japanese")
        elif _fields(source) != _fields(translation.text or ""):
            problems.append(f"{context}: {source!r} values differ")
    assert not problems


def test_window_catalogue_holds_exactly_the_words_of_the_code(tmp_path: Path):
    fresh = tmp_path / "fresh.ts"
    shutil.copy(translations.ts_file("ja"), fresh)
    subprocess.run([translations.qt_tool("pyside6-lupdate"), "-no-obsolete", "-silent",
                    *map(str, translations.ui_sources()), "-ts", str(fresh)],
                   check=True, cwd=ROOT)
    assert set(_ts_messages(fresh)) == set(_ts_messages(translations.ts_file("ja"))), \
        "run scripts/translations.py update and translate"


def test_compiled_window_catalogue_matches_its_source(tmp_path: Path):
    committed = translations.ts_file("ja").with_suffix(".qm").read_bytes()
    assert translations.qm_bytes(translations.ts_file("ja"), tmp_path) == committed, \
        "run scripts/translations.py compile"


def test_every_translate_call_of_the_window_is_seen_by_lupdate():
    """A call lupdate cannot read (keyword values, inside an f-string) stays in English."""
    known = set(_ts_messages(translations.ts_file("ja")))
    problems = []
    for path in translations.ui_sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr",
                                                           getattr(node.func, "id", ""))
                    in ("translate", "QT_TRANSLATE_NOOP")):
                continue
            if node.keywords:
                problems.append(f"{path.name}:{node.lineno}: values go through .format()")
            args = node.args
            if len(args) >= 2 and all(isinstance(a, ast.Constant) for a in args[:2]):
                if (args[0].value, args[1].value) not in known:
                    problems.append(f"{path.name}:{node.lineno}: {args[1].value!r} not in .ts")
            elif len(args) >= 2 and isinstance(args[1], ast.JoinedStr):
                problems.append(f"{path.name}:{node.lineno}: an f-string")
    assert not problems
