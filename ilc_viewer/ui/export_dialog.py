"""Export ▸ Image, Export ▸ Handout and Copy picture (Ctrl+Shift+C) for the main window.

Everything is rendered by the core (:mod:`ilc_viewer.export`) from the open study the panes
show, the same scenes painted for a file, at the images' native resolution times the chosen
scale: never a screen grab. The window supplies an :class:`ExportContext` through a
callable, so this module needs nothing from the window's internals::

    actions, controller = install_export_actions(window, lambda: ExportContext(opened, active))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMainWindow,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.errors import ViewerError
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.ui.i18n import bind, say, translate
from ilc_viewer.ui.scene_painter import to_qimage as wrap_pixels
from ilc_viewer.words.catalogue import LANGUAGE_NAMES, message_of

if TYPE_CHECKING:
    from ilc_viewer.export.handout import HandoutOptions

# ``ilc_viewer.export`` (PIL and the renderer) is imported inside the commands, on first use:
# the window builds its Export menu at start-up and must not pay for the export before the
# first picture is on screen.

COPY_SHORTCUT = "Ctrl+Shift+C"
SCALES = (1, 2, 3)


@dataclass
class ExportContext:
    """What an export needs from the window at the moment the user asks for it."""

    opened: OpenStudy
    active_pane: int = 0

    @property
    def state(self):  # type: ignore[no-untyped-def]
        """The viewer state shown."""
        return self.opened.state

    @property
    def study_date(self) -> str:
        """DICOM DA of the study, for file names and the handout."""
        return self.opened.study.date

    @property
    def source(self) -> Path | None:
        """The study's path: exports are never written into it."""
        return self.opened.source


@dataclass
class ImageChoice:
    """The Export ▸ Image settings (remembered for the next export and for Copy)."""

    whole_view: bool = True
    scale: int = 2
    fmt: str = "png"
    show_patient: bool = False


def render_choice(context: ExportContext, choice: ImageChoice) -> np.ndarray:
    """The picture for the chosen settings (whole view or the active panel)."""
    from ilc_viewer.export import RenderOptions, export_panes, render

    panes = export_panes(context.state, None if choice.whole_view else context.active_pane)
    options = RenderOptions(scale=choice.scale, show_patient=choice.show_patient)
    return render(context.opened, panes, options).pixels


def to_qimage(pixels: np.ndarray) -> QImage:
    """An RGB array as a QImage that owns its pixels (safe to keep on the clipboard)."""
    image, _buffer = wrap_pixels(pixels)
    return image.copy()


def _inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        root = folder if folder.is_dir() else folder.parent
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


class ImageDialog(QDialog):
    """Current panel or whole view; scale 1x/2x/3x; PNG or JPEG; patient name off by default."""

    def __init__(self, choice: ImageChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Export", "Export image"))
        self.whole = QRadioButton(translate("Export", "Whole view (all panels side by side)"))
        self.panel = QRadioButton(translate("Export", "Current panel"))
        (self.whole if choice.whole_view else self.panel).setChecked(True)
        self.scale = QComboBox()
        for s in SCALES:
            self.scale.addItem(translate("Export", "{scale}x the images' own size").format(
                scale=s), s)
        self.scale.setCurrentIndex(SCALES.index(choice.scale) if choice.scale in SCALES else 1)
        self.fmt = QComboBox()
        self.fmt.addItem(translate("Export", "PNG (best quality)"), "png")
        self.fmt.addItem(translate("Export", "JPEG (smaller file)"), "jpg")
        self.fmt.setCurrentIndex(1 if choice.fmt == "jpg" else 0)
        self.patient = QCheckBox(translate("Export", "Show patient name"))
        self.patient.setChecked(choice.show_patient)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(translate("Export", "What"), self.whole)
        form.addRow("", self.panel)
        form.addRow(translate("Export", "Size"), self.scale)
        form.addRow(translate("Export", "Format"), self.fmt)
        form.addRow("", self.patient)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def choice(self) -> ImageChoice:
        """The settings as chosen."""
        return ImageChoice(self.whole.isChecked(), int(self.scale.currentData()),
                           str(self.fmt.currentData()), self.patient.isChecked())


class HandoutDialog(QDialog):
    """Language EN/JA and "show patient name" (off by default)."""

    def __init__(self, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Export", "Export handout (PDF)"))
        self.lang = QComboBox()
        for code, name in LANGUAGE_NAMES.items():  # each in its own words
            self.lang.addItem(name, code)
        self.lang.setCurrentIndex(max(0, self.lang.findData(lang)))
        self.patient = QCheckBox(translate("Export", "Show patient name"))
        self.patient.setChecked(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(translate("Export", "Language"), self.lang)
        form.addRow("", self.patient)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def options(self, study_date: str) -> HandoutOptions:
        """The handout options as chosen."""
        # The handout pulls in matplotlib's PDF backend: import it on first use, not at start-up.
        from ilc_viewer.export.handout import HandoutOptions

        return HandoutOptions(lang=str(self.lang.currentData()),
                              show_patient=self.patient.isChecked(), study_date=study_date)


#: Asks where to save: (parent, title, suggested path, filter) -> path or "" to cancel.
AskPath = Callable[[QWidget, str, str, str], str]


def _ask_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


class ExportController:
    """Runs the export commands for one window; dialogs and file choice can be replaced."""

    def __init__(self, window: QWidget, provider: Callable[[], ExportContext | None],
                 ask_path: AskPath = _ask_path) -> None:
        self.window, self.provider, self.ask_path = window, provider, ask_path
        self.image_choice = ImageChoice()
        self.handout_lang = ""  # the window's language until one is chosen
        self.folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())

    def _context(self) -> ExportContext | None:
        from ilc_viewer.export import export_panes

        context = self.provider()
        if context is None or not export_panes(context.state):
            self._error(translate("Export", "Open a study first: there is nothing to export "
                                  "yet."))
            return None
        return context

    def _target(self, context: ExportContext, title: str, name: str, filters: str) -> Path | None:
        chosen = self.ask_path(self.window, title, str(self.folder / name), filters)
        if not chosen:
            return None
        path = Path(chosen)
        if _inside(path, context.source):
            self._error(translate("Export", "{path} is inside the study's folder, which may be a "
                                  "CD and is never written to. Please choose another place.")
                        .format(path=path))
            return None
        self.folder = path.parent
        return path

    def export_image(self, dialog: ImageDialog | None = None) -> Path | None:
        """Export ▸ Image: ask the settings and the file, then write it."""
        context = self._context()
        if context is None:
            return None
        dialog = dialog or ImageDialog(self.image_choice, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        from ilc_viewer.export import default_name, export_panes, save_image

        choice = self.image_choice = dialog.choice()
        panes = export_panes(context.state, None if choice.whole_view else context.active_pane)
        name = default_name(context.state, panes, f".{choice.fmt}", context.study_date)
        filters = translate("Export", "PNG image") + " (*.png)" if choice.fmt == "png" \
            else translate("Export", "JPEG image") + " (*.jpg *.jpeg)"
        path = self._target(context, translate("Export", "Export image"), name, filters)
        if path is None:
            return None
        try:
            return save_image(render_choice(context, choice), path)
        except ViewerError as exc:
            self._error(say(message_of(exc)))
            return None

    def export_handout(self, dialog: HandoutDialog | None = None) -> Path | None:
        """Export ▸ Handout: language and patient name, then the A4 PDF."""
        context = self._context()
        if context is None:
            return None
        dialog = dialog or HandoutDialog(self.handout_lang or context.state.language, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        from ilc_viewer.export import default_name, export_panes

        options = dialog.options(context.study_date)
        self.handout_lang = options.lang
        panes = export_panes(context.state)
        name = default_name(context.state, panes, ".pdf", context.study_date, kind="handout")
        path = self._target(context, translate("Export", "Export handout"), name,
                            translate("Export", "PDF document") + " (*.pdf)")
        if path is None:
            return None
        try:
            from ilc_viewer.export.handout import write_handout

            write_handout(path, context.opened, options, panes=panes)
        except ViewerError as exc:
            self._error(say(message_of(exc)))
            return None
        return path

    def copy(self) -> QImage | None:
        """Copy the picture (last image settings, never the patient name) to the clipboard."""
        context = self._context()
        if context is None:
            return None
        choice = ImageChoice(self.image_choice.whole_view, self.image_choice.scale)
        try:
            image = to_qimage(render_choice(context, choice))
        except ViewerError as exc:
            self._error(say(message_of(exc)))
            return None
        QGuiApplication.clipboard().setImage(image)
        return image

    def _error(self, message: str) -> None:
        QMessageBox.warning(self.window, translate("Export", "Export"), message)


def install_export_actions(window: QMainWindow, provider: Callable[[], ExportContext | None],
                           ask_path: AskPath = _ask_path
                           ) -> tuple[dict[str, QAction], ExportController]:
    """Add the Export menu and Ctrl+Shift+C to a main window; returns the actions by name
    and the controller that runs them."""
    controller = ExportController(window, provider, ask_path)
    actions = {name: QAction(window) for name in ("export_image", "export_handout",
                                                   "copy_picture")}
    bind(actions["export_image"], text=translate("Export", "&Image (PNG/JPEG)..."))
    bind(actions["export_handout"], text=translate("Export", "&Handout (PDF)..."))
    bind(actions["copy_picture"], text=translate("Export", "&Copy picture"),
         statusTip=translate("Export", "Copy the annotated picture (no patient name)"))
    actions["export_image"].setShortcut(QKeySequence("Ctrl+E"))
    actions["copy_picture"].setShortcut(QKeySequence(COPY_SHORTCUT))
    actions["export_image"].triggered.connect(lambda: controller.export_image())
    actions["export_handout"].triggered.connect(lambda: controller.export_handout())
    actions["copy_picture"].triggered.connect(lambda: controller.copy())
    menu = window.menuBar().addMenu("")
    bind(menu, title=translate("Export", "E&xport"))
    menus = getattr(window, "menus", None)
    if menus is not None:  # before Help, which stays last
        window.menuBar().insertMenu(menus.help.menuAction(), menu)
    for action in actions.values():
        window.addAction(action)
        menu.addAction(action)
    return actions, controller
