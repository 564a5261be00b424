"""What is written on the images: PHI hidden by default, captions, languages, full screen."""

from __future__ import annotations

import dicom_study
import pytest
from dicom_study import open_and_wait

from ilc_viewer.scene.panel import base_size
from ilc_viewer.words import captions
from ilc_viewer.words.overlay_text import person_name, scale_bar_cm


@pytest.fixture
def drawn() -> list[str]:
    """Every line of text the first three panes paint (filled by :func:`repaint`)."""
    return []


def repaint(window, drawn) -> str:
    """Paint the first three panes now; the words of their scenes, joined."""
    drawn.clear()
    for pane in window.grid.panes[:3]:
        pane.view.repaint()
        scene = pane.view.scene()
        drawn.extend(item.text for item in scene.texts())
    # a caption wraps over several lines: join them so a whole sentence can be looked for
    return " | ".join(drawn) + " || " + " ".join(drawn)


def test_patient_data_hidden_by_default_and_shown_on_request(qtbot, window, study_folder, drawn):
    open_and_wait(qtbot, window, study_folder)
    assert window.state.phi_visible is False
    assert not window.actions_by_name["phi"].isChecked()
    text = repaint(window, drawn)
    assert "T1" in text and "Slice" in text  # the overlays were drawn
    shown_name = person_name(dicom_study.PATIENT_NAME)  # "Family Given", as people write it
    for secret in (dicom_study.PATIENT_NAME, shown_name, dicom_study.PATIENT_ID, "19700101"):
        assert secret not in text and secret not in window.windowTitle()
    window.actions_by_name["phi"].trigger()
    text = repaint(window, drawn)
    assert shown_name in text and dicom_study.PATIENT_ID in text
    window.actions_by_name["phi"].trigger()
    assert shown_name not in repaint(window, drawn)


def test_captions_switch_language_and_hide(qtbot, window, study_folder, drawn):
    open_and_wait(qtbot, window, study_folder)
    text = repaint(window, drawn)
    for sequence in ("T1", "T2", "STIR"):
        assert captions.caption_for(sequence, "en").title in text
    window.actions_by_name["japanese"].trigger()
    assert window.state.language == "ja"
    text = repaint(window, drawn)
    assert captions.caption_for("STIR", "ja").title in text
    assert "スライス" in text  # overlay words switch too
    assert "矢状断" in window.browser.item(0).text()
    window.actions_by_name["captions"].trigger()
    assert window.state.captions_visible is False
    assert captions.caption_for("STIR", "ja").title not in repaint(window, drawn)


def test_orientation_letters_scale_bar_and_link_note(qtbot, window, study_folder, drawn):
    open_and_wait(qtbot, window, study_folder)
    window.state.set_slice(0, 0)  # STIR has no slice within half a spacing here
    text = repaint(window, drawn)
    for letter in ("A", "P", "H", "F"):
        assert letter in drawn
    assert any(line.endswith(" cm") for line in drawn)
    assert "no matching slice (nearest 6 mm away)" in text


def test_full_screen_hides_clutter_and_escape_leaves(qtbot, window, study_folder, drawn):
    open_and_wait(qtbot, window, study_folder)
    window.actions_by_name["layout_1x1"].trigger()  # one pane: room for the whole caption
    picture_line = captions.caption_for("T1", "en").picture
    assert picture_line not in repaint(window, drawn)
    window.actions_by_name["full_screen"].trigger()
    assert window.state.full_screen
    assert not window.menuBar().isVisible() and not window.docks.controls.isVisible()
    assert not window.grid.panes[0].slider.isVisible()
    # the picture line shows in presentation (once the window has its full-screen size)
    qtbot.waitUntil(lambda: picture_line in repaint(window, drawn))
    window.actions_by_name["leave_full_screen"].trigger()
    assert not window.state.full_screen
    assert window.menuBar().isVisible() and window.docks.controls.isVisible()


def test_overlay_text_grows_with_the_pane_and_in_full_screen():
    small = base_size(450, 600)
    large = base_size(1200, 1600)
    assert small < large
    assert base_size(450, 600, presentation=True) > small
    assert base_size(100, 100) == 14 and base_size(5000, 5000) == 28  # legible, not huge
    assert scale_bar_cm(2.0, 250) == 10
    assert scale_bar_cm(2.0, 100) == 5
    assert scale_bar_cm(0.5, 3) == 0


def test_f11_enters_full_screen_and_escape_leaves(qtbot, window, study_folder):
    from PySide6.QtCore import Qt

    open_and_wait(qtbot, window, study_folder)
    view = window.grid.panes[0].view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert window.state.full_screen
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not window.state.full_screen
