"""Query/retrieve against a real Orthanc: echo, find, get, move, server down, cancel."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pydicom
import pytest
from pydicom.uid import generate_uid

from ilc_viewer.dicom.network import (
    Cancelled,
    NetworkError,
    RetrieveCache,
    StudyQuery,
    echo,
    find_series,
    find_studies,
    retrieve_study,
    store,
)
from ilc_viewer.dicom.network.cache import PARTIAL_PREFIX
from tests.core.dicom_factory import mr_dataset
from tests.net.conftest import CASE_A, MOVE_ONLY, WORKSTATION_B, Pacs

CASE_A_ID = "ILC-DEMO-0001"
#: Files per series folder of sample case A (01_t1..., 04_t2_tse_tra), and all of them.
SERIES_FILES = [len(list(folder.glob("*.dcm"))) for folder in sorted(CASE_A.iterdir())
                if folder.is_dir()]
CASE_A_FILES = sum(SERIES_FILES)
JAPANESE_NAME = "Yamada^Tarou=山田^太郎=やまだ^たろう"


def _case_a_uid() -> str:
    first = next(CASE_A.rglob("*.dcm"))
    return str(pydicom.dcmread(first, stop_before_pixels=True).StudyInstanceUID)


def _body(data: bytes) -> bytes:
    """The encoded data set after the preamble and File Meta Information."""
    group_length = int.from_bytes(data[140:144], "little")  # (0002,0000) UL value
    return data[144 + group_length:]


def test_echo_reaches_the_server(pacs: Pacs) -> None:
    assert echo(pacs.settings()) >= 0


def test_find_by_patient_id_gives_the_study_with_its_counts(pacs: Pacs) -> None:
    matches = find_studies(pacs.settings(), StudyQuery(patient_id=CASE_A_ID))
    assert [m.study_uid for m in matches] == [_case_a_uid()]
    assert (matches[0].series_count, matches[0].instance_count) == (4, CASE_A_FILES)
    assert matches[0].modalities == ("MR",)


def test_find_by_part_of_the_name_and_by_date(pacs: Pacs) -> None:
    settings = pacs.settings()
    assert _case_a_uid() in {m.study_uid for m in find_studies(settings,
                                                              StudyQuery(patient_name="hanako"))}
    in_range = find_studies(settings, StudyQuery(patient_id=CASE_A_ID, date="20240301-20240331"))
    assert [m.date for m in in_range] == ["20240312"]
    assert find_studies(settings, StudyQuery(patient_id=CASE_A_ID, date="20240313-")) == []


def test_find_a_japanese_name_stored_in_iso_2022_ir_87(pacs: Pacs, tmp_path: Path) -> None:
    ds = mr_dataset(study_uid=generate_uid(), series_uid=generate_uid())
    ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
    ds.PatientName = JAPANESE_NAME
    ds.PatientID = "JP-0001"
    path = tmp_path / "jp.dcm"
    ds.save_as(path, enforce_file_format=True)
    assert b"\x1b$B" in path.read_bytes()  # really written with the JIS X 0208 escape
    assert not store(pacs.settings(), [path]).failed
    for typed in ("山田", "やまだ", "Yamada"):
        matches = find_studies(pacs.settings(), StudyQuery(patient_name=typed))
        assert [m.patient_id for m in matches] == ["JP-0001"], typed
        assert matches[0].patient_name == JAPANESE_NAME


def test_find_series_lists_the_four_series_in_number_order(pacs: Pacs) -> None:
    series = find_series(pacs.settings(), _case_a_uid())
    assert [s.number for s in series] == [1, 2, 3, 4]
    assert [s.instance_count for s in series] == SERIES_FILES


def test_get_brings_the_whole_study_byte_for_byte(pacs: Pacs, tmp_path: Path) -> None:
    cache = RetrieveCache(tmp_path / "cache")
    seen: list[tuple[int, int]] = []
    result = retrieve_study(pacs.settings(), _case_a_uid(), cache,
                            progress=lambda done, total: seen.append((done, total)))
    assert (result.method, result.instances) == ("C-GET", CASE_A_FILES)
    assert seen[-1] == (CASE_A_FILES, CASE_A_FILES)
    originals = {}
    for path in CASE_A.rglob("*.dcm"):
        originals[str(pydicom.dcmread(path, stop_before_pixels=True).SOPInstanceUID)] = path
    received = list(result.folder.glob("*.dcm"))
    assert len(received) == CASE_A_FILES
    for path in received:
        got = path.read_bytes()
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        sent = originals.pop(str(ds.SOPInstanceUID)).read_bytes()
        assert _body(got) == _body(sent)
        assert ds.file_meta.TransferSyntaxUID == pydicom.dcmread(
            CASE_A / "01_t1_tse_sag" / "IM0001.dcm", stop_before_pixels=True
        ).file_meta.TransferSyntaxUID
    assert originals == {}
    assert cache.study_folder(_case_a_uid()) == result.folder


def test_a_server_that_refuses_c_get_is_asked_with_c_move(pacs: Pacs, tmp_path: Path) -> None:
    cache = RetrieveCache(tmp_path / "cache")
    result = retrieve_study(pacs.settings(MOVE_ONLY), _case_a_uid(), cache)
    assert (result.method, result.instances) == ("C-MOVE", CASE_A_FILES)
    with pytest.raises(NetworkError, match="receive port"):
        retrieve_study(pacs.settings(MOVE_ONLY, receive_port=0), _case_a_uid(),
                       RetrieveCache(tmp_path / "other"))


def test_cancel_mid_transfer_keeps_nothing(pacs: Pacs, tmp_path: Path) -> None:
    cache = RetrieveCache(tmp_path / "cache")
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if 0 < done < total:
            cancel.set()

    with pytest.raises(Cancelled):
        retrieve_study(pacs.settings(WORKSTATION_B), _case_a_uid(), cache, progress, cancel)
    assert seen and max(seen) < CASE_A_FILES
    assert cache.study_folder(_case_a_uid()) is None
    assert not list(cache.root.glob(f"{PARTIAL_PREFIX}*"))
    assert echo(pacs.settings(WORKSTATION_B)) >= 0  # the server is fine afterwards


def _run_with_guard(call: object) -> BaseException:
    """Run ``call`` in a thread; return what it raised (fails the test if it hangs)."""
    outcome: list[BaseException] = []

    def target() -> None:
        try:
            call()  # type: ignore[operator]
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the call hung"
    assert outcome, "the call did not fail"
    return outcome[0]


def test_a_server_that_is_down_gives_one_line(pacs: Pacs) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = pacs.settings(port=port)
    error = _run_with_guard(lambda: find_studies(settings, StudyQuery(patient_id="x")))
    assert isinstance(error, NetworkError)
    message = str(error)
    assert "\n" not in message
    assert f"ORTHANC@127.0.0.1:{port}" in message and "refused" in message


def test_a_server_that_never_answers_gives_one_line_after_the_timeout(pacs: Pacs) -> None:
    with socket.socket() as listener:  # accepts TCP, never speaks DICOM
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        settings = pacs.settings(port=listener.getsockname()[1], timeout=1.0)
        error = _run_with_guard(lambda: echo(settings))
    assert isinstance(error, NetworkError)
    assert str(error) == (f"echo: the clinic server {settings.label} did not answer "
                          "within 1 s")


def test_an_unknown_calling_ae_title_is_named_in_the_message(pacs: Pacs, tmp_path: Path) -> None:
    settings = pacs.settings(WORKSTATION_B, calling_aet="STRANGER")
    error = _run_with_guard(lambda: retrieve_study(settings, _case_a_uid(),
                                                   RetrieveCache(tmp_path / "c")))
    assert isinstance(error, NetworkError)
    assert "\n" not in str(error)
