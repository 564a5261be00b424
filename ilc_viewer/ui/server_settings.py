"""The clinic server settings dialog (AE titles, host, port, timeouts), kept in QSettings.

Standalone: it takes a :class:`ServerSettings` and an ``echo(settings) -> seconds`` callable
(the network's C-ECHO by default) and gives back :meth:`ServerSettingsDialog.value`. The
"Test connection" button runs the echo off the GUI thread and shows one line. Saved under
the QSettings group ``clinic_server``; an empty host means "no server" and the program then
opens no connection.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.dicom.network.settings import RETRIEVE_MODES, ServerSettings
from ilc_viewer.ui.background import Task
from ilc_viewer.ui.i18n import bind, retranslate, say, translate

GROUP = "clinic_server"
Echo = Callable[[ServerSettings], float]
_RETRIEVE_LABELS = {
    "auto": QT_TRANSLATE_NOOP("ServerSettings", "C-GET, or C-MOVE where the server needs it"),
    "get": QT_TRANSLATE_NOOP("ServerSettings", "C-GET only"),
    "move": QT_TRANSLATE_NOOP("ServerSettings", "C-MOVE only"),
}
#: Words said later: (source) -> shown in the language of the moment.
Words = Callable[[], str]


def sentence(text: str) -> str:
    """A core message as a line of a dialog: its first letter capitalised (English)."""
    return text[:1].upper() + text[1:]


def load_server_settings(store: QSettings) -> ServerSettings:
    """The saved settings (defaults, with no host, when nothing was saved)."""
    store.beginGroup(GROUP)
    try:
        return ServerSettings.from_dict({key: store.value(key) for key in store.childKeys()})
    finally:
        store.endGroup()


def save_server_settings(store: QSettings, settings: ServerSettings) -> None:
    """Save ``settings`` (replaces what was saved)."""
    store.beginGroup(GROUP)
    try:
        store.remove("")
        for key, value in settings.to_dict().items():
            store.setValue(key, value)
    finally:
        store.endGroup()
    store.sync()


def _network_echo(settings: ServerSettings) -> float:
    from ilc_viewer.dicom.network import echo

    return echo(settings)


class ServerSettingsDialog(QDialog):
    """Edit the server settings; "Test connection" sends a C-ECHO with the values shown."""

    def __init__(self, settings: ServerSettings, echo: Echo = _network_echo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bind(self, windowTitle=translate("ServerSettings", "Clinic server settings"))
        self._echo = echo
        self._task: Task | None = None
        self._status_words: Words = str
        self.host = QLineEdit(settings.host)
        bind(self.host, placeholderText=translate(
            "ServerSettings", "e.g. pacs.clinic.local (empty: no server)"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(settings.port)
        self.called_aet = QLineEdit(settings.called_aet)
        self.called_aet.setMaxLength(16)
        self.calling_aet = QLineEdit(settings.calling_aet)
        self.calling_aet.setMaxLength(16)
        self.connect_timeout = self._seconds(settings.connect_timeout)
        self.timeout = self._seconds(settings.timeout)
        self.retrieve = QComboBox()
        for mode in RETRIEVE_MODES:
            self.retrieve.addItem(translate("ServerSettings", _RETRIEVE_LABELS[mode]), mode)
        self.retrieve.setCurrentIndex(RETRIEVE_MODES.index(settings.retrieve)
                                      if settings.retrieve in RETRIEVE_MODES else 0)
        self.receive_port = QSpinBox()
        self.receive_port.setRange(0, 65535)
        bind(self.receive_port, specialValueText=translate("ServerSettings", "none"))
        self.receive_port.setValue(settings.receive_port)
        self.cache_mb = QSpinBox()
        self.cache_mb.setRange(1, 1 << 20)
        self.cache_mb.setSuffix(" MiB")
        self.cache_mb.setValue(settings.cache_mb)
        self.test_button = QPushButton()
        bind(self.test_button, text=translate("ServerSettings", "Test connection (C-ECHO)"))
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        for label, field in (
                (translate("ServerSettings", "Server host"), self.host),
                (translate("ServerSettings", "Server port"), self.port),
                (translate("ServerSettings", "Server AE title"), self.called_aet),
                (translate("ServerSettings", "Our AE title"), self.calling_aet),
                (translate("ServerSettings", "Connect timeout"), self.connect_timeout),
                (translate("ServerSettings", "Answer timeout"), self.timeout),
                (translate("ServerSettings", "Retrieve by"), self.retrieve),
                (translate("ServerSettings", "Our port for C-MOVE"), self.receive_port),
                (translate("ServerSettings", "Local cache up to"), self.cache_mb)):
            name = QLabel()
            bind(name, text=label)
            form.addRow(name, field)
        test = QHBoxLayout()
        test.addWidget(self.test_button)
        test.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(test)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)  # a one-line answer of the server fits in either language

    @staticmethod
    def _seconds(value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.5, 600.0)
        box.setDecimals(1)
        bind(box, suffix=translate("ServerSettings", " s", "seconds after a number"))
        box.setValue(value)
        return box

    def value(self) -> ServerSettings:
        """The settings as shown."""
        return ServerSettings(
            host=self.host.text().strip(), port=self.port.value(),
            called_aet=self.called_aet.text().strip(),
            calling_aet=self.calling_aet.text().strip(),
            connect_timeout=self.connect_timeout.value(), timeout=self.timeout.value(),
            retrieve=str(self.retrieve.currentData()), receive_port=self.receive_port.value(),
            cache_mb=self.cache_mb.value())

    def _problems(self) -> list[str]:
        settings = self.value()
        # an empty host is allowed when saving: it means "no server"
        return [p for p in settings.problems() if settings.configured or "no clinic" not in p]

    def _say_status(self, words: Words) -> None:
        """Show ``words()`` now, and again in the new language after a switch."""
        self._status_words = words
        self.status.setText(words())

    def _show_problem(self, problem: str) -> None:
        self._say_status(lambda: translate("ServerSettings", "{problem}.").format(
            problem=sentence(say(problem))))

    def accept(self) -> None:
        """Save only usable settings; otherwise say what is wrong."""
        problems = self._problems()
        if problems:
            self._show_problem(problems[0])
            return
        super().accept()

    def test_connection(self) -> None:
        """C-ECHO the server with the values shown, off the GUI thread."""
        settings = self.value()
        problems = settings.problems()
        if problems:
            self._show_problem(problems[0])
            return
        self.test_button.setEnabled(False)
        self._say_status(lambda: translate("ServerSettings", "Calling {server} ...").format(
            server=settings.label))
        task = Task(lambda cancel, report: self._echo(settings))
        task.succeeded.connect(lambda seconds: self._tested(
            lambda: translate("ServerSettings", "{server} answered in {ms} ms.").format(
                server=settings.label, ms=f"{float(seconds) * 1000:.0f}")))
        task.failed.connect(lambda message: self._tested(lambda: sentence(say(message))))
        task.cancelled.connect(lambda: self._tested(
            lambda: translate("ServerSettings", "Cancelled.")))
        self._task = task.start()

    def _tested(self, words: Words) -> None:
        self.test_button.setEnabled(True)
        self._say_status(words)

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: every word again in the new language."""
        if event.type() == QEvent.Type.LanguageChange:
            retranslate(self)
            for k, mode in enumerate(RETRIEVE_MODES):
                self.retrieve.setItemText(k, translate("ServerSettings", _RETRIEVE_LABELS[mode]))
            self.status.setText(self._status_words())
        super().changeEvent(event)

    def reject(self) -> None:
        """Closing stops a connection test that still runs."""
        if self._task is not None:
            self._task.cancel()
        super().reject()
