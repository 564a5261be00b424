"""Annotations saved with a study (presentation states in its folder) when it opens."""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pydicom
import pytest

from ilc_viewer.annotations.gsps import complete_header
from ilc_viewer.annotations.model import AnnotationSet, CreatedOn, new_annotation
from ilc_viewer.cli import main
from ilc_viewer.dicom.index import scan
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.sharing import annotation_objects
from ilc_viewer.sharing.adopt import review_opened
from tests.core.test_gsps import _every_kind

CASE_A = Path(__file__).resolve().parents[2] / "sample_dicoms" / "case_a"
LONG_AGO = datetime(2020, 1, 2, 3, 4, 5)
LATER = datetime(2099, 1, 2, 3, 4, 5)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A copy of sample case A (its folder gets presentation states written into it)."""
    return Path(shutil.copytree(CASE_A, tmp_path / "case_a"))


def _save_with_study(folder: Path, annotations, now: datetime, name: str = "PR") -> list:
    """Write this viewer's presentation states of ``annotations`` into the study's folder."""
    opened = open_path(folder)
    shared = annotation_objects(opened, annotations=annotations, capture=False, now=now,
                                creator="DESK^A")
    return shared.write(folder / name)


def _foreign_gsps(folder: Path, path: Path) -> None:
    """A presentation state of another program: one text with a visible anchor on T2."""
    import highdicom as hd

    opened = open_path(folder)
    image = opened.state.panes[1].image
    header = complete_header(pydicom.dcmread(image.source.path, stop_before_pixels=True))
    layer = hd.pr.GraphicLayer("OTHER", 1)
    rows, columns = int(header.Rows), int(header.Columns)
    text = hd.pr.TextObject("Bulge", "PIXEL", bounding_box=(
        columns * 0.4, rows * 0.4, columns * 0.55, rows * 0.45),
        anchor_point=(columns * 0.5, rows * 0.6), anchor_point_visible=True)
    ds = hd.pr.GrayscaleSoftcopyPresentationState(
        referenced_images=[header], series_instance_uid=pydicom.uid.generate_uid(),
        series_number=77, sop_instance_uid=pydicom.uid.generate_uid(), instance_number=1,
        manufacturer="Other", manufacturer_model_name="Other", software_versions="1",
        device_serial_number="1", content_label="OTHER",
        graphic_annotations=[hd.pr.GraphicAnnotation([header], layer, text_objects=[text])],
        graphic_layers=[layer])
    ds.save_as(path, enforce_file_format=True)


def test_the_index_lists_presentation_states_apart_from_skipped_files(study: Path) -> None:
    paths = _save_with_study(study, _every_kind(open_path(study)), LONG_AGO)
    index = scan(study)
    assert sorted(s.path for s in index.presentation_states) == \
        sorted(p for p in paths if p.name.startswith("GSPS"))
    assert not any("Presentation State" in s.reason for s in index.skipped)


def test_a_save_with_the_study_is_shown_when_this_computer_has_none(study: Path) -> None:
    made = _every_kind(open_path(study))
    _save_with_study(study, made, LONG_AGO)
    opened = open_path(study)  # read-only, no save of its own: the sample's demos
    assert {a.id for a in opened.annotations.annotations} != {a.id for a in made}
    review = review_opened(opened)
    opened.annotations.take(review)
    assert review.adopt is not None
    assert {a.id: a.text for a in opened.annotations.annotations} == \
        {a.id: a.text for a in made}
    assert any("saved with the study on 2020-01-02 03:04 (DESK A)" in m
               for m in opened.annotations.messages)


def test_this_computers_newer_annotations_are_kept_and_the_save_named(study: Path,
                                                                      tmp_path: Path) -> None:
    data = tmp_path / "data"
    mine = open_path(study, writable=True, annotations_folder=data)
    extra = new_annotation("text", [mine.annotations.annotations.snapshot()[0].anchor],
                           mine.annotations.annotations.snapshot()[0].created_on, text="mine")
    mine.annotations.annotations.add(extra)  # autosaved now, after the save below was made
    _save_with_study(study, _every_kind(mine), LONG_AGO)
    again = open_path(study, writable=True, annotations_folder=data)
    review = review_opened(again)
    again.annotations.take(review)
    assert review.adopt is None
    assert extra.id in again.annotations.annotations
    assert any("newer than the ones saved with the study" in m for m in review.messages)


def test_a_newer_save_replaces_this_computers_annotations(study: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    mine = open_path(study, writable=True, annotations_folder=data)
    mine.annotations.annotations.add(new_annotation(
        "text", [mine.annotations.annotations.snapshot()[0].anchor],
        mine.annotations.annotations.snapshot()[0].created_on, text="old"))
    made = _every_kind(mine)
    _save_with_study(study, made, LATER)
    again = open_path(study, writable=True, annotations_folder=data)
    again.annotations.take(review_opened(again))
    assert {a.id for a in again.annotations.annotations} == {a.id for a in made}
    # and this computer keeps it: opened once more, nothing is left to adopt
    third = open_path(study, writable=True, annotations_folder=data)
    assert {a.id for a in third.annotations.annotations} == {a.id for a in made}
    assert review_opened(third).adopt is None


def test_the_same_annotations_change_nothing_and_say_nothing(study: Path,
                                                             tmp_path: Path) -> None:
    data = tmp_path / "data"
    mine = open_path(study, writable=True, annotations_folder=data)
    first = mine.annotations.annotations.snapshot()[0]
    mine.annotations.annotations.update(first.id, text="saved on this computer")
    _save_with_study(study, mine.annotations.annotations.snapshot(), LATER)
    review = review_opened(open_path(study, writable=True, annotations_folder=data))
    assert review.adopt is None and review.messages == [] and len(review.saves) == 1


def test_another_programs_save_is_a_read_only_layer_never_saved_as_ours(study: Path,
                                                                       tmp_path: Path) -> None:
    _foreign_gsps(study, study / "other_pr.dcm")
    data = tmp_path / "data"
    opened = open_path(study, writable=True, annotations_folder=data)
    before = opened.annotations.annotations.snapshot()
    review = review_opened(opened)
    opened.annotations.take(review)
    (bulge,) = opened.annotations.layer
    assert bulge.text == "Bulge" and not bulge.show_on_all_sequences
    assert bulge in opened.annotations.shown()
    assert opened.annotations.annotations.snapshot() == before
    opened.annotations.save()
    assert "Bulge" not in opened.annotations.saved_path.read_text(encoding="utf-8")
    assert any("another program" in m for m in review.messages)


def test_an_unreadable_presentation_state_is_named_and_the_rest_opens(study: Path) -> None:
    (path,) = _save_with_study(study, _every_kind(open_path(study)), LONG_AGO)[:1]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # cut inside its sequences
    opened = open_path(study)
    assert path in [s.path for s in opened.index.presentation_states]
    review = review_opened(opened)
    (problem,) = [m for m in review.messages if str(path) in m]
    assert "cut short" in problem
    assert [len(s.layers) for s in review.saves] == [2]  # the other two files of the save
    assert opened.state.panes[0].series is not None


def test_make_replace_turns_any_set_into_another_and_undoes_exactly() -> None:
    on = CreatedOn("s")
    pool = [new_annotation("text", [(float(i), 0.0, 0.0)], on, text=f"t{i}") for i in range(12)]
    rng = random.Random(5)
    for _ in range(200):
        start = AnnotationSet(rng.sample(pool, rng.randint(0, 8)))
        before = start.snapshot()
        wanted = rng.sample(pool, rng.randint(0, 8))
        wanted = [replace(a, text=a.text + "!") if rng.random() < 0.3 else a for a in wanted]
        changes = start.make_replace(wanted)
        for change in changes:
            start.apply(change)
        assert {a.id: a for a in start} == {a.id: a for a in wanted}
        for change in reversed(changes):
            start.apply(change.inverse())
        assert start.snapshot() == before


def test_the_export_shows_the_annotations_saved_with_the_study(study: Path, tmp_path: Path,
                                                               capsys) -> None:
    _save_with_study(study, _every_kind(open_path(study)), LONG_AGO)
    out = tmp_path / "view.png"
    assert main(["export", str(study), "--out", str(out)]) == 0
    assert out.exists()
    assert "saved with the study on 2020-01-02 03:04" in capsys.readouterr().err


def test_a_saved_file_mtime_is_the_local_change_time(study: Path, tmp_path: Path) -> None:
    opened = open_path(study, writable=True, annotations_folder=tmp_path / "data")
    assert opened.annotations.last_saved() is None  # the demos were never saved
    first = opened.annotations.annotations.snapshot()[0]
    opened.annotations.annotations.update(first.id, text="changed")
    stamp = datetime(2024, 5, 6, 7, 8, 9).timestamp()
    os.utime(opened.annotations.saved_path, (stamp, stamp))
    assert opened.annotations.last_saved() == datetime(2024, 5, 6, 7, 8, 9)
