"""Window tests: a temporary settings location (never the user's) and a ready main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dicom_study
import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from ilc_viewer.ui import i18n
from ilc_viewer.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Any QSettings made during a test lives in a temporary folder."""
    QStandardPaths.setTestModeEnabled(True)
    folder = tmp_path_factory.mktemp("settings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(folder))


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """The window's language is the application's: a test that switches it sets it back."""
    yield
    i18n.install("en")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of this test only."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):  # type: ignore[no-untyped-def]
    """A shown main window with no study yet."""
    win = MainWindow(settings=settings, choose_study=lambda studies: len(studies) - 1)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def study_folder(tmp_path: Path) -> Path:
    """A T1 / T2 / STIR study with different slice counts and spacings."""
    return dicom_study.write_study(tmp_path / "study")

