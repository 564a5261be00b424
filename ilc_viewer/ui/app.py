"""Start the window: ``run(None)`` opens the bundled sample study, ``run(PATH)`` opens PATH."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ilc_viewer.open_study.early_scan import EarlyScan
from ilc_viewer.open_study.viewer_state import LANGUAGES
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.ui import i18n
from ilc_viewer.ui.main_window import MainWindow
from ilc_viewer.ui.scene_painter import scene_font_family
from ilc_viewer.ui.screen import BASE_POINTS, CJK_FAMILIES, scale_style, text_scale

ORGANISATION = "International Lumbago Clinic"
APPLICATION = "ILC Viewer"


def make_application() -> QApplication:
    """The QApplication (created once), with names for QSettings and a large base font."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    font = QFont(app.font())
    screen = app.primaryScreen()
    scale = text_scale(screen.geometry().height()) if screen is not None else 1.0
    # big clear text in the consultation room, and not tiny on an unscaled 4K screen
    points = BASE_POINTS * scale
    if font.pointSizeF() < points:
        font.setPointSizeF(points)
    scale_style(app, scale)
    # the system font first; Japanese words (stickers, captions, menus) fall back to a font
    # that has the glyphs instead of showing empty boxes: the machine's, else the bundled
    # IPAexGothic of the images, registered now so that the first menus can use it too
    scene_font_family()
    font.setFamilies([font.family(), *[f for f in CJK_FAMILIES if f != font.family()]])
    app.setFont(font)
    return app  # type: ignore[return-value]


def build_window(path: str | None, lang: str | None = None, early: EarlyScan | None = None
                 ) -> tuple[QApplication, MainWindow]:
    """Create the application and the main window, sized for the screen; starts loading.

    ``lang`` ("en" or "ja") is the language of the window, the words on the images and the
    exports; without it, the language chosen last (View > Language), else the system's.
    ``early`` is a scan of the path already running (started before the window's modules).
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    app = make_application()
    window = MainWindow()
    window.set_language(i18n.chosen_language(window.settings, lang))
    screen = app.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        # the whole screen: panes need the room (and Xvfb has no window manager to maximise)
        window.resize(area.size())
        window.move(area.topLeft())
        window.fit_screen(area.size())
    target = path if path else str(default_sample_study())
    QTimer.singleShot(0, lambda: window.opener.open_path(target, early))
    return app, window


def run(path: str | None, lang: str | None = None, full_screen: bool = False,
        early: EarlyScan | None = None) -> int:
    """Open the window on ``path`` (or the sample study) and run until it is closed.

    ``full_screen`` starts in presentation mode (as F11 does; used for screenshots).
    """
    app, window = build_window(path, lang, early)
    window.showMaximized()
    if full_screen:
        window.set_full_screen(True)
    return app.exec()
