"""``ilc-viewer export``: exit codes, one-line errors, read-only studies, handout text."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from ilc_viewer.annotations.model import CreatedOn, new_annotation
from ilc_viewer.annotations.store import AnnotationStore, export_json
from ilc_viewer.cli import main
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.storage.user_data import annotations_dir, data_dir
from ilc_viewer.words.phrases import load_builtin_library
from tests.core.test_export_support import COLUMNS, ROWS, write_study

PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "study"
    write_study(folder)
    return folder


def sticker_on(study: Path, phrase_id: str = "dark_disc"):
    """A sticker on the middle T2 slice of the study."""
    pane = open_path(study).state.panes[1]
    tip = pane.geometry.pixel_to_patient(30, 40, pane.slice_index)
    label = pane.geometry.pixel_to_patient(40, 20, pane.slice_index)
    return new_annotation("sticker", [tip, label],
                          CreatedOn(pane.series.key, "T2", pane.series.frame_of_reference_uid),
                          phrase_id=phrase_id)


def run(args: list[str]) -> int:
    """The exit code, whether main returns it or argparse exits with it."""
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code)


def pdf_text(path: Path) -> str:
    return subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_png_default_and_scale(study: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(study), "--out", str(tmp_path / "a.png"), "--scale", "2"]) == 0
    assert main(["export", str(study), "--out", str(tmp_path / "b.png")]) == 0
    with Image.open(tmp_path / "a.png") as twice, Image.open(tmp_path / "b.png") as once:
        # the images at twice their size (the words around them grow a little less)
        assert twice.size[0] >= 3 * COLUMNS * 2 and twice.size[1] >= ROWS * 2
        assert twice.size[0] > once.size[0] * 1.5 and twice.size[1] > once.size[1] * 1.5
    assert capsys.readouterr().out.split() == [str(tmp_path / "a.png"), str(tmp_path / "b.png")]


@pytest.mark.parametrize("args, message", [
    (["--out", "X/a.png", "--slice", "0"], "slice 0 does not exist"),
    (["--out", "X/a.png", "--slice", "6"], "slice 6 does not exist"),
    (["--out", "X/a.png", "--position", "9999"], "outside"),
    (["--out", "X/a.png", "--scale", "0"], "--scale"),
    (["--out", "X/a.png", "--scale", "big"], "invalid float"),
    (["--out", "X/a.png", "--lang", "fr"], "invalid choice"),
    (["--out", "X/a.gif"], "must end in"),
    (["--out", "X/missing/a.png"], "does not exist"),
    (["--out", "X/a.png", "--layout", "flair"], "none of the requested sequences"),
    (["--out", "X/a.png", "--annotations", "X/none.json"], "none.json"),
    (["--out", "X/a.png", "--slice", "2", "--position", "0"], "give one per panel"),
])
def test_bad_arguments_exit_2_with_one_line(study: Path, tmp_path: Path, capsys, args, message
                                            ) -> None:
    args = [a.replace("X/", f"{tmp_path}/") for a in args]
    assert run(["export", str(study), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_unreadable_study_exits_2(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not an image")
    assert main(["export", str(empty), "--out", str(tmp_path / "a.png")]) == 2
    assert main(["export", str(tmp_path / "nowhere"), "--out", str(tmp_path / "a.png")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no DICOM images" in err[0] and "no such file" in err[1]


def test_never_writes_into_the_study_folder(study: Path, capsys) -> None:
    assert main(["export", str(study), "--out", str(study / "a.png")]) == 2
    assert not (study / "a.png").exists()


def test_slice_and_position_pick_the_slice(study: Path, tmp_path: Path) -> None:
    opened = open_path(study)
    opened.go_to(slice_number=2)
    first = opened.state
    assert first.panes[0].slice_index == 1
    assert first.panes[1].slice_index == 1  # linked by position: same place, same index here
    position = first.panes[0].series.geometry.slice_distances[3]
    opened.go_to(position_mm=float(position))
    assert opened.state.panes[0].slice_index == 3
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    assert main(["export", str(study), "--out", str(a), "--slice", "1"]) == 0
    assert main(["export", str(study), "--out", str(b), "--slice", "5"]) == 0
    assert a.read_bytes() != b.read_bytes()


def test_batch_into_a_folder(study: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    write_study(second)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", str(study), str(second), "--out", str(out), "--format", "pdf"]) == 0
    assert len(list(out.glob("*.pdf"))) == 2  # same date, no overwrite


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder: size, modification time and content hash."""
    return {
        str(p.relative_to(folder)): (
            p.stat().st_size, p.stat().st_mtime_ns,
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder",
        )
        for p in sorted([folder, *folder.rglob("*")])
    }


def test_read_only_study_is_left_unchanged(study: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cd"
    shutil.copytree(study, copy)
    for path in [copy, *copy.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = snapshot(copy)
    try:
        for name in ("a.png", "a.jpg", "a.pdf"):
            assert main(["export", str(copy), "--out", str(tmp_path / name)]) == 0
        assert snapshot(copy) == before
        assert not data_dir().exists()  # exporting wrote nothing in the user data folder either
    finally:
        for path in [copy, *copy.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_handout_text_in_english_and_japanese(study: Path, tmp_path: Path) -> None:
    library = load_builtin_library()
    phrase = library["dark_disc"]
    notes = tmp_path / "notes.json"
    export_json(notes, [sticker_on(study)])
    for lang in ("en", "ja"):
        out = tmp_path / f"h_{lang}.pdf"
        assert main(["export", str(study), "--out", str(out), "--lang", lang,
                     "--annotations", str(notes)]) == 0
        text = " ".join(pdf_text(out).split())
        squeezed = text.replace(" ", "")
        assert phrase.label.get(lang).replace(" ", "") in squeezed
        # the longer explanation is there too (its first sentence; lines may wrap)
        first = phrase.explanation.get(lang).split("。" if lang == "ja" else ". ")[0]
        assert first.replace(" ", "") in squeezed
        disclaimer = ("For patient education — not for diagnosis" if lang == "en"
                      else "診断には使用できません")
        assert disclaimer.replace(" ", "") in squeezed


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_saved_annotations_are_used_by_default(study: Path, tmp_path: Path) -> None:
    sticker = sticker_on(study, "healthy_disc")
    uid = open_path(study).study.study_uid
    AnnotationStore(annotations_dir()).save(uid, [sticker])
    out = tmp_path / "saved.pdf"
    assert main(["export", str(study), "--out", str(out)]) == 0
    label = load_builtin_library()["healthy_disc"].label.en
    assert label.replace(" ", "") in pdf_text(out).replace(" ", "").replace("\n", "")


SAMPLE_CASE = default_sample_study()


def test_sample_demo_stickers_only_until_the_user_has_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting every sticker is a choice the export must respect, as the window does."""
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    first = open_path(SAMPLE_CASE)
    assert first.annotations.shown(), "a sample case with no saved file shows its demo stickers"
    AnnotationStore(annotations_dir()).save(first.study.study_uid, [])
    assert open_path(SAMPLE_CASE).annotations.shown() == []


def test_a_png_export_does_not_load_the_pdf_handout(study: Path, tmp_path: Path) -> None:
    """matplotlib's PDF backend is for the handout only (it cost most of a PNG export)."""
    code = ("import sys; from ilc_viewer.cli import main; "
            f"rc = main(['export', {str(study)!r}, '--out', {str(tmp_path / 'a.png')!r}]); "
            "print(rc, 'matplotlib' in sys.modules, 'ilc_viewer.export.handout' in sys.modules)")
    env = dict(os.environ, ILC_VIEWER_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.stdout.split()[-3:] == ["0", "False", "False"], result.stderr[-2000:]


def test_a_path_of_two_studies_is_never_reduced_to_the_first(tmp_path: Path, capsys) -> None:
    """Two patients in one folder: a folder gets one file per study; one file name lists the
    studies and exits 2; --study picks one."""
    both = tmp_path / "both"
    first = write_study(both / "a", name="First^Patient", patient_id="P-1")
    second = write_study(both / "b", name="Second^Patient", patient_id="P-2",
                         sequences=("T1", "T2"))
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", str(both), "--out", str(out)]) == 0
    assert len(list(out.glob("*.png"))) == 2
    capsys.readouterr()
    single = tmp_path / "one.png"
    assert main(["export", str(both), "--out", str(single)]) == 2
    message = capsys.readouterr().err
    assert "2 studies" in message and "--study" in message
    assert first in message and second in message
    assert "First" not in message and "Second" not in message  # no names in the listing
    assert not single.exists()
    assert main(["export", str(both), "--out", str(single), "--study", second]) == 0
    assert main(["export", str(both), "--out", str(single), "--study", "2"]) == 0
    assert main(["export", str(both), "--out", str(single), "--study", "3"]) == 2


def test_without_a_path_exports_the_bundled_sample(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    default, named = tmp_path / "default.png", tmp_path / "named.png"
    assert main(["export", "--out", str(default)]) == 0
    assert main(["export", str(SAMPLE_CASE), "--out", str(named)]) == 0
    assert default.read_bytes() == named.read_bytes()


def test_a_missing_batch_folder_is_made(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "batch"
    assert main(["export", str(study), "--out", f"{out}/", "--format", "pdf"]) == 0
    assert [p.suffix for p in out.iterdir()] == [".pdf"]
    assert main(["export", str(study), "--out", str(tmp_path / "plain"), "--format", "png"]) == 0
    assert [p.suffix for p in (tmp_path / "plain").iterdir()] == [".png"]


def test_a_batch_folder_is_never_made_inside_the_study(study: Path, capsys) -> None:
    assert main(["export", str(study), "--out", f"{study}/out/", "--format", "pdf"]) == 2
    assert "will not write into the study's folder" in capsys.readouterr().err
    assert not (study / "out").exists()


def test_beside_a_zip_is_not_inside_the_study(study: Path, tmp_path: Path) -> None:
    archive = tmp_path / "zips" / "study.zip"
    archive.parent.mkdir()
    shutil.make_archive(str(archive.with_suffix("")), "zip", study)
    assert main(["export", str(archive), "--out", str(archive.parent / "out.png")]) == 0
    assert (archive.parent / "out.png").stat().st_size > 0


def test_beside_an_image_file_given_alone_is_the_study_folder(study: Path, capsys) -> None:
    image = sorted(p for p in study.rglob("IM*") if p.is_file())[0]
    assert main(["export", str(image), "--out", str(image.parent / "out.png")]) == 2
    assert "will not write into the study's folder" in capsys.readouterr().err


def test_exports_get_the_users_normal_permissions(study: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        for name in ("a.png", "a.pdf"):
            assert main(["export", str(study), "--out", str(tmp_path / name)]) == 0
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
    finally:
        os.umask(old)
