"""The phrase library: schema of the built-in file, clinic-file merge, placement warnings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.words import phrases
from ilc_viewer.words.phrases import (
    CATEGORIES,
    PHRASE_SEQUENCES,
    load_builtin_library,
    load_phrase_library,
    placement_warning,
    validate_entry,
)

#: Ids the sample study's truth files use; renaming one breaks the demo annotations.
TRUTH_IDS = (
    "dark_disc", "healthy_disc", "herniation_nerve", "stenosis", "spondylolisthesis",
    "compression_fracture", "marrow_oedema",
)
REQUIRED_IDS = (
    *TRUTH_IDS, "t1_shows", "t2_shows", "stir_shows", "fat_t1_stir", "common_at_your_age",
    "old_house", "rusty_pipe", "growth_rings", "self_care", "non_specific_pain",
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def builtin_entries() -> list[dict]:
    return json.loads(phrases.BUILTIN_PHRASES.read_text(encoding="utf-8"))["phrases"]


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# --- the built-in library -------------------------------------------------------------------


@pytest.mark.parametrize("entry", builtin_entries(), ids=lambda e: e.get("id", "?"))
def test_builtin_entry_passes_the_schema(entry: dict) -> None:
    assert validate_entry(entry) == []
    assert entry["category"] in CATEGORIES
    assert set(entry["sequences"]) <= set(PHRASE_SEQUENCES)
    assert len(entry["label"]["en"].split()) <= 6
    # Explanations are for the side panel and the handout: 2 to 4 sentences, in both languages.
    en_sentences = re.findall(r"[.!?](?:\s|$)", entry["explanation"]["en"])
    ja_sentences = entry["explanation"]["ja"].count("。")
    assert 2 <= len(en_sentences) <= 4, entry["explanation"]["en"]
    assert 2 <= ja_sentences <= 4, entry["explanation"]["ja"]
    # Japanese text is really Japanese (not English pasted twice).
    assert _JAPANESE.search(entry["label"]["ja"])
    assert _JAPANESE.search(entry["explanation"]["ja"])


def test_builtin_library_has_every_required_phrase_once() -> None:
    ids = [e["id"] for e in builtin_entries()]
    assert len(ids) == len(set(ids)), "duplicate ids in resources/phrases.json"
    missing = set(REQUIRED_IDS) - set(ids)
    assert not missing


def test_sequence_phrases_say_what_is_white_on_their_own_sequence() -> None:
    library = load_builtin_library()
    for phrase_id, sequence in (("t1_shows", "T1"), ("t2_shows", "T2"), ("stir_shows", "STIR")):
        phrase = library[phrase_id]
        assert phrase.sequences == (sequence,)
        assert phrase.category == "sequence"
        assert "white" in phrase.label.en.lower()


def test_common_at_your_age_quotes_the_brinjikji_figures_in_both_languages() -> None:
    phrase = load_builtin_library()["common_at_your_age"]
    for text in (phrase.explanation.en, phrase.explanation.ja):
        for figure in ("37%", "96%", "30%", "84%", "29%", "43%", "19%"):
            assert figure in text, (figure, text)


def test_non_specific_pain_gives_85_and_15_percent() -> None:
    phrase = load_builtin_library()["non_specific_pain"]
    for text in (phrase.explanation.en, phrase.explanation.ja):
        assert "85%" in text and "15%" in text


def test_by_category_groups_in_category_order() -> None:
    library = load_builtin_library()
    groups = library.by_category()
    assert list(groups) == [c for c in CATEGORIES if c in groups]
    assert sum(len(g) for g in groups.values()) == len(library)
    assert all(p.category == category for category, group in groups.items() for p in group)
    assert library["dark_disc"] in groups["disc"]


def test_fits_sequence_and_placement_warning() -> None:
    library = load_builtin_library()
    dark = library["dark_disc"]
    assert dark.fits_sequence("T2") and dark.fits_sequence("t2")
    assert not dark.fits_sequence("T1")
    assert placement_warning(dark, "T2", "en") is None
    warning_en = placement_warning(dark, "T1", "en")
    warning_ja = placement_warning(dark, "T1", "ja")
    assert warning_en is not None and "T2" in warning_en and dark.label.en in warning_en
    assert warning_ja is not None and dark.label.ja in warning_ja and _JAPANESE.search(warning_ja)
    # A phrase for any sequence never warns.
    anywhere = library["common_at_your_age"]
    assert anywhere.sequences == ()
    assert all(placement_warning(anywhere, s, "en") is None for s in ("T1", "T2", "STIR", "PD"))


def test_get_returns_none_for_unknown_id() -> None:
    library = load_builtin_library()
    assert library.get("no_such_phrase") is None
    assert "dark_disc" in library and "no_such_phrase" not in library


# --- the schema check itself catches mistakes ------------------------------------------------


def test_schema_rejects_each_kind_of_mistake() -> None:
    good = builtin_entries()[0]
    assert validate_entry(good) == []
    cases = {
        "color": {**good, "color": "blue"},
        "category": {**good, "category": "spine"},
        "sequences": {**good, "sequences": ["T3"]},
        "label.en": {**good, "label": {"en": "one two three four five six seven", "ja": "短い"}},
        "label.ja": {**good, "label": {"en": "Short", "ja": ""}},
        "explanation.ja": {**good, "explanation": {"en": "Fine. Really."}},
        "id": {**good, "id": "Has Spaces"},
        "unknown field": {**good, "colour": "#000000"},
    }
    for expected, entry in cases.items():
        problems = validate_entry(entry)
        assert any(expected in p for p in problems), (expected, problems)
    missing = dict(good)
    del missing["category"]
    assert validate_entry(missing) == ["category: missing"]
    assert validate_entry(["not", "an", "object"])


# --- the clinic's user file ------------------------------------------------------------------


def test_no_user_file_gives_the_builtin_library_without_warnings(tmp_path: Path) -> None:
    library, warnings = load_phrase_library(None)
    assert warnings == [] and len(library) == len(builtin_entries())
    library, warnings = load_phrase_library(tmp_path / "not_there.json")
    assert warnings == [] and len(library) == len(builtin_entries())


def test_user_file_overrides_field_by_field_and_adds_new_ids(tmp_path: Path) -> None:
    builtin = load_builtin_library()
    user = write(tmp_path / "clinic.json", {"phrases": [
        {"id": "dark_disc", "color": "#112233", "label": {"ja": "水分が減った椎間板"}},
        {
            "id": "infection", "category": "bone", "sequences": ["T2", "STIR"],
            "color": "#ff0000", "label": {"en": "Infection shows white", "ja": "感染は白く写る"},
            "explanation": {"en": "One. Two.", "ja": "一。二。"},
        },
    ]})
    library, warnings = load_phrase_library(user)
    assert warnings == []
    dark = library["dark_disc"]
    assert dark.color == "#112233"
    assert dark.label.ja == "水分が減った椎間板"
    # Fields and languages the clinic did not give stay as built in.
    assert dark.label.en == builtin["dark_disc"].label.en
    assert dark.explanation == builtin["dark_disc"].explanation
    assert dark.sequences == builtin["dark_disc"].sequences
    assert library["infection"].category == "bone"
    assert len(library) == len(builtin) + 1
    assert library.ids()[-1] == "infection"


def test_malformed_user_file_names_the_line_and_builtin_still_works(tmp_path: Path) -> None:
    user = tmp_path / "clinic.json"
    user.write_text('{\n  "phrases": [\n    {"id": "dark_disc",\n     "color": "#000000"\n', "utf8")
    library, warnings = load_phrase_library(user)
    assert len(warnings) == 1
    assert str(user) in warnings[0]
    assert "line 5" in warnings[0]
    assert len(library) == len(builtin_entries())
    assert library["dark_disc"].color == load_builtin_library()["dark_disc"].color


def test_missing_comma_is_reported_on_its_line(tmp_path: Path) -> None:
    user = tmp_path / "clinic.json"
    user.write_text('{"phrases": [\n {"id": "x"}\n {"id": "y"}\n]}\n', "utf-8")
    _, warnings = load_phrase_library(user)
    assert "line 3" in warnings[0]


def test_bad_entry_is_skipped_with_id_field_and_line_others_still_apply(tmp_path: Path) -> None:
    user = write(tmp_path / "clinic.json", {"phrases": [
        {"id": "stenosis", "color": "#abcdef"},
        {"id": "dark_disc", "color": "dark red"},
        {"id": "brand_new", "label": {"en": "Only a label", "ja": "ラベル"}},
    ]})
    library, warnings = load_phrase_library(user)
    assert library["stenosis"].color == "#abcdef"
    assert library["dark_disc"].color == load_builtin_library()["dark_disc"].color
    assert "brand_new" not in library
    assert len(warnings) == 2
    bad_colour = next(w for w in warnings if '"dark_disc"' in w)
    assert "color" in bad_colour and str(user) in bad_colour
    lines = user.read_text("utf-8").splitlines()
    line_no = int(re.search(r"line (\d+)", bad_colour).group(1))
    assert '"dark_disc"' in lines[line_no - 1]
    incomplete = next(w for w in warnings if '"brand_new"' in w)
    assert "category: missing" in incomplete and "explanation: missing" in incomplete


def test_user_file_with_wrong_layout_or_encoding_is_reported(tmp_path: Path) -> None:
    wrong = write(tmp_path / "list.json", [{"id": "dark_disc"}])
    library, warnings = load_phrase_library(wrong)
    assert len(library) == len(builtin_entries()) and '"phrases"' in warnings[0]
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"phrases": [{"id": "dark_disc", "label": {"ja": "é"}}]}'.encode("latin-1"))
    library, warnings = load_phrase_library(latin)
    assert len(library) == len(builtin_entries()) and str(latin) in warnings[0]


def test_broken_builtin_library_raises_a_named_error(tmp_path: Path, monkeypatch) -> None:
    broken = write(tmp_path / "phrases.json", {"phrases": [{"id": "dark_disc"}]})
    monkeypatch.setattr(phrases, "BUILTIN_PHRASES", broken)
    with pytest.raises(AnnotationFileError, match="dark_disc"):
        load_builtin_library()


def test_clinic_explanation_without_its_own_short_form_gets_its_first_sentence(
        tmp_path: Path) -> None:
    """Never our short words beside the clinic's own explanation."""
    clinic = write(tmp_path / "phrases.json", {"phrases": [
        {"id": "dark_disc", "explanation": {"ja": "院内の説明です。二文目です。"}},
        {"id": "stenosis", "short": {"en": "Our clinic's words."}},
        {"id": "clinic_new", "category": "disc", "sequences": [], "color": "#123456",
         "label": {"en": "New", "ja": "新"},
         "explanation": {"en": "First one. Second one.", "ja": "一つ目。二つ目。"}},
    ]})
    library, warnings = load_phrase_library(clinic)
    builtin = load_builtin_library()
    assert warnings == []
    dark = library["dark_disc"]
    assert dark.brief.ja == "院内の説明です。" and dark.brief.en == builtin["dark_disc"].short.en
    assert library["stenosis"].brief.en == "Our clinic's words."
    assert library["stenosis"].brief.ja == builtin["stenosis"].short.ja
    assert library["clinic_new"].brief == phrases.LocalText("First one.", "一つ目。")
