"""What the window does once a study is on screen, and the Help menu's dialogs.

Kept apart from the window frame (``main_window.py``), which only wires the parts together:
:func:`show_study` fills the series list, the status line and the banner after a study
opens; :func:`show_guide`, :func:`show_shortcuts` and :func:`show_about` open the Help
menu's dialogs (imported only when asked for: not needed at start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ilc_viewer.ui import i18n

if TYPE_CHECKING:
    from ilc_viewer.ui.main_window import MainWindow

#: QSettings key: show the axial pane beside the triple (the last choice).
AXIAL_SETTING = "view/axial"


def show_study(window: MainWindow) -> None:
    """After a study opened: the axial pane as last chosen, the series list, the status
    line, the banner (missing sequences, annotation messages), the ruler, the title."""
    opened = window.viewer.opened
    assert opened is not None
    study = opened.study
    window.viewer.tools.study_opened()
    if window.settings.value(AXIAL_SETTING, True, type=bool):
        opened.show_axial(True)  # the last choice, remembered; shown when there is one
    window.browser.set_series(study.series, window.state.language, window._level_names())
    window._study_status = (len(study.series), sum(len(s.images) for s in study.series),
                            len(window.index.skipped) if window.index else 0)
    window.active.set(0, hold=True)  # presets and histogram wait for the first picture
    window.opener.after_first_paint(window.active.release)
    show_study_status(window)
    missing = sorted(set(opened.missing.values()), key=list(opened.missing.values()).index)
    if missing:
        window.banner.say(i18n.translate(
            "MainWindow", "No {sequences} series recognised in this study: drag any series "
            "from the list onto a panel.").format(sequences=" / ".join(missing)))
    else:
        window.banner.hide()
    for message in [*window.viewer.annotations.library_warnings, *opened.annotations.messages]:
        window.banner.add(message)
    window.annotation_commands.sync_ruler()
    window._update_title()
    window.grid.panes[0].view.setFocus()  # arrows and Page Up/Down work at once
    window.studyShown.emit()


def show_study_status(window: MainWindow) -> None:
    """The status line: series, images and skipped files of the study on screen."""
    if window._study_status is not None:
        series, images, skipped = window._study_status
        window.statusBar().showMessage(i18n.translate(
            "MainWindow", "{series} series, {images} images; files skipped: {skipped}")
            .format(series=series, images=images, skipped=skipped))


def show_shortcuts(window: MainWindow) -> None:
    """Help > Shortcuts."""
    from ilc_viewer.ui.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog(list(window.actions_by_name.values()), window).exec()


def show_guide(window: MainWindow) -> None:
    """Help > User guide: the consultation-room steps, in the window's language."""
    from ilc_viewer.ui.help import GuideDialog

    GuideDialog(window).exec()


def show_about(window: MainWindow) -> None:
    """Help > About: version, licences, what the program is for."""
    from ilc_viewer.ui.help import AboutDialog

    AboutDialog(window).exec()
