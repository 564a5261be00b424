"""Label layout geometry shared by the screen and the export: spreading boxes apart."""

from __future__ import annotations

import itertools

import pytest

from ilc_viewer.scene.label_layout import (
    boxes_intersect,
    columns,
    segment_hits_box,
    segments_cross,
    spread,
    spread_columns,
)


def test_boxes_already_apart_do_not_move() -> None:
    assert spread([0.0, 30.0, 70.0], [20.0, 20.0, 20.0], -100, 100, 2.0) == [0.0, 30.0, 70.0]


def test_touching_boxes_move_as_a_block_about_where_they_want_to_be() -> None:
    tops = spread([50.0, 50.0, 50.0], [10.0, 10.0, 10.0], 0, 200, 2.0)
    # order kept, exactly the gap apart, centred on the wanted top (mean displacement 0)
    assert tops[1] - tops[0] == pytest.approx(12.0) and tops[2] - tops[1] == pytest.approx(12.0)
    assert sum(t - 50.0 for t in tops) == pytest.approx(0.0)


def test_a_block_stays_between_the_limits_and_starts_at_the_top_when_too_tall() -> None:
    tops = spread([95.0, 96.0], [10.0, 10.0], 0.0, 100.0)
    assert tops == [pytest.approx(80.0), pytest.approx(90.0)]
    assert spread([5.0] * 4, [40.0] * 4, 0.0, 100.0)[0] == 0.0
    with pytest.raises(ValueError):
        spread([1.0], [1.0, 2.0], 0, 10)


def test_a_block_merging_with_a_block_above_keeps_every_gap() -> None:
    tops = spread([0.0, 11.0, 20.0, 21.0], [10.0, 10.0, 10.0, 10.0], -50, 100, 1.0)
    for upper, lower in itertools.pairwise(tops):
        assert lower - upper >= 11.0 - 1e-9


def test_columns_spread_apart_only_boxes_that_overlap_left_right() -> None:
    boxes = [(0, 0, 10, 10), (5, 5, 15, 15), (20, 0, 30, 10), (25, 2, 35, 12)]
    assert sorted(map(sorted, columns(boxes))) == [[0, 1], [2, 3]]
    # order by the spots: box 3 points higher than box 2, so it goes on top
    shifts = spread_columns(boxes, -100, 100, 1.0, order=[0, 1, 9, 1])
    moved = [(b[1] + d, b[3] + d) for b, d in zip(boxes, shifts, strict=True)]
    assert moved[1][0] >= moved[0][1] + 1 - 1e-9
    assert moved[2][0] >= moved[3][1] + 1 - 1e-9


def test_crossing_and_touching() -> None:
    assert boxes_intersect((0, 0, 10, 10), (5, 5, 15, 15))
    assert not boxes_intersect((0, 0, 10, 10), (10, 0, 20, 10))  # sharing an edge only
    assert segments_cross((0, 0), (10, 10), (0, 10), (10, 0))
    assert not segments_cross((0, 0), (10, 10), (10, 10), (20, 0))  # shared end
    assert not segments_cross((0, 0), (10, 0), (0, 5), (10, 5))
    assert segment_hits_box((-5, 5), (15, 5), (0, 0, 10, 10))
    assert not segment_hits_box((10, 5), (20, 5), (0, 0, 10, 10))  # starts on the edge
    assert not segment_hits_box((-5, -5), (-1, 20), (0, 0, 10, 10))
