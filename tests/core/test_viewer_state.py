"""ViewerState: linking by patient position, windows, zoom, crosshair, layout (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from ilc_viewer.open_study.viewer_state import LAYOUTS, ViewerState
from ilc_viewer.study.geometry import build_geometry
from ilc_viewer.study.model import ImageRef, ImageSource, Series

SAGITTAL = (0.0, -1.0, 0.0, 0.0, 0.0, -1.0)  # normal +x, so slice k lies at a growing x
AXIAL = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


@dataclass(frozen=True)
class W:
    """A stand-in window with the fields of display.Window (center, width)."""

    center: float
    width: float


def make_series(
    sequence: str, count: int, spacing: float, first_x: float = 0.0,
    orientation: tuple[float, ...] = SAGITTAL, frame: str = "1.2.3",
) -> Series:
    """A sagittal stack: slice k lies at x = first_x + k * spacing (mm)."""
    normal = np.cross(orientation[:3], orientation[3:])
    images = [
        ImageRef(
            source=ImageSource(path=f"/nowhere/{sequence}{k}.dcm"),  # type: ignore[arg-type]
            sop_instance_uid=f"{sequence}.{k}", rows=64, columns=48, instance_number=k + 1,
            position=tuple(float(v) for v in (first_x + k * spacing) * normal),  # type: ignore[arg-type]
            orientation=orientation, pixel_spacing=(1.0, 1.0),  # type: ignore[arg-type]
        )
        for k in range(count)
    ]
    return Series(
        key=sequence, series_uid=sequence, study_uid="s", modality="MR", images=images,
        geometry=build_geometry(images), sequence=sequence, plane="sagittal",
        frame_of_reference_uid=frame,
    )


def filled(t1=None, t2=None, stir=None) -> ViewerState:
    state = ViewerState()
    state.fill({
        "T1": t1 or make_series("T1", 11, 4.0),  # x = 0 .. 40 mm
        "T2": t2 or make_series("T2", 21, 2.0, first_x=1.0),  # x = 1 .. 41 mm
        "STIR": stir or make_series("STIR", 5, 5.0, first_x=10.0),  # x = 10 .. 30 mm
    })
    return state


def x_of(state: ViewerState, pane: int) -> float:
    return float(state.slice_point(pane)[0])


def test_fill_puts_triple_in_order_and_aligns_by_position():
    state = filled()
    assert [p.sequence for p in state.panes[:3]] == ["T1", "T2", "STIR"]
    assert state.panes[0].slice_index == 5  # middle of 11 -> x = 20
    assert abs(x_of(state, 1) - 20.0) == pytest.approx(1.0)  # T2 has 19 and 21 mm, not 20
    assert x_of(state, 2) == pytest.approx(20.0)


def test_linked_scrolling_follows_patient_position_not_index():
    state = filled()
    state.set_slice(0, 8)  # T1 at x = 32 mm
    assert x_of(state, 1) == pytest.approx(33.0) or x_of(state, 1) == pytest.approx(31.0)
    assert state.panes[1].slice_index != 8
    assert x_of(state, 2) == pytest.approx(30.0)  # STIR ends at 30 mm: 2 mm away, within 2.5
    assert state.panes[2].link_note == ""


def test_no_matching_slice_is_reported_with_distance():
    state = filled()
    state.set_slice(0, 0)  # x = 0, STIR starts at 10 mm
    assert state.panes[2].slice_index == 0
    assert state.panes[2].link_note == "no matching slice (nearest 10 mm away)"
    state.set_slice(0, 5)
    assert state.panes[2].link_note == ""


def test_linking_can_be_turned_off_and_on():
    state = filled()
    before = state.panes[1].slice_index
    state.set_linked(False)
    state.set_slice(0, 0)
    assert state.panes[1].slice_index == before
    state.set_linked(True)
    assert x_of(state, 1) == pytest.approx(1.0)


def test_panes_in_other_planes_or_frames_are_not_linked():
    axial = make_series("T2", 9, 4.0, orientation=AXIAL)
    other_frame = make_series("STIR", 5, 5.0, first_x=10.0, frame="9.9.9")
    state = filled(t2=axial, stir=other_frame)
    before = (state.panes[1].slice_index, state.panes[2].slice_index)
    state.set_slice(0, 9)
    assert (state.panes[1].slice_index, state.panes[2].slice_index) == before


def test_slice_is_clamped_and_events_report_what_changed():
    state = filled()
    events = []
    state.subscribe(lambda event, pane: events.append((event, pane)))
    state.set_slice(0, 999)
    assert state.panes[0].slice_index == 10
    assert ("slice", 0) in events and ("slice", 1) in events
    events.clear()
    state.set_slice(0, 10)  # no move, nothing to redraw in pane 0
    assert ("slice", 0) not in events


def test_window_applies_to_one_pane_unless_linked_by_sequence():
    state = filled(stir=make_series("T2", 21, 2.0, first_x=1.0))
    state.set_window(1, W(300, 600))
    assert state.panes[1].window == W(300, 600)
    assert state.panes[2].window is None and state.panes[0].window is None
    state.set_link_windows(True)
    state.set_window(1, W(200, 400))
    assert state.panes[2].window == W(200, 400)  # same sequence type
    assert state.panes[0].window is None  # T1 has its own intensity scale


def test_default_window_reset_nudge_and_invert():
    state = filled()
    state.set_default_window(0, W(500, 1000))
    assert state.panes[0].window == W(500, 1000)
    state.set_default_window(0, W(1, 2))  # a later default does not override the shown window
    assert state.panes[0].window == W(500, 1000)
    state.set_default_window(0, W(500, 1000))
    state.nudge_window(0, 0.1, 0.0)
    assert state.panes[0].window.center == pytest.approx(600)
    state.nudge_window(0, 0.0, -0.5)
    assert state.panes[0].window.width == pytest.approx(500)
    state.set_invert(0, True)
    assert state.panes[0].invert and not state.panes[1].invert
    state.reset_window(0)
    assert state.panes[0].window == W(500, 1000) and not state.panes[0].invert


def test_zoom_and_pan_are_synchronised_by_default():
    state = filled()
    state.set_zoom(0, 2.5)
    assert [p.zoom for p in state.panes[:3]] == [2.5, 2.5, 2.5]
    state.set_centre(1, (20.0, 10.0, -5.0))
    assert state.panes[0].centre == state.panes[2].centre == (20.0, 10.0, -5.0)
    state.fit(2)
    assert state.panes[0].zoom == 1.0 and state.panes[0].centre is None
    state.set_sync_zoom(False)
    state.set_zoom(0, 3.0)
    assert state.panes[1].zoom == 1.0
    state.set_zoom(0, 1e6)
    assert state.panes[0].zoom == 40.0


def test_crosshair_moves_panes_containing_it_and_reports_pixel():
    state = filled()
    point = (30.0, -20.0, -10.0)  # T1 slice 7.5 (nearest 7 or 8), T2 slice 14.5, STIR slice 4
    state.set_crosshair(point)
    assert state.panes[2].slice_index == 4
    row, col = state.crosshair_pixel(2)
    assert (row, col) == (pytest.approx(10.0), pytest.approx(20.0))
    state.set_slice(2, 0)
    assert state.crosshair_pixel(2) is None  # not on the slice shown any more
    state.set_crosshair((0.0, -500.0, 0.0))  # outside every image: nothing moves
    assert state.crosshair_pixel(0) is None


def test_layouts_maximise_and_bad_values():
    state = ViewerState()
    assert state.layout == "1x3" and state.visible_panes == [0, 1, 2]
    for layout, count in LAYOUTS.items():
        state.set_layout(layout)
        assert len(state.visible_panes) == count
    state.toggle_maximised(1)
    assert state.visible_panes == [1]
    state.toggle_maximised(1)
    assert state.visible_panes == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="unknown layout"):
        state.set_layout("3x3")
    with pytest.raises(IndexError):
        state.set_slice(7, 0)
    with pytest.raises(ValueError, match="unknown language"):
        state.set_language("fr")


def test_phi_hidden_by_default_and_empty_panes_are_harmless():
    state = ViewerState()
    assert state.phi_visible is False
    state.step(0, 3)  # no series: nothing happens, no error
    assert state.slice_point(0) is None and state.crosshair_pixel(0) is None
    series = make_series("T1", 3, 1.0)
    series.geometry = None  # positions unknown: the pane scrolls on its own
    state.assign(0, series)
    state.assign(1, make_series("T2", 5, 1.0))
    state.set_slice(1, 0)
    assert state.panes[0].slice_index == 1
    flat = state.panes[0].geometry  # a stand-in so the pane can still zoom and pan
    assert flat is not None and flat.spacing_known and flat.pixel_spacing == (1.0, 1.0)
    assert flat.patient_to_pixel(flat.pixel_to_patient(5, 7, 1)) == pytest.approx((5, 7, 1))


def test_monochrome1_inverts_the_display_unless_the_user_inverts_back():
    state = ViewerState()
    series = make_series("T1", 3, 1.0)
    for image in series.images:
        image.photometric_interpretation = "MONOCHROME1"
    state.assign(0, series)
    assert state.panes[0].display_invert is True
    state.set_invert(0, True)
    assert state.panes[0].display_invert is False
