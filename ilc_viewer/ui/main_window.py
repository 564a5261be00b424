"""The consultation-room window: T1, T2 and STIR side by side, series list, window controls.

The window shows a :class:`ViewerState` and forwards gestures to it; every change comes back
as a state event and is drawn from the state (no widget holds what the picture depends on).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer import display
from ilc_viewer.annotations.model import display_text, ruler_unavailable_reason, slice_for
from ilc_viewer.open_study.viewer_state import (
    EVENT_CROSSHAIR,
    EVENT_LAYOUT,
    EVENT_OPTIONS,
    EVENT_SERIES,
    EVENT_SLICE,
    EVENT_VIEW,
    EVENT_WINDOW,
    TRIPLE_ORDER,
    ViewerState,
)
from ilc_viewer.study.model import Study, StudyIndex
from ilc_viewer.study.sequences import choose_triple
from ilc_viewer.ui import texts
from ilc_viewer.ui.actions import build_actions
from ilc_viewer.ui.annotation_controller import AnnotationController
from ilc_viewer.ui.annotation_layer import AnnotationLayer
from ilc_viewer.ui.annotation_panel import AnnotationPanel, annotation_menu
from ilc_viewer.ui.annotation_tools import TOOLS, AnnotationTools
from ilc_viewer.ui.export_dialog import ExportContext, install_export_actions
from ilc_viewer.ui.frames import FrameProvider
from ilc_viewer.ui.loader import StudyLoader
from ilc_viewer.ui.pane_grid import PaneGrid
from ilc_viewer.ui.recent import recent_studies, remember
from ilc_viewer.ui.screen import ui_text_scale
from ilc_viewer.ui.series_browser import SeriesBrowser
from ilc_viewer.ui.skip_panel import SkipPanel
from ilc_viewer.ui.window_controls import WindowControls

#: Chooses one of several studies (index) or None to cancel; tests replace the dialog.
StudyChoice = Callable[[list[Study]], "int | None"]

#: Side panel widths in lines of text (font height), so they follow the font at every DPI.
SIDE_LINES = (12.5, 18.0)  # right-hand column: narrowest, widest
SERIES_LINES = 10.0
#: A screen narrower than this (logical pixels at the usual text size: 1366x768, 1440x900)
#: gets the series list as a tab beside the other panels: every pixel goes to the images.
COMPACT_WIDTH = 1500
SKIPPED_TITLE = "Skipped files"


class MainWindow(QMainWindow):
    """The main window. ``settings`` holds recent studies (tests pass a temporary one)."""

    studyShown = Signal()  # a study is on screen
    loadFailed = Signal(str)  # nothing could be shown; the message
    firstImagePainted = Signal()

    def __init__(self, settings: QSettings | None = None,
                 choose_study: StudyChoice | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self._choose = choose_study or self._ask_study
        self.state = ViewerState()
        self.index: StudyIndex | None = None
        self.study: Study | None = None
        self.active = 0
        self._presets: dict[str, list[display.WindowPreset]] = {}
        self._painted = False
        #: Background work (prefetch, thumbnails, presets) waiting for the first picture.
        self._pending_after_paint: list[Callable[[], None]] = []
        self._defer_controls = False
        self._dock_visibility: dict[QDockWidget, bool] = {}
        self._docks_on_top: list[QDockWidget] = []
        self._was_maximised = False
        self.setWindowTitle("ILC Viewer")
        self.setAcceptDrops(True)

        self.frames = FrameProvider(self)
        self.loader = StudyLoader(self)
        self.grid = PaneGrid(self.state, self.frames)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        scale = ui_text_scale()
        self.banner.setStyleSheet(f"QLabel {{ background: #5a4300; color: white;"
                                  f" padding: {round(8 * scale)}px;"
                                  f" font-size: {round(15 * scale)}px; }}")
        self.banner.hide()
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
        self.series_dock = self._dock("Series", self.browser, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.window_dock = self._dock("Window", self.controls,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.skip_dock = self._dock(SKIPPED_TITLE, self.skips,
                                    Qt.DockWidgetArea.RightDockWidgetArea)
        self.skip_dock.hide()

        # annotations: one model per study, a layer per pane, tools shared by the panes
        self.annotations = AnnotationController(self)
        #: Asks for a text (title, label, current) -> text or None; tests replace it.
        self.ask_text = self._ask_text
        self.annotation_tools = AnnotationTools(
            self.annotations, lambda *args: self.ask_text(*args), lambda: self.state.language)
        self.annotation_panel = AnnotationPanel(self.annotations)
        self.annotation_dock = self._dock("Annotations", self.annotation_panel,
                                          Qt.DockWidgetArea.RightDockWidgetArea)
        # one column of tabs at the right: stacked panels made the window taller than a
        # 1366x768 screen, and the images need the full height. The tabs stand on the outer
        # edge with their names running down, so every name stays whole in a narrow column.
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        self.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.East)
        self.tabifyDockWidget(self.window_dock, self.annotation_dock)
        self.tabifyDockWidget(self.annotation_dock, self.skip_dock)
        self.window_dock.raise_()
        self.compact = False
        self._limit_dock_widths()
        self.layers: list[AnnotationLayer] = []
        for widget in self.grid.panes:
            layer = AnnotationLayer(widget.view, self.annotations)
            layer.edit_text = self.edit_annotation_text
            self.layers.append(layer)
            widget.view.attach_annotations(layer, self.annotation_tools)
            widget.view.annotationMenu.connect(self._annotation_menu)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)

        self.actions_by_name = build_actions(self)
        self.actions_by_name.update(install_export_actions(self, self.export_context))
        for dock in (self.series_dock, self.window_dock, self.skip_dock, self.annotation_dock):
            self.panels_menu.addAction(dock.toggleViewAction())
        self.annotations.changed.connect(lambda _change: self._sync_layers())
        self.annotations.selectionChanged.connect(lambda _id: self._sync_layers())
        self.annotations.visibilityChanged.connect(self._on_annotation_visibility)
        self.annotations.message.connect(self.add_banner)
        self.annotation_tools.status.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.annotation_tools.toolChanged.connect(self._on_tool)
        self.annotation_panel.phrase_chosen = self.annotation_tools.set_phrase
        self.annotation_panel.goTo.connect(self.go_to_annotation)
        self.annotation_panel.editText.connect(self.edit_annotation_text)
        self._sync_actions()
        self.state.subscribe(self._on_state)
        for pane in self.grid.panes:
            pane.activated.connect(self.set_active)
            pane.seriesDropped.connect(self.put_series)
            pane.view.painted.connect(self._on_painted)
        self.browser.seriesActivated.connect(lambda key: self.put_series(self.active, key))
        self.frames.thumbnailReady.connect(self._on_thumbnail)
        self.frames.decodeFailed.connect(self._on_decode_failed)
        self.loader.progress.connect(self._on_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self._refresh_recent()
        self.set_active(0)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # ----- screen size --------------------------------------------------------------------
    def _line(self) -> int:
        """One line of the window's text in pixels: the unit of the side panels' widths."""
        return max(1, self.fontMetrics().height())

    def _limit_dock_widths(self) -> None:
        line = self._line()
        for dock in (self.window_dock, self.annotation_dock, self.skip_dock):
            dock.setMaximumWidth(round(SIDE_LINES[1] * line * 1.4))
        self.series_dock.setMaximumWidth(round(SIDE_LINES[1] * line))

    def fit_screen(self, available: QSize) -> None:
        """Arrange the panels for a screen of ``available`` size.

        Side panels stay narrow, and on a small screen the series list becomes one more tab
        at the right, so the images get the width.
        """
        line = self._line()
        compact = available.width() / ui_text_scale() < COMPACT_WIDTH
        right = min(max(0.19 * available.width(), SIDE_LINES[0] * line), SIDE_LINES[1] * line)
        if compact != self.compact:
            self.compact = compact
            skipped_shown = not self.skip_dock.isHidden()
            self.removeDockWidget(self.series_dock)
            self.removeDockWidget(self.skip_dock)
            if compact:
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.series_dock)
                self.tabifyDockWidget(self.annotation_dock, self.series_dock)
            else:
                self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.series_dock)
            # the skipped files last: the tab comes and goes with the study
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.skip_dock)
            self.tabifyDockWidget(self.series_dock if compact else self.annotation_dock,
                                  self.skip_dock)
            self.series_dock.show()
            self.skip_dock.setVisible(skipped_shown)
            self.window_dock.raise_()
        docks, widths = [self.window_dock], [round(right)]
        if not compact:
            docks.append(self.series_dock)
            widths.append(round(SERIES_LINES * line))
        self.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def show_skipped(self, count: int) -> None:
        """Show the Skipped files tab (its title says how many) or hide it when empty."""
        self.skip_dock.setWindowTitle(f"{SKIPPED_TITLE} ({count})" if count else SKIPPED_TITLE)
        if self.state.full_screen:  # no panels in presentation: shown when it ends
            self._dock_visibility[self.skip_dock] = count > 0
        else:
            self.skip_dock.setVisible(count > 0)

    # ----- opening ------------------------------------------------------------------------
    def open_path(self, path: str | os.PathLike) -> None:
        """Read a folder, file, DICOMDIR or zip in the background and show it."""
        path = str(path)
        self.loader.cancel()
        self.show_banner(texts.tr("loading", "en", path=path))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.loader.start(path)

    def open_folder(self) -> None:
        """File > Open folder."""
        path = QFileDialog.getExistingDirectory(self, "Open a folder of DICOM images")
        if path:
            self.open_path(path)

    def open_file(self) -> None:
        """File > Open file (a DICOM file, DICOMDIR or zip)."""
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a DICOM file, DICOMDIR or zip", "",
            "DICOM, DICOMDIR or zip (*.dcm *.DCM DICOMDIR *.zip *.ima *.IMA *);;All files (*)")
        if path:
            self.open_path(path)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_failed(self, message: str, path: str) -> None:
        self.progress.hide()
        self.show_banner(message)
        self.loadFailed.emit(message)

    def _on_loaded(self, index: StudyIndex, path: str) -> None:
        self.progress.hide()
        self.index = index
        self.skips.set_skipped(index.skipped)
        self.show_skipped(len(index.skipped))
        remember(self.settings, path)
        self._refresh_recent()
        if not index.studies:
            message = f"No images to show in {path}."
            if index.skipped:
                message += f" {len(index.skipped)} file(s) skipped: see 'Skipped files'."
                self.skip_dock.raise_()  # nothing else to look at: the reasons on top
            self.show_banner(message)
            self.loadFailed.emit(message)
            return
        choice = 0 if len(index.studies) == 1 else self._choose(index.studies)
        if choice is None:
            self.show_banner(f"{len(index.studies)} studies found; none chosen (Tools menu).")
            return
        self.show_study(index.studies[choice])

    def _ask_study(self, studies: list[Study]) -> int | None:
        from ilc_viewer.ui.study_chooser import StudyChooser  # only for folders of several

        dialog = StudyChooser(studies, self.state.phi_visible, self)
        return dialog.chosen() if dialog.exec() else None

    def choose_study_again(self) -> None:
        """Tools > Choose study: pick another study of the open folder."""
        if self.index is not None and len(self.index.studies) > 1:
            choice = self._choose(self.index.studies)
            if choice is not None:
                self.show_study(self.index.studies[choice])

    def show_study(self, study: Study) -> None:
        """Fill the panes with the study's T1 / T2 / STIR triple."""
        self.study = study
        self._presets = {}
        self.frames.set_series(study.series)
        self.state.clear()
        self.state.patient = study.patient
        self.browser.set_series(study.series, self.state.language)
        triple = choose_triple(study.series)
        for pane, label in enumerate(TRIPLE_ORDER):
            self.grid.panes[pane].view.missing = None if triple.get(label) else label
        self._defer_controls = True  # presets and histogram wait for the first picture
        self.state.fill(triple)
        self._after_first_paint(lambda: self._start_background(study))
        self._update_title()
        counts = texts.tr("loaded", "en", series=len(study.series),
                          images=sum(len(s.images) for s in study.series),
                          skipped=len(self.index.skipped) if self.index else 0)
        self.statusBar().showMessage(counts)
        missing = [label for label in TRIPLE_ORDER if triple.get(label) is None]
        if missing:
            self.show_banner(f"No {' / '.join(missing)} series recognised in this study: drag "
                             "any series from the list onto a panel.")
        else:
            self.hide_banner()
        self._after_first_paint(self._release_controls)
        for warning in self.annotations.library_warnings:
            self.add_banner(warning)
        source = Path(self.index.source) if self.index is not None else None
        self.annotations.open_study(study, source)
        self._sync_tool_actions()
        self.grid.panes[0].view.setFocus()  # arrows and Page Up/Down work at once
        self.studyShown.emit()

    def put_series(self, pane: int, key: str) -> None:
        """Show the series with ``key`` in a pane (drop or double-click in the list)."""
        if self.study is None:
            return
        try:
            series = self.study.series_by_key(key)
        except KeyError:
            return
        self.grid.panes[pane].view.missing = None
        self.state.assign(pane, series)
        self.frames.prefetch(series, self.state.panes[pane].slice_index)
        self.set_active(pane)

    # ----- state -> widgets ---------------------------------------------------------------
    def _on_state(self, event: str, pane: int | None) -> None:
        if event in (EVENT_SERIES, EVENT_SLICE) and pane is not None:
            widget = self.grid.panes[pane]
            widget.view.refresh_image()
            widget.refresh_slider()
            if pane == self.active:
                self._refresh_controls(new_series=event == EVENT_SERIES)
                if event == EVENT_SERIES:
                    self._sync_tool_actions()
        elif event == EVENT_WINDOW and pane is not None:
            self.grid.panes[pane].view.refresh_window()
            if pane == self.active:
                self.controls.refresh()
        elif event == EVENT_VIEW and pane is not None:
            self.grid.panes[pane].view.refresh_view()
        elif event == EVENT_LAYOUT:
            self.grid.apply_layout()
            self._sync_actions()
            if self.active not in self.state.visible_panes:
                self.set_active(self.state.visible_panes[0])
        elif event in (EVENT_OPTIONS, EVENT_CROSSHAIR):
            self._sync_actions()
            self.controls.refresh()
            self._update_title()
            for widget in self.grid.panes:
                widget.view.viewport().update()
            if event == EVENT_OPTIONS and self.study is not None:
                self._relabel_browser()
            if event == EVENT_OPTIONS:  # language or full screen: labels change words or size
                self.annotation_panel.set_language(self.state.language)
                self._sync_layers()

    def set_active(self, pane: int) -> None:
        """Make a pane the one keyboard and window controls act on."""
        self.active = pane
        self._defer_controls = False
        for k, widget in enumerate(self.grid.panes):
            widget.set_active(k == pane)
        self._refresh_controls(new_series=True)
        if hasattr(self, "actions_by_name"):
            self._sync_tool_actions()

    def _refresh_controls(self, new_series: bool) -> None:
        if self._defer_controls:
            return
        pane = self.state.panes[self.active]
        values = None
        if pane.series is not None and pane.slice_count:
            values = self.frames.frame(pane.series, pane.slice_index)
        if new_series:
            presets: list[display.WindowPreset] = []
            if pane.series is not None and values is not None:
                key = pane.series.key
                if key not in self._presets:
                    self._presets[key] = display.series_presets(pane.series, values)
                presets = self._presets[key]
            self.controls.set_pane(self.active, presets)
        self.controls.histogram.set_values(values)
        self.controls.refresh()

    def _sync_actions(self) -> None:
        s, a = self.state, self.actions_by_name
        for name, value in (("sync_zoom", s.sync_zoom), ("captions", s.captions_visible),
                            ("phi", s.phi_visible), ("japanese", s.language == "ja"),
                            ("full_screen", s.full_screen), ("link", s.linked),
                            ("link_windows", s.link_windows)):
            with QSignalBlocker(a[name]):
                a[name].setChecked(value)
        with QSignalBlocker(a[f"layout_{s.layout}"]):
            a[f"layout_{s.layout}"].setChecked(True)

    def _relabel_browser(self) -> None:
        if self.study is None or self.browser.count() == 0:
            return
        from ilc_viewer.ui.series_browser import KEY_ROLE, series_label
        for row in range(self.browser.count()):
            item = self.browser.item(row)
            series = self.study.series_by_key(item.data(KEY_ROLE))
            item.setText(series_label(series, self.state.language))

    def _update_title(self) -> None:
        title = "ILC Viewer"
        if self.study is not None:
            title += f" - {self.study.description or 'study'}"
            if self.state.phi_visible and self.study.patient.name:
                title += f" - {self.study.patient.name}"
        self.setWindowTitle(title)

    def _on_thumbnail(self, key: str) -> None:
        picture = self.frames.thumbnails.get(key)
        if picture is not None:
            self.browser.set_thumbnail(key, picture)

    def _on_decode_failed(self, name: str, reason: str) -> None:
        self.skips.add(name, reason)
        self.show_skipped(len(self.skips.entries()))

    def _on_painted(self) -> None:
        if not self._painted:
            self._painted = True
            self.firstImagePainted.emit()
        if self._pending_after_paint:
            # after this paint, not inside it: the other panes are still to be drawn and the
            # frame to reach the screen; the presets, histogram and prefetch can wait for that
            QTimer.singleShot(0, self._flush_pending)

    def _after_first_paint(self, work: Callable[[], None]) -> None:
        """Run now if a picture is already up, else right after the next image paint.

        Start-up matters in the consultation room: decoding other slices, thumbnails and
        presets would compete with the first picture for the interpreter.
        """
        if self._painted:
            work()
        else:
            self._pending_after_paint.append(work)
            QTimer.singleShot(1000, self._flush_pending)  # in case nothing paints (hidden)

    def _flush_pending(self) -> None:
        pending, self._pending_after_paint = self._pending_after_paint, []
        for work in pending:
            work()

    def _start_background(self, study: Study) -> None:
        if self.study is not study:
            return  # another study was opened meanwhile
        for pane in range(3):
            series = self.state.panes[pane].series
            if series is not None:
                self.frames.prefetch(series, self.state.panes[pane].slice_index)
        self.frames.request_thumbnails(study.series)

    def _release_controls(self) -> None:
        if self._defer_controls:
            self.set_active(self.active)

    def show_banner(self, message: str) -> None:
        """A message above the panels (instead of a pop-up)."""
        self.banner.setText(message)
        self.banner.show()

    def hide_banner(self) -> None:
        """Remove the message above the panels."""
        self.banner.hide()

    def add_banner(self, message: str) -> None:
        """Add a message above the panels, under any already shown."""
        if self.banner.isVisibleTo(self) and self.banner.text():
            message = f"{self.banner.text()}\n{message}"
        self.show_banner(message)

    # ----- annotations --------------------------------------------------------------------
    def _sync_layers(self) -> None:
        for layer in self.layers:
            layer.sync()

    def _on_annotation_visibility(self, visible: bool) -> None:
        action = self.actions_by_name["show_annotations"]
        with QSignalBlocker(action):
            action.setChecked(visible)
        self._sync_layers()

    def _on_tool(self, tool: str) -> None:
        action = self.actions_by_name.get(f"tool_{tool}")
        if action is not None and not action.isChecked():
            with QSignalBlocker(action):
                action.setChecked(True)
        if tool != "select" and self.actions_by_name["crosshair"].isChecked():
            self.actions_by_name["crosshair"].setChecked(False)
        if tool == "sticker" and self.annotations.library.get(
                self.annotation_tools.phrase_id) is None:
            self.annotation_dock.show()
            self.annotation_dock.raise_()
            self.annotation_panel.show_phrases()
        cursor = Qt.CursorShape.ArrowCursor if tool == "select" else Qt.CursorShape.CrossCursor
        for widget in self.grid.panes:
            widget.view.cancel_drawing()
            widget.view.viewport().setCursor(cursor)

    def _sync_tool_actions(self) -> None:
        """The ruler needs Pixel Spacing on the active pane: disabled, with the reason, if not."""
        action = self.actions_by_name["tool_ruler"]
        series = self.state.panes[self.active].series
        reason = ruler_unavailable_reason(series) if series is not None else None
        action.setEnabled(reason is None)
        tip = reason or TOOLS["ruler"][2]
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if reason and self.annotation_tools.tool == "ruler":
            self.statusBar().showMessage(f"Ruler: {reason}", 10000)

    def set_tool(self, tool: str) -> None:
        """Tools menu: choose the annotation tool for every pane."""
        self.annotation_tools.set_tool(tool)

    def go_to_annotation(self, annotation_id: str) -> None:
        """Show the slice an annotation is on, in the pane of the series it was made on."""
        annotation = self.annotations.annotations.get(annotation_id)
        if annotation is None:
            return
        panes = self.state.visible_panes
        own = [p for p in panes if self.state.panes[p].series is not None
               and self.state.panes[p].series.key == annotation.created_on.series_key]
        for pane in own + [p for p in [self.active, *panes] if p not in own]:
            series = self.state.panes[pane].series
            index = slice_for(annotation, series) if series is not None else None
            if index is not None:
                self.state.set_slice(pane, index)
                return
        self.statusBar().showMessage("This annotation is not on any series shown now.", 8000)

    def edit_annotation_text(self, annotation_id: str) -> None:
        """Double-click / Edit text: change the words of an annotation (undoable).

        A sticker left with its phrase's own words stays tied to the phrase, so it keeps
        following the language switch; an emptied sticker goes back to the phrase.
        """
        annotation = self.annotations.annotations.get(annotation_id)
        if annotation is None:
            return
        lang = self.state.language
        current = annotation.text or display_text(annotation, self.annotations.library, lang) \
            if annotation.kind == "sticker" else annotation.text
        text = self.ask_text("Edit annotation", "Text:", current)
        if text is None:
            return
        text = text.strip()
        if annotation.kind == "sticker":
            phrase = self.annotations.library.get(annotation.phrase_id)
            if phrase is not None and text in (phrase.label.en, phrase.label.ja):
                text = ""
        elif annotation.kind == "text" and not text:
            return  # a free text needs words; Delete removes it
        self.annotations.update(annotation_id, what=f"edit {annotation.kind} text", text=text)

    def _ask_text(self, title: str, label: str, current: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, current)
        return text if ok else None

    def _annotation_menu(self, annotation_id: str, where) -> None:  # type: ignore[no-untyped-def]
        self.annotations.select(annotation_id)
        menu = annotation_menu(self.annotations, annotation_id, self.edit_annotation_text, self)
        menu.exec(where)

    # ----- commands -----------------------------------------------------------------------
    def export_context(self) -> ExportContext | None:
        """What Export and Copy picture render: this window's state (None before a study)."""
        if self.study is None:
            return None
        source = Path(self.index.source) if self.index is not None else None
        return ExportContext(self.state, annotations=self.annotations.shown(),
                             library=self.annotations.library, study_date=self.study.date,
                             source=source, active_pane=self.active)

    def step(self, delta: int) -> None:
        """Move the active pane by ``delta`` slices."""
        self.state.step(self.active, delta)

    def go_to_end(self, first: bool) -> None:
        """First or last slice of the active pane."""
        count = self.state.panes[self.active].slice_count
        self.state.set_slice(self.active, 0 if first else count - 1)

    def next_panel(self) -> None:
        """Make the next visible pane active."""
        visible = self.state.visible_panes
        position = visible.index(self.active) if self.active in visible else -1
        self.set_active(visible[(position + 1) % len(visible)])
        self.grid.panes[self.active].view.setFocus()

    def actual_size(self) -> None:
        """One image pixel to one screen pixel."""
        view = self.grid.panes[self.active].view
        geometry = self.state.panes[self.active].geometry
        if geometry is None:
            return
        pixels_per_mm = 1.0 / (min(geometry.pixel_spacing) * view.devicePixelRatioF())
        self.state.set_zoom(self.active, pixels_per_mm / view.fit_scale())

    def set_crosshair_tool(self, on: bool) -> None:
        """Left click marks the same spot (on) or pans (off)."""
        if on:
            self.annotation_tools.set_tool("select")
        for widget in self.grid.panes:
            widget.view.crosshair_tool = on
            widget.view.viewport().setCursor(
                Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def set_full_screen(self, on: bool) -> None:
        """Presentation mode: full screen, larger captions, no technical clutter."""
        if on == self.state.full_screen:
            return
        docks = [self.series_dock, self.window_dock, self.skip_dock, self.annotation_dock]
        if on:
            self._dock_visibility = {dock: dock.isVisible() for dock in docks}
            # the tabs on top, to bring back the same ones (a tab behind is "visible" too)
            self._docks_on_top = [dock for dock in docks if dock.isVisible()
                                  and not dock.visibleRegion().isEmpty()]
            self._was_maximised = self.isMaximized()
            for dock in docks:
                dock.hide()
            self.menuBar().hide()
            self.tool_bar.hide()
            self.statusBar().hide()
            for widget in self.grid.panes:
                widget.slider.hide()
            self.showFullScreen()
        else:
            for dock in docks:
                dock.setVisible(self._dock_visibility.get(dock, dock is not self.skip_dock))
            self.menuBar().show()
            self.tool_bar.show()
            self.statusBar().show()
            for widget in self.grid.panes:
                widget.slider.show()
            for dock in self._docks_on_top:
                dock.raise_()
            # back to the window as it was: maximised on a small screen, not shrunk
            if self._was_maximised:
                self.showMaximized()
            else:
                self.showNormal()
        self.state.set_full_screen(on)

    def show_shortcuts(self) -> None:
        """Help > Shortcuts."""
        from ilc_viewer.ui.shortcuts_dialog import ShortcutsDialog  # not needed at start-up

        ShortcutsDialog(list(self.actions_by_name.values()), self).exec()

    def _refresh_recent(self) -> None:
        menu = getattr(self, "recent_menu", None)
        if menu is None:
            return
        menu.clear()
        for path in recent_studies(self.settings):
            menu.addAction(path, lambda p=path: self.open_path(p))
        menu.setEnabled(not menu.isEmpty())

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
        self.loader.cancel()
        self.frames.stop()
        super().closeEvent(event)
