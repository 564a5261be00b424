"""``ilc-viewer pacs echo|find|get|store`` against the real Orthanc."""

from __future__ import annotations

import json
from pathlib import Path

import pydicom
from pydicom.uid import generate_uid

from ilc_viewer.cli import main
from tests.core.dicom_factory import mr_dataset
from tests.net.conftest import WORKSTATION_B, Pacs


def _server(pacs: Pacs, aet: str = WORKSTATION_B) -> list[str]:
    return ["--server", f"127.0.0.1:{pacs.server.dicom_port}", "--aet", "ORTHANC",
            "--calling-aet", aet, "--timeout", "10"]


def test_echo_prints_one_line(pacs: Pacs, capsys) -> None:
    assert main(["pacs", "echo", *_server(pacs)]) == 0
    assert capsys.readouterr().out.startswith(f"ORTHANC@127.0.0.1:{pacs.server.dicom_port} "
                                              "answered in ")


def test_find_hides_the_patient_unless_asked(pacs: Pacs, capsys) -> None:
    assert main(["pacs", "find", *_server(pacs), "--patient-id", "ILC-DEMO-0001"]) == 0
    out = capsys.readouterr().out
    assert "20240312" in out and "Hanako" not in out and "ILC-DEMO-0001" not in out
    assert main(["pacs", "find", *_server(pacs), "--patient-id", "ILC-DEMO-0001", "--json",
                 "--series", "--show-patient"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["patient_name"] == "SAMPLE^Hanako" and len(row["series_list"]) == 4


def test_store_then_get_into_a_folder(pacs: Pacs, tmp_path: Path, capsys) -> None:
    study_uid, series_uid = generate_uid(), generate_uid()
    source = tmp_path / "in"
    source.mkdir()
    for number in (1, 2):
        mr_dataset(study_uid=study_uid, series_uid=series_uid, instance=number,
                   position=(0.0, 0.0, float(number))).save_as(
            source / f"{number}.dcm", enforce_file_format=True)
    assert main(["pacs", "store", *_server(pacs), str(source)]) == 0
    assert "stored 2 of 2" in capsys.readouterr().out
    assert main(["pacs", "get", *_server(pacs), study_uid, "--out", str(tmp_path / "got")]) == 0
    folder = Path(capsys.readouterr().out.split("  (")[0])
    got = sorted(pydicom.dcmread(p).InstanceNumber for p in folder.glob("*.dcm"))
    assert got == [1, 2] and folder.parent == tmp_path / "got"


def test_failures_are_one_line_and_exit_2(pacs: Pacs, capsys) -> None:
    assert main(["pacs", "get", *_server(pacs)]) == 2
    assert capsys.readouterr().err == ("ilc-viewer pacs: give STUDY_UID(s), or --patient-id / "
                                       "--name / --date\n")
    assert main(["pacs", "find", *_server(pacs), "--date", "March"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "YYYYMMDD" in err
