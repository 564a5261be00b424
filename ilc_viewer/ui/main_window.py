"""The consultation-room window frame: T1, T2 and STIR side by side, side panels, menus.

The frame only assembles the parts and routes between them: the :class:`Viewer` (the open
study and its models), the :class:`StudyOpener` (reading and opening paths), the pane grid
(each pane its own controller), the active pane and its window controls, the side panels
(:mod:`ilc_viewer.ui.docks`), annotation commands, the export menu, the reading progress
(:mod:`ilc_viewer.ui.reading_status`) and Explain mode (:mod:`ilc_viewer.ui.explain_mode`).
Every change of what
the picture shows goes through the core and comes back as an event the views redraw from.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from ilc_viewer.annotations.levels import block_names
from ilc_viewer.open_study.viewer_state import EVENT_LAYOUT, EVENT_OPTIONS
from ilc_viewer.study.model import Study, StudyIndex
from ilc_viewer.ui import i18n
from ilc_viewer.ui.actions import build_actions, sync_checks, undo_texts
from ilc_viewer.ui.active_pane import ActivePane
from ilc_viewer.ui.annotation_commands import AnnotationCommands
from ilc_viewer.ui.annotation_panel import AnnotationPanel
from ilc_viewer.ui.asking import ask_choice, ask_text
from ilc_viewer.ui.banner import Banner
from ilc_viewer.ui.clinic_server import ClinicServer, install_server_actions
from ilc_viewer.ui.docks import Docks
from ilc_viewer.ui.explain_mode import Explainer
from ilc_viewer.ui.export_dialog import ExportContext, install_export_actions
from ilc_viewer.ui.pane_grid import PaneGrid
from ilc_viewer.ui.presentation import Presentation
from ilc_viewer.ui.reading_status import ReadingStatus
from ilc_viewer.ui.series_browser import SeriesBrowser
from ilc_viewer.ui.skip_panel import SkipPanel
from ilc_viewer.ui.study_opener import StudyChoice, StudyOpener
from ilc_viewer.ui.viewer import Viewer
from ilc_viewer.ui.window_controls import WindowControls

__all__ = ["MainWindow", "StudyChoice"]

#: QSettings key: show the axial pane beside the triple (the last choice).
AXIAL_SETTING = "view/axial"
#: QSettings key: images fill the panels instead of fitting (the last choice).
FILL_SETTING = "view/fill_panels"


class MainWindow(QMainWindow):
    """The main window. ``settings`` holds recent studies (tests pass a temporary one)."""

    studyShown = Signal()  # a study is on screen
    loadFailed = Signal(str)  # nothing could be shown; the message
    firstImagePainted = Signal()

    def __init__(self, settings: QSettings | None = None,
                 choose_study: StudyChoice | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle("ILC Viewer")
        self.setAcceptDrops(True)
        #: Asks for a text (title, label, current) -> text or None; tests replace it.
        self.ask_text = lambda title, label, current: ask_text(self, title, label, current)
        self.viewer = Viewer(lambda *args: self.ask_text(*args), self)
        self.viewer.tools.ask_choice = lambda *args: ask_choice(self, *args)
        self.state = self.viewer.state
        self.opener = StudyOpener(self.viewer, choose_study or self._ask_study, self)
        self.grid = PaneGrid(self.viewer)
        self.banner = Banner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.grid, 1)
        self.setCentralWidget(central)

        self.browser = SeriesBrowser()
        self.controls = WindowControls(self.state)
        self.skips = SkipPanel()
        self.annotation_panel = AnnotationPanel(self.viewer.annotations)
        self.docks = Docks(self, self.browser, self.controls, self.annotation_panel, self.skips)
        self.active = ActivePane(self.viewer, self.grid, self.controls, self)
        self.annotation_commands = AnnotationCommands(
            self.viewer, self, lambda text, ms: self.statusBar().showMessage(text, ms),
            lambda: self.active.pane)
        self.reading = ReadingStatus(self)

        self.presentation = Presentation(self, self.state, self.docks, lambda: [
            self.menuBar(), self.menus.tool_bar, self.statusBar(),
            *(widget.slider for widget in self.grid.panes)])
        self.explain = Explainer(self)
        self.actions_by_name, self.menus = build_actions(self)
        export_actions, self.export_controller = install_export_actions(self, self.export_context)
        self.actions_by_name.update(export_actions)
        self.server = ClinicServer(self, self.settings)
        self.actions_by_name.update(install_server_actions(self, self.server))
        self.annotation_commands.actions = self.actions_by_name
        for dock in self.docks.all:
            self.menus.panels.addAction(dock.toggleViewAction())
        self._connect()
        self.state.set_fill_panels(self.settings.value(FILL_SETTING, False, type=bool))
        sync_checks(self.actions_by_name, self.state)
        self.reading.refresh_recent()

    def _connect(self) -> None:
        viewer, tools, commands = self.viewer, self.viewer.tools, self.annotation_commands
        annotations = viewer.annotations
        annotations.message.connect(self.banner.add)
        annotations.changed.connect(lambda _change: self._relabel_series())
        annotations.visibilityChanged.connect(self._on_annotation_visibility)
        tools.status.connect(lambda text: self.statusBar().showMessage(text, 10000))
        tools.toolChanged.connect(self._on_tool)
        self.annotation_panel.phrase_chosen = tools.set_phrase
        self.annotation_panel.goTo.connect(commands.go_to)
        self.annotation_panel.editText.connect(commands.edit_text)
        self.active.changed.connect(lambda _pane: commands.sync_ruler())
        self.state.changed.connect(self._on_state)
        for pane in self.grid.panes:
            pane.activated.connect(self.active.set)
            pane.seriesDropped.connect(self.put_series)
            pane.view.painted.connect(self._on_painted)
            pane.view.annotationMenu.connect(commands.menu)
            pane.view.editText.connect(commands.edit_text)
        self.browser.seriesActivated.connect(lambda key: self.put_series(self.active.pane, key))
        viewer.frames.thumbnailReady.connect(self._on_thumbnail)
        viewer.frames.decodeFailed.connect(self._on_decode_failed)
        self.browser.damaged = viewer.frames.source.damaged_count
        opener = self.opener  # reading progress and failures: self.reading
        opener.opened.connect(self._on_opened)
        opener.notChosen.connect(lambda n: self.banner.say(i18n.translate(
            "MainWindow", "{count} studies found; none chosen (Tools menu).").format(count=n)))

    # ----- opening ------------------------------------------------------------------------
    @property
    def study(self) -> Study | None:
        """The study on screen."""
        return self.viewer.study

    @property
    def index(self) -> StudyIndex | None:
        """What was found at the path opened last."""
        return self.viewer.index

    def open_path(self, path: str | os.PathLike) -> None:
        """Read a folder, file, DICOMDIR or zip in the background and show it."""
        self.opener.open_path(path)

    def _ask_study(self, studies: list[Study]) -> int | None:
        from ilc_viewer.ui.study_chooser import StudyChooser  # only for folders of several

        dialog = StudyChooser(studies, self.state.phi_visible, self)
        return dialog.chosen() if dialog.exec() else None

    def _on_opened(self) -> None:
        opened = self.viewer.opened
        assert opened is not None
        study = opened.study
        self.viewer.tools.study_opened()
        if self.settings.value(AXIAL_SETTING, True, type=bool):
            opened.show_axial(True)  # the last choice, remembered; shown when there is one
        self.browser.set_series(study.series, self.state.language, self._level_names())
        # the first panel with an image (a study without T1 leaves the first one empty);
        # presets and histogram wait for the first picture
        shown = [p for p in self.state.visible_panes if self.state.panes[p].series is not None]
        self.active.set(shown[0] if shown else 0, hold=True)
        self.opener.after_first_paint(self.active.release)
        self.reading.study_opened(study, len(self.index.skipped) if self.index else 0)
        missing = sorted(set(opened.missing.values()), key=list(opened.missing.values()).index)
        if missing:
            self.banner.say(i18n.translate(
                "MainWindow", "No {sequences} series recognised in this study: drag any series "
                "from the list onto a panel.").format(sequences=" / ".join(missing)))
        else:
            self.banner.hide()
        for message in [*self.viewer.annotations.library_warnings, *opened.annotations.messages]:
            self.banner.add(message)
        self.annotation_commands.sync_ruler()
        self._update_title()
        self.grid.panes[0].view.setFocus()  # arrows and Page Up/Down work at once
        self.studyShown.emit()

    def put_series(self, pane: int, key: str) -> None:
        """Show the series with ``key`` in a pane (drop or double-click in the list)."""
        if self.viewer.opened is None:
            return
        try:
            series = self.viewer.opened.study.series_by_key(key)
        except KeyError:
            return
        self.viewer.opened.put(pane, series)
        self.viewer.frames.prefetch(series, self.state.panes[pane].slice_index)
        self.active.set(pane)

    # ----- state -> widgets ---------------------------------------------------------------
    def _on_state(self, event: str) -> None:
        if event == EVENT_LAYOUT:
            self.active.ensure_visible()
        sync_checks(self.actions_by_name, self.state)
        self.controls.refresh()
        if event == EVENT_OPTIONS:
            if self.state.language != i18n.language():
                self.set_language(self.state.language)
            self._update_title()
            self._relabel_series()
            self.annotation_panel.set_language(self.state.language)

    def _relabel_series(self) -> None:
        if self.study is not None:
            self.browser.relabel(self.study, self.state.language, self._level_names())

    def _level_names(self) -> dict[str, str]:
        if self.viewer.opened is None:
            return {}
        return block_names(self.viewer.opened.study.series,
                           self.viewer.annotations.annotations.snapshot())

    def show_axial(self, on: bool) -> None:
        """T1 | T2 | STIR and the study's axial series (remembered for the next study)."""
        self.settings.setValue(AXIAL_SETTING, on)
        opened = self.viewer.opened
        if opened is not None and not opened.show_axial(on):
            self.statusBar().showMessage(i18n.translate(
                "MainWindow", "This study has no axial series."), 8000)
            sync_checks(self.actions_by_name, self.state)

    def set_fill_panels(self, on: bool) -> None:
        """Images cover the panels (on) or the whole anatomy fits (off); remembered."""
        self.settings.setValue(FILL_SETTING, on)
        self.state.set_fill_panels(on)

    def _update_title(self) -> None:
        title = "ILC Viewer"
        if self.study is not None:
            study = self.study.description or i18n.translate("MainWindow", "study")
            title += f" - {study}"
            if self.state.phi_visible and self.study.patient.name:
                title += f" - {self.study.patient.name}"
        self.setWindowTitle(title)

    def _on_thumbnail(self, key: str) -> None:
        picture = self.viewer.frames.thumbnails.get(key)
        if picture is not None:
            self.browser.set_thumbnail(key, picture)

    def _on_decode_failed(self, name: str, reason: object) -> None:
        self.skips.add(name, reason)
        self.docks.show_skipped(len(self.skips.entries()))
        self._relabel_series()  # the series list counts the damaged images

    def _on_painted(self) -> None:
        first = not self.opener.has_painted
        self.opener.painted()
        if first:
            self.firstImagePainted.emit()

    # ----- annotations and tools -----------------------------------------------------------
    def _on_annotation_visibility(self, visible: bool) -> None:
        action = self.actions_by_name["show_annotations"]
        with QSignalBlocker(action):
            action.setChecked(visible)

    def _on_tool(self, tool: str) -> None:
        self.annotation_commands.on_tool(tool, self.grid.panes)
        if tool == "sticker" and self.viewer.annotations.library.get(
                self.viewer.tools.phrase_id) is None:
            self.docks.annotations.show()
            self.docks.annotations.raise_()
            self.annotation_panel.show_phrases()

    # ----- commands -----------------------------------------------------------------------
    def export_context(self) -> ExportContext | None:
        """What Export and Copy picture render: the open study (None before a study)."""
        if self.viewer.opened is None:
            return None
        return ExportContext(self.viewer.opened, active_pane=self.active.pane)

    def fit_screen(self, available: QSize) -> None:
        """Arrange the side panels for a screen of ``available`` size."""
        self.docks.fit_screen(available)

    def set_crosshair_tool(self, on: bool) -> None:
        """Left click marks the same spot (on) or pans (off)."""
        if on:
            self.viewer.tools.set_tool("select")
        self.viewer.crosshair_tool = on
        cursor = Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor
        for widget in self.grid.panes:
            widget.view.setCursor(cursor)

    def set_full_screen(self, on: bool) -> None:
        """Presentation mode: full screen, larger captions, no technical clutter."""
        self.presentation.set(on)

    # ----- language ---------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """The whole window, the images and the exports in ``lang`` ("en", "ja"), at once;
        kept for the next start. Qt's LanguageChange event then retranslates every word."""
        if self.state.language != lang:
            self.state.set_language(lang)  # comes back here through the state's event
            return
        i18n.install(lang)
        i18n.remember(self.settings, lang)

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: every bound word again, then the words made from data."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Say every word of the window again in the language installed now."""
        i18n.retranslate(self)
        self.docks.retranslate()
        undo_texts(self.actions_by_name, self.viewer.annotations.undo_stack)
        self._update_title()
        self.reading.show_counts()
        if self.study is not None:
            self.browser.relabel(self.study, self.state.language)

    # ----- Qt events ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept files and folders dragged from the desktop."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the first dropped file or folder."""
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_path(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop background work before the window goes (annotations are already saved)."""
        self.opener.cancel()
        self.viewer.frames.stop()
        super().closeEvent(event)
