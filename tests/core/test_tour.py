"""The Explain tour: its steps in order, saved with the annotations (format 3), old files load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ilc_viewer.annotations.model import CreatedOn, new_annotation
from ilc_viewer.annotations.store import (
    FORMAT_VERSION,
    AnnotationStore,
    export_json,
    import_document,
    import_json,
)
from ilc_viewer.annotations.tour import (
    CARDS,
    Tour,
    default_tour,
    tour_from_dict,
    tour_steps,
)
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.storage.resources import default_sample_study

STUDY = "1.2.3.4"
SAG = CreatedOn("t2", "T2", "1.2.3")
CASE = default_sample_study()


def sticker(phrase: str, z: float):  # type: ignore[no-untyped-def]
    return new_annotation("sticker", [(0, 0, z), (0, -30, z)], SAG, phrase_id=phrase)


def test_default_tour_goes_head_to_foot_and_picks_the_cards_that_fit() -> None:
    low, high, middle = sticker("dark_disc", -50), sticker("healthy_disc", 20), \
        sticker("marrow_oedema", -10)
    ruler = new_annotation("ruler", [(0, 0, 0), (0, 10, 0)], SAG)
    tour = default_tour([low, ruler, high, middle])
    assert tour.findings == (high.id, middle.id, low.id)
    assert tour.cards == ("growth_rings", "old_house", "self_care")
    assert not tour.how_common and not tour.saved
    narrow = default_tour([sticker("stenosis", 0)])
    assert narrow.cards == CARDS  # a narrowing: the rusty pipe too


def test_steps_are_filters_then_findings_in_tour_order_then_cards() -> None:
    a, b, c = sticker("dark_disc", 0), sticker("stenosis", 10), sticker("healthy_disc", 5)
    level = new_annotation("level", [(0, 0, 30)], SAG, text="L4/5")
    tour = Tour((c.id, "gone", level.id, a.id), ("self_care", "unknown", "old_house"))
    steps = tour_steps(tour, [a, b, c, level])
    assert [s.key for s in steps] == [
        "filters", f"finding:{c.id}", f"finding:{level.id}", f"finding:{a.id}",
        "card:self_care", "card:old_house"]
    assert b.id not in {s.annotation_id for s in steps}  # unticked: not a step


def test_tour_is_saved_with_the_annotations_and_read_back(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    items = [sticker("dark_disc", 0), sticker("stenosis", 10)]
    tour = Tour((items[1].id, items[0].id), ("rusty_pipe",), "both", how_common=True)
    store.save(STUDY, items, tour)
    data = json.loads(store.path_for(STUDY).read_text("utf-8"))
    assert data["format_version"] == FORMAT_VERSION == 3
    assert data["tour"] == {"findings": [items[1].id, items[0].id], "cards": ["rusty_pipe"],
                            "lang": "both", "how_common": True}
    loaded = store.load(STUDY)
    assert loaded.message is None and loaded.annotations == items and loaded.tour == tour
    assert loaded.tour.saved
    store.save(STUDY, items)  # no tour: the older format, older programs still read it
    assert json.loads(store.path_for(STUDY).read_text("utf-8"))["format_version"] == 1
    assert store.load(STUDY).tour is None


def test_old_files_load_without_a_tour_and_newer_ones_are_refused(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    item = sticker("dark_disc", 0)
    store.save(STUDY, [item])
    old = json.loads(store.path_for(STUDY).read_text("utf-8"))
    for version in (1, 2):
        store.path_for(STUDY).write_text(json.dumps({**old, "format_version": version}), "utf-8")
        loaded = store.load(STUDY)
        assert loaded.annotations == [item] and loaded.tour is None and loaded.message is None
    store.path_for(STUDY).write_text(json.dumps({**old, "format_version": 4}), "utf-8")
    refused = store.load(STUDY)
    assert refused.annotations == [] and "newer" in str(refused.message)


def test_a_broken_tour_keeps_the_annotations_and_the_file(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    item = sticker("dark_disc", 0)
    store.save(STUDY, [item], Tour((item.id,)))
    data = json.loads(store.path_for(STUDY).read_text("utf-8"))
    data["tour"]["lang"] = "fr"
    store.path_for(STUDY).write_text(json.dumps(data), "utf-8")
    loaded = store.load(STUDY)
    assert loaded.annotations == [item] and loaded.tour is None
    assert "tour.lang" in str(loaded.message) and loaded.set_aside is not None
    assert loaded.set_aside.is_file()


@pytest.mark.parametrize("bad", [[], {"findings": "x"}, {"cards": [1]}, {"how_common": "yes"}])
def test_tour_fields_are_checked(bad: object) -> None:
    with pytest.raises(ValueError):
        tour_from_dict(bad)


def test_export_and_import_carry_the_tour(tmp_path: Path) -> None:
    items = [sticker("dark_disc", 0)]
    tour = Tour((items[0].id,), ("self_care",), "ja")
    export_json(tmp_path / "a.json", items, STUDY, tour)
    assert import_document(tmp_path / "a.json") == (items, tour)
    assert import_json(tmp_path / "a.json") == items


def test_a_tour_set_in_one_session_is_there_when_the_study_opens_again(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    first = open_path(CASE, writable=True, annotations_folder=folder)
    stickers = [a for a in first.annotations.annotations if a.kind == "sticker"]
    assert first.annotations.saved_tour is None
    assert first.annotations.tour().findings == tuple(
        a.id for a in sorted(stickers, key=lambda a: -a.anchor[2]))
    chosen = Tour((stickers[-1].id, stickers[0].id), ("self_care",), "ja", True)
    assert first.annotations.set_tour(chosen)
    again = open_path(CASE, writable=True, annotations_folder=folder)
    assert again.annotations.tour() == chosen
    assert [a.id for a in again.annotations.annotations] == [a.id for a in
                                                              first.annotations.annotations]


def test_a_level_label_step_says_which_disc_or_bone_it_is() -> None:
    from ilc_viewer.annotations.tour import Step
    from ilc_viewer.annotations.tour_words import step_text
    from ilc_viewer.words.phrases import load_builtin_library

    library = load_builtin_library()
    disc = new_annotation("level", [(0, 0, 0)], SAG, text="L4/5")
    bone = new_annotation("level", [(0, 0, 20)], SAG, text="L4")
    words = step_text(Step("finding", disc.id), [disc, bone], library, "en")
    assert words.title == "The L4/5 disc" and "cushion" in words.short and "L1 to L5" in \
        words.detail
    assert step_text(Step("finding", bone.id), [disc, bone], library, "ja").title == "腰の骨 L4"
    free = new_annotation("sticker", [(0, 0, 5), (0, 9, 5)], SAG, text="Look here")
    assert step_text(Step("finding", free.id), [free], library, "en").short == "Look here"
