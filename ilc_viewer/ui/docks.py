"""The side panels of the window and how they fit the screen and presentation mode.

The series list stands at the left on a large screen; on a small one (1366x768, 1440x900)
it becomes one more tab at the right, so every pixel of width goes to the images. The right
column holds Window, Annotations and (when there are any) Skipped files as tabs on the outer
edge, names running down, so every name stays whole in a narrow column. Presentation mode
(full screen) hides every panel and gives back the same ones, the same tab on top.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget

from ilc_viewer.ui.i18n import translate
from ilc_viewer.ui.screen import ui_text_scale

#: Side panel widths in lines of text (font height), so they follow the font at every DPI.
SIDE_LINES = (12.5, 18.0)  # right-hand column: narrowest, widest
SERIES_LINES = 10.0
#: A screen narrower than this (logical pixels at the usual text size: 1366x768, 1440x900)
#: gets the series list as a tab beside the other panels: every pixel goes to the images.
COMPACT_WIDTH = 1500


class Docks:
    """The four side panels of ``window``: series, window, annotations, skipped files."""

    def __init__(self, window: QMainWindow, series: QWidget, controls: QWidget,
                 annotations: QWidget, skipped: QWidget) -> None:
        self.window = window
        self.series = self._dock("Series", series, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.controls = self._dock("Window", controls, Qt.DockWidgetArea.RightDockWidgetArea)
        self.skipped = self._dock("Skipped files", skipped,
                                  Qt.DockWidgetArea.RightDockWidgetArea)
        self.skipped.hide()
        self.skipped_count = 0
        self.annotations = self._dock("Annotations", annotations,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.retranslate()
        # one column of tabs at the right: stacked panels made the window taller than a
        # 1366x768 screen, and the images need the full height
        window.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                              | QMainWindow.DockOption.AllowTabbedDocks)
        window.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.East)
        window.tabifyDockWidget(self.controls, self.annotations)
        window.tabifyDockWidget(self.annotations, self.skipped)
        self.controls.raise_()
        self.compact = False
        self._shown: dict[QDockWidget, bool] = {}
        self._on_top: list[QDockWidget] = []
        self.presenting = False
        self._limit_widths()

    @property
    def all(self) -> list[QDockWidget]:
        """Every dock, in menu order."""
        return [self.series, self.controls, self.skipped, self.annotations]

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(name, self.window)
        dock.setObjectName(name)  # the English name: saved window layouts find it in any language
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        return dock

    def _line(self) -> int:
        """One line of the window's text in pixels: the unit of the panels' widths."""
        return max(1, self.window.fontMetrics().height())

    def _limit_widths(self) -> None:
        line = self._line()
        for dock in (self.controls, self.annotations, self.skipped):
            dock.setMaximumWidth(round(SIDE_LINES[1] * line * 1.4))
        self.series.setMaximumWidth(round(SIDE_LINES[1] * line))

    def fit_screen(self, available: QSize) -> None:
        """Arrange the panels for a screen of ``available`` size (see the module docstring)."""
        window, line = self.window, self._line()
        compact = available.width() / ui_text_scale() < COMPACT_WIDTH
        right = min(max(0.19 * available.width(), SIDE_LINES[0] * line), SIDE_LINES[1] * line)
        if compact != self.compact:
            self.compact = compact
            skipped_shown = not self.skipped.isHidden()
            window.removeDockWidget(self.series)
            window.removeDockWidget(self.skipped)
            if compact:
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.series)
                window.tabifyDockWidget(self.annotations, self.series)
            else:
                window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.series)
            # the skipped files last: the tab comes and goes with the study
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.skipped)
            window.tabifyDockWidget(self.series if compact else self.annotations, self.skipped)
            self.series.show()
            self.skipped.setVisible(skipped_shown)
            self.controls.raise_()
        docks, widths = [self.controls], [round(right)]
        if not compact:
            docks.append(self.series)
            widths.append(round(SERIES_LINES * line))
        window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def retranslate(self) -> None:
        """The panels' titles in the window's language."""
        self.series.setWindowTitle(translate("Docks", "Series"))
        self.controls.setWindowTitle(translate("Docks", "Window"))
        self.annotations.setWindowTitle(translate("Docks", "Annotations"))
        count = self.skipped_count
        self.skipped.setWindowTitle(
            translate("Docks", "Skipped files ({count})").format(count=count) if count
            else translate("Docks", "Skipped files"))

    def show_skipped(self, count: int) -> None:
        """Show the Skipped files tab (its title says how many) or hide it when empty."""
        self.skipped_count = count
        self.retranslate()
        if self.presenting:  # no panels in presentation: shown when it ends
            self._shown[self.skipped] = count > 0
        else:
            self.skipped.setVisible(count > 0)

    def hide_for_presentation(self) -> None:
        """Remember which panels are shown (and which tabs on top), then hide them all."""
        self.presenting = True
        self._shown = {dock: dock.isVisible() for dock in self.all}
        # the tabs on top, to bring back the same ones (a tab behind is "visible" too)
        self._on_top = [dock for dock in self.all
                        if dock.isVisible() and not dock.visibleRegion().isEmpty()]
        for dock in self.all:
            dock.hide()

    def restore_after_presentation(self) -> None:
        """Give back the panels shown before presentation mode, the same tabs on top."""
        self.presenting = False
        for dock in self.all:
            dock.setVisible(self._shown.get(dock, dock is not self.skipped))
        for dock in self._on_top:
            dock.raise_()
