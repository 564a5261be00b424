"""The panel scene's text and label layout, without a window: sizes, wrapping, bold."""

from __future__ import annotations

from pathlib import Path

import pytest

from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.annotations import MIN_LABEL_PX, ONE_LINE_SHRINK, fit_text
from ilc_viewer.scene.panel import SceneOptions, build_scene
from ilc_viewer.storage.resources import default_sample_study

CASE = default_sample_study()


def test_a_label_a_little_too_long_stays_on_one_line_slightly_smaller() -> None:
    words = "Dark disc = lost water"
    size = 20
    room = fonts.width(words, size) / 1.1  # 10 % too narrow at this size
    lines, fitted, width, _ = fit_text(words, size, room, 1.0)
    assert lines == [words]
    assert ONE_LINE_SHRINK * size - 1 <= fitted < size
    assert width <= room


def test_a_label_much_too_long_wraps_between_words_at_its_size() -> None:
    words = "Hidden inflammation in the bone"
    lines, fitted, width, _ = fit_text(words, 16, fonts.width(words, 16) / 2.5, 1.0)
    assert fitted == 16 and len(lines) > 1
    assert " ".join(lines) == words  # every word whole
    assert width <= fonts.width(words, 16) / 2.5


def test_a_word_wider_than_the_room_shrinks_but_not_below_the_minimum() -> None:
    word = "Supercalifragilisticexpialidocious-inflammation"
    room = 120.0
    lines, fitted, width, _ = fit_text(word, 18, room, 1.0)
    assert MIN_LABEL_PX <= fitted < 18
    assert width <= room
    assert "".join(lines) == word  # broken only where it had to be, nothing lost


def test_japanese_never_starts_a_line_with_a_closing_mark() -> None:
    lines = fonts.wrap("水分が減ったサイン。次の行です", 5, len)
    assert all(line[:1] not in fonts.NO_LINE_START for line in lines)


@pytest.mark.skipif(not (CASE / "truth.json").is_file(), reason="sample study not generated")
def test_titles_are_bold_in_english_but_japanese_words_are_not_thickened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path))
    opened = open_path(CASE)
    for lang, thickened in (("en", True), ("ja", False)):
        scene = build_scene(opened, 1, (400, 700), SceneOptions(lang=lang))
        title = next(run for run in scene.texts() if run.box == scene.boxes["title"])
        assert (title.bold > 0) == thickened, (lang, title.text)
        caption_title = next(run for run in scene.texts()
                             if run.box[1] >= scene.boxes["caption"][1])
        assert (caption_title.bold > 0) == thickened, (lang, caption_title.text)
