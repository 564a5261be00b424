"""Display: window/level and presets, from modality values to the grey levels people see."""

from ilc_viewer.display.window import (
    AUTO_HIGH_PERCENTILE,
    AUTO_LOW_PERCENTILE,
    DRAG_PIXELS_PER_WIDTH,
    SEQUENCE_PRESETS,
    Window,
    WindowPreset,
    auto_window,
    default_window,
    dicom_presets,
    histogram,
    series_presets,
    window_from_drag,
    window_to_uint8,
)

__all__ = [
    "AUTO_HIGH_PERCENTILE",
    "AUTO_LOW_PERCENTILE",
    "DRAG_PIXELS_PER_WIDTH",
    "SEQUENCE_PRESETS",
    "Window",
    "WindowPreset",
    "auto_window",
    "default_window",
    "dicom_presets",
    "histogram",
    "series_presets",
    "window_from_drag",
    "window_to_uint8",
]
