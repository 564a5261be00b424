"""The Open-from-server dialog and the server settings dialog, with a fake server client, in
English and Japanese."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings
from test_language import KEPT, readable_words

from ilc_viewer.dicom.network import (
    Cancelled,
    NetworkError,
    RetrieveResult,
    SeriesMatch,
    ServerSettings,
    StudyMatch,
)
from ilc_viewer.dicom.network.connection import job
from ilc_viewer.ui import i18n
from ilc_viewer.ui.server_dialog import OpenFromServerDialog
from ilc_viewer.ui.server_settings import (
    ServerSettingsDialog,
    load_server_settings,
    save_server_settings,
)
from ilc_viewer.words.catalogue import _

STUDIES = [
    StudyMatch("1.2.3", date="20240312", description="Lumbar spine MRI",
               patient_name="Yamada^Tarou=山田^太郎", patient_id="JP-1", modalities=("MR",),
               series_count=4, instance_count=58),
    StudyMatch("1.2.4", date="20230101", description="Old", patient_name="Yamada^Tarou",
               patient_id="JP-1", modalities=("MR",), series_count=1, instance_count=15),
]


class FakeClient:
    """Blocks where a slow server would, so the tests can look at the dialog meanwhile."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path / "cached"
        self.queries: list = []
        self.search_gate = threading.Event()
        self.searching = threading.Event()
        self.retrieve_gate = threading.Event()
        self.cancel_seen = threading.Event()
        self.fail_with: str | None = None

    def find_studies(self, query, cancelled):
        self.queries.append(query)
        self.searching.set()
        self.search_gate.wait(10)
        if self.fail_with:
            raise NetworkError(self.fail_with)
        return STUDIES

    def find_series(self, study_uid, cancelled):
        return [SeriesMatch(f"{study_uid}.{n}", n, "MR", f"series {n}", 15) for n in (1, 2)]

    def retrieve(self, study_uid, progress, cancel):
        progress(1, 3)
        while not self.retrieve_gate.wait(0.01):
            if cancel.is_set():
                self.cancel_seen.set()
                raise Cancelled("retrieve cancelled")
        progress(3, 3)
        return RetrieveResult(self.folder, 3, 300, "C-GET")


@pytest.fixture
def client(tmp_path: Path) -> FakeClient:
    return FakeClient(tmp_path)


@pytest.fixture
def dialog(qtbot, client):
    dialog = OpenFromServerDialog(client)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    client.search_gate.set()
    client.retrieve_gate.set()
    dialog.reject()


def _search(qtbot, dialog, client) -> None:
    client.search_gate.set()
    dialog.search()
    qtbot.waitUntil(lambda: dialog.study_table.rowCount() == 2)
    qtbot.waitUntil(lambda: dialog.series_table.rowCount() == 2)


def test_search_runs_off_the_gui_thread_and_lists_studies_then_series(qtbot, dialog,
                                                                      client) -> None:
    dialog.name.setText("山田")
    dialog.search()  # returns at once although the server has not answered
    qtbot.waitUntil(client.searching.is_set)
    assert dialog.status.text() == "Searching ..." and dialog.busy()
    client.search_gate.set()
    qtbot.waitUntil(lambda: dialog.study_table.rowCount() == 2)
    assert dialog.study_table.item(0, 1).text() == "Yamada Tarou / 山田 太郎"
    assert dialog.study_table.item(0, 0).text() == "2024-03-12"
    qtbot.waitUntil(lambda: dialog.series_table.rowCount() == 2)
    assert dialog.series_table.item(1, 2).text() == "series 2"
    assert client.queries[0].patient_name == "山田"


def test_the_query_has_the_date_range_and_modality(dialog) -> None:
    dialog.patient_id.setText(" JP-1 ")
    dialog.any_date.setChecked(False)
    dialog.date_from.setDate(QDate(2024, 1, 1))
    dialog.date_to.setDate(QDate(2024, 3, 31))
    dialog.modality.setCurrentIndex(dialog.modality.findData("MR"))
    query = dialog.query()
    assert (query.patient_id, query.date, query.modality) == ("JP-1", "20240101-20240331", "MR")


def test_open_shows_progress_and_hands_over_the_folder(qtbot, dialog, client) -> None:
    _search(qtbot, dialog, client)
    dialog.open_selected()
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 3 and dialog.progress.value() == 1)
    assert dialog.status.text() == "Retrieving: 1 of 3 images"
    assert dialog.cancel_button.text() == "Cancel" and not dialog.open_button.isEnabled()
    with qtbot.waitSignal(dialog.study_retrieved) as signal:
        client.retrieve_gate.set()
    assert signal.args == [str(client.folder)]


def test_cancel_mid_transfer_stops_it_and_keeps_the_dialog(qtbot, dialog, client) -> None:
    _search(qtbot, dialog, client)
    dialog.open_selected()
    qtbot.waitUntil(lambda: dialog.progress.value() == 1)
    dialog.cancel_button.click()
    qtbot.waitUntil(client.cancel_seen.is_set)
    qtbot.waitUntil(lambda: dialog.status.text() == "Cancelled: nothing was kept.")
    assert dialog.isVisible() and dialog.open_button.isEnabled()
    assert not dialog.progress.isVisible() and dialog.cancel_button.text() == "Close"


def test_a_server_error_is_one_line_in_the_dialog(qtbot, dialog, client) -> None:
    client.fail_with = "search: the clinic server X@pacs:104 did not answer within 5 s"
    client.search_gate.set()
    dialog.search()
    qtbot.waitUntil(lambda: "did not answer" in dialog.status.text())
    assert dialog.status.text() == ("Search: the clinic server X@pacs:104 did not answer "
                                    "within 5 s")
    assert dialog.study_table.rowCount() == 0


def test_patient_columns_can_be_hidden(qtbot, client) -> None:
    dialog = OpenFromServerDialog(client, show_patient=False)
    qtbot.addWidget(dialog)
    client.search_gate.set()
    dialog.search()
    qtbot.waitUntil(lambda: dialog.study_table.rowCount() == 2)
    assert dialog.study_table.item(0, 1).text() == "(hidden)"
    assert dialog.study_table.item(0, 2).text() == "(hidden)"


def test_settings_are_kept_in_qsettings(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert load_server_settings(store) == ServerSettings()  # nothing saved: no server
    chosen = ServerSettings(host="pacs", port=11112, called_aet="PACS", calling_aet="DESK",
                            timeout=7.5, retrieve="move", receive_port=11113, cache_mb=900)
    save_server_settings(store, chosen)
    again = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert load_server_settings(again) == chosen


def test_the_echo_button_reports_one_line(qtbot) -> None:
    calls = []

    def echo(settings: ServerSettings) -> float:
        calls.append(settings)
        if settings.port == 1:
            raise NetworkError(f"echo: the clinic server {settings.label} refused the connection")
        return 0.012

    dialog = ServerSettingsDialog(ServerSettings(host="pacs", called_aet="PACS"), echo)
    qtbot.addWidget(dialog)
    dialog.test_connection()
    qtbot.waitUntil(lambda: "answered" in dialog.status.text())
    assert dialog.status.text() == "PACS@pacs:104 answered in 12 ms."
    dialog.port.setValue(1)
    dialog.test_connection()
    qtbot.waitUntil(lambda: "refused" in dialog.status.text())
    assert calls[-1].port == 1 and dialog.test_button.isEnabled()


def test_bad_settings_are_not_saved_but_an_empty_host_is(qtbot) -> None:
    dialog = ServerSettingsDialog(ServerSettings(host="pacs"), lambda s: 0.0)
    qtbot.addWidget(dialog)
    dialog.calling_aet.setText("")
    dialog.accept()
    assert dialog.result() == 0 and dialog.status.text().startswith("Our AE title '' must")
    dialog.calling_aet.setText("DESK")
    dialog.host.setText("")
    dialog.accept()
    assert dialog.result() == 1 and not dialog.value().configured


# ----- English and Japanese ---------------------------------------------------------------

#: Latin words that stay in Japanese: DICOM service names, units, modality codes, the
#: example host name.
NETWORK_KEPT = KEPT | {"ae", "echo", "get", "move", "mib", "mr", "ct", "cr", "dx", "us", "ot",
                       "pacs", "local", "ms"}


def _english_left(root) -> list[str]:
    return [where for where, text in readable_words(root).items()
            if any(word.lower() not in NETWORK_KEPT for word in
                   re.findall(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])", text))]


@pytest.fixture
def language():
    """Switch the window's language (as View ▸ Language does); English again afterwards."""
    yield i18n.install
    i18n.install("en")


def _both_dialogs(qtbot, client):
    settings = ServerSettingsDialog(ServerSettings(host="pacs", called_aet="PACS"),
                                    lambda s: 0.012)
    server = OpenFromServerDialog(client, show_patient=False)
    for dialog in (settings, server):
        qtbot.addWidget(dialog)
        dialog.show()
    client.search_gate.set()
    server.search()
    qtbot.waitUntil(lambda: server.study_table.rowCount() == 2)
    qtbot.waitUntil(lambda: server.series_table.rowCount() == 2)
    settings.test_connection()
    qtbot.waitUntil(lambda: "12" in settings.status.text())
    return settings, server


def _assert_japanese(settings, server) -> None:
    for dialog in (settings, server):
        assert not _english_left(dialog), type(dialog).__name__
    assert server.windowTitle() == "院内サーバーから開く"
    assert settings.windowTitle() == "院内サーバーの設定"
    assert server.status.text() == ("検査が 2 件見つかりました。"
                                    "検査を選ぶと、そのシリーズが表示されます。")
    assert server.study_table.horizontalHeaderItem(0).text() == "検査日"
    assert server.study_table.item(0, 1).text() == "（非表示）"
    assert server.modality.itemText(0) == "すべて"
    assert settings.status.text() == "PACS@pacs:104 が 12 ms で応答しました。"
    assert settings.timeout.suffix() == " 秒"
    assert settings.retrieve.itemText(1) == "C-GET のみ"


def _assert_english(settings, server) -> None:
    assert server.windowTitle() == "Open from clinic server"
    assert settings.windowTitle() == "Clinic server settings"
    assert server.status.text() == "2 studies found. Choose one to see its series."
    assert server.study_table.horizontalHeaderItem(0).text() == "Date"
    assert server.study_table.item(0, 1).text() == "(hidden)"
    assert server.modality.itemText(0) == "Any"
    assert settings.status.text() == "PACS@pacs:104 answered in 12 ms."
    assert settings.timeout.suffix() == " s"
    assert settings.retrieve.itemText(1) == "C-GET only"
    assert server.search_button.text() == "Search" and server.any_date.text() == "Any date"


def test_the_server_dialogs_open_in_japanese(qtbot, client, language) -> None:
    language("ja")
    settings, server = _both_dialogs(qtbot, client)
    _assert_japanese(settings, server)


def test_the_server_dialogs_follow_a_language_switch_while_open(qtbot, client,
                                                                language) -> None:
    settings, server = _both_dialogs(qtbot, client)
    _assert_english(settings, server)
    language("ja")
    _assert_japanese(settings, server)
    language("en")
    _assert_english(settings, server)


def test_a_server_error_is_said_in_the_dialogs_language(qtbot, client, language) -> None:
    client.fail_with = _("{what}: the clinic server {server} did not answer within "
                         "{seconds:g} s", what=job("search"), server="X@pacs:104", seconds=5)
    language("ja")
    dialog = OpenFromServerDialog(client)
    qtbot.addWidget(dialog)
    client.search_gate.set()
    dialog.search()
    qtbot.waitUntil(lambda: "X@pacs:104" in dialog.status.text())
    assert dialog.status.text() == ("検索：院内サーバー X@pacs:104 から 5 秒以内に"
                                    "応答がありませんでした")
    language("en")
    assert dialog.status.text() == "Search: the clinic server X@pacs:104 did not answer within 5 s"


def test_a_settings_problem_is_said_in_japanese(qtbot, language) -> None:
    language("ja")
    dialog = ServerSettingsDialog(ServerSettings(host="pacs"), lambda s: 0.0)
    qtbot.addWidget(dialog)
    dialog.calling_aet.setText("")
    dialog.accept()
    assert dialog.result() == 0
    assert dialog.status.text() == ("このビューアーの AE タイトル '' は、バックスラッシュを"
                                    "含まない 1〜16 文字の半角英数字・記号にしてください。")
