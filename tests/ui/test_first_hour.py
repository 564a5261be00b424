"""What a new user notices in the first hour (issue 17): the study's counts stay in the status
bar, the first panel with an image is the active one, a MONOCHROME1 thumbnail is not inverted."""

from __future__ import annotations

from pathlib import Path

import dicom_study
import numpy as np
from dicom_study import open_and_wait
from PySide6.QtGui import QStatusTipEvent
from PySide6.QtWidgets import QApplication


def test_the_counts_stay_after_the_patient_overlay_is_toggled(qtbot, window,
                                                              study_folder: Path) -> None:
    open_and_wait(qtbot, window, study_folder)
    counts = window.reading.counts_label
    assert "series" in counts.text() and counts.isVisible()
    window.actions_by_name["phi"].trigger()
    # leaving a menu entry sends an empty status tip, which clears any message
    QApplication.sendEvent(window, QStatusTipEvent(""))
    window.actions_by_name["phi"].trigger()
    QApplication.sendEvent(window, QStatusTipEvent(""))
    assert "series" in counts.text() and counts.isVisible()
    window.statusBar().showMessage("a passing note", 10)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
    assert counts.isVisible()


def test_the_first_panel_with_an_image_is_active(qtbot, window, tmp_path: Path) -> None:
    folder = dicom_study.write_study(tmp_path / "stir only", labels=("STIR",))
    open_and_wait(qtbot, window, folder)
    state = window.state
    active = window.active.pane
    assert state.panes[active].series is not None
    assert active == next(p for p in state.visible_panes if state.panes[p].series is not None)
    assert window.controls.isEnabled()


def test_a_monochrome1_thumbnail_shows_bright_tissue_white(qtbot, window,
                                                           tmp_path: Path) -> None:
    folder = dicom_study.write_study(tmp_path / "mono1", labels=("T1",),
                                     photometric="MONOCHROME1")
    open_and_wait(qtbot, window, folder)
    qtbot.waitUntil(lambda: len(window.viewer.frames.thumbnails) == 1, timeout=20000)
    picture = np.asarray(next(iter(window.viewer.frames.thumbnails.values())))
    rows, cols = picture.shape[:2]
    # the stamp (top left) is the brightest tissue, the air (bottom right corner) black
    stamp = picture[: max(2, rows // 20), : max(4, cols // 8)].max()
    assert stamp > 200 and picture[-1, -1].max() < 60
