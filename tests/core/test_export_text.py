"""Overlay words shared by screen and export, the user data folder, fonts, text wrapping."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ilc_viewer.scene import fonts
from ilc_viewer.scene.text import wrap as wrap_text
from ilc_viewer.storage import user_data
from ilc_viewer.study.geometry import SeriesGeometry
from ilc_viewer.words import overlay_text


def geometry(row, col) -> SeriesGeometry:
    row, col = np.array(row, float), np.array(col, float)
    return SeriesGeometry(row, col, np.cross(row, col), (1.0, 1.0), np.zeros((1, 3)), 10, 10)


def test_orientation_letters_of_a_sagittal_and_an_axial_image() -> None:
    sagittal = overlay_text.orientation_letters(geometry((0, 1, 0), (0, 0, -1)))
    assert (sagittal.left, sagittal.right, sagittal.top, sagittal.bottom) == ("A", "P", "H", "F")
    axial = overlay_text.orientation_letters(geometry((1, 0, 0), (0, 1, 0)), "ja")
    # patient's left (+x) is on the image's right in radiological axial display
    assert (axial.left, axial.right, axial.top, axial.bottom) == ("右", "左", "前", "後")


def test_scale_bar_takes_the_longest_that_fits() -> None:
    assert overlay_text.scale_bar_cm(2.0, 250) == 10
    assert overlay_text.scale_bar_cm(2.0, 199) == 5
    assert overlay_text.scale_bar_cm(2.0, 19) == 0
    assert overlay_text.scale_bar_cm(0.0, 1000) == 0
    assert overlay_text.scale_bar_label(5, False, "en") == "5 cm (size unknown)"


def test_person_name_and_disclaimer() -> None:
    assert overlay_text.person_name("Yamada^Taro=山田^太郎") == "Yamada Taro / 山田 太郎"
    assert "not for diagnosis" in overlay_text.disclaimer("en")
    assert "診断" in overlay_text.disclaimer("ja")
    assert overlay_text.caption_lines("T2", "ja")[0].startswith("T2")


def test_data_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(user_data.ENV_VAR, str(tmp_path))
    assert user_data.data_dir() == tmp_path
    assert user_data.annotations_dir() == tmp_path / "annotations"
    monkeypatch.delenv(user_data.ENV_VAR)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert user_data.data_dir() == Path.home() / ".local" / "share" / "ILC Viewer"
    monkeypatch.setattr("sys.platform", "darwin")
    assert user_data.data_dir() == Path.home() / "Library" / "Application Support" / "ILC Viewer"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert user_data.data_dir() == tmp_path / "roaming" / "ILC Viewer"


def test_font_has_japanese_glyphs_and_a_clear_error_without_one(monkeypatch) -> None:
    from PIL import ImageFont

    path = fonts.japanese_font()
    face = ImageFont.truetype(str(path), 20)
    # a real glyph is wider than nothing and differs from the missing-glyph box
    assert face.getlength("山") > 10
    assert face.getmask("山").getbbox() != face.getmask("\uffff").getbbox()
    fonts.japanese_font.cache_clear()
    monkeypatch.setattr(fonts, "package_font", lambda: None)
    monkeypatch.setattr(fonts, "system_font", lambda: None)
    try:
        with pytest.raises(fonts.FontNotFoundError, match="japanize-matplotlib"):
            fonts.japanese_font()
    finally:
        fonts.japanese_font.cache_clear()


def test_wrap_keeps_words_and_japanese_punctuation() -> None:
    lines = wrap_text("one two three four", 9, len)
    assert lines == ["one two", "three", "four"]
    ja = wrap_text("あいうえお。かきくけこ", 5, len)
    assert ja[0] == "あいうえお。"  # the full stop never starts a line


def test_a_label_of_several_lines_is_as_wide_as_its_widest_line() -> None:
    """A sticker text with a newline once crashed Pillow's layout engine (raqm) on export."""
    from ilc_viewer.scene.text import width

    assert width("自分の言葉\nsecond line", 20) == max(width("自分の言葉", 20),
                                                     width("second line", 20))
    assert width("a\n\nbb", 14) == width("bb", 14)
