"""Export dialogs and Copy picture, on a plain window showing a small stamped study."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

from ilc_viewer.export import RenderOptions, output_size, render
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.ui.export_dialog import (
    COPY_SHORTCUT,
    ExportContext,
    HandoutDialog,
    ImageDialog,
    install_export_actions,
)
from tests.core.test_export_support import COLUMNS, ROWS, write_study


@pytest.fixture
def setup(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    study = tmp_path / "study"
    write_study(study, name="Secret^Person")
    opened = open_path(study)
    window = QMainWindow()
    qtbot.addWidget(window)
    asked: list[str] = []
    answers: list[str] = []

    def ask_path(parent, title, suggested, filters) -> str:
        asked.append(suggested)
        return answers.pop(0) if answers else ""

    context = ExportContext(opened, active_pane=1)
    actions, controller = install_export_actions(window, lambda: context, ask_path)
    window.export_controller = controller
    window.opened = opened
    return window, actions, asked, answers, study


def accept_with(dialog: QDialog) -> QDialog:
    dialog.exec = lambda: QDialog.DialogCode.Accepted  # type: ignore[method-assign]
    return dialog


def test_menu_and_shortcut(setup) -> None:
    window, actions, *_ = setup
    assert actions["copy_picture"].shortcut() == QKeySequence(COPY_SHORTCUT)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "E&xport" in titles


def test_image_dialog_defaults_hide_the_patient(setup) -> None:
    dialog = ImageDialog(setup[0].export_controller.image_choice)
    choice = dialog.choice()
    assert choice.whole_view and choice.scale == 2 and choice.fmt == "png"
    assert not choice.show_patient and not dialog.patient.isChecked()
    assert not HandoutDialog().patient.isChecked()


def test_export_whole_view_and_current_panel(setup, tmp_path: Path) -> None:
    window, _, asked, answers, _ = setup
    controller = window.export_controller
    answers.append(str(tmp_path / "view.png"))
    path = controller.export_image(accept_with(ImageDialog(controller.image_choice)))
    assert path is not None
    height, width = output_size(window.opened, [0, 1, 2], RenderOptions(scale=2))
    with Image.open(path) as image:
        assert image.size == (width, height) and width >= 3 * COLUMNS * 2
    assert Path(asked[-1]).name.startswith("ILC_") and "Secret" not in asked[-1]

    dialog = ImageDialog(controller.image_choice)
    dialog.panel.setChecked(True)
    dialog.scale.setCurrentIndex(2)  # 3x
    dialog.fmt.setCurrentIndex(1)  # JPEG
    answers.append(str(tmp_path / "panel.jpg"))
    path = controller.export_image(accept_with(dialog))
    height, width = output_size(window.opened, [1], RenderOptions(scale=3))
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == (width, height)
        assert width >= COLUMNS * 3 and height >= ROWS * 3
    assert "T2" in Path(asked[-1]).name and "T1" not in Path(asked[-1]).name


def test_cancel_writes_nothing(setup, tmp_path: Path) -> None:
    window, *_ = setup
    assert window.export_controller.export_image(accept_with(ImageDialog(
        window.export_controller.image_choice))) is None  # no path given = cancelled
    assert list(tmp_path.glob("*.png")) == []


def test_refuses_to_write_into_the_study(setup, monkeypatch) -> None:
    window, _, _, answers, study = setup
    warnings = []
    monkeypatch.setattr(window.export_controller, "_error", warnings.append)
    answers.append(str(study / "x.png"))
    controller = window.export_controller
    assert controller.export_image(accept_with(ImageDialog(controller.image_choice))) is None
    assert not (study / "x.png").exists() and "study's folder" in warnings[0]


def test_handout_pdf(setup, tmp_path: Path) -> None:
    window, _, _, answers, _ = setup
    dialog = HandoutDialog()
    dialog.lang.setCurrentIndex(1)
    answers.append(str(tmp_path / "handout.pdf"))
    path = window.export_controller.export_handout(accept_with(dialog))
    assert path is not None and path.read_bytes().startswith(b"%PDF")


def test_copy_puts_the_same_rendering_on_the_clipboard(setup) -> None:
    window, actions, *_ = setup
    actions["copy_picture"].trigger()
    image = QGuiApplication.clipboard().image().convertToFormat(QImage.Format.Format_RGB888)
    height, width = output_size(window.opened, [0, 1, 2], RenderOptions(scale=2))
    assert (image.width(), image.height()) == (width, height)
    copied = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, :image.width() * 3].reshape(
        image.height(), image.width(), 3)
    expected = render(window.opened, options=RenderOptions(scale=2)).pixels
    assert np.array_equal(copied, expected)
