"""File ▸ Open from server: search the clinic server, pick a study, retrieve it.

Standalone: the dialog takes a client object with ``find_studies(query, cancelled)``,
``find_series(study_uid, cancelled)`` and ``retrieve(study_uid, progress, cancel)`` (a
:class:`~ilc_viewer.dicom.network.ServerClient`, or a fake in tests). Every call runs on Qt's
thread pool (:mod:`ilc_viewer.ui.background`), so the window never freezes; the progress bar
shows images received and Cancel stops the transfer at once. When a study is in the cache,
:attr:`OpenFromServerDialog.study_retrieved` carries its folder and the dialog closes; the
window opens that folder like any study.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.dicom.network.query import SeriesMatch, StudyMatch, StudyQuery
from ilc_viewer.ui.background import Task
from ilc_viewer.ui.i18n import Tr, bind, retranslate, say, translate
from ilc_viewer.ui.server_settings import Words, sentence

MODALITIES = ("", "MR", "CT", "CR", "DX", "US", "OT")
STUDY_COLUMNS = (QT_TRANSLATE_NOOP("ServerDialog", "Date"),
                 QT_TRANSLATE_NOOP("ServerDialog", "Patient"),
                 QT_TRANSLATE_NOOP("ServerDialog", "Patient ID"),
                 QT_TRANSLATE_NOOP("ServerDialog", "Description"),
                 QT_TRANSLATE_NOOP("ServerDialog", "Modalities"),
                 QT_TRANSLATE_NOOP("ServerDialog", "Series"),
                 QT_TRANSLATE_NOOP("ServerDialog", "Images"))
SERIES_COLUMNS = ("#", QT_TRANSLATE_NOOP("ServerDialog", "Modality"),
                  QT_TRANSLATE_NOOP("ServerDialog", "Description"),
                  QT_TRANSLATE_NOOP("ServerDialog", "Images"))
#: The patient columns of the study table (shown as "(hidden)" unless asked for).
PATIENT_COLUMNS = (1, 2)


def _date(text: str) -> str:
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}" if len(text) == 8 and text.isdigit() else text


def _person(name: str) -> str:
    """A DICOM person name for people: "Yamada^Tarou=山田^太郎" -> "Yamada Tarou / 山田 太郎"."""
    groups = [" ".join(part for part in group.split("^") if part) for group in name.split("=")]
    return " / ".join(g for g in groups if g)


class OpenFromServerDialog(QDialog):
    """Search by patient name or ID, date range and modality; studies, then their series."""

    #: The folder of the retrieved study (emitted once, then the dialog accepts).
    study_retrieved = Signal(str)

    def __init__(self, client: Any, parent: QWidget | None = None, *,
                 show_patient: bool = True) -> None:
        super().__init__(parent)
        bind(self, windowTitle=translate("ServerDialog", "Open from clinic server"))
        self.client = client
        self.show_patient = show_patient
        self.studies: list[StudyMatch] = []
        self.series: list[SeriesMatch] = []
        self._tasks: dict[str, Task] = {}
        self._status_words: Words = str
        self.name = QLineEdit()
        bind(self.name, placeholderText=translate("ServerDialog",
                                                  "part of the name (any script)"))
        self.patient_id = QLineEdit()
        self.any_date = QCheckBox()
        bind(self.any_date, text=translate("ServerDialog", "Any date"))
        self.any_date.setChecked(True)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addYears(-1))
        self.date_to = QDateEdit(today)
        for box in (self.date_from, self.date_to):
            box.setCalendarPopup(True)
            box.setDisplayFormat("yyyy-MM-dd")
        self.any_date.toggled.connect(self._date_toggled)
        self._date_toggled(True)
        self.modality = QComboBox()
        for code in MODALITIES:
            self.modality.addItem(code or translate("ServerDialog", "Any"), code)
        self.search_button = QPushButton()
        bind(self.search_button, text=translate("ServerDialog", "Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        for edit in (self.name, self.patient_id):
            edit.returnPressed.connect(self.search)
        self.study_table = self._table(STUDY_COLUMNS)
        self.study_table.itemSelectionChanged.connect(self._study_chosen)
        self.study_table.itemDoubleClicked.connect(lambda _: self.open_selected())
        self.series_table = self._table(SERIES_COLUMNS)
        for table, stretch in ((self.study_table, STUDY_COLUMNS.index("Description")),
                               (self.series_table, SERIES_COLUMNS.index("Description"))):
            table.horizontalHeader().setStretchLastSection(False)
            table.horizontalHeader().setSectionResizeMode(stretch,
                                                          QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._say_status(lambda: translate("ServerDialog", "Type a name or an ID, then Search."))
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.open_button = QPushButton()
        bind(self.open_button, text=translate("ServerDialog", "Open"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_selected)
        self.cancel_button = QPushButton()
        bind(self.cancel_button, text=translate("ServerDialog", "Close"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self._layout()
        self.resize(1000, 600)

    # ----- layout -------------------------------------------------------------------------
    @staticmethod
    def _table(columns: Sequence[str]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels([translate("ServerDialog", c) for c in columns])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        # long descriptions wrap onto a second line rather than being cut off
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @staticmethod
    def _label(words: Tr) -> QLabel:
        label = QLabel()
        bind(label, text=words)
        return label

    def _layout(self) -> None:
        search = QGridLayout()
        search.addWidget(self._label(translate("ServerDialog", "Patient name")), 0, 0)
        search.addWidget(self.name, 0, 1)
        search.addWidget(self._label(translate("ServerDialog", "Patient ID")), 0, 2)
        search.addWidget(self.patient_id, 0, 3)
        search.addWidget(self._label(translate("ServerDialog", "Study date")), 1, 0)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(self._label(translate("ServerDialog", "to", "from one date to another")))
        dates.addWidget(self.date_to)
        dates.addWidget(self.any_date)
        search.addLayout(dates, 1, 1)
        search.addWidget(self._label(translate("ServerDialog", "Modality")), 1, 2)
        search.addWidget(self.modality, 1, 3)
        search.addWidget(self.search_button, 1, 4)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(search)
        layout.addWidget(self._label(translate("ServerDialog", "Studies")))
        layout.addWidget(self.study_table, 3)
        layout.addWidget(self._label(translate("ServerDialog", "Series of the chosen study")))
        layout.addWidget(self.series_table, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

    def _date_toggled(self, any_date: bool) -> None:
        self.date_from.setEnabled(not any_date)
        self.date_to.setEnabled(not any_date)

    # ----- search -------------------------------------------------------------------------
    def query(self) -> StudyQuery:
        """The search as typed."""
        date = ""
        if not self.any_date.isChecked():
            date = (f"{self.date_from.date().toString('yyyyMMdd')}-"
                    f"{self.date_to.date().toString('yyyyMMdd')}")
        return StudyQuery(patient_name=self.name.text().strip(),
                          patient_id=self.patient_id.text().strip(), date=date,
                          modality=str(self.modality.currentData()))

    def search(self) -> None:
        """Find studies on the server (in the background)."""
        query = self.query()
        self._cancel("search")
        self._cancel("series")
        self.study_table.setRowCount(0)
        self.series_table.setRowCount(0)
        self.open_button.setEnabled(False)
        self._say_status(lambda: translate("ServerDialog", "Searching ..."))
        self._run("search", lambda cancel, report: self.client.find_studies(
            query, cancel.is_set), self._show_studies)

    def _show_studies(self, studies: list[StudyMatch]) -> None:
        self.studies = list(studies)
        table = self.study_table
        table.setRowCount(len(self.studies))
        hidden = translate("ServerDialog", "(hidden)")
        for row, study in enumerate(self.studies):
            name = _person(study.patient_name) if self.show_patient else hidden
            pid = study.patient_id if self.show_patient else hidden
            values = (_date(study.date), name, pid, study.description,
                      "/".join(study.modalities),
                      "" if study.series_count is None else str(study.series_count),
                      "" if study.instance_count is None else str(study.instance_count))
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        count = len(self.studies)
        self._say_status(lambda: translate("ServerDialog", "No study found.") if count == 0
                         else translate("ServerDialog", "1 study found.") if count == 1
                         else translate("ServerDialog", "{count} studies found. Choose one to "
                                        "see its series.").format(count=count))
        if self.studies:
            table.selectRow(0)

    def selected_study(self) -> StudyMatch | None:
        """The study chosen in the table."""
        rows = self.study_table.selectionModel().selectedRows()
        return self.studies[rows[0].row()] if rows and rows[0].row() < len(self.studies) \
            else None

    def _study_chosen(self) -> None:
        study = self.selected_study()
        self.series_table.setRowCount(0)
        self.open_button.setEnabled(study is not None and "retrieve" not in self._tasks)
        if study is None:
            return
        uid = study.study_uid
        self._cancel("series")
        self._run("series", lambda cancel, report: self.client.find_series(uid, cancel.is_set),
                  lambda found: self._show_series(uid, found))

    def _show_series(self, study_uid: str, series: list[SeriesMatch]) -> None:
        chosen = self.selected_study()
        if chosen is None or chosen.study_uid != study_uid:
            return  # the answer of a study no longer chosen
        self.series = list(series)
        self.series_table.setRowCount(len(self.series))
        for row, s in enumerate(self.series):
            values = ("" if s.number is None else str(s.number), s.modality, s.description,
                      "" if s.instance_count is None else str(s.instance_count))
            for column, value in enumerate(values):
                self.series_table.setItem(row, column, QTableWidgetItem(value))

    # ----- retrieve -----------------------------------------------------------------------
    def open_selected(self) -> None:
        """Retrieve the chosen study into the cache, with progress and Cancel."""
        study = self.selected_study()
        if study is None or "retrieve" in self._tasks:
            return
        uid = study.study_uid
        self.open_button.setEnabled(False)
        self.search_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the server says how many
        self.progress.setVisible(True)
        bind(self.cancel_button, text=translate("ServerDialog", "Cancel"))
        self._say_status(lambda: translate("ServerDialog", "Retrieving the study ..."))
        self._run("retrieve", lambda cancel, report: self.client.retrieve(uid, report, cancel),
                  self._retrieved, progress=self._progress)

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self._say_status(lambda: translate(
                "ServerDialog", "Retrieving: {done} of {total} images").format(done=done,
                                                                               total=total))

    def _retrieved(self, result: Any) -> None:
        self._transfer_over()
        folder = str(getattr(result, "folder", result))
        self._say_status(lambda: translate("ServerDialog", "Retrieved."))
        self.study_retrieved.emit(folder)
        self.accept()

    def _transfer_over(self) -> None:
        self.progress.setVisible(False)
        self.search_button.setEnabled(True)
        self.open_button.setEnabled(self.selected_study() is not None)
        bind(self.cancel_button, text=translate("ServerDialog", "Close"))

    def _cancel_or_close(self) -> None:
        if "retrieve" in self._tasks:
            self._tasks["retrieve"].cancel()
            self._say_status(lambda: translate("ServerDialog", "Cancelling ..."))
            self.cancel_button.setEnabled(False)
        else:
            self.reject()

    # ----- background calls ---------------------------------------------------------------
    def _run(self, name: str, work: Any, done: Any, progress: Any = None) -> Task:
        task = Task(work)
        self._tasks[name] = task
        if progress is not None:
            task.progress.connect(progress)

        def finish(handler: Any) -> Any:
            def call(*args: Any) -> None:
                if self._tasks.get(name) is task:
                    del self._tasks[name]
                    handler(*args)
            return call

        task.succeeded.connect(finish(done))
        task.failed.connect(finish(lambda message: self._failed(name, message)))
        task.cancelled.connect(finish(lambda: self._failed(name, None)))
        return task.start()

    def _failed(self, name: str, message: str | None) -> None:
        """A call failed with ``message`` (a core message), or was cancelled (``None``)."""
        if name == "retrieve":
            self._transfer_over()
            self.cancel_button.setEnabled(True)
        if message is None:
            self._say_status(lambda: translate("ServerDialog", "Cancelled: nothing was kept."))
        elif message:
            self._say_status(lambda: sentence(say(message)))
        else:
            self._say_status(lambda: translate("ServerDialog", "Failed."))

    def _say_status(self, words: Words) -> None:
        """Show ``words()`` now, and again in the new language after a switch."""
        self._status_words = words
        self.status.setText(words())

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: every word again in the new language."""
        if event.type() == QEvent.Type.LanguageChange:
            retranslate(self)
            self.modality.setItemText(0, translate("ServerDialog", "Any"))
            for table, columns in ((self.study_table, STUDY_COLUMNS),
                                   (self.series_table, SERIES_COLUMNS)):
                table.setHorizontalHeaderLabels([translate("ServerDialog", c)
                                                 for c in columns])
            if not self.show_patient:
                hidden = translate("ServerDialog", "(hidden)")
                for row in range(self.study_table.rowCount()):
                    for column in PATIENT_COLUMNS:
                        item = self.study_table.item(row, column)
                        if item is not None:
                            item.setText(hidden)
            self.status.setText(self._status_words())
        super().changeEvent(event)

    def _cancel(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        if task is not None:
            task.cancel()

    def busy(self) -> bool:
        """True while a search or transfer runs."""
        return bool(self._tasks)

    def reject(self) -> None:
        """Closing stops whatever still runs."""
        for task in list(self._tasks.values()):
            task.cancel()
        self._tasks.clear()
        super().reject()
