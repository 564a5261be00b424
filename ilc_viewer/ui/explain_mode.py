"""Explain mode: the patient's own findings, one step at a time, full screen, large words.

Step 1 shows the three sequences with their captions as "three camera filters"; each finding
step moves every pane that reaches the sticker to the image through it, zooms smoothly in on
it (a :class:`QVariantAnimation` over a few hundred milliseconds) and dims the other
stickers; its words stand large beside the images. Then the teaching cards. The keys: Page
Down / Page Up (a presentation clicker sends these), the arrows, Space and Backspace, Home
and End; L or Ctrl+J switches English / Japanese live; Esc leaves and gives back the window's
view and language as they were. A click moves on.

The steps, the words and where the panes go are decided by the core
(:mod:`ilc_viewer.annotations.tour`, :mod:`ilc_viewer.annotations.tour_words`,
:mod:`ilc_viewer.open_study.tour_view`); this window only shows them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QEvent, QObject, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QWidget

from ilc_viewer.annotations.tour import CARD_STEP, FILTERS, FILTERS_STEP, Step, Tour, tour_steps
from ilc_viewer.annotations.tour_words import StepText, step_text, word
from ilc_viewer.open_study.tour_view import (
    PaneTarget,
    SavedView,
    apply_targets,
    frame_between,
    restore_view,
    save_view,
    start_frame,
    step_targets,
)
from ilc_viewer.open_study.viewer_state import EVENT_OPTIONS, EVENT_WINDOW, PANE_COUNT
from ilc_viewer.scene.cards import card_scene
from ilc_viewer.scene.explain_panel import explanation_scene
from ilc_viewer.ui.explain_views import ExplainPane, SceneWidget
from ilc_viewer.ui.viewer import Viewer
from ilc_viewer.words.how_common import age_years

if TYPE_CHECKING:
    from ilc_viewer.ui.main_window import MainWindow

#: How long the zoom to a finding takes (milliseconds).
ZOOM_MS = 450
#: The share of the width the words take beside the images.
WORDS_SHARE = 0.36
NEXT_KEYS = (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space,
             Qt.Key.Key_Return, Qt.Key.Key_Enter)
BACK_KEYS = (Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace)
#: Keys a presentation clicker sends to leave a slide show.
LEAVE_KEYS = (Qt.Key.Key_Escape,)


class ExplainMode(QWidget):
    """The full-screen Explain window over the main window; ``left`` when it closes."""

    left = Signal()
    stepShown = Signal(int)  # the index of the step now shown

    def __init__(self, viewer: Viewer, tour: Tour, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        assert viewer.opened is not None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("ILC Viewer")
        self.setStyleSheet("background: black;")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewer, self.tour = viewer, tour
        self.opened = viewer.opened
        self.state = viewer.state
        study = self.opened.study
        #: The patient's age in whole years, only when the tour shows "How common".
        self.age = age_years(study.patient, study.date) if tour.how_common else None
        self.steps: list[Step] = tour_steps(tour, self.opened.annotations.annotations.snapshot())
        self.index = -1
        self._saved: SavedView = save_view(self.state)
        self._language = self.state.language
        if tour.lang in ("en", "ja"):
            self.state.set_language(tour.lang)
        self.panes = [ExplainPane(viewer, k) for k in range(PANE_COUNT)]
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.setSpacing(4)
        for view in self.panes:
            row_layout.addWidget(view, 1)
        self.card = SceneWidget(lambda w, h: card_scene(self._card(), self.state.language,
                                                        (w, h)))
        self.images = QStackedWidget()
        self.images.addWidget(row)
        self.images.addWidget(self.card)
        self.words = SceneWidget(lambda w, h: explanation_scene(
            self.text(), self.state.language, (w, h), self.counter()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.images, round(100 * (1 - WORDS_SHARE)))
        layout.addWidget(self.words, round(100 * WORDS_SHARE))
        self._targets: list[PaneTarget] = []
        self._start: list[PaneTarget] = []
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(ZOOM_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._frame)
        self.animation.finished.connect(self.finish_animation)
        self._stops: list[Callable[[], None]] = [self.state.subscribe(self._on_state)]
        viewer.annotations.changed.connect(self._redraw)
        # the tour's keys wherever the keyboard focus is (a clicker's Page Down must never
        # scroll the window behind, whose slice keys are shortcuts)
        QApplication.instance().installEventFilter(self)
        self.go(0)

    # ----- steps ------------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        """The step shown now."""
        return self.steps[self.index]

    def counter(self) -> str:
        """"Step 3 of 8" in the language shown."""
        return word("counter", self.state.language, number=self.index + 1, count=len(self.steps))

    def text(self) -> StepText:
        """The words of the step shown, in the language shown."""
        return step_text(self.step, self.opened.annotations.annotations.snapshot(),
                         self.opened.library, self.state.language, self.age,
                         self.tour.how_common)

    def _card(self) -> str:
        return self.step.card if self.step.kind == CARD_STEP else FILTERS

    def next(self) -> None:
        """The next step (the last one stays)."""
        self.go(self.index + 1)

    def back(self) -> None:
        """The step before (the first one stays)."""
        self.go(self.index - 1)

    def go(self, index: int) -> None:
        """Show step ``index`` (clamped): move the panes, zoom in smoothly, say its words."""
        index = max(0, min(index, len(self.steps) - 1))
        if index == self.index:
            return
        self.finish_animation()
        self.index = index
        step = self.step
        targets = step_targets(self.opened, step)
        if targets:  # zoom to fill the panels the panes will have
            area = self.images.size()
            gap = self.images.widget(0).layout().spacing()
            width = (area.width() - gap * (len(targets) - 1)) / len(targets)
            targets = step_targets(self.opened, step, panel=(width, area.height()))
        shown = {t.pane for t in targets}
        for view in self.panes:
            view.focus = step.annotation_id
            view.plain = step.kind == FILTERS_STEP
            view.setVisible(view.pane in shown)
            view.invalidate()
        self.images.setCurrentIndex(1 if step.kind == CARD_STEP else 0)
        self.card.invalidate()
        self.words.invalidate()
        self._targets = targets
        self._start = start_frame(self.state, targets)
        if targets:
            self.animation.start()
        self.stepShown.emit(index)

    @property
    def animating(self) -> bool:
        """True while the zoom to a finding is on its way."""
        return self.animation.state() == QVariantAnimation.State.Running

    def finish_animation(self) -> None:
        """Jump to the end of the zoom now (a new step, leaving, a test)."""
        if self.animating:
            self.animation.stop()
        if self._targets:
            apply_targets(self.state, self._targets)

    def _frame(self, t: object) -> None:
        if self._targets and self.animating:
            frame_between(self.state, self._start, self._targets, float(t))  # type: ignore[arg-type]

    # ----- language and redraws -------------------------------------------------------------
    def switch_language(self) -> None:
        """English <-> Japanese, everywhere at once (the main window follows)."""
        self.state.set_language("en" if self.state.language == "ja" else "ja")

    def _on_state(self, event: str, pane: int | None) -> None:
        if pane is not None:
            view = self.panes[pane]
            view.refresh_picture() if event == EVENT_WINDOW else view.invalidate()
        elif event == EVENT_OPTIONS:
            self._redraw()

    def _redraw(self, *_: object) -> None:
        for view in self.panes:
            view.invalidate()
        self.card.invalidate()
        self.words.invalidate()

    # ----- keys, clicks, leaving --------------------------------------------------------------
    def key(self, event: QKeyEvent, act: bool = True) -> bool:
        """Page Down / Page Up (clickers), arrows, Space, Home, End, L or Ctrl+J, Esc:
        True when the key is the tour's (done when ``act``)."""
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        actions = {**{k: self.next for k in NEXT_KEYS}, **{k: self.back for k in BACK_KEYS},
                   Qt.Key.Key_Home: lambda: self.go(0),
                   Qt.Key.Key_End: lambda: self.go(len(self.steps) - 1),
                   Qt.Key.Key_L: self.switch_language, Qt.Key.Key_F5: self.close,
                   **{k: self.close for k in LEAVE_KEYS}}
        if key == Qt.Key.Key_J and ctrl:
            action = self.switch_language
        elif ctrl or key not in actions:
            return False
        else:
            action = actions[key]
        if act:
            action()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The tour's keys (see :meth:`key`)."""
        if not self.key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The tour's keys, whichever widget has the focus: taken before any shortcut."""
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and self.key(event, act=False):  # type: ignore[arg-type]
            event.accept()
            return True
        if kind == QEvent.Type.KeyPress and isinstance(watched, QWidget) and \
                self.key(event):  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click moves on (as in a slide show)."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.next()
        else:
            super().mousePressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Leave: the window's view and language as they were before."""
        self.animation.stop()
        QApplication.instance().removeEventFilter(self)
        for stop in self._stops:
            stop()
        self._stops = []
        with contextlib.suppress(RuntimeError, TypeError):  # already gone with the window
            self.viewer.annotations.changed.disconnect(self._redraw)
        restore_view(self.state, self._saved)
        if self.state.language != self._language:
            self.state.set_language(self._language)
        self.left.emit()
        super().closeEvent(event)


class Explainer(QObject):
    """Starts Explain mode for the main window's open study (one at a time), from F5, the
    tool bar or the Explain tour tab."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.viewer, self.window = window.viewer, window
        #: The window's panes behind need not draw every step of a zoom.
        self.freeze: Callable[[], list[QWidget]] = lambda: [window.grid]
        self.mode: ExplainMode | None = None
        tour_panel = window.annotation_panel.tour
        tour_panel.study = lambda: window.viewer.study
        tour_panel.start.connect(self.start)

    def start(self) -> ExplainMode | None:
        """Open Explain mode full screen (nothing before a study is open)."""
        if self.viewer.opened is None:
            return None
        if self.mode is not None:
            self.mode.raise_()
            return self.mode
        self.viewer.tools.set_tool("select")
        tour = self.viewer.annotations.session.tour(self.viewer.state.language)
        mode = ExplainMode(self.viewer, tour, self.window)
        mode.left.connect(self._left)
        for widget in self.freeze():  # the window behind need not draw every zoom step
            widget.setUpdatesEnabled(False)
        self.mode = mode
        mode.setGeometry(self.window.screen().geometry())
        mode.showFullScreen()
        mode.activateWindow()
        mode.setFocus()
        return mode

    def _left(self) -> None:
        self.mode = None
        for widget in self.freeze():
            widget.setUpdatesEnabled(True)
            widget.update()
