"""Demo stickers from a sample case's truth file: one per finding, a healthy disc, clear labels."""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import numpy as np
import pydicom
import pytest

from ilc_viewer.annotations.demo import (
    LABEL_MIN_GAP_MM,
    demo_annotations,
    healthy_level,
    load_truth,
)
from ilc_viewer.annotations.model import (
    CreatedOn,
    display_text,
    from_pixels,
    new_annotation,
    slice_for,
    to_pixels,
)
from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.study.geometry import build_geometry, sort_images
from ilc_viewer.study.model import ImageRef, ImageSource, Series
from ilc_viewer.words.phrases import load_builtin_library

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


# --- the real sample study: truth positions on its sagittal and axial series -----------------

SAMPLE_CASE = default_sample_study()
needs_sample = pytest.mark.skipif(
    not (SAMPLE_CASE / "truth.json").exists(), reason="sample_dicoms/case_a not generated yet"
)


def sample_series() -> tuple[dict, dict[str, Series]]:
    """The truth file and the case's series by truth name (T1, T2, STIR, AX_T2), from headers."""
    truth = load_truth(SAMPLE_CASE / "truth.json")
    images: dict[str, list[ImageRef]] = defaultdict(list)
    frames: dict[str, str] = {}
    for path in sorted(p for p in SAMPLE_CASE.rglob("*") if p.is_file()):
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
        except pydicom.errors.InvalidDicomError:
            continue
        if "ImagePositionPatient" not in ds or "SeriesInstanceUID" not in ds:
            continue
        images[ds.SeriesInstanceUID].append(ImageRef(
            source=ImageSource(path), sop_instance_uid=ds.SOPInstanceUID, rows=ds.Rows,
            columns=ds.Columns, position=tuple(float(v) for v in ds.ImagePositionPatient),
            orientation=tuple(float(v) for v in ds.ImageOrientationPatient),
            pixel_spacing=tuple(float(v) for v in ds.PixelSpacing),
        ))
        frames[ds.SeriesInstanceUID] = str(ds.get("FrameOfReferenceUID", ""))
    series = {}
    for name, uid in truth["series"].items():
        ordered, _ = sort_images(images[uid])
        series[name] = Series(
            key=uid, series_uid=uid, study_uid=truth["study_uid"], modality="MR",
            frame_of_reference_uid=frames[uid], geometry=build_geometry(ordered),
            sequence=name.removeprefix("AX_"),
        )
    return truth, series


def independent_pixel(geometry, point) -> tuple[float, float]:
    """(row, col) of a point on its nearest slice, solved without the geometry module.

    Each image's own directions (the axial blocks are angled along their discs).
    """
    row_sp, col_sp = geometry.pixel_spacing
    k, _ = geometry.nearest_slice(point)
    basis = np.column_stack([geometry.col_directions[k] * row_sp,
                             geometry.row_directions[k] * col_sp])
    (row, col), *_ = np.linalg.lstsq(basis, np.asarray(point) - geometry.positions[k], rcond=None)
    return float(row), float(col)


@needs_sample
def test_truth_findings_are_shown_on_every_series_that_holds_them() -> None:
    truth, series = sample_series()
    assert {s.frame_of_reference_uid for s in series.values()} == {
        truth["frame_of_reference_uid"]}
    checked_axial = 0
    for finding in truth["findings"]:
        ann = new_annotation("text", [finding["center_mm"]], CreatedOn(
            truth["series"]["T2"], "T2", truth["frame_of_reference_uid"]), text=finding["id"])
        for name in ("T1", "T2", "STIR", "AX_T2"):
            one = series[name]
            if name == "AX_T2" and not one.geometry.contains(finding["center_mm"]):
                continue  # the axial block covers only some levels
            k = slice_for(ann, one)
            assert k is not None, (finding["id"], name)
            (row, col), = to_pixels(ann, one.geometry)
            assert (row, col) == pytest.approx(independent_pixel(one.geometry, ann.anchor))
            checked_axial += name == "AX_T2"
    assert checked_axial >= 1, "no finding lies in the axial block"


@needs_sample
def test_a_sticker_placed_on_sagittal_t2_lands_on_the_same_spot_of_the_axial_series() -> None:
    truth, series = sample_series()
    t2, axial = series["T2"], series["AX_T2"]
    inside = [f for f in truth["findings"] if axial.geometry.contains(f["center_mm"])]
    finding = inside[0]
    # Click on T2 where the finding is: the pixel on its nearest slice.
    k = t2.geometry.nearest_slice(finding["center_mm"])[0]
    row, col = independent_pixel(t2.geometry, finding["center_mm"])
    sticker = from_pixels("sticker", [(row, col), (row, col - 40)], t2, k,
                          phrase_id=finding["phrase_id"])
    # The click lands on the slice plane, up to half a T2 slice off the true centre (in x).
    assert np.linalg.norm(np.subtract(sticker.anchor, finding["center_mm"])) <= (
        t2.geometry.slice_spacing / 2 + 1e-6)
    ax_k = slice_for(sticker, axial)
    assert ax_k is not None
    (ax_row, ax_col), _ = to_pixels(sticker, axial.geometry, ax_k)  # onto the image shown
    assert (ax_row, ax_col) == pytest.approx(independent_pixel(axial.geometry, sticker.anchor))
    # Same spot in patient space, seen through the axial pixel grid.
    back = axial.geometry.pixel_to_patient(ax_row, ax_col, ax_k)
    normal = axial.geometry.image_normal(ax_k)  # that image's own (angled) plane
    assert abs(float(np.dot(back - np.asarray(sticker.anchor), normal))) <= (
        axial.geometry.slice_spacing / 2 + 1e-6)
    in_plane = np.asarray(sticker.anchor) - back
    in_plane -= np.dot(in_plane, normal) * normal
    assert np.linalg.norm(in_plane) < 1e-6


@needs_sample
def test_demo_stickers_show_on_t1_t2_and_stir_with_labels_inside_the_image() -> None:
    truth, series = sample_series()
    library = load_builtin_library()
    stickers = demo_annotations(truth, library, "en")
    assert "dark_disc" in by_phrase(stickers) and "healthy_disc" in by_phrase(stickers)
    for sticker in stickers:
        for name in ("T1", "T2", "STIR"):
            one = series[name]
            assert slice_for(sticker, one) is not None, (sticker.phrase_id, name)
            (_, _), (label_row, label_col) = to_pixels(sticker, one.geometry)
            assert 0 <= label_row < one.geometry.rows and 0 <= label_col < one.geometry.columns


def test_sample_stickers_need_the_matching_study(tmp_path: Path) -> None:
    from ilc_viewer.annotations.demo import TRUTH_FILE, sample_stickers
    from ilc_viewer.words.phrases import load_builtin_library

    library = load_builtin_library()
    truth = {
        "study_uid": "1.2.3",
        "findings": [{"id": "f1", "kind": "disc_degeneration", "level": "L4-L5",
                      "center_mm": [0.0, 10.0, -40.0], "series": ["T2"],
                      "phrase_id": "dark_disc"}],
    }
    (tmp_path / TRUTH_FILE).write_text(json.dumps(truth), encoding="utf-8")
    assert [a.phrase_id for a in sample_stickers(tmp_path, "1.2.3", library)] == ["dark_disc"]
    assert sample_stickers(tmp_path, "9.9.9", library) == []
    (tmp_path / TRUTH_FILE).write_text("{ broken", encoding="utf-8")
    assert sample_stickers(tmp_path, "1.2.3", library) == []


CASE_B = default_sample_study().parent / "case_b" / "truth.json"


@pytest.mark.skipif(not CASE_B.is_file(), reason="case B not generated")
def test_case_b_labels_line_up_off_the_spine_in_the_order_of_their_spots() -> None:
    from ilc_viewer.scene.label_layout import segments_cross

    truth = load_truth(CASE_B)
    stickers = demo_annotations(truth, load_builtin_library(), "en")
    assert len(stickers) == 6
    spine = [*truth["vertebrae"].values(), *truth["levels"].values()]
    arrows = []
    for side in (-1, 1):
        mine = [a for a in stickers if (a.points[1][1] - a.points[0][1]) * side > 0]
        assert mine, side
        # one column per side, clear of the bodies (front) or the canal (back)
        assert len({a.points[1][1] for a in mine}) == 1
        column = mine[0].points[1][1]
        if side < 0:
            assert all(column < y - 21 for _, y, _ in spine[1:6])  # T12 to L4
        else:
            assert all(column > y + 40 for _, y, _ in spine[3:6])  # L2 to L4
        # down the column the labels keep their spots' order, LABEL_MIN_GAP_MM apart
        mine.sort(key=lambda a: -a.points[1][2])
        spots = [a.points[0][2] for a in mine]
        assert spots == sorted(spots, reverse=True)
        heights = [a.points[1][2] for a in mine]
        assert all(a - b >= LABEL_MIN_GAP_MM - 1e-9 for a, b in pairwise(heights))
        arrows += [((a.points[1][1], -a.points[1][2]), (a.points[0][1], -a.points[0][2]))
                   for a in mine]
    for k, first in enumerate(arrows):
        for second in arrows[k + 1:]:
            assert not segments_cross(*first, *second)


def test_a_sample_opens_with_its_lumbar_discs_labelled(tmp_path) -> None:
    from ilc_viewer.annotations.demo import sample_stickers
    from ilc_viewer.annotations.levels import level_marks
    from ilc_viewer.storage.resources import default_sample_study
    from ilc_viewer.words.phrases import load_builtin_library

    case = default_sample_study()
    truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
    annotations = sample_stickers(case, truth["study_uid"], load_builtin_library())
    names = [mark.name for mark in level_marks(annotations)]
    assert names == ["T12/L1", "L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"]  # head to foot
    assert sample_stickers(tmp_path, truth["study_uid"], load_builtin_library()) == []
