"""``ilc-viewer info``: the table, the JSON shape, exit codes, and no patient identity."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

from ilc_viewer.cli import main
from ilc_viewer.storage.resources import default_sample_study
from tests.core.dicom_factory import write, write_series

SERIES_KEYS = {
    "series_uid",
    "number",
    "description",
    "modality",
    "plane",
    "sequence",
    "reason",
    "images",
    "rows",
    "columns",
    "warnings",
    "notes",
    "blocks",
}
SUMMARY_KEYS = {"number", "patient", "sex", "age", "date", "time", "description",
                "accession_number", "modalities", "series", "images"}


@pytest.fixture
def study(tmp_path: Path) -> Path:
    folder = tmp_path / "study"
    uid = generate_uid()
    write_series(
        folder / "t1", 5, study_uid=uid, series_number=1, description="t1_tse_sag", name="A"
    )
    write_series(
        folder / "stir", 4, study_uid=uid, series_number=2, description="SAG STIR", name="B"
    )
    (folder / "readme.txt").write_text("hello")
    return folder


def test_json_has_exactly_the_documented_shape(study: Path, capsys) -> None:
    assert main(["info", str(study), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"studies", "triple", "skipped"}
    (st,) = report["studies"]
    assert set(st) == {"study_uid", "description", "date", "summary", "triple", "series"}
    assert set(st["summary"]) == SUMMARY_KEYS and st["triple"] == report["triple"]
    assert [s["number"] for s in st["series"]] == [1, 2]
    for s in st["series"]:
        assert set(s) == SERIES_KEYS
        assert (s["rows"], s["columns"]) == (16, 16)
        assert s["plane"] == "sagittal" and s["modality"] == "MR"
        assert s["blocks"] == [s["images"]] and s["notes"] == []
    assert [s["images"] for s in st["series"]] == [5, 4]
    assert set(report["triple"]) == {"T1", "T2", "STIR"}
    keys = {s["series_uid"] for s in st["series"]}
    assert all(v is None or v in keys for v in report["triple"].values())
    assert report["skipped"] == [
        {"path": str(study / "readme.txt"), "reason": "not a DICOM file (plain text)"}
    ]


def test_patient_identity_is_never_printed(study: Path, capsys) -> None:
    for args in (["info", str(study)], ["info", str(study), "--json", "--decode"]):
        assert main(args) == 0
        out = capsys.readouterr().out
        for secret in ("Phantom", "PHANTOM-1", "19700101"):
            assert secret not in out


def test_table_lists_series_and_skipped(study: Path, capsys) -> None:
    assert main(["info", str(study)]) == 0
    out = capsys.readouterr().out
    assert "t1_tse_sag" in out and "SAG STIR" in out
    assert "Skipped 1 file(s)" in out and "readme.txt" in out


def _swap_syntax_to_rle(path: Path) -> None:
    """Say RLE Lossless in the file meta of a file whose pixels are not compressed."""
    data = path.read_bytes()
    old = b"1.2.840.10008.1.2.1\x00"
    new = b"1.2.840.10008.1.2.5\x00"
    assert len(old) == len(new) and old in data
    path.write_bytes(data.replace(old, new, 1))


def test_decode_lists_failures_per_file(study: Path, capsys) -> None:
    victim = sorted((study / "stir").iterdir())[0]
    _swap_syntax_to_rle(victim)
    assert main(["info", str(study), "--json", "--decode"]) == 0
    report = json.loads(capsys.readouterr().out)
    (failure,) = report["decode_failures"]
    assert failure["path"] == str(victim)
    # Issue 18: the plain sentence for people, the technical detail for --json and logs.
    assert failure["reason"] == ("The compressed picture in this file is damaged and cannot be "
                                 "shown.")
    assert failure["kind"] == "compressed_damaged"
    assert "RLE Lossless" in failure["detail"]


def test_decode_failures_in_the_table_name_their_file(study: Path, capsys) -> None:
    # Issue 18: the text output named the reason but not the file.
    victim = sorted((study / "stir").iterdir())[0]
    _swap_syntax_to_rle(victim)
    assert main(["info", str(study), "--decode"]) == 0
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if "compressed picture" in line]
    assert line.strip() == (f"{victim}: The compressed picture in this file is damaged and "
                            "cannot be shown.")


def test_decode_failures_are_said_in_japanese(study: Path, capsys) -> None:
    victim = sorted((study / "stir").iterdir())[0]
    _swap_syntax_to_rle(victim)
    assert main(["info", str(study), "--decode", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if line.strip().startswith(str(victim))]
    assert "このファイルの圧縮画像は壊れているため表示できません" in line


def test_truncated_image_is_skipped_not_a_decode_failure(study: Path, capsys) -> None:
    victim = sorted((study / "stir").iterdir())[0]
    victim.write_bytes(victim.read_bytes()[:-50])
    assert main(["info", str(study), "--json", "--decode"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["decode_failures"] == []
    reasons = {s["path"]: s["reason"] for s in report["skipped"]}
    assert reasons[str(victim)].startswith("truncated: ")


@pytest.mark.parametrize("case", ["missing", "empty", "junk"])
def test_nothing_loadable_exits_2_with_one_line(tmp_path: Path, case: str) -> None:
    target = tmp_path / "t"
    if case != "missing":
        target.mkdir()
    if case == "junk":
        (target / "a.dcm").write_bytes(b"")
        write(_sr(), target / "report.dcm")
    result = subprocess.run(
        [sys.executable, "-m", "ilc_viewer", "info", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "Traceback" not in result.stderr


def _sr():
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian

    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.88.33"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = "SR"
    return ds


def test_unknown_option_without_command_is_one_line_error(capsys) -> None:
    assert main(["--frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_path_without_command_opens_the_window(monkeypatch, tmp_path: Path) -> None:
    import types

    opened = []
    fake = types.ModuleType("ilc_viewer.ui.app")
    fake.run = lambda path, early=None: opened.append((path, early.path if early else None)) or 0
    monkeypatch.setitem(sys.modules, "ilc_viewer.ui.app", fake)
    assert main([str(tmp_path)]) == 0
    assert main([]) == 0
    # the study is already being read when the window starts: the path given, else the sample
    assert opened == [(str(tmp_path), str(tmp_path)), (None, str(default_sample_study()))]


def test_without_a_path_lists_the_bundled_sample_and_its_triple(capsys) -> None:
    truth = json.loads((default_sample_study() / "truth.json").read_text(encoding="utf-8"))
    assert main(["info", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["study_uid"] for s in report["studies"]] == [truth["study_uid"]]
    assert report["triple"] == {k: truth["series"][k] for k in ("T1", "T2", "STIR")}


def test_table_names_the_triple_by_series_number_and_description(study: Path, capsys) -> None:
    assert main(["info", str(study)]) == 0
    out = capsys.readouterr().out
    triple = next(line for line in out.splitlines() if "Triple:" in line)
    # (the factory's TR/TE make its "t1" series a T2)
    assert triple.strip() == "Triple: T1 = (none), T2 = #1 (t1_tse_sag), STIR = #2 (SAG STIR)"
    assert main(["info", str(study), "--json"]) == 0
    series_uids = [uid for uid in json.loads(capsys.readouterr().out)["triple"].values() if uid]
    assert len(series_uids) == 2 and not any(uid in out for uid in series_uids)


def test_window_start_removes_what_killed_saves_left_in_the_data_folder(monkeypatch) -> None:
    import types

    from ilc_viewer.storage.user_data import annotations_dir

    folder = annotations_dir()
    folder.mkdir(parents=True)
    real, stale = folder / "ilc-0123.json", folder / ".ilc-0123.json.k3x9_q2z.tmp"
    for path in (real, stale):
        path.write_text("{}")
        os.utime(path, (1e9, 1e9))
    fake = types.ModuleType("ilc_viewer.ui.app")
    fake.run = lambda path, early=None: 0
    monkeypatch.setitem(sys.modules, "ilc_viewer.ui.app", fake)
    assert main([]) == 0
    assert sorted(folder.iterdir()) == [real]
