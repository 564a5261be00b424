"""A damaged slice on a panel (issue 18): hatched, "Damaged image" and the plain sentence,
the same in the window's scene and every export; the export exits 1 and says why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydicom import dcmread

from ilc_viewer.cli import EXIT_DAMAGED, main
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.damaged import hatch_lines
from ilc_viewer.scene.panel import SceneOptions, build_scene
from ilc_viewer.scene.primitives import Line, Text
from ilc_viewer.storage.resources import default_sample_study

SHIFTED = "Part of this image's data was added or lost, so it would look scrambled."


@pytest.fixture
def damaged_study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Case A with bytes inserted into the pixel data of the T2 slice the window opens on."""
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    study = tmp_path / "study"
    shutil.copytree(default_sample_study(), study, ignore=shutil.ignore_patterns("*.json"))
    files = sorted((study / "02_t2_tse_sag").glob("*.dcm"))
    by_number = sorted(files, key=lambda f: int(dcmread(f, stop_before_pixels=True)
                                                .InstanceNumber))
    middle = by_number[len(by_number) // 2]
    data = middle.read_bytes()
    middle.write_bytes(data[:-20000] + b"\x01\x02\x03" + data[-20000:])
    return study


def _texts(scene) -> list[str]:
    return [item.text for item in scene.items if isinstance(item, Text)]


@pytest.mark.parametrize(("lang", "title", "sentence"), [
    ("en", "Damaged image", SHIFTED),
    ("ja", "破損した画像", "この画像のデータの一部が"),
])
def test_damaged_slice_is_hatched_with_its_sentence(damaged_study: Path, lang: str,
                                                    title: str, sentence: str) -> None:
    opened = open_path(damaged_study)
    t2 = next(p for p, pane in enumerate(opened.state.panes) if pane.sequence == "T2")
    scene = build_scene(opened, t2, (500, 700), SceneOptions(lang=lang))
    assert scene.picture is None
    assert "damaged" in scene.boxes and "message" in scene.boxes
    left, top, right, bottom = scene.boxes["damaged"]
    hatch = [item for item in scene.items if isinstance(item, Line)
             and all(left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1
                     for x, y in item.points)]
    assert len(hatch) > 10
    words = " ".join(_texts(scene))
    assert title in words
    assert sentence.replace(" ", "")[:12] in words.replace(" ", "")
    assert scene.notes and sentence[:12] in scene.notes[0]
    # the other panels show their pictures, without the hatching
    t1 = next(p for p, pane in enumerate(opened.state.panes) if pane.sequence == "T1")
    other = build_scene(opened, t1, (500, 700), SceneOptions(lang=lang))
    assert other.picture is not None and "damaged" not in other.boxes


def test_export_of_a_damaged_slice_exits_1_and_names_the_file(damaged_study: Path,
                                                              tmp_path: Path, capsys) -> None:
    out = tmp_path / "view.png"
    assert main(["export", str(damaged_study), "--out", str(out), "--lang", "en"]) \
        == EXIT_DAMAGED
    assert out.exists()
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "IM0008.dcm" in line]
    assert SHIFTED in line and "marked as damaged" in line
    assert "bytes after the pixel data" not in err  # the technical detail stays out


def test_info_counts_the_damaged_slice_as_a_failure(damaged_study: Path, capsys) -> None:
    assert main(["info", str(damaged_study), "--decode", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Decode failures: 1" in out
    assert f"IM0008.dcm: {SHIFTED}" in out


def test_hatch_lines_stay_inside_their_box() -> None:
    box = (10.0, 20.0, 110.0, 70.0)
    lines = hatch_lines(box, 7.0)
    assert len(lines) >= (100 + 50) // 7 - 1
    for (x0, y0), (x1, y1) in lines:
        assert 10 <= x0 < x1 <= 110 and 20 <= y1 < y0 <= 70
        assert abs((x1 - x0) - (y0 - y1)) < 1e-9  # 45 degrees
    assert hatch_lines((0, 0, 0, 10), 5) == []
