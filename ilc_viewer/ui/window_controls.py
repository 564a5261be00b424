"""Window/level controls for the active panel: width and centre, presets, reset, invert, link.

A colour picture has no grey values to window: its panel gets brightness and contrast (in
percent of the colours as recorded, :mod:`ilc_viewer.display.colour`) instead, and says so.

Bound to the core state the napari way: the widgets call the state, and when the state
changes the widgets are updated with their signals blocked, so nothing loops back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer import display
from ilc_viewer.display import colour
from ilc_viewer.open_study.viewer_state import ViewerState
from ilc_viewer.ui.histogram import HistogramWidget
from ilc_viewer.ui.i18n import bind, language, say, translate
from ilc_viewer.words import overlay_text


def _spin(tip: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(-100000.0, 100000.0)
    spin.setDecimals(0)
    spin.setSingleStep(10.0)
    spin.setKeyboardTracking(False)  # apply on Enter / focus out, not on every digit
    bind(spin, toolTip=tip)
    return spin


def _percent(tip: str, limits: tuple[float, float]) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(*limits)
    spin.setDecimals(0)
    spin.setSingleStep(5.0)
    spin.setSuffix(" %")
    spin.setKeyboardTracking(False)
    bind(spin, toolTip=tip)
    return spin


def _label(text: str) -> QLabel:
    label = QLabel()
    bind(label, text=text)
    return label


class WindowControls(QWidget):
    """Controls acting on one pane at a time (:attr:`pane`)."""

    def __init__(self, state: ViewerState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.pane = 0
        self.presets: list[display.WindowPreset] = []
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.center_spin = _spin(translate(
            "WindowControls", "Window centre (level): the grey value shown as middle grey"))
        self.width_spin = _spin(translate(
            "WindowControls", "Window width: the range of values from black to white"))
        self.width_spin.setMinimum(1.0)
        self.preset = QComboBox()
        bind(self.preset, toolTip=translate("WindowControls", "Window presets for this sequence"))
        self.reset = QPushButton()
        bind(self.reset, text=translate("WindowControls", "Reset"),
             toolTip=translate("WindowControls", "Back to the starting window (R)"))
        self.invert = QCheckBox()
        bind(self.invert, text=translate("WindowControls", "Invert"),
             toolTip=translate("WindowControls", "Show white as black and black as white (I)"))
        self.link = QCheckBox()
        bind(self.link, text=translate("WindowControls", "Link same sequence"),
             toolTip=translate("WindowControls", "Apply window changes to every panel showing "
                               "the same sequence type (for example two T2 series)"))
        self.histogram = HistogramWidget()
        self.brightness_spin = _percent(translate(
            "WindowControls", "Brightness: 0 % shows the colours as recorded; more is lighter"),
            colour.BRIGHTNESS_RANGE)
        self.contrast_spin = _percent(translate(
            "WindowControls", "Contrast: 100 % shows the colours as recorded; more spreads them "
            "apart"), colour.CONTRAST_RANGE)
        self.colour_note = QLabel()
        self.colour_note.setWordWrap(True)
        bind(self.colour_note, text=translate(
            "WindowControls", "A colour picture: brightness and contrast instead of window "
            "and level."))

        self.form = form = QFormLayout()
        form.addRow(_label(translate("WindowControls", "Width")), self.width_spin)
        form.addRow(_label(translate("WindowControls", "Centre")), self.center_spin)
        form.addRow(_label(translate("WindowControls", "Brightness")), self.brightness_spin)
        form.addRow(_label(translate("WindowControls", "Contrast")), self.contrast_spin)
        form.addRow(_label(translate("WindowControls", "Preset")), self.preset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset)
        buttons.addWidget(self.invert)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.colour_note)
        layout.addWidget(self.histogram)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.link)
        layout.addStretch(1)

        self.center_spin.valueChanged.connect(self._typed)
        self.width_spin.valueChanged.connect(self._typed)
        self.brightness_spin.valueChanged.connect(self._typed_colour)
        self.contrast_spin.valueChanged.connect(self._typed_colour)
        self.preset.activated.connect(self._preset_chosen)
        self.reset.clicked.connect(lambda: self.state.reset_window(self.pane))
        self.invert.toggled.connect(lambda on: self.state.set_invert(self.pane, on))
        self.link.toggled.connect(self.state.set_link_windows)
        self.refresh()

    def set_pane(self, pane: int, presets: list[display.WindowPreset]) -> None:
        """Act on another pane, with the presets of its series."""
        self.pane, self.presets = pane, presets
        with QSignalBlocker(self.preset):
            self.preset.clear()
            for preset in presets:
                self.preset.addItem(say(preset.name))
            self.preset.setCurrentIndex(-1)
        self.refresh()

    def refresh(self) -> None:
        """Show the pane's window in the widgets (signals blocked: no loop back)."""
        pane = self.state.panes[self.pane]
        window = pane.window
        has = window is not None
        for widget in (self.center_spin, self.width_spin, self.brightness_spin,
                       self.contrast_spin, self.preset, self.reset, self.invert):
            widget.setEnabled(has)
        series = pane.series
        self.title.setText(
            translate("WindowControls", "Panel {number}: {sequence}").format(
                number=self.pane + 1,
                sequence=overlay_text.sequence_name(series.sequence, language()))
            if series else
            translate("WindowControls", "Panel {number}: empty").format(number=self.pane + 1))
        coloured = self.coloured()
        for row, shown in ((0, not coloured), (1, not coloured), (2, coloured), (3, coloured)):
            self.form.setRowVisible(row, shown)
        self.colour_note.setVisible(coloured)
        self.histogram.setVisible(not coloured)
        with QSignalBlocker(self.center_spin), QSignalBlocker(self.width_spin), \
                QSignalBlocker(self.brightness_spin), QSignalBlocker(self.contrast_spin), \
                QSignalBlocker(self.invert), QSignalBlocker(self.link):
            if window is not None:
                self.center_spin.setValue(window.center)
                self.width_spin.setValue(window.width)
                if coloured and pane.default_window is not None:
                    bright, contrast = colour.brightness_contrast(window, pane.default_window)
                    self.brightness_spin.setValue(bright)
                    self.contrast_spin.setValue(contrast)
            self.invert.setChecked(pane.invert)
            self.link.setChecked(self.state.link_windows)
        with QSignalBlocker(self.preset):
            names = [(p.window, p.voi_lut) for p in self.presets]
            current = (window, pane.voi_lut)
            self.preset.setCurrentIndex(names.index(current) if current in names else -1)
        self.histogram.set_window(window)

    def coloured(self) -> bool:
        """True when the pane shows a colour picture (brightness/contrast, no window)."""
        image = self.state.panes[self.pane].image
        return image is not None and image.is_colour

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: the title and the presets' names again."""
        if event.type() == QEvent.Type.LanguageChange:
            with QSignalBlocker(self.preset):
                for k, preset in enumerate(self.presets):
                    self.preset.setItemText(k, say(preset.name))
            self.refresh()
        super().changeEvent(event)

    def _typed(self) -> None:
        if self.state.panes[self.pane].window is None:
            return
        width = max(self.width_spin.value(), 1.0)
        window = display.Window(center=self.center_spin.value(), width=width)
        self.state.set_window(self.pane, window)

    def _typed_colour(self) -> None:
        pane = self.state.panes[self.pane]
        if pane.window is None or pane.default_window is None:
            return
        self.state.set_window(self.pane, colour.window_from(
            self.brightness_spin.value(), self.contrast_spin.value(), pane.default_window))

    def _preset_chosen(self, index: int) -> None:
        if 0 <= index < len(self.presets):
            preset = self.presets[index]
            self.state.set_window(self.pane, preset.window, preset.voi_lut)

    def next_preset(self) -> None:
        """Keyboard: apply the next preset in the list."""
        if not self.presets:
            return
        index = (self.preset.currentIndex() + 1) % len(self.presets)
        self._preset_chosen(index)
