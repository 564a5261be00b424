"""Several studies in one path: summaries that tell them apart, each with its own triple."""

from __future__ import annotations

import json
from pathlib import Path

from pydicom.uid import generate_uid

from ilc_viewer.cli import main
from ilc_viewer.dicom.index import scan
from ilc_viewer.study.model import PatientInfo, Study
from ilc_viewer.study.summary import age_text, date_text, mask_name, study_summaries, summarize
from tests.core.lumbar_protocol import write_lumbar_study


def two_patients(folder: Path):
    """Two patients' lumbar studies of one day in one folder (as in issue 10)."""
    first = write_lumbar_study(folder, seed=1, patient=("Yamada^Hanako", "PID-111"),
                               sex="F", age="054Y", accession="ACC-1")
    second = write_lumbar_study(folder, seed=2, keys=("T1", "T2", "STIR"),
                                patient=("Suzuki^Taro", "PID-222"), sex="M", age="061Y",
                                accession="ACC-2")
    return first, second


def test_names_are_masked_to_initials_and_ages_read_as_people_say_them() -> None:
    assert mask_name("SAMPLE^Hanako") == "S*** H***"
    assert mask_name("Yamada^Taro=山田^太郎") == "Y*** T***"
    assert mask_name("=山田^太郎") == "山*** 太***"
    assert mask_name("") == ""
    assert age_text(PatientInfo(age="054Y"), "") == "54 y"
    assert age_text(PatientInfo(age="054Y"), "", "ja") == "54歳"
    assert age_text(PatientInfo(age="006M"), "") == "6 mo"
    assert age_text(PatientInfo(birth_date="19700315"), "20240312") == "53 y"
    assert age_text(PatientInfo(birth_date="19700312"), "20240312") == "54 y"
    assert age_text(PatientInfo(), "20240312") == ""
    assert date_text("20180107", "143005.123") == "2018-01-07 14:30"
    assert date_text("", "") == ""


def test_summary_line_shows_what_tells_studies_apart_and_hides_the_name() -> None:
    study = Study("1.2.3", description="L-SPINE", date="20180107", time="101500",
                  patient=PatientInfo(name="Yamada^Hanako", patient_id="PID-1",
                                      birth_date="19700101", sex="F", age="048Y",
                                      accession_number="A123"))
    summary = summarize(study)
    line = summary.line()
    assert line == "Y*** H***  F 48 y  2018-01-07 10:15  L-SPINE  acc. A123  0 series, 0 images"
    assert "Yamada" not in line and "PID-1" not in line and "1970" not in line
    assert summary.line(show_name=True).startswith("Yamada Hanako  F 48 y")
    assert summary.line("ja").startswith("Y*** H***  女性 48歳")
    assert "PID" not in json.dumps(summary.as_dict())


def test_two_patients_in_one_folder_are_told_apart(tmp_path: Path) -> None:
    two_patients(tmp_path / "both")
    index = scan(tmp_path / "both")
    summaries = study_summaries(index)
    assert [s.number for s in summaries] == [1, 2]
    assert len({s.line() for s in summaries}) == 2
    by_name = {s.patient_name(): s for s in summaries}
    assert by_name["Y*** H***"].line().startswith("Y*** H***  F 54 y  2024-01-02 09:30")
    assert by_name["S*** T***"].line().startswith("S*** T***  M 61 y  2024-01-02 09:30")
    assert "acc. ACC-2" in by_name["S*** T***"].line()
    assert sorted(s.patient_name() for s in summaries) == ["S*** T***", "Y*** H***"]
    assert sorted(s.series_count for s in summaries) == [3, 5]


def test_info_prints_each_study_with_its_own_triple(tmp_path: Path, capsys) -> None:
    first, second = two_patients(tmp_path / "both")
    assert main(["info", str(tmp_path / "both"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["studies"]) == 2
    for study in report["studies"]:
        truth = first if study["study_uid"] == first.study_uid else second
        assert study["triple"] == {k: truth.series_uids[k] for k in ("T1", "T2", "STIR")}
        assert study["summary"]["patient"] in ("Y*** H***", "S*** T***")
    assert main(["info", str(tmp_path / "both")]) == 0
    out = capsys.readouterr().out
    assert "Study 1 of 2: " in out and "Study 2 of 2: " in out
    assert out.count("  Triple: T1 = #1 (t1_tse_sag), T2 = #2 (t2_tse_sag), "
                     "STIR = #3 (t2_tirm_sag)") == 2
    for secret in ("Yamada", "Suzuki", "Hanako", "PID-111", "PID-222", "19700101"):
        assert secret not in out
    axial = [line for line in out.splitlines() if "blocks at different angles" in line]
    assert axial == ["        4 blocks at different angles (3, 4, 3, 4 images)"] * 2


def test_one_study_has_one_summary(tmp_path: Path) -> None:
    write_lumbar_study(tmp_path / "one", study_uid=generate_uid())
    (summary,) = study_summaries(scan(tmp_path / "one"))
    assert summary.series_count == 5 and summary.image_count == 3 * 11 + 2 * 14
    assert summary.modalities == ("MR",)
