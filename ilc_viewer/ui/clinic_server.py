"""The clinic server and annotations as DICOM, in the window's File menu.

- Open from clinic server: the search / retrieve dialog (:mod:`ilc_viewer.ui.server_dialog`);
  the retrieved study opens like any folder.
- Clinic server settings: the settings dialog, saved in QSettings. With no host set the
  program opens no connection: the server commands then ask for the settings first.
- Save annotations to server / as DICOM files: the view's presentation states, key object
  selection and burned-in picture (:func:`ilc_viewer.sharing.annotation_objects`), built and
  sent off the GUI thread.
- Annotations saved with the study: every save found with the open study
  (:mod:`ilc_viewer.ui.saved_annotations`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ilc_viewer.dicom.network.settings import ServerSettings
from ilc_viewer.errors import ViewerError
from ilc_viewer.ui.background import Task
from ilc_viewer.ui.i18n import bind, say, translate
from ilc_viewer.ui.saved_annotations import SavedAnnotationsDialog, SavedAnnotationsReader
from ilc_viewer.ui.server_settings import load_server_settings, save_server_settings
from ilc_viewer.words.catalogue import message_of

if TYPE_CHECKING:
    from ilc_viewer.sharing.build import SharedObjects
    from ilc_viewer.ui.main_window import MainWindow

AskFolder = Callable[[QWidget, str, str], str]
#: Shows a message box: (parent, title, text, problem).
Tell = Callable[[QWidget, str, str, bool], None]


def _ask_folder(parent: QWidget, title: str, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title, start)


def _tell(parent: QWidget, title: str, text: str, problem: bool) -> None:
    (QMessageBox.warning if problem else QMessageBox.information)(parent, title, text)


def _inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    folder = folder if folder.is_dir() else folder.parent
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


class ClinicServer(QObject):
    """The server and DICOM-annotation commands of one window (dialogs can be replaced)."""

    def __init__(self, window: MainWindow, settings: QSettings,
                 ask_folder: AskFolder = _ask_folder, tell: Tell = _tell) -> None:
        super().__init__(window)
        self.window, self.store = window, settings
        self.ask_folder, self.tell = ask_folder, tell
        self.reader = SavedAnnotationsReader(window.viewer, self)
        self.reader.message.connect(window.banner.add)
        window.viewer.studyOpened.connect(self.reader.study_opened)
        #: Makes the client the open dialog talks to (tests pass a fake).
        self.make_client: Callable[[ServerSettings], Any] = _network_client
        #: Sends data sets to the server (tests pass a fake).
        self.send: Callable[..., Any] = _network_store
        self.folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        self.task: Task | None = None
        self.dialog: QDialog | None = None

    # ----- settings --------------------------------------------------------------------------
    def settings(self) -> ServerSettings:
        """The clinic server settings saved on this computer (no host: no server)."""
        return load_server_settings(self.store)

    def edit_settings(self, dialog: QDialog | None = None) -> bool:
        """File ▸ Clinic server settings; True when new settings were saved."""
        from ilc_viewer.ui.server_settings import ServerSettingsDialog

        dialog = dialog or ServerSettingsDialog(self.settings(), parent=self.window)
        self.dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        save_server_settings(self.store, dialog.value())  # type: ignore[attr-defined]
        return True

    def _configured(self) -> ServerSettings | None:
        settings = self.settings()
        if settings.configured:
            return settings
        self.tell(self.window, translate("ClinicServer", "Clinic server"),
                  translate("ClinicServer", "No clinic server is set on this computer yet. "
                            "Enter its address in the settings."), False)
        if self.edit_settings():
            settings = self.settings()
        return settings if settings.configured else None

    # ----- open -----------------------------------------------------------------------------
    def open_from_server(self) -> QDialog | None:
        """File ▸ Open from clinic server: search, retrieve, then open the study."""
        settings = self._configured()
        if settings is None:
            return None
        from ilc_viewer.ui.server_dialog import OpenFromServerDialog

        dialog = OpenFromServerDialog(self.make_client(settings), self.window,
                                      show_patient=self.window.state.phi_visible)
        dialog.study_retrieved.connect(self.window.open_path)
        self.dialog = dialog
        dialog.open()
        return dialog

    # ----- save -----------------------------------------------------------------------------
    def _objects_work(self) -> Callable[[], SharedObjects] | None:
        """The building of the view's DICOM objects, ready to run off the GUI thread (the
        windows and the burned-in picture are made here, on the GUI thread); None with a
        message when there is nothing to save."""
        opened = self.window.viewer.opened
        if opened is None:
            self._say(translate("ClinicServer", "Open a study first: there is nothing to save."))
            return None
        from ilc_viewer.export.secondary_capture import annotated_view
        from ilc_viewer.sharing.build import annotation_objects

        state = opened.state
        panes = [p for p in state.visible_panes if state.panes[p].series is not None]
        if not panes:
            self._say(translate("ClinicServer", "No panel shows a series: there is nothing to "
                                "save."))
            return None
        for pane in panes:
            opened.ensure_window(pane)
        annotations = opened.annotations.annotations.snapshot()
        lang = state.language
        try:
            picture = annotated_view(opened, panes, opened.annotations.shown(), lang)
        except (ViewerError, RuntimeError, ValueError, OSError):
            picture = None  # the objects say the picture is missing; the rest is saved
        # the workstation's AE title names who saved (one family-name component)
        creator = f"{self.settings().calling_aet}^"
        return lambda: annotation_objects(opened, annotations=annotations, panes=panes,
                                          lang=lang, creator=creator, picture=picture)

    def save_to_server(self) -> Task | None:
        """File ▸ Save annotations to clinic server (off the GUI thread)."""
        settings = self._configured()
        build = self._objects_work() if settings is not None else None
        if settings is None or build is None:
            return None
        send = self.send

        def work(cancel: Any, report: Any) -> tuple[SharedObjects, Any]:
            shared = build()
            return shared, send(settings, shared.all(), report, cancel)

        return self._start(work, self._sent, translate(
            "ClinicServer", "Saving the annotations to {server} ...").format(
            server=settings.label))

    def save_as_files(self) -> Task | None:
        """File ▸ Save annotations as DICOM files: into a folder the user chooses (never the
        study's own folder, which may be a CD)."""
        build = self._objects_work()
        if build is None:
            return None
        chosen = self.ask_folder(self.window, translate(
            "ClinicServer", "Save annotations as DICOM files"), str(self.folder))
        if not chosen:
            return None
        folder = Path(chosen)
        opened = self.window.viewer.opened
        if _inside(folder, opened.source if opened is not None else None):
            self._say(translate("ClinicServer", "{path} is inside the study's folder, which "
                                "may be a CD and is never written to. Please choose another "
                                "place.").format(path=folder))
            return None
        self.folder = folder
        return self._start(lambda cancel, report: build(), self._write,
                           translate("ClinicServer", "Saving the annotations as DICOM "
                                     "files ..."))

    def _start(self, work: Any, done: Callable[[Any], None], busy: str) -> Task:
        if self.task is not None and self.task.running:
            self._say(translate("ClinicServer", "A save is still running; please wait for it."))
            return self.task
        task = Task(work)
        task.succeeded.connect(done)
        task.failed.connect(lambda text: self._say(translate(
            "ClinicServer", "The annotations were not saved: {reason}").format(reason=text)))
        task.cancelled.connect(lambda: self._say(translate("ClinicServer", "Cancelled.")))
        self.window.statusBar().showMessage(busy)
        self.task = task.start()
        return task

    def _sent(self, result: tuple[SharedObjects, Any]) -> None:
        shared, stored = result
        lines = [translate("ClinicServer", "{count} DICOM object(s) saved to the clinic "
                           "server.").format(count=len(stored.stored))]
        lines += [say(note) for note in [*shared.notes, *stored.failed]]
        self._report(lines, bool(stored.failed))

    def _write(self, shared: SharedObjects) -> None:
        """Write the built objects into the chosen folder (on the GUI thread: small files)."""
        try:
            paths = shared.write(self.folder)
        except (OSError, ViewerError) as exc:
            self._say(translate("ClinicServer", "The annotations were not saved: {reason}")
                      .format(reason=say(message_of(exc))))
            return
        lines = [translate("ClinicServer", "{count} DICOM file(s) saved in {folder}.").format(
            count=len(paths), folder=self.folder)]
        self._report([*lines, *(say(note) for note in shared.notes)], False)

    def _report(self, lines: list[str], problem: bool) -> None:
        self.window.statusBar().showMessage(lines[0], 10000)
        if len(lines) > 1 or problem:
            self.tell(self.window, translate("ClinicServer", "Save annotations"),
                      "\n".join(lines), problem)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)
        self.tell(self.window, translate("ClinicServer", "Clinic server"), text, True)

    # ----- saves found ----------------------------------------------------------------------
    def show_saves(self) -> QDialog:
        """File ▸ Annotations saved with the study: every save, newest first."""
        dialog = SavedAnnotationsDialog(self.reader, self.window)
        self.dialog = dialog
        dialog.open()
        return dialog


def _network_client(settings: ServerSettings) -> Any:
    from ilc_viewer.dicom.network import ServerClient

    return ServerClient(settings)


def _network_store(settings: ServerSettings, items: Any, report: Any, cancel: Any) -> Any:
    from ilc_viewer.dicom.network import store

    return store(settings, items, report, cancel)


def install_server_actions(window: MainWindow, server: ClinicServer) -> dict[str, QAction]:
    """Add the server and DICOM-annotation commands to the File menu (before Open recent)."""
    specs = {
        "open_server": (translate("ClinicServer", "Open from clinic &server..."),
                        "Ctrl+Alt+O", server.open_from_server),
        "save_server": (translate("ClinicServer", "Save annotations to clinic ser&ver"),
                        "Ctrl+Alt+S", server.save_to_server),
        "save_dicom": (translate("ClinicServer", "Save annotations as &DICOM files..."),
                       None, server.save_as_files),
        "saved_annotations": (translate("ClinicServer", "Annotations saved with the stud&y..."),
                              None, server.show_saves),
        "server_settings": (translate("ClinicServer", "Clinic server se&ttings..."), None,
                            server.edit_settings),
    }
    actions: dict[str, QAction] = {}
    menu = window.menus.file
    before = window.menus.recent.menuAction()
    for name, (text, keys, slot) in specs.items():
        action = QAction(window)
        bind(action, text=text)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False, run=slot: run())
        window.addAction(action)
        menu.insertAction(before, action)
        actions[name] = action
        if name in ("open_server", "saved_annotations"):
            menu.insertSeparator(before)
    return actions
