"""The clinic server and annotations as DICOM in the window's File menu.

A study folder gets presentation states written into it the way a retrieve from the server
brings them; the window is checked for what it shows, what it saves, and what it refuses.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pydicom
import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QPoint

from ilc_viewer.annotations.model import CreatedOn, new_annotation
from ilc_viewer.dicom.network import RetrieveResult, ServerSettings
from ilc_viewer.dicom.network.store import StoreResult
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.sharing import annotation_objects
from ilc_viewer.ui.server_dialog import OpenFromServerDialog
from ilc_viewer.ui.server_settings import save_server_settings
from tests.core.test_saves_review import _foreign_gsps

LATER = datetime(2099, 1, 2, 3, 4, 5)
T2 = 1


def _sticker_on_t2(folder: Path):
    opened = open_path(folder)
    series = opened.state.panes[T2].series
    index = opened.state.panes[T2].slice_index
    spot = tuple(float(v) for v in series.geometry.pixel_to_patient(40, 40, index))
    label = tuple(float(v) for v in series.geometry.pixel_to_patient(20, 20, index))
    return opened, new_annotation("sticker", [spot, label], CreatedOn(
        series.key, series.sequence, series.frame_of_reference_uid), text="from desk A")


def _save_with_study(folder: Path, when: datetime = LATER):
    opened, sticker = _sticker_on_t2(folder)
    annotation_objects(opened, annotations=[sticker], capture=False, now=when,
                       creator="DESK^A").write(folder / "PR")
    return sticker


def _open_and_review(qtbot, window, folder: Path):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.server.reader.reviewed, timeout=30000) as blocker:
        open_and_wait(qtbot, window, folder)
    return blocker.args[0]


@pytest.fixture
def told(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Message boxes of the server commands, kept instead of shown."""
    lines: list[str] = []
    window.server.tell = lambda parent, title, text, problem: lines.append(text)
    return lines


def test_a_save_with_the_study_is_shown_and_ctrl_z_goes_back(qtbot, window,
                                                            study_folder: Path) -> None:
    sticker = _save_with_study(study_folder)
    review = _open_and_review(qtbot, window, study_folder)
    assert review.adopt is not None
    controller = window.viewer.annotations
    assert [a.id for a in controller.annotations] == [sticker.id]
    assert "saved with the study on 2099-01-02 03:04" in window.banner.text()
    assert sticker.id in {key.split(":", 1)[1] for key in
                          window.grid.panes[T2].view.scene().boxes if key.startswith("label:")}
    controller.undo_stack.undo()
    assert list(controller.annotations) == []


def test_another_programs_annotation_is_drawn_read_only(qtbot, window, study_folder: Path
                                                        ) -> None:
    _foreign_gsps(study_folder, study_folder / "other_pr.dcm")
    review = _open_and_review(qtbot, window, study_folder)
    (bulge,) = review.layer.annotations()
    window.state.set_slice(T2, window.state.panes[T2].geometry.nearest_slice(bulge.anchor)[0])
    assert f"label:{bulge.id}" in window.grid.panes[T2].view.scene().boxes
    assert bulge.id not in window.viewer.annotations.annotations
    window.annotation_commands.menu(bulge.id, QPoint(5, 5))  # no menu: a plain line instead
    assert "another program" in window.statusBar().currentMessage()
    assert "another program" in window.banner.text()


def test_the_saved_annotations_dialog_lists_every_save_and_shows_an_older_one(
        qtbot, window, study_folder: Path) -> None:
    older = _save_with_study(study_folder, datetime(2021, 5, 6, 7, 8, 9))
    newer_folder = study_folder / "PR"
    newer_folder.rename(study_folder / "PR_old")
    newest = _save_with_study(study_folder)
    _open_and_review(qtbot, window, study_folder)
    assert [a.id for a in window.viewer.annotations.annotations] == [newest.id]
    dialog = window.server.show_saves()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text().startswith("2099-01-02 03:04")
    assert dialog.table.item(1, 0).text().startswith("2021-05-06 07:08")
    assert [dialog.table.item(row, 3).text() for row in (0, 1)] == ["shown", ""]
    dialog.table.selectRow(1)
    dialog.show_selected()
    assert [a.id for a in window.viewer.annotations.annotations] == [older.id]
    again = window.server.show_saves()
    qtbot.addWidget(again)
    assert [again.table.item(row, 3).text() for row in (0, 1)] == ["", "shown"]


def test_save_as_dicom_files_writes_the_objects_and_never_into_the_study(
        qtbot, window, study_folder: Path, tmp_path: Path, told: list[str]) -> None:
    open_and_wait(qtbot, window, study_folder)
    _, sticker = _sticker_on_t2(study_folder)
    window.viewer.annotations.add(sticker)
    window.server.ask_folder = lambda parent, title, start: str(study_folder / "inside")
    assert window.server.save_as_files() is None
    assert "never written to" in told[-1] and not (study_folder / "inside").exists()

    out = tmp_path / "dicom out"
    window.server.ask_folder = lambda parent, title, start: str(out)
    task = window.server.save_as_files()
    with qtbot.waitSignal(task.succeeded, timeout=60000):
        pass
    written = sorted(p.name for p in out.iterdir())
    assert written[:3] == ["GSPS_1.dcm", "GSPS_2.dcm", "GSPS_3.dcm"]
    assert {"KOS.dcm", "SC.dcm"} <= set(written)
    texts = [obj.UnformattedTextValue for p in out.glob("GSPS_*.dcm")
             for item in pydicom.dcmread(p).GraphicAnnotationSequence
             for obj in item.get("TextObjectSequence", [])]
    assert "from desk A" in texts
    assert "DICOM file(s) saved" in window.statusBar().currentMessage()


def test_save_to_server_sends_every_object_and_names_refusals(qtbot, window, settings,
                                                              study_folder: Path,
                                                              told: list[str]) -> None:
    save_server_settings(settings, ServerSettings(host="pacs.clinic", called_aet="PACS"))
    open_and_wait(qtbot, window, study_folder)
    sent = []

    def send(server, items, report, cancel):
        sent.append((server.label, [str(ds.Modality) for ds in items]))
        return StoreResult(stored=[str(ds.SOPInstanceUID) for ds in items[1:]],
                           failed=["PACS refused one presentation state (0xA700)"])

    window.server.send = send
    task = window.server.save_to_server()
    with qtbot.waitSignal(task.succeeded, timeout=60000):
        pass
    ((label, modalities),) = sent
    assert label == "PACS@pacs.clinic:104"
    assert modalities.count("PR") == 3 and "KO" not in modalities and "OT" in modalities
    assert "0xA700" in told[-1]


def test_server_commands_ask_for_settings_when_no_server_is_set(qtbot, window, study_folder,
                                                                told: list[str]) -> None:
    asked = []
    window.server.edit_settings = lambda dialog=None: asked.append(True) or False
    assert window.server.open_from_server() is None
    assert window.server.save_to_server() is None
    assert len(asked) == 2 and "No clinic server" in told[0]


def test_a_study_retrieved_from_the_server_opens_in_the_window(qtbot, window, settings,
                                                               study_folder: Path) -> None:
    save_server_settings(settings, ServerSettings(host="pacs.clinic", called_aet="PACS"))

    class Client:
        def retrieve(self, study_uid, progress, cancel):
            return RetrieveResult(study_folder, 27, 1000, "C-GET")

    window.server.make_client = lambda server: Client()
    dialog = window.server.open_from_server()
    assert isinstance(dialog, OpenFromServerDialog) and not dialog.show_patient
    with qtbot.waitSignal(window.studyShown, timeout=30000):
        dialog.study_retrieved.emit(str(study_folder))
    assert window.viewer.opened.source == study_folder
    dialog.close()
