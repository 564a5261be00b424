"""Real lumbar protocols read from files: angled axial blocks stay one series, head to foot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydicom.uid import generate_uid

from ilc_viewer.dicom.index import scan
from ilc_viewer.study.geometry import sort_images
from ilc_viewer.study.model import Series
from tests.core.dicom_factory import AXIAL, SAGITTAL, mr_dataset, write, write_series
from tests.core.lumbar_protocol import (
    DEFAULT_BLOCKS,
    Block,
    axial_images,
    head_to_foot,
    shuffled,
    write_lumbar_study,
)


def by_number(series: list[Series]) -> dict[int, Series]:
    return {s.number: s for s in series}  # type: ignore[misc]


def centres_z(series: Series) -> list[float]:
    assert series.geometry is not None
    return [float(series.geometry.slice_centre(k)[2]) for k in range(len(series.images))]


def test_a_real_protocol_gives_five_series_with_axial_blocks_whole(tmp_path: Path) -> None:
    study = write_lumbar_study(tmp_path / "study")
    index = scan(study.folder)
    series = index.all_series()
    assert [s.number for s in series] == [1, 2, 3, 4, 5]  # not 13 pieces
    assert [s.plane for s in series] == ["sagittal"] * 3 + ["axial"] * 2
    assert [s.sequence for s in series] == ["T1", "T2", "STIR", "T2", "T1"]
    for s in series:
        assert s.warnings == [] and s.notes == [], (s.title, s.warnings, s.notes)
    axial = by_number(series)[4]
    assert len(axial.images) == 14
    assert axial.block_count == 4
    assert [len(b) for b in axial.blocks] == [3, 4, 3, 4]
    assert axial.geometry is not None and axial.geometry.is_multi_plane
    # head to foot: every image's centre lower than the one before, one continuous scroll
    z = centres_z(axial)
    assert z == sorted(z, reverse=True)
    d = axial.geometry.slice_distances
    assert np.all(np.diff(d) > 0)
    # each image keeps its own plane: the block's tilt
    for block, truth in zip(axial.blocks, DEFAULT_BLOCKS, strict=True):
        for k in block:
            np.testing.assert_allclose(axial.images[k].orientation, truth.orientation, atol=1e-6)
    # the sagittal series are plain stacks
    assert all(s.block_count == 1 and not s.geometry.is_multi_plane  # type: ignore[union-attr]
               for s in series[:3])


@pytest.mark.parametrize("acquisition_order", [(3, 0, 1, 2), (0, 1, 2, 3), (2, 3, 1, 0)])
@pytest.mark.parametrize("seed", [1, 2])
def test_axial_order_ignores_file_names_instance_numbers_and_block_order(
        acquisition_order: tuple[int, ...], seed: int) -> None:
    blocks = (Block("L2/3", 4, numbered_from="feet"), Block("L3/4", 3),
              Block("L4/5", 4, step=3.5, numbered_from="feet"), Block("L5/S1", 3))
    truth = axial_images(blocks, acquisition_order=acquisition_order, seed=seed)
    ordered, warnings = sort_images(shuffled(truth.images, seed))
    assert warnings == []
    assert [im.sop_instance_uid for im in ordered] == [
        im.sop_instance_uid for im in truth.images]
    numbers = [im.instance_number for im in ordered]
    assert numbers != sorted(numbers)  # instance numbers alone would have got it wrong


def test_head_to_foot_truth_is_what_the_builder_says() -> None:
    truth = axial_images()
    assert head_to_foot(truth) == truth.order


def test_uneven_spacing_inside_a_block_is_a_warning_but_gaps_between_blocks_are_not() -> None:
    truth = axial_images()
    assert sort_images(truth.images)[1] == []
    images = list(truth.images)
    moved = images[4]  # second image of the L3/4 block: nudge it 1.5 mm along its normal
    normal = np.cross(moved.orientation[:3], moved.orientation[3:])  # type: ignore[index]
    moved.position = tuple(float(v) for v in np.asarray(moved.position) + 1.5 * normal)  # type: ignore[assignment]
    _, warnings = sort_images(images)
    assert len(warnings) == 1 and "uneven slice spacing" in warnings[0]


def test_a_missing_slice_in_a_plain_stack_is_still_reported(tmp_path: Path) -> None:
    paths = write_series(tmp_path, 8, spacing=4.0)
    paths[3].unlink()
    paths[4].unlink()  # a gap of three steps: a hole, not a second block
    (series,) = scan(tmp_path).all_series()
    assert series.block_count == 1
    assert any("uneven slice spacing" in w for w in series.warnings)


def test_blocks_numbered_as_acquisitions_stay_one_series(tmp_path: Path) -> None:
    truth = axial_images()
    study, uid = generate_uid(), generate_uid()
    for b, image in zip([b for b, _ in truth.order], truth.images, strict=True):
        ds = mr_dataset(study_uid=study, series_uid=uid, instance=image.instance_number or 1,
                        rows=image.rows, columns=image.columns, position=image.position,
                        orientation=image.orientation, pixel_spacing=image.pixel_spacing,
                        acquisition=b + 1, description="t2_tse_tra")
        write(ds, tmp_path / f"im{image.instance_number}")
    (series,) = scan(tmp_path).all_series()
    assert len(series.images) == 14 and series.block_count == 4
    assert series.notes == [] and series.warnings == []


def test_a_repeated_acquisition_of_the_same_places_is_split_with_a_note(tmp_path: Path) -> None:
    study, uid = generate_uid(), generate_uid()
    write_series(tmp_path / "a", 4, study_uid=study, series_uid=uid, acquisition=1, name="A",
                 orientation=AXIAL)
    write_series(tmp_path / "b", 4, study_uid=study, series_uid=uid, acquisition=2, name="B",
                 orientation=AXIAL, instance_order=[5, 6, 7, 8])
    series = scan(tmp_path).all_series()
    assert len(series) == 2
    assert all(any("repeated acquisitions" in n for n in s.notes) for s in series)
    assert all(s.warnings == [] for s in series)


def test_two_echoes_in_one_series_are_two_series(tmp_path: Path) -> None:
    study, uid = generate_uid(), generate_uid()
    for k, te in enumerate((20.0, 20.0, 20.0, 100.0, 100.0, 100.0)):
        ds = mr_dataset(study_uid=study, series_uid=uid, instance=k + 1,
                        position=(4.0 * (k % 3), 0.0, 0.0), description="pd_t2_tse_sag")
        ds.EchoTime = te
        write(ds, tmp_path / f"e{k}")
    series = scan(tmp_path).all_series()
    assert sorted(len(s.images) for s in series) == [3, 3]
    assert sorted(s.params.echo_time for s in series) == [20.0, 100.0]  # type: ignore[type-var]
    assert all(any("echo times" in n for n in s.notes) for s in series)
    assert {s.sequence for s in series} == {"PD", "T2"}


def test_a_three_plane_localizer_stays_one_localizer_series(tmp_path: Path) -> None:
    study, uid = generate_uid(), generate_uid()
    localizer = ("ORIGINAL", "PRIMARY", "LOCALIZER")
    for k, orientation in enumerate((SAGITTAL, AXIAL, (1.0, 0, 0, 0, 0, -1.0))):
        write(mr_dataset(study_uid=study, series_uid=uid, instance=k + 1, position=(0, 0, 0),
                         orientation=orientation, image_type=localizer, description="3-pl loc"),
              tmp_path / f"loc{k}")
    (series,) = scan(tmp_path).all_series()
    assert series.sequence == "LOCALIZER" and len(series.images) == 3
    assert series.block_count == 3 and series.notes == []


def test_a_plain_axial_stack_also_runs_head_to_foot(tmp_path: Path) -> None:
    write_series(tmp_path, 6, orientation=AXIAL)  # written with z growing toward the head
    (series,) = scan(tmp_path).all_series()
    z = centres_z(series)
    assert z == sorted(z, reverse=True) and series.warnings == []
    assert series.geometry is not None and series.geometry.normal[2] == pytest.approx(-1.0)


def test_two_axial_series_of_one_protocol_scroll_together_and_a_point_finds_its_image(
        tmp_path: Path) -> None:
    from ilc_viewer.open_study.viewer_state import ViewerState

    study = write_lumbar_study(tmp_path / "study")
    series = by_number(scan(study.folder).all_series())
    state = ViewerState()
    state.assign(0, series[2])  # sagittal T2
    state.assign(1, series[4])  # axial T2 (angled blocks)
    state.assign(2, series[5])  # axial T1 (the same blocks)
    for k in (0, 4, 9, 13):
        state.set_slice(1, k)
        assert state.panes[2].slice_index == k and state.panes[2].link_gap is None
    # the "same spot" on the sagittal at the L5/S1 disc brings both axials to that block
    state.set_crosshair((0.0, 22.2, -80.9))
    assert series[4].block_of(state.panes[1].slice_index) == 3
    assert state.panes[2].slice_index == state.panes[1].slice_index
