"""Annotation persistence: round trip, atomic write under a crash, corrupt and future files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ilc_viewer.annotations import store as annotation_store
from ilc_viewer.annotations.model import AnnotationSet, CreatedOn, new_annotation
from ilc_viewer.annotations.store import (
    FORMAT_VERSION,
    AnnotationStore,
    export_json,
    import_json,
)
from ilc_viewer.errors import AnnotationFileError

STUDY = "1.2.826.0.1.3680043.8.498.12345"
FRAME = "1.2.826.0.1.3680043.8.498.9"


def sample_annotations():
    on = CreatedOn("1.2.3.4", "T2", FRAME)
    return [
        new_annotation("sticker", [(1.5, -20.25, 30.0), (1.5, -60.0, 35.0)], on,
                       phrase_id="dark_disc", color="#ffb74d"),
        new_annotation("text", [(0.0, 0.0, 0.0)], on, text="腰椎 L4/5 — note", font_size=20),
        new_annotation("ruler", [(0, 0, 0), (0, 30.5, 0)], on, show_on_all_sequences=False),
        new_annotation("angle", [(1, 0, 0), (0, 0, 0), (0, 1, 0)], on),
        new_annotation("ellipse", [(5, 5, 5), (5, 15, 10)], on, color="#00ff00"),
        new_annotation("arrow", [(2, 2, 2), (2, 40, 2)], on),
    ]


def test_save_load_round_trip_keeps_every_field(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "data")
    saved = sample_annotations()
    assert store.save(STUDY, saved) is None
    result = store.load(STUDY)
    assert result.message is None and result.set_aside is None
    assert result.annotations == saved


def test_file_name_carries_no_uid_or_patient_data_and_lives_in_the_data_folder(tmp_path) -> None:
    store = AnnotationStore(tmp_path)
    store.save(STUDY, sample_annotations())
    files = list(tmp_path.iterdir())
    assert files == [store.path_for(STUDY)]
    assert STUDY not in files[0].name and files[0].suffix == ".json"
    assert store.path_for(STUDY) != store.path_for(STUDY + "1")
    data = json.loads(files[0].read_text("utf-8"))
    # no level labels: written as version 1, which older programs still read
    assert data["format_version"] == 1 and data["study_uid"] == STUDY
    assert "腰椎" in files[0].read_text("utf-8")  # Japanese stays readable in the file


def test_missing_file_loads_empty_without_a_message(tmp_path: Path) -> None:
    result = AnnotationStore(tmp_path).load(STUDY)
    assert result.annotations == [] and result.message is None


def test_saving_again_replaces_the_content_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    annotations = sample_annotations()
    store.save(STUDY, annotations)
    store.save(STUDY, annotations[:2])
    assert store.load(STUDY).annotations == annotations[:2]
    assert [p.name for p in tmp_path.iterdir()] == [store.path_for(STUDY).name]


def test_crash_between_write_and_rename_keeps_the_old_file(tmp_path, monkeypatch) -> None:
    store = AnnotationStore(tmp_path)
    old = sample_annotations()[:2]
    store.save(STUDY, old)
    before = store.path_for(STUDY).read_bytes()

    def crash(src, dst):
        # The new content is complete on disk at this point: the crash is really "between".
        assert json.loads(Path(src).read_text("utf-8"))["annotations"]
        raise OSError("simulated power cut")

    monkeypatch.setattr(annotation_store.os, "replace", crash)
    with pytest.raises(AnnotationFileError, match="simulated power cut"):
        store.save(STUDY, sample_annotations())
    monkeypatch.undo()
    assert store.path_for(STUDY).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [store.path_for(STUDY).name]
    result = store.load(STUDY)
    assert result.annotations == old and result.message is None


def test_crash_that_leaves_the_temp_file_behind_never_loads_it(tmp_path, monkeypatch) -> None:
    store = AnnotationStore(tmp_path)
    old = sample_annotations()[:1]
    store.save(STUDY, old)
    monkeypatch.setattr(annotation_store.os, "replace", lambda s, d: (_ for _ in ()).throw(
        OSError("killed")))
    monkeypatch.setattr(annotation_store.os, "unlink", lambda p: None)  # the process died
    with pytest.raises(AnnotationFileError):
        store.save(STUDY, sample_annotations())
    monkeypatch.undo()
    leftovers = [p for p in tmp_path.iterdir() if p != store.path_for(STUDY)]
    assert len(leftovers) == 1 and leftovers[0].suffix == ".tmp"
    assert store.load(STUDY).annotations == old


def test_a_half_written_file_is_set_aside_with_a_message(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    store.save(STUDY, sample_annotations())
    path = store.path_for(STUDY)
    damaged = path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(damaged)
    result = store.load(STUDY)
    assert result.annotations == []
    assert result.set_aside is not None and result.set_aside.exists()
    assert result.set_aside.read_bytes() == damaged  # kept, not deleted or rewritten
    assert ".corrupt-" in result.set_aside.name and result.set_aside.suffix == ".json"
    assert not path.exists()
    assert str(result.set_aside) in result.message and "line" in result.message
    # Work goes on: the next save writes a fresh file next to the kept one.
    fresh = sample_annotations()[:1]
    assert store.save(STUDY, fresh) is None
    assert store.load(STUDY).annotations == fresh
    assert result.set_aside.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'{"format_version": 1}',
     b'{"format_version": "one", "annotations": []}'],
    ids=["empty", "binary", "list", "no-annotations", "bad-version"],
)
def test_unreadable_files_are_set_aside(tmp_path: Path, content: bytes) -> None:
    store = AnnotationStore(tmp_path)
    store.path_for(STUDY).write_bytes(content)
    result = store.load(STUDY)
    assert result.annotations == [] and result.message
    assert result.set_aside is not None and result.set_aside.read_bytes() == content


def test_one_bad_entry_keeps_the_others_and_the_original(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    good = sample_annotations()
    store.save(STUDY, good)
    path = store.path_for(STUDY)
    data = json.loads(path.read_text("utf-8"))
    data["annotations"][1]["kind"] = "balloon"
    data["annotations"][2]["points"] = [[0, 0]]
    path.write_text(json.dumps(data), "utf-8")
    original = path.read_bytes()
    result = store.load(STUDY)
    assert result.annotations == [good[0], *good[3:]]
    assert "2 saved annotation(s)" in result.message and "annotation 2" in result.message
    assert result.set_aside.read_bytes() == original


def test_a_newer_format_is_never_overwritten(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    path = store.path_for(STUDY)
    future = json.dumps({"format_version": FORMAT_VERSION + 1, "annotations": [{"new": 1}]})
    path.write_text(future, "utf-8")
    result = store.load(STUDY)
    assert result.annotations == [] and "newer" in result.message
    assert result.set_aside.read_text("utf-8") == future
    assert "newer-version" in result.set_aside.name
    # Written again by a newer program while we were open: save sets it aside, not over it.
    path.write_text(future, "utf-8")
    message = store.save(STUDY, sample_annotations())
    assert message and "newer" in message
    kept = [p for p in tmp_path.iterdir() if p.read_text("utf-8") == future]
    assert len(kept) == 2 and path not in kept


def test_save_refuses_when_a_newer_file_cannot_be_moved_aside(tmp_path, monkeypatch) -> None:
    store = AnnotationStore(tmp_path)
    path = store.path_for(STUDY)
    future = json.dumps({"format_version": FORMAT_VERSION + 1, "annotations": []})
    path.write_text(future, "utf-8")

    def no_rename(path, tag="corrupt"):
        raise OSError("read-only")

    monkeypatch.setattr(annotation_store, "set_aside", no_rename)
    with pytest.raises(AnnotationFileError, match="nothing was saved"):
        store.save(STUDY, sample_annotations())
    assert path.read_text("utf-8") == future
    result = store.load(STUDY)
    assert result.annotations == [] and str(path) in result.message


def test_unwritable_folder_raises_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    with pytest.raises(AnnotationFileError, match="could not save"):
        AnnotationStore(blocker).save(STUDY, sample_annotations())


def test_autosave_from_the_set_listener(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    annotations = AnnotationSet()
    annotations.add_listener(lambda change: store.save(STUDY, annotations.snapshot()))
    items = sample_annotations()
    for item in items:
        annotations.add(item)
    annotations.update(items[0].id, text="edited")
    annotations.remove(items[1].id)
    assert store.load(STUDY).annotations == annotations.snapshot()
    assert store.load(STUDY).annotations[0].text == "edited"


def test_export_and_import_json(tmp_path: Path) -> None:
    target = tmp_path / "handout" / "annotations.json"
    items = sample_annotations()
    export_json(target, items, STUDY)
    assert import_json(target) == items
    assert os.listdir(target.parent) == ["annotations.json"]


def test_import_json_names_file_and_line_or_entry(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n "format_version": 1,\n "annotations": [\n  {"id": \n', "utf-8")
    with pytest.raises(AnnotationFileError, match=r"broken\.json, line 5"):
        import_json(broken)
    bad_entry = tmp_path / "bad_entry.json"
    export_json(bad_entry, sample_annotations())
    data = json.loads(bad_entry.read_text("utf-8"))
    del data["annotations"][3]["created_on"]
    bad_entry.write_text(json.dumps(data), "utf-8")
    with pytest.raises(AnnotationFileError, match="annotation 4: field created_on is missing"):
        import_json(bad_entry)
    with pytest.raises(AnnotationFileError, match="cannot read"):
        import_json(tmp_path / "absent.json")
