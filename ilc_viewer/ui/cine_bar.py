"""Play a clip in a pane: play/pause (Space), speed, loop, under the pane's frame slider.

A fluoroscopy run or an ultrasound loop is one series whose slices are its frames
(:func:`ilc_viewer.study.modality.is_clip`): the pane's slider already moves through them.
:class:`CineBar` adds the player, shown only for clips. While it plays, a timer moves the
pane to the next frame through the core state (``set_slice``), each frame staying as long as
the file says (:func:`ilc_viewer.study.cine.playback_rate`) divided by the chosen speed;
the frames ahead are decoded in the background, within the frame cache's memory bound.
Pausing leaves the pane on its frame, which is what an export then shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from ilc_viewer.open_study.viewer_state import EVENT_SERIES
from ilc_viewer.study.cine import next_frame, playback_rate
from ilc_viewer.study.modality import is_clip
from ilc_viewer.ui.i18n import bind, translate
from ilc_viewer.ui.viewer import Viewer

#: Speeds offered, as multiples of the file's rate.
SPEEDS = (0.25, 0.5, 1.0, 2.0)
#: Frames decoded ahead while playing, and how often (frames) that is renewed.
AHEAD, RENEW = 48, 24


class CineBar(QWidget):
    """Play/pause, speed and loop for the clip in pane ``pane`` (hidden for other series)."""

    def __init__(self, viewer: Viewer, pane: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer, self.pane = viewer, pane
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self._played = 0
        self.play = QToolButton(self)
        self.play.setCheckable(True)
        self.play.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed = QComboBox(self)
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for value in SPEEDS:
            self.speed.addItem(f"{value:g}x", value)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        bind(self.speed, toolTip=translate("CineBar", "Playing speed, as a multiple of the "
                                                      "speed the clip was recorded at"))
        self.loop = QCheckBox(self)
        self.loop.setChecked(True)
        self.loop.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bind(self.loop, text=translate("CineBar", "Loop"),
             toolTip=translate("CineBar", "Start again from the first frame at the end"))
        self.rate = QLabel(self)
        # the pane is black: words in light grey, as the slider beside it
        self.setStyleSheet("QLabel, QCheckBox { color: #e0e0e0; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.play)
        layout.addWidget(self.speed)
        layout.addWidget(self.loop)
        layout.addWidget(self.rate, 1)
        self.play.toggled.connect(self._toggled)
        viewer.state.panes[pane].changed.connect(self._on_pane_event)
        self.refresh()

    # ----- model -> view ------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        """True while the clip plays."""
        return self.play.isChecked()

    def _on_pane_event(self, event: str) -> None:
        if event == EVENT_SERIES:
            self.set_playing(False)
            self.refresh()

    def refresh(self) -> None:
        """Shown for a clip, with its rate; the button's words follow the state."""
        series = self.viewer.state.panes[self.pane].series
        clip = series is not None and is_clip(series)
        self.setVisible(clip)
        self.play.setText(translate("CineBar", "Pause") if self.playing
                          else translate("CineBar", "Play"))
        self.play.setToolTip(translate("CineBar", "Play or pause the clip (Space)"))
        if clip and series is not None:
            rate = playback_rate(series, self.viewer.state.panes[self.pane].slice_index)
            self.rate.setText(translate("CineBar", "{fps:.0f} frames/s").format(fps=rate.fps))
            self.rate.setToolTip(
                translate("CineBar", "The speed the file gives for this clip")
                if rate.source != "default" else translate(
                    "CineBar", "The file gives no speed: {fps:.0f} frames/s assumed").format(
                        fps=rate.fps))

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: the words made from data again."""
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    # ----- view -> model ------------------------------------------------------------------
    def toggle(self) -> None:
        """Play or pause (Space)."""
        if self.isVisible() or self.playing:
            self.set_playing(not self.playing)

    def set_playing(self, on: bool) -> None:
        """Start or stop playing."""
        series = self.viewer.state.panes[self.pane].series
        if on and (series is None or not is_clip(series)):
            on = False
        with QSignalBlocker(self.play):
            self.play.setChecked(on)
        self._toggled(on)

    def _toggled(self, on: bool) -> None:
        if on:
            self._played = 0
            self._prefetch()
            self._schedule()
        else:
            self.timer.stop()
        self.refresh()

    def _schedule(self) -> None:
        pane = self.viewer.state.panes[self.pane]
        if pane.series is None:
            return
        speed = float(self.speed.currentData() or 1.0)
        interval = playback_rate(pane.series, pane.slice_index).interval_ms / speed
        self.timer.start(max(1, round(interval)))

    def _tick(self) -> None:
        state = self.viewer.state
        pane = state.panes[self.pane]
        if not self.playing or pane.series is None:
            return
        following = next_frame(pane.slice_index, pane.slice_count, self.loop.isChecked())
        if following is None:
            self.set_playing(False)  # the end of a clip that does not loop
            return
        state.set_slice(self.pane, following)
        self._played += 1
        if self._played % RENEW == 0:
            self._prefetch()
        self._schedule()

    def _prefetch(self) -> None:
        pane = self.viewer.state.panes[self.pane]
        if pane.series is not None:
            self.viewer.frames.prefetch(pane.series, pane.slice_index, AHEAD, ahead=True)
