"""View ▸ Fill the panels: images cover the panels (cropped at their sides), remembered."""

from __future__ import annotations

from pathlib import Path

from dicom_study import open_and_wait
from PySide6.QtCore import QSettings

from ilc_viewer.ui.main_window import FILL_SETTING, MainWindow


def test_fill_enlarges_the_image_and_is_remembered(qtbot, window, settings: QSettings,
                                                   study_folder: Path) -> None:
    open_and_wait(qtbot, window, study_folder)
    view = window.grid.panes[1].view
    fitted = view.scene().view.px_per_mm
    window.actions_by_name["fill_panels"].trigger()
    assert window.state.fill_panels and settings.value(FILL_SETTING, type=bool)
    filled = view.scene().view.px_per_mm
    assert filled > fitted * 1.2
    image = view.scene().boxes["image"]
    assert image[0] < 0 or image[2] > view.width()  # cropped at the sides
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.state.fill_panels and again.actions_by_name["fill_panels"].isChecked()
    window.actions_by_name["fill_panels"].trigger()
    assert not window.state.fill_panels
    assert abs(view.scene().view.px_per_mm - fitted) < 1e-9
