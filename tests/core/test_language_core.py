"""The core speaks the chosen language: messages said later, the command line, dates.

A core message is made once (a skip reason while a folder is read) and said in whatever
language is chosen when it is shown; ``--lang`` works on every command and the default
follows the system's locale; dates read as people write them in each language.
"""

from __future__ import annotations

import pickle
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from ilc_viewer.cli import main, system_language
from ilc_viewer.dicom.index import scan
from ilc_viewer.study.model import PatientInfo
from ilc_viewer.words import overlay_text
from ilc_viewer.words.catalogue import Joined, Message, _, say
from ilc_viewer.words.formats import dicom_date_text, long_date
from tests.core.dicom_factory import write_series

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
SAMPLE = Path(__file__).resolve().parents[2] / "sample_dicoms" / "case_a"


@pytest.fixture
def broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "disc"
    folder.mkdir()
    (folder / "zero.dcm").write_bytes(b"")
    (folder / "notes.txt").write_text("Patient CD\r\n")
    (folder / "random.dcm").write_bytes(np.random.default_rng(1).bytes(3000))
    good = write_series(tmp_path / "good", 2)
    (folder / "cut.dcm").write_bytes(good[0].read_bytes()[:300])
    return folder


def test_a_message_is_english_now_and_japanese_when_said_so() -> None:
    message = _("{path}: no such file or folder.", path="/x")
    assert message == "/x: no such file or folder."
    assert say(message, "ja") == "/x: そのファイルまたはフォルダはありません。"
    nested = _("{path}: {problem}; left out", path="a.json", problem=Joined(
        [_("id must not be empty"), _("font_size must be a positive number")]))
    assert "id を空にはできません" in say(nested, "ja") and "font_size" in say(nested, "ja")
    assert say("a file name", "ja") == "a file name"  # not a message: kept as it is


def test_messages_keep_their_words_across_processes() -> None:
    message = _("a copy of {file} (same image UID)", file="IM1")
    again = pickle.loads(pickle.dumps(message))
    assert isinstance(again, Message) and again == message
    assert say(again, "ja") == "IM1 の複製（同じ画像 UID）"


def test_skip_reasons_read_once_are_said_in_either_language(broken_folder: Path) -> None:
    index = scan(broken_folder)
    assert len(index.skipped) == 4
    for skipped in index.skipped:
        assert JAPANESE.search(say(skipped.reason, "ja")), skipped.reason
        assert not JAPANESE.search(say(skipped.reason, "en"))


def test_info_in_japanese_has_no_english_sentence(broken_folder: Path, capsys) -> None:
    assert main(["info", str(broken_folder), "--lang", "ja"]) == 2
    error = capsys.readouterr().err
    assert "DICOM画像が見つかりません" in error
    assert main(["info", str(SAMPLE), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "撮影法" in out and "3画像の組" in out
    reasons = [line for line in out.splitlines() if line.strip().startswith("理由：")]
    assert reasons and all(JAPANESE.search(line.split("：", 1)[1]) for line in reasons)
    assert "why:" not in out


def test_info_json_says_its_messages_in_the_language_asked(tmp_path: Path, capsys) -> None:
    assert main(["info", str(SAMPLE), "--json", "--lang", "ja"]) == 0
    assert "スピンエコー" in capsys.readouterr().out
    assert main(["info", str(SAMPLE), "--json", "--lang", "en"]) == 0
    assert "spin echo" in capsys.readouterr().out


def test_export_errors_and_help_in_japanese(tmp_path: Path, capsys) -> None:
    assert main(["export", str(SAMPLE), "--out", str(tmp_path / "x.gif"), "--lang", "ja"]) == 2
    assert "で終わる名前" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--help", "--lang", "ja"])
    assert "説明資料" in capsys.readouterr().out


def test_the_default_language_follows_the_system_locale() -> None:
    assert system_language({"LANG": "ja_JP.UTF-8"}) == "ja"
    assert system_language({"LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}) == "en"
    assert system_language({"LC_MESSAGES": "ja_JP"}) == "ja"
    assert system_language({"LANG": "fr_FR.UTF-8"}) == "en"
    assert system_language({"LANG": "C.UTF-8"}) == "en"


def test_dates_in_each_language() -> None:
    assert long_date(date(2018, 1, 7), "ja") == "2018年1月7日"
    assert long_date(date(2018, 1, 7), "en") == "7 January 2018"
    assert dicom_date_text("not a date", "ja") == "not a date"


def test_the_birth_date_shown_with_patient_data_reads_as_a_date() -> None:
    patient = PatientInfo(name="YAMADA^Taro", patient_id="123", birth_date="19750329")
    assert overlay_text.patient_lines(patient, "en")[2] == "Born: 29 March 1975"
    assert overlay_text.patient_lines(patient, "ja")[2] == "生年月日：1975年3月29日"
    assert "19750329" not in " ".join(overlay_text.patient_lines(patient, "ja"))
