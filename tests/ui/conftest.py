"""Window tests: a temporary settings location (never the user's), a ready main window, and
a check that no test leaves a top-level widget alive (napari's leaked-widget check, our code)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dicom_study
import pytest
from PySide6.QtCore import QEvent, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication
from widget_leaks import leaked_widgets

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


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[pytest.TestReport]:
    """Remember whether the test itself failed (its traceback keeps its widgets alive)."""
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a top-level widget behind (set up first, so checked last).

    Widgets given to ``qtbot.addWidget`` are closed and deleted by pytest-qt before this runs;
    a window that outlives its test keeps timers, threads and memory for the rest of the run.
    A test that failed is not blamed again for the widgets its traceback holds.
    """
    before = set(QApplication.topLevelWidgets())
    yield
    leaks = leaked_widgets(before)
    if leaks:
        if request.node.stash.get(CALL_FAILED, False):
            for widget in leaks:
                widget.close()
                widget.deleteLater()
            return
        names = ", ".join(sorted(f"{type(w).__name__}({w.objectName() or w.windowTitle()!r})"
                                 for w in leaks))
        for widget in leaks:  # one leak must not fail every later test too
            widget.close()
            widget.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pytest.fail(f"top-level widgets leaked by this test: {names}", pytrace=False)


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
    # a question nobody answers would hang the test: unless a test says otherwise, cancel
    win.ask_text = lambda title, label, current: None
    win.viewer.tools.ask_choice = lambda title, label, items, current: None
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

