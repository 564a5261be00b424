"""Demo stickers from a sample case's truth file: one per finding, a healthy disc, clear labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ilc_viewer.annotations import display_text
from ilc_viewer.demo_annotations import (
    LABEL_MIN_GAP_MM,
    demo_annotations,
    healthy_level,
    load_truth,
)
from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.phrases import load_builtin_library

FRAME = "1.2.826.0.1.3680043.8.498.77"


def small_truth() -> dict:
    """A made-up case: dark disc + herniation at L4-L5, fracture at L1, oedema at L5."""
    levels = {f"L{i}-L{i + 1}": [0.0, 10.0, 100.0 - 35.0 * i] for i in range(1, 5)}
    levels["L5-S1"] = [0.0, 14.0, -80.0]
    return {
        "case": "case_t", "title": "test", "study_uid": "1.2.3",
        "frame_of_reference_uid": FRAME,
        "series": {"T1": "uid.t1", "T2": "uid.t2", "STIR": "uid.stir", "AX_T2": "uid.ax"},
        "levels": levels,
        "vertebrae": {"L1": [0.0, 8.0, 85.0]},
        "findings": [
            {"id": "f1", "kind": "dark_disc", "level": "L4-L5", "center_mm": [0.0, 10.0, -40.0],
             "series": ["T2"], "phrase_id": "dark_disc"},
            {"id": "f2", "kind": "herniation", "level": "L4-L5",
             "center_mm": [3.0, 24.0, -40.0], "series": ["T2", "AX_T2"],
             "phrase_id": "herniation_nerve"},
            {"id": "f3", "kind": "fracture", "level": "L1", "center_mm": [0.0, 8.0, 85.0],
             "series": ["T1", "T2", "STIR"], "phrase_id": "compression_fracture"},
            {"id": "f4", "kind": "modic", "level": "L5", "center_mm": [0.0, 12.0, -50.0],
             "series": ["T1", "STIR", "T2"], "phrase_id": "marrow_oedema"},
        ],
        "rois": {},
    }


def by_phrase(annotations) -> dict:
    return {a.phrase_id: a for a in annotations}


def test_one_sticker_per_finding_plus_a_healthy_disc() -> None:
    library = load_builtin_library()
    truth = small_truth()
    stickers = by_phrase(demo_annotations(truth, library, "en"))
    assert set(stickers) == {"dark_disc", "herniation_nerve", "compression_fracture",
                             "marrow_oedema", "healthy_disc"}
    for finding in truth["findings"]:
        sticker = stickers[finding["phrase_id"]]
        assert sticker.kind == "sticker" and sticker.show_on_all_sequences
        assert sticker.anchor == tuple(finding["center_mm"])
        assert sticker.color == library[finding["phrase_id"]].color
        assert sticker.created_on.frame_of_reference_uid == FRAME
    assert display_text(stickers["dark_disc"], library, "en") == "Dark disc = lost water"


def test_stickers_are_made_on_a_sequence_the_phrase_is_true_on() -> None:
    stickers = by_phrase(demo_annotations(small_truth(), load_builtin_library(), "ja"))
    assert stickers["dark_disc"].created_on.series_key == "uid.t2"
    # The oedema finding lists T1 first, but the phrase is about STIR/T2 whiteness.
    assert stickers["marrow_oedema"].created_on.sequence == "STIR"
    assert stickers["marrow_oedema"].created_on.series_key == "uid.stir"
    assert stickers["compression_fracture"].created_on.sequence == "T1"


def test_labels_sit_in_front_or_behind_and_do_not_stack() -> None:
    stickers = demo_annotations(small_truth(), load_builtin_library(), "en")
    named = by_phrase(stickers)
    for phrase_id in ("dark_disc", "compression_fracture", "marrow_oedema", "healthy_disc"):
        spot, label = named[phrase_id].points
        assert label[1] < spot[1] - 30, phrase_id  # front: -y in patient coordinates
    spot, label = named["herniation_nerve"].points
    assert label[1] > spot[1] + 30  # nerve findings lie behind the disc: label to the back
    # Dark disc (z=-40) and oedema (z=-50) both go to the front: their labels must be apart.
    fronts = [a.points[1][2] for a in stickers if a.points[1][1] < a.points[0][1]]
    gaps = [abs(a - b) for i, a in enumerate(fronts) for b in fronts[i + 1:]]
    assert min(gaps) >= LABEL_MIN_GAP_MM
    # Every label stays in the plane of its spot (same x): it shows on the same sagittal slice.
    assert all(a.points[1][0] == a.points[0][0] for a in stickers)


def test_healthy_level_avoids_every_finding_level() -> None:
    truth = small_truth()
    # L4-L5 has findings; L3-L4 and L5-S1 touch L4/L5; L1-L2 touches the L1 fracture.
    assert healthy_level(truth) == tuple(truth["levels"]["L2-L3"])
    truth["findings"].append({"id": "f5", "level": "L2-L3", "phrase_id": "dark_disc",
                              "center_mm": truth["levels"]["L2-L3"]})
    chosen = healthy_level(truth)
    assert chosen is not None and chosen != tuple(truth["levels"]["L2-L3"])
    assert chosen != tuple(truth["levels"]["L4-L5"])
    assert healthy_level({"findings": []}) is None


def test_a_truth_healthy_disc_finding_is_not_doubled() -> None:
    truth = small_truth()
    truth["findings"].append({"id": "h", "level": "L2-L3", "phrase_id": "healthy_disc",
                              "center_mm": truth["levels"]["L2-L3"], "series": ["T2"]})
    stickers = demo_annotations(truth, load_builtin_library(), "en")
    assert [a.phrase_id for a in stickers].count("healthy_disc") == 1


def test_bad_findings_are_skipped_not_fatal() -> None:
    truth = small_truth()
    truth["findings"] += [
        {"id": "no-pos", "phrase_id": "stenosis", "level": "L3-L4"},
        {"id": "nan", "phrase_id": "stenosis", "center_mm": [0, "x", 1]},
        {"id": "unknown", "phrase_id": "not_in_library", "center_mm": [0, 0, 0]},
        "not even an object",
    ]
    stickers = demo_annotations(truth, load_builtin_library(), "en")
    assert "stenosis" not in by_phrase(stickers) and len(stickers) == 5
    assert demo_annotations({}, load_builtin_library(), "en") == []
    with pytest.raises(ValueError):
        demo_annotations(truth, load_builtin_library(), "fr")


def test_load_truth_reports_file_and_line(tmp_path: Path) -> None:
    good = tmp_path / "truth.json"
    good.write_text(json.dumps(small_truth()), "utf-8")
    assert load_truth(good) == small_truth()
    bad = tmp_path / "bad.json"
    bad.write_text('{\n "findings": [\n', "utf-8")
    with pytest.raises(AnnotationFileError, match=r"bad\.json, line 3"):
        load_truth(bad)
