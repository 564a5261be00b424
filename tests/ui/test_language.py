"""The whole window in Japanese: every word switches at once, is kept, and has its glyphs.

The walk below collects every word a person can read in the window (actions and their tips,
menus, docks, tool bar, labels, buttons, tabs, headers, lists, the status bar) and in every
dialog, and fails on any English word left once Japanese is chosen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QLocale, QObject, QSettings
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QTextBrowser,
    QToolBar,
    QTreeWidget,
    QWidget,
)

from ilc_viewer.storage.resources import samples_folder
from ilc_viewer.ui import i18n
from ilc_viewer.ui.annotation_panel import annotation_menu
from ilc_viewer.ui.export_dialog import HandoutDialog, ImageChoice, ImageDialog
from ilc_viewer.ui.help import AboutDialog, GuideDialog
from ilc_viewer.ui.main_window import MainWindow
from ilc_viewer.ui.shortcuts_dialog import ShortcutsDialog
from ilc_viewer.ui.study_chooser import StudyChooser

CASE = samples_folder() / "case_a"
#: Words that stay in Latin letters in Japanese text: names, keys, units, sequence names.
KEPT = {"ilc", "viewer", "english", "international", "lumbago", "clinic", "ctrl", "shift",
        "alt", "esc", "del", "backspace", "tab", "home", "end", "pgup", "pgdown", "up", "down",
        "left", "right", "stir", "dicom", "dicomdir", "png", "jpeg", "pdf", "zip", "mm", "pt",
        "mri", "id", "uid", "cm", "f1", "f2", "f11", "qt", "python", "pyside6", "numpy",
        "pillow", "matplotlib", "pylibjpeg", "libjpeg", "openjpeg", "rle", "ipaexgothic",
        "font", "budoux", "babel", "cldr", "mit", "bsd", "clause", "lgpl", "gpl", "apache",
        "cmu", "hpnd", "licence", "psf", "based", "ipa", "license", "soft", "tissue", "en",
        "print", "page", "space", "ins",
        "cd", "language"}  # View > 言語 / Language: findable whatever language is on screen


def english_words(text: str) -> list[str]:
    """Words of two or more Latin letters that are not kept as they are."""
    text = re.sub(r"<[^>]+>", " ", text)  # markup
    return [w for w in re.findall(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])", text)
            if w.lower() not in KEPT]


def readable_words(root: QWidget) -> dict[str, str]:
    """Every word a person can read in ``root`` and its children: where -> text."""
    found: dict[str, str] = {}

    def add(where: str, text: str) -> None:
        if text and text.strip():
            found[f"{where}: {text}"] = text

    objects: list[QObject] = [root, *root.findChildren(QObject)]
    for obj in objects:
        kind = type(obj).__name__
        if isinstance(obj, QAction):
            if obj.text() in ("English", "日本語") or "/" in obj.text():  # names, recent paths
                continue
            for text in (obj.text(), obj.toolTip(), obj.statusTip()):
                add(kind, text)
        if isinstance(obj, QMenu):
            add(kind, obj.title())
        if isinstance(obj, QDockWidget | QToolBar):
            add(kind, obj.windowTitle())
        if isinstance(obj, QLabel) and not isinstance(obj.parent(), QAbstractSpinBox) \
                and obj.isVisibleTo(root):
            add(kind, obj.text())
        if isinstance(obj, QAbstractButton):
            add(kind, obj.text())
        if isinstance(obj, QLineEdit) and not isinstance(obj.parent(), QAbstractSpinBox):
            add(kind, obj.placeholderText())
        if isinstance(obj, QSpinBox):
            add(kind, obj.prefix() + obj.suffix())
        if isinstance(obj, QTabBar):
            for k in range(obj.count()):
                add(kind, obj.tabText(k))
        if isinstance(obj, QTreeWidget):
            header = obj.headerItem()
            for k in range(header.columnCount()):
                add(kind, header.text(k))
            for k in range(obj.topLevelItemCount()):
                add(kind, obj.topLevelItem(k).text(obj.columnCount() - 1))
        if isinstance(obj, QTableWidget):
            for k in range(obj.columnCount()):
                add(kind, obj.horizontalHeaderItem(k).text())
            for row in range(obj.rowCount()):
                add(kind, obj.item(row, 1).text())
        if isinstance(obj, QComboBox):
            for k in range(obj.count()):
                add(kind, obj.itemText(k))
        if isinstance(obj, QTextBrowser):
            add(kind, obj.toPlainText())
        if isinstance(obj, QWidget):
            add(f"{kind} tip", obj.toolTip())
    return found


def left_in_english(root: QWidget) -> list[str]:
    return [where for where, text in readable_words(root).items() if english_words(text)]


@pytest.fixture(autouse=True)
def own_data_dir(monkeypatch, tmp_path: Path) -> None:
    """Annotations changed here are saved in this test's folder, not the user's."""
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def opened(qtbot, window):  # type: ignore[no-untyped-def]
    open_and_wait(qtbot, window, CASE)
    return window


def test_every_word_of_the_window_switches_to_japanese_and_back(qtbot, opened):
    english = readable_words(opened)
    assert any("&File" in where for where in english)
    opened.actions_by_name["japanese"].trigger()
    assert opened.state.language == "ja" and i18n.language() == "ja"
    opened.annotation_panel.show_phrases()
    assert not left_in_english(opened)
    words = readable_words(opened)
    assert any("ファイル(&F)" in where for where in words)
    assert "シリーズ" in opened.reading.counts_label.text()
    assert "スキップしたファイル" in opened.docks.skipped.windowTitle()
    opened.actions_by_name["english"].trigger()
    assert i18n.language() == "en"
    assert opened.menus.file.title() == "&File"
    assert opened.docks.skipped.windowTitle().startswith("Skipped files")


def test_undo_text_and_tool_tips_follow_the_switch(qtbot, opened):
    opened.viewer.annotations.remove(next(iter(opened.viewer.annotations.annotations)).id)
    assert opened.actions_by_name["undo"].text().startswith("&Undo delete")
    opened.set_language("ja")
    assert opened.actions_by_name["undo"].text().startswith("元に戻す：")
    assert "（" in opened.actions_by_name["tool_ruler"].toolTip()


def test_every_dialog_in_japanese(qtbot, opened):
    opened.set_language("ja")
    annotation_id = next(iter(opened.viewer.annotations.annotations)).id
    dialogs = [
        ImageDialog(ImageChoice(), opened), HandoutDialog("ja", opened),
        ShortcutsDialog(list(opened.actions_by_name.values()), opened), AboutDialog(opened),
        GuideDialog(opened), StudyChooser([opened.study, opened.study], False, opened),
        annotation_menu(opened.viewer.annotations, annotation_id, lambda _id: None, opened),
    ]
    about = dialogs[3].text.toPlainText()
    dialogs[3].text.setPlainText(about.split("使用しているソフトウェア")[0])  # not the names
    for dialog in dialogs:
        assert not left_in_english(dialog), type(dialog).__name__
        assert dialog.windowTitle() == "" or not english_words(dialog.windowTitle())
    assert "使い方" in dialogs[4].browser.toPlainText()
    assert "診断には使用できません" in about and "BudouX" in about
    for dialog in dialogs:
        dialog.deleteLater()


def test_skipped_reasons_are_said_again_in_the_new_language(qtbot, window, tmp_path: Path):
    folder = tmp_path / "disc"
    folder.mkdir()
    (folder / "zero.dcm").write_bytes(b"")
    (folder / "notes.txt").write_text("Patient CD\r\n")
    with qtbot.waitSignal(window.loadFailed, timeout=20000):
        window.open_path(folder)
    reasons = dict(window.skips.entries())
    assert reasons[str(folder / "zero.dcm")] == "empty file (0 bytes)"
    window.set_language("ja")
    reasons = dict(window.skips.entries())
    assert reasons[str(folder / "zero.dcm")] == "空のファイル（0バイト）"
    assert "表示できる画像がありません" in window.banner.text()


def test_the_language_is_kept_for_the_next_start(qtbot, settings: QSettings):
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.set_language("ja")
    assert settings.value(i18n.SETTINGS_KEY) == "ja"
    assert i18n.chosen_language(settings) == "ja"
    assert i18n.chosen_language(settings, "en") == "en"  # --lang wins


def test_first_start_follows_the_system_locale(monkeypatch, tmp_path: Path):
    empty = QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(i18n.QLocale, "system",
                        lambda: QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    assert i18n.chosen_language(empty) == "ja"
    monkeypatch.setattr(i18n.QLocale, "system",
                        lambda: QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert i18n.chosen_language(empty) == "en"


def test_every_japanese_character_has_a_glyph_in_the_window_font(qtbot, window):
    """Never tofu: the font chain (system font, then the CJK families) draws every word."""
    import xml.etree.ElementTree as ET

    from babel.messages.pofile import read_po

    folder = i18n.QM_FOLDER
    texts = [m.text or "" for m in ET.parse(folder / "ilc_viewer_ja.ts").iter("translation")]
    with (folder / "core_ja.po").open("rb") as file:
        texts += [m.string for m in read_po(file) if m.id]
    characters = {ch for text in texts for ch in text if ord(ch) > 0x2FFF}
    families = QApplication.font().families()
    metrics = [QFontMetrics(QFont(family)) for family in families]
    missing = [ch for ch in sorted(characters)
               if not any(m.inFontUcs4(ord(ch)) for m in metrics)]
    assert len(characters) > 400
    assert not missing, "".join(missing)
