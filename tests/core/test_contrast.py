"""Contrast is read truthfully: an agent must be named; "off", "none", "0", "なし" mean none."""

from __future__ import annotations

from pathlib import Path

import pytest

from ilc_viewer.dicom.index import scan
from ilc_viewer.study.model import AcquisitionParams
from ilc_viewer.study.sequences import contrast_agent_named, is_post_contrast
from tests.core.lumbar_protocol import write_lumbar_study


@pytest.mark.parametrize("agent", ["", "   ", "off", "OFF", "Off", "none", "NONE", "None.",
                                   "no", "NO", "N", "0", "0.0", "0 ml", "-", "--", "なし",
                                   "無", "n/a", "NOT USED"])
def test_values_that_mean_no_agent(agent: str) -> None:
    params = AcquisitionParams(contrast_agent=agent)
    assert not contrast_agent_named(params)
    assert not is_post_contrast(params, "t1_tse_sag")


@pytest.mark.parametrize("agent", ["Gadovist", "GADAVIST", "11 ml Omniscan", "Gd-DTPA",
                                   "MAGNEVIST 15ML", "ガドビスト"])
def test_a_named_agent_is_contrast(agent: str) -> None:
    assert is_post_contrast(AcquisitionParams(contrast_agent=agent), "t1_tse_sag")


def test_a_volume_of_zero_means_none_was_given() -> None:
    assert not is_post_contrast(AcquisitionParams(contrast_agent="Gadovist", contrast_volume=0.0))
    assert is_post_contrast(AcquisitionParams(contrast_agent="Gadovist", contrast_volume=15.0))
    assert is_post_contrast(AcquisitionParams(contrast_agent="Gadovist"))


@pytest.mark.parametrize(("description", "post"), [
    ("SAG T1 +C", True), ("T1+C", True), ("T1 C+", True), ("T1 POST GD", True),
    ("t1_tse_sag_post", True), ("T1_FS_+GD", True), ("T1 FS Gd", True), ("T1 CE", True),
    ("T1 post contrast", True), ("T1 造影", True),
    ("t1_tse_sag", False), ("T1 SAG NON CONTRAST", False), ("t1 pre contrast", False),
    ("T1 precontrast", False), ("T1 without contrast", False), ("T1 w/o contrast", False),
    ("T1 no Gd", False), ("T1 non-enhanced", False), ("T1 pre-C", False),
    ("T1 POST-OP", False), ("t1_sag_postop", False), ("T1 +COR", False),
    ("単純 T1", False), ("T1 非造影", False), ("T1 造影なし", False),
])
def test_names_that_say_contrast_or_deny_it(description: str, post: bool) -> None:
    params = AcquisitionParams(series_description=description, contrast_agent="off")
    assert is_post_contrast(params, description) is post


def test_a_scanner_writing_off_gives_no_post_contrast_reason(tmp_path: Path) -> None:
    # The clinic scanner of issue 10 writes Contrast/Bolus Agent "off" on every series.
    study = write_lumbar_study(tmp_path / "study", contrast_agent="off")
    series = scan(study.folder).all_series()
    assert len(series) == 5
    for s in series:
        assert "post-contrast" not in s.sequence_reason, s.sequence_reason
        assert not is_post_contrast(s.params, s.description)
    named = write_lumbar_study(tmp_path / "post", contrast_agent="Gadovist", keys=("T1",))
    (t1,) = scan(named.folder).all_series()
    assert "post-contrast" in t1.sequence_reason
