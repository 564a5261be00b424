"""Annotations anchored in patient coordinates: round trips across series, visibility, measures,
the annotation set's changes (for undo) and listeners."""

from __future__ import annotations

import logging
import math

import numpy as np
import pytest

from ilc_viewer.annotations.model import (
    Annotation,
    AnnotationSet,
    Change,
    CreatedOn,
    angle_degrees,
    display_text,
    from_pixels,
    new_annotation,
    points_from_pixels,
    ruler_length_mm,
    ruler_unavailable_reason,
    slice_for,
    to_pixels,
    visible_on,
)
from ilc_viewer.study.geometry import SeriesGeometry, slice_normal
from ilc_viewer.study.model import Series
from ilc_viewer.words.phrases import load_builtin_library

FRAME = "1.2.826.0.1.3680043.8.498.1"
SAGITTAL = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)  # rows run to the back, columns down to the feet
AXIAL = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def make_geometry(
    orientation, origin, spacing, rows, columns, slices, step, spacing_known=True
) -> SeriesGeometry:
    """A geometry of ``slices`` parallel images ``step`` mm apart along the normal."""
    normal = slice_normal(orientation)
    positions = np.array([np.asarray(origin, float) + k * step * normal for k in range(slices)])
    return SeriesGeometry(
        row_direction=np.asarray(orientation[:3], float),
        col_direction=np.asarray(orientation[3:], float),
        normal=normal,
        pixel_spacing=spacing,
        positions=positions,
        rows=rows,
        columns=columns,
        spacing_known=spacing_known,
    )


def make_series(key, sequence, geometry, frame=FRAME, plane="sagittal") -> Series:
    return Series(
        key=key, series_uid=key, study_uid="1.2.3", modality="MR", sequence=sequence,
        frame_of_reference_uid=frame, geometry=geometry, plane=plane,
    )


def expected_pixel(geometry: SeriesGeometry, point) -> tuple[float, float, int]:
    """(row, col, nearest slice) of a patient point, solved independently of the geometry code."""
    row_sp, col_sp = geometry.pixel_spacing
    distances = geometry.positions @ geometry.normal
    k = int(np.argmin(np.abs(distances - np.dot(point, geometry.normal))))
    basis = np.column_stack([geometry.col_direction * row_sp, geometry.row_direction * col_sp])
    (row, col), *_ = np.linalg.lstsq(basis, np.asarray(point) - geometry.positions[k], rcond=None)
    return float(row), float(col), k


@pytest.fixture
def t2() -> Series:
    geometry = make_geometry(SAGITTAL, (-40.0, -120.0, 140.0), (0.75, 0.75), 384, 384, 21, 4.0)
    return make_series("T2-uid", "T2", geometry)


@pytest.fixture
def t1() -> Series:
    # Different pixel spacing, origin, matrix, slice count and slice spacing from T2.
    geometry = make_geometry(SAGITTAL, (-37.0, -110.0, 150.0), (0.9, 0.9), 320, 320, 17, 4.5)
    return make_series("T1-uid", "T1", geometry)


@pytest.fixture
def axial() -> Series:
    geometry = make_geometry(AXIAL, (-90.0, -100.0, -40.0), (0.6, 0.6), 300, 320, 40, 3.0)
    return make_series("AX-uid", "T2", geometry, plane="axial")


def test_same_series_round_trip_returns_the_pixels(t2: Series) -> None:
    pixels = [(200.0, 150.5), (180.25, 100.0)]
    sticker = from_pixels("sticker", pixels, t2, 10, phrase_id="dark_disc")
    back = to_pixels(sticker, t2.geometry)
    assert np.allclose(back, pixels, atol=1e-9)
    assert visible_on(sticker, t2, 10)
    assert not visible_on(sticker, t2, 9) and not visible_on(sticker, t2, 11)
    assert sticker.created_on == CreatedOn("T2-uid", "T2", FRAME)


def test_annotation_from_t2_lands_on_the_right_pixel_and_slice_of_t1(t2, t1) -> None:
    sticker = from_pixels("sticker", [(250.0, 190.0), (250.0, 120.0)], t2, 12, phrase_id="x")
    anchor = sticker.anchor
    # The anchor is where T2's own definition puts that pixel.
    g2 = t2.geometry
    assert np.allclose(anchor, g2.positions[12] + 190 * 0.75 * g2.row_direction
                       + 250 * 0.75 * g2.col_direction)
    row, col, k = expected_pixel(t1.geometry, anchor)
    (got_row, got_col), _ = to_pixels(sticker, t1.geometry)
    assert got_row == pytest.approx(row, abs=1e-6) and got_col == pytest.approx(col, abs=1e-6)
    assert (got_row, got_col) != pytest.approx((250.0, 190.0))  # the geometries really differ
    # T2 slice 12 lies at x = -40 - 12 * 4 = -88 mm; T1 slices at x = -37 - 4.5 k: k = 11.
    assert k == 11
    assert visible_on(sticker, t1, k)
    assert [i for i in range(t1.geometry.slice_count) if visible_on(sticker, t1, i)] == [k]
    assert slice_for(sticker, t1) == k


def test_sticker_on_sagittal_shows_on_the_axial_slice_through_its_anchor(t2, axial) -> None:
    sticker = from_pixels("sticker", [(240.0, 160.0), (240.0, 100.0)], t2, 10, phrase_id="x")
    row, col, k = expected_pixel(axial.geometry, sticker.anchor)
    assert [i for i in range(axial.geometry.slice_count) if visible_on(sticker, axial, i)] == [k]
    (got_row, got_col), label = to_pixels(sticker, axial.geometry)
    assert (got_row, got_col) == pytest.approx((row, col), abs=1e-6)
    # The label sat 60 px (45 mm) in front of the spot on T2 (smaller col = anterior): on the
    # axial image (rows grow to the back at 0.6 mm) it is 75 px above the spot.
    assert label[0] == pytest.approx(got_row - 75.0, abs=1e-6)
    assert label[1] == pytest.approx(got_col, abs=1e-6)


def test_a_ruler_drawn_on_sagittal_is_not_drawn_on_an_axial_slice(t2, axial) -> None:
    ruler = from_pixels("ruler", [(100.0, 200.0), (160.0, 200.0)], t2, 10)
    assert ruler_length_mm(ruler) == pytest.approx(60 * 0.75)
    assert not any(visible_on(ruler, axial, i) for i in range(axial.geometry.slice_count))
    flat = from_pixels("ruler", [(100.0, 200.0), (100.0, 260.0)], t2, 10)  # one height: fits
    assert any(visible_on(flat, axial, i) for i in range(axial.geometry.slice_count))


def test_show_on_this_sequence_only(t2, t1) -> None:
    sticker = from_pixels("sticker", [(250.0, 190.0), (250.0, 120.0)], t2, 12, phrase_id="x")
    only_here = Annotation(**{**sticker.__dict__, "show_on_all_sequences": False})
    k = slice_for(sticker, t1)
    assert k is not None and visible_on(sticker, t1, k)
    assert not visible_on(only_here, t1, k)
    assert visible_on(only_here, t2, 12)


def test_other_frame_of_reference_or_missing_frame_hides_it(t2, t1) -> None:
    sticker = from_pixels("sticker", [(250.0, 190.0), (250.0, 120.0)], t2, 12, phrase_id="x")
    k = slice_for(sticker, t1)
    other = make_series("T1-uid", "T1", t1.geometry, frame="9.9.9")
    unknown = make_series("T1-uid", "T1", t1.geometry, frame="")
    assert not visible_on(sticker, other, k) and not visible_on(sticker, unknown, k)
    no_geometry = make_series("T1-uid", "T1", None)
    assert not visible_on(sticker, no_geometry, 0) and slice_for(sticker, no_geometry) is None


def test_anchor_between_slabs_or_outside_the_image_is_not_shown(t2, t1) -> None:
    g1 = t1.geometry
    # Just over half a slice spacing beyond the last T1 slice: on no slice. Just under: shown.
    beyond = g1.positions[-1] + (g1.slice_spacing / 2 + 0.05) * g1.normal + 50 * g1.col_direction
    ann = new_annotation("text", [beyond], CreatedOn("T2-uid", "T2", FRAME), text="hi")
    assert not any(visible_on(ann, t1, i) for i in range(g1.slice_count))
    inside = g1.positions[-1] + (g1.slice_spacing / 2 - 0.05) * g1.normal + 50 * g1.col_direction
    ann = new_annotation("text", [inside], CreatedOn("T2-uid", "T2", FRAME), text="hi")
    assert visible_on(ann, t1, g1.slice_count - 1)
    outside = g1.positions[0] - 20 * g1.row_direction  # 20 mm in front of the image edge
    ann = new_annotation("text", [outside], CreatedOn("T2-uid", "T2", FRAME), text="hi")
    assert not any(visible_on(ann, t1, i) for i in range(g1.slice_count))


def test_points_from_pixels_and_to_pixels_are_inverse_on_another_slice(t1) -> None:
    pixels = [(10.0, 20.0), (300.5, 0.0), (0.0, 319.0)]
    points = points_from_pixels(pixels, t1.geometry, 5)
    ann = new_annotation("angle", points, CreatedOn("T1-uid", "T1", FRAME))
    assert np.allclose(to_pixels(ann, t1.geometry), pixels)
    assert visible_on(ann, t1, 5)


def test_ruler_is_refused_without_pixel_spacing_with_a_reason(t2) -> None:
    g = t2.geometry
    unknown = make_series("S", "T2", SeriesGeometry(
        g.row_direction, g.col_direction, g.normal, (1.0, 1.0), g.positions, g.rows, g.columns,
        spacing_known=False,
    ))
    reason = ruler_unavailable_reason(unknown)
    assert reason and "Pixel Spacing" in reason
    with pytest.raises(ValueError, match="Pixel Spacing"):
        from_pixels("ruler", [(0, 0), (10, 10)], unknown, 0)
    assert ruler_unavailable_reason(t2) is None
    from_pixels("arrow", [(0, 0), (10, 10)], unknown, 0)  # other tools still work
    # without patient geometry an annotation anchors to its image (test_image_anchors.py);
    # only a series with nothing to anchor to refuses
    with pytest.raises(ValueError, match="no images"):
        from_pixels("text", [(0, 0)], make_series("S", "T2", None), 0, text="x")


def test_ruler_length_and_angle_measure_in_mm_and_degrees() -> None:
    on = CreatedOn("S")
    ruler = new_annotation("ruler", [(0, 0, 0), (3, 4, 12)], on)
    assert ruler_length_mm(ruler) == pytest.approx(13.0)
    right = new_annotation("angle", [(10, 0, 0), (0, 0, 0), (0, 0, 5)], on)
    assert angle_degrees(right) == pytest.approx(90.0)
    sharp = new_annotation("angle", [(1, 0, 0), (0, 0, 0), (1, 1, 0)], on)
    assert angle_degrees(sharp) == pytest.approx(45.0)
    straight = new_annotation("angle", [(1, 0, 0), (0, 0, 0), (-2, 0, 0)], on)
    assert angle_degrees(straight) == pytest.approx(180.0)
    with pytest.raises(ValueError):
        angle_degrees(new_annotation("angle", [(0, 0, 0), (0, 0, 0), (1, 0, 0)], on))
    with pytest.raises(ValueError):
        ruler_length_mm(right)


def test_display_text_by_kind_and_language() -> None:
    library = load_builtin_library()
    on = CreatedOn("S", "T2")
    sticker = new_annotation("sticker", [(0, 0, 0), (0, -40, 0)], on, phrase_id="dark_disc")
    assert display_text(sticker, library, "en") == library["dark_disc"].label.en
    assert display_text(sticker, library, "ja") == library["dark_disc"].label.ja
    edited = Annotation(**{**sticker.__dict__, "text": "Our own words"})
    assert display_text(edited, library, "ja") == "Our own words"
    gone = new_annotation("sticker", [(0, 0, 0), (0, -40, 0)], on, phrase_id="removed_phrase")
    assert display_text(gone, library, "en") == "removed_phrase"
    ruler = new_annotation("ruler", [(0, 0, 0), (0, 0, 42.04)], on)
    assert display_text(ruler, library) == "42.0 mm"
    angle = new_annotation("angle", [(1, 0, 0), (0, 0, 0), (0, 1, 0)], on, text="lordosis")
    assert display_text(angle, library) == "90.0° lordosis"
    assert display_text(new_annotation("text", [(0, 0, 0)], on, text="hello"), library) == "hello"


@pytest.mark.parametrize(
    ("kind", "points", "fields", "message"),
    [
        ("sticker", [(0, 0, 0)], {"phrase_id": "x"}, "2 points"),
        ("sticker", [(0, 0, 0), (1, 1, 1)], {}, "phrase_id or a text"),
        ("balloon", [(0, 0, 0)], {}, "kind"),
        ("text", [(0, 0, math.nan)], {}, "finite"),
        ("text", [(0, 0)], {}, "three"),
        ("text", [(0, 0, 0)], {"color": "red"}, "color"),
        ("text", [(0, 0, 0)], {"font_size": 0}, "font_size"),
    ],
)
def test_invalid_annotations_are_refused(kind, points, fields, message) -> None:
    with pytest.raises(ValueError, match=message):
        Annotation(kind=kind, points=tuple(points), created_on=CreatedOn("S"), **fields)


def test_ids_are_unique_hex_and_points_are_plain_floats() -> None:
    on = CreatedOn("S")
    a = new_annotation("text", [np.array([1, 2, 3])], on)
    b = new_annotation("text", [(1, 2, 3)], on)
    assert a.id != b.id and len(a.id) == 32 and int(a.id, 16) >= 0
    assert a.points == ((1.0, 2.0, 3.0),) and type(a.points[0][0]) is float
    assert a.modified == a.created


# --- the annotation set ----------------------------------------------------------------------


def _text(x: float) -> Annotation:
    return new_annotation("text", [(x, 0, 0)], CreatedOn("S"), text=f"t{x}")


def test_set_add_update_remove_and_undo_through_inverse_changes() -> None:
    seen: list[Change] = []
    annotations = AnnotationSet()
    annotations.add_listener(seen.append)
    a, b, c = _text(1), _text(2), _text(3)
    for item in (a, b, c):
        annotations.add(item)
    moved = annotations.update(b.id, points=[(5, 6, 7)], text="moved")
    assert annotations.get(b.id).points == ((5.0, 6.0, 7.0),)
    assert moved.before == b and moved.after.text == "moved" and moved.after.id == b.id
    removed = annotations.remove(b.id)
    assert [x.id for x in annotations] == [a.id, c.id]
    # Undo the remove, then the update: b is back in the middle with its old fields.
    annotations.apply(removed.inverse())
    assert [x.id for x in annotations] == [a.id, b.id, c.id]
    annotations.apply(moved.inverse())
    assert annotations.get(b.id) == b
    # Redo both.
    annotations.apply(moved)
    annotations.apply(removed)
    assert b.id not in annotations and len(annotations) == 2
    assert [ch.action for ch in seen] == ["add"] * 3 + ["update", "remove", "add", "update",
                                                        "update", "remove"]


def test_make_changes_do_not_apply_until_asked() -> None:
    annotations = AnnotationSet([_text(1)])
    first = annotations.snapshot()[0]
    new = _text(2)
    add = annotations.make_add(new)
    upd = annotations.make_update(first.id, color="#00ff00")
    rem = annotations.make_remove(first.id)
    assert len(annotations) == 1 and annotations.get(first.id) == first
    annotations.apply(add)
    annotations.apply(upd)
    assert annotations.get(first.id).color == "#00ff00" and new.id in annotations
    assert rem.before == first


def test_set_refuses_bad_changes() -> None:
    a = _text(1)
    annotations = AnnotationSet([a])
    with pytest.raises(KeyError):
        annotations.add(a)
    with pytest.raises(KeyError):
        annotations.update("nope", text="x")
    with pytest.raises(KeyError):
        annotations.remove("nope")
    with pytest.raises(ValueError):
        annotations.update(a.id, color="not a colour")
    with pytest.raises(ValueError):
        annotations.update(a.id, id="other")
    assert annotations.get(a.id) == a


def test_a_failing_listener_does_not_stop_the_others(caplog) -> None:
    annotations = AnnotationSet()
    calls: list[str] = []

    def broken(change: Change) -> None:
        raise RuntimeError("boom")

    annotations.add_listener(broken)
    unsubscribe = annotations.add_listener(lambda ch: calls.append(ch.annotation_id))
    a = _text(1)
    with caplog.at_level(logging.ERROR):
        annotations.add(a)
    assert calls == [a.id] and "boom" in caplog.text
    unsubscribe()
    annotations.remove(a.id)
    assert calls == [a.id]


def test_set_visible_on_filters_by_slice(t2, t1) -> None:
    annotations = AnnotationSet()
    near = annotations.add(from_pixels("text", [(100, 100)], t2, 3, text="a")).after
    far = annotations.add(from_pixels("text", [(100, 100)], t2, 15, text="b")).after
    beyond = annotations.add(from_pixels("text", [(100, 100)], t2, 18, text="c")).after
    k_near, k_far = slice_for(near, t1), slice_for(far, t1)
    assert None not in (k_near, k_far) and k_near != k_far
    # T2 slice 18 lies 3 mm beyond T1's last slice (more than half of 4.5 mm): on no T1 slice.
    assert slice_for(beyond, t1) is None
    assert slice_for(beyond, t2) == 18
    assert annotations.visible_on(t1, k_near) == [near]
    assert annotations.visible_on(t1, k_far) == [far]
